package dev.alertrecs.steps;

import static org.apache.spark.sql.functions.regexp_replace;

import org.apache.spark.sql.Column;

/**
 * Removes the user id from a raw input line before it is kept in quarantine: no output holds a raw
 * user id. A line is quarantined because something is wrong with it, so the member is found in any
 * case ({@code "USER_ID"}), with either quote, with spaces around the colon or without a colon, and
 * with a value that is cut off, unquoted or a number.
 */
public final class RedactUserIds {
  public static final String REPLACEMENT_VALUE = "\"<redacted>\"";

  /** The key and its separator in group 1, the value in group 2. */
  static final String USER_ID_MEMBER =
      "(?i)([\"']user_id[\"']\\s*:?\\s*)"
          + "(\"(?:[^\"\\\\]|\\\\.)*\"?|'(?:[^'\\\\]|\\\\.)*'?|[^,}\\s]*)";

  private RedactUserIds() {}

  /** The raw line with every user id member's value replaced by {@value #REPLACEMENT_VALUE}. */
  public static Column apply(Column raw) {
    return regexp_replace(raw, USER_ID_MEMBER, "$1" + REPLACEMENT_VALUE);
  }
}

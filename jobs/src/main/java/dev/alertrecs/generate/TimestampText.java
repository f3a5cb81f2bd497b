package dev.alertrecs.generate;

import java.time.LocalDate;

/**
 * Formats epoch milliseconds as ISO-8601 with millis, {@code 2026-11-25T08:15:02.120Z} or with an
 * offset ({@code 2026-11-25T10:15:02.120+02:00}, the same instant). Hand-written because
 * DateTimeFormatter is the slowest part of writing an event; not thread-safe (one per writer).
 */
final class TimestampText {
  private static final long DAY_MS = 86_400_000L;

  final char[] chars = new char[29];
  private long cachedDay = Long.MIN_VALUE;

  /** Fills {@link #chars} and returns the length used. */
  int format(long epochMs, int offsetMinutes) {
    long local = epochMs + offsetMinutes * 60_000L;
    long day = Math.floorDiv(local, DAY_MS);
    int ms = (int) Math.floorMod(local, DAY_MS);
    if (day != cachedDay) {
      LocalDate date = LocalDate.ofEpochDay(day);
      digits(date.getYear(), 0, 4);
      chars[4] = '-';
      digits(date.getMonthValue(), 5, 2);
      chars[7] = '-';
      digits(date.getDayOfMonth(), 8, 2);
      chars[10] = 'T';
      chars[13] = ':';
      chars[16] = ':';
      chars[19] = '.';
      cachedDay = day;
    }
    digits(ms / 3_600_000, 11, 2);
    digits(ms / 60_000 % 60, 14, 2);
    digits(ms / 1000 % 60, 17, 2);
    digits(ms % 1000, 20, 3);
    if (offsetMinutes == 0) {
      chars[23] = 'Z';
      return 24;
    }
    int abs = Math.abs(offsetMinutes);
    chars[23] = offsetMinutes > 0 ? '+' : '-';
    digits(abs / 60, 24, 2);
    chars[26] = ':';
    digits(abs % 60, 27, 2);
    return 29;
  }

  private void digits(int value, int at, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      chars[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}

package dev.alertrecs.generate;

import java.util.SplittableRandom;

/**
 * A Lucene-style query with its service filled in and placeholders for what users vary when they
 * type it: {@code {range}} (a time range such as {@code 15m}), {@code {n}} (a number in {@code
 * [nMin, nMax]}) and {@code {hex}} (an id). {@link #type} renders one typed instance with the
 * variations of real users: other ranges and numbers, {@code and} for {@code AND}, capitalised
 * fields and values, extra spaces. All such instances are one query family for the job.
 */
record QueryTemplate(String pattern, int nMin, int nMax) {

  private static final String[] RANGES = {"5m", "15m", "1h", "24h"};

  QueryTemplate(String pattern) {
    this(pattern, 1, 100);
  }

  /** The family's representative text: placeholders filled with fixed, typical values. */
  String canonical() {
    return fill(null);
  }

  /** One instance as a user would type it. */
  String type(SplittableRandom rnd) {
    String text = fill(rnd);
    double r = rnd.nextDouble();
    if (r < 0.15) {
      text = text.replace(" AND ", " and ");
    } else if (r < 0.25) {
      text = capitalise(text);
    }
    if (rnd.nextDouble() < 0.1) {
      int space = text.indexOf(' ', rnd.nextInt(text.length()));
      if (space < 0) {
        space = text.indexOf(' ');
      }
      if (space >= 0) {
        text = text.substring(0, space) + "  " + text.substring(space + 1);
      }
    }
    if (rnd.nextDouble() < 0.03) {
      text = text + " ";
    }
    return text;
  }

  private String fill(SplittableRandom rnd) {
    StringBuilder out = new StringBuilder(pattern.length() + 16);
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      if (c == '{') {
        int close = pattern.indexOf('}', i);
        String name = pattern.substring(i + 1, close);
        switch (name) {
          case "range" -> out.append(rnd == null ? "15m" : RANGES[rnd.nextInt(RANGES.length)]);
          case "n" -> out.append(rnd == null ? nMin : nMin + rnd.nextInt(nMax - nMin + 1));
          case "hex" -> out.append(rnd == null ? "0" : Long.toHexString(rnd.nextLong() >>> 16));
          default -> throw new IllegalStateException("unknown placeholder: " + name);
        }
        i = close + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** {@code service:checkout} becomes {@code Service:Checkout}; keywords and ranges stay. */
  private static String capitalise(String text) {
    char[] chars = text.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      boolean wordStart = i == 0 || chars[i - 1] == ' ' || chars[i - 1] == ':';
      if (wordStart && chars[i] >= 'a' && chars[i] <= 'z' && !text.startsWith("and ", i)) {
        chars[i] = Character.toUpperCase(chars[i]);
      }
    }
    return new String(chars);
  }
}

package dev.alertrecs.generate;

/** Derives independent random seeds from a base seed and coordinates (SplitMix64 finaliser). */
final class Seeds {
  private Seeds() {}

  static long mix(long seed, long... parts) {
    long h = seed;
    for (long p : parts) {
      h = finish(h ^ finish(p + 0x9E3779B97F4A7C15L));
    }
    return h;
  }

  private static long finish(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}

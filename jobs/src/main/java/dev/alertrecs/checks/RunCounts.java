package dev.alertrecs.checks;

/**
 * How the rows of the run date's folder were used: every row read is valid, quarantined or a
 * duplicate. Rows of the neighbouring folders read for context are counted apart, by their own
 * date's run.
 */
public record RunCounts(
    long nRead, long nValid, long nQuarantined, long nDuplicates, long nContextRead) {

  public double quarantineShare() {
    return nRead == 0 ? 0.0 : (double) nQuarantined / nRead;
  }
}

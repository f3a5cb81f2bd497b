package dev.alertrecs.config;

import java.util.List;
import java.util.Locale;

/**
 * Test-only fault hooks, off by default; the reliability tests switch them on to prove that the job
 * survives task failures and a process killed half-way through publishing.
 *
 * @param failFirstTaskAttempts {@code fault_fail_first_task_attempts=true}: the first attempt of
 *     every other task reading the actions throws, so only a master that retries tasks ({@code
 *     local[2,3]}, any cluster) finishes the run
 * @param pauseAt {@code fault_pause_at=<point>}: at that named point the job prints {@code
 *     alert-recs: fault: paused at <point>} on stderr and sleeps, so a test can kill -9 it there;
 *     one of {@link #PAUSE_POINTS}, or empty
 */
public record FaultSettings(boolean failFirstTaskAttempts, String pauseAt) {
  /** Staged every table, published none; published the first table only; published every table. */
  public static final List<String> PAUSE_POINTS =
      List.of("after_stage", "after_first_table", "before_manifests");

  public static final FaultSettings NONE = new FaultSettings(false, "");

  static FaultSettings of(String failFirst, String pauseAt) {
    String flag = failFirst == null ? "false" : failFirst.trim().toLowerCase(Locale.ROOT);
    if (!flag.equals("true") && !flag.equals("false")) {
      throw new SettingsException(
          "fault_fail_first_task_attempts must be true or false, got: " + failFirst);
    }
    String point = pauseAt == null ? "" : pauseAt.trim();
    if (!point.isEmpty() && !PAUSE_POINTS.contains(point)) {
      throw new SettingsException(
          "fault_pause_at must be one of " + PAUSE_POINTS + " or empty, got: " + pauseAt);
    }
    return new FaultSettings(flag.equals("true"), point);
  }

  /** Pauses here if this is the configured point (never returns then, until killed). */
  public void pauseIfAt(String point) {
    if (!point.equals(pauseAt)) {
      return;
    }
    System.err.println("alert-recs: fault: paused at " + point);
    System.err.flush();
    try {
      Thread.sleep(600_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new IllegalStateException("fault: paused at " + point + " and was not killed");
  }
}

package dev.alertrecs.job;

/** The process exit codes a scheduler can tell apart. */
public enum ExitCode {
  OK(0),
  INTERNAL(1),
  USAGE(2),
  MISSING_INPUT(3),
  CHECKS_FAILED(4),
  STORAGE(5),
  BAD_INPUT(6),
  /** The run's own backtest says its lists are worse than the baseline: not published. */
  GATE_FAILED(7);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}

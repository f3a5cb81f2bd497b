package dev.alertrecs.job;

import dev.alertrecs.config.SettingsException;
import dev.alertrecs.io.ObjectStoreException;

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

  /**
   * Worth running again unchanged: the input may have arrived, the storage may answer. Every other
   * failure needs a person (a setting, the input, a check, the gate) or is a bug.
   */
  public boolean retryable() {
    return this == MISSING_INPUT || this == STORAGE;
  }

  /** The exit code a failure ends the process with. */
  public static ExitCode of(Throwable failure) {
    if (failure instanceof SettingsException) {
      return USAGE;
    }
    if (failure instanceof ObjectStoreException) {
      return STORAGE;
    }
    if (failure instanceof JobFailure jobFailure) {
      return jobFailure.exitCode();
    }
    return INTERNAL;
  }
}

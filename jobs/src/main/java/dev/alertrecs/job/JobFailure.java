package dev.alertrecs.job;

/**
 * A failure the on-call engineer can act on: one readable line and a distinct exit code. Anything
 * else that escapes the job is a bug and exits with {@link ExitCode#INTERNAL}.
 */
public class JobFailure extends RuntimeException {
  private final ExitCode exitCode;

  public JobFailure(ExitCode exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public JobFailure(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}

package dev.alertrecs.checks;

/** The outcome of one data check, as it goes into the run record. */
public record CheckResult(String name, Severity severity, boolean passed, String observed) {
  public enum Severity {
    /** A failed error check stops the run before it publishes. */
    ERROR,
    /** A failed warning is recorded and the run goes on. */
    WARNING
  }

  public boolean blocks() {
    return !passed && severity == Severity.ERROR;
  }

  public static CheckResult error(String name, boolean passed, String observed) {
    return new CheckResult(name, Severity.ERROR, passed, observed);
  }

  public static CheckResult warning(String name, boolean passed, String observed) {
    return new CheckResult(name, Severity.WARNING, passed, observed);
  }
}

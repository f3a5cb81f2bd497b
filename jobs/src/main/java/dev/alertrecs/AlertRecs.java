package dev.alertrecs;

import dev.alertrecs.bench.BenchFloorCommand;
import dev.alertrecs.cli.DailyCommand;
import dev.alertrecs.cli.EvaluateCommand;
import dev.alertrecs.cli.GenerateCommand;
import dev.alertrecs.cli.ShowCommand;
import dev.alertrecs.cli.TruthCommand;
import dev.alertrecs.config.SettingsException;
import dev.alertrecs.io.ObjectStoreException;
import dev.alertrecs.job.ExitCode;
import dev.alertrecs.job.JobFailure;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The entry point the job jar's manifest names: {@code spark-submit alert-recs.jar daily --date
 * ...}. Parses the command line and runs one subcommand. A user's mistake or a failure the on-call
 * engineer can act on ends with one line on stderr and a distinct exit code; only a bug prints a
 * stack trace.
 */
@Command(
    name = "alert-recs",
    mixinStandardHelpOptions = true,
    version = "alert-recs 0.1.0",
    description = "Recommends dashboards and queries for alerts, from investigation logs.",
    subcommands = {
      DailyCommand.class,
      EvaluateCommand.class,
      GenerateCommand.class,
      ShowCommand.class,
      TruthCommand.class,
      BenchFloorCommand.class
    })
public final class AlertRecs implements Runnable {

  public static void main(String[] args) {
    int code = execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs a command line and returns the exit code, without exiting (for tests). */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new AlertRecs());
    cli.setExecutionExceptionHandler(AlertRecs::handle);
    cli.setParameterExceptionHandler(
        (ex, a) -> {
          PrintWriter err = ex.getCommandLine().getErr();
          err.println("alert-recs: " + ex.getMessage());
          err.println("try: alert-recs " + ex.getCommandLine().getCommandName() + " --help");
          return ExitCode.USAGE.code();
        });
    return cli.execute(args);
  }

  private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    PrintWriter err = cli.getErr();
    ExitCode code = ExitCode.of(e);
    if (e instanceof SettingsException
        || e instanceof ObjectStoreException
        || e instanceof JobFailure) {
      err.println("alert-recs: " + message(e));
    } else {
      err.println("alert-recs: failed: " + e);
      e.printStackTrace(err);
    }
    return code.code();
  }

  /** The one line a user's mistake or an actionable failure ends with. */
  private static String message(Throwable e) {
    if (e instanceof ObjectStoreException) {
      // storage failing outside a run (e.g. opening the store)
      return "storage failed: " + e.getMessage();
    }
    return e.getMessage();
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}

package dev.alertrecs.cli;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --from D1 --to D2}: a range of run dates, each day in order. */
final class DateRange {
  @Option(
      names = "--from",
      required = true,
      converter = DateConverter.class,
      paramLabel = "YYYY-MM-DD",
      description = "First date of the range.")
  LocalDate from;

  @Option(
      names = "--to",
      required = true,
      converter = DateConverter.class,
      paramLabel = "YYYY-MM-DD",
      description = "Last date of the range (included).")
  LocalDate to;

  /** Every date from {@code --from} to {@code --to}; a reversed range is a usage error. */
  List<LocalDate> dates(CommandLine commandLine) {
    if (to.isBefore(from)) {
      throw new ParameterException(commandLine, "--to " + to + " is before --from " + from);
    }
    List<LocalDate> dates = new ArrayList<>();
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      dates.add(d);
    }
    return dates;
  }
}

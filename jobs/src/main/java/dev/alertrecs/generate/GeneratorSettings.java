package dev.alertrecs.generate;

import dev.alertrecs.config.SettingsException;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * Settings of the sample data generator, checked at construction: a bad value raises {@link
 * SettingsException} naming it ({@code days must be > 0, got: 0}).
 *
 * @param inputRoot where the input tree ({@code actions/}, {@code catalog/}, {@code _generator/})
 *     is written
 * @param endDate the last full day written; the range is {@code endDate - days + 1 .. endDate}
 *     (late events of the last day land in {@code dt=endDate+1})
 * @param days number of daily partitions
 * @param accounts number of tenants ({@code acme}, {@code globex}, ...)
 * @param eventsPerDay target number of action lines per day, duplicates and bad lines included
 * @param seed the same seed and settings give byte-identical output
 * @param filesPerDay action files per day, each written by its own thread
 * @param malformedShare share of lines that are bad records
 * @param duplicateShare share of events delivered twice with the same {@code event_id}
 * @param lateShare share of events received (written) in the next day's folder
 * @param actionsFrom write the action files of this day and later only (null: every day); the world
 *     and every written file stay exactly as in a full run, so a benchmark can write a low-volume
 *     history first and then one full-volume day of the same world
 * @param shape the world's shape apart from its volume ({@link WorldShape#SAMPLE} unless set)
 */
public record GeneratorSettings(
    Path inputRoot,
    LocalDate endDate,
    int days,
    int accounts,
    long eventsPerDay,
    long seed,
    int filesPerDay,
    double malformedShare,
    double duplicateShare,
    double lateShare,
    LocalDate actionsFrom,
    WorldShape shape) {

  /** Settings of the sample shape. */
  public GeneratorSettings(
      Path inputRoot,
      LocalDate endDate,
      int days,
      int accounts,
      long eventsPerDay,
      long seed,
      int filesPerDay,
      double malformedShare,
      double duplicateShare,
      double lateShare,
      LocalDate actionsFrom) {
    this(
        inputRoot,
        endDate,
        days,
        accounts,
        eventsPerDay,
        seed,
        filesPerDay,
        malformedShare,
        duplicateShare,
        lateShare,
        actionsFrom,
        WorldShape.SAMPLE);
  }

  /** Settings that write the action files of every day. */
  public GeneratorSettings(
      Path inputRoot,
      LocalDate endDate,
      int days,
      int accounts,
      long eventsPerDay,
      long seed,
      int filesPerDay,
      double malformedShare,
      double duplicateShare,
      double lateShare) {
    this(
        inputRoot,
        endDate,
        days,
        accounts,
        eventsPerDay,
        seed,
        filesPerDay,
        malformedShare,
        duplicateShare,
        lateShare,
        null,
        WorldShape.SAMPLE);
  }

  public GeneratorSettings {
    if (inputRoot == null) {
      throw new SettingsException("inputRoot must be set, got: null");
    }
    if (endDate == null) {
      throw new SettingsException("endDate must be set, got: null");
    }
    if (shape == null) {
      throw new SettingsException("shape must be set, got: null");
    }
    positive("days", days);
    positive("accounts", accounts);
    positive("eventsPerDay", eventsPerDay);
    positive("filesPerDay", filesPerDay);
    share("malformedShare", malformedShare);
    share("duplicateShare", duplicateShare);
    share("lateShare", lateShare);
    LocalDate first = endDate.minusDays(days - 1L);
    if (actionsFrom != null && (actionsFrom.isBefore(first) || actionsFrom.isAfter(endDate))) {
      throw new SettingsException(
          "actionsFrom must be within " + first + " .. " + endDate + ", got: " + actionsFrom);
    }
  }

  /** True when the action files of {@code day} are to be written. */
  public boolean writesActionsOf(LocalDate day) {
    return actionsFrom == null || !day.isBefore(actionsFrom);
  }

  /** A small world for demos and tests: 3 accounts, 30 days, about 4000 lines a day. */
  public static GeneratorSettings small(Path inputRoot, LocalDate endDate) {
    return new GeneratorSettings(inputRoot, endDate, 30, 3, 4000, 42, 2, 0.002, 0.01, 0.02);
  }

  /** The first day written. */
  public LocalDate startDate() {
    return endDate.minusDays(days - 1L);
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new SettingsException(name + " must be > 0, got: " + value);
    }
  }

  private static void share(String name, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new SettingsException(name + " must be in [0, 1), got: " + value);
    }
  }
}

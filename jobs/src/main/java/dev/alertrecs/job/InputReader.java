package dev.alertrecs.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads the job's inputs: the action folders of a run (JSON Lines, gzip or plain, and Parquet) as
 * raw lines with the file and folder they came from, and the catalog snapshot of a date. Files
 * whose name starts with {@code _} or {@code .} are skipped, as Hive and Athena do.
 */
public final class InputReader {
  public static final StructType READ_SCHEMA =
      new StructType()
          .add("value", DataTypes.StringType)
          .add("source_file", DataTypes.StringType)
          .add("folder_date", DataTypes.DateType);

  public static final StructType ALERTS_SCHEMA =
      new StructType()
          .add("account_id", DataTypes.StringType)
          .add("alert_id", DataTypes.StringType)
          .add("title", DataTypes.StringType)
          .add("severity", DataTypes.StringType);

  public static final StructType DASHBOARDS_SCHEMA =
      new StructType()
          .add("account_id", DataTypes.StringType)
          .add("dashboard_id", DataTypes.StringType)
          .add("title", DataTypes.StringType)
          .add("deleted", DataTypes.BooleanType);

  /** The raw rows of the folders read, and what could not be read, for the run record. */
  public record ActionInput(
      Dataset<Row> rows,
      List<LocalDate> foldersRead,
      List<String> skippedFiles,
      long nFiles,
      List<String> files) {}

  /** A catalog snapshot and the date of the folder it came from. */
  public record Snapshot(Dataset<Row> rows, LocalDate date) {}

  private final SparkSession spark;
  private final Layout layout;

  public InputReader(SparkSession spark, Layout layout) {
    this.spark = spark;
    this.layout = layout;
  }

  /**
   * Reads the folders of {@code day - 1}, {@code day} and {@code day + 1} where present; the folder
   * of {@code day} itself must exist (it may be empty).
   */
  public ActionInput actionsAround(LocalDate day) {
    Dataset<Row> all = spark.createDataFrame(List.of(), READ_SCHEMA);
    List<LocalDate> read = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    long nFiles = 0;
    List<String> files = new ArrayList<>();
    for (LocalDate folder : List.of(day.minusDays(1), day, day.plusDays(1))) {
      String dir = layout.actionsDay(folder);
      if (!exists(dir)) {
        if (folder.equals(day)) {
          throw new JobFailure(ExitCode.MISSING_INPUT, "no actions folder for " + day + ": " + dir);
        }
        continue;
      }
      read.add(folder);
      List<String> text = new ArrayList<>();
      List<String> parquet = new ArrayList<>();
      for (String file : listDataFiles(dir)) {
        String name = file.toLowerCase(Locale.ROOT);
        if (name.endsWith(".parquet")) {
          parquet.add(file);
        } else if (name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".gz")) {
          text.add(file);
        } else {
          skipped.add(file + " (unknown file type)");
        }
      }
      nFiles += text.size() + parquet.size();
      files.addAll(text);
      files.addAll(parquet);
      if (!text.isEmpty()) {
        all =
            all.unionByName(
                spark
                    .read()
                    .text(text.toArray(String[]::new))
                    .select(
                        col("value"),
                        input_file_name().as("source_file"),
                        lit(java.sql.Date.valueOf(folder)).as("folder_date")));
      }
      if (!parquet.isEmpty()) {
        // Parquet records go through the same parser as JSON lines: one set of rules and reasons.
        Dataset<Row> records;
        try {
          // Spark reads every footer here, so a corrupt Parquet file fails now, not later
          records = spark.read().parquet(parquet.toArray(String[]::new));
        } catch (Exception e) { // Spark throws its checked SparkException unchecked
          throw unreadableOr(parquet, e);
        }
        all =
            all.unionByName(
                records.select(
                    to_json(struct(col("*"))).as("value"),
                    input_file_name().as("source_file"),
                    lit(java.sql.Date.valueOf(folder)).as("folder_date")));
      }
    }
    return new ActionInput(all, read, skipped, nFiles, List.copyOf(files));
  }

  // --- unreadable input files -------------------------------------------------------------------

  /**
   * Runs the action that reads every file of {@code input} (the job that builds the day's cached
   * lines); if Spark cannot decode one of its files (a truncated gzip, a corrupt Parquet file),
   * fails with {@link ExitCode#BAD_INPUT} naming it. The run cannot know how many events such a
   * file held, so it cannot keep its row accounting or judge the quarantine share: it refuses to
   * publish rather than drop an unknown number of events.
   */
  public <T> T readingEveryFile(ActionInput input, java.util.function.Supplier<T> action) {
    try {
      return action.get();
    } catch (Exception e) { // Spark throws its checked SparkException unchecked
      throw unreadableOr(input.files(), e);
    }
  }

  /**
   * Finds which of {@code files} Spark cannot read (one small job per file: this runs only after a
   * read failed) and returns a {@link JobFailure} naming them, or {@code e} itself when every file
   * reads (the failure had another cause; a checked exception is rethrown as it is).
   */
  RuntimeException unreadableOr(List<String> files, Exception e) {
    if (e instanceof JobFailure failure) {
      return failure;
    }
    List<String> unreadable = new ArrayList<>();
    for (String file : files) {
      try {
        Dataset<Row> rows =
            file.toLowerCase(Locale.ROOT).endsWith(".parquet")
                ? spark.read().parquet(file).select(to_json(struct(col("*"))))
                : spark.read().text(file);
        rows.count();
      } catch (Exception probe) {
        unreadable.add(file + " (" + rootCause(probe) + ")");
      }
    }
    if (unreadable.isEmpty()) {
      throw DailyJob.unchecked(e);
    }
    return new JobFailure(
        ExitCode.BAD_INPUT,
        "unreadable input file"
            + (unreadable.size() > 1 ? "s: " : ": ")
            + String.join(", ", unreadable)
            + "; re-deliver or move it out of the folder, then rerun the date",
        e);
  }

  private static String rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = Optional.ofNullable(root.getMessage()).orElse("");
    String line = message.lines().findFirst().orElse("");
    if (line.length() > 200) {
      line = line.substring(0, 200) + "…";
    }
    return root.getClass().getSimpleName() + (line.isEmpty() ? "" : ": " + line);
  }

  /** The catalog snapshot of {@code day}, or the newest earlier one. */
  public Snapshot catalog(String kind, StructType schema, LocalDate day) {
    String dir = layout.catalog(kind);
    LocalDate newest = null;
    for (String child : listChildren(dir)) {
      if (!child.startsWith("dt=")) {
        continue;
      }
      try {
        LocalDate date = LocalDate.parse(child.substring(3));
        if (!date.isAfter(day) && (newest == null || date.isAfter(newest))) {
          newest = date;
        }
      } catch (DateTimeParseException e) {
        // a folder that is not a date is not a snapshot
      }
    }
    if (newest == null) {
      throw new JobFailure(
          ExitCode.MISSING_INPUT,
          "no " + kind + " catalog snapshot on or before " + day + " under " + dir);
    }
    String snapshotDir = dir + "/dt=" + newest;
    List<String> files = listDataFiles(snapshotDir);
    List<String> parquet = files.stream().filter(f -> f.endsWith(".parquet")).toList();
    List<String> json = files.stream().filter(f -> !f.endsWith(".parquet")).toList();
    Dataset<Row> rows = spark.createDataFrame(List.of(), schema);
    if (!json.isEmpty()) {
      rows = rows.unionByName(spark.read().schema(schema).json(json.toArray(String[]::new)));
    }
    if (!parquet.isEmpty()) {
      rows =
          rows.unionByName(
              spark.read().parquet(parquet.toArray(String[]::new)).selectExpr(columnsOf(schema)));
    }
    return new Snapshot(rows, newest);
  }

  private static String[] columnsOf(StructType schema) {
    return java.util.Arrays.stream(schema.fields())
        .map(f -> "cast(" + f.name() + " as " + f.dataType().sql() + ") as " + f.name())
        .toArray(String[]::new);
  }

  /** True when a file or folder exists; a storage failure is one line (exit code 5). */
  public boolean exists(String dir) {
    try {
      Path path = new Path(dir);
      return fs(path).exists(path);
    } catch (IOException e) {
      throw storageFailure("cannot look at " + dir, e);
    }
  }

  private List<String> listChildren(String dir) {
    try {
      Path path = new Path(dir);
      FileSystem fs = fs(path);
      List<String> names = new ArrayList<>();
      for (FileStatus status : fs.listStatus(path)) {
        names.add(status.getPath().getName());
      }
      return names;
    } catch (FileNotFoundException e) {
      return List.of();
    } catch (IOException e) {
      throw storageFailure("cannot list " + dir, e);
    }
  }

  /** Data files below a folder (recursively), without hidden or marker files, sorted. */
  private List<String> listDataFiles(String dir) {
    try {
      Path path = new Path(dir);
      List<String> files = new ArrayList<>();
      RemoteIterator<LocatedFileStatus> it = fs(path).listFiles(path, true);
      while (it.hasNext()) {
        Path file = it.next().getPath();
        String name = file.getName();
        if (!name.startsWith("_") && !name.startsWith(".") && file.getParent() != null) {
          files.add(file.toString());
        }
      }
      files.sort(String::compareTo);
      return files;
    } catch (FileNotFoundException e) {
      return List.of();
    } catch (IOException e) {
      throw storageFailure("cannot list " + dir, e);
    }
  }

  private FileSystem fs(Path path) throws IOException {
    return path.getFileSystem(spark.sparkContext().hadoopConfiguration());
  }

  static JobFailure storageFailure(String what, IOException e) {
    String cause = Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName());
    return new JobFailure(ExitCode.STORAGE, what + ": " + cause.lines().findFirst().orElse(""), e);
  }
}

package dev.alertrecs.steps;

import dev.alertrecs.config.JobSettings;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Builds raw action lines the way they arrive, and runs the production steps over them. */
final class ActionFixtures {
  static final StructType READ_SCHEMA =
      new StructType()
          .add("value", DataTypes.StringType)
          .add("source_file", DataTypes.StringType)
          .add("folder_date", DataTypes.DateType);

  private final List<Row> rows = new ArrayList<>();
  private final LocalDate defaultFolder;
  private int nextId = 1;

  ActionFixtures(LocalDate defaultFolder) {
    this.defaultFolder = defaultFolder;
  }

  /** A JSON line; pairs of key/value, absent values are left out. */
  ActionFixtures json(String... keyValues) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      fields.put(keyValues[i], keyValues[i + 1]);
    }
    fields.putIfAbsent("event_id", "e-" + nextId++);
    fields.putIfAbsent("account_id", "acme");
    String line =
        fields.entrySet().stream()
            .map(e -> "\"" + e.getKey() + "\":\"" + e.getValue().replace("\"", "\\\"") + "\"")
            .collect(Collectors.joining(",", "{", "}"));
    return raw(line);
  }

  /** A user action at an ISO time: action, then the alert, dashboard or query it names. */
  ActionFixtures act(String ts, String user, String action, String target) {
    String key =
        switch (action) {
          case "dashboard_viewed" -> "dashboard_id";
          case "query_run" -> "query";
          case "alert_opened", "alert_resolved", "alert_fired" -> "alert_id";
          default -> null;
        };
    if (key == null) {
      return json("ts", ts, "user_id", user, "action", action);
    }
    return user == null
        ? json("ts", ts, "action", action, key, target)
        : json("ts", ts, "user_id", user, "action", action, key, target);
  }

  /**
   * One investigation of {@code alert} by {@code user} in acme: opened at {@code start}, d-1 viewed
   * halfway (through a recommendation link when {@code viaRecommendation}), resolved after {@code
   * durationS} seconds.
   */
  ActionFixtures investigation(
      String user, String alert, String start, long durationS, boolean viaRecommendation) {
    java.time.Instant t = java.time.Instant.parse(start);
    act(start, user, "alert_opened", alert);
    json(
        "ts",
        t.plusSeconds(durationS / 2).toString(),
        "user_id",
        user,
        "action",
        "dashboard_viewed",
        "dashboard_id",
        "d-1",
        "source",
        viaRecommendation ? "recommendation" : "organic");
    return act(t.plusSeconds(durationS).toString(), user, "alert_resolved", alert);
  }

  ActionFixtures raw(String line) {
    return rawIn(line, defaultFolder);
  }

  ActionFixtures rawIn(String line, LocalDate folder) {
    rows.add(
        RowFactory.create(
            line, "file:/in/actions/dt=" + folder + "/part-0.json", java.sql.Date.valueOf(folder)));
    return this;
  }

  Dataset<Row> read(SparkSession spark) {
    return spark.createDataFrame(rows, READ_SCHEMA);
  }

  /** The chain up to identified actions, as the daily job runs it. */
  static Dataset<Row> identified(Dataset<Row> read, JobSettings settings) {
    return IdentifyItems.apply(DeduplicateActions.apply(ParseActions.apply(read, settings)));
  }

  static Dataset<Row> investigations(Dataset<Row> read, JobSettings settings) {
    Dataset<Row> identified = identified(read, settings);
    Dataset<Row> members = SessionizeInvestigations.apply(identified, settings);
    return SummarizeInvestigations.apply(members, identified, settings);
  }
}

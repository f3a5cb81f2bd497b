package dev.alertrecs.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Holds every file in sql/athena/ against the data contract (shared/CONTRACT.md). */
class AthenaDdlTest {

  static final Path ATHENA_DIR = Path.of("..", "sql", "athena");

  /** The contract's columns and their Athena types, written out here on purpose, not derived. */
  static final Map<String, Map<String, String>> CONTRACT = new LinkedHashMap<>();

  static {
    CONTRACT.put(
        "recommendations",
        columns(
            "account_id string",
            "alert_id string",
            "item_type string",
            "rank int",
            "item_id string",
            "item_label string",
            "score double",
            "investigations bigint",
            "strategy string",
            "reason string",
            "model_version string",
            "generated_at timestamp"));
    CONTRACT.put(
        "next_steps",
        columns(
            "account_id string",
            "alert_id string",
            "after_item_type string",
            "after_item_id string",
            "after_item_label string",
            "rank int",
            "item_type string",
            "item_id string",
            "item_label string",
            "score double",
            "investigations bigint",
            "strategy string",
            "reason string",
            "model_version string",
            "generated_at timestamp"));
    CONTRACT.put(
        "investigations",
        columns(
            "account_id string",
            "alert_id string",
            "investigation_id string",
            "user_hash string",
            "started_at timestamp",
            "stopped_at timestamp",
            "duration_s double",
            "n_actions bigint",
            "stop_reason string",
            "used_recommendation boolean"));
    CONTRACT.put(
        "alert_stats",
        columns(
            "account_id string",
            "alert_id string",
            "n_investigations bigint",
            "mttr_mean_s double",
            "mttr_median_s double",
            "mttr_p90_s double",
            "mtte_median_s double",
            "mttr_median_with_recs_s double",
            "mttr_median_without_recs_s double"));
    CONTRACT.put("quarantine", columns("raw string", "reason string", "source_file string"));
    CONTRACT.put(
        "runs",
        columns(
            "run_id string",
            "run_date date",
            "started_at timestamp",
            "finished_at timestamp",
            "status string",
            "n_read bigint",
            "n_valid bigint",
            "n_quarantined bigint",
            "n_duplicates bigint",
            "n_context_read bigint",
            "n_investigations bigint",
            "n_alerts bigint",
            "n_recommendations bigint",
            "model_version string",
            "checks array<struct<name:string,severity:string,passed:boolean,observed:string>>",
            "step_timings array<struct<step:string,seconds:double>>"));
    // not in CONTRACT.md: the backtest table of docs/evaluation.md
    CONTRACT.put(
        "evaluation",
        columns(
            "model_or_baseline string",
            "model_version string",
            "item_type string",
            "alert_group string",
            "account_id string",
            "alert_id string",
            "metric string",
            "k int",
            "value double",
            "n bigint",
            "ci_low double",
            "ci_high double",
            "history_segment string"));
  }

  static Stream<String> tables() {
    return CONTRACT.keySet().stream();
  }

  @Test
  void thereIsOneDdlFilePerContractTableAndNoOther() throws IOException {
    try (Stream<Path> files = Files.list(ATHENA_DIR)) {
      List<String> names =
          files
              .filter(p -> p.toString().endsWith(".sql"))
              .map(p -> p.getFileName().toString().replace(".sql", ""))
              .sorted()
              .toList();
      assertEquals(CONTRACT.keySet().stream().sorted().toList(), names);
    }
  }

  @ParameterizedTest
  @MethodSource("tables")
  void everyContractColumnIsThereWithItsType(String table) throws IOException {
    AthenaDdl ddl = AthenaDdl.parse(ATHENA_DIR.resolve(table + ".sql"));
    assertEquals(table, ddl.table());
    Map<String, String> declared = ddl.typesByName();
    CONTRACT
        .get(table)
        .forEach(
            (column, type) -> {
              assertTrue(declared.containsKey(column), table + " lacks column " + column);
              assertEquals(
                  AthenaDdl.family(type),
                  AthenaDdl.family(declared.get(column)),
                  table + "." + column + " has the wrong type family");
              assertEquals(type, declared.get(column), table + "." + column + " type");
            });
  }

  @ParameterizedTest
  @MethodSource("tables")
  void columnNamesAreLowerCaseSnakeCaseAndUnique(String table) throws IOException {
    AthenaDdl ddl = AthenaDdl.parse(ATHENA_DIR.resolve(table + ".sql"));
    List<String> names = ddl.columnNames();
    assertEquals(names.size(), new HashSet<>(names).size(), "duplicate columns in " + table);
    names.forEach(n -> assertTrue(n.matches("[a-z][a-z0-9_]*"), table + ": bad column name " + n));
    ddl.columns().forEach(c -> assertTrue(!c.name().equals("dt"), "dt is a partition key only"));
  }

  @ParameterizedTest
  @MethodSource("tables")
  void partitionedByDtWithProjectionOverTheOutputLayout(String table) throws IOException {
    AthenaDdl ddl = AthenaDdl.parse(ATHENA_DIR.resolve(table + ".sql"));
    assertEquals(List.of(new AthenaDdl.Column("dt", "string")), ddl.partitionKeys());
    assertEquals("parquet", ddl.storedAs());
    assertEquals("${OUTPUT_ROOT}/" + table + "/", ddl.location());
    Map<String, String> p = ddl.tableProperties();
    assertEquals("true", p.get("projection.enabled"));
    assertEquals("date", p.get("projection.dt.type"));
    assertEquals("yyyy-MM-dd", p.get("projection.dt.format"));
    assertEquals("2024-01-01,NOW", p.get("projection.dt.range"));
    // the job writes <output>/<table>/dt=YYYY-MM-DD/part-00000.parquet
    assertEquals("${OUTPUT_ROOT}/" + table + "/dt=${dt}/", p.get("storage.location.template"));
  }

  @Test
  void parsesNestedTypesBackticksCommentsAndPartitions() {
    AthenaDdl ddl =
        AthenaDdl.parse(
            """
            -- a header comment with a quote: it's ignored
            CREATE EXTERNAL TABLE IF NOT EXISTS `db`.`t` (
              `rank` INT COMMENT 'best first (1, 2, ...)',
              checks ARRAY<STRUCT<name: STRING, passed: BOOLEAN>>,
              m map<string,double> -- trailing comment
            )
            PARTITIONED BY (dt string, hour int)
            STORED AS PARQUET
            LOCATION 's3://b/p/t/'
            TBLPROPERTIES ('projection.enabled' = 'true', 'a' = 'x,y')
            """);
    assertEquals("db.t", ddl.table());
    assertEquals(
        List.of(
            new AthenaDdl.Column("rank", "int"),
            new AthenaDdl.Column("checks", "array<struct<name:string,passed:boolean>>"),
            new AthenaDdl.Column("m", "map<string,double>")),
        ddl.columns());
    assertEquals(
        List.of(new AthenaDdl.Column("dt", "string"), new AthenaDdl.Column("hour", "int")),
        ddl.partitionKeys());
    assertEquals("s3://b/p/t/", ddl.location());
    assertEquals(Map.of("projection.enabled", "true", "a", "x,y"), ddl.tableProperties());
  }

  @Test
  void familiesMatchAcrossAthenaAndDuckDbSpellings() {
    assertEquals("integer", AthenaDdl.family("bigint"));
    assertEquals("integer", AthenaDdl.family("BIGINT"));
    assertEquals("integer", AthenaDdl.family("INTEGER"));
    assertEquals("floating", AthenaDdl.family("DOUBLE"));
    assertEquals("string", AthenaDdl.family("VARCHAR"));
    assertEquals("timestamp", AthenaDdl.family("TIMESTAMP WITH TIME ZONE"));
    assertEquals("timestamp", AthenaDdl.family("timestamp"));
    assertEquals("date", AthenaDdl.family("DATE"));
    assertEquals("boolean", AthenaDdl.family("BOOLEAN"));
    assertEquals("array", AthenaDdl.family("STRUCT(step VARCHAR, seconds DOUBLE)[]"));
    assertEquals("array", AthenaDdl.family("array<struct<step:string,seconds:double>>"));
    assertEquals("struct", AthenaDdl.family("STRUCT(a INTEGER)"));
  }

  private static Map<String, String> columns(String... nameAndType) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String s : nameAndType) {
      String[] parts = s.split(" ", 2);
      m.put(parts[0], parts[1]);
    }
    return m;
  }
}

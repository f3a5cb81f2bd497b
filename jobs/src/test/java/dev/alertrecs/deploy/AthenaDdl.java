package dev.alertrecs.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Athena {@code CREATE EXTERNAL TABLE} statement read from {@code sql/athena/}: its columns in
 * order with their Athena (Hive DDL) types, its partition keys, location and table properties.
 *
 * <p>Tests use it to hold the DDL against the data contract and against the Parquet the job writes:
 * read a table with DuckDB, map each DuckDB type with {@link #family(String)} and compare with
 * {@code family(column.type())} here. It understands the subset of Hive DDL our files use ({@code
 * --} comments, backticked names, nested {@code array<struct<...>>}, column {@code COMMENT}s), not
 * all of it.
 */
public record AthenaDdl(
    String table,
    List<Column> columns,
    List<Column> partitionKeys,
    String storedAs,
    String location,
    Map<String, String> tableProperties) {

  /** A column: lower-case name and its type normalized (lower-case, no spaces). */
  public record Column(String name, String type) {
    public String family() {
      return AthenaDdl.family(type);
    }
  }

  private static final Pattern CREATE =
      Pattern.compile(
          "create\\s+external\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?([`\\w.]+)\\s*\\(",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern PARTITIONED =
      Pattern.compile("\\)\\s*partitioned\\s+by\\s*\\(", Pattern.CASE_INSENSITIVE);
  private static final Pattern STORED_AS =
      Pattern.compile("stored\\s+as\\s+(\\w+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern LOCATION =
      Pattern.compile("location\\s+'([^']*)'", Pattern.CASE_INSENSITIVE);
  private static final Pattern TBLPROPERTIES =
      Pattern.compile("tblproperties\\s*\\(", Pattern.CASE_INSENSITIVE);
  private static final Pattern PROPERTY = Pattern.compile("'([^']*)'\\s*=\\s*'([^']*)'");
  private static final Pattern COMMENT =
      Pattern.compile("\\s+comment\\s+'[^']*'\\s*$", Pattern.CASE_INSENSITIVE);

  public static AthenaDdl parse(Path file) throws IOException {
    return parse(Files.readString(file));
  }

  public static AthenaDdl parse(String ddl) {
    String sql = stripLineComments(ddl);
    Matcher create = CREATE.matcher(sql);
    if (!create.find()) {
      throw new IllegalArgumentException("no CREATE EXTERNAL TABLE statement found");
    }
    String table = unquote(create.group(1)).toLowerCase(Locale.ROOT);
    int columnsEnd = closingParen(sql, create.end() - 1);
    List<Column> columns = columns(sql.substring(create.end(), columnsEnd));

    String rest = sql.substring(columnsEnd);
    List<Column> partitionKeys = List.of();
    Matcher partitioned = PARTITIONED.matcher(rest);
    if (partitioned.lookingAt()) {
      int end = closingParen(rest, partitioned.end() - 1);
      partitionKeys = columns(rest.substring(partitioned.end(), end));
      rest = rest.substring(end + 1);
    }
    Matcher stored = STORED_AS.matcher(rest);
    String storedAs = stored.find() ? stored.group(1).toLowerCase(Locale.ROOT) : null;
    Matcher location = LOCATION.matcher(rest);
    String locationValue = location.find() ? location.group(1) : null;
    Map<String, String> properties = new LinkedHashMap<>();
    Matcher tblproperties = TBLPROPERTIES.matcher(rest);
    if (tblproperties.find()) {
      int end = closingParen(rest, tblproperties.end() - 1);
      Matcher property = PROPERTY.matcher(rest.substring(tblproperties.end(), end));
      while (property.find()) {
        properties.put(property.group(1), property.group(2));
      }
    }
    return new AthenaDdl(
        table, columns, partitionKeys, storedAs, locationValue, Map.copyOf(properties));
  }

  /** Column names in order, for comparing with what a reader of the Parquet sees. */
  public List<String> columnNames() {
    return columns.stream().map(Column::name).toList();
  }

  public Map<String, String> typesByName() {
    Map<String, String> types = new LinkedHashMap<>();
    columns.forEach(c -> types.put(c.name(), c.type()));
    return types;
  }

  /**
   * The family of a column type, written the Athena/Hive way ({@code bigint}, {@code
   * array<struct<...>>}) or the DuckDB way ({@code BIGINT}, {@code STRUCT(...)[]}, {@code TIMESTAMP
   * WITH TIME ZONE}): string, integer, floating, decimal, boolean, timestamp, date, array, struct,
   * map, or the type itself when unknown. Two types of one family hold the same values, so a
   * Parquet column whose DuckDB type has the family of the DDL type reads correctly in Athena.
   */
  public static String family(String type) {
    String t = type.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    if (t.endsWith("[]") || t.startsWith("array")) {
      return "array";
    }
    if (t.startsWith("struct") || t.startsWith("row")) {
      return "struct";
    }
    if (t.startsWith("map")) {
      return "map";
    }
    if (t.startsWith("decimal") || t.startsWith("numeric")) {
      return "decimal";
    }
    if (t.startsWith("varchar") || t.startsWith("char") || t.equals("string") || t.equals("text")) {
      return "string";
    }
    if (t.startsWith("timestamp")) {
      return "timestamp";
    }
    return switch (t) {
      case "tinyint", "smallint", "int", "integer", "bigint", "int1", "int2", "int4", "int8" ->
          "integer";
      case "float", "real", "double", "double precision", "float4", "float8" -> "floating";
      case "boolean", "bool" -> "boolean";
      case "date" -> "date";
      default -> t;
    };
  }

  private static List<Column> columns(String block) {
    List<Column> columns = new ArrayList<>();
    for (String entry : splitTopLevel(block)) {
      String e = COMMENT.matcher(entry.trim()).replaceFirst("").trim();
      if (e.isEmpty()) {
        continue;
      }
      String name;
      String type;
      if (e.startsWith("`")) {
        int close = e.indexOf('`', 1);
        name = e.substring(1, close);
        type = e.substring(close + 1);
      } else {
        String[] parts = e.split("\\s+", 2);
        if (parts.length < 2) {
          throw new IllegalArgumentException("column without a type: " + e);
        }
        name = parts[0];
        type = parts[1];
      }
      columns.add(
          new Column(
              name.toLowerCase(Locale.ROOT), type.replaceAll("\\s+", "").toLowerCase(Locale.ROOT)));
    }
    return List.copyOf(columns);
  }

  /** Splits at commas outside {@code <>}, {@code ()} and quotes. */
  private static List<String> splitTopLevel(String block) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < block.length(); i++) {
      char c = block.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
      } else if (!quoted && (c == '<' || c == '(')) {
        depth++;
      } else if (!quoted && (c == '>' || c == ')')) {
        depth--;
      } else if (!quoted && depth == 0 && c == ',') {
        parts.add(block.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(block.substring(start));
    return parts;
  }

  /** Index of the parenthesis that closes the one at {@code open}, skipping quoted text. */
  private static int closingParen(String s, int open) {
    int depth = 0;
    boolean quoted = false;
    for (int i = open; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
      } else if (!quoted && c == '(') {
        depth++;
      } else if (!quoted && c == ')' && --depth == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("unbalanced parentheses after position " + open);
  }

  /** Drops {@code --} comments that are not inside a quoted string. */
  private static String stripLineComments(String ddl) {
    StringBuilder out = new StringBuilder();
    for (String line : ddl.split("\n", -1)) {
      boolean quoted = false;
      int cut = line.length();
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (c == '\'') {
          quoted = !quoted;
        } else if (!quoted && c == '-' && i + 1 < line.length() && line.charAt(i + 1) == '-') {
          cut = i;
          break;
        }
      }
      out.append(line, 0, cut).append('\n');
    }
    return out.toString();
  }

  private static String unquote(String name) {
    return name.replace("`", "");
  }
}

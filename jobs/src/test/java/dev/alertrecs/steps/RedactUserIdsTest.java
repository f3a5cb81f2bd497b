package dev.alertrecs.steps;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.alertrecs.SparkTestBase;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Each form of a user id member a bad line can hold, with the line quarantine keeps. */
class RedactUserIdsTest extends SparkTestBase {

  @Test
  void everyFormOfTheUserIdMemberLosesItsValue() {
    Map<String, String> expected =
        Map.ofEntries(
            Map.entry(
                "{\"user_id\":\"u-42\",\"ts\":\"bad\"}",
                "{\"user_id\":\"<redacted>\",\"ts\":\"bad\"}"),
            Map.entry(
                "{\"USER_ID\": \"u-42\", \"ts\": 1}", "{\"USER_ID\": \"<redacted>\", \"ts\": 1}"),
            Map.entry("{\"User_Id\" : \"u-42\"}", "{\"User_Id\" : \"<redacted>\"}"),
            Map.entry("{\"user_id\"  :  12345}", "{\"user_id\"  :  \"<redacted>\"}"),
            Map.entry("{'user_id': 'u-42'}", "{'user_id': \"<redacted>\"}"),
            Map.entry("{\"user_id\" \"u-42\"}", "{\"user_id\" \"<redacted>\"}"),
            Map.entry(
                "{\"user_id\":\"u-\\\"quoted\\\"-42\",\"a\":1}",
                "{\"user_id\":\"<redacted>\",\"a\":1}"),
            // cut off inside the value, as a line longer than raw_max_chars is
            Map.entry(
                "{\"action\":\"x\",\"user_id\":\"u-4",
                "{\"action\":\"x\",\"user_id\":\"<redacted>\""),
            Map.entry("{\"a\":1,\"user_id\":u-42}", "{\"a\":1,\"user_id\":\"<redacted>\"}"),
            // other members keep their values
            Map.entry("{\"dashboard_id\":\"d-3\"}", "{\"dashboard_id\":\"d-3\"}"));
    List<String> lines = List.copyOf(expected.keySet());
    List<Row> rows =
        spark
            .createDataset(lines, Encoders.STRING())
            .select(col("value"), RedactUserIds.apply(col("value")).as("redacted"))
            .collectAsList();
    for (Row row : rows) {
      assertEquals(expected.get(row.getString(0)), row.getString(1), row.getString(0));
    }
    assertEquals(lines.size(), rows.size());
  }
}

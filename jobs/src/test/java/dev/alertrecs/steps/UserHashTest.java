package dev.alertrecs.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alertrecs.SparkTestBase;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The keyed user hash: HMAC-SHA256 checked against values computed outside the JVM (Python's {@code
 * hmac.new(key, b"acme|u-42", hashlib.sha256).hexdigest()[:32]}), and a plan that uses the SQL
 * function never shows the key.
 */
class UserHashTest extends SparkTestBase {

  @Test
  void isTheTruncatedHmacSha256OfAccountBarUser() {
    assertEquals("c5933bcd1a737d9b5e6f74ca7801ebf1", UserHash.of("Jefe", "acme", "u-42"));
    // UTF-8 for key and message
    assertEquals("bdb612abc7f3cb08c1f039c5701c2e30", UserHash.of("clé-secrète", "acme", "ü-7"));
    assertNull(UserHash.of("Jefe", "acme", null));
  }

  @Test
  void anInvestigationIsNamedByTheEventThatOpenedIt() {
    // "inv-" + hashlib.sha256(b"acme|e-81731").hexdigest()[:20]
    assertEquals("inv-e4579e26df4bb0a3d0d6", InvestigationId.of("acme", "e-81731"));
    InvestigationId.register(spark);
    assertEquals(
        "inv-e4579e26df4bb0a3d0d6",
        spark.sql("select investigation_id('acme', 'e-81731')").first().getString(0));
  }

  @Test
  void theFingerprintNamesTheKeyWithoutRevealingIt() {
    // sha256(b"alert-recs user-hash key|Jefe").hexdigest()[:16]
    assertEquals("cb9687d25fb9aaf9", UserHash.fingerprint("Jefe"));
    assertFalse(UserHash.fingerprint("Jefe").contains("Jefe"));
  }

  @Test
  void theSqlFunctionGivesTheSameHashAndItsPlanHidesTheKey() {
    String key = "plan-secret-" + System.nanoTime();
    UserHash.register(spark, key);
    spark
        .sql("select * from values ('acme', 'u-42'), ('other', 'u-42') as t(account_id, user_id)")
        .createOrReplaceTempView("user_hash_test_users");
    Dataset<Row> result =
        spark.sql(
            "select account_id, user_hash(account_id, user_id) as user_hash"
                + " from user_hash_test_users order by account_id");
    assertEquals(
        List.of(
            "acme " + UserHash.of(key, "acme", "u-42"),
            "other " + UserHash.of(key, "other", "u-42")),
        result.collectAsList().stream().map(r -> r.getString(0) + " " + r.getString(1)).toList());
    String plans = result.queryExecution().toString() + result.queryExecution().executedPlan();
    assertTrue(plans.contains("user_hash("), plans);
    assertFalse(plans.contains(key), plans);
  }
}

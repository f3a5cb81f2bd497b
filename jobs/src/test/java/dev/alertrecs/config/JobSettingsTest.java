package dev.alertrecs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobSettingsTest {

  @Test
  void defaultsFollowTheContract() {
    JobSettings s = JobSettings.defaults();
    assertEquals(Duration.ofMinutes(30), s.idleGap());
    assertEquals(Duration.ofHours(4), s.maxInvestigation());
    assertEquals(28, s.windowDays());
    assertEquals(5, s.topK());
  }

  @Test
  void aBadValueNamesTheKeyAndTheValue() {
    var e =
        assertThrows(
            SettingsException.class,
            () -> JobSettings.fromMap(Map.of("window_days", "-3"), Map.of()));
    assertEquals("window_days must be >= 1, got: -3", e.getMessage());
    var notANumber =
        assertThrows(
            SettingsException.class, () -> JobSettings.fromMap(Map.of("top_k", "five"), Map.of()));
    assertEquals("top_k must be a whole number, got: five", notANumber.getMessage());
  }

  @Test
  void theLearningSettingsAreCheckedAndNameTheModel() {
    JobSettings s = JobSettings.defaults();
    assertEquals(0.4, s.queryFamilyMaxDistance());
    assertEquals(2, s.coldAlertMaxInvestigations());
    var e =
        assertThrows(
            SettingsException.class,
            () -> JobSettings.fromMap(Map.of("query_family_max_distance", "1"), Map.of()));
    assertEquals("query_family_max_distance must be >= 0 and < 1, got: 1", e.getMessage());
    var similarity =
        assertThrows(
            SettingsException.class,
            () -> JobSettings.fromMap(Map.of("similar_alert_min_similarity", "1.5"), Map.of()));
    assertEquals(
        "similar_alert_min_similarity must be between 0 and 1, got: 1.5", similarity.getMessage());
    assertEquals(
        "0",
        JobSettings.fromMap(Map.of("cold_alert_max_investigations", "0"), Map.of())
            .modelParameters()
            .get("cold_alert_max_investigations"));
    assertTrue(s.modelParameters().containsKey("similar_alerts_k"));
  }

  @Test
  void anUnknownKeyIsRefused() {
    var e =
        assertThrows(
            SettingsException.class, () -> JobSettings.fromMap(Map.of("top-k", "3"), Map.of()));
    assertTrue(e.getMessage().startsWith("unknown setting: top-k"), e.getMessage());
  }

  @Test
  void sparkKeysPassThrough() {
    JobSettings s = JobSettings.fromMap(Map.of("spark.sql.shuffle.partitions", "8"), Map.of());
    assertEquals("8", s.sparkConf().get("spark.sql.shuffle.partitions"));
  }

  @Test
  void theUserHashKeyComesFromTheEnvironmentOrAFileAndIsNeverPrinted(@TempDir Path dir)
      throws Exception {
    JobSettings fromEnv =
        JobSettings.fromMap(Map.of(), Map.of("ALERT_RECS_USER_HASH_KEY", "s3cret-env"));
    assertEquals("s3cret-env", fromEnv.userHashKey());
    assertFalse(fromEnv.toString().contains("s3cret"));

    Path file = dir.resolve("key");
    Files.writeString(file, "s3cret-file\n");
    JobSettings fromFile =
        JobSettings.fromMap(Map.of("user_hash_key_file", file.toString()), Map.of());
    assertEquals("s3cret-file", fromFile.userHashKey());

    assertEquals(JobSettings.DEV_USER_HASH_KEY, JobSettings.defaults().userHashKey());
  }

  @Test
  void theDevelopmentKeyIsRefusedOnAClusterUnlessExplicitlyAllowed() {
    JobSettings dev = JobSettings.defaults();
    assertTrue(dev.usesDevelopmentKey());
    dev.requireUserHashKey("local[2]");
    dev.requireUserHashKey("local[*]");
    for (String master : new String[] {"yarn", "k8s://https://api:443", null}) {
      SettingsException e =
          assertThrows(SettingsException.class, () -> dev.requireUserHashKey(master));
      assertTrue(e.getMessage().startsWith("no user-hash key: "), e.getMessage());
    }
    JobSettings.fromMap(Map.of("allow_dev_user_hash_key", "true"), Map.of())
        .requireUserHashKey("yarn");
    JobSettings keyed = JobSettings.fromMap(Map.of(), Map.of("ALERT_RECS_USER_HASH_KEY", "k"));
    assertFalse(keyed.usesDevelopmentKey());
    keyed.requireUserHashKey("yarn");
  }
}

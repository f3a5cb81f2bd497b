package dev.alertrecs.steps;

import dev.alertrecs.config.JobSettings;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Cuts each user's timeline into investigations as the contract defines them. Grain: one row per
 * action inside an investigation, carrying the investigation's key (user and number), start and
 * opened alert; its totals are aggregated by the steps that read it. Shuffles once by user and
 * sorts each user timeline once, keyed by a 64-bit hash of the user; a hash shared by two users
 * stops the run with an error naming them by their keyed hashes.
 */
public final class SessionizeInvestigations {
  public static final String VIEW = "sessionize_investigations";

  /** The user key mask of a run: every bit of the 64-bit user hash. */
  static final long ALL_KEY_BITS = -1L;

  private SessionizeInvestigations() {}

  public static Dataset<Row> apply(Dataset<Row> identifiedActions, JobSettings settings) {
    return apply(identifiedActions, settings, ALL_KEY_BITS);
  }

  /**
   * @param userKeyMask the bits of the user hash kept in the key: {@link #ALL_KEY_BITS} in a run; a
   *     test narrows it to make two users collide
   */
  static Dataset<Row> apply(
      Dataset<Row> identifiedActions, JobSettings settings, long userKeyMask) {
    // the collision error names users by their keyed hash, never by their raw ids
    UserHash.register(identifiedActions.sparkSession(), settings.userHashKey());
    SqlModel.register(identifiedActions, IdentifyItems.VIEW);
    return SqlModel.run(
        identifiedActions.sparkSession(),
        VIEW,
        Map.of(
            "idle_gap_s", settings.idleGap().toSeconds(),
            "max_duration_s", settings.maxInvestigation().toSeconds(),
            "user_key_mask", userKeyMask));
  }
}

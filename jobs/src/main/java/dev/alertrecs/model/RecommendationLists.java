package dev.alertrecs.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.alertrecs.config.JobSettings;
import dev.alertrecs.io.Checkpoints;
import dev.alertrecs.steps.FindNavigationItems;
import dev.alertrecs.steps.FindSimilarAlerts;
import dev.alertrecs.steps.MergeQueryFamilies;
import dev.alertrecs.steps.RankNextSteps;
import dev.alertrecs.steps.RankRecommendations;
import dev.alertrecs.steps.ScoreItems;
import dev.alertrecs.steps.StepTimer;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The model: stored evidence of a window in, ranked lists and next steps out, through the same
 * steps for the daily run and for its backtest (merge query families, score, find similar alerts,
 * find navigation items, rank, rank next steps), so what is evaluated is what is published. No I/O.
 */
public final class RecommendationLists {
  /** The lists and what made them: the fitted models are saved by the daily run. */
  public record Result(
      Dataset<Row> recommendations,
      Dataset<Row> scored,
      MergeQueryFamilies.Result families,
      FindSimilarAlerts.Result similar,
      Dataset<Row> navigation,
      Dataset<Row> nextStepCandidates) {}

  private RecommendationLists() {}

  public static Result build(
      Dataset<Row> itemEvidence,
      Dataset<Row> alertEvidence,
      Dataset<Row> transitionEvidence,
      Dataset<Row> catalogAlerts,
      Dataset<Row> catalogDashboards,
      LocalDate date,
      JobSettings settings,
      String modelVersion,
      Instant generatedAt,
      StepTimer timer) {
    MergeQueryFamilies.Result families =
        timer.time(
            "merge query families",
            () -> MergeQueryFamilies.apply(itemEvidence, alertEvidence, settings));
    // checkpointed one by one (not cached): the ranking reads each several times, and a cached
    // plan is printed whole in every plan that reads it, which made the plans explode
    Dataset<Row> scored =
        timer.time(
            "score items",
            () ->
                Checkpoints.materialize(
                    ScoreItems.apply(families.itemEvidence(), alertEvidence, date, settings)));
    FindSimilarAlerts.Result similar = FindSimilarAlerts.apply(catalogAlerts, scored, settings);
    Dataset<Row> similarAlerts =
        timer.time("find similar alerts", () -> Checkpoints.materialize(similar.similarAlerts()));
    // what the account opens whatever the alert (Home): never a list's or a next step's item
    Dataset<Row> navigation =
        timer.time(
            "find navigation items",
            () ->
                Checkpoints.materialize(
                    FindNavigationItems.apply(families.itemEvidence(), alertEvidence, settings)));
    // checkpointed: the next steps read the lists, and an inlined ranking plan made their plan
    // huge (slow to compile, short of memory)
    Dataset<Row> recommendations =
        timer.time(
            "rank items",
            () ->
                Checkpoints.materialize(
                    RankRecommendations.apply(
                        scored,
                        catalogAlerts,
                        catalogDashboards,
                        similarAlerts,
                        navigation,
                        settings,
                        modelVersion,
                        generatedAt)));
    // what to open next: from the same families, similar alerts and lists (the list's items are
    // after items too)
    Dataset<Row> nextSteps =
        RankNextSteps.apply(
            transitionEvidence,
            families.familyMap(),
            families.itemEvidence(),
            alertEvidence,
            catalogAlerts,
            catalogDashboards,
            similarAlerts,
            recommendations,
            scored,
            navigation,
            settings,
            modelVersion,
            generatedAt);
    return new Result(recommendations, scored, families, similar, navigation, nextSteps);
  }

  /**
   * Re-keys investigation items (extract_investigation_items) by the merged query families, one row
   * per (investigation, item) again, so a backtest compares lists and relevance in the same ids.
   * Partitioned by (investigation_id, item_type) first: the regrouping and the relevance's
   * per-investigation windows then share that one shuffle.
   */
  public static Dataset<Row> itemsByFamily(
      Dataset<Row> investigationItems, Dataset<Row> familyMap) {
    Dataset<Row> map =
        familyMap.select(
            col("account_id").as("map_account_id"),
            col("item_id").as("map_item_id"),
            col("family_id"));
    return investigationItems
        .repartition(col("investigation_id"), col("item_type"))
        .join(
            map,
            col("item_type")
                .equalTo("query")
                .and(col("account_id").equalTo(col("map_account_id")))
                .and(col("item_id").equalTo(col("map_item_id"))),
            "left")
        .withColumn(
            "item_id",
            when(col("family_id").isNotNull(), col("family_id")).otherwise(col("item_id")))
        .groupBy(
            "account_id",
            "alert_id",
            "investigation_id",
            "user_hash",
            "item_type",
            "item_id",
            "duration_s",
            "started_on")
        .agg(
            sum("n_uses").as("n_uses"),
            max("via_recommendation").as("via_recommendation"),
            min("s_before_stop").as("s_before_stop"),
            max("proximity").as("proximity"))
        .select(
            "account_id",
            "alert_id",
            "investigation_id",
            "user_hash",
            "item_type",
            "item_id",
            "n_uses",
            "via_recommendation",
            "s_before_stop",
            "proximity",
            "duration_s",
            "started_on");
  }
}

package dev.alertrecs.steps;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;

import dev.alertrecs.config.JobSettings;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.MinHashLSHModel;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.StopWordsRemover;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Relates the alerts of each account by their titles and by their action profiles (the items their
 * investigations used more than the account's average), so that an alert with little history can
 * learn from its nearest siblings. Grain of the output: one row per (account, alert, similar
 * alert), the K most similar alerts of each alert with a similarity in [0, 1] (1 - Jaccard
 * distance) and its basis ({@code title} or {@code investigations}).
 *
 * <p>Reads the catalog alerts and the scored items; writes nothing (the job saves the fitted
 * models). Title words are tokenised, stop words removed and a trailing plural {@code s} dropped
 * ({@code errors} = {@code error}); both bases are word/item sets compared by MinHash LSH (seeded),
 * every pair then checked exactly.
 *
 * <p>Tenancy: the account is a hard key of every pair, and no stage learns from the data (no IDF:
 * an IDF fitted across accounts would let one account's titles weigh another's words, and one fit
 * per account does not scale to many accounts). The tokeniser, stop words, stemmer and hashing are
 * fixed functions, and each MinHash model is fitted on one empty vector of the feature dimension,
 * so its hash functions depend on the seed and the settings only. Shuffles: the two LSH joins (by
 * hash bucket) and the ranking (by alert).
 */
public final class FindSimilarAlerts {
  public static final String VIEW = "find_similar_alerts";
  public static final String DOCUMENTS_VIEW = "alert_documents";
  public static final String PAIRS_VIEW = "alert_pairs";

  static final String TITLE = "title";
  static final String TITLE_WORDS = "title_words";
  static final String TITLE_KEPT = "title_kept";
  static final String TITLE_TERMS = "title_terms";
  static final String TITLE_FEATURES = "title_features";
  static final String PROFILE_ITEMS = "profile_items";
  static final String PROFILE_FEATURES = "profile_features";
  static final String HASHES = "hashes";
  static final String DISTANCE = "distance";
  static final int NUM_FEATURES = 1 << 18;
  static final long TITLE_SEED = 20261121L;
  static final long PROFILE_SEED = 20261122L;

  /** The similar alerts and the fitted models, for saving. */
  public record Result(
      Dataset<Row> similarAlerts,
      PipelineModel features,
      MinHashLSHModel titleLsh,
      MinHashLSHModel profileLsh) {}

  private FindSimilarAlerts() {}

  public static Result apply(
      Dataset<Row> catalogAlerts, Dataset<Row> scoredItems, JobSettings settings) {
    SparkSession spark = catalogAlerts.sparkSession();
    SqlModel.register(catalogAlerts, "catalog_alerts");
    SqlModel.register(scoredItems, ScoreItems.VIEW);
    Dataset<Row> documents = SqlModel.run(spark, DOCUMENTS_VIEW, Map.of());

    PipelineModel features = featurePipeline().fit(documents);
    MinHashLSHModel titleLsh = lsh(spark, TITLE_FEATURES, TITLE_SEED, settings);
    MinHashLSHModel profileLsh = lsh(spark, PROFILE_FEATURES, PROFILE_SEED, settings);

    Dataset<Row> vectors = features.transform(documents);
    Dataset<Row> pairs =
        pairs(titleLsh, vectors.where(size(col(TITLE_TERMS)).gt(0)), "title", settings)
            .unionByName(
                pairs(
                    profileLsh,
                    vectors.where(size(col(PROFILE_ITEMS)).gt(0)),
                    "investigations",
                    settings));
    SqlModel.register(pairs, PAIRS_VIEW);
    Dataset<Row> similar =
        SqlModel.run(spark, VIEW, Map.of("similar_alerts_k", settings.similarAlertsK()));
    return new Result(similar, features, titleLsh, profileLsh);
  }

  static Pipeline featurePipeline() {
    return new Pipeline()
        .setStages(
            new PipelineStage[] {
              new RegexTokenizer()
                  .setInputCol(TITLE)
                  .setOutputCol(TITLE_WORDS)
                  .setPattern("[^\\p{L}\\p{N}]+")
                  .setToLowercase(true),
              new StopWordsRemover().setInputCol(TITLE_WORDS).setOutputCol(TITLE_KEPT),
              new SQLTransformer()
                  .setStatement(
                      "select *, array_distinct(transform("
                          + TITLE_KEPT
                          + ", w -> regexp_replace(w, '^(.{3,}[^s])s$', '$1'))) as "
                          + TITLE_TERMS
                          + " from __THIS__"),
              new HashingTF()
                  .setInputCol(TITLE_TERMS)
                  .setOutputCol(TITLE_FEATURES)
                  .setNumFeatures(NUM_FEATURES)
                  .setBinary(true),
              new HashingTF()
                  .setInputCol(PROFILE_ITEMS)
                  .setOutputCol(PROFILE_FEATURES)
                  .setNumFeatures(NUM_FEATURES)
                  .setBinary(true)
            });
  }

  private static MinHashLSHModel lsh(
      SparkSession spark, String inputCol, long seed, JobSettings settings) {
    return SeededMinHash.fit(
        spark, inputCol, HASHES, NUM_FEATURES, settings.similarAlertHashTables(), seed);
  }

  /** Pairs of one account within the similarity floor, each pair once (alert_id < similar). */
  private static Dataset<Row> pairs(
      MinHashLSHModel lsh, Dataset<Row> alerts, String basis, JobSettings settings) {
    Dataset<Row> slim = alerts.select("account_id", "alert_id", lsh.getInputCol());
    return lsh.approxSimilarityJoin(
            slim, slim, 1 - settings.similarAlertMinSimilarity() + 1e-9, DISTANCE)
        .where(
            col("datasetA.account_id")
                .equalTo(col("datasetB.account_id"))
                .and(col("datasetA.alert_id").lt(col("datasetB.alert_id"))))
        .select(
            col("datasetA.account_id").as("account_id"),
            col("datasetA.alert_id").as("alert_id"),
            col("datasetB.alert_id").as("similar_alert_id"),
            lit(1.0).minus(col(DISTANCE)).as("similarity"),
            lit(basis).as("basis"));
  }
}

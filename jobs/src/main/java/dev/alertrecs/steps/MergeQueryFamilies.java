package dev.alertrecs.steps;

import static org.apache.spark.sql.functions.array_except;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;

import dev.alertrecs.config.JobSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.MinHashLSHModel;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.feature.StopWordsRemover;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Merges textual query families that are variants of one query (reordered clauses, an extra filter)
 * with MinHash LSH over their clause sets, and re-keys the window's item evidence by the merged
 * family. Grain of the output: the grain of the stored item evidence, one row per (evidence_date,
 * account, alert, item_type, item_id).
 *
 * <p>Reads the window's stored evidence (its labels are the texts compared), never writes. Two
 * families of one account merge when MinHash finds them within {@code query_family_max_distance}
 * (Jaccard distance of their clause sets) AND one clause set contains the other: an extra filter
 * narrows the same query, but another value ({@code service:payments} for {@code service:checkout})
 * is another query, however many clauses the two share. A family is a clique of such pairs, never a
 * chain: a query shared as a subset by two services does not join them (on the driver: pairs are
 * few). The merged id is the smallest member id, stable while the members stay; the label is the
 * member text used most in the window.
 *
 * <p>Tenancy: the account is a hard key of every pair. The feature stages are fixed functions and
 * the MinHash model is fitted on one empty vector of the feature dimension, so no account's texts
 * shape the model. Shuffles: the LSH join (by hash bucket) and the re-keyed aggregation.
 */
public final class MergeQueryFamilies {
  public static final String VIEW = "merge_query_families";
  public static final String TEXTS_VIEW = "query_family_texts";
  public static final String MAP_VIEW = "query_family_map";

  static final String INVESTIGATIONS_SKETCH = "investigations_sketch";
  static final String FAMILY_TEXT = "family_text";
  static final String TOKENS = "tokens";
  static final String CLAUSES = "clauses";
  static final String FEATURES = "features";
  static final String HASHES = "hashes";
  static final String DISTANCE = "distance";
  static final int NUM_FEATURES = 1 << 18;
  static final long SEED = 20261120L;

  static final StructType MAP_SCHEMA =
      new StructType()
          .add("account_id", DataTypes.StringType, false)
          .add("item_id", DataTypes.StringType, false)
          .add("family_id", DataTypes.StringType, false)
          .add("family_label", DataTypes.StringType, true);

  /** The re-keyed evidence, the mapping it applied and the fitted models, for saving. */
  public record Result(
      Dataset<Row> itemEvidence,
      Dataset<Row> familyMap,
      PipelineModel features,
      MinHashLSHModel lsh) {}

  private MergeQueryFamilies() {}

  public static Result apply(
      Dataset<Row> itemEvidenceWindow, Dataset<Row> alertEvidenceWindow, JobSettings settings) {
    SparkSession spark = itemEvidenceWindow.sparkSession();
    // evidence stored before days kept their investigations' sketch is counted the older way;
    // before they kept resolved investigations and grades, it is scored by use (score_items.sql)
    itemEvidenceWindow =
        SqlModel.withNullColumn(itemEvidenceWindow, INVESTIGATIONS_SKETCH, "binary");
    itemEvidenceWindow = SqlModel.withNullColumn(itemEvidenceWindow, "n_resolved", "bigint");
    itemEvidenceWindow = SqlModel.withNullColumn(itemEvidenceWindow, "sum_gain", "bigint");
    SqlModel.register(itemEvidenceWindow, "item_evidence_window");
    SqlModel.register(alertEvidenceWindow, "alert_evidence_window");
    Dataset<Row> texts = SqlModel.run(spark, TEXTS_VIEW, Map.of());

    PipelineModel features = featurePipeline().fit(texts);
    MinHashLSHModel lsh =
        SeededMinHash.fit(
            spark, FEATURES, HASHES, NUM_FEATURES, settings.queryFamilyHashTables(), SEED);

    Dataset<Row> families = features.transform(texts).where(size(col(CLAUSES)).gt(0)).cache();
    List<Row> pairs =
        lsh.approxSimilarityJoin(
                families, families, settings.queryFamilyMaxDistance() + 1e-9, DISTANCE)
            .where(
                col("datasetA.account_id")
                    .equalTo(col("datasetB.account_id"))
                    .and(col("datasetA.item_id").lt(col("datasetB.item_id")))
                    .and(
                        size(array_except(col("datasetA.clauses"), col("datasetB.clauses")))
                            .equalTo(0)
                            .or(
                                size(array_except(col("datasetB.clauses"), col("datasetA.clauses")))
                                    .equalTo(0))))
            .select(
                col("datasetA.account_id"),
                col("datasetA.item_id"),
                col("datasetA.label"),
                col("datasetA.uses"),
                col("datasetB.item_id"),
                col("datasetB.label"),
                col("datasetB.uses"))
            .collectAsList();
    families.unpersist();

    Dataset<Row> familyMap = spark.createDataFrame(components(pairs), MAP_SCHEMA);
    SqlModel.register(familyMap, MAP_VIEW);
    Dataset<Row> merged = SqlModel.run(spark, VIEW, Map.of());
    return new Result(merged, familyMap, features, lsh);
  }

  /** Clause sets: split on spaces and parentheses, drop the implicit {@code and}, hash. */
  static Pipeline featurePipeline() {
    return new Pipeline()
        .setStages(
            new PipelineStage[] {
              new RegexTokenizer()
                  .setInputCol(FAMILY_TEXT)
                  .setOutputCol(TOKENS)
                  .setPattern("[\\s()]+")
                  .setToLowercase(true),
              new StopWordsRemover()
                  .setInputCol(TOKENS)
                  .setOutputCol(CLAUSES)
                  .setStopWords(new String[] {"and"}),
              new HashingTF()
                  .setInputCol(CLAUSES)
                  .setOutputCol(FEATURES)
                  .setNumFeatures(NUM_FEATURES)
                  .setBinary(true)
            });
  }

  /**
   * Families of the merge pairs, one mapping row per member of a family of two or more: the
   * smallest member id, and the most used member text.
   *
   * <p>A family is a clique of pairs, never a chain: a text joins a family only when it pairs with
   * every member. {@code level:error AND env:prod} pairs with both {@code service:checkout AND
   * level:error AND env:prod} and {@code service:payments AND ...}, but those two do not pair, so
   * they stay two families (the shared subset joins one of them). Texts are taken most used first
   * (then by id), each into the first family it fits, so the outcome does not depend on the order
   * of the pairs.
   */
  static List<Row> components(List<Row> pairs) {
    Map<String, String> labels = new HashMap<>();
    Map<String, Long> uses = new HashMap<>();
    java.util.Set<String> paired = new java.util.HashSet<>();
    for (Row p : pairs) {
      String a = key(p.getString(0), p.getString(1));
      String b = key(p.getString(0), p.getString(4));
      labels.put(a, p.getString(2));
      uses.put(a, p.getLong(3));
      labels.put(b, p.getString(5));
      uses.put(b, p.getLong(6));
      paired.add(a + '\u0001' + b);
      paired.add(b + '\u0001' + a);
    }
    List<String> texts = new ArrayList<>(labels.keySet());
    texts.sort(
        java.util.Comparator.comparing((String k) -> uses.get(k))
            .reversed()
            .thenComparing(java.util.Comparator.naturalOrder()));
    List<List<String>> families = new ArrayList<>();
    for (String text : texts) {
      List<String> home = null;
      for (List<String> family : families) {
        if (family.stream().allMatch(m -> paired.contains(text + '\u0001' + m))) {
          home = family;
          break;
        }
      }
      if (home == null) {
        home = new ArrayList<>();
        families.add(home);
      }
      home.add(text);
    }
    List<Row> rows = new ArrayList<>();
    for (List<String> family : families) {
      if (family.size() < 2) {
        continue;
      }
      String best = null;
      String root = null;
      for (String m : family) {
        if (best == null || moreUsed(m, best, labels, uses)) {
          best = m;
        }
        // the smallest member id of the account, stable while the members stay
        if (root == null || m.compareTo(root) < 0) {
          root = m;
        }
      }
      for (String m : family) {
        rows.add(RowFactory.create(account(m), itemId(m), itemId(root), labels.get(best)));
      }
    }
    rows.sort(
        java.util.Comparator.comparing((Row r) -> r.getString(0) + '\u0000' + r.getString(1)));
    return rows;
  }

  private static boolean moreUsed(
      String m, String best, Map<String, String> labels, Map<String, Long> uses) {
    int byUses = Long.compare(uses.get(m), uses.get(best));
    // ties go to the larger text, as max_by(label, struct(uses, label)) does in the SQL models
    return byUses > 0 || (byUses == 0 && labels.get(m).compareTo(labels.get(best)) > 0);
  }

  private static String key(String account, String itemId) {
    return account + '\u0000' + itemId;
  }

  private static String account(String key) {
    return key.substring(0, key.indexOf('\u0000'));
  }

  private static String itemId(String key) {
    return key.substring(key.indexOf('\u0000') + 1);
  }
}

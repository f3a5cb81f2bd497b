package dev.alertrecs.steps;

import java.util.List;
import org.apache.spark.ml.feature.MinHashLSH;
import org.apache.spark.ml.feature.MinHashLSHModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * A MinHashLSH model fitted on one empty vector. MinHash draws its hash functions from the seed,
 * the number of tables and the vector size only: fitting it on no data makes its independence from
 * any account's data explicit, so one account can never shape another's hashes.
 */
final class SeededMinHash {
  private SeededMinHash() {}

  static MinHashLSHModel fit(
      SparkSession spark,
      String inputCol,
      String outputCol,
      int numFeatures,
      int hashTables,
      long seed) {
    return new MinHashLSH()
        .setInputCol(inputCol)
        .setOutputCol(outputCol)
        .setNumHashTables(hashTables)
        .setSeed(seed)
        .fit(
            spark.createDataFrame(
                List.of(RowFactory.create(Vectors.sparse(numFeatures, new int[0], new double[0]))),
                new StructType().add(inputCol, SQLDataTypes.VectorType())));
  }
}

/**
 * Gramian on Apache Spark: the entry point {@link dev.gramian.spark.SparkGramian}, which is the core
 * command line extended by the commands that need a cluster. This module is the only one on the class
 * path (Spark's jars are not JPMS modules); it depends on the core modules and the core never on it,
 * so {@code ./gramian} starts it only for {@code sweep} and {@code probe --master}.
 */
package dev.gramian.spark;

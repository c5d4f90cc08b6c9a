/**
 * Connecting to Spark: which masters this build accepts ({@code local[N]}, {@code spark://HOST:PORT}),
 * checking that a cluster is reachable and gives an executor before any work is handed out, and the
 * settings every Gramian job runs with (quiet logs, no web UI, the executors' class path).
 */
package dev.gramian.spark.cluster;

/**
 * {@code probe --master}: the entanglement audit's model work split across Spark executors. The
 * driver reads and tokenises the pairs and assembles the audit (through the core's
 * {@code AuditRunner}, so the files are the single-machine ones); each task measures a run of pairs
 * with its executor's cached {@code AuditModel} and returns plain arrays.
 */
package dev.gramian.spark.probe;

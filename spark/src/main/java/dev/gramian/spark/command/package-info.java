/**
 * The Spark commands, Picocli classes added to the core command line: {@code sweep align} and
 * {@code sweep dg}. They parse their own options (the grid, {@code --out}, {@code --resume}, the
 * master), hand every other argument to each run, and call the jobs of {@code dev.gramian.spark.sweep}.
 */
package dev.gramian.spark.command;

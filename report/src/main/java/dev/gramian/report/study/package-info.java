/**
 * A study: several runs compared on one variable (an objective, a domain rule) within groups (a task,
 * a data set, a domain count N). {@link dev.gramian.report.study.Study#of} reads the comparison from
 * the study's {@code summary.json} rows (a demo's or a sweep's; for plain runs, one row per run of its
 * summary metrics) and ties each row to the run directory it describes. The chart and html packages
 * lay the page out from it; nothing here reads files — runs come from {@code dev.gramian.runs}.
 */
package dev.gramian.report.study;

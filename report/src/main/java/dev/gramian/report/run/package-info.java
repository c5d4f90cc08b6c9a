/**
 * Reading run directories: {@code config.json}, {@code metrics.jsonl}, {@code summary.json} and the
 * probes' {@code <table>.jsonl} files, as described in docs/run-directory.md. Everything is read
 * into plain values ({@link dev.gramian.report.run.RunDirectory}, {@link dev.gramian.report.run.MetricRow})
 * that the chart and HTML packages consume; a malformed file fails with the file and line at fault,
 * a missing optional file is simply absent.
 */
package dev.gramian.report.run;

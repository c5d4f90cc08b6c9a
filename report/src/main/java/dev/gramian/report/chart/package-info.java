/**
 * The report's charts, drawn with XChart and encoded as PNG: metrics over steps (one chart per group
 * of related metric names, overlaying runs and phases), the entanglement probe's predicted-vs-realised
 * scatter and token × token cosine heat maps, and the final domain Gram matrix. Which charts appear
 * depends only on what the runs recorded, so the same code serves alignment, probe and DG runs.
 * {@link dev.gramian.report.chart.ReportCharts} is the entry point; the HTML package only sees
 * {@link dev.gramian.report.chart.Figure}s.
 */
package dev.gramian.report.chart;

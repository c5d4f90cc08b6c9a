/**
 * The report's charts, drawn with XChart and encoded as PNG: metrics over steps (one chart per group
 * of related metric names, one per phase), the entanglement probe's predicted-vs-realised
 * scatter and token × token cosine heat maps, and the final domain Gram matrix. Which charts appear
 * depends only on what the runs recorded, so the same code serves alignment, probe and DG runs.
 * {@link dev.gramian.report.chart.ReportCharts} draws a single run's page; for a study,
 * {@link dev.gramian.report.chart.StudyCharts} lays out small multiples per group (SVG, from the plot
 * package), keeping XChart for heat maps. The HTML package only sees figures and sections.
 */
package dev.gramian.report.chart;

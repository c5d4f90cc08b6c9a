/**
 * The report generator's public entry point, {@link dev.gramian.report.ReportWriter}: given run
 * directories, it writes one self-contained {@code report.html}. The command line
 * ({@code gramian report}) and the demos call it; how charts are drawn
 * ({@code chart}) and the page assembled ({@code html}) is internal to this module.
 */
package dev.gramian.report;

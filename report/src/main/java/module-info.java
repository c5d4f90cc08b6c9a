/**
 * {@code gramian report}: reads one or more run directories (see docs/run-directory.md) and writes
 * one self-contained HTML page of charts, configuration and summary tables. Only
 * {@link dev.gramian.report.ReportWriter} is exported; runs are read by {@code dev.gramian.runs}, their
 * owner; drawing charts and writing HTML stay internal so the page format can change without breaking callers.
 */
module dev.gramian.report {
    requires dev.gramian.api;
    requires dev.gramian.runs; // reads the run directories
    requires com.fasterxml.jackson.databind;
    requires java.desktop;
    requires org.knowm.xchart;

    exports dev.gramian.report;
}

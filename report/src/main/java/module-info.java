/**
 * {@code gramian report}: reads one or more run directories (see docs/run-directory.md) and writes
 * one self-contained HTML page of charts, configuration and summary tables. Only
 * {@link dev.gramian.report.ReportWriter} is exported; reading runs, drawing charts and writing HTML
 * stay internal so the page format can change without breaking callers.
 */
module dev.gramian.report {
    requires dev.gramian.api;
    requires com.fasterxml.jackson.databind;
    requires java.desktop;
    requires org.knowm.xchart;

    exports dev.gramian.report;
}

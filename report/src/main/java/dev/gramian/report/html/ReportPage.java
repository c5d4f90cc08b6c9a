package dev.gramian.report.html;

import dev.gramian.report.chart.Figure;
import dev.gramian.report.chart.FigureSection;
import dev.gramian.runs.RecordedRun;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes the report as one HTML document: a header per run (where it lives, its configuration, its
 * summary and, for an alignment run, its held-out completions before and after training), then the
 * chart sections. Styles are inline in the head; charts are
 * {@code data:} URIs; nothing else is referenced.
 */
public final class ReportPage {
    static final String STYLE = """
            body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 24px auto; max-width: 1180px;
                   color: #222; background: #fff; line-height: 1.4; }
            h1 { font-size: 26px; margin-bottom: 4px; }
            h2 { font-size: 20px; border-bottom: 1px solid #ddd; padding-bottom: 4px; margin-top: 32px; }
            h3 { font-size: 16px; margin: 16px 0 6px; }
            .path { color: #666; font-family: "DejaVu Sans Mono", monospace; font-size: 13px; }
            table { border-collapse: collapse; margin: 6px 0 12px; font-size: 13px; }
            th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
            table.rows th { background: #f3f5f8; overflow-wrap: anywhere; min-width: 4em; }
            table.kv th { background: #f7f7f7; font-weight: 600; white-space: nowrap; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; }
            table.completions td { white-space: pre-wrap; max-width: 260px; }
            .none { color: #888; font-style: italic; }
            figure { margin: 16px 0; }
            figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
            figcaption { color: #555; font-size: 13px; }
            figcaption .series { color: #777; font-size: 12px; }
            """;

    private ReportPage() {}

    /** The whole document for one run (or several overlaid) and their charts. */
    public static String render(List<RecordedRun> runs, List<FigureSection> sections) {
        String names = runs.stream().map(RecordedRun::name).collect(Collectors.joining(", "));
        StringBuilder html = new StringBuilder(1 << 16);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>Gramian report: ").append(HtmlText.escape(names)).append("</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n")
                .append("<h1>Gramian report</h1>\n<p>")
                .append("Run ")
                .append(HtmlText.escape(names)).append("</p>\n");
        for (RecordedRun run : runs) {
            appendRun(html, run);
        }
        if (sections.isEmpty()) {
            html.append("<h2>Charts</h2>\n<p class=\"none\">The runs recorded no metrics to chart.</p>\n");
        }
        for (FigureSection section : sections) {
            html.append("<section class=\"charts\">\n<h2>").append(HtmlText.escape(section.title())).append("</h2>\n");
            for (Figure figure : section.figures()) {
                appendFigure(html, figure);
            }
            html.append("</section>\n");
        }
        return html.append("</body>\n</html>\n").toString();
    }

    /** One PNG figure with its caption (and its series, if it has a legend). */
    static void appendFigure(StringBuilder html, Figure figure) {
        String title = HtmlText.escape(figure.title());
        html.append("<figure>\n<img src=\"").append(figure.dataUri()).append("\" width=\"")
                .append(figure.width()).append("\" height=\"").append(figure.height()).append("\" alt=\"")
                .append(title).append("\">\n<figcaption>").append(title);
        if (!figure.series().isEmpty()) {
            html.append("<br><span class=\"series\">").append(HtmlText.escape(String.join("; ", figure.series())))
                    .append("</span>");
        }
        html.append("</figcaption>\n</figure>\n");
    }

    private static void appendRun(StringBuilder html, RecordedRun run) {
        html.append("<section class=\"run\">\n<h2>Run ").append(HtmlText.escape(run.name())).append("</h2>\n")
                .append("<p class=\"path\">").append(HtmlText.escape(run.path().toString())).append("</p>\n")
                .append("<h3>Configuration</h3>\n");
        if (run.config().isObject()) {
            html.append(JsonTables.config(run.config()));
        } else {
            html.append("<p class=\"none\">No config.json.</p>\n");
        }
        html.append("<h3>Summary</h3>\n");
        if (run.summary().isMissingNode()) {
            html.append("<p class=\"none\">No summary.json.</p>\n");
        } else {
            html.append(JsonTables.summary(run.summary()));
        }
        html.append(CompletionsTable.render(run.table(CompletionsTable.TABLE)));
        html.append("</section>\n");
    }
}

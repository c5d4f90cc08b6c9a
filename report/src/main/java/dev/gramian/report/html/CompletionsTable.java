package dev.gramian.report.html;

import dev.gramian.runs.JsonLine;

import java.util.List;

/**
 * The held-out prompts an alignment run completed greedily before and after training
 * ({@code completions.jsonl}), shown beside the pair's chosen and rejected responses: one row per
 * prompt, columns prompt, chosen, rejected, before, after. Text is escaped and keeps its line breaks.
 */
final class CompletionsTable {
    /** The table's name in a run directory ({@code completions.jsonl}). */
    static final String TABLE = "completions";
    private static final List<String> COLUMNS = List.of("prompt", "chosen", "rejected", "before", "after");

    private CompletionsTable() {}

    /** The HTML table of {@code rows}, or the empty string when there are none. */
    static String render(List<JsonLine> rows) {
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder html = new StringBuilder("<h3>Completions (greedy, held-out prompts)</h3>\n"
                + "<table class=\"rows completions\">\n<tr>");
        for (String column : COLUMNS) {
            html.append("<th>").append(column).append("</th>");
        }
        html.append("</tr>\n");
        for (JsonLine row : rows) {
            html.append("<tr>");
            for (String column : COLUMNS) {
                var value = row.value().get(column);
                html.append(value == null || value.isNull() ? "<td class=\"none\">none</td>"
                        : "<td>" + HtmlText.escape(value.asText()) + "</td>");
            }
            html.append("</tr>\n");
        }
        return html.append("</table>\n").toString();
    }
}

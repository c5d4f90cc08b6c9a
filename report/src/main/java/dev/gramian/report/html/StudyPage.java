package dev.gramian.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gramian.report.chart.Figure;
import dev.gramian.report.chart.StudySection;
import dev.gramian.report.plot.Numbers;
import dev.gramian.report.plot.Palette;
import dev.gramian.report.plot.SmallMultiples;
import dev.gramian.report.study.Direction;
import dev.gramian.report.study.Study;
import dev.gramian.report.study.StudyRow;
import dev.gramian.runs.RecordedRun;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The page of a study, in the order a reader asks: what was compared and what came out (the summary
 * table, the best value per group marked), the configuration as one table of what differs between
 * the runs with the shared settings once (collapsed), the charts as small multiples, and each run's
 * own summary on demand. Charts are inline SVG that print and show without scripts; the one inline
 * script adds a quick tooltip and legend toggles.
 */
public final class StudyPage {
    /** Keys left out of the configuration comparison: they differ between any two runs. */
    private static final Set<String> VOLATILE_KEYS = Set.of("created");

    private StudyPage() {}

    /** The whole document. */
    public static String render(Study study, Palette palette, List<StudySection> sections) {
        StringBuilder html = new StringBuilder(1 << 18);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>Gramian study: ").append(HtmlText.escape(study.name())).append("</title>\n")
                .append("<style>\n").append(ReportPage.STYLE).append(PageScript.STYLE).append("</style>\n</head>\n<body>\n")
                .append("<h1>Gramian study: ").append(HtmlText.escape(study.name())).append("</h1>\n<p>")
                .append(study.runs().size()).append(" runs compared by <b>").append(HtmlText.escape(study.compared()))
                .append("</b> (").append(HtmlText.escape(String.join(", ", study.variants()))).append(')');
        if (!study.grouping().isEmpty()) {
            html.append(", one group per ").append(HtmlText.escape(study.groupingName())).append(" (")
                    .append(HtmlText.escape(String.join(", ", study.groups()))).append(')');
        }
        html.append(".</p>\n<h2>Summary</h2>\n");
        summary(html, study, palette);
        html.append("<h2>Configuration</h2>\n");
        configuration(html, study);
        for (StudySection section : sections) {
            html.append("<section class=\"charts\">\n<h2>").append(HtmlText.escape(section.title())).append("</h2>\n");
            for (SmallMultiples plot : section.plots()) {
                html.append(plot.html());
            }
            if (!section.images().isEmpty()) {
                html.append("<div class=\"images\">\n");
                for (Figure figure : section.images()) {
                    ReportPage.appendFigure(html, figure);
                }
                html.append("</div>\n");
            }
            html.append("</section>\n");
        }
        runDetails(html, study);
        return html.append(PageScript.SCRIPT).append("</body>\n</html>\n").toString();
    }

    /**
     * The summary rows; in each result column with a direction, the best value of each group in bold
     * (not where the whole group ties).
     */
    private static void summary(StringBuilder html, Study study, Palette palette) {
        List<String> columns = new ArrayList<>();
        study.rows().forEach(row -> row.values().fieldNames().forEachRemaining(column -> {
            if (!columns.contains(column)) {
                columns.add(column);
            }
        }));
        Map<String, Map<String, Double>> best = new HashMap<>();
        for (String column : study.results()) {
            Direction direction = Direction.of(column);
            Map<String, Double> byGroup = new HashMap<>();
            for (StudyRow row : study.rows()) {
                double value = row.number(column);
                Double current = byGroup.get(row.group());
                if (Double.isFinite(value) && (current == null || direction.better(value, current))) {
                    byGroup.put(row.group(), value);
                }
            }
            if (direction != Direction.NONE) {
                byGroup.entrySet().removeIf(top -> study.rows().stream().filter(row -> row.group().equals(top.getKey()))
                        .allMatch(row -> row.number(column) == top.getValue()));
                if (!byGroup.isEmpty()) {
                    best.put(column, byGroup);
                }
            }
        }
        html.append("<table class=\"rows study-summary\">\n<tr>");
        for (String column : columns) {
            String arrow = Direction.of(column).arrow();
            html.append("<th>").append(HtmlText.escape(column));
            if (study.results().contains(column) && Direction.of(column) != Direction.NONE) {
                html.append(" <span class=\"arrow\" title=\"").append(arrow.equals("↑") ? "higher" : "lower")
                        .append(" is better\">").append(arrow).append("</span>");
            }
            html.append("</th>");
        }
        html.append("</tr>\n");
        for (StudyRow row : study.rows()) {
            html.append("<tr>");
            for (String column : columns) {
                JsonNode value = row.values().get(column);
                if (value != null && value.isNumber() && !value.isIntegralNumber()) {
                    double number = value.doubleValue();
                    Double top = best.getOrDefault(column, Map.of()).get(row.group());
                    boolean isBest = top != null && number == top;
                    html.append("<td class=\"num").append(isBest ? " best" : "").append("\">")
                            .append(isBest ? "<b>" : "").append(HtmlText.escape(Numbers.format(number, 4)))
                            .append(isBest ? "</b>" : "").append("</td>");
                } else {
                    boolean variant = column.equals(study.compared());
                    html.append("<td").append(value != null && value.isNumber() ? " class=\"num\"" : "").append('>')
                            .append(variant ? "<span class=\"dot\" style=\"color:" + palette.colour(row.variant()) + "\">●</span> " : "")
                            .append(value == null ? "" : HtmlText.escape(JsonTables.inline(value))).append("</td>");
                }
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
        if (!best.isEmpty()) {
            html.append("<p class=\"note\">Bold: the best value ")
                    .append(study.grouping().isEmpty() ? "" : "per " + HtmlText.escape(study.groupingName()) + " ")
                    .append("in the columns where higher (↑) or lower (↓) is better.</p>\n");
        }
    }

    /** One table of the settings that differ between runs, the shared ones once; all collapsed. */
    private static void configuration(StringBuilder html, Study study) {
        Map<String, Map<String, String>> flat = new LinkedHashMap<>();
        for (RecordedRun run : study.runs()) {
            Map<String, String> settings = new LinkedHashMap<>();
            if (run.config().isObject()) {
                flatten("", run.config(), settings);
            }
            flat.put(run.name(), settings);
        }
        Set<String> keys = new LinkedHashSet<>();
        flat.values().forEach(settings -> keys.addAll(settings.keySet()));
        List<String> differing = new ArrayList<>();
        Map<String, String> shared = new LinkedHashMap<>();
        for (String key : keys) {
            if (VOLATILE_KEYS.contains(key)) {
                continue;
            }
            Set<String> values = new LinkedHashSet<>();
            flat.values().forEach(settings -> values.add(settings.getOrDefault(key, "—")));
            if (values.size() > 1) {
                differing.add(key);
            } else {
                shared.put(key, values.iterator().next());
            }
        }
        differing.sort(Comparator.comparingInt(StudyPage::leadingRank));
        html.append("<details class=\"config\">\n<summary>What differs between the ").append(study.runs().size())
                .append(" runs (").append(differing.size()).append(differing.size() == 1 ? " setting" : " settings")
                .append("), the ").append(shared.size()).append(" settings they share")
                .append(study.config().isObject() ? ", and the study's own configuration" : "").append("</summary>\n")
                .append("<table class=\"rows config-diff\">\n<tr><th>run</th>");
        differing.forEach(key -> html.append("<th>").append(HtmlText.escape(key)).append("</th>"));
        html.append("</tr>\n");
        flat.forEach((run, settings) -> {
            html.append("<tr><th>").append(HtmlText.escape(run)).append("</th>");
            differing.forEach(key -> html.append("<td>").append(HtmlText.escape(settings.getOrDefault(key, "—")))
                    .append("</td>"));
            html.append("</tr>\n");
        });
        html.append("</table>\n<h3>Shared by all runs</h3>\n<table class=\"kv\">\n");
        shared.forEach((key, value) -> html.append("<tr><th>").append(HtmlText.escape(key)).append("</th><td>")
                .append(HtmlText.escape(value)).append("</td></tr>\n"));
        html.append("</table>\n");
        if (study.config().isObject()) {
            html.append("<h3>The study's own configuration</h3>\n").append(JsonTables.config(study.config()));
        }
        html.append("</details>\n");
    }

    /** The position of a key's first part among the identifying keys, so objective and rule come first. */
    private static int leadingRank(String key) {
        int index = JsonTables.LEADING_CONFIG_KEYS.indexOf(key.split("\\.", 2)[0]);
        return index < 0 ? JsonTables.LEADING_CONFIG_KEYS.size() : index;
    }

    /** Objects become dotted keys, except plugin references, which read as one value ({@code dpo (beta=0.1)}). */
    private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
        node.fields().forEachRemaining(field -> {
            String key = prefix + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject() && value.size() > 0 && !JsonTables.isPluginReference(value)) {
                flatten(key + ".", value, into);
            } else {
                into.put(key, JsonTables.inline(value));
            }
        });
    }

    /** Each run's directory and own summary, collapsed. */
    private static void runDetails(StringBuilder html, Study study) {
        html.append("<h2>Runs</h2>\n");
        for (RecordedRun run : study.runs()) {
            html.append("<details class=\"run\">\n<summary>").append(HtmlText.escape(run.name())).append("</summary>\n")
                    .append("<p class=\"path\">").append(HtmlText.escape(run.path().toString())).append("</p>\n");
            html.append(run.summary().isMissingNode() ? "<p class=\"none\">No summary.json.</p>\n"
                    : JsonTables.summary(run.summary()));
            html.append("</details>\n");
        }
    }
}

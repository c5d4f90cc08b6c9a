package dev.gramian.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns the JSON of {@code config.json} and {@code summary.json} into HTML tables: a list of row
 * objects becomes one table with a column per key; an object becomes a key/value table. Plugin
 * references ({@code {"id": …, "options": {…}}}) read as {@code id (key=value, …)}, and numbers
 * are shown with four significant digits.
 */
final class JsonTables {
    /** Configuration keys shown first, in this order, because they identify the run. */
    static final List<String> LEADING_CONFIG_KEYS = List.of(
            "command", "objective", "rule", "optimizer", "dataset", "probes", "data", "model", "seed",
            "gramian_version", "created");

    private JsonTables() {}

    /** A key/value table of the configuration, identifying keys first. */
    static String config(JsonNode config) {
        List<String> keys = new ArrayList<>();
        LEADING_CONFIG_KEYS.stream().filter(config::has).forEach(keys::add);
        config.fieldNames().forEachRemaining(key -> {
            if (!keys.contains(key)) {
                keys.add(key);
            }
        });
        StringBuilder html = new StringBuilder("<table class=\"kv\">\n");
        for (String key : keys) {
            html.append("<tr><th>").append(HtmlText.escape(key)).append("</th><td>")
                    .append(HtmlText.escape(inline(config.get(key)))).append("</td></tr>\n");
        }
        return html.append("</table>\n").toString();
    }

    /** The summary: a table of rows, a key/value table, or a single value. */
    static String summary(JsonNode summary) {
        if (summary.isArray() && summary.size() > 0 && allObjects(summary)) {
            return rows(summary);
        }
        if (summary.isObject()) {
            StringBuilder html = new StringBuilder("<table class=\"kv\">\n");
            summary.fields().forEachRemaining(field -> html.append("<tr><th>").append(HtmlText.escape(field.getKey()))
                    .append("</th><td>").append(HtmlText.escape(inline(field.getValue()))).append("</td></tr>\n"));
            return html.append("</table>\n").toString();
        }
        return "<p class=\"value\">" + HtmlText.escape(inline(summary)) + "</p>\n";
    }

    private static String rows(JsonNode rows) {
        Set<String> columns = new LinkedHashSet<>();
        rows.forEach(row -> row.fieldNames().forEachRemaining(columns::add));
        StringBuilder html = new StringBuilder("<table class=\"rows\">\n<tr>");
        columns.forEach(column -> html.append("<th>").append(HtmlText.escape(column)).append("</th>"));
        html.append("</tr>\n");
        for (JsonNode row : rows) {
            html.append("<tr>");
            for (String column : columns) {
                JsonNode value = row.get(column);
                String cssClass = value != null && value.isNumber() ? " class=\"num\"" : "";
                html.append("<td").append(cssClass).append('>')
                        .append(value == null ? "" : HtmlText.escape(inline(value))).append("</td>");
            }
            html.append("</tr>\n");
        }
        return html.append("</table>\n").toString();
    }

    private static boolean allObjects(JsonNode array) {
        for (JsonNode element : array) {
            if (!element.isObject()) {
                return false;
            }
        }
        return true;
    }

    /** One line of plain text for any JSON value (not yet escaped). */
    static String inline(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "—";
        }
        if (value.isNumber()) {
            return number(value);
        }
        if (value.isValueNode()) {
            return value.asText();
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(inline(item)));
            return value.size() > 0 && value.get(0).isArray()
                    ? String.join("; ", items) : String.join(", ", items);
        }
        if (isPluginReference(value)) {
            JsonNode id = value.get("id");
            JsonNode options = value.path("options");
            return options.isObject() && options.size() > 0 ? id.asText() + " (" + pairs(options, "=") + ")" : id.asText();
        }
        return pairs(value, ": ");
    }

    /** Whether {@code value} is {@code {"id": …}} or {@code {"id": …, "options": {…}}}. */
    static boolean isPluginReference(JsonNode value) {
        JsonNode id = value.get("id");
        return value.isObject() && id != null && id.isTextual() && value.size() <= 2
                && (value.size() == 1 || value.has("options"));
    }

    private static String pairs(JsonNode object, String separator) {
        List<String> items = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) object::fields) {
            items.add(field.getKey() + separator + inline(field.getValue()));
        }
        return String.join(", ", items);
    }

    private static String number(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue().toString();
        }
        double number = value.doubleValue();
        double magnitude = Math.abs(number);
        if (number == 0 || (magnitude >= 1e-3 && magnitude < 1e7)) {
            return new BigDecimal(number).round(new MathContext(4)).stripTrailingZeros().toPlainString();
        }
        return String.format(Locale.ROOT, "%.3e", number);
    }
}

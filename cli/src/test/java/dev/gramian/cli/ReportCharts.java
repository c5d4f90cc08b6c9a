package dev.gramian.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts the charts of a generated {@code report.html}: figures whose image is an inline PNG, and a
 * study's figures of SVG small multiples.
 */
public final class ReportCharts {
    private static final Pattern CHART = Pattern.compile(
            "<figure>\\s*<img src=\"data:image/png;base64,|<figure class=\"multiples\">");

    private ReportCharts() {
    }

    /** The number of charts in the report at {@code report}. */
    public static int count(Path report) throws IOException {
        Matcher matcher = CHART.matcher(Files.readString(report));
        int charts = 0;
        while (matcher.find()) {
            charts++;
        }
        return charts;
    }
}

package dev.gramian.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of several runs: a demo's study or plain runs side by side. */
class StudyReportTest {
    private static final Pattern PANEL = Pattern.compile("<svg class=\"panel\".*?</svg>", Pattern.DOTALL);
    private static final Pattern LEGEND_KEY = Pattern.compile(
            "<button type=\"button\" class=\"key\" data-series=\"s\\d+\"[^>]*><svg[^>]*>.*?stroke=\"(#[0-9a-f]{6})\".*?</svg>([^<]*)</button>");

    @TempDir
    Path temp;

    private final ReportWriter writer = new ReportWriter();

    @Test
    void demoStudyOpensWithItsSummaryAndMarksTheBestValuePerTask() throws Exception {
        Path demo = temp.resolve("demo");
        List<Path> runs = RunFixtures.entanglementStudy(demo);

        Path report = writer.write(runs, demo.resolve("report.html"));

        String html = Files.readString(report);
        String firstTable = html.substring(html.indexOf("<table"), html.indexOf("</table>"));
        assertTrue(firstTable.startsWith("<table class=\"rows study-summary\">"), firstTable);
        assertTrue(html.indexOf("study-summary") < html.indexOf("<details class=\"config\">"), "summary before configuration");
        assertTrue(firstTable.contains("<th>delta_logp_chosen <span class=\"arrow\""), "direction shown");
        List<String> bestChosen = new ArrayList<>();
        List<String> rows = List.of(firstTable.split("</tr>\n"));
        for (String row : rows.subList(1, rows.size())) {
            List<String> cells = cells(row);
            if (cells.get(2).contains("<b>")) {
                bestChosen.add(text(cells.get(0)) + "/" + text(cells.get(1)));
            }
        }
        assertEquals(List.of("1t/dpo+normalized", "short-suffix/simpo", "long-suffix/simpo"), bestChosen,
                "the largest change of the chosen log-probability per task");
        assertFalse(firstTable.contains("<b>0.5</b>"), "frac_ideal ties everywhere, so nothing is marked");
        assertTrue(html.contains("9 runs compared by <b>objective</b> (dpo, dpo+normalized, simpo), one group per task"));
    }

    @Test
    void configurationIsOneCollapsedTableOfWhatDiffersAndTheSharedSettingsOnce() {
        String html = writer.render(List.of(demoDirectory()));

        Matcher details = Pattern.compile("<details class=\"config\">(.*?)</details>", Pattern.DOTALL).matcher(html);
        assertTrue(details.find(), "the configuration is in a closed <details>");
        String config = details.group(1);
        assertEquals(1, count(html, "<table class=\"rows config-diff\">"), "one table, not one per run");
        String header = config.substring(config.indexOf("<table class=\"rows config-diff\">"));
        header = header.substring(0, header.indexOf("</tr>"));
        assertEquals(List.of("run", "objective", "rule", "data.source"), cells(header).stream().map(StudyReportTest::text).toList(),
                "only what differs; the creation time is left out");
        assertTrue(config.contains("<th>short-suffix-simpo</th><td>simpo (beta=2)</td><td>gradient</td><td>dataset:short-suffix</td>"),
                config);
        String shared = config.substring(config.indexOf("<h3>Shared by all runs</h3>"));
        assertTrue(shared.contains("<tr><th>seed</th><td>1</td></tr>") && shared.contains("<th>model.width</th><td>64</td>"), shared);
        assertFalse(html.contains("<h3>Configuration</h3>"), "no per-run configuration tables");
    }

    @Test
    void sameObjectiveHasOneColourInEveryFigureAndNoPanelHasMoreThanEightSeries() {
        String html = writer.render(List.of(demoDirectory()));

        Map<String, Set<String>> colours = new HashMap<>();
        Matcher key = LEGEND_KEY.matcher(html);
        while (key.find()) {
            String variant = key.group(2).replaceFirst(" · (chosen|rejected)$", "");
            colours.computeIfAbsent(variant, k -> new HashSet<>()).add(key.group(1));
        }
        assertEquals(Set.of("dpo", "dpo+normalized", "simpo"), colours.keySet());
        colours.forEach((variant, used) -> assertEquals(1, used.size(), variant + " has one colour: " + used));
        assertEquals(3, colours.values().stream().map(used -> used.iterator().next()).distinct().count());
        Matcher panel = PANEL.matcher(html);
        int panels = 0;
        while (panel.find()) {
            panels++;
            int series = count(panel.group(), "<g class=\"series");
            assertTrue(series >= 1 && series <= 8, "a panel draws 1 to 8 series, not " + series);
        }
        assertTrue(panels >= 20, "small multiples, found " + panels + " panels");
    }

    @Test
    void entanglementSectionHasThePapersFiguresPerTask() {
        String html = writer.render(List.of(demoDirectory()));

        for (String figure : List.of("Change of the held-out log-probabilities since the start of alignment",
                "Distribution of the chosen–rejected gradient cosine over probe pairs",
                "Predicted against realised change of log-probabilities (per probe pair and step)")) {
            assertTrue(html.contains("<figcaption><b>" + figure + "</b>"), figure);
        }
        for (String panel : List.of("1t · chosen", "long-suffix · rejected")) {
            assertTrue(html.contains("<text class=\"ptitle\" x=\"54\" y=\"15\">" + panel + "</text>"), panel);
        }
        assertEquals(3, count(html, "<line class=\"diagonal\""), "one scatter panel with its diagonal per task");
        assertEquals(9, count(html, "<figcaption>Token × token gradient cosine: "), "one heat map per run");
        assertTrue(html.contains("Token × token gradient cosine: short-suffix · simpo, pair 0, step 40"));
        // the held-out chosen log-probability of 1t / dpo+normalized ends 0.125 above where it began
        assertTrue(html.contains("<title>dpo+normalized · 1t · chosen · step 40: 0.125</title>"), "exact value on hover");
        assertTrue(html.contains("<title>simpo · delta_logp_chosen (↑ better) · task long-suffix: -0.4</title>"));
    }

    @Test
    void demoDirectoryGivenAloneIsItsStudyWithoutTheRunsItsSummaryDoesNotName() {
        Path demo = demoDirectory();

        String html = writer.render(List.of(demo));

        assertTrue(html.contains("<h1>Gramian study: demo</h1>"));
        assertTrue(html.contains("9 runs compared"), "the three SFT runs are no rows of the summary");
        assertFalse(html.contains("1t-sft"));
        assertTrue(html.contains("<h3>The study's own configuration</h3>") && html.contains("<th>tasks</th>"));
    }

    @Test
    void fishStudyDrawsHeldOutAccuracyAgainstNPerRuleAndGipOverTraining() {
        Path demo = temp.resolve("fish-demo");
        List<Path> runs = RunFixtures.fishStudy(demo);

        String html = writer.render(List.of(demo));

        assertTrue(html.contains("6 runs compared by <b>rule</b> (erm, fish), one group per domains"), html.substring(0, 2000));
        assertTrue(html.contains("<figcaption><b>The summary&#39;s results against domains</b>"));
        assertTrue(html.contains("<title>fish · test_accuracy (↑ better) · domains 15: 0.75</title>"));
        assertTrue(html.contains("<figcaption><b>Inter-domain gradient inner product (GIP) over training</b>"));
        assertTrue(html.contains(">domains = 10</text>"), "one GIP panel per N");
        assertTrue(html.contains("<td class=\"num best\"><b>0.65</b></td>"), "Fish is best at N = 5");
        assertEquals(6, runs.size());
    }

    @Test
    void plainRunsAreComparedSideBySideByTheirSummaryNumbers() {
        Path dpo = RunFixtures.alignment(temp.resolve("a/run"), "dpo", 0.02);
        Path simpo = RunFixtures.alignment(temp.resolve("b/run"), "simpo", -0.01);

        String html = writer.render(List.of(dpo, simpo));

        String firstTable = html.substring(html.indexOf("<table"), html.indexOf("</table>"));
        assertTrue(firstTable.startsWith("<table class=\"rows study-summary\">\n<tr><th>run</th>"), firstTable);
        assertTrue(firstTable.contains("<th>eval/rewards/accuracies <span class=\"arrow\""), firstTable);
        assertTrue(firstTable.contains("a/run") && firstTable.contains("b/run"), "same names told apart by parent");
        assertTrue(html.contains("<th>objective</th>") && html.contains("<td>simpo (beta=0.1)</td>"), "what differs");
        assertTrue(html.contains("<title>b/run · rewards/margins · align · step 60: 0.6</title>"), "one series per run");
    }

    @Test
    void textFromTheSummaryIsEscaped() {
        Path demo = temp.resolve("demo");
        List<Path> runs = RunFixtures.fishStudy(demo);
        RunFixtures.write(demo.resolve("summary.json"), List.of(
                Map.of("rule", "<script>x</script>", "test_accuracy", 0.5, "run", "cdsprites-N5-erm"),
                Map.of("rule", "a&b", "test_accuracy", 0.6, "run", "cdsprites-N5-fish")));

        String html = writer.render(List.of(demo));

        assertFalse(html.contains("<script>x"));
        assertTrue(html.contains("&lt;script&gt;x&lt;/script&gt;") && html.contains("a&amp;b"));
        assertEquals(6, runs.size());
    }

    private Path demoDirectory() {
        Path demo = temp.resolve("demo");
        RunFixtures.entanglementStudy(demo);
        return demo;
    }

    private static List<String> cells(String row) {
        List<String> cells = new ArrayList<>();
        Matcher cell = Pattern.compile("<t[dh][^>]*>(.*?)</t[dh]>").matcher(row);
        while (cell.find()) {
            cells.add(cell.group(1));
        }
        return cells;
    }

    private static String text(String html) {
        return html.replaceAll("<[^>]+>", "").replace("●", "").trim();
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}

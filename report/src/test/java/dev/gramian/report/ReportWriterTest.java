package dev.gramian.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gramian.api.GramianException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
    private static final Pattern IMAGE = Pattern.compile(
            "<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\" width=\"(\\d+)\" height=\"(\\d+)\"");
    private static final Pattern FIGURE = Pattern.compile("<figure>.*?</figure>", Pattern.DOTALL);

    @TempDir
    Path temp;

    private final ReportWriter writer = new ReportWriter();

    @Test
    void alignmentRunGetsItsChartsConfigurationAndSummaryInItsOwnDirectory() throws IOException {
        Path run = RunFixtures.alignment(temp.resolve("dpo"), "dpo", 0.02);

        Path report = writer.write(List.of(run));

        assertEquals(run.resolve("report.html"), report);
        String html = Files.readString(report);
        assertTrue(images(html) >= 3, "at least three charts");
        assertTrue(html.contains("Log-probabilities of chosen and rejected responses"));
        assertTrue(html.contains("Reward accuracy"));
        assertTrue(html.contains("Reward margins"));
        assertTrue(html.contains("<th>command</th><td>align</td>"));
        assertTrue(html.contains("<th>objective</th><td>dpo (beta=0.1)</td>"));
        assertTrue(html.contains("<th>seed</th><td>7</td>"));
        assertTrue(html.contains("<th>eval/rewards/accuracies</th><td>0.86</td>"), "summary object as key/value table");
        assertTrue(html.indexOf("<th>command</th>") < html.indexOf("<th>gramian_version</th>"), "command first");
    }

    @Test
    void phasesGetOneChartEachAndTrainAndEvalShareIt() throws IOException {
        String html = Files.readString(writer.write(List.of(RunFixtures.alignment(temp.resolve("run"), "dpo", 0.02))));

        assertFalse(html.contains("<figcaption>Loss<"), "SFT and DPO count steps from zero each: no shared step axis");
        assertTrue(figure(html, "Loss (sft phase)").contains("<span class=\"series\">loss; eval/loss</span>"));
        assertTrue(figure(html, "Loss (align phase)").contains("<span class=\"series\">loss</span>"));
        String logps = figure(html, "Log-probabilities of chosen and rejected responses");
        assertTrue(logps.contains("eval/logps/chosen"), logps);
        assertFalse(logps.contains("· sft"), "SFT logged no log-probs, so there is no empty SFT series");
    }

    @Test
    void chartsAreDecodablePngsOfTheDeclaredSize() throws IOException {
        String html = writer.render(List.of(RunFixtures.domainGeneralisation(temp.resolve("fish"), "fish", 0.3)));

        Matcher image = IMAGE.matcher(html);
        int checked = 0;
        while (image.find()) {
            BufferedImage png = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(image.group(1))));
            assertEquals(Integer.parseInt(image.group(2)), png.getWidth());
            assertEquals(Integer.parseInt(image.group(3)), png.getHeight());
            checked++;
        }
        assertTrue(checked >= 3, "found " + checked + " charts");
    }

    @Test
    void entanglementRunGetsCosineCaseScatterAndAFewTokenHeatMaps() {
        String html = writer.render(List.of(RunFixtures.entanglement(temp.resolve("probe"))));

        assertTrue(html.contains("<h2>Gradient entanglement</h2>"));
        assertTrue(html.contains("Gradient cosine of chosen and rejected (mean and quantiles over probe pairs)"));
        assertTrue(figure(html, "Fraction of probe pairs per entanglement case").contains("entanglement/frac_both_fall"));
        String scatter = figure(html, "Predicted vs realised change of log-probabilities (per probe pair and step)");
        assertTrue(scatter.contains("chosen; rejected; realised = predicted"), scatter);
        assertTrue(html.contains("<figcaption>Distribution of the gradient cosine over probe pairs (latest probe step)"));
        assertEquals(3, count(html, "<figcaption>Token × token gradient cosine, pair "),
                "three heat maps from the five pairs of the latest step");
        assertTrue(html.contains("Token × token gradient cosine, pair 0, step 20"));
        assertFalse(html.contains(", step 0<"), "the latest probe step is shown");
        assertTrue(html.contains("<th>objective</th>") && html.contains("<td>dpo+normalized</td>"),
                "summary rows as a table");
    }

    @Test
    void domainRunGetsAccuracyGipAndTheFinalGramFromTheMetrics() {
        String html = writer.render(List.of(RunFixtures.domainGeneralisation(temp.resolve("erm"), "erm", 0.1)));

        String accuracy = figure(html, "Accuracy per training domain and on held-out data");
        assertTrue(accuracy.contains("train/0/accuracy; train/1/accuracy; val/accuracy; test/accuracy"), accuracy);
        assertTrue(html.contains("Gradient inner product between domains (GIP)"));
        assertTrue(html.contains("<figcaption>Domain gradient Gram matrix at the end</figcaption>"));
        assertFalse(html.contains("gip/gram/0/1"), "Gram entries go to the heat map, not a line chart");
        assertTrue(html.contains("<td>cdsprites</td>") && html.contains("<th>test_accuracy</th>"));
    }

    @Test
    void summaryDomainGramIsDrawnEvenWithoutGramMetrics() {
        Path run = temp.resolve("gram");
        RunFixtures.lines(run.resolve("metrics.jsonl"), List.of(RunFixtures.row(0, "dg", "loss", 1.0)));
        RunFixtures.write(run.resolve("summary.json"),
                Map.of("domain_gram", List.of(List.of(1.0, -0.5), List.of(-0.5, 2.0)), "rule", "fish"));

        String html = writer.render(List.of(run));

        assertTrue(html.contains("<figcaption>Domain gradient Gram matrix at the end</figcaption>"));
        assertTrue(html.contains("No config.json."), "a missing optional file is skipped");
    }

    @Test
    void severalRunsAreAStudyWithoutPerRunConfigurationTables() {
        Path erm = RunFixtures.domainGeneralisation(temp.resolve("erm"), "erm", 0.1);
        Path fish = RunFixtures.domainGeneralisation(temp.resolve("fish"), "fish", 0.4);

        String html = writer.render(List.of(erm, fish));

        assertTrue(html.contains("<h1>Gramian study: erm, fish</h1>"));
        assertFalse(html.contains("<h2>Run erm</h2>"));
        assertTrue(html.contains("<title>fish · gip/mean · step 100: 40</title>"), "GIP over steps, one series per run");
        assertTrue(html.contains("Domain gradient Gram matrix at the end: fish"));
    }

    @Test
    void alignmentRunShowsItsCompletionsBesideChosenAndRejected() {
        Path run = RunFixtures.alignment(temp.resolve("completions"), "dpo", 0.02);
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        row.put("pair", 0);
        row.put("prompt", "Review: <great> film.\nVerdict:");
        row.put("chosen", " positive");
        row.put("rejected", " negative");
        row.put("before", " negative");
        row.put("after", " positive");
        Map<String, Object> unfinished = new java.util.LinkedHashMap<>(row);
        unfinished.put("after", null);
        RunFixtures.lines(run.resolve("completions.jsonl"), List.of(row, unfinished));

        String html = writer.render(List.of(run));
        assertTrue(html.contains("<h3>Completions (greedy, held-out prompts)</h3>"), "a completions table");
        assertTrue(html.contains("<tr><th>prompt</th><th>chosen</th><th>rejected</th><th>before</th><th>after</th></tr>"),
                "side by side");
        assertTrue(html.contains("<td>Review: &lt;great&gt; film.\nVerdict:</td><td> positive</td><td> negative</td>"
                + "<td> negative</td><td> positive</td>"), "escaped, line breaks kept");
        assertTrue(html.contains("<td class=\"none\">none</td>"), "a run stopped before the end has no after yet");
        assertFalse(writer.render(List.of(RunFixtures.alignment(temp.resolve("plain"), "dpo", 0.02)))
                .contains("Completions"), "no table without completions");
    }

    @Test
    void textFromRunFilesIsEscaped() {
        Path run = RunFixtures.alignment(temp.resolve("x"), "dpo", 0.0);
        RunFixtures.config(run, Map.of("command", "<script>alert('x')</script>", "note", "a & b \"quoted\""));
        RunFixtures.lines(run.resolve("metrics.jsonl"), List.of(RunFixtures.row(0, "a<b>", "loss", 1.0),
                RunFixtures.row(1, "c", "loss", 0.5, "<i>custom</i>", 2.0)));

        String html = writer.render(List.of(run));

        assertFalse(html.contains("<script>"));
        assertFalse(html.contains("<i>"));
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        assertTrue(html.contains("a &amp; b &quot;quoted&quot;"));
        assertTrue(html.contains("Loss (a&lt;b&gt; phase)"));
        assertTrue(html.contains("Other metrics: &lt;i&gt;custom&lt;"));
    }

    @Test
    void pageReferencesNothingOutsideItself() {
        Path run = RunFixtures.entanglement(temp.resolve("probe"));
        RunFixtures.config(run, Map.of("command", "probe", "data", Map.of("source", "https://example.org/pairs.jsonl")));

        String html = writer.render(List.of(run, RunFixtures.domainGeneralisation(temp.resolve("dg"), "fish", 0.2)));

        Matcher reference = Pattern.compile("(?i)\\b(src|href)\\s*=\\s*[\"']?([^\"'\\s>]*)").matcher(html);
        List<String> references = new ArrayList<>();
        while (reference.find()) {
            references.add(reference.group(2));
        }
        assertFalse(references.isEmpty());
        assertTrue(references.stream().allMatch(target -> target.startsWith("data:image/png;base64,")), references::toString);
        assertFalse(Pattern.compile("(?i)<(link|iframe|object|embed)\\b").matcher(html).find());
        assertFalse(Pattern.compile("(?i)<script[^>]*\\bsrc").matcher(html).find(), "the script is inline");
        assertTrue(html.contains("<svg class=\"panel\""), "a study page: SVG charts");
        assertFalse(html.contains("url("), "no CSS that loads anything");
    }

    @Test
    void malformedMetricsLineIsReportedWithFileAndLine() throws IOException {
        Path run = RunFixtures.alignment(temp.resolve("bad"), "dpo", 0.02);
        List<String> lines = new ArrayList<>(Files.readAllLines(run.resolve("metrics.jsonl")));
        lines.set(2, "{\"step\": 20, \"loss\": 0.5,");
        Files.write(run.resolve("metrics.jsonl"), lines);

        GramianException error = assertThrows(GramianException.class, () -> writer.write(List.of(run)));

        assertEquals(GramianException.Category.INPUT, error.category());
        assertTrue(error.getMessage().startsWith(run.toAbsolutePath().resolve("metrics.jsonl") + ":3: malformed JSON"),
                error.getMessage());
        assertFalse(Files.exists(run.resolve("report.html")), "no report from a bad run");
    }

    @Test
    void malformedProbeTableLineIsReportedWithFileAndLine() throws IOException {
        Path run = RunFixtures.entanglement(temp.resolve("probe"));
        Files.writeString(run.resolve("entanglement-pairs.jsonl"), "{\"step\": 0}\n[1, 2]\n");

        GramianException error = assertThrows(GramianException.class, () -> writer.render(List.of(run)));

        assertTrue(error.getMessage().contains("entanglement-pairs.jsonl:2: expected one JSON object per line"),
                error.getMessage());
    }

    @Test
    void tokenMatrixOfTheWrongShapeNamesItsLine() {
        Path run = RunFixtures.entanglement(temp.resolve("probe"));
        RunFixtures.lines(run.resolve("token-entanglement.jsonl"), List.of(
                RunFixtures.row(0, "align", "chosen_tokens", List.of("a", "b"), "rejected_tokens", List.of("a", "c"),
                        "cosine", List.of(List.of(1.0, 0.0), List.of(0.0)))));

        GramianException error = assertThrows(GramianException.class, () -> writer.render(List.of(run)));

        assertTrue(error.getMessage().contains("token-entanglement.jsonl:1: \"cosine\" row 2 must have 2 values"),
                error.getMessage());
    }

    @Test
    void nonFiniteCellsAndRepeatedTokensStillDrawAHeatMap() {
        Path run = RunFixtures.entanglement(temp.resolve("probe"));
        Map<String, Object> row = RunFixtures.row(3, "align", "chosen_tokens", List.of("a", "a", "<b>"),
                "rejected_tokens", List.of("a", "c"), "cosine",
                List.of(List.of(1.0, 0.5), Arrays.asList(null, -0.5), List.of(0.0, 0.25)));
        row.remove("pair");
        RunFixtures.lines(run.resolve("token-entanglement.jsonl"), List.of(row));

        String html = writer.render(List.of(run));

        BufferedImage map = image(html, "Token × token gradient cosine, line 1, step 3");
        int black = 0;
        for (int y = 0; y < map.getHeight(); y++) {
            for (int x = 0; x < map.getWidth(); x++) {
                black += (map.getRGB(x, y) & 0xFFFFFF) == 0 ? 1 : 0;
            }
        }
        assertTrue(black < 3000, "the null cell is left blank, not painted black: " + black + " black pixels");
    }

    @Test
    void directoryThatIsNotARunIsRejected() throws IOException {
        Path notARun = Files.createDirectories(temp.resolve("src"));
        Files.writeString(notARun.resolve("config.json"), "{}");

        GramianException error = assertThrows(GramianException.class, () -> writer.write(List.of(notARun)));

        assertTrue(error.getMessage().contains("not a run directory: it has neither metrics.jsonl nor summary.json"),
                error.getMessage());
        assertThrows(GramianException.class, () -> writer.write(List.of()));
    }

    @Test
    void existingReportIsReplacedAndOutputPathHonoured() throws IOException {
        Path run = RunFixtures.alignment(temp.resolve("run"), "dpo", 0.02);
        Files.writeString(run.resolve("report.html"), "old");
        Path elsewhere = temp.resolve("overlay.html");

        writer.write(List.of(run));
        Path written = writer.write(List.of(run), elsewhere);

        assertTrue(Files.readString(run.resolve("report.html")).startsWith("<!DOCTYPE html>"));
        assertEquals(elsewhere, written);
        assertTrue(Files.readString(elsewhere).contains("Reward margins"));
        try (var files = Files.list(run)) {
            assertTrue(files.noneMatch(file -> file.getFileName().toString().endsWith(".tmp")), "no temporary left");
        }
    }

    private static int images(String html) {
        return count(html, "<img src=\"data:image/png;base64,");
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    /** The decoded chart of the figure captioned {@code title}. */
    private static BufferedImage image(String html, String title) {
        Matcher figure = FIGURE.matcher(html);
        while (figure.find()) {
            Matcher image = IMAGE.matcher(figure.group());
            if (figure.group().contains("<figcaption>" + title + "<") && image.find()) {
                try {
                    return ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(image.group(1))));
                } catch (IOException e) {
                    throw new AssertionError("chart '" + title + "' is not a PNG", e);
                }
            }
        }
        throw new AssertionError("no figure titled '" + title + "'");
    }

    /** The {@code <figure>} whose caption starts with {@code title}. */
    private static String figure(String html, String title) {
        Matcher figure = FIGURE.matcher(html);
        while (figure.find()) {
            if (figure.group().contains("<figcaption>" + title + "<") || figure.group().contains("<figcaption>" + title + "</")) {
                return figure.group().replaceAll("data:image/png;base64,[A-Za-z0-9+/=]+", "data:…");
            }
        }
        throw new AssertionError("no figure titled '" + title + "'");
    }
}

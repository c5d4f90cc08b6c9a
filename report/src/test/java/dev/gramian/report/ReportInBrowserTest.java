package dev.gramian.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens generated reports in Debian's headless Chromium (fresh profile, background networking
 * off): the page must load without errors, every chart image must decode with a non-zero size, and
 * a screenshot must show real content. The study report of a demo-style directory must open with the
 * study's summary table, keep the configuration collapsed, draw no panel with more than eight series,
 * show a point's value on hover, hide a series when its legend entry is clicked, and still show its
 * charts with scripts disabled. The report, the instrumented copy, the screenshot and
 * Chromium's output stay in {@code target/browser-report} for a person to look at. Without Chromium the test is skipped, except on CI ({@code CI=true}) where it fails.
 */
@Tag("browser")
class ReportInBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path OUT = Path.of("target", "browser-report").toAbsolutePath();
    private static final long TIMEOUT_SECONDS = 90;
    private static final Pattern MARKER = Pattern.compile(
            "<p id=\"render-check\">images=(\\d+) rendered=(\\d+) errors=(\\d+):([^<]*)</p>");

    /** Records load errors (capturing phase also sees failed images) and, after load, counts decoded images. */
    private static final String CHECK_SCRIPT = """
            <script>
            var renderErrors = [];
            window.addEventListener('error', function (e) {
              renderErrors.push(e.message || ('failed to load ' + (e.target && e.target.tagName)));
            }, true);
            window.addEventListener('load', function () {
              var images = Array.prototype.slice.call(document.images);
              var rendered = images.filter(function (i) {
                return i.complete && i.naturalWidth > 0 && i.naturalHeight > 0;
              }).length;
              var marker = document.createElement('p');
              marker.id = 'render-check';
              marker.textContent = 'images=' + images.length + ' rendered=' + rendered
                  + ' errors=' + renderErrors.length + ':' + renderErrors.join(' | ');
              document.body.appendChild(marker);
            });
            </script>
            """;

    /** After load: the page's structure, a hover over the first data point and a click on the first legend entry. */
    private static final String STUDY_CHECK_SCRIPT = """
            <script>
            window.addEventListener('load', function () {
              var result = {};
              var first = document.querySelector('table');
              result.firstTable = first ? first.className : '';
              var config = document.querySelector('table.config-diff');
              var details = config && config.closest('details');
              result.configCollapsed = !!details && !details.open && !config.checkVisibility();
              result.panels = document.querySelectorAll('svg.panel').length;
              result.maxSeries = 0;
              document.querySelectorAll('svg.panel').forEach(function (panel) {
                result.maxSeries = Math.max(result.maxSeries, panel.querySelectorAll('g.series').length);
              });
              var point = document.querySelector('svg.panel circle[data-tip]');
              result.pointTip = point ? point.getAttribute('data-tip') : '';
              var box = point.getBoundingClientRect();
              point.dispatchEvent(new MouseEvent('mouseover', {bubbles: true, clientX: box.x, clientY: box.y}));
              var tip = document.getElementById('tip');
              result.tipShown = !tip.hidden && tip.getClientRects().length > 0;
              result.tipText = tip.textContent;
              var key = document.querySelector('.legend .key');
              key.click();
              var series = key.closest('figure').querySelectorAll('g.series[data-series="' + key.getAttribute('data-series') + '"]');
              result.legendSeries = series.length;
              result.hiddenByLegend = Array.prototype.filter.call(series, function (g) {
                return getComputedStyle(g).display === 'none';
              }).length;
              var marker = document.createElement('pre');
              marker.id = 'study-check';
              marker.textContent = JSON.stringify(result);
              document.body.appendChild(marker);
            });
            </script>
            """;
    private static final Pattern STUDY_MARKER = Pattern.compile("<pre id=\"study-check\">([^<]*)</pre>");

    @TempDir
    static Path temp;

    private static Path report;
    private static Path study;
    private static Path fishStudy;
    private static int charts;

    @BeforeAll
    static void writeReport() throws IOException {
        boolean onCi = "true".equals(System.getenv("CI"));
        if (!Files.isExecutable(CHROMIUM)) {
            assertTrue(!onCi, CHROMIUM + " is missing; CI must install Debian's chromium package");
            Assumptions.abort(CHROMIUM + " is not installed; skipping the browser test");
        }
        Files.createDirectories(OUT);
        Path runs = temp.resolve("runs");
        Path alignment = RunFixtures.alignment(runs.resolve("dpo"), "dpo", 0.02);
        Path probe = RunFixtures.entanglement(runs.resolve("dpo-probe"));
        Path fish = RunFixtures.domainGeneralisation(runs.resolve("fish"), "fish", 0.3);
        report = new ReportWriter().write(List.of(alignment, probe, fish), OUT.resolve("report.html"));
        charts = countImages(Files.readString(report));
        Path demo = temp.resolve("demo-entanglement");
        study = new ReportWriter().write(RunFixtures.entanglementStudy(demo), demo.resolve("report.html"));
        Files.copy(study, OUT.resolve("study.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path fishDemo = temp.resolve("demo-fish");
        fishStudy = new ReportWriter().write(RunFixtures.fishStudy(fishDemo), fishDemo.resolve("report.html"));
    }

    @Test
    void entanglementStudyOpensWithItsSummaryKeepsConfigurationCollapsedAndShowsValuesOnHover() throws Exception {
        checkStudy(study, "study", 20, "dpo · delta_logp_chosen (↑ better) · task 1t: -0.25");
    }

    @Test
    void fishStudyOpensWithItsSummaryKeepsConfigurationCollapsedAndShowsValuesOnHover() throws Exception {
        checkStudy(fishStudy, "fish-study", 6, "erm · test_accuracy (↑ better) · domains 5: 0.55");
    }

    /** Opens the instrumented study page and checks structure, hover and legend; {@code firstPoint} is the first point's title. */
    private static void checkStudy(Path page, String name, int minimumPanels, String firstPoint) throws Exception {
        String html = Files.readString(page);
        Path instrumented = OUT.resolve(name + "-checked.html");
        Files.writeString(instrumented, html.replace("</body>", STUDY_CHECK_SCRIPT + "</body>"));

        String dom = chromium(name, "--virtual-time-budget=10000", "--dump-dom", instrumented.toUri().toString());

        Matcher marker = STUDY_MARKER.matcher(dom);
        assertTrue(marker.find(), "the check ran; DOM starts: " + dom.substring(0, Math.min(300, dom.length())));
        JsonNode result = new ObjectMapper().readTree(marker.group(1).replace("&quot;", "\"").replace("&amp;", "&"));
        assertEquals("rows study-summary", result.get("firstTable").asText(), "the first table is the study's summary");
        assertTrue(result.get("configCollapsed").asBoolean(), "the configuration is collapsed");
        assertTrue(result.get("panels").asInt() >= minimumPanels, "small multiples: " + result);
        assertTrue(result.get("maxSeries").asInt() <= 8, "no panel has more than eight series: " + result);
        Matcher title = Pattern.compile("<circle [^>]*><title>([^<]*)</title>").matcher(html);
        assertTrue(title.find());
        String expected = title.group(1).replace("&amp;", "&");
        assertEquals(firstPoint, expected, "the first point of the summary's first result column");
        assertEquals(expected, result.get("pointTip").asText());
        assertTrue(result.get("tipShown").asBoolean(), "hovering shows the tooltip: " + result);
        assertEquals(expected, result.get("tipText").asText(), "the tooltip holds the exact value");
        assertTrue(result.get("legendSeries").asInt() >= 2, "the legend entry names a series in every panel: " + result);
        assertEquals(result.get("legendSeries").asInt(), result.get("hiddenByLegend").asInt(),
                "clicking the legend entry hides its series in every panel");
    }

    /** Headless Chromium writes no screenshot with scripts switched off, so the page is shown without its script. */
    @Test
    void studyChartsShowWithoutTheScript() throws Exception {
        Path screenshot = OUT.resolve("study-no-script.png");
        Files.deleteIfExists(screenshot);
        Path withoutScript = OUT.resolve("study-no-script.html");
        String html = Files.readString(study);
        Files.writeString(withoutScript, Pattern.compile("<script>.*?</script>", Pattern.DOTALL).matcher(html).replaceAll(""));
        assertFalse(Files.readString(withoutScript).contains("<script"));

        chromium("study-no-script", "--screenshot=" + screenshot, "--window-size=1280,2400",
                withoutScript.toUri().toString());

        BufferedImage image = ImageIO.read(screenshot.toFile());
        Set<Integer> colours = new HashSet<>();
        for (int y = 1000; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                if (isPaletteBlueRedOrGreen(rgb)) {
                    colours.add(rgb);
                }
            }
        }
        assertTrue(colours.size() >= 3, "the charts below the summary draw the objectives' colours: " + colours);
        chromium("study-screenshot", "--screenshot=" + OUT.resolve("study.png"), "--window-size=1280,2400",
                study.toUri().toString());
    }

    /** The palette's first three colours, as the charts draw them. */
    private static boolean isPaletteBlueRedOrGreen(int rgb) {
        return rgb == 0x1F77B4 || rgb == 0xD62728 || rgb == 0x2CA02C;
    }

    @Test
    void everyChartImageDecodesAndThePageRaisesNoErrors() throws Exception {
        String html = Files.readString(report);
        Path instrumented = OUT.resolve("report-checked.html");
        Files.writeString(instrumented, html.replace("<body>\n", "<body>\n" + CHECK_SCRIPT));

        String dom = chromium("dom", "--virtual-time-budget=10000", "--dump-dom", instrumented.toUri().toString());

        Matcher marker = MARKER.matcher(dom);
        assertTrue(marker.find(), "the load handler ran; DOM starts: " + dom.substring(0, Math.min(300, dom.length())));
        assertTrue(charts >= 2, "the report has heat maps: " + charts);
        assertTrue(html.split("<svg class=\"panel\"", -1).length > 6, "and SVG charts");
        assertEquals(charts, Integer.parseInt(marker.group(1)), "images in the DOM");
        assertEquals(charts, Integer.parseInt(marker.group(2)), "images decoded with a non-zero size");
        assertEquals(0, Integer.parseInt(marker.group(3)), "errors during load: " + marker.group(4));
    }

    @Test
    void screenshotShowsChartsNotABlankPage() throws Exception {
        Path screenshot = OUT.resolve("report.png");
        Files.deleteIfExists(screenshot);

        chromium("screenshot", "--screenshot=" + screenshot, "--window-size=1200,2000", report.toUri().toString());

        BufferedImage image = ImageIO.read(screenshot.toFile());
        assertEquals(1200, image.getWidth());
        Set<Integer> colours = new HashSet<>();
        long nonWhite = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                if (rgb != 0xFFFFFF) {
                    nonWhite++;
                }
            }
        }
        long sampled = (long) (image.getWidth() / 2) * (image.getHeight() / 2);
        assertTrue(colours.size() >= 64, "a page of text and charts has many colours, found " + colours.size());
        assertTrue(nonWhite > sampled / 50, "more than 2% of the page is not white: " + nonWhite + " of " + sampled);
    }

    /** Runs headless Chromium with a fresh profile and background networking off; returns stdout. */
    private static String chromium(String name, String... arguments) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(temp, "profile-");
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile));
        command.addAll(List.of(arguments));
        Path stdout = OUT.resolve(name + ".out");
        Path stderr = OUT.resolve(name + ".err");
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("chromium did not finish in " + TIMEOUT_SECONDS + " s; see " + stderr);
        }
        assertEquals(0, process.exitValue(), "chromium failed; see " + stderr);
        return Files.readString(stdout);
    }

    private static int countImages(String html) {
        Matcher image = Pattern.compile("<img src=\"data:image/png;base64,").matcher(html);
        int count = 0;
        while (image.find()) {
            count++;
        }
        return count;
    }
}

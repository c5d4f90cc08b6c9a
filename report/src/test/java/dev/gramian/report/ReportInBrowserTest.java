package dev.gramian.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens a generated report in Debian's headless Chromium (fresh profile, background networking
 * off): the page must load without errors, every chart image must decode with a non-zero size, and
 * a screenshot must show real content. The report, the instrumented copy, the screenshot and
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

    @TempDir
    static Path temp;

    private static Path report;
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
    }

    @Test
    void everyChartImageDecodesAndThePageRaisesNoErrors() throws Exception {
        String html = Files.readString(report);
        Path instrumented = OUT.resolve("report-checked.html");
        Files.writeString(instrumented, html.replace("<body>\n", "<body>\n" + CHECK_SCRIPT));

        String dom = chromium("dom", "--virtual-time-budget=10000", "--dump-dom", instrumented.toUri().toString());

        Matcher marker = MARKER.matcher(dom);
        assertTrue(marker.find(), "the load handler ran; DOM starts: " + dom.substring(0, Math.min(300, dom.length())));
        assertTrue(charts >= 6, "the report has charts: " + charts);
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

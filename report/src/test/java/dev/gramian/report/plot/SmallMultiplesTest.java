package dev.gramian.report.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SmallMultiplesTest {
    private static final Pattern PANEL = Pattern.compile("<svg class=\"panel\".*?</svg>", Pattern.DOTALL);

    @Test
    void aPanelOfTenSeriesIsSplitIntoTwoOfAtMostEight() {
        Palette palette = new Palette();
        List<Series> series = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            series.add(new Series("rule " + i, palette.colour("rule " + i), Mark.LINE, List.of(new double[] {0, i},
                    new double[] {1, i + 1})));
        }

        SmallMultiples figure = new SmallMultiples("t", "", "step", "y", List.of(Panel.of("N = 5", series)), true, 0);

        assertEquals(List.of("N = 5 (1/2)", "N = 5 (2/2)"), figure.panels().stream().map(Panel::title).toList());
        assertEquals(List.of(8, 2), figure.panels().stream().map(panel -> panel.series().size()).toList());
        String html = figure.html();
        assertEquals(10, count(html, "<button type=\"button\" class=\"key\""), "one shared legend of ten entries");
        Matcher panel = PANEL.matcher(html);
        while (panel.find()) {
            assertTrue(count(panel.group(), "<g class=\"series") <= 8);
        }
    }

    @Test
    void ticksOfANarrowRangeAreDistinctAndPointsKeepTheirExactValue() {
        Series series = new Series("dpo", "#1f77b4", Mark.LINE,
                List.of(new double[] {0, -11.6652}, new double[] {10, -11.6611}, new double[] {20, Double.NaN}));

        String html = new SmallMultiples("t", "", "step", "logp", List.of(Panel.of("1t", List.of(series))), false, 0).html();

        Matcher tick = Pattern.compile("<text x=\"50\" y=\"[0-9.]+\" text-anchor=\"end\">([^<]+)</text>").matcher(html);
        Set<String> labels = new LinkedHashSet<>();
        int ticks = 0;
        while (tick.find()) {
            labels.add(tick.group(1));
            ticks++;
        }
        assertTrue(ticks >= 3, "y ticks: " + labels);
        assertEquals(ticks, labels.size(), "every y tick has its own label: " + labels);
        assertTrue(labels.contains("-11.665"), labels.toString());
        assertTrue(html.contains("<title>dpo · 1t · step 10: -11.661</title>"), "exact value of the point");
        assertEquals(2, count(html, "</title></circle>"), "the NaN point is left out");
    }

    @Test
    void sameKeyGetsTheSameColourAndNewKeysTheNextOnes() {
        Palette palette = Palette.of(List.of("erm", "fish"));

        assertEquals("#d62728", palette.colour("fish"));
        assertEquals("#1f77b4", palette.colour("erm"));
        assertEquals("#2ca02c", palette.colour("idgm"));
        assertEquals("#d62728", palette.colour("fish"));
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}

package dev.gramian.report.chart;

import dev.gramian.report.plot.Mark;
import dev.gramian.report.plot.Palette;
import dev.gramian.report.plot.Panel;
import dev.gramian.report.plot.Series;
import dev.gramian.report.plot.SmallMultiples;
import dev.gramian.report.study.Direction;
import dev.gramian.report.study.Study;
import dev.gramian.report.study.StudyRow;
import dev.gramian.runs.JsonLine;
import dev.gramian.runs.MetricRow;
import dev.gramian.runs.RecordedRun;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The charts of a study, as small multiples: one panel per group (task, data set, N), one colour
 * per value of the compared variable (objective, rule), taken from the page's palette. First the
 * summary's results by group (against N when the grouping is a number), then the entanglement
 * figures of the paper (held-out log-probability changes, cosine distributions, predicted against
 * realised changes, token heat maps) or the domain ones (GIP over training, final Gram matrices),
 * then every charted metric over steps.
 */
public final class StudyCharts {
    private static final String[] SIDES = {"chosen", "rejected"};
    private static final int COSINE_BINS = 20;
    /** Per-domain training metrics ({@code train/<domain>/accuracy}) would make a panel per domain; they stay per run. */
    private static final Pattern PER_DOMAIN = Pattern.compile("train/[^/]+/.+");

    private StudyCharts() {}

    /** The sections with something to show, in page order. */
    public static List<StudySection> draw(Study study, Palette palette) {
        List<StudySection> sections = new ArrayList<>();
        sections.add(new StudySection(study.grouping().isEmpty() ? "Results" : "Results by " + study.groupingName(),
                List.of(results(study, palette)), List.of()));
        sections.add(entanglement(study, palette));
        sections.add(domains(study, palette));
        sections.add(new StudySection("Metrics over steps", overSteps(study, palette), List.of()));
        return sections.stream().filter(section -> !section.isEmpty()).toList();
    }

    /** One panel per result column: against the numeric grouping, or one dot per group and variant. */
    private static SmallMultiples results(Study study, Palette palette) {
        List<Panel> panels = new ArrayList<>();
        List<String> groups = study.groups();
        boolean numeric = study.numericGrouping();
        for (String column : study.results()) {
            List<Series> series = new ArrayList<>();
            for (String variant : study.variants()) {
                List<double[]> points = new ArrayList<>();
                for (StudyRow row : study.rows()) {
                    if (row.variant().equals(variant)) {
                        double x = numeric ? row.values().path(study.grouping().get(0)).doubleValue()
                                : groups.indexOf(row.group());
                        points.add(new double[] {x, row.number(column)});
                    }
                }
                series.add(new Series(variant, palette.colour(variant), numeric ? Mark.LINE : Mark.DOTS, points));
            }
            String arrow = Direction.of(column).arrow();
            String title = column + (arrow.isEmpty() ? "" : " (" + arrow + " better)");
            panels.add(numeric ? Panel.of(title, series)
                    : new Panel(title, series, groups.stream().map(g -> g.isEmpty() ? "all runs" : g).toList(), false));
        }
        String x = numeric ? study.grouping().get(0) : study.grouping().isEmpty() ? "" : study.groupingName();
        return new SmallMultiples(numeric ? "The summary's results against " + x : "The summary's results"
                + (study.grouping().isEmpty() ? "" : " per " + x), "One panel per column of the summary table, one colour per "
                + study.compared() + ".", x, "value", panels, false, 0);
    }

    private static StudySection entanglement(Study study, Palette palette) {
        List<SmallMultiples> plots = new ArrayList<>();
        List<Panel> changes = new ArrayList<>();
        for (String side : SIDES) {
            for (String group : study.groups()) {
                changes.add(Panel.of(title(group, side), perVariant(study, group, palette, Mark.LINE,
                        run -> changeSinceStart(run, side))));
            }
        }
        plots.add(new SmallMultiples("Change of the held-out log-probabilities since the start of alignment",
                "Chosen responses in the first row, rejected in the second; all panels on one scale. Gradient "
                        + "entanglement shows as the chosen log-probability falling with the rejected one.",
                "step", "change of log-probability", changes, true, study.groups().size()));

        List<Panel> cosines = new ArrayList<>();
        for (String group : study.groups()) {
            cosines.add(Panel.of(title(group, ""), perVariant(study, group, palette, Mark.LINE, StudyCharts::cosines)));
        }
        plots.add(new SmallMultiples("Distribution of the chosen–rejected gradient cosine over probe pairs",
                "Fraction of probe pairs (all probe steps) per bin of 0.1 on [−1, 1].", "cos(g_w, g_l)",
                "fraction of probe pairs", cosines, true, 0));

        List<Panel> scatter = new ArrayList<>();
        for (String group : study.groups()) {
            List<Series> series = new ArrayList<>();
            for (StudyRow row : study.runRows(group)) {
                for (String side : SIDES) {
                    List<double[]> points = new ArrayList<>();
                    for (JsonLine pair : row.run().table(EntanglementCharts.PAIRS_TABLE)) {
                        points.add(new double[] {pair.number("predicted_delta_" + side), pair.number("realised_delta_" + side)});
                    }
                    series.add(new Series(row.variant() + " · " + side, palette.colour(row.variant()),
                            side.equals("chosen") ? Mark.DOTS : Mark.RINGS, points));
                }
            }
            scatter.add(new Panel(title(group, ""), series, List.of(), true));
        }
        plots.add(new SmallMultiples("Predicted against realised change of log-probabilities (per probe pair and step)",
                "Filled: chosen; open: rejected. On the grey diagonal the first-order law predicts the step exactly.",
                "predicted", "realised", scatter, false, 0));

        List<Figure> maps = new ArrayList<>();
        for (StudyRow row : study.runRows()) {
            EntanglementCharts.latestStep(row.run().table(EntanglementCharts.TOKENS_TABLE)).stream().limit(1)
                    .forEach(line -> maps.add(EntanglementCharts.tokenMap(
                            (row.group().isEmpty() ? "" : row.group() + " · ") + row.variant(), line)));
        }
        return new StudySection("Gradient entanglement", plots, maps);
    }

    private static StudySection domains(Study study, Palette palette) {
        List<Panel> gip = new ArrayList<>();
        for (String group : study.groups()) {
            gip.add(Panel.of(title(group, ""), perVariant(study, group, palette, Mark.LINE,
                    run -> metric(run, "gip/mean", null))));
        }
        List<RecordedRun> runs = study.runRows().stream().map(StudyRow::run).toList();
        return new StudySection("Domain generalisation", List.of(new SmallMultiples(
                "Inter-domain gradient inner product (GIP) over training",
                "Mean inner product of the training domains' gradients; Fish aims to raise it.", "step", "GIP", gip,
                false, 0)), runs.isEmpty() ? List.of() : DomainGramCharts.draw(runs));
    }

    /**
     * One figure per catalogue chart: a row of group panels per metric and phase, training metrics
     * before held-out ones; a metric with one value throughout (a constant learning rate) is left out.
     */
    private static List<SmallMultiples> overSteps(Study study, Palette palette) {
        Set<String> found = new LinkedHashSet<>();
        Set<String> phases = new LinkedHashSet<>();
        Map<String, Set<Double>> values = new HashMap<>();
        for (StudyRow row : study.runRows()) {
            row.run().metrics().forEach(metric -> metric.values().forEach((name, value) -> {
                found.add(name);
                values.computeIfAbsent(name, key -> new HashSet<>()).add(value);
            }));
            phases.addAll(row.run().phases());
        }
        List<String> names = new ArrayList<>(found);
        names.removeIf(name -> values.get(name).size() < 2);
        names.sort(Comparator.comparing(name -> name.startsWith("eval/")));
        List<SmallMultiples> plots = new ArrayList<>();
        for (StepChart chart : StepChart.CATALOG) {
            List<Panel> panels = new ArrayList<>();
            for (String name : names) {
                if (!chart.metrics().test(name) || PER_DOMAIN.matcher(name).matches()) {
                    continue;
                }
                for (String phase : phases) {
                    for (String group : study.groups()) {
                        String label = (group.isEmpty() ? "" : group + " · ") + name + (phases.size() > 1 ? " · " + phase : "");
                        panels.add(Panel.of(label, perVariant(study, group, palette, Mark.LINE,
                                run -> metric(run, name, phase))));
                    }
                }
            }
            plots.add(new SmallMultiples(chart.title(), "", "step", chart.yAxis(), panels, false, study.groups().size()));
        }
        return plots;
    }

    /** One series per run of the group, coloured by its variant. */
    private static List<Series> perVariant(Study study, String group, Palette palette, Mark mark,
                                           Function<RecordedRun, List<double[]>> points) {
        return study.runRows(group).stream().map(row -> new Series(row.variant(), palette.colour(row.variant()), mark,
                points.apply(row.run()))).toList();
    }

    private static String title(String group, String side) {
        String title = group.isEmpty() ? side : side.isEmpty() ? group : group + " · " + side;
        return title.isEmpty() ? "all runs" : title;
    }

    /** The (step, value) points of a metric, in one phase or all ({@code phase} null). */
    private static List<double[]> metric(RecordedRun run, String name, String phase) {
        List<double[]> points = new ArrayList<>();
        for (MetricRow row : run.metrics()) {
            if ((phase == null || row.phase().equals(phase)) && Double.isFinite(row.value(name))) {
                points.add(new double[] {row.step(), row.value(name)});
            }
        }
        return points;
    }

    /** The held-out (else training) log-probability of one side minus its first value. */
    private static List<double[]> changeSinceStart(RecordedRun run, String side) {
        List<double[]> points = metric(run, "eval/logps/" + side, null);
        if (points.isEmpty()) {
            points = metric(run, "logps/" + side, null);
        }
        if (points.isEmpty()) {
            return points;
        }
        double start = points.get(0)[1];
        return points.stream().map(point -> new double[] {point[0], point[1] - start}).toList();
    }

    /** The fraction of probe-pair rows per cosine bin, at the bin centres; empty without probe pairs. */
    private static List<double[]> cosines(RecordedRun run) {
        List<Double> values = run.table(EntanglementCharts.PAIRS_TABLE).stream().map(row -> row.number("cosine"))
                .filter(Double::isFinite).toList();
        List<double[]> points = new ArrayList<>();
        if (values.isEmpty()) {
            return points;
        }
        int[] counts = new int[COSINE_BINS];
        for (double value : values) {
            int bin = (int) Math.floor((Math.max(-1, Math.min(1, value)) + 1) / 2 * COSINE_BINS);
            counts[Math.min(COSINE_BINS - 1, bin)]++;
        }
        for (int bin = 0; bin < COSINE_BINS; bin++) {
            points.add(new double[] {-1 + (bin + 0.5) * 2.0 / COSINE_BINS, (double) counts[bin] / values.size()});
        }
        return points;
    }
}

package dev.gramian.report.chart;

import dev.gramian.runs.RecordedRun;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws every chart the given runs support and groups them into page sections, in a fixed order:
 * training, alignment, entanglement, domain generalisation, other metrics. With several runs, each
 * chart overlays them, labelled by run name; heat maps are drawn per run.
 */
public final class ReportCharts {
    private static final List<String> SECTION_ORDER = List.of(
            StepChart.TRAINING, StepChart.ALIGNMENT, StepChart.ENTANGLEMENT, StepChart.DOMAINS, StepChart.OTHER);

    /** The sections that have at least one chart, in page order. */
    public List<FigureSection> draw(List<RecordedRun> runs) {
        Map<String, List<Figure>> sections = new LinkedHashMap<>();
        SECTION_ORDER.forEach(section -> sections.put(section, new ArrayList<>()));
        StepCharts.draw(runs).forEach(drawn -> sections.get(drawn.section()).add(drawn.figure()));
        List<Figure> entanglement = sections.get(StepChart.ENTANGLEMENT);
        EntanglementCharts.cosineHistogram(runs).ifPresent(entanglement::add);
        EntanglementCharts.scatter(runs).ifPresent(entanglement::add);
        entanglement.addAll(EntanglementCharts.tokenMaps(runs));
        sections.get(StepChart.DOMAINS).addAll(DomainGramCharts.draw(runs));

        List<FigureSection> result = new ArrayList<>();
        sections.forEach((title, figures) -> {
            if (!figures.isEmpty()) {
                result.add(new FigureSection(title, figures));
            }
        });
        return result;
    }
}

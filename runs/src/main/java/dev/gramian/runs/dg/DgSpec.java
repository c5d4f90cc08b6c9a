package dev.gramian.runs.dg;

import dev.gramian.api.GramianException;
import dev.gramian.api.model.ClassifierConfig;
import dev.gramian.objectives.fish.train.DgSettings;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one domain-generalisation run is made of: plugin ids with their options as given, the
 * model's architecture, and the trainer's settings.
 *
 * @param dataset          domain data set plugin id
 * @param datasetOptions   its options ({@code -D key=value})
 * @param rule             domain rule plugin id
 * @param ruleOptions      its options ({@code -O key=value})
 * @param architecture     {@code mlp}, {@code cnn} or {@code strided-cnn}; null takes the data set's suggestion
 * @param hidden           hidden widths (mlp) or channels (cnn); null takes the data set's suggestion
 *                         when the architecture is the suggested one, no hidden layer otherwise
 * @param optimizer        outer optimiser plugin id
 * @param optimizerOptions its options ({@code -P key=value})
 * @param probes           probe plugin ids with their options, in the order given
 * @param settings         steps, batch size, learning rate, evaluation interval, seed
 */
public record DgSpec(String dataset, Map<String, String> datasetOptions, String rule, Map<String, String> ruleOptions,
              String architecture, List<Integer> hidden, String optimizer, Map<String, String> optimizerOptions,
              Map<String, Map<String, String>> probes, DgSettings settings) {
    public DgSpec {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(settings, "settings");
        datasetOptions = Map.copyOf(datasetOptions);
        ruleOptions = Map.copyOf(ruleOptions);
        optimizerOptions = Map.copyOf(optimizerOptions);
        Map<String, Map<String, String>> probeCopy = new LinkedHashMap<>();
        probes.forEach((id, options) -> probeCopy.put(id, Map.copyOf(options)));
        probes = Collections.unmodifiableMap(probeCopy);
        if (architecture != null && !ClassifierConfig.ARCHITECTURES.contains(architecture)) {
            throw GramianException.usage("unknown --model '" + architecture + "'; known: "
                    + String.join(", ", ClassifierConfig.ARCHITECTURES));
        }
        hidden = hidden == null ? null : List.copyOf(hidden);
        if (hidden != null && hidden.stream().anyMatch(width -> width < 1)) {
            throw GramianException.usage("--hidden sizes must be at least 1, got " + hidden);
        }
    }

    /** The model to train: the data set's suggestion with the architecture and hidden sizes given here. */
    ClassifierConfig model(ClassifierConfig suggested) {
        String chosen = architecture == null ? suggested.architecture() : architecture;
        List<Integer> widths = hidden != null ? hidden
                : chosen.equals(suggested.architecture()) ? suggested.hidden() : List.of();
        try {
            return new ClassifierConfig(chosen, suggested.inputShape(), suggested.classes(), widths);
        } catch (IllegalArgumentException e) {
            throw GramianException.usage("--model " + chosen + " does not fit data set '" + dataset + "': "
                    + e.getMessage());
        }
    }
}

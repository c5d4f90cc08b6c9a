package dev.gramian.api.plugin;

import dev.gramian.api.alignment.AlignmentRule;
import dev.gramian.api.backend.Backend;
import dev.gramian.api.data.DomainDataset;
import dev.gramian.api.domain.DomainRule;
import dev.gramian.api.model.Tokenizer;
import dev.gramian.api.objective.BatchLoss;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.Objective;
import dev.gramian.api.objective.PreferenceDataset;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.probe.GradientProbe;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The closed set of plugin kinds. Each kind names the product type its providers create, so the
 * catalog can check a provider's product before handing it out.
 */
public enum PluginKind {
    /** A preference objective ({@link Objective}): a per-pair {@link MarginLoss} or a {@link BatchLoss}. */
    OBJECTIVE(Objective.class),
    /** A gradient-geometry probe ({@link GradientProbe}). */
    PROBE(GradientProbe.class),
    /** A parameter-update rule ({@link Optimizer}). */
    OPTIMIZER(Optimizer.class),
    /** A domain-generalisation update rule ({@link DomainRule}). */
    DOMAIN_RULE(DomainRule.class),
    /** A domain-generalisation data set: training domains and a held-out domain ({@link DomainDataset}). */
    DOMAIN_DATASET(DomainDataset.class),
    /** An execution backend ({@link Backend}). */
    BACKEND(Backend.class),
    /** A text tokenizer for language models ({@link Tokenizer}). */
    TOKENIZER(Tokenizer.class),
    /** A source of preference pairs ({@link PreferenceDataset}). */
    PREFERENCE_DATASET(PreferenceDataset.class),
    /** How an alignment step turns a margin loss into an update direction ({@link AlignmentRule}). */
    ALIGNMENT_RULE(AlignmentRule.class);

    private final Class<?> productType;

    PluginKind(Class<?> productType) {
        this.productType = productType;
    }

    /** The type every provider of this kind creates. */
    public Class<?> productType() {
        return productType;
    }

    /** The kebab-case name used on the command line and in JSON, e.g. {@code domain-rule}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Parses a label such as {@code objective} or {@code domain-rule}.
     *
     * @throws dev.gramian.api.GramianException (usage) naming the known kinds when unknown
     */
    public static PluginKind fromLabel(String label) {
        for (PluginKind kind : values()) {
            if (kind.label().equals(label)) {
                return kind;
            }
        }
        throw dev.gramian.api.GramianException.usage("unknown plugin kind '" + label + "'; known: "
                + Arrays.stream(values()).map(PluginKind::label).collect(Collectors.joining(", ")));
    }
}

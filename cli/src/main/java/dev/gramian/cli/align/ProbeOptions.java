package dev.gramian.cli.align;

import dev.gramian.api.GramianException;
import dev.gramian.api.alignment.AlignmentRule;
import dev.gramian.api.model.Tokenizer;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.probe.GradientProbe;
import dev.gramian.runs.align.AlignmentExtras;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alignment-rule and probe options of {@code gramian align}: {@code --rule ID} with
 * {@code -R KEY=VALUE}, {@code --probe ID[:KEY=VALUE,...]} (repeatable) and {@code --probe-pairs N}.
 */
public final class ProbeOptions {

    @Option(names = "--rule", defaultValue = "gradient", paramLabel = "ID",
            description = "The alignment rule: gradient (plain descent) or normalized (pairwise normalized "
                    + "gradient descent); see 'gramian plugins list --kind alignment-rule'. Default ${DEFAULT-VALUE}.")
    private String rule;

    @Option(names = {"-R", "--rule-option"}, paramLabel = "KEY=VALUE",
            description = "An option of the rule, e.g. -R rescale=false; repeatable.")
    private Map<String, String> ruleOptions = new LinkedHashMap<>();

    @Option(names = "--probe", paramLabel = "ID[:KEY=VALUE,...]",
            description = "A gradient probe, e.g. --probe entanglement:every=5 or --probe token-entanglement; "
                    + "repeatable. Writes entanglement/... metrics and <table>.jsonl files.")
    private List<String> probes = new ArrayList<>();

    @Option(names = "--probe-pairs", defaultValue = "16", paramLabel = "N",
            description = "Probe the first N held-out pairs (training pairs without held-out ones), or with 0 "
                    + "each step's own batch (cheapest); default ${DEFAULT-VALUE}.")
    private int probePairs;

    /** The rule, probes and probe set size asked for, with {@code tokenizer} to show tokens. */
    public AlignmentExtras extras(PluginCatalog catalog, Tokenizer tokenizer) {
        if (probePairs < 0) {
            throw GramianException.usage("--probe-pairs must be at least 0 (0: each step's batch), got " + probePairs);
        }
        List<GradientProbe> created = new ArrayList<>();
        for (ProbeSpec spec : probes()) {
            created.add(catalog.create(PluginKind.PROBE, spec.id(), spec.options(), GradientProbe.class));
        }
        return new AlignmentExtras(catalog.create(PluginKind.ALIGNMENT_RULE, rule, ruleOptions, AlignmentRule.class),
                created, probePairs, id -> tokenizer.decode(new int[]{id}));
    }

    /** The rule's id. */
    public String rule() {
        return rule;
    }

    /** The rule's options as given. */
    public Map<String, String> ruleOptions() {
        return Map.copyOf(ruleOptions);
    }

    /** The probes as given, in order. */
    public List<ProbeSpec> probes() {
        return probes.stream().map(ProbeSpec::parse).toList();
    }

    /**
     * One {@code --probe} value: an id and its options.
     *
     * @param id      the probe's id
     * @param options its options as given
     */
    public record ProbeSpec(String id, Map<String, String> options) {
        /** Parses {@code ID} or {@code ID:KEY=VALUE,...}. */
        public static ProbeSpec parse(String text) {
            int colon = text.indexOf(':');
            if (colon < 0) {
                return new ProbeSpec(text, Map.of());
            }
            Map<String, String> options = new LinkedHashMap<>();
            for (String pair : text.substring(colon + 1).split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw GramianException.usage("--probe " + text + ": '" + pair + "' is not KEY=VALUE; write "
                            + "e.g. --probe entanglement:every=5,rows=false");
                }
                options.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
            }
            return new ProbeSpec(text.substring(0, colon), options);
        }
    }
}

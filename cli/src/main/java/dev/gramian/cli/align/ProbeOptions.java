package dev.gramian.cli.align;

import dev.gramian.runs.align.AlignSpec;
import dev.gramian.runs.align.ProbeSpec;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alignment-rule and probe options of {@code gramian align}: {@code --rule ID} with
 * {@code -R KEY=VALUE}, {@code --probe ID[:KEY=VALUE,...]} (repeatable) and {@code --probe-pairs N}.
 */
public final class ProbeOptions {

    @Option(names = "--rule", defaultValue = AlignSpec.DEFAULT_RULE, paramLabel = "ID",
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

    @Option(names = "--probe-pairs", defaultValue = "" + AlignSpec.DEFAULT_PROBE_PAIRS, paramLabel = "N",
            description = "Probe the first N held-out pairs (training pairs without held-out ones), or with 0 "
                    + "each step's own batch (cheapest); default ${DEFAULT-VALUE}.")
    private int probePairs;

    /** The rule's id. */
    public String rule() {
        return rule;
    }

    /** The rule's options as given, in order. */
    public Map<String, String> ruleOptions() {
        return Collections.unmodifiableMap(ruleOptions);
    }

    /** The probes as given, in order. */
    public List<ProbeSpec> probes() {
        return probes.stream().map(ProbeSpec::parse).toList();
    }

    /** How many pairs the probe set holds; 0 to probe each step's batch. */
    public int probePairs() {
        return probePairs;
    }
}

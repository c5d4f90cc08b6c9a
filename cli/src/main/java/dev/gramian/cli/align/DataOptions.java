package dev.gramian.cli.align;

import dev.gramian.runs.align.PreferenceDataSpec;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where the preference pairs come from: {@code --data FILE} or {@code --dataset ID}, and how to cut them. */
public final class DataOptions {

    @Option(names = "--data", paramLabel = "FILE",
            description = "Preference pairs as JSON Lines: {\"prompt\", \"chosen\", \"rejected\"} per line, or "
                    + "\"chosen\"/\"rejected\" that both include the prompt.")
    private Path data;

    @Option(names = "--dataset", paramLabel = "ID",
            description = "A built-in data set instead of a file: 1t, short-suffix, long-suffix, arithmetic "
                    + "(see 'gramian plugins list --kind preference-dataset').")
    private String dataset;

    @Option(names = {"-D", "--dataset-option"}, paramLabel = "KEY=VALUE",
            description = "An option of the built-in data set, e.g. -D size=6000; repeatable.")
    private Map<String, String> datasetOptions = new LinkedHashMap<>();

    @Option(names = "--eval-data", paramLabel = "FILE", description = "Held-out pairs from a file of their own.")
    private Path evalData;

    @Option(names = "--eval-fraction", paramLabel = "F",
            description = "Share of --data held out for evaluation, chosen by --seed (default 0.1); "
                    + "with --dataset, the data set's eval_fraction.")
    private Double evalFraction;

    @Option(names = "--max-length", paramLabel = "TOKENS", defaultValue = "" + PreferenceDataSpec.DEFAULT_MAX_LENGTH,
            description = "Longest prompt + response in tokens; default ${DEFAULT-VALUE}.")
    private int maxLength;

    @Option(names = "--truncation", paramLabel = "POLICY", defaultValue = PreferenceDataSpec.DEFAULT_TRUNCATION,
            description = "Longer pairs: error (stop, naming the line), keep-end (drop the prompt's start), "
                    + "or skip; default ${DEFAULT-VALUE}.")
    private String truncation;

    /** The data the options describe. */
    PreferenceDataSpec spec() {
        return new PreferenceDataSpec(data, dataset, datasetOptions, evalData, evalFraction, maxLength,
                PreferenceDataSpec.truncation(truncation));
    }
}

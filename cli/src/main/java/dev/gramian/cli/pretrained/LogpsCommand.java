package dev.gramian.cli.pretrained;

import com.google.inject.Inject;
import dev.gramian.api.backend.Backend;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.cli.wiring.ProcessStreams;
import dev.gramian.runs.Provenance;
import dev.gramian.runs.align.LogProbabilities;
import dev.gramian.runs.align.PreferenceDataSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code gramian logps}: per-pair log-probabilities of a preference file under a Hugging Face model folder. */
@Command(name = "logps", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints, for every pair of a preference file in input order, one JSON object with "
                + "logp_chosen, logp_rejected, len_chosen and len_rejected (response tokens) under the model "
                + "folder, and with --ref-model also ref_logp_chosen and ref_logp_rejected: the input of "
                + "gramian objective eval. Pairs are tokenised as TRL's DPOTrainer does (EOS appended to plain "
                + "responses; conversations rendered with the model's chat template)."})
public final class LogpsCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "a Hugging Face model folder (config.json, model.safetensors, tokenizer.json)")
    private Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "preference pairs, JSON Lines (plain text or conversations)")
    private Path data;

    @Option(names = "--ref-model", paramLabel = "DIR", description = "a reference model folder with the same tokenizer")
    private Path referenceModel;

    @Option(names = "--max-length", defaultValue = "0",
            description = "the longest pair in tokens; 0 for the model's context (default: ${DEFAULT-VALUE})")
    private int maxLength;

    @Option(names = "--truncation", defaultValue = "error",
            description = "longer pairs: error, keep-end or skip (default: ${DEFAULT-VALUE})")
    private String truncation;

    @Option(names = "--batch-pairs", defaultValue = "8", description = "pairs scored at once (default: ${DEFAULT-VALUE})")
    private int batchPairs;

    @Inject
    private PluginCatalog catalog;

    @Inject
    private ProcessStreams streams;

    @Override
    public Integer call() {
        if (maxLength < 0 || batchPairs < 1) {
            throw dev.gramian.api.GramianException.usage("--max-length must be 0 or more and --batch-pairs positive");
        }
        LogProbabilities job = new LogProbabilities(model, referenceModel, data, maxLength,
                PreferenceDataSpec.truncation(truncation), batchPairs);
        try (Backend backend = Provenance.backend(catalog)) {
            job.write(backend, streams.out(), warning -> streams.err().println("warning: " + warning));
        }
        streams.err().flush();
        return 0;
    }
}

package dev.gramian.cli.align;

import dev.gramian.api.plugin.ObjectiveSpec;
import dev.gramian.probes.entanglement.EntanglementCase;
import dev.gramian.probes.entanglement.EntanglementProbe;
import dev.gramian.cli.option.PrecisionOptions;
import dev.gramian.cli.option.ActivationMemoryOptions;
import dev.gramian.cli.option.ThreadOptions;
import dev.gramian.runs.RunDirectory;
import dev.gramian.runs.align.AuditRunner;
import dev.gramian.runs.align.AuditSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code gramian probe}: audits a preference data set's gradient entanglement at a checkpoint (or a
 * Hugging Face folder's model, {@code --model}) without training, through {@link AuditRunner}, and
 * prints the entanglement probe's aggregates.
 */
@Command(name = "probe", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Audit preference pairs for gradient entanglement at a checkpoint, without training: "
                + "per pair the cosine of the chosen and rejected log-prob gradients, the entanglement case "
                + "(ideal, both_fall, both_rise, other) and the predicted change of the chosen and rejected "
                + "log-probs for a unit gradient step on the pair alone.",
            "Writes --out/pairs.jsonl, pairs.csv, summary.json (pairs, mean cosine, fraction per case) and "
                + "config.json; prints the summary."})
public final class ProbeCommand extends TrainingCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", paramLabel = "CKPT",
            description = "The model to audit (e.g. gramian sft's checkpoints/latest.ckpt).")
    private Path checkpoint;

    @Mixin
    private PretrainedOptions pretrained;

    @Option(names = "--reference", paramLabel = "CKPT",
            description = "The reference model of losses that use one; default: --checkpoint itself.")
    private Path reference;

    @Mixin
    private DataOptions data;

    @Option(names = "--objective", defaultValue = "dpo", paramLabel = "ID[:W],...",
            description = "The margin loss whose weights are audited, or a weighted sum such as "
                    + "dpo:0.8,bco:0.2,sft:1.0; default ${DEFAULT-VALUE}.")
    private String objective;

    @Option(names = {"-O", "--objective-option"}, paramLabel = "KEY=VALUE",
            description = "An option of the objective, e.g. -O beta=0.2; in a sum, -O dpo.beta=0.2 sets one "
                    + "component's and -O beta=0.2 every component's that takes it; repeatable.")
    private Map<String, String> objectiveOptions = new LinkedHashMap<>();

    @Option(names = "--batch-size", defaultValue = "16", paramLabel = "N",
            description = "Pairs per Gram pass; default ${DEFAULT-VALUE}.")
    private int batchSize;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of built-in data; default ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the audit.")
    private Path out;

    @Option(names = "--force", description = "Replace the files of an earlier audit in a non-empty --out.")
    private boolean force;

    @Mixin
    private ThreadOptions threads;

    @Mixin
    private ActivationMemoryOptions activationMemory;

    @Mixin
    private PrecisionOptions precision;

    @Override
    public Integer call() {
        AuditRunner.Outcome outcome = new AuditRunner(catalog, warning -> streams.err().println("warning: " + warning),
                activationMemory.backendOptions(threads.backendOptions()), null).run(spec(), out, mode());
        print(outcome, streams.out());
        return 0;
    }

    /** The audit the options describe (for the Spark adapter's {@code probe --master}, which parses them too). */
    public AuditSpec spec() {
        return new AuditSpec(checkpoint, pretrained.model(), pretrained.lora(), reference, data.spec(),
                ObjectiveSpec.parse(objective), objectiveOptions, batchSize, seed, precision.precision());
    }

    /** The audit's directory. */
    public Path out() {
        return out;
    }

    /** What to do with a non-empty directory. */
    public RunDirectory.Mode mode() {
        return force ? RunDirectory.Mode.FORCE : RunDirectory.Mode.FRESH;
    }

    /** Prints what an audit found: the cosine's mean and percentiles, the share per case, the row files. */
    public static void print(AuditRunner.Outcome outcome, PrintWriter out) {
        Map<String, Double> probed = outcome.probed();
        out.printf(Locale.ROOT, "%d pairs, %s: mean cosine %.4f (p10 %.4f, p50 %.4f, p90 %.4f)%n",
                outcome.pairs(), outcome.objective(), probed.get(EntanglementProbe.COSINE_MEAN),
                probed.get(EntanglementProbe.COSINE_P10), probed.get(EntanglementProbe.COSINE_P50),
                probed.get(EntanglementProbe.COSINE_P90));
        out.printf(Locale.ROOT, "ideal %.3f, both fall %.3f, both rise %.3f, other %.3f%n",
                probed.get(EntanglementProbe.fraction(EntanglementCase.IDEAL)),
                probed.get(EntanglementProbe.fraction(EntanglementCase.BOTH_FALL)),
                probed.get(EntanglementProbe.fraction(EntanglementCase.BOTH_RISE)),
                probed.get(EntanglementProbe.fraction(EntanglementCase.OTHER)));
        out.println("per pair: " + outcome.run().resolve(AuditRunner.PAIRS + ".jsonl") + ", "
                + outcome.run().resolve(AuditRunner.PAIRS + ".csv"));
    }
}

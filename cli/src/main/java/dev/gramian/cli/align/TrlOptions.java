package dev.gramian.cli.align;

import dev.gramian.api.GramianException;
import dev.gramian.objectives.margin.align.AlignmentOptions;
import picocli.CommandLine.Option;

/**
 * The options of TRL's {@code DPOTrainer} that change how {@code gramian align} steps, under TRL's
 * names in kebab case ({@code ld_alpha} is {@code --ld-alpha}); see {@link AlignmentOptions} for the
 * mathematics. TRL's {@code precompute_ref_log_probs} has no option: a fixed reference is always
 * scored once and cached in the run directory.
 */
public final class TrlOptions {
    @Option(names = "--ld-alpha", paramLabel = "A",
            description = "LD-DPO (TRL ld_alpha): a response's log-probability is the sum over the length both "
                    + "responses share plus A times the rest of the longer one; A in [0, 1]; default off.")
    private Double ldAlpha;

    @Option(names = "--use-weighting",
            description = "WPO (TRL use_weighting): weight each pair's loss by the policy's length-normalised, "
                    + "renormalised probabilities of both responses (no gradient through the weight).")
    private boolean useWeighting;

    @Option(names = "--sync-ref-model",
            description = "TR-DPO (TRL sync_ref_model): after every --ref-model-sync-steps steps the reference "
                    + "becomes alpha * policy + (1 - alpha) * reference; keeps a second model in memory.")
    private boolean syncReference;

    @Option(names = "--ref-model-mixup-alpha", paramLabel = "ALPHA",
            description = "TR-DPO's alpha in [0, 1] (TRL ref_model_mixup_alpha); default 0.6.")
    private Double mixupAlpha;

    @Option(names = "--ref-model-sync-steps", paramLabel = "N",
            description = "TR-DPO's interval in steps (TRL ref_model_sync_steps); default 512.")
    private Long syncSteps;

    @Option(names = "--max-grad-norm", paramLabel = "NORM", defaultValue = "0",
            description = "Clip the gradient to this global L2 norm (TRL max_grad_norm, whose default is 1.0); "
                    + "default ${DEFAULT-VALUE}: no clipping. grad_norm is logged either way.")
    private double maxGradNorm;

    /**
     * The options given.
     *
     * @throws GramianException (usage) for a value out of range, or TR-DPO's settings without
     *                          {@code --sync-ref-model}
     */
    AlignmentOptions options() {
        if (!syncReference && (mixupAlpha != null || syncSteps != null)) {
            throw GramianException.usage("--ref-model-mixup-alpha and --ref-model-sync-steps need --sync-ref-model");
        }
        AlignmentOptions options = AlignmentOptions.NONE.withWeighting(useWeighting).withMaxGradNorm(maxGradNorm);
        if (ldAlpha != null) {
            options = options.withLdAlpha(ldAlpha);
        }
        if (syncReference) {
            options = options.withReferenceSync(mixupAlpha == null ? 0.6 : mixupAlpha,
                    syncSteps == null ? 512 : syncSteps);
        }
        return options;
    }
}

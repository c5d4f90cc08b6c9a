package dev.gramian.runs.align;

import dev.gramian.api.GramianException;
import dev.gramian.api.checkpoint.Checkpoint;
import dev.gramian.api.checkpoint.OptimizerAndRuleState;
import dev.gramian.api.checkpoint.Resumable;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.objective.Objective;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.objectives.margin.align.AlignmentOptions;
import dev.gramian.objectives.margin.align.AlignmentTrainer;
import dev.gramian.objectives.margin.align.ReferenceScores;
import dev.gramian.objectives.margin.align.ReweightedGradientRule;
import dev.gramian.objectives.margin.align.SftTrainer;
import dev.gramian.objectives.margin.align.SyncedReference;
import dev.gramian.objectives.margin.data.EncodedPair;
import dev.gramian.objectives.margin.mitigation.GradientRule;
import dev.gramian.runs.RunDirectory;
import dev.gramian.runs.TableFiles;
import dev.gramian.runs.progress.Progress;
import dev.gramian.runs.progress.ProgressDisplay;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs the training phases of a run directory — SFT on the chosen responses, margin-loss alignment —
 * with the trainers of {@code objectives-margin}, recording each through a {@link PhaseRecorder}.
 * When the run directory resumes, a phase restores parameters, optimiser state, the alignment
 * rule's own state and step from {@code checkpoints/latest.ckpt}, and drops the rows that the
 * stopped run logged after that step from {@code metrics.jsonl} and the probe tables. Alignment
 * scores the reference once, with the model's starting parameters, and caches the scores in the run
 * directory, where a resumed run reads them back.
 */
public final class TrainingPhases {
    /** SFT's name in metrics, checkpoints and config. */
    public static final String SFT = "sft";
    /** Alignment's name in metrics, checkpoints and config. */
    public static final String ALIGN = "align";
    /** SFT steps along the plain next-token gradient, with no update rule and so no rule state. */
    private static final Resumable NO_RULE = new Resumable() {
    };

    private final RunDirectory run;
    private final ProgressDisplay display;

    /** Phases that record into {@code run} and show progress on {@code display}. */
    public TrainingPhases(RunDirectory run, ProgressDisplay display) {
        this.run = run;
        this.display = display;
    }

    /** Trains {@code model} by next-token prediction on prompt + chosen response. */
    public PhaseRecorder sft(LanguageModel model, Optimizer optimizer, PreferenceDataSpec.Prepared data,
                      TrainingSettings settings, long seed, Map<String, String> metadata, boolean checkpoints) {
        long start = resume(SFT, model, optimizer, NO_RULE);
        var trainer = new SftTrainer(model, optimizer, new SftTrainer.Config(settings.batchSize(), settings.steps(),
                settings.schedule(), settings.logEvery(), settings.evalEvery(), settings.checkpointEvery(), seed));
        try (PhaseRecorder recorder = recorder(SFT, start, settings, model, optimizer, NO_RULE, seed, metadata,
                checkpoints)) {
            trainer.run(start, chosen(data.train()), chosen(data.eval()), recorder);
            return recorder;
        }
    }

    /**
     * Aligns {@code policy}, whose parameters are the reference model's when this is called, with
     * {@code loss}; reference scores are computed once here.
     */
    public PhaseRecorder align(LanguageModel policy, Objective loss, Optimizer optimizer, PreferenceDataSpec.Prepared data,
                        TrainingSettings settings, long seed, Map<String, String> metadata, boolean checkpoints) {
        return align(policy, loss, optimizer, data, settings, seed, metadata, checkpoints, AlignmentExtras.PLAIN);
    }

    /** Aligns as above, with the update rule and probes of {@code extras}; probe tables go to the run directory. */
    public PhaseRecorder align(LanguageModel policy, Objective loss, Optimizer optimizer, PreferenceDataSpec.Prepared data,
                        TrainingSettings settings, long seed, Map<String, String> metadata, boolean checkpoints,
                        AlignmentExtras extras) {
        return align(policy, loss, optimizer, data, settings, seed, metadata, checkpoints, extras,
                AlignmentOptions.NONE, null);
    }

    /**
     * Aligns as above with TRL's training {@code options}. A fixed reference's scores are computed
     * once (or read back when resuming; {@link ReferenceLogpsFile}); TR-DPO's reference is a second
     * model from {@code referenceModel}, which starts from the policy's parameters and is closed here,
     * and its parameters travel in the checkpoints beside the rule's state.
     *
     * @param referenceModel a fresh model of the policy's shape, needed only with TR-DPO (may be null otherwise)
     * @throws GramianException (usage) for options that do not fit, as {@link #check} says
     */
    public PhaseRecorder align(LanguageModel policy, Objective loss, Optimizer optimizer, PreferenceDataSpec.Prepared data,
                        TrainingSettings settings, long seed, Map<String, String> metadata, boolean checkpoints,
                        AlignmentExtras extras, AlignmentOptions options, Supplier<LanguageModel> referenceModel) {
        int scoringBatch = Math.max(8, settings.batchSize());
        boolean synced = options.referenceSync().isPresent();
        check(loss, extras, options);
        try (LanguageModel referenceCopy = synced ? referenceModel.get() : null) {
            SyncedReference reference = null;
            ReferenceScores trainRef = ReferenceScores.zeros(data.train().size());
            ReferenceScores evalRef = ReferenceScores.zeros(data.eval().size());
            if (synced) {
                referenceCopy.parameters().copyFrom(policy.parameters());
                reference = new SyncedReference(referenceCopy, options, scoringBatch);
            } else if (loss.usesReference()) {
                ReferenceLogpsFile cached = ReferenceLogpsFile.readOrCompute(run, policy, data.train(), data.eval(),
                        scoringBatch, options);
                trainRef = cached.train();
                evalRef = cached.eval();
            }
            Resumable state = reference == null ? extras.rule() : new RuleAndReference(extras.rule(), reference);
            long start = resume(ALIGN, policy, optimizer, state);
            try (TableFiles tables = run.resuming() ? TableFiles.resumed(run.path(), start)
                    : TableFiles.fresh(run.path());
                 PhaseRecorder recorder = recorder(ALIGN, start, settings, policy, optimizer, state, seed, metadata,
                         checkpoints)) {
                var trainer = new AlignmentTrainer(policy, loss, extras.rule(), optimizer, new AlignmentTrainer.Config(
                        settings.batchSize(), settings.steps(), settings.schedule(), settings.logEvery(),
                        settings.evalEvery(), settings.checkpointEvery(), seed),
                        extras.observer(policy, loss, data.eval(), evalRef, data.train(), trainRef, tables, options,
                                reference), options,
                        reference);
                trainer.run(start, data.train(), trainRef, data.eval(), evalRef, recorder);
                return recorder;
            }
        }
    }

    /**
     * Checks that TRL's training {@code options} fit the objective, rule and probes, before anything
     * is written.
     *
     * @throws GramianException (usage) when TR-DPO meets an objective that reads no reference, LD-DPO
     *                          or WPO a rule other than the plain gradient, or WPO a loss over the whole
     *                          batch
     */
    public static void check(Objective loss, AlignmentExtras extras, AlignmentOptions options) {
        boolean synced = options.referenceSync().isPresent();
        if (synced && !loss.usesReference()) {
            throw GramianException.usage("--sync-ref-model updates the reference model, but this objective reads "
                    + "none; drop --sync-ref-model or use an objective with a reference (dpo, ipo, ...)");
        }
        if (options.reweights()) {
            if (!(extras.rule() instanceof GradientRule)) {
                throw GramianException.usage("--ld-alpha and --use-weighting reweight the plain loss gradient; they do "
                        + "not combine with another --rule");
            }
            new ReweightedGradientRule(options, loss);
        }
    }

    private PhaseRecorder recorder(String phase, long start, TrainingSettings settings, LanguageModel model,
                                   Optimizer optimizer, Resumable rule, long seed, Map<String, String> metadata,
                                   boolean checkpoints) {
        Progress progress = display.start(phase, start, settings.steps());
        return new PhaseRecorder(run, phase, start, model, optimizer, rule, seed, metadata, checkpoints, progress);
    }

    /** The step to start from: 0, or the latest checkpoint's after restoring it when resuming. */
    private long resume(String phase, LanguageModel model, Optimizer optimizer, Resumable rule) {
        if (!run.resuming()) {
            return 0;
        }
        Path file = run.latestCheckpointFile();
        Checkpoint latest = run.latestCheckpoint();
        String saved = latest.metadata().getOrDefault("phase", "?");
        if (!saved.equals(phase)) {
            throw GramianException.input(file.toString(), 0, "is a checkpoint of phase '" + saved + "', not '"
                    + phase + "'");
        }
        if (!latest.parameters().sameLayout(model.parameters())) {
            throw GramianException.input(run.path().toString(), 0, "the latest checkpoint's parameters do not "
                    + "fit the model of this run");
        }
        model.parameters().copyFrom(latest.parameters());
        OptimizerAndRuleState.of(latest, file).restore(optimizer, rule, file);
        return latest.step();
    }

    private static List<Sequence> chosen(List<EncodedPair> pairs) {
        return pairs.stream().map(EncodedPair::chosen).toList();
    }
}

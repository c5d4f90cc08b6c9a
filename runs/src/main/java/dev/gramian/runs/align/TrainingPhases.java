package dev.gramian.runs.align;

import dev.gramian.api.GramianException;
import dev.gramian.api.checkpoint.Checkpoint;
import dev.gramian.api.checkpoint.OptimizerAndRuleState;
import dev.gramian.api.checkpoint.Resumable;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.objective.Objective;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.objectives.margin.align.AlignmentTrainer;
import dev.gramian.objectives.margin.align.ReferenceScores;
import dev.gramian.objectives.margin.align.SftTrainer;
import dev.gramian.objectives.margin.data.EncodedPair;
import dev.gramian.runs.RunDirectory;
import dev.gramian.runs.TableFiles;
import dev.gramian.runs.progress.Progress;
import dev.gramian.runs.progress.ProgressDisplay;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs the training phases of a run directory — SFT on the chosen responses, margin-loss alignment —
 * with the trainers of {@code objectives-margin}, recording each through a {@link PhaseRecorder}.
 * When the run directory resumes, a phase restores parameters, optimiser state, the alignment
 * rule's own state and step from {@code checkpoints/latest.ckpt}, and drops the rows that the
 * stopped run logged after that step from {@code metrics.jsonl} and the probe tables; alignment first
 * recomputes the reference scores with the model's starting parameters, which the caller has loaded
 * from the init checkpoint.
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
        int scoringBatch = Math.max(8, settings.batchSize());
        ReferenceScores trainRef = loss.usesReference() ? ReferenceScores.of(policy, data.train(), scoringBatch)
                : ReferenceScores.zeros(data.train().size());
        ReferenceScores evalRef = loss.usesReference() ? ReferenceScores.of(policy, data.eval(), scoringBatch)
                : ReferenceScores.zeros(data.eval().size());
        long start = resume(ALIGN, policy, optimizer, extras.rule());
        try (TableFiles tables = run.resuming() ? TableFiles.resumed(run.path(), start) : TableFiles.fresh(run.path());
             PhaseRecorder recorder = recorder(ALIGN, start, settings, policy, optimizer, extras.rule(), seed, metadata,
                     checkpoints)) {
            var trainer = new AlignmentTrainer(policy, loss, extras.rule(), optimizer, new AlignmentTrainer.Config(
                    settings.batchSize(), settings.steps(), settings.schedule(), settings.logEvery(),
                    settings.evalEvery(), settings.checkpointEvery(), seed),
                    extras.observer(policy, loss, data.eval(), evalRef, data.train(), trainRef, tables));
            trainer.run(start, data.train(), trainRef, data.eval(), evalRef, recorder);
            return recorder;
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

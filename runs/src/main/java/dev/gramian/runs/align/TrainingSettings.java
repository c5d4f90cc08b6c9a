package dev.gramian.runs.align;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gramian.api.GramianException;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.objectives.margin.align.LearningRateSchedule;
import dev.gramian.runs.Provenance;

import java.util.Locale;
import java.util.Map;

/**
 * How one training phase steps: the optimiser plugin and its options, the learning-rate schedule,
 * batch size, length, and how often to log, evaluate and checkpoint.
 *
 * @param optimizer        optimiser plugin id
 * @param optimizerOptions its options as given ({@code -P key=value})
 * @param learningRate     the peak learning rate
 * @param shape            the decay after warm-up
 * @param warmup           warm-up steps
 * @param batchSize        sequences (SFT) or pairs (alignment) per step
 * @param steps            optimiser steps
 * @param logEvery         log training metrics every this many steps
 * @param evalEvery        evaluate on held-out data every this many steps
 * @param checkpointEvery  checkpoint every this many steps (0: only at the end)
 */
public record TrainingSettings(String optimizer, Map<String, String> optimizerOptions, double learningRate,
                        LearningRateSchedule.Shape shape, long warmup, int batchSize, long steps, int logEvery,
                        int evalEvery, int checkpointEvery) {
    public TrainingSettings {
        optimizerOptions = Map.copyOf(optimizerOptions);
        positive("--batch-size", batchSize);
        positive("--steps", steps);
        positive("--log-every", logEvery);
        positive("--eval-every", evalEvery);
        if (checkpointEvery < 0) {
            throw GramianException.usage("--checkpoint-every must be at least 0 (0: only at the end), got "
                    + checkpointEvery);
        }
        schedule(learningRate, shape, warmup, steps);
    }

    /** {@code gramian sft}'s defaults: adam, lr 3e-3, cosine, 20 warm-up steps, 16 sequences, 1000 steps, log 10, eval and checkpoint 100. */
    public static final TrainingSettings SFT_DEFAULTS = new TrainingSettings("adam", Map.of(), 3e-3,
            LearningRateSchedule.Shape.COSINE, 20, 16, 1000, 10, 100, 100);

    /** {@code gramian align}'s defaults: adam, lr 3e-4, constant, 10 warm-up steps, 16 pairs, 300 steps, log 10, eval and checkpoint 50. */
    public static final TrainingSettings ALIGN_DEFAULTS = new TrainingSettings("adam", Map.of(), 3e-4,
            LearningRateSchedule.Shape.CONSTANT, 10, 16, 300, 10, 50, 50);

    /**
     * The settings given, {@code defaults} for those left out (null): the default warm-up is capped at
     * the number of steps.
     *
     * @param optimizer        the optimiser's id, or null
     * @param optimizerOptions its options (empty for none)
     * @param schedule         {@code constant}, {@code linear} or {@code cosine}, or null
     * @throws GramianException (usage) for a value out of range, naming the option
     */
    public static TrainingSettings of(TrainingSettings defaults, String optimizer, Map<String, String> optimizerOptions,
                                      Double learningRate, String schedule, Long warmup, Integer batchSize, Long steps,
                                      Integer logEvery, Integer evalEvery, Integer checkpointEvery) {
        long length = steps == null ? defaults.steps() : steps;
        return new TrainingSettings(optimizer == null ? defaults.optimizer() : optimizer,
                optimizerOptions.isEmpty() ? defaults.optimizerOptions() : optimizerOptions,
                learningRate == null ? defaults.learningRate() : learningRate,
                schedule == null ? defaults.shape() : LearningRateSchedule.Shape.parse(schedule),
                warmup == null ? Math.min(defaults.warmup(), length) : warmup,
                batchSize == null ? defaults.batchSize() : batchSize,
                length,
                logEvery == null ? defaults.logEvery() : logEvery,
                evalEvery == null ? defaults.evalEvery() : evalEvery,
                checkpointEvery == null ? defaults.checkpointEvery() : checkpointEvery);
    }

    private static void positive(String option, long value) {
        if (value < 1) {
            throw GramianException.usage(option + " must be at least 1, got " + value);
        }
    }

    private static LearningRateSchedule schedule(double learningRate, LearningRateSchedule.Shape shape, long warmup,
                                                 long steps) {
        return new LearningRateSchedule(learningRate, shape, warmup, steps);
    }

    /** The learning rate per step. */
    public LearningRateSchedule schedule() {
        return schedule(learningRate, shape, warmup, steps);
    }

    /** A fresh optimiser (unknown ids and bad options fail here, before anything is written). */
    public Optimizer createOptimizer(PluginCatalog catalog) {
        return catalog.create(PluginKind.OPTIMIZER, optimizer, optimizerOptions, Optimizer.class);
    }

    /** Puts {@code optimizer} ({@code {"id", "options"}}) and {@code training} into {@code config}. */
    public void describeInto(ObjectNode config, PluginCatalog catalog) {
        Provenance.describePlugin(config, "optimizer", catalog, PluginKind.OPTIMIZER, optimizer, optimizerOptions);
        ObjectNode training = JsonNodeFactory.instance.objectNode();
        training.put("learning_rate", learningRate);
        training.put("schedule", shape.name().toLowerCase(Locale.ROOT));
        training.put("warmup_steps", warmup);
        training.put("batch_size", batchSize);
        training.put("steps", steps);
        training.put("log_every", logEvery);
        training.put("eval_every", evalEvery);
        training.put("checkpoint_every", checkpointEvery);
        config.set("training", training);
    }
}

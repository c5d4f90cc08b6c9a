package dev.gramian.cli.align;

import dev.gramian.runs.align.TrainingSettings;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The training options shared by {@code gramian sft} and {@code gramian align}. Options left out
 * take the command's defaults, which each command's help shows.
 */
public final class TrainingOptions {

    @Option(names = "--optimizer", paramLabel = "ID",
            description = "Optimiser plugin (see 'gramian plugins list --kind optimizer'); default ${DEFAULT-VALUE}.",
            defaultValue = "adam")
    private String optimizer;

    @Option(names = {"-P", "--optimizer-option"}, paramLabel = "KEY=VALUE",
            description = "An option of the optimiser, e.g. -P weight_decay=0.01; repeatable.")
    private Map<String, String> optimizerOptions = new LinkedHashMap<>();

    @Option(names = "--lr", paramLabel = "RATE", description = "Peak learning rate.")
    private Double learningRate;

    @Option(names = "--schedule", paramLabel = "SHAPE",
            description = "Learning-rate decay after warm-up: constant, linear or cosine.")
    private String schedule;

    @Option(names = "--warmup", paramLabel = "STEPS", description = "Linear warm-up steps.")
    private Long warmup;

    @Option(names = "--batch-size", paramLabel = "N", description = "Sequences (sft) or pairs (align) per step.")
    private Integer batchSize;

    @Option(names = "--steps", paramLabel = "N", description = "Optimiser steps.")
    private Long steps;

    @Option(names = "--log-every", paramLabel = "N", description = "Log training metrics every N steps.")
    private Integer logEvery;

    @Option(names = "--eval-every", paramLabel = "N",
            description = "Evaluate on the held-out pairs every N steps (and at the start and end).")
    private Integer evalEvery;

    @Option(names = "--checkpoint-every", paramLabel = "N",
            description = "Write a checkpoint every N steps (0: only at the end).")
    private Integer checkpointEvery;

    /** The settings given, with {@code defaults} for those left out (the default warm-up at most --steps). */
    TrainingSettings settings(TrainingSettings defaults) {
        return TrainingSettings.of(defaults, optimizer, optimizerOptions, learningRate, schedule, warmup, batchSize,
                steps, logEvery, evalEvery, checkpointEvery);
    }
}

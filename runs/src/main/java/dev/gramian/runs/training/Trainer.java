package dev.gramian.runs.training;

import dev.gramian.api.model.LoraSpec;
import dev.gramian.api.plugin.ObjectiveSpec;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.objectives.margin.align.AlignmentOptions;
import dev.gramian.runs.RunDirectory;
import dev.gramian.runs.RunPrecision;
import dev.gramian.runs.align.AlignRunner;
import dev.gramian.runs.align.AlignSpec;
import dev.gramian.runs.align.LanguageModelRuns;
import dev.gramian.runs.align.ModelShape;
import dev.gramian.runs.align.PhaseOutcome;
import dev.gramian.runs.align.PreferenceDataSpec;
import dev.gramian.runs.align.ProbeSpec;
import dev.gramian.runs.align.SftRunner;
import dev.gramian.runs.align.SftSpec;
import dev.gramian.runs.align.TrainingSettings;
import dev.gramian.runs.progress.ProgressDisplay;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * SFT and alignment from a program: pick the data and the model, change the settings you care
 * about, and {@code run} into a run directory. What is left out takes {@code gramian sft}'s or
 * {@code align}'s default; a bad value is the {@link dev.gramian.api.GramianException} the command
 * would report.
 *
 * <pre>{@code
 * Trainer trainer = new Trainer(PluginCatalog.load(List.of()));
 * PhaseOutcome sft = trainer.sft().dataset("1t").steps(300).run(Path.of("runs/sft"));
 * PhaseOutcome dpo = trainer.align().dataset("1t").init(sft.checkpoint()).objective("dpo")
 *         .objectiveOption("beta", "0.1").steps(100).run(Path.of("runs/dpo"));
 * }</pre>
 */
public final class Trainer {
    private final PluginCatalog catalog;
    private final ProgressDisplay display;
    private final Consumer<String> warnings;

    /** A trainer creating plugins from {@code catalog}, quiet: no progress, tokenisation warnings dropped. */
    public Trainer(PluginCatalog catalog) {
        this(catalog, ProgressDisplay.of(true, false, new PrintWriter(PrintWriter.nullWriter())), warning -> {
        });
    }

    /** A trainer showing progress on {@code display} and passing tokenisation warnings to {@code warnings}. */
    public Trainer(PluginCatalog catalog, ProgressDisplay display, Consumer<String> warnings) {
        this.catalog = catalog;
        this.display = display;
        this.warnings = warnings;
    }

    /** An SFT run on prompt + chosen: a new built-in model unless {@link Sft#init} or {@link Sft#model} says otherwise. */
    public Sft sft() {
        return new Sft();
    }

    /** An alignment run of {@link Align#init a checkpoint} or {@link Align#model a model folder}. */
    public Align align() {
        return new Align();
    }

    /**
     * What SFT and alignment runs share: the data, the model folder, the training settings, the seed and
     * the precision.
     *
     * @param <P> the run's own type, returned by every setter
     */
    public abstract class Phase<P extends Phase<P>> {
        private Path data;
        private Path evalData;
        private String dataset;
        private final Map<String, String> datasetOptions = new LinkedHashMap<>();
        private Double evalFraction;
        private int maxLength = PreferenceDataSpec.DEFAULT_MAX_LENGTH;
        private String truncation = PreferenceDataSpec.DEFAULT_TRUNCATION;
        Path init;
        Path model;
        LoraSpec lora;
        private String optimizer;
        private final Map<String, String> optimizerOptions = new LinkedHashMap<>();
        private Double learningRate;
        private String schedule;
        private Long warmup;
        private Integer batchSize;
        private Long steps;
        private Integer logEvery;
        private Integer evalEvery;
        private Integer checkpointEvery;
        long seed = LanguageModelRuns.DEFAULT_SEED;
        RunPrecision precision = RunPrecision.FP32;

        Phase() {
        }

        abstract P self();

        /** Preference pairs from a JSON Lines file ({@code --data}). */
        public P data(Path file) {
            this.data = file;
            return self();
        }

        /** Held-out pairs from a file of their own ({@code --eval-data}). */
        public P evalData(Path file) {
            this.evalData = file;
            return self();
        }

        /** The share of the data file held out by seed ({@code --eval-fraction}). */
        public P evalFraction(double fraction) {
            this.evalFraction = fraction;
            return self();
        }

        /** A built-in preference data set ({@code --dataset}). */
        public P dataset(String id) {
            this.dataset = id;
            return self();
        }

        /** An option of the built-in data set ({@code -D key=value}). */
        public P datasetOption(String key, String value) {
            datasetOptions.put(key, value);
            return self();
        }

        /** The longest pair in tokens ({@code --max-length}). */
        public P maxLength(int tokens) {
            this.maxLength = tokens;
            return self();
        }

        /** What to do with longer pairs: {@code error}, {@code keep-end} or {@code skip} ({@code --truncation}). */
        public P truncation(String policy) {
            this.truncation = policy;
            return self();
        }

        /** A Gramian checkpoint to start from ({@code --init}). */
        public P init(Path checkpoint) {
            this.init = checkpoint;
            return self();
        }

        /** A Hugging Face model folder to train ({@code --model}); pairs are then tokenised as TRL does. */
        public P model(Path folder) {
            this.model = folder;
            return self();
        }

        /** Train a LoRA adapter on the {@link #model} folder's model instead of all weights. */
        public P lora(LoraSpec adapter) {
            this.lora = adapter;
            return self();
        }

        /** The optimiser plugin ({@code --optimizer}). */
        public P optimizer(String id) {
            this.optimizer = id;
            return self();
        }

        /** An option of the optimiser ({@code -P key=value}). */
        public P optimizerOption(String key, String value) {
            optimizerOptions.put(key, value);
            return self();
        }

        /** The peak learning rate ({@code --lr}). */
        public P learningRate(double rate) {
            this.learningRate = rate;
            return self();
        }

        /** The decay after warm-up: {@code constant}, {@code linear} or {@code cosine} ({@code --schedule}). */
        public P schedule(String shape) {
            this.schedule = shape;
            return self();
        }

        /** Linear warm-up steps ({@code --warmup}). */
        public P warmup(long steps) {
            this.warmup = steps;
            return self();
        }

        /** Sequences (SFT) or pairs (alignment) per step ({@code --batch-size}). */
        public P batchSize(int size) {
            this.batchSize = size;
            return self();
        }

        /** Optimiser steps ({@code --steps}). */
        public P steps(long count) {
            this.steps = count;
            return self();
        }

        /** Log training metrics every this many steps ({@code --log-every}). */
        public P logEvery(int stepsBetween) {
            this.logEvery = stepsBetween;
            return self();
        }

        /** Evaluate on the held-out pairs every this many steps ({@code --eval-every}). */
        public P evalEvery(int stepsBetween) {
            this.evalEvery = stepsBetween;
            return self();
        }

        /** Checkpoint every this many steps, 0 for only at the end ({@code --checkpoint-every}). */
        public P checkpointEvery(int stepsBetween) {
            this.checkpointEvery = stepsBetween;
            return self();
        }

        /** The seed of the data split, a new model and the batch order ({@code --seed}). */
        public P seed(long value) {
            this.seed = value;
            return self();
        }

        /**
         * The precision of the model's matrix products ({@code --precision}): {@code fp32} or {@code bf16}.
         *
         * @throws dev.gramian.api.GramianException (usage) for another value
         */
        public P precision(String value) {
            this.precision = RunPrecision.parse(value);
            return self();
        }

        /** Runs into the empty or new directory {@code out}. */
        public PhaseOutcome run(Path out) {
            return run(out, RunDirectory.Mode.FRESH);
        }

        /** Runs into {@code out}: fresh, replacing an earlier run ({@code --force}) or resuming one ({@code --resume}). */
        public abstract PhaseOutcome run(Path out, RunDirectory.Mode mode);

        PreferenceDataSpec dataSpec() {
            return new PreferenceDataSpec(data, dataset, datasetOptions, evalData, evalFraction, maxLength,
                    PreferenceDataSpec.truncation(truncation));
        }

        TrainingSettings settings(TrainingSettings defaults) {
            return TrainingSettings.of(defaults, optimizer, optimizerOptions, learningRate, schedule, warmup,
                    batchSize, steps, logEvery, evalEvery, checkpointEvery);
        }
    }

    /** An SFT run, as {@code gramian sft} makes it. */
    public final class Sft extends Phase<Sft> {
        private ModelShape shape = ModelShape.DEFAULT;

        Sft() {
        }

        @Override
        Sft self() {
            return this;
        }

        /** The shape of a new built-in model ({@code --layers --width --heads --mlp --context}). */
        public Sft shape(ModelShape newModel) {
            this.shape = newModel;
            return this;
        }

        /** The settings record this run hands {@code SftRunner}, as {@code gramian sft} fills it. */
        SftSpec spec() {
            return new SftSpec(dataSpec(), init, model, lora, shape, settings(TrainingSettings.SFT_DEFAULTS), seed,
                    precision);
        }

        @Override
        public PhaseOutcome run(Path out, RunDirectory.Mode mode) {
            return new SftRunner(catalog, display, warnings).run(spec(), out, mode);
        }
    }

    /** An alignment run, as {@code gramian align} makes it. */
    public final class Align extends Phase<Align> {
        private String objective = AlignSpec.DEFAULT_OBJECTIVE;
        private final Map<String, String> objectiveOptions = new LinkedHashMap<>();
        private String rule = AlignSpec.DEFAULT_RULE;
        private final Map<String, String> ruleOptions = new LinkedHashMap<>();
        private final List<ProbeSpec> probes = new ArrayList<>();
        private int probePairs = AlignSpec.DEFAULT_PROBE_PAIRS;
        private AlignmentOptions options = AlignmentOptions.NONE;

        Align() {
        }

        @Override
        Align self() {
            return this;
        }

        /** The margin loss, or a weighted sum such as {@code dpo:0.8,sft:1.0} ({@code --objective}). */
        public Align objective(String idOrSum) {
            this.objective = idOrSum;
            return this;
        }

        /** An option of the objective ({@code -O key=value}; {@code id.key} for one component of a sum). */
        public Align objectiveOption(String key, String value) {
            objectiveOptions.put(key, value);
            return this;
        }

        /** The alignment rule plugin ({@code --rule}). */
        public Align rule(String id) {
            this.rule = id;
            return this;
        }

        /** An option of the rule ({@code -R key=value}). */
        public Align ruleOption(String key, String value) {
            ruleOptions.put(key, value);
            return this;
        }

        /** A probe with its options ({@code --probe id:key=value,...}). */
        public Align probe(String id, Map<String, String> options) {
            probes.add(new ProbeSpec(id, options));
            return this;
        }

        /** How many pairs the probe set holds; 0 to probe each step's batch ({@code --probe-pairs}). */
        public Align probePairs(int pairs) {
            this.probePairs = pairs;
            return this;
        }

        /**
         * TRL's step options: LD-DPO, WPO, TR-DPO and gradient clipping ({@code --ld-alpha},
         * {@code --use-weighting}, {@code --sync-ref-model}, {@code --max-grad-norm}).
         */
        public Align options(AlignmentOptions trlOptions) {
            this.options = trlOptions;
            return this;
        }

        /** The settings record this run hands {@code AlignRunner}, as {@code gramian align} fills it. */
        AlignSpec spec() {
            return new AlignSpec(dataSpec(), init, model, lora, ObjectiveSpec.parse(objective), objectiveOptions, rule,
                    ruleOptions, probes, probePairs, settings(TrainingSettings.ALIGN_DEFAULTS), seed, options,
                    AlignSpec.DEFAULT_COMPLETIONS, precision);
        }

        @Override
        public PhaseOutcome run(Path out, RunDirectory.Mode mode) {
            return new AlignRunner(catalog, display, warnings).run(spec(), out, mode);
        }
    }
}

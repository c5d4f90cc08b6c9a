package dev.gramian.objectives.margin.probing;

import dev.gramian.api.backend.Backend;
import dev.gramian.api.model.DecoderSpec;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.LoraSpec;
import dev.gramian.api.model.PairBatch;
import dev.gramian.api.model.PreferenceStep;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.objectives.margin.loss.DpoLoss;
import dev.gramian.objectives.margin.loss.FDivergence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Times a DPO step (the real {@link DpoLoss} with β = 0.1: the loss's gradient and an optimiser step) on a pre-trained-shaped
 * decoder with random weights, fully fine-tuned or with a LoRA adapter, and reports the process's
 * peak resident memory. The reference shape is GPT-2 small (124M parameters, vocabulary 50257,
 * 12 layers of width 768), 4 pairs of 256 tokens whose prompt is the first half.
 *
 * @param spec    the decoder
 * @param pairs   preference pairs per step
 * @param tokens  tokens per sequence (prompt then response)
 * @param lora    the adapter, or null for full fine-tuning
 * @param repeats timed steps after one warm-up step (the median is reported)
 * @param seed    seeds the weights and the batch
 */
public record PretrainedStepBenchmark(DecoderSpec spec, int pairs, int tokens, LoraSpec lora, int repeats, long seed) {

    public PretrainedStepBenchmark {
        if (pairs < 1 || repeats < 1 || tokens < 3 || tokens > spec.context() + 1) {
            throw new IllegalArgumentException("need pairs >= 1, repeats >= 1 and 3 <= tokens <= context + 1, got pairs="
                    + pairs + " tokens=" + tokens + " repeats=" + repeats);
        }
    }

    /** GPT-2 small: vocabulary 50257, context 1024, 12 layers, width 768, 12 heads, MLP 3072, tied head. */
    public static DecoderSpec gpt2Small() {
        return new DecoderSpec(DecoderSpec.Family.GPT2, 50257, 1024, 12, 768, 12, 12, 64, 3072, 1e-5, true, true, true,
                true, new double[0]);
    }

    /**
     * What one run measured.
     *
     * @param stepMs        the median wall time of a timed step
     * @param stepCpuMs     the mean CPU time of the whole process per timed step (all threads, native ones
     *                      included; 0 where the JVM cannot tell), steadier than wall time on a loaded machine
     * @param stepGflopPerS {@link #stepFlops()} over the median wall time
     */
    public record Result(long parameters, long trainable, double stepMs, double firstStepMs, long peakRssBytes,
                         double stepCpuMs, double stepGflopPerS) {

        /** One JSON object with every field. */
        public String toJson() {
            return String.format(java.util.Locale.ROOT, "{\"parameters\": %d, \"trainable\": %d, \"step_ms\": %.1f, "
                    + "\"first_step_ms\": %.1f, \"step_cpu_ms\": %.1f, \"step_gflop_per_s\": %.2f, "
                    + "\"peak_rss_bytes\": %d}", parameters, trainable, stepMs, firstStepMs, stepCpuMs, stepGflopPerS,
                    peakRssBytes);
        }
    }

    /**
     * The floating-point operations of one step's matrix products, 2 per multiply-add, with R =
     * 2·pairs·(tokens − 1) input rows: per block the attention projections (d·(heads + 2·kv_heads)·hd
     * in, heads·hd·d out) and the MLP (two matrices of d·mlp for GPT-2, three for the Llama family)
     * over R rows, the output head over the scored rows only (2·pairs × the response length, as the
     * graph applies it), and the attention products Q·Kᵀ and P·V over all T×T positions. Each counts
     * forward and backward: the input gradient always, the weight gradient of the layers with
     * trainable weights (all of them in full fine-tuning; under an adapter only the adapter's, whose
     * products are left out as small). Embedding gathers, norms, activations and the loss do no
     * matrix products and are not counted. PyTorch's peer runs the same products.
     */
    public double stepFlops() {
        double rows = 2.0 * pairs * (tokens - 1);
        double scoredRows = 2.0 * pairs * (tokens - tokens / 2);
        double t = tokens - 1;
        double d = spec.width();
        double hd = spec.headDim();
        double projections = d * (spec.heads() + 2.0 * spec.keyValueHeads()) * hd + spec.heads() * hd * d;
        double mlp = (spec.family() == DecoderSpec.Family.GPT2 ? 2.0 : 3.0) * d * spec.mlpWidth();
        double linear = 2 * rows * spec.layers() * (projections + mlp) + 2 * scoredRows * d * spec.vocabularySize();
        double attention = 2 * 2 * (2.0 * pairs) * t * t * spec.heads() * hd * spec.layers();
        return (lora == null ? 3 : 2) * linear + 3 * attention;
    }

    /** Random weights of {@code spec}: matrices uniform with standard deviation 0.02, gains 1, biases 0. */
    public static ParameterSet randomWeights(DecoderSpec spec, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double half = 0.02 * Math.sqrt(3);
        List<ParameterSet.Parameter> out = new ArrayList<>();
        for (Map.Entry<String, int[]> e : spec.layout().entrySet()) {
            int[] shape = e.getValue();
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            double[] v = new double[n];
            if (shape.length == 2) {
                for (int i = 0; i < n; i++) {
                    v[i] = half * (2 * random.nextDouble() - 1);
                }
            } else if (e.getKey().endsWith("weight")) {
                java.util.Arrays.fill(v, 1);
            }
            out.add(new ParameterSet.Parameter(e.getKey(), shape, v));
        }
        return new ParameterSet(out);
    }

    /** Runs the benchmark on a model {@code backend} builds, stepping with {@code optimizer}. */
    public Result run(Backend backend, Optimizer optimizer) {
        ParameterSet weights = randomWeights(spec, seed);
        long total = weights.size();
        try (LanguageModel model = lora == null ? backend.pretrainedModel(spec, weights)
                : backend.adaptedModel(spec, weights, lora, seed)) {
            List<Sequence> chosen = new ArrayList<>();
            List<Sequence> rejected = new ArrayList<>();
            SplittableRandom random = new SplittableRandom(seed + 1);
            int prompt = tokens / 2;
            for (int i = 0; i < pairs; i++) {
                int[] w = new int[tokens];
                int[] l = new int[tokens];
                for (int t = 0; t < tokens; t++) {
                    w[t] = random.nextInt(spec.vocabularySize());
                    l[t] = t < prompt ? w[t] : random.nextInt(spec.vocabularySize());
                }
                chosen.add(new Sequence(w, prompt));
                rejected.add(new Sequence(l, prompt));
            }
            PairBatch batch = new PairBatch(chosen, rejected, model.score(chosen).logp(),
                    model.score(rejected).logp());
            DpoLoss dpo = new DpoLoss(0.1, 0.0, FDivergence.REVERSE_KL);
            Runnable step = () -> {
                PreferenceStep s = model.preferenceLossAndGradient(dpo, batch);
                optimizer.step(model.parameters(), s.gradient(), 1e-5);
            };
            long start = System.nanoTime();
            step.run();
            double first = (System.nanoTime() - start) / 1e6;
            double[] ms = new double[repeats];
            double[] cpuMs = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                long cpu = GramBenchmark.processCpuNanos();
                start = System.nanoTime();
                step.run();
                ms[r] = (System.nanoTime() - start) / 1e6;
                cpuMs[r] = (GramBenchmark.processCpuNanos() - cpu) / 1e6;
            }
            double median = GramBenchmark.median(ms);
            return new Result(total, model.parameters().size(), median, first, peakRss(), GramBenchmark.mean(cpuMs),
                    stepFlops() / (median / 1e3) / 1e9);
        }
    }

    /** The process's peak resident set ({@code VmHWM} of /proc/self/status), or -1 where there is none. */
    public static long peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}

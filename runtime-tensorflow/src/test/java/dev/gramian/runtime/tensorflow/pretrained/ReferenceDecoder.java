package dev.gramian.runtime.tensorflow.pretrained;

import dev.gramian.api.model.DecoderSpec;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.param.ParameterSet;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A plain float64 Java forward pass of GPT-2 and the Llama family, written from the formulas in
 * docs/HF-MODELS.md and independent of the TensorFlow graph: the reference the generated variants
 * (biases, rope scalings, grouped-query attention, tied heads) are checked against.
 */
public final class ReferenceDecoder {
    private final DecoderSpec spec;
    private final ParameterSet w;

    public ReferenceDecoder(DecoderSpec spec, ParameterSet weights) {
        this.spec = spec;
        this.w = weights;
    }

    /** Random weights of {@code spec}'s layout: gains near 1, everything else in ±scale. */
    static ParameterSet randomWeights(DecoderSpec spec, long seed, double scale) {
        SplittableRandom random = new SplittableRandom(seed);
        List<ParameterSet.Parameter> out = new ArrayList<>();
        spec.layout().forEach((name, shape) -> {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            double[] v = new double[n];
            boolean gain = shape.length == 1 && (name.contains("norm") || name.contains("ln_")) && name.endsWith("weight");
            for (int i = 0; i < n; i++) {
                v[i] = (gain ? 1 : 0) + scale * (2 * random.nextDouble() - 1);
            }
            out.add(new ParameterSet.Parameter(name, shape, v));
        });
        return new ParameterSet(out);
    }

    /** The logits of the token after {@code tokens}, one per vocabulary id. */
    public double[] nextLogits(int[] tokens) {
        int t = tokens.length;
        return logits(spec.family() == DecoderSpec.Family.GPT2 ? gpt2(tokens, t) : llama(tokens, t), t - 1);
    }

    /** The output head on hidden row {@code p}. */
    private double[] logits(double[][] h, int p) {
        double[] head = w.values(spec.tiedHead() ? spec.tokenEmbeddingName() : "lm_head.weight");
        int d = spec.width();
        double[] logits = new double[spec.vocabularySize()];
        for (int v = 0; v < logits.length; v++) {
            for (int j = 0; j < d; j++) {
                logits[v] += h[p][j] * head[v * d + j];
            }
        }
        return logits;
    }

    /** The summed response log-probability of {@code s}. */
    double logp(Sequence s) {
        int t = s.tokens().length - 1;
        double[][] h = spec.family() == DecoderSpec.Family.GPT2 ? gpt2(s.tokens(), t) : llama(s.tokens(), t);
        double total = 0;
        for (int p = s.responseStart() - 1; p < t; p++) {
            double[] logits = logits(h, p);
            double max = Double.NEGATIVE_INFINITY;
            for (double l : logits) {
                max = Math.max(max, l);
            }
            double sum = 0;
            for (double l : logits) {
                sum += Math.exp(l - max);
            }
            total += logits[s.tokens()[p + 1]] - max - Math.log(sum);
        }
        return total;
    }

    /** The logits over the vocabulary at each position that scores a response token of {@code s}. */
    double[][] responseLogits(Sequence s) {
        int t = s.tokens().length - 1;
        double[][] h = spec.family() == DecoderSpec.Family.GPT2 ? gpt2(s.tokens(), t) : llama(s.tokens(), t);
        double[] head = w.values(spec.tiedHead() ? spec.tokenEmbeddingName() : "lm_head.weight");
        int d = spec.width();
        double[][] out = new double[t - s.responseStart() + 1][spec.vocabularySize()];
        for (int p = s.responseStart() - 1; p < t; p++) {
            for (int v = 0; v < spec.vocabularySize(); v++) {
                for (int j = 0; j < d; j++) {
                    out[p - s.responseStart() + 1][v] += h[p][j] * head[v * d + j];
                }
            }
        }
        return out;
    }

    private double[][] gpt2(int[] tokens, int t) {
        int d = spec.width();
        double[] wte = w.values("transformer.wte.weight");
        double[] wpe = w.values("transformer.wpe.weight");
        double[][] h = new double[t][d];
        for (int p = 0; p < t; p++) {
            for (int j = 0; j < d; j++) {
                h[p][j] = wte[tokens[p] * d + j] + wpe[p * d + j];
            }
        }
        for (int l = 0; l < spec.layers(); l++) {
            String pre = spec.blockPrefix(l);
            double[][] qkv = conv1d(layerNorm(h, pre + "ln_1"), pre + "attn.c_attn");
            double[][] q = new double[t][d];
            double[][] k = new double[t][d];
            double[][] v = new double[t][d];
            for (int p = 0; p < t; p++) {
                System.arraycopy(qkv[p], 0, q[p], 0, d);
                System.arraycopy(qkv[p], d, k[p], 0, d);
                System.arraycopy(qkv[p], 2 * d, v[p], 0, d);
            }
            add(h, conv1d(attention(q, k, v), pre + "attn.c_proj"));
            double[][] z = conv1d(layerNorm(h, pre + "ln_2"), pre + "mlp.c_fc");
            for (double[] row : z) {
                for (int j = 0; j < row.length; j++) {
                    double x = row[j];
                    row[j] = 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
                }
            }
            add(h, conv1d(z, pre + "mlp.c_proj"));
        }
        return layerNorm(h, "transformer.ln_f");
    }

    private double[][] llama(int[] tokens, int t) {
        int d = spec.width();
        double[] embed = w.values("model.embed_tokens.weight");
        double[][] h = new double[t][d];
        for (int p = 0; p < t; p++) {
            System.arraycopy(embed, tokens[p] * d, h[p], 0, d);
        }
        for (int l = 0; l < spec.layers(); l++) {
            String pre = spec.blockPrefix(l);
            double[][] x = rmsNorm(h, pre + "input_layernorm");
            double[][] q = rope(linear(x, pre + "self_attn.q_proj", spec.qkvBias()), spec.heads());
            double[][] k = rope(linear(x, pre + "self_attn.k_proj", spec.qkvBias()), spec.keyValueHeads());
            double[][] v = linear(x, pre + "self_attn.v_proj", spec.qkvBias());
            add(h, linear(attention(q, k, v), pre + "self_attn.o_proj", spec.outputBias()));
            double[][] y = rmsNorm(h, pre + "post_attention_layernorm");
            double[][] gate = linear(y, pre + "mlp.gate_proj", spec.mlpBias());
            double[][] up = linear(y, pre + "mlp.up_proj", spec.mlpBias());
            for (int p = 0; p < t; p++) {
                for (int j = 0; j < gate[p].length; j++) {
                    double g = gate[p][j];
                    gate[p][j] = g / (1 + Math.exp(-g)) * up[p][j];
                }
            }
            add(h, linear(gate, pre + "mlp.down_proj", spec.mlpBias()));
        }
        return rmsNorm(h, "model.norm");
    }

    /** Rotary positions on each head of {@code x} ({@code [T, heads·hd]}), halves layout. */
    private double[][] rope(double[][] x, int heads) {
        int hd = spec.headDim();
        double[] f = spec.ropeFrequencies();
        for (int p = 0; p < x.length; p++) {
            for (int head = 0; head < heads; head++) {
                int o = head * hd;
                for (int j = 0; j < hd / 2; j++) {
                    double angle = p * f[j];
                    double cos = Math.cos(angle);
                    double sin = Math.sin(angle);
                    double a = x[p][o + j];
                    double b = x[p][o + j + hd / 2];
                    x[p][o + j] = a * cos - b * sin;
                    x[p][o + j + hd / 2] = b * cos + a * sin;
                }
            }
        }
        return x;
    }

    /** Causal attention; query head h reads key/value head h / (heads / kvHeads). */
    private double[][] attention(double[][] q, double[][] k, double[][] v) {
        int t = q.length;
        int hd = spec.headDim();
        int group = spec.heads() / spec.keyValueHeads();
        double[][] out = new double[t][spec.heads() * hd];
        for (int head = 0; head < spec.heads(); head++) {
            int qo = head * hd;
            int ko = (head / group) * hd;
            for (int p = 0; p < t; p++) {
                double[] scores = new double[p + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int s = 0; s <= p; s++) {
                    for (int j = 0; j < hd; j++) {
                        scores[s] += q[p][qo + j] * k[s][ko + j];
                    }
                    scores[s] /= Math.sqrt(hd);
                    max = Math.max(max, scores[s]);
                }
                double sum = 0;
                for (int s = 0; s <= p; s++) {
                    scores[s] = Math.exp(scores[s] - max);
                    sum += scores[s];
                }
                for (int s = 0; s <= p; s++) {
                    for (int j = 0; j < hd; j++) {
                        out[p][qo + j] += scores[s] / sum * v[s][ko + j];
                    }
                }
            }
        }
        return out;
    }

    private double[][] layerNorm(double[][] x, String module) {
        double[] g = w.values(module + ".weight");
        double[] b = w.values(module + ".bias");
        double[][] out = new double[x.length][];
        for (int p = 0; p < x.length; p++) {
            double mean = 0;
            for (double e : x[p]) {
                mean += e / x[p].length;
            }
            double var = 0;
            for (double e : x[p]) {
                var += (e - mean) * (e - mean) / x[p].length;
            }
            out[p] = new double[x[p].length];
            for (int j = 0; j < out[p].length; j++) {
                out[p][j] = (x[p][j] - mean) / Math.sqrt(var + spec.normEpsilon()) * g[j] + b[j];
            }
        }
        return out;
    }

    private double[][] rmsNorm(double[][] x, String module) {
        double[] g = w.values(module + ".weight");
        double[][] out = new double[x.length][];
        for (int p = 0; p < x.length; p++) {
            double ms = 0;
            for (double e : x[p]) {
                ms += e * e / x[p].length;
            }
            out[p] = new double[x[p].length];
            for (int j = 0; j < out[p].length; j++) {
                out[p][j] = x[p][j] / Math.sqrt(ms + spec.normEpsilon()) * g[j];
            }
        }
        return out;
    }

    /** {@code x·W + b} with W {@code [in, out]}. */
    private double[][] conv1d(double[][] x, String module) {
        int[] shape = w.get(module + ".weight").shape();
        double[] weight = w.values(module + ".weight");
        double[] bias = w.values(module + ".bias");
        double[][] out = new double[x.length][shape[1]];
        for (int p = 0; p < x.length; p++) {
            for (int o = 0; o < shape[1]; o++) {
                double s = bias[o];
                for (int i = 0; i < shape[0]; i++) {
                    s += x[p][i] * weight[i * shape[1] + o];
                }
                out[p][o] = s;
            }
        }
        return out;
    }

    /** {@code x·Wᵀ (+ b)} with W {@code [out, in]}. */
    private double[][] linear(double[][] x, String module, boolean bias) {
        int[] shape = w.get(module + ".weight").shape();
        double[] weight = w.values(module + ".weight");
        double[] b = bias ? w.values(module + ".bias") : new double[shape[0]];
        double[][] out = new double[x.length][shape[0]];
        for (int p = 0; p < x.length; p++) {
            for (int o = 0; o < shape[0]; o++) {
                double s = b[o];
                for (int i = 0; i < shape[1]; i++) {
                    s += x[p][i] * weight[o * shape[1] + i];
                }
                out[p][o] = s;
            }
        }
        return out;
    }

    private static void add(double[][] h, double[][] delta) {
        for (int p = 0; p < h.length; p++) {
            for (int j = 0; j < h[p].length; j++) {
                h[p][j] += delta[p][j];
            }
        }
    }
}

package dev.gramian.api.generation;

import dev.gramian.api.model.DecodingState;
import dev.gramian.api.model.GramMethod;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.model.PairBatch;
import dev.gramian.api.model.PairGram;
import dev.gramian.api.model.PreferenceStep;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.model.SequenceScores;
import dev.gramian.api.model.Tokenizer;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.param.LossGradient;
import dev.gramian.api.param.ParameterSet;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The generation loop on a hand-made model whose most likely next token is
 * {@code (last + position) mod V}: what it appends per call (the prompt once, then one token), where
 * it stops, and that sampling repeats with its seed.
 */
class GeneratorTest {
    static final int V = 11;

    /** The hand-made model; records the size of every append. */
    static final class CountingModel implements LanguageModel {
        final int context;
        final List<Integer> appends = new ArrayList<>();
        int open;
        int starts;

        CountingModel(int context) {
            this.context = context;
        }

        static double[] logits(int last, int position) {
            double[] logits = new double[V];
            for (int v = 0; v < V; v++) {
                logits[v] = 0.1 * v;
            }
            logits[(last + position) % V] = 3;
            return logits;
        }

        @Override
        public DecodingState startDecoding() {
            open++;
            starts++;
            return new DecodingState() {
                int length;

                @Override
                public double[] append(int... tokens) {
                    if (length + tokens.length > context) {
                        throw new IllegalArgumentException("past the context");
                    }
                    appends.add(tokens.length);
                    length += tokens.length;
                    return logits(tokens[tokens.length - 1], length);
                }

                @Override
                public void reset() {
                    length = 0;
                }

                @Override
                public int length() {
                    return length;
                }

                @Override
                public int capacity() {
                    return context;
                }

                @Override
                public void close() {
                    open--;
                }
            };
        }

        @Override
        public LanguageModelConfig config() {
            return new LanguageModelConfig(V, context, 1, 4, 1, 4);
        }

        @Override
        public ParameterSet parameters() {
            throw new UnsupportedOperationException();
        }

        @Override
        public SequenceScores score(List<Sequence> batch) {
            throw new UnsupportedOperationException();
        }

        @Override
        public LossGradient nextTokenLossAndGradient(List<Sequence> batch) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ParameterSet weightedLogProbGradient(List<Sequence> batch, double[] weights) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PreferenceStep preferenceLossAndGradient(MarginLoss loss, PairBatch batch) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PairGram pairGram(List<Sequence> chosen, List<Sequence> rejected, GramMethod method, boolean full) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void greedyAppendsThePromptOnceThenOneTokenPerStep() {
        CountingModel model = new CountingModel(64);
        Completion c = new Generator(model, GenerationSettings.greedy(4)).complete(new int[]{5, 2, 7});
        // (7 + 3) % 11 = 10, (10 + 4) % 11 = 3, (3 + 5) % 11 = 8, (8 + 6) % 11 = 3
        assertArrayEquals(new int[]{10, 3, 8, 3}, c.tokens());
        assertEquals(Completion.Stop.MAX_NEW_TOKENS, c.stop());
        assertEquals(List.of(3, 1, 1, 1), model.appends);
        assertEquals(0, model.open, "the state is closed");
        assertEquals(Generator.logSoftmax(CountingModel.logits(7, 3), 10), c.logprobs()[0], 1e-15);
    }

    @Test
    void stopsAtAStopTokenKeepingItAndAtTheContext() {
        CountingModel model = new CountingModel(64);
        Completion eos = new Generator(model, GenerationSettings.greedy(10)).complete(new int[]{5, 2, 7}, 8);
        assertArrayEquals(new int[]{10, 3, 8}, eos.tokens());
        assertArrayEquals(new int[]{10, 3}, eos.text());
        assertEquals(Completion.Stop.EOS, eos.stop());
        Completion ignored = new Generator(model, new GenerationSettings(4, 0, 0, 1, 0, false))
                .complete(new int[]{5, 2, 7}, 8);
        assertEquals(4, ignored.tokens().length);

        CountingModel small = new CountingModel(5);
        Completion full = new Generator(small, GenerationSettings.greedy(10)).complete(new int[]{5, 2, 7});
        assertArrayEquals(new int[]{10, 3, 8}, full.tokens(), "positions 3 and 4 are filled, then the context ends");
        assertEquals(Completion.Stop.CONTEXT, full.stop());
        assertThrows(IllegalArgumentException.class,
                () -> new Generator(small, GenerationSettings.greedy(1)).complete(new int[6]));
        assertThrows(IllegalArgumentException.class,
                () -> new Generator(small, GenerationSettings.greedy(1)).complete(new int[0]));
        assertEquals(0, small.open);
    }

    @Test
    void samplingRepeatsWithTheSeedAndEachPromptHasItsOwnStream() {
        CountingModel model = new CountingModel(64);
        GenerationSettings hot = new GenerationSettings(12, 5, 0, 1, 3, false);
        List<int[]> prompts = List.of(new int[]{1}, new int[]{1});
        List<Completion> first = new Generator(model, hot).complete(prompts);
        List<Completion> again = new Generator(model, hot).complete(prompts);
        assertEquals(first, again);
        assertNotEquals(first.get(0), first.get(1), "two prompts draw from two streams");
        assertEquals(first.get(0), new Generator(model, hot).complete(new int[]{1}), "prompt 0 uses stream 0");
        List<Completion> other = new Generator(model, new GenerationSettings(12, 5, 0, 1, 4, false)).complete(prompts);
        assertNotEquals(first.get(0), other.get(0));
        assertEquals(4, model.starts, "each call starts one state, a list of prompts too");
    }

    @Test
    void textCompletionsStartFromTheHeldOutPromptsAndStopAtEos() {
        CountingModel model = new CountingModel(64);
        Tokenizer letters = new Tokenizer() {
            @Override
            public int vocabularySize() {
                return V;
            }

            @Override
            public int[] encode(String text) {
                return text.chars().map(c -> c - 'a').toArray();
            }

            @Override
            public String decode(int[] ids) {
                StringBuilder b = new StringBuilder();
                for (int id : ids) {
                    b.append((char) ('a' + id));
                }
                return b.toString();
            }

            @Override
            public OptionalInt bos() {
                return OptionalInt.empty();
            }

            @Override
            public OptionalInt eos() {
                return OptionalInt.of(8);
            }

            @Override
            public OptionalInt pad() {
                return OptionalInt.empty();
            }
        };
        List<String> texts = Completions.greedy(model, letters,
                List.of(new Sequence(new int[]{5, 2, 7, 0, 0}, 3), new Sequence(new int[]{1, 4}, 1)), 6);
        assertEquals("kd", texts.get(0), "10, 3, then the EOS 8 ends it and is dropped");
        // prompt [1]: (1 + 1) % 11 = 2, (2 + 2) = 4, (4 + 3) = 7, (7 + 4) = 0, (0 + 5) = 5, (5 + 6) = 0
        assertEquals("cehafa", texts.get(1));
    }
}

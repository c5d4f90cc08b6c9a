package dev.gramian.runtime.tensorflow.lm;

import dev.gramian.tokenizers.ByteTokenizer;
import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.param.LossGradient;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.runtime.tensorflow.graph.SessionSettings;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("native")
class LanguageModelTrainingTest {
    private static final String TEXT = """
            the cat sat on the mat. the dog sat on the log. the cat saw the dog. the dog saw the cat.
            a cat and a dog sat on a mat and a log. the mat was red and the log was brown.
            """.repeat(3).replace('\n', ' ');
    private static final String HELD_OUT = "the dog sat on the mat. the cat saw the log. a dog and a cat sat.";

    @Test
    void tinyModelLearnsASmallText() {
        LanguageModelConfig config = new LanguageModelConfig(259, 32, 2, 32, 2, 64);
        ByteTokenizer tokenizer = new ByteTokenizer();
        int[] train = tokenizer.encode(TEXT);
        List<Sequence> heldOut = windows(tokenizer.encode(HELD_OUT), tokenizer, 24);
        try (TransformerLanguageModel model = new TransformerLanguageModel(config, 11, SessionSettings.defaults())) {
            double before = model.nextTokenLossAndGradient(heldOut).loss();
            Adam adam = new Adam(model.parameters(), 0.01);
            SplittableRandom random = new SplittableRandom(2);
            for (int step = 0; step < 300; step++) {
                List<Sequence> batch = new ArrayList<>();
                for (int b = 0; b < 8; b++) {
                    int start = random.nextInt(train.length - 24);
                    int[] window = new int[25];
                    window[0] = ByteTokenizer.BOS;
                    System.arraycopy(train, start, window, 1, 24);
                    batch.add(new Sequence(window, 1));
                }
                LossGradient lg = model.nextTokenLossAndGradient(batch);
                adam.step(model.parameters(), lg.gradient());
            }
            double after = model.nextTokenLossAndGradient(heldOut).loss();
            assertTrue(before > 5.0, "untrained loss " + before + " should be near ln 259");
            assertTrue(after < 1.8, "held-out loss " + after + " should fall well below ln 256 = 5.55");
        }
    }

    private static List<Sequence> windows(int[] ids, ByteTokenizer tokenizer, int length) {
        List<Sequence> out = new ArrayList<>();
        for (int start = 0; start + length <= ids.length; start += length) {
            int[] w = new int[length + 1];
            w[0] = ByteTokenizer.BOS;
            System.arraycopy(ids, start, w, 1, length);
            out.add(new Sequence(w, 1));
        }
        return out;
    }

    /** Plain Adam, written here because the optimiser plugins live in another module. */
    private static final class Adam {
        private final ParameterSet m;
        private final ParameterSet v;
        private final double rate;
        private int t;

        Adam(ParameterSet layout, double rate) {
            this.m = layout.zerosLike();
            this.v = layout.zerosLike();
            this.rate = rate;
        }

        void step(ParameterSet parameters, ParameterSet gradient) {
            t++;
            double c1 = 1 - Math.pow(0.9, t);
            double c2 = 1 - Math.pow(0.999, t);
            for (String name : parameters.names()) {
                double[] p = parameters.values(name);
                double[] g = gradient.values(name);
                double[] mm = m.values(name);
                double[] vv = v.values(name);
                for (int i = 0; i < p.length; i++) {
                    mm[i] = 0.9 * mm[i] + 0.1 * g[i];
                    vv[i] = 0.999 * vv[i] + 0.001 * g[i] * g[i];
                    p[i] -= rate * (mm[i] / c1) / (Math.sqrt(vv[i] / c2) + 1e-8);
                }
            }
        }
    }

}

package dev.gramian.objectives.fish.data;

import dev.gramian.api.data.DenseExampleSet;
import dev.gramian.api.data.DomainData;
import dev.gramian.api.data.DomainDataset;
import dev.gramian.api.data.DomainSplit;
import dev.gramian.api.model.ClassifierConfig;
import dev.gramian.api.random.SplitMix64;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A linear two-feature problem where gradient matching can be seen directly. Labels are balanced,
 * {@code s = ±1}; the invariant feature is {@code x_inv = s + σ_inv·N(0,1)} in every domain; the
 * spurious feature is {@code x_sp = ±s + σ_sp·N(0,1)}, agreeing with the label with probability
 * {@code p_d}. Training domain d of S has {@code p_d} spread evenly from {@code spurious_high} down
 * to {@code spurious_low}; the test domain has {@code test_spurious} (below ½: the correlation
 * reverses). With a noisy invariant and a clean spurious feature, ERM leans on the spurious one; its
 * per-domain gradients disagree exactly along the spurious weight, which Fish's GIP term penalises.
 */
public final class LinearToy implements DomainDataset {

    /**
     * @param domains            S ≥ 1
     * @param spuriousHigh       p of the first domain, in [0, 1]
     * @param spuriousLow        p of the last domain, in [0, 1]
     * @param testSpurious       p of the test domain, in [0, 1]
     * @param invariantNoise     σ_inv &gt; 0
     * @param spuriousNoise      σ_sp &gt; 0
     * @param trainExamples      training examples per domain
     * @param validationExamples validation examples per domain
     * @param testExamples       test examples
     */
    public record Settings(int domains, double spuriousHigh, double spuriousLow, double testSpurious,
                           double invariantNoise, double spuriousNoise,
                           int trainExamples, int validationExamples, int testExamples) {
        public Settings {
            if (domains < 1) {
                throw new IllegalArgumentException("need at least one domain, got " + domains);
            }
            for (double p : new double[] {spuriousHigh, spuriousLow, testSpurious}) {
                if (!(p >= 0 && p <= 1)) {
                    throw new IllegalArgumentException("agreement probabilities must lie in [0, 1], got " + p);
                }
            }
            if (!(invariantNoise > 0) || !(spuriousNoise > 0)) {
                throw new IllegalArgumentException("noise levels must be positive");
            }
            if (trainExamples < 1 || validationExamples < 1 || testExamples < 1) {
                throw new IllegalArgumentException("every split needs at least one example");
            }
        }

        /** The agreement probability of training domain {@code d}. */
        public double agreement(int d) {
            return domains == 1 ? spuriousHigh : spuriousHigh - (spuriousHigh - spuriousLow) * d / (domains - 1.0);
        }
    }

    /** Index of the invariant feature. */
    public static final int INVARIANT = 0;
    /** Index of the spurious feature. */
    public static final int SPURIOUS = 1;

    private final Settings settings;

    public LinearToy(Settings settings) {
        this.settings = settings;
    }

    @Override
    public ClassifierConfig suggestedModel() {
        return new ClassifierConfig("mlp", new int[] {2}, 2, List.of());
    }

    @Override
    public DomainData load(long seed) {
        SplitMix64 root = new SplitMix64(seed);
        List<DomainSplit> training = new ArrayList<>();
        for (int d = 0; d < settings.domains(); d++) {
            double p = settings.agreement(d);
            SplitMix64 random = root.derive(d + 1);
            training.add(new DomainSplit(String.format(Locale.ROOT, "p=%.3f", p),
                    examples(settings.trainExamples(), p, random), examples(settings.validationExamples(), p, random)));
        }
        double p = settings.testSpurious();
        return new DomainData(training, String.format(Locale.ROOT, "p=%.3f", p),
                examples(settings.testExamples(), p, root.derive(0)), 2);
    }

    private DenseExampleSet examples(int n, double agreement, SplitMix64 random) {
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(2);
            double s = 2 * y[i] - 1;
            double spurious = random.nextDouble() < agreement ? s : -s;
            x[2 * i + INVARIANT] = (float) (s + settings.invariantNoise() * random.nextGaussian());
            x[2 * i + SPURIOUS] = (float) (spurious + settings.spuriousNoise() * random.nextGaussian());
        }
        return new DenseExampleSet(x, y, new int[] {2});
    }
}

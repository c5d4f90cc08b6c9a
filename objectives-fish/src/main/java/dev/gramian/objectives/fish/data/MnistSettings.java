package dev.gramian.objectives.fish.data;

import dev.gramian.api.plugin.OptionSpec;
import dev.gramian.api.plugin.Options;
import dev.gramian.api.random.SplitMix64;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What the MNIST-based data sets share: where the files are, which environment is held out, how
 * many of the 70,000 pooled digits to use, and the fraction of each training environment held back
 * for validation (DomainBed's {@code holdout_fraction}).
 *
 * @param directory          the directory with the four IDX files
 * @param testDomain         index of the held-out environment
 * @param examples           digits used in all, at most 70,000 (fewer keeps tests fast)
 * @param validationFraction held-back share of each training environment, in (0, 1)
 */
public record MnistSettings(Path directory, int testDomain, int examples, double validationFraction) {
    public MnistSettings {
        Objects.requireNonNull(directory, "directory");
        if (testDomain < 0) {
            throw new IllegalArgumentException("test domain index must be ≥ 0, got " + testDomain);
        }
        if (examples < 1) {
            throw new IllegalArgumentException("need at least one example, got " + examples);
        }
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + validationFraction);
        }
    }

    /** The four IDX files in {@link #directory()}, which both data sets read. */
    public List<Path> files() {
        return MnistDigits.FILES.stream().map(directory::resolve).toList();
    }

    /** The options both MNIST plugins declare, with the given default test environment. */
    static OptionSpec[] options(int environments, int defaultTestDomain) {
        return new OptionSpec[] {
            OptionSpec.string("mnist_dir", "", "directory with the four MNIST IDX files; empty means "
                    + "$GRAMIAN_DATA_DIR/mnist or ~/.gramian/data/mnist (where `gramian data fetch mnist` puts them)"),
            OptionSpec.integer("test_domain", defaultTestDomain, "index of the held-out environment")
                    .atLeast(0).atMost(environments - 1),
            OptionSpec.integer("examples", 70000, "pooled digits to use (train + test files: 70000)")
                    .atLeast(10L * environments).atMost(70000),
            OptionSpec.real("validation_fraction", 0.2, "share of each training environment held back for selection")
                    .greaterThan(0).lessThan(1)
        };
    }

    /** Settings from options declared by {@link #options}. */
    static MnistSettings from(Options options) {
        String dir = options.string("mnist_dir");
        return new MnistSettings(dir.isEmpty() ? MnistDigits.defaultDirectory() : Path.of(dir),
                options.integer("test_domain"), options.integer("examples"), options.real("validation_fraction"));
    }

    /**
     * DomainBed's environments: the pooled digits in a seeded random order, cut to {@link #examples},
     * environment i taking every {@code environments}-th digit starting at i.
     *
     * @return per environment, indices into the pool
     */
    int[][] partition(int poolSize, int environments, long seed) {
        int[] order = new int[poolSize];
        for (int i = 0; i < poolSize; i++) {
            order[i] = i;
        }
        SplitMix64 random = new SplitMix64(seed);
        for (int i = poolSize - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int used = Math.min(examples, poolSize);
        int[][] result = new int[environments][];
        for (int e = 0; e < environments; e++) {
            int count = (used - e + environments - 1) / environments;
            result[e] = new int[count];
            for (int k = 0; k < count; k++) {
                result[e][k] = order[e + k * environments];
            }
        }
        return result;
    }

    /** The number of validation examples of an environment of {@code size} examples (at least 1). */
    int validationCount(int size) {
        return Math.max(1, (int) Math.round(size * validationFraction));
    }
}

package dev.gramian.objectives.fish.train;

import dev.gramian.api.data.DomainData;
import dev.gramian.api.data.DomainSplit;
import dev.gramian.api.data.ExampleSet;
import dev.gramian.api.data.MinibatchStream;
import dev.gramian.api.domain.DomainLearner;
import dev.gramian.api.domain.DomainRule;
import dev.gramian.api.domain.LossGradient;
import dev.gramian.api.model.ClassifierModel;
import dev.gramian.api.model.LabeledBatch;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.api.probe.DomainGeometry;
import dev.gramian.api.probe.GradientProbe;
import dev.gramian.api.probe.MetricSink;
import dev.gramian.api.random.SplitMix64;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.random.RandomGenerator;

/**
 * Trains a {@link ClassifierModel} on the training domains of a {@link DomainData} with a
 * {@link DomainRule}, and is the {@link DomainLearner} the rule sees: each training domain has its
 * own seeded {@link MinibatchStream}, and every loss and gradient is the model's at its live
 * parameters.
 *
 * <p>After step n (counting from 1) the trainer hands probes that want
 * {@link GradientProbe.Need#DOMAINS} the Gram matrix of the domains' gradients whenever n is a
 * multiple of their interval; every {@code evalEvery} steps and after the last it evaluates:
 * accuracy on each training domain's validation examples, their mean (the selection criterion),
 * held-out accuracy and the gradient geometry. Geometry is measured on fixed examples (the first
 * {@link DgSettings#geometryExamples()} of each training split) and consumes nothing from the
 * streams, so probing never changes training. Metrics go to {@code metrics.apply(n)} under the names
 * of {@code docs/run-directory.md}: {@code loss}, {@code train/<domain>/accuracy} (on that domain's
 * validation examples), {@code val/accuracy}, {@code test/accuracy}, and {@code gip/mean},
 * {@code gip/cosine_mean} unless a domain probe already reported geometry for that step.
 */
public final class DomainTrainer implements DomainLearner {
    private final ClassifierModel model;
    private final DomainData data;
    private final DgSettings settings;
    private final Function<String, Optimizer> optimizers;
    private final List<MinibatchStream> streams = new ArrayList<>();
    private final List<LabeledBatch> geometryBatches = new ArrayList<>();
    private final RandomGenerator random;

    /**
     * @param model      the classifier, whose input shape and classes must match the data
     * @param data       the training domains and the held-out domain
     * @param settings   steps, batch sizes, learning rate, evaluation interval, seed
     * @param optimizers creates optimiser plugins by id with default options (for rules' inner loops)
     */
    public DomainTrainer(ClassifierModel model, DomainData data, DgSettings settings,
                         Function<String, Optimizer> optimizers) {
        this.model = Objects.requireNonNull(model, "model");
        this.data = Objects.requireNonNull(data, "data");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.optimizers = Objects.requireNonNull(optimizers, "optimizers");
        if (model.config().inputSize() != data.test().exampleSize()) {
            throw new IllegalArgumentException("model takes " + model.config().inputSize()
                    + " input features, the data's examples have " + data.test().exampleSize());
        }
        if (model.config().classes() != data.classes()) {
            throw new IllegalArgumentException("model has " + model.config().classes() + " classes, the data "
                    + data.classes());
        }
        SplitMix64 root = new SplitMix64(settings.seed());
        for (int d = 0; d < data.domainCount(); d++) {
            ExampleSet train = data.training().get(d).train();
            streams.add(new MinibatchStream(train, settings.batchSize(), root.derive(d + 1).nextLong()));
            geometryBatches.add(train.batch(0, Math.min(settings.geometryExamples(), train.size())));
        }
        this.random = root.derive(0);
    }

    /**
     * Runs {@link DgSettings#steps()} steps of {@code rule} from the model's current parameters.
     *
     * @param rule    the domain rule
     * @param outer   the optimiser for θ the rule may use
     * @param probes  probes to feed; those that do not want domain geometry are ignored
     * @param metrics the sink for the metrics of a step, given the number of steps completed
     * @return every evaluation and the selected model
     */
    public DgResult train(DomainRule rule, Optimizer outer, List<GradientProbe> probes, LongFunction<MetricSink> metrics) {
        List<GradientProbe> domainProbes = probes.stream().filter(p -> p.wants(GradientProbe.Need.DOMAINS)).toList();
        List<DgEvaluation> evaluations = new ArrayList<>();
        DgEvaluation best = null;
        ParameterSet bestParameters = null;
        double lossSum = 0;
        int lossCount = 0;
        for (long step = 0; step < settings.steps(); step++) {
            lossSum += rule.step(this, outer, settings.learningRate(), step);
            lossCount++;
            long done = step + 1;
            DomainGeometry geometry = null;
            for (GradientProbe probe : domainProbes) {
                if (done % probe.interval() == 0) {
                    geometry = geometry != null ? geometry : geometry(done);
                    probe.observeDomains(geometry, metrics.apply(done));
                }
            }
            if (done % settings.evalEvery() == 0 || done == settings.steps()) {
                boolean probed = geometry != null;
                geometry = probed ? geometry : geometry(done);
                DgEvaluation evaluation = evaluate(done, lossSum / lossCount, geometry);
                report(evaluation, metrics.apply(done), !probed);
                evaluations.add(evaluation);
                if (best == null || evaluation.validationAccuracy() > best.validationAccuracy()) {
                    best = evaluation;
                    bestParameters = model.parameters().copy();
                }
                lossSum = 0;
                lossCount = 0;
            }
        }
        return new DgResult(evaluations, best, bestParameters);
    }

    /** The Gram matrix of the domains' gradients on the fixed geometry examples at the current parameters. */
    public DomainGeometry geometry(long step) {
        int s = data.domainCount();
        List<ParameterSet> gradients = new ArrayList<>(s);
        double[] losses = new double[s];
        for (int d = 0; d < s; d++) {
            LossGradient lg = model.lossAndGradient(geometryBatches.get(d));
            gradients.add(lg.gradient());
            losses[d] = lg.loss();
        }
        double[][] gram = new double[s][s];
        for (int i = 0; i < s; i++) {
            for (int j = i; j < s; j++) {
                gram[i][j] = gradients.get(i).dot(gradients.get(j));
                gram[j][i] = gram[i][j];
            }
        }
        return new DomainGeometry(step, gram, losses);
    }

    private DgEvaluation evaluate(long step, double trainLoss, DomainGeometry geometry) {
        Map<String, Double> byDomain = new LinkedHashMap<>();
        double sum = 0;
        for (DomainSplit split : data.training()) {
            double accuracy = accuracy(split.validation());
            byDomain.put(split.name(), accuracy);
            sum += accuracy;
        }
        return new DgEvaluation(step, trainLoss, byDomain, sum / data.domainCount(), accuracy(data.test()),
                geometry.meanInnerProduct(), meanCosine(geometry.gram()));
    }

    private static void report(DgEvaluation evaluation, MetricSink sink, boolean withGeometry) {
        sink.scalar("loss", evaluation.trainLoss());
        evaluation.domainAccuracy().forEach((domain, accuracy) -> sink.scalar("train/" + domain + "/accuracy", accuracy));
        sink.scalar("val/accuracy", evaluation.validationAccuracy());
        sink.scalar("test/accuracy", evaluation.testAccuracy());
        if (withGeometry) {
            sink.scalar("gip/mean", evaluation.gip());
            sink.scalar("gip/cosine_mean", evaluation.gipCosine());
        }
    }

    /** The mean cosine over distinct pairs of a Gram matrix; NaN for one domain or a zero gradient. */
    static double meanCosine(double[][] gram) {
        int s = gram.length;
        if (s < 2) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < s; i++) {
            for (int j = i + 1; j < s; j++) {
                sum += gram[i][j] / Math.sqrt(gram[i][i] * gram[j][j]);
            }
        }
        return 2 * sum / (s * (s - 1.0));
    }

    /** The share of {@code examples} the model classifies correctly. */
    public double accuracy(ExampleSet examples) {
        int correct = 0;
        for (int from = 0; from < examples.size(); from += settings.evalBatchSize()) {
            LabeledBatch batch = examples.batch(from, Math.min(examples.size(), from + settings.evalBatchSize()));
            int[] predicted = model.predict(batch);
            for (int i = 0; i < predicted.length; i++) {
                if (predicted[i] == batch.labels()[i]) {
                    correct++;
                }
            }
        }
        return correct / (double) examples.size();
    }

    @Override
    public int domainCount() {
        return data.domainCount();
    }

    @Override
    public ParameterSet parameters() {
        return model.parameters();
    }

    @Override
    public LossGradient lossAndGradient(int domain) {
        return model.lossAndGradient(streams.get(domain).next());
    }

    /** One pass over the concatenation of every domain's next minibatch. */
    @Override
    public LossGradient unionLossAndGradient() {
        List<LabeledBatch> batches = nextBatches();
        int examples = batches.stream().mapToInt(LabeledBatch::size).sum();
        int width = batches.get(0).features().length / batches.get(0).size();
        float[] x = new float[examples * width];
        int[] y = new int[examples];
        int offset = 0;
        for (LabeledBatch batch : batches) {
            System.arraycopy(batch.features(), 0, x, offset * width, batch.features().length);
            System.arraycopy(batch.labels(), 0, y, offset, batch.size());
            offset += batch.size();
        }
        return model.lossAndGradient(new LabeledBatch(x, y));
    }

    @Override
    public LossGradient gipPenalizedLossAndGradient(double gamma) {
        return model.gipPenalizedLossAndGradient(nextBatches(), gamma);
    }

    private List<LabeledBatch> nextBatches() {
        List<LabeledBatch> batches = new ArrayList<>(streams.size());
        for (MinibatchStream stream : streams) {
            batches.add(stream.next());
        }
        return batches;
    }

    /** Plain SGD ({@code sgd} with default options); rules that want another ask {@link #newOptimizer}. */
    @Override
    public Optimizer newInnerOptimizer() {
        return optimizers.apply("sgd");
    }

    @Override
    public Optimizer newOptimizer(String id) {
        return optimizers.apply(id);
    }

    @Override
    public RandomGenerator random() {
        return random;
    }
}

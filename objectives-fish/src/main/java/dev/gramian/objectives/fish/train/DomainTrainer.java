package dev.gramian.objectives.fish.train;

import dev.gramian.api.TrainingDivergedException;
import dev.gramian.api.data.DomainData;
import dev.gramian.api.data.DomainSplit;
import dev.gramian.api.data.ExampleSet;
import dev.gramian.api.data.MinibatchStream;
import dev.gramian.api.domain.DomainLearner;
import dev.gramian.api.domain.DomainRule;
import dev.gramian.api.model.ClassifierModel;
import dev.gramian.api.model.LabeledBatch;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.optim.OptimizerFactory;
import dev.gramian.api.param.LossGradient;
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
 * accuracy on each training domain's validation examples, the selection criterion (their mean,
 * or the accuracy on the held-out validation domain when the data has one), held-out accuracy and
 * the gradient geometry. Geometry is measured on fixed examples (the first
 * {@link DgSettings#geometryExamples()} of each training split) and consumes nothing from the
 * streams, so probing never changes training. Metrics go to {@code metrics.apply(n)} under the names
 * of {@code docs/run-directory.md}: {@code loss}, {@code train/<domain>/accuracy} (on that domain's
 * validation examples), {@code val/accuracy}, {@code test/accuracy}, and {@code gip/mean},
 * {@code gip/cosine_mean} unless a domain probe already reported geometry for that step.
 *
 * <p>A {@link DgListener} hears of every evaluation with the run's {@link DgProgress}, which is what
 * a checkpoint needs besides the parameters and the outer optimiser's state; {@link #resume} on a
 * fresh trainer over the same data and settings continues such a run where it stopped.
 */
public final class DomainTrainer implements DomainLearner {
    private final ClassifierModel model;
    private final DomainData data;
    private final DgSettings settings;
    private final OptimizerFactory optimizers;
    private final List<MinibatchStream> streams = new ArrayList<>();
    private final List<Long> streamSeeds = new ArrayList<>();
    private final List<LabeledBatch> geometryBatches = new ArrayList<>();
    private SplitMix64 random;
    private long completedSteps;
    private final List<DgEvaluation> evaluations = new ArrayList<>();
    private int selected = -1;
    private ParameterSet selectedParameters;

    /**
     * @param model      the classifier, whose input shape and classes must match the data
     * @param data       the training domains and the held-out domain
     * @param settings   steps, batch sizes, learning rate, evaluation interval, seed
     * @param optimizers creates optimiser plugins by id and options (for rules' inner loops)
     */
    public DomainTrainer(ClassifierModel model, DomainData data, DgSettings settings,
                         OptimizerFactory optimizers) {
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
            streamSeeds.add(root.derive(d + 1).nextLong());
            streams.add(new MinibatchStream(train, settings.batchSize(), streamSeeds.get(d)));
            geometryBatches.add(train.batch(0, Math.min(settings.geometryExamples(), train.size())));
        }
        this.random = root.derive(0);
    }

    /**
     * Runs the steps from where the trainer stands (step 0, or the step {@link #resume} restored) up
     * to {@link DgSettings#steps()}, from the model's current parameters.
     *
     * @param rule     the domain rule
     * @param outer    the optimiser for θ the rule may use
     * @param probes   probes to feed; those that do not want domain geometry are ignored
     * @param metrics  the sink for the metrics of a step, given the number of steps completed
     * @param listener told about every evaluation (e.g. to checkpoint); may be null
     * @return every evaluation and the selected model
     * @throws TrainingDivergedException when the rule returns a non-finite loss or leaves a parameter
     *                                   non-finite; the previous step's loss, when no evaluation
     *                                   logged it, goes to its sink first
     */
    public DgResult train(DomainRule rule, Optimizer outer, List<GradientProbe> probes,
                          LongFunction<MetricSink> metrics, DgListener listener) {
        List<GradientProbe> domainProbes = probes.stream().filter(p -> p.wants(GradientProbe.Need.DOMAINS)).toList();
        double lossSum = 0;
        int lossCount = 0;
        double lastLoss = Double.NaN;
        for (long step = completedSteps; step < settings.steps(); step++) {
            double loss = rule.step(this, outer, settings.learningRate(), step);
            long done = step + 1;
            checkFinite(done, loss, lossCount > 0 ? lastLoss : Double.NaN, metrics);
            lastLoss = loss;
            lossSum += loss;
            lossCount++;
            completedSteps = done;
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
                if (selected < 0 || evaluation.validationAccuracy() > evaluations.get(selected).validationAccuracy()) {
                    selected = evaluations.size() - 1;
                    selectedParameters = model.parameters().copy();
                }
                if (listener != null) {
                    listener.evaluated(evaluation, progress(), selectedParameters);
                }
                lossSum = 0;
                lossCount = 0;
            }
        }
        if (selected < 0) {
            throw new IllegalStateException("the run was resumed after its last step and never evaluated");
        }
        return new DgResult(evaluations, evaluations.get(selected), selectedParameters.copy());
    }

    /**
     * Throws {@link TrainingDivergedException} when step {@code done}'s loss or the parameters it left
     * are not finite, after reporting {@code previousLoss} (the loss of step {@code done − 1}, NaN when
     * an evaluation already reported it) to that step's sink.
     */
    private void checkFinite(long done, double loss, double previousLoss, LongFunction<MetricSink> metrics) {
        String advice = "lower the learning rate (" + settings.learningRate() + ") or the rule's own strengths "
                + "(e.g. idgm's gamma, fish's inner_lr)";
        try {
            TrainingDivergedException.requireFinite(done, "the domain rule's loss", loss, advice);
            TrainingDivergedException.requireFinite(done, "parameter", model.parameters(), advice);
        } catch (TrainingDivergedException e) {
            if (!Double.isNaN(previousLoss)) {
                metrics.apply(done - 1).scalar("loss", previousLoss);
            }
            throw e;
        }
    }

    /** Same as {@link #train(DomainRule, Optimizer, List, LongFunction, DgListener)} without a listener. */
    public DgResult train(DomainRule rule, Optimizer outer, List<GradientProbe> probes, LongFunction<MetricSink> metrics) {
        return train(rule, outer, probes, metrics, null);
    }

    /** The run's state now; valid after at least one evaluation. */
    public DgProgress progress() {
        long[] positions = streams.stream().mapToLong(MinibatchStream::position).toArray();
        return new DgProgress(completedSteps, positions, random.state(), evaluations, selected);
    }

    /**
     * Continues a run from a checkpoint: restores the step count, the streams' positions, the random
     * source and the evaluations so far. The caller restores the model's parameters and the outer
     * optimiser's state itself.
     *
     * @param progress           the state {@link DgListener} received
     * @param selectedParameters the selected model's parameters at that point
     * @throws IllegalArgumentException when the progress does not belong to this data (domain count)
     */
    public void resume(DgProgress progress, ParameterSet selectedParameters) {
        long[] positions = progress.streamPositions();
        if (positions.length != streams.size()) {
            throw new IllegalArgumentException("checkpoint has " + positions.length + " domain streams, the data "
                    + streams.size());
        }
        if (!selectedParameters.sameLayout(model.parameters())) {
            throw new IllegalArgumentException("selected parameters do not fit the model");
        }
        for (int d = 0; d < positions.length; d++) {
            streams.set(d, new MinibatchStream(data.training().get(d).train(), settings.batchSize(),
                    streamSeeds.get(d), positions[d]));
        }
        random = new SplitMix64(progress.randomState());
        completedSteps = progress.completedSteps();
        evaluations.clear();
        evaluations.addAll(progress.evaluations());
        selected = progress.selected();
        this.selectedParameters = selectedParameters.copy();
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
        double criterion = data.validation() != null ? accuracy(data.validation()) : sum / data.domainCount();
        return new DgEvaluation(step, trainLoss, byDomain, criterion, accuracy(data.test()),
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

    @Override
    public Optimizer newOptimizer(String id, Map<String, String> options) {
        return optimizers.create(id, options);
    }

    @Override
    public RandomGenerator random() {
        return random;
    }
}

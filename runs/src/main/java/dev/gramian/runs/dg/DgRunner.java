package dev.gramian.runs.dg;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gramian.api.GramianException;
import dev.gramian.api.backend.Backend;
import dev.gramian.api.data.DomainData;
import dev.gramian.api.data.DomainDataset;
import dev.gramian.api.domain.DomainRule;
import dev.gramian.api.model.ClassifierConfig;
import dev.gramian.api.model.ClassifierModel;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.probe.GradientProbe;
import dev.gramian.objectives.fish.train.DgResult;
import dev.gramian.objectives.fish.train.DgSettings;
import dev.gramian.objectives.fish.train.DomainTrainer;
import dev.gramian.runs.FileDigest;
import dev.gramian.runs.MetricsLog;
import dev.gramian.runs.Provenance;
import dev.gramian.runs.RunDirectory;
import dev.gramian.runs.RunJson;
import dev.gramian.runs.progress.Progress;
import dev.gramian.runs.progress.ProgressDisplay;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs one {@link DgSpec} into a run directory with the {@link DomainTrainer}: records
 * {@code config.json}, logs every probed or evaluated step to {@code metrics.jsonl} (phase
 * {@code dg}), checkpoints after every evaluation, continues from the latest checkpoint when the
 * directory resumes, and ends with {@code summary.json}. A resumed run restores parameters, outer
 * optimiser state, the rule's own state ({@code DomainRule.state()}, e.g. Fish's persistent inner
 * optimiser), stream positions, the rules' random source and the evaluations so far, so it logs the
 * same metrics as an uninterrupted run.
 */
public final class DgRunner {
    /** The name of the training phase in metrics and checkpoints. */
    static final String PHASE = "dg";

    private final PluginCatalog catalog;
    private final ProgressDisplay display;
    private final Map<String, String> backendOptions;

    /** A runner that creates plugins from {@code catalog} and shows progress on {@code display}. */
    public DgRunner(PluginCatalog catalog, ProgressDisplay display) {
        this(catalog, display, Map.of());
    }

    /**
     * A runner whose backend takes {@code backendOptions}, recorded in {@code config.json}: e.g.
     * {@link Provenance#FIXED_THREADS} so that a demo's numbers do not depend on the machine's core
     * count, or {@link Provenance#threads} to cap a Spark task at its cores.
     */
    public DgRunner(PluginCatalog catalog, ProgressDisplay display, Map<String, String> backendOptions) {
        this.catalog = catalog;
        this.display = display;
        this.backendOptions = Map.copyOf(backendOptions);
    }

    /** What a run found. */
    public record Outcome(String dataset, int domains, String rule, DgResult result, double[][] domainGram) {
    }

    /** A run's plugins, created and checked, and the model it trains. */
    public record Plan(DgSpec spec, DomainDataset dataset, DomainRule rule, Optimizer optimizer, List<GradientProbe> probes,
                ClassifierConfig shape) {
    }

    /**
     * Creates the plugins of {@code spec} and the model shape, so that a bad id or option fails before
     * anything is written.
     *
     * @throws GramianException for unknown plugin ids (listing the known ones), bad options, or a model
     *                          that does not fit the data
     */
    public Plan plan(DgSpec spec) {
        DomainDataset dataset = catalog.create(PluginKind.DOMAIN_DATASET, spec.dataset(), spec.datasetOptions(),
                DomainDataset.class);
        DomainRule rule = catalog.create(PluginKind.DOMAIN_RULE, spec.rule(), spec.ruleOptions(), DomainRule.class);
        Optimizer optimizer = catalog.create(PluginKind.OPTIMIZER, spec.optimizer(), spec.optimizerOptions(),
                Optimizer.class);
        List<GradientProbe> probes = new ArrayList<>();
        spec.probes().forEach((id, options) -> probes.add(catalog.create(PluginKind.PROBE, id, options,
                GradientProbe.class)));
        return new Plan(spec, dataset, rule, optimizer, probes, spec.model(dataset.suggestedModel()));
    }

    /**
     * Loads the data of {@code plan}, then opens {@code directory} and runs the plan there; a plan
     * runs once. The directory is not touched when the data cannot be loaded.
     *
     * @param command the command name recorded in config.json
     * @param mode    what to do with a non-empty directory
     * @throws GramianException for missing data files, an occupied directory, a resume whose settings
     *                          differ from the run's, or a run that diverges
     */
    public Outcome run(String command, Plan plan, Path directory, RunDirectory.Mode mode) {
        DgSpec spec = plan.spec();
        ClassifierConfig shape = plan.shape();
        Optimizer optimizer = plan.optimizer();
        DomainData data = plan.dataset().load(spec.settings().seed());
        RunDirectory run = RunDirectory.open(directory, mode);
        run.record(config(command, spec, shape, plan.dataset()));
        DgCheckpoints checkpoints = new DgCheckpoints(run, shape, Map.of("command", command, "dataset", spec.dataset(),
                "rule", spec.rule()));
        try (Backend backend = Provenance.backend(catalog, backendOptions);
             ClassifierModel model = backend.classifier(shape, spec.settings().seed())) {
            DomainTrainer trainer = new DomainTrainer(model, data, spec.settings(),
                    (id, options) -> catalog.create(PluginKind.OPTIMIZER, id, options, Optimizer.class));
            long start = 0;
            if (run.resuming()) {
                DgCheckpoints.Restored restored = checkpoints.restore();
                Path latest = run.latestCheckpointFile();
                if (!restored.parameters().sameLayout(model.parameters())) {
                    throw GramianException.input(latest.toString(), 0, "its parameters do not fit the model of this "
                            + "run");
                }
                model.parameters().copyFrom(restored.parameters());
                restored.state().restore(optimizer, plan.rule(), latest);
                trainer.resume(restored.progress(), restored.selected());
                start = restored.progress().completedSteps();
            }
            DgResult result;
            try (MetricsLog log = run.openMetrics(PHASE, start);
                 Progress progress = display.start(PHASE + " " + spec.rule(), start, spec.settings().steps())) {
                StepMetrics metrics = new StepMetrics(log, PHASE, progress);
                try {
                    result = trainer.train(plan.rule(), optimizer, plan.probes(), metrics::at,
                            (evaluation, state, selected) -> {
                                metrics.flush();
                                checkpoints.save(state, model.parameters(), optimizer, selected, plan.rule().state());
                            });
                } finally {
                    metrics.flush(); // a diverged run's rows are all finite: the trainer checks before it reports
                }
            }
            Outcome outcome = new Outcome(spec.dataset(), data.domainCount(), spec.rule(), result,
                    trainer.geometry(spec.settings().steps()).gram());
            run.writeSummary(summary(outcome, data.testName()));
            return outcome;
        }
    }

    private ObjectNode config(String command, DgSpec spec, ClassifierConfig shape, DomainDataset dataset) {
        DgSettings settings = spec.settings();
        ObjectNode config = Provenance.header(command, settings.seed());
        plugin(config.putObject("dataset"), PluginKind.DOMAIN_DATASET, spec.dataset(), spec.datasetOptions());
        ArrayNode files = config.putObject("data").put("source", spec.dataset()).putArray("files");
        for (Path file : dataset.sourceFiles()) {
            files.addObject().put("path", file.toAbsolutePath().normalize().toString())
                    .put("sha256", FileDigest.sha256(file));
        }
        plugin(config.putObject("rule"), PluginKind.DOMAIN_RULE, spec.rule(), spec.ruleOptions());
        plugin(config.putObject("optimizer"), PluginKind.OPTIMIZER, spec.optimizer(), spec.optimizerOptions());
        ArrayNode probes = config.putArray("probes");
        spec.probes().forEach((id, options) -> plugin(probes.addObject(), PluginKind.PROBE, id, options));
        Provenance.describeBackend(config, catalog, backendOptions);
        Provenance.describePluginPath(config, catalog);
        ObjectNode model = config.putObject("model");
        model.put("architecture", shape.architecture());
        ArrayNode input = model.putArray("input_shape");
        for (int size : shape.inputShape()) {
            input.add(size);
        }
        model.put("classes", shape.classes());
        shape.hidden().forEach(model.putArray("hidden")::add);
        ObjectNode training = config.putObject("training");
        training.put("steps", settings.steps());
        training.put("batch_size", settings.batchSize());
        training.put("learning_rate", settings.learningRate());
        training.put("eval_every", settings.evalEvery());
        training.put("geometry_examples", settings.geometryExamples());
        training.put("eval_batch_size", settings.evalBatchSize());
        return config;
    }

    /** {@code {"id": id, "options": {...}}} with every option of the plugin, given or default. */
    private void plugin(ObjectNode target, PluginKind kind, String id, Map<String, String> given) {
        Provenance.describePlugin(target, catalog, kind, id, given);
    }

    private static ObjectNode summary(Outcome outcome, String testDomain) {
        ObjectNode summary = JsonNodeFactory.instance.objectNode();
        DgResult result = outcome.result();
        summary.put("dataset", outcome.dataset());
        summary.put("domains", outcome.domains());
        summary.put("rule", outcome.rule());
        summary.put("test_domain", testDomain);
        summary.put("selected_step", result.selected().step());
        RunJson.putNumber(summary, "val_accuracy", result.selected().validationAccuracy());
        RunJson.putNumber(summary, "test_accuracy", result.selected().testAccuracy());
        RunJson.putNumber(summary, "mean_gip", result.meanGip());
        ArrayNode gram = summary.putArray("domain_gram");
        for (double[] row : outcome.domainGram()) {
            ArrayNode values = gram.addArray();
            for (double value : row) {
                values.add(value);
            }
        }
        return summary;
    }
}

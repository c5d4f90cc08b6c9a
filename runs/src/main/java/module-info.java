/**
 * Runs: the run directory's one owner (writing, reading, resume; see docs/run-directory.md) and the
 * jobs that train into it — SFT and margin-loss alignment with the trainers of
 * {@code objectives-margin}, domain generalisation with the trainer of {@code objectives-fish} —
 * with progress shown on a terminal. The command line parses options and calls these; the report
 * reads what they wrote. Plugins (losses, rules, probes, the backend) are created through the
 * {@link dev.gramian.api.plugin.PluginCatalog}, never imported.
 */
module dev.gramian.runs {
    requires transitive dev.gramian.api;
    requires transitive dev.gramian.objectives.margin;
    requires transitive dev.gramian.objectives.fish;
    requires transitive com.fasterxml.jackson.databind;
    requires transitive dev.gramian.hf; // Hugging Face model folders (weights, config, export)
    requires transitive dev.gramian.tokenizers; // their tokenizers and chat templates
    requires dev.gramian.probes; // the metric names the entanglement probe writes, which the audit and study read

    exports dev.gramian.runs;
    exports dev.gramian.runs.align;
    exports dev.gramian.runs.demo;
    exports dev.gramian.runs.dg;
    exports dev.gramian.runs.progress;
    exports dev.gramian.runs.pretrained;
    exports dev.gramian.runs.generate;
    exports dev.gramian.runs.training;
}

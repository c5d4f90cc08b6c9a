/**
 * The {@code gramian} command line: Picocli commands, wired by Guice from the plugins the
 * {@link dev.gramian.api.plugin.PluginCatalog} finds in the boot layer and in plugin directories.
 * Commands parse options and call the jobs of {@code dev.gramian.runs}, which own the run directory;
 * plugins (losses, rules, probes, optimisers, the TensorFlow backend) sit next to it on the module
 * path and are found as services, so a command that needs no tensors never loads native code.
 * Guice stays inside this module.
 */
module dev.gramian.cli {
    requires dev.gramian.api;
    requires dev.gramian.plugin.testkit; // the conformance checks of gramian plugins check
    requires dev.gramian.runs; // the jobs and the run directory (and, through it, the trainers they drive)
    requires dev.gramian.objectives.margin; // the benchmarks of gramian bench gram and bench entanglement
    requires dev.gramian.objectives.fish; // the MNIST fetcher of gramian data fetch
    requires dev.gramian.report;
    requires dev.gramian.tokenizers; // Hugging Face tokenizers and chat templates of model folders
    requires dev.gramian.probes; // the metric names the entanglement probe writes, which probe and the demo read
    requires info.picocli;
    requires com.google.guice;
    requires jakarta.inject; // Guice 7 is an automatic module and cannot require it itself
    requires com.fasterxml.jackson.databind;
    requires jdk.management;

    uses dev.gramian.api.plugin.PluginProvider;

    // Picocli instantiates commands and mixins and sets their fields; Guice injects the commands.
    opens dev.gramian.cli to info.picocli;
    opens dev.gramian.cli.command to info.picocli, com.google.guice;
    opens dev.gramian.cli.option to info.picocli;
    opens dev.gramian.cli.align to info.picocli, com.google.guice;
    opens dev.gramian.cli.demo to info.picocli, com.google.guice;
    opens dev.gramian.cli.bench to info.picocli, com.google.guice;
    opens dev.gramian.cli.data to info.picocli, com.google.guice;
    opens dev.gramian.cli.report to info.picocli, com.google.guice;
    opens dev.gramian.cli.dg to info.picocli, com.google.guice;
    opens dev.gramian.cli.pretrained to info.picocli, com.google.guice;
    opens dev.gramian.cli.generate to info.picocli, com.google.guice;
    opens dev.gramian.cli.wiring to com.google.guice; // @Provides methods
}

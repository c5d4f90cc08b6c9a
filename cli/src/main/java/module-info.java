/**
 * The {@code gramian} command line: Picocli commands, wired by Guice from the plugins the
 * {@link dev.gramian.api.plugin.PluginCatalog} finds in the boot layer and in plugin directories.
 * It depends on the API only; the built-in plugin modules and the TensorFlow runtime sit next to it
 * on the module path and are found as services, so a command that needs no tensors never loads
 * native code. Guice stays inside this module.
 */
module dev.gramian.cli {
    requires dev.gramian.api;
    requires dev.gramian.objectives.margin; // the alignment trainers and preference data of gramian sft/align
    requires dev.gramian.objectives.fish; // the DG trainer and MNIST fetcher of gramian dg, demo fish, data fetch
    requires dev.gramian.report;
    requires dev.gramian.tokenizers; // Hugging Face tokenizers and chat templates of model folders
    requires dev.gramian.runtime.tensorflow; // the Gram benchmark of gramian bench gram (loads no native code until run)
    requires info.picocli;
    requires com.google.guice;
    requires jakarta.inject; // Guice 7 is an automatic module and cannot require it itself
    requires com.fasterxml.jackson.databind;
    requires jdk.management;

    uses dev.gramian.api.plugin.PluginProvider;

    // Picocli instantiates commands and mixins and sets their fields; Guice injects the commands.
    opens dev.gramian.cli.command to info.picocli, com.google.guice;
    opens dev.gramian.cli.option to info.picocli;
    opens dev.gramian.cli.align to info.picocli, com.google.guice;
    opens dev.gramian.cli.probe to info.picocli;
    opens dev.gramian.cli.report to info.picocli, com.google.guice;
    opens dev.gramian.cli.dg to info.picocli, com.google.guice;
}

package dev.gramian.cli;

import dev.gramian.cli.align.AlignCommand;
import dev.gramian.cli.align.ProbeCommand;
import dev.gramian.cli.align.SftCommand;
import dev.gramian.cli.bench.BenchCommand;
import dev.gramian.cli.command.CommandGroup;
import dev.gramian.cli.command.CompletionCommand;
import dev.gramian.cli.command.EnvCommand;
import dev.gramian.cli.command.GramianVersion;
import dev.gramian.cli.command.ObjectiveCommand;
import dev.gramian.cli.command.PluginsCommand;
import dev.gramian.cli.data.DataCommand;
import dev.gramian.cli.demo.DemoCommand;
import dev.gramian.cli.dg.DgCommand;
import dev.gramian.cli.option.PluginPathOptions;
import dev.gramian.cli.option.VerbosityOptions;
import dev.gramian.cli.generate.GenerateCommand;
import dev.gramian.cli.pretrained.ExportCommand;
import dev.gramian.cli.pretrained.LogpsCommand;
import dev.gramian.cli.report.ReportCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The root command, {@code gramian}: holds the shared options, which every subcommand inherits. */
@Command(name = "gramian", mixinStandardHelpOptions = true, versionProvider = GramianVersion.class,
        description = "Training with, and looking inside, the geometry of gradients: margin-based "
                + "preference losses, gradient-entanglement probes and Fish domain generalisation.",
        subcommands = {EnvCommand.class, PluginsCommand.class, ObjectiveCommand.class, SftCommand.class,
            AlignCommand.class, ProbeCommand.class, DemoCommand.class, ReportCommand.class, DgCommand.class,
            DataCommand.class, BenchCommand.class, CompletionCommand.class, LogpsCommand.class,
            ExportCommand.class, GenerateCommand.class})
public final class GramianCommand extends CommandGroup {

    @Mixin
    private PluginPathOptions pluginPath;

    @Mixin
    private VerbosityOptions verbosity;

    /** The plugin directories given on the command line. */
    public PluginPathOptions pluginPath() {
        return pluginPath;
    }

    /** The verbosity flags given on the command line. */
    public VerbosityOptions verbosity() {
        return verbosity;
    }
}

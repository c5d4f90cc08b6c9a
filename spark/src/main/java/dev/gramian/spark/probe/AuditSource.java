package dev.gramian.spark.probe;

import dev.gramian.api.GramianException;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.cli.align.ProbeCommand;
import dev.gramian.runs.align.AuditSpec;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

/**
 * What an executor needs to load an audit's model: the {@code gramian probe} arguments, parsed on the
 * executor by the command's own options into the same {@link AuditSpec}, and the plugin path.
 *
 * @param arguments  the arguments of {@code gramian probe}
 * @param pluginPath plugin directories or jars, absolute
 */
record AuditSource(List<String> arguments, List<String> pluginPath) implements Serializable {
    private static final long serialVersionUID = 1L;

    AuditSource {
        arguments = List.copyOf(arguments);
        pluginPath = List.copyOf(pluginPath);
    }

    /** The probe command with the arguments parsed. */
    ProbeCommand command() {
        ProbeCommand command = new ProbeCommand();
        try {
            new CommandLine(command).parseArgs(arguments.toArray(String[]::new));
        } catch (ParameterException failure) {
            throw GramianException.usage(failure.getMessage());
        }
        return command;
    }

    /** The audit the arguments describe. */
    AuditSpec spec() {
        return command().spec();
    }

    /** The plugins of the plugin path. */
    PluginCatalog catalog() {
        return PluginCatalog.load(pluginPath.stream().map(Path::of).toList());
    }
}

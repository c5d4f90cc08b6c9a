package dev.gramian.spark.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gramian.api.GramianException;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.runs.Provenance;
import dev.gramian.spark.sweep.SweptCommand.GridOption;
import dev.gramian.spark.sweep.SweptCommand.PluginOption;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A sweep worked out before anything runs: every configuration of the grid as a run with its name
 * (its grid values, {@code objective-dpo_beta-0.05}) and its full argument list, each checked as the
 * command would parse it. Building the plan is where bad input stops the sweep: an unknown or
 * ambiguous grid key, an empty grid, a value the command or a plugin rejects, two runs with one name.
 *
 * @param command  the swept command
 * @param grid     the grid
 * @param options  how each grid key becomes arguments
 * @param fixed    the arguments every run shares
 * @param root     the options before the command's name that every run gets ({@code --plugin-path ...})
 * @param out      the sweep's directory
 * @param runs     the runs, in grid order
 */
public record SweepPlan(SweptCommand command, Grid grid, Map<String, GridOption> options, List<String> fixed,
                        List<String> root, Path out, List<Run> runs) {
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]+");

    /**
     * One run of the sweep.
     *
     * @param name      its directory's name under the sweep's
     * @param values    its grid values, in grid order
     * @param arguments its arguments after the command's name, {@code --out} last
     */
    public record Run(String name, Map<String, String> values, List<String> arguments) {
        public Run {
            values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
            arguments = List.copyOf(arguments);
        }
    }

    public SweepPlan {
        options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
        fixed = List.copyOf(fixed);
        root = List.copyOf(root);
        runs = List.copyOf(runs);
    }

    /**
     * Plans the sweep of {@code command} over {@code grid}.
     *
     * @param fixed      the arguments every run shares
     * @param pluginPath plugin directories or jars every run loads
     * @param catalog    the plugins those give, for checking plugin options
     * @throws GramianException (usage, plugin) for bad input, naming the run and key at fault
     */
    public static SweepPlan of(SweptCommand command, Grid grid, List<String> fixed, List<Path> pluginPath, Path out,
                               PluginCatalog catalog) {
        Map<String, GridOption> options = command.resolve(grid, fixed, catalog);
        List<String> root = new ArrayList<>();
        pluginPath.forEach(entry -> root.addAll(List.of("--plugin-path", entry.toAbsolutePath().toString())));
        List<Run> runs = new ArrayList<>();
        Map<String, Map<String, String>> names = new HashMap<>();
        for (Map<String, String> values : grid.configurations()) {
            String name = name(values);
            Map<String, String> clash = names.put(name, values);
            if (clash != null) {
                throw GramianException.usage("the runs " + clash + " and " + values + " would both be named '" + name
                        + "'; give grid values that differ in letters or digits");
            }
            List<String> arguments = new ArrayList<>(fixed);
            values.forEach((key, value) -> arguments.addAll(options.get(key).arguments(value)));
            arguments.addAll(List.of("--out", out.resolve(name).toAbsolutePath().toString()));
            try {
                command.check(arguments, catalog);
            } catch (GramianException failure) {
                throw new GramianException(failure.category(), "run " + name + " (" + describe(values) + "): "
                        + failure.getMessage(), failure);
            }
            runs.add(new Run(name, values, arguments));
        }
        return new SweepPlan(command, grid, options, fixed, root, out, runs);
    }

    /** {@code objective-dpo_beta-0.05}: each grid value after its key, characters unsafe in a file name as {@code _}. */
    static String name(Map<String, String> values) {
        List<String> parts = new ArrayList<>();
        values.forEach((key, value) -> parts.add(safe(key.replaceFirst("^-+", "")) + "-" + safe(value)));
        return String.join("_", parts);
    }

    private static String safe(String text) {
        return UNSAFE.matcher(text).replaceAll("_");
    }

    private static String describe(Map<String, String> values) {
        List<String> parts = new ArrayList<>();
        values.forEach((key, value) -> parts.add(key + "=" + value));
        return String.join(", ", parts);
    }

    /** Whether {@code key} sets an option of the plugin that {@code flag} configures (e.g. {@code -D}). */
    public boolean pluginOption(String key, String flag) {
        return options.get(key) instanceof PluginOption option && option.slot().flag().equals(flag);
    }

    /**
     * The sweep's {@code config.json}: the command, the grid, the shared arguments and plugin path,
     * versions and the master it ran on.
     */
    public ObjectNode config(String master, String sparkVersion) {
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        config.put("command", "sweep " + command.name());
        config.put("gramian_version", Provenance.gramianVersion());
        config.put("spark_version", sparkVersion);
        config.put("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        config.put("java", Provenance.java());
        config.put("os", Provenance.os());
        config.put("master", master);
        config.setAll(identity());
        ArrayNode names = config.putArray("runs");
        runs.forEach(run -> names.add(run.name()));
        return config;
    }

    /** What a resumed sweep must share with the recorded one: the command, grid, arguments and plugin path. */
    ObjectNode identity() {
        ObjectNode identity = JsonNodeFactory.instance.objectNode();
        identity.put("command", "sweep " + command.name());
        ObjectNode axes = identity.putObject("grid");
        grid.axes().forEach(axis -> {
            ArrayNode values = axes.putArray(axis.key());
            axis.values().forEach(values::add);
        });
        ArrayNode arguments = identity.putArray("arguments");
        fixed.forEach(arguments::add);
        ArrayNode plugins = identity.putArray("root_options");
        root.forEach(plugins::add);
        return identity;
    }

    /**
     * Checks that {@code recorded}, a sweep's {@code config.json}, is this sweep's.
     *
     * @throws GramianException (usage) naming what differs
     */
    void requireSameAs(JsonNode recorded, Path file) {
        ObjectNode identity = identity();
        identity.fieldNames().forEachRemaining(key -> {
            if (!identity.get(key).equals(recorded.path(key))) {
                throw GramianException.usage("cannot resume the sweep in " + out + ": its " + key + " was "
                        + recorded.path(key) + " (" + file + "), now " + identity.get(key)
                        + "; rerun with the sweep's settings, or sweep into a new --out");
            }
        });
    }
}

package dev.gramian.spark.sweep;

import dev.gramian.api.GramianException;
import dev.gramian.api.plugin.ObjectiveSpec;
import dev.gramian.api.plugin.Options;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.api.plugin.PluginInfo;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.cli.GramianCommand;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The command a sweep runs, {@code align} or {@code dg}, read from the command line's own model: which
 * options it has by name, and which plugin each of its {@code -O}/{@code -P}/{@code -R}/{@code -D}
 * flags configures. It turns a grid key into the arguments of one run ({@code lr} → {@code --lr V},
 * {@code beta} → {@code -O beta=V}) and checks a run's whole argument list as the command would parse
 * it, with every plugin option against the plugin's declared options, before any run starts.
 */
public final class SweptCommand {
    /** Options the sweep sets for each run itself, or that make no sense per run. */
    private static final Set<String> RESERVED = Set.of("out", "resume", "force", "help", "version", "plugin-path",
            "quiet", "verbose", "threads");
    private static final String THREADS = "--threads";
    private static final Pattern PREFIXED = Pattern.compile("([A-Z])\\.(.+)");

    /**
     * A flag that sets options of one plugin.
     *
     * @param flag     the short flag, e.g. {@code -O}
     * @param kind     the kind of plugin it configures
     * @param idOption the option naming the plugin, e.g. {@code --objective}
     */
    record PluginSlot(String flag, PluginKind kind, String idOption) {
    }

    /** How one grid key becomes arguments. */
    sealed interface GridOption permits CommandOption, PluginOption {
        /** The arguments that give this option {@code value}. */
        List<String> arguments(String value);
    }

    /** An option of the command itself, e.g. {@code --lr}. */
    record CommandOption(String name, boolean flag) implements GridOption {
        @Override
        public List<String> arguments(String value) {
            if (!flag) {
                return List.of(name, value);
            }
            return switch (value) {
                case "true" -> List.of(name);
                case "false" -> List.of();
                default -> throw GramianException.usage("--grid " + name.substring(2) + "=" + value + ": " + name
                        + " is a flag; its values are true and false");
            };
        }
    }

    /** An option of the plugin a flag configures, e.g. {@code -O beta}. */
    record PluginOption(PluginSlot slot, String key) implements GridOption {
        @Override
        public List<String> arguments(String value) {
            return List.of(slot.flag(), key + "=" + value);
        }
    }

    private final String name;
    private final List<PluginSlot> slots;

    private SweptCommand(String name, List<PluginSlot> slots) {
        this.name = name;
        this.slots = List.copyOf(slots);
        CommandSpec spec = spec();
        for (PluginSlot slot : slots) {
            if (spec.findOption(slot.flag()) == null || spec.findOption(slot.idOption()) == null) {
                throw new IllegalStateException("gramian " + name + " has no " + slot.flag() + " or "
                        + slot.idOption() + " option any more; update " + SweptCommand.class.getName());
            }
        }
    }

    /** {@code gramian align}: objective (-O), optimiser (-P), alignment rule (-R), data set (-D). */
    public static SweptCommand align() {
        return new SweptCommand("align", List.of(new PluginSlot("-O", PluginKind.OBJECTIVE, "--objective"),
                new PluginSlot("-P", PluginKind.OPTIMIZER, "--optimizer"),
                new PluginSlot("-R", PluginKind.ALIGNMENT_RULE, "--rule"),
                new PluginSlot("-D", PluginKind.PREFERENCE_DATASET, "--dataset")));
    }

    /** {@code gramian dg}: domain rule (-O), optimiser (-P), data set (-D). */
    public static SweptCommand dg() {
        return new SweptCommand("dg", List.of(new PluginSlot("-O", PluginKind.DOMAIN_RULE, "--rule"),
                new PluginSlot("-P", PluginKind.OPTIMIZER, "--optimizer"),
                new PluginSlot("-D", PluginKind.DOMAIN_DATASET, "--dataset")));
    }

    /** The command's name, e.g. {@code align}. */
    public String name() {
        return name;
    }

    /**
     * The command's option that caps TensorFlow's threads ({@code --threads}), which each task sets to
     * the cores Spark gave it, or null when the command has none.
     */
    public String threadOption() {
        return spec().findOption(THREADS) != null ? THREADS : null;
    }

    /** A fresh model of the command (picocli fills option objects while parsing, so one per parse). */
    private CommandSpec spec() {
        return new CommandLine(new GramianCommand()).getSubcommands().get(name).getCommandSpec();
    }

    /**
     * Resolves every key of {@code grid}.
     *
     * @param fixed   the arguments every run shares, given to the sweep
     * @param catalog the plugins, for keys that are plugin options
     * @return key → how it becomes arguments, in grid order
     * @throws GramianException (usage) naming an unknown, reserved or ambiguous key
     */
    public Map<String, GridOption> resolve(Grid grid, List<String> fixed, PluginCatalog catalog) {
        for (String argument : fixed) {
            String option = argument.startsWith("--") ? argument.split("=", 2)[0].substring(2) : "";
            if (Set.of("out", "resume", "force").contains(option)) {
                throw GramianException.usage("--" + option + " is the sweep's: it sets each run's --out (a directory "
                        + "under the sweep's) and reruns unfinished runs itself; drop it from the run options");
            }
        }
        CommandSpec spec = spec();
        Map<String, GridOption> resolved = new LinkedHashMap<>();
        for (String key : grid.keys()) {
            resolved.put(key, resolve(spec, key, grid, fixed, catalog));
        }
        return resolved;
    }

    private GridOption resolve(CommandSpec spec, String key, Grid grid, List<String> fixed, PluginCatalog catalog) {
        String bare = key.replaceFirst("^-+", "");
        if (RESERVED.contains(bare)) {
            throw GramianException.usage("--grid " + key + ": the sweep sets --" + bare + " of each run itself; "
                    + "grid keys are options of gramian " + name);
        }
        Matcher prefixed = PREFIXED.matcher(bare);
        if (prefixed.matches()) {
            String flag = "-" + prefixed.group(1);
            return slots.stream().filter(slot -> slot.flag().equals(flag)).findFirst()
                    .map(slot -> (GridOption) new PluginOption(slot, prefixed.group(2)))
                    .orElseThrow(() -> GramianException.usage("--grid " + key + ": gramian " + name + " has no "
                            + flag + " plugin options; prefixes: " + slots.stream().map(s -> s.flag().substring(1)
                            + " (" + s.kind().label() + ")").collect(Collectors.joining(", "))));
        }
        for (OptionSpec option : spec.options()) {
            if (List.of(option.names()).contains("--" + bare)) {
                return new CommandOption("--" + bare, option.arity().max() == 0);
            }
        }
        List<PluginSlot> declaring = new ArrayList<>();
        Map<PluginSlot, Set<String>> ids = new LinkedHashMap<>();
        for (PluginSlot slot : slots) {
            Set<String> slotIds = ids(spec, slot, grid, fixed);
            ids.put(slot, slotIds);
            if (slotIds.stream().anyMatch(id -> declares(catalog, slot, id, bare))) {
                declaring.add(slot);
            }
        }
        if (declaring.size() == 1) {
            return new PluginOption(declaring.get(0), bare);
        }
        if (declaring.size() > 1) {
            throw GramianException.usage("--grid " + key + " is an option of " + declaring.stream()
                    .map(slot -> "the " + slot.kind().label() + " (" + slot.flag() + ")")
                    .collect(Collectors.joining(" and ")) + "; say which: " + declaring.stream()
                    .map(slot -> slot.flag().substring(1) + "." + bare).collect(Collectors.joining(" or ")));
        }
        throw GramianException.usage("unknown grid key '" + key + "': not an option of gramian " + name
                + " nor of its plugins; options: " + spec.options().stream()
                .map(OptionSpec::longestName).filter(n -> n.startsWith("--"))
                .map(n -> n.substring(2)).filter(n -> !RESERVED.contains(n)).collect(Collectors.joining(", "))
                + "; plugin options: " + pluginOptions(catalog, ids));
    }

    private static String pluginOptions(PluginCatalog catalog, Map<PluginSlot, Set<String>> ids) {
        List<String> described = new ArrayList<>();
        ids.forEach((slot, slotIds) -> slotIds.forEach(id -> {
            PluginInfo info = catalog.find(slot.kind(), id).info();
            described.add(slot.kind().label() + " " + id + " (" + slot.flag() + "): " + (info.options().isEmpty()
                    ? "none" : info.options().stream().map(dev.gramian.api.plugin.OptionSpec::key).collect(Collectors.joining(", "))));
        }));
        return String.join("; ", described);
    }

    /** Whether plugin {@code id} of the slot declares {@code key} (a sum's component also as {@code id.key}). */
    private static boolean declares(PluginCatalog catalog, PluginSlot slot, String id, String key) {
        if (slot.kind() == PluginKind.OBJECTIVE) {
            return ObjectiveSpec.parse(id).components().stream().anyMatch(component -> {
                PluginInfo info = catalog.find(PluginKind.OBJECTIVE, component.id()).info();
                return info.option(key).isPresent() || key.startsWith(component.id() + ".")
                        && info.option(key.substring(component.id().length() + 1)).isPresent();
            });
        }
        return catalog.find(slot.kind(), id).info().option(key).isPresent();
    }

    /** The plugin ids the slot takes over the sweep: the grid's values, else the fixed argument, else the default. */
    private static Set<String> ids(CommandSpec spec, PluginSlot slot, Grid grid, List<String> fixed) {
        Set<String> ids = new LinkedHashSet<>();
        String idKey = slot.idOption().substring(2);
        for (Grid.Axis axis : grid.axes()) {
            if (axis.key().replaceFirst("^-+", "").equals(idKey)) {
                ids.addAll(axis.values());
            }
        }
        if (ids.isEmpty()) {
            String given = fixedValue(fixed, slot.idOption());
            String id = given != null ? given : spec.findOption(slot.idOption()).defaultValue();
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static String fixedValue(List<String> fixed, String option) {
        String value = null;
        for (int i = 0; i < fixed.size(); i++) {
            if (fixed.get(i).equals(option) && i + 1 < fixed.size()) {
                value = fixed.get(i + 1);
            } else if (fixed.get(i).startsWith(option + "=")) {
                value = fixed.get(i).substring(option.length() + 1);
            }
        }
        return value;
    }

    /**
     * Checks one run's arguments as {@code gramian NAME} would parse them, and its plugin options
     * against the plugins' declared options, without running anything.
     *
     * @param arguments the run's arguments after the command name, {@code --out} included
     * @throws GramianException (usage or plugin) with picocli's or the catalog's message
     */
    public void check(List<String> arguments, PluginCatalog catalog) {
        CommandLine commandLine = new CommandLine(new GramianCommand());
        List<String> all = new ArrayList<>();
        all.add(name);
        all.addAll(arguments);
        ParseResult parsed;
        try {
            parsed = commandLine.parseArgs(all.toArray(String[]::new)).subcommand();
        } catch (ParameterException failure) {
            throw GramianException.usage(failure.getMessage());
        }
        for (PluginSlot slot : slots) {
            String id = parsed.matchedOptionValue(slot.idOption(), parsed.commandSpec().findOption(slot.idOption())
                    .defaultValue());
            Map<String, String> given = parsed.matchedOptionValue(slot.flag(), Map.of());
            if (id == null) {
                continue;
            }
            if (slot.kind() == PluginKind.OBJECTIVE) {
                ObjectiveSpec.parse(id).resolvedOptions(catalog, given);
            } else {
                Options.resolve(catalog.find(slot.kind(), id).info(), given);
            }
        }
    }
}

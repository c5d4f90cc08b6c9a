package dev.gramian.plugin.testkit;

import dev.gramian.api.GramianException;
import dev.gramian.api.domain.DomainRule;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.optim.OptimizerFactory;
import dev.gramian.api.plugin.LoadedPlugin;
import dev.gramian.api.plugin.OptionSpec;
import dev.gramian.api.plugin.OptionType;
import dev.gramian.api.plugin.Options;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.api.plugin.PluginInfo;
import dev.gramian.api.plugin.PluginJarContents;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.plugin.PluginProblem;
import dev.gramian.api.plugin.PluginProvider;
import dev.gramian.api.probe.GradientProbe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Runs the plugin contract. {@link #checkPath} checks the jars of a plugin path entry as
 * {@code gramian plugins check} does: their registration, then every plugin they provide;
 * {@link #checkProviders} checks providers a test constructs itself.
 */
public final class PluginConformance {

    private PluginConformance() {
    }

    /**
     * Checks a plugin jar, or every jar in a directory: registration first, then each plugin the jars
     * provide, with the built-in plugins of this process beside them (duplicates are failures).
     *
     * @throws GramianException (plugin) when {@code jarOrDirectory} is neither a jar nor a directory
     */
    public static List<Finding> checkPath(Path jarOrDirectory) {
        PluginCatalog catalog = PluginCatalog.load(List.of(jarOrDirectory));
        List<Path> jars = jarsOf(jarOrDirectory);
        List<Finding> findings = new ArrayList<>();
        Set<Path> ours = new HashSet<>();
        for (Path jar : jars) {
            ours.add(jar.toAbsolutePath().normalize());
            findings.addAll(registration(jar, catalog));
        }
        OptimizerFactory optimizers = optimizers(catalog);
        for (LoadedPlugin plugin : catalog.plugins()) {
            if (plugin.jar().filter(ours::contains).isPresent()) {
                findings.addAll(checkPlugin(plugin, optimizers));
            }
        }
        return findings;
    }

    /** Checks providers constructed by the caller (a plugin's own tests), with no jar to inspect. */
    public static List<Finding> checkProviders(List<? extends PluginProvider<?>> providers) {
        List<Finding> findings = new ArrayList<>();
        OptimizerFactory optimizers = optimizers(PluginCatalog.load(List.of()));
        Set<String> ids = new HashSet<>();
        for (PluginProvider<?> provider : providers) {
            String subject = provider.getClass().getName();
            PluginInfo info;
            try {
                info = provider.info();
            } catch (RuntimeException e) {
                findings.add(Finding.fail(subject, "info() describes the plugin", "threw " + e
                        + "; ids are kebab-case, option keys snake_case, each declared once"));
                continue;
            }
            if (!ids.add(info.kind().label() + "/" + info.id())) {
                findings.add(Finding.fail(subject, "ids are unique within a kind", info.kind().label() + " '"
                        + info.id() + "' is declared twice"));
                continue;
            }
            findings.addAll(checkPlugin(new LoadedPlugin(info, provider, subject), optimizers));
        }
        return findings;
    }

    /** Checks one plugin: its info and options, then the contract of its kind. */
    public static List<Finding> checkPlugin(LoadedPlugin plugin, OptimizerFactory optimizers) {
        String subject = plugin.kind().label() + " '" + plugin.id() + "'";
        List<Finding> findings = new ArrayList<>();
        PluginInfo again;
        try {
            again = plugin.provider().info();
        } catch (RuntimeException e) {
            again = null;
        }
        findings.add(plugin.info().equals(again) ? Finding.pass(subject, "info() is stable", "")
                : Finding.fail(subject, "info() is stable", "a second call returned " + again));
        if (!plugin.info().summary().isBlank() && plugin.info().options().stream()
                .noneMatch(o -> o.description().isBlank())) {
            findings.add(Finding.pass(subject, "summary and option descriptions are given", ""));
        } else {
            findings.add(Finding.fail(subject, "summary and option descriptions are given",
                    "plugins list and plugins describe show them; write one line each"));
        }
        Options defaults;
        try {
            defaults = Options.defaults(plugin.info());
        } catch (GramianException e) {
            findings.add(Finding.fail(subject, "defaults are valid", e.getMessage()));
            return findings;
        }
        findings.add(Finding.pass(subject, "defaults are valid", ""));
        if (!creatable(plugin.kind())) {
            findings.add(Finding.pass(subject, "creates its product", "not created: a " + plugin.kind().label()
                    + " is created by the commands that use it"));
            return findings;
        }
        Object product;
        try {
            product = PluginCatalog.createProduct(plugin, defaults);
        } catch (GramianException e) {
            findings.add(Finding.fail(subject, "creates its product with the default options", e.getMessage()));
            return findings;
        }
        if (!plugin.kind().productType().isInstance(product)) {
            findings.add(Finding.fail(subject, "creates its product with the default options", "created "
                    + (product == null ? "null" : product.getClass().getName()) + ", not a "
                    + plugin.kind().productType().getName()));
            return findings;
        }
        findings.add(Finding.pass(subject, "creates its product with the default options", ""));
        findings.add(extremes(subject, plugin));
        Supplier<Object> fresh = () -> PluginCatalog.createProduct(plugin, defaults);
        switch (plugin.kind()) {
            case OBJECTIVE -> {
                if (product instanceof MarginLoss loss) {
                    findings.addAll(LossChecks.check(subject, loss));
                } else {
                    findings.add(Finding.pass(subject, "a batch loss: the per-pair loss checks do not apply", ""));
                }
            }
            case OPTIMIZER -> findings.addAll(ResumableChecks.optimizer(subject, () -> (Optimizer) fresh.get()));
            case DOMAIN_RULE -> findings.addAll(ResumableChecks.domainRule(subject, () -> (DomainRule) fresh.get(),
                    optimizers));
            case PROBE -> findings.addAll(ProbeChecks.check(subject, (GradientProbe) product));
            default -> {
            }
        }
        return findings;
    }

    /** Kinds whose products are cheap and safe to create in a check (no native code, no files). */
    private static boolean creatable(PluginKind kind) {
        return switch (kind) {
            case OBJECTIVE, OPTIMIZER, DOMAIN_RULE, PROBE, ALIGNMENT_RULE -> true;
            default -> false;
        };
    }

    /**
     * Every option at the ends of its valid range (and every choice, both booleans) must either
     * create the product or be rejected as a usage error naming the plugin; anything else is a crash
     * a user would see as a plugin failure.
     */
    private static Finding extremes(String subject, LoadedPlugin plugin) {
        String check = "every valid option value creates the product or is a usage error";
        int tried = 0;
        for (OptionSpec option : plugin.info().options()) {
            for (String value : extremeValues(option)) {
                tried++;
                Map<String, String> given = new LinkedHashMap<>();
                given.put(option.key(), value);
                try {
                    PluginCatalog.createProduct(plugin, Options.resolve(plugin.info(), given));
                } catch (GramianException e) {
                    if (e.category() != GramianException.Category.USAGE) {
                        return Finding.fail(subject, check, option.key() + "=" + value + ": " + e.getMessage()
                                + "; throw InvalidOptionsException for options that do not fit together");
                    }
                }
            }
        }
        return Finding.pass(subject, check, tried + " values");
    }

    static List<String> extremeValues(OptionSpec option) {
        boolean integer = option.type() == OptionType.INTEGER;
        return switch (option.type()) {
            case BOOLEAN -> List.of("true", "false");
            case CHOICE -> option.choices();
            case STRING -> List.of(option.defaultValue());
            case REAL, INTEGER -> {
                List<String> values = new ArrayList<>();
                double low = option.min() == null ? (integer ? -1000 : -1e6)
                        : option.minInclusive() ? option.min() : above(option.min(), integer);
                double high = option.max() == null ? (integer ? 1000 : 1e6)
                        : option.maxInclusive() ? option.max() : below(option.max(), integer);
                for (double v : new double[] {low, high}) {
                    values.add(integer ? Long.toString((long) v) : Double.toString(v));
                }
                yield values;
            }
        };
    }

    private static double above(double bound, boolean integer) {
        return integer ? Math.floor(bound) + 1 : bound + Math.max(1e-6, Math.abs(bound) * 1e-6);
    }

    private static double below(double bound, boolean integer) {
        return integer ? Math.ceil(bound) - 1 : bound - Math.max(1e-6, Math.abs(bound) * 1e-6);
    }

    /** Registration of one jar: something registered, module descriptor and services file agree, all load. */
    static List<Finding> registration(Path jar, PluginCatalog catalog) {
        String subject = jar.getFileName().toString();
        List<Finding> findings = new ArrayList<>();
        PluginJarContents contents;
        try {
            contents = PluginJarContents.read(jar);
        } catch (IOException e) {
            return List.of(Finding.fail(subject, "is a readable jar", String.valueOf(e.getMessage())));
        }
        String why = contents.whyNothingIsRegistered();
        findings.add(why == null ? Finding.pass(subject, "registers plugins", contents.effectiveProviders().toString())
                : Finding.fail(subject, "registers plugins", why));
        if (contents.modular()) {
            String check = "module-info provides and META-INF/services agree";
            if (contents.servicesFile() == null) {
                findings.add(Finding.fail(subject, check, "no " + PluginJarContents.SERVICES_FILE
                        + "; programs with Gramian on the class path will not find " + contents.moduleProvides()));
            } else if (!new HashSet<>(contents.servicesFile()).equals(new HashSet<>(contents.moduleProvides()))) {
                findings.add(Finding.fail(subject, check, "module " + contents.moduleName() + " provides "
                        + contents.moduleProvides() + " but the services file lists " + contents.servicesFile()));
            } else {
                findings.add(Finding.pass(subject, check, ""));
            }
        }
        String name = jar.toAbsolutePath().normalize().toString();
        String fileName = jar.getFileName().toString();
        List<String> failures = catalog.problems().stream().filter(p -> p.source().equals(name)
                || p.source().endsWith(fileName)).map(PluginProblem::message)
                .filter(m -> !m.startsWith("registers no plugin")).toList();
        findings.add(failures.isEmpty() ? Finding.pass(subject, "every declared provider loads", "")
                : Finding.fail(subject, "every declared provider loads", String.join("; ", failures)));
        List<String> duplicates = catalog.duplicates().stream().map(PluginProblem::message)
                .filter(m -> m.contains(fileName)).toList();
        findings.add(duplicates.isEmpty() ? Finding.pass(subject, "ids are unique", "")
                : Finding.fail(subject, "ids are unique", String.join("; ", duplicates)));
        return findings;
    }

    private static List<Path> jarsOf(Path entry) {
        if (!Files.isDirectory(entry)) {
            return List.of(entry);
        }
        try (Stream<Path> files = Files.list(entry)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new GramianException(GramianException.Category.PLUGIN, "cannot list " + entry + ": " + e.getMessage(), e);
        }
    }

    /** Optimisers by id for rules that pick their own; plain SGD when the catalog has no {@code sgd}. */
    private static OptimizerFactory optimizers(PluginCatalog catalog) {
        return (id, options) -> {
            if (id.equals("sgd") && options.isEmpty()
                    && catalog.plugins(PluginKind.OPTIMIZER).stream().noneMatch(p -> p.id().equals(id))) {
                return new ResumableChecks.PlainSgd();
            }
            return catalog.create(PluginKind.OPTIMIZER, id, options, Optimizer.class);
        };
    }
}

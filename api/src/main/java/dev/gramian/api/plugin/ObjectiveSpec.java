package dev.gramian.api.plugin;

import dev.gramian.api.GramianException;
import dev.gramian.api.objective.BatchLossSum;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.MarginLossSum;
import dev.gramian.api.objective.Objective;
import dev.gramian.api.objective.WeightedLoss;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What {@code --objective} names: one objective plugin ({@code dpo}), or a weighted combination of
 * several ({@code dpo:0.8,bco:0.2,sft:1.0}; a weight left out is 1, as TRL's {@code loss_weights}
 * default). Options of a combination are routed to its components: {@code -O dpo.beta=0.2} sets
 * the component {@code dpo}'s {@code beta}; an unprefixed {@code -O beta=0.2} sets {@code beta} on
 * every component that declares it (TRL has one {@code beta} for all its losses), and the prefixed
 * form wins over it.
 *
 * @param components the ids and weights, in the order given; one component with weight 1 for a plain id
 */
public record ObjectiveSpec(List<Component> components) {
    private static final Pattern COMPONENT = Pattern.compile("([a-z][a-z0-9-]*)(?::([^,:]+))?");

    /**
     * One id of the spec and its weight.
     *
     * @param id     the plugin id
     * @param weight finite and {@code > 0}
     */
    public record Component(String id, double weight) {
        public Component {
            Objects.requireNonNull(id, "id");
            if (!(weight > 0) || !Double.isFinite(weight)) {
                throw new IllegalArgumentException("weight of '" + id + "' must be a finite number > 0, got " + weight);
            }
        }
    }

    public ObjectiveSpec {
        components = List.copyOf(components);
        if (components.isEmpty()) {
            throw new IllegalArgumentException("an objective needs a component");
        }
    }

    /**
     * Parses {@code ID} or {@code ID[:WEIGHT],ID[:WEIGHT],...}.
     *
     * @throws GramianException (usage) for an empty component, a weight that is not a number > 0, or an
     *                          id given twice
     */
    public static ObjectiveSpec parse(String text) {
        Objects.requireNonNull(text, "text");
        List<Component> components = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String part : text.split(",", -1)) {
            var match = COMPONENT.matcher(part.trim());
            if (!match.matches()) {
                throw GramianException.usage("objective '" + text + "': cannot read '" + part.trim()
                        + "'; expected ID or ID:WEIGHT, comma-separated, e.g. dpo:0.8,bco:0.2,sft:1.0");
            }
            String id = match.group(1);
            if (!seen.add(id)) {
                throw GramianException.usage("objective '" + text + "': '" + id + "' is given twice");
            }
            double weight = 1;
            if (match.group(2) != null) {
                try {
                    weight = Double.parseDouble(match.group(2));
                } catch (NumberFormatException e) {
                    weight = Double.NaN;
                }
                if (!(weight > 0) || !Double.isFinite(weight)) {
                    throw GramianException.usage("objective '" + text + "': weight '" + match.group(2) + "' of '"
                            + id + "' is not a number > 0");
                }
            }
            components.add(new Component(id, weight));
        }
        return new ObjectiveSpec(components);
    }

    /** Whether this is a combination rather than one plugin. */
    public boolean combined() {
        return components.size() > 1 || components.get(0).weight() != 1;
    }

    /** The canonical text, {@code dpo} or {@code dpo:0.8,bco:0.2,sft:1.0}: what a run's config records. */
    public String text() {
        if (!combined()) {
            return components.get(0).id();
        }
        return components.stream().map(c -> c.id() + ":" + c.weight()).collect(Collectors.joining(","));
    }

    /**
     * Creates the objective: the plugin itself for one id; for a combination a {@link MarginLossSum},
     * or a {@link BatchLossSum} when a component is a batch loss.
     *
     * @param given the {@code -O} options, routed to the components as the class comment says
     * @throws GramianException for an unknown id or option, or a bad value
     */
    public Objective create(PluginCatalog catalog, Map<String, String> given) {
        if (!combined()) {
            return catalog.create(PluginKind.OBJECTIVE, components.get(0).id(), given, Objective.class);
        }
        Map<String, Map<String, String>> routed = route(catalog, given);
        List<WeightedLoss> parts = new ArrayList<>();
        for (Component c : components) {
            parts.add(new WeightedLoss(c.id(), c.weight(), catalog.create(PluginKind.OBJECTIVE, c.id(),
                    routed.get(c.id()), Objective.class)));
        }
        return parts.stream().allMatch(p -> p.objective() instanceof MarginLoss)
                ? new MarginLossSum(parts) : new BatchLossSum(parts);
    }

    /**
     * As {@link #create}, for the commands that need a margin loss (one evaluated per pair in the
     * backend's graph).
     *
     * @throws GramianException (usage) when the objective is a batch loss, naming it
     */
    public MarginLoss createMarginLoss(PluginCatalog catalog, Map<String, String> given, String command) {
        Objective objective = create(catalog, given);
        if (objective instanceof MarginLoss margin) {
            return margin;
        }
        throw GramianException.usage("objective '" + text() + "' is a loss over the whole batch; " + command
                + " takes per-pair margin losses only");
    }

    /**
     * Every option's resolved value as text, defaults filled in: {@code key → value} for one id,
     * {@code id.key → value} for a combination. What a run's {@code config.json} records.
     *
     * @throws GramianException as {@link #create}
     */
    public Map<String, String> resolvedOptions(PluginCatalog catalog, Map<String, String> given) {
        if (!combined()) {
            return Options.resolve(catalog.find(PluginKind.OBJECTIVE, components.get(0).id()).info(), given).asText();
        }
        Map<String, String> resolved = new LinkedHashMap<>();
        route(catalog, given).forEach((id, options) -> Options.resolve(
                catalog.find(PluginKind.OBJECTIVE, id).info(), options).asText()
                .forEach((key, value) -> resolved.put(id + "." + key, value)));
        return resolved;
    }

    /** The options of each component, in component order. */
    private Map<String, Map<String, String>> route(PluginCatalog catalog, Map<String, String> given) {
        Map<String, Map<String, String>> routed = new LinkedHashMap<>();
        Map<String, List<String>> declared = new LinkedHashMap<>();
        for (Component c : components) {
            routed.put(c.id(), new LinkedHashMap<>());
            declared.put(c.id(), catalog.find(PluginKind.OBJECTIVE, c.id()).info().options().stream()
                    .map(OptionSpec::key).toList());
        }
        given.forEach((key, value) -> {
            int dot = key.indexOf('.');
            if (dot < 0) {
                List<String> takers = components.stream().map(Component::id)
                        .filter(id -> declared.get(id).contains(key)).toList();
                if (takers.isEmpty()) {
                    throw GramianException.usage("objective '" + text() + "': no component takes option '" + key
                            + "'; valid keys: " + validKeys(declared));
                }
                takers.forEach(id -> routed.get(id).putIfAbsent(key, value));
            }
        });
        given.forEach((key, value) -> {
            int dot = key.indexOf('.');
            if (dot >= 0) {
                String id = key.substring(0, dot);
                if (!routed.containsKey(id)) {
                    throw GramianException.usage("objective '" + text() + "': option '" + key
                            + "' names no component; valid keys: " + validKeys(declared));
                }
                routed.get(id).put(key.substring(dot + 1), value);
            }
        });
        return routed;
    }

    private static String validKeys(Map<String, List<String>> declared) {
        Set<String> keys = new LinkedHashSet<>();
        declared.forEach((id, options) -> options.forEach(key -> keys.add(id + "." + key)));
        declared.values().forEach(keys::addAll);
        return keys.isEmpty() ? "none" : String.join(", ", keys);
    }

}

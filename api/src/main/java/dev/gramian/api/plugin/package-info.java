/**
 * The plugin system. Every extension point is a {@link dev.gramian.api.plugin.PluginProvider}
 * registered with {@code provides ... with ...} in {@code module-info} and in
 * {@code META-INF/services} for class-path users. A provider describes itself with a
 * {@link dev.gramian.api.plugin.PluginInfo} (kebab-case id, kind, summary, declared
 * {@link dev.gramian.api.plugin.OptionSpec options}) and creates its product from validated
 * {@link dev.gramian.api.plugin.Options}. The {@link dev.gramian.api.plugin.PluginCatalog} finds
 * providers in the boot layer, on the class path and in plugin directories (one module layer each),
 * reports broken ones without failing the rest, and rejects duplicate ids. {@link
 * dev.gramian.api.plugin.ObjectiveSpec} reads what {@code --objective} names, one objective plugin
 * or a weighted sum of several, and routes {@code -O} options to the components.
 */
package dev.gramian.api.plugin;

/**
 * Root of Gramian's API. Holds the single root exception type, {@link dev.gramian.api.GramianException};
 * every error Gramian raises for bad input, bad options or broken plugins is one of its subtypes, with a
 * message that names the file, line, key or plugin at fault. The sub-packages hold the SPIs: plugins
 * and their catalog, the scalar algebra, margin objectives, parameters, optimisers, probes, domain
 * rules and execution backends.
 */
package dev.gramian.api;

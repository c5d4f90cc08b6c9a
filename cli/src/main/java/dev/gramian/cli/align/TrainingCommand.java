package dev.gramian.cli.align;

import com.google.inject.Inject;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.cli.wiring.ProcessStreams;
import dev.gramian.runs.progress.ProgressDisplay;

/**
 * What the language-model commands share: the injected catalog, streams and progress display that
 * the jobs of {@code dev.gramian.runs.align} and {@code dev.gramian.runs.demo} they call need.
 */
public abstract class TrainingCommand {
    @Inject
    protected PluginCatalog catalog;

    @Inject
    protected ProcessStreams streams;

    @Inject
    protected ProgressDisplay display;
}

package dev.gramian.cli.option;

import dev.gramian.runs.RunDirectory;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The run directory options of a training command: {@code --out}, {@code --resume}, {@code --force}. */
public final class RunOptions {

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "The run directory: config.json, metrics.jsonl, summary.json, checkpoints/.")
    private Path out;

    @Option(names = "--resume", description = "Continue the run in --out from checkpoints/latest.ckpt "
            + "(the settings must be the run's).")
    private boolean resume;

    @Option(names = "--force", description = "Start over in a non-empty --out, replacing its run files.")
    private boolean force;

    /** The run directory given. */
    public Path out() {
        return out;
    }

    /** Whether the run in {@link #out()} is to be continued. */
    public boolean resume() {
        return resume;
    }

    /** What to do with a non-empty run directory. */
    public RunDirectory.Mode mode() {
        return RunDirectory.Mode.of(resume, force);
    }
}

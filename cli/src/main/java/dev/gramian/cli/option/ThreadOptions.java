package dev.gramian.cli.option;

import dev.gramian.runs.Provenance;
import picocli.CommandLine.Option;

import java.util.Map;

/** {@code --threads N}: how many threads TensorFlow may use, inside an op and across ops. */
public final class ThreadOptions {

    @Option(names = "--threads", paramLabel = "N",
            description = "Cap TensorFlow at N threads inside an op and N across ops (recorded in config.json; a "
                    + "Spark sweep sets it to each task's cores). Default: TensorFlow's choice, every core.")
    private Integer threads;

    /** The backend options the flag asks for: none without it. */
    public Map<String, String> backendOptions() {
        return Provenance.threads(threads);
    }
}

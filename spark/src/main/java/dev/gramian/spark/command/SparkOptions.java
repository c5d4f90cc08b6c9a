package dev.gramian.spark.command;

import dev.gramian.spark.cluster.MasterUrl;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/** Where a Spark command runs: {@code --master URL} and Spark settings, {@code --conf KEY=VALUE}. */
public final class SparkOptions {

    @Option(names = "--master", paramLabel = "URL",
            description = "The Spark master: local[N] or local[*] (this machine, inside this process), or "
                    + "spark://HOST:PORT (a standalone cluster; the output directory must then be on a file system "
                    + "every worker sees, and Gramian installed at the same path). Default: local[*].")
    private String master;

    @Option(names = "--conf", paramLabel = "KEY=VALUE",
            description = "A Spark setting, e.g. --conf spark.task.cpus=2 (cores, and so TensorFlow threads, per "
                    + "task) or --conf spark.executor.memory=4g; repeatable.")
    private Map<String, String> settings = new LinkedHashMap<>();

    /** The master asked for, checked. */
    public MasterUrl master() {
        return MasterUrl.parse(master);
    }

    /** The Spark settings given. */
    public Map<String, String> settings() {
        return Map.copyOf(settings);
    }
}

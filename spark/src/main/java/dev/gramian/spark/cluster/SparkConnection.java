package dev.gramian.spark.cluster;

import dev.gramian.api.GramianException;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

import java.time.Duration;
import java.util.Map;

/**
 * A Spark context for one Gramian job, opened on a {@link MasterUrl}: the embedded local master by
 * default, or a standalone cluster. It keeps Spark quiet (no web UI, no console progress bar, Log4j
 * at error level unless {@code --verbose}), gives a cluster's executors this process's class path
 * (Gramian installed at the same path on every node, as the shared file system the run directories
 * need anyway), and, on a cluster, waits until an executor has registered, so that a master that
 * accepts the application but has no worker fails before any work is handed out.
 */
public final class SparkConnection implements AutoCloseable {
    /** How long a cluster may take to give the application its first executor. */
    public static final Duration EXECUTOR_WAIT = Duration.ofSeconds(90);
    private final MasterUrl master;
    private final JavaSparkContext context;

    private SparkConnection(MasterUrl master, JavaSparkContext context) {
        this.master = master;
        this.context = context;
    }

    /**
     * Opens a context.
     *
     * @param master   where to run
     * @param settings {@code --conf} Spark settings, which win over Gramian's defaults
     * @param name     the application's name shown by the cluster
     * @param verbose  Spark logs at INFO level
     * @throws GramianException (backend) when the master cannot be reached, refuses the
     *                          application, or gives it no executor in {@link #EXECUTOR_WAIT}
     */
    public static SparkConnection open(MasterUrl master, Map<String, String> settings, String name, boolean verbose) {
        master.requireReachable();
        SparkConf conf = new SparkConf(false).setMaster(master.text()).setAppName(name)
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false");
        if (master.local()) {
            // The embedded master needs no network beyond this machine, whatever the host name resolves to.
            conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        } else {
            conf.set("spark.executor.extraClassPath", System.getProperty("java.class.path"));
        }
        settings.forEach(conf::set);
        JavaSparkContext context;
        try {
            context = new JavaSparkContext(conf);
        } catch (RuntimeException failure) {
            throw new GramianException(GramianException.Category.BACKEND, "Spark could not start on --master "
                    + master.text() + ": " + failure.getMessage(), failure);
        }
        context.setLogLevel(verbose ? "INFO" : "ERROR");
        SparkConnection connection = new SparkConnection(master, context);
        if (!master.local()) {
            connection.awaitExecutor();
        }
        return connection;
    }

    private void awaitExecutor() {
        long deadline = System.nanoTime() + EXECUTOR_WAIT.toNanos();
        // The status tracker lists the driver too.
        while (context.sc().statusTracker().getExecutorInfos().length < 2) {
            if (context.sc().isStopped()) {
                close();
                throw new GramianException(GramianException.Category.BACKEND, "the Spark master " + master.text()
                        + " stopped the application before it started (see the master's log)");
            }
            if (System.nanoTime() > deadline) {
                close();
                throw new GramianException(GramianException.Category.BACKEND, "the Spark master " + master.text()
                        + " gave the application no executor within " + EXECUTOR_WAIT.toSeconds() + " s: start a "
                        + "worker, or ask for what the workers have (--conf spark.executor.memory=..., "
                        + "spark.executor.cores=...)");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new GramianException(GramianException.Category.INTERNAL, "interrupted while waiting for an executor");
            }
        }
    }

    /** The master the context runs on. */
    public MasterUrl master() {
        return master;
    }

    /** The context. */
    public JavaSparkContext context() {
        return context;
    }

    /** Cores each task is given ({@code spark.task.cpus}), the thread budget of the work inside it. */
    public int coresPerTask() {
        return context.getConf().getInt("spark.task.cpus", 1);
    }

    /** The Spark version running the job. */
    public String sparkVersion() {
        return context.version();
    }

    /** Stops the context (and, for a local master, the executors inside this process). */
    @Override
    public void close() {
        context.stop();
    }
}

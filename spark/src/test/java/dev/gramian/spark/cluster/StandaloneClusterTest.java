package dev.gramian.spark.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gramian.spark.InProcessSparkGramian;
import dev.gramian.spark.InProcessSparkGramian.Execution;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.gramian.spark.InProcessSparkGramian.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real Spark standalone cluster on 127.0.0.1: a master and a worker, each a separate JVM started
 * from the Spark jars on this test's class path, and the worker's executor a third; a small dg sweep
 * goes to it through {@code --master spark://127.0.0.1:PORT}, then the cluster is stopped.
 */
@Tag("native")
@Tag("spark")
class StandaloneClusterTest {
    private static final Duration START = Duration.ofSeconds(120);

    @TempDir
    static Path temp;
    private static int port;
    private static Process master;
    private static Process worker;

    @BeforeAll
    static void startCluster() throws IOException, InterruptedException {
        port = freePort();
        master = start("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--webui-port", Integer.toString(freePort())), Map.of());
        awaitPort(port, master);
        // A worker launches executors with SPARK_HOME/jars on their class path; Gramian's driver adds its own
        // class path (spark.executor.extraClassPath), so an empty jars folder is all this Spark home holds.
        Path sparkHome = Files.createDirectories(temp.resolve("spark-home/jars"));
        worker = start("worker", List.of("org.apache.spark.deploy.worker.Worker", "spark://127.0.0.1:" + port,
                "--host", "127.0.0.1", "--cores", "2", "--memory", "2g", "--webui-port", Integer.toString(freePort()),
                "--work-dir", Files.createDirectories(temp.resolve("work")).toString()),
                Map.of("SPARK_HOME", sparkHome.getParent().toString(), "SPARK_SCALA_VERSION", "2.13",
                        "SPARK_LOCAL_IP", "127.0.0.1"));
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        for (Process process : new Process[]{worker, master}) {
            if (process != null) {
                process.descendants().forEach(ProcessHandle::destroy); // the executors
                process.destroy();
                if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            }
        }
    }

    private static Process start(String name, List<String> main, Map<String, String> environment) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(System.getProperty("gramian.spark.java.options").trim().split("\\s+")));
        command.addAll(List.of("-Xmx256m", "-cp", System.getProperty("java.class.path")));
        command.addAll(main);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(temp.resolve(name + ".log").toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitPort(int port, Process process) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException notYet) {
                Thread.sleep(250);
            }
        }
        throw new IllegalStateException("the Spark master did not start: " + Files.readString(temp.resolve("master.log")));
    }

    @Test
    void aSweepRunsOnAStandaloneClusterThroughItsMasterUrl() throws IOException {
        Path out = temp.resolve("sweep");
        Execution sweep = InProcessSparkGramian.run(List.of("sweep", "dg", "--dataset", "linear-toy", "-D",
                "train_examples=64", "-D", "validation_examples=32", "-D", "test_examples=64", "--batch-size", "8",
                "--steps", "4", "--eval-every", "2", "--grid", "rule=erm,fish", "--master", "spark://127.0.0.1:" + port,
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.executor.memory=1g", "--quiet",
                "--out", out.toString()));
        assertEquals(0, sweep.status(), () -> sweep + "\n--- worker\n" + log("worker"));
        assertTrue(sweep.out().startsWith("sweep dg: 2 runs on spark://127.0.0.1:" + port + ", 2 tasks"), sweep::toString);
        List<JsonNode> rows = lines(out.resolve("sweep.jsonl"));
        assertEquals(List.of("rule-erm", "rule-fish"), rows.stream().map(row -> row.get("run").asText()).toList());
        for (JsonNode row : rows) {
            assertEquals("finished", row.get("status").asText(), row::toString);
            assertNotEquals("driver", row.get("executor").asText(), "the run ran in the cluster's executor");
            assertTrue(Files.isRegularFile(out.resolve(row.get("run").asText()).resolve("summary.json")));
        }
        assertTrue(Files.isRegularFile(out.resolve("report.html")));
    }

    private static String log(String name) {
        try {
            return Files.readString(temp.resolve(name + ".log"));
        } catch (IOException e) {
            return e.toString();
        }
    }
}

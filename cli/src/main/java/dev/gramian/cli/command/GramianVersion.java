package dev.gramian.cli.command;

import dev.gramian.runs.Provenance;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the version the build filled in ({@link Provenance#gramianVersion()}), Java and OS. */
public final class GramianVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {
            "gramian " + Provenance.gramianVersion(),
            "Java " + Provenance.java() + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
        };
    }
}

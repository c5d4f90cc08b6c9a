package dev.gramian.api.data;

import dev.gramian.api.model.ClassifierConfig;

import java.nio.file.Path;
import java.util.List;

/**
 * A plugin that provides a domain-generalisation problem: several training domains whose
 * spurious regularities differ, and a held-out domain to test on. Implementations must be
 * deterministic: the same options and seed give the same {@link DomainData} on every machine. Any
 * file reading happens in {@link #load}, never in the constructor or provider.
 */
public interface DomainDataset {

    /** A model shape that suits this data (input shape and classes fixed by the data, the rest a suggestion). */
    ClassifierConfig suggestedModel();

    /**
     * Builds (or reads and splits) the data.
     *
     * @param seed the seed for generation, shuffling and splitting
     * @throws dev.gramian.api.GramianException (input) when files are missing or malformed, naming the
     *                                          file and how to obtain it
     */
    DomainData load(long seed);

    /**
     * The files {@link #load} reads, so that a run can record their SHA-256 digests as provenance;
     * empty (the default) for generated data.
     */
    default List<Path> sourceFiles() {
        return List.of();
    }
}

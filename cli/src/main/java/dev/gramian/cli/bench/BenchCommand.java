package dev.gramian.cli.bench;

import dev.gramian.cli.command.CommandGroup;
import picocli.CommandLine.Command;

/** {@code gramian bench}: groups the benchmarks. */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {BenchEntanglementCommand.class, BenchFishCommand.class,
        BenchGramCommand.class, BenchPretrainedCommand.class, BenchGenerateCommand.class},
        description = "Measure what training steps cost on this machine.")
public final class BenchCommand extends CommandGroup {
}

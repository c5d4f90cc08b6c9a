package dev.gramian.cli.pretrained;

import com.google.inject.Inject;
import dev.gramian.api.GramianException;
import dev.gramian.cli.wiring.ProcessStreams;
import dev.gramian.hf.safetensors.Dtype;
import dev.gramian.runs.pretrained.PretrainedExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code gramian export}: a run started from a Hugging Face folder, written as a folder transformers loads. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes the latest checkpoint of a run started with 'align --model DIR' as a folder that "
                + "transformers' from_pretrained loads: config.json, model.safetensors (the source's dtype or "
                + "--dtype), the tokenizer files and chat template; a LoRA adapter is merged into the weights, or "
                + "written as PEFT's adapter_config.json and adapter_model.safetensors with --adapter-only.",
                "Atomic: a failed export leaves no folder; an existing non-empty --out is refused."})
public final class ExportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "the run directory")
    private Path run;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "the folder to write")
    private Path out;

    @Option(names = "--dtype", paramLabel = "TYPE", description = "float32, bfloat16, float16 or float64 (default: the source's)")
    private String dtype;

    @Option(names = "--adapter-only", description = "write PEFT's adapter files instead of merged weights")
    private boolean adapterOnly;

    @Inject
    private ProcessStreams streams;

    @Override
    public Integer call() {
        Dtype storage = null;
        if (dtype != null) {
            storage = Dtype.fromTorchName(dtype.toLowerCase(Locale.ROOT));
            if (storage == null) {
                throw GramianException.usage("unknown --dtype '" + dtype + "'; known: float32, bfloat16, float16, float64");
            }
        }
        String written = new PretrainedExport(run, out, storage, adapterOnly).write();
        streams.out().println("export: " + written + " -> " + out);
        return 0;
    }
}

/**
 * Run directories (docs/run-directory.md): {@link dev.gramian.cli.run.RunDirectory} creates or
 * reopens the directory given by {@code --out}, refuses to overwrite a non-empty one unless told
 * to resume or start over, writes {@code config.json}, {@code summary.json} and checkpoints
 * atomically, and checks on {@code --resume} that the command's configuration is the run's; a
 * resumed run first drops the JSON Lines rows it logs again ({@code metrics.jsonl} here, the probe
 * tables through {@code dev.gramian.cli.probe.TableFiles}).
 * {@link dev.gramian.cli.run.MetricsLog} appends {@code metrics.jsonl} one flushed line at a time.
 * The training commands of {@code dev.gramian.cli.align} write through these; {@code gramian report}
 * reads what they wrote.
 */
package dev.gramian.cli.run;

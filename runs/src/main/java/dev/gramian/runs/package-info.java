/**
 * The run directory (docs/run-directory.md) and its one owner. {@link dev.gramian.runs.RunDirectory}
 * opens the directory of a run (fresh, resumed or forced), writes {@code config.json} (headed by
 * {@link dev.gramian.runs.Provenance}), {@code summary.json} and checkpoints atomically, and checks on
 * resume that the configuration is the run's (the {@link dev.gramian.runs.RunPrecision} first);
 * {@link dev.gramian.runs.MetricsLog} and {@link dev.gramian.runs.TableFiles} append the JSON Lines files, dropping first the rows a resumed
 * run logs again. {@link dev.gramian.runs.RunJson} states the JSON rules once (non-finite numbers as
 * {@code null}), and {@link dev.gramian.runs.RunReader} reads a run back through the same classes,
 * for {@code gramian report} and the demos. The jobs that train into a run live in the subpackages.
 */
package dev.gramian.runs;

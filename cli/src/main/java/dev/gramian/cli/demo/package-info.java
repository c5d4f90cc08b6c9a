/**
 * {@code gramian demo}: self-contained demonstrations on built-in data — {@code demo align} (SFT then
 * DPO), {@code demo entanglement} (the gradient-entanglement study) and {@code demo fish} (ERM against
 * Fish on CdSprites-N). Each runs jobs of {@code dev.gramian.runs} into one run directory per run,
 * prints a table and writes the demo's {@code summary.json} and {@code report.html}.
 */
package dev.gramian.cli.demo;

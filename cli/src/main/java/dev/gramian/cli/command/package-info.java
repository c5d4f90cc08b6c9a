/**
 * The commands, one class each, named after what they do: {@code gramian env},
 * {@code gramian plugins list|describe}, {@code gramian objective eval}, {@code gramian bench gram},
 * {@code gramian completion}. Picocli creates them and fills their options; Guice then injects what
 * they need from {@code dev.gramian.cli.wiring} (the catalog, plugins by id, the process streams).
 * They write results to stdout and report failures by throwing
 * {@link dev.gramian.api.GramianException}; printing errors is the entry point's job.
 */
package dev.gramian.cli.command;

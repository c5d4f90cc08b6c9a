/**
 * {@code gramian generate}: parses the prompts and sampling options and calls the
 * {@code runs.generate} job, then prints each completion (text, or JSON Lines with {@code --json})
 * and the generation speed.
 */
package dev.gramian.cli.generate;

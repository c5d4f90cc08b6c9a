/**
 * {@code gramian report}: the command that turns run directories (see {@code dev.gramian.runs})
 * into one self-contained HTML page, drawn by the {@code dev.gramian.report} module.
 */
package dev.gramian.cli.report;

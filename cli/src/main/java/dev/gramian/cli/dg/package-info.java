/**
 * {@code gramian dg}: parses the options of a domain-generalisation run into a
 * {@link dev.gramian.runs.dg.DgSpec} and hands it to the {@link dev.gramian.runs.dg.DgRunner}, which
 * trains with the rule and records the run directory; the command prints the outcome.
 */
package dev.gramian.cli.dg;

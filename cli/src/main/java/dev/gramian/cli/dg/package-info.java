/**
 * Domain generalisation on the command line: {@code gramian dg} trains a classifier on a domain data
 * set with a domain rule ({@link dev.gramian.cli.dg.DgRunner} wires the plugins to the trainer of
 * {@code objectives-fish} and records the run in a {@link dev.gramian.cli.run.RunDirectory}),
 * {@code gramian demo fish} compares ERM and Fish on CdSprites-N for several N, {@code gramian bench
 * fish} measures what a Fish meta step costs against the same ERM inner steps, and
 * {@code gramian data fetch mnist} obtains the MNIST files the MNIST domain data sets read.
 */
package dev.gramian.cli.dg;

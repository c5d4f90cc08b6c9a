/**
 * {@code gramian data}: obtaining the files that data sets read — {@code data fetch mnist} downloads
 * and checks the MNIST IDX files with the fetcher of {@code objectives-fish}.
 */
package dev.gramian.cli.data;

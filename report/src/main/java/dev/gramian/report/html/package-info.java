/**
 * The HTML page: one self-contained document with inline styles, each run's configuration and
 * summary as tables, and the charts as embedded PNG images. Every string taken from a run
 * directory passes through {@link dev.gramian.report.html.HtmlText#escape(String)}; the page
 * references no other file and nothing on the network.
 */
package dev.gramian.report.html;

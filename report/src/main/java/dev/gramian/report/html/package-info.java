/**
 * The HTML page: one self-contained document with inline styles. A single run's page has its
 * configuration and summary as tables and its charts as embedded PNG images; a study's page opens
 * with the study's summary, keeps the configuration as one collapsed table of what differs, and
 * embeds the SVG small multiples of {@code dev.gramian.report.plot}, with one small inline script for
 * tooltips and legend toggles. Every string taken from a run directory is escaped; the page
 * references no other file and nothing on the network.
 */
package dev.gramian.report.html;

/**
 * Interactive charts as inline SVG: small multiples (one panel per group) that share a legend, with
 * every data point a shape whose {@code <title>} is its exact value, so a browser shows it on hover
 * even with scripts off, and the page prints as drawn. The page's small inline script (in the html
 * package) only makes the tooltip quicker and lets a click on a legend entry hide that series in
 * every panel of the figure. Colours come from a {@link dev.gramian.report.plot.Palette} shared by the
 * whole page, so one objective or rule has one colour everywhere.
 */
package dev.gramian.report.plot;

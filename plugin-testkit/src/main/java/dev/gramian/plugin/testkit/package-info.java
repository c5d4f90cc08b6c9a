/**
 * The conformance checks, written against the API alone: registration (module descriptor and
 * services file agree, every declared provider loads, no duplicate ids), options (defaults valid,
 * every extreme valid value accepted or rejected as a usage error), losses (finite with exact
 * derivatives that match finite differences at margins up to ±1e4 and on golden inputs), optimisers
 * and domain rules (a {@code state()}/{@code restore()} round trip resumes bit for bit) and probes
 * (they only read what they are given). {@link dev.gramian.plugin.testkit.PluginConformance} runs
 * them and returns {@link dev.gramian.plugin.testkit.Finding}s; the command line prints them, and
 * {@link dev.gramian.plugin.testkit.PluginContract} turns the failures into an
 * {@link java.lang.AssertionError} in a plugin's own tests.
 */
package dev.gramian.plugin.testkit;

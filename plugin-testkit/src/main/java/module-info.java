/**
 * The plugin conformance kit: the contract every plugin of each kind must meet, run by
 * {@code gramian plugins check JAR_OR_DIR} and, as assertions, by a plugin's own tests. Depends on
 * the API alone (failures are {@link AssertionError}s, which every test framework reports), so the
 * command line runs the same checks without a test framework.
 */
module dev.gramian.plugin.testkit {
    requires transitive dev.gramian.api;

    exports dev.gramian.plugin.testkit;
}

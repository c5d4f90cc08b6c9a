/**
 * Execution backends. A {@link dev.gramian.api.backend.Backend} is where tensors are computed; the
 * TensorFlow runtime is the built-in one. Backends load native code lazily (creating the provider
 * or listing plugins must never load it) and advertise optional features through
 * {@link dev.gramian.api.backend.Backend.Capability} instead of half-implemented methods.
 */
package dev.gramian.api.backend;

/**
 * {@code gramian bench}: what training steps cost on this machine — {@code bench gram} (a DPO step
 * against the fast and exact per-pair Gram probes), {@code bench entanglement} (the entanglement
 * probe's share of an alignment step) and {@code bench fish} (a Fish meta step against the same ERM
 * inner steps). The backend is created through the plugin catalog only when a benchmark runs.
 */
package dev.gramian.cli.bench;

/**
 * The demos' jobs: {@link dev.gramian.runs.demo.AlignDemoRunner} (SFT then DPO of a small model in
 * one run directory), {@link dev.gramian.runs.demo.EntanglementStudyRunner} (the gradient
 * entanglement study: per task one SFT run and three alignment runs with the entanglement probe)
 * and {@link dev.gramian.runs.demo.FishDemoRunner} (ERM against Fish on CdSprites-N, through the
 * {@code dg} job).
 * They fix what the papers' settings fix and take the rest as a small settings record; they build
 * on the phases of {@code dev.gramian.runs.align} and leave printing and {@code report.html} to the
 * command line.
 */
package dev.gramian.runs.demo;

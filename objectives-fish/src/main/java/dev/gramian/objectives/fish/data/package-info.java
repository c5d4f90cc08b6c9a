/**
 * Domain data sets, each a {@link dev.gramian.api.data.DomainDataset} plugin: {@code linear-toy}
 * (an invariant and a spurious feature), {@code cdsprites} (CdSprites-N, rendered here), and
 * {@code colored-mnist} / {@code rotated-mnist} (DomainBed's recipes over the original MNIST IDX
 * files, which {@link dev.gramian.objectives.fish.data.MnistDigits} reads and
 * {@link dev.gramian.objectives.fish.data.MnistFetcher} downloads). Generation is deterministic
 * from the seed; the {@code train} package consumes the resulting
 * {@link dev.gramian.api.data.DomainData}.
 */
package dev.gramian.objectives.fish.data;

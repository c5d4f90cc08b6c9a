/**
 * Seeded randomness whose complete state is one {@code long}, so a trainer can store it in a
 * {@link dev.gramian.api.checkpoint.Checkpoint} and {@code --resume} draws exactly the numbers an
 * uninterrupted run would have drawn (same data order, same dropout masks). The generator implements
 * {@link java.util.random.RandomGenerator}, so the JDK's shuffles and distributions work on it, and
 * it derives independent named streams (initialisation, data order, …) from one user seed.
 */
package dev.gramian.api.random;

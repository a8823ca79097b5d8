package org.trdoutcomes.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/** A fixed list of items with integer weights; draws are reproducible for a given random stream. */
final class Weighted<T> {
    private final List<T> items = new ArrayList<>();
    private final List<Integer> weights = new ArrayList<>();
    private int total;

    Weighted<T> add(int weight, T item) {
        if (weight > 0) {
            items.add(item);
            weights.add(weight);
            total += weight;
        }
        return this;
    }

    T draw(SplittableRandom rng) {
        int r = rng.nextInt(total);
        for (int i = 0; i < items.size(); i++) {
            r -= weights.get(i);
            if (r < 0) {
                return items.get(i);
            }
        }
        throw new IllegalStateException("weights changed while drawing");
    }

    /** Draws among the items that pass {@code allowed}; falls back to any item when none does. */
    T draw(SplittableRandom rng, Predicate<T> allowed) {
        int allowedTotal = 0;
        for (int i = 0; i < items.size(); i++) {
            if (allowed.test(items.get(i))) {
                allowedTotal += weights.get(i);
            }
        }
        if (allowedTotal == 0) {
            return draw(rng);
        }
        int r = rng.nextInt(allowedTotal);
        for (int i = 0; i < items.size(); i++) {
            if (allowed.test(items.get(i))) {
                r -= weights.get(i);
                if (r < 0) {
                    return items.get(i);
                }
            }
        }
        throw new IllegalStateException("weights changed while drawing");
    }
}

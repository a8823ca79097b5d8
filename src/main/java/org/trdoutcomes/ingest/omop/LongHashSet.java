package org.trdoutcomes.ingest.omop;

import java.util.Arrays;

/**
 * A set of longs in one open-addressing array: a million person ids take 16 MB instead of the ~60 MB of a
 * {@code HashSet<Long>}, which matters at -Xmx512m. Long.MIN_VALUE marks a free slot (no CDM id is that).
 */
final class LongHashSet {

    private static final long FREE = Long.MIN_VALUE;
    private long[] slots = new long[1024];
    private int size;

    LongHashSet() {
        Arrays.fill(slots, FREE);
    }

    /** @return true when the value was not in the set yet */
    boolean add(long value) {
        if (value == FREE) {
            throw new IllegalArgumentException("Long.MIN_VALUE cannot be stored");
        }
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        int i = hash(value) & mask;
        while (slots[i] != FREE) {
            if (slots[i] == value) {
                return false;
            }
            i = (i + 1) & mask;
        }
        slots[i] = value;
        size++;
        return true;
    }

    boolean contains(long value) {
        if (size == 0) {
            return false;
        }
        int mask = slots.length - 1;
        int i = hash(value) & mask;
        while (slots[i] != FREE) {
            if (slots[i] == value) {
                return true;
            }
            i = (i + 1) & mask;
        }
        return false;
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        Arrays.fill(slots, FREE);
        size = 0;
        for (long v : old) {
            if (v != FREE) {
                add(v);
            }
        }
    }

    static int hash(long v) {
        long h = v * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}

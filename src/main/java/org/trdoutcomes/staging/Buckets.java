package org.trdoutcomes.staging;

/**
 * Which bucket a patient's rows go to. Every row of one patient (trials of every file, the patients-file rows)
 * lands in the same bucket, so a bucket can be reconciled and classified on its own, in memory, in any thread or
 * process. The hash is {@link String#hashCode()} (fixed by the Java language specification, so the same on every
 * JVM and every worker) mixed so that ids differing only in their last characters still spread.
 */
public final class Buckets {

    /** Upper bound of the bucket count: each bucket is one file per input file and one partition. */
    public static final int MAX = 4096;

    private Buckets() {
    }

    public static int of(String patientId, int buckets) {
        int h = patientId.hashCode();
        h ^= h >>> 16;
        h *= 0x45d9f3b;
        h ^= h >>> 16;
        return Math.floorMod(h, buckets);
    }

    /**
     * The bucket count of a run: {@code configured} when set (&gt; 0), else enough buckets that each holds about
     * {@code targetBytes} of input (a bucket is held in memory while it is classified), and at least one per thread so
     * that every core has work.
     */
    public static int count(int configured, long inputBytes, long targetBytes, int threads) {
        if (configured > 0) {
            return Math.min(configured, MAX);
        }
        long bySize = (inputBytes + targetBytes - 1) / Math.max(1, targetBytes);
        return (int) Math.max(1, Math.min(MAX, Math.max(bySize, threads)));
    }
}

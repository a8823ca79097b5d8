package org.trdoutcomes.job;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of one long step that a person can follow (docs/architecture.md, "Progress"): at most one line about every
 * {@link #INTERVAL_NANOS 10 s}, naming what is being worked on, the rows so far, the share done, the rate and the
 * time left. Thread-safe: every partition of a step reports into the same instance.
 */
public final class Progress {

    static final long INTERVAL_NANOS = 10_000_000_000L;
    private static final Logger log = LoggerFactory.getLogger("org.trdoutcomes.progress");

    private final String step;
    private final String unit;
    private final String counted;
    private final long startNanos = System.nanoTime();
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime());
    private final AtomicLong rows = new AtomicLong();
    private final DoubleAdder done = new DoubleAdder();

    /**
     * @param step    the step's name
     * @param unit    what the share is a share of ("of the bytes", "of the buckets", "of the patients")
     * @param counted what is counted ("rows", "patients")
     */
    public Progress(String step, String unit, String counted) {
        this.step = step;
        this.unit = unit;
        this.counted = counted;
    }

    /**
     * Adds what was counted and a share of the work done (0–1 in total over the step); logs when the interval has passed.
     *
     * @param detail what this report is about (a file and its rows, a bucket), built only when a line is logged
     */
    public void advance(long rowsDone, double shareDone, Supplier<String> detail) {
        long total = rows.addAndGet(rowsDone);
        done.add(shareDone);
        long now = System.nanoTime();
        long last = lastLog.get();
        if (now - last < INTERVAL_NANOS || !lastLog.compareAndSet(last, now)) {
            return;
        }
        double seconds = (now - startNanos) / 1e9;
        double share = Math.min(1.0, done.sum());
        long rate = seconds > 0 ? Math.round(total / seconds) : 0;
        String left = share > 0 ? String.format("about %.0f s left", seconds * (1 - share) / share) : "time left unknown";
        log.info("{}: {}; {} {} so far, {}% {} done, {} {}/s, {}", step, detail.get(), total, counted,
                String.format("%.0f", 100 * share), unit, rate, counted, left);
    }
}

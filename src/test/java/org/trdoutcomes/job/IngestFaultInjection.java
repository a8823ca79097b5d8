package org.trdoutcomes.job;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.infrastructure.item.Chunk;
import org.trdoutcomes.ingest.RowBlock;

/**
 * Test and drill hooks in the ingest step, off unless configured ({@code trd.ops.*}): a pause before each chunk is
 * written (so that a kill or a SIGTERM lands mid-ingest) and a fault that fails the chunk after N committed chunks,
 * once per process (so that the same command, run again, restarts and completes). They let the restart guarantees
 * be shown on the real job rather than on a copy of it.
 */
class IngestFaultInjection implements ItemWriteListener<RowBlock> {

    private final long pauseMillis;
    private final int failAfterChunks;
    private final AtomicInteger written = new AtomicInteger();
    private final AtomicBoolean failed = new AtomicBoolean();

    IngestFaultInjection(long pauseMillis, int failAfterChunks) {
        this.pauseMillis = pauseMillis;
        this.failAfterChunks = failAfterChunks;
    }

    @Override
    public void beforeWrite(Chunk<? extends RowBlock> items) {
        if (pauseMillis > 0) {
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failAfterChunks > 0 && written.get() >= failAfterChunks && failed.compareAndSet(false, true)) {
            throw new IllegalStateException("Injected fault after " + failAfterChunks
                    + " chunks (trd.ops.fail-after-chunks)");
        }
    }

    @Override
    public void afterWrite(Chunk<? extends RowBlock> items) {
        int n = written.incrementAndGet();
        if (pauseMillis > 0) {
            // a drill's sign of progress that a test can wait for instead of sleeping
            LoggerFactory.getLogger("org.trdoutcomes").info("Drill: ingest chunk {} written", n);
        }
    }
}

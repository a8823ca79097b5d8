package org.trdoutcomes.job;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.core.scope.context.StepContext;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.infrastructure.item.Chunk;
import org.trdoutcomes.ingest.RowBlock;

/**
 * Test and drill hooks in the ingest step, off unless configured ({@code trd.ops.*}): a hold after N chunks that lasts
 * until the run is asked to stop (so that a kill or a SIGTERM lands mid-ingest, and a run is surely still in progress
 * whatever else a test does meanwhile, however slow the machine), and a fault that fails the chunk after N committed
 * chunks, once per process (so that the same command, run again, restarts and completes). They let the restart
 * guarantees be shown on the real job rather than on a copy of it.
 */
class IngestFaultInjection implements ItemWriteListener<RowBlock> {

    /** How often a held write looks again whether its step has been asked to stop. */
    private static final long HOLD_CHECK_MILLIS = 50;

    private final int holdAfterChunks;
    private final int failAfterChunks;
    private final AtomicInteger written = new AtomicInteger();
    private final AtomicBoolean held = new AtomicBoolean();
    private final AtomicBoolean failed = new AtomicBoolean();

    IngestFaultInjection(int holdAfterChunks, int failAfterChunks) {
        this.holdAfterChunks = holdAfterChunks;
        this.failAfterChunks = failAfterChunks;
    }

    @Override
    public void beforeWrite(Chunk<? extends RowBlock> items) {
        if (holdAfterChunks > 0 && written.get() >= holdAfterChunks) {
            holdUntilAskedToStop();
        }
        if (failAfterChunks > 0 && written.get() >= failAfterChunks && failed.compareAndSet(false, true)) {
            throw new IllegalStateException("Injected fault after " + failAfterChunks
                    + " chunks (trd.ops.fail-after-chunks)");
        }
    }

    @Override
    public void afterWrite(Chunk<? extends RowBlock> items) {
        written.incrementAndGet();
    }

    /**
     * Waits until this partition's step is flagged terminate-only (a SIGTERM's shutdown flags every live step); the
     * chunk is then written and the step stops at the chunk boundary, as any stopped run does.
     */
    private void holdUntilAskedToStop() {
        StepContext step = StepSynchronizationManager.getContext();
        if (held.compareAndSet(false, true)) {
            // the sign a test waits for instead of sleeping
            LoggerFactory.getLogger("org.trdoutcomes").info(
                    "Drill: ingest held after {} chunks until the run is asked to stop", holdAfterChunks);
        }
        try {
            while (!step.getStepExecution().isTerminateOnly()) {
                Thread.sleep(HOLD_CHECK_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

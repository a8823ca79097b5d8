package org.trdoutcomes.job;

import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * Test and drill hooks in the classify partitions, off unless configured ({@code trd.ops.*}): a pause before each
 * partition (so that a kill lands mid-classification) and a failure of one bucket's partition, once per process (so
 * that the same command, run again, re-runs that partition and completes).
 */
class ClassifyFaultInjection implements StepExecutionListener {

    private final long pauseMillis;
    private final int failBucket;
    private final AtomicBoolean failed = new AtomicBoolean();

    ClassifyFaultInjection(long pauseMillis, int failBucket) {
        this.pauseMillis = pauseMillis;
        this.failBucket = failBucket;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        if (pauseMillis > 0) {
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        if (failBucket >= 0 && stepExecution.getStepName().endsWith(":bucket" + failBucket)
                && failed.compareAndSet(false, true)) {
            // after the work, before its commit is recorded as complete: the partition must be re-run whole
            stepExecution.setStatus(org.springframework.batch.core.BatchStatus.FAILED);
            stepExecution.addFailureException(new IllegalStateException("Injected fault in partition "
                    + stepExecution.getStepName() + " (trd.ops.fail-classify-bucket)"));
            return ExitStatus.FAILED;
        }
        return stepExecution.getExitStatus();
    }
}

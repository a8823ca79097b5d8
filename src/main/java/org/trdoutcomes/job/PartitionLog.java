package org.trdoutcomes.job;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * One line per partition as it starts and ends, on the logger {@code org.trdoutcomes.partition}: a failed partition
 * always (WARN), started and completed ones at INFO, which application.yml leaves off in a plain run (a run has a
 * partition per file and per bucket, hundreds on a large extract) and a worker process turns on.
 */
class PartitionLog implements StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger("org.trdoutcomes.partition");

    @Override
    public void beforeStep(StepExecution step) {
        log.info("started partition {}", step.getStepName());
    }

    @Override
    public ExitStatus afterStep(StepExecution step) {
        if (step.getStatus() == BatchStatus.COMPLETED) {
            log.info("completed partition {}", step.getStepName());
        } else {
            log.warn("failed partition {}: {}", step.getStepName(), step.getFailureExceptions().isEmpty()
                    ? step.getExitStatus().getExitDescription()
                    : step.getFailureExceptions().get(0).getMessage());
        }
        return step.getExitStatus();
    }
}

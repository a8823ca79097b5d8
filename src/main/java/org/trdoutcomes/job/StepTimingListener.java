package org.trdoutcomes.job;

import java.time.Duration;
import java.time.LocalDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/** One log line per step with its duration and counts: progress a person can follow on a long run. */
class StepTimingListener implements StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger("org.trdoutcomes.progress");

    @Override
    public void beforeStep(StepExecution stepExecution) {
        log.info("Step {} started", stepExecution.getStepName());
    }

    @Override
    public ExitStatus afterStep(StepExecution step) {
        LocalDateTime start = step.getStartTime();
        double seconds = start == null ? 0 : Duration.between(start, LocalDateTime.now()).toMillis() / 1000.0;
        log.info("Step {} {} in {} s (read {}, written {})", step.getStepName(), step.getStatus(),
                String.format("%.2f", seconds), step.getReadCount(), step.getWriteCount());
        return step.getExitStatus();
    }
}

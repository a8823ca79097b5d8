package org.trdoutcomes.job;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * Knows the job execution this process is running, from the moment Spring Batch creates it, and its live steps —
 * partitions included, on whatever thread: the launcher names the execution in the run lock, and a shutdown
 * (SIGTERM) stops it. {@code JobOperator.start} only returns when the run has ended, so these listeners are the one
 * place that sees the execution while it runs. Registered on the job and on every step.
 */
public class ActiveRun implements JobExecutionListener, StepExecutionListener {

    private volatile JobExecution current;
    private volatile boolean stopping;
    private final Set<StepExecution> liveSteps = ConcurrentHashMap.newKeySet();
    private final List<Consumer<JobExecution>> onStart = new CopyOnWriteArrayList<>();

    /** Called with each execution as it starts (in the job's thread). */
    public void onStart(Consumer<JobExecution> callback) {
        onStart.add(callback);
    }

    /** The execution now running in this process, or null. */
    public JobExecution current() {
        return current;
    }

    /**
     * Asks the running execution to stop: every live step (partitions included) is flagged terminate-only, which it
     * checks at its next chunk boundary, ending STOPPED with its restart state saved in its own thread; a step or
     * partition that starts afterwards is flagged as it starts, so nothing new begins.
     */
    public void stop() {
        stopping = true;
        liveSteps.forEach(StepExecution::setTerminateOnly);
    }

    @Override
    public void beforeJob(JobExecution jobExecution) {
        stopping = false;
        current = jobExecution;
        onStart.forEach(c -> c.accept(jobExecution));
    }

    @Override
    public void afterJob(JobExecution jobExecution) {
        current = null;
        liveSteps.clear();
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        liveSteps.add(stepExecution);
        if (stopping) {
            stepExecution.setTerminateOnly();
        }
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        liveSteps.remove(stepExecution);
        return stepExecution.getExitStatus();
    }
}

package org.trdoutcomes.job;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Knows the job execution this process is running, from the moment Spring Batch creates it: the launcher names it
 * in the run lock, and a shutdown (SIGTERM) stops it. {@code JobOperator.start} only returns when the run has
 * ended, so this listener is the one place that sees the execution while it runs.
 */
public class ActiveRun implements JobExecutionListener {

    private volatile JobExecution current;
    private final List<Consumer<JobExecution>> onStart = new CopyOnWriteArrayList<>();

    /** Called with each execution as it starts (in the job's thread). */
    public void onStart(Consumer<JobExecution> callback) {
        onStart.add(callback);
    }

    /** The execution now running in this process, or null. */
    public JobExecution current() {
        return current;
    }

    @Override
    public void beforeJob(JobExecution jobExecution) {
        current = jobExecution;
        onStart.forEach(c -> c.accept(jobExecution));
    }

    @Override
    public void afterJob(JobExecution jobExecution) {
        current = null;
    }
}

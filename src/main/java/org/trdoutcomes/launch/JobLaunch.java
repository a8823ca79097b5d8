package org.trdoutcomes.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.trdoutcomes.ingest.ExtractCheck;
import org.trdoutcomes.ingest.omop.InputFormat;
import org.trdoutcomes.ingest.ExtractFailure;
import org.trdoutcomes.job.ActiveRun;
import org.trdoutcomes.job.TrdOutcomesJobConfiguration;
import org.trdoutcomes.job.TrdProperties;
import org.trdoutcomes.rules.TreatmentCatalogue;

/**
 * Launches one run of the job and says in one line how it ended. A night's run is one job instance, identified
 * by its as-of date, its input path and a fingerprint of the input files (names, sizes, modification times):
 * the same command after a failure restarts that instance; a fixed extract is a new instance; a completed
 * instance is not run again unless {@code --rerun} asks for it.
 *
 * <p>Operations around the run: the {@link RunLock} is taken first (a second launch anywhere is refused with
 * {@link ExitCodes#RUN_IN_PROGRESS}); holding it, any execution still marked running was left by a process that
 * died, and is recovered ({@code JobOperator.recover}) so that the same command restarts it; on shutdown (SIGTERM)
 * the running execution is stopped at the next chunk boundary and the shutdown waits for it, leaving it
 * restartable.
 */
@Component
public class JobLaunch implements ApplicationListener<ContextClosedEvent>, Ordered {

    private static final Logger log = LoggerFactory.getLogger(JobLaunch.class);
    private static final Logger ops = LoggerFactory.getLogger("org.trdoutcomes");

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Job job;
    private final RunLock runLock;
    private final ActiveRun activeRun;
    private final TrdProperties properties;
    private final TreatmentCatalogue catalogue;
    /** Held for the whole of a launch in this process: a shutdown waits on it. */
    private final ReentrantLock launching = new ReentrantLock();
    private volatile RunLock.Lease lease;
    private volatile boolean shuttingDown;

    public JobLaunch(JobOperator jobOperator, JobRepository jobRepository, Job job, RunLock runLock,
                     ActiveRun activeRun, TrdProperties properties, TreatmentCatalogue catalogue) {
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.job = job;
        this.runLock = runLock;
        this.activeRun = activeRun;
        this.properties = properties;
        this.catalogue = catalogue;
        activeRun.onStart(execution -> {
            RunLock.Lease held = lease;
            if (held != null) {
                held.attach(execution.getId());
            }
        });
    }

    /** How a launch ended. {@code report} is null unless the job completed. */
    public record Outcome(int exitCode, String message, Path report, JobExecution execution) {
    }

    public Outcome run(LaunchOptions options) {
        if (shuttingDown) {
            return new Outcome(ExitCodes.FAILED, "Shutting down; the run as of " + options.asOf()
                    + " was not started.", null, null);
        }
        launching.lock();
        try {
            return runLocked(options);
        } finally {
            launching.unlock();
        }
    }

    private Outcome runLocked(LaunchOptions options) {
        JobParameters parameters;
        try {
            parameters = parameters(options);
            // A refusal we expect is said in one line, before a job execution exists: failing the check step would
            // have Spring Batch log the step failure with its stack trace. (A JobParametersValidator is not used:
            // TaskExecutorJobLauncher creates the job instance before it validates, and an instance left without
            // an execution makes the next launch of the same command fail with "Cannot find any job execution":
            // spring-projects/spring-batch#4763.)
            if (InputFormat.of(options.inputText(), properties.input().format()) == InputFormat.TRIALS) {
                ExtractCheck.check(options.input(), options.asOf(), catalogue::find);
            } // a CDM is checked table by table in the job's check step (docs/omop.md)
        } catch (ExtractFailure e) {
            return new Outcome(ExitCodes.EXTRACT_REFUSED, "Extract refused: " + e.getMessage(), null, null);
        }
        try (RunLock.Lease held = runLock.acquire()) {
            lease = held;
            try {
                recoverAbandonedExecutions(parameters);
                return start(options, parameters);
            } finally {
                lease = null;
            }
        } catch (RunLock.Held e) {
            return new Outcome(ExitCodes.RUN_IN_PROGRESS, e.getMessage(), null, null);
        }
    }

    /**
     * Holding the run lock, nothing else can be running: an execution still marked STARTED (or STOPPING) was left
     * by a process that was killed. Mark it failed (Spring Batch's {@code recover}) so that it can be restarted.
     */
    private void recoverAbandonedExecutions(JobParameters parameters) {
        List<JobExecution> running = jobRepository.findRunningJobExecutions(TrdOutcomesJobConfiguration.JOB_NAME)
                .stream().sorted(Comparator.comparing(JobExecution::getId)).toList();
        for (JobExecution orphan : running) {
            BatchStatus left = orphan.getStatus();
            jobOperator.recover(orphan);
            boolean ours = orphan.getJobParameters().getIdentifyingParameters()
                    .equals(parameters.getIdentifyingParameters());
            ops.warn("Recovered job execution {} (as of {}, started {}), left {} by a process that is no longer "
                            + "running; it is marked FAILED{}", orphan.getId(),
                    orphan.getJobParameters().getLocalDate("asOf"),
                    orphan.getStartTime() == null ? "-" : orphan.getStartTime().withNano(0), left,
                    ours ? " and this launch resumes it where it stopped" : "; launch its command again to resume it");
        }
    }

    /**
     * A run whose last commit failed (the database went away as a chunk was committed) ends UNKNOWN, which Spring
     * Batch refuses to restart: it cannot know whether the commit happened. Here either outcome is safe to resume:
     * every step commits its restart state in the same transaction as the rows it wrote to the database, and the
     * files it wrote are truncated to, or rewritten from, that committed state on restart (docs/architecture.md). So
     * the execution is marked FAILED and this launch resumes it. (Spring Batch refuses UNKNOWN even where a clean
     * rollback leaves the state consistent: spring-projects/spring-batch#1614, BATCH-1980.)
     */
    private void resumeUnknown(JobParameters parameters) {
        var instance = jobRepository.getJobInstance(TrdOutcomesJobConfiguration.JOB_NAME, parameters);
        JobExecution last = instance == null ? null : jobRepository.getLastJobExecution(instance);
        if (last == null || last.getStatus() != BatchStatus.UNKNOWN) {
            return;
        }
        for (var step : last.getStepExecutions()) {
            if (step.getStatus() == BatchStatus.UNKNOWN || step.getStatus().isRunning()) {
                step.setStatus(BatchStatus.FAILED);
                step.setEndTime(step.getEndTime() == null ? java.time.LocalDateTime.now() : step.getEndTime());
                jobRepository.update(step);
            }
        }
        last.setStatus(BatchStatus.FAILED);
        jobRepository.update(last);
        ops.warn("Job execution {} ended UNKNOWN (a commit failed); its steps keep their restart state with their data,"
                + " so it is marked FAILED and this launch resumes it", last.getId());
    }

    /**
     * A failed run of release 0.1 staged its rows in tables that this release no longer has (migration V3): resuming
     * it would skip its completed steps and classify nothing. Its message says how to run the night again instead.
     */
    private String leftByAnEarlierRelease(JobParameters parameters) {
        var instance = jobRepository.getJobInstance(TrdOutcomesJobConfiguration.JOB_NAME, parameters);
        JobExecution last = instance == null ? null : jobRepository.getLastJobExecution(instance);
        // release 0.1's job had no check step: ingest came first
        if (last == null || last.getStatus() == BatchStatus.COMPLETED
                || last.getStepExecutions().stream().anyMatch(s -> s.getStepName().equals(
                        TrdOutcomesJobConfiguration.CHECK))
                || last.getStepExecutions().stream().noneMatch(s -> s.getStepName().equals(
                        TrdOutcomesJobConfiguration.INGEST))) {
            return null;
        }
        return "The run as of " + parameters.getLocalDate("asOf") + " failed under an earlier release, which staged"
                + " its rows differently; this release cannot resume it. Add --rerun to run the night again.";
    }

    private Outcome start(LaunchOptions options, JobParameters parameters) {
        JobExecution execution;
        String earlier = leftByAnEarlierRelease(parameters);
        if (earlier != null) {
            return new Outcome(ExitCodes.FAILED, earlier, null, null);
        }
        try {
            resumeUnknown(parameters);
            log.info("Run as of {} on {} (output {})", options.asOf(), options.inputText(), options.output());
            execution = jobOperator.start(job, parameters);
        } catch (JobInstanceAlreadyCompleteException e) {
            return new Outcome(ExitCodes.ALREADY_COMPLETED, "The run as of " + options.asOf() + " on " + options.inputText()
                    + " already completed and published its report; add --rerun to run it again.", null, null);
        } catch (JobExecutionAlreadyRunningException e) {
            return new Outcome(ExitCodes.RUN_IN_PROGRESS, "The run as of " + options.asOf() + " on "
                    + options.inputText() + " is already running.", null, null);
        } catch (Exception e) {
            return new Outcome(ExitCodes.FAILED, "Could not start the run: " + e.getMessage(), null, null);
        }
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            String report = execution.getExecutionContext().getString(TrdOutcomesJobConfiguration.REPORT_PATH_KEY);
            return new Outcome(ExitCodes.COMPLETED, "Report written: " + report, Path.of(report), execution);
        }
        for (var step : execution.getStepExecutions()) {
            if (step.getExitStatus().getExitCode().equals(TrdOutcomesJobConfiguration.EXTRACT_REFUSED)) {
                return new Outcome(ExitCodes.EXTRACT_REFUSED, "Extract refused: "
                        + step.getExitStatus().getExitDescription(), null, execution);
            }
        }
        Throwable cause = rootFailure(execution);
        if (cause instanceof ExtractFailure) {
            return new Outcome(ExitCodes.EXTRACT_REFUSED, "Extract refused: " + cause.getMessage(), null, execution);
        }
        if (execution.getStatus() == BatchStatus.STOPPED) {
            return new Outcome(ExitCodes.FAILED, "Run stopped (job execution " + execution.getId()
                    + "). Launch the same command again to resume it.", null, execution);
        }
        return new Outcome(ExitCodes.FAILED, "Run failed (" + execution.getStatus() + "): "
                + (cause == null ? "see the log" : oneLine(cause)) + ". Launch the same command again to resume.",
                null, execution);
    }

    /**
     * Graceful stop (SIGTERM → Spring's shutdown hook → the context closes → this): ask the running execution to stop
     * at the next chunk boundary and wait until the launch has ended and released the lock. The execution ends
     * STOPPED, its committed chunks kept, and the same command resumes it.
     *
     * <p>On the context-closed event, not at bean destruction: the event comes before any executor or scheduler shuts
     * down. Spring's task executors shut down on that same event, interrupting their threads unless told to wait (the
     * partitions' executor is not), and the schedule's firing would otherwise keep the scheduler waiting for a run
     * nobody had asked to stop. {@link #getOrder()} puts this listener before theirs.
     */
    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        shuttingDown = true;
        JobExecution running = activeRun.current();
        if (running == null) {
            return;
        }
        ops.warn("Shutdown requested: stopping job execution {} at the next chunk boundary (the same command "
                + "resumes it)", running.getId());
        // Flag the live step executions, partitions included, terminate-only: each checks the flag at its next
        // chunk boundary, ends STOPPED and saves its own restart state in its own thread. (JobOperator.stop also
        // writes the step execution and its context from this thread, concurrently with the step's last chunk; in a
        // drill that left the ingest reader's saved position at zero, so the restart staged rows twice.)
        activeRun.stop();
        long waitMillis = properties.lock().shutdownWait().toMillis();
        try {
            if (launching.tryLock(waitMillis, TimeUnit.MILLISECONDS)) {
                launching.unlock();
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ops.error("Job execution {} did not stop within trd.lock.shutdown-wait={}; the next launch recovers it",
                running.getId(), properties.lock().shutdownWait());
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    JobParameters parameters(LaunchOptions options) {
        JobParametersBuilder builder = new JobParametersBuilder()
                .addLocalDate("asOf", options.asOf())
                .addString("input", options.inputText())
                // a database has no files to fingerprint: its run is identified by the URL and schema (and the as-of date)
                .addString("inputFingerprint", options.database() != null
                        ? "schema " + properties.omop().schema() : fingerprint(options.input()))
                .addString("output", options.output().toString(), false);
        if (options.rerun()) {
            builder.addLong("rerun", System.currentTimeMillis());
        }
        return builder.toJobParameters();
    }

    /** Names, sizes and modification times of the input files: changes when a data manager fixes the extract. */
    static String fingerprint(Path input) {
        if (!Files.exists(input)) {
            throw new ExtractFailure("The input " + input + " does not exist.");
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            List<Path> files;
            if (Files.isDirectory(input)) {
                try (Stream<Path> s = Files.list(input)) {
                    files = s.filter(Files::isRegularFile).sorted().toList();
                }
            } else {
                files = List.of(input);
            }
            for (Path f : files) {
                digest.update((f.getFileName() + "|" + Files.size(f) + "|" + Files.getLastModifiedTime(f).toMillis()
                        + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new ExtractFailure("Cannot read the input " + input + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The failure to report: an {@link ExtractFailure} anywhere among the failures (their causes and suppressed
     * exceptions included: a reader that failed to open also fails to close, and either may be listed first), else
     * the root cause of the first failure. Hand-written because Spring's NestedExceptionUtils walks causes only, not
     * suppressed exceptions, and gives the root cause, not the outermost one with a message of its own.
     */
    private static Throwable rootFailure(JobExecution execution) {
        List<Throwable> failures = execution.getAllFailureExceptions();
        if (failures.isEmpty()) {
            return null;
        }
        for (Throwable failure : failures) {
            ExtractFailure extract = findExtractFailure(failure, 0);
            if (extract != null) {
                return extract;
            }
        }
        // a partitioned step fails with "Partition handler returned an unsuccessful step": the partition's own
        // failure, listed with it, says what went wrong
        return firstOwnCause(failures.stream()
                .filter(f -> !String.valueOf(f.getMessage()).startsWith("Partition handler returned an unsuccessful"))
                .findFirst().orElse(failures.get(0)));
    }

    /**
     * The outermost exception of the chain that says something of its own: Spring's wrappers are passed over, so
     * "Cannot write the report to /reports: No space left on device" wins over the bare I/O error beneath it.
     */
    static Throwable firstOwnCause(Throwable failure) {
        Throwable deepest = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (!t.getClass().getName().startsWith("org.springframework.") && t.getMessage() != null) {
                return t;
            }
            deepest = t;
        }
        return deepest;
    }

    private static ExtractFailure findExtractFailure(Throwable t, int depth) {
        if (t == null || depth > 20) {
            return null;
        }
        if (t instanceof ExtractFailure extract) {
            return extract;
        }
        for (Throwable suppressed : t.getSuppressed()) {
            ExtractFailure found = findExtractFailure(suppressed, depth + 1);
            if (found != null) {
                return found;
            }
        }
        return t.getCause() == t ? null : findExtractFailure(t.getCause(), depth + 1);
    }

    private static String oneLine(Throwable t) {
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.replaceAll("\\s+", " ").strip();
    }
}

package org.trdoutcomes.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
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
import org.springframework.stereotype.Component;
import org.trdoutcomes.ingest.ExtractFailure;
import org.trdoutcomes.job.TrdOutcomesJobConfiguration;

/**
 * Launches one run of the job and says in one line how it ended. A night's run is one job instance, identified
 * by its as-of date, its input path and a fingerprint of the input files (names, sizes, modification times):
 * the same command after a failure restarts that instance; a fixed extract is a new instance; a completed
 * instance is not run again unless {@code --rerun} asks for it.
 */
@Component
public class JobLaunch {

    private static final Logger log = LoggerFactory.getLogger(JobLaunch.class);

    private final JobOperator jobOperator;
    private final Job job;

    public JobLaunch(JobOperator jobOperator, Job job) {
        this.jobOperator = jobOperator;
        this.job = job;
    }

    /** How a launch ended. {@code report} is null unless the job completed. */
    public record Outcome(int exitCode, String message, Path report, JobExecution execution) {
    }

    public Outcome run(LaunchOptions options) {
        JobParameters parameters;
        try {
            parameters = parameters(options);
        } catch (ExtractFailure e) {
            return new Outcome(ExitCodes.EXTRACT_REFUSED, e.getMessage(), null, null);
        }
        JobExecution execution;
        try {
            log.info("Run as of {} on {} (output {})", options.asOf(), options.input(), options.output());
            execution = jobOperator.start(job, parameters);
        } catch (JobInstanceAlreadyCompleteException e) {
            return new Outcome(ExitCodes.ALREADY_COMPLETED, "The run as of " + options.asOf() + " on " + options.input()
                    + " already completed and published its report; add --rerun to run it again.", null, null);
        } catch (JobExecutionAlreadyRunningException e) {
            return new Outcome(ExitCodes.FAILED, "The run as of " + options.asOf() + " on " + options.input()
                    + " is already running.", null, null);
        } catch (Exception e) {
            return new Outcome(ExitCodes.FAILED, "Could not start the run: " + e.getMessage(), null, null);
        }
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            String report = execution.getExecutionContext().getString(TrdOutcomesJobConfiguration.REPORT_PATH_KEY);
            return new Outcome(ExitCodes.COMPLETED, "Report written: " + report, Path.of(report), execution);
        }
        Throwable cause = rootFailure(execution);
        if (cause instanceof ExtractFailure) {
            return new Outcome(ExitCodes.EXTRACT_REFUSED, "Extract refused: " + cause.getMessage(), null, execution);
        }
        return new Outcome(ExitCodes.FAILED, "Run failed (" + execution.getStatus() + "): "
                + (cause == null ? "see the log" : oneLine(cause)) + ". Launch the same command again to resume.",
                null, execution);
    }

    JobParameters parameters(LaunchOptions options) {
        JobParametersBuilder builder = new JobParametersBuilder()
                .addLocalDate("asOf", options.asOf())
                .addString("input", options.input().toString())
                .addString("inputFingerprint", fingerprint(options.input()))
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

    /** The extract's own failure if any step failed on one, else the deepest cause of the first failure. */
    private static Throwable rootFailure(JobExecution execution) {
        List<Throwable> failures = execution.getAllFailureExceptions();
        for (Throwable failure : failures) {
            for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof ExtractFailure) {
                    return t;
                }
            }
        }
        if (failures.isEmpty()) {
            return null;
        }
        Throwable t = failures.get(0);
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String oneLine(Throwable t) {
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.replaceAll("\\s+", " ").strip();
    }
}

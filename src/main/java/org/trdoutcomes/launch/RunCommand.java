package org.trdoutcomes.launch;

import java.time.LocalDate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The command line: parse the options, launch one run, log one closing line, set the exit code. With
 * {@code --schedule} it does nothing: {@link NightlySchedule} (the {@code schedule} profile) read the options when it
 * was made and fires until the process is stopped.
 * Tests switch it off ({@code trd.launch.enabled=false}) and drive {@link JobLaunch} directly.
 */
@Component
@ConditionalOnProperty(name = "trd.launch.enabled", havingValue = "true", matchIfMissing = true)
public class RunCommand implements ApplicationRunner, ExitCodeGenerator {

    private static final Logger log = LoggerFactory.getLogger("org.trdoutcomes");

    private final JobLaunch launch;
    private int exitCode = ExitCodes.FAILED;

    public RunCommand(JobLaunch launch) {
        this.launch = launch;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (args.containsOption("schedule")) {
            exitCode = ExitCodes.COMPLETED;
            return;
        }
        LaunchOptions options;
        try {
            options = LaunchOptions.from(args, LocalDate.now());
        } catch (LaunchOptions.BadOption e) {
            log.error(e.getMessage());
            exitCode = ExitCodes.USAGE;
            return;
        }
        JobLaunch.Outcome outcome = launch.run(options);
        exitCode = outcome.exitCode();
        if (exitCode == ExitCodes.COMPLETED) {
            log.info(outcome.message());
        } else {
            log.error(outcome.message());
        }
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}

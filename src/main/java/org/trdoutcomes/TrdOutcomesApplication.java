package org.trdoutcomes;

import java.sql.SQLException;
import java.util.Arrays;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;
import org.trdoutcomes.launch.ExitCodes;
import org.trdoutcomes.launch.StartupRefusal;
import org.trdoutcomes.launch.Usage;

/**
 * Entry point. {@code java -jar trd-outcomes.jar [--input=..] [--output=..] [--as-of=..]} runs the job once;
 * {@code --help} prints usage; {@code generate ...} writes a synthetic extract; {@code worker} runs partitions sent by a
 * launch with {@code --trd.partition.mode=remote} until stopped. The exit code tells a scheduler
 * what happened (see {@link org.trdoutcomes.launch.ExitCodes}).
 */
@SpringBootApplication
public class TrdOutcomesApplication {

    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.println(Usage.TEXT);
            return;
        }
        if (args.length > 0 && args[0].equals("generate")) {
            System.exit(org.trdoutcomes.launch.GenerateCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        SpringApplication application = new SpringApplication(TrdOutcomesApplication.class);
        boolean worker = args.length > 0 && args[0].equals("worker");
        if (worker) {
            // a long-running worker: takes partitions from the queue, launches no job, serves /actuator
            args = Arrays.copyOfRange(args, 1, args.length);
            application.setAdditionalProfiles("actuator", "worker");
        } else if (Arrays.asList(args).contains("--schedule")) {
            application.setAdditionalProfiles("actuator");
        }
        ConfigurableApplicationContext context;
        try {
            context = application.run(args);
        } catch (RuntimeException e) {
            String badSetting = StartupRefusal.badSetting(e);
            if (badSetting != null) {
                LoggerFactory.getLogger("org.trdoutcomes").error(badSetting);
                System.exit(ExitCodes.USAGE);
            }
            String inUse = StartupRefusal.databaseInUse(e);
            if (inUse != null) {
                LoggerFactory.getLogger("org.trdoutcomes").error(inUse);
                System.exit(ExitCodes.RUN_IN_PROGRESS);
            }
            // Boot has logged the stack trace; the scheduler's mail gets one line that says why
            // the database driver's own words when the database is at fault, else the deepest cause
            Throwable root = StartupRefusal.causeOfType(e, SQLException.class);
            if (root == null) {
                root = NestedExceptionUtils.getMostSpecificCause(e);
            }
            LoggerFactory.getLogger("org.trdoutcomes").error("Cannot start: {}",
                    String.valueOf(root.getMessage()).replaceAll("\\s+", " ").strip());
            System.exit(ExitCodes.FAILED);
            return;
        }
        if (worker) {
            // runs until SIGTERM / Ctrl-C: the shutdown hook stops the partition in hand and closes the context
            return;
        }
        System.exit(SpringApplication.exit(context));
    }
}

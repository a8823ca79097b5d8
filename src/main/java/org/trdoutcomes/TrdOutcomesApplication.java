package org.trdoutcomes;

import java.sql.SQLException;
import java.util.Arrays;
import org.slf4j.LoggerFactory;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;
import org.trdoutcomes.launch.ExitCodes;
import org.trdoutcomes.launch.LaunchOptions;
import org.trdoutcomes.launch.NightlySchedule;
import org.trdoutcomes.launch.PlainRunWarmUp;
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
        boolean worker = args.length > 0 && args[0].equals("worker");
        boolean schedule = !worker && Arrays.asList(args).contains("--schedule");
        if (!worker && !schedule) {
            // a run writes its workbook within seconds of the start: load what it uses on the idle core meanwhile
            // (before the SpringApplication is made: it reads whether Boot's own pre-initialisers are off)
            PlainRunWarmUp.start();
        }
        SpringApplication application = new SpringApplication(TrdOutcomesApplication.class);
        if (worker) {
            // a long-running worker: takes partitions from the queue, launches no job, serves /actuator
            args = Arrays.copyOfRange(args, 1, args.length);
            application.setAdditionalProfiles("actuator", "worker");
        } else if (schedule) {
            try {
                NightlySchedule.template(new DefaultApplicationArguments(args));
            } catch (LaunchOptions.BadOption e) {
                // before Spring starts: one line, no stack trace, no start-up cost
                System.err.println(e.getMessage());
                System.exit(ExitCodes.USAGE);
            }
            // a long-running scheduler: fires the night's run on trd.schedule.cron, serves /actuator
            application.setAdditionalProfiles("actuator", "schedule");
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
        if (worker || schedule) {
            // runs until SIGTERM / Ctrl-C (spring.main.keep-alive keeps the JVM up): the shutdown hook closes the
            // context, which stops the partition or run in hand at a chunk boundary; the JVM's exit code is then 143
            return;
        }
        System.exit(SpringApplication.exit(context));
    }
}

package org.trdoutcomes;

import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.trdoutcomes.launch.Usage;

/**
 * Entry point. {@code java -jar trd-outcomes.jar [--input=..] [--output=..] [--as-of=..]} runs the job once;
 * {@code --help} prints usage; {@code generate ...} writes a synthetic extract. The exit code tells a scheduler
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
        System.exit(SpringApplication.exit(SpringApplication.run(TrdOutcomesApplication.class, args)));
    }
}

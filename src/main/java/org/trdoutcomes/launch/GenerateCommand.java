package org.trdoutcomes.launch;

import org.trdoutcomes.generate.SampleExtractGenerator;

/**
 * {@code java -jar trd-outcomes.jar generate --output=DIR --patients=N --seed=S --as-of=yyyy-MM-dd --sites=K}:
 * writes a seeded synthetic extract (no real patient). Runs without starting Spring or touching a database.
 */
public final class GenerateCommand {
    private GenerateCommand() {
    }

    public static int run(String[] args) {
        try {
            // exits with 2 itself, after printing its usage, on a bad option
            SampleExtractGenerator.main(args);
            return ExitCodes.COMPLETED;
        } catch (RuntimeException e) {
            System.err.println("generate failed: " + e.getMessage());
            return ExitCodes.FAILED;
        }
    }
}

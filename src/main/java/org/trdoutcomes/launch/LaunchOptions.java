package org.trdoutcomes.launch;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import org.springframework.boot.ApplicationArguments;

/**
 * The launch options of one run. {@code --input}, {@code --output}, {@code --as-of}, {@code --rerun} and
 * {@code --schedule} (read by {@link RunCommand}) are ours;
 * every other {@code --key=value} is a Spring Boot property and is left to Boot.
 *
 * @param input    the input folder or file; null when the input is a database
 * @param database a {@code jdbc:postgresql://…} URL of an OMOP CDM (omop.md §1), or null for files
 */
public record LaunchOptions(Path input, Path output, LocalDate asOf, boolean rerun, String database) {

    /** A run on files. */
    public LaunchOptions(Path input, Path output, LocalDate asOf, boolean rerun) {
        this(input, output, asOf, rerun, null);
    }

    /** The input as the job records it: the absolute path, or the database URL. */
    public String inputText() {
        return database != null ? database : input.toString();
    }

    /** Option names that are ours; anything else must look like a configuration key. */
    private static final Set<String> OWN = Set.of("input", "output", "as-of", "rerun", "schedule", "help");

    /** A bad command line: exit code {@link ExitCodes#USAGE}. */
    public static class BadOption extends RuntimeException {
        public BadOption(String message) {
            super(message);
        }
    }

    public static LaunchOptions from(ApplicationArguments args, LocalDate today) {
        for (String name : args.getOptionNames()) {
            if (!OWN.contains(name) && !name.contains(".")) {
                throw new BadOption("Unknown option --" + name + " (see --help)");
            }
        }
        if (!args.getNonOptionArgs().isEmpty()) {
            throw new BadOption("Unexpected argument '" + args.getNonOptionArgs().get(0) + "' (see --help)");
        }
        String inputText = single(args, "input", "sample-data");
        String database = null;
        if (inputText.regionMatches(true, 0, "jdbc:", 0, 5)) {
            if (inputText.toLowerCase(java.util.Locale.ROOT).contains("password=")) {
                // the input is a job parameter, stored in the job repository: no secret may travel in it
                throw new BadOption("--input must not carry a password (it is recorded with the run); set"
                        + " trd.omop.password or the environment variable TRD_OMOP_PASSWORD instead");
            }
            database = inputText;
        }
        Path input = database != null ? null : Path.of(inputText);
        Path output = Path.of(single(args, "output", "reports"));
        String asOfText = single(args, "as-of", null);
        LocalDate asOf;
        try {
            asOf = asOfText == null ? today : LocalDate.parse(asOfText);
        } catch (DateTimeParseException e) {
            throw new BadOption("--as-of must be a date yyyy-MM-dd, not '" + asOfText + "'");
        }
        return new LaunchOptions(input == null ? null : input.toAbsolutePath().normalize(),
                output.toAbsolutePath().normalize(), asOf, args.containsOption("rerun"), database);
    }

    private static String single(ApplicationArguments args, String name, String fallback) {
        List<String> values = args.getOptionValues(name);
        if (values == null || values.isEmpty()) {
            return fallback;
        }
        if (values.size() > 1 || values.get(0) == null || values.get(0).isBlank()) {
            throw new BadOption("--" + name + " takes exactly one value");
        }
        return values.get(0);
    }
}

package org.trdoutcomes.ingest.omop;

import java.nio.file.Path;
import java.util.Locale;
import org.trdoutcomes.ingest.ExtractFailure;

/**
 * The two readings of an input (omop.md §1): a trials extract (input.md) or an OMOP CDM. Detection is automatic —
 * a {@code jdbc:} URL or a folder holding a {@code drug_exposure} table file is a CDM, anything else a trials
 * extract — and {@code trd.input.format} ({@code auto}, {@code trials}, {@code omop}) forces it.
 */
public enum InputFormat {
    TRIALS("Trials extract"), OMOP("OMOP CDM");

    private final String label;

    InputFormat(String label) {
        this.label = label;
    }

    /** As the Summary names it. */
    public String label() {
        return label;
    }

    public static boolean isDatabaseUrl(String input) {
        return input != null && input.regionMatches(true, 0, "jdbc:", 0, 5);
    }

    /**
     * @param input  the {@code --input} value: a folder, a file or a {@code jdbc:postgresql://} URL
     * @param forced {@code trd.input.format}: auto (or empty), trials or omop
     * @throws ExtractFailure when the setting is not one of these, or a database URL is forced to be a trials extract
     */
    public static InputFormat of(String input, String forced) {
        String f = forced == null ? "auto" : forced.strip().toLowerCase(Locale.ROOT);
        boolean database = isDatabaseUrl(input);
        switch (f) {
            case "", "auto" -> {
                return database || (input != null && CdmFolder.isCdmFolder(Path.of(input))) ? OMOP : TRIALS;
            }
            case "omop" -> {
                return OMOP;
            }
            case "trials" -> {
                if (database) {
                    throw new ExtractFailure("trd.input.format=trials, but the input is a database URL: a trials"
                            + " extract is a folder or file of CSV; read a database as an OMOP CDM (trd.input.format=omop or auto).");
                }
                return TRIALS;
            }
            default -> throw new ExtractFailure("trd.input.format '" + forced + "' is unknown; expected auto, trials or omop.");
        }
    }
}

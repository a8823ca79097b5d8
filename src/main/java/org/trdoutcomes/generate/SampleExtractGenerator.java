package org.trdoutcomes.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.trdoutcomes.generate.GenerationSummary.WrittenFile;

/**
 * Writes synthetic, anonymized extracts in the format of docs/data-contract.md: one {@code trials-site-<code>.csv} per site
 * and one {@code patients.csv}. No real patient is behind any row: every value is drawn from a seeded random
 * stream, so a seed and options always give byte-identical files.
 *
 * <p>Rows are streamed to disk as they are drawn (one patient in memory at a time), so millions of patients
 * take seconds and little heap.
 *
 * <p>What the files show on purpose, so that a newcomer sees every path of the pipeline:
 * <ul>
 *   <li>a STAR*D-like treatment path per episode, all 19 strategy categories of docs/clinical-rules.md §2, all five scales
 *       and some of their accepted spellings, brand names and synonyms;</li>
 *   <li>adequacy failures of every kind (low, unknown and mcg doses, short, ongoing and low-adherence trials,
 *       stops for side effects or non-adherence);</li>
 *   <li>bipolar patients and the diagnosis-review conditions of docs/clinical-rules.md §5;</li>
 *   <li>about {@link GeneratorOptions#brokenRowsPerThousand()} broken rows per thousand, one fault each
 *       ({@link BrokenRowKind});</li>
 *   <li>a header spelled {@code Patient ID,Episode,Start Date,…} in the second site's file and an unknown
 *       {@code comment} column (with quoted commas) in the third's.</li>
 * </ul>
 */
public final class SampleExtractGenerator {

    static final String PATIENTS_FILE = "patients.csv";
    /** Sub-folder of the output that {@code --omop} writes the same patients into, as an OMOP CDM. */
    public static final String OMOP_FOLDER = "omop";
    private static final String[] SITE_CODES = {"NORTH", "SOUTH", "EAST", "WEST", "CENTRAL"};
    /** The site whose file spells its header the spreadsheet way. */
    static final int DISPLAY_HEADER_SITE = 1;
    /** The site whose file carries an extra column the contract does not know. */
    static final int COMMENT_COLUMN_SITE = 2;
    private static final String[] COMMENTS = {
        "titrated slowly, well tolerated", "see letter from GP", "dose per \"clinic notes\" tab", "shared care", "nausea, week 2"
    };

    private final Path folder;
    private final GeneratorOptions options;

    private SampleExtractGenerator(Path folder, GeneratorOptions options) {
        this.folder = folder;
        this.options = options;
    }

    /**
     * Writes the sample extract into {@code folder} (created when missing; files of the same names are replaced,
     * others are left alone).
     *
     * @throws UncheckedIOException when a file cannot be written
     */
    public static GenerationSummary generate(Path folder, GeneratorOptions options) {
        try {
            Files.createDirectories(folder);
            return new SampleExtractGenerator(folder, options).run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sample extract into " + folder + ": " + e.getMessage(), e);
        }
    }

    /** The code of site {@code index}: NORTH, SOUTH, EAST, WEST, CENTRAL, then SITE06, SITE07, … */
    static String siteCode(int index) {
        return index < SITE_CODES.length ? SITE_CODES[index] : String.format(Locale.ROOT, "SITE%02d", index + 1);
    }

    private GenerationSummary run() throws IOException {
        SplittableRandom root = new SplittableRandom(options.seed());
        // Separate streams: the broken-row rate and the comments do not change the clinical data of a seed.
        SplittableRandom clinical = root.split();
        SplittableRandom faults = root.split();
        SplittableRandom extras = root.split();
        double brokenChance = options.brokenRowsPerThousand() / 1000.0;

        int[] siteWeights = new int[options.sites()];
        for (int i = 0; i < siteWeights.length; i++) {
            siteWeights[i] = siteWeights.length - i + 2; // sites differ in size: 5:4:3 for three
        }
        TreatmentPathSimulator simulator = new TreatmentPathSimulator(clinical, options.asOf());
        List<WrittenFile> written = new ArrayList<>();
        Map<BrokenRowKind, Long> brokenByKind = new EnumMap<>(BrokenRowKind.class);
        for (BrokenRowKind kind : BrokenRowKind.values()) {
            brokenByKind.put(kind, 0L);
        }
        int nextTrialFault = 0;

        List<SiteTrials> sites = new ArrayList<>();
        for (int i = 0; i < options.sites(); i++) {
            sites.add(new SiteTrials(i));
        }
        try (CsvFileWriter patients = new CsvFileWriter(folder.resolve(PATIENTS_FILE), patientHeader())) {
            for (int n = 1; n <= options.patients(); n++) {
                SyntheticPatient patient = SyntheticPatient.draw(n, clinical, siteWeights);
                TreatmentPathSimulator.Path path = patient.hasTrials()
                        ? simulator.simulate(patient)
                        : new TreatmentPathSimulator.Path(List.of(), options.asOf().toEpochDay() - clinical.nextInt(365));
                boolean episodeStartKnown = clinical.nextInt(100) >= 12;

                if (patient.hasPatientRow()) {
                    String[] row = patientRow(patient, path, episodeStartKnown);
                    patients.writeRow(row);
                    if (faults.nextDouble() < brokenChance && patients.hasRoomForBrokenRow()) {
                        patients.writeBrokenRow(BrokenRows.duplicatePatientRow(row, faults));
                        brokenByKind.merge(BrokenRowKind.DUPLICATE_PATIENT_ROW, 1L, Long::sum);
                    }
                }
                SiteTrials site = sites.get(patient.siteIndex());
                for (String[] trial : path.rows()) {
                    if (site.index == COMMENT_COLUMN_SITE && extras.nextInt(100) < 3) {
                        trial[TrialColumn.values().length] = COMMENTS[extras.nextInt(COMMENTS.length)];
                    }
                    CsvFileWriter file = site.fileForNextRow();
                    file.writeRow(trial);
                    if (faults.nextDouble() < brokenChance && file.hasRoomForBrokenRow()) {
                        BrokenRowKind kind = BrokenRowKind.TRIAL_KINDS[nextTrialFault];
                        nextTrialFault = (nextTrialFault + 1) % BrokenRowKind.TRIAL_KINDS.length;
                        file.writeBrokenRow(BrokenRows.trialRow(kind, trial, faults));
                        brokenByKind.merge(kind, 1L, Long::sum);
                    }
                }
            }
            written.add(patients.finish());
        } finally {
            for (SiteTrials site : sites) {
                site.closeInto(written);
            }
        }

        written.sort(Comparator.comparing(f -> f.path().getFileName().toString()));
        long trialRows = 0;
        long patientRows = 0;
        long broken = 0;
        for (WrittenFile file : written) {
            broken += file.brokenRows();
            if (file.path().getFileName().toString().equals(PATIENTS_FILE)) {
                patientRows += file.dataRows();
            } else {
                trialRows += file.dataRows();
            }
        }
        return new GenerationSummary(written, options.patients(), trialRows, patientRows, broken, brokenByKind);
    }

    private String[] patientRow(SyntheticPatient p, TreatmentPathSimulator.Path path, boolean episodeStartKnown) {
        SyntheticPatient.BooleanStyle b = p.booleanStyle();
        return new String[] {
            p.patientId(),
            siteCode(p.siteIndex()),
            p.sex(),
            p.ageBand(),
            p.diagnosis(),
            episodeStartKnown ? LocalDate.ofEpochDay(path.currentEpisodeStartDay()).toString() : "",
            b.write(p.psychoticFeatures()),
            b.write(p.bipolar()),
            b.write(p.hypothyroidism()),
            b.write(p.substanceUse()),
            b.write(p.trauma()),
            b.write(p.adhd()),
        };
    }

    private static String[] patientHeader() {
        PatientColumn[] columns = PatientColumn.values();
        String[] header = new String[columns.length];
        for (int i = 0; i < columns.length; i++) {
            header[i] = columns[i].contractName();
        }
        return header;
    }

    /** The trials file(s) of one site; with a per-file limit they roll over to {@code -002}, {@code -003}, … */
    private final class SiteTrials {
        final int index;
        private CsvFileWriter current;
        private int part;
        private final List<WrittenFile> closed = new ArrayList<>();

        SiteTrials(int index) {
            this.index = index;
        }

        CsvFileWriter fileForNextRow() throws IOException {
            int limit = options.trialsPerFileLimit();
            if (current != null && limit > 0 && current.dataRows() >= limit) {
                closed.add(current.finish());
                current = null;
            }
            if (current == null) {
                part++;
                current = new CsvFileWriter(folder.resolve(fileName()), header());
            }
            return current;
        }

        private String fileName() {
            String base = "trials-site-" + siteCode(index).toLowerCase(Locale.ROOT);
            return options.trialsPerFileLimit() > 0
                    ? base + String.format(Locale.ROOT, "-%03d.csv", part)
                    : base + ".csv";
        }

        private String[] header() {
            TrialColumn[] columns = TrialColumn.values();
            boolean comment = index == COMMENT_COLUMN_SITE;
            String[] header = new String[columns.length + (comment ? 1 : 0)];
            for (int i = 0; i < columns.length; i++) {
                header[i] = index == DISPLAY_HEADER_SITE ? columns[i].displayName : columns[i].contractName();
            }
            if (comment) {
                header[columns.length] = "comment";
            }
            return header;
        }

        void closeInto(List<WrittenFile> written) throws IOException {
            if (current == null && part == 0) {
                current = new CsvFileWriter(folder.resolve(fileName()), header()); // a site without patients: header only
                part = 1;
            }
            if (current != null) {
                closed.add(current.finish());
                current = null;
            }
            written.addAll(closed);
        }
    }

    /**
     * {@code --output=DIR --patients=N --seed=S --as-of=yyyy-MM-dd [--sites=K] [--broken-per-thousand=R]
     * [--trials-per-file=L] [--omop]}; prints what it wrote and how fast. {@code --omop} also writes the same
     * patients as an OMOP CDM into {@code DIR/omop} ({@link SampleCdmWriter}).
     */
    public static void main(String[] args) {
        Path output = null;
        Integer patients = null;
        Long seed = null;
        LocalDate asOf = null;
        int sites = GeneratorOptions.DEFAULT_SITES;
        double broken = GeneratorOptions.DEFAULT_BROKEN_ROWS_PER_THOUSAND;
        int perFile = 0;
        boolean omop = false;
        try {
            for (String arg : args) {
                if (arg.equals("--omop")) {
                    omop = true; // also write the same patients as an OMOP CDM into <output>/omop
                    continue;
                }
                int eq = arg.indexOf('=');
                if (!arg.startsWith("--") || eq < 0) {
                    throw new IllegalArgumentException("expected --name=value, got '" + arg + "'");
                }
                String name = arg.substring(2, eq);
                String value = arg.substring(eq + 1);
                switch (name) {
                    case "output" -> output = Path.of(value);
                    case "patients" -> patients = Integer.parseInt(value);
                    case "seed" -> seed = Long.parseLong(value);
                    case "as-of" -> asOf = LocalDate.parse(value);
                    case "sites" -> sites = Integer.parseInt(value);
                    case "broken-per-thousand" -> broken = Double.parseDouble(value);
                    case "trials-per-file" -> perFile = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown option --" + name);
                }
            }
            if (output == null || patients == null || seed == null || asOf == null) {
                throw new IllegalArgumentException("--output, --patients, --seed and --as-of are required");
            }
            GeneratorOptions options = new GeneratorOptions(patients, seed, asOf, sites, broken, perFile);
            long t0 = System.nanoTime();
            GenerationSummary summary = generate(output, options);
            double seconds = (System.nanoTime() - t0) / 1e9;
            print(summary, seconds);
            if (omop) {
                for (WrittenFile file : SampleCdmWriter.write(output, output.resolve(OMOP_FOLDER), asOf)) {
                    System.out.printf(Locale.ROOT, "%-32s %,10d rows %,18d bytes%n",
                            OMOP_FOLDER + "/" + file.path().getFileName(), file.dataRows(), file.bytes());
                }
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            System.err.println("generate: " + e.getMessage());
            System.err.println("usage: SampleExtractGenerator --output=DIR --patients=N --seed=S --as-of=yyyy-MM-dd"
                    + " [--sites=K] [--broken-per-thousand=R] [--trials-per-file=L] [--omop]");
            System.exit(2);
        }
    }

    private static void print(GenerationSummary summary, double seconds) {
        for (WrittenFile file : summary.files()) {
            System.out.printf(Locale.ROOT, "%-32s %,10d rows %,6d broken %,12d bytes%n",
                    file.path().getFileName(), file.dataRows(), file.brokenRows(), file.bytes());
        }
        long rows = summary.trialRows() + summary.patientRows();
        System.out.printf(Locale.ROOT, "%,d patients, %,d trial rows, %,d patient rows, %,d broken on purpose %s%n",
                summary.patients(), summary.trialRows(), summary.patientRows(), summary.brokenRows(),
                summary.brokenRowsByKind());
        System.out.printf(Locale.ROOT, "%.2f s, %,.0f rows/s%n", seconds, rows / Math.max(seconds, 1e-9));
    }
}

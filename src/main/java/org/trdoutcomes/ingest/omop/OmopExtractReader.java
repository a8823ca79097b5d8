package org.trdoutcomes.ingest.omop;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.trdoutcomes.ingest.CellFormats;
import org.trdoutcomes.ingest.ExtractRow;
import org.trdoutcomes.ingest.ExtractRow.AcceptedPatient;
import org.trdoutcomes.ingest.ExtractRow.AcceptedTrial;
import org.trdoutcomes.ingest.ExtractRow.RejectedRow;
import org.trdoutcomes.ingest.ExtractRow.WarningRow;
import org.trdoutcomes.ingest.ExtractWarning;
import org.trdoutcomes.ingest.Rejection;
import org.trdoutcomes.ingest.RejectionReason;
import org.trdoutcomes.ingest.WarningCode;
import org.trdoutcomes.ingest.omop.CourseDerivation.Course;
import org.trdoutcomes.ingest.omop.CourseDerivation.Exposure;
import org.trdoutcomes.ingest.omop.CourseDerivation.ScoreValue;
import org.trdoutcomes.rules.Dose;
import org.trdoutcomes.rules.DoseUnit;
import org.trdoutcomes.rules.PatientAttributes;
import org.trdoutcomes.rules.Scale;
import org.trdoutcomes.rules.Strategy;
import org.trdoutcomes.rules.Treatment;
import org.trdoutcomes.rules.TreatmentCatalogue;
import org.trdoutcomes.rules.Trial;

/**
 * Reads an OMOP CDM (omop.md) and hands out the same rows the trials reader does: {@link AcceptedPatient} and
 * {@link AcceptedTrial} records derived from the CDM, {@link RejectedRow}s of CDM rows that break the contract,
 * and {@link WarningRow}s. Nothing after the ingest needs to know which reader ran.
 *
 * <p>The stream is deterministic: first the source's warnings (ignored files), then every rejected row in table
 * order and row order, then patient by patient in patient-id order (the decimal text, compared as text) the
 * patient, a PATIENT_NOT_IN_PATIENTS_FILES warning where the person table lacks them, and their trials in file
 * order (start, then treatment name; {@link Trial#sequence()} numbers them from 1); last the UNMAPPED_DRUG
 * warnings by concept id.
 *
 * <p>Memory stays bounded whatever the size of the CDM: rows are parsed one at a time and spilled into
 * {@link OmopSettings#buckets()} files by a hash of their person id; the vocabulary tables are read afterwards,
 * filtered to the drug concepts the CDM used; then each bucket is derived on its own (one bucket's patients in
 * memory), its patients written in patient-id order, and the buckets merged. Set-up happens on the first
 * {@link #next()}; {@link #accounts()} is complete once it has returned null.
 */
public final class OmopExtractReader implements AutoCloseable {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(OmopExtractReader.class);

    /** Source values are cut to this length before they are spilled: they serve name matching only. */
    private static final int MAX_SPILLED_TEXT = 1000;
    private static final byte PERSON = 'P';
    private static final byte DRUG = 'D';
    private static final byte PROCEDURE = 'R';
    private static final byte CONDITION = 'C';
    private static final byte SCORE = 'S';
    private static final long NO_DATE = Long.MIN_VALUE;
    /** CDM gender concepts (omop.md §2). */
    private static final long FEMALE = 8532;
    private static final long MALE = 8507;
    /** drug_strength amount units: milligram and microgram (UCUM concepts). */
    private static final long MILLIGRAM = 8576;
    private static final long MICROGRAM = 9655;

    private final CdmSource source;
    private final OmopSettings settings;
    private final LocalDate asOf;
    private final Map<Long, Scale> scaleOfConcept = new HashMap<>();
    private final Map<String, Treatment> byCanonicalName = new HashMap<>();
    private final OmopConcepts known;
    private final TreatmentCatalogue catalogue;
    private final TreatmentNames names;

    private Path work;
    private final List<CdmTableAccount> accounts = new ArrayList<>();
    private final String[] sourceOfTable = new String[CdmTable.values().length];
    private boolean personTablePresent;
    private final LongHashSet persons = new LongHashSet();
    private final LongHashSet drugConcepts = new LongHashSet();
    private OmopVocabulary vocabulary;
    private final TreeMap<Long, Unmapped> unmapped = new TreeMap<>();

    // streaming state
    private boolean prepared;
    private boolean finished;
    private final Deque<ExtractRow> pending = new ArrayDeque<>();
    private DataInputStream issuesIn;
    private PriorityQueue<BucketHead> merge;
    private final List<DataInputStream> openDerived = new ArrayList<>();
    private long sequence;

    // per-row parsing state
    private final List<Rejection> problems = new ArrayList<>();
    private String currentSource;
    private CdmTable currentTable;
    private long currentLine;

    private static final class Unmapped {
        long rows;
        long firstLine = Long.MAX_VALUE;
        String sourceValue;
    }

    public OmopExtractReader(CdmSource source, OmopSettings settings, TreatmentCatalogue catalogue) {
        this.source = source;
        this.settings = settings;
        this.asOf = settings.asOf();
        this.catalogue = catalogue;
        this.known = OmopConcepts.load(catalogue);
        this.names = new TreatmentNames(catalogue);
        settings.scales().forEach((scale, ids) -> ids.forEach(id -> scaleOfConcept.put(id, scale)));
        for (Treatment t : catalogue.treatments()) {
            byCanonicalName.put(t.canonicalName(), t);
        }
    }

    /** The next row, or null at the end. */
    public ExtractRow next() {
        if (!prepared) {
            prepare();
        }
        while (pending.isEmpty() && !finished) {
            refill();
        }
        return pending.poll();
    }

    /** Per-table accounting in reading order; complete once {@link #next()} has returned null. */
    public List<CdmTableAccount> accounts() {
        return List.copyOf(accounts);
    }

    public String describeSource() {
        return source.describe();
    }

    // ------------------------------------------------------------------ phase 1: read and spill

    private void prepare() {
        prepared = true;
        long started = System.nanoTime();
        try {
            Files.createDirectories(settings.workFolder());
            work = Files.createTempDirectory(settings.workFolder(), "omop-");
            DataOutputStream[] buckets = new DataOutputStream[settings.buckets()];
            for (int b = 0; b < buckets.length; b++) {
                buckets[b] = out(work.resolve("rows-" + b));
            }
            try (DataOutputStream issues = out(work.resolve("issues"))) {
                for (CdmTable table : CdmTable.values()) {
                    if (!table.isVocabulary()) {
                        readTable(table, buckets, issues);
                    } else if (table == CdmTable.CONCEPT) {
                        vocabulary = new OmopVocabulary(catalogue, known, names, drugConcepts);
                        readTable(table, buckets, issues);
                    } else {
                        readTable(table, buckets, issues);
                    }
                }
            }
            for (DataOutputStream b : buckets) {
                b.close();
            }
            long read = System.nanoTime();
            deriveAll(buckets.length);
            log.info("OMOP CDM read in {} s, derived in {} s ({} buckets)", String.format("%.1f", (read - started) / 1e9),
                    String.format("%.1f", (System.nanoTime() - read) / 1e9), buckets.length);
            for (ExtractWarning w : source.warnings()) {
                pending.add(new WarningRow(w));
            }
            issuesIn = in(work.resolve("issues"));
            merge = new PriorityQueue<>(Comparator.comparing(BucketHead::patientId));
            for (int b = 0; b < settings.buckets(); b++) {
                DataInputStream d = in(work.resolve("derived-" + b));
                openDerived.add(d);
                BucketHead head = BucketHead.read(d);
                if (head != null) {
                    merge.add(head);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("OMOP work folder " + work + ": " + e.getMessage(), e);
        } finally {
            source.close();
        }
    }

    private void readTable(CdmTable table, DataOutputStream[] buckets, DataOutputStream issues) throws IOException {
        try (CdmTableReader reader = source.open(table)) {
            if (reader == null) {
                return;
            }
            if (table == CdmTable.PERSON) {
                personTablePresent = true;
            } else if (table == CdmTable.CONCEPT_ANCESTOR) {
                vocabulary.ancestorTablePresent();
            }
            currentTable = table;
            currentSource = reader.source();
            sourceOfTable[table.ordinal()] = currentSource;
            long read = 0;
            long rejected = 0;
            for (CdmRecord r = reader.next(); r != null; r = reader.next()) {
                read++;
                problems.clear();
                currentLine = r.line();
                if (r.malformed() != null) {
                    problems.add(new Rejection(currentSource, currentLine, null, null, RejectionReason.MALFORMED_RECORD, r.malformed()));
                } else {
                    row(table, r, buckets);
                }
                if (!problems.isEmpty()) {
                    rejected++;
                    writeRejected(issues, table.ordinal(), currentLine, problems);
                }
            }
            accounts.add(new CdmTableAccount(table.ordinal(), table, currentSource, read, read - rejected, rejected, reader.sha256()));
        }
    }

    private void row(CdmTable table, CdmRecord r, DataOutputStream[] buckets) throws IOException {
        switch (table) {
            case PERSON -> person(r, buckets);
            case DRUG_EXPOSURE -> drug(r, buckets);
            case PROCEDURE_OCCURRENCE -> procedure(r, buckets);
            case CONDITION_OCCURRENCE -> condition(r, buckets);
            case MEASUREMENT, OBSERVATION -> score(r, buckets, table);
            case CONCEPT -> concept(r);
            case CONCEPT_ANCESTOR -> ancestor(r);
            case DRUG_STRENGTH -> strength(r);
        }
    }

    private void person(CdmRecord r, DataOutputStream[] buckets) throws IOException {
        long person = id(r, 0, true);
        long gender = id(r, 1, false);
        long year = id(r, 2, false);
        if (year != NONE && (year < 0 || year > 9999)) {
            reject(2, r.get(2), RejectionReason.OUT_OF_RANGE, "year_of_birth " + r.get(2) + " is not a year.");
        }
        long careSite = id(r, 3, false);
        if (!problems.isEmpty()) {
            return;
        }
        if (!persons.add(person)) {
            reject(0, r.get(0), RejectionReason.DUPLICATE_PATIENT, "person_id " + person
                    + " already has a row in " + currentSource + "; each person must appear once.");
            return;
        }
        DataOutputStream out = bucket(buckets, person);
        out.writeByte(PERSON);
        out.writeLong(person);
        out.writeLong(currentLine);
        out.writeLong(gender);
        out.writeLong(year);
        out.writeLong(careSite);
    }

    private void drug(CdmRecord r, DataOutputStream[] buckets) throws IOException {
        long person = id(r, 0, true);
        long concept = concept(r, 1);
        LocalDate start = date(r, 2, true);
        if (start != null && start.isAfter(asOf)) {
            reject(2, r.get(2), RejectionReason.FUTURE_DATE, "drug_exposure_start_date " + r.get(2)
                    + " is after the as-of date " + asOf + " of this run.");
        }
        LocalDate end = date(r, 3, false);
        if (start != null && end != null && end.isBefore(start)) {
            reject(3, r.get(3), RejectionReason.END_BEFORE_START, "drug_exposure_end_date " + end
                    + " is before drug_exposure_start_date " + start + "; an exposure must end on or after the day it starts.");
        }
        long days = id(r, 4, false);
        double quantity = decimal(r, 5);
        if (!problems.isEmpty()) {
            return;
        }
        drugConcepts.add(concept);
        DataOutputStream out = bucket(buckets, person);
        out.writeByte(DRUG);
        out.writeLong(person);
        out.writeLong(currentLine);
        out.writeLong(concept);
        out.writeLong(start.toEpochDay());
        out.writeLong(end == null ? NO_DATE : end.toEpochDay());
        out.writeLong(days);
        out.writeDouble(quantity);
        writeText(out, r.get(6));
    }

    /**
     * A procedure row is used when its concept or source value names an ECT, TMS, neurostimulation or psychotherapy
     * treatment (omop.md §3); any other is accepted once its person and concept ids parse, and makes a patient.
     */
    private void procedure(CdmRecord r, DataOutputStream[] buckets) throws IOException {
        long person = id(r, 0, true);
        long concept = concept(r, 1);
        if (!problems.isEmpty()) {
            return;
        }
        Treatment treatment = procedureTreatment(concept, r.get(3));
        LocalDate date = null;
        if (treatment != null) {
            date = date(r, 2, true);
            if (date != null && date.isAfter(asOf)) {
                reject(2, r.get(2), RejectionReason.FUTURE_DATE, "procedure_date " + r.get(2)
                        + " is after the as-of date " + asOf + " of this run.");
            }
            if (!problems.isEmpty()) {
                return;
            }
        }
        DataOutputStream out = bucket(buckets, person);
        out.writeByte(PROCEDURE);
        out.writeLong(person);
        out.writeLong(currentLine);
        writeText(out, treatment == null ? null : treatment.canonicalName());
        out.writeLong(date == null ? NO_DATE : date.toEpochDay());
    }

    private Treatment procedureTreatment(long concept, String sourceValue) {
        Treatment t = known.procedures.get(concept);
        return t != null ? t : names.longestWordPrefix(sourceValue, OmopConcepts::isProcedureClass);
    }

    private void condition(CdmRecord r, DataOutputStream[] buckets) throws IOException {
        long person = id(r, 0, true);
        long concept = concept(r, 1);
        LocalDate date = date(r, 2, true);
        if (!problems.isEmpty() || date.isAfter(asOf)) {
            return; // a diagnosis after the as-of date is accepted and not used (omop.md §2)
        }
        DataOutputStream out = bucket(buckets, person);
        out.writeByte(CONDITION);
        out.writeLong(person);
        out.writeLong(concept);
        writeText(out, r.get(3));
    }

    private void score(CdmRecord r, DataOutputStream[] buckets, CdmTable table) throws IOException {
        long person = id(r, 0, true);
        long concept = concept(r, 1);
        Scale scale = scaleOfConcept.get(concept);
        if (!problems.isEmpty() || scale == null) {
            return; // a concept the contract does not use: accepted once person and concept parse
        }
        LocalDate date = date(r, 2, true);
        String text = r.get(3);
        double value = decimal(r, 3);
        if (!Double.isNaN(value) && !scale.inRange(value)) {
            reject(3, text, RejectionReason.OUT_OF_RANGE, "value_as_number " + text + " is out of range; " + scale.code()
                    + " (concept " + concept + ") scores go from " + scale.min() + " to " + scale.max() + ".");
        }
        if (!problems.isEmpty() || Double.isNaN(value) || date.isAfter(asOf)) {
            return; // no value, or dated after the as-of date: accepted, not used
        }
        DataOutputStream out = bucket(buckets, person);
        out.writeByte(SCORE);
        out.writeLong(person);
        out.writeInt(scale.ordinal());
        out.writeLong(date.toEpochDay());
        out.writeDouble(value);
        out.writeLong(((long) table.ordinal() << 48) | currentLine);
    }

    private void concept(CdmRecord r) {
        long id = id(r, 0, true);
        if (problems.isEmpty()) {
            vocabulary.concept(id, r.get(1), r.get(2));
        }
    }

    private void ancestor(CdmRecord r) {
        long ancestor = id(r, 0, true);
        long descendant = id(r, 1, true);
        long levels = id(r, 2, false);
        if (problems.isEmpty()) {
            vocabulary.ancestor(ancestor, descendant, levels == NONE ? Integer.MAX_VALUE : (int) Math.min(levels, Integer.MAX_VALUE));
        }
    }

    private void strength(CdmRecord r) {
        long drug = id(r, 0, true);
        long ingredient = id(r, 1, true);
        double amount = decimal(r, 2);
        long unit = id(r, 3, false);
        if (!problems.isEmpty() || Double.isNaN(amount) || !(amount > 0)) {
            return;
        }
        if (unit == MILLIGRAM) {
            vocabulary.strength(drug, ingredient, amount);
        } else if (unit == MICROGRAM) {
            vocabulary.strength(drug, ingredient, amount / 1000.0);
        }
    }

    // ------------------------------------------------------------------ cells

    /** Returned for an absent optional id. */
    private static final long NONE = Long.MIN_VALUE;

    private long id(CdmRecord r, int slot, boolean required) {
        String v = r.get(slot);
        if (v == null) {
            if (required) {
                reject(slot, null, RejectionReason.MISSING_VALUE, column(slot) + " is missing; every "
                        + currentTable.tableName() + " row needs one.");
            }
            return NONE;
        }
        long id = OmopCells.parseLong(v);
        if (id == OmopCells.NOT_A_LONG) {
            reject(slot, v, RejectionReason.BAD_NUMBER, column(slot) + " '" + CellFormats.cut(v)
                    + "' is not a whole number; expected a 64-bit integer, e.g. 1234 or -42.");
            return NONE;
        }
        return id;
    }

    /** A concept id; an empty cell reads as 0, the CDM's "no matching concept". */
    private long concept(CdmRecord r, int slot) {
        long id = id(r, slot, false);
        return id == NONE ? 0 : id;
    }

    private LocalDate date(CdmRecord r, int slot, boolean required) {
        String v = r.get(slot);
        if (v == null) {
            if (required) {
                reject(slot, null, RejectionReason.MISSING_VALUE, column(slot) + " is missing; expected a date as"
                        + " YYYY-MM-DD or YYYYMMDD.");
            }
            return null;
        }
        LocalDate d = OmopCells.parseDate(v);
        if (d == null) {
            reject(slot, v, RejectionReason.BAD_DATE, column(slot) + " '" + CellFormats.cut(v) + "' is not a valid date;"
                    + " expected YYYY-MM-DD, YYYYMMDD or a datetime starting with YYYY-MM-DD.");
        }
        return d;
    }

    private double decimal(CdmRecord r, int slot) {
        String v = r.get(slot);
        if (v == null) {
            return Double.NaN;
        }
        double d = CellFormats.parseDecimal(v);
        if (Double.isNaN(d)) {
            reject(slot, v, RejectionReason.BAD_NUMBER, column(slot) + " '" + CellFormats.cut(v) + "' is not a number;"
                    + " expected digits with '.' as decimal point, e.g. 12.5.");
        }
        return d;
    }

    private String column(int slot) {
        return currentTable.columns().get(slot);
    }

    private void reject(int slot, String value, RejectionReason reason, String message) {
        problems.add(new Rejection(currentSource, currentLine, column(slot), CellFormats.cut(value), reason, message));
    }

    private DataOutputStream bucket(DataOutputStream[] buckets, long person) {
        return buckets[bucketOf(person, buckets.length)];
    }

    static int bucketOf(long person, int buckets) {
        return Math.floorMod(LongHashSet.hash(person), buckets);
    }

    // ------------------------------------------------------------------ phase 2: derive bucket by bucket

    /** One person's rows of one bucket. */
    private static final class History {
        long personLine = -1;
        long gender = NONE;
        long year = NONE;
        long careSite = NONE;
        int firstTable = Integer.MAX_VALUE;
        long firstLine;
        boolean hasTreatmentRow;
        int flags;
        final List<Exposure> exposures = new ArrayList<>();
        final List<ScoreValue> scores = new ArrayList<>();

        void treatmentRow(int table, long line) {
            hasTreatmentRow = true;
            if (table < firstTable || (table == firstTable && line < firstLine)) {
                firstTable = table;
                firstLine = line;
            }
        }
    }

    /**
     * Derives every bucket, a few at a time on the machine's cores: buckets share nothing but the vocabulary (read
     * only, its cache concurrent) and the UNMAPPED_DRUG tally (merged under a lock); each writes its own file.
     */
    private void deriveAll(int buckets) throws IOException {
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), Math.min(4, buckets)));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "omop-derive");
            t.setDaemon(true);
            return t;
        });
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int b = 0; b < buckets; b++) {
                int bucket = b;
                done.add(pool.submit(() -> {
                    derive(bucket);
                    Files.delete(work.resolve("rows-" + bucket));
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while deriving the OMOP CDM", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private void derive(int bucket) throws IOException {
        Map<Long, Unmapped> unmappedHere = new HashMap<>();
        Map<Long, History> patients = new HashMap<>();
        try (DataInputStream in = in(work.resolve("rows-" + bucket))) {
            while (true) {
                int tag;
                try {
                    tag = in.readByte();
                } catch (EOFException e) {
                    break;
                }
                long person = in.readLong();
                History h = patients.computeIfAbsent(person, k -> new History());
                switch (tag) {
                    case PERSON -> {
                        h.personLine = in.readLong();
                        h.gender = in.readLong();
                        h.year = in.readLong();
                        h.careSite = in.readLong();
                    }
                    case DRUG -> drugRow(in, h, unmappedHere);
                    case PROCEDURE -> procedureRow(in, h);
                    case CONDITION -> {
                        long concept = in.readLong();
                        h.flags |= vocabulary.conditionFlags(concept, readText(in));
                    }
                    case SCORE -> h.scores.add(new ScoreValue(Scale.values()[in.readInt()], LocalDate.ofEpochDay(in.readLong()),
                            in.readDouble(), in.readLong()));
                    default -> throw new IOException("bucket " + bucket + " is corrupt (tag " + tag + ")");
                }
            }
        }
        List<Long> ids = new ArrayList<>(patients.keySet());
        List<String> texts = new ArrayList<>(ids.size());
        Map<String, Long> idOfText = new HashMap<>();
        for (Long id : ids) {
            String text = Long.toString(id);
            texts.add(text);
            idOfText.put(text, id);
        }
        texts.sort(null);
        synchronized (unmapped) {
            unmappedHere.forEach((concept, u) -> {
                Unmapped total = unmapped.computeIfAbsent(concept, k -> new Unmapped());
                total.rows += u.rows;
                if (u.firstLine < total.firstLine) {
                    total.firstLine = u.firstLine;
                    total.sourceValue = u.sourceValue;
                }
            });
        }
        try (DataOutputStream out = out(work.resolve("derived-" + bucket))) {
            for (String patientId : texts) {
                History h = patients.get(idOfText.get(patientId));
                if (h.personLine < 0 && !h.hasTreatmentRow) {
                    continue; // conditions or scores of no patient: omop.md §2 makes patients of person, drug and procedure rows only
                }
                writePatient(out, patientId, h);
            }
        }
    }

    private void drugRow(DataInputStream in, History h, Map<Long, Unmapped> unmapped) throws IOException {
        long line = in.readLong();
        long concept = in.readLong();
        LocalDate start = LocalDate.ofEpochDay(in.readLong());
        long endDay = in.readLong();
        long days = in.readLong();
        double quantity = in.readDouble();
        String sourceValue = readText(in);
        int table = CdmTable.DRUG_EXPOSURE.ordinal();
        h.treatmentRow(table, line);
        Treatment t = vocabulary.drug(concept, sourceValue);
        if (t == null) {
            Unmapped u = unmapped.computeIfAbsent(concept, k -> new Unmapped());
            u.rows++;
            if (line < u.firstLine) {
                u.firstLine = line;
                u.sourceValue = sourceValue;
            }
            return;
        }
        boolean daysKnown = days != NONE && days > 0; // a days_supply of 0 or less says nothing of the duration
        LocalDate end = endDay != NO_DATE ? LocalDate.ofEpochDay(endDay) : daysKnown ? start.plusDays(days - 1) : start;
        double dose = Double.NaN;
        if (daysKnown && quantity > 0) {
            double amount = vocabulary.amountMg(concept, t);
            if (!Double.isNaN(amount)) {
                dose = quantity * amount / days;
            }
        }
        h.exposures.add(new Exposure(t, start, end, dose, table, line));
    }

    private void procedureRow(DataInputStream in, History h) throws IOException {
        long line = in.readLong();
        String treatment = readText(in);
        long date = in.readLong();
        int table = CdmTable.PROCEDURE_OCCURRENCE.ordinal();
        h.treatmentRow(table, line);
        if (treatment != null) {
            LocalDate d = LocalDate.ofEpochDay(date);
            h.exposures.add(new Exposure(byCanonicalName.get(treatment), d, d, Double.NaN, table, line));
        }
    }

    private void writePatient(DataOutputStream out, String patientId, History h) throws IOException {
        out.writeUTF(patientId);
        boolean hasPerson = h.personLine >= 0;
        out.writeBoolean(hasPerson);
        out.writeInt(hasPerson ? CdmTable.PERSON.ordinal() : h.firstTable);
        out.writeLong(hasPerson ? h.personLine : h.firstLine);
        writeText(out, hasPerson && h.careSite != NONE ? Long.toString(h.careSite) : null);
        writeText(out, hasPerson ? sex(h.gender) : null);
        writeText(out, hasPerson ? ageBand(h.year) : null);
        out.writeInt(h.flags);
        List<Course> courses = CourseDerivation.derive(patientId, h.exposures, h.scores, asOf);
        out.writeInt(courses.size());
        for (Course c : courses) {
            Trial t = c.trial();
            out.writeInt(c.table());
            out.writeLong(c.line());
            out.writeInt(t.episode());
            out.writeLong(t.startDate().toEpochDay());
            out.writeLong(t.endDate() == null ? NO_DATE : t.endDate().toEpochDay());
            out.writeUTF(t.treatment().canonicalName());
            out.writeInt(t.strategy() == null ? -1 : t.strategy().ordinal());
            out.writeDouble(t.dose() == null ? Double.NaN : t.dose().amount());
            out.writeInt(t.sessions() == null ? -1 : t.sessions());
            out.writeInt(t.scale() == null ? -1 : t.scale().ordinal());
            out.writeDouble(t.baselineScore() == null ? Double.NaN : t.baselineScore());
            out.writeDouble(t.outcomeScore() == null ? Double.NaN : t.outcomeScore());
        }
    }

    /** omop.md §2: gender concept 8532 → F, 8507 → M, anything else (or none) → U. */
    static String sex(long genderConcept) {
        return genderConcept == FEMALE ? "F" : genderConcept == MALE ? "M" : "U";
    }

    /** omop.md §2: age = as-of year − year_of_birth, in bands; null when the year of birth is unknown. */
    String ageBand(long yearOfBirth) {
        if (yearOfBirth == NONE) {
            return null;
        }
        long age = asOf.getYear() - yearOfBirth;
        if (age < 18) {
            return "<18";
        }
        if (age <= 24) {
            return "18-24";
        }
        if (age <= 34) {
            return "25-34";
        }
        if (age <= 44) {
            return "35-44";
        }
        if (age <= 54) {
            return "45-54";
        }
        if (age <= 64) {
            return "55-64";
        }
        return "65+";
    }

    // ------------------------------------------------------------------ phase 3: stream

    private record BucketHead(String patientId, DataInputStream in) {
        static BucketHead read(DataInputStream in) throws IOException {
            try {
                return new BucketHead(in.readUTF(), in);
            } catch (EOFException e) {
                return null;
            }
        }
    }

    private void refill() {
        try {
            if (issuesIn != null) {
                if (readRejected()) {
                    return;
                }
                issuesIn.close();
                issuesIn = null;
            }
            BucketHead head = merge.poll();
            if (head != null) {
                readPatient(head);
                BucketHead nextHead = BucketHead.read(head.in());
                if (nextHead != null) {
                    merge.add(nextHead);
                }
                return;
            }
            for (Map.Entry<Long, Unmapped> e : unmapped.entrySet()) {
                pending.add(new WarningRow(unmappedWarning(e.getKey(), e.getValue())));
            }
            finished = true;
            deleteWork();
        } catch (IOException e) {
            throw new UncheckedIOException("OMOP work folder " + work + ": " + e.getMessage(), e);
        }
    }

    /**
     * The drug_source_value goes to the Data quality sheet so that a site sees what it is missing; one that looks
     * like a direct identifier (an e-mail address, a phone number) is masked as the trials reader masks patient ids.
     */
    private ExtractWarning unmappedWarning(long concept, Unmapped u) {
        String value = u.sourceValue;
        if (value != null && CellFormats.identifierKind(value) != null) {
            value = CellFormats.mask(value);
        }
        value = CellFormats.cut(value);
        String message = u.rows + (u.rows == 1 ? " drug_exposure row" : " drug_exposure rows") + " of drug_concept_id "
                + concept + (value == null ? "" : " (drug_source_value '" + value + "')")
                + " map to no catalogue treatment and are not used; add the concept as an omop:" + concept
                + " synonym, or the name as a synonym, in the catalogue extension.";
        return new ExtractWarning(sourceOfTable[CdmTable.DRUG_EXPOSURE.ordinal()], u.firstLine, "drug_concept_id",
                Long.toString(concept), WarningCode.UNMAPPED_DRUG, message);
    }

    private void readPatient(BucketHead head) throws IOException {
        DataInputStream in = head.in();
        String patientId = head.patientId();
        boolean hasPerson = in.readBoolean();
        int table = in.readInt();
        long line = in.readLong();
        String site = readText(in);
        String sex = readText(in);
        String ageBand = readText(in);
        int flags = in.readInt();
        PatientAttributes patient = new PatientAttributes(patientId, site, sex, ageBand, null, null,
                DiagnosisFlag.PSYCHOTIC_FEATURES.in(flags), DiagnosisFlag.BIPOLAR.in(flags),
                DiagnosisFlag.HYPOTHYROIDISM.in(flags), DiagnosisFlag.SUBSTANCE_USE.in(flags),
                DiagnosisFlag.TRAUMA.in(flags), DiagnosisFlag.ADHD.in(flags));
        // a person without a person row has no line of its own: (person table, line 0), so that every staged row of
        // the CDM keys to a table the person table's accounting covers; its warning names the row it came from
        pending.add(hasPerson ? new AcceptedPatient(table, line, patient)
                : new AcceptedPatient(CdmTable.PERSON.ordinal(), 0, patient));
        if (!hasPerson && personTablePresent) {
            pending.add(new WarningRow(new ExtractWarning(sourceOfTable[table], line, "person_id", patientId,
                    WarningCode.PATIENT_NOT_IN_PATIENTS_FILES, "The person table has no row for this person_id; its "
                    + "trials are used without sex, age band and site.")));
        }
        int courses = in.readInt();
        for (int i = 0; i < courses; i++) {
            int courseTable = in.readInt();
            long courseLine = in.readLong();
            int episode = in.readInt();
            LocalDate start = LocalDate.ofEpochDay(in.readLong());
            long endDay = in.readLong();
            Treatment treatment = byCanonicalName.get(in.readUTF());
            int strategy = in.readInt();
            double dose = in.readDouble();
            int sessions = in.readInt();
            int scale = in.readInt();
            double baseline = in.readDouble();
            double outcome = in.readDouble();
            Trial trial = new Trial(patientId, episode, start, endDay == NO_DATE ? null : LocalDate.ofEpochDay(endDay),
                    treatment, strategy < 0 ? null : Strategy.values()[strategy],
                    Double.isNaN(dose) ? null : new Dose(dose, DoseUnit.MG), sessions < 0 ? null : sessions, null,
                    scale < 0 ? null : Scale.values()[scale], Double.isNaN(baseline) ? null : baseline,
                    Double.isNaN(outcome) ? null : outcome, null, ++sequence);
            pending.add(new AcceptedTrial(courseTable, courseLine, trial));
        }
    }

    private boolean readRejected() throws IOException {
        int table;
        try {
            table = issuesIn.readInt();
        } catch (EOFException e) {
            return false;
        }
        long line = issuesIn.readLong();
        int n = issuesIn.readInt();
        List<Rejection> rejections = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rejections.add(new Rejection(issuesIn.readUTF(), issuesIn.readLong(), readText(issuesIn), readText(issuesIn),
                    RejectionReason.valueOf(issuesIn.readUTF()), issuesIn.readUTF()));
        }
        pending.add(new RejectedRow(table, line, rejections));
        return true;
    }

    private static void writeRejected(DataOutputStream out, int table, long line, List<Rejection> rejections) throws IOException {
        out.writeInt(table);
        out.writeLong(line);
        out.writeInt(rejections.size());
        for (Rejection r : rejections) {
            out.writeUTF(r.file());
            out.writeLong(r.line());
            writeText(out, r.column());
            writeText(out, r.value());
            out.writeUTF(r.reason().name());
            out.writeUTF(r.message());
        }
    }

    // ------------------------------------------------------------------ files

    private static DataOutputStream out(Path p) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(p), 1 << 15));
    }

    private static DataInputStream in(Path p) throws IOException {
        return new DataInputStream(new BufferedInputStream(Files.newInputStream(p), 1 << 15));
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        out.writeBoolean(text != null);
        if (text != null) {
            out.writeUTF(text.length() > MAX_SPILLED_TEXT ? text.substring(0, MAX_SPILLED_TEXT) : text);
        }
    }

    private static String readText(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private void deleteWork() {
        for (DataInputStream d : openDerived) {
            try {
                d.close();
            } catch (IOException e) {
                // read only
            }
        }
        openDerived.clear();
        if (work == null) {
            return;
        }
        try (Stream<Path> files = Files.list(work)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(work);
        } catch (IOException e) {
            // a leftover work folder is harmless; the next run makes its own
        }
        work = null;
    }

    @Override
    public void close() {
        if (issuesIn != null) {
            try {
                issuesIn.close();
            } catch (IOException e) {
                // read only
            }
        }
        source.close();
        deleteWork();
    }
}

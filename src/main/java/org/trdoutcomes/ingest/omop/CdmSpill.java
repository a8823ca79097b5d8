package org.trdoutcomes.ingest.omop;

import static org.trdoutcomes.ingest.omop.OmopCells.NONE;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.trdoutcomes.ingest.ExtractRow.RejectedRow;
import org.trdoutcomes.ingest.RejectionReason;
import org.trdoutcomes.rules.Scale;
import org.trdoutcomes.rules.Treatment;
import org.trdoutcomes.rules.TreatmentCatalogue;
import org.trdoutcomes.staging.BinaryOutput;

/**
 * Phase 1 of an OMOP read (docs/omop.md, "Memory and time"): reads the CDM tables in {@link CdmTable} order, one row
 * at a time, checks each row against omop.md §1-§3, and writes each valid patient-table row into the bucket file of
 * its person (a hash of the person id: a person's rows all land in one bucket) and each invalid row into the file of
 * rejected rows. The vocabulary tables, read last, are kept in an {@link OmopVocabulary} filtered to the drug
 * concepts the patient tables used. Counts every table's rows ({@link #accounts()}).
 */
final class CdmSpill {

    /** drug_strength amount units: milligram and microgram (UCUM concepts). */
    private static final long MILLIGRAM = 8576;
    private static final long MICROGRAM = 9655;

    private final LocalDate asOf;
    private final TreatmentCatalogue catalogue;
    private final OmopConcepts known;
    private final TreatmentNames names;
    private final Map<Long, Scale> scaleOfConcept = new HashMap<>();

    private final OmopCells cells = new OmopCells();
    private final LongHashSet persons = new LongHashSet();
    private final LongHashSet drugConcepts = new LongHashSet();
    private final List<CdmTableAccount> accounts = new ArrayList<>();
    private OmopVocabulary vocabulary;

    CdmSpill(OmopSettings settings, TreatmentCatalogue catalogue) {
        this.asOf = settings.asOf();
        this.catalogue = catalogue;
        this.known = OmopConcepts.load(catalogue);
        this.names = new TreatmentNames(catalogue);
        settings.scales().forEach((scale, ids) -> ids.forEach(id -> scaleOfConcept.put(id, scale)));
    }

    /** Per-table accounting in reading order, of the tables read so far. */
    List<CdmTableAccount> accounts() {
        return accounts;
    }

    /** The vocabulary of the CDM's drug concepts; complete once {@link #spill} has returned. */
    OmopVocabulary vocabulary() {
        return vocabulary;
    }

    /** Reads every table of {@code source} into the bucket files and the rejected-rows file of {@code work}. */
    void spill(CdmSource source, OmopWorkFolder work) throws IOException {
        BinaryOutput[] buckets = new BinaryOutput[work.buckets()];
        for (int b = 0; b < buckets.length; b++) {
            buckets[b] = OmopWorkFolder.output(work.rows(b));
        }
        try (BinaryOutput rejected = OmopWorkFolder.output(work.rejected())) {
            for (CdmTable table : CdmTable.values()) {
                if (table == CdmTable.CONCEPT) {
                    // the patient tables are read: the vocabulary keeps only the drug concepts they used
                    vocabulary = new OmopVocabulary(catalogue, known, names, drugConcepts);
                }
                readTable(source, table, buckets, rejected);
            }
        }
        for (BinaryOutput b : buckets) {
            b.close();
        }
    }

    static int bucketOf(long person, int buckets) {
        return Math.floorMod(LongHashSet.hash(person), buckets);
    }

    private void readTable(CdmSource source, CdmTable table, BinaryOutput[] buckets, BinaryOutput rejectedRows)
            throws IOException {
        try (CdmTableReader reader = source.open(table)) {
            if (reader == null) {
                return;
            }
            if (table == CdmTable.CONCEPT_ANCESTOR) {
                vocabulary.ancestorTablePresent();
            }
            String tableSource = reader.source();
            long read = 0;
            long rejected = 0;
            for (CdmRecord r = reader.next(); r != null; r = reader.next()) {
                read++;
                cells.start(table, tableSource, r);
                if (r.malformed() != null) {
                    cells.malformed(r.malformed());
                } else {
                    row(table, buckets);
                }
                if (cells.hasProblems()) {
                    rejected++;
                    OmopWorkFolder.writeRejected(rejectedRows, new RejectedRow(table.ordinal(), cells.line(), cells.problems()));
                }
            }
            accounts.add(new CdmTableAccount(table.ordinal(), table, tableSource, read, read - rejected, rejected, reader.sha256()));
        }
    }

    private void row(CdmTable table, BinaryOutput[] buckets) throws IOException {
        switch (table) {
            case PERSON -> person(buckets);
            case DRUG_EXPOSURE -> drug(buckets);
            case PROCEDURE_OCCURRENCE -> procedure(buckets);
            case CONDITION_OCCURRENCE -> condition(buckets);
            case MEASUREMENT, OBSERVATION -> score(buckets, table);
            case CONCEPT -> concept();
            case CONCEPT_ANCESTOR -> ancestor();
            case DRUG_STRENGTH -> strength();
        }
    }

    private void spill(BinaryOutput[] buckets, SpilledRow row) throws IOException {
        row.write(buckets[bucketOf(row.person(), buckets.length)]);
    }

    private void person(BinaryOutput[] buckets) throws IOException {
        long person = cells.id(0, true);
        long gender = cells.id(1, false);
        long year = cells.id(2, false);
        if (year != NONE && (year < 0 || year > 9999)) {
            cells.reject(2, cells.text(2), RejectionReason.OUT_OF_RANGE, "year_of_birth " + cells.text(2) + " is not a year.");
        }
        long careSite = cells.id(3, false);
        if (cells.hasProblems()) {
            return;
        }
        if (!persons.add(person)) {
            cells.reject(0, cells.text(0), RejectionReason.DUPLICATE_PATIENT, "person_id " + person
                    + " already has a row in " + cells.source() + "; each person must appear once.");
            return;
        }
        spill(buckets, new SpilledRow.Person(person, cells.line(), gender, year, careSite));
    }

    private void drug(BinaryOutput[] buckets) throws IOException {
        long person = cells.id(0, true);
        long concept = cells.concept(1);
        LocalDate start = cells.date(2, true);
        if (start != null && start.isAfter(asOf)) {
            cells.reject(2, cells.text(2), RejectionReason.FUTURE_DATE, "drug_exposure_start_date " + cells.text(2)
                    + " is after the as-of date " + asOf + " of this run.");
        }
        LocalDate end = cells.date(3, false);
        if (start != null && end != null && end.isBefore(start)) {
            cells.reject(3, cells.text(3), RejectionReason.END_BEFORE_START, "drug_exposure_end_date " + end
                    + " is before drug_exposure_start_date " + start + "; an exposure must end on or after the day it starts.");
        }
        long days = cells.id(4, false);
        double quantity = cells.decimal(5);
        if (cells.hasProblems()) {
            return;
        }
        drugConcepts.add(concept);
        spill(buckets, new SpilledRow.Drug(person, cells.line(), concept, start, end, days, quantity, cells.text(6)));
    }

    /**
     * A procedure row is used when its concept or source value names an ECT, TMS, neurostimulation or psychotherapy
     * treatment (omop.md §3); any other is accepted once its person and concept ids parse, and makes a patient.
     */
    private void procedure(BinaryOutput[] buckets) throws IOException {
        long person = cells.id(0, true);
        long concept = cells.concept(1);
        if (cells.hasProblems()) {
            return;
        }
        Treatment treatment = procedureTreatment(concept, cells.text(3));
        LocalDate date = null;
        if (treatment != null) {
            date = cells.date(2, true);
            if (date != null && date.isAfter(asOf)) {
                cells.reject(2, cells.text(2), RejectionReason.FUTURE_DATE, "procedure_date " + cells.text(2)
                        + " is after the as-of date " + asOf + " of this run.");
            }
            if (cells.hasProblems()) {
                return;
            }
        }
        spill(buckets, new SpilledRow.Procedure(person, cells.line(), treatment == null ? null : treatment.canonicalName(), date));
    }

    private Treatment procedureTreatment(long concept, String sourceValue) {
        Treatment t = known.procedures.get(concept);
        return t != null ? t : names.longestWordPrefix(sourceValue, OmopConcepts::isProcedureClass);
    }

    private void condition(BinaryOutput[] buckets) throws IOException {
        long person = cells.id(0, true);
        long concept = cells.concept(1);
        LocalDate date = cells.date(2, true);
        if (cells.hasProblems() || date.isAfter(asOf)) {
            return; // a diagnosis after the as-of date is accepted and not used (omop.md §2)
        }
        spill(buckets, new SpilledRow.Condition(person, concept, cells.text(3)));
    }

    private void score(BinaryOutput[] buckets, CdmTable table) throws IOException {
        long person = cells.id(0, true);
        long concept = cells.concept(1);
        Scale scale = scaleOfConcept.get(concept);
        if (cells.hasProblems() || scale == null) {
            return; // a concept the contract does not use: accepted once person and concept parse
        }
        LocalDate date = cells.date(2, true);
        String text = cells.text(3);
        double value = cells.decimal(3);
        if (!Double.isNaN(value) && !scale.inRange(value)) {
            cells.reject(3, text, RejectionReason.OUT_OF_RANGE, "value_as_number " + text + " is out of range; " + scale.code()
                    + " (concept " + concept + ") scores go from " + scale.min() + " to " + scale.max() + ".");
        }
        if (cells.hasProblems() || Double.isNaN(value) || date.isAfter(asOf)) {
            return; // no value, or dated after the as-of date: accepted, not used
        }
        spill(buckets, new SpilledRow.Score(person, scale, date, value, SpilledRow.Score.readOrder(table, cells.line())));
    }

    private void concept() {
        long id = cells.id(0, true);
        if (!cells.hasProblems()) {
            vocabulary.concept(id, cells.text(1), cells.text(2));
        }
    }

    private void ancestor() {
        long ancestor = cells.id(0, true);
        long descendant = cells.id(1, true);
        long levels = cells.id(2, false);
        if (!cells.hasProblems()) {
            vocabulary.ancestor(ancestor, descendant, levels == NONE ? Integer.MAX_VALUE : (int) Math.min(levels, Integer.MAX_VALUE));
        }
    }

    private void strength() {
        long drug = cells.id(0, true);
        long ingredient = cells.id(1, true);
        double amount = cells.decimal(2);
        long unit = cells.id(3, false);
        if (cells.hasProblems() || Double.isNaN(amount) || !(amount > 0)) {
            return;
        }
        if (unit == MILLIGRAM) {
            vocabulary.strength(drug, ingredient, amount);
        } else if (unit == MICROGRAM) {
            vocabulary.strength(drug, ingredient, amount / 1000.0);
        }
    }
}

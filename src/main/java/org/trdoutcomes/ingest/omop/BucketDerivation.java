package org.trdoutcomes.ingest.omop;

import static org.trdoutcomes.ingest.omop.OmopCells.NONE;

import java.io.IOException;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.trdoutcomes.ingest.omop.CourseDerivation.Exposure;
import org.trdoutcomes.ingest.omop.CourseDerivation.ScoreValue;
import org.trdoutcomes.rules.PatientAttributes;
import org.trdoutcomes.rules.Treatment;
import org.trdoutcomes.staging.BinaryInput;
import org.trdoutcomes.staging.BinaryOutput;

/**
 * Phase 2 of an OMOP read (docs/omop.md, "Memory and time"): each bucket of spilled rows on its own, one bucket's
 * persons in memory. A person's rows become a patient (omop.md §2: sex, age band, site, diagnosis flags) with the
 * courses {@link CourseDerivation} makes of their mapped drug and procedure rows (§3, §4); the bucket's patients are
 * written in patient-id order (the decimal text, compared as text), the order the merged stream needs.
 */
final class BucketDerivation {

    /** CDM gender concepts (omop.md §2). */
    private static final long FEMALE = 8532;
    private static final long MALE = 8507;

    private final OmopVocabulary vocabulary;
    private final Function<String, Treatment> treatmentByCanonicalName;
    private final LocalDate asOf;

    BucketDerivation(OmopVocabulary vocabulary, Function<String, Treatment> treatmentByCanonicalName, LocalDate asOf) {
        this.vocabulary = vocabulary;
        this.treatmentByCanonicalName = treatmentByCanonicalName;
        this.asOf = asOf;
    }

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
     * Derives every bucket of {@code work}, a few at a time on the machine's cores: buckets share nothing but the
     * vocabulary (read only, its cache concurrent) and the UNMAPPED_DRUG tally (added to under its lock); each
     * writes its own file, and its spilled rows are deleted once it is derived.
     *
     * @return the drug rows no catalogue treatment maps to, by concept
     */
    UnmappedDrugs deriveAll(OmopWorkFolder work) throws IOException {
        int buckets = work.buckets();
        UnmappedDrugs unmapped = new UnmappedDrugs();
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), Math.min(4, buckets)));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "omop-derive");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int b = 0; b < buckets; b++) {
                int bucket = b;
                done.add(pool.submit(() -> {
                    unmapped.add(derive(work, bucket));
                    Files.delete(work.rows(bucket));
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (ExecutionException e) {
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
        return unmapped;
    }

    /** Derives one bucket into its derived file; returns its unmapped drug rows. */
    UnmappedDrugs derive(OmopWorkFolder work, int bucket) throws IOException {
        UnmappedDrugs unmapped = new UnmappedDrugs();
        Map<Long, History> patients = new HashMap<>();
        try (BinaryInput in = OmopWorkFolder.input(work.rows(bucket))) {
            for (SpilledRow row = SpilledRow.read(in, bucket); row != null; row = SpilledRow.read(in, bucket)) {
                History h = patients.computeIfAbsent(row.person(), k -> new History());
                if (row instanceof SpilledRow.Person p) {
                    h.personLine = p.line();
                    h.gender = p.gender();
                    h.year = p.yearOfBirth();
                    h.careSite = p.careSite();
                } else if (row instanceof SpilledRow.Drug d) {
                    drug(d, h, unmapped);
                } else if (row instanceof SpilledRow.Procedure p) {
                    procedure(p, h);
                } else if (row instanceof SpilledRow.Condition c) {
                    h.flags |= vocabulary.conditionFlags(c.concept(), c.sourceValue());
                } else if (row instanceof SpilledRow.Score s) {
                    h.scores.add(new ScoreValue(s.scale(), s.date(), s.value(), s.readOrder()));
                }
            }
        }
        List<String> ids = new ArrayList<>(patients.size());
        Map<String, History> byId = new HashMap<>();
        patients.forEach((person, h) -> {
            String id = Long.toString(person);
            ids.add(id);
            byId.put(id, h);
        });
        ids.sort(null);
        try (BinaryOutput out = OmopWorkFolder.output(work.derived(bucket))) {
            for (String patientId : ids) {
                History h = byId.get(patientId);
                if (h.personLine < 0 && !h.hasTreatmentRow) {
                    continue; // conditions or scores of no patient: omop.md §2 makes patients of person, drug and procedure rows only
                }
                patient(patientId, h).write(out);
            }
        }
        return unmapped;
    }

    private void drug(SpilledRow.Drug row, History h, UnmappedDrugs unmapped) {
        int table = CdmTable.DRUG_EXPOSURE.ordinal();
        h.treatmentRow(table, row.line());
        Treatment t = vocabulary.drug(row.concept(), row.sourceValue());
        if (t == null) {
            unmapped.count(row.concept(), row.line(), row.sourceValue());
            return;
        }
        long days = row.daysSupply();
        boolean daysKnown = days != NONE && days > 0; // a days_supply of 0 or less says nothing of the duration
        LocalDate start = row.start();
        LocalDate end = row.end() != null ? row.end() : daysKnown ? start.plusDays(days - 1) : start;
        double dose = Double.NaN;
        if (daysKnown && row.quantity() > 0) {
            double amount = vocabulary.amountMg(row.concept(), t);
            if (!Double.isNaN(amount)) {
                dose = row.quantity() * amount / days;
            }
        }
        h.exposures.add(new Exposure(t, start, end, dose, table, row.line()));
    }

    private void procedure(SpilledRow.Procedure row, History h) {
        int table = CdmTable.PROCEDURE_OCCURRENCE.ordinal();
        h.treatmentRow(table, row.line());
        if (row.treatment() != null) {
            h.exposures.add(new Exposure(treatmentByCanonicalName.apply(row.treatment()), row.date(), row.date(),
                    Double.NaN, table, row.line()));
        }
    }

    private DerivedPatient patient(String patientId, History h) {
        boolean hasPerson = h.personLine >= 0;
        int flags = h.flags;
        PatientAttributes patient = new PatientAttributes(patientId,
                hasPerson && h.careSite != NONE ? Long.toString(h.careSite) : null,
                hasPerson ? sex(h.gender) : null, hasPerson ? ageBand(h.year) : null, null, null,
                DiagnosisFlag.PSYCHOTIC_FEATURES.in(flags), DiagnosisFlag.BIPOLAR.in(flags),
                DiagnosisFlag.HYPOTHYROIDISM.in(flags), DiagnosisFlag.SUBSTANCE_USE.in(flags),
                DiagnosisFlag.TRAUMA.in(flags), DiagnosisFlag.ADHD.in(flags));
        return new DerivedPatient(patient, hasPerson, hasPerson ? CdmTable.PERSON.ordinal() : h.firstTable,
                hasPerson ? h.personLine : h.firstLine, CourseDerivation.derive(patientId, h.exposures, h.scores, asOf));
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
}

package org.trdoutcomes.ingest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.trdoutcomes.classify.PatientTrials;
import org.trdoutcomes.rules.PatientAttributes;
import org.trdoutcomes.rules.Trial;
import org.trdoutcomes.staging.BucketReader.Bucket;
import org.trdoutcomes.staging.IssueTable.Issue;
import org.trdoutcomes.staging.StagedRowCodec;
import org.trdoutcomes.staging.StagedRowCodec.StagedPatient;

/**
 * The checks that need every row of a patient, done on one bucket (which holds every row of its patients): a trial
 * equal in every contract column to an earlier accepted one is a {@code DUPLICATE_ROW}, a second patients-file row
 * of one patient a {@code DUPLICATE_PATIENT} (docs/data-contract.md; "earlier" is file order, then line), and the trials of a
 * patient no patients file names get a {@code PATIENT_NOT_IN_PATIENTS_FILES} warning when patients files were given.
 * What is left is handed on one patient at a time, in patient-id order, with the accepted rows counted per file for
 * the accounting.
 */
public final class BucketReconciliation {

    /**
     * Patient, then file order: written out rather than composed of key extractors, a bucket's sort compares each of
     * its rows about twenty times.
     */
    private static final Comparator<Trial> BY_PATIENT_THEN_SEQUENCE = (a, b) -> {
        int byPatient = a.patientId().compareTo(b.patientId());
        return byPatient != 0 ? byPatient : Long.compare(a.sequence(), b.sequence());
    };
    private static final Comparator<StagedPatient> PATIENT_ROWS_BY_PATIENT_THEN_SEQUENCE = (a, b) -> {
        int byPatient = a.patient().patientId().compareTo(b.patient().patientId());
        return byPatient != 0 ? byPatient : Long.compare(a.sequence(), b.sequence());
    };

    private final List<String> fileNames;
    private final boolean warnMissingPatients;
    private final long[] accepted;
    private final List<Issue> issues = new ArrayList<>();
    private long duplicateRows;
    private long duplicatePatients;

    /**
     * @param fileNames           names of the input files by index (the messages name the earlier row's file)
     * @param warnMissingPatients whether the extract has patients files
     */
    public BucketReconciliation(List<String> fileNames, boolean warnMissingPatients) {
        this.fileNames = List.copyOf(fileNames);
        this.warnMissingPatients = warnMissingPatients;
        this.accepted = new long[fileNames.size()];
    }

    /** Reconciles the bucket and hands each patient, in patient-id order, to {@code patients}. */
    public void reconcile(Bucket bucket, Consumer<PatientTrials> patients) {
        List<Trial> trials = new ArrayList<>(bucket.trials());
        trials.sort(BY_PATIENT_THEN_SEQUENCE);
        List<StagedPatient> rows = new ArrayList<>(bucket.patients());
        rows.sort(PATIENT_ROWS_BY_PATIENT_THEN_SEQUENCE);
        int t = 0;
        int p = 0;
        while (t < trials.size() || p < rows.size()) {
            String trialPatient = t < trials.size() ? trials.get(t).patientId() : null;
            String filePatient = p < rows.size() ? rows.get(p).patient().patientId() : null;
            String id = trialPatient == null ? filePatient
                    : filePatient == null ? trialPatient
                    : (trialPatient.compareTo(filePatient) <= 0 ? trialPatient : filePatient);
            PatientAttributes attributes = null;
            long firstPatientRow = 0;
            while (p < rows.size() && rows.get(p).patient().patientId().equals(id)) {
                StagedPatient row = rows.get(p++);
                if (attributes == null) {
                    attributes = row.patient();
                    firstPatientRow = row.sequence();
                    accepted[StagedRowCodec.fileOf(row.sequence())]++;
                } else {
                    duplicatePatients++;
                    reject(row.sequence(), firstPatientRow, "patient_id", id, RejectionReason.DUPLICATE_PATIENT,
                            "This patient_id already has a row in the patients files (%s line %d); each patient must appear once.");
                }
            }
            int end = t;
            while (end < trials.size() && trials.get(end).patientId().equals(id)) {
                end++;
            }
            List<Trial> kept = keepFirstOfEqual(trials.subList(t, end), attributes != null, id);
            t = end;
            patients.accept(new PatientTrials(attributes == null ? PatientAttributes.unknown(id) : attributes,
                    attributes != null, kept));
        }
    }

    /** The patient's trials without those equal to an earlier one, in file order. */
    private List<Trial> keepFirstOfEqual(List<Trial> patientTrials, boolean inPatientsFile, String id) {
        List<Trial> kept = new ArrayList<>(patientTrials.size());
        Map<ContractValues, Trial> seen = patientTrials.size() > 8 ? new HashMap<>() : null;
        for (Trial trial : patientTrials) {
            Trial first = seen != null ? seen.get(new ContractValues(trial)) : linearFind(kept, trial);
            if (first != null) {
                duplicateRows++;
                reject(trial.sequence(), first.sequence(), null, null, RejectionReason.DUPLICATE_ROW,
                        "The same trial (same values in every column) was already accepted from %s line %d; it is counted once.");
                continue;
            }
            if (seen != null) {
                seen.put(new ContractValues(trial), trial);
            }
            kept.add(trial);
            accepted[StagedRowCodec.fileOf(trial.sequence())]++;
            if (warnMissingPatients && !inPatientsFile) {
                long seq = trial.sequence();
                issues.add(new Issue(seq, 0, false, fileNames.get(StagedRowCodec.fileOf(seq)),
                        StagedRowCodec.lineOf(seq), "patient_id", id, WarningCode.PATIENT_NOT_IN_PATIENTS_FILES.name(),
                        "No patients file has a row for this patient_id; the trial is used without patient attributes."));
            }
        }
        return kept;
    }

    private static Trial linearFind(List<Trial> kept, Trial trial) {
        for (Trial earlier : kept) {
            if (sameContractValues(earlier, trial)) {
                return earlier;
            }
        }
        return null;
    }

    /** Equal in every contract column: everything but the position in the extract. */
    static boolean sameContractValues(Trial a, Trial b) {
        return a.episode() == b.episode() && a.startDate().equals(b.startDate())
                && Objects.equals(a.endDate(), b.endDate())
                && a.treatment().canonicalName().equals(b.treatment().canonicalName())
                && a.strategy() == b.strategy() && Objects.equals(a.dose(), b.dose())
                && Objects.equals(a.sessions(), b.sessions()) && Objects.equals(a.adherencePct(), b.adherencePct())
                && a.scale() == b.scale() && Objects.equals(a.baselineScore(), b.baselineScore())
                && Objects.equals(a.outcomeScore(), b.outcomeScore()) && a.stopReason() == b.stopReason();
    }

    /** The contract values of a trial as a hash key, for a patient with many trials. */
    private record ContractValues(int episode, Object start, Object end, String treatment, Object strategy, Object dose,
                                  Integer sessions, Double adherence, Object scale, Double baseline, Double outcome,
                                  Object stop) {
        ContractValues(Trial t) {
            this(t.episode(), t.startDate(), t.endDate(), t.treatment().canonicalName(), t.strategy(), t.dose(),
                    t.sessions(), t.adherencePct(), t.scale(), t.baselineScore(), t.outcomeScore(), t.stopReason());
        }
    }

    private void reject(long sequence, long first, String column, String value, RejectionReason reason,
                        String message) {
        int file = StagedRowCodec.fileOf(sequence);
        issues.add(new Issue(sequence, 0, true, fileNames.get(file), StagedRowCodec.lineOf(sequence), column, value,
                reason.name(), String.format(message, fileNames.get(StagedRowCodec.fileOf(first)),
                StagedRowCodec.lineOf(first))));
    }

    /** Rejections and warnings found, to be staged with the partition's results. */
    public List<Issue> issues() {
        return issues;
    }

    /** Accepted rows per input file in this bucket. */
    public long[] accepted() {
        return accepted.clone();
    }

    public long duplicateRows() {
        return duplicateRows;
    }

    public long duplicatePatients() {
        return duplicatePatients;
    }
}

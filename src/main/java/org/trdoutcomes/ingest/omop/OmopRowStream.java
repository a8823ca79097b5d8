package org.trdoutcomes.ingest.omop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Function;
import org.trdoutcomes.ingest.ExtractRow.AcceptedPatient;
import org.trdoutcomes.ingest.ExtractRow.AcceptedTrial;
import org.trdoutcomes.ingest.ExtractRow.RejectedRow;
import org.trdoutcomes.ingest.ExtractRow.WarningRow;
import org.trdoutcomes.ingest.ExtractRow;
import org.trdoutcomes.ingest.ExtractWarning;
import org.trdoutcomes.ingest.WarningCode;
import org.trdoutcomes.ingest.omop.CourseDerivation.Course;
import org.trdoutcomes.rules.Treatment;
import org.trdoutcomes.staging.BinaryInput;

/**
 * Phase 3 of an OMOP read (docs/omop.md, "Shape"): the rows of the work folder handed out one at a time in the
 * documented order: the source's warnings; every rejected row in table order and row order; then the derived buckets
 * merged patient by patient in patient-id order, each patient followed by its PATIENT_NOT_IN_PATIENTS_FILES warning
 * when the person table lacks it and by its trials, numbered 1, 2, … in this order; last the UNMAPPED_DRUG warnings by
 * concept id. Holds one patient per bucket in memory; deletes the work folder once the last row is out.
 */
final class OmopRowStream implements AutoCloseable {

    /** The next patient of one derived bucket. */
    private record BucketHead(DerivedPatient patient, BinaryInput in) {
    }

    private final OmopWorkFolder work;
    private final Function<String, Treatment> treatmentByCanonicalName;
    private final String[] sourceOfTable = new String[CdmTable.values().length];
    private final UnmappedDrugs unmapped;
    private final Deque<ExtractRow> pending = new ArrayDeque<>();
    private final PriorityQueue<BucketHead> merge = new PriorityQueue<>(Comparator.comparing(h -> h.patient().patientId()));
    private final List<BinaryInput> derived = new ArrayList<>();
    private BinaryInput rejected;
    private long sequence;
    private boolean finished;

    /**
     * @param tables the accounting of the tables read: which tables the CDM has, and how rows name them
     */
    OmopRowStream(OmopWorkFolder work, Function<String, Treatment> treatmentByCanonicalName,
                  List<ExtractWarning> sourceWarnings, List<CdmTableAccount> tables, UnmappedDrugs unmapped) throws IOException {
        this.work = work;
        this.treatmentByCanonicalName = treatmentByCanonicalName;
        this.unmapped = unmapped;
        for (CdmTableAccount t : tables) {
            sourceOfTable[t.index()] = t.source();
        }
        for (ExtractWarning w : sourceWarnings) {
            pending.add(new WarningRow(w));
        }
        try {
            rejected = OmopWorkFolder.input(work.rejected());
            for (int b = 0; b < work.buckets(); b++) {
                BinaryInput in = OmopWorkFolder.input(work.derived(b));
                derived.add(in);
                advance(in);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The next row, or null at the end. */
    ExtractRow next() {
        while (pending.isEmpty() && !finished) {
            refill();
        }
        return pending.poll();
    }

    private void refill() {
        try {
            if (rejected != null) {
                RejectedRow row = OmopWorkFolder.readRejected(rejected);
                if (row != null) {
                    pending.add(row);
                    return;
                }
                rejected.close();
                rejected = null;
            }
            BucketHead head = merge.poll();
            if (head != null) {
                patient(head.patient());
                advance(head.in());
                return;
            }
            for (ExtractWarning w : unmapped.warnings(sourceOfTable[CdmTable.DRUG_EXPOSURE.ordinal()])) {
                pending.add(new WarningRow(w));
            }
            finished = true;
            close();
        } catch (IOException e) {
            throw new UncheckedIOException("OMOP work folder " + work + ": " + e.getMessage(), e);
        }
    }

    private void advance(BinaryInput in) throws IOException {
        DerivedPatient next = DerivedPatient.read(in, treatmentByCanonicalName);
        if (next != null) {
            merge.add(new BucketHead(next, in));
        }
    }

    private void patient(DerivedPatient p) {
        // a person without a person row has no line of its own: (person table, line 0), so that every staged row of
        // the CDM keys to a table the person table's accounting covers; its warning names the row it came from
        pending.add(p.hasPersonRow() ? new AcceptedPatient(p.table(), p.line(), p.patient())
                : new AcceptedPatient(CdmTable.PERSON.ordinal(), 0, p.patient()));
        boolean personTablePresent = sourceOfTable[CdmTable.PERSON.ordinal()] != null;
        if (!p.hasPersonRow() && personTablePresent) {
            pending.add(new WarningRow(new ExtractWarning(sourceOfTable[p.table()], p.line(), "person_id", p.patientId(),
                    WarningCode.PATIENT_NOT_IN_PATIENTS_FILES, "The person table has no row for this person_id; its "
                    + "trials are used without sex, age band and site.")));
        }
        for (Course c : p.courses()) {
            pending.add(new AcceptedTrial(c.table(), c.line(), c.trial().withSequence(++sequence)));
        }
    }

    /** Closes the work files and deletes the work folder. */
    @Override
    public void close() {
        if (rejected != null) {
            closeQuietly(rejected);
            rejected = null;
        }
        derived.forEach(OmopRowStream::closeQuietly);
        derived.clear();
        work.delete();
    }

    private static void closeQuietly(BinaryInput in) {
        try {
            in.close();
        } catch (IOException e) {
            // read only
        }
    }
}

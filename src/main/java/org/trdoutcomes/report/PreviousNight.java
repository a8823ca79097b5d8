package org.trdoutcomes.report;

import java.time.LocalDate;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.trdoutcomes.rules.Classification;

/**
 * This run against the previous one (docs/workbook-contract.md "Previous night"): the previous run is the latest
 * completed run with an earlier as-of date; what it classified is read back from the kept classifications, which
 * are those of the latest completed run only. The Patients rows and the kept classifications are both in patient-id
 * order ({@link String#compareTo}), so they are merged like two sorted files: nothing is held but the current row of
 * each.
 *
 * @param asOf          the previous run's as-of date; null when there is none
 * @param unavailable   why the previous run's classifications cannot be compared (they were replaced by a re-run of a
 *                      later night, or not kept); null when they can
 * @param newTrd        TRD now, and not TRD or absent in the previous run
 * @param noLongerTrd   TRD in the previous run, in this extract and not TRD now
 * @param kept          opens an ordered read of the previous run's classifications (empty when not comparable)
 */
public record PreviousNight(LocalDate asOf, String unavailable, long newTrd, long noLongerTrd,
                            Supplier<KeptClassifications> kept) {

    /** One kept row: patient id and classification (an enum name of {@link Classification}). */
    public record Kept(String patient, String classification) {
    }

    /** An ordered read of kept classifications, pulled one row at a time. */
    public interface KeptClassifications extends AutoCloseable {
        /** The next row in patient-id order, or null at the end. */
        Kept next();

        @Override
        void close();
    }

    public static final KeptClassifications NONE_KEPT = new KeptClassifications() {
        @Override
        public Kept next() {
            return null;
        }

        @Override
        public void close() {
        }
    };

    /** There is a previous run and its classifications are the kept ones: the counts and the column mean something. */
    public boolean comparable() {
        return asOf != null && unavailable == null;
    }

    /**
     * Compares this run with the previous one: counts new TRD and no longer TRD in one pass over the merged rows.
     *
     * @param previousAsOf null when no earlier night completed
     * @param unavailable  null when {@code kept} holds the previous run's classifications
     */
    public static PreviousNight compare(LocalDate previousAsOf, String unavailable, RowSource<PatientLine> patients,
                                        Supplier<KeptClassifications> kept) {
        if (previousAsOf == null || unavailable != null) {
            return new PreviousNight(previousAsOf, unavailable, 0, 0, () -> NONE_KEPT);
        }
        long[] counts = new long[2];
        join(patients, kept).forEach(p -> {
            boolean trdNow = Classification.TRD.name().equals(p.line().classification());
            boolean trdBefore = Classification.TRD.name().equals(p.previousClassification());
            if (trdNow && !trdBefore) {
                counts[0]++;
            } else if (trdBefore && !trdNow) {
                counts[1]++;
            }
        });
        return new PreviousNight(previousAsOf, null, counts[0], counts[1], kept);
    }

    /** The Patients rows with their previous classification (empty ones when not comparable). */
    public RowSource<ComparedPatientLine> join(RowSource<PatientLine> patients) {
        return join(patients, comparable() ? kept : () -> NONE_KEPT);
    }

    /**
     * Merge-join of two streams ordered by patient id: for each current row, skip the kept rows of smaller ids
     * (patients no longer in the extract) and take the kept row of the same id, if any. Either stream out of order
     * would silently lose matches, so that fails the run instead.
     */
    static RowSource<ComparedPatientLine> join(RowSource<PatientLine> patients, Supplier<KeptClassifications> kept) {
        Objects.requireNonNull(patients, "patients");
        return consumer -> {
            try (KeptClassifications previous = kept.get()) {
                new Merge(previous, consumer).run(patients);
            }
        };
    }

    private static final class Merge {
        private final KeptClassifications previous;
        private final Consumer<? super ComparedPatientLine> consumer;
        private Kept head;
        private String lastKept;
        private String lastPatient;

        Merge(KeptClassifications previous, Consumer<? super ComparedPatientLine> consumer) {
            this.previous = previous;
            this.consumer = consumer;
        }

        void run(RowSource<PatientLine> patients) {
            head = advance();
            patients.forEach(this::accept);
        }

        private void accept(PatientLine line) {
            String id = line.patient();
            if (lastPatient != null && lastPatient.compareTo(id) >= 0) {
                throw new IllegalStateException("Patients rows out of patient-id order: '" + id + "' after '"
                        + lastPatient + "'");
            }
            lastPatient = id;
            while (head != null && head.patient().compareTo(id) < 0) {
                head = advance();
            }
            String before = head != null && head.patient().equals(id) ? head.classification() : null;
            consumer.accept(new ComparedPatientLine(line, before));
        }

        private Kept advance() {
            Kept next = previous.next();
            if (next != null) {
                if (lastKept != null && lastKept.compareTo(next.patient()) >= 0) {
                    throw new IllegalStateException("Kept classifications out of patient-id order: '"
                            + next.patient() + "' after '" + lastKept + "'");
                }
                lastKept = next.patient();
            }
            return next;
        }
    }
}

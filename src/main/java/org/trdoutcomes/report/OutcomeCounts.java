package org.trdoutcomes.report;

/**
 * Counts behind one row of `Strategy response` / `Treatment detail` (docs/clinical-rules.md §6). Rates are computed by the
 * report from these, so that suppression sees numerator and denominator.
 *
 * @param trials        all trials of the row, evaluable or not
 * @param trdEvaluable  evaluable trials started while the patient was already in TRD
 */
public record OutcomeCounts(long trials, long evaluable, long responders, long remitters,
                            long trdEvaluable, long trdResponders, long trdRemitters) {
    public static final OutcomeCounts ZERO = new OutcomeCounts(0, 0, 0, 0, 0, 0, 0);

    public OutcomeCounts plus(OutcomeCounts o) {
        return new OutcomeCounts(trials + o.trials, evaluable + o.evaluable, responders + o.responders,
                remitters + o.remitters, trdEvaluable + o.trdEvaluable, trdResponders + o.trdResponders,
                trdRemitters + o.trdRemitters);
    }
}

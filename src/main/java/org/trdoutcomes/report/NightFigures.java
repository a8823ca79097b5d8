package org.trdoutcomes.report;

import java.time.LocalDate;

/**
 * The headline figures of one night's run (docs/workbook-contract.md `Trend`): its `Summary` counts and the counts behind its
 * `All strategies` response and remission rates. Counts only, as kept in TRD_RUN_HISTORY: the Trend sheet computes
 * rates and applies suppression row by row, the same way the night's own Summary did, so a row never changes once
 * written (only the suppression threshold in force may differ).
 *
 * @param report        the night's workbook file name
 * @param allEvaluable  evaluable trials of the `All strategies` row (denominator of both rates)
 */
public record NightFigures(LocalDate asOf, String report, long patients, long excludedBipolar, long trd,
                           long pseudoResistant, long notTrd, long insufficientData, long trials,
                           long evaluableTrials, long allEvaluable, long allResponders, long allRemitters,
                           long rowsRead, long rowsAccepted, long rowsRejected) {

    /** This run's figures, from the model its workbook is written from. */
    public static NightFigures of(ReportModel model, String report) {
        OutcomeCounts all = OutcomeCounts.ZERO;
        for (ReportModel.StrategyRow row : model.strategies()) {
            all = all.plus(row.counts());
        }
        ReportModel.Summary s = model.summary();
        return new NightFigures(model.asOf(), report, s.patients(), s.excludedBipolar(), s.trd(),
                s.pseudoResistant(), s.notTrd(), s.insufficientData(), s.trials(), s.evaluableTrials(),
                all.evaluable(), all.responders(), all.remitters(), s.rowsRead(), s.rowsAccepted(),
                s.rowsRejected());
    }

    /** Denominator of TRD prevalence: TRD + pseudo-resistant + not TRD. */
    public long assessed() {
        return trd + pseudoResistant + notTrd;
    }
}

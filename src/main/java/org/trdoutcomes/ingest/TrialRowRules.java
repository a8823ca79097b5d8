package org.trdoutcomes.ingest;

import static org.trdoutcomes.ingest.CellFormats.cut;
import static org.trdoutcomes.ingest.ExtractColumns.*;

import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Function;
import org.trdoutcomes.ingest.ExtractRow.AcceptedTrial;
import org.trdoutcomes.rules.Dose;
import org.trdoutcomes.rules.DoseUnit;
import org.trdoutcomes.rules.Scale;
import org.trdoutcomes.rules.StopReason;
import org.trdoutcomes.rules.Strategy;
import org.trdoutcomes.rules.Treatment;
import org.trdoutcomes.rules.Trial;

/**
 * The row rules of a trials file (docs/data-contract.md "Trials"): each cell of a record read as its type, checked
 * against the contract and against the other cells of its row (end before start, an outcome without a baseline, a
 * score without its scale). Every rule a row breaks is recorded, not only the first: a data manager fixes the row
 * once. Plain Java; {@link ExtractFileReader} calls it for each record of a trials file.
 */
final class TrialRowRules {

    private final int fileIndex;
    private final Function<String, Optional<Treatment>> treatments;

    /**
     * @param fileIndex  the file's index in the extract: with the line, the accepted trial's sequence
     * @param treatments treatment lookup by name or synonym (production passes {@code catalogue::find})
     */
    TrialRowRules(int fileIndex, Function<String, Optional<Treatment>> treatments) {
        this.fileIndex = fileIndex;
        this.treatments = treatments;
    }

    /** The trial of a trials row, or null when the row breaks a rule (the problems are in the row's cells). */
    ExtractRow check(RowCells c) {
        String patientId = c.patientId(T_PATIENT_ID);

        int episode = 1;
        Integer ep = c.positiveInt(T_EPISODE, "the depressive episode number");
        if (ep != null) {
            episode = ep;
        }

        LocalDate start = c.date(T_START);
        if (start == null && c.value(T_START) == null) {
            c.missing(T_START, "expected the date the trial started, as yyyy-MM-dd.");
        }
        LocalDate end = c.date(T_END);
        if (start != null && end != null && end.isBefore(start)) {
            c.reject(T_END, c.value(T_END), RejectionReason.END_BEFORE_START, "end_date " + end
                    + " is before start_date " + start + "; a trial must end on or after the day it starts.");
        }

        Treatment treatment = null;
        String treatmentName = c.value(T_TREATMENT);
        if (treatmentName == null) {
            c.missing(T_TREATMENT, "expected a treatment name from the treatment catalogue.");
        } else {
            treatment = treatments.apply(treatmentName).orElse(null);
            if (treatment == null) {
                c.reject(T_TREATMENT, treatmentName, RejectionReason.UNKNOWN_TREATMENT, "treatment '" + cut(treatmentName)
                        + "' is not in the treatment catalogue; use a catalogue name or synonym, or extend the catalogue.");
            }
        }

        // strategy belongs to antidepressants only: for any other treatment it is ignored, whatever it says
        Strategy strategy = null;
        if (treatment != null && treatment.isAntidepressant()) {
            String s = c.value(T_STRATEGY);
            if (s == null) {
                if (!c.isBad(T_STRATEGY)) {
                    c.reject(T_STRATEGY, null, RejectionReason.MISSING_STRATEGY, "strategy is missing; an antidepressant"
                            + " trial needs one of initial, switch, dose_increase, combination, augmentation.");
                }
            } else {
                strategy = Strategy.parse(s).orElse(null);
                if (strategy == null) {
                    c.reject(T_STRATEGY, s, RejectionReason.UNKNOWN_STRATEGY, "strategy '" + cut(s) + "' is unknown;"
                            + " expected initial, switch, dose_increase, combination or augmentation.");
                }
            }
        }

        Dose dose = null;
        double amount = c.decimal(c.value(T_DOSE), T_DOSE, "the highest daily dose");
        if (!Double.isNaN(amount) && amount <= 0) {
            c.reject(T_DOSE, c.value(T_DOSE), RejectionReason.OUT_OF_RANGE, "dose " + cut(c.value(T_DOSE))
                    + " is out of range; expected a daily dose greater than 0.");
            amount = Double.NaN;
        }
        DoseUnit unit = DoseUnit.MG;
        String unitText = c.value(T_DOSE_UNIT);
        if (unitText != null) {
            unit = DoseUnit.parse(unitText).orElse(null);
            if (unit == null) {
                c.reject(T_DOSE_UNIT, unitText, RejectionReason.UNKNOWN_VALUE, "dose_unit '" + cut(unitText)
                        + "' is unknown; expected mg, mcg (or µg, ug) or mg/24h, or an empty cell for mg.");
            }
        }
        if (!Double.isNaN(amount) && unit != null) {
            dose = new Dose(amount, unit);
        }

        Integer sessions = c.positiveInt(T_SESSIONS, "the number of sessions");

        Double adherence = null;
        String adherenceText = c.value(T_ADHERENCE);
        double adh = c.decimal(adherenceText, T_ADHERENCE, "a percentage from 0 to 100");
        if (!Double.isNaN(adh)) {
            if (adh < 0 || adh > 100) {
                c.reject(T_ADHERENCE, adherenceText, RejectionReason.OUT_OF_RANGE, "adherence_pct " + cut(adherenceText)
                        + " is out of range; expected a percentage from 0 to 100.");
            } else {
                adherence = adh;
            }
        }

        Scale scale = null;
        String scaleText = c.value(T_SCALE);
        if (scaleText != null) {
            scale = Scale.parse(scaleText).orElse(null);
            if (scale == null) {
                c.reject(T_SCALE, scaleText, RejectionReason.UNKNOWN_SCALE, "scale '" + cut(scaleText) + "' is unknown;"
                        + " expected PHQ9, HAMD17, MADRS, QIDS_SR16 or BDI_II (or PHQ-9, HAM-D-17, HRSD17, QIDS-SR16, BDI-II).");
            }
        }
        String baselineText = c.value(T_BASELINE);
        String outcomeText = c.value(T_OUTCOME);
        Double baseline = score(c, baselineText, T_BASELINE, scale);
        Double outcome = score(c, outcomeText, T_OUTCOME, scale);
        boolean scoreGiven = c.isGiven(baselineText, T_BASELINE) || c.isGiven(outcomeText, T_OUTCOME);
        if (scoreGiven && scaleText == null && !c.isBad(T_SCALE)) {
            c.reject(T_SCALE, null, RejectionReason.SCALE_REQUIRED, "scale is missing; a baseline or outcome score"
                    + " needs the rating scale it was measured on (PHQ9, HAMD17, MADRS, QIDS_SR16 or BDI_II).");
        }
        if (c.isGiven(outcomeText, T_OUTCOME) && !c.isGiven(baselineText, T_BASELINE)) {
            c.reject(T_OUTCOME, outcomeText, RejectionReason.OUTCOME_WITHOUT_BASELINE, "outcome_score is given but"
                    + " baseline_score is missing; an outcome can only be judged against a baseline score.");
        }

        StopReason stopReason = null;
        String stopText = c.value(T_STOP);
        if (stopText != null) {
            stopReason = StopReason.parse(stopText).orElse(null);
            if (stopReason == null) {
                c.reject(T_STOP, stopText, RejectionReason.UNKNOWN_VALUE, "stop_reason '" + cut(stopText) + "' is unknown;"
                        + " expected completed, ineffective, side_effects, nonadherence, patient_choice or other.");
            }
        }

        if (c.hasProblems()) {
            return null;
        }
        long sequence = ((long) fileIndex << 32) | c.line();
        Trial trial = new Trial(patientId, episode, start, end, treatment, strategy, dose, sessions, adherence,
                scoreGiven ? scale : null, baseline, outcome, stopReason, sequence);
        return new AcceptedTrial(fileIndex, c.line(), trial);
    }

    /** A score within the scale's range (checked only when the scale is known), or null. */
    private static Double score(RowCells c, String text, int slot, Scale scale) {
        double v = c.decimal(text, slot, "a rating-scale score");
        if (Double.isNaN(v)) {
            return null;
        }
        if (scale != null && !scale.inRange(v)) {
            c.reject(slot, text, RejectionReason.OUT_OF_RANGE, c.column(slot) + " " + cut(text) + " is out of range; "
                    + scale.code() + " scores go from " + scale.min() + " to " + scale.max() + ".");
            return null;
        }
        return v;
    }
}

package org.trdoutcomes.rules;

import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Set;

/**
 * Whether a trial was an adequate test of its treatment (docs/clinical-rules.md §4). A failed trial counts towards
 * resistance only when it was adequate; otherwise the apparent resistance may be under-treatment
 * ("pseudo-resistance"). Dose minimums are those of the MGH-ATRQ (Fava 2003; Chandler et al. 2010); the
 * 6-week minimum duration and 80 % adherence are the usual defaults of TRD definitions (Gaynes et al. 2020).
 */
final class AdequacyRule {

    /** Outcome of the rule for one trial. */
    record Adequacy(boolean adequate, Set<InadequacyReason> reasons) {
        static final Adequacy ADEQUATE = new Adequacy(true, Set.of());
        /** Neither an antidepressant nor ECT: adequacy is not defined, so never adequate. */
        static final Adequacy NOT_APPLICABLE = new Adequacy(false, Set.of());
        static final Adequacy INADEQUATE_ECT = new Adequacy(false, Set.of());
    }

    /** Guards the dose comparison against binary rounding of converted units (e.g. mcg → mg). */
    private static final double DOSE_TOLERANCE = 1e-9;

    private final RuleThresholds thresholds;
    private final long minDays;

    AdequacyRule(RuleThresholds thresholds) {
        this.thresholds = thresholds;
        this.minDays = 7L * thresholds.minWeeks();
    }

    Adequacy assess(Trial trial) {
        DrugClass drugClass = trial.treatment().drugClass();
        if (drugClass.isAntidepressant()) {
            if (!thresholds.adequacyChecked()) {
                // drug-era definitions (any-failure, e.g. OHDSI phenotypes) count every trial as a test
                return Adequacy.ADEQUATE;
            }
            Set<InadequacyReason> reasons = antidepressantReasons(trial);
            return reasons.isEmpty() ? Adequacy.ADEQUATE : new Adequacy(false, reasons);
        }
        if (drugClass == DrugClass.ECT) {
            return isAdequateEct(trial) ? Adequacy.ADEQUATE : Adequacy.INADEQUATE_ECT;
        }
        return Adequacy.NOT_APPLICABLE;
    }

    /** Every criterion of docs/clinical-rules.md §4 that an antidepressant trial misses, whatever the profile. */
    Set<InadequacyReason> antidepressantReasons(Trial trial) {
        EnumSet<InadequacyReason> reasons = EnumSet.noneOf(InadequacyReason.class);
        InadequacyReason doseReason = doseReason(trial);
        if (doseReason != null) {
            reasons.add(doseReason);
        }
        if (trial.isOngoing()) {
            reasons.add(InadequacyReason.ONGOING);
        } else if (ChronoUnit.DAYS.between(trial.startDate(), trial.endDate()) < minDays) {
            reasons.add(InadequacyReason.SHORT_TRIAL);
        }
        // a missing adherence counts as adherent (docs/data-contract.md)
        if (trial.adherencePct() != null && trial.adherencePct() < thresholds.minAdherencePct()) {
            reasons.add(InadequacyReason.LOW_ADHERENCE);
        }
        if (trial.stopReason() == StopReason.SIDE_EFFECTS) {
            reasons.add(InadequacyReason.STOPPED_FOR_SIDE_EFFECTS);
        } else if (trial.stopReason() == StopReason.NONADHERENCE) {
            reasons.add(InadequacyReason.STOPPED_FOR_NONADHERENCE);
        }
        return reasons;
    }

    /**
     * Null when the dose reaches the catalogue minimum. A dose in a unit that cannot be converted to the
     * catalogue's (mg/24h patch against oral mg) is not comparable, hence unknown (docs/clinical-rules.md §1).
     */
    static InadequacyReason doseReason(Trial trial) {
        Dose minimum = trial.treatment().minimumDose();
        if (trial.dose() == null || minimum == null) {
            return InadequacyReason.UNKNOWN_DOSE;
        }
        var converted = trial.dose().in(minimum.unit());
        if (converted.isEmpty()) {
            return InadequacyReason.UNKNOWN_DOSE;
        }
        double needed = minimum.amount();
        return converted.getAsDouble() >= needed - DOSE_TOLERANCE * needed ? null : InadequacyReason.LOW_DOSE;
    }

    /** An ECT course counts as adequate from {@code min-ect-sessions} sessions (default 6). */
    boolean isAdequateEct(Trial trial) {
        return trial.sessions() != null && trial.sessions() >= thresholds.minEctSessions();
    }
}

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
            return BY_REASONS[reasonBits(trial)];
        }
        if (drugClass == DrugClass.ECT) {
            return isAdequateEct(trial) ? Adequacy.ADEQUATE : Adequacy.INADEQUATE_ECT;
        }
        return Adequacy.NOT_APPLICABLE;
    }

    /** {@code assess(trial).adequate()} without the reasons: what a classification needs, and nothing to allocate. */
    boolean isAdequate(Trial trial) {
        DrugClass drugClass = trial.treatment().drugClass();
        if (drugClass.isAntidepressant()) {
            return !thresholds.adequacyChecked() || reasonBits(trial) == 0;
        }
        return drugClass == DrugClass.ECT && isAdequateEct(trial);
    }

    /** Every criterion of docs/clinical-rules.md §4 that an antidepressant trial misses, whatever the profile. */
    Set<InadequacyReason> antidepressantReasons(Trial trial) {
        return BY_REASONS[reasonBits(trial)].reasons();
    }

    /**
     * The criteria missed, one bit per {@link InadequacyReason} ordinal. A patient's trials are assessed under every
     * compared definition: the outcome of each combination of reasons is made once ({@link #BY_REASONS}), not a set
     * per trial.
     */
    private int reasonBits(Trial trial) {
        int bits = 0;
        InadequacyReason doseReason = doseReason(trial);
        if (doseReason != null) {
            bits |= bit(doseReason);
        }
        if (trial.isOngoing()) {
            bits |= bit(InadequacyReason.ONGOING);
        } else if (ChronoUnit.DAYS.between(trial.startDate(), trial.endDate()) < minDays) {
            bits |= bit(InadequacyReason.SHORT_TRIAL);
        }
        // a missing adherence counts as adherent (docs/data-contract.md)
        if (trial.adherencePct() != null && trial.adherencePct() < thresholds.minAdherencePct()) {
            bits |= bit(InadequacyReason.LOW_ADHERENCE);
        }
        if (trial.stopReason() == StopReason.SIDE_EFFECTS) {
            bits |= bit(InadequacyReason.STOPPED_FOR_SIDE_EFFECTS);
        } else if (trial.stopReason() == StopReason.NONADHERENCE) {
            bits |= bit(InadequacyReason.STOPPED_FOR_NONADHERENCE);
        }
        return bits;
    }

    private static int bit(InadequacyReason reason) {
        return 1 << reason.ordinal();
    }

    /** The outcome of an antidepressant trial by the bits of its reasons; the sets immutable, as trials keep them. */
    private static final Adequacy[] BY_REASONS = new Adequacy[1 << InadequacyReason.values().length];

    static {
        BY_REASONS[0] = Adequacy.ADEQUATE;
        for (int bits = 1; bits < BY_REASONS.length; bits++) {
            EnumSet<InadequacyReason> reasons = EnumSet.noneOf(InadequacyReason.class);
            for (InadequacyReason reason : InadequacyReason.values()) {
                if ((bits & bit(reason)) != 0) {
                    reasons.add(reason);
                }
            }
            BY_REASONS[bits] = new Adequacy(false, Set.copyOf(reasons));
        }
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

package org.trdoutcomes.rules;

import java.util.Set;

/**
 * What the rules say of one trial (docs/clinical-rules.md §4).
 *
 * @param step              rank within the patient's episode by start date, ties by file order (1-based)
 * @param improvement       (baseline − outcome) / baseline, or NaN when not evaluable
 * @param adequate          antidepressants: all adequacy criteria hold; ECT: sessions ≥ min; others: false
 * @param inadequacyReasons empty when adequate or when not an antidepressant
 * @param inTrdAtStart      ≥ 2 distinct agents adequately failed in the same episode by this trial's start
 */
public record TrialAssessment(
        Trial trial,
        StrategyCategory category,
        int step,
        boolean evaluable,
        double improvement,
        boolean responder,
        boolean remitter,
        boolean failed,
        boolean adequate,
        Set<InadequacyReason> inadequacyReasons,
        boolean inTrdAtStart) {
    public TrialAssessment {
        inadequacyReasons = Set.copyOf(inadequacyReasons);
    }
}

package org.trdoutcomes.rules;

/**
 * The thresholds of one definition of TRD (docs/clinical-rules.md §4, §5, §7). Defaults are those of docs/clinical-rules.md.
 *
 * @param minWeeks             a trial shorter than this is not adequate (SHORT_TRIAL); default 6
 * @param nonResponseThreshold a trial is failed when improvement is below this; default 0.50
 * @param responseThreshold    a trial is a response when improvement is at least this; 0.50 (STAR*D)
 * @param minAdherencePct      adherence below this makes a trial inadequate (LOW_ADHERENCE); default 80
 * @param minFailedTrials      adequately failed agents that make TRD; default 2
 * @param minEctSessions       sessions for an adequate ECT course; default 6
 * @param adequacyChecked      false for definitions that count every failed trial (`any-failure`)
 */
public record RuleThresholds(
        int minWeeks,
        double nonResponseThreshold,
        double responseThreshold,
        double minAdherencePct,
        int minFailedTrials,
        int minEctSessions,
        boolean adequacyChecked) {

    public static RuleThresholds standard() {
        return new RuleThresholds(6, 0.50, 0.50, 80.0, 2, 6, true);
    }
}

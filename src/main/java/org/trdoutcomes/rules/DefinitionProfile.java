package org.trdoutcomes.rules;

/**
 * A named definition of TRD (docs/clinical-rules.md §7): its thresholds, a one-line description, its source, and what it counts.
 *
 * @param criterion what makes TRD: adequately failed (or failed) agents under the thresholds, or the qualifying
 *                  switches of {@link SwitchProxy}; the thresholds still assess every trial (response, remission,
 *                  failure, adequacy, staging) under either
 */
public record DefinitionProfile(String name, String description, String source, RuleThresholds thresholds,
                                Criterion criterion) {
    public static final String STANDARD = "standard";

    /** What a definition counts to call a patient TRD. */
    public enum Criterion {
        /** ≥ min-failed-trials adequately failed agents (or failed agents when adequacy is not checked). */
        FAILED_AGENTS,
        /** ≥ 2 qualifying switches and ≥ 3 agents, from the course sequence alone ({@link SwitchProxy}). */
        QUALIFYING_SWITCHES
    }

    /** A threshold-based definition (the four of docs/clinical-rules.md §7's first table, and user profiles). */
    public DefinitionProfile(String name, String description, String source, RuleThresholds thresholds) {
        this(name, description, source, thresholds, Criterion.FAILED_AGENTS);
    }

    public DefinitionProfile {
        if (criterion == null) {
            criterion = Criterion.FAILED_AGENTS;
        }
    }
}

package org.trdoutcomes.rules;

import java.util.List;
import java.util.Optional;

/**
 * The built-in definitions of TRD compared side by side (docs/clinical-rules.md §7). There is no consensus on what
 * "adequate" and "failed" mean (Gaynes et al. 2020), so every profile is derived from the configured
 * {@code standard} thresholds and changes only what its source changes.
 */
public final class DefinitionProfiles {

    public static final String EU_PEARL = "eu-pearl";
    public static final String STRICT = "strict";
    public static final String ANY_FAILURE = "any-failure";
    public static final String SWITCH_PROXY = "switch-proxy";

    private DefinitionProfiles() {
    }

    /**
     * The profiles standard, eu-pearl, strict, any-failure and switch-proxy, in this order. switch-proxy keeps
     * standard's thresholds for everything it does not replace (trial outcome, adequacy, staging): only its
     * classification comes from the course sequence.
     */
    public static List<DefinitionProfile> builtIn(RuleThresholds standard) {
        return List.of(
                new DefinitionProfile(DefinitionProfile.STANDARD,
                        "≥ 2 adequately failed antidepressants; adequate = MGH-ATRQ minimum dose, "
                                + standard.minWeeks() + " weeks, adherence, stop reason",
                        "MGH-ATRQ: Fava 2003; Chandler et al. 2010",
                        standard),
                new DefinitionProfile(EU_PEARL,
                        "≥ 2 adequately failed antidepressants; adequate from 4 weeks, failed when improvement < 25 %",
                        "EU-PEARL: Sforzini et al. 2022",
                        new RuleThresholds(4, 0.25, standard.responseThreshold(), standard.minAdherencePct(),
                                standard.minFailedTrials(), standard.minEctSessions(), true)),
                new DefinitionProfile(STRICT,
                        "≥ 2 adequately failed antidepressants; adequate from 8 weeks",
                        "ATRQ forms of recent trials",
                        new RuleThresholds(8, standard.nonResponseThreshold(), standard.responseThreshold(),
                                standard.minAdherencePct(), standard.minFailedTrials(), standard.minEctSessions(),
                                true)),
                new DefinitionProfile(ANY_FAILURE,
                        "≥ 2 failed antidepressants; adequacy not checked",
                        "drug-era phenotypes such as OHDSI's",
                        new RuleThresholds(standard.minWeeks(), standard.nonResponseThreshold(),
                                standard.responseThreshold(), standard.minAdherencePct(), standard.minFailedTrials(),
                                standard.minEctSessions(), false)),
                new DefinitionProfile(SWITCH_PROXY,
                        "≥ " + SwitchProxy.MIN_SWITCHES + " qualifying switches and ≥ " + SwitchProxy.MIN_AGENTS
                                + " antidepressant agents; a switch: course ≥ " + SwitchProxy.MIN_COURSE_DAYS
                                + " days, next agent started within " + SwitchProxy.MAX_GAP_DAYS
                                + " days of its end, not back to an earlier agent; no scores used",
                        "Fabbri et al. 2021, adapted",
                        standard, DefinitionProfile.Criterion.QUALIFYING_SWITCHES));
    }

    /** The built-in profile of that name (as {@code trd.rules.profile} spells it, any case), if any. */
    public static Optional<DefinitionProfile> find(RuleThresholds standard, String name) {
        if (name == null) {
            return Optional.empty();
        }
        String key = name.strip();
        return builtIn(standard).stream().filter(p -> p.name().equalsIgnoreCase(key)).findFirst();
    }
}

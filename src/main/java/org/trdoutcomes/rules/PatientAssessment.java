package org.trdoutcomes.rules;

import java.util.List;
import java.util.SortedSet;

/**
 * What the rules say of one patient (docs/clinical-rules.md §5), for the current episode, plus every trial of every episode
 * assessed (rates use all episodes; classification and staging the current one).
 *
 * @param currentEpisode         highest episode number among the patient's trials; 0 when the patient has no trial
 * @param antidepressantTrials   antidepressant trials in the current episode
 * @param maudsley               null when not staged (no adequately failed agent, or severity unknown)
 * @param flags                  inadequacy reasons and diagnosis-review flags, sorted
 */
public record PatientAssessment(
        PatientAttributes patient,
        int currentEpisode,
        int antidepressantTrials,
        int failedAgents,
        int adequatelyFailedAgents,
        Classification classification,
        int thaseRushStage,
        double mghScore,
        MaudsleyScore maudsley,
        SortedSet<String> flags,
        List<TrialAssessment> trials) {

    public String flagText() {
        return String.join(";", flags);
    }
}

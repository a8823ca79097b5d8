package org.trdoutcomes.rules;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Applies docs/clinical-rules.md §4–§5 to one patient: trial outcome and adequacy, step, in-TRD-at-start, classification,
 * flags, Thase–Rush, MGH-S and Maudsley staging. Pure function of its inputs; thread-safe.
 */
public final class PatientClassifier {

    private final RuleThresholds thresholds;
    private final DefinitionProfile.Criterion criterion;
    private final TrialAssessor trialAssessor;

    public PatientClassifier(RuleThresholds thresholds) {
        this(thresholds, DefinitionProfile.Criterion.FAILED_AGENTS);
    }

    /**
     * @param criterion what makes TRD; with {@code QUALIFYING_SWITCHES} the thresholds still assess the trials
     *                  (outcome, adequacy, staging, flags) and only the classification follows {@link SwitchProxy}
     */
    public PatientClassifier(RuleThresholds thresholds, DefinitionProfile.Criterion criterion) {
        this.thresholds = thresholds;
        this.criterion = criterion;
        this.trialAssessor = new TrialAssessor(thresholds);
    }

    public PatientClassifier(DefinitionProfile profile) {
        this(profile.thresholds(), profile.criterion());
    }

    public RuleThresholds thresholds() {
        return thresholds;
    }

    /**
     * @param patient attributes from the patients files, or {@link PatientAttributes#unknown(String)}
     * @param trials  every accepted trial of this patient, any order, any episode (may be empty)
     * @param asOf    the run's as-of date (episode duration for the Maudsley method)
     * @return the assessment; its trials are in step order (episode, start date, file order)
     */
    public PatientAssessment assess(PatientAttributes patient, List<Trial> trials, LocalDate asOf) {
        List<TrialAssessment> assessed = trialAssessor.assess(trials);
        // step order puts the current (highest) episode last
        int currentEpisode = assessed.isEmpty() ? 0 : assessed.get(assessed.size() - 1).trial().episode();
        int from = assessed.size();
        while (from > 0 && assessed.get(from - 1).trial().episode() == currentEpisode) {
            from--;
        }
        List<TrialAssessment> episode = assessed.subList(from, assessed.size());

        int antidepressantTrials = 0;
        boolean anyEvaluableAntidepressant = false;
        boolean adequateEctFailed = false;
        List<String> failedAgents = new ArrayList<>(4);
        List<String> adequatelyFailedAgents = new ArrayList<>(4);
        Set<DrugClass> adequatelyFailedClasses = EnumSet.noneOf(DrugClass.class);
        SortedSet<String> flags = new TreeSet<>();
        for (TrialAssessment a : episode) {
            Treatment treatment = a.trial().treatment();
            if (treatment.drugClass() == DrugClass.ECT) {
                adequateEctFailed |= a.failed() && a.adequate();
                continue;
            }
            if (!treatment.isAntidepressant()) {
                continue;
            }
            antidepressantTrials++;
            anyEvaluableAntidepressant |= a.evaluable();
            if (!a.failed()) {
                continue;
            }
            addDistinct(failedAgents, treatment.canonicalName());
            if (a.adequate()) {
                addDistinct(adequatelyFailedAgents, treatment.canonicalName());
                adequatelyFailedClasses.add(treatment.drugClass());
            } else {
                // failed but inadequate: the under-treatment to review before calling the depression resistant
                for (InadequacyReason reason : a.inadequacyReasons()) {
                    flags.add(reason.name());
                }
            }
        }
        DiagnosisFlags.addReviewFlags(patient, flags);

        boolean bipolar = DiagnosisFlags.isBipolar(patient);
        Classification classification = criterion == DefinitionProfile.Criterion.QUALIFYING_SWITCHES
                ? SwitchProxy.classify(bipolar, SwitchProxy.countTrials(trialsOf(episode)))
                : classify(bipolar, adequatelyFailedAgents.size(), failedAgents.size(), anyEvaluableAntidepressant,
                        thresholds);
        return new PatientAssessment(
                patient,
                currentEpisode,
                antidepressantTrials,
                failedAgents.size(),
                adequatelyFailedAgents.size(),
                classification,
                ThaseRushStage.of(adequatelyFailedClasses, adequateEctFailed),
                MghStagingScore.of(episode),
                MaudsleyStaging.score(patient, episode, adequatelyFailedAgents.size(), asOf),
                Collections.unmodifiableSortedSet(flags),
                Collections.unmodifiableList(assessed));
    }

    /**
     * The classification alone: the same as {@code assess(patient, trials, asOf).classification()}, for the compared
     * definitions of docs/clinical-rules.md §7, which need nothing else of the patient. It looks only at the current
     * episode's antidepressant trials, and assesses nothing it does not count: no step order (unless the criterion
     * is {@code QUALIFYING_SWITCHES}, which reads the course sequence), no staging, no flags.
     *
     * @param trials every accepted trial of this patient, any order, any episode (may be empty)
     */
    public Classification classify(PatientAttributes patient, List<Trial> trials) {
        boolean bipolar = DiagnosisFlags.isBipolar(patient);
        int currentEpisode = 0;
        for (Trial t : trials) {
            currentEpisode = Math.max(currentEpisode, t.episode());
        }
        if (criterion == DefinitionProfile.Criterion.QUALIFYING_SWITCHES) {
            List<Trial> episode = new ArrayList<>(trials.size());
            for (Trial t : trials) {
                if (t.episode() == currentEpisode) {
                    episode.add(t);
                }
            }
            episode.sort(TrialAssessor.STEP_ORDER);
            return SwitchProxy.classify(bipolar, SwitchProxy.countTrials(episode));
        }
        boolean anyEvaluableAntidepressant = false;
        List<String> failedAgents = null;
        List<String> adequatelyFailedAgents = null;
        for (Trial t : trials) {
            if (t.episode() != currentEpisode || !t.treatment().isAntidepressant()) {
                continue;
            }
            boolean evaluable = TrialOutcome.isEvaluable(t);
            anyEvaluableAntidepressant |= evaluable;
            // failed as TrialAssessor has it: evaluable and improved less than the non-response threshold
            if (!evaluable || !(TrialOutcome.improvement(t) < thresholds.nonResponseThreshold())) {
                continue;
            }
            if (failedAgents == null) {
                failedAgents = new ArrayList<>(4);
                adequatelyFailedAgents = new ArrayList<>(4);
            }
            addDistinct(failedAgents, t.treatment().canonicalName());
            if (trialAssessor.isAdequate(t)) {
                addDistinct(adequatelyFailedAgents, t.treatment().canonicalName());
            }
        }
        return classify(bipolar, adequatelyFailedAgents == null ? 0 : adequatelyFailedAgents.size(),
                failedAgents == null ? 0 : failedAgents.size(), anyEvaluableAntidepressant, thresholds);
    }

    /**
     * docs/clinical-rules.md §5, first match wins. Bipolar patients are excluded before anything else (unipolar TRD criteria do
     * not apply), even when they have no trial. PSEUDO_RESISTANT uses {@code min-failed-trials} too, so that it
     * stays "would be TRD if the failures had been adequate" when the threshold is configured.
     */
    static Classification classify(boolean bipolar, int adequatelyFailedAgents, int failedAgents,
                                   boolean anyEvaluableAntidepressant, RuleThresholds thresholds) {
        if (bipolar) {
            return Classification.EXCLUDED_BIPOLAR;
        }
        if (adequatelyFailedAgents >= thresholds.minFailedTrials()) {
            return Classification.TRD;
        }
        if (failedAgents >= thresholds.minFailedTrials()) {
            return Classification.PSEUDO_RESISTANT;
        }
        return anyEvaluableAntidepressant ? Classification.NOT_TRD : Classification.INSUFFICIENT_DATA;
    }

    private static List<Trial> trialsOf(List<TrialAssessment> assessed) {
        List<Trial> trials = new ArrayList<>(assessed.size());
        for (TrialAssessment a : assessed) {
            trials.add(a.trial());
        }
        return trials;
    }

    /** Patients have a handful of agents: a list is cheaper than a hash set. */
    private static void addDistinct(List<String> agents, String agent) {
        if (!agents.contains(agent)) {
            agents.add(agent);
        }
    }
}

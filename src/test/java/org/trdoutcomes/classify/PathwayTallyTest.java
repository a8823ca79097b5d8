package org.trdoutcomes.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.trdoutcomes.rules.Scale;
import org.trdoutcomes.rules.StrategyCategory;
import org.trdoutcomes.rules.TreatmentCatalogue;
import org.trdoutcomes.rules.TreatmentPathway;
import org.trdoutcomes.rules.Trial;
import org.trdoutcomes.rules.TrialAssessment;

/** docs/clinical-rules.md §9 counted one episode at a time: pathways, what followed a failed step, categories at each step. */
class PathwayTallyTest {

    private static final TreatmentCatalogue CATALOGUE = TreatmentCatalogue.defaults();
    private static final StrategyCategory INITIAL = StrategyCategory.INITIAL_ANTIDEPRESSANT;
    private static final StrategyCategory SWITCH = StrategyCategory.SWITCH_ANTIDEPRESSANT;
    private static final StrategyCategory LITHIUM = StrategyCategory.AUGMENTATION_LITHIUM;
    private static final StrategyCategory ECT = StrategyCategory.ECT;

    /** Outcome of one step: F failed, R responder and remitter, P responder only, N not evaluable, E evaluable only. */
    private static List<TrialAssessment> episode(int episode, Object... categoryThenOutcome) {
        List<TrialAssessment> trials = new ArrayList<>();
        for (int i = 0; i < categoryThenOutcome.length; i += 2) {
            StrategyCategory c = (StrategyCategory) categoryThenOutcome[i];
            char o = (Character) categoryThenOutcome[i + 1];
            Trial t = new Trial("P1", episode, LocalDate.of(2025, 1, 1).plusDays(60L * i), null,
                    CATALOGUE.find("sertraline").orElseThrow(), null, null, null, null, Scale.PHQ9, 20.0, 10.0, null,
                    i);
            trials.add(new TrialAssessment(t, c, i / 2 + 1, o != 'N', 0.5, o == 'R' || o == 'P', o == 'R', o == 'F',
                    false, Set.of(), false));
        }
        return trials;
    }

    private static List<TrialAssessment> patient(List<TrialAssessment>... episodes) {
        List<TrialAssessment> all = new ArrayList<>();
        for (List<TrialAssessment> e : episodes) {
            all.addAll(e);
        }
        return all;
    }

    private static Map<String, long[]> byText(PathwayTally tally) {
        Map<String, long[]> texts = new java.util.TreeMap<>();
        tally.pathways().forEach((k, v) -> texts.put(TreatmentPathway.text(k), v));
        return texts;
    }

    @Test
    void eachEpisodeIsOnePathwayAndRemittedCountsRemissionsUpToStep4() {
        PathwayTally tally = new PathwayTally();
        // episode 1 remits at step 3; episode 2 remits only at step 5
        tally.add(patient(episode(1, INITIAL, 'F', SWITCH, 'F', LITHIUM, 'R'),
                episode(2, INITIAL, 'F', SWITCH, 'F', SWITCH, 'F', LITHIUM, 'F', ECT, 'R')));
        Map<String, long[]> pathways = byText(tally);
        assertThat(pathways).containsOnlyKeys(
                "Initial antidepressant → Switch antidepressant → Augmentation: lithium",
                "Initial antidepressant → Switch antidepressant → Switch antidepressant → Augmentation: lithium → …");
        assertThat(pathways.get("Initial antidepressant → Switch antidepressant → Augmentation: lithium"))
                .containsExactly(1, 1);
        assertThat(pathways.get("Initial antidepressant → Switch antidepressant → Switch antidepressant"
                + " → Augmentation: lithium → …")).containsExactly(1, 0);
        assertThat(tally.atStep(1, INITIAL)).isEqualTo(2);
        assertThat(tally.atStep(3, SWITCH)).isEqualTo(1);
        assertThat(tally.atStep(3, LITHIUM)).isEqualTo(1);
        assertThat(tally.atStep(4, LITHIUM)).isEqualTo(1);
    }

    @Test
    void afterAFailedStepCountsTheNextTrialByItsCategory() {
        PathwayTally tally = new PathwayTally();
        tally.add(episode(1, INITIAL, 'F', SWITCH, 'N', LITHIUM, 'R'));
        tally.add(episode(1, INITIAL, 'F', SWITCH, 'P'));
        tally.add(episode(1, INITIAL, 'E', SWITCH, 'F')); // step 1 not failed: not followed
        tally.add(episode(1, INITIAL, 'F', SWITCH, 'F', SWITCH, 'F', LITHIUM, 'R', ECT, 'R'));
        assertThat(tally.afterFailure(1, SWITCH)).containsExactly(3, 2, 1, 0);
        // step 2 of the first episode was not evaluable, so not failed: lithium after it is not counted
        assertThat(tally.afterFailure(2, LITHIUM)).containsExactly(0, 0, 0, 0);
        assertThat(tally.afterFailure(2, SWITCH)).containsExactly(1, 1, 0, 0);
        assertThat(tally.afterFailure(3, LITHIUM)).containsExactly(1, 1, 1, 1);
        // k stops at 3: step 5 is never a "next step" on the sheet
        assertThat(tally.afterFailure(3, ECT)).containsExactly(0, 0, 0, 0);
    }

    @Test
    void mergingTwoHalvesGivesTheCountsOfTheWhole() throws Exception {
        List<List<TrialAssessment>> patients = List.of(
                episode(1, INITIAL, 'F', SWITCH, 'F', LITHIUM, 'R'),
                episode(1, INITIAL, 'R'),
                episode(1, INITIAL, 'F', SWITCH, 'P'),
                patient(episode(1, INITIAL, 'F'), episode(2, ECT, 'R')),
                episode(1, INITIAL, 'F', SWITCH, 'F', SWITCH, 'F', LITHIUM, 'F', ECT, 'R'));
        PathwayTally whole = new PathwayTally();
        PathwayTally first = new PathwayTally();
        PathwayTally second = new PathwayTally();
        for (int i = 0; i < patients.size(); i++) {
            whole.add(patients.get(i));
            (i % 2 == 0 ? first : second).add(patients.get(i));
        }
        first.merge(roundTrip(second));
        assertThat(byText(first)).usingRecursiveComparison().isEqualTo(byText(whole));
        for (StrategyCategory c : StrategyCategory.values()) {
            for (int k = 1; k <= 3; k++) {
                assertThat(first.afterFailure(k, c)).containsExactly(whole.afterFailure(k, c));
            }
            for (int s = 1; s <= 4; s++) {
                assertThat(first.atStep(s, c)).isEqualTo(whole.atStep(s, c));
            }
        }
    }

    /** Partition tallies travel in execution contexts: serialized and back. */
    private static PathwayTally roundTrip(PathwayTally tally) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(tally);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (PathwayTally) in.readObject();
        }
    }
}

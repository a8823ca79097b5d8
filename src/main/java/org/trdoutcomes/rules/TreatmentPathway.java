package org.trdoutcomes.rules;

import java.util.List;

/**
 * The pathway of a patient-episode (docs/clinical-rules.md §9): the strategy categories of its steps 1–4 joined with
 * {@value #ARROW}, and {@value #ARROW}{@value #MORE} appended when the episode went further, so that
 * {@code A → B → C → D} and {@code A → B → C → D → …} are different pathways.
 *
 * <p>Counting millions of episodes by pathway, the tallies key them by a small int rather than by text: the
 * categories of steps 1–4 as base-20 digits (ordinal + 1, 0 = no such step) times two, plus one when the
 * episode had more than four steps. At most 20⁴ × 2 keys, whatever the extract's size.
 */
public final class TreatmentPathway {

    /** Steps named in a pathway (STAR*D's four levels, as on `Treatment steps`). */
    public static final int MAX_STEPS = 4;
    public static final String ARROW = " \u2192 ";
    public static final String MORE = "\u2026";

    private static final int BASE = StrategyCategory.values().length + 1;
    private static final StrategyCategory[] CATEGORIES = StrategyCategory.values();

    private TreatmentPathway() {
    }

    /** The pathway text of one episode's trials in step order (an empty list has no pathway: empty text). */
    public static String text(List<TrialAssessment> episodeTrials) {
        return text(key(episodeTrials, 0, episodeTrials.size()));
    }

    /**
     * The key of the episode made of {@code trials[from, to)} in step order.
     *
     * @throws IllegalArgumentException when the range is empty
     */
    public static int key(List<TrialAssessment> trials, int from, int to) {
        if (to <= from) {
            throw new IllegalArgumentException("an episode has at least one step");
        }
        int digits = 0;
        for (int i = from; i < Math.min(to, from + MAX_STEPS); i++) {
            digits = digits * BASE + trials.get(i).category().ordinal() + 1;
        }
        return digits * 2 + (to - from > MAX_STEPS ? 1 : 0);
    }

    /** The categories of steps 1–4 named by a key, in step order. */
    public static List<StrategyCategory> categories(int key) {
        int digits = key / 2;
        StrategyCategory[] reversed = new StrategyCategory[MAX_STEPS];
        int n = 0;
        while (digits > 0) {
            reversed[n++] = CATEGORIES[digits % BASE - 1];
            digits /= BASE;
        }
        StrategyCategory[] inOrder = new StrategyCategory[n];
        for (int i = 0; i < n; i++) {
            inOrder[i] = reversed[n - 1 - i];
        }
        return List.of(inOrder);
    }

    /** Whether the episode of this key had more than {@value #MAX_STEPS} steps. */
    public static boolean wentFurther(int key) {
        return key % 2 == 1;
    }

    /** Steps named in the pathway text (1–4). */
    public static int steps(int key) {
        return categories(key).size();
    }

    public static String text(int key) {
        StringBuilder text = new StringBuilder();
        for (StrategyCategory c : categories(key)) {
            if (!text.isEmpty()) {
                text.append(ARROW);
            }
            text.append(c.label());
        }
        if (wentFurther(key)) {
            text.append(ARROW).append(MORE);
        }
        return text.toString();
    }
}

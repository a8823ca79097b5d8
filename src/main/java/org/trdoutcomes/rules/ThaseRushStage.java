package org.trdoutcomes.rules;

import java.util.Set;

/**
 * Thase–Rush staging (Thase &amp; Rush 1997), as docs/clinical-rules.md §5 operationalises it on the classes of the
 * adequately failed antidepressants: each stage requires the one before it.
 */
final class ThaseRushStage {

    private ThaseRushStage() {
    }

    /**
     * @param failedClasses      the classes of the adequately failed antidepressant agents of the episode
     * @param adequateEctFailed  an adequate ECT course of the episode failed
     * @return 0 (no adequate failure) … 5 (failed ECT after stage 4)
     */
    static int of(Set<DrugClass> failedClasses, boolean adequateEctFailed) {
        int classes = failedClasses.size();
        if (classes == 0) {
            return 0;
        }
        if (classes == 1) {
            return 1;
        }
        // stage 3: a TCA failed on top of two other classes
        if (!failedClasses.contains(DrugClass.TCA) || classes < 3) {
            return 2;
        }
        if (!failedClasses.contains(DrugClass.MAOI)) {
            return 3;
        }
        return adequateEctFailed ? 5 : 4;
    }
}

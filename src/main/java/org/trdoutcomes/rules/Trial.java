package org.trdoutcomes.rules;

import java.time.LocalDate;

/**
 * One validated treatment trial of one patient (one accepted row of a trials file).
 *
 * @param endDate    null while the trial is ongoing
 * @param strategy   null for treatments that are not antidepressants
 * @param dose       null when not given
 * @param sessions   null when not given
 * @param adherencePct null when not given (counts as adherent)
 * @param scale      null when no score is given
 * @param sequence   position in the extract (file order, then line): breaks start-date ties for the step rank
 */
public record Trial(
        String patientId,
        int episode,
        LocalDate startDate,
        LocalDate endDate,
        Treatment treatment,
        Strategy strategy,
        Dose dose,
        Integer sessions,
        Double adherencePct,
        Scale scale,
        Double baselineScore,
        Double outcomeScore,
        StopReason stopReason,
        long sequence) {

    public boolean isOngoing() {
        return endDate == null;
    }

    /** The same trial at another position: the OMOP reader numbers its derived trials as it hands them out. */
    public Trial withSequence(long newSequence) {
        return new Trial(patientId, episode, startDate, endDate, treatment, strategy, dose, sessions, adherencePct,
                scale, baselineScore, outcomeScore, stopReason, newSequence);
    }
}

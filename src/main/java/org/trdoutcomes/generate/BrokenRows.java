package org.trdoutcomes.generate;

import java.time.LocalDate;
import java.util.SplittableRandom;

import org.trdoutcomes.generate.SampleTreatments.SampleTreatment;
import org.trdoutcomes.rules.Scale;

/**
 * Makes a broken copy of a good row: the same values with exactly one fault, so that each broken row
 * exercises one rejection reason of docs/data-contract.md and nothing else.
 */
final class BrokenRows {

    private static final String[] UNKNOWN_TREATMENTS = {"St John's wort", "sertralin", "Zolof", "herbal tea", "placebo"};
    private static final String[] UNKNOWN_STOP_REASONS = {"relapse", "moved away", "lost to follow-up", "unknown"};
    private static final String[] WORDS_FOR_PATIENT = {"patient", "p", "pt"};

    private BrokenRows() {
    }

    static String[] trialRow(BrokenRowKind kind, String[] good, SplittableRandom rng) {
        String[] row = good.clone();
        switch (kind) {
            case UNKNOWN_TREATMENT -> set(row, TrialColumn.TREATMENT, pick(UNKNOWN_TREATMENTS, rng));
            case BAD_DATE -> {
                // February 30th never exists, whatever the year.
                String start = get(row, TrialColumn.START_DATE);
                set(row, TrialColumn.START_DATE, start.substring(0, 4) + "-02-30");
            }
            case END_BEFORE_START -> {
                LocalDate start = LocalDate.parse(get(row, TrialColumn.START_DATE));
                String end = get(row, TrialColumn.END_DATE);
                if (end.isEmpty() || end.equals(get(row, TrialColumn.START_DATE))) {
                    set(row, TrialColumn.END_DATE, start.minusDays(7 + rng.nextInt(30)).toString());
                } else {
                    set(row, TrialColumn.START_DATE, end);
                    set(row, TrialColumn.END_DATE, start.toString());
                }
            }
            case SCORE_OUT_OF_RANGE -> {
                Scale scale = Scale.parse(get(row, TrialColumn.SCALE)).orElse(Scale.PHQ9);
                set(row, TrialColumn.SCALE, scale.code());
                set(row, TrialColumn.BASELINE_SCORE, Integer.toString(scale.max() + 1 + rng.nextInt(20)));
                set(row, TrialColumn.OUTCOME_SCORE, Integer.toString(scale.remissionCutoff() + 3));
            }
            case MISSING_STRATEGY -> {
                SampleTreatment treatment = SampleTreatments.byWrittenName(get(row, TrialColumn.TREATMENT)).orElseThrow();
                if (!treatment.isAntidepressant()) {
                    set(row, TrialColumn.TREATMENT, "citalopram");
                    set(row, TrialColumn.DOSE, "20");
                    set(row, TrialColumn.DOSE_UNIT, "mg");
                    set(row, TrialColumn.SESSIONS, "");
                }
                set(row, TrialColumn.STRATEGY, "");
            }
            case OUTCOME_WITHOUT_BASELINE -> {
                Scale scale = Scale.parse(get(row, TrialColumn.SCALE)).orElse(Scale.PHQ9);
                set(row, TrialColumn.SCALE, get(row, TrialColumn.SCALE).isEmpty() ? scale.code() : get(row, TrialColumn.SCALE));
                set(row, TrialColumn.BASELINE_SCORE, "");
                if (get(row, TrialColumn.OUTCOME_SCORE).isEmpty()) {
                    set(row, TrialColumn.OUTCOME_SCORE, Integer.toString(scale.remissionCutoff() + 2));
                }
            }
            case EMAIL_AS_PATIENT_ID -> set(row, TrialColumn.PATIENT_ID,
                    pick(WORDS_FOR_PATIENT, rng) + get(row, TrialColumn.PATIENT_ID).substring(1) + "@example.org");
            case DUPLICATE_TRIAL_ROW -> {
                // the copy as it is
            }
            case UNKNOWN_STOP_REASON -> set(row, TrialColumn.STOP_REASON, pick(UNKNOWN_STOP_REASONS, rng));
            case DUPLICATE_PATIENT_ROW -> throw new IllegalArgumentException("not a trials-file fault: " + kind);
        }
        return row;
    }

    /** A second patients row for the same id, with other values changed as a second export would. */
    static String[] duplicatePatientRow(String[] good, SplittableRandom rng) {
        String[] row = good.clone();
        int age = PatientColumn.AGE_BAND.ordinal();
        row[age] = row[age].equals("45-54") ? "55-64" : "45-54";
        int diagnosis = PatientColumn.DIAGNOSIS.ordinal();
        if (rng.nextBoolean() && !row[diagnosis].startsWith("F31")) {
            row[diagnosis] = "F33.1";
        }
        return row;
    }

    private static String get(String[] row, TrialColumn column) {
        return row[column.ordinal()];
    }

    private static void set(String[] row, TrialColumn column, String value) {
        row[column.ordinal()] = value;
    }

    private static String pick(String[] values, SplittableRandom rng) {
        return values[rng.nextInt(values.length)];
    }
}

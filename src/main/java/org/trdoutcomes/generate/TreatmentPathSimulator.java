package org.trdoutcomes.generate;

import static org.trdoutcomes.generate.SampleTreatments.*;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.trdoutcomes.generate.SampleTreatments.SampleTreatment;
import org.trdoutcomes.rules.DoseUnit;
import org.trdoutcomes.rules.DrugClass;
import org.trdoutcomes.rules.Scale;

/**
 * Walks one patient through a STAR*D-like sequence of treatment steps (Rush et al. 2006): an initial SSRI,
 * then switch / dose increase / combination / augmentation, later TCAs and MAOIs, and in the longest paths
 * ketamine, ECT, TMS and the rarer options. A patient usually leaves the path on remission, and some drop out
 * after any step. Remission per step is drawn near STAR*D's (36.8%, 30.6%, 13.7%, 13.0%) so the report's
 * step table has a recognisable shape.
 *
 * <p>Adequacy failures are drawn on purpose at realistic rates (low and unknown doses, short trials,
 * low adherence, stops for side effects or non-adherence), so that the sample has TRD, pseudo-resistant
 * and not-TRD patients.
 */
final class TreatmentPathSimulator {

    /** Trials in one episode at most; STAR*D had 4 levels, registries of TRD clinics show longer paths. */
    static final int MAX_STEPS = 10;

    /** Remission probability of an evaluable trial at step 1, 2, 3, 4, 5+ (before the treatment modifiers). */
    private static final double[] REMISSION_BY_STEP = {0.39, 0.33, 0.16, 0.12, 0.11};
    /** Response without remission at step 1, 2, 3, 4, 5+. */
    private static final double[] RESPONSE_ONLY_BY_STEP = {0.12, 0.10, 0.08, 0.07, 0.07};
    /** Chance to go on to a next step after a trial without response. */
    private static final double[] CONTINUE_AFTER_FAILURE = {0.86, 0.83, 0.80, 0.76, 0.70};

    enum Outcome { REMISSION, RESPONSE, NON_RESPONSE }

    /** What happens at a step after the first; weights for steps 2, 3, 4 and 5+. */
    enum Move {
        DOSE_INCREASE(14, 6, 2, 1),
        SWITCH(30, 20, 8, 4),
        AD_COMBINATION(14, 8, 10, 4),
        TCA_SWITCH(2, 8, 10, 6),
        MAOI_SWITCH(0, 2, 12, 8),
        LITHIUM_AUGMENTATION(4, 12, 8, 4),
        THYROID_AUGMENTATION(4, 10, 4, 2),
        ANTIPSYCHOTIC_AUGMENTATION(6, 14, 12, 6),
        STIMULANT_AUGMENTATION(2, 4, 4, 3),
        OTHER_AUGMENTATION(5, 4, 2, 2),
        PSYCHOTHERAPY(12, 6, 4, 3),
        SUPPLEMENT(2, 3, 3, 3),
        NMDA(0, 1, 10, 16),
        ECT(0, 1, 6, 14),
        TMS(0, 1, 6, 12),
        OTHER_NEUROSTIMULATION(0, 0, 0, 4),
        BOTULINUM_TOXIN(0, 0, 0, 3),
        ANTI_INFLAMMATORY(0, 0, 1, 3),
        SCOPOLAMINE(0, 0, 0, 2),
        BUPRENORPHINE(0, 0, 0, 2);

        final int[] weightByStep;

        Move(int... weightByStep) {
            this.weightByStep = weightByStep;
        }
    }

    private static final List<Weighted<Move>> MOVES_BY_STEP = new ArrayList<>();

    static {
        for (int s = 0; s < 4; s++) {
            Weighted<Move> w = new Weighted<>();
            for (Move m : Move.values()) {
                w.add(m.weightByStep[s], m);
            }
            MOVES_BY_STEP.add(w);
        }
    }

    private static final Weighted<SampleTreatment> INITIAL = new Weighted<SampleTreatment>()
            .add(25, CITALOPRAM).add(22, SERTRALINE).add(20, ESCITALOPRAM).add(12, FLUOXETINE).add(4, PAROXETINE)
            .add(2, FLUVOXAMINE).add(5, VENLAFAXINE).add(4, DULOXETINE).add(3, BUPROPION).add(3, MIRTAZAPINE);
    private static final Weighted<SampleTreatment> SWITCH_TO = new Weighted<SampleTreatment>()
            .add(16, SERTRALINE).add(10, ESCITALOPRAM).add(6, CITALOPRAM).add(5, FLUOXETINE).add(2, PAROXETINE)
            .add(1, FLUVOXAMINE).add(16, VENLAFAXINE).add(10, DULOXETINE).add(3, DESVENLAFAXINE).add(1, MILNACIPRAN)
            .add(1, LEVOMILNACIPRAN).add(12, BUPROPION).add(8, MIRTAZAPINE).add(5, VORTIOXETINE).add(1, VILAZODONE)
            .add(1, TRAZODONE).add(2, AGOMELATINE);
    private static final Weighted<SampleTreatment> COMBINE_WITH = new Weighted<SampleTreatment>()
            .add(50, BUPROPION).add(35, MIRTAZAPINE).add(10, TRAZODONE).add(5, SERTRALINE);
    private static final Weighted<SampleTreatment> TCAS = new Weighted<SampleTreatment>()
            .add(40, NORTRIPTYLINE).add(25, AMITRIPTYLINE).add(15, CLOMIPRAMINE).add(12, IMIPRAMINE).add(8, DESIPRAMINE);
    private static final Weighted<SampleTreatment> MAOIS = new Weighted<SampleTreatment>()
            .add(40, TRANYLCYPROMINE).add(25, PHENELZINE).add(20, SELEGILINE_TRANSDERMAL).add(10, MOCLOBEMIDE)
            .add(5, ISOCARBOXAZID);
    private static final Weighted<SampleTreatment> THYROID_HORMONES = new Weighted<SampleTreatment>()
            .add(85, LIOTHYRONINE).add(15, LEVOTHYROXINE);
    private static final Weighted<SampleTreatment> ANTIPSYCHOTICS = new Weighted<SampleTreatment>()
            .add(35, ARIPIPRAZOLE).add(25, QUETIAPINE).add(12, BREXPIPRAZOLE).add(6, CARIPRAZINE).add(5, OLANZAPINE)
            .add(5, OLANZAPINE_FLUOXETINE).add(6, RISPERIDONE).add(6, LURASIDONE);
    private static final Weighted<SampleTreatment> STIMULANTS = new Weighted<SampleTreatment>()
            .add(40, METHYLPHENIDATE).add(30, MODAFINIL).add(15, LISDEXAMFETAMINE).add(15, ARMODAFINIL);
    private static final Weighted<SampleTreatment> OTHER_AUGMENTERS = new Weighted<SampleTreatment>()
            .add(60, BUSPIRONE).add(25, LAMOTRIGINE).add(15, PRAMIPEXOLE);
    private static final Weighted<SampleTreatment> PSYCHOTHERAPIES = new Weighted<SampleTreatment>()
            .add(50, CBT).add(18, IPT).add(17, BA).add(8, MBCT).add(7, STPP);
    private static final Weighted<SampleTreatment> SUPPLEMENTS = new Weighted<SampleTreatment>()
            .add(35, L_METHYLFOLATE).add(30, OMEGA_3).add(15, SAME).add(12, NAC).add(8, CREATINE);
    private static final Weighted<SampleTreatment> NMDA_ANTAGONISTS = new Weighted<SampleTreatment>()
            .add(45, KETAMINE).add(55, ESKETAMINE);
    private static final Weighted<SampleTreatment> NEUROSTIMULATION = new Weighted<SampleTreatment>()
            .add(30, DBS).add(30, VNS).add(40, TDCS);
    private static final Weighted<SampleTreatment> ANTI_INFLAMMATORIES = new Weighted<SampleTreatment>()
            .add(50, MINOCYCLINE).add(35, CELECOXIB).add(15, INFLIXIMAB);

    private static final Weighted<String> STOP_AFTER_REMISSION = new Weighted<String>()
            .add(70, "completed").add(22, "").add(5, "patient_choice").add(3, "other");
    private static final Weighted<String> STOP_AFTER_RESPONSE = new Weighted<String>()
            .add(45, "completed").add(15, "ineffective").add(25, "").add(10, "patient_choice").add(5, "side_effects");
    private static final Weighted<String> STOP_AFTER_FAILURE = new Weighted<String>()
            .add(55, "ineffective").add(14, "side_effects").add(5, "nonadherence").add(6, "patient_choice")
            .add(3, "other").add(17, "");

    private final SplittableRandom rng;
    private final long asOfDay;

    // state of the episode being simulated
    private final List<SampleTreatment> usedAntidepressants = new ArrayList<>();
    private SampleTreatment lastAntidepressant;
    private double lastAntidepressantDose;
    private int previousOutcome;
    private Scale previousScale;

    TreatmentPathSimulator(SplittableRandom rng, LocalDate asOf) {
        this.rng = rng;
        this.asOfDay = asOf.toEpochDay();
    }

    /**
     * The trial rows of one patient (cells in {@link TrialColumn} order plus a blank comment), earliest first,
     * and the start of the patient's current episode.
     */
    record Path(List<String[]> rows, long currentEpisodeStartDay) {
    }

    Path simulate(SyntheticPatient patient) {
        List<String[]> rows = new ArrayList<>(8);
        // The first trial starts up to 8 years before the as-of date, at least a week before it.
        long start = asOfDay - 7 - rng.nextInt(8 * 365);
        long episodeStart = start - rng.nextInt(120);
        long currentEpisodeStart = episodeStart;
        for (int episode = 1; episode <= patient.episodes(); episode++) {
            if (episode > 1) {
                // A recurrence 6 months to 2.5 years after the previous episode's last trial.
                start = start + 180 + rng.nextInt(720);
                episodeStart = start - rng.nextInt(90);
                if (start > asOfDay - 7) {
                    break;
                }
            }
            currentEpisodeStart = episodeStart;
            String episodeCell = patient.episodeBlank() ? "" : Integer.toString(episode);
            long end = simulateEpisode(patient, episodeCell, start, rows);
            if (end < 0) {
                break; // the last trial is ongoing
            }
            start = end;
        }
        return new Path(rows, currentEpisodeStart);
    }

    /** Appends the episode's trials; returns the day its last trial ended, or -1 when that trial is ongoing. */
    private long simulateEpisode(SyntheticPatient patient, String episodeCell, long firstStart, List<String[]> rows) {
        usedAntidepressants.clear();
        lastAntidepressant = null;
        lastAntidepressantDose = 0;
        previousOutcome = -1;
        previousScale = null;
        long start = firstStart;
        long lastEnd = firstStart;
        for (int step = 1; step <= MAX_STEPS && start <= asOfDay; step++) {
            String[] row = new String[TrialColumn.values().length + 1];
            Arrays.fill(row, "");
            row[TrialColumn.PATIENT_ID.ordinal()] = patient.patientId();
            row[TrialColumn.EPISODE.ordinal()] = episodeCell;
            row[TrialColumn.START_DATE.ordinal()] = LocalDate.ofEpochDay(start).toString();

            Move move = step == 1 ? null : MOVES_BY_STEP.get(Math.min(step, 5) - 2).draw(rng);
            SampleTreatment treatment = chooseTreatment(step, move);
            row[TrialColumn.TREATMENT.ordinal()] = writtenName(treatment);
            row[TrialColumn.STRATEGY.ordinal()] = strategy(treatment, move);

            boolean underDosed = writeDose(treatment, move, row);
            if (treatment.countsSessions() && !(treatment.drugClass() == DrugClass.PSYCHOTHERAPY
                    && rng.nextInt(100) < 10)) {
                int[] s = treatment.sessions();
                row[TrialColumn.SESSIONS.ordinal()] = Integer.toString(s[0] + rng.nextInt(s[1] - s[0] + 1));
            }
            int days = durationDays(treatment);
            boolean shortTrial = treatment.isAntidepressant() && days < 42;
            boolean lowAdherence = writeAdherence(treatment, row);

            double remission = REMISSION_BY_STEP[Math.min(step, 5) - 1] * modifier(treatment);
            if (underDosed || shortTrial || lowAdherence) {
                remission *= 0.75; // under-treatment helps less: the reason pseudo-resistance is screened for
            }
            double r = rng.nextDouble();
            Outcome outcome = r < remission ? Outcome.REMISSION
                    : r < remission + RESPONSE_ONLY_BY_STEP[Math.min(step, 5) - 1] ? Outcome.RESPONSE
                    : Outcome.NON_RESPONSE;
            outcome = writeScores(patient, outcome, row);

            String stop = switch (outcome) {
                case REMISSION -> STOP_AFTER_REMISSION.draw(rng);
                case RESPONSE -> STOP_AFTER_RESPONSE.draw(rng);
                case NON_RESPONSE -> STOP_AFTER_FAILURE.draw(rng);
            };
            if (stop.equals("side_effects") && treatment.drugClass() == DrugClass.PSYCHOTHERAPY) {
                stop = "patient_choice";
            }
            if (stop.equals("side_effects") && treatment.isAntidepressant() && rng.nextBoolean()) {
                days = 14 + rng.nextInt(28); // stopped early, before an adequate trial
            }
            if (stop.equals("nonadherence") && treatment.isAntidepressant() && rng.nextInt(100) < 60) {
                row[TrialColumn.ADHERENCE_PCT.ordinal()] = Integer.toString(35 + rng.nextInt(40));
            }
            row[TrialColumn.STOP_REASON.ordinal()] = stop;

            long end = start + days;
            if (end > asOfDay) {
                // Still running on the as-of date: no end, no outcome, no stop reason yet.
                row[TrialColumn.OUTCOME_SCORE.ordinal()] = "";
                row[TrialColumn.STOP_REASON.ordinal()] = "";
                rows.add(row);
                return -1;
            }
            row[TrialColumn.END_DATE.ordinal()] = LocalDate.ofEpochDay(end).toString();
            rows.add(row);
            lastEnd = end;

            double goOn = switch (outcome) {
                case REMISSION -> 0.10; // relapse or continuation treatment after remission
                case RESPONSE -> 0.55;
                case NON_RESPONSE -> CONTINUE_AFTER_FAILURE[Math.min(step, 5) - 1];
            };
            if (rng.nextDouble() >= goOn) {
                break;
            }
            start = end + (rng.nextInt(100) < 30 ? 0 : 1 + rng.nextInt(21));
        }
        return lastEnd;
    }

    private SampleTreatment chooseTreatment(int step, Move move) {
        if (move == null) {
            return rng.nextInt(100) < 6 ? PSYCHOTHERAPIES.draw(rng) : INITIAL.draw(rng);
        }
        boolean noAntidepressantYet = lastAntidepressant == null;
        return switch (move) {
            case DOSE_INCREASE -> noAntidepressantYet ? INITIAL.draw(rng) : lastAntidepressant;
            case SWITCH -> SWITCH_TO.draw(rng, t -> !usedAntidepressants.contains(t));
            case AD_COMBINATION -> noAntidepressantYet ? INITIAL.draw(rng)
                    : COMBINE_WITH.draw(rng, t -> t != lastAntidepressant);
            case TCA_SWITCH -> TCAS.draw(rng, t -> !usedAntidepressants.contains(t));
            case MAOI_SWITCH -> MAOIS.draw(rng, t -> !usedAntidepressants.contains(t));
            case LITHIUM_AUGMENTATION -> LITHIUM_CARBONATE;
            case THYROID_AUGMENTATION -> THYROID_HORMONES.draw(rng);
            case ANTIPSYCHOTIC_AUGMENTATION -> ANTIPSYCHOTICS.draw(rng);
            case STIMULANT_AUGMENTATION -> STIMULANTS.draw(rng);
            case OTHER_AUGMENTATION -> OTHER_AUGMENTERS.draw(rng);
            case PSYCHOTHERAPY -> PSYCHOTHERAPIES.draw(rng);
            case SUPPLEMENT -> SUPPLEMENTS.draw(rng);
            case NMDA -> NMDA_ANTAGONISTS.draw(rng);
            case ECT -> ELECTROCONVULSIVE;
            case TMS -> MAGNETIC_STIMULATION;
            case OTHER_NEUROSTIMULATION -> NEUROSTIMULATION.draw(rng);
            case BOTULINUM_TOXIN -> BOTULINUM_TOXIN_A;
            case ANTI_INFLAMMATORY -> ANTI_INFLAMMATORIES.draw(rng);
            case SCOPOLAMINE -> SampleTreatments.SCOPOLAMINE;
            case BUPRENORPHINE -> SampleTreatments.BUPRENORPHINE;
        };
    }

    private String strategy(SampleTreatment treatment, Move move) {
        if (treatment.isAntidepressant()) {
            String strategy;
            if (lastAntidepressant == null) {
                strategy = "initial";
            } else if (treatment == lastAntidepressant) {
                strategy = "dose_increase";
            } else if (move == Move.AD_COMBINATION) {
                strategy = treatment == MIRTAZAPINE || rng.nextBoolean() ? "combination" : "augmentation";
            } else {
                strategy = "switch";
            }
            if (!usedAntidepressants.contains(treatment)) {
                usedAntidepressants.add(treatment);
            }
            return strategy;
        }
        // Ignored for non-antidepressants (docs/data-contract.md), but clinics often fill it in.
        return treatment.drugClass().isAugmentationAgent() && rng.nextInt(100) < 70 ? "augmentation" : "";
    }

    /** Writes dose and unit; true when an antidepressant's dose is below its minimum or unknown. */
    private boolean writeDose(SampleTreatment treatment, Move move, String[] row) {
        double dose;
        boolean underDosed = false;
        double[] typical = treatment.typicalDoses();
        if (typical.length == 0) {
            return false;
        }
        if (treatment.isAntidepressant()) {
            int r = rng.nextInt(1000);
            if (move == Move.DOSE_INCREASE && treatment == lastAntidepressant) {
                dose = typical[typical.length - 1];
                for (double d : typical) {
                    if (d > lastAntidepressantDose) {
                        dose = d;
                        break;
                    }
                }
            } else if (r < 60) {
                dose = Double.NaN; // not recorded
            } else if (r < 160 && treatment.lowDoses().length > 0) {
                dose = pick(treatment.lowDoses());
            } else {
                dose = pick(typical);
            }
            if (lastAntidepressant == null || move != Move.AD_COMBINATION) {
                lastAntidepressant = treatment;
                lastAntidepressantDose = Double.isNaN(dose) ? 0 : dose;
            }
            if (Double.isNaN(dose)) {
                return true;
            }
            underDosed = dose < treatment.minimumDose().amount();
        } else {
            if (rng.nextInt(100) < 8) {
                return false;
            }
            dose = pick(typical);
        }
        String unit = treatment.unit().label();
        if (treatment.unit() == DoseUnit.MG && treatment.isAntidepressant() && dose == Math.rint(dose)
                && rng.nextInt(1000) < 15) {
            // Some systems store every dose in micrograms: 50 mg of sertraline arrives as 50000 mcg.
            dose = dose * 1000;
            unit = "mcg";
        } else if (treatment.unit() == DoseUnit.MG_PER_24H && rng.nextInt(100) < 10) {
            // A patch written without its unit reads as oral mg, which cannot be compared (docs/clinical-rules.md §1).
            unit = "";
            underDosed = true;
        } else if (treatment.unit() == DoseUnit.MG && rng.nextInt(100) < 10) {
            unit = ""; // mg is the default
        }
        row[TrialColumn.DOSE.ordinal()] = number(dose);
        row[TrialColumn.DOSE_UNIT.ordinal()] = unit;
        return underDosed;
    }

    private int durationDays(SampleTreatment treatment) {
        if (treatment.isAntidepressant() && rng.nextInt(100) < 10) {
            return 14 + rng.nextInt(28); // under six weeks
        }
        int[] w = treatment.weeks();
        return w[0] * 7 + rng.nextInt((w[1] - w[0]) * 7 + 1);
    }

    /** Adherence is recorded for about half of the drug trials; true when it is below 80%. */
    private boolean writeAdherence(SampleTreatment treatment, String[] row) {
        if (treatment.typicalDoses().length == 0 || rng.nextInt(100) >= 45) {
            return false;
        }
        boolean low = rng.nextInt(100) < 12;
        int pct = low ? 40 + rng.nextInt(40) : 80 + rng.nextInt(21);
        row[TrialColumn.ADHERENCE_PCT.ordinal()] = pct < 100 && rng.nextInt(100) < 20 ? pct + ".5" : Integer.toString(pct);
        return low;
    }

    /** Remission rates rise for ECT and ketamine, as in the TRD literature; only later steps use them. */
    private static double modifier(SampleTreatment treatment) {
        return switch (treatment.drugClass()) {
            case ECT -> 2.6;
            case NMDA -> 1.6;
            case TMS -> 1.3;
            default -> 1.0;
        };
    }

    /**
     * Writes scale, baseline and outcome consistent with the drawn outcome; returns the outcome actually written
     * (a response without remission is impossible from a mild baseline and becomes a non-response).
     */
    private Outcome writeScores(SyntheticPatient patient, Outcome outcome, String[] row) {
        int r = rng.nextInt(100);
        if (r < 4) {
            previousOutcome = -1;
            return outcome; // not rated
        }
        Scale scale = rng.nextInt(100) < 10 ? Scale.values()[rng.nextInt(Scale.values().length)] : patient.scale();
        int cutoff = scale.remissionCutoff();
        int baseline;
        if (previousOutcome > 0 && scale == previousScale) {
            // The next step starts where the last one left off.
            baseline = clamp(previousOutcome - 2 + rng.nextInt(6), mildLow(scale), scale.max());
        } else {
            baseline = drawBaseline(scale);
        }
        int half = baseline / 2;
        int value;
        switch (outcome) {
            case REMISSION -> value = rng.nextInt(Math.min(cutoff, half) + 1);
            case RESPONSE -> {
                if (half > cutoff) {
                    value = cutoff + 1 + rng.nextInt(half - cutoff);
                } else {
                    outcome = Outcome.NON_RESPONSE;
                    value = nonResponse(scale, baseline);
                }
            }
            default -> value = nonResponse(scale, baseline);
        }
        row[TrialColumn.SCALE.ordinal()] = scaleName(scale);
        row[TrialColumn.BASELINE_SCORE.ordinal()] = Integer.toString(baseline);
        if (rng.nextInt(100) >= 7) {
            row[TrialColumn.OUTCOME_SCORE.ordinal()] = Integer.toString(value);
        }
        previousScale = scale;
        previousOutcome = outcome == Outcome.REMISSION ? -1 : value;
        return outcome;
    }

    private int nonResponse(Scale scale, int baseline) {
        int low = Math.max(scale.remissionCutoff() + 1, baseline / 2 + 1);
        int high = Math.max(low, Math.min(scale.max(), baseline + 3));
        int value = (int) Math.round(baseline * (0.55 + rng.nextDouble() * 0.5));
        return clamp(value, low, high);
    }

    /** Mostly moderate to severe at the start of a trial; one in ten mild. */
    private int drawBaseline(Scale scale) {
        boolean mild = rng.nextInt(100) < 10;
        int[] range = switch (scale) {
            case PHQ9 -> mild ? new int[] {8, 11} : new int[] {12, 26};
            case HAMD17 -> mild ? new int[] {14, 16} : new int[] {17, 32};
            case MADRS -> mild ? new int[] {20, 23} : new int[] {24, 48};
            case QIDS_SR16 -> mild ? new int[] {9, 10} : new int[] {11, 24};
            case BDI_II -> mild ? new int[] {17, 19} : new int[] {20, 50};
        };
        return range[0] + rng.nextInt(range[1] - range[0] + 1);
    }

    private static int mildLow(Scale scale) {
        return switch (scale) {
            case PHQ9 -> 8;
            case HAMD17 -> 14;
            case MADRS -> 20;
            case QIDS_SR16 -> 9;
            case BDI_II -> 17;
        };
    }

    /** Mostly the canonical code; now and then a spelling docs/data-contract.md also accepts. */
    private String scaleName(Scale scale) {
        if (rng.nextInt(100) >= 15) {
            return scale.code();
        }
        return switch (scale) {
            case PHQ9 -> rng.nextBoolean() ? "PHQ-9" : "phq9";
            case HAMD17 -> rng.nextBoolean() ? "HAM-D-17" : "HRSD17";
            case MADRS -> "madrs";
            case QIDS_SR16 -> "QIDS-SR16";
            case BDI_II -> "BDI-II";
        };
    }

    /** Mostly the canonical name; sometimes capitalised or a synonym (brand names, abbreviations). */
    private String writtenName(SampleTreatment treatment) {
        int r = rng.nextInt(100);
        List<String> synonyms = treatment.synonyms();
        int synonymShare = treatment.abbreviationUsual() ? 50 : 12;
        if (!synonyms.isEmpty() && r < synonymShare) {
            return synonyms.get(rng.nextInt(synonyms.size()));
        }
        String name = treatment.canonicalName();
        if (r >= 94) {
            return Character.toUpperCase(name.charAt(0)) + name.substring(1);
        }
        return name;
    }

    private double pick(double[] values) {
        return values[rng.nextInt(values.length)];
    }

    private static int clamp(int value, int low, int high) {
        return Math.max(low, Math.min(high, value));
    }

    /** {@code 20}, {@code 37.5}: no trailing {@code .0}. */
    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}

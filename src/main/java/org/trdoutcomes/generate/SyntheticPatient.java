package org.trdoutcomes.generate;

import java.util.SplittableRandom;

import org.trdoutcomes.rules.Scale;

/**
 * The invented attributes of one patient. Rates are plausible for a secondary-care depression registry
 * (not taken from any real one): mostly F32/F33 diagnoses, a few percent bipolar, comorbidity flags in the
 * single digits.
 *
 * @param siteIndex      index into the site codes
 * @param sex            F/M/X/U or "" (not given)
 * @param ageBand        e.g. {@code 35-44}, or ""
 * @param diagnosis      ICD-10 code or ""
 * @param episodes       depressive episodes in the registry, 1 or 2
 * @param scale          the rating scale this patient's clinic mostly uses
 * @param booleanStyle   how this row writes its booleans (docs/data-contract.md accepts several spellings)
 * @param hasPatientRow  false for the few patients a clinic exports trials for but no patients row
 * @param hasTrials      false for the few patients with a patients row and no trial yet
 * @param episodeBlank   single-episode patient whose trials leave {@code episode} blank (missing = 1)
 */
record SyntheticPatient(String patientId, int siteIndex, String sex, String ageBand, String diagnosis,
                        boolean psychoticFeatures, boolean bipolar, boolean hypothyroidism, boolean substanceUse,
                        boolean trauma, boolean adhd, int episodes, Scale scale, BooleanStyle booleanStyle,
                        boolean hasPatientRow, boolean hasTrials, boolean episodeBlank) {

    enum BooleanStyle {
        TRUE_FALSE("true", "false"), YES_NO("yes", "no"), ONE_ZERO("1", "0"), BLANK_FOR_FALSE("true", "");

        final String yes;
        final String no;

        BooleanStyle(String yes, String no) {
            this.yes = yes;
            this.no = no;
        }

        String write(boolean value) {
            return value ? yes : no;
        }
    }

    private static final Weighted<String> SEX = new Weighted<String>()
            .add(610, "F").add(365, "M").add(8, "X").add(7, "U").add(10, "");
    private static final Weighted<String> AGE_BAND = new Weighted<String>()
            .add(13, "18-24").add(22, "25-34").add(20, "35-44").add(19, "45-54").add(14, "55-64").add(9, "65+").add(3, "");
    private static final Weighted<String> SINGLE_EPISODE = new Weighted<String>()
            .add(8, "F32.0").add(25, "F32.1").add(15, "F32.2").add(2, "F32.3").add(6, "F32.9");
    private static final Weighted<String> RECURRENT = new Weighted<String>()
            .add(8, "F33.0").add(25, "F33.1").add(14, "F33.2").add(2, "F33.3").add(5, "F33.9");
    private static final Weighted<String> BIPOLAR_DEPRESSED = new Weighted<String>()
            .add(3, "F31.3").add(3, "F31.4").add(1, "F31.5");
    /** Index condition coded as the comorbidity that brought the patient in (docs/clinical-rules.md §5 review flags). */
    private static final Weighted<String> OTHER_INDEX = new Weighted<String>()
            .add(3, "E03.9").add(3, "F10.2").add(4, "F43.10").add(2, "F90.0");
    private static final Weighted<Scale> SCALES = new Weighted<Scale>()
            .add(35, Scale.PHQ9).add(20, Scale.QIDS_SR16).add(20, Scale.HAMD17).add(15, Scale.MADRS).add(10, Scale.BDI_II);
    private static final Weighted<BooleanStyle> BOOLEAN_STYLES = new Weighted<BooleanStyle>()
            .add(93, BooleanStyle.TRUE_FALSE).add(3, BooleanStyle.YES_NO).add(2, BooleanStyle.ONE_ZERO)
            .add(2, BooleanStyle.BLANK_FOR_FALSE);

    static SyntheticPatient draw(int number, SplittableRandom rng, int[] siteWeights) {
        String id = patientId(number);
        int site = drawSite(rng, siteWeights);
        String sex = SEX.draw(rng);
        String age = AGE_BAND.draw(rng);
        int episodes = rng.nextInt(100) < 18 ? 2 : 1;

        double r = rng.nextDouble();
        String diagnosis;
        if (r < 0.035) {
            diagnosis = BIPOLAR_DEPRESSED.draw(rng);
        } else if (r < 0.047) {
            diagnosis = OTHER_INDEX.draw(rng);
        } else if (r < 0.067) {
            diagnosis = "";
        } else if (episodes == 2 || rng.nextInt(100) < 45) {
            diagnosis = RECURRENT.draw(rng);
        } else {
            diagnosis = SINGLE_EPISODE.draw(rng);
        }
        boolean f31 = diagnosis.startsWith("F31");
        // F31 with the flag unset still excludes by code; a few unipolar codes carry a history of hypomania.
        boolean bipolar = f31 ? rng.nextInt(100) < 85 : rng.nextInt(1000) < 25;
        boolean psychotic = diagnosis.equals("F32.3") || diagnosis.equals("F33.3") || rng.nextInt(100) < 3;
        boolean hypothyroidism = diagnosis.startsWith("E03") ? rng.nextInt(100) < 70 : rng.nextInt(100) < 6;
        boolean substance = diagnosis.startsWith("F10") ? rng.nextInt(100) < 70 : rng.nextInt(100) < 7;
        boolean trauma = diagnosis.startsWith("F43.1") ? rng.nextInt(100) < 70 : rng.nextInt(100) < 9;
        boolean adhd = diagnosis.startsWith("F90") ? rng.nextInt(100) < 70 : rng.nextInt(100) < 4;

        int presence = rng.nextInt(1000);
        boolean hasPatientRow = presence >= 4;           // 0.4 %: trials but no patients row
        boolean hasTrials = presence < 4 || presence >= 7; // 0.3 %: patients row but no trials
        boolean episodeBlank = episodes == 1 && rng.nextInt(100) < 5;
        return new SyntheticPatient(id, site, sex, age, diagnosis, psychotic, bipolar, hypothyroidism, substance,
                trauma, adhd, episodes, SCALES.draw(rng), BOOLEAN_STYLES.draw(rng), hasPatientRow, hasTrials,
                episodeBlank);
    }

    /** {@code P000001}: a pseudonymous token, widening past six digits for very large runs. */
    static String patientId(int number) {
        String digits = Integer.toString(number);
        StringBuilder sb = new StringBuilder(8).append('P');
        for (int i = digits.length(); i < 6; i++) {
            sb.append('0');
        }
        return sb.append(digits).toString();
    }

    private static int drawSite(SplittableRandom rng, int[] siteWeights) {
        int total = 0;
        for (int w : siteWeights) {
            total += w;
        }
        int r = rng.nextInt(total);
        for (int i = 0; i < siteWeights.length; i++) {
            r -= siteWeights[i];
            if (r < 0) {
                return i;
            }
        }
        return siteWeights.length - 1;
    }
}

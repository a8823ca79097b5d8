package org.trdoutcomes.rules;

import java.util.Collection;
import java.util.Locale;

/**
 * Diagnosis-review flags of docs/clinical-rules.md §5: before calling a depression resistant, rule out bipolarity and
 * conditions that mimic or maintain resistance (thyroid disease, substance use, trauma, ADHD, psychosis). A flag
 * is raised by the patient's boolean attribute or by the ICD-10 code of the index diagnosis.
 */
final class DiagnosisFlags {

    static final String HYPOTHYROIDISM = "HYPOTHYROIDISM";
    static final String SUBSTANCE_USE = "SUBSTANCE_USE";
    static final String TRAUMA = "TRAUMA";
    static final String ADHD = "ADHD";
    static final String PSYCHOTIC_FEATURES = "PSYCHOTIC_FEATURES";

    private DiagnosisFlags() {
    }

    /** Bipolar history, or an F31 (bipolar affective disorder) index diagnosis: unipolar TRD criteria do not apply. */
    static boolean isBipolar(PatientAttributes patient) {
        return patient.bipolar() || normalised(patient.diagnosis()).startsWith("F31");
    }

    /** Adds the review flags that apply to {@code patient} to {@code flags}. */
    static void addReviewFlags(PatientAttributes patient, Collection<String> flags) {
        String code = normalised(patient.diagnosis());
        if (patient.hypothyroidism() || code.startsWith("E03")) { // E03: other hypothyroidism
            flags.add(HYPOTHYROIDISM);
        }
        if (patient.substanceUse() || isSubstanceUseCode(code)) {
            flags.add(SUBSTANCE_USE);
        }
        if (patient.trauma() || code.startsWith("F431")) { // F43.1: post-traumatic stress disorder
            flags.add(TRAUMA);
        }
        if (patient.adhd() || code.startsWith("F90")) { // F90: hyperkinetic disorders
            flags.add(ADHD);
        }
        if (patient.psychoticFeatures()) {
            flags.add(PSYCHOTIC_FEATURES);
        }
    }

    /** F10–F19: mental and behavioural disorders due to psychoactive substance use. */
    private static boolean isSubstanceUseCode(String code) {
        return code.length() >= 3 && code.charAt(0) == 'F' && code.charAt(1) == '1' && Character.isDigit(code.charAt(2));
    }

    /**
     * Upper case, blanks trimmed and the dot dropped, so that {@code f43.10}, {@code F43.1} and {@code F4310}
     * compare alike; empty when missing.
     */
    static String normalised(String diagnosis) {
        if (diagnosis == null) {
            return "";
        }
        if (isPrintableAscii(diagnosis)) {
            // the usual case (F32.1), asked for several times per patient: no blank to strip, ASCII upper case
            return asciiNormalised(diagnosis);
        }
        String code = diagnosis.strip().toUpperCase(Locale.ROOT);
        return code.indexOf('.') < 0 ? code : code.replace(".", "");
    }

    /** Visible ASCII only: no blank that strip() would remove, no letter that upper-cases outside ASCII. */
    private static boolean isPrintableAscii(String diagnosis) {
        for (int i = 0; i < diagnosis.length(); i++) {
            char c = diagnosis.charAt(i);
            if (c <= ' ' || c > '~') {
                return false;
            }
        }
        return true;
    }

    /** {@link #normalised} of visible ASCII text: upper case, dots dropped; the text itself when nothing changes. */
    private static String asciiNormalised(String diagnosis) {
        char[] code = new char[diagnosis.length()];
        int length = 0;
        boolean changed = false;
        for (int i = 0; i < diagnosis.length(); i++) {
            char c = diagnosis.charAt(i);
            if (c == '.') {
                changed = true;
            } else if (c >= 'a' && c <= 'z') {
                code[length++] = (char) (c - ('a' - 'A'));
                changed = true;
            } else {
                code[length++] = c;
            }
        }
        return changed ? new String(code, 0, length) : diagnosis;
    }
}

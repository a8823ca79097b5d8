package org.trdoutcomes.report;

/**
 * A row of the Patients sheet with the patient's classification in the previous run.
 *
 * @param previousClassification null when the patient was not in the previous run, or there is none to compare with
 */
public record ComparedPatientLine(PatientLine line, String previousClassification) {
}

package org.trdoutcomes.classify;

import java.util.List;
import org.trdoutcomes.rules.PatientAttributes;
import org.trdoutcomes.rules.Trial;

/**
 * One patient as staged: attributes (or {@link PatientAttributes#unknown} when no patients file names the patient)
 * and every accepted trial, in file order.
 *
 * @param inPatientsFile whether a patients file had a row for this patient
 */
public record PatientTrials(PatientAttributes patient, boolean inPatientsFile, List<Trial> trials) {
}

package org.trdoutcomes.report;

import java.util.List;

/**
 * One row of the Patients sheet (docs/workbook-contract.md), plus the classification under each extra profile.
 *
 * @param msmScore    null when not staged
 * @param msmCategory null when not staged
 */
public record PatientLine(String patient, String site, int episode, int antidepressantTrials, int failedAgents,
                          int adequatelyFailedAgents, String classification, int thaseRushStage, double mghScore,
                          Integer msmScore, String msmCategory, String flags, List<String> extraClassifications) {
}

package org.trdoutcomes.ingest;

import static org.trdoutcomes.ingest.CellFormats.cut;
import static org.trdoutcomes.ingest.ExtractColumns.*;

import java.time.LocalDate;
import org.trdoutcomes.ingest.ExtractRow.AcceptedPatient;
import org.trdoutcomes.rules.PatientAttributes;

/**
 * The row rules of a patients file (docs/data-contract.md "Patients"): identifier, site, sex, the kept free text,
 * the episode start and the yes/no flags. Every rule a row breaks is recorded. Plain Java; {@link ExtractFileReader}
 * calls it for each record of a patients file.
 */
final class PatientRowRules {

    private final int fileIndex;

    PatientRowRules(int fileIndex) {
        this.fileIndex = fileIndex;
    }

    /** The patient of a patients row, or null when the row breaks a rule (the problems are in the row's cells). */
    ExtractRow check(RowCells c) {
        String patientId = c.patientId(P_PATIENT_ID);

        String site = c.value(P_SITE);
        if (site != null && site.length() > MAX_SITE_LENGTH) {
            c.reject(P_SITE, site, RejectionReason.OUT_OF_RANGE, "site is " + site.length()
                    + " characters long; a clinic or site code may have at most " + MAX_SITE_LENGTH + ".");
        }

        String sex = c.value(P_SEX);
        if (sex != null) {
            char code = sex.length() == 1 ? Character.toUpperCase(sex.charAt(0)) : 0;
            if (code == 'F' || code == 'M' || code == 'X' || code == 'U') {
                sex = String.valueOf(code);
            } else {
                c.reject(P_SEX, sex, RejectionReason.UNKNOWN_VALUE, "sex '" + cut(sex)
                        + "' is unknown; expected F, M, X or U, or an empty cell.");
            }
        }

        String ageBand = c.keptText(P_AGE_BAND, "an age band");
        String diagnosis = c.keptText(P_DIAGNOSIS, "an ICD-10 code");

        LocalDate episodeStart = c.date(P_EPISODE_START);
        boolean[] flags = new boolean[PATIENT_COLUMNS.size() - P_FIRST_BOOLEAN];
        for (int i = 0; i < flags.length; i++) {
            flags[i] = c.bool(P_FIRST_BOOLEAN + i);
        }

        if (c.hasProblems()) {
            return null;
        }
        PatientAttributes patient = new PatientAttributes(patientId, site, sex, ageBand, diagnosis, episodeStart, flags[0], flags[1], flags[2], flags[3], flags[4], flags[5]);
        return new AcceptedPatient(fileIndex, c.line(), patient);
    }
}

package org.trdoutcomes.ingest;

import java.util.List;
import org.trdoutcomes.rules.PatientAttributes;
import org.trdoutcomes.rules.Trial;

/** What the ingest makes of one record of an extract file (or of a file-level warning). */
public sealed interface ExtractRow {

    /** A valid row of a trials file. */
    record AcceptedTrial(int fileIndex, long line, Trial trial) implements ExtractRow {
    }

    /** A valid row of a patients file. */
    record AcceptedPatient(int fileIndex, long line, PatientAttributes patient) implements ExtractRow {
    }

    /** A row that breaks one or more rules; counted once as rejected. */
    record RejectedRow(int fileIndex, long line, List<Rejection> rejections) implements ExtractRow {
        public RejectedRow {
            rejections = List.copyOf(rejections);
        }
    }

    /** Not a row: a warning found while reading (unknown column, ignored file). Not counted as a row read. */
    record WarningRow(ExtractWarning warning) implements ExtractRow {
    }
}

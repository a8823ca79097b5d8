package org.trdoutcomes.launch;

import java.sql.SQLException;

/**
 * Start-up failures that mean "another run is in progress" rather than "broken": an embedded H2 file database
 * opens in one process only, so a second process cannot even reach the run lock inside it. It is refused the
 * same way (exit code {@link ExitCodes#RUN_IN_PROGRESS}) with a message that says what to do.
 */
public final class StartupRefusal {
    private StartupRefusal() {
    }

    /** H2's DATABASE_ALREADY_OPEN_1: "Database may be already in use". */
    static final int H2_DATABASE_ALREADY_OPEN = 90020;

    /** The one-line refusal when {@code failure} is H2's "already in use", else null. */
    public static String databaseInUse(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
                return "Another run is in progress: another process (a run or the schedule) has the H2 job database "
                        + "open. Not starting; try again when it has finished. (Launches from several processes at "
                        + "once: use PostgreSQL, see docs/operations.md.)";
            }
        }
        return null;
    }
}

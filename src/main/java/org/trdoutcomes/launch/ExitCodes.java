package org.trdoutcomes.launch;

/**
 * Exit codes for schedulers (cron, systemd, Kubernetes alert on non-zero). Small and stable; documented in
 * {@link Usage} and the README.
 */
public final class ExitCodes {
    private ExitCodes() {
    }

    public static final int COMPLETED = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int ALREADY_COMPLETED = 3;
    public static final int EXTRACT_REFUSED = 4;
    /** Another run holds the run lock (EX_TEMPFAIL of sysexits.h: try again later). */
    public static final int RUN_IN_PROGRESS = 75;
}

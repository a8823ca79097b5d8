package org.trdoutcomes.generate;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What to generate.
 *
 * @param patients              number of synthetic patients (≥ 1)
 * @param seed                  the same seed (and options) always gives byte-identical files
 * @param asOf                  no valid date in the output is after this day (the run's as-of date)
 * @param sites                 number of site files {@code trials-site-<code>.csv} (≥ 1, default 3)
 * @param brokenRowsPerThousand rows written broken on purpose per 1000 good rows (0–50, default 3);
 *                              a file never gets more than 5% broken rows, well below the
 *                              10% that fails a run (docs/data-contract.md)
 * @param trialsPerFileLimit    maximum data rows per trials file; 0 = one file per site
 */
public record GeneratorOptions(int patients, long seed, LocalDate asOf, int sites, double brokenRowsPerThousand,
                               int trialsPerFileLimit) {

    public static final int DEFAULT_SITES = 3;
    public static final double DEFAULT_BROKEN_ROWS_PER_THOUSAND = 3.0;

    public GeneratorOptions {
        Objects.requireNonNull(asOf, "asOf");
        if (patients < 1) {
            throw new IllegalArgumentException("patients must be at least 1, was " + patients);
        }
        if (sites < 1 || sites > 99) {
            throw new IllegalArgumentException("sites must be between 1 and 99, was " + sites);
        }
        if (brokenRowsPerThousand < 0 || brokenRowsPerThousand > 50) {
            throw new IllegalArgumentException("brokenRowsPerThousand must be between 0 and 50, was " + brokenRowsPerThousand);
        }
        if (trialsPerFileLimit < 0) {
            throw new IllegalArgumentException("trialsPerFileLimit must be 0 (no limit) or more, was " + trialsPerFileLimit);
        }
    }

    /** The defaults: 3 sites, 3 broken rows per thousand, one file per site. */
    public static GeneratorOptions of(int patients, long seed, LocalDate asOf) {
        return new GeneratorOptions(patients, seed, asOf, DEFAULT_SITES, DEFAULT_BROKEN_ROWS_PER_THOUSAND, 0);
    }

    public GeneratorOptions withSites(int newSites) {
        return new GeneratorOptions(patients, seed, asOf, newSites, brokenRowsPerThousand, trialsPerFileLimit);
    }

    public GeneratorOptions withTrialsPerFileLimit(int limit) {
        return new GeneratorOptions(patients, seed, asOf, sites, brokenRowsPerThousand, limit);
    }
}

-- V2: what the report keeps from one night to the next (report.md "Trend" and "Changes since the previous night").
-- (Version 3 is taken: it drops the row-staging tables that per-patient bucket files replace.)

-- One row per as-of date: the headline figures of that date's latest completed run, aggregates only (no patient-level
-- value). Written by the report step in its transaction, so a failed, killed or refused run adds nothing; a --rerun of
-- the same night replaces the row. CLASSIFICATIONS_KEPT marks the one run whose classifications are in
-- TRD_PREVIOUS_CLASSIFICATION.
CREATE TABLE TRD_RUN_HISTORY (
    AS_OF                DATE         NOT NULL PRIMARY KEY,
    JOB_EXECUTION_ID     BIGINT       NOT NULL,
    REPORT               VARCHAR(255) NOT NULL,
    COMPLETED_AT         TIMESTAMP    NOT NULL,
    PATIENTS             BIGINT       NOT NULL,
    EXCLUDED_BIPOLAR     BIGINT       NOT NULL,
    TRD                  BIGINT       NOT NULL,
    PSEUDO_RESISTANT     BIGINT       NOT NULL,
    NOT_TRD              BIGINT       NOT NULL,
    INSUFFICIENT_DATA    BIGINT       NOT NULL,
    TRIALS               BIGINT       NOT NULL,
    EVALUABLE_TRIALS     BIGINT       NOT NULL,
    -- the "All strategies" row of Strategy response: its rates are the Trend's response and remission rates
    ALL_EVALUABLE        BIGINT       NOT NULL,
    ALL_RESPONDERS       BIGINT       NOT NULL,
    ALL_REMITTERS        BIGINT       NOT NULL,
    ROWS_READ            BIGINT       NOT NULL,
    ROWS_ACCEPTED        BIGINT       NOT NULL,
    ROWS_REJECTED        BIGINT       NOT NULL,
    CLASSIFICATIONS_KEPT BOOLEAN      NOT NULL
);

-- Patient id and classification of the latest completed run only (the newest as-of date), replaced by each newer
-- one, for the Patients sheet's "Previous classification" and Summary's new / no longer TRD. Empty while
-- trd.report.compare-previous=false. Not a staging table: the staging purge leaves it alone. Kept as numbered blocks of
-- 10,000 patients, each DATA a deflated run of (patient id, classification) pairs in Java's modified UTF-8
-- (DataOutput.writeUTF) in patient-id order: a row per patient cost seconds a night on a large clinic.
CREATE TABLE TRD_PREVIOUS_CLASSIFICATION (
    BLOCK_NO INT     NOT NULL PRIMARY KEY,
    PATIENTS INT     NOT NULL,
    DATA     BYTEA NOT NULL
);

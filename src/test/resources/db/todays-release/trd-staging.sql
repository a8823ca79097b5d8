-- Staging tables of TRD Outcomes. Every row is keyed by RUN_ID, the Spring Batch job instance id of the run
-- that staged it: a restart of a failed run continues the same instance's rows, a new night's run starts
-- clean, and two runs never see each other's data. Plain SQL that H2 2.x and PostgreSQL both accept;
-- idempotent, run at every start. ${ID_COLLATION} is COLLATE "C" on PostgreSQL (code-point order of patient
-- ids, the order Java's String.compareTo and H2 use) and nothing on H2.

-- Accepted rows of trials*.csv, normalised (canonical treatment, parsed numbers).
-- SEQ = (file index << 32) | line: file order for ties (rules.md §4 "Step") and the link back to the source line.
CREATE TABLE IF NOT EXISTS TRD_TRIAL (
    RUN_ID        BIGINT           NOT NULL,
    SEQ           BIGINT           NOT NULL,
    PATIENT_ID    VARCHAR(64) ${ID_COLLATION}      NOT NULL,
    EPISODE       INT              NOT NULL,
    START_DATE    DATE             NOT NULL,
    END_DATE      DATE,
    TREATMENT     VARCHAR(200)     NOT NULL,
    STRATEGY      VARCHAR(20),
    DOSE          DOUBLE PRECISION,
    DOSE_UNIT     VARCHAR(10),
    SESSIONS      INT,
    ADHERENCE_PCT DOUBLE PRECISION,
    SCALE         VARCHAR(12),
    BASELINE      DOUBLE PRECISION,
    OUTCOME       DOUBLE PRECISION,
    STOP_REASON   VARCHAR(20),
    ROW_HASH      BIGINT           NOT NULL,
    PRIMARY KEY (RUN_ID, SEQ)
);
CREATE INDEX IF NOT EXISTS TRD_TRIAL_BY_PATIENT ON TRD_TRIAL (RUN_ID, PATIENT_ID, SEQ);
-- No index on ROW_HASH: duplicates share the patient, so the reconcile finds candidates through TRD_TRIAL_BY_PATIENT
-- and compares the hash there. A second random-order index on a million-row table doubled the cost of staging a row
-- (H2 rewrote its pages at every commit); databases created before are cleaned up here.
DROP INDEX IF EXISTS TRD_TRIAL_BY_HASH;

-- Accepted rows of patients*.csv.
CREATE TABLE IF NOT EXISTS TRD_PATIENT (
    RUN_ID             BIGINT       NOT NULL,
    SEQ                BIGINT       NOT NULL,
    PATIENT_ID         VARCHAR(64) ${ID_COLLATION}  NOT NULL,
    SITE               VARCHAR(64),
    SEX                VARCHAR(1),
    AGE_BAND           VARCHAR(100),
    DIAGNOSIS          VARCHAR(100),
    EPISODE_START      DATE,
    PSYCHOTIC_FEATURES BOOLEAN      NOT NULL,
    BIPOLAR            BOOLEAN      NOT NULL,
    HYPOTHYROIDISM     BOOLEAN      NOT NULL,
    SUBSTANCE_USE      BOOLEAN      NOT NULL,
    TRAUMA             BOOLEAN      NOT NULL,
    ADHD               BOOLEAN      NOT NULL,
    PRIMARY KEY (RUN_ID, SEQ)
);
CREATE INDEX IF NOT EXISTS TRD_PATIENT_BY_ID ON TRD_PATIENT (RUN_ID, PATIENT_ID, SEQ);

-- Rejections (one row per problem; several problems of one row share its SEQ) and warnings.
-- KIND is R (rejection) or W (warning). ORD keeps the order of problems within a line.
CREATE TABLE IF NOT EXISTS TRD_ISSUE (
    RUN_ID      BIGINT        NOT NULL,
    SEQ         BIGINT        NOT NULL,
    ORD         INT           NOT NULL,
    KIND        CHAR(1)       NOT NULL,
    FILE_NAME   VARCHAR(255),
    LINE_NO     BIGINT,
    COLUMN_NAME VARCHAR(100),
    CELL_VALUE  VARCHAR(100),
    REASON      VARCHAR(40)   NOT NULL,
    MESSAGE     VARCHAR(1000) NOT NULL
);
CREATE INDEX IF NOT EXISTS TRD_ISSUE_BY_SEQ ON TRD_ISSUE (RUN_ID, SEQ, ORD);

-- Per-file accounting (input.md "Accounting"), written once the ingest is reconciled.
CREATE TABLE IF NOT EXISTS TRD_INPUT_FILE (
    RUN_ID        BIGINT       NOT NULL,
    FILE_INDEX    INT          NOT NULL,
    FILE_NAME     VARCHAR(255) NOT NULL,
    KIND          VARCHAR(10)  NOT NULL,
    ROWS_READ     BIGINT       NOT NULL,
    ROWS_ACCEPTED BIGINT       NOT NULL,
    ROWS_REJECTED BIGINT       NOT NULL,
    SHA256        VARCHAR(64),
    PRIMARY KEY (RUN_ID, FILE_INDEX)
);

-- One row per patient: the Patients sheet.
CREATE TABLE IF NOT EXISTS TRD_PATIENT_RESULT (
    RUN_ID            BIGINT           NOT NULL,
    PATIENT_ID        VARCHAR(64) ${ID_COLLATION}      NOT NULL,
    SITE              VARCHAR(64),
    EPISODE           INT              NOT NULL,
    AD_TRIALS         INT              NOT NULL,
    FAILED_AGENTS     INT              NOT NULL,
    ADEQUATE_FAILED   INT              NOT NULL,
    CLASSIFICATION    VARCHAR(20)      NOT NULL,
    THASE_RUSH        INT              NOT NULL,
    MGH_S             DOUBLE PRECISION NOT NULL,
    MSM_SCORE         INT,
    MSM_CATEGORY      VARCHAR(10),
    FLAGS             VARCHAR(1000)    NOT NULL,
    OTHER_PROFILES    VARCHAR(1000)    NOT NULL,
    PRIMARY KEY (RUN_ID, PATIENT_ID)
);

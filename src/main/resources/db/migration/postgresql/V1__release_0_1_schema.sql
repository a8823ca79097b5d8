-- V1: the job database exactly as release 0.1 left it, before migrations were versioned: Spring Batch 6.0.4's
-- tables (schema-postgresql.sql, which Boot ran with initialize-schema=always), the TRD staging tables (the former
-- db/trd-staging.sql) and the run lock (created by RunLock). Copies of those scripts: src/test/resources/db/todays-release.
--
-- Idempotent on purpose (IF NOT EXISTS everywhere): a database made by release 0.1 has no Flyway history, so Flyway
-- baselines it at version 0 (spring.flyway.baseline-version) and runs this script over the existing tables, which
-- leaves them as they are and adds whatever an older database lacks. A new database gets everything from here.
-- Never edit an applied migration: change the schema in a new version.
--
-- Patient ids are COLLATE "C" (code-point order, the order of Java's String.compareTo and of H2), so that the merges
-- of ordered cursors in classify and report see the order the database uses.

-- ---- Spring Batch job repository ----
CREATE TABLE IF NOT EXISTS BATCH_JOB_INSTANCE (
	JOB_INSTANCE_ID BIGINT  NOT NULL PRIMARY KEY,
	VERSION BIGINT,
	JOB_NAME VARCHAR(100) NOT NULL,
	JOB_KEY VARCHAR(32) NOT NULL,
	constraint JOB_INST_UN unique (JOB_NAME, JOB_KEY)
) ;

CREATE TABLE IF NOT EXISTS BATCH_JOB_EXECUTION (
	JOB_EXECUTION_ID BIGINT  NOT NULL PRIMARY KEY,
	VERSION BIGINT,
	JOB_INSTANCE_ID BIGINT NOT NULL,
	CREATE_TIME TIMESTAMP NOT NULL,
	START_TIME TIMESTAMP DEFAULT NULL,
	END_TIME TIMESTAMP DEFAULT NULL,
	STATUS VARCHAR(10),
	EXIT_CODE VARCHAR(2500),
	EXIT_MESSAGE VARCHAR(2500),
	LAST_UPDATED TIMESTAMP,
	constraint JOB_INST_EXEC_FK foreign key (JOB_INSTANCE_ID)
	references BATCH_JOB_INSTANCE(JOB_INSTANCE_ID)
) ;

CREATE TABLE IF NOT EXISTS BATCH_JOB_EXECUTION_PARAMS (
	JOB_EXECUTION_ID BIGINT NOT NULL,
	PARAMETER_NAME VARCHAR(100) NOT NULL,
	PARAMETER_TYPE VARCHAR(100) NOT NULL,
	PARAMETER_VALUE VARCHAR(2500),
	IDENTIFYING CHAR(1) NOT NULL,
	constraint JOB_EXEC_PARAMS_FK foreign key (JOB_EXECUTION_ID)
	references BATCH_JOB_EXECUTION(JOB_EXECUTION_ID)
) ;

CREATE TABLE IF NOT EXISTS BATCH_STEP_EXECUTION (
	STEP_EXECUTION_ID BIGINT  NOT NULL PRIMARY KEY,
	VERSION BIGINT NOT NULL,
	STEP_NAME VARCHAR(100) NOT NULL,
	JOB_EXECUTION_ID BIGINT NOT NULL,
	CREATE_TIME TIMESTAMP NOT NULL,
	START_TIME TIMESTAMP DEFAULT NULL,
	END_TIME TIMESTAMP DEFAULT NULL,
	STATUS VARCHAR(10),
	COMMIT_COUNT BIGINT,
	READ_COUNT BIGINT,
	FILTER_COUNT BIGINT,
	WRITE_COUNT BIGINT,
	READ_SKIP_COUNT BIGINT,
	WRITE_SKIP_COUNT BIGINT,
	PROCESS_SKIP_COUNT BIGINT,
	ROLLBACK_COUNT BIGINT,
	EXIT_CODE VARCHAR(2500),
	EXIT_MESSAGE VARCHAR(2500),
	LAST_UPDATED TIMESTAMP,
	constraint JOB_EXEC_STEP_FK foreign key (JOB_EXECUTION_ID)
	references BATCH_JOB_EXECUTION(JOB_EXECUTION_ID)
) ;

CREATE TABLE IF NOT EXISTS BATCH_STEP_EXECUTION_CONTEXT (
	STEP_EXECUTION_ID BIGINT NOT NULL PRIMARY KEY,
	SHORT_CONTEXT VARCHAR(2500) NOT NULL,
	SERIALIZED_CONTEXT TEXT,
	constraint STEP_EXEC_CTX_FK foreign key (STEP_EXECUTION_ID)
	references BATCH_STEP_EXECUTION(STEP_EXECUTION_ID)
) ;

CREATE TABLE IF NOT EXISTS BATCH_JOB_EXECUTION_CONTEXT (
	JOB_EXECUTION_ID BIGINT NOT NULL PRIMARY KEY,
	SHORT_CONTEXT VARCHAR(2500) NOT NULL,
	SERIALIZED_CONTEXT TEXT,
	constraint JOB_EXEC_CTX_FK foreign key (JOB_EXECUTION_ID)
	references BATCH_JOB_EXECUTION(JOB_EXECUTION_ID)
) ;

CREATE SEQUENCE IF NOT EXISTS BATCH_STEP_EXECUTION_SEQ MAXVALUE 9223372036854775807 NO CYCLE;
CREATE SEQUENCE IF NOT EXISTS BATCH_JOB_EXECUTION_SEQ MAXVALUE 9223372036854775807 NO CYCLE;
CREATE SEQUENCE IF NOT EXISTS BATCH_JOB_INSTANCE_SEQ MAXVALUE 9223372036854775807 NO CYCLE;

-- ---- TRD staging (every row keyed by RUN_ID = the job instance that staged it) ----

-- Accepted rows of trials*.csv, normalised (canonical treatment, parsed numbers).
-- SEQ = (file index << 32) | line: file order for ties (rules.md §4 "Step") and the link back to the source line.
CREATE TABLE IF NOT EXISTS TRD_TRIAL (
    RUN_ID        BIGINT           NOT NULL,
    SEQ           BIGINT           NOT NULL,
    PATIENT_ID    VARCHAR(64) COLLATE "C"      NOT NULL,
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
    PATIENT_ID         VARCHAR(64) COLLATE "C"  NOT NULL,
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
    PATIENT_ID        VARCHAR(64) COLLATE "C"      NOT NULL,
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

-- ---- The run lock: one row, taken with SELECT ... FOR UPDATE (launch/RunLock) ----
CREATE TABLE IF NOT EXISTS TRD_RUN_LOCK (
    LOCK_NAME        VARCHAR(40)  NOT NULL PRIMARY KEY,
    HOLDER           VARCHAR(200),
    HOST             VARCHAR(200),
    PID              BIGINT,
    JOB_EXECUTION_ID BIGINT,
    ACQUIRED_AT      TIMESTAMP,
    HEARTBEAT_AT     TIMESTAMP
);

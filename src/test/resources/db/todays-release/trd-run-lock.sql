-- The run lock table as release 0.1 created it (RunLock's constructor, CREATE TABLE IF NOT EXISTS at every start).
-- Kept here, with schema-*.sql (Spring Batch 6.0.4's scripts, which Boot ran with initialize-schema=always) and
-- trd-staging.sql (run by the former StagingSchema bean), so that DatabaseUpgradeFunctionalTests can build a job
-- database exactly as that release left it, without Flyway.
CREATE TABLE IF NOT EXISTS TRD_RUN_LOCK (
    LOCK_NAME        VARCHAR(40)  NOT NULL PRIMARY KEY,
    HOLDER           VARCHAR(200),
    HOST             VARCHAR(200),
    PID              BIGINT,
    JOB_EXECUTION_ID BIGINT,
    ACQUIRED_AT      TIMESTAMP,
    HEARTBEAT_AT     TIMESTAMP
);

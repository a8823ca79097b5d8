-- Release 0.2 stages accepted rows in per-bucket work files (trd.work-dir) instead of these tables, and keeps the
-- classified patients of a run in result files beside them (docs/architecture.md, "The data path"). A run of
-- release 0.1 that failed and still waits for its restart cannot be resumed by this release (its launch says so and
-- asks for --rerun), so its staged rows have no use either.
DROP TABLE IF EXISTS TRD_TRIAL;
DROP TABLE IF EXISTS TRD_PATIENT;
DROP TABLE IF EXISTS TRD_PATIENT_RESULT;

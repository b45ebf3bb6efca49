-- The statistics count overdue now from the rollup and the day's hazards (found or closed since 00:00), no longer
-- from the open hazards: their partial index (0013) would only slow every write of a hazard. (IF EXISTS: a database
-- migrated while this file was briefly numbered 0018 has dropped it already.)
DROP INDEX IF EXISTS hazards_open_deadline_idx;

-- Citus distribution, step 1 of 2: the key changes Citus requires before the event tables can be
-- distributed by classroom_id. Citus enforces a unique index (the primary key included) per shard, so
-- every unique index of a distributed table must contain the distribution column. Of our schema
-- (migrations V1-V4) three primary keys do not:
--
--   analytics_events  (event_id, "timestamp")   -> (classroom_id, event_id, "timestamp")
--   student_feedback  (event_id)                -> (classroom_id, event_id)
--   student_progress  (student_id, lesson_id)   -> (classroom_id, student_id, lesson_id)
--
-- This file is what a Flyway migration (the next free V<n>) has to do, together with the aggregator's
-- ON CONFLICT targets (see docs/scaling.md, "What has to change"); it is NOT a migration yet, and it is
-- applied only by the Citus set-up (deploy/citus/compose.citus.yml) and by CitusDdlIT.
-- Rollups, watermarks and roster tables need no change: the rollups' keys lead with classroom_id, the
-- roster and consumer_offsets become reference tables, which keep any unique index.

-- Dedup by event id stays exact: an event id always arrives with the same classroom (the event is
-- immutable), so (classroom_id, event_id, ...) conflicts exactly when (event_id, ...) did.
ALTER TABLE analytics_events
    DROP CONSTRAINT analytics_events_pkey,
    ADD CONSTRAINT analytics_events_pkey PRIMARY KEY (classroom_id, event_id, "timestamp");

ALTER TABLE student_feedback
    DROP CONSTRAINT student_feedback_pkey,
    ADD CONSTRAINT student_feedback_pkey PRIMARY KEY (classroom_id, event_id);

-- A student's progress row is per classroom from here on: Citus cannot UPDATE a distribution column,
-- so a student who moves keeps the old classroom's rows (which the aggregator must then delete) and
-- starts new ones in the new classroom.
ALTER TABLE student_progress
    DROP CONSTRAINT student_progress_pkey,
    ADD CONSTRAINT student_progress_pkey PRIMARY KEY (classroom_id, student_id, lesson_id);

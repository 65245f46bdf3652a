-- The three primary keys that did not contain classroom_id now lead with it, on every engine (ADR 0028):
--
--   analytics_events  (event_id, "timestamp")   -> (classroom_id, event_id, "timestamp")
--   student_feedback  (event_id)                -> (classroom_id, event_id)
--   student_progress  (student_id, lesson_id)   -> (classroom_id, student_id, lesson_id)
--
-- Citus distributes the event tables by classroom_id and enforces a unique index per shard, so every unique index of
-- a distributed table must contain the distribution column. Until now deploy/citus/01-distribution-keys.sql made this
-- change on Citus only, so the two engines had different keys and the aggregator's ON CONFLICT (student_id,
-- lesson_id) had no arbiter index on Citus. One migration history for both: a single node takes the same keys.
--
-- What stays exact:
-- - Dedup by event id: an event id always arrives with the same classroom (an event is immutable), so
--   (classroom_id, event_id, ...) conflicts exactly when (event_id, ...) did.
-- - One progress row per (student, lesson): the aggregator keeps a student's progress in their roster classroom
--   (ADR 0021: the roster check admits only events that name it, a roster move moves the rows, now as a delete and
--   an insert, since Citus cannot update a distribution column). The (student_id, lesson_id) lookups keep V2's
--   idx_student_progress_student_lesson.
--
-- Locks: each ALTER rebuilds one index under ACCESS EXCLUSIVE (analytics_events: one per monthly partition); on a
-- large database this is a maintenance-window migration (docs/scaling.md, "Upgrading a single node to Citus").
ALTER TABLE analytics_events
    DROP CONSTRAINT analytics_events_pkey,
    ADD CONSTRAINT analytics_events_pkey PRIMARY KEY (classroom_id, event_id, "timestamp");

ALTER TABLE student_feedback
    DROP CONSTRAINT student_feedback_pkey,
    ADD CONSTRAINT student_feedback_pkey PRIMARY KEY (classroom_id, event_id);

ALTER TABLE student_progress
    DROP CONSTRAINT student_progress_pkey,
    ADD CONSTRAINT student_progress_pkey PRIMARY KEY (classroom_id, student_id, lesson_id);

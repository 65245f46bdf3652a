-- Rollups the aggregator maintains incrementally, in the same transaction as the raw rows they
-- summarise and the consumer offsets of the batch (docs/adr/0005). query-service answers from them.
-- Averages are kept as an exact numeric sum and a count, so that an answer assembled from rollups
-- equals, to the last digit, sum(x::numeric) / count(x) over the raw rows.

-- Analytics per classroom, hour, eventType and eventCategory.
CREATE TABLE analytics_hourly_rollup (
    classroom_id    uuid        NOT NULL,
    bucket_hour     timestamptz NOT NULL CHECK (bucket_hour = date_trunc('hour', bucket_hour)),
    event_type      text        NOT NULL,
    event_category  text        NOT NULL,
    event_count     bigint      NOT NULL CHECK (event_count >= 0),
    value_sum       numeric     NOT NULL DEFAULT 0,
    value_count     bigint      NOT NULL DEFAULT 0 CHECK (value_count >= 0),
    PRIMARY KEY (classroom_id, bucket_hour, event_type, event_category)
);

-- Students per completion status, per classroom and lesson: the latest state of each student's
-- progress on the lesson (student_progress), counted.
CREATE TABLE progress_rollup (
    classroom_id       uuid     NOT NULL,
    lesson_id          smallint NOT NULL CHECK (lesson_id BETWEEN 1 AND 12),
    completion_status  text     NOT NULL
        CHECK (completion_status IN ('not_started', 'in_progress', 'completed')),
    student_count      bigint   NOT NULL CHECK (student_count >= 0),
    PRIMARY KEY (classroom_id, lesson_id, completion_status)
);

-- Feedback per classroom, hour, lesson and feedbackType (the feedback endpoint takes a time range).
CREATE TABLE feedback_hourly_rollup (
    classroom_id    uuid        NOT NULL,
    bucket_hour     timestamptz NOT NULL CHECK (bucket_hour = date_trunc('hour', bucket_hour)),
    lesson_id       smallint    NOT NULL CHECK (lesson_id BETWEEN 1 AND 12),
    feedback_type   text        NOT NULL,
    feedback_count  bigint      NOT NULL CHECK (feedback_count >= 0),
    rating_sum      bigint      NOT NULL DEFAULT 0,
    rating_count    bigint      NOT NULL DEFAULT 0 CHECK (rating_count >= 0),
    PRIMARY KEY (classroom_id, bucket_hour, lesson_id, feedback_type)
);

-- Per classroom: active students on the roster, and those of them with at least one completed lesson.
CREATE TABLE classroom_rollup (
    classroom_id     uuid   PRIMARY KEY,
    student_count    bigint NOT NULL CHECK (student_count >= 0),
    active_students  bigint NOT NULL CHECK (active_students >= 0)
);

-- How far each classroom's data is complete: the newest occurredAt such that every event of the
-- classroom the aggregator has consumed up to it is in the tables and rollups. Shown as "data as of".
CREATE TABLE classroom_watermarks (
    classroom_id  uuid        PRIMARY KEY,
    data_as_of    timestamptz NOT NULL
);

-- The aggregator's Kafka offsets, committed in the same transaction as the rows of the batch they
-- cover: the next offset to read per group, topic and partition. Only the writer and owner see it.
CREATE TABLE consumer_offsets (
    consumer_group  text        NOT NULL,
    topic           text        NOT NULL,
    kafka_partition integer     NOT NULL CHECK (kafka_partition >= 0),
    next_offset     bigint      NOT NULL CHECK (next_offset >= 0),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer_group, topic, kafka_partition)
);

GRANT SELECT, INSERT, UPDATE, DELETE
    ON analytics_hourly_rollup, progress_rollup, feedback_hourly_rollup, classroom_rollup,
       classroom_watermarks, consumer_offsets
    TO heroes_writer;
GRANT SELECT
    ON analytics_hourly_rollup, progress_rollup, feedback_hourly_rollup, classroom_rollup,
       classroom_watermarks
    TO heroes_reader;
GRANT SELECT
    ON analytics_hourly_rollup, progress_rollup, feedback_hourly_rollup, classroom_rollup,
       classroom_watermarks, consumer_offsets
    TO heroes_backup;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['analytics_hourly_rollup', 'progress_rollup', 'feedback_hourly_rollup',
                             'classroom_rollup', 'classroom_watermarks', 'consumer_offsets']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY writer_all_rows ON %I FOR ALL TO heroes_writer USING (true) WITH CHECK (true)', t);
        EXECUTE format('CREATE POLICY owner_all_rows ON %I FOR ALL TO heroes_owner USING (true) WITH CHECK (true)', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['analytics_hourly_rollup', 'progress_rollup', 'feedback_hourly_rollup',
                             'classroom_rollup', 'classroom_watermarks']
    LOOP
        EXECUTE format('CREATE POLICY reader_own_classroom_rows ON %I FOR SELECT TO heroes_reader '
                       'USING (classroom_id IN (SELECT c.id FROM classrooms c WHERE c.facilitator_id = app_facilitator_id()))', t);
    END LOOP;
END
$$;

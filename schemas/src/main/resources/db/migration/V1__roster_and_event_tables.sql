-- The plan's tables (names and columns of the DBA remediation plan, DESIGN §5) plus the columns
-- the pipeline needs. There are no foreign keys between these tables on purpose: roster records
-- and events arrive on different topics and partitions, in no guaranteed order, and an event must
-- never be refused because its classroom's roster record has not landed yet (docs/adr/0003).

CREATE TABLE facilitators (
    id            uuid        PRIMARY KEY,
    email         text        NOT NULL,
    organization  text,
    is_active     boolean     NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL,
    -- occurredAt of the roster record this row reflects: the latest one wins
    updated_at    timestamptz NOT NULL
);

CREATE TABLE classrooms (
    id              uuid        PRIMARY KEY,
    facilitator_id  uuid        NOT NULL,
    name            text        NOT NULL,
    classroom_code  text        NOT NULL,
    is_active       boolean     NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);

CREATE TABLE students (
    id              uuid        PRIMARY KEY,
    classroom_id    uuid        NOT NULL,
    -- the pseudonym a classroom knows the child by; students have no names in this system
    anonymous_id    text        NOT NULL,
    is_active       boolean     NOT NULL DEFAULT true,
    last_active_at  timestamptz,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);

CREATE TABLE student_progress (
    student_id          uuid        NOT NULL,
    lesson_id           smallint    NOT NULL CHECK (lesson_id BETWEEN 1 AND 12),
    classroom_id        uuid        NOT NULL,
    completion_status   text        NOT NULL
        CHECK (completion_status IN ('not_started', 'in_progress', 'completed')),
    score               smallint    CHECK (score BETWEEN 0 AND 100),
    time_spent_seconds  bigint      CHECK (time_spent_seconds >= 0),
    -- the event whose state this row holds: the one with the latest occurredAt
    event_id            uuid        NOT NULL,
    updated_at          timestamptz NOT NULL,
    PRIMARY KEY (student_id, lesson_id)
);

-- The dedup key is (event_id, "timestamp") rather than event_id alone so that the table can be
-- partitioned by month on "timestamp" later (a partitioned table's unique keys must contain the
-- partition key). A client that retries resends the same event, so the same timestamp.
CREATE TABLE analytics_events (
    event_id        uuid             NOT NULL,
    classroom_id    uuid             NOT NULL,
    student_id      uuid,
    event_type      text             NOT NULL,
    event_category  text             NOT NULL,
    event_value     double precision,
    properties      jsonb,
    "timestamp"     timestamptz      NOT NULL,
    received_at     timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (event_id, "timestamp")
);

CREATE TABLE student_feedback (
    event_id       uuid        PRIMARY KEY,
    classroom_id   uuid        NOT NULL,
    student_id     uuid        NOT NULL,
    lesson_id      smallint    NOT NULL CHECK (lesson_id BETWEEN 1 AND 12),
    feedback_type  text        NOT NULL,
    rating         smallint    CHECK (rating BETWEEN 1 AND 5),
    comment        text        CHECK (char_length(comment) <= 500),
    created_at     timestamptz NOT NULL,
    received_at    timestamptz NOT NULL DEFAULT now()
);

-- All 18 index names of the DBA plan §2.1, on the columns it names. Some overlap a primary key
-- (idx_student_progress_student_lesson); they are kept so that the plan's names all exist, and
-- scripts/index-report.sh is where an operator sees which ones earn their keep.

CREATE INDEX idx_facilitators_email_active ON facilitators (email, is_active);
CREATE INDEX idx_facilitators_organization ON facilitators (organization);

CREATE INDEX idx_classrooms_facilitator_id ON classrooms (facilitator_id);
CREATE INDEX idx_classrooms_code_active ON classrooms (classroom_code, is_active);
CREATE INDEX idx_classrooms_created_at ON classrooms (created_at);

CREATE INDEX idx_students_classroom_id ON students (classroom_id);
CREATE INDEX idx_students_anonymous_id ON students (anonymous_id);
CREATE INDEX idx_students_active ON students (is_active);
CREATE INDEX idx_students_last_active ON students (last_active_at);

CREATE INDEX idx_student_progress_student_lesson ON student_progress (student_id, lesson_id);
CREATE INDEX idx_student_progress_completion ON student_progress (completion_status);
CREATE INDEX idx_student_progress_updated_at ON student_progress (updated_at);

CREATE INDEX idx_analytics_events_timestamp ON analytics_events ("timestamp");
CREATE INDEX idx_analytics_events_type_category ON analytics_events (event_type, event_category);
CREATE INDEX idx_analytics_events_classroom ON analytics_events (classroom_id);

CREATE INDEX idx_student_feedback_student_lesson ON student_feedback (student_id, lesson_id);
CREATE INDEX idx_student_feedback_type ON student_feedback (feedback_type);
CREATE INDEX idx_student_feedback_created_at ON student_feedback (created_at);

-- What the plan's §3.2 query (one classroom, a time range, grouped by type and category) needs:
-- the two filter columns together, equality first, with the grouped and averaged columns
-- included so the range is answered from the index alone. The plan indexed them separately.
CREATE INDEX idx_analytics_events_classroom_timestamp
    ON analytics_events (classroom_id, "timestamp")
    INCLUDE (event_type, event_category, event_value);

-- Per-classroom reads of progress and feedback (query-service, and the RLS policies' joins).
CREATE INDEX idx_student_progress_classroom ON student_progress (classroom_id, lesson_id);
CREATE INDEX idx_student_feedback_classroom_created ON student_feedback (classroom_id, created_at);

package org.heroes.analytics.query.classrooms;

/** How many of a classroom's students are at each completion status of one lesson (1..12); zeros where none. */
record LessonProgress(int lessonId, long notStarted, long inProgress, long completed) {}

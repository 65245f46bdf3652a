-- The retention horizon (docs/data-retention.md, docs/adr/0012-retention.md): the instant before which
-- raw rows (analytics_events, student_feedback, student_progress) may have been deleted by the
-- aggregator's retention job. One row; it only ever moves forward, and the job writes it (and commits)
-- before it deletes anything, so every reader that sees a deleted row missing also sees the horizon.
--   aggregator writers   refuse events older than it (a replay must not re-insert, and re-count, purged events)
--   RollupRebuilder      never rebuilds hourly rollups of hours before it (their raw rows are gone)
--   query-service        withholds averages of cells that begin before it (small-cell counts are incomplete)
CREATE TABLE retention_horizon (
    singleton   boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    horizon     timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

GRANT SELECT, INSERT, UPDATE ON retention_horizon TO heroes_writer;
GRANT SELECT ON retention_horizon TO heroes_reader, heroes_backup;

ALTER TABLE retention_horizon ENABLE ROW LEVEL SECURITY;
ALTER TABLE retention_horizon FORCE ROW LEVEL SECURITY;
CREATE POLICY writer_all_rows ON retention_horizon FOR ALL TO heroes_writer USING (true) WITH CHECK (true);
CREATE POLICY owner_all_rows ON retention_horizon FOR ALL TO heroes_owner USING (true) WITH CHECK (true);
-- The horizon is a fact about the whole database, no facilitator's data: every facilitator may see it. As on
-- every table the reader can read (DESIGN §5), a transaction that names no facilitator sees no row.
CREATE POLICY reader_any_facilitator ON retention_horizon FOR SELECT TO heroes_reader
    USING (app_facilitator_id() IS NOT NULL);

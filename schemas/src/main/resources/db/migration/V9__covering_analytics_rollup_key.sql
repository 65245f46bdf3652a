-- The primary key of analytics_hourly_rollup carries the sums (INCLUDE), so query-service reads a classroom's
-- hours from the index alone (ADR 0018). Its analytics and time-series answers read every rollup row of the range:
-- without the sums in the index that was a heap fetch per row, and a classroom's rows lie scattered over the heap
-- (the aggregator writes each hour of every classroom as it comes), so one 7-day question touched some 550 heap
-- pages. Measured on 10 M events (scripts/bench.sh query): the analytics statement's execution 2.6 ms -> 0.9 ms.
--
-- The price is on the write side: an update of the sums now writes an index entry (it can no longer be a HOT
-- update). There is still only one index on the table, the key the aggregator's upserts need anyway.
--
-- Locks: Flyway runs this file in one transaction. Building the new unique index takes a SHARE lock (reads go on,
-- the aggregator's upserts wait; about 10 s for 7 M rows on this 2-core machine); the swap of the constraint is
-- the moment reads wait too, and it is the last statement. The key keeps its name, analytics_hourly_rollup_pkey
-- (ADD CONSTRAINT ... USING INDEX renames the index to the constraint's name).

CREATE UNIQUE INDEX analytics_hourly_rollup_pkey_v9
    ON analytics_hourly_rollup (classroom_id, bucket_hour, event_type, event_category)
    INCLUDE (event_count, value_sum, value_count);

ALTER TABLE analytics_hourly_rollup
    DROP CONSTRAINT analytics_hourly_rollup_pkey,
    ADD CONSTRAINT analytics_hourly_rollup_pkey PRIMARY KEY USING INDEX analytics_hourly_rollup_pkey_v9;

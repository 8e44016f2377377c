-- A month's report reads the month's applications with their desk events without a table lookup per application
-- (issue 11). Its join (src/store/report.rs DESK_EVENTS_SQL, PERIOD_EVENTS_SQL) needs each application's id to
-- find its rows in `audit_desk_events`; the day queue index gave the range but not the id, so each of a month's
-- ~66,000 applications was read from the table for it. The same index with the id at its end gives both, so the
-- join reads the range and the ids from the index alone; the desk's queries read it as before (same prefix).
DROP INDEX applications_day_queue;
CREATE INDEX applications_day_queue ON applications (slot_date, slot_start, status, id);

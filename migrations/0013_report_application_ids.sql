-- A month's report reads the month's applications without a table lookup per application (issue 11). The day
-- queue index gave the range, but each of a month's ~66,000 applications was then read from the table (wide rows
-- of personal data) for the columns the report needs, and again for its id to join its desk events in
-- `audit_desk_events`. The same index with those columns after its own holds all of them, so the report's reads
-- of a range (src/store/report.rs VISITS_SQL, DESK_EVENTS_SQL and the previous period's PERIOD_VISITS_SQL,
-- PERIOD_EVENTS_SQL) read the index alone. The desk reads it as before (same leading columns); its entry was
-- already rewritten on nearly every desk action, which changes `status`.
DROP INDEX applications_day_queue;
CREATE INDEX applications_day_queue ON applications (slot_date, slot_start, status, id, booking_code, service,
    priority_reason, source, queue_no, fee_idr, paid_at, checked_in_at, called_at, counter_no, decided_at,
    rejection_reason, cancel_reason);

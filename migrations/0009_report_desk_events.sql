-- The report reads a month of history without reading a month of rows (issue 11).
--
-- It replays each application's desk events (check-in, call, transfer, put back, absent, approve, reject) from
-- the audit log. This partial index holds every column that replay reads, so a month's report reads the index
-- alone instead of the month's audit rows (hashes and details included); its WHERE is the list of the report's
-- query (src/store/report.rs DESK_EVENTS_SQL), which SQLite matches term for term.
CREATE INDEX audit_desk_events ON audit_log (application_id, at, action, officer, counter_no)
    WHERE action IN ('check_in', 'call', 'transfer', 'put_back', 'absent', 'approve', 'reject');
-- Passports handed over and dispatched in a range are counted from the index alone (it holds the status); it
-- replaces the index on the instant only.
DROP INDEX applications_handed_over_at;
CREATE INDEX applications_handed_over_status ON applications (handed_over_at, status) WHERE handed_over_at IS NOT NULL;

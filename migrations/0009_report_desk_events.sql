-- The report replays each application's desk events (check-in, call, transfer, put back, absent, approve,
-- reject) from the audit log. This partial index holds every column that replay reads, so a month's report reads
-- the index alone instead of the month's audit rows (hashes and details included); its WHERE is the list of the
-- report's query (src/store/report.rs DESK_EVENTS_SQL), which SQLite matches term for term.
CREATE INDEX audit_desk_events ON audit_log (application_id, at, action, officer, counter_no)
    WHERE action IN ('check_in', 'call', 'transfer', 'put_back', 'absent', 'approve', 'reject');

-- A report of a day long past is bounded by that day, not by every hand-over since (issue 11).
--
-- The backlog at the end of a day is read as the passports on the shelf now plus those that left it after the
-- day. Those that left within 45 days of it are found through the instant they left, bounded on both sides;
-- the index of hand-overs now holds `ready_at` too, so that part reads the index alone.
DROP INDEX applications_handed_over_status;
CREATE INDEX applications_handed_over_status ON applications (handed_over_at, status, ready_at)
    WHERE handed_over_at IS NOT NULL;
-- Passports cancelled as uncollected (made ready, never handed over): few, with the instant they were made ready.
CREATE INDEX applications_uncollected_cancelled ON applications (cancelled_at, ready_at)
    WHERE ready_at IS NOT NULL AND handed_over_at IS NULL AND cancelled_at IS NOT NULL;
-- Passports that stayed on the shelf longer than 45 days before they left it (rare): the rest of the backlog of
-- a past day. The WHERE is the one of the report's query (src/store/report.rs UNCOLLECTED_SQL, SHELF_WINDOW_DAYS).
CREATE INDEX applications_long_shelf ON applications (ready_at)
    WHERE coalesce(handed_over_at, cancelled_at) > strftime('%Y-%m-%dT%H:%M:%SZ', ready_at, '+45 days');

-- The report's chain head at the end of a day (the last audit row, by sequence, whose instant is before then)
-- without walking the chain back from its head: the highest sequence number of each node's rows per UTC hour of
-- their instant, kept by a trigger as rows are written (the log is append-only, so it only grows). A report of
-- a day long past reads these few rows instead of every audit row written since that day.
CREATE TABLE audit_chain_hours (
    node_id  TEXT NOT NULL,
    hour     TEXT NOT NULL,                  -- the first 13 characters of the instant: 'YYYY-MM-DDTHH'
    last_seq INTEGER NOT NULL,
    PRIMARY KEY (node_id, hour)
) WITHOUT ROWID;

INSERT INTO audit_chain_hours (node_id, hour, last_seq)
    SELECT node_id, substr(at, 1, 13), max(seq) FROM audit_log GROUP BY node_id, substr(at, 1, 13);

CREATE TRIGGER audit_chain_hours_kept AFTER INSERT ON audit_log
BEGIN
    INSERT INTO audit_chain_hours (node_id, hour, last_seq) VALUES (NEW.node_id, substr(NEW.at, 1, 13), NEW.seq)
        ON CONFLICT (node_id, hour) DO UPDATE SET last_seq = max(last_seq, excluded.last_seq);
END;

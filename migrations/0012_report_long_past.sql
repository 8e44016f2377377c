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

-- Migration 2: the audit trail stores what it means, is append-only and hash-chained (docs/audit.md); officer
-- accounts can be locked after failed sign-ins.
--
-- The version-1 rows are copied into the new table and chained by loket itself right after this step
-- (src/store/audit.rs, chain_version1_rows), in the same transaction; that step also drops audit_log_v1 and
-- gives the office its node id (settings.node_id).

ALTER TABLE audit_log RENAME TO audit_log_v1;
DROP INDEX audit_application;
DROP INDEX audit_at;

-- Who did what, when. Every state change writes one row in the same transaction as the change. Rows are
-- grouped in chains, one per node (the office, each outreach laptop): within a chain seq counts 1, 2, 3… and
-- every row carries the hash of its own content and the hash of the row before it.
CREATE TABLE audit_log (
    id             TEXT PRIMARY KEY,          -- UUIDv7: sorts by time, unique across databases
    node_id        TEXT NOT NULL,             -- the chain: the node (office or laptop) that wrote the row
    seq            INTEGER NOT NULL CHECK (seq >= 1),
    at             TEXT NOT NULL,             -- UTC instant the action took effect (the clock loket ran on)
    real_at        TEXT NOT NULL,             -- UTC instant of the system clock when the row was written
    pinned_at      TEXT CHECK (pinned_at IS NULL OR pinned_at = at), -- = at when the clock was pinned
    officer        TEXT NOT NULL,
    action         TEXT NOT NULL,             -- src/domain/audit.rs AuditAction; trigger below lists them
    application_id TEXT REFERENCES applications (id),
    counter_no     INTEGER CHECK (counter_no IS NULL OR counter_no BETWEEN 1 AND 99),
    from_status    TEXT,
    to_status      TEXT,
    detail         TEXT,
    prev_hash      TEXT NOT NULL CHECK (length(prev_hash) = 64),
    hash           TEXT NOT NULL CHECK (length(hash) = 64),
    UNIQUE (node_id, seq)
) STRICT;

CREATE INDEX audit_application ON audit_log (application_id, at);
CREATE INDEX audit_at ON audit_log (at);
CREATE INDEX audit_officer ON audit_log (officer, at);

-- Append only: a row once written is never changed or removed.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: rows cannot be changed');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: rows cannot be deleted');
END;

-- Only known actions (a later migration that adds one drops and recreates this trigger).
CREATE TRIGGER audit_log_action_known BEFORE INSERT ON audit_log
WHEN NEW.action NOT IN (
    'check_in', 'call', 'put_back', 'recall', 'transfer', 'absent', 'photo', 'interview', 'approve', 'reject',
    'ready', 'hand_over', 'dispatch', 'reschedule', 'cancel_no_show', 'withdraw', 'cancel_uncollected', 'book',
    'walk_in', 'payment', 'import_bookings', 'import_watchlist', 'import_holidays', 'close_day', 'reopen_day',
    'setting', 'add_officer', 'disable_officer', 'set_password', 'set_role', 'sign_in_failed', 'account_locked',
    'restore', 'refused_close_day', 'refused_check_in', 'reinstate', 'take_over_counter', 'demo', 'legacy',
    'outreach_create', 'outreach_pack', 'outreach_walk_in', 'group_member', 'outreach_merge', 'outreach_resolve',
    'stay_register', 'stay_documents', 'stay_biometrics', 'stay_approve', 'stay_refuse', 'stay_hand_over')
BEGIN
    SELECT RAISE(ABORT, 'unknown audit action');
END;

-- Sign-in failures in a row, and until when the account is locked (UTC instant; NULL = not locked).
ALTER TABLE officers ADD COLUMN failed_sign_ins INTEGER NOT NULL DEFAULT 0 CHECK (failed_sign_ins >= 0);
ALTER TABLE officers ADD COLUMN locked_until TEXT;

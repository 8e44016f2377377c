-- loket's one schema. Applied by the versioned migrations in src/store/migrate.rs (PRAGMA user_version).
--
-- Conventions
--   * Instants are UTC, RFC 3339 text with a 'Z' (e.g. 2026-11-25T01:45:00Z). Slot dates and times are
--     office-local (YYYY-MM-DD, HH:MM); the office's UTC offset lives in settings.utc_offset.
--   * Rows that outreach laptops create offline (applicants, applications, audit_log) have UUIDv7 text ids,
--     so two databases never mint the same id and a merge can simply insert what it has not seen.
--   * CHECK constraints mirror the domain rules in src/domain so a bad row cannot be written by any path.

-- Office settings shared by every workstation (see src/domain/settings.rs for keys and validation).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- Officers who sign in. Passwords are argon2 hashes (PHC strings).
CREATE TABLE officers (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 40),
    role          TEXT NOT NULL CHECK (role IN ('officer', 'supervisor')),
    password_hash TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at    TEXT NOT NULL,
    failed_sign_ins INTEGER NOT NULL DEFAULT 0 CHECK (failed_sign_ins >= 0), -- failures in a row
    locked_until  TEXT                      -- UTC instant; NULL = not locked
) STRICT;

-- Service counters (loket) on the floor.
CREATE TABLE counters (
    number INTEGER PRIMARY KEY CHECK (number BETWEEN 1 AND 99),
    name   TEXT NOT NULL
) STRICT;

-- Days off: national holidays, collective leave, office closures. Not working days; no slots.
CREATE TABLE holidays (
    date TEXT PRIMARY KEY CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('libur_nasional', 'cuti_bersama', 'kantor'))
) STRICT;

-- Arrival slots with their quota. Keyed by the office-local date and start time so merges need no id mapping.
CREATE TABLE slots (
    date       TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    start_time TEXT NOT NULL CHECK (start_time GLOB '[0-2][0-9]:[0-5][0-9]'),
    end_time   TEXT NOT NULL CHECK (end_time GLOB '[0-2][0-9]:[0-5][0-9]' AND end_time > start_time),
    quota      INTEGER NOT NULL CHECK (quota >= 0),
    PRIMARY KEY (date, start_time)
) STRICT;

-- People. Citizens carry a NIK; the NIK's decoded birth date and sex must agree with the row.
CREATE TABLE applicants (
    id          TEXT PRIMARY KEY,
    nik         TEXT UNIQUE CHECK (nik IS NULL OR (length(nik) = 16 AND nik NOT GLOB '*[^0-9]*')),
    full_name   TEXT NOT NULL CHECK (length(full_name) BETWEEN 1 AND 100),
    name_key    TEXT NOT NULL,              -- lower-cased, punctuation folded: for search and watchlist match
    sex         TEXT NOT NULL CHECK (sex IN ('L', 'P')),
    birth_date  TEXT NOT NULL,
    birth_place TEXT CHECK (birth_place IS NULL OR length(birth_place) <= 60),
    phone       TEXT,
    address     TEXT CHECK (address IS NULL OR length(address) <= 200),
    created_at  TEXT NOT NULL
) STRICT;

-- One passport application: the booking and everything that happens to it afterwards.
CREATE TABLE applications (
    id               TEXT PRIMARY KEY,
    booking_code     TEXT NOT NULL UNIQUE CHECK (length(booking_code) BETWEEN 6 AND 20
                                                 AND booking_code NOT GLOB '*[^A-Z0-9]*'),
    applicant_id     TEXT NOT NULL REFERENCES applicants (id),
    application_type TEXT NOT NULL CHECK (application_type IN ('baru', 'penggantian', 'hilang', 'rusak')),
    purpose          TEXT NOT NULL CHECK (purpose IN ('wisata', 'umroh', 'haji', 'belajar', 'bekerja',
                                                      'kunjungan_keluarga', 'lainnya')),
    passport_kind    TEXT NOT NULL CHECK (passport_kind IN ('elektronik', 'biasa')),
    validity_years   INTEGER NOT NULL CHECK (validity_years IN (5, 10)),
    service          TEXT NOT NULL CHECK (service IN ('reguler', 'percepatan')),
    slot_date        TEXT NOT NULL,
    slot_start       TEXT NOT NULL,
    billing_code     TEXT NOT NULL CHECK (length(billing_code) = 15 AND billing_code NOT GLOB '*[^0-9]*'),
    fee_idr          INTEGER NOT NULL CHECK (fee_idr >= 0),
    paid_at          TEXT,                   -- UTC instant; NULL = not paid yet
    old_passport_no  TEXT,
    group_code       TEXT CHECK (group_code IS NULL OR length(group_code) <= 20),
    priority_reason  TEXT CHECK (priority_reason IS NULL
                                 OR priority_reason IN ('lansia', 'disabilitas', 'hamil', 'balita')),
    source           TEXT NOT NULL CHECK (source IN ('manifest', 'walk_in', 'outreach', 'demo')),
    manifest_hash    TEXT,                   -- the imported row's content, to tell a re-import from a conflict
    status           TEXT NOT NULL DEFAULT 'booked'
                     CHECK (status IN ('booked', 'checked_in', 'at_counter', 'approved', 'rejected', 'ready',
                                       'handed_over', 'dispatched', 'cancelled')),
    reschedule_count INTEGER NOT NULL DEFAULT 0 CHECK (reschedule_count >= 0),
    queue_no         TEXT,                   -- e.g. A-001; set at check-in
    checked_in_at    TEXT,
    counter_no       INTEGER REFERENCES counters (number),
    called_at        TEXT,
    photo_at         TEXT,
    interview_at     TEXT,
    decided_at       TEXT,
    rejection_reason TEXT CHECK (rejection_reason IS NULL OR rejection_reason IN
                                 ('cegah_tangkal', 'pmi_non_prosedural', 'data_tidak_sah',
                                  'tujuan_melawan_hukum', 'lainnya')),
    rejection_note   TEXT,
    ready_date       TEXT,                   -- office-local date the passport is due
    passport_no      TEXT CHECK (passport_no IS NULL OR (length(passport_no) = 8
                                 AND passport_no GLOB '[A-Z][0-9][0-9][0-9][0-9][0-9][0-9][0-9]')),
    ready_at         TEXT,
    handed_over_at   TEXT,
    collected_by     TEXT,
    delivery_address TEXT,
    pos_tracking_no  TEXT,
    cancel_reason    TEXT CHECK (cancel_reason IS NULL OR cancel_reason IN ('tidak_hadir', 'dibatalkan', 'tidak_diambil')),
    cancelled_at     TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    event_id         INTEGER REFERENCES outreach_events (id),  -- the outreach event, NULL for the office's queue
    payment_ntpn     TEXT,                   -- the receipt number (NTPN) a desk payment was recorded from
    FOREIGN KEY (slot_date, slot_start) REFERENCES slots (date, start_time),
    -- a replacement or damaged-passport application names the passport it replaces
    CHECK (application_type NOT IN ('penggantian', 'rusak') OR old_passport_no IS NOT NULL),
    -- state-dependent facts
    CHECK (status = 'booked' OR status = 'cancelled' OR queue_no IS NOT NULL),
    CHECK (status <> 'rejected' OR rejection_reason IS NOT NULL),
    CHECK (status NOT IN ('ready', 'handed_over', 'dispatched') OR passport_no IS NOT NULL),
    CHECK (status <> 'dispatched' OR pos_tracking_no IS NOT NULL),
    CHECK (status <> 'cancelled' OR cancel_reason IS NOT NULL)
) STRICT;

-- after the desk's own columns, every column the report reads of a range's applications: it reads them, and joins
-- them to their desk events by id, from the index alone (migration 13)
CREATE INDEX applications_day_queue ON applications (slot_date, slot_start, status, id, booking_code, service,
    priority_reason, source, queue_no, fee_idr, paid_at, checked_in_at, called_at, counter_no, decided_at,
    rejection_reason, cancel_reason);
CREATE INDEX applications_applicant ON applications (applicant_id);
CREATE INDEX applications_group ON applications (group_code) WHERE group_code IS NOT NULL;
-- passports due: the approved and ready backlogs only, in due-date order (migration 6)
CREATE INDEX applications_due_approved ON applications (ready_date, booking_code) WHERE status = 'approved';
CREATE INDEX applications_due_ready ON applications (ready_date, booking_code) WHERE status = 'ready';
CREATE INDEX applications_ready_backlog ON applications (ready_at) WHERE status = 'ready';
CREATE INDEX applications_billing ON applications (billing_code);
-- a passport number belongs to one application
CREATE UNIQUE INDEX applications_passport_no ON applications (passport_no) WHERE passport_no IS NOT NULL;
CREATE INDEX applicants_name ON applicants (name_key);
-- queue numbers are unique within a day and never reused
CREATE UNIQUE INDEX applications_queue_no ON applications (slot_date, queue_no) WHERE queue_no IS NOT NULL;

-- The last queue number handed out per day and service line (A regular, E express, P priority).
CREATE TABLE queue_numbers (
    date TEXT NOT NULL,
    line TEXT NOT NULL CHECK (line IN ('A', 'E', 'P')),
    last INTEGER NOT NULL CHECK (last >= 0),
    PRIMARY KEY (date, line)
) STRICT;

-- Prevention/deterrence list. Each import is a new version; the newest version is in force, older ones
-- stay as history.
CREATE TABLE watchlist_imports (
    version     INTEGER PRIMARY KEY,
    imported_at TEXT NOT NULL,
    officer     TEXT NOT NULL,
    source_file TEXT NOT NULL,
    row_count   INTEGER NOT NULL
) STRICT;

CREATE TABLE watchlist (
    version     INTEGER NOT NULL REFERENCES watchlist_imports (version),
    line        INTEGER NOT NULL,
    nik         TEXT CHECK (nik IS NULL OR (length(nik) = 16 AND nik NOT GLOB '*[^0-9]*')),
    full_name   TEXT,
    name_key    TEXT,
    birth_date  TEXT,
    kind        TEXT NOT NULL CHECK (kind IN ('cegah', 'tangkal')),
    reference   TEXT NOT NULL CHECK (length(reference) BETWEEN 1 AND 60),
    valid_until TEXT,
    PRIMARY KEY (version, line),
    CHECK (nik IS NOT NULL OR (full_name IS NOT NULL AND birth_date IS NOT NULL))
) STRICT;

CREATE INDEX watchlist_nik ON watchlist (nik) WHERE nik IS NOT NULL;
CREATE INDEX watchlist_name ON watchlist (name_key, birth_date);

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

-- The highest sequence number of each node's audit rows per UTC hour of their instant (migration 12), kept by
-- the trigger below: the report's chain head at the end of a day long past without walking the chain back.
CREATE TABLE audit_chain_hours (
    node_id  TEXT NOT NULL,
    hour     TEXT NOT NULL,                  -- the first 13 characters of the instant: 'YYYY-MM-DDTHH'
    last_seq INTEGER NOT NULL,
    PRIMARY KEY (node_id, hour)
) WITHOUT ROWID;

CREATE TRIGGER audit_chain_hours_kept AFTER INSERT ON audit_log
BEGIN
    INSERT INTO audit_chain_hours (node_id, hour, last_seq) VALUES (NEW.node_id, substr(NEW.at, 1, 13), NEW.seq)
        ON CONFLICT (node_id, hour) DO UPDATE SET last_seq = max(last_seq, excluded.last_seq);
END;

-- Closed days. After the close a day's queue is read-only (passports of that day may still be made ready and
-- handed over); a close forced past unfinished applicants records why.
CREATE TABLE day_closures (
    date         TEXT PRIMARY KEY,
    closed_at    TEXT NOT NULL,              -- UTC instant
    officer      TEXT NOT NULL,
    forced_reason TEXT,
    summary      TEXT NOT NULL               -- JSON: what the close did
) STRICT;

-- Who is signed in at which counter (for the supervisors' floor view).
CREATE TABLE counter_sessions (
    id            TEXT PRIMARY KEY,
    counter_no    INTEGER NOT NULL REFERENCES counters (number),
    officer       TEXT NOT NULL,
    signed_in_at  TEXT NOT NULL,
    signed_out_at TEXT
) STRICT;

CREATE INDEX counter_sessions_open ON counter_sessions (counter_no, signed_out_at);
CREATE INDEX counter_sessions_open_now ON counter_sessions (counter_no) WHERE signed_out_at IS NULL;

-- The supervisors' report reads a range of days: these indexes bound its queries by the range instead of
-- scanning every application or the whole audit log (checked with EXPLAIN QUERY PLAN in tests/report_plan.rs).
CREATE INDEX applications_ready_at ON applications (ready_at) WHERE ready_at IS NOT NULL;
CREATE INDEX applications_cancelled_at ON applications (cancelled_at) WHERE cancelled_at IS NOT NULL;
-- A reschedule's audit detail starts with the slot date it moved away from ("special: " first for special ones).
CREATE INDEX audit_reschedule_from ON audit_log (
    CASE WHEN detail LIKE 'special:%' THEN substr(detail, 10, 10) ELSE substr(detail, 1, 10) END
) WHERE action = 'reschedule';
CREATE INDEX counter_sessions_signed_in ON counter_sessions (signed_in_at);
-- The report's desk events and its hand-over counts read from these indexes alone (migration 9).
CREATE INDEX audit_desk_events ON audit_log (application_id, at, action, officer, counter_no)
    WHERE action IN ('check_in', 'call', 'transfer', 'put_back', 'absent', 'approve', 'reject');
-- Hand-overs with the status and the instant made ready (migration 12): passports moved and a past day's backlog
-- are read from the index alone.
CREATE INDEX applications_handed_over_status ON applications (handed_over_at, status, ready_at)
    WHERE handed_over_at IS NOT NULL;
-- A past day's backlog (migration 12, src/store/report.rs UNCOLLECTED_SQL): passports cancelled as uncollected,
-- and those that stayed on the shelf longer than 45 days.
CREATE INDEX applications_uncollected_cancelled ON applications (cancelled_at, ready_at)
    WHERE ready_at IS NOT NULL AND handed_over_at IS NULL AND cancelled_at IS NOT NULL;
CREATE INDEX applications_long_shelf ON applications (ready_at)
    WHERE coalesce(handed_over_at, cancelled_at) > strftime('%Y-%m-%dT%H:%M:%SZ', ready_at, '+45 days');

-- A loket database ("LKT1"); see migrations/0003_application_id.sql.
PRAGMA application_id = 1280005169;

-- Outreach (migration 5): events, laptops, merges back and their conflicts, groups.

-- An outreach event (e.g. Si Semar Paten at a regency hall), created at the office.
CREATE TABLE outreach_events (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    place         TEXT NOT NULL CHECK (length(place) BETWEEN 1 AND 100),
    first_day     TEXT NOT NULL CHECK (first_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    last_day      TEXT NOT NULL CHECK (last_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
                                       AND last_day >= first_day),
    opening_time  TEXT NOT NULL CHECK (opening_time GLOB '[0-2][0-9]:[0-5][0-9]'),
    closing_time  TEXT NOT NULL CHECK (closing_time GLOB '[0-2][0-9]:[0-5][0-9]' AND closing_time > opening_time),
    services      TEXT NOT NULL,              -- comma-separated codes: baru, penggantian, izin_tinggal
    quota_per_day INTEGER NOT NULL CHECK (quota_per_day > 0),
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL
) STRICT;

-- This database's identity, one row: the office, or one outreach laptop packed for one event.
CREATE TABLE outreach_node (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    kind      TEXT NOT NULL CHECK (kind IN ('office', 'laptop')),
    office_id TEXT NOT NULL,                  -- UUID of the office that packed (or is) this database
    node_id   TEXT NOT NULL,                  -- UUID of this database
    laptop_no INTEGER CHECK (laptop_no IS NULL OR laptop_no BETWEEN 1 AND 99),
    event_id  INTEGER REFERENCES outreach_events (id),
    packed_at TEXT,
    CHECK (kind = 'office' OR (laptop_no IS NOT NULL AND event_id IS NOT NULL AND packed_at IS NOT NULL))
) STRICT;

-- At the office: every laptop database packed, with its number (printed in its queue numbers and codes).
CREATE TABLE outreach_laptops (
    node_id   TEXT PRIMARY KEY,
    laptop_no INTEGER NOT NULL UNIQUE CHECK (laptop_no BETWEEN 1 AND 99),
    event_id  INTEGER NOT NULL REFERENCES outreach_events (id),
    packed_at TEXT NOT NULL,
    packed_by TEXT NOT NULL,
    file      TEXT NOT NULL
) STRICT;

-- The version (updated_at) of an application a laptop started from: on the laptop, the bookings packed with
-- it; at the office, what that laptop's last merge wrote. A merge finding another version at the office knows
-- the office changed the application meanwhile.
CREATE TABLE outreach_baselines (
    application_id TEXT NOT NULL,
    node_id        TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    status         TEXT NOT NULL,             -- the application's status in that version
    PRIMARY KEY (application_id, node_id)
) STRICT;

-- At the office: each merge that committed, with its counts (applied + duplicate + conflict = sent).
CREATE TABLE outreach_merges (
    id        TEXT PRIMARY KEY,
    node_id   TEXT NOT NULL REFERENCES outreach_laptops (node_id),
    merged_at TEXT NOT NULL,
    officer   TEXT NOT NULL,
    sent      INTEGER NOT NULL CHECK (sent >= 0),
    applied   INTEGER NOT NULL CHECK (applied >= 0),
    duplicate INTEGER NOT NULL CHECK (duplicate >= 0),
    conflict  INTEGER NOT NULL CHECK (conflict >= 0),
    CHECK (applied + duplicate + conflict = sent)
) STRICT;

-- At the office: what a merge could not apply without overwriting something, with both versions (JSON).
-- The id names it for `loket outreach resolve`: BOOKING/L<n> for an application, QUOTA/<event>/<date> for a day,
-- CODE/L<n> for a stay permit (kinds office_changed and passport_active).
CREATE TABLE outreach_conflicts (
    id             TEXT PRIMARY KEY,
    event_id       INTEGER NOT NULL REFERENCES outreach_events (id),
    node_id        TEXT,
    kind           TEXT NOT NULL CHECK (kind IN ('office_changed', 'nik_active', 'quota_exceeded', 'passport_active')),
    application_id TEXT,
    booking_code   TEXT,
    slot_date      TEXT,
    office_version TEXT NOT NULL,
    laptop_version TEXT NOT NULL,
    detected_at    TEXT NOT NULL,
    resolution     TEXT CHECK (resolution IS NULL OR resolution IN ('office', 'laptop')),
    resolved_at    TEXT,
    resolved_by    TEXT,
    note           TEXT,
    CHECK ((resolution IS NULL) = (resolved_at IS NULL))
) STRICT;

-- At the office: laptop audit events held back by a conflict (their rows live in the conflict's laptop version).
CREATE TABLE outreach_held_events (
    event_id    TEXT PRIMARY KEY,
    conflict_id TEXT NOT NULL REFERENCES outreach_conflicts (id)
) STRICT;

-- A collective booking (Umrah party, school, company): its leader and contact.
CREATE TABLE outreach_groups (
    code       TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 20),
    name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    leader     TEXT NOT NULL CHECK (length(leader) BETWEEN 1 AND 100),
    contact    TEXT NOT NULL,
    event_id   INTEGER REFERENCES outreach_events (id),
    created_at TEXT NOT NULL
) STRICT;

-- A foreigner's stay-permit extension (perpanjangan izin tinggal): its own data (no NIK), lifecycle
-- (src/domain/staypermit.rs) and queue line (W). Registered at the counter with the fee paid.
CREATE TABLE stay_permits (
    id             TEXT PRIMARY KEY,          -- UUIDv7, like every row a laptop may create
    code           TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 6 AND 20 AND code NOT GLOB '*[^A-Z0-9]*'),
    full_name      TEXT NOT NULL CHECK (length(full_name) BETWEEN 1 AND 100),
    passport_no    TEXT NOT NULL CHECK (length(passport_no) BETWEEN 5 AND 15 AND passport_no NOT GLOB '*[^A-Z0-9]*'),
    nationality    TEXT NOT NULL CHECK (length(nationality) = 3 AND nationality <> 'IDN'),
    permit_type    TEXT NOT NULL CHECK (permit_type IN ('itas', 'itap', 'perpanjangan_visa_kunjungan')),
    permit_no      TEXT NOT NULL CHECK (length(permit_no) BETWEEN 1 AND 30),
    current_expiry TEXT NOT NULL,
    sponsor        TEXT NOT NULL CHECK (length(sponsor) BETWEEN 1 AND 100),
    fee_idr        INTEGER NOT NULL CHECK (fee_idr >= 0),
    paid_at        TEXT,
    service_date   TEXT NOT NULL,             -- office-local day of the visit
    queue_no       TEXT,
    status         TEXT NOT NULL DEFAULT 'registered'
                   CHECK (status IN ('registered', 'documents_checked', 'biometrics', 'approved', 'refused',
                                     'handed_over')),
    new_expiry     TEXT,
    refusal_reason TEXT,
    decided_at     TEXT,
    handed_over_at TEXT,
    event_id       INTEGER REFERENCES outreach_events (id),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    CHECK (status NOT IN ('approved', 'handed_over') OR new_expiry > current_expiry),
    CHECK (status <> 'refused' OR refusal_reason IS NOT NULL)
) STRICT;

CREATE UNIQUE INDEX stay_permits_queue_no ON stay_permits (service_date, queue_no) WHERE queue_no IS NOT NULL;
-- The report reads stay permits by service day, decision and hand-over instant; the merge finds a foreigner's by passport.
CREATE INDEX stay_permits_service_date ON stay_permits (service_date);
CREATE INDEX stay_permits_handed_over_at ON stay_permits (handed_over_at) WHERE handed_over_at IS NOT NULL;
CREATE INDEX stay_permits_decided_at ON stay_permits (decided_at) WHERE decided_at IS NOT NULL;
CREATE INDEX stay_permits_passport_no ON stay_permits (passport_no);

CREATE INDEX applications_event ON applications (event_id, slot_date) WHERE event_id IS NOT NULL;

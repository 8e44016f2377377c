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
    created_at    TEXT NOT NULL
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

CREATE INDEX applications_day_queue ON applications (slot_date, slot_start, status);
CREATE INDEX applications_applicant ON applications (applicant_id);
CREATE INDEX applications_group ON applications (group_code) WHERE group_code IS NOT NULL;
-- a passport number belongs to one application
CREATE UNIQUE INDEX applications_passport_no ON applications (passport_no) WHERE passport_no IS NOT NULL;
CREATE INDEX applications_ready ON applications (status, ready_date);
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

-- Who did what, when. Every state change writes one row in the same transaction as the change.
CREATE TABLE audit_log (
    id             TEXT PRIMARY KEY,          -- UUIDv7: sorts by time, unique across databases
    at             TEXT NOT NULL,             -- UTC instant
    officer        TEXT NOT NULL,
    action         TEXT NOT NULL,
    application_id TEXT REFERENCES applications (id),
    from_status    TEXT,
    to_status      TEXT,
    detail         TEXT
) STRICT;

CREATE INDEX audit_application ON audit_log (application_id, at);
CREATE INDEX audit_at ON audit_log (at);

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

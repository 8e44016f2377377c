-- Migration 5: outreach events, the laptops packed for them, merges back and their conflicts, groups.
-- See README "Outreach" and src/store/outreach.rs for how a laptop's changes come back exactly once.

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
-- The id names it for `loket outreach resolve`: BOOKING/L<n> for an application, QUOTA/<event>/<date> for a day.
CREATE TABLE outreach_conflicts (
    id             TEXT PRIMARY KEY,
    event_id       INTEGER NOT NULL REFERENCES outreach_events (id),
    node_id        TEXT,
    kind           TEXT NOT NULL CHECK (kind IN ('office_changed', 'nik_active', 'quota_exceeded')),
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

-- The outreach event an application belongs to (NULL: the office's own queue).
ALTER TABLE applications ADD COLUMN event_id INTEGER REFERENCES outreach_events (id);
CREATE INDEX applications_event ON applications (event_id, slot_date) WHERE event_id IS NOT NULL;


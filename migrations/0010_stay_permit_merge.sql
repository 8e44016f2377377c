-- Stay permits go through the merge's conflict check like passports, and into the supervisors' report.
--
-- 1. A new conflict kind, `passport_active`: a stay permit registered on a laptop whose foreign passport number
--    already has an active stay-permit application registered at the office. A CHECK cannot be altered in
--    SQLite, so outreach_conflicts is rebuilt under its own name (its held events are set aside meanwhile, so
--    no foreign key is ever broken).
CREATE TEMP TABLE held_0010 AS SELECT * FROM outreach_held_events;
CREATE TEMP TABLE conflicts_0010 AS SELECT * FROM outreach_conflicts;
DELETE FROM outreach_held_events;
DROP TABLE outreach_conflicts;
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
INSERT INTO outreach_conflicts SELECT * FROM temp.conflicts_0010;
INSERT INTO outreach_held_events SELECT * FROM temp.held_0010;
DROP TABLE temp.held_0010;
DROP TABLE temp.conflicts_0010;

-- 2. The report reads stay permits by service day and by hand-over instant; the merge looks up a foreigner's
--    active stay permits by passport number.
CREATE INDEX stay_permits_service_date ON stay_permits (service_date);
CREATE INDEX stay_permits_handed_over_at ON stay_permits (handed_over_at) WHERE handed_over_at IS NOT NULL;
CREATE INDEX stay_permits_decided_at ON stay_permits (decided_at) WHERE decided_at IS NOT NULL;
CREATE INDEX stay_permits_passport_no ON stay_permits (passport_no);

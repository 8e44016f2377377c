//! Store fixtures shared by the `tests/store_*.rs` integration tests: a fresh office database in a temp dir,
//! two accounts, a builder for valid bookings, and small read-back helpers.
//!
//! Every test binary uses a different subset of these helpers.
#![allow(dead_code)]

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use loket::domain::fees;
use loket::domain::lifecycle::Status;
use loket::domain::nik::{self, Sex};
use loket::domain::settings::OfficeSettings;
use loket::domain::types::{ApplicationType, PassportKind, PriorityReason, Purpose, Role, Service};
use loket::store::{Actor, Application, AuditEntry, AuditFilter, ImportOutcome, ImportPolicy, NewBooking, Store};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU16, Ordering};
use tempfile::TempDir;

/// Password of every fixture account (the store wants at least 4 characters).
pub const PASSWORD: &str = "rahasia-123";
pub const OFFICER: &str = "petugas";
pub const SUPERVISOR: &str = "kepala";

/// The day most tests play on: Wednesday 2026-11-25.
pub const DAY: &str = "2026-11-25";

/// An instant from an RFC 3339 string with offset, e.g. `at("2026-11-25T08:45:00+07:00")`.
pub fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap_or_else(|e| panic!("bad instant {s:?}: {e}")).with_timezone(&Utc)
}

/// A date from `YYYY-MM-DD`.
pub fn date(s: &str) -> NaiveDate {
    s.parse().unwrap_or_else(|e| panic!("bad date {s:?}: {e}"))
}

fn hhmm(s: &str) -> NaiveTime {
    NaiveTime::parse_from_str(s, "%H:%M").unwrap_or_else(|e| panic!("bad time {s:?}: {e}"))
}

/// When fixture bookings are imported and paid: well before any slot used in the tests.
pub fn import_time() -> DateTime<Utc> {
    at("2026-11-01T10:00:00+07:00")
}

/// A fresh office database with default settings, an officer and a supervisor. The temp dir lives as long as
/// the fixture.
pub struct Office {
    pub dir: TempDir,
    pub path: PathBuf,
    pub store: Store,
    pub officer: Actor,
    pub supervisor: Actor,
}

impl Office {
    pub fn new() -> Office {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("loket.db");
        let mut store = Store::create(&path, &OfficeSettings::default()).expect("create database");
        let now = import_time();
        let officer = store.add_officer(&Actor::system(), OFFICER, Role::Officer, PASSWORD, now).expect("add officer");
        let supervisor =
            store.add_officer(&Actor::system(), SUPERVISOR, Role::Supervisor, PASSWORD, now).expect("add supervisor");
        Office { dir, path, store, officer, supervisor }
    }

    /// Another connection to the same database file (another workstation).
    pub fn open_another(&self) -> Store {
        Store::open(&self.path).expect("open second connection")
    }

    /// Imports bookings as the supervisor and insists every row went in.
    pub fn import(&mut self, rows: &[NewBooking]) {
        let out = self.try_import(rows);
        assert!(out.committed && out.problems.is_empty(), "import refused: {:?}", out.problems);
        assert_eq!(out.inserted, rows.len(), "{out:?}");
    }

    /// Imports bookings as the supervisor and returns what happened (nothing written on any problem).
    pub fn try_import(&mut self, rows: &[NewBooking]) -> ImportOutcome {
        self.store
            .import_bookings(&self.supervisor, rows, ImportPolicy::AllOrNothing, "test", import_time())
            .expect("import bookings")
    }

    /// Imports one booking and returns its booking code.
    pub fn book(&mut self, b: BookingBuilder) -> String {
        let b = b.build();
        let code = b.booking_code.clone();
        self.import(&[b]);
        code
    }

    /// Checks in on time (07:45 office time on the slot's day) and calls to counter 1: the booking ends up
    /// `at_counter`.
    pub fn bring_to_counter(&mut self, code: &str) -> Application {
        let day = self.store.application(code).expect("booking").slot_date;
        let morning = at(&format!("{day}T07:45:00+07:00"));
        self.store.check_in(&self.officer, code, None, morning).expect("check in");
        self.store.call(&self.officer, code, 1, morning + Duration::minutes(5)).expect("call")
    }

    /// Takes a booking through the counter to `approved` at `now` (check-in and call on the slot's morning).
    pub fn bring_to_approved(&mut self, code: &str, now: DateTime<Utc>) -> Application {
        self.bring_to_counter(code);
        self.store.record_interview(&self.officer, code, now).expect("interview");
        self.store.record_photo(&self.officer, code, now).expect("photo");
        self.store.approve(&self.officer, code, now).expect("approve")
    }

    pub fn app(&self, code: &str) -> Application {
        self.store.application(code).expect("booking exists")
    }

    pub fn status(&self, code: &str) -> Status {
        self.app(code).status
    }

    pub fn audit_rows(&self) -> i64 {
        audit_rows(&self.store)
    }

    /// The audit trail of one booking, oldest first.
    pub fn trail(&self, code: &str) -> Vec<AuditEntry> {
        let filter = AuditFilter { booking_code: Some(code.to_string()), ..Default::default() };
        self.store.audit(&filter).expect("read audit log")
    }
}

impl Default for Office {
    fn default() -> Self {
        Office::new()
    }
}

/// All rows of the audit log.
pub fn audit_rows(store: &Store) -> i64 {
    rusqlite::Connection::open(store.path())
        .expect("a connection of the test's own")
        .query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0))
        .expect("count audit rows")
}

/// Audit rows of one action on one booking.
pub fn audit_rows_of(store: &Store, code: &str, action: &str) -> i64 {
    rusqlite::Connection::open(store.path())
        .expect("a connection of the test's own")
        .query_row(
            "SELECT COUNT(*) FROM audit_log l JOIN applications a ON a.id = l.application_id
             WHERE a.booking_code = ?1 AND l.action = ?2",
            (code, action),
            |r| r.get(0),
        )
        .expect("count audit rows")
}

/// The last number handed out on a queue line ('A', 'E', 'P') for a day; 0 when none.
pub fn last_queue_number(store: &Store, day: &str, line: &str) -> i64 {
    rusqlite::Connection::open(store.path())
        .expect("a connection of the test's own")
        .query_row(
            "SELECT COALESCE((SELECT last FROM queue_numbers WHERE date = ?1 AND line = ?2), 0)",
            (day, line),
            |r| r.get(0),
        )
        .expect("read queue_numbers")
}

/// Makes NIK serials unique within a test binary, so every booking has its own applicant.
static NEXT_SERIAL: AtomicU16 = AtomicU16::new(1);

/// A fresh valid NIK (Jawa Tengah 33-74-01) for someone of `sex` born on `birth`, unique within the test binary.
pub fn fresh_nik(birth: NaiveDate, sex: Sex) -> String {
    let serial = NEXT_SERIAL.fetch_add(1, Ordering::Relaxed);
    assert!(serial < 10_000, "ran out of NIK serials");
    nik::make(33, 74, 1, birth, sex, serial)
}

/// A valid, paid, regular booking for a new electronic 5-year passport; adjust with the methods below.
#[derive(Debug, Clone)]
pub struct BookingBuilder {
    b: NewBooking,
}

/// `booking("MP0001", "2026-11-25", "09:00")`: an hourly slot starting at `start`.
pub fn booking(code: &str, day: &str, start: &str) -> BookingBuilder {
    let serial = NEXT_SERIAL.fetch_add(1, Ordering::Relaxed);
    assert!(serial < 10_000, "ran out of NIK serials");
    let birth = date("1990-05-17");
    let start = hhmm(start);
    BookingBuilder {
        b: NewBooking {
            line: 0,
            booking_code: code.to_string(),
            // Jawa Tengah (33), regency 74, district 01
            nik: nik::make(33, 74, 1, birth, Sex::Male, serial),
            full_name: format!("Pemohon {serial}"),
            sex: Sex::Male,
            birth_date: birth,
            birth_place: Some("Semarang".into()),
            phone: Some("081234567890".into()),
            address: None,
            application_type: ApplicationType::New,
            purpose: Purpose::Tourism,
            passport_kind: PassportKind::Electronic,
            validity_years: 5,
            service: Service::Regular,
            slot_date: date(day),
            slot_start: start,
            slot_end: start + Duration::minutes(60),
            billing_code: format!("8201{serial:011}"),
            fee_idr: 0, // computed in build()
            paid_at: Some(import_time()),
            old_passport_no: None,
            group_code: None,
            priority_reason: None,
        },
    }
}

impl BookingBuilder {
    pub fn express(mut self) -> Self {
        self.b.service = Service::Express;
        self
    }

    pub fn priority(mut self, reason: PriorityReason) -> Self {
        self.b.priority_reason = Some(reason);
        self
    }

    pub fn unpaid(mut self) -> Self {
        self.b.paid_at = None;
        self
    }

    pub fn kind(mut self, app_type: ApplicationType, old_passport_no: Option<&str>) -> Self {
        self.b.application_type = app_type;
        self.b.old_passport_no = old_passport_no.map(str::to_string);
        self
    }

    /// The applicant's full name.
    pub fn name(mut self, full_name: &str) -> Self {
        self.b.full_name = full_name.to_string();
        self
    }

    /// A member of the collective booking `group_code`.
    pub fn group(mut self, group_code: &str) -> Self {
        self.b.group_code = Some(group_code.to_string());
        self
    }

    /// The same person as `other` (same NIK, name, sex and birth date): a second booking of one applicant.
    pub fn same_applicant_as(mut self, other: &NewBooking) -> Self {
        self.b.nik = other.nik.clone();
        self.b.full_name = other.full_name.clone();
        self.b.sex = other.sex;
        self.b.birth_date = other.birth_date;
        self
    }

    /// The booking with its fee from the tariff in force on the slot date.
    pub fn build(mut self) -> NewBooking {
        let b = &mut self.b;
        b.fee_idr = fees::quote(b.slot_date, b.passport_kind, b.validity_years, b.service, b.application_type)
            .expect("tariff in force")
            .total();
        self.b
    }
}

//! Property tests for the CSV booking import: arbitrary bytes, and manifests of valid rows with random fields
//! replaced by arbitrary text (control characters, quotes, commas, line breaks, huge values), shuffled
//! columns and repeated rows, never make it panic, and an import either goes in whole (every row imported or
//! already present) or changes nothing at all.

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use loket::domain::fees;
use loket::domain::nik::{self, Sex};
use loket::domain::settings::OfficeSettings;
use loket::domain::types::{ApplicationType, PassportKind, Role, Service};
use loket::import::bookings;
use loket::store::{Actor, Store};
use proptest::prelude::*;
use std::cell::{Cell, RefCell};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

const COLUMNS: [&str; 21] = [
    "booking_code",
    "nik",
    "full_name",
    "sex",
    "birth_date",
    "birth_place",
    "phone",
    "address",
    "application_type",
    "purpose",
    "passport_kind",
    "validity_years",
    "service",
    "slot_date",
    "slot_start",
    "slot_end",
    "billing_code",
    "fee_idr",
    "paid_at",
    "old_passport_no",
    "group_code",
];

/// A fresh applicant number for every generated row, so rows that did go in do not collide with later ones.
static NEXT: AtomicU32 = AtomicU32::new(1);

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 3, 0, 0).single().expect("instant")
}

/// A valid manifest row (in `COLUMNS` order) for a fresh applicant on a weekday of December 2026.
fn valid_row() -> Vec<String> {
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let mut day = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date") + Duration::days(i64::from(n / 40 % 20));
    while matches!(day.weekday(), Weekday::Sat | Weekday::Sun) || day.day() == 25 {
        day += Duration::days(1);
    }
    let birth = NaiveDate::from_ymd_opt(1980, 1, 1).expect("date") + Duration::days(i64::from(n % 5000));
    let female = n.is_multiple_of(2);
    let sex = if female { Sex::Female } else { Sex::Male };
    let nik = nik::make(33, 74, (1 + n / 9999 % 99) as u8, birth, sex, (1 + n % 9999) as u16);
    let express = n.is_multiple_of(7);
    let service = if express { Service::Express } else { Service::Regular };
    let fee = fees::quote(day, PassportKind::Electronic, 10, service, ApplicationType::New).expect("tariff").total();
    let hour = 8 + n % 7;
    vec![
        format!("MPPROP{n:06}"),
        nik,
        format!("Pemohon Uji {n}"),
        sex.code().to_string(),
        birth.to_string(),
        "Semarang".into(),
        "081234567890".into(),
        String::new(),
        "baru".into(),
        "wisata".into(),
        "elektronik".into(),
        "10".into(),
        if express { "percepatan" } else { "reguler" }.into(),
        day.to_string(),
        format!("{hour:02}:00"),
        format!("{:02}:00", hour + 1),
        format!("82{n:013}"),
        fee.to_string(),
        "2026-11-19T10:00:00+07:00".into(),
        String::new(),
        String::new(),
    ]
}

/// Everything the import may write, as one comparable text.
fn footprint(store: &Store) -> String {
    let mut out = String::new();
    for table in ["applications", "applicants", "audit_log", "slots", "manifests"] {
        let exists: bool = rusqlite::Connection::open(store.path())
            .expect("a connection of the test's own")
            .query_row("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)", [table], |r| {
                r.get(0)
            })
            .expect("table");
        if !exists {
            continue;
        }
        let conn = rusqlite::Connection::open(store.path()).expect("a connection of the test's own");
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table} ORDER BY rowid")).expect("prepare");
        let columns = stmt.column_count();
        let mut rows = stmt.query([]).expect("query");
        while let Some(r) = rows.next().expect("row") {
            for i in 0..columns {
                let v: rusqlite::types::Value = r.get(i).expect("value");
                out.push_str(&format!("{v:?}|"));
            }
            out.push('\n');
        }
    }
    out
}

struct Office {
    _dir: tempfile::TempDir,
    file: PathBuf,
    store: Store,
    actor: Actor,
}

fn office() -> Office {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::create(&dir.path().join("prop.db"), &OfficeSettings::default()).expect("create");
    let actor = store.add_officer(&Actor::system(), "kepala", Role::Supervisor, "rahasia-123", now()).expect("add");
    Office { file: dir.path().join("manifest.csv"), _dir: dir, store, actor }
}

/// Imports `bytes` as a manifest and checks the all-or-nothing property.
fn import_whole_or_nothing(o: &mut Office, bytes: &[u8], data_rows: Option<usize>) -> Result<(), TestCaseError> {
    std::fs::write(&o.file, bytes).expect("write manifest");
    let before = footprint(&o.store);
    let result = bookings::import(&mut o.store, &o.actor, Path::new(&o.file), false, now(), &mut |_, _| {});
    match result {
        Ok(report) => {
            prop_assert!(report.skipped.list.is_empty());
            if let Some(n) = data_rows {
                prop_assert_eq!(report.inserted + report.unchanged, n, "every row in, or already present");
            }
            if report.inserted == 0 {
                // only the import's own audit row may have been added
                let after = footprint(&o.store);
                prop_assert_eq!(
                    after.lines().filter(|l| !l.contains("import_bookings")).count(),
                    before.lines().filter(|l| !l.contains("import_bookings")).count()
                );
            }
        }
        Err(e) => {
            prop_assert!(!e.to_string().is_empty());
            prop_assert_eq!(footprint(&o.store), before, "a refused import changed the database: {}", e);
        }
    }
    Ok(())
}

/// A field value that may break things: anything, CSV syntax, control and bidi characters, very long text.
fn hostile() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[,\"\r\n ]{0,6}",
        Just("\u{1b}[2J".to_string()),
        Just("abc\u{202E}fed".to_string()),
        Just("=HYPERLINK(\"http://x\")".to_string()),
        (1usize..5000).prop_map(|n| "A".repeat(n)),
        "[0-9]{0,20}",
        Just(String::new()),
    ]
}

/// A manifest: some valid rows, some fields replaced, columns in some order, a row maybe repeated.
fn manifest() -> impl Strategy<Value = (Vec<u8>, usize)> {
    (
        1usize..6,
        prop::collection::vec((0usize..6, 0usize..COLUMNS.len(), hostile()), 0..4),
        Just(()).prop_perturb(|_, mut rng| {
            let mut order: Vec<usize> = (0..COLUMNS.len()).collect();
            for i in (1..order.len()).rev() {
                order.swap(i, rng.random_range(0..=i));
            }
            order
        }),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(n, edits, order, repeat, bom)| {
            let mut rows: Vec<Vec<String>> = (0..n).map(|_| valid_row()).collect();
            for (row, column, value) in edits {
                if let Some(r) = rows.get_mut(row) {
                    r[column] = value;
                }
            }
            if repeat {
                let first = rows[0].clone();
                rows.push(first);
            }
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(order.iter().map(|&i| COLUMNS[i])).expect("header");
            for r in &rows {
                w.write_record(order.iter().map(|&i| r[i].as_str())).expect("row");
            }
            let mut bytes = if bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
            bytes.extend(w.into_inner().expect("csv"));
            let count = rows.len();
            (bytes, count)
        })
}

fn applications(o: &Office) -> i64 {
    rusqlite::Connection::open(o.store.path())
        .expect("a connection of the test's own")
        .query_row("SELECT COUNT(*) FROM applications", [], |r| r.get(0))
        .expect("count")
}

#[test]
fn arbitrary_bytes_never_panic_and_change_nothing_or_import_whole() {
    let o = RefCell::new(office());
    let config = ProptestConfig::with_cases(300);
    proptest!(config, |(bytes in prop::collection::vec(any::<u8>(), 0..600))| {
        import_whole_or_nothing(&mut o.borrow_mut(), &bytes, None)?;
    });
    proptest!(config, |(text in "(booking_code,nik,full_name\n)?[a-z0-9,\"\n\r\u{1b}]{0,300}")| {
        import_whole_or_nothing(&mut o.borrow_mut(), text.as_bytes(), None)?;
    });
}

#[test]
fn manifests_with_hostile_fields_import_whole_or_change_nothing() {
    let o = RefCell::new(office());
    let imported = Cell::new(0);
    let config = ProptestConfig::with_cases(300);
    proptest!(config, |((bytes, rows) in manifest())| {
        let mut o = o.borrow_mut();
        let before = applications(&o);
        import_whole_or_nothing(&mut o, &bytes, Some(rows))?;
        if applications(&o) > before {
            imported.set(imported.get() + 1);
        }
    });
    let imported = imported.get();
    eprintln!(
        "prop_import: {imported} of 300 generated manifests imported whole, the rest refused and changed nothing"
    );
    // The generator is not all noise: a good share of the manifests went in.
    assert!(imported > 20, "only {imported} of 300 manifests were imported");
}

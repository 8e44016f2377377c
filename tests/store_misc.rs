//! Opening and creating database files, schema versions, sign-in, backups and booking-import edges.

mod common;

use common::{at, booking, date, import_time, Office, DAY, OFFICER, PASSWORD, SUPERVISOR};
use loket::domain::settings::OfficeSettings;
use loket::domain::types::{PriorityReason, Role};
use loket::store::{Actor, ImportPolicy, Refusal, Store, StoreError, CURRENT_VERSION};

fn count_applications(store: &Store) -> i64 {
    rusqlite::Connection::open(store.path())
        .expect("a connection of the test's own")
        .query_row("SELECT COUNT(*) FROM applications", [], |r| r.get(0))
        .unwrap()
}

fn user_version(store: &Store) -> i64 {
    rusqlite::Connection::open(store.path())
        .expect("a connection of the test's own")
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn open_on_a_missing_path_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for path in [dir.path().join("loket.db"), dir.path().join("sub").join("loket.db")] {
        let err = Store::open(&path).err().expect("open should fail");
        assert!(matches!(&err, StoreError::Missing(p) if *p == path), "{err:?}");
        assert!(err.to_string().contains("loket init"), "{err}");
    }
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty(), "files were created: {left:?}");
}

#[test]
fn create_refuses_an_existing_file_and_leaves_it_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("loket.db");
    std::fs::write(&path, b"not a database, but somebody's file").unwrap();
    let err = Store::create(&path, &OfficeSettings::default()).err().expect("create should fail");
    assert!(matches!(&err, StoreError::Exists(p) if *p == path), "{err:?}");
    assert_eq!(std::fs::read(&path).unwrap(), b"not a database, but somebody's file");

    // Nor over an existing database.
    let o = Office::new();
    let err = Store::create(&o.path, &OfficeSettings::default()).err().expect("create should fail");
    assert!(matches!(err, StoreError::Exists(_)), "{err:?}");
    assert_eq!(o.store.officers().unwrap().len(), 2);
}

#[test]
fn create_makes_missing_parent_directories() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kanim").join("semarang").join("loket.db");
    let store = Store::create(&path, &OfficeSettings::default()).unwrap();
    assert!(path.exists());
    assert_eq!(store.path(), path.as_path());
}

#[test]
fn a_new_database_has_the_current_version_the_settings_and_the_seed() {
    let o = Office::new();
    assert_eq!(user_version(&o.store), CURRENT_VERSION);
    assert_eq!(o.store.settings().unwrap(), OfficeSettings::default());
    let counters: i64 = rusqlite::Connection::open(o.store.path())
        .expect("a connection of the test's own")
        .query_row("SELECT COUNT(*) FROM counters", [], |r| r.get(0))
        .unwrap();
    assert_eq!(counters, 6);
    let christmas = o.store.holiday(date("2026-12-25")).unwrap();
    assert_eq!(christmas.map(|(_, kind)| kind).as_deref(), Some("libur_nasional"));
    assert_eq!(o.store.integrity_check().unwrap(), "ok");
}

#[test]
fn reopening_keeps_data_settings_and_version() {
    let mut o = Office::new();
    o.book(booking("MP000501", DAY, "09:00"));
    let supervisor = o.supervisor.clone();
    o.store.set_setting(&supervisor, "slot_quota", "40", import_time()).unwrap();
    let path = o.path.clone();
    drop(o.store);

    let store = Store::open(&path).unwrap();
    assert_eq!(user_version(&store), CURRENT_VERSION);
    assert_eq!(store.settings().unwrap().slot_quota, 40);
    assert_eq!(count_applications(&store), 1);
    assert_eq!(store.application("MP000501").unwrap().slot_date, date(DAY));
}

#[test]
fn a_newer_database_is_refused() {
    let o = Office::new();
    rusqlite::Connection::open(o.store.path())
        .expect("a connection of the test's own")
        .pragma_update(None, "user_version", CURRENT_VERSION + 1)
        .unwrap();
    let path = o.path.clone();
    drop(o.store);

    let err = Store::open(&path).err().expect("open should refuse a newer database");
    assert!(
        matches!(err, StoreError::TooNew { found, supported } if found == CURRENT_VERSION + 1 && supported == CURRENT_VERSION),
        "{err:?}"
    );
    assert!(err.to_string().contains("update loket"), "{err}");
    // And the file was left as it was.
    let raw = rusqlite::Connection::open(&path).unwrap();
    let version: i64 = raw.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, CURRENT_VERSION + 1);
}

#[test]
fn authenticate_good_and_bad() {
    let o = Office::new();
    let actor = |name: &str, role| Actor { name: name.into(), role };
    assert_eq!(o.store.authenticate(OFFICER, PASSWORD).unwrap(), actor(OFFICER, Role::Officer));
    assert_eq!(o.store.authenticate(SUPERVISOR, PASSWORD).unwrap(), actor(SUPERVISOR, Role::Supervisor));
    for (name, pw) in [(OFFICER, "salah"), (OFFICER, ""), ("tamu", PASSWORD), (SUPERVISOR, "RAHASIA-123")] {
        let err = o.store.authenticate(name, pw).unwrap_err();
        assert!(matches!(err, StoreError::BadCredentials), "{name}/{pw}: {err:?}");
    }
    // The same words for an unknown name and a wrong password.
    let unknown = o.store.authenticate("tamu", PASSWORD).unwrap_err().to_string();
    let wrong = o.store.authenticate(OFFICER, "salah").unwrap_err().to_string();
    assert_eq!(unknown, wrong);
}

#[test]
fn accounts_need_a_supervisor_a_valid_name_and_a_real_password() {
    let mut o = Office::new();
    let (officer, supervisor, now) = (o.officer.clone(), o.supervisor.clone(), import_time());
    let err = o.store.add_officer(&officer, "baru", Role::Officer, PASSWORD, now).unwrap_err();
    assert!(matches!(err, StoreError::NotSupervisor { .. }), "{err:?}");
    let err = o.store.add_officer(&supervisor, "baru", Role::Officer, "pw", now).unwrap_err();
    assert!(matches!(err, StoreError::Rule(Refusal::ShortPassword)), "{err:?}");
    assert!(err.to_string().contains("4 characters"), "{err}");
    let err = o.store.add_officer(&supervisor, "nama dengan spasi", Role::Officer, PASSWORD, now).unwrap_err();
    assert!(matches!(&err, StoreError::Rule(Refusal::BadOfficerName(n)) if n == "nama dengan spasi"), "{err:?}");
    let err = o.store.add_officer(&supervisor, OFFICER, Role::Officer, PASSWORD, now).unwrap_err();
    assert!(matches!(&err, StoreError::Rule(Refusal::OfficerExists(n)) if n == OFFICER), "{err:?}");
    assert!(err.to_string().contains("already exists"), "{err}");
    let expected = vec![(SUPERVISOR.to_string(), Role::Supervisor), (OFFICER.to_string(), Role::Officer)];
    assert_eq!(o.store.officers().unwrap(), expected);
}

#[test]
fn backup_copies_the_database() {
    let mut o = Office::new();
    let rows: Vec<_> = (0..12).map(|i| booking(&format!("MPBK{i:04}"), DAY, "10:00").build()).collect();
    o.import(&rows);
    let officer = o.officer.clone();
    o.store.check_in(&officer, "MPBK0000", None, at("2026-11-25T08:00:00+07:00")).unwrap();

    let dest = o.dir.path().join("backup").join("loket-2026-11-25.db");
    std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
    let mut last = (0, 0);
    o.store.backup(&dest, |done, total| last = (done, total)).unwrap();
    assert!(last.1 > 0 && last.0 == last.1, "progress ended at {last:?}");

    let copy = Store::open(&dest).unwrap();
    assert_eq!(count_applications(&copy), 12);
    assert_eq!(count_applications(&copy), count_applications(&o.store));
    assert_eq!(copy.application("MPBK0000").unwrap().queue_no.as_deref(), Some("A-001"));
    assert_eq!(user_version(&copy), CURRENT_VERSION);
    assert_eq!(copy.integrity_check().unwrap(), "ok");
    assert!(copy.authenticate(OFFICER, PASSWORD).is_ok());

    // A backup never overwrites a file.
    let err = o.store.backup(&dest, |_, _| {}).unwrap_err();
    assert!(matches!(err, StoreError::Exists(_)), "{err:?}");
}

#[test]
fn importing_bookings_is_a_supervisor_action() {
    let mut o = Office::new();
    let officer = o.officer.clone();
    let rows = [booking("MP000502", DAY, "09:00").build()];
    let err = o.store.import_bookings(&officer, &rows, ImportPolicy::AllOrNothing, "test", import_time()).unwrap_err();
    assert!(matches!(err, StoreError::NotSupervisor { .. }), "{err:?}");
    assert_eq!(count_applications(&o.store), 0);
}

#[test]
fn importing_onto_a_day_off_is_refused() {
    let mut o = Office::new();
    for day in ["2026-11-28", "2026-12-25"] {
        let out = o.try_import(&[booking("MP000503", day, "09:00").build()]);
        assert!(!out.committed, "{day}: {out:?}");
        assert_eq!(out.problems[0].column, "slot_date", "{day}: {out:?}");
    }
    assert_eq!(count_applications(&o.store), 0);
}

#[test]
fn reimporting_the_same_row_is_unchanged_and_a_changed_row_is_a_conflict() {
    let mut o = Office::new();
    let b = booking("MP000504", DAY, "09:00").build();
    o.import(std::slice::from_ref(&b));

    let again = o.try_import(std::slice::from_ref(&b));
    assert_eq!((again.inserted, again.unchanged, again.committed), (0, 1, true), "{again:?}");

    let mut changed = b.clone();
    changed.phone = Some("089999999999".into());
    let out = o.try_import(&[changed]);
    assert!(!out.committed, "{out:?}");
    assert!(out.problems[0].why.contains("different data"), "{out:?}");
}

/// Regression: the fingerprint that tells a re-import from a conflict once left out `priority_reason`, so a
/// changed priority reason was reported as "unchanged" and silently dropped.
#[test]
fn reimport_with_a_changed_priority_reason_is_a_conflict() {
    let mut o = Office::new();
    let b = booking("MP000505", DAY, "09:00").build();
    o.import(std::slice::from_ref(&b));

    let mut changed = b.clone();
    changed.priority_reason = Some(PriorityReason::Elderly);
    let out = o.try_import(&[changed]);
    assert_eq!(o.app("MP000505").priority_reason, None, "the stored row is not overwritten");
    assert_eq!(out.unchanged, 0, "a changed priority reason was taken for an unchanged row: {out:?}");
    assert!(!out.committed && out.problems.iter().any(|p| p.why.contains("different data")), "{out:?}");
}

//! Faults at the store: a full disk during an import, files that are not loket's, readers beside a writer,
//! backups built beside their destination, restores that check before they replace.

mod common;

use common::*;
use loket::domain::settings::OfficeSettings;
use loket::store::{files, ImportPolicy, NewBooking, Store, StoreError, CURRENT_VERSION};
use rusqlite::Connection;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::{Duration, Instant};

fn count(store: &Store, sql: &str) -> i64 {
    rusqlite::Connection::open(store.path())
        .expect("a connection of the test's own")
        .query_row(sql, [], |r| r.get(0))
        .expect(sql)
}

/// Everything an import could have written, as one comparable fingerprint.
fn contents(store: &Store) -> (i64, i64, i64, i64) {
    (
        count(store, "SELECT COUNT(*) FROM applications"),
        count(store, "SELECT COUNT(*) FROM applicants"),
        count(store, "SELECT COUNT(*) FROM audit_log"),
        count(store, "SELECT COUNT(*) FROM slots"),
    )
}

/// `n` valid bookings spread over the slots of the fixture day and the days after it.
fn many_bookings(prefix: &str, n: usize) -> Vec<NewBooking> {
    let days = ["2026-11-25", "2026-11-26", "2026-11-27", "2026-11-30", "2026-12-01"];
    let starts = ["08:00", "09:00", "10:00", "11:00", "12:00", "13:00", "14:00"];
    (0..n)
        .map(|i| {
            let day = days[(i / (starts.len() * 25)) % days.len()];
            let start = starts[(i / 25) % starts.len()];
            let mut b = booking(&format!("{prefix}{i:05}"), day, start).build();
            b.line = i as u64 + 2;
            b
        })
        .collect()
}

/// Lets the connection grow by only a few pages: the next writes hit SQLITE_FULL, as on a full disk.
fn leave_only_pages(store: &Store, pages: i64) {
    let used = count(store, "PRAGMA page_count");
    store.set_max_page_count(used + pages).unwrap();
}

#[test]
fn a_full_disk_during_an_import_leaves_the_database_exactly_as_before() {
    for policy in [ImportPolicy::AllOrNothing, ImportPolicy::SkipInvalid] {
        let mut o = Office::new();
        o.import(&many_bookings("MPOK", 3));
        let before = contents(&o.store);
        leave_only_pages(&o.store, 12);
        let rows = many_bookings("MPFULL", 600);
        let sup = o.supervisor.clone();
        let result = o.store.import_bookings(&sup, &rows, policy, "full.csv", import_time());
        let err = result.expect_err("an import that hits a full disk must fail");
        assert!(err.to_string().contains("disk holding the database is full"), "{policy:?}: {err}");
        assert!(err.to_string().contains("nothing was saved"), "{err}");
        assert_eq!(contents(&o.store), before, "{policy:?}: a failed import changed the database");

        // Room again: the same import goes through whole.
        o.store.set_max_page_count(1_073_741_823).unwrap();
        let out = o.store.import_bookings(&sup, &rows, policy, "full.csv", import_time()).unwrap();
        assert!(out.committed && out.problems.is_empty(), "{out:?}");
        assert_eq!(out.inserted, rows.len());
    }
}

#[test]
fn a_refused_row_under_skip_invalid_leaves_nothing_behind() {
    let mut o = Office::new();
    let mut rows = many_bookings("MPSK", 40);
    // Row 3 wants a slot that exists with another end: refused after the slot was looked at, before any write.
    rows[3].slot_end = rows[3].slot_start + chrono::Duration::minutes(30);
    let sup = o.supervisor.clone();
    let out = o.store.import_bookings(&sup, &rows, ImportPolicy::SkipInvalid, "t.csv", import_time()).unwrap();
    assert_eq!(out.inserted, 39);
    assert_eq!(out.problems.len(), 1, "{:?}", out.problems);
    assert_eq!(count(&o.store, "SELECT COUNT(*) FROM applicants"), 39);
    assert_eq!(count(&o.store, "SELECT COUNT(*) FROM audit_log WHERE action = 'book'"), 39);
}

#[test]
fn the_slot_quota_holds_within_one_import() {
    let mut o = Office::new();
    let rows: Vec<NewBooking> = (0..35).map(|i| booking(&format!("MPQ{i:05}"), DAY, "09:00").build()).collect();
    let sup = o.supervisor.clone();
    let out = o.store.import_bookings(&sup, &rows, ImportPolicy::SkipInvalid, "q.csv", import_time()).unwrap();
    assert_eq!(out.inserted, 30, "{:?}", out.problems);
    assert_eq!(out.problems.len(), 5);
    assert!(out.problems.iter().all(|p| p.why.contains("is full (quota 30)")), "{:?}", out.problems);
    // A second import sees the slot full from the database.
    let more = [booking("MPQMORE1", DAY, "09:00").build()];
    let out = o.store.import_bookings(&sup, &more, ImportPolicy::SkipInvalid, "q2.csv", import_time()).unwrap();
    assert_eq!(out.inserted, 0);
    assert_eq!(count(&o.store, "SELECT COUNT(*) FROM applications WHERE slot_start = '09:00'"), 30);
}

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn another_programs_sqlite_file_is_refused_in_one_line_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("firefox-places.sqlite");
    {
        let c = Connection::open(&path).unwrap();
        c.execute_batch(
            "PRAGMA application_id = 1234;
             CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT);
             CREATE TABLE moz_bookmarks (id INTEGER PRIMARY KEY);
             CREATE TABLE settings (key TEXT, value TEXT);
             CREATE TABLE applications (x);",
        )
        .unwrap();
    }
    let before = bytes(&path);
    let err = Store::open(&path).err().expect("a foreign database must be refused");
    let msg = err.to_string();
    assert!(matches!(err, StoreError::Unusable(_)), "{err:?}");
    assert!(msg.contains("another program") && msg.contains("4 tables"), "{msg}");
    assert_eq!(msg.lines().count(), 1, "{msg}");
    assert_eq!(bytes(&path), before, "the foreign file was changed");
    let left: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
    assert_eq!(left, vec!["firefox-places.sqlite".to_string()], "files were created beside it");

    // With application id 0 and no loket tables it is still not ours.
    let plain = dir.path().join("plain.db");
    Connection::open(&plain).unwrap().execute_batch("CREATE TABLE t (a); INSERT INTO t VALUES (1);").unwrap();
    let msg = Store::open(&plain).err().unwrap().to_string();
    assert!(msg.contains("another program with 1 table (t)"), "{msg}");
}

#[test]
fn empty_text_and_empty_sqlite_files_are_refused_saying_what_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    let msg = Store::open(&empty).err().unwrap().to_string();
    assert!(msg.contains("is an empty file, not a loket database"), "{msg}");
    assert_eq!(bytes(&empty), b"");

    let text = dir.path().join("notes.db");
    std::fs::write(&text, "booking_code,nik\n").unwrap();
    let msg = Store::open(&text).err().unwrap().to_string();
    assert!(msg.contains("is a text file, not an SQLite database"), "{msg}");

    let blank = dir.path().join("blank.db");
    Connection::open(&blank).unwrap().pragma_update(None, "user_version", 0).unwrap();
    Connection::open(&blank).unwrap().execute_batch("CREATE TABLE x (a); DROP TABLE x;").unwrap();
    let msg = Store::open(&blank).err().unwrap().to_string();
    assert!(msg.contains("an empty SQLite database, not a loket database"), "{msg}");
}

#[test]
fn databases_are_marked_and_older_loket_databases_are_marked_on_open() {
    let o = Office::new();
    let app_id: i32 = rusqlite::Connection::open(o.store.path())
        .expect("a connection of the test's own")
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(app_id, files::APPLICATION_ID);

    // A database as the first loket made it: schema version 1, no application id.
    let path = o.dir.path().join("v1.db");
    {
        let c = Connection::open(&path).unwrap();
        c.execute_batch(include_str!("../migrations/0001_initial.sql")).unwrap();
        c.execute_batch("PRAGMA user_version = 1; INSERT INTO settings (key, value) VALUES ('office_name', 'Kanim');")
            .unwrap();
        let id: i32 = c.query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap();
        assert_eq!(id, 0);
    }
    let store = Store::open(&path).expect("an older loket database opens");
    let app_id: i32 = rusqlite::Connection::open(store.path())
        .expect("a connection of the test's own")
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(app_id, files::APPLICATION_ID);
    let v: i64 = rusqlite::Connection::open(store.path())
        .expect("a connection of the test's own")
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, CURRENT_VERSION);
}

#[test]
fn readers_open_and_read_while_another_workstation_holds_the_write_lock() {
    let mut o = Office::new();
    o.import(&many_bookings("MPRD", 3));
    let writer = Connection::open(&o.path).unwrap();
    writer.execute_batch("BEGIN IMMEDIATE; UPDATE settings SET value = value;").unwrap();
    let t0 = Instant::now();
    let reader = Store::open(&o.path).expect("open beside a writer");
    assert_eq!(reader.application("MPRD00000").unwrap().booking_code, "MPRD00000");
    assert_eq!(reader.settings().unwrap(), OfficeSettings::default());
    assert!(t0.elapsed() < Duration::from_secs(2), "the reader waited {:?} for the writer", t0.elapsed());
    writer.execute_batch("ROLLBACK").unwrap();
}

#[test]
fn a_backup_is_private_to_the_group_and_replaces_a_leftover_of_a_killed_run() {
    let mut o = Office::new();
    o.import(&many_bookings("MPBK", 5));
    let dest = o.dir.path().join("nightly.db");
    // What a killed backup left: a half-written temporary file beside the destination.
    let partial = files::partial_path(&dest);
    std::fs::write(&partial, b"SQLite format 3\0 half a page").unwrap();
    o.store.backup(&dest, |_, _| {}).unwrap();
    assert!(!partial.exists(), "the temporary file stayed");
    assert_eq!(std::fs::metadata(&dest).unwrap().permissions().mode() & 0o777, 0o640);
    let copy = Store::open(&dest).unwrap();
    assert_eq!(copy.integrity_check().unwrap(), "ok");
    assert_eq!(count(&copy, "SELECT COUNT(*) FROM applications"), 5);
    let db_mode = std::fs::metadata(&o.path).unwrap().permissions().mode() & 0o777;
    assert_eq!(db_mode, 0o660);
    let mut wal = o.path.as_os_str().to_owned();
    wal.push("-wal");
    assert_eq!(std::fs::metadata(&wal).unwrap().permissions().mode() & 0o777, 0o660, "the WAL follows the database");
}

/// An office with a backup taken after 5 bookings, then 3 more bookings.
fn office_with_backup() -> (Office, std::path::PathBuf) {
    let mut o = Office::new();
    o.import(&many_bookings("MPRS", 5));
    let backup = o.dir.path().join("backup.db");
    o.store.backup(&backup, |_, _| {}).unwrap();
    o.import(&many_bookings("MPAFTER", 3));
    (o, backup)
}

#[test]
fn restore_checks_the_file_keeps_the_replaced_database_and_is_audited() {
    let (mut o, backup) = office_with_backup();
    assert_eq!(count(&o.store, "SELECT COUNT(*) FROM applications"), 8);
    let other_reader = o.open_another();
    let sup = o.supervisor.clone();
    let officer = o.officer.clone();
    let now = at("2026-11-26T07:00:00+07:00");

    let err = o.store.restore(&officer, &backup, now).unwrap_err();
    assert!(matches!(err, StoreError::NotSupervisor { .. }), "{err:?}");

    let summary = o.store.restore(&sup, &backup, now).unwrap();
    assert_eq!(summary.check.applications, 5);
    assert_eq!(count(&o.store, "SELECT COUNT(*) FROM applications"), 5);
    assert_eq!(count(&other_reader, "SELECT COUNT(*) FROM applications"), 5, "another connection sees the restore");
    assert_eq!(count(&o.store, "SELECT COUNT(*) FROM audit_log WHERE action = 'restore'"), 1);
    assert!(summary.replaced_kept_at.to_string_lossy().contains(".replaced-20261126T000000Z"));
    let kept = Store::open(&summary.replaced_kept_at).unwrap();
    assert_eq!(count(&kept, "SELECT COUNT(*) FROM applications"), 8, "the replaced database is kept whole");
    assert_eq!(o.store.integrity_check().unwrap(), "ok");
}

#[test]
fn restore_refuses_while_a_workstation_is_signed_in() {
    let (mut o, backup) = office_with_backup();
    let officer = o.officer.clone();
    let sup = o.supervisor.clone();
    let session = o.store.open_counter_session(&officer, 1, at("2026-11-25T07:40:00+07:00")).unwrap();
    let err = o.store.restore(&sup, &backup, at("2026-11-25T08:00:00+07:00")).unwrap_err();
    assert!(err.to_string().contains("counter 1: petugas") && err.to_string().contains("sign out"), "{err}");
    assert_eq!(count(&o.store, "SELECT COUNT(*) FROM applications"), 8, "nothing restored");
    o.store.close_counter_session(&session, at("2026-11-25T08:01:00+07:00")).unwrap();
    o.store.restore(&sup, &backup, at("2026-11-25T08:02:00+07:00")).unwrap();
    assert_eq!(count(&o.store, "SELECT COUNT(*) FROM applications"), 5);
}

#[test]
fn restore_refuses_another_offices_damaged_or_foreign_files_and_changes_nothing() {
    let (mut o, backup) = office_with_backup();
    let sup = o.supervisor.clone();
    let now = at("2026-11-26T07:00:00+07:00");
    let dir = o.dir.path().to_path_buf();

    // Another office's database.
    let other = dir.join("other-office.db");
    {
        let mut settings = OfficeSettings::default();
        settings.set("office_name", "Kantor Imigrasi Kelas I Surabaya").unwrap();
        Store::create(&other, &settings).unwrap();
    }
    let msg = o.store.restore(&sup, &other, now).unwrap_err().to_string();
    assert!(msg.contains("belongs to another office"), "{msg}");

    // A damaged copy: a page in the middle overwritten.
    let damaged = dir.join("damaged.db");
    std::fs::copy(&backup, &damaged).unwrap();
    let mut b = bytes(&damaged);
    let page = 4096 * 3;
    for byte in &mut b[page..page + 4096] {
        *byte = 0x5a;
    }
    std::fs::write(&damaged, b).unwrap();
    let msg = o.store.restore(&sup, &damaged, now).unwrap_err().to_string();
    assert!(msg.contains("damaged") || msg.contains("malformed"), "{msg}");

    // Not a database at all, and a foreign SQLite file.
    let text = dir.join("notes.txt");
    std::fs::write(&text, "hello").unwrap();
    assert!(o.store.restore(&sup, &text, now).unwrap_err().to_string().contains("not an SQLite database"));
    let foreign = dir.join("foreign.db");
    Connection::open(&foreign).unwrap().execute_batch("CREATE TABLE t (a)").unwrap();
    assert!(o.store.restore(&sup, &foreign, now).unwrap_err().to_string().contains("another program"));
    let itself = o.path.clone();
    assert!(o.store.restore(&sup, &itself, now).unwrap_err().to_string().contains("the office database itself"));

    assert_eq!(count(&o.store, "SELECT COUNT(*) FROM applications"), 8, "nothing was restored");
    assert_eq!(count(&o.store, "SELECT COUNT(*) FROM audit_log WHERE action = 'restore'"), 0);
    let replaced = std::fs::read_dir(&dir)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().contains(".replaced-"))
        .count();
    assert_eq!(replaced, 0, "a refused restore keeps no copy");
}

#[test]
fn sqlite_wording_becomes_a_sentence_in_the_officers_language() {
    use loket::cli::Lang;
    use loket::tui::errors::describe;
    let sql = |code| StoreError::Sql(rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None));
    let full = sql(rusqlite::ffi::SQLITE_FULL);
    assert!(full.to_string().starts_with("the disk holding the database is full; nothing was saved"), "{full}");
    assert!(full.to_string().ends_with("database or disk is full]"), "{full}");
    assert!(describe(Lang::Id, &full).starts_with("Disk server penuh"), "{}", describe(Lang::Id, &full));
    assert!(describe(Lang::En, &full).starts_with("The server's disk is full"));
    let busy = sql(rusqlite::ffi::SQLITE_BUSY);
    assert!(busy.to_string().contains("another workstation kept the database busy for more than 30 s"), "{busy}");
    assert!(describe(Lang::Id, &busy).starts_with("Workstation lain sedang menyimpan data lebih dari 30 detik"));
    let io = sql(rusqlite::ffi::SQLITE_IOERR);
    assert!(describe(Lang::Id, &io).contains("kesalahan baca/tulis"));
    assert!(!describe(Lang::En, &busy).contains("database is locked"));
}

#[test]
fn restore_refuses_a_backup_whose_audit_trail_was_edited() {
    let (mut o, backup) = office_with_backup();
    {
        // A forger with the file: drops the append-only trigger and edits who did an import.
        let c = Connection::open(&backup).unwrap();
        c.execute_batch(
            "DROP TRIGGER audit_log_no_update;
             UPDATE audit_log SET officer = 'nobody' WHERE action = 'book' AND rowid = (SELECT MIN(rowid) FROM audit_log WHERE action = 'book');",
        )
        .unwrap();
    }
    let sup = o.supervisor.clone();
    let msg = o.store.restore(&sup, &backup, at("2026-11-26T07:00:00+07:00")).unwrap_err().to_string();
    assert!(msg.contains("the audit trail was changed") && msg.contains("not restored"), "{msg}");
    assert_eq!(count(&o.store, "SELECT COUNT(*) FROM applications"), 8, "nothing was restored");
}

#[test]
fn a_row_the_schema_refuses_leaves_no_applicant_or_slot_behind() {
    use loket::domain::types::ApplicationType;
    let mut o = Office::new();
    let rows = [
        booking("MPCK0001", DAY, "09:00").build(),
        // Only the schema's CHECK knows that a replacement needs the old passport number; a new slot and a new
        // applicant are written before the application is refused.
        booking("MPCK0002", DAY, "11:00").kind(ApplicationType::Replacement, None).build(),
        booking("MPCK0003", DAY, "09:00").build(),
    ];
    let sup = o.supervisor.clone();
    let out = o.store.import_bookings(&sup, &rows, ImportPolicy::SkipInvalid, "ck.csv", import_time()).unwrap();
    assert_eq!(out.inserted, 2, "{out:?}");
    assert_eq!(out.problems.len(), 1);
    assert!(out.problems[0].why.contains("refused by the database"), "{:?}", out.problems);
    assert_eq!(count(&o.store, "SELECT COUNT(*) FROM applicants"), 2, "the refused row's applicant stayed");
    assert_eq!(count(&o.store, "SELECT COUNT(*) FROM slots WHERE start_time = '11:00'"), 0, "its slot stayed");
    assert_eq!(count(&o.store, "SELECT COUNT(*) FROM audit_log WHERE action = 'book'"), 2);
}

//! The command line as a process: exit status, messages, and what ends up in the database.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

struct Run {
    status: i32,
    stdout: String,
    stderr: String,
}

fn loket(db: &Path, args: &[&str], stdin: &str) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_loket"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("LOKET_NOW")
        .env_remove("LOKET_USER")
        .env_remove("LOKET_DB")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start loket");
    // loket may exit (e.g. on a usage error) before reading its input: a broken pipe here is fine.
    let _ = child.stdin.take().expect("stdin").write_all(stdin.as_bytes());
    let Output { status, stdout, stderr } = child.wait_with_output().expect("wait");
    Run {
        status: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into(),
        stderr: String::from_utf8_lossy(&stderr).into(),
    }
}

/// A new office database with supervisor `admin` (password `rahasia`) and officer `budi` (`sandi`). It is a
/// training database (`init --training`): the tests drive the clock with `--now` for officers too.
fn office(dir: &Path) -> PathBuf {
    let db = dir.join("office.db");
    let r = loket(
        &db,
        &["init", "--office-name", "Kantor Imigrasi Uji", "--utc-offset", "+07:00", "--training", "--password-stdin"],
        "rahasia\n",
    );
    assert_eq!(r.status, 0, "{}", r.stderr);
    let r = loket(
        &db,
        &["--user", "admin", "--password-stdin", "user", "add", "budi", "--role", "officer"],
        "rahasia\nsandi\n",
    );
    assert_eq!(r.status, 0, "{}", r.stderr);
    db
}

fn count(db: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("open");
    conn.query_row(sql, [], |r| r.get(0)).expect("query")
}

const HEADER: &str = "booking_code,nik,full_name,sex,birth_date,birth_place,phone,address,application_type,purpose,passport_kind,validity_years,slot_date,slot_start,slot_end,billing_code,fee_idr,paid_at,old_passport_no,group_code";

/// A valid manifest row on 2026-11-25 at `start` for applicant number `n`.
fn row(n: u16, start: &str) -> String {
    let birth = chrono::NaiveDate::from_ymd_opt(1990, 3, 12).expect("date");
    let nik = loket::domain::nik::make(33, 74, 1, birth, loket::domain::nik::Sex::Female, n);
    let end = format!("{:02}:00", start[..2].parse::<u32>().expect("hour") + 1);
    format!("MPTEST{n:04},{nik},Siti Rahmawati {n},P,1990-03-12,Semarang,081234567890,,baru,wisata,elektronik,10,2026-11-25,{start},{end},8202611250{n:05},950000,2026-11-20T10:00:00+07:00,,")
}

fn manifest(dir: &Path, name: &str, rows: &[String]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("{HEADER}\n{}\n", rows.join("\n"))).expect("write manifest");
    path
}

fn admin(db: &Path, args: &[&str]) -> Run {
    let mut all = vec!["--user", "admin", "--password-stdin"];
    all.extend_from_slice(args);
    loket(db, &all, "rahasia\n")
}

#[test]
fn no_database_says_how_to_create_one_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("none.db");
    let r = loket(&db, &[], "");
    assert_eq!(r.status, 1);
    assert!(r.stderr.contains("loket init") && r.stderr.contains("loket demo"), "{}", r.stderr);
    assert!(!db.exists());
}

#[test]
fn init_refuses_an_existing_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let r = loket(&db, &["init", "--office-name", "X", "--utc-offset", "+07:00", "--password-stdin"], "pw12\n");
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains("already exists"), "{}", r.stderr);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM officers"), 2);
}

#[test]
fn bad_usage_exits_2_without_backtrace() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let r = loket(&db, &["init", "--office-name", "X", "--utc-offset", "7", "--password-stdin"], "pw12\n");
    assert_eq!(r.status, 2);
    let r = admin(&db, &["--now", "yesterday", "settings"]);
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains("--now"), "{}", r.stderr);
    assert!(!r.stderr.contains("panicked") && !r.stderr.contains("backtrace"));
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
}

#[test]
fn wrong_password_and_officer_role_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let r = loket(&db, &["--user", "admin", "--password-stdin", "settings"], "salah\n");
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains("wrong password"), "{}", r.stderr);
    let r = loket(&db, &["--user", "budi", "--password-stdin", "settings", "set", "slot_quota", "40"], "sandi\n");
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains("supervisor"), "{}", r.stderr);
    let file = manifest(dir.path(), "m.csv", &[row(1, "09:00")]);
    let r =
        loket(&db, &["--user", "budi", "--password-stdin", "import", "bookings", file.to_str().unwrap()], "sandi\n");
    assert_eq!(r.status, 2);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM applications"), 0);
}

#[test]
fn settings_show_and_set_are_shared_and_audited() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let r = admin(&db, &["settings", "set", "slot_quota", "40"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    let r = admin(&db, &["settings"]);
    assert!(r.stdout.contains("Kantor Imigrasi Uji"), "{}", r.stdout);
    assert!(r.stdout.lines().any(|l| l.starts_with("slot_quota") && l.contains("40")), "{}", r.stdout);
    let r = admin(&db, &["settings", "set", "utc_offset", "WIB"]);
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains("utc_offset"), "{}", r.stderr);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM audit_log WHERE action = 'setting' AND officer = 'admin'"), 1);
}

#[test]
fn sample_manifest_imports_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sample-bookings.csv");
    let r = admin(&db, &["import", "bookings", sample.to_str().unwrap()]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(r.stdout.contains("4 bookings imported"), "{}", r.stdout);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM applications"), 4);
    let audit = count(&db, "SELECT COUNT(*) FROM audit_log");
    // the same file again changes nothing
    let r = admin(&db, &["import", "bookings", sample.to_str().unwrap()]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(r.stdout.contains("0 bookings imported, 4 already present"), "{}", r.stdout);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM applications"), 4);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM applicants"), 4);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM audit_log WHERE action <> 'import_bookings'"), audit - 1);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM applications WHERE group_code = 'UMR-GRB-01'"), 2);
}

#[test]
fn one_bad_row_rejects_the_whole_file_naming_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let mut rows: Vec<String> = (1..=5).map(|n| row(n, "09:00")).collect();
    rows[2] = rows[2].replace(",P,1990-03-12,", ",L,1990-03-12,"); // line 4: sex disagrees with the NIK
    let file = manifest(dir.path(), "bad.csv", &rows);
    let r = admin(&db, &["import", "bookings", file.to_str().unwrap()]);
    assert_eq!(r.status, 2);
    let expected = format!("{}:4: sex:", file.display());
    assert!(r.stderr.contains(&expected), "{}", r.stderr);
    assert!(r.stderr.contains("nothing imported"), "{}", r.stderr);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM applications"), 0);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM applicants"), 0);
}

#[test]
fn manifest_field_errors_name_file_line_column() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let cases = [
        (row(1, "09:00").replacen("3374", "3774", 1), "nik:"), // no province 37
        (row(1, "09:00").replacen(",950000,", ",650000,", 1), "fee_idr:"), // not the catalogue fee
        (row(1, "09:00").replacen(",1990-03-12,Semarang", ",1990-03-13,Semarang", 1), "birth_date:"),
        (row(1, "09:00").replacen(",baru,", ",penggantian,", 1), "old_passport_no:"),
        (row(1, "09:00").replacen("2026-11-25,09:00,10:00", "2026-11-28,09:00,10:00", 1), "slot_date:"), // Saturday
        (row(1, "09:00").replacen("2026-11-25,09:00,10:00", "2026-11-25,09:00,08:00", 1), "slot_end:"),
    ];
    for (i, (line, column)) in cases.iter().enumerate() {
        let file = manifest(dir.path(), &format!("case{i}.csv"), &[row(2, "10:00"), line.clone()]);
        let r = admin(&db, &["import", "bookings", file.to_str().unwrap()]);
        assert_eq!(r.status, 2, "case {i}: {}", r.stdout);
        let expected = format!("{}:3: {column}", file.display());
        assert!(r.stderr.contains(&expected), "case {i}: expected {expected} in {}", r.stderr);
    }
    assert_eq!(count(&db, "SELECT COUNT(*) FROM applications"), 0);
}

#[test]
fn same_nik_twice_a_day_and_overfull_slots_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let twin = row(1, "10:00").replace("MPTEST0001", "MPTEST0099").replace("820261125000001", "820261125000099");
    let file = manifest(dir.path(), "twice.csv", &[row(1, "09:00"), twin]);
    let r = admin(&db, &["import", "bookings", file.to_str().unwrap()]);
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains(":3: nik:"), "{}", r.stderr);

    assert_eq!(admin(&db, &["settings", "set", "slot_quota", "2"]).status, 0);
    let file = manifest(dir.path(), "full.csv", &[row(1, "09:00"), row(2, "09:00"), row(3, "09:00")]);
    let r = admin(&db, &["import", "bookings", file.to_str().unwrap()]);
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains(":4: slot_start:") && r.stderr.contains("full"), "{}", r.stderr);
    let r = admin(&db, &["import", "bookings", "--skip-invalid", file.to_str().unwrap()]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(r.stdout.contains("2 bookings imported") && r.stdout.contains("1 rows skipped"), "{}", r.stdout);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM applications"), 2);
}

#[test]
fn changed_row_with_known_code_is_a_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let file = manifest(dir.path(), "a.csv", &[row(1, "09:00")]);
    assert_eq!(admin(&db, &["import", "bookings", file.to_str().unwrap()]).status, 0);
    let file = manifest(dir.path(), "b.csv", &[row(1, "09:00").replace("Siti Rahmawati 1", "Siti R.")]);
    let r = admin(&db, &["import", "bookings", file.to_str().unwrap()]);
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains(":2: booking_code:") && r.stderr.contains("different data"), "{}", r.stderr);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM applicants WHERE full_name = 'Siti Rahmawati 1'"), 1);
}

#[test]
fn check_in_window_edges_driven_by_now() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let file = manifest(dir.path(), "m.csv", &[row(1, "09:00"), row(2, "09:00"), row(3, "09:00"), row(4, "09:00")]);
    assert_eq!(admin(&db, &["import", "bookings", file.to_str().unwrap()]).status, 0);
    let officer = |code: &str, now: &str| {
        loket(&db, &["--user", "budi", "--password-stdin", "--now", now, "check-in", code], "sandi\n")
    };
    let r = officer("MPTEST0001", "2026-11-25T08:45:00");
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(r.stdout.contains("A-001"), "{}", r.stdout);
    let r = officer("MPTEST0002", "2026-11-25T08:45:01");
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains("too late"), "{}", r.stderr);
    let r = officer("MPTEST0002", "2026-11-24T09:00:00");
    assert!(r.status == 2 && r.stderr.contains("wrong day"), "{}", r.stderr);
    let r = officer("MPTEST0002", "2026-11-26T08:00:00");
    assert!(r.status == 2 && r.stderr.contains("wrong day"), "{}", r.stderr);
    // an offset in --now is honoured: 09:45 WITA is 08:45 WIB
    let r = officer("MPTEST0003", "2026-11-25T09:45:00+08:00");
    assert_eq!(r.status, 0, "{}", r.stderr);
    // the officer cannot override; the supervisor can, with a reason that is audited
    let r = loket(
        &db,
        &[
            "--user",
            "budi",
            "--password-stdin",
            "--now",
            "2026-11-25T09:05",
            "check-in",
            "MPTEST0004",
            "--late-override",
            "bus",
        ],
        "sandi\n",
    );
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains("supervisor"), "{}", r.stderr);
    let r =
        admin(&db, &["--now", "2026-11-25T09:05", "check-in", "MPTEST0004", "--late-override", "ban bocor, surat RT"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM audit_log WHERE action = 'check_in' AND detail LIKE '%ban bocor%'"), 1);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM applications WHERE status = 'checked_in'"), 3);
}

#[test]
fn holidays_and_watchlist_import() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let hol = dir.path().join("hol.csv");
    std::fs::write(
        &hol,
        "date,name,kind\n2026-11-27,Hari Jadi Kota,kantor\n2026-12-25,Hari Raya Natal,libur_nasional\n",
    )
    .unwrap();
    let r = admin(&db, &["import", "holidays", hol.to_str().unwrap()]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(r.stdout.contains("1 holidays added") && r.stdout.contains("1 unchanged"), "{}", r.stdout);
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "date,name,kind\n2026-11-30,Libur,cuti\n").unwrap();
    let r = admin(&db, &["import", "holidays", bad.to_str().unwrap()]);
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains(":2: kind:"), "{}", r.stderr);

    let wl = dir.path().join("wl.csv");
    std::fs::write(&wl, "NIK,Full_Name,Birth_Date,Kind,Reference,Valid_Until\n3374015203900002,,,cegah,W.IMI-123/2026,\n,Budi Santoso,1985-08-15,tangkal,W.IMI-124/2026,2027-01-01\n").unwrap();
    let r = admin(&db, &["import", "watchlist", wl.to_str().unwrap()]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(r.stdout.contains("version 1") && r.stdout.contains("2 entries"), "{}", r.stdout);
    let r = admin(&db, &["import", "watchlist", wl.to_str().unwrap()]);
    assert!(r.stdout.contains("version 2"), "{}", r.stdout);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM watchlist"), 4, "history kept");
}

#[test]
fn backup_copies_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let dest = dir.path().join("copy.db");
    let r = admin(&db, &["backup", dest.to_str().unwrap()]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert_eq!(count(&dest, "SELECT COUNT(*) FROM officers"), 2);
    let r = admin(&db, &["backup", dest.to_str().unwrap()]);
    assert_eq!(r.status, 2, "an existing file is not overwritten");
}

/// The close-day command for `date` at `now` (office time) as the supervisor, with `extra` arguments.
fn close_day(db: &Path, date: &str, now: &str, extra: &[&str]) -> Run {
    let mut args = vec!["--now", now, "close-day", "--date", date];
    args.extend_from_slice(extra);
    admin(db, &args)
}

#[test]
fn close_day_refuses_while_unfinished_then_forced_closes_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let file = manifest(dir.path(), "m.csv", &[row(1, "09:00"), row(2, "09:00")]);
    assert_eq!(admin(&db, &["import", "bookings", file.to_str().unwrap()]).status, 0);
    let r = admin(&db, &["--now", "2026-11-25T08:45", "check-in", "MPTEST0001"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    let audit = count(&db, "SELECT COUNT(*) FROM audit_log");

    let r = close_day(&db, "2026-11-25", "2026-11-25T16:00", &[]);
    assert_eq!(r.status, 2, "{}", r.stdout);
    assert!(r.stderr.contains("MPTEST0001") && r.stderr.contains("--force"), "{}", r.stderr);
    assert!(r.stderr.lines().all(|l| l.starts_with("loket: ")), "{}", r.stderr);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM audit_log"), audit, "a refused close writes nothing");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM day_closures"), 0);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM applications WHERE status = 'booked'"), 1);

    let r = close_day(&db, "2026-11-25", "2026-11-25T16:00", &["--force", "jaringan SIMKIM putus"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Day 2026-11-25 closed by admin"), "{}", r.stdout);
    assert!(r.stdout.contains("No-shows cancelled: 1") && r.stdout.contains("MPTEST0002"), "{}", r.stdout);
    assert!(r.stdout.contains("Rp950.000"), "the paid fee is forfeited: {}", r.stdout);
    assert!(r.stdout.contains("jaringan SIMKIM putus") && r.stdout.contains("MPTEST0001"), "{}", r.stdout);
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM applications WHERE status = 'cancelled' AND cancel_reason = 'tidak_hadir'"),
        1
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM day_closures WHERE forced_reason = 'jaringan SIMKIM putus'"), 1);
    let audit = count(&db, "SELECT COUNT(*) FROM audit_log");

    // again: nothing changes, and the checked-in applicant is now read-only
    let r = close_day(&db, "2026-11-25", "2026-11-25T17:00", &[]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(r.stdout.contains("already closed") && r.stdout.contains("nothing changed"), "{}", r.stdout);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM audit_log"), audit);
    let r = admin(&db, &["--now", "2026-11-25T08:40", "check-in", "MPTEST0002"]);
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains("2026-11-25 is closed"), "{}", r.stderr);
}

#[test]
fn close_day_is_for_supervisors_and_not_for_days_to_come() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let file = manifest(dir.path(), "m.csv", &[row(1, "09:00")]);
    assert_eq!(admin(&db, &["import", "bookings", file.to_str().unwrap()]).status, 0);
    let r = loket(
        &db,
        &["--user", "budi", "--password-stdin", "--now", "2026-11-25T16:00", "close-day", "--force", "x"],
        "sandi\n",
    );
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains("closing a day is a supervisor action; budi is an officer"), "{}", r.stderr);
    let r = close_day(&db, "2026-11-25", "2026-11-24T16:00", &[]);
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains("has not come yet"), "{}", r.stderr);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM day_closures"), 0);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM applications WHERE status = 'booked'"), 1);
    // without --date the office's today is closed
    let r = admin(&db, &["--now", "2026-11-25T16:00", "close-day"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Day 2026-11-25 closed"), "{}", r.stdout);
}

#[test]
fn close_day_lists_uncollected_passports_and_cancels_them_when_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let file = manifest(dir.path(), "m.csv", &[row(3, "09:00")]);
    assert_eq!(admin(&db, &["import", "bookings", file.to_str().unwrap()]).status, 0);
    {
        // take the booking to a ready passport through the store (the command line has no counter commands)
        let t = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&chrono::Utc);
        let mut store = loket::store::Store::open(&db).unwrap();
        let actor = store.authenticate("admin", "rahasia").unwrap();
        let code = "MPTEST0003";
        store.check_in(&actor, code, None, t("2026-11-25T08:30:00+07:00")).unwrap();
        store.call(&actor, code, 1, t("2026-11-25T09:00:00+07:00")).unwrap();
        store.record_interview(&actor, code, t("2026-11-25T09:10:00+07:00")).unwrap();
        store.record_photo(&actor, code, t("2026-11-25T09:15:00+07:00")).unwrap();
        store.approve(&actor, code, t("2026-11-25T09:20:00+07:00")).unwrap();
        store.mark_ready(&actor, code, "C1234567", t("2026-11-26T10:00:00+07:00")).unwrap();
    }
    let r = close_day(&db, "2026-12-28", "2026-12-28T16:00", &[]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(r.stdout.contains("MPTEST0003") && r.stdout.contains("--cancel-uncollected"), "{}", r.stdout);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM applications WHERE status = 'ready'"), 1, "listed only");

    let r = close_day(&db, "2026-12-28", "2026-12-28T16:05", &["--cancel-uncollected"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(r.stdout.contains("cancelled now") && r.stdout.contains("MPTEST0003"), "{}", r.stdout);
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM applications WHERE status = 'cancelled' AND cancel_reason = 'tidak_diambil'"),
        1
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM audit_log WHERE action = 'cancel_uncollected'"), 1);
    let audit = count(&db, "SELECT COUNT(*) FROM audit_log");
    let r = close_day(&db, "2026-12-28", "2026-12-28T16:10", &["--cancel-uncollected"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(r.stdout.contains("nothing changed"), "{}", r.stdout);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM audit_log"), audit);
}

// ---- report and audit ------------------------------------------------------------------------------------------

/// Runs `args` as the officer `budi`.
fn officer(db: &Path, args: &[&str]) -> Run {
    let mut all = vec!["--user", "budi", "--password-stdin"];
    all.extend_from_slice(args);
    loket(db, &all, "sandi\n")
}

/// A small day on 2026-11-25: four bookings (three at 09:00, one at 10:00); budi checks two in on time at 08:30
/// and 08:40, admin admits the third late at 09:05 with the reason "ban bocor, surat RT"; the fourth is pending.
fn reported_day(dir: &Path) -> PathBuf {
    let db = office(dir);
    let file = manifest(dir, "m.csv", &[row(1, "09:00"), row(2, "09:00"), row(3, "09:00"), row(4, "10:00")]);
    let r = admin(&db, &["--now", "2026-11-01T10:00", "import", "bookings", file.to_str().unwrap()]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    for (code, now) in [("MPTEST0001", "2026-11-25T08:30"), ("MPTEST0002", "2026-11-25T08:40")] {
        let r = officer(&db, &["--now", now, "check-in", code]);
        assert_eq!(r.status, 0, "{}", r.stderr);
    }
    let r =
        admin(&db, &["--now", "2026-11-25T09:05", "check-in", "MPTEST0003", "--late-override", "ban bocor, surat RT"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    db
}

/// The report as the supervisor, produced at 16:00 on the day.
fn report(db: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["--now", "2026-11-25T16:00", "report"];
    args.extend_from_slice(extra);
    admin(db, &args)
}

#[test]
fn report_text_names_the_office_and_the_day() {
    let dir = tempfile::tempdir().unwrap();
    let db = reported_day(dir.path());
    let r = report(&db, &["--date", "2026-11-25", "--format", "text"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Kantor Imigrasi Uji"), "{}", r.stdout);
    assert!(r.stdout.lines().any(|l| l.starts_with("Days:") && l.ends_with(" 2026-11-25")), "{}", r.stdout);
    assert!(r.stdout.contains("Booked 4: arrived 3"), "{}", r.stdout);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    // text is the default format
    let r2 = report(&db, &["--date", "2026-11-25"]);
    assert_eq!(r2.stdout, r.stdout);
}

#[test]
fn report_csv_is_utf8_with_a_header_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = reported_day(dir.path());
    // a name beyond ASCII, to see the encoding
    let r = admin(&db, &["settings", "set", "office_name", "Kantor Imigrasi Uji — Semarang"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    let out = dir.path().join("report.csv");
    let r = report(&db, &["--date", "2026-11-25", "--format", "csv", "--output", out.to_str().unwrap()]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(r.stdout.is_empty(), "--output writes nothing to stdout: {}", r.stdout);
    let bytes = std::fs::read(&out).unwrap();
    assert!(!bytes.starts_with(b"\xEF\xBB\xBF"), "no byte-order mark");
    let text = String::from_utf8(bytes).expect("UTF-8");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, ["section", "date", "key", "measure", "value"]);
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().expect("every row parses");
    assert!(rows.iter().all(|r| r.len() == 5));
    let value = |section: &str, measure: &str| {
        rows.iter()
            .find(|r| &r[0] == section && &r[3] == measure)
            .map(|r| r[4].to_string())
            .unwrap_or_else(|| panic!("no {section}/{measure} row"))
    };
    assert_eq!(value("report", "office"), "Kantor Imigrasi Uji — Semarang");
    assert_eq!(value("report", "schema"), "loket.report/1");
    assert_eq!(value("report", "from"), "2026-11-25");
    // the same output on stdout
    let r = report(&db, &["--date", "2026-11-25", "--format", "csv"]);
    assert_eq!(r.stdout, text);
}

#[test]
fn report_json_has_the_schema_and_the_counts() {
    let dir = tempfile::tempdir().unwrap();
    let db = reported_day(dir.path());
    let r = report(&db, &["--date", "2026-11-25", "--format", "json"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(v["schema"], "loket.report/1");
    assert_eq!(v["office"], "Kantor Imigrasi Uji");
    assert_eq!(v["from"], "2026-11-25");
    assert_eq!(v["to"], "2026-11-25");
    assert_eq!(v["produced_by"], "admin");
    let totals = &v["totals"];
    assert_eq!(totals["booked"], 4, "{totals}");
    assert_eq!(totals["arrived"], 3, "{totals}");
    assert_eq!(totals["pending"], 1, "{totals}");
    assert_eq!(totals["no_show"], 0, "{totals}");
    assert_eq!(totals["walk_ins"], 0, "{totals}");
    assert_eq!(totals["checked_in"], 3, "{totals}");
    let hour = |h: u64| {
        v["hourly_arrivals"]
            .as_array()
            .expect("hourly arrivals")
            .iter()
            .find(|x| x["hour"] == h)
            .map(|x| x["arrivals"].as_u64().unwrap())
            .unwrap_or_else(|| panic!("no hour {h}"))
    };
    assert_eq!((hour(8), hour(9), hour(10)), (2, 1, 0));
}

#[test]
fn report_html_is_one_page_with_a_chart_and_no_script() {
    let dir = tempfile::tempdir().unwrap();
    let db = reported_day(dir.path());
    let out = dir.path().join("report.html");
    let r = report(&db, &["--date", "2026-11-25", "--format", "html", "--output", out.to_str().unwrap()]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    let html = std::fs::read_to_string(&out).expect("written");
    assert!(html.contains("<svg"), "an inline chart");
    assert!(html.contains("Kantor Imigrasi Uji"));
    assert!(!html.to_ascii_lowercase().contains("<script"), "self-contained, no script");
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"), "no outside resources");
}

#[test]
fn report_refuses_a_backwards_range_and_an_officer() {
    let dir = tempfile::tempdir().unwrap();
    let db = reported_day(dir.path());
    let r = report(&db, &["--date", "2026-11-25", "--to", "2026-11-24"]);
    assert_eq!(r.status, 2, "{}", r.stdout);
    assert!(r.stderr.contains("--to") && r.stderr.contains("--date"), "{}", r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    let out = dir.path().join("never.json");
    let r =
        report(&db, &["--date", "2026-11-25", "--to", "2026-11-24", "--format", "json", "-o", out.to_str().unwrap()]);
    assert_eq!(r.status, 2);
    assert!(!out.exists(), "a refused report writes no file");

    let r = officer(&db, &["--now", "2026-11-25T16:00", "report", "--date", "2026-11-25"]);
    assert_eq!(r.status, 2, "{}", r.stdout);
    assert!(r.stderr.contains("supervisor") && r.stderr.contains("budi"), "{}", r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
}

#[test]
fn audit_lists_the_days_check_ins_with_officers_and_the_override_reason() {
    let dir = tempfile::tempdir().unwrap();
    let db = reported_day(dir.path());
    let r = admin(&db, &["audit", "--date", "2026-11-25"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    let check_ins: Vec<&str> = r.stdout.lines().filter(|l| l.contains("check_in")).collect();
    assert_eq!(check_ins.len(), 3, "{}", r.stdout);
    for (code, who) in [("MPTEST0001", "budi"), ("MPTEST0002", "budi"), ("MPTEST0003", "admin")] {
        let line = check_ins.iter().find(|l| l.contains(code)).unwrap_or_else(|| panic!("{code}: {}", r.stdout));
        assert!(line.contains(who), "{line}");
    }
    let late = check_ins.iter().find(|l| l.contains("MPTEST0003")).unwrap();
    assert!(late.contains("ban bocor, surat RT"), "{late}");
    // office-local times
    assert!(check_ins.iter().any(|l| l.starts_with("2026-11-25 08:30:00")), "{}", r.stdout);
    // the import of 1 November is not that day's
    assert!(!r.stdout.contains("import_bookings") && !r.stdout.contains(" book "), "{}", r.stdout);

    let r = admin(&db, &["audit", "--date", "2026-11-25", "--booking", "MPTEST0003"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(!r.stdout.is_empty());
    assert!(r.stdout.lines().all(|l| l.contains("MPTEST0003")), "{}", r.stdout);
    // the code is matched whatever its case
    let r2 = admin(&db, &["audit", "--date", "2026-11-25", "--booking", "mptest0003"]);
    assert_eq!(r2.stdout, r.stdout);
    // without --date: the booking's whole trail, the import included
    let r = admin(&db, &["audit", "--booking", "MPTEST0003"]);
    assert_eq!(r.stdout.lines().count(), 2, "{}", r.stdout);
    assert!(r.stdout.starts_with("2026-11-01 10:00:00  admin") && r.stdout.contains(" book "), "{}", r.stdout);
}

#[test]
fn audit_csv_parses_with_a_header_and_officers_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = reported_day(dir.path());
    let r = admin(&db, &["audit", "--date", "2026-11-25", "--format", "csv"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    let mut reader = csv::Reader::from_reader(r.stdout.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "at_utc",
            "officer",
            "action",
            "booking_code",
            "from_status",
            "to_status",
            "detail",
            "counter_no",
            "real_at_utc",
            "pinned",
            "seq",
            "hash"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().expect("every row parses");
    let check_ins: Vec<_> = rows.iter().filter(|r| &r[2] == "check_in").collect();
    assert_eq!(check_ins.len(), 3);
    let late = check_ins.iter().find(|r| &r[3] == "MPTEST0003").expect("the late check-in");
    assert_eq!(&late[1], "admin");
    assert!(late[6].contains("ban bocor, surat RT"), "the comma survives quoting: {:?}", &late[6]);
    assert_eq!(&late[5], "checked_in");
    assert!(late[0].starts_with("2026-11-25T02:05:00"), "UTC: {}", &late[0]);

    let r = officer(&db, &["audit", "--date", "2026-11-25"]);
    assert_eq!(r.status, 2, "{}", r.stdout);
    assert!(r.stderr.contains("supervisor") && r.stderr.contains("budi"), "{}", r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
}

// ---- the audit chain, the office's clock, accounts -----------------------------------------------------------

/// An office database as a real office has it (not a training one): supervisor `admin`, officer `budi`.
fn real_office(dir: &Path) -> PathBuf {
    let db = dir.join("real.db");
    let r = loket(
        &db,
        &["init", "--office-name", "Kantor Imigrasi Nyata", "--utc-offset", "+07:00", "--password-stdin"],
        "rahasia\n",
    );
    assert_eq!(r.status, 0, "{}", r.stderr);
    let r = loket(
        &db,
        &["--user", "admin", "--password-stdin", "user", "add", "budi", "--role", "officer"],
        "rahasia\nsandi\n",
    );
    assert_eq!(r.status, 0, "{}", r.stderr);
    db
}

/// Drops the log's guards and edits one row, as an insider with the sqlite3 shell could.
fn tamper(db: &Path, sql: &str) {
    let conn = rusqlite::Connection::open(db).expect("open");
    conn.execute_batch("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;").expect("drop");
    conn.execute_batch(sql).expect("tamper");
}

#[test]
fn audit_verify_passes_then_names_the_edited_row_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = reported_day(dir.path());
    let r = admin(&db, &["audit", "verify"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert_eq!(r.stdout.lines().count(), 1, "{}", r.stdout);
    assert!(r.stdout.starts_with("audit trail intact:") && r.stdout.contains("chain head"), "{}", r.stdout);
    let r = officer(&db, &["audit", "verify"]);
    assert_eq!(r.status, 2, "{}", r.stderr);

    // The late check-in's reason is rewritten after the fact.
    tamper(&db, "UPDATE audit_log SET detail = 'A-003' WHERE detail LIKE '%ban bocor%'");
    let seq = count(&db, "SELECT seq FROM audit_log WHERE detail = 'A-003'");
    let r = admin(&db, &["audit", "verify"]);
    assert_eq!(r.status, 1, "{}", r.stdout);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains(&format!("row {seq} ")) && r.stderr.contains("edited"), "{}", r.stderr);
    assert!(r.stdout.is_empty());

    // The day cannot be closed on a broken chain.
    let r = admin(&db, &["--now", "2026-11-25T16:00", "close-day", "--force", "end of day"]);
    assert_eq!(r.status, 1, "{}", r.stdout);
    assert!(r.stderr.contains("not closed") && r.stderr.contains("audit verify"), "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM day_closures"), 0);
}

#[test]
fn audit_verify_names_a_deleted_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = reported_day(dir.path());
    tamper(&db, "DELETE FROM audit_log WHERE seq = 4");
    let r = admin(&db, &["audit", "verify"]);
    assert_eq!(r.status, 1, "{}", r.stdout);
    assert!(r.stderr.contains("row 4 was deleted"), "{}", r.stderr);
}

#[test]
fn an_officer_cannot_backdate_with_now_on_an_office_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = real_office(dir.path());
    let file = manifest(dir.path(), "m.csv", &[row(1, "09:00"), row(2, "09:00")]);
    // A supervisor may pin the clock (an import of a past day).
    let r = admin(&db, &["--now", "2026-11-01T10:00", "import", "bookings", file.to_str().unwrap()]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    // An officer refused as late cannot rerun the check-in with an earlier --now.
    let r = officer(&db, &["--now", "2026-11-25T08:30", "check-in", "MPTEST0001"]);
    assert_eq!(r.status, 2, "{}", r.stdout);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("clock is pinned") && r.stderr.contains("supervisor"), "{}", r.stderr);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM applications WHERE status = 'checked_in'"), 0);
    // LOKET_NOW is the same pin.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_loket"))
        .args(["--db", db.to_str().unwrap(), "--user", "budi", "--password-stdin", "check-in", "MPTEST0001"])
        .env("LOKET_NOW", "2026-11-25T08:30")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"sandi\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("clock is pinned"));
    // Reading with a pinned clock is fine.
    let r = officer(&db, &["--now", "2026-11-25T08:30", "show", "MPTEST0001"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    // A supervisor's pinned writes (the import: two bookings and its summary; this check-in) are marked in
    // the audit trail with the real time beside them.
    let r = admin(&db, &["--now", "2026-11-25T08:30", "check-in", "MPTEST0002"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    let r = admin(&db, &["audit", "--booking", "MPTEST0002"]);
    let line = r.stdout.lines().find(|l| l.contains("check_in")).expect("the check-in row");
    assert!(line.starts_with("2026-11-25 08:30:00") && line.contains("[clock pinned; written "), "{line}");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM audit_log WHERE pinned_at IS NOT NULL AND real_at <> at"), 4);
}

#[test]
fn sign_in_failures_lock_the_account_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = real_office(dir.path());
    for _ in 0..4 {
        let r = loket(&db, &["--user", "budi", "--password-stdin", "user", "list"], "salah\n");
        assert_eq!(r.status, 2);
        assert!(r.stderr.contains("unknown officer or wrong password"), "{}", r.stderr);
    }
    let r = loket(&db, &["--user", "budi", "--password-stdin", "user", "list"], "salah\n");
    assert!(r.stderr.contains("locked"), "{}", r.stderr);
    let r = officer(&db, &["user", "list"]);
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains("budi is locked") && r.stderr.lines().count() == 1, "{}", r.stderr);
    // five wrong passwords, and the right one while locked
    assert_eq!(count(&db, "SELECT COUNT(*) FROM audit_log WHERE action = 'sign_in_failed'"), 6);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM audit_log WHERE action = 'account_locked'"), 1);
    // A supervisor's new password ends the lock.
    let r = loket(&db, &["--user", "admin", "--password-stdin", "user", "password", "budi"], "rahasia\nbaru1\n");
    assert_eq!(r.status, 0, "{}", r.stderr);
    let r = loket(&db, &["--user", "budi", "--password-stdin", "user", "list"], "baru1\n");
    assert_eq!(r.status, 0, "{}", r.stderr);
}

#[test]
fn user_disable_password_and_role_are_audited() {
    let dir = tempfile::tempdir().unwrap();
    let db = real_office(dir.path());
    // Own password.
    let r = loket(&db, &["--user", "budi", "--password-stdin", "user", "password", "budi"], "sandi\nbaru-sandi\n");
    assert_eq!(r.status, 0, "{}", r.stderr);
    // Not someone else's.
    let r = loket(&db, &["--user", "budi", "--password-stdin", "user", "password", "admin"], "baru-sandi\nxxxx\n");
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains("supervisor action"), "{}", r.stderr);
    let r = admin(&db, &["user", "role", "budi", "supervisor"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(r.stdout.contains("budi is now supervisor"), "{}", r.stdout);
    let r = admin(&db, &["user", "role", "budi", "officer"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    let r = admin(&db, &["user", "disable", "budi"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    let r = loket(&db, &["--user", "budi", "--password-stdin", "user", "list"], "baru-sandi\n");
    assert_eq!(r.status, 2, "a disabled account cannot sign in");
    let r = admin(&db, &["user", "list"]);
    assert!(!r.stdout.contains("budi"), "{}", r.stdout);
    let r = admin(&db, &["audit", "--officer", "admin"]);
    for action in ["set_role", "disable_officer"] {
        assert!(r.stdout.contains(action), "{action}: {}", r.stdout);
    }
    assert_eq!(count(&db, "SELECT COUNT(*) FROM audit_log WHERE action = 'set_password' AND officer = 'budi'"), 1);
    let r = admin(&db, &["audit", "verify"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
}

#[test]
fn an_officer_trying_to_close_the_day_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let db = real_office(dir.path());
    let r = officer(&db, &["close-day", "--date", "2026-11-25"]);
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains("supervisor action"), "{}", r.stderr);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM audit_log WHERE action = 'refused_close_day' AND officer = 'budi'"), 1);
}

#[test]
fn the_report_prints_the_days_chain_head() {
    let dir = tempfile::tempdir().unwrap();
    let db = reported_day(dir.path());
    let conn = rusqlite::Connection::open(&db).unwrap();
    let head: String = conn
        .query_row("SELECT substr(hash, 1, 12) FROM audit_log ORDER BY seq DESC LIMIT 1", [], |r| r.get(0))
        .unwrap();
    let r = report(&db, &["--date", "2026-11-25"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(r.stdout.contains(&format!("Audit chain head: {head}")), "{}", r.stdout);
    let r = report(&db, &["--date", "2026-11-25", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(json["audit_chain_head"], head.as_str());
    let r = report(&db, &["--date", "2026-11-25", "--format", "html"]);
    assert!(r.stdout.contains(&format!("<code>{head}</code>")));
    let r = report(&db, &["--date", "2026-11-25", "--format", "csv"]);
    assert!(r.stdout.contains(&format!("audit_chain_head,{head}")), "{}", r.stdout);
    // audit verify names the same head.
    let r = admin(&db, &["audit", "verify"]);
    assert!(r.stdout.contains(&format!("office chain head {head}")), "{}", r.stdout);
    // The close verifies the chain and prints the head it leaves (its own row included).
    let r = admin(&db, &["--now", "2026-11-25T16:00", "close-day", "--force", "end of day"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    let closed: String = conn
        .query_row("SELECT substr(hash, 1, 12) FROM audit_log ORDER BY seq DESC LIMIT 1", [], |r| r.get(0))
        .unwrap();
    assert!(r.stdout.contains(&format!("Audit chain head: {closed}")), "{}", r.stdout);
}

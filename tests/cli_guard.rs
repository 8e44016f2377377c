//! The command line against mistakes and hostile text: `close-day` before the closing time, `reopen-day`,
//! quotas at import, hostile text refused at input with `FILE:LINE: column: why`, stored text neutralised on
//! the way out, and a 1 MB field reported by an excerpt.

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
        .env_remove("LOKET_LANG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start loket");
    let _ = child.stdin.take().expect("stdin").write_all(stdin.as_bytes());
    let Output { status, stdout, stderr } = child.wait_with_output().expect("wait");
    Run {
        status: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into(),
        stderr: String::from_utf8_lossy(&stderr).into(),
    }
}

/// A new office database with supervisor `admin` (password `rahasia`).
fn office(dir: &Path) -> PathBuf {
    let db = dir.join("office.db");
    let r = loket(
        &db,
        &["init", "--office-name", "Kantor Imigrasi Uji", "--utc-offset", "+07:00", "--password-stdin"],
        "rahasia\n",
    );
    assert_eq!(r.status, 0, "{}", r.stderr);
    db
}

fn admin(db: &Path, args: &[&str]) -> Run {
    let mut all = vec!["--user", "admin", "--password-stdin"];
    all.extend_from_slice(args);
    loket(db, &all, "rahasia\n")
}

fn count(db: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("open");
    conn.query_row(sql, [], |r| r.get(0)).expect("query")
}

fn exec(db: &Path, sql: &str, params: impl rusqlite::Params) {
    let conn = rusqlite::Connection::open(db).expect("open");
    conn.execute(sql, params).expect("write");
}

const HEADER: &str = "booking_code,nik,full_name,sex,birth_date,birth_place,phone,address,application_type,purpose,passport_kind,validity_years,service,slot_date,slot_start,slot_end,billing_code,fee_idr,paid_at,old_passport_no,group_code";

/// A valid manifest row on 2026-11-25 at `start` for applicant number `n`, regular or express.
fn row(n: u16, start: &str, name: &str, express: bool) -> String {
    let birth = chrono::NaiveDate::from_ymd_opt(1990, 3, 12).expect("date");
    let nik = loket::domain::nik::make(33, 74, 1, birth, loket::domain::nik::Sex::Female, n);
    let end = format!("{:02}:00", start[..2].parse::<u32>().expect("hour") + 1);
    let (service, fee) = if express { ("percepatan", 950_000 + 1_000_000) } else { ("reguler", 950_000) };
    format!("MPGUARD{n:04},{nik},\"{name}\",P,1990-03-12,Semarang,081234567890,,baru,wisata,elektronik,10,{service},2026-11-25,{start},{end},8202611250{n:05},{fee},2026-11-20T10:00:00+07:00,,")
}

fn manifest(dir: &Path, name: &str, rows: &[String]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("{HEADER}\n{}\n", rows.join("\n"))).expect("write manifest");
    path
}

fn import(db: &Path, file: &Path) -> Run {
    admin(db, &["--now", "2026-11-20T10:00", "import", "bookings", file.to_str().expect("path")])
}

/// No raw control character (other than the line breaks between lines) or bidi control in `s`.
fn clean(s: &str) -> bool {
    !s.chars().any(|c| (c.is_control() && c != '\n') || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
}

#[test]
fn close_day_in_the_morning_is_refused_and_a_closed_day_points_at_reopen_day_which_exists() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let file = manifest(dir.path(), "m.csv", &[row(1, "09:00", "Siti", false), row(2, "10:00", "Ani", false)]);
    assert_eq!(import(&db, &file).status, 0);

    let r = admin(&db, &["--now", "2026-11-25T07:35", "close-day"]);
    assert_eq!(r.status, 2, "{}", r.stdout);
    assert!(r.stderr.contains("07:35") && r.stderr.contains("16:00") && r.stderr.contains("--force"), "{}", r.stderr);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM applications WHERE status = 'cancelled'"), 0);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM day_closures"), 0);

    let r = admin(&db, &["--now", "2026-11-25T07:35", "close-day", "--force", "gempa, kantor dikosongkan"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(r.stdout.contains("before the office's closing time, forced: gempa"), "{}", r.stdout);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM applications WHERE status = 'cancelled'"), 2);

    // the refusal on a closed day names the command to reopen it, and that command exists
    let r = admin(&db, &["--now", "2026-11-25T08:30", "check-in", "MPGUARD0001"]);
    assert_eq!(r.status, 2);
    let hint = "loket reopen-day --date 2026-11-25 --reason";
    assert!(r.stderr.contains(hint), "{}", r.stderr);
    assert_eq!(loket(&db, &["reopen-day", "--help"], "").status, 0);

    let r = admin(&db, &["--now", "2026-11-25T08:31", "reopen-day", "--date", "2026-11-25", "--reason", "salah tutup"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(r.stdout.contains("MPGUARD0001, MPGUARD0002"), "{}", r.stdout);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM applications WHERE status = 'booked'"), 2);
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM audit_log WHERE action = 'reopen_day' AND detail LIKE '%salah tutup%'"),
        1
    );
    let r = admin(&db, &["--now", "2026-11-25T08:32", "check-in", "MPGUARD0001"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    // reopening an open day, or without a reason, is refused
    let r = admin(&db, &["--now", "2026-11-25T08:33", "reopen-day", "--reason", "lagi"]);
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains("not closed"), "{}", r.stderr);
}

#[test]
fn the_express_quota_holds_at_import() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    assert_eq!(admin(&db, &["settings", "set", "express_quota", "3"]).status, 0);
    let rows: Vec<String> = (1..=4).map(|n| row(n, "09:00", "Siti", true)).collect();
    let file = manifest(dir.path(), "express.csv", &rows);
    let r = import(&db, &file);
    assert_eq!(r.status, 2, "{}", r.stdout);
    assert!(
        r.stderr.contains("express.csv:5: service: the express (percepatan) quota for 2026-11-25 (3) is used up"),
        "{}",
        r.stderr
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM applications"), 0, "one bad row rejects the file");
    let file = manifest(dir.path(), "three.csv", &rows[..3]);
    assert_eq!(import(&db, &file).status, 0);
    let file = manifest(dir.path(), "fourth.csv", &rows[3..]);
    let r = import(&db, &file);
    assert_eq!(r.status, 2);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM applications WHERE service = 'percepatan'"), 3);
}

#[test]
fn hostile_text_is_refused_at_input_naming_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let file = manifest(
        dir.path(),
        "hostile.csv",
        &[
            row(1, "09:00", "Siti", false),
            row(2, "09:00", "Budi\u{1b}[2J", false),
            row(3, "09:00", "abc\u{202E}fed", false),
        ],
    );
    let r = import(&db, &file);
    assert_eq!(r.status, 2);
    assert!(
        r.stderr.contains("hostile.csv:3: full_name: contains a control character (U+001B) at position 5"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("hostile.csv:4: full_name: contains a bidirectional override (U+202E)"), "{}", r.stderr);
    assert!(clean(&r.stderr), "{:?}", r.stderr);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM applications"), 0);

    // holidays and watchlist names
    let holidays = dir.path().join("holidays.csv");
    std::fs::write(&holidays, "date,name,kind\n2026-12-24,\"Libur\u{7}\",kantor\n").unwrap();
    let r = admin(&db, &["import", "holidays", holidays.to_str().unwrap()]);
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains("holidays.csv:2: name: contains a control character (U+0007)"), "{}", r.stderr);
    let watch = dir.path().join("watch.csv");
    std::fs::write(&watch, "full_name,birth_date,kind,reference\n\"\u{200B}\",1980-01-01,cegah,REF-1\n").unwrap();
    let r = admin(&db, &["import", "watchlist", watch.to_str().unwrap()]);
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains("watch.csv:2: full_name: has nothing visible"), "{}", r.stderr);

    // the office name, at init and in settings
    let other = dir.path().join("other.db");
    let r = loket(
        &other,
        &["init", "--office-name", "Kanim\u{1b}]0;pwned\u{7}", "--utc-offset", "+07:00", "--password-stdin"],
        "rahasia\n",
    );
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains("office_name") && r.stderr.contains("control character"), "{}", r.stderr);
    assert!(clean(&r.stderr), "{:?}", r.stderr);
    let r = admin(&db, &["settings", "set", "office_name", "Kanim\nPalsu"]);
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains("line break") || r.stderr.contains("control character"), "{}", r.stderr);

    // a reason: a late override and a forced close
    let file = manifest(dir.path(), "ok.csv", &[row(1, "09:00", "Siti", false)]);
    assert_eq!(import(&db, &file).status, 0);
    let r = admin(&db, &["--now", "2026-11-25T09:30", "check-in", "MPGUARD0001", "--late-override", "ok\u{9b}31m"]);
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains("reason: contains a control character (U+009B)"), "{}", r.stderr);
    let r = admin(&db, &["--now", "2026-11-25T09:30", "close-day", "--force", "x\u{202E}y"]);
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains("bidirectional"), "{}", r.stderr);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM day_closures"), 0);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM applications WHERE status = 'booked'"), 1);
}

#[test]
fn a_one_megabyte_field_is_reported_by_an_excerpt() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let huge = "A".repeat(1 << 20);
    let file = manifest(dir.path(), "big.csv", &[row(1, "09:00", &huge, false)]);
    let r = import(&db, &file);
    assert_eq!(r.status, 2);
    assert!(
        r.stderr.contains("big.csv:2: full_name: too long, at most 1000 characters"),
        "{}",
        &r.stderr[..r.stderr.len().min(400)]
    );
    assert!(r.stderr.contains("(1048576 characters)"), "{}", &r.stderr[..r.stderr.len().min(400)]);
    assert!(r.stderr.len() < 1000, "{} bytes of error", r.stderr.len());
    assert_eq!(count(&db, "SELECT COUNT(*) FROM applications"), 0);
    // in the sex column too (whose message would quote the value)
    let bad = row(1, "09:00", "Siti", false).replacen(",P,", &format!(",{huge},"), 1);
    let file = manifest(dir.path(), "big2.csv", &[bad]);
    let r = import(&db, &file);
    assert_eq!(r.status, 2);
    assert!(r.stderr.len() < 1000, "{} bytes of error", r.stderr.len());
    // and a huge booking code on the command line (the kernel takes at most 128 KiB per argument)
    let r = admin(&db, &["show", &"B".repeat(100_000)]);
    assert_eq!(r.status, 2, "not found");
    assert!(r.stderr.len() < 2000 && r.stderr.contains("characters)"), "{} bytes of error", r.stderr.len());
}

#[test]
fn stored_hostile_text_is_neutralised_in_every_cli_output() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let file = manifest(dir.path(), "m.csv", &[row(1, "09:00", "Siti", false)]);
    assert_eq!(import(&db, &file).status, 0);
    // another program (or loket before the checks) wrote control characters and a bidi override
    let name = "Siti\u{1b}[2J\u{1b}]0;owned\u{7}\u{202E}ftn";
    exec(&db, "UPDATE applicants SET full_name = ?1", [name]);
    exec(&db, "UPDATE settings SET value = ?1 WHERE key = 'office_name'", ["Kanim\u{1b}[31mMerah"]);

    let r = admin(&db, &["show", "MPGUARD0001"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(clean(&r.stdout), "{:?}", r.stdout);
    assert!(r.stdout.contains("Siti\\u{001B}[2J"), "{}", r.stdout);
    let r = admin(&db, &["show", "MPGUARD0001", "--json"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(clean(&r.stdout), "{:?}", r.stdout);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).expect("still JSON");
    assert_eq!(json["full_name"], name, "the same value, escaped");

    let r = admin(&db, &["settings"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(clean(&r.stdout) && r.stdout.contains("Kanim\\u{001B}[31mMerah"), "{:?}", r.stdout);

    let r = admin(&db, &["--now", "2026-11-25T08:30", "check-in", "MPGUARD0001"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(clean(&r.stdout) && r.stdout.contains("checked in"), "{:?}", r.stdout);

    // errors quoting what was typed
    let r = admin(&db, &["show", "MP\u{1b}[2J"]);
    assert_eq!(r.status, 2, "not found");
    assert!(clean(&r.stderr) && r.stderr.contains("\\u{001B}"), "{:?}", r.stderr);
}

/// Every message that tells the officer to reopen a day names `loket reopen-day`, and the command it names
/// exists with the options it names.
#[test]
fn every_reopen_hint_names_a_command_that_exists() {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut hints = Vec::new();
    for file in ["src/domain/close.rs", "src/store/bookings.rs", "assets/i18n.csv"] {
        let text = std::fs::read_to_string(Path::new(root).join(file)).expect("read");
        hints.extend(text.lines().filter(|l| l.contains("reopen-day")).map(|l| format!("{file}: {}", l.trim())));
    }
    assert!(hints.len() >= 3, "{hints:#?}");
    let dir = tempfile::tempdir().unwrap();
    let help = loket(&dir.path().join("none.db"), &["reopen-day", "--help"], "");
    assert_eq!(help.status, 0, "{}", help.stderr);
    assert!(help.stdout.contains("--date") && help.stdout.contains("--reason"), "{}", help.stdout);
}

/// The audit trail as text and CSV: a row another program appended with control characters and spreadsheet
/// formulas is printed escaped, and its CSV cells cannot start a formula.
#[test]
fn stored_hostile_text_in_the_audit_trail_is_neutralised() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let (node, seq): (String, i64) = {
        let conn = rusqlite::Connection::open(&db).expect("open");
        conn.query_row("SELECT node_id, MAX(seq) FROM audit_log GROUP BY node_id", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("the office chain")
    };
    let hash = "0".repeat(64);
    exec(
        &db,
        "INSERT INTO audit_log (id, node_id, seq, at, real_at, officer, action, detail, prev_hash, hash)
         VALUES ('forged', ?1, ?2, '2026-11-25T02:00:00Z', '2026-11-25T02:00:00Z', '@evil', 'setting', ?3, ?4, ?4)",
        rusqlite::params![node, seq + 1, "=HYPERLINK(\"http://x\")\u{1b}[2J", hash],
    );
    let r = admin(&db, &["audit", "--date", "2026-11-25"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(clean(&r.stdout), "{:?}", r.stdout);
    assert!(r.stdout.contains("\\u{001B}[2J"), "{}", r.stdout);
    let r = admin(&db, &["audit", "--date", "2026-11-25", "--format", "csv"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    let mut csv = csv::Reader::from_reader(r.stdout.as_bytes());
    let rows: Vec<csv::StringRecord> = csv.records().map(|r| r.expect("a CSV row")).collect();
    let forged = rows.iter().find(|r| r.get(1) == Some("'@evil")).expect("the forged row, officer neutralised");
    assert_eq!(forged.get(6), Some("'=HYPERLINK(\"http://x\")\u{1b}[2J"));
    for row in &rows {
        for cell in row.iter() {
            assert!(!cell.starts_with(['=', '+', '@', '\t', '\r']), "{cell:?} could start a formula");
        }
    }
}

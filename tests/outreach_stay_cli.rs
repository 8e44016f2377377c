//! Stay permits through the merge, with the real binary: registered at the office and on two laptops (the same
//! foreigner at the office and on laptop 2), merged 2, 1, 1 again; the `passport_active` conflict is printed with
//! both versions (text and JSON), resolved with `loket outreach resolve`, and the stay permits then show in
//! `loket report`. Every database stays healthy.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

struct Run {
    status: i32,
    stdout: String,
    stderr: String,
}

/// As the supervisor `admin` (password `rahasia`) at office-local time `now`.
fn admin(db: &Path, now: &str, args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_loket"));
    cmd.arg("--db").arg(db).args(["--user", "admin", "--password-stdin", "--now", now]).args(args);
    for k in ["LOKET_NOW", "LOKET_USER", "LOKET_DB", "LOKET_LANG"] {
        cmd.env_remove(k);
    }
    let mut child =
        cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("start loket");
    let _ = child.stdin.take().expect("stdin").write_all(b"rahasia\n");
    let Output { status, stdout, stderr } = child.wait_with_output().expect("wait");
    Run {
        status: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into(),
        stderr: String::from_utf8_lossy(&stderr).into(),
    }
}

fn ok(r: Run) -> String {
    assert_eq!(r.status, 0, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    r.stdout
}

fn office(dir: &Path) -> PathBuf {
    let db = dir.join("office.db");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_loket"));
    cmd.arg("--db").arg(&db).args([
        "init",
        "--office-name",
        "Kantor Imigrasi Semarang",
        "--utc-offset",
        "+07:00",
        "--password-stdin",
    ]);
    let mut child = cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("init");
    let _ = child.stdin.take().expect("stdin").write_all(b"rahasia\nrahasia\n");
    assert!(child.wait_with_output().expect("wait").status.success());
    db
}

fn healthy(db: &Path) {
    let conn = rusqlite::Connection::open(db).expect("open");
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("integrity");
    assert_eq!(integrity, "ok", "{}", db.display());
    let fk: i64 = conn.query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).expect("fk");
    assert_eq!(fk, 0, "foreign keys of {}", db.display());
}

fn register(db: &Path, now: &str, name: &str, passport: &str, permit_type: &str) -> String {
    let out = ok(admin(
        db,
        now,
        &[
            "stay-permit",
            "register",
            "--name",
            name,
            "--passport-no",
            passport,
            "--nationality",
            "NLD",
            "--permit-type",
            permit_type,
            "--permit-no",
            "2C11AB0001",
            "--expiry",
            "2026-12-20",
            "--sponsor",
            "PT Maju Jaya",
        ],
    ));
    out.split_whitespace().next().expect("code").to_string()
}

#[test]
fn stay_permits_merge_through_the_conflict_check_and_into_the_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = office(dir.path());
    let create = [
        "outreach",
        "create",
        "--name",
        "Si Semar Paten",
        "--place",
        "Grobogan",
        "--from",
        "2026-12-01",
        "--to",
        "2026-12-01",
        "--services",
        "baru,izin_tinggal",
    ];
    ok(admin(&db, "2026-11-30T10:00", &create));
    let laptops = [dir.path().join("l1.db"), dir.path().join("l2.db")];
    for l in &laptops {
        ok(admin(&db, "2026-11-30T10:05", &["outreach", "pack", "1", "--out", l.to_str().expect("path")]));
    }
    let at_office = register(&db, "2026-11-30T15:00", "Jan de Vries", "NX1234567", "itas");
    let on_l1 = register(&laptops[0], "2026-12-01T09:10", "John Smith", "PA1234567", "perpanjangan_visa_kunjungan");
    let on_l2 = register(&laptops[1], "2026-12-01T09:20", "Jan de Vries", "NX1234567", "itas");
    ok(admin(&laptops[0], "2026-12-01T09:30", &["stay-permit", "documents", &on_l1]));

    let merged = ok(admin(&db, "2026-12-01T16:00", &["outreach", "merge", laptops[1].to_str().expect("path")]));
    assert!(merged.contains("1 events sent: 0 applied, 0 duplicate, 1 held by conflicts"), "{merged}");
    let line = format!(
        "{on_l2}/L2  passport_active  open  passport NX1234567 already has an active stay permit at the office: \
         office {at_office} registered 2026-11-30 / laptop {on_l2} registered 2026-12-01"
    );
    assert!(merged.contains(&line), "{merged}");
    let merged = ok(admin(&db, "2026-12-01T16:05", &["outreach", "merge", laptops[0].to_str().expect("path")]));
    assert!(merged.contains("2 events sent: 2 applied, 0 duplicate, 0 held by conflicts"), "{merged}");
    let again = ok(admin(&db, "2026-12-01T16:10", &["outreach", "merge", laptops[0].to_str().expect("path")]));
    assert!(again.contains("2 events sent: 0 applied, 2 duplicate, 0 held by conflicts"), "{again}");

    let json = ok(admin(&db, "2026-12-01T16:15", &["outreach", "conflicts", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v[0]["kind"], "passport_active");
    assert_eq!(v[0]["office_version"]["stay_permit"]["code"], at_office.as_str());
    assert_eq!(v[0]["laptop_version"]["stay_permit"]["code"], on_l2.as_str());
    assert_eq!(v[0]["laptop_version"]["events"][0]["action"], "stay_register");

    let shown = admin(&db, "2026-12-01T16:20", &["stay-permit", "show", &on_l2]);
    assert_ne!(shown.status, 0, "held back until resolved: {}", shown.stdout);
    let id = format!("{on_l2}/L2");
    let resolved =
        ok(admin(&db, "2026-12-01T16:25", &["outreach", "resolve", &id, "--keep", "laptop", "--note", "two permits"]));
    assert!(resolved.contains("resolved (laptop kept by admin)"), "{resolved}");
    let shown = ok(admin(&db, "2026-12-01T16:30", &["stay-permit", "show", &on_l2]));
    assert!(shown.contains("W-L2-001: registered"), "{shown}");

    let csv = ok(admin(&db, "2026-12-01T17:00", &["report", "--date", "2026-12-01", "--format", "csv"]));
    assert!(csv.contains("stay_permit,,all,registered,2\n"), "{csv}");
    assert!(csv.contains("stay_permit,,itas,pnbp_idr,1500000\n"), "{csv}");
    assert!(csv.contains("stay_permit,,perpanjangan_visa_kunjungan,in_progress,1\n"), "{csv}");
    let text = ok(admin(&db, "2026-12-01T17:00", &["--lang", "en", "report", "--date", "2026-12-01"]));
    assert!(text.contains("Foreigners' stay permits (extensions)"), "{text}");
    let outreach = ok(admin(&db, "2026-12-01T17:00", &["outreach", "report", "--date", "2026-12-01"]));
    assert!(outreach.contains("izin_tinggal"), "{outreach}");
    assert!(outreach.contains("event 1: merge conflicts 0 open, 1 resolved"), "{outreach}");
    for d in [&db, &laptops[0], &laptops[1]] {
        healthy(d);
    }
    let verify = ok(admin(&db, "2026-12-01T17:05", &["audit", "verify"]));
    assert!(verify.starts_with("audit trail intact"), "{verify}");
}

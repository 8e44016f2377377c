//! End to end on an outreach laptop: the real binary in a real pseudo-terminal (`tests/pty_common`). The
//! office packs a laptop through the command line; the desk opened on the laptop file names the event in its
//! header, and a group member scanned and checked in there gets the laptop's own queue number.

mod pty_common;

use pty_common::keys::*;
use pty_common::{loket, serial, Desk, Office};
use rusqlite::Connection;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// Runs a loket command line with the password on stdin, in the test's private config and data dirs.
fn run(dir: &Path, db: &Path, args: &[&str], password: &str) -> String {
    let mut child = Command::new(loket())
        .arg("--db")
        .arg(db)
        .args(args)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .env_remove("LOKET_DB")
        .env_remove("LOKET_NOW")
        .env_remove("LOKET_LANG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start loket");
    let _ = child.stdin.take().expect("stdin").write_all(format!("{password}\n").as_bytes());
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into()
}

/// A loket command as the office's admin.
fn admin(dir: &Path, db: &Path, now: &str, args: &[&str]) -> String {
    let mut all = vec!["--user", "admin", "--password-stdin", "--now", now];
    all.extend_from_slice(args);
    run(dir, db, &all, "rahasia")
}

#[test]
fn the_laptop_desk_shows_its_event_and_hands_out_its_own_numbers() {
    let _turn = serial();
    let dir = tempfile::tempdir().expect("temp dir");
    let home = dir.path().to_path_buf();
    let office = home.join("office.db");
    run(
        &home,
        &office,
        &["init", "--office-name", "Kantor Imigrasi Semarang", "--utc-offset", "+07:00", "--password-stdin"],
        "rahasia",
    );
    let now = "2026-11-30T10:00";
    admin(
        &home,
        &office,
        now,
        &[
            "outreach",
            "create",
            "--name",
            "Si Semar Paten",
            "--place",
            "Gedung DPMPTSP Grobogan",
            "--from",
            "2026-12-01",
            "--to",
            "2026-12-02",
        ],
    );
    let list = home.join("list.csv");
    std::fs::write(
        &list,
        "full_name,nik,birth_date,sex,application_type,paid_at\nAhmad Fauzi,3315011203850001,1985-03-12,L,baru,2026-11-28T10:00:00+07:00\n",
    )
    .expect("write list");
    admin(
        &home,
        &office,
        now,
        &[
            "outreach",
            "group-import",
            list.to_str().expect("path"),
            "--event",
            "1",
            "--group",
            "UMR1",
            "--name",
            "Umrah",
            "--leader",
            "H. Ahmad",
            "--contact",
            "0812",
            "--date",
            "2026-12-01",
        ],
    );
    let laptop = home.join("laptop.db");
    admin(&home, &office, now, &["outreach", "pack", "1", "--out", laptop.to_str().expect("path")]);
    let code: String = Connection::open(&laptop)
        .expect("open")
        .query_row("SELECT booking_code FROM applications", [], |r| r.get(0))
        .expect("the packed member");

    // The desk on the laptop file, with the same private config (XDG_CONFIG_HOME) and data (XDG_DATA_HOME).
    let on_laptop = Office { dir, db: laptop.clone() };
    let mut desk = Desk::start(&on_laptop, &["--now", "2026-12-01T09:30"], 100, 30);
    let screen = desk.wait_for("Masuk");
    assert!(screen.contains("Layanan luar kantor: Si Semar Paten · Gedung DPMPTSP Grobogan · L1"), "{screen}");
    assert!(desk.alternate_screen() && !desk.terminal_cooked(), "the desk runs raw on the alternate screen");

    // Sign in: the name as one burst (before sign-in a burst is typing), the password, then the counter
    // choice (◀▶) left at the first of the laptop's counters.
    desk.send("admin");
    desk.send(ENTER);
    desk.wait_until("\"admin\" in the officer field", |s| {
        s.lines().any(|l| l.contains("│Petugas ") && l.contains(" admin "))
    });
    desk.send("rahasia");
    desk.send(ENTER);
    desk.wait_for("•••••••");
    desk.wait_for("◀ 1 ▶");
    desk.send(ENTER);
    desk.wait_for("· admin · ");

    // Scan the booking code (one burst ended by Enter), check in with every document ticked.
    desk.send(&format!("{code}{ENTER}"));
    desk.wait_for(&format!("Dipindai: {code}"));
    desk.key("c");
    desk.wait_for("┌ Check-in ");
    desk.key("a");
    desk.wait_until("every document ticked", |s| s.contains("[x]") && !s.contains("[ ]"));
    desk.key(ENTER);
    desk.wait_for("Check-in Ahmad Fauzi");
    desk.key("y");
    let screen = desk.wait_for("┌ Nomor antrean ");
    assert!(screen.contains("A-L1-001"), "{screen}");
    let queue_no: String = on_laptop
        .open()
        .query_row("SELECT queue_no FROM applications WHERE booking_code = ?1", [&code], |r| r.get(0))
        .expect("queue number");
    assert_eq!(queue_no, "A-L1-001");

    desk.key(ESC);
    desk.wait_until("the ticket closed", |s| !s.contains("┌ Nomor antrean "));
    desk.key("q");
    desk.wait_for("Keluar dari loket?");
    desk.key("y");
    assert_eq!(desk.wait_exit(), 0, "exit status after q, y");
    desk.assert_terminal_restored();
}

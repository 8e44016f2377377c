//! End to end through the real binary in a pseudo-terminal (`tests/pty_common`): a merge conflict resolved on
//! the supervisor's conflict screen of the desk, and an event walk-in and a stay permit registered at a laptop's
//! desk. The office and the laptop are built with the library (an
//! event, a group of two, a laptop packed; the office reschedules a member the laptop then checks in; merged
//! back); the desk then runs as a process, and `loket outreach conflicts` reads the resolution back.

mod pty_common;
mod tui_common;

use chrono::{DateTime, Utc};
use loket::domain::nik::{self, Sex};
use loket::domain::outreach::{EventService, EventSpec};
use loket::domain::settings::{parse_hhmm, OfficeSettings};
use loket::domain::types::Role;
use loket::store::{Actor, Store};
use pty_common::keys::*;
use pty_common::{loket, serial, Desk, Office};
use std::io::Write;
use std::process::{Command, Stdio};
use tui_common::outreach::{group_member, umrah_group};

const PASSWORD: &str = "rahasia-123";

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&format!("{s}:00+07:00")).expect("instant").with_timezone(&Utc)
}

fn d(s: &str) -> chrono::NaiveDate {
    s.parse().expect("date")
}

/// The office with one open conflict; returns the member's booking code.
fn office_with_a_conflict(dir: &std::path::Path) -> String {
    let db = dir.join("office.db");
    let mut store = Store::create(&db, &OfficeSettings::default()).expect("create");
    store.add_officer(&Actor::system(), "kepala", Role::Supervisor, PASSWORD, t("2026-11-10T08:00")).expect("account");
    let sup = store.authenticate("kepala", PASSWORD).expect("supervisor");
    let spec = EventSpec {
        name: "Si Semar Paten".into(),
        place: "Gedung DPMPTSP Grobogan".into(),
        first_day: d("2026-11-19"),
        last_day: d("2026-11-19"),
        opening: parse_hhmm("09:00").expect("time"),
        closing: parse_hhmm("15:00").expect("time"),
        services: vec![EventService::New],
        quota_per_day: 50,
    };
    store.create_event(&sup, &spec, t("2026-11-16T10:00")).expect("event");
    let group = umrah_group("UMR1", d("2026-11-19"));
    let list = [group_member(2, 0), group_member(3, 1)];
    let codes = store.import_group(&sup, &group, &list, t("2026-11-16T10:00")).expect("import").expect("a valid list");
    let laptop = dir.join("laptop.db");
    store.pack_event(&sup, 1, &laptop, t("2026-11-16T10:00")).expect("pack");
    store.reschedule(&sup, &codes[0], d("2026-11-27"), "10:00", None, t("2026-11-17T10:00")).expect("reschedule");
    let mut field = Store::open(&laptop).expect("laptop");
    field.check_in(&sup, &codes[0], None, t("2026-11-19T09:10")).expect("check in on the laptop");
    drop(field);
    let r = store.merge_laptop(&sup, &laptop, false, t("2026-11-20T08:00")).expect("merge");
    assert_eq!(r.conflicts.len(), 1, "{r:?}");
    codes[0].clone()
}

#[test]
fn a_supervisor_resolves_a_merge_conflict_at_the_desk() {
    let _turn = serial();
    let dir = tempfile::tempdir().expect("temp dir");
    let code = office_with_a_conflict(dir.path());
    let office = Office { db: dir.path().join("office.db"), dir };
    let mut desk = Desk::start(&office, &["--now", "2026-11-25T09:40"], 100, 30);
    desk.wait_for("Masuk");
    desk.send("kepala");
    desk.send(ENTER);
    desk.wait_until("the name typed", |s| s.lines().any(|l| l.contains("│Petugas ") && l.contains(" kepala ")));
    desk.send(PASSWORD);
    desk.send(ENTER);
    desk.wait_for("◀ 1 ▶");
    desk.send(ENTER);
    desk.wait_for("· kepala · ");

    // F7 the floor, m the merge conflicts: both versions in words, side by side.
    desk.key(F7);
    desk.wait_for("┌ Lantai layanan");
    desk.key("m");
    let screen = desk.wait_for("┌ Konflik penggabungan — 1 terbuka");
    for what in ["Kantor mengubahnya sementara", "┌ Versi kantor", "┌ Versi laptop", "2026-11-27 10:00", "A-L1-001"]
    {
        assert!(screen.contains(what), "{what}\n{screen}");
    }
    // Take the laptop's version, with a reason.
    desk.key("l");
    desk.wait_for("┌ Selesaikan konflik");
    desk.type_slowly("dilayani di acara");
    desk.send(ENTER);
    let screen = desk.wait_for("Diselesaikan: Versi laptop dipertahankan oleh kepala: dilayani di acara");
    assert!(screen.contains("0 terbuka"), "{screen}");
    office.wait_db(&desk, "the resolution", |c| {
        c.query_row("SELECT resolution = 'laptop' AND resolved_by = 'kepala' FROM outreach_conflicts", [], |r| {
            r.get::<_, bool>(0)
        })
        .unwrap_or(false)
    });
    let (status, audited): (String, i64) = office
        .open()
        .query_row(
            "SELECT (SELECT status FROM applications WHERE booking_code = ?1),
                    (SELECT COUNT(*) FROM audit_log WHERE action = 'outreach_resolve' AND officer = 'kepala')",
            [&code],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("read back");
    assert_eq!((status.as_str(), audited), ("checked_in", 1));

    desk.key("q");
    desk.wait_for("Keluar dari loket?");
    desk.key("y");
    assert_eq!(desk.wait_exit(), 0);
    desk.assert_terminal_restored();

    // The command line reads the same resolution back.
    let mut child = Command::new(loket())
        .args(["--db", office.db.to_str().expect("path"), "--user", "kepala", "--password-stdin"])
        .args(["--now", "2026-11-25T10:00", "outreach", "conflicts"])
        .env("XDG_CONFIG_HOME", office.config_home())
        .env_remove("LOKET_DB")
        .env_remove("LOKET_NOW")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start loket");
    let _ = child.stdin.take().expect("stdin").write_all(format!("{PASSWORD}\n").as_bytes());
    let out = child.wait_with_output().expect("wait");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("resolved (laptop kept by kepala)"), "{text}");
}

/// An office with an event today (new passports and stay permits) packed for one laptop; returns the laptop.
fn laptop_for_today(dir: &std::path::Path) -> std::path::PathBuf {
    let db = dir.join("office.db");
    let mut store = Store::create(&db, &OfficeSettings::default()).expect("create");
    store.add_officer(&Actor::system(), "kepala", Role::Supervisor, PASSWORD, t("2026-11-10T08:00")).expect("account");
    let sup = store.authenticate("kepala", PASSWORD).expect("supervisor");
    let spec = EventSpec {
        name: "Eazy Paspor".into(),
        place: "SMA Negeri 1 Semarang".into(),
        first_day: d("2026-11-25"),
        last_day: d("2026-11-25"),
        opening: parse_hhmm("09:00").expect("time"),
        closing: parse_hhmm("15:00").expect("time"),
        services: vec![EventService::New, EventService::StayPermit],
        quota_per_day: 50,
    };
    store.create_event(&sup, &spec, t("2026-11-20T10:00")).expect("event");
    let laptop = dir.join("laptop.db");
    store.pack_event(&sup, 1, &laptop, t("2026-11-20T10:00")).expect("pack");
    laptop
}

#[test]
fn the_laptop_desk_registers_an_event_walk_in_and_a_stay_permit() {
    let _turn = serial();
    let dir = tempfile::tempdir().expect("temp dir");
    let laptop = laptop_for_today(dir.path());
    let on_laptop = Office { db: laptop, dir };
    let mut desk = Desk::start(&on_laptop, &["--now", "2026-11-25T09:40"], 100, 40);
    desk.wait_for("Layanan luar kantor: Eazy Paspor");
    desk.send("kepala");
    desk.send(ENTER);
    desk.wait_until("the name typed", |s| s.lines().any(|l| l.contains("│Petugas ") && l.contains(" kepala ")));
    desk.send(PASSWORD);
    desk.send(ENTER);
    desk.wait_for("◀ 1 ▶");
    desk.send(ENTER);
    desk.wait_for("· kepala · ");

    // o: the event's registration form; every field typed by a person, Enter to the next, Enter on the last.
    desk.key("o");
    desk.wait_for("┌ Pendaftaran di tempat kegiatan");
    let nik = nik::make(33, 74, 1, d("1985-03-12"), Sex::Male, 200);
    for value in [nik.as_str(), "Joko Susilo", "", "1985-03-12", "", "", "", "", "", "", ""] {
        desk.type_slowly(value);
        desk.key(ENTER);
    }
    let screen = desk.wait_for("┌ Nomor antrean");
    assert!(screen.contains("Joko Susilo") && screen.contains("A-L1-001"), "{screen}");
    desk.key(ESC);
    desk.wait_until("the ticket closed", |s| !s.contains("┌ Nomor antrean"));
    let (status, paid): (String, bool) = on_laptop
        .open()
        .query_row("SELECT status, paid_at IS NOT NULL FROM applications WHERE booking_code LIKE 'OR%'", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("the walk-in");
    assert_eq!((status.as_str(), paid), ("checked_in", true));

    // i: a stay permit on the spot, its own W ticket with the laptop's number.
    desk.key("i");
    desk.wait_for("┌ Pendaftaran izin tinggal");
    for value in ["John Smith", "PA1234567", "AUS", "", "2C11AB1234", "2026-12-31", "PT Maju Jaya"] {
        desk.type_slowly(value);
        desk.key(ENTER);
    }
    let screen = desk.wait_for("┌ Nomor antrean");
    assert!(screen.contains("W-L1-001"), "{screen}");
    desk.key(ESC);
    let screen = desk.wait_for("── Izin tinggal (W)");
    assert!(screen.lines().any(|l| l.contains("W-L1-001") && l.contains("John Smith")), "{screen}");

    desk.key("q");
    desk.wait_for("Keluar dari loket?");
    desk.key("y");
    assert_eq!(desk.wait_exit(), 0);
    desk.assert_terminal_restored();
    let integrity: String =
        on_laptop.open().query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("integrity check");
    assert_eq!(integrity, "ok");
}

//! End to end: the real binary in a real pseudo-terminal, driven by keys and read from the screen (vt100) and
//! the database (rusqlite). See `tests/pty_common` for the harness.

mod pty_common;

use pty_common::keys::*;
use pty_common::{serial, Applicant, Desk, Office, NOW};
use std::time::Duration;

/// Signs in on the sign-in form (`label`: the officer field's label in the desk's language). The name goes as
/// one burst + Enter: before sign-in the desk takes a scanner-like burst as typing. `counter` is chosen with
/// ▶ (the default is 1).
fn sign_in(desk: &mut Desk, label: &str, name: &str, password: &str, counter: Option<u32>) {
    desk.wait_for("Demo: petugas / supervisor");
    desk.send(name);
    desk.send(ENTER);
    let field = format!("│{label} ");
    desk.wait_until(&format!("{name:?} in the officer field"), |s| {
        s.lines().any(|l| l.contains(&field) && l.contains(&format!(" {name} ")))
    });
    desk.send(password);
    desk.send(ENTER);
    desk.wait_for(&"•".repeat(password.chars().count()));
    // The counter is a choice (◀▶) starting at counter 1.
    for _ in 1..counter.unwrap_or(1) {
        desk.key(RIGHT);
    }
    if let Some(n) = counter {
        desk.wait_for(&format!("◀ {n} ▶"));
    }
    desk.send(ENTER);
    desk.wait_for(&format!("· {name} · "));
}

/// Scans a booking code (one burst ended by Enter) and waits for the applicant's detail screen.
fn scan(desk: &mut Desk, a: &Applicant) {
    desk.send(&format!("{}{ENTER}", a.code));
    desk.wait_for(&format!("Dipindai: {}", a.code));
    desk.wait_for(&format!("{}  {}", a.name, a.code));
}

/// From the detail screen: opens check-in, ticks every document, confirms, and returns the queue number
/// shown on the ticket (checked against the database), then closes the ticket.
fn check_in(desk: &mut Desk, office: &Office, a: &Applicant) -> String {
    desk.key("c");
    desk.wait_for("┌ Check-in ");
    desk.wait_for("✔ Tepat waktu");
    desk.key("a");
    desk.wait_until("every document ticked", |s| s.contains("[x]") && !s.contains("[ ]"));
    desk.key(ENTER);
    desk.wait_for(&format!("Check-in {} ({})?", a.name, a.code));
    desk.key("y");
    let screen = desk.wait_for("┌ Nomor antrean ");
    let status_line = screen
        .lines()
        .find(|l| l.starts_with("Check-in berhasil"))
        .unwrap_or_else(|| panic!("no check-in message; screen:\n{screen}"));
    let on_screen = status_line.rsplit(": ").next().unwrap().trim().to_string();
    let (status, in_db): (String, Option<String>) = office
        .open()
        .query_row("SELECT status, queue_no FROM applications WHERE booking_code = ?1", [&a.code], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(status, "checked_in");
    assert_eq!(Some(on_screen.clone()), in_db, "queue number on screen vs database");
    assert!(on_screen.starts_with("A-"), "a regular applicant gets an A number: {on_screen}");
    assert!(
        screen.lines().any(|l| l.trim_matches(|c: char| c == '│' || c.is_whitespace()) == on_screen),
        "the ticket shows {on_screen}:\n{screen}"
    );
    desk.key(ESC);
    desk.wait_until("the ticket closed", |s| !s.contains("┌ Nomor antrean "));
    on_screen
}

/// On the counter screen: serves whoever this counter has (photo, interview, approve) and calls the next,
/// until `a` is at the counter. Other applicants wait ahead of ours at 09:40 (express first, then by slot).
fn serve_until(desk: &mut Desk, office: &Office, counter: u32, a: &Applicant) {
    for _ in 0..20 {
        match office.at_counter(counter) {
            Some((code, _, _)) if code == a.code => {
                desk.wait_for(&format!("{}  {}", a.name, a.code));
                return;
            }
            Some((code, photo, interview)) => {
                desk.wait_for(&code);
                if !photo {
                    desk.key("f");
                    desk.wait_for("┌ Konfirmasi ");
                    desk.key("y");
                    office.wait_db(desk, &format!("{code}'s photo"), |_| office.is_set(&code, "photo_at"));
                }
                if !interview {
                    desk.key("i");
                    desk.wait_for("┌ Konfirmasi ");
                    desk.key("y");
                    office.wait_db(desk, &format!("{code}'s interview"), |_| office.is_set(&code, "interview_at"));
                }
                desk.key("y");
                desk.wait_for("┌ Konfirmasi ");
                desk.key("y");
                office.wait_db(desk, &format!("{code} approved"), |_| office.status(&code) == "approved");
            }
            None => {
                desk.key("n");
                office.wait_db(desk, &format!("someone called to counter {counter}"), |_| {
                    office.at_counter(counter).is_some()
                });
            }
        }
    }
    panic!("{} never reached counter {counter}; screen:\n{}", a.code, desk.screen());
}

/// Quits with `q`, `y` and checks the process ended cleanly and gave the terminal back.
fn quit_and_check_terminal(desk: &mut Desk) {
    desk.key("q");
    desk.wait_for("Keluar dari loket?");
    desk.key("y");
    assert_eq!(desk.wait_exit(), 0, "exit status after q, y");
    desk.assert_terminal_restored();
}

#[test]
fn desk_opens_on_the_demo_database_and_quits() {
    let _turn = serial();
    let office = Office::demo("2026-11-25T10:30");
    let mut desk = Desk::start(&office, &["--now", "2026-11-25T10:30", "--lang", "en"], 100, 30);
    let screen = desk.wait_for("Sign in");
    assert!(screen.contains("Kantor Imigrasi"), "{screen}");
    assert!(screen.contains("2026-11-25 10:30"), "{screen}");
    assert!(desk.alternate_screen() && !desk.terminal_cooked(), "the desk runs raw on the alternate screen");
    sign_in(&mut desk, "Officer", "petugas", "demo", None);
    desk.wait_for("Queue 2026-11-25");
    desk.key("q");
    desk.wait_for("Quit loket?");
    desk.key("y");
    assert_eq!(desk.wait_exit(), 0);
    desk.assert_terminal_restored();
    assert!(office.sessions().iter().all(|(_, _, out)| *out), "quitting signs out: {:?}", office.sessions());
}

/// The whole visit of one applicant at 09:40: scan, check in, queue number, called to the counter, photo,
/// interview, approval with the ready date three working days on, and the audit trail.
#[test]
fn scan_check_in_serve_and_approve() {
    let _turn = serial();
    let office = Office::demo(NOW);
    let ours = office.pick_applicant();
    let mut desk = Desk::start(&office, &["--now", NOW], 100, 30);
    desk.wait_for("┌ Masuk ");
    sign_in(&mut desk, "Petugas", "petugas", "demo", None);
    desk.wait_for("Antrean 2026-11-25");
    let config = std::fs::read_to_string(office.config_home().join("loket/workstation.json"))
        .expect("sign-in saves the workstation config under XDG_CONFIG_HOME");
    assert!(config.contains("\"counter\": 1"), "{config}");

    scan(&mut desk, &ours);
    let queue_no = check_in(&mut desk, &office, &ours);
    desk.wait_for(&format!("menunggu  {queue_no}")); // the detail screen: status waiting, with the number

    desk.key(F4);
    desk.wait_for("┌ Loket 1 · menunggu ");
    serve_until(&mut desk, &office, 1, &ours);
    desk.key("f");
    desk.wait_for("Catat foto & sidik jari sudah diambil");
    desk.key("y");
    desk.wait_for("[x] Foto & sidik jari");
    desk.key("i");
    desk.wait_for("Catat wawancara selesai");
    desk.key("y");
    desk.wait_for("[x] Wawancara");
    desk.key("y");
    desk.wait_for(&format!("Setujui permohonan {}?", ours.name));
    desk.key("y");
    let screen = desk.wait_for("Tanggal siap 2026-11-30");
    assert!(screen.contains(&format!("Disetujui {}", ours.name)), "{screen}");

    let db = office.open();
    let (status, photo, interview, ready, counter): (String, bool, bool, Option<String>, Option<u32>) = db
        .query_row(
            "SELECT status, photo_at IS NOT NULL, interview_at IS NOT NULL, ready_date, counter_no
             FROM applications WHERE booking_code = ?1",
            [&ours.code],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(status, "approved");
    assert!(photo && interview, "photo and interview recorded");
    assert_eq!(ready.as_deref(), Some("2026-11-30"), "three working days after Wednesday 2026-11-25");
    assert_eq!(counter, Some(1));
    let mut stmt = db
        .prepare(
            "SELECT l.action, l.officer, l.detail FROM audit_log l JOIN applications a ON a.id = l.application_id
             WHERE a.booking_code = ?1 ORDER BY l.rowid",
        )
        .unwrap();
    let trail: Vec<(String, String, Option<String>)> =
        stmt.query_map([&ours.code], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect();
    let actions: Vec<&str> = trail.iter().map(|(a, _, _)| a.as_str()).collect();
    assert_eq!(actions, ["check_in", "call", "photo", "interview", "approve"], "{trail:?}");
    assert!(trail.iter().all(|(_, officer, _)| officer == "petugas"), "{trail:?}");
    assert!(trail[0].2.as_deref().is_some_and(|d| d.contains(&queue_no)), "{trail:?}");
    drop(stmt);
    drop(db);

    quit_and_check_terminal(&mut desk);
}

/// A watchlist hit: the counter shows the warning and the officer rejects with the watchlist reason.
#[test]
fn watchlist_hit_is_rejected_at_the_counter() {
    let _turn = serial();
    let office = Office::demo(NOW);
    let ours = office.pick_applicant();
    let csv = office.dir.path().join("watchlist.csv");
    std::fs::write(
        &csv,
        format!(
            "nik,full_name,birth_date,kind,reference,valid_until\n{},,,cegah,SK-IMI-2026/0042,2027-12-31\n",
            ours.nik
        ),
    )
    .unwrap();
    let out = office.supervisor_command(NOW, &["import", "watchlist", csv.to_str().unwrap()]);
    assert!(out.status.success(), "watchlist import failed: {}", String::from_utf8_lossy(&out.stderr));

    // This workstation serves counter 2.
    let mut desk = Desk::start(&office, &["--now", NOW], 100, 30);
    desk.wait_for("┌ Masuk ");
    sign_in(&mut desk, "Petugas", "petugas", "demo", Some(2));
    desk.wait_for("Antrean 2026-11-25");
    desk.wait_for("· Loket 2");
    scan(&mut desk, &ours);
    check_in(&mut desk, &office, &ours);

    desk.key(F4);
    desk.wait_for("┌ Loket 2 · menunggu ");
    serve_until(&mut desk, &office, 2, &ours);
    let screen = desk.wait_for("DAFTAR CEGAH TANGKAL");
    assert!(screen.contains("SK-IMI-2026/0042"), "the warning names the reference:\n{screen}");

    desk.key("i");
    desk.wait_for("Catat wawancara selesai");
    desk.key("y");
    desk.wait_for("[x] Wawancara");
    desk.key("x");
    let screen = desk.wait_for("┌ Tolak permohonan ");
    assert!(screen.contains("◀ daftar cegah tangkal ▶"), "the watchlist reason comes first on a hit:\n{screen}");
    desk.key(ENTER); // to the note
    let note = "cocok daftar cegah, SK-IMI-2026/0042";
    desk.send(note);
    desk.wait_for(note);
    std::thread::sleep(Duration::from_millis(150));
    desk.key(ENTER);
    office.wait_db(&desk, "the rejection", |_| office.status(&ours.code) == "rejected");
    desk.wait_until("the dialog closed", |s| !s.contains("┌ Tolak permohonan "));
    let (reason, saved_note): (Option<String>, Option<String>) = office
        .open()
        .query_row(
            "SELECT rejection_reason, rejection_note FROM applications WHERE booking_code = ?1",
            [&ours.code],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(reason.as_deref(), Some("cegah_tangkal"));
    assert_eq!(saved_note.as_deref(), Some(note));
    let config = std::fs::read_to_string(office.config_home().join("loket/workstation.json")).unwrap();
    assert!(config.contains("\"counter\": 2"), "{config}");

    quit_and_check_terminal(&mut desk);
}

/// A signal (an SSH connection dropped, a shutdown, an interrupt from outside) ends the desk cleanly: the
/// terminal is given back and the officer's counter session is signed out.
fn a_signal_restores_the_terminal_and_signs_out(sig: i32) {
    let _turn = serial();
    let office = Office::demo(NOW);
    let mut desk = Desk::start(&office, &["--now", NOW], 100, 30);
    sign_in(&mut desk, "Petugas", "petugas", "demo", Some(3));
    desk.wait_for("Antrean 2026-11-25");
    let at_3 = || office.sessions().into_iter().filter(|s| s.0 == 3).collect::<Vec<_>>();
    assert_eq!(at_3(), [(3, "petugas".to_string(), false)], "signed in at counter 3");
    assert!(desk.alternate_screen() && !desk.terminal_cooked());
    desk.signal(sig);
    assert_eq!(desk.wait_exit(), 128 + sig as u32, "the usual status after signal {sig}");
    desk.assert_terminal_restored();
    assert_eq!(at_3(), [(3, "petugas".to_string(), true)], "the counter session ended");
}

#[test]
fn sighup_restores_the_terminal_and_ends_the_counter_session() {
    a_signal_restores_the_terminal_and_signs_out(libc::SIGHUP);
}

#[test]
fn sigterm_restores_the_terminal_and_ends_the_counter_session() {
    a_signal_restores_the_terminal_and_signs_out(libc::SIGTERM);
}

#[test]
fn sigint_restores_the_terminal_and_ends_the_counter_session() {
    a_signal_restores_the_terminal_and_signs_out(libc::SIGINT);
}

/// A barcode burst into an open form, through the real terminal: the payment form stays open and empty,
/// nothing is recorded, and the status line says to close the form first; Esc closes it, then the same scan
/// opens the applicant.
#[test]
fn a_scan_into_an_open_form_is_ignored_in_a_real_terminal() {
    let _turn = serial();
    let office = Office::demo(NOW);
    let unpaid: String = office
        .open()
        .query_row(
            "SELECT booking_code FROM applications WHERE slot_date = '2026-11-25' AND status = 'booked'
             AND paid_at IS NULL ORDER BY booking_code LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("the demo day has an unpaid booking");
    let other = office.pick_applicant();
    let mut desk = Desk::start(&office, &["--now", NOW], 100, 30);
    sign_in(&mut desk, "Petugas", "petugas", "demo", Some(4));
    desk.send(&format!("{unpaid}{ENTER}"));
    desk.wait_for(&format!("Dipindai: {unpaid}"));
    desk.key("$");
    desk.wait_for("┌ Pembayaran ");
    desk.send(&format!("{}{ENTER}", other.code));
    let screen = desk.wait_for(&format!("Kode {} dari pemindai diabaikan", other.code));
    assert!(screen.contains("┌ Pembayaran "), "the form is still open:\n{screen}");
    assert!(!screen.contains(&format!("NTPN (16 karakter) {}", other.code)), "the code was taken back:\n{screen}");
    assert!(!office.is_set(&unpaid, "paid_at"), "nothing recorded");
    desk.key(ESC);
    desk.wait_until("the form closed", |s| !s.contains("┌ Pembayaran "));
    desk.send(&format!("{}{ENTER}", other.code));
    desk.wait_for(&format!("{}  {}", other.name, other.code));
    quit_and_check_terminal(&mut desk);
}

/// A write that finds another workstation writing waits, says so on the screen while it waits, and goes
/// through once the other write ends (instead of failing after a few seconds).
#[test]
fn a_write_waiting_for_another_workstation_says_so_then_goes_through() {
    let _turn = serial();
    let office = Office::demo(NOW);
    let ours = office.pick_applicant();
    let mut desk = Desk::start(&office, &["--now", NOW], 100, 30);
    desk.wait_for("┌ Masuk ");
    sign_in(&mut desk, "Petugas", "petugas", "demo", None);
    desk.wait_for("Antrean 2026-11-25");
    scan(&mut desk, &ours);
    desk.key("c");
    desk.wait_for("┌ Check-in ");
    desk.wait_for("✔ Tepat waktu");
    desk.key("a");
    desk.wait_until("every document ticked", |s| s.contains("[x]") && !s.contains("[ ]"));
    desk.key(ENTER);
    desk.wait_for(&format!("Check-in {} ({})?", ours.name, ours.code));

    // Another workstation holds the write lock.
    let other = office.open();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    desk.key("y");
    desk.wait_for("Menunggu workstation lain selesai menyimpan");
    assert_eq!(office.status(&ours.code), "booked", "nothing written while waiting");
    other.execute_batch("COMMIT").unwrap();
    desk.wait_for("┌ Nomor antrean ");
    assert_eq!(office.status(&ours.code), "checked_in");
    desk.key(ESC);
    desk.wait_until("the ticket closed", |s| !s.contains("┌ Nomor antrean "));
    quit_and_check_terminal(&mut desk);
}

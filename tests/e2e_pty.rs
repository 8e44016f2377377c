//! End to end: the real binary in a real pseudo-terminal, driven by keys and read from the screen (vt100) and
//! the database (rusqlite). See `tests/pty_common` for the harness.

mod pty_common;

use pty_common::keys::*;
use pty_common::{loket, serial, Applicant, Desk, Office, NOW, PATIENCE};
use std::time::{Duration, Instant};

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

/// A terminal that goes away (the SSH connection or the terminal window closed, so the kernel hangs the
/// terminal up and sends SIGHUP) ends the desk and its counter session. Reading a hung-up terminal never
/// returns to the desk's loop (crossterm 0.29 retries end-of-file endlessly), so the desk's watchdog does it.
/// The terminal here is opened by hand so that closing its one master descriptor really hangs it up.
#[test]
fn a_terminal_that_goes_away_ends_the_desk_and_its_counter_session() {
    use std::os::fd::{FromRawFd, OwnedFd};
    use std::os::unix::process::CommandExt;
    let _turn = serial();
    let office = Office::demo(NOW);
    let (mut master, mut slave) = (0, 0);
    let size = libc::winsize { ws_row: 30, ws_col: 100, ws_xpixel: 0, ws_ypixel: 0 };
    // SAFETY: openpty fills two new descriptors, which this test then owns.
    let rc = unsafe { libc::openpty(&mut master, &mut slave, std::ptr::null_mut(), std::ptr::null(), &size) };
    assert_eq!(rc, 0, "openpty");
    // SAFETY: fcntl on our own master descriptor: reads must not block (this test drains it between keys).
    // Nor may the child inherit it (then closing ours would not hang the terminal up).
    unsafe {
        libc::fcntl(master, libc::F_SETFL, libc::fcntl(master, libc::F_GETFL) | libc::O_NONBLOCK);
        libc::fcntl(master, libc::F_SETFD, libc::FD_CLOEXEC);
    }
    // SAFETY: the slave descriptor is ours; it goes to the child as its terminal and is closed here.
    let slave = unsafe { OwnedFd::from_raw_fd(slave) };
    let mut cmd = std::process::Command::new(loket());
    cmd.args(["--db", office.db.to_str().expect("path"), "--now", NOW])
        .env("XDG_CONFIG_HOME", office.config_home())
        .env("XDG_DATA_HOME", office.dir.path().join("data"))
        .env("TERM", "xterm-256color")
        .env_remove("LOKET_DB")
        .env_remove("LOKET_NOW")
        .env_remove("LOKET_LANG")
        .current_dir(office.dir.path())
        .stdin(std::process::Stdio::from(slave.try_clone().expect("dup")))
        .stdout(std::process::Stdio::from(slave.try_clone().expect("dup")))
        .stderr(std::process::Stdio::from(slave));
    // SAFETY: only async-signal-safe calls between fork and exec: a session of its own, with this terminal as
    // its controlling terminal (as sshd gives a login shell).
    unsafe {
        cmd.pre_exec(|| {
            if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = cmd.spawn().expect("spawn loket");
    drop(cmd); // the parent's copies of the slave
    let drain = || {
        let mut buf = [0u8; 8192];
        // SAFETY: read into our buffer from our non-blocking master descriptor.
        while unsafe { libc::read(master, buf.as_mut_ptr().cast(), buf.len()) } > 0 {}
    };
    let keys = |text: &str| {
        drain();
        // SAFETY: write our bytes to our master descriptor.
        let n = unsafe { libc::write(master, text.as_ptr().cast(), text.len()) };
        assert_eq!(n, text.len() as isize, "keys written");
        for _ in 0..10 {
            drain();
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    std::thread::sleep(Duration::from_millis(500));
    keys("petugas");
    keys(ENTER);
    keys("demo");
    keys(ENTER);
    keys(RIGHT);
    keys(RIGHT);
    keys(ENTER);
    let at_3 = || office.sessions().into_iter().filter(|s| s.0 == 3).collect::<Vec<_>>();
    let start = Instant::now();
    while at_3() != [(3, "petugas".to_string(), false)] {
        assert!(start.elapsed() < PATIENCE, "never signed in at counter 3: {:?}", office.sessions());
        drain();
        std::thread::sleep(Duration::from_millis(100));
    }
    // The terminal goes away.
    // SAFETY: closing our own master descriptor, the only one: the kernel hangs the terminal up.
    unsafe { libc::close(master) };
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for loket") {
            break status;
        }
        if start.elapsed() > PATIENCE {
            let pid = child.id();
            let mut dbg = String::new();
            for t in std::fs::read_dir(format!("/proc/{pid}/task")).into_iter().flatten().flatten() {
                let p = t.path();
                dbg.push_str(&std::fs::read_to_string(p.join("stat")).unwrap_or_default());
                dbg.push_str(&std::fs::read_to_string(p.join("wchan")).unwrap_or_default());
                dbg.push('\n');
            }
            dbg.push_str(&std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default());
            let _ = child.kill();
            panic!("loket kept running after its terminal went away:\n{dbg}");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(!status.success(), "{status:?}");
    assert_eq!(at_3(), [(3, "petugas".to_string(), true)], "the counter session ended");
}

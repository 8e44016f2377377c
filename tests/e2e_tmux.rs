//! End to end: the real binary in a real terminal (tmux), driven by keys and read from the screen and the
//! database.
//!
//! Every test gets its own tmux server (`-L`, killed on drop), its own temp dir with the database and a
//! private `XDG_CONFIG_HOME` (sign-in saves the per-workstation config there, never in the real home), and a
//! pinned clock (`--now`). The desk runs inside a small shell wrapper that, once loket exits, prints its exit
//! status and whether the terminal is back in cooked mode, so a test can check that quitting restored the
//! terminal. The tests take turns (one lock): they read timing-sensitive keyboard bursts and the CI machine
//! is small.

use rusqlite::{Connection, OptionalExtension};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long to wait for anything to show up on the screen or in the database.
const PATIENCE: Duration = Duration::from_secs(20);

/// The demo day: Wednesday 2026-11-25; at 09:40 the 10:00 slot may still check in (15 minutes' lead).
const DAY: &str = "2026-11-25";
const NOW: &str = "2026-11-25T09:40";

/// The e2e tests run one at a time.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A tmux server of our own (its own socket), killed when the test ends.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(cmd: &str, width: u16, height: u16) -> Tmux {
        let socket = format!("loket-e2e-{}-{}", std::process::id(), rand_suffix());
        let t = Tmux { socket };
        let ok = t
            .cmd(&["new-session", "-d", "-s", "e2e", "-x", &width.to_string(), "-y", &height.to_string(), cmd])
            .status
            .success();
        assert!(ok, "tmux could not start (is tmux installed? .ci/run installs it)");
        t
    }

    /// Runs a tmux command on our server; `-f /dev/null` keeps any personal tmux.conf out of the test.
    fn cmd(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux").args(["-L", &self.socket, "-f", "/dev/null"]).args(args).output().expect("run tmux")
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.cmd(&["capture-pane", "-p", "-t", "e2e"]).stdout).into()
    }

    /// Sends keys (tmux key names or literal strings). One call is one burst, as a scanner would type it.
    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "e2e"];
        args.extend_from_slice(keys);
        assert!(self.cmd(&args).status.success(), "send-keys {keys:?}");
    }

    /// One key, then a pause, so the desk sees a person typing rather than a scanner burst.
    fn key(&self, key: &str) {
        self.keys(&[key]);
        std::thread::sleep(Duration::from_millis(150));
    }

    /// Waits until the screen contains `text` (the app draws asynchronously).
    fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?} on screen"), |s| s.contains(text))
    }

    /// Waits until `ok(screen)` holds; fails with the screen.
    fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if ok(&s) {
                return s;
            }
            assert!(start.elapsed() < PATIENCE, "never saw {what}; screen:\n{s}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// A tmux format of the pane, e.g. `#{alternate_on}`.
    fn display(&self, format: &str) -> String {
        String::from_utf8_lossy(&self.cmd(&["display-message", "-p", "-t", "e2e", format]).stdout).trim().to_string()
    }

    fn alive(&self) -> bool {
        self.cmd(&["has-session", "-t", "e2e"]).status.success()
    }

    fn wait_gone(&self) -> bool {
        let start = Instant::now();
        while self.alive() && start.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(100));
        }
        !self.alive()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]);
    }
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos())
}

fn loket() -> &'static str {
    env!("CARGO_BIN_EXE_loket")
}

/// Single-quotes a word for the shell tmux runs the pane command with.
fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// A test's private place: the database and the workstation config dir.
struct Office {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl Office {
    /// A demo office at `now`, 80 applications on the demo day.
    fn demo(now: &str) -> Office {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("demo.db");
        let out = Command::new(loket())
            .args(["--db", db.to_str().unwrap(), "--now", now, "demo", "--no-tui", "--per-day", "80"])
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .output()
            .expect("run demo");
        assert!(out.status.success(), "demo failed: {}", String::from_utf8_lossy(&out.stderr));
        Office { dir, db }
    }

    fn config_home(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    /// The shell command for a tmux pane: loket with `args` and the private config dir, inside a wrapper that
    /// reports how loket ended and waits for Enter before closing the pane.
    fn desk_command(&self, args: &[&str]) -> String {
        let wrapper = self.dir.path().join("desk.sh");
        std::fs::write(
            &wrapper,
            "\"$@\"\n\
             status=$?\n\
             if stty -a | grep -q -- -icanon; then tty=raw; else tty=cooked; fi\n\
             echo \"[loket exited: status $status, terminal $tty]\"\n\
             read _line\n",
        )
        .unwrap();
        let mut words = vec![
            "sh".to_string(),
            sh_quote(wrapper.to_str().unwrap()),
            "env".into(),
            sh_quote(&format!("XDG_CONFIG_HOME={}", self.config_home().display())),
            sh_quote(loket()),
            "--db".into(),
            sh_quote(self.db.to_str().unwrap()),
        ];
        words.extend(args.iter().map(|a| sh_quote(a)));
        words.join(" ")
    }

    fn open(&self) -> Connection {
        let c = Connection::open(&self.db).expect("open the demo database");
        c.busy_timeout(Duration::from_secs(5)).unwrap();
        c
    }

    /// Waits until `ok` holds on the database (the desk writes asynchronously to our keys).
    fn wait_db(&self, tmux: &Tmux, what: &str, ok: impl Fn(&Connection) -> bool) {
        let start = Instant::now();
        loop {
            if ok(&self.open()) {
                return;
            }
            assert!(start.elapsed() < PATIENCE, "the database never showed {what}; screen:\n{}", tmux.screen());
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn status(&self, code: &str) -> String {
        self.open().query_row("SELECT status FROM applications WHERE booking_code = ?1", [code], |r| r.get(0)).unwrap()
    }

    /// Whether `column` (a fixed column name) of the application is set.
    fn is_set(&self, code: &str, column: &str) -> bool {
        let sql = format!("SELECT {column} IS NOT NULL FROM applications WHERE booking_code = ?1");
        self.open().query_row(&sql, [code], |r| r.get(0)).unwrap()
    }

    /// A booked, paid, regular first-time (`baru`) applicant of a slot at 10:00 or later on the demo day, with
    /// no priority and no group: on time at 09:40, the simplest documents, and the regular ready date.
    fn pick_applicant(&self) -> Applicant {
        self.open()
            .query_row(
                "SELECT a.booking_code, p.nik, p.full_name FROM applications a JOIN applicants p ON p.id = a.applicant_id
                 WHERE a.slot_date = ?1 AND a.slot_start >= '10:00' AND a.status = 'booked' AND a.paid_at IS NOT NULL
                   AND a.application_type = 'baru' AND a.service = 'reguler' AND a.priority_reason IS NULL
                   AND a.group_code IS NULL AND p.nik IS NOT NULL
                 ORDER BY a.slot_start, a.booking_code LIMIT 1",
                [DAY],
                |r| Ok(Applicant { code: r.get(0)?, nik: r.get(1)?, name: r.get(2)? }),
            )
            .expect("the demo day has a booked, paid, regular 'baru' applicant at 10:00 or later")
    }

    /// Who is at `counter` on the demo day: (booking code, photo taken, interviewed).
    fn at_counter(&self, counter: u32) -> Option<(String, bool, bool)> {
        self.open()
            .query_row(
                "SELECT booking_code, photo_at IS NOT NULL, interview_at IS NOT NULL FROM applications
                 WHERE slot_date = ?1 AND status = 'at_counter' AND counter_no = ?2",
                rusqlite::params![DAY, counter],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .unwrap()
    }
}

#[derive(Debug)]
struct Applicant {
    code: String,
    nik: String,
    name: String,
}

/// Signs in on the sign-in form (`label`: the officer field's label in the desk's language). The name goes as
/// one burst + Enter: before sign-in the desk replays a scanner-like burst as typing. `counter` replaces the
/// counter field's value (the default is 1).
fn sign_in(tmux: &Tmux, label: &str, name: &str, password: &str, counter: Option<u32>) {
    tmux.wait_for("Demo: petugas / supervisor");
    tmux.keys(&[name, "Enter"]);
    let field = format!("│{label} ");
    tmux.wait_until(&format!("{name:?} in the officer field"), |s| {
        s.lines().any(|l| l.contains(&field) && l.contains(&format!(" {name} ")))
    });
    tmux.keys(&[password, "Enter"]);
    tmux.wait_for(&"•".repeat(password.chars().count()));
    if let Some(n) = counter {
        tmux.key("BSpace");
        tmux.key(&n.to_string());
    }
    tmux.keys(&["Enter"]);
    tmux.wait_for(&format!("· {name} · "));
}

/// Scans a booking code (one burst ended by Enter) and waits for the applicant's detail screen.
fn scan(tmux: &Tmux, a: &Applicant) {
    tmux.keys(&[&a.code, "Enter"]);
    tmux.wait_for(&format!("Dipindai: {}", a.code));
    tmux.wait_for(&format!("{}  {}", a.name, a.code));
}

/// From the detail screen: opens check-in, ticks every document, confirms, and returns the queue number
/// shown on the ticket (checked against the database), then closes the ticket.
fn check_in(tmux: &Tmux, office: &Office, a: &Applicant) -> String {
    tmux.key("c");
    tmux.wait_for("┌ Check-in ");
    tmux.wait_for("✔ Tepat waktu");
    tmux.key("a");
    tmux.wait_until("every document ticked", |s| s.contains("[x]") && !s.contains("[ ]"));
    tmux.key("Enter");
    tmux.wait_for(&format!("Check-in {} ({})?", a.name, a.code));
    tmux.key("y");
    let screen = tmux.wait_for("┌ Nomor antrean ");
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
    tmux.key("Escape");
    tmux.wait_until("the ticket closed", |s| !s.contains("┌ Nomor antrean "));
    on_screen
}

/// On the counter screen: serves whoever this counter has (photo, interview, approve) and calls the next,
/// until `a` is at the counter. Other applicants wait ahead of ours at 09:40 (express first, then by slot).
fn serve_until(tmux: &Tmux, office: &Office, counter: u32, a: &Applicant) {
    for _ in 0..20 {
        match office.at_counter(counter) {
            Some((code, _, _)) if code == a.code => {
                tmux.wait_for(&format!("{}  {}", a.name, a.code));
                return;
            }
            Some((code, photo, interview)) => {
                tmux.wait_for(&code);
                if !photo {
                    tmux.key("f");
                    tmux.wait_for("┌ Konfirmasi ");
                    tmux.key("y");
                    office.wait_db(tmux, &format!("{code}'s photo"), |_| office.is_set(&code, "photo_at"));
                }
                if !interview {
                    tmux.key("i");
                    tmux.wait_for("┌ Konfirmasi ");
                    tmux.key("y");
                    office.wait_db(tmux, &format!("{code}'s interview"), |_| office.is_set(&code, "interview_at"));
                }
                tmux.key("y");
                tmux.wait_for("┌ Konfirmasi ");
                tmux.key("y");
                office.wait_db(tmux, &format!("{code} approved"), |_| office.status(&code) == "approved");
            }
            None => {
                tmux.key("n");
                office.wait_db(tmux, &format!("someone called to counter {counter}"), |_| {
                    office.at_counter(counter).is_some()
                });
            }
        }
    }
    panic!("{} never reached counter {counter}; screen:\n{}", a.code, tmux.screen());
}

/// Quits with `q`, `y` and checks the process ended cleanly and gave the terminal back; then closes the pane.
fn quit_and_check_terminal(tmux: &Tmux) {
    tmux.key("q");
    tmux.wait_for("Keluar dari loket?");
    tmux.key("y");
    let screen = tmux.wait_for("[loket exited:");
    assert!(screen.contains("[loket exited: status 0, terminal cooked]"), "{screen}");
    assert!(!screen.contains("panicked"), "{screen}");
    assert!(!screen.contains("loket · Kantor"), "the desk's screen is gone (alternate screen left):\n{screen}");
    assert_eq!(tmux.display("#{alternate_on}"), "0", "alternate screen still on");
    assert_eq!(tmux.display("#{cursor_flag}"), "1", "cursor hidden");
    tmux.keys(&["Enter"]);
    assert!(tmux.wait_gone(), "the tmux session did not end");
}

#[test]
fn desk_opens_on_the_demo_database_and_quits() {
    let _turn = serial();
    let office = Office::demo("2026-11-25T10:30");
    let tmux = Tmux::start(&office.desk_command(&["--now", "2026-11-25T10:30", "--lang", "en"]), 100, 30);
    let screen = tmux.wait_for("Sign in");
    assert!(screen.contains("Kantor Imigrasi"), "{screen}");
    assert!(screen.contains("2026-11-25 10:30"), "{screen}");
    sign_in(&tmux, "Officer", "petugas", "demo", None);
    tmux.wait_for("Queue 2026-11-25");
    tmux.key("q");
    tmux.wait_for("Quit loket?");
    tmux.key("y");
    let screen = tmux.wait_for("[loket exited:");
    assert!(screen.contains("status 0, terminal cooked"), "{screen}");
    tmux.keys(&["Enter"]);
    assert!(tmux.wait_gone(), "loket did not quit on q, y");
}

/// The whole visit of one applicant at 09:40: scan, check in, queue number, called to the counter, photo,
/// interview, approval with the ready date three working days on, and the audit trail.
#[test]
fn scan_check_in_serve_and_approve() {
    let _turn = serial();
    let office = Office::demo(NOW);
    let ours = office.pick_applicant();
    let tmux = Tmux::start(&office.desk_command(&["--now", NOW]), 100, 30);
    tmux.wait_for("┌ Masuk ");
    sign_in(&tmux, "Petugas", "petugas", "demo", None);
    tmux.wait_for("Antrean 2026-11-25");
    let config = std::fs::read_to_string(office.config_home().join("loket/workstation.json"))
        .expect("sign-in saves the workstation config under XDG_CONFIG_HOME");
    assert!(config.contains("\"counter\": 1"), "{config}");

    scan(&tmux, &ours);
    let queue_no = check_in(&tmux, &office, &ours);
    tmux.wait_for(&format!("menunggu  {queue_no}")); // the detail screen: status waiting, with the number

    tmux.key("F4");
    tmux.wait_for("┌ Loket 1 · menunggu ");
    serve_until(&tmux, &office, 1, &ours);
    tmux.key("f");
    tmux.wait_for("Catat foto & sidik jari sudah diambil");
    tmux.key("y");
    tmux.wait_for("[x] Foto & sidik jari");
    tmux.key("i");
    tmux.wait_for("Catat wawancara selesai");
    tmux.key("y");
    tmux.wait_for("[x] Wawancara");
    tmux.key("y");
    tmux.wait_for(&format!("Setujui permohonan {}?", ours.name));
    tmux.key("y");
    let screen = tmux.wait_for("Tanggal siap 2026-11-30");
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

    quit_and_check_terminal(&tmux);
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
    let mut import = Command::new(loket())
        .args(["--db", office.db.to_str().unwrap(), "--now", NOW, "--user", "supervisor", "--password-stdin"])
        .args(["import", "watchlist", csv.to_str().unwrap()])
        .env("XDG_CONFIG_HOME", office.config_home())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        import.stdin.take().unwrap().write_all(b"demo\n").unwrap();
    }
    let out = import.wait_with_output().unwrap();
    assert!(out.status.success(), "watchlist import failed: {}", String::from_utf8_lossy(&out.stderr));

    // This workstation serves counter 2 (typed over the default on the sign-in form).
    let tmux = Tmux::start(&office.desk_command(&["--now", NOW]), 100, 30);
    tmux.wait_for("┌ Masuk ");
    sign_in(&tmux, "Petugas", "petugas", "demo", Some(2));
    tmux.wait_for("Antrean 2026-11-25");
    tmux.wait_for("· Loket 2");
    scan(&tmux, &ours);
    check_in(&tmux, &office, &ours);

    tmux.key("F4");
    tmux.wait_for("┌ Loket 2 · menunggu ");
    serve_until(&tmux, &office, 2, &ours);
    let screen = tmux.wait_for("DAFTAR CEGAH TANGKAL");
    assert!(screen.contains("SK-IMI-2026/0042"), "the warning names the reference:\n{screen}");

    tmux.key("i");
    tmux.wait_for("Catat wawancara selesai");
    tmux.key("y");
    tmux.wait_for("[x] Wawancara");
    tmux.key("x");
    let screen = tmux.wait_for("┌ Tolak permohonan ");
    assert!(screen.contains("◀ cegah_tangkal ▶"), "the watchlist reason comes first on a hit:\n{screen}");
    tmux.key("Enter"); // to the note
    let note = "cocok daftar cegah, SK-IMI-2026/0042";
    tmux.keys(&[note]);
    tmux.wait_for(note);
    std::thread::sleep(Duration::from_millis(150));
    tmux.key("Enter");
    office.wait_db(&tmux, "the rejection", |_| office.status(&ours.code) == "rejected");
    tmux.wait_until("the dialog closed", |s| !s.contains("┌ Tolak permohonan "));
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

    quit_and_check_terminal(&tmux);
}

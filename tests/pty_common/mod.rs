//! The real `loket` binary in a real pseudo-terminal, for the end-to-end tests (`tests/e2e_pty.rs`): spawned
//! with `portable-pty`, its output read into a `vt100` screen, keys written as a terminal sends them, and the
//! database read with rusqlite. Nothing but cargo is needed.
//!
//! Every test gets its own temp dir with the database and a private `XDG_CONFIG_HOME` (sign-in saves the
//! per-workstation config there, never in the real home), and a pinned clock (`--now`). The tests take turns
//! (one lock): they send timing-sensitive keyboard bursts and the CI machine is small.
#![allow(dead_code)]

use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize, SlavePty};
use rusqlite::{Connection, OptionalExtension};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long to wait for anything to show up on the screen or in the database.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// The demo day: Wednesday 2026-11-25; at 09:40 the 10:00 slot may still check in (15 minutes' lead).
pub const DAY: &str = "2026-11-25";
pub const NOW: &str = "2026-11-25T09:40";

/// The e2e tests run one at a time.
static SERIAL: Mutex<()> = Mutex::new(());

pub fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub fn loket() -> &'static str {
    env!("CARGO_BIN_EXE_loket")
}

/// Keys as a terminal (xterm) sends them.
pub mod keys {
    pub const ENTER: &str = "\r";
    pub const ESC: &str = "\x1b";
    pub const BACKSPACE: &str = "\x7f";
    pub const TAB: &str = "\t";
    pub const RIGHT: &str = "\x1b[C";
    pub const LEFT: &str = "\x1b[D";
    pub const F2: &str = "\x1bOQ";
    pub const F3: &str = "\x1bOR";
    pub const F4: &str = "\x1bOS";
    pub const F5: &str = "\x1b[15~";
    pub const F6: &str = "\x1b[17~";
    pub const F7: &str = "\x1b[18~";
    pub const F8: &str = "\x1b[19~";
    pub const F9: &str = "\x1b[20~";
    pub const F10: &str = "\x1b[21~";
}

/// The desk running in a pseudo-terminal of its own; killed on drop if still running.
pub struct Desk {
    master: Box<dyn MasterPty + Send>,
    /// Kept open so the terminal's settings can still be read after loket exits.
    _slave: Box<dyn SlavePty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    parser: Arc<Mutex<vt100::Parser>>,
}

impl Desk {
    /// Starts `loket --db DB args…` in a `width`×`height` terminal with the office's private config dir.
    pub fn start(office: &Office, args: &[&str], width: u16, height: u16) -> Desk {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize { rows: height, cols: width, pixel_width: 0, pixel_height: 0 })
            .expect("open a pseudo-terminal");
        let mut cmd = CommandBuilder::new(loket());
        cmd.args(["--db", office.db.to_str().unwrap()]);
        cmd.args(args);
        cmd.env("XDG_CONFIG_HOME", office.config_home());
        // Receipts saved after approval go to the data dir: keep them in the test's own place too.
        cmd.env("XDG_DATA_HOME", office.dir.path().join("data"));
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("LOKET_DB");
        cmd.env_remove("LOKET_NOW");
        cmd.env_remove("LOKET_LANG");
        cmd.cwd(office.dir.path());
        let child = pair.slave.spawn_command(cmd).expect("spawn loket in the pseudo-terminal");
        let rows = std::num::NonZeroU16::new(height).unwrap();
        let cols = std::num::NonZeroU16::new(width).unwrap();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let mut reader = pair.master.try_clone_reader().expect("read the pseudo-terminal");
        let sink = Arc::clone(&parser);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n @ 1..) = reader.read(&mut buf) {
                sink.lock().unwrap_or_else(|p| p.into_inner()).process(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().expect("write to the pseudo-terminal");
        Desk { master: pair.master, _slave: pair.slave, writer, child, parser }
    }

    /// The screen as text, one line per row.
    pub fn screen(&self) -> String {
        self.parser.lock().unwrap_or_else(|p| p.into_inner()).screen().contents()
    }

    /// Whether the application has the alternate screen / a hidden cursor (as the terminal sees it).
    pub fn alternate_screen(&self) -> bool {
        self.parser.lock().unwrap_or_else(|p| p.into_inner()).screen().alternate_screen()
    }

    pub fn cursor_hidden(&self) -> bool {
        self.parser.lock().unwrap_or_else(|p| p.into_inner()).screen().hide_cursor()
    }

    /// Sends bytes at once: one call is one burst, as a scanner would type it.
    pub fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).expect("write keys");
        self.writer.flush().expect("flush keys");
    }

    /// One key, then a pause, so the desk sees a person typing rather than a scanner burst.
    pub fn key(&mut self, key: &str) {
        self.send(key);
        std::thread::sleep(Duration::from_millis(150));
    }

    /// Types text the way a person does, key by key.
    pub fn type_slowly(&mut self, text: &str) {
        for c in text.chars() {
            self.key(&c.to_string());
        }
    }

    /// Waits until the screen contains `text` (the app draws asynchronously).
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?} on screen"), |s| s.contains(text))
    }

    /// Waits until `ok(screen)` holds; fails with the screen.
    pub fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if ok(&s) {
                return s;
            }
            assert!(start.elapsed() < PATIENCE, "never saw {what}; screen:\n{s}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn pid(&self) -> i32 {
        self.child.process_id().expect("loket's process id") as i32
    }

    /// Sends a Unix signal to loket.
    pub fn signal(&self, sig: i32) {
        // SAFETY: kill(2) with the pid of our own child process.
        let rc = unsafe { libc::kill(self.pid(), sig) };
        assert_eq!(rc, 0, "kill({}, {sig})", self.pid());
    }

    /// Waits for loket to exit and returns its exit code.
    pub fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("wait for loket") {
                // Let the reader take in the last bytes written before the exit.
                std::thread::sleep(Duration::from_millis(200));
                return status.exit_code();
            }
            assert!(start.elapsed() < PATIENCE, "loket did not exit; screen:\n{}", self.screen());
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Whether the terminal is in cooked mode (canonical input and echo on), as a shell expects it.
    pub fn terminal_cooked(&self) -> bool {
        let fd = self.master.as_raw_fd().expect("the pseudo-terminal's descriptor");
        // SAFETY: tcgetattr fills a zeroed termios from an open descriptor of ours.
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        let rc = unsafe { libc::tcgetattr(fd, &mut t) };
        assert_eq!(rc, 0, "tcgetattr on the pseudo-terminal");
        t.c_lflag & libc::ICANON != 0 && t.c_lflag & libc::ECHO != 0
    }

    /// After loket exited: the terminal is given back as it was (cooked mode, main screen, cursor shown), and
    /// nothing panicked.
    pub fn assert_terminal_restored(&self) {
        let screen = self.screen();
        assert!(self.terminal_cooked(), "the terminal is still in raw mode");
        assert!(!self.alternate_screen(), "alternate screen still on:\n{screen}");
        assert!(!self.cursor_hidden(), "cursor still hidden");
        assert!(!screen.contains("panicked"), "{screen}");
        assert!(!screen.contains("loket · Kantor"), "the desk's screen is gone:\n{screen}");
    }
}

impl Drop for Desk {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A test's private place: the database and the workstation config dir.
pub struct Office {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl Office {
    /// A demo office at `now`, 80 applications on the demo day.
    pub fn demo(now: &str) -> Office {
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

    pub fn config_home(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    pub fn open(&self) -> Connection {
        let c = Connection::open(&self.db).expect("open the demo database");
        c.busy_timeout(Duration::from_secs(5)).unwrap();
        c
    }

    /// Runs a loket command as the demo supervisor (password on stdin).
    pub fn supervisor_command(&self, now: &str, args: &[&str]) -> std::process::Output {
        let mut child = Command::new(loket())
            .args(["--db", self.db.to_str().unwrap(), "--now", now, "--user", "supervisor", "--password-stdin"])
            .args(args)
            .env("XDG_CONFIG_HOME", self.config_home())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(b"demo\n").unwrap();
        child.wait_with_output().unwrap()
    }

    /// Waits until `ok` holds on the database (the desk writes asynchronously to our keys).
    pub fn wait_db(&self, desk: &Desk, what: &str, ok: impl Fn(&Connection) -> bool) {
        let start = Instant::now();
        loop {
            if ok(&self.open()) {
                return;
            }
            assert!(start.elapsed() < PATIENCE, "the database never showed {what}; screen:\n{}", desk.screen());
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn status(&self, code: &str) -> String {
        self.open().query_row("SELECT status FROM applications WHERE booking_code = ?1", [code], |r| r.get(0)).unwrap()
    }

    /// Whether `column` (a fixed column name) of the application is set.
    pub fn is_set(&self, code: &str, column: &str) -> bool {
        let sql = format!("SELECT {column} IS NOT NULL FROM applications WHERE booking_code = ?1");
        self.open().query_row(&sql, [code], |r| r.get(0)).unwrap()
    }

    /// Counter sessions: (counter, officer, signed out).
    pub fn sessions(&self) -> Vec<(u32, String, bool)> {
        let c = self.open();
        let mut stmt = c
            .prepare("SELECT counter_no, officer, signed_out_at IS NOT NULL FROM counter_sessions ORDER BY rowid")
            .unwrap();
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap();
        rows.map(Result::unwrap).collect()
    }

    /// A booked, paid, regular first-time (`baru`) applicant of a slot at 10:00 or later on the demo day, with
    /// no priority and no group: on time at 09:40, the simplest documents, and the regular ready date.
    pub fn pick_applicant(&self) -> Applicant {
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
    pub fn at_counter(&self, counter: u32) -> Option<(String, bool, bool)> {
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
pub struct Applicant {
    pub code: String,
    pub nik: String,
    pub name: String,
}

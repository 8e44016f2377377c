//! F8 (the report screen) while another desk commits once a second (issue 11): the release desk runs in a real
//! pseudo-terminal on a copy of the year fixture, a supervisor signs in without a counter and opens F8, and this
//! process, as another workstation with its own connection, checks an applicant in once a second. The desk's CPU
//! time is read from `/proc/<pid>/stat` over the window; then, with the commits still running, the latency of
//! moving a day (`]` then `[`: a rebuild and a frame) is timed from the key to the screen showing the new day.
//!
//! Three runs: the year with commits (the target: under 5 % CPU), the year without commits (what the open screen
//! costs by itself), the 1-day fixture with commits. The screen must show the new check-ins before the end (the
//! report is refreshed, not frozen).
//!
//!     cargo bench --bench f8_cpu                       # 30 s windows
//!     LOKET_F8_SECONDS=60 cargo bench --bench f8_cpu   # longer windows
//!
//! Fixtures are those of `benches/history.rs` (`target/bench-fixtures/`, built by `cargo bench --bench history`;
//! `LOKET_BENCH_DAYS` / `LOKET_BENCH_PER_DAY` as there); an older schema's fixture is copied and migrated first.
//! Linux only (`/proc`).

use chrono::{DateTime, NaiveDate, Utc};
use loket::store::{Store, CURRENT_VERSION};
use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const DAY: &str = "2026-11-25";
const NOW: &str = "2026-11-25T09:40";
const F8: &str = "\x1b[19~";
const LEFT: &str = "\x1b[D";
const PATIENCE: Duration = Duration::from_secs(60);

fn env_u32(name: &str, default: u32) -> u32 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn fixture_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("bench-fixtures")
}

/// The newest cached fixture of `days` × `per_day` whose schema this binary can migrate.
fn fixture(days: u32, per_day: u32) -> Option<PathBuf> {
    (1..=CURRENT_VERSION)
        .rev()
        .map(|v| fixture_dir().join(format!("loket-v{v}-{days}x{per_day}-s1.db")))
        .find(|p| p.exists())
}

/// The desk in a pseudo-terminal, its screen parsed by vt100; killed on drop.
struct Desk {
    _master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    parser: Arc<Mutex<vt100::Parser>>,
}

impl Desk {
    fn start(db: &Path, dir: &Path) -> Desk {
        let (rows, cols) = (48, 160);
        let pair = native_pty_system()
            .openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 })
            .expect("open a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_loket"));
        cmd.args(["--db", db.to_str().expect("utf-8 path"), "--now", NOW, "--lang", "en"]);
        cmd.env("XDG_CONFIG_HOME", dir.join("config"));
        cmd.env("XDG_DATA_HOME", dir.join("data"));
        cmd.env("TERM", "xterm-256color");
        for var in ["LOKET_DB", "LOKET_NOW", "LOKET_LANG", "LOKET_USER"] {
            cmd.env_remove(var);
        }
        cmd.cwd(dir);
        let child = pair.slave.spawn_command(cmd).expect("spawn loket");
        let size = |n: u16| std::num::NonZeroU16::new(n).expect("non-zero");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(size(rows), size(cols), 0)));
        let mut reader = pair.master.try_clone_reader().expect("read the pseudo-terminal");
        let sink = Arc::clone(&parser);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n @ 1..) = reader.read(&mut buf) {
                sink.lock().unwrap_or_else(|p| p.into_inner()).process(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().expect("write to the pseudo-terminal");
        Desk { _master: pair.master, writer, child, parser }
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap_or_else(|p| p.into_inner()).screen().contents()
    }

    fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).expect("write keys");
        self.writer.flush().expect("flush keys");
    }

    fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if ok(&s) {
                return s;
            }
            assert!(start.elapsed() < PATIENCE, "never saw {what}; screen:\n{s}");
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?}"), |s| s.contains(text))
    }

    fn pid(&self) -> u32 {
        self.child.process_id().expect("loket's process id")
    }

    /// User + system CPU time of the desk so far.
    fn cpu(&self) -> Duration {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid())).expect("read /proc/<pid>/stat");
        // Fields after the command name "(loket)": state is field 3, utime 14, stime 15 (proc(5)).
        let rest = &stat[stat.rfind(')').expect("comm") + 2..];
        let f: Vec<u64> = rest.split_whitespace().skip(11).take(2).map(|x| x.parse().expect("ticks")).collect();
        // SAFETY: sysconf only reads a system constant.
        let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as u64;
        Duration::from_millis((f[0] + f[1]) * 1000 / hz)
    }

    /// Signs the demo supervisor in without a counter and opens F8.
    fn open_report(&mut self) {
        self.wait_for("Demo: petugas / supervisor");
        self.send("supervisor\r");
        self.wait_until("the officer filled in", |s| {
            s.lines().any(|l| l.contains("│Officer ") && l.contains(" supervisor "))
        });
        self.send("demo\r");
        self.wait_for("••••");
        self.send(LEFT);
        self.wait_for("◀ no counter ▶");
        self.send("\r");
        self.wait_for("· supervisor · ");
        self.send(F8);
        self.wait_for(&format!("· {DAY}"));
        self.wait_for("arrived ");
    }

    /// The "arrived N" figure on the report screen.
    fn arrived(&self) -> u32 {
        let s = self.screen();
        let after = s.split("arrived ").nth(1).unwrap_or("");
        after.split(|c: char| !c.is_ascii_digit()).next().and_then(|n| n.parse().ok()).unwrap_or(0)
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

/// Another workstation: its own connection, checking in the day's regular, paid, booked applicants one by one.
struct OtherDesk {
    store: Store,
    officer: loket::store::Actor,
    codes: Vec<String>,
    at: DateTime<Utc>,
}

impl OtherDesk {
    fn new(db: &Path) -> OtherDesk {
        let store = Store::open(db).expect("open");
        let officer = store.authenticate("petugas", "demo").expect("the demo officer");
        let conn = rusqlite::Connection::open(db).expect("open");
        let mut stmt = conn
            .prepare(
                "SELECT booking_code FROM applications WHERE slot_date = ?1 AND status = 'booked'
                   AND service = 'reguler' AND paid_at IS NOT NULL ORDER BY booking_code",
            )
            .expect("prepare");
        let codes: Vec<String> =
            stmt.query_map([DAY], |r| r.get(0)).expect("query").collect::<Result<_, _>>().expect("codes");
        // Checked in at 07:40: every slot of the day is still open for check-in then.
        let at = DateTime::parse_from_rfc3339(&format!("{DAY}T07:40:00+07:00")).expect("instant").with_timezone(&Utc);
        OtherDesk { store, officer, codes, at }
    }

    fn commit(&mut self) {
        let code = self.codes.pop().expect("a booked applicant left");
        self.store.check_in(&self.officer, &code, None, self.at).expect("check in");
    }
}

struct Run {
    label: String,
    window: Duration,
    cpu: Duration,
    commits: u32,
    arrived: (u32, u32),
    day_switch_ms: Vec<f64>,
}

fn run(label: &str, cached: &Path, seconds: u32, commits: bool) -> Run {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("desk.db");
    std::fs::copy(cached, &db).expect("copy the fixture");
    drop(Store::open(&db).expect("migrate the copy")); // an older fixture's migration is not the desk's cost
    let mut desk = Desk::start(&db, dir.path());
    desk.open_report();
    std::thread::sleep(Duration::from_secs(2)); // the first frames and the initial build are done
    let mut other = OtherDesk::new(&db);
    let before = desk.arrived();
    let (cpu0, t0) = (desk.cpu(), Instant::now());
    let mut n = 0;
    for i in 1..=seconds {
        if commits {
            other.commit();
            n += 1;
        }
        let next = t0 + Duration::from_secs(u64::from(i));
        std::thread::sleep(next.saturating_duration_since(Instant::now()));
    }
    let (cpu1, t1) = (desk.cpu(), Instant::now());
    // Refreshes come at most every few seconds: the last check-ins show within one more period.
    let expected = before + n;
    desk.wait_until(&format!("arrived {expected}"), |s| s.contains(&format!("arrived {expected} ")));
    // Moving a day and back, while the other desk keeps committing: key → the new day on screen.
    let next_day = NaiveDate::parse_from_str(DAY, "%Y-%m-%d").expect("day").succ_opt().expect("next day");
    // The report's title line: "<office> · <day>".
    let office = other.store.settings().expect("settings").office_name;
    let mut day_switch_ms = Vec::new();
    for _ in 0..5 {
        for (key, shown) in [("]", next_day.to_string()), ("[", DAY.to_string())] {
            if commits {
                other.commit();
            }
            let start = Instant::now();
            desk.send(key);
            desk.wait_for(&format!("{office} · {shown}"));
            day_switch_ms.push(start.elapsed().as_secs_f64() * 1000.0);
            std::thread::sleep(Duration::from_millis(500));
        }
    }
    day_switch_ms.sort_by(f64::total_cmp);
    Run {
        label: label.to_string(),
        window: t1 - t0,
        cpu: cpu1 - cpu0,
        commits: n,
        arrived: (before, desk.arrived()),
        day_switch_ms,
    }
}

fn main() {
    // `cargo bench` passes `--bench`; any other argument is a filter on the run's label.
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let seconds = env_u32("LOKET_F8_SECONDS", 30);
    let per_day = env_u32("LOKET_BENCH_PER_DAY", 1000);
    let days = env_u32("LOKET_BENCH_DAYS", 365);
    let (Some(year), Some(day1)) = (fixture(days, per_day), fixture(1, per_day)) else {
        eprintln!("no fixtures under {}: run `cargo bench --bench history` first", fixture_dir().display());
        std::process::exit(1);
    };
    let plans = [
        (format!("year ({days}x{per_day}), commits 1/s"), &year, true),
        (format!("year ({days}x{per_day}), no commits"), &year, false),
        (format!("1 day (1x{per_day}), commits 1/s"), &day1, true),
    ];
    let mut runs = Vec::new();
    for (label, path, commits) in plans {
        if filter.as_deref().is_some_and(|f| !label.contains(f)) {
            continue;
        }
        eprintln!("F8: {label}, {seconds} s on a copy of {} …", path.display());
        runs.push(run(&label, path, seconds, commits));
    }
    println!("| F8 open, {seconds} s | commits | desk CPU | CPU % | arrived (before → after) | day switch ms (median / max) |");
    println!("|---|---|---|---|---|---|");
    for r in &runs {
        let pct = r.cpu.as_secs_f64() / r.window.as_secs_f64() * 100.0;
        let median = r.day_switch_ms.get(r.day_switch_ms.len() / 2).copied().unwrap_or(f64::NAN);
        let max = r.day_switch_ms.last().copied().unwrap_or(f64::NAN);
        println!(
            "| {} | {} | {:.2} s of {:.1} s | {pct:.1} % | {} → {} | {median:.0} / {max:.0} |",
            r.label,
            r.commits,
            r.cpu.as_secs_f64(),
            r.window.as_secs_f64(),
            r.arrived.0,
            r.arrived.1
        );
    }
}

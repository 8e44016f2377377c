//! The cost of a day, not of the years (issue 11): the desk's and the CLI's paths measured on a 1-day database
//! and on a year of history (with its audit log: one row per state change), so the two can be compared in one
//! run. Groups `day1/…` and `year/…` hold the same benchmarks.
//!
//! Fixtures are demo databases built once and cached under `target/bench-fixtures/` (named by schema version,
//! days, applicants per day and seed; delete them to rebuild). Each run works on a copy, so writes never touch
//! the cache. Both are built at 09:40 WIB on Wednesday 2026-11-25: the morning's queue is in progress.
//!
//! `LOKET_BENCH_DAYS` (default 365) and `LOKET_BENCH_PER_DAY` (default 1000) size the year fixture; the 1-day
//! fixture has the same applicants per day. Other sizes than the default report as groups of their own
//! (`LOKET_BENCH_PER_DAY=3000`: `day1x3000`, `year365x3000`; that year takes ~6 GB and about half an hour to build). `scripts/bench-vs-sqlite.sh` runs this and SQLite's own floor.
//!
//! Run with `cargo bench --bench history` (building the year fixture the first time takes a few minutes).

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkGroup, Criterion};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use loket::cli::Lang;
use loket::clock::Clock;
use loket::demo::{build, DemoOptions};
use loket::domain::nik::{self, Sex};
use loket::domain::types::{ApplicationType, PassportKind, PriorityReason, Purpose};
use loket::store::{Actor, AuditFilter, NewWalkIn, Store, CURRENT_VERSION};
use loket::tui::app::{App, Screen};
use loket::tui::view;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use rusqlite::Connection;

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).expect("valid date")
}

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-25T09:40:00+07:00").expect("valid instant").with_timezone(&Utc)
}

fn env_u32(name: &str, default: u32) -> u32 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn fixture_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("bench-fixtures")
}

/// The cached demo database of `days` × `per_day`, built if missing (to a temporary name, then renamed, so an
/// interrupted build is never mistaken for a fixture). A fixture of an older schema is used as it is (each run
/// migrates its copy, as an office's database is migrated), so a new migration does not rebuild the year.
pub fn fixture(days: u32, per_day: u32) -> PathBuf {
    let dir = fixture_dir();
    std::fs::create_dir_all(&dir).expect("fixture dir");
    let name = |v: i64| dir.join(format!("loket-v{v}-{days}x{per_day}-s1.db"));
    if let Some(older) = (1..=CURRENT_VERSION).rev().map(name).find(|p| p.exists()) {
        return older;
    }
    let path = name(CURRENT_VERSION);
    if !path.exists() {
        let partial = dir.join(format!("building-{days}x{per_day}-{}.db", std::process::id()));
        let _ = std::fs::remove_file(&partial);
        eprintln!("building the {days}x{per_day} fixture at {} (once)…", path.display());
        let started = Instant::now();
        let opts = DemoOptions { date: day(), days, per_day, seed: 1 };
        build(&partial, &opts, now(), &mut |_, _| {}).expect("build the fixture");
        std::fs::rename(&partial, &path).expect("keep the fixture");
        eprintln!("built in {:.0?}", started.elapsed());
    }
    path
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// Types `text` then Enter as a person would (keys 100 ms apart, so the scanner detector lets them through).
fn type_line(app: &mut App, text: &str, mut t: Instant) -> Instant {
    for c in text.chars() {
        app.key(key(KeyCode::Char(c)), t);
        t += Duration::from_millis(100);
        app.tick(t);
    }
    app.key(key(KeyCode::Enter), t);
    t + Duration::from_millis(100)
}

/// Closes every open counter session, so the next sign-in finds its counter free (the desk asks before taking
/// over a counter that is open, even by the same officer: each sign-in here would otherwise stop at that question).
fn free_counters(path: &Path) {
    let conn = Connection::open(path).expect("open");
    conn.execute("UPDATE counter_sessions SET signed_out_at = '2026-11-25T02:39:00Z' WHERE signed_out_at IS NULL", [])
        .expect("close sessions");
}

fn sign_in(app: &mut App) {
    let t = type_line(app, "petugas", Instant::now());
    let t = type_line(app, "demo", t);
    type_line(app, "", t);
    assert!(matches!(app.screen, Screen::Queue(_)), "signed in on the queue");
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(160, 48)).expect("test terminal")
}

/// Booking codes of `day` with status `status` (paid ones), by code.
fn codes(conn: &Connection, status: &str, date: NaiveDate) -> Vec<String> {
    let mut stmt = conn
        .prepare(
            "SELECT booking_code FROM applications WHERE slot_date = ?1 AND status = ?2 AND paid_at IS NOT NULL
             ORDER BY booking_code",
        )
        .expect("prepare");
    let rows = stmt.query_map((date.to_string(), status), |r| r.get(0)).expect("query");
    rows.collect::<Result<_, _>>().expect("codes")
}

/// A decided booking from as far back as two weeks (on the 1-day fixture: today's): one with a history.
fn finished_booking(conn: &Connection) -> String {
    conn.query_row(
        "SELECT booking_code FROM applications WHERE slot_date >= ?1
           AND status IN ('approved', 'rejected', 'ready', 'handed_over', 'dispatched')
         ORDER BY slot_date, status <> 'handed_over', booking_code LIMIT 1",
        [(day() - chrono::Duration::days(14)).to_string()],
        |r| r.get(0),
    )
    .expect("a decided booking")
}

fn walk_in(serial: u16) -> NewWalkIn {
    let birth = NaiveDate::from_ymd_opt(1955, 3, 14).expect("valid date");
    // District 2 of Kota Semarang; the demo mints NIKs with low serials, these count down from the top.
    NewWalkIn {
        nik: nik::make(33, 74, 2, birth, Sex::Male, 9999 - serial),
        full_name: "Suparman".into(),
        sex: Sex::Male,
        birth_date: birth,
        phone: None,
        priority_reason: PriorityReason::Elderly,
        application_type: ApplicationType::New,
        purpose: Purpose::Umrah,
        passport_kind: PassportKind::Ordinary,
        validity_years: 5,
        old_passport_no: None,
    }
}

fn desk_benches(g: &mut BenchmarkGroup<'_, criterion::measurement::WallTime>, path: &Path) {
    g.bench_function("launch to first frame", |b| {
        let mut term = terminal();
        b.iter(|| {
            let store = Store::open(path).expect("open");
            let app = App::new(store, Clock::Fixed(now()), Lang::Id, None);
            term.draw(|f| view::view(f, &app)).expect("draw");
            black_box(app.demo)
        })
    });

    g.bench_function("sign-in to queue (argon2 included)", |b| {
        let mut term = terminal();
        b.iter_batched(
            || {
                free_counters(path);
                App::new(Store::open(path).expect("open"), Clock::Fixed(now()), Lang::Id, None)
            },
            |mut app| {
                sign_in(&mut app);
                term.draw(|f| view::view(f, &app)).expect("draw");
                app
            },
            BatchSize::PerIteration,
        )
    });

    free_counters(path);
    let mut app = App::new(Store::open(path).expect("open"), Clock::Fixed(now()), Lang::Id, None);
    sign_in(&mut app);
    let mut term = terminal();
    g.bench_function("open detail (with history)", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                let start = Instant::now();
                app.key(key(KeyCode::Enter), start);
                app.tick(start);
                term.draw(|f| view::view(f, &app)).expect("draw");
                spent += start.elapsed();
                assert!(matches!(app.screen, Screen::Detail(_)), "detail open");
                app.key(key(KeyCode::Esc), start);
            }
            spent
        })
    });

    app.key(key(KeyCode::Char('/')), Instant::now());
    app.tick(Instant::now() + Duration::from_millis(100));
    g.bench_function("search: one keystroke, update+render", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                if let Screen::Queue(q) = &mut app.screen {
                    q.search.reset();
                    q.refilter();
                }
                let start = Instant::now();
                app.key(key(KeyCode::Char('a')), start);
                app.tick(start + Duration::from_millis(50));
                term.draw(|f| view::view(f, &app)).expect("draw");
                spent += start.elapsed();
            }
            spent
        })
    });
}

fn store_benches(g: &mut BenchmarkGroup<'_, criterion::measurement::WallTime>, path: &Path) {
    let mut store = Store::open(path).expect("open");
    let officer = store.authenticate("petugas", "demo").expect("demo account");
    // The reports first, on the fixture as built: the write benches below add rows to this copy (hundreds of
    // walk-ins on the day, thousands of desk events on a few bookings), which a report would then read too.
    let supervisor = Actor { name: "supervisor".into(), role: loket::domain::types::Role::Supervisor };
    g.bench_function("report: one day", |b| {
        b.iter(|| loket::report::build(&store, day(), day(), &supervisor.name, now()).expect("report"))
    });
    g.bench_function("report: 30 days", |b| {
        let from = day() - chrono::Duration::days(29);
        b.iter(|| loket::report::build(&store, from, day(), &supervisor.name, now()).expect("report"))
    });
    // A working day about six months back (Tuesday 2026-05-26; the Wednesday of the same week is a holiday): its
    // backlog and chain head are read through the weeks after it, not through everything written since.
    g.bench_function("report: a day 6 months back", |b| {
        let past = day() - chrono::Duration::days(183);
        b.iter(|| loket::report::build(&store, past, past, &supervisor.name, now()).expect("report"))
    });

    let reset = Connection::open(path).expect("second connection");
    // Walk-ins are limited by the day's priority quota: lift it for the benchmark.
    reset.execute("UPDATE settings SET value = '10000' WHERE key = 'priority_quota'", []).expect("quota");
    // Calls go to a counter of their own, so resetting them never touches the simulated counters.
    reset.execute("INSERT OR IGNORE INTO counters (number, name) VALUES (99, 'Bench')", []).expect("counter 99");

    let waiting = codes(&reset, "checked_in", day());
    assert!(!waiting.is_empty(), "nobody waiting at 09:40");
    g.bench_function("call next", |b| {
        b.iter_batched(
            || {
                // Everyone called in earlier iterations goes back to the waiting line.
                reset
                    .execute(
                        "UPDATE applications SET status = 'checked_in', counter_no = NULL, called_at = NULL
                         WHERE slot_date = ?1 AND status = 'at_counter' AND counter_no = 99",
                        [day().to_string()],
                    )
                    .expect("put back");
            },
            |()| store.call_next(&officer, day(), 99, now()).expect("call next").expect("someone waiting"),
            BatchSize::PerIteration,
        )
    });

    // Regular service only: express check-ins count against the day's express quota, which repeated check-ins
    // would exhaust (the reset returns only the one booking to `booked`).
    let booked: Vec<String> = codes(&reset, "booked", day())
        .into_iter()
        .filter(|c| {
            reset
                .query_row("SELECT service = 'reguler' FROM applications WHERE booking_code = ?1", [c], |r| r.get(0))
                .expect("service")
        })
        .collect();
    assert!(booked.len() > 100, "only {} booked", booked.len());
    let at = DateTime::parse_from_rfc3339("2026-11-25T07:40:00+07:00").expect("valid").with_timezone(&Utc);
    let mut next = 0;
    g.bench_function("check-in transaction", |b| {
        b.iter_batched(
            || {
                next = (next + 1) % booked.len();
                let code = booked[next].clone();
                reset
                    .execute(
                        "UPDATE applications SET status = 'booked', queue_no = NULL, checked_in_at = NULL
                         WHERE booking_code = ?1",
                        [&code],
                    )
                    .expect("reset to booked");
                code
            },
            |code| store.check_in(&officer, &code, None, at).expect("check in"),
            BatchSize::PerIteration,
        )
    });

    let mut serial = 0u16;
    g.bench_function("priority walk-in", |b| {
        b.iter_batched(
            || {
                serial += 1;
                walk_in(serial)
            },
            |w| store.register_walk_in_paid(&officer, &w, "0A1B2C3D4E5F6789", now()).expect("walk-in"),
            BatchSize::PerIteration,
        )
    });

    let code = finished_booking(&reset);
    let offset = store.settings().expect("settings").utc_offset;
    g.bench_function("audit --booking", |b| {
        b.iter(|| {
            let rows =
                store.audit(&AuditFilter { booking_code: Some(code.clone()), ..Default::default() }).expect("audit");
            assert!(rows.len() >= 5, "{code} has a history");
            loket::store::format_audit(&rows, false, offset)
        })
    });
}

fn history_benches(c: &mut Criterion) {
    let per_day = env_u32("LOKET_BENCH_PER_DAY", 1000);
    let days = env_u32("LOKET_BENCH_DAYS", 365);
    // Other sizes than the default get groups of their own (`day1x3000`, `year365x3000`), beside the default's.
    let default_size = per_day == 1000 && days == 365;
    for (label, days) in [("day1", 1), ("year", days)] {
        let label = if default_size {
            label.to_string()
        } else {
            format!("{label}{}x{per_day}", if days == 1 { String::new() } else { days.to_string() })
        };
        let cached = fixture(days, per_day);
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("bench.db");
        std::fs::copy(&cached, &path).expect("copy the fixture");
        drop(Store::open(&path).expect("migrate the copy")); // untimed: an older fixture's migration
        let mut g = c.benchmark_group(&label);
        g.sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
        desk_benches(&mut g, &path);
        store_benches(&mut g, &path);
        g.finish();
    }
}

criterion_group!(benches, history_benches);
criterion_main!(benches);

//! Desk benchmarks: what one keystroke costs on a big day. A demo database with one day of 5,000 applicants,
//! the desk signed in on the queue, drawn into a 160×48 `TestBackend`:
//!
//! - one update + render step for ↓ (the cursor walks down the 5,000-row queue);
//! - typing one search character (held back by the scanner detector, released by the next tick, then the
//!   queue is re-filtered) + render;
//! - a full reload of the queue from the store (`QueueState::reload`, what every write elsewhere triggers).
//!
//! Run with `cargo bench --bench tui`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use loket::cli::Lang;
use loket::clock::Clock;
use loket::demo::{build, DemoOptions};
use loket::store::Store;
use loket::tui::app::{App, Screen};
use loket::tui::view;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

const APPLICANTS: u32 = 5000;

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).expect("valid date")
}

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-25T09:40:00+07:00").expect("valid instant").with_timezone(&Utc)
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// Types `text` then Enter as a person would (keys 100 ms apart, so the scanner detector lets them through);
/// returns the time after the last key.
fn type_line(app: &mut App, text: &str, mut t: Instant) -> Instant {
    for c in text.chars() {
        app.key(key(KeyCode::Char(c)), t);
        t += Duration::from_millis(100);
        app.tick(t);
    }
    app.key(key(KeyCode::Enter), t);
    t + Duration::from_millis(100)
}

/// The desk on the demo database, signed in as `petugas` at counter 1, on today's queue.
fn signed_in_desk(store: Store) -> App {
    let mut app = App::new(store, Clock::Fixed(now()), Lang::Id, None);
    let t = Instant::now();
    let t = type_line(&mut app, "petugas", t);
    let t = type_line(&mut app, "demo", t);
    type_line(&mut app, "", t); // counter stays 1
    assert!(app.officer.is_some(), "signed in: {:?}", app.status);
    match &app.screen {
        Screen::Queue(q) => assert_eq!(q.visible.len(), APPLICANTS as usize, "the whole day is listed"),
        _ => panic!("the desk opens on the queue after sign-in"),
    }
    app
}

fn queue_cursor_reset(app: &mut App) {
    if let Screen::Queue(q) = &mut app.screen {
        if q.cursor() + 1 >= q.visible.len() {
            q.table.select(0, q.visible.len());
        }
    }
}

fn tui_benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bench.db");
    let opts = DemoOptions { date: day(), days: 1, per_day: APPLICANTS, seed: 1 };
    build(&path, &opts, now(), &mut |_, _| {}).expect("build the bench demo");
    let mut app = signed_in_desk(Store::open(&path).expect("open the demo"));
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).expect("test terminal");
    terminal.draw(|f| view::view(f, &app)).expect("first draw");

    let mut g = c.benchmark_group("tui");
    g.sample_size(20).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));

    g.bench_function("queue ↓ update+render (5000 rows, 160x48)", |b| {
        b.iter(|| {
            queue_cursor_reset(&mut app);
            let t = Instant::now();
            app.key(key(KeyCode::Down), t);
            app.tick(t);
            terminal.draw(|f| view::view(f, &app)).expect("draw");
        })
    });

    // Open the search box, then measure one character typed into an empty search, each time from scratch.
    app.key(key(KeyCode::Char('/')), Instant::now());
    app.tick(Instant::now() + Duration::from_millis(100));
    assert!(matches!(&app.screen, Screen::Queue(q) if q.searching), "search is open");
    g.bench_function("search: type one character, update+render (5000 rows)", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                if let Screen::Queue(q) = &mut app.screen {
                    q.search.reset();
                    q.refilter();
                }
                let start = Instant::now();
                app.key(key(KeyCode::Char('a')), start);
                // The scanner detector holds a letter until the burst gap has passed; the run loop's tick
                // releases it.
                app.tick(start + Duration::from_millis(50));
                terminal.draw(|f| view::view(f, &app)).expect("draw");
                spent += start.elapsed();
            }
            spent
        })
    });
    if let Screen::Queue(q) = &app.screen {
        assert_eq!(q.search.value(), "a", "the character reached the search box");
        assert!(!q.visible.is_empty() && q.visible.len() < APPLICANTS as usize, "the search narrowed the queue");
    }
    app.key(key(KeyCode::Esc), Instant::now());
    g.finish();

    // A reload takes tens of milliseconds: give it the time for 20 samples.
    let mut g = c.benchmark_group("tui");
    g.sample_size(20).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(8));
    g.bench_function("QueueState::reload (5000 rows)", |b| {
        b.iter(|| {
            let App { screen, store, .. } = &mut app;
            if let Screen::Queue(q) = screen {
                q.reload(store).expect("reload");
                black_box(q.apps.len());
            }
        })
    });
    g.finish();
}

criterion_group!(benches, tui_benches);
criterion_main!(benches);

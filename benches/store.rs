//! Store benchmarks over a demo database: what the desk does most (load the day, look a booking up, check
//! someone in) and what `loket demo` costs.
//!
//! Run with `cargo bench --bench store`; the whole run takes well under a minute.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use loket::demo::{build, DemoOptions};
use loket::store::Store;
use rusqlite::Connection;

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).expect("valid date")
}

fn local(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).expect("valid instant").with_timezone(&Utc)
}

/// Five days of 1000 applications, built at 07:31 on the last day: that day's applicants have (nearly) all
/// still to check in, and any of them is on time at 07:40.
fn demo_db(dir: &Path) -> PathBuf {
    let path = dir.join("bench.db");
    let opts = DemoOptions { date: day(), days: 5, per_day: 1000, seed: 1 };
    build(&path, &opts, local("2026-11-25T07:31:00+07:00"), &mut |_, _| {}).expect("build the bench demo");
    path
}

fn store_benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = demo_db(dir.path());
    let mut store = Store::open(&path).expect("open the demo");
    let officer = store.authenticate("petugas", "demo").expect("demo account");
    let booked: Vec<String> = {
        let conn = rusqlite::Connection::open(store.path()).expect("a connection of the bench's own");
        let mut stmt = conn
            .prepare(
                "SELECT booking_code FROM applications
                 WHERE slot_date = ?1 AND status = 'booked' AND paid_at IS NOT NULL ORDER BY booking_code",
            )
            .expect("prepare");
        let rows = stmt.query_map([day().to_string()], |r| r.get(0)).expect("query");
        rows.collect::<Result<_, _>>().expect("read codes")
    };
    assert!(booked.len() > 500, "only {} booked applicants", booked.len());

    let mut g = c.benchmark_group("store");
    g.sample_size(20).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));

    g.bench_function("day_applications (1000 rows)", |b| {
        b.iter(|| store.day_applications(black_box(day())).expect("load day").len())
    });

    g.bench_function("application by booking code", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % booked.len();
            store.application(black_box(&booked[i])).expect("lookup")
        })
    });

    // Each iteration checks in a booked applicant; the setup (not timed) puts the one it picks back to
    // booked through a second connection, so the pool never runs out. Queue numbers keep counting up.
    let reset = Connection::open(&path).expect("second connection");
    let at = local("2026-11-25T07:40:00+07:00");
    let mut next = 0;
    g.bench_function("check_in", |b| {
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
            BatchSize::SmallInput,
        )
    });
    g.finish();

    let mut g = c.benchmark_group("demo");
    g.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(5));
    g.bench_function("build 1 day x 500", |b| {
        b.iter_batched(
            || tempfile::tempdir().expect("temp dir"),
            |d| {
                let opts = DemoOptions { date: day(), days: 1, per_day: 500, seed: 2 };
                build(&d.path().join("d.db"), &opts, local("2026-11-25T10:30:00+07:00"), &mut |_, _| {})
                    .expect("build");
                d
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(benches, store_benches);
criterion_main!(benches);

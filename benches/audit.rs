//! Audit trail benchmarks over a demo day with a long log: verifying the whole hash chain (what `close-day`
//! does first), reading the trail by officer, booking and day (each bounded by an index), and appending a row.
//!
//! Run with `cargo bench --bench audit`.

use std::hint::black_box;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use loket::demo::{build, DemoOptions};
use loket::store::{day_bounds_utc, AuditFilter, Store};

fn local(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).expect("valid instant").with_timezone(&Utc)
}

fn audit_benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bench.db");
    let day = NaiveDate::from_ymd_opt(2026, 11, 25).expect("valid date");
    // 3000 applications on the day, simulated up to 15:30: every visit's steps are audit rows.
    let opts = DemoOptions { date: day, days: 1, per_day: 3000, seed: 3 };
    build(&path, &opts, local("2026-11-25T15:30:00+07:00"), &mut |_, _| {}).expect("build the bench demo");
    let mut store = Store::open(&path).expect("open the demo");
    let rows: i64 = rusqlite::Connection::open(store.path())
        .expect("a connection of the test's own")
        .query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0))
        .expect("count");
    let code: String = rusqlite::Connection::open(store.path())
        .expect("a connection of the test's own")
        .query_row("SELECT booking_code FROM applications WHERE status = 'approved' LIMIT 1", [], |r| r.get(0))
        .expect("an approved booking");
    let supervisor = store.authenticate("supervisor", "demo").expect("demo account");
    let settings = store.settings().expect("settings");

    let mut g = c.benchmark_group("audit");
    g.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    g.bench_function(format!("verify the chain ({rows} rows)"), |b| {
        b.iter(|| store.verify_audit().expect("verify").chains.len())
    });
    g.bench_function("trail of one officer", |b| {
        let f = AuditFilter { officer: Some("petugas".into()), ..Default::default() };
        b.iter(|| store.audit(black_box(&f)).expect("read").len())
    });
    g.bench_function("trail of one booking", |b| {
        let f = AuditFilter { booking_code: Some(code.clone()), ..Default::default() };
        b.iter(|| store.audit(black_box(&f)).expect("read").len())
    });
    g.bench_function("trail of the day", |b| {
        let f = AuditFilter { between: Some(day_bounds_utc(&settings, day)), ..Default::default() };
        b.iter(|| store.audit(black_box(&f)).expect("read").len())
    });
    let mut n = 0u32;
    g.bench_function("append one chained row (a setting change)", |b| {
        b.iter(|| {
            n = n.wrapping_add(1);
            let value = (10 + n % 500).to_string();
            store
                .set_setting(&supervisor, "wait_alert_minutes", &value, local("2026-11-25T16:00:00+07:00"))
                .expect("set")
        })
    });
    g.finish();
}

criterion_group!(benches, audit_benches);
criterion_main!(benches);

//! Report benchmarks over a demo history: the supervisors' report of one day and of thirty days (figures only,
//! and the PDF of one day). The queries are bounded by the range (tests/report_plan.rs checks the plans); these
//! numbers show what that costs on a busy office's month.
//!
//! Run with `cargo bench --bench report`.

use std::hint::black_box;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use loket::cli::{Lang, ReportFormat};
use loket::demo::{build, DemoOptions};
use loket::report::{self, Options};
use loket::store::Store;

fn date(s: &str) -> NaiveDate {
    s.parse().expect("valid date")
}

fn local(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).expect("valid instant").with_timezone(&Utc)
}

fn report_benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bench.db");
    // 45 days of 600 applications: a month in the range and more history around it.
    let opts = DemoOptions { date: date("2026-11-25"), days: 45, per_day: 600, seed: 3 };
    let now = local("2026-11-25T16:30:00+07:00");
    build(&path, &opts, now, &mut |_, _| {}).expect("build the bench demo");
    let store = Store::open(&path).expect("open the demo");

    let mut g = c.benchmark_group("report");
    g.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(5));
    g.bench_function("one day (600 applications)", |b| {
        b.iter(|| report::build(&store, black_box(date("2026-11-25")), date("2026-11-25"), "supervisor", now))
    });
    g.bench_function("thirty days with the previous thirty", |b| {
        b.iter(|| report::build(&store, black_box(date("2026-10-27")), date("2026-11-25"), "supervisor", now))
    });
    let day = report::build(&store, date("2026-11-25"), date("2026-11-25"), "supervisor", now).expect("report");
    let options = Options { lang: Lang::Id, summary: false };
    g.bench_function("PDF of one day", |b| b.iter(|| report::render(black_box(&day), ReportFormat::Pdf, &options)));
    g.finish();
}

criterion_group!(benches, report_benches);
criterion_main!(benches);

//! The booking manifest import (issue 11): 100,000 rows into a fresh office database, through the same
//! function `loket import bookings` runs (two streaming passes, one transaction).
//!
//! Run with `cargo bench --bench import` (a few minutes: each sample imports the whole file).

use chrono::{DateTime, Duration as Days, NaiveDate, Utc};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use loket::domain::nik::{self, Sex};
use loket::domain::settings::OfficeSettings;
use loket::domain::types::Role;
use loket::store::{Actor, Store};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

const ROWS: usize = 100_000;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-20T10:00:00+07:00").expect("instant").with_timezone(&Utc)
}

/// 100k valid rows over three working days, seven hourly slots each (the office's quota raised to fit).
fn write_manifest(path: &Path) {
    let days = ["2026-11-25", "2026-11-26", "2026-11-27"];
    let mut text = String::from(
        "booking_code,nik,full_name,sex,birth_date,phone,application_type,purpose,passport_kind,validity_years,slot_date,slot_start,slot_end,billing_code,fee_idr,paid_at\n",
    );
    let first_birth = NaiveDate::from_ymd_opt(1980, 1, 1).expect("date");
    for i in 0..ROWS {
        let birth = first_birth + Days::days((i / 9000) as i64);
        let nik = nik::make(33, 74, 1, birth, Sex::Female, (i % 9000 + 1) as u16);
        let day = days[i % days.len()];
        let hour = 8 + (i / days.len()) % 7;
        writeln!(
            text,
            "MPB{i:07},{nik},Pemohon {i},P,{birth},081234567890,baru,wisata,elektronik,10,{day},{hour:02}:00,{:02}:00,82026112{i:07},950000,2026-11-20T10:00:00+07:00",
            hour + 1
        )
        .expect("write");
    }
    std::fs::write(path, text).expect("write the manifest");
}

/// An empty office database whose slots take the whole manifest, and its supervisor.
fn template(dir: &Path) -> (PathBuf, Actor) {
    let path = dir.join("template.db");
    let mut settings = OfficeSettings::default();
    settings.set("slot_quota", "10000").expect("quota");
    let mut store = Store::create(&path, &settings).expect("create");
    let sup = store.add_officer(&Actor::system(), "kepala", Role::Supervisor, "rahasia", now()).expect("supervisor");
    (path, sup)
}

fn import_benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let manifest = dir.path().join("manifest.csv");
    write_manifest(&manifest);
    let (template, sup) = template(dir.path());
    let mut group = c.benchmark_group("import");
    group.sample_size(10).measurement_time(Duration::from_secs(120)).warm_up_time(Duration::from_secs(1));
    let mut n = 0;
    group.bench_function("bookings_100k", |b| {
        b.iter_batched(
            || {
                n += 1;
                let db = dir.path().join(format!("run-{n}.db"));
                std::fs::copy(&template, &db).expect("copy the template");
                db
            },
            |db| {
                let mut store = Store::open(&db).expect("open");
                let report = loket::import::bookings::import(&mut store, &sup, &manifest, false, now(), &mut |_, _| {})
                    .expect("import");
                assert_eq!(report.inserted, ROWS);
                drop(store);
                loket::store::files::remove_database_files(&db);
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, import_benches);
criterion_main!(benches);

//! Merging an outreach laptop back: a laptop that served 200 walk-ins to approval (about 1,200 audit events) is
//! merged into its office, as a dry run (the transaction is rolled back, so every iteration does the whole
//! work: chain verification, lifecycle replay, conflict checks and the writes). And a repeated merge, where
//! every event is a duplicate.
//!
//! Run with `cargo bench --bench outreach`.

use std::hint::black_box;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use loket::domain::nik::{self, Sex};
use loket::domain::outreach::{EventService, EventSpec};
use loket::domain::settings::{parse_hhmm, OfficeSettings};
use loket::domain::types::{ApplicationType, PassportKind, Purpose, Role};
use loket::store::{Actor, NewOutreachWalkIn, Store};

const WALK_INS: i64 = 200;

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&format!("{s}+07:00")).expect("instant").with_timezone(&Utc)
}

fn merge(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let office = dir.path().join("office.db");
    let sup = Actor { name: "kepala".into(), role: Role::Supervisor };
    let mut store = Store::create(&office, &OfficeSettings::default()).expect("create");
    let spec = EventSpec {
        name: "Si Semar Paten".into(),
        place: "Grobogan".into(),
        first_day: "2026-12-01".parse().expect("date"),
        last_day: "2026-12-01".parse().expect("date"),
        opening: parse_hhmm("09:00").expect("time"),
        closing: parse_hhmm("15:00").expect("time"),
        services: vec![EventService::New, EventService::Replacement],
        quota_per_day: 1000,
    };
    store.create_event(&sup, &spec, t("2026-11-30T10:00:00")).expect("event");
    let laptop = dir.path().join("laptop.db");
    store.pack_event(&sup, 1, &laptop, t("2026-11-30T10:00:00")).expect("pack");
    {
        let mut l = Store::open(&laptop).expect("open laptop");
        for i in 0..WALK_INS {
            let birth = NaiveDate::from_ymd_opt(1970, 1, 1).expect("date") + chrono::Duration::days(i * 37);
            let now = t("2026-12-01T09:00:00") + chrono::Duration::seconds(i * 90);
            let w = NewOutreachWalkIn {
                nik: nik::make(33, 74, 1, birth, Sex::Male, 1 + i as u16),
                full_name: format!("Pemohon {i}"),
                sex: Sex::Male,
                birth_date: birth,
                phone: None,
                application_type: ApplicationType::New,
                purpose: Purpose::Tourism,
                passport_kind: PassportKind::Electronic,
                validity_years: 10,
                old_passport_no: None,
                group_code: None,
            };
            let app = l.outreach_walk_in(&sup, &w, now).expect("walk-in");
            let code = app.booking_code;
            l.call(&sup, &code, 1, now).expect("call");
            l.record_photo(&sup, &code, now).expect("photo");
            l.record_interview(&sup, &code, now).expect("interview");
            l.approve(&sup, &code, now).expect("approve");
        }
    }
    let merge_at = t("2026-12-02T08:00:00");
    let mut g = c.benchmark_group("outreach");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("merge 200 served walk-ins (dry run)", |b| {
        b.iter(|| black_box(store.merge_laptop(&sup, &laptop, true, merge_at).expect("merge")))
    });
    store.merge_laptop(&sup, &laptop, false, merge_at).expect("merge");
    g.bench_function("merge the same laptop again (all duplicates)", |b| {
        b.iter(|| black_box(store.merge_laptop(&sup, &laptop, true, merge_at).expect("merge")))
    });
    g.finish();
}

criterion_group!(benches, merge);
criterion_main!(benches);

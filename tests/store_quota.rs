//! The day's express (percepatan) and priority quotas hold like the slot quota: at import, at reschedule, at
//! walk-in registration and at check-in, and two workstations racing for the last place never both get it.

mod common;

use chrono::{DateTime, Utc};
use common::{at, audit_rows, booking, date, fresh_nik, import_time, Office, DAY};
use loket::domain::nik::Sex;
use loket::domain::quota::{QuotaRefusal, QuotaUse};
use loket::domain::types::{ApplicationType, PassportKind, PriorityReason, Purpose};
use loket::store::{ImportPolicy, NewBooking, NewWalkIn, Store, StoreError};
use std::sync::Barrier;

const ROUNDS: usize = 10;

/// `n` express bookings on `day` named `prefix0000…`, eight per slot from 08:00.
fn express(prefix: &str, day: &str, n: usize) -> Vec<NewBooking> {
    (0..n)
        .map(|i| booking(&format!("{prefix}{i:04}"), day, &format!("{:02}:00", 8 + i / 8)).express().build())
        .collect()
}

fn set(o: &mut Office, key: &str, value: &str) {
    let supervisor = o.supervisor.clone();
    o.store.set_setting(&supervisor, key, value, import_time()).unwrap();
}

fn count(store: &Store, sql: &str) -> i64 {
    rusqlite::Connection::open(store.path())
        .expect("a connection of the test's own")
        .query_row(sql, [], |r| r.get(0))
        .expect("count")
}

fn morning() -> DateTime<Utc> {
    at("2026-11-25T07:45:00+07:00")
}

fn is_express_full(e: &StoreError) -> bool {
    matches!(e, StoreError::Quota(QuotaRefusal::Express { .. }))
}

#[test]
fn forty_express_bookings_do_not_pass_a_quota_of_35() {
    let mut o = Office::new();
    let rows = express("MPEX", DAY, 40);
    let before = audit_rows(&o.store);
    let out = o.try_import(&rows);
    assert!(!out.committed, "one bad row rejects the manifest");
    assert_eq!(out.problems.len(), 5, "{:?}", out.problems);
    for p in &out.problems {
        assert_eq!(p.column, "service");
        assert!(p.why.contains("express (percepatan) quota for 2026-11-25 (35) is used up"), "{}", p.why);
    }
    assert_eq!(count(&o.store, "SELECT COUNT(*) FROM applications"), 0);
    assert_eq!(audit_rows(&o.store), before);

    // with --skip-invalid the first 35 go in; importing the rest later is still refused
    let supervisor = o.supervisor.clone();
    let out = o.store.import_bookings(&supervisor, &rows, ImportPolicy::SkipInvalid, "m.csv", import_time()).unwrap();
    assert_eq!((out.inserted, out.problems.len()), (35, 5));
    let out = o.try_import(&rows[35..]);
    assert!(!out.committed && out.problems.len() == 5);
    assert_eq!(count(&o.store, "SELECT COUNT(*) FROM applications WHERE service = 'percepatan'"), 35);
    let q = o.store.day_quotas(date(DAY)).unwrap();
    assert_eq!(q.express_booked, QuotaUse { used: 35, quota: 35 });
    assert_eq!(q.express_booked.remaining(), 0);
    // regular bookings are not limited by it, nor express bookings on another day
    o.import(&[booking("MPEXREG1", DAY, "14:00").build()]);
    o.import(&express("MPEXNXT", "2026-11-26", 1));
}

#[test]
fn express_check_ins_stop_at_the_quota_on_a_day_overbooked_before_the_rule() {
    let mut o = Office::new();
    let rows = express("MPEC", DAY, 6);
    o.import(&rows);
    // the quota is lowered after the bookings came in (or they came in before the rule existed)
    set(&mut o, "express_quota", "4");
    let officer = o.officer.clone();
    for b in &rows[..4] {
        o.store.check_in(&officer, &b.booking_code, None, morning()).unwrap();
    }
    let before = (audit_rows(&o.store), common::last_queue_number(&o.store, DAY, "E"));
    let err = o.store.check_in(&officer, &rows[4].booking_code, None, morning()).unwrap_err();
    assert!(is_express_full(&err), "{err:?}");
    assert!(err.to_string().contains("(4) is used up"), "{err}");
    assert_eq!((audit_rows(&o.store), common::last_queue_number(&o.store, DAY, "E")), before, "nothing written");
    let q = o.store.day_quotas(date(DAY)).unwrap();
    assert_eq!(q.express_checked_in, QuotaUse { used: 4, quota: 4 });
    assert_eq!(q.express_booked, QuotaUse { used: 6, quota: 4 });
    assert_eq!(q.express_booked.remaining(), 0);
}

#[test]
fn a_reschedule_into_a_day_full_of_express_is_refused() {
    let mut o = Office::new();
    set(&mut o, "express_quota", "2");
    o.import(&express("MPRS", "2026-11-26", 2));
    let mover = express("MPRSMOVE", DAY, 1);
    o.import(&mover);
    let officer = o.officer.clone();
    let code = &mover[0].booking_code;
    let err = o.store.reschedule(&officer, code, date("2026-11-26"), "10:00", None, import_time()).unwrap_err();
    assert!(is_express_full(&err), "{err:?}");
    assert_eq!(o.app(code).slot_date, date(DAY));
    o.store.reschedule(&officer, code, date("2026-11-27"), "10:00", None, import_time()).unwrap();
    // moving within its own day does not count against itself, even with the quota at one
    set(&mut o, "express_quota", "1");
    let supervisor = o.supervisor.clone();
    let moved =
        o.store.reschedule(&supervisor, code, date("2026-11-27"), "11:00", Some("loket ditutup"), import_time());
    assert_eq!(moved.unwrap().slot_start, "11:00");
}

fn elderly_walk_in() -> NewWalkIn {
    let birth = date("1950-03-02");
    NewWalkIn {
        nik: fresh_nik(birth, Sex::Male),
        full_name: "Mbah Sarinah".into(),
        sex: Sex::Male,
        birth_date: birth,
        phone: None,
        priority_reason: PriorityReason::Elderly,
        application_type: ApplicationType::New,
        purpose: Purpose::Tourism,
        passport_kind: PassportKind::Electronic,
        validity_years: 5,
        old_passport_no: None,
    }
}

#[test]
fn the_priority_walk_in_quota_shows_what_is_left() {
    let mut o = Office::new();
    set(&mut o, "priority_quota", "2");
    let officer = o.officer.clone();
    let t = at("2026-11-25T09:00:00+07:00");
    assert_eq!(o.store.day_quotas(date(DAY)).unwrap().priority_walk_ins.remaining(), 2);
    o.store.register_walk_in_paid(&officer, &elderly_walk_in(), "0A1B2C3D4E5F6789", t).unwrap();
    assert_eq!(o.store.day_quotas(date(DAY)).unwrap().priority_walk_ins, QuotaUse { used: 1, quota: 2 });
    o.store.register_walk_in_paid(&officer, &elderly_walk_in(), "0A1B2C3D4E5F6789", t).unwrap();
    let err = o.store.register_walk_in_paid(&officer, &elderly_walk_in(), "0A1B2C3D4E5F6789", t).unwrap_err();
    assert!(matches!(err, StoreError::Quota(QuotaRefusal::Priority { quota: 2, .. })), "{err:?}");
}

/// Runs `a` on one connection and `b` on the other, released together by a barrier.
fn race<R: Send>(
    left: &mut Store,
    right: &mut Store,
    a: impl FnOnce(&mut Store) -> R + Send,
    b: impl FnOnce(&mut Store) -> R + Send,
) -> (R, R) {
    let barrier = Barrier::new(2);
    std::thread::scope(|s| {
        let ha = s.spawn(|| {
            barrier.wait();
            a(left)
        });
        let hb = s.spawn(|| {
            barrier.wait();
            b(right)
        });
        (ha.join().expect("left thread"), hb.join().expect("right thread"))
    })
}

#[test]
fn two_desks_racing_for_the_last_express_place_at_check_in() {
    let mut o = Office::new();
    let rows = express("MPRX", DAY, 2 * ROUNDS);
    o.import(&rows);
    let mut other = o.open_another();
    let officer = o.officer.clone();
    for round in 0..ROUNDS {
        // `round` places are taken; one is left
        set(&mut o, "express_quota", &(round + 1).to_string());
        let (a, b) = (&rows[2 * round].booking_code, &rows[2 * round + 1].booking_code);
        let results = race(
            &mut o.store,
            &mut other,
            |s| s.check_in(&officer, a, None, morning()),
            |s| s.check_in(&officer, b, None, morning()),
        );
        match results {
            (Ok(_), Err(e)) | (Err(e), Ok(_)) => assert!(is_express_full(&e), "round {round}: {e:?}"),
            (Ok(_), Ok(_)) => panic!("round {round}: both got the last place"),
            (Err(x), Err(y)) => panic!("round {round}: both refused: {x:?} / {y:?}"),
        }
        let checked_in = count(&o.store, "SELECT COUNT(*) FROM applications WHERE checked_in_at IS NOT NULL");
        assert_eq!(checked_in, round as i64 + 1, "round {round}");
    }
    assert_eq!(count(&o.store, "SELECT COUNT(*) FROM audit_log WHERE action = 'check_in'"), ROUNDS as i64);
}

#[test]
fn two_desks_racing_for_the_last_priority_walk_in() {
    let mut o = Office::new();
    let mut other = o.open_another();
    let (officer, t) = (o.officer.clone(), at("2026-11-25T09:00:00+07:00"));
    for round in 0..ROUNDS {
        set(&mut o, "priority_quota", &(round + 1).to_string());
        let (w1, w2) = (elderly_walk_in(), elderly_walk_in());
        let results = race(
            &mut o.store,
            &mut other,
            |s| s.register_walk_in_paid(&officer, &w1, "0A1B2C3D4E5F6789", t),
            |s| s.register_walk_in_paid(&officer, &w2, "0A1B2C3D4E5F6789", t),
        );
        match results {
            (Ok(_), Err(e)) | (Err(e), Ok(_)) => {
                assert!(matches!(e, StoreError::Quota(QuotaRefusal::Priority { .. })), "round {round}: {e:?}")
            }
            (Ok(_), Ok(_)) => panic!("round {round}: both registered"),
            (Err(x), Err(y)) => panic!("round {round}: both refused: {x:?} / {y:?}"),
        }
    }
    assert_eq!(count(&o.store, "SELECT COUNT(*) FROM applications WHERE source = 'walk_in'"), ROUNDS as i64);
}

#[test]
fn two_imports_racing_for_the_last_express_place() {
    let mut o = Office::new();
    let mut other = o.open_another();
    let supervisor = o.supervisor.clone();
    let rows = express("MPRI", DAY, 2 * ROUNDS);
    for round in 0..ROUNDS {
        set(&mut o, "express_quota", &(round + 1).to_string());
        let (a, b) = (&rows[2 * round..2 * round + 1], &rows[2 * round + 1..2 * round + 2]);
        let (x, y) = race(
            &mut o.store,
            &mut other,
            |s| s.import_bookings(&supervisor, a, ImportPolicy::AllOrNothing, "a.csv", import_time()).unwrap(),
            |s| s.import_bookings(&supervisor, b, ImportPolicy::AllOrNothing, "b.csv", import_time()).unwrap(),
        );
        assert_eq!(u8::from(x.committed) + u8::from(y.committed), 1, "round {round}: {x:?} / {y:?}");
        let loser = if x.committed { &y } else { &x };
        assert!(loser.problems[0].why.contains("express (percepatan) quota"), "{:?}", loser.problems);
    }
    assert_eq!(count(&o.store, "SELECT COUNT(*) FROM applications"), ROUNDS as i64);
}

//! Merging outreach laptops back, at the store level: a property test over random office and field histories
//! and random merge orders (with repetitions and interrupted merges), and refusals of edited laptop histories.
//!
//! "Interrupted" here is a merge whose transaction is abandoned before it commits (the path `--dry-run` takes);
//! a merge killed by SIGKILL is tested through the binary in tests/outreach_cli.rs.

use chrono::{DateTime, NaiveDate, Utc};
use loket::domain::lifecycle::CancelReason;
use loket::domain::nik::{self, Sex};
use loket::domain::outreach::{ConflictKind, Keep};
use loket::domain::outreach::{EventService, EventSpec};
use loket::domain::settings::{parse_hhmm, OfficeSettings};
use loket::domain::staypermit::{PermitType, StayEvent, StayStatus};
use loket::domain::types::{ApplicationType, PassportKind, Purpose, Role};
use loket::store::{Actor, GroupMember, MergeRefusal, NewGroup, NewOutreachWalkIn, NewStayPermit, Store, StoreError};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&format!("{s}+07:00")).expect("instant").with_timezone(&Utc)
}

fn day(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

fn sup() -> Actor {
    Actor { name: "kepala".into(), role: Role::Supervisor }
}

/// NIK number `i` of the test's pool (Kota Semarang, men born 1980-01-01 + i days).
fn pool_nik(i: u16) -> (String, NaiveDate) {
    let birth = day("1980-01-01") + chrono::Duration::days(i64::from(i));
    (nik::make(33, 74, 1, birth, Sex::Male, 100 + i), birth)
}

fn member(line: u64, i: u16) -> GroupMember {
    let (nik, birth) = pool_nik(i);
    GroupMember {
        line,
        full_name: format!("Anggota {i}"),
        nik,
        birth_date: birth,
        sex: Sex::Male,
        application_type: ApplicationType::New,
        phone: None,
        old_passport_no: None,
        paid_at: Some(t("2026-11-28T10:00:00")),
    }
}

fn group(code: &str) -> NewGroup {
    NewGroup {
        code: code.into(),
        name: format!("Rombongan {code}"),
        leader: "H. Ahmad".into(),
        contact: "081200000000".into(),
        event_id: 1,
        day: day("2026-12-01"),
        purpose: Purpose::Umrah,
        passport_kind: PassportKind::Electronic,
    }
}

const MEMBERS: u16 = 4;

/// What happens to one group member at the office before the laptops come back.
#[derive(Debug, Clone, Copy)]
enum OfficeMove {
    Nothing,
    Reschedule,
    Withdraw,
}

/// One random history.
#[derive(Debug, Clone)]
struct History {
    office: Vec<OfficeMove>,
    /// Per member: served on laptop 0 or 1, or not at all; and how far (1 check-in … 4 approved).
    field: Vec<(Option<usize>, u8)>,
    /// Per laptop: walk-ins as (pool index, depth).
    walk_ins: [Vec<(u16, u8)>; 2],
    /// Pool NIKs the office books meanwhile (a laptop walk-in with one of them conflicts).
    office_bookings: Vec<u16>,
    /// Per laptop: stay permits as (foreign passport pool index, depth 0 registered … 3 approved, 4 refused,
    /// 5 handed over). Both laptops draw from the same pool: the same foreigner may turn up at both.
    stays: [Vec<(u16, u8)>; 2],
    /// Foreign passport pool indexes whose stay permits the office registers meanwhile (a laptop's stay permit
    /// for one of them conflicts).
    office_stays: Vec<u16>,
    /// Merges: (laptop, interrupted).
    merges: Vec<(usize, bool)>,
}

fn history() -> impl Strategy<Value = History> {
    let office = prop::collection::vec(
        prop_oneof![Just(OfficeMove::Nothing), Just(OfficeMove::Reschedule), Just(OfficeMove::Withdraw)],
        MEMBERS as usize,
    );
    let field = prop::collection::vec((prop::option::of(0usize..2), 1u8..=4), MEMBERS as usize);
    let walk = |base: u16| {
        prop::collection::vec((0u16..3, 1u8..=4), 0..3).prop_map(move |v| {
            let mut seen = std::collections::BTreeSet::new();
            v.into_iter().filter(|(i, _)| seen.insert(*i)).map(|(i, d)| (base + i, d)).collect::<Vec<_>>()
        })
    };
    let office_bookings = prop::collection::btree_set(10u16..16, 0..3).prop_map(|s| s.into_iter().collect::<Vec<_>>());
    let merges = prop::collection::vec((0usize..2, prop::bool::weighted(0.25)), 1..6);
    let stays = || {
        prop::collection::vec((0u16..4, 0u8..=5), 0..3).prop_map(|v| {
            let mut seen = std::collections::BTreeSet::new();
            v.into_iter().filter(|(i, _)| seen.insert(*i)).collect::<Vec<_>>()
        })
    };
    let office_stays = prop::collection::btree_set(0u16..4, 0..2).prop_map(|s| s.into_iter().collect::<Vec<_>>());
    (office, field, walk(10), walk(13), office_bookings, merges, (stays(), stays(), office_stays)).prop_map(
        |(office, field, w0, w1, office_bookings, mut merges, (s0, s1, office_stays))| {
            // Every laptop comes back (uninterrupted) at least once; the rest is random order and repetition.
            merges.push((0, false));
            merges.push((1, false));
            History { office, field, walk_ins: [w0, w1], office_bookings, stays: [s0, s1], office_stays, merges }
        },
    )
}

fn serve(store: &mut Store, code: &str, depth: u8, now: DateTime<Utc>, check_in: bool) {
    let a = sup();
    if check_in {
        store.check_in(&a, code, None, now).expect("check in");
    }
    if depth >= 2 {
        store.call(&a, code, 1, now).expect("call");
    }
    if depth >= 3 {
        store.record_photo(&a, code, now).expect("photo");
        store.record_interview(&a, code, now).expect("interview");
    }
    if depth >= 4 {
        store.approve(&a, code, now).expect("approve");
    }
}

/// A stay-permit extension of foreign passport number `i` of the test's pool.
fn stay(i: u16) -> NewStayPermit {
    NewStayPermit {
        full_name: format!("Foreigner {i}"),
        passport_no: format!("PA{:07}", 1000 + i),
        nationality: "AUS".into(),
        permit_type: if i.is_multiple_of(2) { PermitType::Itas } else { PermitType::VisitExtension },
        permit_no: format!("2C11AB{i:04}"),
        current_expiry: day("2026-12-20"),
        sponsor: "PT Maju Jaya".into(),
    }
}

/// Takes a stay permit `depth` steps along: 1 documents, 2 biometrics, 3 approved, 4 refused, 5 handed over.
fn serve_stay(store: &mut Store, code: &str, depth: u8, now: DateTime<Utc>) {
    let a = sup();
    let step = |store: &mut Store, e: StayEvent| {
        let (new, why) = match e {
            StayEvent::Approve => (Some(day("2027-12-20")), None),
            StayEvent::Refuse => (None, Some("sponsor letter not valid")),
            _ => (None, None),
        };
        store.stay_permit_step(&a, code, e, new, why, now).expect("stay permit step");
    };
    let path: &[StayEvent] = match depth {
        0 => &[],
        1 => &[StayEvent::CheckDocuments],
        2 => &[StayEvent::CheckDocuments, StayEvent::TakeBiometrics],
        3 => &[StayEvent::CheckDocuments, StayEvent::TakeBiometrics, StayEvent::Approve],
        4 => &[StayEvent::CheckDocuments, StayEvent::TakeBiometrics, StayEvent::Refuse],
        _ => &[StayEvent::CheckDocuments, StayEvent::TakeBiometrics, StayEvent::Approve, StayEvent::HandOver],
    };
    for e in path {
        step(store, *e);
    }
}

/// Builds the office and both laptops with the history's field and office work; returns (office, laptops).
fn build(dir: &Path, h: &History) -> (PathBuf, [PathBuf; 2]) {
    let office = dir.join("office.db");
    let mut store = Store::create(&office, &OfficeSettings::default()).expect("create");
    let spec = EventSpec {
        name: "Si Semar Paten".into(),
        place: "Grobogan".into(),
        first_day: day("2026-12-01"),
        last_day: day("2026-12-01"),
        opening: parse_hhmm("09:00").expect("time"),
        closing: parse_hhmm("15:00").expect("time"),
        services: vec![EventService::New, EventService::Replacement, EventService::StayPermit],
        quota_per_day: 50,
    };
    let before = t("2026-11-30T10:00:00");
    store.create_event(&sup(), &spec, before).expect("event");
    let members: Vec<GroupMember> = (0..MEMBERS).map(|i| member(u64::from(i) + 2, i)).collect();
    let codes = store.import_group(&sup(), &group("UMR1"), &members, before).expect("import").expect("valid list");
    let laptops = [dir.join("l1.db"), dir.join("l2.db")];
    for l in &laptops {
        store.pack_event(&sup(), 1, l, before).expect("pack");
    }
    // Meanwhile at the office.
    let meanwhile = t("2026-11-30T15:00:00");
    for (code, m) in codes.iter().zip(&h.office) {
        match m {
            OfficeMove::Nothing => {}
            OfficeMove::Reschedule => {
                store.reschedule(&sup(), code, day("2026-12-03"), "10:00", None, meanwhile).expect("reschedule");
            }
            OfficeMove::Withdraw => {
                store.cancel(&sup(), code, CancelReason::Withdrawn, meanwhile).expect("withdraw");
            }
        }
    }
    if !h.office_bookings.is_empty() {
        let list: Vec<GroupMember> =
            h.office_bookings.iter().enumerate().map(|(n, i)| member(n as u64 + 2, *i)).collect();
        store.import_group(&sup(), &group("KANTOR"), &list, meanwhile).expect("import").expect("valid list");
    }
    for i in &h.office_stays {
        store.register_stay_permit(&sup(), &stay(*i), meanwhile).expect("office stay permit");
    }
    drop(store);
    // In the field.
    for (li, l) in laptops.iter().enumerate() {
        let mut store = Store::open(l).expect("open laptop");
        for (code, (who, depth)) in codes.iter().zip(&h.field) {
            if *who == Some(li) {
                serve(&mut store, code, *depth, t("2026-12-01T09:10:00"), true);
            }
        }
        for (k, (i, depth)) in h.walk_ins[li].iter().enumerate() {
            let (nik, birth) = pool_nik(*i);
            let now = t("2026-12-01T10:00:00") + chrono::Duration::minutes(k as i64);
            let w = NewOutreachWalkIn {
                nik,
                full_name: format!("Datang {i}"),
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
            let app = store.outreach_walk_in(&sup(), &w, now).expect("walk-in");
            serve(&mut store, &app.booking_code, *depth, now, false);
        }
        for (k, (i, depth)) in h.stays[li].iter().enumerate() {
            let now = t("2026-12-01T11:00:00") + chrono::Duration::minutes(k as i64);
            let p = store.register_stay_permit(&sup(), &stay(*i), now).expect("laptop stay permit");
            serve_stay(&mut store, &p.code, *depth, now);
        }
    }
    (office, laptops)
}

/// The office's data after merging, as comparable text (the run log of merges aside).
fn state(db: &Path) -> (Vec<String>, String) {
    let store = Store::open(db).expect("open");
    let conn = rusqlite::Connection::open(store.path()).expect("a connection of the test's own");
    let mut out = Vec::new();
    for table in [
        "applications",
        "applicants",
        "audit_log",
        "outreach_conflicts",
        "outreach_held_events",
        "outreach_baselines",
        "slots",
        "stay_permits",
    ] {
        // The merge's own audit row (one per merge run, on the office's chain) is the run log, like
        // outreach_merges: repeated merges add one each, so it is left out of the comparison.
        let filter = if table == "audit_log" { "WHERE action <> 'outreach_merge'" } else { "" };
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table} {filter} ORDER BY 1, 2")).expect("prepare");
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                (0..n)
                    .map(|i| r.get::<_, rusqlite::types::Value>(i).map(|v| format!("{v:?}")))
                    .collect::<Result<Vec<_>, _>>()
            })
            .expect("query");
        out.extend(rows.map(|r| format!("{table}: {}", r.expect("row").join("|"))));
    }
    let report = serde_json::to_string(&store.conflicts(None).expect("conflicts")).expect("json");
    (out, report)
}

fn events_in(laptop: &Path) -> u64 {
    let conn = rusqlite::Connection::open(laptop).expect("open");
    conn.query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get::<_, i64>(0)).map(|n| n as u64).expect("count")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn any_merge_order_gives_the_same_office(h in history()) {
        let dir = tempfile::tempdir().expect("temp dir");
        let (office, laptops) = build(dir.path(), &h);
        // The reference: a copy of the office merged once each, laptop 1 then laptop 2.
        let reference = dir.path().join("reference.db");
        std::fs::copy(&office, &reference).expect("copy");
        let merge_at = t("2026-12-02T08:00:00");
        {
            let mut store = Store::open(&reference).expect("open");
            for l in &laptops {
                let r = store.merge_laptop(&sup(), l, false, merge_at).expect("merge");
                prop_assert!(r.counts.balanced());
            }
        }
        let mut store = Store::open(&office).expect("open");
        let mut merged = [false, false];
        for (li, interrupted) in &h.merges {
            let r = store.merge_laptop(&sup(), &laptops[*li], *interrupted, merge_at).expect("merge");
            let c = r.counts;
            prop_assert_eq!(c.applied + c.duplicate + c.conflict, c.sent);
            prop_assert_eq!(c.sent, events_in(&laptops[*li]));
            if merged[*li] && !*interrupted {
                prop_assert_eq!(c.duplicate, c.sent, "a repeated merge changes nothing");
            }
            if !*interrupted {
                merged[*li] = true;
            }
        }
        drop(store);
        let (got, got_report) = state(&office);
        let (want, want_report) = state(&reference);
        prop_assert_eq!(got, want);
        prop_assert_eq!(got_report, want_report);
        let store = Store::open(&office).expect("open");
        prop_assert_eq!(store.integrity_check().expect("check"), "ok");
        let fk: i64 = rusqlite::Connection::open(store.path()).expect("a connection of the test's own").query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).expect("fk");
        prop_assert_eq!(fk, 0);
    }
}

/// A history with one approved walk-in on laptop 1 and nothing else.
fn one_walk_in() -> History {
    History {
        office: vec![OfficeMove::Nothing; MEMBERS as usize],
        field: vec![(None, 1); MEMBERS as usize],
        walk_ins: [vec![(10, 4)], vec![]],
        office_bookings: vec![],
        stays: [vec![], vec![]],
        office_stays: vec![],
        merges: vec![],
    }
}

#[test]
fn an_edited_laptop_history_is_refused_and_nothing_is_merged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (office, laptops) = build(dir.path(), &one_walk_in());
    let before = state(&office);
    // An insider with the sqlite3 shell drops the guards and deletes the photo/biometrics row.
    let copy = dir.path().join("deleted.db");
    std::fs::copy(&laptops[0], &copy).expect("copy");
    let conn = rusqlite::Connection::open(&copy).expect("open");
    conn.execute_batch("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE action = 'photo';")
        .expect("edit");
    drop(conn);
    let mut store = Store::open(&office).expect("open");
    let err = store.merge_laptop(&sup(), &copy, false, t("2026-12-02T08:00:00")).unwrap_err();
    assert!(matches!(err, StoreError::Merge(MergeRefusal::EditedChain { .. })), "{err:?}");
    assert!(err.to_string().contains("audit chain was edited") && err.to_string().contains("is missing"), "{err}");
    // Or edits a row's detail in place.
    let copy = dir.path().join("edited.db");
    std::fs::copy(&laptops[0], &copy).expect("copy");
    let conn = rusqlite::Connection::open(&copy).expect("open");
    conn.execute_batch(
        "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail = 'nothing to see' WHERE action = 'approve';",
    )
    .expect("edit");
    drop(conn);
    let err = store.merge_laptop(&sup(), &copy, false, t("2026-12-02T08:00:00")).unwrap_err();
    assert!(err.to_string().contains("no longer matches its hash"), "{err}");
    drop(store);
    assert_eq!(state(&office), before, "nothing of a refused file is merged");
    // The untouched file merges; a file edited after that merge is refused too.
    let mut store = Store::open(&office).expect("open");
    store.merge_laptop(&sup(), &laptops[0], false, t("2026-12-02T08:00:00")).expect("merge");
    let err = store.merge_laptop(&sup(), &copy, false, t("2026-12-02T08:00:00")).unwrap_err();
    assert!(matches!(err, StoreError::Merge(MergeRefusal::EditedChain { .. })), "{err:?}");
}

#[test]
fn a_row_changed_without_its_event_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (office, laptops) = build(dir.path(), &one_walk_in());
    // Approved on the laptop, then the row is set to rejected by hand: no event says so.
    rusqlite::Connection::open(&laptops[0])
        .expect("open")
        .execute(
            "UPDATE applications SET status = 'rejected', rejection_reason = 'lainnya' WHERE booking_code LIKE 'OR%'",
            [],
        )
        .expect("edit");
    let mut store = Store::open(&office).expect("open");
    let err = store.merge_laptop(&sup(), &laptops[0], false, t("2026-12-02T08:00:00")).unwrap_err();
    assert!(err.to_string().contains("row says rejected"), "{err}");
}

#[test]
fn a_laptop_refuses_what_its_event_does_not_offer() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_, laptops) = build(dir.path(), &one_walk_in());
    let mut store = Store::open(&laptops[1]).expect("open laptop");
    let (nik, birth) = pool_nik(20);
    let w = NewOutreachWalkIn {
        nik,
        full_name: "Hilang Paspor".into(),
        sex: Sex::Male,
        birth_date: birth,
        phone: None,
        application_type: ApplicationType::Lost,
        purpose: Purpose::Tourism,
        passport_kind: PassportKind::Electronic,
        validity_years: 10,
        old_passport_no: None,
        group_code: None,
    };
    let err = store.outreach_walk_in(&sup(), &w, t("2026-12-01T10:00:00")).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Outreach(loket::domain::outreach::OutreachRefusal::ServiceNotOffered {
                app_type: ApplicationType::Lost,
                ..
            })
        ),
        "{err:?}"
    );
    // The desk's priority walk-in path refuses it too, on the laptop.
    let pw = loket::store::NewWalkIn {
        nik: pool_nik(21).0,
        full_name: "Rusak Paspor".into(),
        sex: Sex::Male,
        birth_date: pool_nik(21).1,
        phone: None,
        priority_reason: loket::domain::types::PriorityReason::Disability,
        application_type: ApplicationType::Damaged,
        purpose: Purpose::Tourism,
        passport_kind: PassportKind::Electronic,
        validity_years: 10,
        old_passport_no: Some("B1234567".into()),
    };
    let err = store.register_walk_in_paid(&sup(), &pw, "0A1B2C3D4E5F6789", t("2026-12-01T10:00:00")).unwrap_err();
    assert!(matches!(err, StoreError::Outreach(_)), "{err:?}");
    // Outside the event's days and hours.
    let w = NewOutreachWalkIn { application_type: ApplicationType::New, ..w };
    let err = store.outreach_walk_in(&sup(), &w, t("2026-12-02T10:00:00")).unwrap_err();
    assert!(err.to_string().contains("the event runs from"), "{err}");
    let err = store.outreach_walk_in(&sup(), &w, t("2026-12-01T15:30:00")).unwrap_err();
    assert!(err.to_string().contains("serves from 09:00 to 15:00"), "{err}");
    // At the office, an outreach walk-in is refused: there is no event here.
    let mut office = Store::open(&dir.path().join("office.db")).expect("open");
    let err = office.outreach_walk_in(&sup(), &w, t("2026-12-01T10:00:00")).unwrap_err();
    assert!(err.to_string().contains("not an outreach laptop"), "{err}");
}

#[test]
fn a_walk_in_whose_nik_the_office_booked_meanwhile_is_a_conflict_with_both_versions() {
    let dir = tempfile::tempdir().expect("temp dir");
    let h = History { office_bookings: vec![10], ..one_walk_in() };
    let (office, laptops) = build(dir.path(), &h);
    let mut store = Store::open(&office).expect("open");
    let r = store.merge_laptop(&sup(), &laptops[0], false, t("2026-12-02T08:00:00")).expect("merge");
    assert_eq!(r.conflicts.len(), 1);
    let c = &r.conflicts[0];
    assert_eq!(c.kind, loket::domain::outreach::ConflictKind::NikActive);
    assert_eq!(c.office_version["application"]["group_code"], "KANTOR");
    assert_eq!(c.laptop_version["application"]["status"], "approved");
    assert_eq!(r.counts.conflict, r.counts.sent);
    // Keeping the laptop's version brings the served applicant in, under the office's applicant row.
    let resolved = store
        .resolve_conflict(
            &sup(),
            &c.id,
            loket::domain::outreach::Keep::Laptop,
            Some("served at the event"),
            t("2026-12-02T09:00:00"),
        )
        .expect("resolve");
    assert_eq!(resolved.resolution, Some(loket::domain::outreach::Keep::Laptop));
    let applicants: i64 = rusqlite::Connection::open(store.path())
        .expect("a connection of the test's own")
        .query_row("SELECT COUNT(*) FROM applicants WHERE nik = ?1", [pool_nik(10).0], |r| r.get(0))
        .expect("count");
    assert_eq!(applicants, 1);
    let apps: i64 = rusqlite::Connection::open(store.path())
        .expect("a connection of the test's own")
        .query_row(
            "SELECT COUNT(*) FROM applications a JOIN applicants p ON p.id = a.applicant_id WHERE p.nik = ?1",
            [pool_nik(10).0],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(apps, 2);
}

#[test]
fn a_day_over_the_event_quota_is_one_conflict_whatever_the_order() {
    let dir = tempfile::tempdir().expect("temp dir");
    let h = History { walk_ins: [vec![(10, 1), (11, 1)], vec![(13, 1), (14, 1)]], ..one_walk_in() };
    let (office, laptops) = build(dir.path(), &h);
    // Lower the quota after packing: 4 group members + 4 walk-ins exceed 6.
    rusqlite::Connection::open(&office)
        .expect("open")
        .execute("UPDATE outreach_events SET quota_per_day = 6", [])
        .expect("lower");
    let copy = dir.path().join("copy.db");
    std::fs::copy(&office, &copy).expect("copy");
    let merge = |db: &Path, order: [usize; 2]| {
        let mut store = Store::open(db).expect("open");
        for i in order {
            store.merge_laptop(&sup(), &laptops[i], false, t("2026-12-02T08:00:00")).expect("merge");
        }
        store.conflicts(None).expect("conflicts")
    };
    let a = merge(&office, [0, 1]);
    let b = merge(&copy, [1, 0]);
    assert_eq!(a, b);
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].id, "QUOTA/1/2026-12-01");
    assert_eq!(a[0].laptop_version["active_applications"], 8);
}

#[test]
fn a_group_checks_in_together_on_the_laptop_with_its_numbers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_, laptops) = build(dir.path(), &one_walk_in());
    let mut store = Store::open(&laptops[1]).expect("open laptop");
    let done =
        store.check_in_group(&sup(), "UMR1", day("2026-12-01"), t("2026-12-01T09:05:00")).expect("group check-in");
    assert_eq!(done.len(), MEMBERS as usize);
    let mut numbers: Vec<String> = done.iter().filter_map(|a| a.queue_no.clone()).collect();
    numbers.sort();
    assert_eq!(numbers, vec!["A-L2-001", "A-L2-002", "A-L2-003", "A-L2-004"]);
    let progress = store.group_progress("umr1").expect("progress");
    assert_eq!(progress.members, u32::from(MEMBERS));
    assert_eq!(progress.by_status, vec![("checked_in".to_string(), u32::from(MEMBERS))]);
}

#[test]
fn priority_walk_ins_at_the_desk_of_two_laptops_merge_without_clashing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (office, laptops) = build(dir.path(), &one_walk_in());
    let mut codes = Vec::new();
    for (i, l) in laptops.iter().enumerate() {
        let mut store = Store::open(l).expect("open laptop");
        let birth = day("1950-05-05");
        let w = loket::store::NewWalkIn {
            nik: nik::make(33, 74, 2, birth, Sex::Female, 300 + i as u16),
            full_name: format!("Lansia {i}"),
            sex: Sex::Female,
            birth_date: birth,
            phone: None,
            priority_reason: loket::domain::types::PriorityReason::Elderly,
            application_type: ApplicationType::New,
            purpose: Purpose::Tourism,
            passport_kind: PassportKind::Electronic,
            validity_years: 5,
            old_passport_no: None,
        };
        let app = store
            .register_walk_in_paid(&sup(), &w, "0A1B2C3D4E5F6789", t("2026-12-01T10:30:00"))
            .expect("priority walk-in");
        assert!(
            app.queue_no.as_deref().is_some_and(|q| q.starts_with(&format!("P-L{}-", i + 1))),
            "{:?}",
            app.queue_no
        );
        codes.push(app.booking_code);
    }
    assert_ne!(codes[0], codes[1]);
    let mut store = Store::open(&office).expect("open");
    for l in &laptops {
        let r = store.merge_laptop(&sup(), l, false, t("2026-12-02T08:00:00")).expect("merge");
        assert!(r.counts.balanced());
    }
    for code in &codes {
        let app = store.application(code).expect("merged");
        assert_eq!(app.status, loket::domain::lifecycle::Status::CheckedIn);
    }
    let tagged: i64 = rusqlite::Connection::open(store.path())
        .expect("a connection of the test's own")
        .query_row("SELECT COUNT(*) FROM applications WHERE source = 'walk_in' AND event_id = 1", [], |r| r.get(0))
        .expect("count");
    assert_eq!(tagged, 2, "the desk's walk-ins on a laptop belong to its event");
}

#[test]
fn a_stay_permit_the_office_changed_meanwhile_is_a_conflict_with_both_versions() {
    let dir = tempfile::tempdir().expect("temp dir");
    let h = History { stays: [vec![(0, 0)], vec![]], ..one_walk_in() };
    let (office, laptops) = build(dir.path(), &h);
    let mut store = Store::open(&office).expect("open");
    let first = store.merge_laptop(&sup(), &laptops[0], false, t("2026-12-01T16:00:00")).expect("merge");
    assert!(first.conflicts.is_empty(), "{:?}", first.conflicts);
    let code = rusqlite::Connection::open(store.path())
        .expect("read connection")
        .query_row("SELECT code FROM stay_permits WHERE event_id = 1", [], |r| r.get::<_, String>(0))
        .expect("merged stay permit");
    assert_eq!(store.stay_permit(&code).expect("stay permit").status, StayStatus::Registered);
    // The office checks the documents; the laptop, still in the field, goes on to biometrics.
    store
        .stay_permit_step(&sup(), &code, StayEvent::CheckDocuments, None, None, t("2026-12-01T16:30:00"))
        .expect("docs");
    drop(store);
    let mut laptop = Store::open(&laptops[0]).expect("open laptop");
    serve_stay(&mut laptop, &code, 2, t("2026-12-01T14:00:00"));
    drop(laptop);
    let mut store = Store::open(&office).expect("open");
    let r = store.merge_laptop(&sup(), &laptops[0], false, t("2026-12-02T08:00:00")).expect("merge again");
    assert_eq!((r.counts.conflict, r.counts.applied), (2, 0), "{:?}", r.counts);
    assert_eq!(r.conflicts.len(), 1);
    let c = &r.conflicts[0];
    assert_eq!(c.kind, ConflictKind::OfficeChanged);
    assert_eq!(c.id, format!("{code}/L1"));
    assert_eq!(c.office_version["stay_permit"]["status"], "documents_checked");
    assert_eq!(c.laptop_version["stay_permit"]["status"], "biometrics");
    assert_eq!(c.laptop_version["events"].as_array().map(Vec::len), Some(2));
    // Nothing was overwritten silently.
    assert_eq!(store.stay_permit(&code).expect("stay permit").status, StayStatus::DocumentsChecked);
    // Merging the same file again changes nothing.
    let again = store.merge_laptop(&sup(), &laptops[0], false, t("2026-12-02T08:05:00")).expect("merge");
    assert_eq!(again.counts.duplicate, again.counts.sent);
    // Keeping the laptop's version applies it with its events; the held list empties.
    let done = store.resolve_conflict(&sup(), &c.id, Keep::Laptop, Some("biometrics taken"), t("2026-12-02T09:00:00"));
    assert_eq!(done.expect("resolve").resolution, Some(Keep::Laptop));
    assert_eq!(store.stay_permit(&code).expect("stay permit").status, StayStatus::Biometrics);
    let held: i64 = rusqlite::Connection::open(store.path())
        .expect("read connection")
        .query_row("SELECT COUNT(*) FROM outreach_held_events", [], |r| r.get(0))
        .expect("held");
    assert_eq!(held, 0);
    // The laptop goes on after the resolution (approves it): the next merge applies it, no conflict reopens.
    drop(store);
    let mut laptop = Store::open(&laptops[0]).expect("open laptop");
    laptop
        .stay_permit_step(&sup(), &code, StayEvent::Approve, Some(day("2027-12-20")), None, t("2026-12-02T10:00:00"))
        .expect("approve on the laptop");
    drop(laptop);
    let mut store = Store::open(&office).expect("open");
    let r = store.merge_laptop(&sup(), &laptops[0], false, t("2026-12-02T11:00:00")).expect("merge after resolving");
    assert_eq!((r.counts.applied, r.counts.conflict), (1, 0), "{:?}", r.counts);
    assert_eq!(store.stay_permit(&code).expect("stay permit").status, StayStatus::Approved);
    assert!(store.conflicts(None).expect("conflicts").iter().all(|c| c.resolution.is_some()));
    // The office goes on from there; the laptop, which does not know, hands it over too: a conflict again.
    store
        .stay_permit_step(&sup(), &code, StayEvent::HandOver, None, None, t("2026-12-02T12:00:00"))
        .expect("hand over");
    drop(store);
    let mut laptop = Store::open(&laptops[0]).expect("open laptop");
    laptop
        .stay_permit_step(&sup(), &code, StayEvent::HandOver, None, None, t("2026-12-02T12:05:00"))
        .expect("hand over");
    drop(laptop);
    let mut store = Store::open(&office).expect("open");
    let r = store.merge_laptop(&sup(), &laptops[0], false, t("2026-12-02T13:00:00")).expect("merge");
    assert_eq!((r.counts.applied, r.counts.conflict), (0, 1), "{:?}", r.counts);
    assert_eq!(r.conflicts[0].resolution, None, "open again");
    assert_eq!(r.conflicts[0].office_version["stay_permit"]["status"], "handed_over", "the office's version now");
    assert_eq!(r.conflicts[0].laptop_version["stay_permit"]["status"], "handed_over");
    assert_eq!(store.integrity_check().expect("check"), "ok");
}

#[test]
fn a_stay_permit_for_a_passport_already_active_at_the_office_is_a_conflict() {
    let dir = tempfile::tempdir().expect("temp dir");
    let h = History { stays: [vec![(1, 3)], vec![(1, 0)]], office_stays: vec![1], ..one_walk_in() };
    let (office, laptops) = build(dir.path(), &h);
    let mut store = Store::open(&office).expect("open");
    let r = store.merge_laptop(&sup(), &laptops[0], false, t("2026-12-02T08:00:00")).expect("merge");
    let stay_conflicts: Vec<_> = r.conflicts.iter().filter(|c| c.kind == ConflictKind::PassportActive).collect();
    assert_eq!(stay_conflicts.len(), 1, "{:?}", r.conflicts);
    let c = stay_conflicts[0];
    assert_eq!(c.office_version["stay_permit"]["passport_no"], "PA0001001");
    assert_eq!(c.office_version["stay_permit"]["status"], "registered");
    assert_eq!(c.laptop_version["stay_permit"]["status"], "approved");
    let laptop_code = c.laptop_version["stay_permit"]["code"].as_str().expect("code").to_string();
    assert!(store.stay_permit(&laptop_code).is_err(), "held back until a supervisor decides");
    // The other laptop's stay permit for the same foreigner conflicts with the office's too, not with laptop 1's.
    let r2 = store.merge_laptop(&sup(), &laptops[1], false, t("2026-12-02T08:00:00")).expect("merge");
    assert!(r2.conflicts.iter().any(|c| c.kind == ConflictKind::PassportActive && c.id.ends_with("/L2")));
    // Keeping the office's version leaves the laptop's stay permit out; its events stay held in the record.
    store.resolve_conflict(&sup(), &c.id, Keep::Office, None, t("2026-12-02T09:00:00")).expect("resolve");
    assert!(store.stay_permit(&laptop_code).is_err());
    let held: i64 = rusqlite::Connection::open(store.path())
        .expect("read connection")
        .query_row("SELECT COUNT(*) FROM outreach_held_events WHERE conflict_id = ?1", [&c.id], |r| r.get(0))
        .expect("held");
    assert_eq!(held, 4, "register, documents, biometrics, approve");
    // Keeping laptop 2's brings its stay permit in.
    let c2 = r2.conflicts.iter().find(|c| c.kind == ConflictKind::PassportActive).expect("conflict");
    store.resolve_conflict(&sup(), &c2.id, Keep::Laptop, None, t("2026-12-02T09:05:00")).expect("resolve");
    let code2 = c2.laptop_version["stay_permit"]["code"].as_str().expect("code");
    assert_eq!(store.stay_permit(code2).expect("merged").status, StayStatus::Registered);
    let again = store.merge_laptop(&sup(), &laptops[1], false, t("2026-12-02T10:00:00")).expect("merge");
    assert_eq!(again.counts.duplicate, again.counts.sent);
}

#[test]
fn a_stay_permit_changed_without_its_event_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let h = History { stays: [vec![(2, 1)], vec![(3, 2)]], ..one_walk_in() };
    let (office, laptops) = build(dir.path(), &h);
    rusqlite::Connection::open(&laptops[0])
        .expect("open")
        .execute("UPDATE stay_permits SET status = 'approved', new_expiry = '2030-01-01'", [])
        .expect("edit");
    let before = state(&office);
    let mut store = Store::open(&office).expect("open");
    let err = store.merge_laptop(&sup(), &laptops[0], false, t("2026-12-02T08:00:00")).unwrap_err();
    assert!(matches!(err, StoreError::Merge(MergeRefusal::BrokenHistory { .. })), "{err:?}");
    assert!(err.to_string().contains("row says approved"), "{err}");
    // Or deletes the stay permit's row (its events remain).
    rusqlite::Connection::open(&laptops[1]).expect("open").execute_batch("DELETE FROM stay_permits").expect("edit");
    let err = store.merge_laptop(&sup(), &laptops[1], false, t("2026-12-02T08:00:00")).unwrap_err();
    assert!(err.to_string().contains("a stay permit the file does not hold"), "{err}");
    drop(store);
    assert_eq!(state(&office), before, "nothing of a refused file is merged");
}

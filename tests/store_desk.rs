//! The desk's work beyond the plain lifecycle: recall, transfer and absent at the counters, who is at a counter,
//! search, group check-in (all or nothing, also when two desks race), the ready list, the waiting-room board,
//! counters and priority walk-ins.

mod common;

use chrono::{DateTime, Utc};
use common::{at, audit_rows, audit_rows_of, booking, date, fresh_nik, import_time, last_queue_number, Office, DAY};
use loket::domain::lifecycle::{Event, Status, TransitionError};
use loket::domain::nik::Sex;
use loket::domain::types::{ApplicationType, PassportKind, PriorityReason, Purpose, Service};
use loket::store::{Application, Call, NewWalkIn, Store, StoreError};
use std::sync::Barrier;

/// An office-local (WIB) instant on `DAY`, e.g. `wib("08:45")`.
fn wib(hhmm: &str) -> DateTime<Utc> {
    at(&format!("{DAY}T{hhmm}:00+07:00"))
}

/// An office-local instant on another day.
fn wib_on(day: &str, hhmm: &str) -> DateTime<Utc> {
    at(&format!("{day}T{hhmm}:00+07:00"))
}

fn codes(apps: &[Application]) -> Vec<&str> {
    apps.iter().map(|a| a.booking_code.as_str()).collect()
}

/// Expects a refusal (a typed store rule, walk-in/check-in/quota refusal) whose message mentions every word.
fn refused<T: std::fmt::Debug>(result: Result<T, StoreError>, words: &[&str]) -> String {
    let err = result.expect_err("should be refused");
    let msg = match &err {
        StoreError::Rule(_) | StoreError::WalkIn(_) | StoreError::CheckIn(_) | StoreError::Quota(_) => err.to_string(),
        _ => panic!("expected a refusal, got {err:?}"),
    };
    for w in words {
        assert!(msg.contains(w), "message {msg:?} should mention {w:?}");
    }
    msg
}

fn not_allowed<T: std::fmt::Debug>(result: Result<T, StoreError>, event: Event) {
    let err = result.expect_err("should be refused");
    assert!(
        matches!(&err, StoreError::Transition(TransitionError::NotAllowed { event: e, .. }) if *e == event),
        "expected NotAllowed {event}, got {err:?}"
    );
}

fn count(store: &Store, sql: &str) -> i64 {
    rusqlite::Connection::open(store.path())
        .expect("a connection of the test's own")
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

// ---------------------------------------------------------------------------------------------------------
// Counter moves

#[test]
fn recall_writes_only_an_audit_row() {
    let mut o = Office::new();
    let code = o.book(booking("DESK0001", DAY, "09:00"));
    let officer = o.officer.clone();
    not_allowed(o.store.recall(&officer, &code, wib("07:40")), Event::Recall);

    let called = o.bring_to_counter(&code);
    let rows = o.audit_rows();
    let recalled = o.store.recall(&officer, &code, wib("08:00")).unwrap();
    assert_eq!(recalled.status, Status::AtCounter);
    assert_eq!(
        (recalled.counter_no, &recalled.called_at, &recalled.queue_no),
        (Some(1), &called.called_at, &called.queue_no)
    );
    assert_eq!(o.audit_rows(), rows + 1);
    let last = o.trail(&code).pop().unwrap();
    assert_eq!((last.action.as_str(), last.counter, last.detail.as_deref()), ("recall", Some(1), None));
    assert_eq!((last.from_status.as_deref(), last.to_status.as_deref()), (Some("at_counter"), Some("at_counter")));

    // Back in the waiting line: nothing to recall.
    o.store.put_back(&officer, &code, wib("08:05")).unwrap();
    not_allowed(o.store.recall(&officer, &code, wib("08:06")), Event::Recall);
}

#[test]
fn transfer_moves_to_an_existing_other_counter() {
    let mut o = Office::new();
    let code = o.book(booking("DESK0011", DAY, "09:00"));
    let officer = o.officer.clone();
    not_allowed(o.store.transfer(&officer, &code, 2, wib("07:40")), Event::Transfer);
    o.bring_to_counter(&code);

    let rows = o.audit_rows();
    refused(o.store.transfer(&officer, &code, 42, wib("08:00")), &["no counter 42"]);
    refused(o.store.transfer(&officer, &code, 1, wib("08:00")), &["already at counter 1"]);
    assert_eq!(o.audit_rows(), rows, "a refused transfer wrote an audit row");
    assert_eq!(o.app(&code).counter_no, Some(1));

    let moved = o.store.transfer(&officer, &code, 3, wib("08:01")).unwrap();
    assert_eq!((moved.status, moved.counter_no), (Status::AtCounter, Some(3)));
    assert_eq!(moved.called_at.as_deref(), Some("2026-11-25T01:01:00Z"));
    let last = o.trail(&code).pop().unwrap();
    assert_eq!(
        (last.action.as_str(), last.counter, last.detail.as_deref()),
        ("transfer", Some(3), Some("from counter 1"))
    );
    assert_eq!(o.store.at_counter(date(DAY), 1).unwrap(), None);
    assert_eq!(o.store.at_counter(date(DAY), 3).unwrap().map(|a| a.booking_code), Some(code));
}

#[test]
fn absent_goes_to_the_back_of_the_line_with_the_same_number() {
    let mut o = Office::new();
    let first = o.book(booking("DESK0021", DAY, "09:00"));
    let second = o.book(booking("DESK0022", DAY, "09:00"));
    let officer = o.officer.clone();
    o.store.check_in(&officer, &first, None, wib("07:45")).unwrap();
    o.store.check_in(&officer, &second, None, wib("07:50")).unwrap();
    not_allowed(o.store.mark_absent(&officer, &first, wib("07:55")), Event::MarkAbsent);

    let called = o.store.call_next(&officer, date(DAY), 1, wib("08:00")).unwrap().unwrap();
    assert_eq!(called.booking_code, first);
    let absent = o.store.mark_absent(&officer, &first, wib("08:05")).unwrap();
    assert_eq!(absent.status, Status::CheckedIn);
    assert_eq!(absent.queue_no.as_deref(), Some("A-001"));
    assert_eq!((absent.counter_no, absent.called_at.as_deref()), (None, None));
    assert_eq!(absent.checked_in_at.as_deref(), Some("2026-11-25T01:05:00Z"));
    assert_eq!(audit_rows_of(&o.store, &first, "absent"), 1);
    assert_eq!(o.store.at_counter(date(DAY), 1).unwrap(), None);

    // The one who checked in later is now ahead.
    let next = o.store.call_next(&officer, date(DAY), 1, wib("08:06")).unwrap().unwrap();
    assert_eq!(next.booking_code, second);
    let then = o.store.call_next(&officer, date(DAY), 2, wib("08:07")).unwrap().unwrap();
    assert_eq!((then.booking_code.as_str(), then.queue_no.as_deref()), (first.as_str(), Some("A-001")));
}

#[test]
fn at_counter_is_per_counter_and_date() {
    let mut o = Office::new();
    let code = o.book(booking("DESK0031", DAY, "09:00"));
    assert_eq!(o.store.at_counter(date(DAY), 1).unwrap(), None);
    o.bring_to_counter(&code);
    assert_eq!(o.store.at_counter(date(DAY), 1).unwrap().map(|a| a.booking_code), Some(code.clone()));
    assert_eq!(o.store.at_counter(date(DAY), 2).unwrap(), None);
    assert_eq!(o.store.at_counter(date("2026-11-26"), 1).unwrap(), None);
    let officer = o.officer.clone();
    o.store.record_interview(&officer, &code, wib("08:10")).unwrap();
    o.store.record_photo(&officer, &code, wib("08:12")).unwrap();
    o.store.approve(&officer, &code, wib("08:15")).unwrap();
    assert_eq!(o.store.at_counter(date(DAY), 1).unwrap(), None, "approved: the counter is free");
}

#[test]
fn counters_are_listed_by_number() {
    let o = Office::new();
    let counters = o.store.counters().unwrap();
    let expected: Vec<(u32, String)> = (1..=6).map(|n| (n, format!("Loket {n}"))).collect();
    assert_eq!(counters, expected);
}

// ---------------------------------------------------------------------------------------------------------
// Search

#[test]
fn search_by_code_prefix_nik_and_name() {
    let mut o = Office::new();
    let siti = booking("MPSRCH01", DAY, "09:00").name("Siti Rahmawati").build();
    let budi = booking("MPSRCH02", "2026-11-26", "10:00").name("Budi Santoso").build();
    let nur = booking("XKSRCH03", DAY, "08:00").name("Siti Nurhaliza").build();
    let ali = booking("XKSRCH04", "2026-11-24", "08:00").name("Muh. Ali-Akbar").build();
    o.import(&[siti.clone(), budi.clone(), nur.clone(), ali.clone()]);
    // Every search below also checks that the codes-only search (the queue's search box) finds the same, in order.
    let s = |d: Option<&str>, q: &str, limit: usize| -> Vec<String> {
        let found: Vec<String> =
            o.store.search(d.map(date), q, limit).unwrap().into_iter().map(|a| a.booking_code).collect();
        assert_eq!(o.store.search_codes(d.map(date), q, limit).unwrap(), found, "{d:?} {q:?} {limit}");
        found
    };

    // Booking-code prefix, case-insensitive; newest date first.
    assert_eq!(s(None, "mpsrch", 10), ["MPSRCH02", "MPSRCH01"]);
    assert_eq!(s(None, " xksrch0 ", 10), ["XKSRCH03", "XKSRCH04"]);
    assert_eq!(s(Some(DAY), "MPSRCH", 10), ["MPSRCH01"]);
    // NIK prefix: the whole NIK, or its first digits (every fixture NIK is from 33-74-01).
    assert_eq!(s(None, &budi.nik, 10), ["MPSRCH02"]);
    assert_eq!(s(None, &siti.nik[..6], 10), ["MPSRCH02", "XKSRCH03", "MPSRCH01", "XKSRCH04"]);
    assert_eq!(s(Some(DAY), &siti.nik[..6], 10), ["XKSRCH03", "MPSRCH01"]);
    assert!(s(None, "9999", 10).is_empty());
    // Name fragments, case and punctuation ignored; within a date by slot.
    assert_eq!(s(None, "siti", 10), ["XKSRCH03", "MPSRCH01"]);
    assert_eq!(s(None, "RAHMA", 10), ["MPSRCH01"]);
    assert_eq!(s(None, "  Santoso, ", 10), ["MPSRCH02"]);
    assert_eq!(s(None, "ali akbar", 10), ["XKSRCH04"]);
    assert_eq!(s(None, "ALI-AKBAR", 10), ["XKSRCH04"]);
    assert_eq!(s(Some("2026-11-26"), "siti", 10), Vec::<String>::new());
    // Empty queries and limits.
    assert!(s(None, "   ", 10).is_empty());
    assert!(s(None, "", 10).is_empty());
    assert_eq!(s(None, "siti", 1), ["XKSRCH03"]);
    assert!(s(None, "siti", 0).is_empty());
    // Wildcards are not wildcards.
    assert!(s(None, "%", 10).is_empty());
    assert!(s(None, "_", 10).is_empty());
}

// ---------------------------------------------------------------------------------------------------------
// Groups

/// Books a group of `n` (09:00 slot on DAY); returns the codes.
fn book_group(o: &mut Office, group: &str, prefix: &str, n: usize) -> Vec<String> {
    let rows: Vec<_> = (0..n).map(|i| booking(&format!("{prefix}{i:02}"), DAY, "09:00").group(group).build()).collect();
    o.import(&rows);
    rows.into_iter().map(|b| b.booking_code).collect()
}

#[test]
fn group_members_and_check_in_together() {
    let mut o = Office::new();
    let members = book_group(&mut o, "EAZY01", "GRPA", 3);
    o.book(booking("GRPZ0001", DAY, "09:00"));
    o.book(booking("GRPY0001", "2026-11-26", "09:00").group("EAZY01"));
    let officer = o.officer.clone();

    assert_eq!(codes(&o.store.group_members("EAZY01", date(DAY)).unwrap()), members);
    assert_eq!(codes(&o.store.group_members("EAZY01", date("2026-11-26")).unwrap()), ["GRPY0001"]);
    assert!(o.store.group_members("NOPE", date(DAY)).unwrap().is_empty());

    // One member came ahead of the rest.
    o.store.check_in(&officer, &members[1], None, wib("07:40")).unwrap();
    let done = o.store.check_in_group(&officer, "EAZY01", date(DAY), wib("07:45")).unwrap();
    assert_eq!(codes(&done), [members[0].as_str(), members[2].as_str()]);
    assert!(done.iter().all(|a| a.status == Status::CheckedIn));
    assert_eq!(done.iter().map(|a| a.queue_no.as_deref().unwrap()).collect::<Vec<_>>(), ["A-002", "A-003"]);
    for m in &members {
        assert_eq!(audit_rows_of(&o.store, m, "check_in"), 1, "{m}");
    }
    assert_eq!(o.status("GRPY0001"), Status::Booked, "another day's member is not checked in");

    refused(o.store.check_in_group(&officer, "EAZY01", date(DAY), wib("07:50")), &["EAZY01", "still booked"]);
    refused(o.store.check_in_group(&officer, "NOPE", date(DAY), wib("07:50")), &["NOPE", "no members"]);
}

#[test]
fn group_check_in_is_all_or_nothing() {
    let mut o = Office::new();
    let rows = vec![
        booking("GRPB0001", DAY, "09:00").group("EAZY02").build(),
        booking("GRPB0002", DAY, "09:00").group("EAZY02").unpaid().build(),
        booking("GRPB0003", DAY, "09:00").group("EAZY02").build(),
    ];
    o.import(&rows);
    let officer = o.officer.clone();
    let audit_before = o.audit_rows();

    refused(o.store.check_in_group(&officer, "EAZY02", date(DAY), wib("07:45")), &["GRPB0002", "not paid"]);
    for b in &rows {
        let app = o.app(&b.booking_code);
        assert_eq!((app.status, app.queue_no, app.checked_in_at), (Status::Booked, None, None), "{}", b.booking_code);
    }
    assert_eq!(o.audit_rows(), audit_before, "audit rows written for a refused group");
    assert_eq!(last_queue_number(&o.store, DAY, "A"), 0, "queue numbers used up");

    // Late for the slot: the same, naming the first member.
    refused(o.store.check_in_group(&officer, "EAZY02", date(DAY), wib("08:50")), &["GRPB0001", "late"]);
    assert_eq!(o.audit_rows(), audit_before);

    // Paid at the desk, the group goes in.
    o.store.record_payment(&officer, "GRPB0002", "1234567890ABCDEF", wib("07:50"), wib("07:50")).unwrap();
    let done = o.store.check_in_group(&officer, "EAZY02", date(DAY), wib("07:51")).unwrap();
    assert_eq!(codes(&done), ["GRPB0001", "GRPB0002", "GRPB0003"]);
}

#[test]
fn two_desks_checking_in_the_same_group() {
    const ROUNDS: usize = 8;
    let mut o = Office::new();
    let groups: Vec<(String, Vec<String>)> = (0..ROUNDS)
        .map(|r| {
            let group = format!("RACE{r:02}");
            let members = book_group(&mut o, &group, &format!("RCG{r:02}X"), 3);
            (group, members)
        })
        .collect();
    let mut other = o.open_another();
    let officer = o.officer.clone();
    let barrier = Barrier::new(2);
    let mut total = 0;
    for (group, members) in &groups {
        let (store, other) = (&mut o.store, &mut other);
        let (left, right) = std::thread::scope(|s| {
            let a = s.spawn(|| {
                barrier.wait();
                store.check_in_group(&officer, group, date(DAY), wib("07:45"))
            });
            let b = s.spawn(|| {
                barrier.wait();
                other.check_in_group(&officer, group, date(DAY), wib("07:45"))
            });
            (a.join().unwrap(), b.join().unwrap())
        });
        let (won, lost) = match (left, right) {
            (Ok(w), Err(e)) | (Err(e), Ok(w)) => (w, e),
            (l, r) => panic!("expected exactly one winner: {l:?} / {r:?}"),
        };
        assert_eq!(codes(&won), members.iter().map(String::as_str).collect::<Vec<_>>());
        refused(Err::<(), _>(lost), &["still booked"]);
        total += members.len();
        for m in members {
            assert_eq!(audit_rows_of(&o.store, m, "check_in"), 1, "{m} checked in twice");
        }
    }
    assert_eq!(last_queue_number(&o.store, DAY, "A"), total as i64);
    assert_eq!(
        count(&o.store, "SELECT COUNT(DISTINCT queue_no) FROM applications WHERE queue_no IS NOT NULL"),
        total as i64
    );
}

// ---------------------------------------------------------------------------------------------------------
// Ready list

#[test]
fn ready_list_due_approvals_then_awaiting_hand_over() {
    let mut o = Office::new();
    let officer = o.officer.clone();
    // (code, slot date, express): regular approvals are ready three working days after the slot date.
    let plan = [
        ("RDY0001", "2026-11-24", false), // approved, ready 11-27
        ("RDY0002", DAY, false),          // approved, ready 11-30
        ("RDY0003", "2026-11-23", false), // ready (11-26)
        ("RDY0004", DAY, false),          // approved, ready 11-30
        ("RDY0005", DAY, false),          // only checked in
        ("RDY0006", DAY, true),           // express, approved, ready 11-25
        ("RDY0007", "2026-11-23", false), // ready (11-26)
        ("RDY0008", "2026-11-23", false), // handed over
    ];
    for (code, day, express) in plan {
        let b = booking(code, day, "09:00");
        o.book(if express { b.express() } else { b });
    }
    for (code, day, _) in plan {
        if code == "RDY0005" {
            o.store.check_in(&officer, code, None, wib("07:45")).unwrap();
            continue;
        }
        let approved = o.bring_to_approved(code, wib_on(day, "10:00"));
        assert_eq!(approved.status, Status::Approved);
    }
    for (i, code) in ["RDY0003", "RDY0007", "RDY0008"].iter().enumerate() {
        o.store.mark_ready(&officer, code, &format!("C765432{i}"), wib_on("2026-11-26", "13:00")).unwrap();
    }
    o.store.hand_over(&officer, "RDY0008", "applicant", wib_on("2026-11-27", "09:00")).unwrap();

    let list = |day: &str| -> Vec<String> {
        o.store.ready_list(date(day)).unwrap().into_iter().map(|a| a.booking_code).collect()
    };
    assert_eq!(list("2026-11-24"), ["RDY0003", "RDY0007"]);
    assert_eq!(list(DAY), ["RDY0006", "RDY0003", "RDY0007"]);
    assert_eq!(list("2026-11-27"), ["RDY0006", "RDY0001", "RDY0003", "RDY0007"]);
    assert_eq!(list("2026-11-30"), ["RDY0006", "RDY0001", "RDY0002", "RDY0004", "RDY0003", "RDY0007"]);
    let apps = o.store.ready_list(date("2026-11-30")).unwrap();
    assert_eq!(apps[1].ready_date, Some(date("2026-11-27")));
    assert_eq!(apps[2].ready_date, Some(date("2026-11-30")));
}

// ---------------------------------------------------------------------------------------------------------
// Waiting-room board

#[test]
fn recent_calls_newest_first_with_their_counters() {
    let mut o = Office::new();
    let one = booking("CALL0001", DAY, "09:00").name("Ani Wijaya").build();
    let two = booking("CALL0002", DAY, "09:00").name("Bayu Pratama").build();
    let tomorrow = booking("CALL0003", "2026-11-26", "09:00").name("Citra Lestari").build();
    o.import(&[one, two, tomorrow]);
    let officer = o.officer.clone();
    o.store.check_in(&officer, "CALL0001", None, wib("07:45")).unwrap();
    o.store.check_in(&officer, "CALL0002", None, wib("07:46")).unwrap();
    assert!(o.store.recent_calls(date(DAY), 10).unwrap().is_empty());

    o.store.call(&officer, "CALL0001", 1, wib("08:00")).unwrap();
    o.store.call(&officer, "CALL0002", 2, wib("08:01")).unwrap();
    o.store.transfer(&officer, "CALL0001", 3, wib("08:02")).unwrap();
    o.store.recall(&officer, "CALL0002", wib("08:03")).unwrap();
    o.store.record_interview(&officer, "CALL0001", wib("08:04")).unwrap(); // not a call
    o.store.mark_absent(&officer, "CALL0002", wib("08:05")).unwrap(); // not a call
    o.store.check_in(&officer, "CALL0003", None, wib_on("2026-11-26", "07:45")).unwrap();
    o.store.call(&officer, "CALL0003", 4, wib_on("2026-11-26", "08:00")).unwrap();

    let call = |q: &str, counter: u32, at: &str, name: &str| Call {
        queue_no: q.into(),
        counter,
        at: at.into(),
        full_name: name.into(),
    };
    let calls = o.store.recent_calls(date(DAY), 10).unwrap();
    assert_eq!(
        calls,
        [
            call("A-002", 2, "2026-11-25T01:03:00Z", "Bayu Pratama"),
            call("A-001", 3, "2026-11-25T01:02:00Z", "Ani Wijaya"),
            call("A-002", 2, "2026-11-25T01:01:00Z", "Bayu Pratama"),
            call("A-001", 1, "2026-11-25T01:00:00Z", "Ani Wijaya"),
        ]
    );
    assert_eq!(o.store.recent_calls(date(DAY), 2).unwrap(), calls[..2]);
    assert!(o.store.recent_calls(date(DAY), 0).unwrap().is_empty());
    assert_eq!(
        o.store.recent_calls(date("2026-11-26"), 10).unwrap(),
        [call("A-001", 4, "2026-11-26T01:00:00Z", "Citra Lestari")]
    );
    // Serialises for the board.
    let json = serde_json::to_string(&calls[0]).unwrap();
    assert!(json.contains("\"counter\":2") && json.contains("\"queue_no\":\"A-002\""), "{json}");
}

// ---------------------------------------------------------------------------------------------------------
// Walk-ins

/// A walk-in born on `birth` with a NIK that agrees: new electronic 5-year passport for tourism.
fn walk_in(birth: &str, sex: Sex, reason: PriorityReason) -> NewWalkIn {
    let birth = date(birth);
    NewWalkIn {
        nik: fresh_nik(birth, sex),
        full_name: "Mbah Sarinah".into(),
        sex,
        birth_date: birth,
        phone: Some("081298765432".into()),
        priority_reason: reason,
        application_type: ApplicationType::New,
        purpose: Purpose::Tourism,
        passport_kind: PassportKind::Electronic,
        validity_years: 5,
        old_passport_no: None,
    }
}

fn elderly() -> NewWalkIn {
    walk_in("1950-03-02", Sex::Male, PriorityReason::Elderly)
}

fn register(o: &mut Office, w: &NewWalkIn, now: DateTime<Utc>) -> Result<Application, StoreError> {
    let officer = o.officer.clone();
    o.store.register_walk_in_paid(&officer, w, "0A1B2C3D4E5F6789", now)
}

/// Counts rows that a refused walk-in must not have added.
fn footprint(o: &Office) -> (i64, i64, i64, i64) {
    (
        audit_rows(&o.store),
        count(&o.store, "SELECT COUNT(*) FROM applications"),
        count(&o.store, "SELECT COUNT(*) FROM applicants"),
        last_queue_number(&o.store, DAY, "P"),
    )
}

fn walk_in_refused(o: &mut Office, w: &NewWalkIn, now: DateTime<Utc>, words: &[&str]) -> String {
    let before = footprint(o);
    let msg = refused(register(o, w, now), words);
    assert_eq!(footprint(o), before, "a refused walk-in wrote something ({msg})");
    msg
}

#[test]
fn walk_in_is_registered_paid_and_checked_in_on_the_priority_line() {
    let mut o = Office::new();
    let regular = o.book(booking("WALK0001", DAY, "09:00"));
    let officer = o.officer.clone();
    o.store.check_in(&officer, &regular, None, wib("07:45")).unwrap();

    let w = elderly();
    let app = register(&mut o, &w, wib("09:10")).unwrap();
    assert_eq!(app.booking_code, "WI2611250001");
    assert_eq!((app.status, app.queue_no.as_deref()), (Status::CheckedIn, Some("P-001")));
    assert_eq!((app.slot_date, app.slot_start.as_str(), app.slot_end.as_str()), (date(DAY), "09:00", "10:00"));
    assert_eq!(app.priority_reason, Some(PriorityReason::Elderly));
    assert_eq!((app.service, app.fee_idr), (Service::Regular, 650_000));
    assert_eq!(app.paid_at.as_deref(), Some("2026-11-25T02:10:00Z"));
    assert_eq!(app.checked_in_at.as_deref(), Some("2026-11-25T02:10:00Z"));
    assert_eq!(
        (app.nik.as_deref(), app.full_name.as_str(), app.sex.as_str()),
        (Some(w.nik.as_str()), "Mbah Sarinah", "L")
    );
    let (source, billing): (String, String) = rusqlite::Connection::open(o.store.path())
        .expect("a connection of the test's own")
        .query_row("SELECT source, billing_code FROM applications WHERE booking_code = ?1", [&app.booking_code], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(source, "walk_in");
    assert_eq!(billing, "926112500000001");
    let trail: Vec<_> = o.trail(&app.booking_code).into_iter().map(|e| (e.action, e.to_status)).collect();
    assert_eq!(
        trail,
        [("walk_in".to_string(), Some("booked".to_string())), ("check_in".to_string(), Some("checked_in".to_string()))]
    );

    // The next one gets the next code, billing code and priority number.
    let infant = walk_in("2024-01-15", Sex::Female, PriorityReason::Infant);
    let second = register(&mut o, &infant, wib("09:20")).unwrap();
    assert_eq!((second.booking_code.as_str(), second.queue_no.as_deref()), ("WI2611250002", Some("P-002")));
    let billing2: String = rusqlite::Connection::open(o.store.path())
        .expect("a connection of the test's own")
        .query_row("SELECT billing_code FROM applications WHERE booking_code = 'WI2611250002'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(billing2, "926112500000002");

    // The priority line is called first, although the regular applicant checked in earlier.
    let next = o.store.call_next(&officer, date(DAY), 1, wib("09:25")).unwrap().unwrap();
    assert_eq!(next.booking_code, "WI2611250001");
}

#[test]
fn walk_in_slot_follows_the_clock_and_ignores_slot_quota() {
    let mut o = Office::new();
    let supervisor = o.supervisor.clone();
    o.store.set_setting(&supervisor, "slot_quota", "1", import_time()).unwrap();
    o.book(booking("WALK0101", DAY, "09:00")); // the 09:00 slot is now full
    let app = register(&mut o, &elderly(), wib("09:59")).unwrap();
    assert_eq!(app.slot_start, "09:00");
    let slot = o.store.slots_of_day(date(DAY)).unwrap().into_iter().find(|s| s.start == "09:00").unwrap();
    assert_eq!((slot.booked, slot.quota), (2, 1));
    // Before the first slot: the first; after the last: the last.
    assert_eq!(register(&mut o, &elderly(), wib("07:35")).unwrap().slot_start, "08:00");
    assert_eq!(register(&mut o, &elderly(), wib("15:30")).unwrap().slot_start, "14:00");
}

#[test]
fn walk_in_reason_must_fit_the_applicant() {
    let mut o = Office::new();
    let now = wib("09:10");
    let forty_five = walk_in("1981-03-02", Sex::Male, PriorityReason::Elderly);
    walk_in_refused(&mut o, &forty_five, now, &["lansia", "60", "45"]);
    let six = walk_in("2020-01-15", Sex::Female, PriorityReason::Infant);
    walk_in_refused(&mut o, &six, now, &["balita", "under 5", "6"]);
    let pregnant_man = walk_in("1995-01-10", Sex::Male, PriorityReason::Pregnant);
    walk_in_refused(&mut o, &pregnant_man, now, &["hamil", "women"]);
    // Disability and pregnancy are attested by the officer.
    assert!(register(&mut o, &walk_in("1995-01-10", Sex::Female, PriorityReason::Pregnant), now).is_ok());
    assert!(register(&mut o, &walk_in("1995-01-10", Sex::Male, PriorityReason::Disability), now).is_ok());
}

#[test]
fn walk_in_nik_must_be_valid_and_agree() {
    let mut o = Office::new();
    let now = wib("09:10");
    let mut w = elderly();
    w.nik = fresh_nik(w.birth_date, Sex::Female); // a woman's NIK, stated as male
    walk_in_refused(&mut o, &w, now, &["NIK says female"]);
    let mut w = elderly();
    w.birth_date = date("1950-03-03");
    walk_in_refused(&mut o, &w, now, &["NIK says born 1950-03-02"]);
    let mut w = elderly();
    w.nik = "3704031011880001".into();
    walk_in_refused(&mut o, &w, now, &["province"]);
    let mut w = elderly();
    w.full_name = "   ".into();
    walk_in_refused(&mut o, &w, now, &["name"]);
}

#[test]
fn walk_in_validity_and_old_passport() {
    let mut o = Office::new();
    let now = wib("09:10");
    let mut toddler = walk_in("2023-06-01", Sex::Male, PriorityReason::Infant);
    toddler.validity_years = 10;
    walk_in_refused(&mut o, &toddler, now, &["10-year", "17"]);

    let mut replacement = elderly();
    replacement.application_type = ApplicationType::Replacement;
    walk_in_refused(&mut o, &replacement, now, &["penggantian", "old passport"]);
    replacement.old_passport_no = Some("12-34".into());
    walk_in_refused(&mut o, &replacement, now, &["old passport number"]);
    replacement.old_passport_no = Some(" b1234567 ".into());
    replacement.validity_years = 10;
    let app = register(&mut o, &replacement, now).unwrap();
    assert_eq!(app.old_passport_no.as_deref(), Some("B1234567"));
    assert_eq!((app.validity_years, app.fee_idr), (10, 950_000));

    let mut damaged = elderly();
    damaged.application_type = ApplicationType::Damaged;
    walk_in_refused(&mut o, &damaged, now, &["rusak", "old passport"]);
    damaged.old_passport_no = Some("AB123456".into());
    assert_eq!(register(&mut o, &damaged, now).unwrap().fee_idr, 650_000 + 500_000);
}

#[test]
fn walk_in_priority_quota_counts_todays_walk_ins_only() {
    let mut o = Office::new();
    let supervisor = o.supervisor.clone();
    o.store.set_setting(&supervisor, "priority_quota", "2", import_time()).unwrap();
    // A booked priority applicant does not use the walk-in quota.
    o.book(booking("WALK0201", DAY, "09:00").priority(PriorityReason::Elderly));
    // Yesterday's walk-in does not count today.
    register(&mut o, &elderly(), wib_on("2026-11-24", "10:00")).unwrap();
    register(&mut o, &elderly(), wib("09:10")).unwrap();
    register(&mut o, &elderly(), wib("09:11")).unwrap();
    walk_in_refused(&mut o, &elderly(), wib("09:12"), &["priority quota for today (2) is used up"]);

    o.store.set_setting(&supervisor, "priority_quota", "50", import_time()).unwrap();
    assert_eq!(register(&mut o, &elderly(), wib("09:13")).unwrap().booking_code, "WI2611250003");
}

#[test]
fn walk_in_only_while_the_office_is_open() {
    let mut o = Office::new();
    walk_in_refused(&mut o, &elderly(), wib_on("2026-11-28", "10:00"), &["Saturday"]);
    walk_in_refused(&mut o, &elderly(), wib_on("2026-12-25", "10:00"), &["day off"]);
    walk_in_refused(&mut o, &elderly(), wib("07:29"), &["closed", "07:30", "16:00"]);
    walk_in_refused(&mut o, &elderly(), wib("16:00"), &["closed"]);
    assert!(register(&mut o, &elderly(), wib("07:30")).is_ok());
    assert!(register(&mut o, &elderly(), wib("15:59")).is_ok());
}

#[test]
fn walk_in_needs_no_other_booking_today_and_reuses_the_applicant() {
    let mut o = Office::new();
    let booked = booking("WALK0301", DAY, "10:00").build();
    let later = booking("WALK0302", "2026-11-26", "10:00").build();
    o.import(&[booked.clone(), later.clone()]);
    let as_walk_in = |b: &loket::store::NewBooking| NewWalkIn {
        nik: b.nik.clone(),
        full_name: b.full_name.clone(),
        sex: b.sex,
        birth_date: b.birth_date,
        priority_reason: PriorityReason::Disability,
        ..elderly()
    };
    walk_in_refused(&mut o, &as_walk_in(&booked), wib("09:10"), &["already has an active booking today", "WALK0301"]);

    // Booked for another day: served today as a walk-in, the same applicant.
    let app = register(&mut o, &as_walk_in(&later), wib("09:10")).unwrap();
    assert_eq!(app.applicant_id, o.app("WALK0302").applicant_id);
    // And not twice the same day.
    walk_in_refused(
        &mut o,
        &as_walk_in(&later),
        wib("09:20"),
        &["already has an active booking today", app.booking_code.as_str()],
    );
}

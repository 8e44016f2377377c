//! The application lifecycle through the store: the happy paths, the audit trail they leave, and every refused
//! move leaving the row and the audit log untouched.

mod common;

use common::{at, audit_rows_of, booking, date, Office, OFFICER, SUPERVISOR};
use loket::domain::lifecycle::{
    transition, CancelReason, Event, HandOverKind, RejectionReason, Status, TransitionError,
};
use loket::store::{Application, StoreError};

#[test]
fn counter_happy_path_from_booking_to_hand_over() {
    let mut o = Office::new();
    let (officer, supervisor) = (o.officer.clone(), o.supervisor.clone());
    let code = o.book(booking("MP000101", "2026-11-26", "09:00"));
    assert_eq!(o.status(&code), Status::Booked);

    let app = o.store.check_in(&officer, &code, None, at("2026-11-26T08:10:00+07:00")).unwrap();
    assert_eq!(app.status, Status::CheckedIn);
    assert_eq!(app.queue_no.as_deref(), Some("A-001"));
    assert_eq!(app.checked_in_at.as_deref(), Some("2026-11-26T01:10:00Z"), "stored as UTC");

    let app = o.store.call(&officer, &code, 3, at("2026-11-26T08:30:00+07:00")).unwrap();
    assert_eq!((app.status, app.counter_no), (Status::AtCounter, Some(3)));

    let app = o.store.record_interview(&officer, &code, at("2026-11-26T08:35:00+07:00")).unwrap();
    assert_eq!(app.status, Status::AtCounter);
    assert!(app.interview_at.is_some() && app.photo_at.is_none());
    let app = o.store.record_photo(&officer, &code, at("2026-11-26T08:40:00+07:00")).unwrap();
    assert_eq!(app.status, Status::AtCounter);
    assert!(app.photo_at.is_some());

    // Thursday + 3 working days = Tuesday.
    let app = o.store.approve(&officer, &code, at("2026-11-26T08:45:00+07:00")).unwrap();
    assert_eq!(app.status, Status::Approved);
    assert_eq!(app.ready_date, Some(date("2026-12-01")));

    let app = o.store.mark_ready(&supervisor, &code, " c1234567 ", at("2026-12-01T09:00:00+07:00")).unwrap();
    assert_eq!(app.status, Status::Ready);
    assert_eq!(app.passport_no.as_deref(), Some("C1234567"), "trimmed and upper-cased");

    let app = o.store.hand_over(&officer, &code, "Pemohon sendiri", at("2026-12-02T10:00:00+07:00")).unwrap();
    assert_eq!(app.status, Status::HandedOver);
    assert_eq!(app.queue_no.as_deref(), Some("A-001"), "the queue number stays with the application");

    // The audit trail: one row per change, with officer and from/to status.
    let trail = o.trail(&code);
    let got: Vec<_> = trail
        .iter()
        .map(|e| (e.action.as_str(), e.officer.as_str(), e.from_status.as_deref(), e.to_status.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("book", SUPERVISOR, None, Some("booked")),
            ("check_in", OFFICER, Some("booked"), Some("checked_in")),
            ("call", OFFICER, Some("checked_in"), Some("at_counter")),
            ("interview", OFFICER, Some("at_counter"), Some("at_counter")),
            ("photo", OFFICER, Some("at_counter"), Some("at_counter")),
            ("approve", OFFICER, Some("at_counter"), Some("approved")),
            ("ready", SUPERVISOR, Some("approved"), Some("ready")),
            ("hand_over", OFFICER, Some("ready"), Some("handed_over")),
        ]
    );
    let details: Vec<_> = trail.iter().map(|e| e.detail.as_deref()).collect();
    assert_eq!(details[1], Some("A-001"));
    // The counter is a column of its own, on every row at the counter; not text in the detail.
    assert_eq!(details[2], None);
    let counters: Vec<_> = trail.iter().map(|e| e.counter).collect();
    assert_eq!(counters, [None, None, Some(3), Some(3), Some(3), Some(3), None, None]);
    assert_eq!(details[5], Some("ready on 2026-12-01"));
    assert_eq!(details[6], Some("C1234567"));
    assert_eq!(details[7], Some("collected by Pemohon sendiri"));
    assert_eq!(trail[1].at, "2026-11-26T01:10:00Z");
}

#[test]
fn dispatch_path_by_pt_pos() {
    let mut o = Office::new();
    let officer = o.officer.clone();
    let code = o.book(booking("MP000102", "2026-11-26", "10:00"));
    // Photo before interview works too.
    o.bring_to_counter(&code);
    o.store.record_photo(&officer, &code, at("2026-11-26T09:00:00+07:00")).unwrap();
    o.store.record_interview(&officer, &code, at("2026-11-26T09:05:00+07:00")).unwrap();
    o.store.approve(&officer, &code, at("2026-11-26T09:10:00+07:00")).unwrap();
    o.store.mark_ready(&officer, &code, "E7654321", at("2026-12-01T09:00:00+07:00")).unwrap();

    let address = "Jl. Pemuda 12, Semarang";
    let app = o.store.dispatch(&officer, &code, address, "P2612010001", at("2026-12-01T11:00:00+07:00")).unwrap();
    assert_eq!(app.status, Status::Dispatched);
    let stored: (String, String) = rusqlite::Connection::open(o.store.path())
        .expect("a connection of the test's own")
        .query_row("SELECT delivery_address, pos_tracking_no FROM applications WHERE booking_code = ?1", [&code], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(stored, (address.to_string(), "P2612010001".to_string()));

    let trail = o.trail(&code);
    let last = trail.last().unwrap();
    assert_eq!(last.action, "dispatch");
    assert_eq!((last.from_status.as_deref(), last.to_status.as_deref()), (Some("ready"), Some("dispatched")));
    assert_eq!(last.detail.as_deref(), Some("PT Pos P2612010001"));

    // A dispatch needs both the address and the tracking number (checked on a ready one).
    let other = o.book(booking("MP000106", "2026-11-26", "10:00"));
    o.bring_to_approved(&other, at("2026-11-26T10:00:00+07:00"));
    o.store.mark_ready(&officer, &other, "E7654322", at("2026-12-01T09:00:00+07:00")).unwrap();
    let before = (o.app(&other), o.audit_rows());
    let err = o.store.dispatch(&officer, &other, address, " ", at("2026-12-01T11:00:00+07:00")).unwrap_err();
    assert!(matches!(err, StoreError::Rule(loket::store::Refusal::NoDispatchDetails)), "{err:?}");
    assert_eq!((o.app(&other), o.audit_rows()), before);
}

#[test]
fn put_back_keeps_the_queue_number_and_a_rejection_needs_the_interview() {
    let mut o = Office::new();
    let (officer, supervisor) = (o.officer.clone(), o.supervisor.clone());
    let code = o.book(booking("MP000103", "2026-11-26", "09:00"));
    let app = o.bring_to_counter(&code);
    assert_eq!(app.queue_no.as_deref(), Some("A-001"));

    let app = o.store.put_back(&officer, &code, at("2026-11-26T08:00:00+07:00")).unwrap();
    assert_eq!((app.status, app.counter_no, app.called_at.as_deref()), (Status::CheckedIn, None, None));
    assert_eq!(app.queue_no.as_deref(), Some("A-001"));

    o.store.call(&officer, &code, 2, at("2026-11-26T08:10:00+07:00")).unwrap();
    o.store.record_interview(&officer, &code, at("2026-11-26T08:15:00+07:00")).unwrap();
    let reason = RejectionReason::NonProceduralMigrantWorker;
    let t = at("2026-11-26T08:20:00+07:00");
    let app = o.store.reject(&supervisor, &code, reason, "tidak ada rekomendasi disnaker", t).unwrap();
    assert_eq!((app.status, app.rejection_reason), (Status::Rejected, Some(reason)));
    assert_eq!(audit_rows_of(&o.store, &code, "reject"), 1);
}

/// Performs `event` on `code` through the store, with plausible arguments.
fn perform(o: &mut Office, code: &str, event: Event) -> Result<Application, StoreError> {
    let (actor, t) = (o.supervisor.clone(), at("2026-11-26T08:00:00+07:00"));
    let s = &mut o.store;
    match event {
        Event::CheckIn => s.check_in(&actor, code, None, t),
        Event::Call => s.call(&actor, code, 1, t),
        Event::PutBack => s.put_back(&actor, code, t),
        Event::Recall => s.recall(&actor, code, t),
        Event::Transfer => s.transfer(&actor, code, 2, t),
        Event::MarkAbsent => s.mark_absent(&actor, code, t),
        Event::RecordPhoto => s.record_photo(&actor, code, t),
        Event::RecordInterview => s.record_interview(&actor, code, t),
        Event::Approve => s.approve(&actor, code, t),
        Event::Reject(reason) => s.reject(&actor, code, reason, "catatan petugas", t),
        Event::MarkReady => s.mark_ready(&actor, code, "C1234567", t),
        Event::HandOver(HandOverKind::Counter) => s.hand_over(&actor, code, "Pemohon", t),
        Event::HandOver(HandOverKind::Post) => s.dispatch(&actor, code, "Jl. Mawar 1", "P1", t),
        Event::Reschedule => s.reschedule(&actor, code, date("2026-11-30"), "10:00", None, t),
        Event::SpecialReschedule => s.reschedule(&actor, code, date("2026-11-30"), "10:00", Some("uji"), t),
        Event::Cancel(reason) => s.cancel(&actor, code, reason, t),
    }
}

/// Runs a refused action and checks that it failed the expected way and that neither the application row
/// (`updated_at` included) nor the audit log changed.
fn assert_refused_unchanged(o: &mut Office, code: &str, event: Event, expected: TransitionError) {
    let updated_at = |o: &Office| -> String {
        let sql = "SELECT updated_at FROM applications WHERE booking_code = ?1";
        rusqlite::Connection::open(o.store.path())
            .expect("a connection of the test's own")
            .query_row(sql, [code], |r| r.get(0))
            .unwrap()
    };
    let (before, updated_before, audit_before) = (o.app(code), updated_at(o), o.audit_rows());

    let err = perform(o, code, event).expect_err("the store should refuse");
    assert!(matches!(&err, StoreError::Transition(e) if *e == expected), "{event}: got {err:?}, want {expected:?}");

    assert_eq!(o.app(code), before, "{event}: application changed after a refusal");
    assert_eq!(o.status(code), before.status);
    assert_eq!(updated_at(o), updated_before, "{event}: updated_at touched");
    assert_eq!(o.audit_rows(), audit_before, "{event}: audit rows written for a refused action");
}

fn not_allowed(from: Status, event: Event) -> TransitionError {
    TransitionError::NotAllowed { from, event }
}

#[test]
fn named_refusals_change_nothing() {
    use Event as E;
    use Status as S;
    let mut o = Office::new();
    let code = o.book(booking("MP000104", "2026-11-26", "09:00"));

    assert_refused_unchanged(&mut o, &code, E::MarkReady, not_allowed(S::Booked, E::MarkReady));
    assert_refused_unchanged(&mut o, &code, E::Approve, not_allowed(S::Booked, E::Approve));

    perform(&mut o, &code, E::CheckIn).unwrap();
    assert_refused_unchanged(&mut o, &code, E::CheckIn, not_allowed(S::CheckedIn, E::CheckIn));

    perform(&mut o, &code, E::Call).unwrap();
    let no_interview = TransitionError::Incomplete { missing: "the interview" };
    assert_refused_unchanged(&mut o, &code, E::Approve, no_interview);
    perform(&mut o, &code, E::RecordInterview).unwrap();
    let no_photo = TransitionError::Incomplete { missing: "the photo/biometrics" };
    assert_refused_unchanged(&mut o, &code, E::Approve, no_photo);
    assert_refused_unchanged(&mut o, &code, E::RecordInterview, TransitionError::AlreadyInterviewed);
    perform(&mut o, &code, E::RecordPhoto).unwrap();
    assert_refused_unchanged(&mut o, &code, E::RecordPhoto, TransitionError::PhotoAlreadyTaken);

    perform(&mut o, &code, E::Approve).unwrap();
    let counter = E::HandOver(HandOverKind::Counter);
    assert_refused_unchanged(&mut o, &code, counter, not_allowed(S::Approved, counter));
}

/// Walks one application along the happy path and, at every stop, tries every event the domain refuses from
/// there: the store must refuse it with the domain's own error and change nothing.
#[test]
fn every_refused_event_at_every_stage_changes_nothing() {
    use Event as E;
    let mut o = Office::new();
    let code = o.book(booking("MP000105", "2026-11-26", "09:00"));
    let mut events = vec![
        E::CheckIn,
        E::Call,
        E::PutBack,
        E::Recall,
        E::Transfer,
        E::MarkAbsent,
        E::RecordPhoto,
        E::RecordInterview,
        E::Approve,
        E::MarkReady,
        E::Reschedule,
        E::SpecialReschedule,
    ];
    events.extend(RejectionReason::ALL.iter().map(|r| E::Reject(*r)));
    events.extend(HandOverKind::ALL.iter().map(|k| E::HandOver(*k)));
    events.extend(CancelReason::ALL.iter().map(|r| E::Cancel(*r)));

    let path = [E::CheckIn, E::Call, E::RecordInterview, E::RecordPhoto, E::Approve, E::MarkReady];
    let mut tried = 0;
    for step in path.iter().map(Some).chain([None]) {
        let app = o.app(&code);
        for &event in &events {
            if let Err(expected) = transition(app.status, app.progress(), event) {
                assert_refused_unchanged(&mut o, &code, event, expected);
                tried += 1;
            }
        }
        if let Some(&step) = step {
            perform(&mut o, &code, step).unwrap_or_else(|e| panic!("{step} from {}: {e}", app.status));
        }
    }
    assert!(tried > 80, "only {tried} refusals tried");
    assert_eq!(o.status(&code), Status::Ready);
    // Final states refuse everything.
    perform(&mut o, &code, E::HandOver(HandOverKind::Counter)).unwrap();
    for &event in &events {
        assert_refused_unchanged(&mut o, &code, event, not_allowed(Status::HandedOver, event));
    }
}

#[test]
fn cancelled_booking_cannot_check_in_and_an_unknown_code_is_not_found() {
    let mut o = Office::new();
    let officer = o.officer.clone();
    let code = o.book(booking("MP000107", "2026-11-26", "09:00"));
    let app = o.store.cancel(&officer, &code, CancelReason::NoShow, at("2026-11-26T16:00:00+07:00")).unwrap();
    assert_eq!((app.status, app.queue_no), (Status::Cancelled, None));
    assert_eq!(audit_rows_of(&o.store, &code, "cancel_no_show"), 1);
    assert_refused_unchanged(&mut o, &code, Event::CheckIn, not_allowed(Status::Cancelled, Event::CheckIn));

    let err = o.store.check_in(&officer, "NOSUCH01", None, at("2026-11-26T08:00:00+07:00")).unwrap_err();
    assert!(matches!(&err, StoreError::NotFound(c) if c == "NOSUCH01"), "{err:?}");
    // Lookup is case-insensitive.
    assert_eq!(o.store.application(&code.to_lowercase()).unwrap().booking_code, code);
}

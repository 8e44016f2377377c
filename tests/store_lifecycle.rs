//! The application lifecycle through the store: the happy paths, the audit trail they leave, and every refused
//! move leaving the row and the audit log untouched.

mod common;

use common::{at, audit_rows_of, booking, date, Office, OFFICER, SUPERVISOR};
use loket::domain::lifecycle::{CancelReason, Event, RejectionReason, Status, TransitionError};
use loket::store::{AuditFilter, Store, StoreError};

#[test]
fn counter_happy_path_from_booking_to_hand_over() {
    let mut o = Office::new();
    let code = o.book(booking("MP000101", "2026-11-26", "09:00"));
    assert_eq!(o.status(&code), Status::Booked);

    let app = o.store.check_in(&o.officer, &code, None, at("2026-11-26T08:10:00+07:00")).unwrap();
    assert_eq!(app.status, Status::CheckedIn);
    assert_eq!(app.queue_no.as_deref(), Some("A-001"));
    assert_eq!(app.checked_in_at.as_deref(), Some("2026-11-26T01:10:00Z"), "stored as UTC");

    let app = o.store.call(&o.officer, &code, 3, at("2026-11-26T08:30:00+07:00")).unwrap();
    assert_eq!(app.status, Status::AtCounter);
    assert_eq!(app.counter_no, Some(3));

    let app = o.store.record_interview(&o.officer, &code, at("2026-11-26T08:35:00+07:00")).unwrap();
    assert_eq!((app.status, app.interview_at.is_some(), app.photo_at.is_some()), (Status::AtCounter, true, false));
    let app = o.store.record_photo(&o.officer, &code, at("2026-11-26T08:40:00+07:00")).unwrap();
    assert_eq!((app.status, app.photo_at.is_some()), (Status::AtCounter, true));

    // Thursday + 3 working days = Tuesday.
    let app = o.store.approve(&o.officer, &code, at("2026-11-26T08:45:00+07:00")).unwrap();
    assert_eq!(app.status, Status::Approved);
    assert_eq!(app.ready_date, Some(date("2026-12-01")));

    let app = o.store.mark_ready(&o.supervisor, &code, " c1234567 ", at("2026-12-01T09:00:00+07:00")).unwrap();
    assert_eq!(app.status, Status::Ready);
    assert_eq!(app.passport_no.as_deref(), Some("C1234567"), "trimmed and upper-cased");

    let app = o.store.hand_over(&o.officer, &code, "Pemohon sendiri", at("2026-12-02T10:00:00+07:00")).unwrap();
    assert_eq!(app.status, Status::HandedOver);
    assert_eq!(app.queue_no.as_deref(), Some("A-001"), "the queue number stays with the application");

    // The audit trail: one row per change, with officer and from/to status.
    let trail = o.store.audit(&AuditFilter { booking_code: Some(code.clone()), ..Default::default() }).unwrap();
    let got: Vec<(&str, &str, Option<&str>, Option<&str>)> = trail
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
    assert_eq!(trail[1].detail.as_deref(), Some("A-001"));
    assert_eq!(trail[2].detail.as_deref(), Some("counter 3"));
    assert_eq!(trail[5].detail.as_deref(), Some("ready on 2026-12-01"));
    assert_eq!(trail[6].detail.as_deref(), Some("C1234567"));
    assert_eq!(trail[7].detail.as_deref(), Some("collected by Pemohon sendiri"));
    assert_eq!(trail[1].at, "2026-11-26T01:10:00Z");
}

#[test]
fn dispatch_path_by_pt_pos() {
    let mut o = Office::new();
    let code = o.book(booking("MP000102", "2026-11-26", "10:00"));
    // photo before interview works too
    o.to_counter(&code);
    o.store.record_photo(&o.officer, &code, at("2026-11-26T09:00:00+07:00")).unwrap();
    o.store.record_interview(&o.officer, &code, at("2026-11-26T09:05:00+07:00")).unwrap();
    o.store.approve(&o.officer, &code, at("2026-11-26T09:10:00+07:00")).unwrap();
    o.store.mark_ready(&o.officer, &code, "E7654321", at("2026-12-01T09:00:00+07:00")).unwrap();

    let app = o
        .store
        .dispatch(&o.officer, &code, "Jl. Pemuda 12, Semarang", "P2612010001", at("2026-12-01T11:00:00+07:00"))
        .unwrap();
    assert_eq!(app.status, Status::Dispatched);
    let (address, tracking): (String, String) = o
        .store
        .conn()
        .query_row("SELECT delivery_address, pos_tracking_no FROM applications WHERE booking_code = ?1", [&code], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((address.as_str(), tracking.as_str()), ("Jl. Pemuda 12, Semarang", "P2612010001"));

    let last = o.store.audit(&AuditFilter { booking_code: Some(code.clone()), ..Default::default() }).unwrap();
    let last = last.last().unwrap();
    assert_eq!(last.action, "dispatch");
    assert_eq!((last.from_status.as_deref(), last.to_status.as_deref()), (Some("ready"), Some("dispatched")));
    assert_eq!(last.detail.as_deref(), Some("PT Pos P2612010001"));

    // Dispatched is final.
    let err = o.store.hand_over(&o.officer, &code, "someone", at("2026-12-02T10:00:00+07:00")).unwrap_err();
    assert!(matches!(err, StoreError::Transition(TransitionError::NotAllowed { from: Status::Dispatched, .. })), "{err:?}");
}

#[test]
fn put_back_keeps_queue_number_and_reject_is_final() {
    let mut o = Office::new();
    let code = o.book(booking("MP000103", "2026-11-26", "09:00"));
    let app = o.to_counter(&code);
    assert_eq!(app.queue_no.as_deref(), Some("A-001"));

    let app = o.store.put_back(&o.officer, &code, at("2026-11-26T08:00:00+07:00")).unwrap();
    assert_eq!((app.status, app.counter_no, app.called_at.as_deref()), (Status::CheckedIn, None, None));
    assert_eq!(app.queue_no.as_deref(), Some("A-001"));

    o.store.call(&o.officer, &code, 2, at("2026-11-26T08:10:00+07:00")).unwrap();
    o.store.record_interview(&o.officer, &code, at("2026-11-26T08:15:00+07:00")).unwrap();
    let app = o
        .store
        .reject(&o.supervisor, &code, RejectionReason::NonProceduralMigrantWorker, "tidak ada rekomendasi disnaker", at("2026-11-26T08:20:00+07:00"))
        .unwrap();
    assert_eq!(app.status, Status::Rejected);
    assert_eq!(app.rejection_reason, Some(RejectionReason::NonProceduralMigrantWorker));
    assert_eq!(audit_rows_of(&o.store, &code, "reject"), 1);
}

/// Runs a refused action and checks that it failed the expected way and that neither the application row nor
/// the audit log changed.
fn assert_refused_unchanged(
    o: &mut Office,
    code: &str,
    action: impl FnOnce(&mut Store) -> Result<loket::store::Application, StoreError>,
    expected: impl FnOnce(&StoreError) -> bool,
) {
    let before = o.app(code);
    let updated_before: String =
        o.store.conn().query_row("SELECT updated_at FROM applications WHERE booking_code = ?1", [code], |r| r.get(0)).unwrap();
    let audit_before = o.audit_rows();

    let err = action(&mut o.store).expect_err("the store should refuse");
    assert!(expected(&err), "unexpected error: {err:?}");

    assert_eq!(o.app(code), before, "application changed after a refusal");
    assert_eq!(o.status(code), before.status);
    let updated_after: String =
        o.store.conn().query_row("SELECT updated_at FROM applications WHERE booking_code = ?1", [code], |r| r.get(0)).unwrap();
    assert_eq!(updated_after, updated_before);
    assert_eq!(o.audit_rows(), audit_before, "audit rows written for a refused action");
}

fn not_allowed(from: Status, event: Event) -> impl FnOnce(&StoreError) -> bool {
    move |e| matches!(e, StoreError::Transition(TransitionError::NotAllowed { from: f, event: ev }) if *f == from && *ev == event)
}

#[test]
fn refused_transitions_change_nothing() {
    let mut o = Office::new();
    let officer = o.officer.clone();
    let t = at("2026-11-26T08:00:00+07:00");
    let code = o.book(booking("MP000104", "2026-11-26", "09:00"));

    // On a booked application: nothing but check-in (or reschedule/cancel) is allowed.
    assert_refused_unchanged(&mut o, &code, |s| s.mark_ready(&officer, &code, "C1234567", t), not_allowed(Status::Booked, Event::MarkReady));
    assert_refused_unchanged(&mut o, &code, |s| s.call(&officer, &code, 1, t), not_allowed(Status::Booked, Event::Call));
    assert_refused_unchanged(&mut o, &code, |s| s.record_photo(&officer, &code, t), not_allowed(Status::Booked, Event::RecordPhoto));
    assert_refused_unchanged(&mut o, &code, |s| s.approve(&officer, &code, t), not_allowed(Status::Booked, Event::Approve));
    assert_refused_unchanged(&mut o, &code, |s| s.hand_over(&officer, &code, "x", t), not_allowed(Status::Booked, Event::HandOver(loket::domain::lifecycle::HandOverKind::Counter)));

    // Check-in twice.
    o.store.check_in(&officer, &code, None, t).unwrap();
    assert_refused_unchanged(&mut o, &code, |s| s.check_in(&officer, &code, None, t), not_allowed(Status::CheckedIn, Event::CheckIn));
    assert_refused_unchanged(&mut o, &code, |s| s.approve(&officer, &code, t), not_allowed(Status::CheckedIn, Event::Approve));
    assert_refused_unchanged(&mut o, &code, |s| s.cancel(&officer, &code, CancelReason::NoShow, t), not_allowed(Status::CheckedIn, Event::Cancel(CancelReason::NoShow)));

    // At the counter: approve before the interview, before the photo; photo twice.
    o.store.call(&officer, &code, 1, t).unwrap();
    assert_refused_unchanged(&mut o, &code, |s| s.approve(&officer, &code, t), |e| {
        matches!(e, StoreError::Transition(TransitionError::Incomplete { missing: "the interview" }))
    });
    assert_refused_unchanged(&mut o, &code, |s| s.reject(&officer, &code, RejectionReason::InvalidData, "", t), |e| {
        matches!(e, StoreError::Transition(TransitionError::Incomplete { missing: "the interview" }))
    });
    o.store.record_interview(&officer, &code, t).unwrap();
    assert_refused_unchanged(&mut o, &code, |s| s.approve(&officer, &code, t), |e| {
        matches!(e, StoreError::Transition(TransitionError::Incomplete { missing: "the photo/biometrics" }))
    });
    assert_refused_unchanged(&mut o, &code, |s| s.record_interview(&officer, &code, t), |e| {
        matches!(e, StoreError::Transition(TransitionError::AlreadyInterviewed))
    });
    o.store.record_photo(&officer, &code, t).unwrap();
    assert_refused_unchanged(&mut o, &code, |s| s.record_photo(&officer, &code, t), |e| {
        matches!(e, StoreError::Transition(TransitionError::PhotoAlreadyTaken))
    });
    assert_refused_unchanged(&mut o, &code, |s| s.mark_ready(&officer, &code, "C1234567", t), not_allowed(Status::AtCounter, Event::MarkReady));

    // Approved: not yet ready, so no hand-over or dispatch; no second approval.
    o.store.approve(&officer, &code, t).unwrap();
    assert_refused_unchanged(&mut o, &code, |s| s.hand_over(&officer, &code, "Pemohon", t), not_allowed(Status::Approved, Event::HandOver(loket::domain::lifecycle::HandOverKind::Counter)));
    assert_refused_unchanged(&mut o, &code, |s| s.dispatch(&officer, &code, "Jl. Mawar 1", "P1", t), not_allowed(Status::Approved, Event::HandOver(loket::domain::lifecycle::HandOverKind::Post)));
    assert_refused_unchanged(&mut o, &code, |s| s.approve(&officer, &code, t), not_allowed(Status::Approved, Event::Approve));
    assert_refused_unchanged(&mut o, &code, |s| s.cancel(&officer, &code, CancelReason::Withdrawn, t), not_allowed(Status::Approved, Event::Cancel(CancelReason::Withdrawn)));
    // A malformed passport number is refused before the transition.
    assert_refused_unchanged(&mut o, &code, |s| s.mark_ready(&officer, &code, "12345678", t), |e| matches!(e, StoreError::Refused(_)));

    // Handed over: final.
    o.store.mark_ready(&officer, &code, "C1234567", t).unwrap();
    assert_refused_unchanged(&mut o, &code, |s| s.hand_over(&officer, &code, "  ", t), |e| matches!(e, StoreError::Refused(_)));
    o.store.hand_over(&officer, &code, "Pemohon", t).unwrap();
    assert_refused_unchanged(&mut o, &code, |s| s.hand_over(&officer, &code, "Pemohon", t), not_allowed(Status::HandedOver, Event::HandOver(loket::domain::lifecycle::HandOverKind::Counter)));
    assert_refused_unchanged(&mut o, &code, |s| s.check_in(&officer, &code, None, t), not_allowed(Status::HandedOver, Event::CheckIn));
}

#[test]
fn cancelled_booking_cannot_check_in_and_unknown_code_is_not_found() {
    let mut o = Office::new();
    let officer = o.officer.clone();
    let code = o.book(booking("MP000105", "2026-11-26", "09:00"));
    let app = o.store.cancel(&officer, &code, CancelReason::NoShow, at("2026-11-26T16:00:00+07:00")).unwrap();
    assert_eq!(app.status, Status::Cancelled);
    assert_eq!(app.queue_no, None);
    assert_refused_unchanged(&mut o, &code, |s| s.check_in(&officer, &code, None, at("2026-11-26T08:00:00+07:00")), not_allowed(Status::Cancelled, Event::CheckIn));

    let err = o.store.check_in(&officer, "NOSUCH01", None, at("2026-11-26T08:00:00+07:00")).unwrap_err();
    assert!(matches!(&err, StoreError::NotFound(c) if c == "NOSUCH01"), "{err:?}");
    // Lookup is case-insensitive.
    assert_eq!(o.store.application(&code.to_lowercase()).unwrap().booking_code, code);
}

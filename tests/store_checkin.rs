//! Check-in through the store, driven by the clock value: the window's edges, the supervisor override, payment
//! and old-passport rules, and queue numbers per service line.

mod common;

use common::{at, audit_rows, audit_rows_of, booking, last_queue_number, Office, DAY, OFFICER, SUPERVISOR};
use loket::domain::lifecycle::{CancelReason, Status};
use loket::domain::types::{ApplicationType, PriorityReason};
use loket::store::{Application, StoreError};

/// A regular booking for the 09:00 slot on 2026-11-25 (check-in deadline 08:45).
fn nine_oclock(o: &mut Office, code: &str) -> String {
    o.book(booking(code, DAY, "09:00"))
}

/// Checks in as the officer (no override) at an RFC 3339 instant.
fn check_in(o: &mut Office, code: &str, when: &str) -> Result<Application, StoreError> {
    let officer = o.officer.clone();
    o.store.check_in(&officer, code, None, at(when))
}

/// Checks in as the supervisor with a late-arrival override reason.
fn check_in_override(o: &mut Office, code: &str, reason: &str, when: &str) -> Result<Application, StoreError> {
    let supervisor = o.supervisor.clone();
    o.store.check_in(&supervisor, code, Some(reason), at(when))
}

/// The queue number a successful check-in at `when` hands out.
fn queue_no(o: &mut Office, code: &str, when: &str) -> String {
    check_in(o, code, when).unwrap().queue_no.expect("a checked-in application has a queue number")
}

/// Expects a check-in refusal (`StoreError::CheckIn`) mentioning all `words`, and checks nothing was written (status, queue-number
/// counter, audit log).
fn assert_refused(o: &mut Office, code: &str, result: Result<Application, StoreError>, words: &[&str]) {
    let err = result.expect_err("check-in should be refused");
    let StoreError::CheckIn(refusal) = &err else { panic!("expected a check-in refusal, got {err:?}") };
    let msg = &refusal.to_string();
    for w in words {
        assert!(msg.contains(w), "message {msg:?} should mention {w:?}");
    }
    let app = o.app(code);
    assert_eq!((app.status, app.queue_no, app.checked_in_at), (Status::Booked, None, None));
    assert_eq!(audit_rows_of(&o.store, code, "check_in"), 0, "audit row written for a refusal");
    assert_eq!(last_queue_number(&o.store, DAY, "A"), 0, "a queue number was used up");
}

/// A refused check-in (as the officer) at `when`.
fn assert_check_in_refused(o: &mut Office, code: &str, when: &str, words: &[&str]) {
    let result = check_in(o, code, when);
    assert_refused(o, code, result, words);
}

#[test]
fn on_time_up_to_the_second_of_the_deadline() {
    let mut o = Office::new();
    let code = nine_oclock(&mut o, "MP000201");
    let app = check_in(&mut o, &code, "2026-11-25T08:45:00+07:00").unwrap();
    assert_eq!((app.status, app.queue_no.as_deref()), (Status::CheckedIn, Some("A-001")));
    assert_eq!(app.checked_in_at.as_deref(), Some("2026-11-25T01:45:00Z"));
}

#[test]
fn one_second_late_is_refused_and_mentions_the_override() {
    let mut o = Office::new();
    let code = nine_oclock(&mut o, "MP000202");
    assert_check_in_refused(&mut o, &code, "2026-11-25T08:45:01+07:00", &["late", "08:45", "override"]);
}

#[test]
fn the_same_instant_in_another_offset_is_judged_in_office_time() {
    let mut o = Office::new();
    let code = nine_oclock(&mut o, "MP000203");
    // 09:45:01 WITA is 08:45:01 WIB: late at a +07:00 office.
    assert_check_in_refused(&mut o, &code, "2026-11-25T09:45:01+08:00", &["late"]);
    // 01:45:00Z is 08:45:00 WIB: on time.
    assert_eq!(check_in(&mut o, &code, "2026-11-25T01:45:00Z").unwrap().status, Status::CheckedIn);
}

#[test]
fn wrong_day_is_refused_before_and_after() {
    let mut o = Office::new();
    let code = nine_oclock(&mut o, "MP000204");
    assert_check_in_refused(&mut o, &code, "2026-11-24T08:00:00+07:00", &["wrong day", "2026-11-25", "reschedule"]);
    assert_check_in_refused(&mut o, &code, "2026-11-26T08:00:00+07:00", &["wrong day", "2026-11-25"]);
    // One second before local midnight is still the day before (though UTC is already on the 24th's 16:59).
    assert_check_in_refused(&mut o, &code, "2026-11-24T23:59:59+07:00", &["wrong day"]);
}

#[test]
fn before_opening_is_refused_then_the_opening_minute_is_fine() {
    let mut o = Office::new();
    let code = nine_oclock(&mut o, "MP000205");
    assert_check_in_refused(&mut o, &code, "2026-11-25T07:29:00+07:00", &["opens at 07:30"]);
    assert_check_in_refused(&mut o, &code, "2026-11-25T07:29:59+07:00", &["opens at 07:30"]);
    assert_eq!(check_in(&mut o, &code, "2026-11-25T07:30:00+07:00").unwrap().status, Status::CheckedIn);
}

#[test]
fn late_override_by_a_supervisor_is_admitted_and_audited_with_the_reason() {
    let mut o = Office::new();
    let code = nine_oclock(&mut o, "MP000206");
    let reason = "ban bocor di tol, surat keterangan ditunjukkan";
    let app = check_in_override(&mut o, &code, reason, "2026-11-25T09:10:00+07:00").unwrap();
    assert_eq!((app.status, app.queue_no.as_deref()), (Status::CheckedIn, Some("A-001")));

    let trail = o.trail(&code);
    let row = trail.iter().find(|e| e.action == "check_in").expect("check_in audited");
    assert_eq!(row.officer, SUPERVISOR);
    let detail = row.detail.as_deref().unwrap_or_default();
    assert!(detail.contains(reason), "audit detail {detail:?} should carry the reason");
    assert!(detail.contains("A-001"), "{detail:?}");
}

#[test]
fn late_override_needs_a_reason() {
    let mut o = Office::new();
    let code = nine_oclock(&mut o, "MP000207");
    let result = check_in_override(&mut o, &code, "   ", "2026-11-25T09:10:00+07:00");
    assert_refused(&mut o, &code, result, &["reason"]);
}

#[test]
fn late_override_by_an_officer_is_not_allowed() {
    let mut o = Office::new();
    let code = nine_oclock(&mut o, "MP000208");
    let before = o.audit_rows();
    let officer = o.officer.clone();
    let err = o.store.check_in(&officer, &code, Some("kasihan"), at("2026-11-25T09:10:00+07:00")).unwrap_err();
    assert!(matches!(&err, StoreError::NotSupervisor { officer, .. } if officer == OFFICER), "{err:?}");
    assert_eq!(o.status(&code), Status::Booked);
    assert_eq!(o.audit_rows(), before);
    assert_eq!(last_queue_number(&o.store, DAY, "A"), 0);
}

#[test]
fn an_override_does_not_rescue_a_wrong_day() {
    let mut o = Office::new();
    let code = nine_oclock(&mut o, "MP000209");
    let result = check_in_override(&mut o, &code, "alasan", "2026-11-26T08:00:00+07:00");
    assert_refused(&mut o, &code, result, &["wrong day"]);
}

#[test]
fn unpaid_is_refused_until_the_payment_is_recorded() {
    let mut o = Office::new();
    let code = o.book(booking("MP000210", DAY, "09:00").unpaid());
    assert_check_in_refused(&mut o, &code, "2026-11-25T08:00:00+07:00", &["not paid"]);
    // An override is about lateness, not payment.
    let result = check_in_override(&mut o, &code, "alasan", "2026-11-25T09:10:00+07:00");
    assert_refused(&mut o, &code, result, &["not paid"]);

    let officer = o.officer.clone();
    let paid = at("2026-11-25T08:05:00+07:00");
    o.store.record_payment(&officer, &code, "1234567890ABCDEF", paid, at("2026-11-25T08:06:00+07:00")).unwrap();
    let app = check_in(&mut o, &code, "2026-11-25T08:10:00+07:00").unwrap();
    assert_eq!(app.status, Status::CheckedIn);
    assert_eq!(app.paid_at.as_deref(), Some("2026-11-25T01:05:00Z"));
}

#[test]
fn a_replacement_without_the_old_passport_cannot_even_be_booked() {
    let mut o = Office::new();
    let before = audit_rows(&o.store);
    for app_type in [ApplicationType::Replacement, ApplicationType::Damaged] {
        let out = o.try_import(&[booking("MP000211", DAY, "09:00").kind(app_type, None).build()]);
        assert!(!out.committed, "{app_type}: {out:?}");
        assert_eq!(out.problems.len(), 1, "{app_type}: {out:?}");
        assert!(o.store.application("MP000211").is_err(), "{app_type}: the row must not exist");
    }
    assert_eq!(audit_rows(&o.store), before);
}

#[test]
fn replacement_and_damaged_with_the_old_passport_check_in() {
    let mut o = Office::new();
    let replacement = o.book(booking("MP000212", DAY, "09:00").kind(ApplicationType::Replacement, Some("B1234567")));
    let damaged = o.book(booking("MP000213", DAY, "09:00").kind(ApplicationType::Damaged, Some("AB123456")));
    let a = check_in(&mut o, &replacement, "2026-11-25T08:00:00+07:00").unwrap();
    let b = check_in(&mut o, &damaged, "2026-11-25T08:00:00+07:00").unwrap();
    assert_eq!((a.status, a.old_passport_no.as_deref()), (Status::CheckedIn, Some("B1234567")));
    assert_eq!((b.status, b.old_passport_no.as_deref()), (Status::CheckedIn, Some("AB123456")));
}

#[test]
fn queue_numbers_are_per_line() {
    let mut o = Office::new();
    let priority = o.book(booking("MP000221", DAY, "09:00").priority(PriorityReason::Elderly));
    let express = o.book(booking("MP000222", DAY, "09:00").express());
    let regular1 = o.book(booking("MP000223", DAY, "09:00"));
    let regular2 = o.book(booking("MP000224", DAY, "10:00"));
    // Priority wins over express: a disabled express applicant queues on the P line.
    let disabled_express = o.book(booking("MP000225", DAY, "10:00").express().priority(PriorityReason::Disability));

    let t = "2026-11-25T08:00:00+07:00";
    assert_eq!(queue_no(&mut o, &regular1, t), "A-001");
    assert_eq!(queue_no(&mut o, &priority, t), "P-001");
    assert_eq!(queue_no(&mut o, &express, t), "E-001");
    assert_eq!(queue_no(&mut o, &regular2, t), "A-002");
    assert_eq!(queue_no(&mut o, &disabled_express, t), "P-002");

    assert_eq!(last_queue_number(&o.store, DAY, "A"), 2);
    assert_eq!(last_queue_number(&o.store, DAY, "E"), 1);
    assert_eq!(last_queue_number(&o.store, DAY, "P"), 2);
}

#[test]
fn queue_numbers_restart_each_day() {
    let mut o = Office::new();
    let today = o.book(booking("MP000226", DAY, "09:00"));
    let tomorrow = o.book(booking("MP000227", "2026-11-26", "09:00"));
    assert_eq!(queue_no(&mut o, &today, "2026-11-25T08:00:00+07:00"), "A-001");
    assert_eq!(queue_no(&mut o, &tomorrow, "2026-11-26T08:00:00+07:00"), "A-001");
}

#[test]
fn queue_numbers_are_never_reused_after_a_withdrawal() {
    let mut o = Office::new();
    let first = o.book(booking("MP000231", DAY, "09:00"));
    let second = o.book(booking("MP000232", DAY, "09:00"));
    let third = o.book(booking("MP000233", DAY, "10:00"));
    assert_eq!(queue_no(&mut o, &first, "2026-11-25T08:00:00+07:00"), "A-001");
    assert_eq!(queue_no(&mut o, &second, "2026-11-25T08:00:00+07:00"), "A-002");

    let officer = o.officer.clone();
    let withdrawn =
        o.store.cancel(&officer, &second, CancelReason::Withdrawn, at("2026-11-25T08:05:00+07:00")).unwrap();
    assert_eq!(withdrawn.status, Status::Cancelled);
    assert_eq!(withdrawn.queue_no.as_deref(), Some("A-002"), "the cancelled one keeps its number");
    assert_eq!(audit_rows_of(&o.store, &second, "withdraw"), 1);

    assert_eq!(queue_no(&mut o, &third, "2026-11-25T08:10:00+07:00"), "A-003");
}

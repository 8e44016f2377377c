//! Reschedules through the store: the applicant's ordinary one (by the day before, limited) and the office's
//! special one (a supervisor, with a reason, any time, not counted).

mod common;

use common::{at, audit_rows_of, booking, date, Office, DAY};
use loket::domain::lifecycle::{CancelReason, Event, Status, TransitionError};
use loket::store::{Application, StoreError};

type Moved = Result<Application, StoreError>;

/// A regular booking for 2026-11-25 09:00.
fn booked(o: &mut Office, code: &str) -> String {
    o.book(booking(code, DAY, "09:00"))
}

/// An ordinary reschedule by the officer to `day` `start`, at the office-local instant `now`.
fn ordinary(o: &mut Office, code: &str, day: &str, start: &str, now: &str) -> Moved {
    let officer = o.officer.clone();
    o.store.reschedule(&officer, code, date(day), start, None, at(now))
}

/// A special reschedule by the supervisor with `reason`.
fn special(o: &mut Office, code: &str, day: &str, start: &str, reason: &str, now: &str) -> Moved {
    let supervisor = o.supervisor.clone();
    o.store.reschedule(&supervisor, code, date(day), start, Some(reason), at(now))
}

/// Runs `action`, expects a refusal (a typed reschedule refusal or store rule) mentioning all `words`, and checks that neither the booking
/// nor the audit log changed.
fn assert_refused(o: &mut Office, code: &str, action: impl FnOnce(&mut Office) -> Moved, words: &[&str]) {
    let (before, audit_before) = (o.app(code), o.audit_rows());
    let err = action(o).expect_err("the reschedule should be refused");
    let msg = &match &err {
        StoreError::Rule(_) | StoreError::Reschedule(_) => err.to_string(),
        _ => panic!("expected a refusal, got {err:?}"),
    };
    for w in words {
        assert!(msg.contains(w), "message {msg:?} should mention {w:?}");
    }
    assert_eq!(o.app(code), before, "booking changed after a refusal");
    assert_eq!(o.audit_rows(), audit_before, "audit row written for a refusal");
}

/// Active bookings in a slot.
fn used(o: &Office, day: &str, start: &str) -> u32 {
    let slots = o.store.slots_of_day(date(day)).unwrap();
    slots.into_iter().find(|s| s.start == start).map_or(0, |s| s.booked)
}

#[test]
fn ordinary_reschedule_the_day_before_is_allowed_and_counted() {
    let mut o = Office::new();
    let code = booked(&mut o, "MP000401");
    let app = ordinary(&mut o, &code, "2026-11-27", "10:00", "2026-11-24T15:00:00+07:00").unwrap();
    assert_eq!(app.status, Status::Booked);
    assert_eq!((app.slot_date, app.slot_start.as_str(), app.slot_end.as_str()), (date("2026-11-27"), "10:00", "11:00"));
    assert_eq!(app.reschedule_count, 1);

    let trail = o.trail(&code);
    let row = trail.iter().find(|e| e.action == "reschedule").expect("reschedule audited");
    assert_eq!(row.officer, common::OFFICER);
    assert_eq!((row.from_status.as_deref(), row.to_status.as_deref()), (Some("booked"), Some("booked")));
    assert_eq!(row.detail.as_deref(), Some("2026-11-25 09:00 -> 2026-11-27 10:00"));

    // The old slot frees its place, the new one holds it.
    assert_eq!(used(&o, DAY, "09:00"), 0);
    assert_eq!(used(&o, "2026-11-27", "10:00"), 1);

    // And check-in now follows the new slot.
    let officer = o.officer.clone();
    let err = o.store.check_in(&officer, &code, None, at("2026-11-25T08:00:00+07:00")).unwrap_err();
    assert!(matches!(&err, StoreError::CheckIn(r) if r.to_string().contains("wrong day")), "{err:?}");
    let app = o.store.check_in(&officer, &code, None, at("2026-11-27T09:00:00+07:00")).unwrap();
    assert_eq!(app.status, Status::CheckedIn);
}

#[test]
fn ordinary_reschedule_on_the_day_is_refused() {
    let mut o = Office::new();
    let code = booked(&mut o, "MP000402");
    assert_refused(
        &mut o,
        &code,
        |o| ordinary(o, &code, "2026-11-27", "10:00", "2026-11-25T07:31:00+07:00"),
        &["day before", "2026-11-25"],
    );
    // One second before midnight of the day before is still in time.
    let app = ordinary(&mut o, &code, "2026-11-27", "10:00", "2026-11-24T23:59:59+07:00").unwrap();
    assert_eq!(app.slot_date, date("2026-11-27"));
}

#[test]
fn ordinary_reschedule_after_the_booked_day_is_refused() {
    let mut o = Office::new();
    let code = booked(&mut o, "MP000403");
    assert_refused(
        &mut o,
        &code,
        |o| ordinary(o, &code, "2026-11-30", "10:00", "2026-11-26T09:00:00+07:00"),
        &["day before"],
    );
}

#[test]
fn second_ordinary_reschedule_is_over_the_limit() {
    let mut o = Office::new();
    let code = booked(&mut o, "MP000404");
    ordinary(&mut o, &code, "2026-11-27", "10:00", "2026-11-20T09:00:00+07:00").unwrap();
    assert_eq!(o.app(&code).reschedule_count, 1);
    assert_refused(
        &mut o,
        &code,
        |o| ordinary(o, &code, "2026-11-30", "10:00", "2026-11-21T09:00:00+07:00"),
        &["limit is 1"],
    );
}

#[test]
fn reschedule_limit_is_a_setting() {
    let mut o = Office::new();
    let supervisor = o.supervisor.clone();
    o.store.set_setting(&supervisor, "reschedule_limit", "2", at("2026-11-19T09:00:00+07:00")).unwrap();
    let code = booked(&mut o, "MP000405");
    ordinary(&mut o, &code, "2026-11-27", "10:00", "2026-11-20T09:00:00+07:00").unwrap();
    let app = ordinary(&mut o, &code, "2026-11-30", "10:00", "2026-11-21T09:00:00+07:00").unwrap();
    assert_eq!(app.reschedule_count, 2);
}

/// Fills 2026-11-27 10:00 to its quota of 30.
fn fill_friday_ten(o: &mut Office) {
    let quota = o.store.settings().unwrap().slot_quota as usize;
    assert_eq!(quota, 30);
    let rows: Vec<_> = (0..quota).map(|i| booking(&format!("FULL{i:04}"), "2026-11-27", "10:00").build()).collect();
    o.import(&rows);
}

#[test]
fn reschedule_to_a_full_slot_is_refused() {
    let mut o = Office::new();
    fill_friday_ten(&mut o);
    let code = booked(&mut o, "MP000406");
    assert_refused(
        &mut o,
        &code,
        |o| ordinary(o, &code, "2026-11-27", "10:00", "2026-11-20T09:00:00+07:00"),
        &["full", "30/30"],
    );
    // A special reschedule does not get past the quota either.
    assert_refused(
        &mut o,
        &code,
        |o| special(o, &code, "2026-11-27", "10:00", "sistem gangguan", "2026-11-25T10:00:00+07:00"),
        &["full"],
    );
    // The next slot has room.
    let app = ordinary(&mut o, &code, "2026-11-27", "11:00", "2026-11-20T09:00:00+07:00").unwrap();
    assert_eq!(app.slot_start, "11:00");
}

#[test]
fn a_cancelled_booking_frees_its_place() {
    let mut o = Office::new();
    fill_friday_ten(&mut o);
    let officer = o.officer.clone();
    o.store.cancel(&officer, "FULL0000", CancelReason::Withdrawn, at("2026-11-19T09:00:00+07:00")).unwrap();
    let code = booked(&mut o, "MP000407");
    let app = ordinary(&mut o, &code, "2026-11-27", "10:00", "2026-11-20T09:00:00+07:00").unwrap();
    assert_eq!(app.slot_start, "10:00");
    assert_eq!(used(&o, "2026-11-27", "10:00"), 30);
}

#[test]
fn reschedule_to_a_weekend_or_holiday_is_refused() {
    let mut o = Office::new();
    let code = booked(&mut o, "MP000408");
    // Saturday, Sunday, cuti bersama, Natal.
    for day in ["2026-11-28", "2026-11-29", "2026-12-24", "2026-12-25"] {
        assert_refused(
            &mut o,
            &code,
            |o| ordinary(o, &code, day, "10:00", "2026-11-20T09:00:00+07:00"),
            &[day, "not a working day"],
        );
    }
    assert_eq!(o.app(&code).reschedule_count, 0, "refusals are not counted");
}

#[test]
fn reschedule_to_today_the_past_the_same_slot_or_a_non_slot_is_refused() {
    let mut o = Office::new();
    let code = booked(&mut o, "MP000409");
    let now = "2026-11-20T09:00:00+07:00";
    let cases: [(&str, &str, &str); 5] = [
        ("2026-11-20", "14:00", "after today"),
        ("2026-11-19", "10:00", "after today"),
        ("2026-11-27", "15:00", "not a slot"), // the last slot starts at 14:00
        ("2026-11-27", "10:30", "not a slot"),
        (DAY, "09:00", "booked slot"),
    ];
    for (day, start, why) in cases {
        assert_refused(&mut o, &code, |o| ordinary(o, &code, day, start, now), &[why]);
    }
}

#[test]
fn special_reschedule_on_the_day_by_a_supervisor_is_not_counted() {
    let mut o = Office::new();
    let code = booked(&mut o, "MP000410");
    let reason = "server SIMKIM gangguan sejak pagi";
    let app = special(&mut o, &code, "2026-11-26", "09:00", reason, "2026-11-25T10:00:00+07:00").unwrap();
    assert_eq!((app.slot_date, app.slot_start.as_str()), (date("2026-11-26"), "09:00"));
    assert_eq!(app.reschedule_count, 0, "a special reschedule does not count against the applicant");

    let trail = o.trail(&code);
    let row = trail.iter().find(|e| e.action == "reschedule").unwrap();
    assert_eq!(row.officer, common::SUPERVISOR);
    let detail = row.detail.as_deref().unwrap();
    assert!(detail.starts_with("special:") && detail.contains(reason), "{detail:?}");

    // The applicant still has their own ordinary reschedule (by the day before the new date).
    let app = ordinary(&mut o, &code, "2026-11-30", "09:00", "2026-11-25T11:00:00+07:00").unwrap();
    assert_eq!(app.reschedule_count, 1);
}

#[test]
fn special_reschedule_past_the_limit_and_after_the_day() {
    let mut o = Office::new();
    let code = booked(&mut o, "MP000411");
    ordinary(&mut o, &code, "2026-11-27", "10:00", "2026-11-20T09:00:00+07:00").unwrap();
    // The day after the new date, the office admits it gave the applicant a wrong schedule.
    let app = special(&mut o, &code, "2026-12-01", "10:00", "petugas salah input jadwal", "2026-11-28T09:00:00+07:00")
        .unwrap();
    assert_eq!((app.slot_date, app.reschedule_count), (date("2026-12-01"), 1));
}

#[test]
fn special_reschedule_still_needs_a_reason_and_a_working_day() {
    let mut o = Office::new();
    let code = booked(&mut o, "MP000412");
    let now = "2026-11-25T10:00:00+07:00";
    assert_refused(&mut o, &code, |o| special(o, &code, "2026-11-28", "10:00", "banjir", now), &["not a working day"]);
    assert_refused(&mut o, &code, |o| special(o, &code, "2026-11-26", "10:00", "  ", now), &["reason"]);
}

#[test]
fn special_reschedule_by_an_officer_is_refused() {
    let mut o = Office::new();
    let code = booked(&mut o, "MP000413");
    let (before, audit) = (o.app(&code), o.audit_rows());
    let officer = o.officer.clone();
    let err = o
        .store
        .reschedule(
            &officer,
            &code,
            date("2026-11-26"),
            "09:00",
            Some("sistem gangguan"),
            at("2026-11-25T10:00:00+07:00"),
        )
        .unwrap_err();
    assert!(matches!(&err, StoreError::NotSupervisor { officer, .. } if officer == common::OFFICER), "{err:?}");
    assert_eq!(o.app(&code), before);
    assert_eq!(o.audit_rows(), audit);
}

/// An applicant already checked in can only be moved by the office (a special reschedule, e.g. to resolve
/// them at day close): they leave the day's queue and check in anew on the new date.
#[test]
fn a_checked_in_booking_moves_only_by_special_reschedule() {
    let mut o = Office::new();
    let code = booked(&mut o, "MP000414");
    let officer = o.officer.clone();
    o.store.check_in(&officer, &code, None, at("2026-11-25T08:00:00+07:00")).unwrap();
    let err = o
        .store
        .reschedule(&officer, &code, date("2026-11-26"), "09:00", None, at("2026-11-25T08:30:00+07:00"))
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Transition(TransitionError::NotAllowed { from: Status::CheckedIn, event: Event::Reschedule })
        ),
        "{err:?}"
    );
    let moved =
        special(&mut o, &code, "2026-11-26", "09:00", "sistem SIMKIM mati", "2026-11-25T08:30:00+07:00").unwrap();
    assert_eq!(moved.status, Status::Booked);
    assert_eq!(moved.slot_date.to_string(), "2026-11-26");
    assert_eq!((moved.queue_no, moved.checked_in_at, moved.reschedule_count), (None, None, 0));
    assert_eq!(audit_rows_of(&o.store, &code, "reschedule"), 1);
}

/// Regression test: the import refuses a second active booking of one NIK on the same day, and a reschedule
/// onto a day where the applicant already holds an active booking must be refused too (it used to be accepted,
/// leaving one person with two quota places and two queue numbers on one day).
#[test]
fn reschedule_onto_a_day_the_applicant_already_has_a_booking_is_refused() {
    let mut o = Office::new();
    let friday = booking("MP000415", "2026-11-27", "09:00").build();
    let wednesday = booking("MP000416", DAY, "09:00").same_applicant_as(&friday).build();
    o.import(&[friday.clone(), wednesday.clone()]);

    // The import keeps one active booking per person per day…
    let dup = booking("MP000417", "2026-11-27", "11:00").same_applicant_as(&friday).build();
    let out = o.try_import(&[dup]);
    assert!(!out.committed && out.problems[0].why.contains("already has an active booking"), "{out:?}");

    // …and so should a reschedule.
    let code = wednesday.booking_code;
    let (before, audit) = (o.app(&code), o.audit_rows());
    let r = ordinary(&mut o, &code, "2026-11-27", "10:00", "2026-11-20T09:00:00+07:00");
    assert!(
        r.is_err(),
        "rescheduled onto a day with another active booking of the same NIK: {:?}",
        r.map(|a| (a.slot_date, a.slot_start))
    );
    assert_eq!(o.app(&code), before);
    assert_eq!(o.audit_rows(), audit);
}

//! The ready date the store sets at approval: working days from the holiday table, express the same day, and
//! the configurable number of days.

mod common;

use chrono::NaiveDate;
use common::{at, booking, date, Office, OFFICER, SUPERVISOR};
use loket::domain::lifecycle::Status;
use loket::store::StoreError;

/// Books a regular (or express) application for 09:00 on `day`, takes it through the counter and approves it
/// at 10:00 office time; returns the ready date.
fn approve_on(o: &mut Office, code: &str, day: &str, express: bool) -> NaiveDate {
    let b = booking(code, day, "09:00");
    let code = o.book(if express { b.express() } else { b });
    let app = o.bring_to_approved(&code, at(&format!("{day}T10:00:00+07:00")));
    assert_eq!(app.status, Status::Approved);
    app.ready_date.expect("approved applications have a ready date")
}

fn set(o: &mut Office, key: &str, value: &str) -> Result<(), StoreError> {
    let supervisor = o.supervisor.clone();
    o.store.set_setting(&supervisor, key, value, at("2026-11-20T09:00:00+07:00"))
}

#[test]
fn an_ordinary_week_is_three_working_days() {
    let mut o = Office::new();
    // Monday → Thursday
    assert_eq!(approve_on(&mut o, "MP000301", "2026-11-23", false), date("2026-11-26"));
}

#[test]
fn across_a_weekend() {
    let mut o = Office::new();
    // Thursday → Friday, Monday, Tuesday
    assert_eq!(approve_on(&mut o, "MP000302", "2026-11-26", false), date("2026-12-01"));
}

#[test]
fn across_christmas_leave_holiday_and_weekend() {
    let mut o = Office::new();
    // Wednesday 23 Dec → skips Thu 24 (cuti bersama), Fri 25 (Natal), Sat 26, Sun 27 → Mon 28, Tue 29, Wed 30.
    assert_eq!(approve_on(&mut o, "MP000303", "2026-12-23", false), date("2026-12-30"));
    let trail = o.trail("MP000303");
    let approve = trail.iter().find(|e| e.action == "approve").unwrap();
    assert_eq!(approve.detail.as_deref(), Some("ready on 2026-12-30"));
}

#[test]
fn counted_from_the_office_local_day_of_approval() {
    let mut o = Office::new();
    let officer = o.officer.clone();
    let code = o.book(booking("MP000304", "2026-11-26", "09:00"));
    o.bring_to_counter(&code);
    let t = at("2026-11-26T07:50:00+07:00");
    o.store.record_interview(&officer, &code, t).unwrap();
    o.store.record_photo(&officer, &code, t).unwrap();
    // 06:30 on Friday in the office is still Thursday 23:30 in UTC: the count starts from the office's Friday,
    // so Friday + 3 working days = Wednesday (counting from UTC's Thursday would give Tuesday).
    let app = o.store.approve(&officer, &code, at("2026-11-27T06:30:00+07:00")).unwrap();
    assert_eq!(app.ready_date, Some(date("2026-12-02")));
}

#[test]
fn express_is_ready_the_same_day() {
    let mut o = Office::new();
    assert_eq!(approve_on(&mut o, "MP000305", "2026-11-26", true), date("2026-11-26"));
    // Even the day before a long weekend.
    assert_eq!(approve_on(&mut o, "MP000306", "2026-12-23", true), date("2026-12-23"));
}

#[test]
fn a_supervisor_can_make_it_four_working_days() {
    let mut o = Office::new();
    set(&mut o, "ready_after_working_days", "4").unwrap();
    assert_eq!(o.store.settings().unwrap().ready_after_working_days, 4);
    // Thursday + 4 working days → Wednesday
    assert_eq!(approve_on(&mut o, "MP000307", "2026-11-26", false), date("2026-12-02"));
    // Express stays same-day.
    assert_eq!(approve_on(&mut o, "MP000310", "2026-11-26", true), date("2026-11-26"));

    let audit = o.store.audit(&Default::default()).unwrap();
    let row = audit.iter().find(|e| e.action == "setting").expect("setting change audited");
    assert_eq!(row.officer, SUPERVISOR);
    assert_eq!(row.detail.as_deref(), Some("ready_after_working_days: 3 -> 4"));
}

#[test]
fn the_setting_is_shared_with_other_workstations() {
    let mut o = Office::new();
    let mut other = o.open_another();
    other.set_setting(&o.supervisor, "ready_after_working_days", "4", at("2026-11-20T09:00:00+07:00")).unwrap();
    assert_eq!(approve_on(&mut o, "MP000308", "2026-11-26", false), date("2026-12-02"));
}

#[test]
fn an_officer_cannot_change_settings() {
    let mut o = Office::new();
    let before = o.audit_rows();
    let officer = o.officer.clone();
    let err =
        o.store.set_setting(&officer, "ready_after_working_days", "4", at("2026-11-20T09:00:00+07:00")).unwrap_err();
    assert!(matches!(&err, StoreError::NotSupervisor { officer, .. } if officer == OFFICER), "{err:?}");
    assert_eq!(o.store.settings().unwrap().ready_after_working_days, 3);
    assert_eq!(o.audit_rows(), before);
    assert_eq!(approve_on(&mut o, "MP000309", "2026-11-26", false), date("2026-12-01"));
}

#[test]
fn an_invalid_value_is_refused_and_the_old_one_kept() {
    let mut o = Office::new();
    let before = o.audit_rows();
    for bad in ["empat", "-1", "31"] {
        let err = set(&mut o, "ready_after_working_days", bad).unwrap_err();
        assert!(matches!(err, StoreError::Settings(_)), "{bad}: {err:?}");
    }
    assert_eq!(o.store.settings().unwrap().ready_after_working_days, 3);
    assert_eq!(o.audit_rows(), before);
}

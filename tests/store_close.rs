//! End-of-day close: no-shows cancelled with their fee forfeited, refusal while applicants are unfinished,
//! forcing with a recorded reason, idempotence, the read-only closed day and its reopening, uncollected
//! passports cancelled only on confirmation, and the supervisor-only rule enforced by the store.

mod common;

use chrono::{DateTime, Utc};
use common::{at, audit_rows, audit_rows_of, booking, date, fresh_nik, Office, DAY};
use loket::domain::close::CloseRefusal;
use loket::domain::lifecycle::{CancelReason, Status};
use loket::domain::nik::Sex;
use loket::domain::types::{ApplicationType, PassportKind, PriorityReason, Purpose};
use loket::store::{CloseSummary, NewWalkIn, Store, StoreError};

/// The close most tests run: 16:30 office time on the test day, after the closing time (16:00), so nothing
/// needs forcing for the hour. (Walk-ins on the closed day are refused for the closed day before the hour.)
fn evening() -> DateTime<Utc> {
    at("2026-11-25T16:30:00+07:00")
}

/// Whether `r` is the refusal for the closed test day.
fn closed<T>(r: Result<T, StoreError>) -> bool {
    matches!(r, Err(StoreError::DayClosed { date: d }) if d == date(DAY))
}

fn count(store: &Store, sql: &str) -> i64 {
    rusqlite::Connection::open(store.path())
        .expect("a connection of the test's own")
        .query_row(sql, [], |r| r.get(0))
        .expect("count")
}

fn close(o: &mut Office, force: Option<&str>, cancel_uncollected: bool) -> Result<CloseSummary, StoreError> {
    let supervisor = o.supervisor.clone();
    o.store.close_day(&supervisor, date(DAY), force, cancel_uncollected, evening())
}

fn cancel_reason(o: &Office, code: &str) -> Option<String> {
    rusqlite::Connection::open(o.store.path())
        .expect("a connection of the test's own")
        .query_row("SELECT cancel_reason FROM applications WHERE booking_code = ?1", [code], |r| r.get(0))
        .expect("cancel reason")
}

/// Everything a refused or repeated close must leave untouched.
fn footprint(o: &Office) -> (i64, i64, i64, String) {
    let statuses: String = rusqlite::Connection::open(o.store.path())
        .expect("a connection of the test's own")
        .query_row("SELECT group_concat(booking_code || '=' || status, ' ') FROM applications", [], |r| {
            r.get::<_, Option<String>>(0)
        })
        .expect("statuses")
        .unwrap_or_default();
    (
        audit_rows(&o.store),
        count(&o.store, "SELECT COUNT(*) FROM day_closures"),
        count(&o.store, "SELECT COUNT(*) FROM applications WHERE status = 'cancelled'"),
        statuses,
    )
}

/// Books `code` on `day` 09:00 and takes it to `ready`, marked ready at `ready_at`.
fn ready_passport(o: &mut Office, code: &str, day: &str, passport_no: &str, ready_at: DateTime<Utc>) {
    let code = o.book(booking(code, day, "09:00"));
    o.bring_to_approved(&code, at(&format!("{day}T10:00:00+07:00")));
    let officer = o.officer.clone();
    let app = o.store.mark_ready(&officer, &code, passport_no, ready_at).expect("mark ready");
    assert_eq!(app.status, Status::Ready);
}

#[test]
fn no_shows_are_cancelled_with_paid_fees_forfeited_and_audited() {
    let mut o = Office::new();
    let paid = o.book(booking("MPCL0001", DAY, "09:00"));
    let unpaid = o.book(booking("MPCL0002", DAY, "10:00").unpaid());
    let served = o.book(booking("MPCL0003", DAY, "09:00"));
    let tomorrow = o.book(booking("MPCL0004", "2026-11-26", "09:00"));
    o.bring_to_approved(&served, at("2026-11-25T10:00:00+07:00"));
    let fee = o.app(&paid).fee_idr;
    assert!(fee > 0);

    let plan = o.store.plan_close(date(DAY), evening()).unwrap();
    assert!(!plan.already_closed);
    let planned: Vec<&str> = plan.no_shows.iter().map(|a| a.booking_code.as_str()).collect();
    assert_eq!(planned, [paid.as_str(), unpaid.as_str()]);
    assert!(plan.unfinished.is_empty() && plan.uncollected.is_empty());

    let summary = close(&mut o, None, false).unwrap();
    assert_eq!(summary.date, date(DAY));
    assert!(!summary.already_closed);
    assert_eq!(summary.cancelled_no_shows, 2);
    assert_eq!(summary.no_show_codes, [paid.clone(), unpaid.clone()]);
    assert_eq!(summary.forfeited_idr, fee, "only the paid fee is forfeited");
    assert_eq!(summary.closed_by, "kepala");
    assert_eq!(summary.closed_at.to_rfc3339(), "2026-11-25T16:30:00+07:00");
    assert!(summary.forced_reason.is_none() && summary.unfinished.is_empty());

    for code in [&paid, &unpaid] {
        assert_eq!(o.status(code), Status::Cancelled);
        assert_eq!(cancel_reason(&o, code).as_deref(), Some(CancelReason::NoShow.as_str()));
        assert_eq!(audit_rows_of(&o.store, code, "cancel_no_show"), 1);
    }
    let trail = o.trail(&paid);
    let detail = trail.last().and_then(|e| e.detail.clone()).unwrap_or_default();
    assert!(detail.contains("forfeited"), "{detail}");
    assert_eq!(o.status(&served), Status::Approved);
    assert_eq!(o.status(&tomorrow), Status::Booked, "other days are untouched");
    assert!(o.store.is_closed(date(DAY)).unwrap());
    assert!(!o.store.is_closed(date("2026-11-26")).unwrap());
    assert_eq!(count(&o.store, "SELECT COUNT(*) FROM audit_log WHERE action = 'close_day' AND officer = 'kepala'"), 1);
    // the stored summary is what the close did
    assert_eq!(o.store.day_closure(date(DAY)).unwrap(), Some(summary.clone()));
    let text = summary.to_string();
    assert!(text.contains("closed by kepala") && text.contains(&paid) && text.contains("forfeited"), "{text}");
}

#[test]
fn unfinished_applicants_refuse_the_close_and_nothing_is_written() {
    let mut o = Office::new();
    let no_show = o.book(booking("MPCL0101", DAY, "09:00"));
    let waiting = o.book(booking("MPCL0102", DAY, "09:00"));
    let at_counter = o.book(booking("MPCL0103", DAY, "09:00"));
    let officer = o.officer.clone();
    o.store.check_in(&officer, &waiting, None, at("2026-11-25T08:00:00+07:00")).unwrap();
    o.bring_to_counter(&at_counter);
    let before = footprint(&o);

    let plan = o.store.plan_close(date(DAY), evening()).unwrap();
    let unfinished: Vec<String> = plan.unfinished.iter().map(|a| a.booking_code.clone()).collect();
    assert_eq!(unfinished.len(), 2);
    for force in [None, Some(""), Some("   ")] {
        match close(&mut o, force, false) {
            Err(StoreError::Unfinished { date: d, codes }) => {
                assert_eq!(d, date(DAY));
                let mut codes = codes.clone();
                codes.sort();
                assert_eq!(codes, [waiting.clone(), at_counter.clone()]);
            }
            other => panic!("expected Unfinished, got {other:?}"),
        }
        assert_eq!(footprint(&o), before, "a refused close writes nothing");
    }
    let message = close(&mut o, None, false).unwrap_err().to_string();
    assert!(message.contains(&waiting) && message.contains(&at_counter), "{message}");
    assert!(message.contains("--force") && message.contains("withdraw"), "{message}");
    assert_eq!(o.status(&no_show), Status::Booked);
    assert!(!o.store.is_closed(date(DAY)).unwrap());

    // resolved: one served, the other withdrawn (they left); then the close goes through unforced
    let t = at("2026-11-25T10:00:00+07:00");
    o.store.record_interview(&officer, &at_counter, t).unwrap();
    o.store.record_photo(&officer, &at_counter, t).unwrap();
    o.store.approve(&officer, &at_counter, t).unwrap();
    o.store.cancel(&officer, &waiting, CancelReason::Withdrawn, t).unwrap();
    let summary = close(&mut o, None, false).unwrap();
    assert_eq!(summary.no_show_codes, [no_show]);
    assert!(summary.unfinished.is_empty() && summary.forced_reason.is_none());
}

#[test]
fn forcing_records_the_reason() {
    let mut o = Office::new();
    let waiting = o.book(booking("MPCL0201", DAY, "09:00"));
    let no_show = o.book(booking("MPCL0202", DAY, "10:00"));
    let officer = o.officer.clone();
    o.store.check_in(&officer, &waiting, None, at("2026-11-25T08:00:00+07:00")).unwrap();

    let reason = "listrik padam sejak 14:00, pemohon diminta datang lagi";
    let summary = close(&mut o, Some(&format!("  {reason} ")), false).unwrap();
    assert_eq!(summary.forced_reason.as_deref(), Some(reason));
    assert_eq!(summary.unfinished, std::slice::from_ref(&waiting));
    assert_eq!(summary.no_show_codes, [no_show]);
    assert_eq!(o.status(&waiting), Status::CheckedIn, "a forced close leaves unfinished applicants as they are");
    let stored: Option<String> = rusqlite::Connection::open(o.store.path())
        .expect("a connection of the test's own")
        .query_row("SELECT forced_reason FROM day_closures WHERE date = ?1", [DAY], |r| r.get(0))
        .unwrap();
    assert_eq!(stored.as_deref(), Some(reason));
    let detail: String = rusqlite::Connection::open(o.store.path())
        .expect("a connection of the test's own")
        .query_row("SELECT detail FROM audit_log WHERE action = 'close_day'", [], |r| r.get(0))
        .unwrap();
    assert!(detail.contains(reason) && detail.contains(&waiting), "{detail}");
    assert!(summary.to_string().contains(reason));
}

#[test]
fn a_reason_without_anything_to_force_is_not_recorded() {
    let mut o = Office::new();
    o.book(booking("MPCL0251", DAY, "09:00"));
    let summary = close(&mut o, Some("just in case"), false).unwrap();
    assert!(summary.forced_reason.is_none());
    assert_eq!(count(&o.store, "SELECT COUNT(*) FROM day_closures WHERE forced_reason IS NULL"), 1);
}

#[test]
fn closing_the_same_day_twice_changes_nothing() {
    let mut o = Office::new();
    o.book(booking("MPCL0301", DAY, "09:00"));
    let waiting = o.book(booking("MPCL0302", DAY, "10:00"));
    let officer = o.officer.clone();
    o.store.check_in(&officer, &waiting, None, at("2026-11-25T09:30:00+07:00")).unwrap();
    let first = close(&mut o, Some("server down"), false).unwrap();
    let after_first = footprint(&o);

    let supervisor = o.supervisor.clone();
    for (force, flag) in [(None, false), (Some("again"), false), (None, true)] {
        let again = o.store.close_day(&supervisor, date(DAY), force, flag, at("2026-11-25T17:00:00+07:00")).unwrap();
        assert!(again.already_closed);
        assert!(again.uncollected_cancelled_now.is_empty());
        assert_eq!(CloseSummary { already_closed: false, ..again.clone() }, first, "the stored summary");
        assert_eq!(footprint(&o), after_first, "nothing written the second time");
        assert!(again.to_string().contains("already closed"), "{again}");
    }
    let plan = o.store.plan_close(date(DAY), evening()).unwrap();
    assert!(plan.already_closed);
}

#[test]
fn a_closed_day_is_read_only_until_a_supervisor_reopens_it() {
    let mut o = Office::new();
    let officer = o.officer.clone();
    let supervisor = o.supervisor.clone();
    let approved = o.book(booking("MPCL0401", DAY, "09:00"));
    let posted = o.book(booking("MPCL0402", DAY, "09:00"));
    let waiting = o.book(booking("MPCL0403", DAY, "09:00"));
    let at_counter = o.book(booking("MPCL0404", DAY, "10:00"));
    let no_show = o.book(booking("MPCL0405", DAY, "10:00").unpaid());
    let later = o.book(booking("MPCL0406", "2026-11-30", "09:00"));
    o.bring_to_approved(&approved, at("2026-11-25T10:00:00+07:00"));
    o.bring_to_approved(&posted, at("2026-11-25T10:00:00+07:00"));
    o.store.check_in(&officer, &waiting, None, at("2026-11-25T08:00:00+07:00")).unwrap();
    o.bring_to_counter(&at_counter);
    let t = at("2026-11-25T11:00:00+07:00");
    o.store.record_interview(&officer, &at_counter, t).unwrap();
    o.store.record_photo(&officer, &at_counter, t).unwrap();
    close(&mut o, Some("two applicants left before the counter"), false).unwrap();

    let after = at("2026-11-25T16:40:00+07:00");
    assert!(closed(o.store.call(&officer, &waiting, 2, after)));
    assert!(closed(o.store.approve(&officer, &at_counter, after)));
    assert!(closed(o.store.cancel(&officer, &waiting, CancelReason::Withdrawn, after)));
    assert!(closed(o.store.mark_absent(&officer, &at_counter, after)));
    assert!(closed(o.store.check_in(&officer, &no_show, None, after)), "checked before the lifecycle");
    assert!(closed(o.store.record_payment(&officer, &no_show, "1234567890ABCDEF", after, after)));
    assert!(closed(o.store.call_next(&officer, date(DAY), 3, after)));
    let message = o.store.call(&officer, &waiting, 2, after).unwrap_err().to_string();
    assert!(message.contains("day 2026-11-25 is closed") && message.contains("reopen"), "{message}");

    // walk-ins and imports for the closed day are refused too
    let birth = date("1950-03-02");
    let walk_in = NewWalkIn {
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
    };
    assert!(closed(o.store.register_walk_in_paid(&officer, &walk_in, "0A1B2C3D4E5F6789", after)));
    let out = o.try_import(&[booking("MPCL0407", DAY, "11:00").build()]);
    assert!(!out.committed);
    assert_eq!(out.problems.len(), 1);
    assert_eq!(out.problems[0].column, "slot_date");
    assert!(out.problems[0].why.contains("2026-11-25 is closed"), "{:?}", out.problems);
    // a reschedule into the closed day (a workstation whose clock is behind)
    let r = o.store.reschedule(&officer, &later, date(DAY), "09:00", None, at("2026-11-20T10:00:00+07:00"));
    assert!(closed(r), "reschedule into a closed day");

    // the passports of a closed day are still made ready and handed over or posted
    let ready = o.store.mark_ready(&officer, &approved, "C1234567", after).unwrap();
    assert_eq!(ready.status, Status::Ready);
    let done = o.store.hand_over(&officer, &approved, "pemohon sendiri", at("2026-11-30T10:00:00+07:00")).unwrap();
    assert_eq!(done.status, Status::HandedOver);
    o.store.mark_ready(&officer, &posted, "C1234568", after).unwrap();
    let sent = o.store.dispatch(&officer, &posted, "Jl. Pemuda 1, Semarang", "P2611300001", after).unwrap();
    assert_eq!(sent.status, Status::Dispatched);

    // reopening is a supervisor's correction, with a reason, audited
    assert!(matches!(o.store.reopen_day(&officer, date(DAY), "koreksi", after), Err(StoreError::NotSupervisor { .. })));
    assert!(matches!(
        o.store.reopen_day(&supervisor, date(DAY), "  ", after),
        Err(StoreError::Close(CloseRefusal::NoReopenReason))
    ));
    assert!(matches!(
        o.store.reopen_day(&supervisor, date("2026-11-24"), "koreksi", after),
        Err(StoreError::Close(CloseRefusal::NotClosed { .. }))
    ));
    assert!(o.store.is_closed(date(DAY)).unwrap());
    assert_eq!(o.status(&no_show), Status::Cancelled);
    let back =
        o.store.reopen_day(&supervisor, date(DAY), "pemohon MPCL0404 kembali, wawancara selesai", after).unwrap();
    assert!(!o.store.is_closed(date(DAY)).unwrap());
    // the close's no-show is booked again
    assert_eq!(back, std::slice::from_ref(&no_show));
    assert_eq!(o.status(&no_show), Status::Booked);
    assert_eq!(cancel_reason(&o, &no_show), None);
    let detail: String = rusqlite::Connection::open(o.store.path())
        .expect("a connection of the test's own")
        .query_row("SELECT detail FROM audit_log WHERE action = 'reopen_day' AND officer = 'kepala'", [], |r| r.get(0))
        .unwrap();
    assert!(detail.contains("2026-11-25") && detail.contains("MPCL0404 kembali"), "{detail}");
    assert_eq!(o.store.approve(&officer, &at_counter, after).unwrap().status, Status::Approved);
    o.store.cancel(&officer, &waiting, CancelReason::Withdrawn, after).unwrap();
    // and closed again, unforced now; the no-show put back by the reopen is cancelled again by this close
    let again = close(&mut o, None, false).unwrap();
    assert!(!again.already_closed && again.forced_reason.is_none());
    assert_eq!(again.no_show_codes, std::slice::from_ref(&no_show));
    assert_eq!(o.status(&no_show), Status::Cancelled);
    assert_eq!(count(&o.store, "SELECT COUNT(*) FROM audit_log WHERE action = 'close_day'"), 2);
}

#[test]
fn uncollected_passports_are_listed_and_cancelled_only_on_confirmation() {
    let mut o = Office::new();
    // ready on 20 Oct: more than 30 days before the close; ready on 10 Nov: not yet
    ready_passport(&mut o, "MPCL0501", "2026-10-14", "C7654321", at("2026-10-20T10:00:00+07:00"));
    ready_passport(&mut o, "MPCL0502", "2026-11-04", "C7654322", at("2026-11-10T10:00:00+07:00"));
    let plan = o.store.plan_close(date(DAY), evening()).unwrap();
    let listed: Vec<&str> = plan.uncollected.iter().map(|a| a.booking_code.as_str()).collect();
    assert_eq!(listed, ["MPCL0501"]);
    assert_eq!(plan.uncollected[0].ready_at.as_deref(), Some("2026-10-20T03:00:00Z"));

    let summary = close(&mut o, None, false).unwrap();
    assert_eq!(summary.uncollected_listed, ["MPCL0501"]);
    assert!(summary.uncollected_cancelled.is_empty());
    assert_eq!(o.status("MPCL0501"), Status::Ready, "listed only");
    let text = summary.to_string();
    assert!(text.contains("MPCL0501") && text.contains("--cancel-uncollected"), "{text}");

    // the confirmation: the same close with the flag cancels what it listed
    let before = audit_rows(&o.store);
    let confirmed = close(&mut o, None, true).unwrap();
    assert!(confirmed.already_closed);
    assert_eq!(confirmed.uncollected_cancelled_now, ["MPCL0501"]);
    assert_eq!(confirmed.uncollected_cancelled, ["MPCL0501"]);
    assert_eq!(o.status("MPCL0501"), Status::Cancelled);
    assert_eq!(cancel_reason(&o, "MPCL0501").as_deref(), Some(CancelReason::Uncollected.as_str()));
    assert_eq!(audit_rows_of(&o.store, "MPCL0501", "cancel_uncollected"), 1);
    assert_eq!(audit_rows(&o.store), before + 1);
    assert_eq!(o.status("MPCL0502"), Status::Ready);
    assert!(!confirmed.to_string().contains("--cancel-uncollected"), "{confirmed}");
    let stored = o.store.day_closure(date(DAY)).unwrap().unwrap();
    assert_eq!(stored.uncollected_cancelled, ["MPCL0501"]);

    // and once more: nothing left to do
    let footprint_before = footprint(&o);
    let third = close(&mut o, None, true).unwrap();
    assert!(third.already_closed && third.uncollected_cancelled_now.is_empty());
    assert_eq!(footprint(&o), footprint_before);
}

#[test]
fn uncollected_passports_cancelled_at_the_close_when_confirmed_up_front() {
    let mut o = Office::new();
    ready_passport(&mut o, "MPCL0601", "2026-10-14", "C7654331", at("2026-10-20T10:00:00+07:00"));
    // exactly 30 days before the close is not more than 30 days
    ready_passport(&mut o, "MPCL0602", "2026-10-21", "C7654332", at("2026-10-26T16:30:00+07:00"));
    let summary = close(&mut o, None, true).unwrap();
    assert_eq!(summary.uncollected_listed, ["MPCL0601"]);
    assert_eq!(summary.uncollected_cancelled, ["MPCL0601"]);
    assert_eq!(o.status("MPCL0601"), Status::Cancelled);
    assert_eq!(o.status("MPCL0602"), Status::Ready);
}

#[test]
fn only_a_supervisor_may_close_and_the_store_enforces_it() {
    let mut o = Office::new();
    let code = o.book(booking("MPCL0701", DAY, "09:00"));
    let before = footprint(&o);
    let officer = o.officer.clone();
    let err = o.store.close_day(&officer, date(DAY), Some("saya"), true, evening()).unwrap_err();
    assert!(matches!(err, StoreError::NotSupervisor { .. }), "{err:?}");
    assert!(err.to_string().contains("supervisor") && err.to_string().contains("petugas"), "{err}");
    // Nothing changed but the audit trail, which records the refused attempt (one row, the officer's).
    let after = footprint(&o);
    assert_eq!((after.1, after.2, &after.3), (before.1, before.2, &before.3));
    assert_eq!(after.0, before.0 + 1);
    let last = o.store.audit(&Default::default()).unwrap().into_iter().max_by_key(|e| e.seq).unwrap();
    assert_eq!((last.action.as_str(), last.officer.as_str()), ("refused_close_day", "petugas"));
    assert_eq!(o.status(&code), Status::Booked);
}

#[test]
fn a_day_that_has_not_come_is_refused_in_office_time() {
    let mut o = Office::new();
    let code = o.book(booking("MPCL0801", "2026-11-26", "09:00"));
    let supervisor = o.supervisor.clone();
    let before = footprint(&o);
    let err = o.store.close_day(&supervisor, date("2026-11-26"), None, false, evening()).unwrap_err();
    assert!(
        matches!(err, StoreError::CloseInFuture { date: d, today } if d == date("2026-11-26") && today == date(DAY)),
        "{err:?}"
    );
    assert!(err.to_string().contains("has not come yet"), "{err}");
    assert_eq!(footprint(&o), before);
    assert_eq!(o.status(&code), Status::Booked);
    // 06:30 on the 26th in the office is still the 25th in UTC: the office's day counts (it is today, so the
    // refusal is for the hour, not for a day to come), and forced with a reason it closes
    let early = at("2026-11-26T06:30:00+07:00");
    let err = o.store.close_day(&supervisor, date("2026-11-26"), None, false, early).unwrap_err();
    assert!(matches!(err, StoreError::Close(CloseRefusal::BeforeClosing { date: d, .. }) if d == date("2026-11-26")));
    let summary = o.store.close_day(&supervisor, date("2026-11-26"), Some("banjir"), false, early).unwrap();
    assert_eq!(summary.no_show_codes, [code]);
}

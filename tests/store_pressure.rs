//! Store rules behind the desk under pressure (issue 9), against a real SQLite file: a watchlist match is not
//! approved without a supervisor's sign-off, a passport number belongs to one application, a payment keeps
//! its receipt number (NTPN).

mod tui_common;

use loket::domain::lifecycle::Status;
use loket::store::{Refusal, StoreError};
use tui_common::*;

fn to_counter(store: &mut loket::store::Store, code: &str) -> loket::store::Actor {
    let officer = store.authenticate(OFFICER, PASSWORD).unwrap();
    let called = store.call_next(&officer, date(DAY), 1, now()).unwrap().expect("someone waiting");
    assert_eq!(called.booking_code, code);
    store.record_photo(&officer, code, now()).unwrap();
    store.record_interview(&officer, code, now()).unwrap();
    officer
}

#[test]
fn a_watchlist_match_is_not_approved_without_a_supervisors_sign_off() {
    let fx = office();
    let mut store = fx.store();
    watchlist_hendra(&mut store);
    let officer = to_counter(&mut store, WATCHED);
    match store.approve(&officer, WATCHED, now()) {
        Err(StoreError::Rule(Refusal::WatchlistSignOff { references })) => assert_eq!(references, ["IMI-0042/2026"]),
        other => panic!("approved a watchlist match: {other:?}"),
    }
    assert!(matches!(store.approve_signed_off(&officer, WATCHED, "ok", now()), Err(StoreError::NotSupervisor { .. })));
    let sup = store.authenticate(SUPERVISOR, PASSWORD).unwrap();
    assert!(matches!(store.approve_signed_off(&sup, WATCHED, "  ", now()), Err(StoreError::Rule(Refusal::NoReason))));
    assert_eq!(store.application(WATCHED).unwrap().status, Status::AtCounter);
    let a = store.approve_signed_off(&sup, WATCHED, "dicabut", now()).unwrap();
    assert_eq!(a.status, Status::Approved);
}

#[test]
fn a_passport_number_is_unique() {
    let fx = office();
    let mut store = fx.store();
    let officer = store.authenticate(OFFICER, PASSWORD).unwrap();
    match store.mark_ready(&officer, APPROVED, "e1234567", now()) {
        Err(StoreError::Rule(Refusal::PassportNoTaken { number, booking_code })) => {
            assert_eq!((number.as_str(), booking_code.as_str()), ("E1234567", READY))
        }
        other => panic!("a second E1234567: {other:?}"),
    }
    // The unique index holds even for a writer that skips the check.
    let raw = rusqlite::Connection::open(&fx.path).unwrap();
    let err = raw
        .execute("UPDATE applications SET passport_no = 'E1234567' WHERE booking_code = ?1", [READY_POST])
        .unwrap_err();
    assert!(err.to_string().contains("UNIQUE"), "{err}");
    store.mark_ready(&officer, APPROVED, "E2222222", now()).unwrap();
}

#[test]
fn a_payment_keeps_its_receipt_number_and_refuses_a_malformed_one() {
    let fx = office();
    let mut store = fx.store();
    let officer = store.authenticate(OFFICER, PASSWORD).unwrap();
    for bad in ["", "123", "0A1B2C3D4E5F67890", "0A1B2C3D4E5F678-"] {
        assert!(
            matches!(
                store.record_payment(&officer, UNPAID, bad, now(), now()),
                Err(StoreError::Rule(Refusal::Ntpn(_)))
            ),
            "{bad:?}"
        );
    }
    assert_eq!(store.application(UNPAID).unwrap().paid_at, None);
    store.record_payment(&officer, UNPAID, "0a1b2c3d4e5f6789", now(), now()).unwrap();
    let raw = rusqlite::Connection::open(&fx.path).unwrap();
    let ntpn: String =
        raw.query_row("SELECT payment_ntpn FROM applications WHERE booking_code = ?1", [UNPAID], |r| r.get(0)).unwrap();
    assert_eq!(ntpn, "0A1B2C3D4E5F6789");
}

#[test]
fn a_counter_session_of_another_officer_is_never_closed_silently() {
    let fx = office();
    let mut store = fx.store();
    let officer = store.authenticate(OFFICER, PASSWORD).unwrap();
    let sup = store.authenticate(SUPERVISOR, PASSWORD).unwrap();
    store.open_counter_session(&officer, 2, now()).unwrap();
    match store.open_counter_session(&sup, 2, now()) {
        Err(StoreError::Rule(Refusal::CounterInUse { counter: 2, officer: o, .. })) => assert_eq!(o, OFFICER),
        other => panic!("opened over another officer's session: {other:?}"),
    }
    let open = store.open_counter_sessions().unwrap();
    assert_eq!(open.iter().map(|(c, o, _)| (*c, o.as_str())).collect::<Vec<_>>(), [(2, OFFICER)]);
    // The same officer's own stale session (a desk that crashed) is replaced.
    store.open_counter_session(&officer, 2, now()).unwrap();
    assert_eq!(store.open_counter_sessions().unwrap().len(), 1);
    store.take_over_counter_session(&sup, 2, now()).unwrap();
    let open = store.open_counter_sessions().unwrap();
    assert_eq!(open.iter().map(|(c, o, _)| (*c, o.as_str())).collect::<Vec<_>>(), [(2, SUPERVISOR)]);
    assert!(matches!(store.open_counter_session(&sup, 9, now()), Err(StoreError::Rule(Refusal::NoCounter(9)))));
}

//! A day close that can be undone and cannot be done by mistake: closing today before the office's closing
//! time is refused unless forced with a reason; a supervisor reopens a closed day with a reason, and exactly
//! the no-shows that close cancelled go back to booked, with the reopen and its reason in the audit trail.

mod common;

use common::{at, audit_rows, audit_rows_of, booking, date, Office, DAY};
use loket::domain::close::CloseRefusal;
use loket::domain::lifecycle::{CancelReason, Status};
use loket::store::StoreError;

fn count(o: &Office, sql: &str) -> i64 {
    rusqlite::Connection::open(o.store.path())
        .expect("a connection of the test's own")
        .query_row(sql, [], |r| r.get(0))
        .expect("count")
}

#[test]
fn a_close_at_07_35_is_refused_and_cancels_nothing_unless_forced() {
    let mut o = Office::new();
    let supervisor = o.supervisor.clone();
    let codes: Vec<String> =
        (0..5).map(|i| o.book(booking(&format!("MPRO010{i}"), DAY, &format!("{:02}:00", 9 + i)))).collect();
    let before = (audit_rows(&o.store), count(&o, "SELECT COUNT(*) FROM day_closures"));
    let morning = at("2026-11-25T07:35:00+07:00");

    for force in [None, Some("   ")] {
        let err = o.store.close_day(&supervisor, date(DAY), force, false, morning).unwrap_err();
        assert!(matches!(err, StoreError::Close(CloseRefusal::BeforeClosing { .. })), "{err:?}");
        let msg = err.to_string();
        assert!(msg.contains("07:35") && msg.contains("16:00") && msg.contains("--force"), "{msg}");
    }
    // one minute before the closing time is still early
    let err = o.store.close_day(&supervisor, date(DAY), None, false, at("2026-11-25T15:59:00+07:00")).unwrap_err();
    assert!(matches!(err, StoreError::Close(CloseRefusal::BeforeClosing { .. })), "{err:?}");
    assert_eq!((audit_rows(&o.store), count(&o, "SELECT COUNT(*) FROM day_closures")), before, "nothing written");
    for code in &codes {
        assert_eq!(o.status(code), Status::Booked);
    }

    // the closing time follows the setting
    o.store.set_setting(&supervisor, "closing_time", "15:00", at("2026-11-25T07:00:00+07:00")).unwrap();
    let err = o.store.close_day(&supervisor, date(DAY), None, false, at("2026-11-25T14:30:00+07:00")).unwrap_err();
    assert!(err.to_string().contains("closes at 15:00"), "{err}");

    // forced with a reason: closed, the reason recorded and shown
    let summary = o.store.close_day(&supervisor, date(DAY), Some("banjir, kantor tutup"), false, morning).unwrap();
    assert!(summary.before_closing_time);
    assert_eq!(summary.forced_reason.as_deref(), Some("banjir, kantor tutup"));
    assert_eq!(summary.no_show_codes, codes);
    assert!(summary.to_string().contains("before the office's closing time, forced: banjir"), "{summary}");
    let detail: String = rusqlite::Connection::open(o.store.path())
        .expect("a connection of the test's own")
        .query_row("SELECT detail FROM audit_log WHERE action = 'close_day'", [], |r| r.get(0))
        .unwrap();
    assert!(detail.contains("forced before the closing time: banjir, kantor tutup"), "{detail}");
}

#[test]
fn a_past_day_closes_at_any_hour() {
    let mut o = Office::new();
    let supervisor = o.supervisor.clone();
    let code = o.book(booking("MPRO0201", DAY, "09:00"));
    let summary = o.store.close_day(&supervisor, date(DAY), None, false, at("2026-11-26T07:35:00+07:00")).unwrap();
    assert!(!summary.before_closing_time && summary.forced_reason.is_none());
    assert_eq!(summary.no_show_codes, [code]);
}

#[test]
fn reopen_puts_back_exactly_the_no_shows_the_close_cancelled() {
    let mut o = Office::new();
    let (officer, supervisor) = (o.officer.clone(), o.supervisor.clone());
    let no_show_a = o.book(booking("MPRO0301", DAY, "09:00"));
    let no_show_b = o.book(booking("MPRO0302", DAY, "10:00").unpaid());
    let withdrawn = o.book(booking("MPRO0303", DAY, "10:00"));
    let served = o.book(booking("MPRO0304", DAY, "09:00"));
    let earlier = o.book(booking("MPRO0305", "2026-11-24", "09:00"));
    let old_ready = o.book(booking("MPRO0306", "2026-10-14", "09:00"));
    o.store.cancel(&officer, &withdrawn, CancelReason::Withdrawn, at("2026-11-24T12:00:00+07:00")).unwrap();
    o.bring_to_approved(&served, at("2026-11-25T10:00:00+07:00"));
    // a passport ready since October, cancelled as uncollected by the close
    o.bring_to_approved(&old_ready, at("2026-10-14T10:00:00+07:00"));
    o.store.mark_ready(&officer, &old_ready, "C7654399", at("2026-10-20T10:00:00+07:00")).unwrap();
    // yesterday's close cancelled its own no-show
    let yesterday = o.store.close_day(&supervisor, date("2026-11-24"), None, false, at("2026-11-24T17:00:00+07:00"));
    assert_eq!(yesterday.unwrap().no_show_codes, std::slice::from_ref(&earlier));

    let evening = at("2026-11-25T16:30:00+07:00");
    let summary = o.store.close_day(&supervisor, date(DAY), None, true, evening).unwrap();
    assert_eq!(summary.no_show_codes, [no_show_a.clone(), no_show_b.clone()]);
    assert_eq!(summary.uncollected_cancelled, std::slice::from_ref(&old_ready));

    // an officer may not reopen; nothing changes
    let before = audit_rows(&o.store);
    let err = o.store.reopen_day(&officer, date(DAY), "salah tutup", evening).unwrap_err();
    assert!(matches!(err, StoreError::NotSupervisor { .. }), "{err:?}");
    // a reason with a control character is refused before anything is written
    let err = o.store.reopen_day(&supervisor, date(DAY), "salah\u{1b}[2J tutup", evening).unwrap_err();
    assert!(matches!(err, StoreError::BadText { .. }), "{err:?}");
    assert_eq!(audit_rows(&o.store), before);
    assert!(o.store.is_closed(date(DAY)).unwrap());

    let later = at("2026-11-25T16:45:00+07:00");
    let back = o.store.reopen_day(&supervisor, date(DAY), " pemohon datang, antrean belum selesai ", later).unwrap();
    assert_eq!(back, [no_show_a.clone(), no_show_b.clone()]);
    assert!(!o.store.is_closed(date(DAY)).unwrap());
    for code in [&no_show_a, &no_show_b] {
        let app = o.app(code);
        assert_eq!(app.status, Status::Booked, "{code}");
        assert_eq!(audit_rows_of(&o.store, code, "reinstate"), 1, "{code}: one audit row");
    }
    // not the ones cancelled otherwise
    assert_eq!(o.status(&withdrawn), Status::Cancelled);
    assert_eq!(o.status(&earlier), Status::Cancelled, "another day's close");
    assert_eq!(o.status(&old_ready), Status::Cancelled, "uncollected stays cancelled");
    assert_eq!(o.status(&served), Status::Approved);
    // the reopen and its reason are in the audit trail, with what it put back
    let (officer_name, detail): (String, String) = rusqlite::Connection::open(o.store.path())
        .expect("a connection of the test's own")
        .query_row("SELECT officer, detail FROM audit_log WHERE action = 'reopen_day'", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(officer_name, "kepala");
    assert!(detail.contains("2026-11-25: pemohon datang, antrean belum selesai"), "{detail}");
    assert!(detail.contains("MPRO0301, MPRO0302"), "{detail}");
    assert_eq!(audit_rows(&o.store), before + 3, "two reinstated bookings and the reopen");

    // the day is open again and can be closed again: the same no-shows are cancelled once more
    let summary = o.store.close_day(&supervisor, date(DAY), None, false, later).unwrap();
    assert_eq!(summary.no_show_codes, [no_show_a, no_show_b]);
    // reopening a day that is not closed says so
    let err = o.store.reopen_day(&supervisor, date("2026-11-26"), "x", later).unwrap_err();
    assert!(matches!(err, StoreError::Close(CloseRefusal::NotClosed { .. })), "{err:?}");
    assert!(err.to_string().contains("not closed"), "{err}");
}

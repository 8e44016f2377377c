//! The desk's part of the day close that can be undone (F10 on a closed day reopens it, with a reason) and of
//! the daily quotas (what is left, on the check-in screen and in the walk-in dialog).

mod tui_common;

use crossterm::event::KeyCode;
use loket::cli::Lang;
use loket::domain::close::CloseRefusal;
use loket::domain::lifecycle::Status;
use loket::domain::quota::QuotaRefusal;
use loket::store::StoreError;
use loket::tui::errors::{describe, fill};
use loket::tui::i18n::tr;
use tui_common::*;

fn supervisor_desk(lang: Lang) -> Desk {
    let mut d = office().desk(lang);
    d.sign_in(SUPERVISOR, PASSWORD, 2);
    assert_eq!(d.screen(), "Queue", "sign-in failed: {:?}", d.status());
    d
}

fn count(d: &Desk, sql: &str) -> i64 {
    rusqlite::Connection::open(d.app.store.path())
        .expect("a connection of the test's own")
        .query_row(sql, [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

#[test]
fn f10_on_a_closed_day_reopens_it_with_a_reason() {
    for lang in [Lang::Id, Lang::En] {
        let mut d = supervisor_desk(lang);
        d.key(KeyCode::F(10));
        d.fill(&["listrik padam"]);
        d.submit();
        assert!(d.app.store.is_closed(date(DAY)).unwrap(), "{lang:?}: {}", d.status());
        assert_eq!(d.db_status(ONTIME), Status::Cancelled);
        let no_shows = d.app.store.day_closure(date(DAY)).unwrap().expect("closed").no_show_codes;

        d.key(KeyCode::F(10));
        let form = d.form().expect("the reopen dialog");
        assert_eq!(form.title, "title.reopen_day");
        assert!(form.note.contains(DAY) && form.note.contains(SUPERVISOR), "{lang:?}: {:?}", form.note);
        // no reason: refused in the desk's language, nothing written
        let before = count(&d, "SELECT COUNT(*) FROM audit_log");
        d.submit();
        assert_eq!(d.form().and_then(|f| f.error.clone()).as_deref(), Some(tr(lang, "err.reason_needed")));
        assert_eq!(count(&d, "SELECT COUNT(*) FROM audit_log"), before);
        assert!(d.app.store.is_closed(date(DAY)).unwrap());

        d.fill(&["pemohon datang terlambat karena banjir"]);
        d.submit();
        assert_eq!(d.modal(), "none", "{lang:?}: {:?}", d.form().map(|f| &f.error));
        assert_eq!(d.status(), fill(tr(lang, "msg.reopened"), &[DAY.into(), no_shows.len().to_string()]));
        assert!(!d.app.store.is_closed(date(DAY)).unwrap());
        assert_eq!(d.db_status(ONTIME), Status::Booked, "{lang:?}: the close's no-show is booked again");
        let reopen = "SELECT COUNT(*) FROM audit_log WHERE action = 'reopen_day' AND officer = 'kepala' \
                      AND detail LIKE '%pemohon datang terlambat karena banjir%'";
        assert_eq!(count(&d, reopen), 1);
        assert_eq!(
            count(&d, "SELECT COUNT(*) FROM audit_log WHERE action = 'reinstate'"),
            no_shows.len() as i64,
            "{lang:?}: one audit row per booking put back"
        );
    }
}

#[test]
fn the_check_in_screen_and_the_walk_in_dialog_show_the_quota_left() {
    for lang in [Lang::Id, Lang::En] {
        let mut d = office().desk(lang);
        d.sign_in(OFFICER, PASSWORD, 1);
        d.scan(ONTIME);
        d.ch('c');
        assert_eq!(d.screen(), "CheckIn", "{}", d.status());
        let line = fill(tr(lang, "label.quota_left"), &["35".into(), "35".into(), "50".into(), "50".into()]);
        let screen = d.render(160, 48);
        assert!(screen.contains(&line), "{lang:?}: {line:?} not on\n{screen}");
        d.esc();
        d.esc();

        d.key(KeyCode::F(6));
        let form = d.form().expect("walk-in dialog");
        assert_eq!(form.note, fill(tr(lang, "label.walk_in_quota_left"), &["50".into(), "50".into()]));
    }
}

#[test]
fn new_refusals_are_translated() {
    let t = |h, m| chrono::NaiveTime::from_hms_opt(h, m, 0).unwrap();
    let early = StoreError::Close(CloseRefusal::BeforeClosing { date: date(DAY), now: t(7, 35), closes: t(16, 0) });
    let express = StoreError::Quota(QuotaRefusal::Express { date: date(DAY), quota: 35 });
    for lang in [Lang::Id, Lang::En] {
        let msg = describe(lang, &early);
        assert!(msg.contains("07:35") && msg.contains("16:00"), "{msg}");
        assert_eq!(msg, fill(tr(lang, "err.before_closing"), &["07:35".into(), "16:00".into()]));
        assert_eq!(describe(lang, &express), fill(tr(lang, "err.express_quota"), &[DAY.into(), "35".into()]));
    }
}

#[test]
fn the_close_dialog_warns_before_the_closing_time() {
    for lang in [Lang::Id, Lang::En] {
        let mut d = supervisor_desk(lang);
        d.key(KeyCode::F(10));
        let form = d.form().expect("the close dialog");
        let early = fill(tr(lang, "close.early"), &["16:00".into()]);
        assert!(form.note.ends_with(&early), "{lang:?}: {:?}", form.note);
    }
}

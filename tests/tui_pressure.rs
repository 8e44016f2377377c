//! The desk under pressure (issue 9): no accidental or wrong decisions. Each flow is driven through keys,
//! typed 150 ms apart or scanned 5 ms apart, on the fixture office (`tests/tui_common/mod.rs`).

mod tui_common;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use loket::cli::Lang;
use loket::domain::lifecycle::Status;
use loket::tui::app::{Modal, Screen};
use loket::tui::errors::fill;
use loket::tui::i18n::tr;
use tui_common::*;

const ID: Lang = Lang::Id;

fn scan_ignored(d: &Desk, code: &str) -> bool {
    d.status_is_error() && d.status() == fill(tr(ID, "err.scan_in_form"), &[code.to_string()])
}

// ---- the barcode scanner never fills or submits a form ---------------------------------------------------

/// The worst case from the issue: a scan into the open rejection form wrote the booking code as the note and
/// rejected the applicant. Now the scan is ignored, the form keeps what the officer typed, and nothing is written.
#[test]
fn a_scan_into_the_rejection_form_is_ignored_and_rejects_nobody() {
    let mut d = Desk::office(ID);
    d.ch('n');
    d.ch('i');
    d.ch('y');
    d.ch('x');
    assert_eq!(d.modal(), "Form");
    d.fill(&["lainnya", "dok"]);
    d.scan(WAITING[0]);
    assert!(scan_ignored(&d, WAITING[0]), "status: {}", d.status());
    let form = d.form().expect("the rejection form stays open");
    assert_eq!((form.value(0), form.value(1)), ("lainnya", "dok"), "the form is as the officer left it");
    assert_eq!(d.db_status(WATCHED), Status::AtCounter, "nobody rejected");
    assert!(d.render(80, 24).contains(&fill(tr(ID, "err.scan_in_form"), &[WAITING[0].to_string()])));
    // The officer goes on typing where they were.
    d.typ("umen palsu");
    d.submit();
    assert_eq!(d.db_status(WATCHED), Status::Rejected);
    assert_eq!(d.trail(WATCHED).pop().unwrap().detail.as_deref(), Some("lainnya dokumen palsu"));
}

/// Every dialog form: the walk-in, payment, reschedule, transfer, mark-ready forms ignore a scan.
#[test]
fn a_scan_into_any_form_is_ignored() {
    let mut d = Desk::office(ID);
    let forms: [(&str, &[char]); 3] = [("walk-in", &['p']), ("payment", &['$']), ("reschedule", &['d'])];
    for (what, keys) in forms {
        if what != "walk-in" {
            d.scan(UNPAID);
            assert_eq!(d.screen(), "Detail");
        }
        keys.iter().for_each(|&c| d.ch(c));
        assert_eq!(d.modal(), "Form", "{what}");
        let before: Vec<String> = d.form().unwrap().fields.iter().map(|f| f.value().to_string()).collect();
        d.scan(ONTIME);
        assert!(scan_ignored(&d, ONTIME), "{what}: {}", d.status());
        let after: Vec<String> = d.form().expect("still open").fields.iter().map(|f| f.value().to_string()).collect();
        assert_eq!(before, after, "{what}: the scan left no trace in the form");
        d.esc();
        d.key(KeyCode::F(3));
    }
    assert_eq!(d.application(UNPAID).paid_at, None, "no payment recorded by a scan");
}

/// A question waiting for yes or no is not answered or closed by a scan.
#[test]
fn a_scan_into_a_confirmation_is_ignored() {
    let mut d = Desk::office(ID);
    d.ch('w');
    d.ch('n');
    d.ch('a');
    assert_eq!(d.modal(), "Confirm");
    d.scan("MP2611Y0YY"); // a code full of the letter that means yes
    assert_eq!(d.modal(), "Confirm");
    assert!(scan_ignored(&d, "MP2611Y0YY"), "{}", d.status());
    assert_eq!(d.db_status(WATCHED), Status::AtCounter);
    d.ch('n');
    assert_eq!(d.modal(), "none");
}

/// With the search box open a scan opens the applicant instead of filtering the queue by the code.
#[test]
fn a_scan_into_the_search_box_opens_the_applicant() {
    let mut d = Desk::office(ID);
    d.ch('/');
    d.typ("sa");
    let narrowed = d.queue_codes();
    d.scan(ONTIME);
    assert_eq!(d.screen(), "Detail");
    assert_eq!(d.detail_code(), ONTIME);
    d.esc();
    match &d.app.screen {
        Screen::Queue(q) => {
            assert_eq!(q.search.value(), "sa", "the search keeps what the officer typed, not the code");
            assert!(!q.searching);
        }
        _ => panic!("back on the queue"),
    }
    assert_eq!(d.queue_codes(), narrowed);
}

/// Where a scan is not expected (a form, the search box) a typed key shows at once, not 40 ms later; on a
/// screen a single key still waits for the burst detector.
#[test]
fn typing_in_a_form_or_the_search_box_echoes_at_once() {
    let mut d = Desk::office(ID);
    let press = |d: &mut Desk, c: char| d.app.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE), d.t);
    d.ch('/');
    press(&mut d, 'r');
    match &d.app.screen {
        Screen::Queue(q) => assert_eq!(q.search.value(), "r", "echoed before any tick"),
        _ => panic!("queue"),
    }
    assert!(d.render(80, 24).contains(&format!("{} r", tr(ID, "label.search"))));
    d.esc();
    d.esc();
    d.ch('p');
    press(&mut d, '3');
    assert_eq!(d.form().unwrap().value(0), "3", "echoed before any tick");
    assert!(!d.app.scan.is_holding());
    d.esc();
    d.wait(TYPING_GAP);
    // On the queue screen a key is held for the detector, then acts.
    press(&mut d, 'w');
    assert_eq!(d.screen(), "Queue");
    d.wait(TYPING_GAP);
    assert_eq!(d.screen(), "Counter");
    assert!(matches!(d.app.modal, None | Some(Modal::Help(_))));
}

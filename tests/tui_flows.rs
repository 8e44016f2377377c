//! The desk's update function, flow by flow: keys in (typed 150 ms apart, or scanned 5 ms apart), then the
//! screen, the dialog, the status line and the database are checked. Fixtures: `tests/tui_common/mod.rs`.

mod tui_common;

use crossterm::event::{KeyCode, KeyModifiers};
use loket::cli::Lang;
use loket::clock::Clock;
use loket::domain::checkin::CheckInRefusal;
use loket::domain::lifecycle::{RejectionReason, Status};
use loket::domain::nik::Sex;
use loket::domain::schedule::RescheduleRefusal;
use loket::domain::types::PriorityReason;
use loket::domain::walkin::WalkInRefusal;
use loket::store::{DayOff, Refusal, StoreError};
use loket::tui::app::{App, Modal, Screen};
use loket::tui::dialogs::{CloseDayDialog, Dialog, Pending};
use loket::tui::errors::{describe, fill};
use loket::tui::i18n::tr;
use loket::tui::keymap::{self, Context};
use std::time::Duration;
use tui_common::*;

const ID: Lang = Lang::Id;

fn booked_today() -> Vec<&'static str> {
    vec![LATE, ONTIME, UNPAID, ELDERLY, GROUP_MEMBERS[0], GROUP_MEMBERS[1], GROUP_MEMBERS[2], REPLACEMENT]
}

/// Opens the check-in screen of `code` by scanning it and pressing `c`.
fn check_in_screen(d: &mut Desk, code: &str) {
    d.scan(code);
    d.ch('c');
    assert_eq!(d.screen(), "CheckIn", "status: {}", d.status());
}

fn ticket(d: &Desk) -> (String, String) {
    match &d.app.modal {
        Some(Modal::Ticket { queue_no, name, .. }) => (queue_no.clone(), name.clone()),
        _ => panic!("no ticket but {} (status {:?})", d.modal(), d.status()),
    }
}

fn form_error(d: &Desk) -> String {
    d.form().unwrap_or_else(|| panic!("no form open; status {:?}", d.status())).error.clone().unwrap_or_default()
}

fn walk_in_count(d: &Desk) -> i64 {
    rusqlite::Connection::open(d.app.store.path())
        .expect("a connection of the test's own")
        .query_row("SELECT COUNT(*) FROM applications WHERE source = 'walk_in'", [], |r| r.get(0))
        .expect("count walk-ins")
}

// ---- sign-in, lock ---------------------------------------------------------------------------------------------

/// Five wrong passwords in a row lock the account at the desk too; the right one is then refused with the lock.
#[test]
fn five_wrong_passwords_lock_the_account_at_the_desk() {
    let mut d = office().desk(ID);
    for _ in 0..4 {
        assert!(matches!(d.app.store.authenticate(OFFICER, "salah"), Err(StoreError::BadCredentials)));
    }
    d.sign_in(OFFICER, "salah", 1);
    let locked = d.screen_form().error.clone().unwrap_or_default();
    let lead = tr(ID, "err.locked").split("{1}").next().unwrap().replace("{0}", OFFICER);
    assert!(locked.starts_with(&lead), "{locked}");
    // Until when, in office time (the lock runs on the real clock): never a UTC stamp.
    let settings = d.app.store.settings().unwrap();
    let until = chrono::Utc::now() + chrono::Duration::minutes(i64::from(settings.lockout_minutes));
    let office_until = until.with_timezone(&settings.utc_offset).format("%Y-%m-%d").to_string();
    assert!(locked.contains(&office_until) && !locked.contains("UTC") && !locked.contains('Z'), "{locked}");
    // Correct the password (focus is on the counter field): still refused while locked.
    d.key(KeyCode::Up);
    d.backspace(5);
    d.typ(PASSWORD);
    d.enter();
    d.enter();
    assert_eq!(d.screen(), "SignIn", "the right password is refused while locked");
    assert!(d.screen_form().error.as_deref().unwrap_or_default().starts_with(&lead));
}

/// On an office database, a desk started with --now lets no officer in (a supervisor may).
#[test]
fn a_pinned_clock_keeps_officers_out_of_an_office_desk() {
    let mut d = office().desk(ID);
    d.app.store.pin_clock(true);
    d.sign_in(OFFICER, PASSWORD, 1);
    assert_eq!(d.screen(), "SignIn");
    assert_eq!(d.screen_form().error.as_deref(), Some(tr(ID, "err.pinned_clock")));
    let mut d = office().desk(ID);
    d.app.store.pin_clock(true);
    d.sign_in(SUPERVISOR, PASSWORD, 1);
    assert_eq!(d.screen(), "Queue");
}

#[test]
fn sign_in_with_a_wrong_password_shows_the_error_and_stays_on_sign_in() {
    let mut d = office().desk(ID);
    assert_eq!(d.screen(), "SignIn");
    d.sign_in(OFFICER, "salah-sandi", 1);
    assert_eq!(d.screen(), "SignIn");
    assert!(d.app.officer.is_none());
    assert_eq!(d.screen_form().error.as_deref(), Some(tr(ID, "err.credentials")));
    assert!(d.render(80, 24).contains(tr(ID, "err.credentials")));

    // Unknown officer: the same message (no hint which part was wrong).
    let mut d = office().desk(ID);
    d.sign_in("tidak-ada", PASSWORD, 1);
    assert_eq!(d.screen_form().error.as_deref(), Some(tr(ID, "err.credentials")));

    // Correct the password (focus is on the counter field): ↑, clear, type, Enter, Enter.
    let mut d = office().desk(ID);
    d.sign_in(OFFICER, "salah", 1);
    d.key(KeyCode::Up);
    d.backspace(5);
    d.typ(PASSWORD);
    d.enter();
    d.enter();
    assert_eq!(d.screen(), "Queue");
    assert_eq!(d.app.officer.as_ref().map(|a| a.name.as_str()), Some(OFFICER));
    assert_eq!(d.status(), format!("{} {OFFICER} ({})", tr(ID, "msg.signed_in"), tr(ID, "role.officer")));
}

/// The counter field is a real choice (◀▶): the office's counters, then "no counter"; typing does nothing.
#[test]
fn the_sign_in_counter_is_a_choice_of_the_offices_counters() {
    let mut d = office().desk(ID);
    let form = d.screen_form();
    let mut offered = vec!["1", "2", "3", "4", "5", "6"];
    offered.push(tr(ID, "choice.no_counter"));
    assert_eq!(form.fields[2].choices, offered, "a new office has six counters");
    d.typ(OFFICER);
    d.enter();
    d.typ(PASSWORD);
    d.enter();
    d.typ("7");
    assert_eq!(d.screen_form().value(2), "1", "typing does not change the choice");
    d.key(KeyCode::Left);
    assert_eq!(d.screen_form().value(2), tr(ID, "choice.no_counter"));
    // An officer must serve a counter.
    d.enter();
    assert_eq!(d.screen(), "SignIn");
    assert_eq!(d.screen_form().error.as_deref(), Some(tr(ID, "err.officer_needs_counter")));
    d.key(KeyCode::Right);
    d.key(KeyCode::Right);
    d.enter();
    assert_eq!(d.screen(), "Queue");
    assert_eq!(d.app.counter, Some(2));
}

#[test]
fn the_counter_number_is_remembered_in_the_workstation_config() {
    let fx = office();
    let config = fx.dir.path().join("config/workstation.json");
    let mut d = Desk::open_with_config(fx, ID, Some(config.clone()));
    assert_eq!(d.screen_form().value(2), "1", "a new workstation starts at counter 1");
    d.sign_in(OFFICER, PASSWORD, 4);
    assert_eq!(d.screen(), "Queue");
    assert_eq!(d.app.config.counter, 4);
    assert_eq!(loket::tui::config::load(Some(&config)).counter, 4, "saved to the workstation file");
    assert!(d.render(80, 24).lines().next().unwrap().contains("Loket 4"), "header names the counter");

    // Calls go to counter 4.
    d.ch('n');
    assert_eq!(d.application(WATCHED).counter_no, Some(4));

    // The next start of the desk on this workstation offers counter 4.
    let again = App::new(d.other_store(), Clock::Fixed(now()), ID, Some(config));
    match &again.screen {
        Screen::SignIn(f) => assert_eq!(f.value(2), "4"),
        _ => panic!("a new desk starts on sign-in"),
    }
}

#[test]
fn the_demo_database_lists_its_accounts_on_sign_in() {
    let mut d = demo().desk(ID);
    assert!(d.app.demo);
    assert!(d.render(80, 24).contains(tr(ID, "hint.demo_accounts")));
    d.sign_in(DEMO_SUPERVISOR, DEMO_PASSWORD, 3);
    assert_eq!(d.screen(), "Queue");
    assert_eq!(d.queue_codes().len(), 40);
}

#[test]
fn the_desk_locks_after_the_idle_minutes_and_unlocks_with_the_password() {
    let mut d = Desk::office(ID);
    d.ch('w');
    assert_eq!(d.screen(), "Counter");
    assert_eq!(d.app.config.idle_lock_minutes, 10);
    d.wait(Duration::from_secs(9 * 60));
    assert_eq!(d.screen(), "Counter", "9 idle minutes: still open");
    d.wait(Duration::from_secs(61));
    assert_eq!(d.screen(), "Locked");
    assert!(d.render(80, 24).contains(&format!("{} {OFFICER}", tr(ID, "msg.locked_for"))));

    // While locked, keys go to the password field: nothing else happens.
    d.typ("salah");
    d.enter();
    assert_eq!(d.screen(), "Locked");
    assert!(d.screen_form().error.is_some(), "wrong password is reported");
    assert_eq!(d.screen_form().value(0), "", "the wrong password is cleared");
    assert_eq!(d.db_status(WATCHED), Status::CheckedIn);

    d.typ(PASSWORD);
    d.enter();
    assert_eq!(d.screen(), "Counter", "back where the officer was");
    assert_eq!(d.status(), tr(ID, "msg.unlocked"));
}

#[test]
fn ctrl_l_locks_at_once_and_esc_on_the_lock_signs_out() {
    let mut d = Desk::office(ID);
    d.key_mod(KeyCode::Char('l'), KeyModifiers::CONTROL);
    assert_eq!(d.screen(), "Locked");
    d.esc();
    assert_eq!(d.screen(), "SignIn");
    assert!(d.app.officer.is_none());
    assert!(d.app.history.is_empty());
    // Signed out: idle time does not lock the sign-in screen.
    d.wait(Duration::from_secs(3600));
    assert_eq!(d.screen(), "SignIn");
}

#[test]
fn idle_lock_zero_never_locks() {
    let mut d = Desk::office(ID);
    d.app.config.idle_lock_minutes = 0;
    d.wait(Duration::from_secs(4 * 3600));
    assert_eq!(d.screen(), "Queue");
}

#[test]
fn a_wrong_unlock_password_is_reported_in_the_desk_language() {
    let mut d = Desk::office(ID);
    d.key_mod(KeyCode::Char('l'), KeyModifiers::CONTROL);
    d.typ("salah");
    d.enter();
    assert_eq!(d.screen_form().error.as_deref(), Some(tr(ID, "err.credentials")));
}

// ---- scanner -----------------------------------------------------------------------------------------------

#[test]
fn a_scanned_code_opens_the_applicant_from_any_screen() {
    let mut d = Desk::office(ID);
    d.scan(ONTIME);
    assert_eq!(d.screen(), "Detail");
    assert_eq!(d.detail_code(), ONTIME);
    assert_eq!(d.status(), format!("{}: {ONTIME}", tr(ID, "msg.scanned")));
    d.esc();
    assert_eq!(d.screen(), "Queue");

    d.ch('w');
    assert_eq!(d.screen(), "Counter");
    d.scan(LATE);
    assert_eq!(d.detail_code(), LATE);
    d.esc();
    assert_eq!(d.screen(), "Counter");

    d.esc();
    d.ch('r');
    assert_eq!(d.screen(), "Ready");
    d.scan(READY);
    assert_eq!(d.detail_code(), READY);
    d.esc();
    assert_eq!(d.screen(), "Ready");

    // Over an open dialog, and in lower case: the dialog closes and the applicant opens.
    d.ch('?');
    assert_eq!(d.modal(), "Help");
    d.scan(&WAITING[0].to_ascii_lowercase());
    assert_eq!(d.modal(), "none");
    assert_eq!(d.detail_code(), WAITING[0]);
}

#[test]
fn an_unknown_scanned_code_is_reported_as_not_found() {
    let mut d = Desk::office(ID);
    d.scan("MPZZZZ9999");
    assert_eq!(d.screen(), "Queue");
    assert!(d.status_is_error());
    assert!(d.status().contains(tr(ID, "msg.not_found")), "{}", d.status());
    assert!(d.status().contains("MPZZZZ9999"));
    assert!(d.render(80, 24).contains(tr(ID, "msg.not_found")));
}

// ---- queue -------------------------------------------------------------------------------------------------

#[test]
fn queue_search_narrows_as_you_type_and_esc_clears_it() {
    let mut d = Desk::office(ID);
    let all = d.queue_codes();
    assert_eq!(all.len(), 11);

    // A fragment of the name.
    d.ch('/');
    let mut counts = vec![];
    for c in "hidayah".chars() {
        d.ch(c);
        counts.push(d.queue_codes().len());
    }
    assert!(counts.windows(2).all(|w| w[1] <= w[0]), "narrows as typed: {counts:?}");
    assert!(counts[0] > 1);
    assert_eq!(d.queue_codes(), [WAITING[1]]);
    let screen = d.render(80, 24);
    assert!(screen.contains(&format!("/ {} hidayah", tr(ID, "label.search"))), "{screen}");
    assert!(screen.contains("(1)"));
    d.esc();
    assert_eq!(d.queue_codes(), all);
    match &d.app.screen {
        Screen::Queue(q) => assert!(!q.searching && q.search.value().is_empty()),
        _ => unreachable!(),
    }

    // A NIK prefix (Hendra was born on 11-11: 33 74 01 11 11 …).
    d.ch('/');
    d.typ("3374011111");
    assert_eq!(d.queue_codes(), [WATCHED]);
    d.esc();

    // A booking-code prefix, typed in lower case.
    d.ch('/');
    d.typ("mp2611g");
    assert_eq!(d.queue_codes(), GROUP_MEMBERS);
    // Enter leaves the search box with the list still narrowed; keys act again.
    d.enter();
    d.ch('j');
    assert_eq!(d.queue_selected().as_deref(), Some(GROUP_MEMBERS[1]));
    d.enter();
    assert_eq!(d.detail_code(), GROUP_MEMBERS[1]);
    d.esc();
    assert_eq!(d.queue_codes(), GROUP_MEMBERS, "the narrowed list survives a visit to the applicant");

    // A queue number.
    d.ch('/');
    d.backspace(10);
    d.typ("a-002");
    assert_eq!(d.queue_codes(), [WAITING[0]]);
}

#[test]
fn status_and_slot_filters_cycle() {
    let mut d = Desk::office(ID);
    d.ch('f');
    let mut booked = booked_today();
    booked.sort();
    let mut shown = d.queue_codes();
    shown.sort();
    assert_eq!(shown, booked);
    assert!(d.render(80, 24).contains(&format!("[{}]", tr(ID, "status.booked"))));
    d.ch('f');
    assert_eq!(d.queue_codes(), [WATCHED, WAITING[0], WAITING[1]]);
    assert!(d.render(80, 24).contains(&format!("[{}]", tr(ID, "status.checked_in"))));
    // … at counter, approved, rejected, ready, handed over, dispatched, cancelled, then off.
    for _ in 0..7 {
        d.ch('f');
        assert!(d.queue_codes().is_empty());
    }
    d.ch('f');
    assert_eq!(d.queue_codes().len(), 11, "filter off after the last status");

    d.ch('s');
    assert_eq!(d.queue_codes(), [LATE]);
    assert!(d.render(80, 24).contains("[09:00]"));
    d.ch('s');
    assert_eq!(d.queue_codes().len(), 6);
    d.ch('s');
    assert_eq!(d.queue_codes(), [GROUP_MEMBERS[0], GROUP_MEMBERS[1], GROUP_MEMBERS[2], REPLACEMENT]);
    d.ch('s');
    assert_eq!(d.queue_codes().len(), 11);

    // Both: booked in the 10:00 slot.
    d.ch('f');
    d.ch('s');
    d.ch('s');
    let mut got = d.queue_codes();
    got.sort();
    assert_eq!(got, [ONTIME, UNPAID, ELDERLY]);
}

#[test]
fn the_queue_scrolls_to_keep_the_cursor_on_screen() {
    let mut d = demo().desk(ID);
    d.sign_in(DEMO_SUPERVISOR, DEMO_PASSWORD, 3);
    let codes = d.queue_codes();
    assert_eq!(codes.len(), 40);
    assert!(!d.render(80, 24).contains(codes.last().unwrap().as_str()), "the last row starts below the fold");
    for _ in 0..5 {
        d.key(KeyCode::PageDown);
    }
    assert_eq!(d.queue_selected().as_ref(), codes.last());
    let screen = d.render(80, 24);
    assert!(screen.contains(codes.last().unwrap().as_str()), "{screen}");
    assert!(!screen.contains(codes[0].as_str()));
    d.key(KeyCode::PageUp);
    assert_eq!(d.queue_selected().as_ref(), codes.get(29));
    assert!(d.render(80, 24).contains(codes[29].as_str()));
    d.ch('k');
    assert_eq!(d.queue_selected().as_ref(), codes.get(28));
}

#[test]
fn brackets_move_the_queue_a_day_and_t_comes_back() {
    let mut d = Desk::office(ID);
    let day = |d: &Desk| match &d.app.screen {
        Screen::Queue(q) => q.date.to_string(),
        _ => unreachable!(),
    };
    d.ch(']');
    assert_eq!(day(&d), "2026-11-26");
    assert!(d.queue_codes().is_empty());
    assert!(d.render(80, 24).contains(tr(ID, "msg.empty_queue")));
    d.ch(']');
    assert_eq!(day(&d), "2026-11-27");
    assert_eq!(d.queue_codes(), [FUTURE]);
    for _ in 0..7 {
        d.ch('[');
    }
    assert_eq!(day(&d), "2026-11-20");
    assert_eq!(d.queue_codes(), [APPROVED, READY, READY_POST]);
    d.ch('t');
    assert_eq!(day(&d), DAY);
    assert_eq!(d.queue_codes().len(), 11);
}

// ---- check-in ----------------------------------------------------------------------------------------------

#[test]
fn check_in_needs_every_document_ticked_then_hands_out_a_queue_number() {
    let mut d = Desk::office(ID);
    d.select_in_queue(ONTIME);
    d.ch('c');
    assert_eq!(d.screen(), "CheckIn");
    d.enter();
    assert!(d.status_is_error());
    assert_eq!(d.status(), tr(ID, "err.documents"));
    assert_eq!(d.modal(), "none");

    // Ticking some documents is not enough.
    d.ch(' ');
    d.ch('j');
    d.ch(' ');
    d.enter();
    assert_eq!(d.status(), tr(ID, "err.documents"));
    match &d.app.screen {
        Screen::CheckIn(c) => assert_eq!(c.docs.iter().filter(|(_, ok)| *ok).count(), 2),
        _ => unreachable!(),
    }
    // Space un-ticks.
    d.ch(' ');
    match &d.app.screen {
        Screen::CheckIn(c) => assert!(!c.docs[1].1),
        _ => unreachable!(),
    }
    assert_eq!(d.db_status(ONTIME), Status::Booked);

    d.ch('a');
    d.enter();
    assert!(matches!(&d.app.modal, Some(Modal::Confirm(_, Pending::CheckIn(c))) if c == ONTIME));
    d.ch('y');
    assert_eq!(ticket(&d), ("A-004".to_string(), "Agus Salim".to_string()));
    let app = d.application(ONTIME);
    assert_eq!(app.status, Status::CheckedIn);
    assert_eq!(app.queue_no.as_deref(), Some("A-004"));
    assert_eq!(app.checked_in_at.as_deref(), Some("2026-11-25T02:40:00Z"));
    assert_eq!(d.status(), format!("{} Agus Salim: A-004", tr(ID, "msg.checked_in")));
    // Back on the queue, which shows the number; any key closes the ticket.
    assert_eq!(d.screen(), "Queue");
    assert!(d.render(80, 24).contains("A-004"));
    d.ch('x');
    assert_eq!(d.modal(), "none");
    assert_eq!(d.screen(), "Queue");
}

#[test]
fn n_at_the_confirm_cancels_the_check_in() {
    let mut d = Desk::office(ID);
    check_in_screen(&mut d, ONTIME);
    d.ch('a');
    d.enter();
    d.ch('n');
    assert_eq!(d.modal(), "none");
    assert_eq!(d.status(), tr(ID, "msg.cancelled"));
    assert_eq!(d.db_status(ONTIME), Status::Booked);
    assert_eq!(d.screen(), "CheckIn");
}

#[test]
fn a_late_applicant_is_refused_and_a_supervisor_override_admits_them() {
    let mut d = Desk::office(ID);
    check_in_screen(&mut d, LATE);
    assert!(d.render(80, 24).contains(tr(ID, "verdict.late")));
    d.ch('a');
    d.enter();
    d.ch('y');
    assert!(d.status_is_error());
    let late = CheckInRefusal::Late { deadline: "08:45:00".parse().unwrap(), seconds_late: 55 * 60 };
    assert_eq!(d.status(), describe(ID, &StoreError::CheckIn(late)));
    assert!(d.status().contains("08:45") && d.status().contains("55"), "{}", d.status());
    assert_eq!(d.db_status(LATE), Status::Booked);
    assert_eq!(d.screen(), "CheckIn");

    d.ch('o');
    assert!(matches!(&d.app.modal, Some(Modal::Dialog(Dialog::LateOverride(x))) if x.code == LATE));
    // An officer cannot override.
    d.fill(&[OFFICER, PASSWORD, "macet total"]);
    d.submit();
    assert_eq!(form_error(&d), fill(tr(ID, "err.not_supervisor"), &[OFFICER.to_string()]));
    // A supervisor must give a reason.
    d.tab();
    d.fill(&[SUPERVISOR, PASSWORD, ""]);
    d.submit();
    assert_eq!(form_error(&d), tr(ID, "err.reason_needed"));
    assert_eq!(d.db_status(LATE), Status::Booked);
    // A wrong supervisor password.
    d.tab();
    d.fill(&[SUPERVISOR, "salah", "kecelakaan"]);
    d.submit();
    assert_eq!(form_error(&d), tr(ID, "err.credentials"));

    d.tab();
    d.fill(&[SUPERVISOR, PASSWORD, "kecelakaan lalu lintas, surat polisi"]);
    d.submit();
    assert_eq!(ticket(&d).0, "A-004");
    let app = d.application(LATE);
    assert_eq!(app.status, Status::CheckedIn);
    let last = d.trail(LATE).pop().expect("audit");
    assert_eq!(last.action, "check_in");
    assert_eq!(last.officer, SUPERVISOR, "signed by the supervisor");
    assert_eq!(last.detail.as_deref(), Some("A-004; late arrival admitted: kecelakaan lalu lintas, surat polisi"));
}

/// The late override lifts the time rule only: with documents unticked it is not even offered.
#[test]
fn a_late_override_still_needs_the_documents() {
    let mut d = Desk::office(ID);
    check_in_screen(&mut d, LATE);
    d.ch('o');
    assert_eq!(d.modal(), "none", "the override form opened with no document ticked");
    assert!(d.status_is_error());
    assert_eq!(d.status(), tr(ID, "err.documents"));
    assert_eq!(d.db_status(LATE), Status::Booked);
}

#[test]
fn an_unpaid_booking_is_refused_until_the_payment_is_recorded() {
    let mut d = Desk::office(ID);
    check_in_screen(&mut d, UNPAID);
    assert!(d.render(80, 24).contains(tr(ID, "label.unpaid")));
    d.ch('a');
    d.enter();
    d.ch('y');
    assert!(d.status_is_error());
    assert_eq!(d.status(), tr(ID, "err.unpaid"));
    assert_eq!(d.db_status(UNPAID), Status::Booked);

    d.ch('$');
    assert!(matches!(&d.app.modal, Some(Modal::Dialog(Dialog::Payment(x))) if x.code == UNPAID));
    d.fill(&["0A1B2C3D4E5F6789"]); // the receipt number; the time left empty = paid now
    d.submit();
    assert_eq!(d.modal(), "none");
    assert_eq!(d.status(), tr(ID, "msg.payment"));
    assert_eq!(d.application(UNPAID).paid_at.as_deref(), Some("2026-11-25T02:40:00Z"));
    assert!(d.render(80, 24).contains(&format!("✔ {}", tr(ID, "label.paid"))));

    // The ticks survived the reload.
    d.enter();
    d.ch('y');
    assert_eq!(ticket(&d).0, "A-004");
    assert_eq!(d.db_status(UNPAID), Status::CheckedIn);
}

#[test]
fn a_payment_time_can_be_typed_and_a_bad_one_keeps_the_form_open() {
    let mut d = Desk::office(ID);
    check_in_screen(&mut d, UNPAID);
    d.ch('$');
    d.fill(&["0A1B2C3D4E5F6789", "kemarin"]);
    d.submit();
    assert!(!form_error(&d).is_empty());
    d.fill(&["2026-11-24 15:30"]);
    d.submit();
    assert_eq!(d.application(UNPAID).paid_at.as_deref(), Some("2026-11-24T08:30:00Z"));
}

/// `g` goes through each member's document checklist in turn (Enter moves on only with every document
/// ticked), then checks the whole group in at once and shows every member's queue number.
#[test]
fn g_checks_the_whole_group_in() {
    let mut d = Desk::office(ID);
    check_in_screen(&mut d, GROUP_MEMBERS[0]);
    d.ch('g');
    for (i, code) in GROUP_MEMBERS.iter().enumerate() {
        match &d.app.screen {
            Screen::CheckIn(c) => {
                assert_eq!(c.app.booking_code, *code, "member {i}");
                assert!(c.docs.iter().all(|(_, ok)| !ok), "member {i}'s own checklist, unticked");
                assert_eq!(c.group.as_ref().map(|g| g.index), Some(i));
            }
            _ => panic!("not on check-in but {}", d.screen()),
        }
        let screen = d.render(80, 24);
        assert!(screen.contains(&format!("anggota {} dari 3", i + 1)), "{screen}");
        d.enter();
        assert_eq!(d.status(), tr(ID, "err.documents"), "member {i}: the documents first");
        d.ch('a');
        d.enter();
    }
    match &d.app.modal {
        Some(Modal::Confirm(text, Pending::CheckInGroup { group, .. })) => {
            assert_eq!(group, GROUP);
            assert!(text.contains(GROUP));
        }
        _ => panic!("expected the group confirm, got {} ({})", d.modal(), d.status()),
    }
    d.ch('y');
    assert_eq!(ticket(&d).0, "A-004");
    assert!(d.status().contains("A-004, A-005, A-006"), "{}", d.status());
    let screen = d.render(80, 24);
    for (code, no) in GROUP_MEMBERS.iter().zip(["A-004", "A-005", "A-006"]) {
        let a = d.application(code);
        assert_eq!((a.status, a.queue_no.as_deref()), (Status::CheckedIn, Some(no)), "{code}");
        assert!(screen.contains(&format!("{no:<7} {}", a.full_name)), "the ticket shows {no}:\n{screen}");
    }
    // Not a group: an error, nothing opens.
    d.esc();
    check_in_screen(&mut d, ONTIME);
    d.ch('g');
    assert_eq!(d.status(), tr(ID, "err.no_group"));
    assert_eq!(d.modal(), "none");
}

// ---- counter -----------------------------------------------------------------------------------------------

#[test]
fn n_on_the_queue_calls_the_next_applicant_to_this_counter() {
    let mut d = Desk::office(ID);
    d.ch('n');
    assert_eq!(d.screen(), "Counter");
    assert_eq!(d.at_counter().as_deref(), Some(WATCHED));
    let a = d.application(WATCHED);
    assert_eq!((a.status, a.counter_no), (Status::AtCounter, Some(1)));
    assert_eq!(d.status(), format!("{} A-001 → {} 1", tr(ID, "msg.called"), tr(ID, "label.counter")));
    let screen = d.render(80, 24);
    assert!(screen.contains("A-001  Hendra Wijaya  MP2611W001"), "{screen}");
    assert!(screen.contains(&format!("{} 2", tr(ID, "label.waiting"))), "two still waiting");

    // The counter is busy: n refuses until the applicant is dealt with.
    d.ch('n');
    assert!(d.status_is_error());
    assert!(d.status().starts_with(tr(ID, "err.counter_busy")), "{}", d.status());
    assert_eq!(d.db_status(WAITING[0]), Status::CheckedIn);
}

#[test]
fn w_opens_the_idle_counter_and_n_calls_there() {
    let mut d = Desk::office(ID);
    d.ch('w');
    assert_eq!(d.at_counter(), None);
    assert!(d.render(80, 24).contains(tr(ID, "msg.counter_idle")));
    // Counter keys need someone at the counter.
    d.ch('f');
    assert_eq!(d.status(), tr(ID, "err.nobody_at_counter"));
    d.ch('n');
    assert_eq!(d.at_counter().as_deref(), Some(WATCHED));
    assert_eq!(d.app.history.len(), 1, "calling from the counter screen stays on it");
}

#[test]
fn recall_transfer_put_back_and_absent() {
    let mut d = Desk::office(ID);
    d.ch('w');
    d.ch('n');
    // Recall: only the audit log changes.
    d.ch('r');
    assert!(d.status().starts_with(tr(ID, "msg.recalled")), "{}", d.status());
    let last = d.trail(WATCHED).pop().unwrap();
    assert_eq!((last.action.as_str(), last.counter, last.detail.as_deref()), ("recall", Some(1), None));
    assert_eq!(d.at_counter().as_deref(), Some(WATCHED));

    // Transfer: same counter, no such counter, not a number, then counter 2.
    d.ch('t');
    d.fill(&["1"]);
    d.submit();
    assert_eq!(form_error(&d), fill(tr(ID, "err.already_at_counter"), &[WATCHED.into(), "1".into()]));
    d.fill(&["9"]);
    d.submit();
    assert_eq!(form_error(&d), fill(tr(ID, "err.no_counter"), &["9".into()]));
    d.fill(&["dua"]);
    d.submit();
    assert_eq!(form_error(&d), tr(ID, "err.counter"));
    d.fill(&["2"]);
    d.submit();
    assert_eq!(d.modal(), "none");
    assert_eq!(d.status(), format!("{} 2", tr(ID, "msg.transferred")));
    assert_eq!(d.application(WATCHED).counter_no, Some(2));
    assert_eq!(d.at_counter(), None, "counter 1 is free again");

    // Put back: Maya returns to the line with her number.
    d.ch('n');
    assert_eq!(d.at_counter().as_deref(), Some(WAITING[0]));
    d.ch('b');
    let a = d.application(WAITING[0]);
    assert_eq!((a.status, a.counter_no, a.queue_no.as_deref()), (Status::CheckedIn, None, Some("A-002")));
    assert_eq!(d.at_counter(), None);

    // Absent, after a confirm: to the end of the line.
    d.ch('n');
    assert_eq!(d.at_counter().as_deref(), Some(WAITING[0]));
    d.ch('a');
    assert!(
        matches!(&d.app.modal, Some(Modal::Confirm(t, Pending::Absent(c))) if c == WAITING[0] && t.contains("Maya Sari"))
    );
    d.ch('y');
    assert_eq!(d.status(), format!("{}: Maya Sari", tr(ID, "msg.absent")));
    let a = d.application(WAITING[0]);
    assert_eq!((a.status, a.checked_in_at.as_deref()), (Status::CheckedIn, Some("2026-11-25T02:40:00Z")));
    // So Nur, who came later but did not miss her call, is next.
    d.ch('n');
    assert_eq!(d.at_counter().as_deref(), Some(WAITING[1]));
}

#[test]
fn photo_interview_and_approve_give_the_ready_date() {
    let mut d = Desk::office(ID);
    d.ch('n');
    // Approving before photo and interview is refused by the store.
    d.ch('y');
    d.ch('y');
    assert!(d.status_is_error(), "{}", d.status());
    assert_eq!(d.db_status(WATCHED), Status::AtCounter);

    d.ch('f');
    d.ch('y'); // confirm: a recorded step cannot be undone
    assert!(d.status().starts_with(tr(ID, "msg.photo")), "{}", d.status());
    d.ch('i');
    d.ch('y'); // confirm: a recorded step cannot be undone
    assert!(d.status().starts_with(tr(ID, "msg.interview")), "{}", d.status());
    let screen = d.render(80, 24);
    assert!(screen.contains(&format!("[x] {}", tr(ID, "step.photo"))), "{screen}");
    assert!(screen.contains(&format!("[x] {}", tr(ID, "step.interview"))), "{screen}");

    d.ch('y');
    assert!(
        matches!(&d.app.modal, Some(Modal::Confirm(t, Pending::Approve(c))) if c == WATCHED && t.contains("Hendra Wijaya"))
    );
    d.ch('y');
    let a = d.application(WATCHED);
    assert_eq!(a.status, Status::Approved);
    // Wednesday + 3 working days.
    assert_eq!(a.ready_date.map(|d| d.to_string()).as_deref(), Some("2026-11-30"));
    assert!(d.status().contains(tr(ID, "msg.approved")), "{}", d.status());
    assert!(d.status().contains("2026-11-30"), "{}", d.status());
    assert_eq!(d.at_counter(), None);
}

#[test]
fn reject_with_a_reason_and_other_needs_a_note() {
    let mut d = Desk::office(ID);
    d.ch('n');
    // A refusal needs the interview first (the photo may be skipped): refused at once, before the form.
    d.ch('x');
    assert_eq!(d.modal(), "none");
    assert!(d.status_is_error());
    assert_eq!(d.db_status(WATCHED), Status::AtCounter);
    d.ch('i');
    d.ch('y'); // confirm: a recorded step cannot be undone
    d.ch('x');
    let form = d.form().expect("reject form");
    assert_eq!(form.value(0), "pmi_non_prosedural", "the watchlist reason is last when it does not apply");
    assert_eq!(form.fields[0].choices.last().map(String::as_str), Some("cegah_tangkal"));
    d.fill(&["lainnya", ""]);
    d.submit();
    assert_eq!(form_error(&d), tr(ID, "err.note_needed"));
    assert_eq!(d.db_status(WATCHED), Status::AtCounter);
    d.fill(&["dokumen tidak asli"]);
    d.submit();
    assert_eq!(d.modal(), "none", "{}", d.form().and_then(|f| f.error.clone()).unwrap_or_default());
    assert_eq!(d.status(), tr(ID, "msg.rejected"));
    let a = d.application(WATCHED);
    assert_eq!((a.status, a.rejection_reason), (Status::Rejected, Some(RejectionReason::Other)));
    assert_eq!(d.trail(WATCHED).pop().unwrap().detail.as_deref(), Some("lainnya dokumen tidak asli"));

    // The applicant's detail says the reason as a word (not its code), in either language.
    d.scan(WATCHED);
    assert_eq!(d.screen(), "Detail");
    let screen = d.render(120, 30);
    let line = screen.lines().find(|l| l.contains(tr(ID, "field.reason_code"))).expect("reason line");
    assert!(line.contains("alasan lain"), "{line}");
    d.key(KeyCode::F(2));
    let screen = d.render(120, 30);
    let line = screen.lines().find(|l| l.contains("Rejection reason")).expect("reason line");
    assert!(line.contains("other reason"), "{line}");
    assert!(!screen.contains("lainnya"), "{screen}");
}

#[test]
fn a_watchlisted_applicant_shows_the_warning_and_is_rejected_as_cegah_tangkal() {
    let mut d = Desk::office(ID);
    watchlist_hendra(&mut d.other_store());
    d.ch('n');
    assert_eq!(d.at_counter().as_deref(), Some(WATCHED));
    let screen = d.render(80, 24);
    let warning = screen.lines().find(|l| l.contains(tr(ID, "warn.watchlist"))).expect("warning line");
    assert!(warning.contains("⚠ DAFTAR CEGAH TANGKAL: cegah (dilarang ke luar negeri)"), "{warning}");
    // The warning comes before the name.
    let name_row = screen.lines().position(|l| l.contains("Hendra Wijaya")).unwrap();
    let warn_row = screen.lines().position(|l| l.contains("IMI-0042/2026")).unwrap();
    assert!(warn_row < name_row);

    // Approving needs a supervisor's sign-off (tests/tui_pressure.rs); the form repeats the warning.
    d.ch('f');
    d.ch('y');
    d.ch('i');
    d.ch('y');
    d.ch('y');
    match &d.app.modal {
        Some(Modal::Dialog(Dialog::ApproveSignedOff(s))) => {
            assert!(s.form.note.contains("IMI-0042/2026"), "{}", s.form.note)
        }
        _ => panic!("no sign-off form"),
    }
    d.esc();
    assert_eq!(d.db_status(WATCHED), Status::AtCounter);

    // The reject form offers cegah_tangkal first (after the interview, where the hit is discussed).
    d.ch('x');
    assert_eq!(d.form().unwrap().value(0), "cegah_tangkal");
    d.submit();
    let a = d.application(WATCHED);
    assert_eq!((a.status, a.rejection_reason), (Status::Rejected, Some(RejectionReason::Watchlist)));

    // The next applicant is not on the list: no warning.
    d.ch('n');
    assert_eq!(d.at_counter().as_deref(), Some(WAITING[0]));
    assert!(!d.render(80, 24).contains(tr(ID, "warn.watchlist")));
}

/// Rejecting before the interview is refused with "cannot approve yet: interview not recorded".
#[test]
fn rejecting_before_the_interview_does_not_talk_about_approving() {
    for lang in [Lang::Id, Lang::En] {
        let mut d = Desk::office(lang);
        d.ch('n');
        d.ch('x');
        assert_eq!(d.modal(), "none", "refused before the form");
        let err = d.status();
        assert!(err.contains(tr(lang, "step.interview")), "{err}");
        let approve = if lang == Lang::Id { "disetujui" } else { "approve" };
        assert!(!err.to_lowercase().contains(approve), "{lang:?}: a rejection is refused with {err:?}");
    }
}

// ---- passports due -------------------------------------------------------------------------------------------

#[test]
fn ready_list_mark_ready_hand_over_and_dispatch() {
    let mut d = Desk::office(ID);
    d.ch('r');
    assert_eq!(d.screen(), "Ready");
    let list = |d: &Desk| match &d.app.screen {
        Screen::Ready(r) => r.list.iter().map(|a| a.booking_code.clone()).collect::<Vec<_>>(),
        _ => unreachable!(),
    };
    assert_eq!(list(&d), [APPROVED, READY, READY_POST]);

    // Mark ready: a bad passport number keeps the form open with the reason.
    d.ch('m');
    assert!(matches!(&d.app.modal, Some(Modal::Dialog(Dialog::MarkReady(x))) if x.code == APPROVED));
    d.typ("X12");
    d.submit();
    assert_eq!(d.modal(), "Form");
    assert!(!form_error(&d).is_empty());
    assert!(d.render(80, 24).contains(&form_error(&d)[..20]), "the reason is on screen");
    assert_eq!(d.db_status(APPROVED), Status::Approved);
    d.fill(&["c7777777"]);
    d.submit();
    assert_eq!(d.modal(), "none");
    assert_eq!(d.status(), tr(ID, "msg.marked_ready"));
    let a = d.application(APPROVED);
    assert_eq!((a.status, a.passport_no.as_deref()), (Status::Ready, Some("C7777777")));

    // Hand over Putri's passport to herself (the name is filled in). ('j' is not bound here: 'k' dispatches.)
    d.key(KeyCode::Down);
    d.ch('h');
    assert_eq!(d.form().unwrap().value(0), "Putri Ayu");
    d.submit();
    assert_eq!(d.status(), tr(ID, "msg.handed_over"));
    assert_eq!(d.db_status(READY), Status::HandedOver);
    assert_eq!(d.trail(READY).pop().unwrap().detail.as_deref(), Some("collected by Putri Ayu"));
    assert_eq!(list(&d), [APPROVED, READY_POST]);

    // Dispatch Rudi's: the address is filled in, the tracking number is needed.
    match &d.app.screen {
        Screen::Ready(r) => assert_eq!(r.selected().map(|a| a.booking_code.as_str()), Some(READY_POST)),
        _ => unreachable!(),
    }
    d.ch('k');
    assert_eq!(d.form().unwrap().value(0), "Jl. Pemuda No. 10, Semarang");
    d.submit();
    assert_eq!(form_error(&d), tr(ID, "err.dispatch_details"));
    d.fill(&["RR123456789ID"]);
    d.submit();
    assert_eq!(d.status(), tr(ID, "msg.dispatched"));
    assert_eq!(d.db_status(READY_POST), Status::Dispatched);
    assert_eq!(list(&d), [APPROVED]);
}

// ---- priority walk-in --------------------------------------------------------------------------------------

/// Opens the walk-in form (`p`) and submits [NIK, name, sex, birth date, priority reason, type, old passport].
fn walk_in(d: &mut Desk, [nik, name, sex, birth, reason, app_type, old]: [&str; 7]) {
    d.ch('p');
    assert!(matches!(&d.app.modal, Some(Modal::Dialog(Dialog::WalkIn(_)))));
    let receipt = "0A1B2C3D4E5F6789";
    d.fill(&[nik, name, sex, birth, "081300000001", reason, app_type, "wisata", "elektronik", "5", old, receipt]);
    d.submit();
}

#[test]
fn a_priority_walk_in_is_registered_and_checked_in_on_the_p_line() {
    let mut d = Desk::office(ID);
    let nik = nik_for("1955-06-01", Sex::Male, 901);
    walk_in(&mut d, [&nik, "Slamet Riyadi", "L", "1955-06-01", "lansia", "baru", ""]);
    assert_eq!(ticket(&d), ("P-001".to_string(), "Slamet Riyadi".to_string()));
    let a = d.application("WI2611250001");
    assert_eq!(a.status, Status::CheckedIn);
    assert_eq!(a.queue_no.as_deref(), Some("P-001"));
    assert_eq!(a.priority_reason, Some(PriorityReason::Elderly));
    assert_eq!(a.nik.as_deref(), Some(nik.as_str()));
    assert!(d.status().contains("P-001"), "{}", d.status());
    // The priority line is called first.
    d.ch('x');
    d.ch('n');
    assert_eq!(d.at_counter().as_deref(), Some("WI2611250001"));
}

#[test]
fn a_40_year_old_claiming_lansia_is_refused_with_the_form_still_open() {
    let mut d = Desk::office(ID);
    let nik = nik_for("1986-01-15", Sex::Male, 902);
    walk_in(&mut d, [&nik, "Wahyu Hidayat", "L", "1986-01-15", "lansia", "baru", ""]);
    assert!(matches!(&d.app.modal, Some(Modal::Dialog(Dialog::WalkIn(_)))));
    let err = form_error(&d);
    assert_eq!(err, describe(ID, &StoreError::WalkIn(WalkInRefusal::NotElderly { age: 40 })));
    assert!(err.contains("40"), "{err}");
    assert_eq!(d.form().unwrap().value(1), "Wahyu Hidayat", "what was typed is kept");
    assert_eq!(walk_in_count(&d), 0);

    // Correcting the reason to disability admits him.
    for _ in 0..6 {
        d.tab(); // from the last field round to the priority reason
    }
    d.fill(&["disabilitas"]);
    d.submit();
    assert_eq!(ticket(&d).0, "P-001");
    assert_eq!(walk_in_count(&d), 1);
}

#[test]
fn a_walk_in_replacement_without_the_old_passport_is_refused() {
    // Imported bookings cannot lack it (the manifest schema requires it), so the desk shows this refusal only
    // for walk-ins.
    let mut d = Desk::office(ID);
    let nik = nik_for("1950-02-02", Sex::Female, 903);
    walk_in(&mut d, [&nik, "Sri Wahyuni", "P", "1950-02-02", "lansia", "penggantian", ""]);
    let refusal = WalkInRefusal::NoOldPassport { app_type: loket::domain::types::ApplicationType::Replacement };
    assert_eq!(form_error(&d), describe(ID, &StoreError::WalkIn(refusal)));
    assert_eq!(walk_in_count(&d), 0);
    d.key(KeyCode::Up); // from the receipt number back to the old passport
    d.fill(&["B7654321"]);
    d.submit();
    assert_eq!(ticket(&d).0, "P-001");
    assert_eq!(d.application("WI2611250001").old_passport_no.as_deref(), Some("B7654321"));
}

#[test]
fn a_walk_in_with_a_bad_birth_date_or_nik_is_refused() {
    let mut d = Desk::office(ID);
    let nik = nik_for("1950-02-02", Sex::Male, 904);
    walk_in(&mut d, [&nik, "Bambang", "L", "02-02-1950", "lansia", "baru", ""]);
    assert_eq!(form_error(&d), tr(ID, "err.date"));
    d.esc();
    walk_in(&mut d, ["1234", "Bambang", "L", "1950-02-02", "lansia", "baru", ""]);
    assert!(!form_error(&d).is_empty());
    assert_eq!(walk_in_count(&d), 0);
}

/// After a walk-in from today's queue (the home screen, nothing to go back to) the queue is not reloaded: the
/// new applicant is missing until another workstation writes.
#[test]
fn a_walk_in_appears_in_the_queue_at_once() {
    let mut d = Desk::office(ID);
    let nik = nik_for("1955-06-01", Sex::Male, 905);
    walk_in(&mut d, [&nik, "Slamet Riyadi", "L", "1955-06-01", "lansia", "baru", ""]);
    d.ch('x');
    assert!(d.queue_codes().contains(&"WI2611250001".to_string()), "{:?}", d.queue_codes());
}

/// F6 (walk-in) works on every screen, but a successful walk-in calls back(), leaving the screen it was on.
#[test]
fn a_walk_in_from_the_counter_screen_stays_on_the_counter() {
    let mut d = Desk::office(ID);
    d.ch('n');
    assert_eq!(d.screen(), "Counter");
    d.key(KeyCode::F(6));
    let nik = nik_for("1955-06-01", Sex::Male, 906);
    let receipt = "0A1B2C3D4E5F6789";
    let values =
        [&nik, "Slamet Riyadi", "L", "1955-06-01", "", "lansia", "baru", "wisata", "elektronik", "10", "", receipt];
    d.fill(&values);
    d.submit();
    assert_eq!(ticket(&d).0, "P-001");
    assert_eq!(d.screen(), "Counter");
}

// ---- reschedule ----------------------------------------------------------------------------------------------

#[test]
fn reschedule_from_the_detail_screen_to_a_later_date() {
    let mut d = Desk::office(ID);
    d.scan(FUTURE);
    d.ch('d');
    assert!(matches!(&d.app.modal, Some(Modal::Dialog(Dialog::Reschedule(r))) if !r.special));
    assert_eq!(d.form().unwrap().value(0), "2026-11-28", "the day after the booked date is offered");
    d.submit();
    let day_off = RescheduleRefusal::DayOff { date: date("2026-11-28") };
    assert_eq!(form_error(&d), describe(ID, &StoreError::Reschedule(day_off)));
    d.tab();
    d.fill(&["2026-11-30", "11:00"]);
    d.submit();
    assert_eq!(d.modal(), "none");
    assert_eq!(d.status(), format!("{} 2026-11-30 11:00", tr(ID, "msg.rescheduled")));
    let a = d.application(FUTURE);
    assert_eq!(
        (a.slot_date.to_string().as_str(), a.slot_start.as_str(), a.reschedule_count),
        ("2026-11-30", "11:00", 1)
    );
    assert!(d.render(80, 24).contains("2026-11-30 11:00–12:00"), "the detail shows the new slot");

    // Once is the limit: refused at once, before the form.
    d.ch('d');
    assert_eq!(d.modal(), "none");
    let limit = RescheduleRefusal::LimitReached { count: 1, limit: 1 };
    assert!(d.status().starts_with(&describe(ID, &StoreError::Reschedule(limit))), "{}", d.status());
}

/// A refusal the store raises (not a form check) reaches the desk in the officer's language: a walk-in on an
/// office holiday, and a NIK of the wrong length.
#[test]
fn a_store_refusal_reaching_the_desk_is_in_indonesian() {
    let mut d = Desk::office(ID);
    // The office declares today a holiday (another connection, as a supervisor's import would).
    rusqlite::Connection::open(d.app.store.path())
        .and_then(|c| c.execute("INSERT INTO holidays (date, name, kind) VALUES (?1, 'Hari Guru', 'kantor')", [DAY]))
        .expect("holiday");
    let nik = nik_for("1955-06-01", Sex::Male, 907);
    walk_in(&mut d, [&nik, "Slamet Riyadi", "L", "1955-06-01", "lansia", "baru", ""]);
    let day_off = DayOff { date: date(DAY), holiday: Some("Hari Guru".into()) };
    let refusal = StoreError::Rule(Refusal::NoWalkInsToday(day_off));
    let err = form_error(&d);
    assert_eq!(err, describe(ID, &refusal));
    assert_eq!(err, format!("Tidak ada layanan hari ini: {DAY} hari libur (Hari Guru)"));
    assert_ne!(err, describe(Lang::En, &refusal));
    assert_eq!(walk_in_count(&d), 0);
    d.esc();

    walk_in(&mut d, ["1234", "Bambang", "L", "1950-02-02", "lansia", "baru", ""]);
    assert_eq!(form_error(&d), "NIK harus 16 angka, tertulis 4 karakter");
    assert_eq!(walk_in_count(&d), 0);
}

#[test]
fn an_ordinary_reschedule_on_the_day_is_refused_and_a_special_one_needs_a_supervisor() {
    let mut d = Desk::office(ID);
    d.scan(LATE);
    d.ch('d');
    assert_eq!(d.modal(), "none", "refused before the form");
    let too_late = RescheduleRefusal::TooLate { booked: date(DAY) };
    assert!(d.status().starts_with(&describe(ID, &StoreError::Reschedule(too_late))), "{}", d.status());
    assert!(d.status().contains(tr(ID, "hint.special_reschedule")), "{}", d.status());
    d.ch('D');
    assert!(matches!(&d.app.modal, Some(Modal::Dialog(Dialog::Reschedule(r))) if r.special));
    d.fill(&["2026-11-26", "09:00", OFFICER, PASSWORD, "server imigrasi mati"]);
    d.submit();
    assert_eq!(form_error(&d), fill(tr(ID, "err.not_supervisor"), &[OFFICER.to_string()]));
    d.tab();
    d.fill(&["2026-11-26", "09:00", SUPERVISOR, PASSWORD, "server imigrasi mati"]);
    d.submit();
    assert_eq!(d.modal(), "none", "{:?}", d.form().and_then(|f| f.error.clone()));
    let a = d.application(LATE);
    assert_eq!((a.slot_date.to_string().as_str(), a.reschedule_count), ("2026-11-26", 0));
}

// ---- help, language, navigation, quit ---------------------------------------------------------------------

#[test]
fn help_lists_the_keys_of_each_screen() {
    let mut d = Desk::office(ID);
    let check = |d: &mut Desk, ctx: Context| {
        d.ch('?');
        assert!(matches!(d.app.modal, Some(Modal::Help(c)) if c == ctx));
        let screen = d.render(160, 48);
        for (key, desc) in keymap::help_lines_for(ctx, ID, false) {
            assert!(screen.contains(&format!("{key:>9} {desc}")), "{ctx:?}: {key} {desc} missing:\n{screen}");
        }
        // Any key closes the help and does nothing else.
        d.ch('n');
        assert_eq!(d.modal(), "none");
    };
    check(&mut d, Context::Queue);
    assert_eq!(d.screen(), "Queue", "the key that closed the help did not call anyone");
    assert_eq!(d.db_status(WATCHED), Status::CheckedIn);
    d.scan(ONTIME);
    check(&mut d, Context::Detail);
    d.ch('c');
    check(&mut d, Context::CheckIn);
    d.key(KeyCode::F(4));
    check(&mut d, Context::Counter);
    d.key(KeyCode::F(5));
    check(&mut d, Context::Ready);
}

/// The queue's help has 29 lines; the overlay is drawn in the 21-row body at 80×24 and the rest is cut.
#[test]
fn help_fits_at_80x24() {
    let mut d = Desk::office(ID);
    for ctx in [Context::Queue, Context::CheckIn, Context::Counter] {
        match ctx {
            Context::CheckIn => check_in_screen(&mut d, ONTIME),
            Context::Counter => d.key(KeyCode::F(4)),
            _ => {}
        }
        d.ch('?');
        let screen = d.render(80, 24);
        for (_, desc) in keymap::help_lines_for(ctx, ID, false) {
            assert!(screen.contains(desc), "{ctx:?}: {desc:?} is not shown at 80×24:\n{screen}");
        }
        d.ch('x');
    }
}

#[test]
fn f2_switches_the_language() {
    let mut d = Desk::office(ID);
    let before = d.render(80, 24);
    assert!(before.contains("Antrean 2026-11-25"));
    d.key(KeyCode::F(2));
    assert_eq!(d.app.lang, Lang::En);
    assert_eq!(d.app.config.lang, "en");
    let after = d.render(80, 24);
    assert!(after.contains("Queue 2026-11-25"), "{after}");
    assert!(after.contains("? Help"));
    assert!(!after.contains("Antrean"));
    // Messages from now on are in English.
    d.scan("MPZZZZ9999");
    assert!(d.status().starts_with(tr(Lang::En, "msg.not_found")));
    d.key(KeyCode::F(2));
    assert_eq!(d.app.lang, Lang::Id);
    assert_eq!(d.render(80, 24).lines().nth(1), before.lines().nth(1));
}

#[test]
fn esc_goes_back_one_screen() {
    let mut d = Desk::office(ID);
    d.select_in_queue(ONTIME);
    d.enter();
    assert_eq!(d.screen(), "Detail");
    d.ch('c');
    assert_eq!(d.screen(), "CheckIn");
    d.esc();
    assert_eq!(d.screen(), "Detail");
    d.esc();
    assert_eq!(d.screen(), "Queue");
    assert_eq!(d.queue_selected().as_deref(), Some(ONTIME), "the cursor is where it was");
    d.esc();
    assert_eq!(d.screen(), "Queue", "the queue is home");
    // F3 goes home from anywhere and forgets the way back.
    d.ch('w');
    d.scan(LATE);
    d.key(KeyCode::F(3));
    assert_eq!(d.screen(), "Queue");
    assert!(d.app.history.is_empty());
}

#[test]
fn q_asks_before_quitting() {
    let mut d = Desk::office(ID);
    d.ch('q');
    assert!(matches!(d.app.modal, Some(Modal::Confirm(_, Pending::Quit))));
    d.ch('n');
    assert!(!d.app.quit);
    assert_eq!(d.modal(), "none");
    assert_eq!(d.app.store.open_counter_sessions().unwrap().len(), 1, "signed in at counter 1");
    d.ch('q');
    d.ch('y');
    assert!(d.app.quit);
    assert!(d.app.store.open_counter_sessions().unwrap().is_empty(), "quitting closes the counter session");

    // Ctrl+C asks too, even from a dialog; and Esc on the sign-in screen.
    let mut d = Desk::office(ID);
    d.ch('p');
    d.key_mod(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(matches!(d.app.modal, Some(Modal::Confirm(_, Pending::Quit))));
    d.enter();
    assert!(d.app.quit);
    let mut d = office().desk(ID);
    d.esc();
    assert!(matches!(d.app.modal, Some(Modal::Confirm(_, Pending::Quit))));
    d.ch('y');
    assert!(d.app.quit);
}

#[test]
fn supervisor_screens_refuse_an_officer_and_open_for_a_supervisor() {
    let mut d = Desk::office(ID);
    d.key(KeyCode::F(7));
    assert_eq!(d.screen(), "Queue");
    assert!(d.status_is_error());
    assert_eq!(d.status(), fill(tr(ID, "err.not_supervisor"), &[OFFICER.to_string()]));
    d.key(KeyCode::F(9));
    assert_eq!(d.screen(), "Queue");

    let mut d = office().desk(ID);
    d.sign_in(SUPERVISOR, PASSWORD, 2);
    d.key(KeyCode::F(7));
    assert_eq!(d.screen(), "Floor");
    assert!(d.render(80, 24).contains(SUPERVISOR), "the floor shows who is signed in at counter 2");
    d.esc();
    d.key(KeyCode::F(9));
    assert_eq!(d.screen(), "Audit");
    let today_rows = |d: &Desk| match &d.app.screen {
        Screen::Audit(a) => (a.date.to_string(), a.rows.len()),
        _ => unreachable!(),
    };
    let (day, rows) = today_rows(&d);
    assert_eq!(day, DAY);
    assert!(rows >= 5, "this morning's ready marks and check-ins: {rows}");
    d.ch('[');
    assert_eq!(today_rows(&d).0, "2026-11-24");
}

/// The status line is one row and is not wrapped: the late refusal loses its instruction at 80×24
/// ("…a supervisor override with a r").
#[test]
fn a_long_refusal_is_readable_at_80x24() {
    for lang in [Lang::Id, Lang::En] {
        let mut d = Desk::office(lang);
        check_in_screen(&mut d, LATE);
        d.ch('a');
        d.enter();
        d.ch('y');
        let status = d.status();
        let screen = d.render(80, 24).split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(screen.contains(&status), "{lang:?}: {status:?} is not fully on screen");
    }
}

/// The audit trail's detail column is cut at 80 columns: "E1234567" is shown as "E123456" (a wrong passport
/// number, not an ellipsis) and "counter 2" (in words, "Loket 2") as "counter". The counter comes from the audit row's own column.
#[test]
fn the_audit_trail_shows_whole_details_at_80x24() {
    let mut d = office().desk(ID);
    d.sign_in(SUPERVISOR, PASSWORD, 2);
    d.ch('n');
    d.key(KeyCode::F(9));
    let screen = d.render(80, 24);
    assert!(screen.contains("E1234567"), "{screen}");
    assert!(screen.contains(&format!("{} 2", tr(ID, "label.counter"))), "{screen}");
}

// ---- another workstation -------------------------------------------------------------------------------------

#[test]
fn a_change_on_another_workstation_refreshes_the_queue_keeping_the_cursor() {
    let mut d = Desk::office(ID);
    d.select_in_queue(WAITING[1]);
    let index_before = d.queue_codes().iter().position(|c| c == WAITING[1]);
    let mut other = d.other_store();
    let officer = other.authenticate(OFFICER, PASSWORD).unwrap();
    // Agus checks in at another desk (he is numbered after Nur, so her row keeps its place) and Hendra is
    // called to counter 2.
    other.check_in(&officer, ONTIME, None, now()).unwrap();
    other.call(&officer, WATCHED, 2, now()).unwrap();
    d.wait(Duration::from_millis(200));
    match &d.app.screen {
        Screen::Queue(q) => {
            let agus = q.apps.iter().find(|a| a.booking_code == ONTIME).unwrap();
            assert_eq!((agus.status, agus.queue_no.as_deref()), (Status::CheckedIn, Some("A-004")));
            assert_eq!(q.count(Status::AtCounter), 1);
        }
        _ => unreachable!(),
    }
    assert_eq!(d.queue_selected().as_deref(), Some(WAITING[1]), "the cursor stays on Nur");
    assert_eq!(d.queue_codes().iter().position(|c| c == WAITING[1]), index_before);
    assert!(d.render(80, 24).contains("A-004   MP2611A001"));

    // The row moves when the order changes (Agus is numbered before two booked rows): the cursor follows it.
    d.select_in_queue(UNPAID);
    let before = d.queue_codes().iter().position(|c| c == UNPAID).unwrap();
    other.check_in(&officer, ELDERLY, None, now()).unwrap();
    d.wait(Duration::from_millis(200));
    let after = d.queue_codes().iter().position(|c| c == UNPAID).unwrap();
    assert_eq!(after, before + 1, "Kartini (P-001) moved above Citra");
    assert_eq!(d.queue_selected().as_deref(), Some(UNPAID));
}

#[test]
fn the_counter_screen_follows_a_transfer_from_another_workstation() {
    let mut d = Desk::office(ID);
    d.ch('w');
    assert_eq!(d.at_counter(), None);
    let mut other = d.other_store();
    let officer = other.authenticate(OFFICER, PASSWORD).unwrap();
    other.call(&officer, WAITING[0], 3, now()).unwrap();
    other.transfer(&officer, WAITING[0], 1, now()).unwrap();
    d.wait(Duration::from_millis(200));
    assert_eq!(d.at_counter().as_deref(), Some(WAITING[0]));
    assert!(d.render(80, 24).contains("Maya Sari"));
}

/// The queue table needs 87 columns (the waiting minutes come last); at 80×24 the status word is cut and the
/// minutes since check-in are never visible.
#[test]
fn the_queue_row_fits_at_80x24() {
    let d = Desk::office(ID);
    let screen = d.render(80, 24);
    let hendra = screen.lines().find(|l| l.contains("Hendra Wijaya")).unwrap();
    assert!(hendra.contains("25m"), "minutes waiting since 09:15: {hendra}");
    let budi = screen.lines().find(|l| l.contains("Budi Santoso")).unwrap();
    assert!(budi.contains(tr(ID, "status.booked")), "{budi}");
}

// ---- supervisors: report and close-day -----------------------------------------------------------------------

/// The office fixture signed in as the supervisor at counter 2.
fn supervisor_desk(lang: Lang) -> Desk {
    let mut d = office().desk(lang);
    d.sign_in(SUPERVISOR, PASSWORD, 2);
    assert_eq!(d.screen(), "Queue", "sign-in failed: {:?}", d.status());
    d
}

fn db_count(d: &Desk, sql: &str) -> i64 {
    rusqlite::Connection::open(d.app.store.path())
        .expect("a connection of the test's own")
        .query_row(sql, [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Rows written by anyone: the audit trail and the closures.
fn footprint(d: &Desk) -> (i64, i64, i64) {
    (
        db_count(d, "SELECT COUNT(*) FROM audit_log"),
        db_count(d, "SELECT COUNT(*) FROM day_closures"),
        db_count(d, "SELECT COUNT(*) FROM applications WHERE status = 'cancelled'"),
    )
}

fn report_state(d: &Desk) -> &loket::tui::screens::report::ReportState {
    match &d.app.screen {
        Screen::Report(r) => r,
        _ => panic!("not on the report but {} (status {:?})", d.screen(), d.status()),
    }
}

/// The fixture's bookings on 2026-11-25 (walk-ins none): eleven booked, three checked in this morning.
const BOOKED_ON_DAY: u32 = 11;

#[test]
fn an_officer_is_refused_every_supervisor_key_and_stays_on_the_same_screen() {
    for lang in [Lang::Id, Lang::En] {
        let mut d = Desk::office(lang);
        let before = footprint(&d);
        let refusal = fill(tr(lang, "err.not_supervisor"), &[OFFICER.to_string()]);
        // from the queue, then from the counter screen and the detail screen
        for setup in ["queue", "counter", "detail"] {
            match setup {
                "counter" => d.ch('w'),
                "detail" => d.scan(ONTIME),
                _ => {}
            }
            let screen = d.screen();
            let depth = d.app.history.len();
            for f in [7, 8, 9, 10] {
                d.app.status = None;
                d.key(KeyCode::F(f));
                assert_eq!(d.screen(), screen, "{lang:?} F{f} on {setup}");
                assert_eq!(d.app.history.len(), depth, "{lang:?} F{f} on {setup}: nothing pushed");
                assert_eq!(d.modal(), "none", "{lang:?} F{f} on {setup}: no dialog");
                assert!(d.status_is_error(), "{lang:?} F{f} on {setup}");
                assert_eq!(d.status(), refusal, "{lang:?} F{f} on {setup}");
            }
        }
        assert!(d.render(80, 24).contains(&refusal), "{lang:?}: the refusal is readable at 80×24");
        assert_eq!(footprint(&d), before, "{lang:?}: nothing written");
    }
}

#[test]
fn f8_opens_the_report_of_today_and_brackets_change_the_day() {
    for lang in [Lang::Id, Lang::En] {
        let mut d = supervisor_desk(lang);
        d.key(KeyCode::F(8));
        assert_eq!(d.screen(), "Report", "{lang:?}: {}", d.status());
        let r = report_state(&d);
        assert_eq!(r.date.to_string(), DAY);
        assert_eq!((r.report.from.to_string(), r.report.to.to_string()), (DAY.to_string(), DAY.to_string()));
        assert_eq!(r.report.produced_by, SUPERVISOR);
        assert_eq!(r.report.totals.counts.booked, BOOKED_ON_DAY);
        assert_eq!(r.report.totals.counts.arrived, 3);
        let hour = |d: &Desk, h: u32| {
            report_state(d).report.hourly_arrivals.iter().find(|x| x.hour == h).map_or(0, |x| x.arrivals)
        };
        assert_eq!(hour(&d, 9), 3, "Hendra, Maya and Nur arrived between 09:15 and 09:25");

        let booked = format!("{} {BOOKED_ON_DAY}", tr(lang, "rep.booked"));
        let chart = tr(lang, "rep.hourly");
        for (w, h) in [(80, 24), (160, 48)] {
            let screen = d.render(w, h);
            assert!(screen.contains(&booked), "{lang:?} {w}×{h}: {booked:?} not shown:\n{screen}");
            assert!(screen.contains(chart), "{lang:?} {w}×{h}: {chart:?} not shown:\n{screen}");
            assert!(screen.contains(DAY), "{lang:?} {w}×{h}");
        }
        assert_eq!(chart, if lang == Lang::En { "Arrivals per hour" } else { "Kedatangan per jam" });

        d.ch('[');
        assert_eq!(d.screen(), "Report");
        assert_eq!(report_state(&d).date.to_string(), "2026-11-24");
        assert_eq!(report_state(&d).report.from.to_string(), "2026-11-24", "the report is rebuilt");
        assert_eq!(report_state(&d).report.totals.counts.booked, 0);
        assert!(d.render(80, 24).contains("2026-11-24"));
        assert!(d.render(80, 24).contains(&format!("{} 0", tr(lang, "rep.booked"))));
        d.ch(']');
        d.ch(']');
        d.ch(']');
        assert_eq!(report_state(&d).date.to_string(), "2026-11-27");
        assert_eq!(report_state(&d).report.totals.counts.booked, 1, "Lukman on Friday");
        d.ch('[');
        d.ch('[');
        assert_eq!(report_state(&d).report.totals.counts.booked, BOOKED_ON_DAY);
        assert!(!d.status_is_error(), "{lang:?}: {}", d.status());

        // a check-in elsewhere shows on the open report
        let mut other = d.other_store();
        let officer = other.authenticate(OFFICER, PASSWORD).unwrap();
        other.check_in(&officer, ONTIME, None, now()).unwrap();
        d.wait(Duration::from_millis(200));
        assert_eq!(report_state(&d).report.totals.counts.arrived, 4);

        d.esc();
        assert_eq!(d.screen(), "Queue");
    }
}

/// The unfinished applicants of the fixture day, as the close names them.
const UNFINISHED: [&str; 3] = [WATCHED, WAITING[0], WAITING[1]];

#[test]
fn f10_shows_the_plan_and_an_unforced_close_with_unfinished_applicants_is_refused() {
    for lang in [Lang::Id, Lang::En] {
        let mut d = supervisor_desk(lang);
        let before = footprint(&d);
        d.key(KeyCode::F(10));
        assert_eq!(d.modal(), "Form", "{lang:?}: {}", d.status());
        match &d.app.modal {
            Some(Modal::Dialog(Dialog::CloseDay(CloseDayDialog { date, now: at, .. }))) => {
                assert_eq!(date.to_string(), DAY);
                assert_eq!(*at, now());
            }
            _ => panic!("not the close-day dialog"),
        }
        let form = d.form().unwrap();
        assert_eq!(form.title, "title.close_day");
        let plan = fill(tr(lang, "close.plan"), &[DAY.into(), "8".into(), "3".into(), "0".into()]);
        assert!(form.note.starts_with(&plan), "{lang:?}: {:?}", form.note);
        for code in UNFINISHED {
            assert!(form.note.contains(code), "{lang:?}: {code} listed: {:?}", form.note);
        }
        assert!(form.note.contains("A-001 MP2611W001 Hendra Wijaya"), "{:?}", form.note);

        // no reason: refused, the dialog stays open with the translated error, nothing is written
        d.submit();
        assert_eq!(d.modal(), "Form", "{lang:?}: the dialog stays open");
        let codes: Vec<String> = UNFINISHED.iter().map(|c| c.to_string()).collect();
        let expected = describe(lang, &StoreError::Unfinished { date: date(DAY), codes: codes.clone() });
        assert_eq!(expected, fill(tr(lang, "err.unfinished"), &[DAY.into(), codes.join(", ")]));
        assert_eq!(form_error(&d), expected, "{lang:?}");
        assert_eq!(footprint(&d), before, "{lang:?}: a refused close writes nothing");
        assert_eq!(d.db_status(ONTIME), Status::Booked);
        assert!(!d.app.store.is_closed(date(DAY)).unwrap());

        // a blank reason forces nothing
        d.key(KeyCode::Up);
        assert_eq!(d.form().unwrap().focus, 0);
        d.typ("   ");
        d.submit();
        assert_eq!(form_error(&d), expected, "{lang:?}: a blank reason");
        assert_eq!(footprint(&d), before);

        // Esc: cancelled, still nothing written
        d.esc();
        assert_eq!(d.modal(), "none");
        assert_eq!(d.screen(), "Queue");
        assert_eq!(footprint(&d), before);
    }
}

#[test]
fn a_forced_close_closes_the_day_and_later_check_ins_are_refused() {
    for lang in [Lang::Id, Lang::En] {
        let mut d = supervisor_desk(lang);
        d.key(KeyCode::F(10));
        d.fill(&["jaringan SIMKIM putus"]);
        d.submit();
        assert_eq!(d.modal(), "none", "{lang:?}: the dialog closes; form error {:?}", d.form().map(|f| &f.error));
        assert!(!d.status_is_error(), "{lang:?}: {}", d.status());
        assert!(d.status().starts_with(&format!("{}: {DAY}", tr(lang, "msg.closed"))), "{lang:?}: {}", d.status());

        let closure = "SELECT COUNT(*) FROM day_closures \
                       WHERE date = '2026-11-25' AND forced_reason = 'jaringan SIMKIM putus' AND officer = 'kepala'";
        assert_eq!(db_count(&d, closure), 1, "{lang:?}");
        let summary = d.app.store.day_closure(date(DAY)).unwrap().expect("closed");
        assert_eq!(summary.cancelled_no_shows, 8);
        assert_eq!(summary.unfinished, UNFINISHED);
        assert_eq!(d.db_status(ONTIME), Status::Cancelled);
        assert_eq!(d.db_status(WATCHED), Status::CheckedIn, "forced past, not cancelled");
        // the queue on screen was refreshed
        match &d.app.screen {
            Screen::Queue(q) => assert_eq!(q.count(Status::Booked), 0),
            _ => panic!("not on the queue but {}", d.screen()),
        }

        // F10 again: already closed, so the reopen dialog (asking for a reason); Esc leaves it closed
        let after = footprint(&d);
        d.key(KeyCode::F(10));
        assert_eq!(d.modal(), "Form");
        assert_eq!(d.form().unwrap().title, "title.reopen_day");
        d.esc();
        assert_eq!(d.modal(), "none");
        assert_eq!(footprint(&d), after);
        assert!(d.app.store.is_closed(date(DAY)).unwrap());

        // checking in a no-show the close cancelled is refused at once (before the checklist)
        let closed = fill(tr(lang, "err.day_closed"), &[DAY.into()]);
        d.scan(ONTIME);
        d.ch('c');
        assert_eq!((d.screen().as_str(), d.modal()), ("Detail", "none"), "{lang:?}: {}", d.status());
        assert!(d.status_is_error(), "{lang:?}: {}", d.status());
        assert_eq!(d.db_status(ONTIME), Status::Cancelled);
        assert_eq!(footprint(&d), after, "{lang:?}: the refusal writes nothing");

        // a booking still on the day's books (Hendra, checked in) cannot be called either
        d.esc();
        d.key(KeyCode::F(3));
        d.ch('n');
        assert_eq!(d.status(), closed, "{lang:?}: calling on a closed day");
        assert_eq!(d.db_status(WATCHED), Status::CheckedIn);
    }
}

/// The screen's words with line breaks and runs of spaces collapsed (a wrapped line reads as one).
fn words(screen: &str) -> String {
    screen.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The report's figures lines are cut at the panel's edge at 80×24 (55% of the width, no wrap): the service
/// times column ("— / — / —"), the walk-in and priority counts and the officers' idle minutes never show, and
/// the chart (45%) drops the office's last hour, 15.
#[test]
fn the_report_shows_every_figure_at_80x24() {
    for lang in [Lang::Id, Lang::En] {
        let mut d = supervisor_desk(lang);
        d.key(KeyCode::F(8));
        let screen = d.render(80, 24);
        let text = words(&screen);
        for want in [
            format!("{} 0", tr(lang, "rep.walk_in")),
            format!("{} 0", tr(lang, "rep.priority")),
            // No wait yet: the same dash as the report files; minutes with one decimal, like the files.
            "– / – / – · – / – / –".to_string(),
            format!("{} {}m", tr(lang, "rep.idle"), if lang == Lang::Id { "0,0" } else { "0.0" }),
        ] {
            assert!(text.contains(&want), "{lang:?}: {want:?} not on screen:\n{screen}");
        }
        let labels = screen.lines().rev().nth(3).unwrap_or_default();
        assert!(labels.contains("14 15"), "{lang:?}: the chart's hours end at 15:\n{screen}");
    }
}

/// The dialog's height counts the note and the error as one row per line, but both wrap at 68 columns: with
/// nine applicants unfinished the refusal's last words (how to resolve it) and the key hint fall off the
/// bottom of the dialog, at any terminal size.
#[test]
fn the_close_day_refusal_is_whole_on_screen_with_many_unfinished() {
    for lang in [Lang::Id, Lang::En] {
        let mut d = supervisor_desk(lang);
        let mut other = d.other_store();
        let officer = other.authenticate(OFFICER, PASSWORD).unwrap();
        for code in [ONTIME, ELDERLY, REPLACEMENT] {
            other.check_in(&officer, code, None, now()).unwrap();
        }
        other.check_in_group(&officer, GROUP, date(DAY), now()).unwrap();
        d.wait(Duration::from_millis(200));
        d.key(KeyCode::F(10));
        d.submit();
        let error = form_error(&d);
        assert!(error.contains(GROUP_MEMBERS[2]), "{error}");
        for (w, h) in [(80, 24), (160, 48)] {
            let screen = d.render(w, h);
            // The dialog wraps the text inside its border, so look for every word of it.
            for word in error.split_whitespace().chain(tr(lang, "form.hint").split_whitespace()) {
                assert!(screen.contains(word), "{lang:?} {w}×{h}: {word:?} of {error:?} cut:\n{screen}");
            }
        }
    }
}

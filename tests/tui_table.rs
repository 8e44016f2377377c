//! The desk's one table widget in place (`src/tui/table.rs`; its own unit tests cover selection, scrolling and
//! column fitting): the queue keeps its scroll offset when the officer moves back up, rows fit a narrow
//! terminal, and the search box goes through the store's search.

mod tui_common;

use crossterm::event::KeyCode;
use loket::cli::Lang;
use loket::tui::app::Screen;
use tui_common::*;

/// The queue's lines between the borders, as drawn at `w`×`h`.
fn queue_rows(d: &Desk, w: u16, h: u16) -> Vec<String> {
    d.render(w, h).lines().filter(|l| l.starts_with('│')).map(str::to_string).collect()
}

#[test]
fn scrolling_up_from_the_bottom_does_not_drag_the_page() {
    let mut d = demo().desk(Lang::Id);
    d.sign_in(DEMO_SUPERVISOR, DEMO_PASSWORD, 3);
    let n = d.queue_codes().len();
    assert!(n > 30, "the demo day has more applicants than a screen: {n}");
    // Down to the last applicant: the page follows the cursor.
    (0..n).for_each(|_| d.key(KeyCode::Down));
    assert_eq!(d.queue_selected(), d.queue_codes().last().cloned());
    let bottom = queue_rows(&d, 80, 24);
    // Up by three: the cursor moves within the page, and the page stays where it was.
    (0..3).for_each(|_| d.key(KeyCode::Up));
    assert_eq!(queue_rows(&d, 80, 24)[0], bottom[0], "the first line on screen did not move");
    // Up past the top of the page: it scrolls just enough to show the cursor on the first line.
    (0..n).for_each(|_| d.key(KeyCode::Up));
    let top = queue_rows(&d, 80, 24);
    assert_ne!(top[0], bottom[0]);
    let first = d.queue_selected().expect("a selection");
    assert!(top.iter().take(2).any(|l| l.contains(&first)), "{first} near the top: {top:#?}");
}

#[test]
fn queue_rows_fit_a_narrow_terminal_with_names_ellipsized() {
    let d = Desk::office(Lang::Id);
    for w in [60, 80, 120] {
        for row in queue_rows(&d, w, 24) {
            assert_eq!(row.chars().count(), usize::from(w), "{w} columns: {row:?}");
        }
    }
    // At 60 columns the name column has shrunk: long names end with an ellipsis, codes are whole.
    let narrow = queue_rows(&d, 60, 24).join("\n");
    assert!(narrow.contains("MP2611P001"), "{narrow}");
    assert!(narrow.contains('…'), "a name cut with an ellipsis: {narrow}");
}

#[test]
fn the_search_box_finds_by_nik_prefix_and_booking_code_through_the_store() {
    let mut d = Desk::office(Lang::En);
    let nik = d.application(ELDERLY).nik.expect("a NIK");
    d.ch('/');
    // Kartini Rahayu's NIK: its first digits are shared by every fixture applicant (one regency), the whole
    // NIK by her alone.
    d.typ(&nik);
    assert_eq!(d.queue_codes(), vec![ELDERLY.to_string()]);
    d.esc();
    d.ch('/');
    d.typ("mp2611g");
    assert_eq!(d.queue_codes(), GROUP_MEMBERS.map(String::from).to_vec(), "a code prefix, any case");
    // A queue number is matched too (the day's numbers are the desk's, not the store's search).
    d.esc();
    d.ch('/');
    d.typ("A-002");
    assert_eq!(d.queue_codes(), vec![WAITING[0].to_string()]);
    match &d.app.screen {
        Screen::Queue(q) => assert!(q.searching),
        _ => panic!("not on the queue"),
    }
}

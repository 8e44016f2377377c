//! The supervisors' screens: the floor view's long-wait alert (snapshots in both languages, and its colour), the
//! report screen (F8) refreshed at most every few seconds on the synthetic clock, and the screen rounding
//! exactly like the report files.

mod tui_common;

use crossterm::event::KeyCode;
use loket::cli::{Lang, ReportFormat};
use loket::report::{self, Options};
use loket::store::Actor;
use loket::tui::app::Screen;
use loket::tui::screens::report::REFRESH_EVERY;
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use ratatui::Terminal;
use std::time::Duration;
use tui_common::*;

/// The floor fixture with the alert at 15 minutes: Maya Sari has waited 20 minutes at 09:40.
fn floor_alert(lang: Lang) -> Desk {
    let fx = office();
    fx.store().set_setting(&Actor::system(), "wait_alert_minutes", "15", now()).expect("setting");
    let mut d = fx.desk(lang);
    d.sign_in(SUPERVISOR, PASSWORD, 2);
    d.ch('n');
    d.key(KeyCode::F(7));
    assert_eq!(d.screen(), "Floor", "{}", d.status());
    d
}

#[test]
fn the_floor_alert_cannot_be_missed() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut out = String::new();
        for lang in [Lang::Id, Lang::En] {
            let d = floor_alert(lang);
            out.push_str(&format!("──── {lang:?} {w}×{h} ────\n{}\n", d.render(w, h)));
        }
        insta::assert_snapshot!(format!("floor_alert_{w}x{h}"), out);
    }
    // Its own line, in the warning colour, and the box's title says so.
    for (lang, line, title) in [
        (Lang::Id, "⚠ Ada pemohon menunggu lebih dari 15 mnt", "PERINGATAN: tunggu terlalu lama"),
        (Lang::En, "⚠ Someone has waited longer than 15 min", "ALERT: long wait"),
    ] {
        let d = floor_alert(lang);
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal.draw(|f| loket::tui::view::view(f, &d.app)).unwrap();
        let buffer = terminal.backend().buffer().clone();
        let rows: Vec<String> =
            (0..24).map(|y| (0..80).map(|x| buffer[(x, y)].symbol().to_string()).collect::<String>()).collect();
        let y = rows.iter().position(|r| r.contains(line)).unwrap_or_else(|| panic!("no {line:?} in {rows:#?}"));
        let x = rows[y].chars().position(|c| c == '⚠').unwrap() as u16;
        assert_eq!(buffer[(x + 2, y as u16)].bg, Color::Yellow, "the alert line is highlighted");
        assert!(rows.iter().take(y).any(|r| r.contains(title)), "the box title names the alert");
        assert_eq!(buffer[(0, y as u16)].fg, Color::Black, "the border turns to the warning colour");
        assert_eq!(buffer[(0, y as u16)].bg, Color::Yellow);
    }
    // Below the threshold there is no alert.
    let mut d = floor_alert(Lang::En);
    d.other_store().set_setting(&Actor::system(), "wait_alert_minutes", "45", now()).unwrap();
    d.wait(Duration::from_millis(200));
    assert!(!d.render(80, 24).contains("ALERT"));
}

fn report_state(d: &Desk) -> &loket::tui::screens::report::ReportState {
    match &d.app.screen {
        Screen::Report(r) => r,
        _ => panic!("not on the report screen"),
    }
}

/// Another workstation checks people in while the report is open: the report is rebuilt at most once every
/// `REFRESH_EVERY`, not on every commit, and the last commit is always shown in the end.
#[test]
fn the_report_screen_refreshes_at_most_every_few_seconds() {
    let fx = office();
    let mut d = fx.desk(Lang::En);
    d.sign_in(SUPERVISOR, PASSWORD, 2);
    d.key(KeyCode::F(8));
    assert_eq!(d.screen(), "Report", "{}", d.status());
    let builds = report_state(&d).builds;
    let arrived = report_state(&d).report.totals.counts.arrived;
    let other = d.other_store();
    let officer = Actor { name: OFFICER.into(), role: loket::domain::types::Role::Officer };
    let mut other = other;
    // First foreign commit: rebuilt at the next tick (nothing rebuilt for a while before it).
    other.check_in(&officer, ONTIME, None, now()).unwrap();
    d.wait(Duration::from_millis(100));
    assert_eq!(report_state(&d).builds, builds + 1);
    assert_eq!(report_state(&d).report.totals.counts.arrived, arrived + 1);
    // Two more commits within the next second: marked stale, not rebuilt.
    other.check_in(&officer, ELDERLY, None, now()).unwrap();
    d.wait(Duration::from_millis(500));
    other.check_in(&officer, GROUP_MEMBERS[0], None, now()).unwrap();
    d.wait(Duration::from_millis(500));
    assert_eq!(report_state(&d).builds, builds + 1, "not rebuilt on every commit");
    assert!(report_state(&d).stale);
    // Ticks keep coming; once REFRESH_EVERY has passed since the last rebuild, both commits show at once.
    let mut waited = Duration::from_millis(1100);
    while waited < REFRESH_EVERY - Duration::from_millis(200) {
        d.wait(Duration::from_millis(250));
        waited += Duration::from_millis(250);
        assert_eq!(report_state(&d).builds, builds + 1, "rebuilt too early, {waited:?} after the last one");
    }
    d.wait(Duration::from_millis(400));
    assert_eq!(report_state(&d).builds, builds + 2);
    assert_eq!(report_state(&d).report.totals.counts.arrived, arrived + 3);
    assert!(!report_state(&d).stale);
    // Quiet: no commit, no rebuild.
    d.wait(REFRESH_EVERY * 3);
    assert_eq!(report_state(&d).builds, builds + 2);
    // Moving a day is the supervisor's own request: rebuilt at once.
    d.key(KeyCode::Char('['));
    assert_eq!(report_state(&d).builds, builds + 3);
}

/// A wait of 93 seconds is 1.55 minutes: half up gives 1.6 on the screen and in every file (never 1.5 or 2).
#[test]
fn the_screen_rounds_like_the_files() {
    let fx = office();
    let mut store = fx.store();
    let officer = Actor { name: OFFICER.into(), role: loket::domain::types::Role::Officer };
    // Hendra checked in at 09:15:00 (fixture); called 93 s later.
    store.call(&officer, WATCHED, 1, at("2026-11-25T09:16:33+07:00")).unwrap();
    let r = report::build(&store, date(DAY), date(DAY), SUPERVISOR, now()).unwrap();
    assert_eq!(r.lines[0].waiting.median_minutes, Some(1.6));
    for (lang, expect) in [(Lang::Id, "1,6"), (Lang::En, "1.6")] {
        let options = Options { lang, summary: false };
        let html = report::render_text(&r, ReportFormat::Html, &options);
        assert!(html.contains(&format!("<td class=\"l\">A reguler</td><td>1</td><td>{expect}</td>")));
        let text = report::render_text(&r, ReportFormat::Text, &options);
        assert!(text.lines().any(|l| l.trim_start().starts_with("A reguler") && l.contains(expect)));
        let state = loket::tui::screens::report::ReportState::load(&store, date(DAY), SUPERVISOR, now()).unwrap();
        let mut terminal = Terminal::new(TestBackend::new(120, 30)).unwrap();
        terminal.draw(|f| loket::tui::screens::report::view(f, f.area(), &state, lang)).unwrap();
        let screen = screen_text(terminal.backend());
        let word = if lang == Lang::Id { "A reguler" } else { "A regular" };
        let row = format!("{expect} / {expect} / {expect}");
        assert!(screen.lines().any(|l| l.contains(word) && l.contains(&row)), "{screen}");
    }
    let csv = report::render_text(&r, ReportFormat::Csv, &Options { lang: Lang::Id, summary: false });
    assert!(csv.contains("times,,A,waiting_median_minutes,1.6\n"), "CSV keeps the dot");
}

/// An applicant left at a counter nobody is signed in at any more (the session closed elsewhere, e.g. by the
/// watchdog after the terminal went away) is shown with "nobody signed in", not a blank officer name.
#[test]
fn a_counter_serving_without_an_officer_says_so() {
    for (lang, expect) in [(Lang::Id, "Loket  2: tidak ada petugas — "), (Lang::En, "Counter  2: signed out — ")] {
        let mut d = office().desk(lang);
        d.sign_in(SUPERVISOR, PASSWORD, 2);
        d.ch('n');
        let session = d.app.session.clone().expect("a counter session");
        d.other_store().close_counter_session(&session, now()).expect("close the session");
        d.key(KeyCode::F(7));
        let screen = d.render(80, 24);
        assert!(screen.contains(expect), "{expect:?} on the floor view:\n{screen}");
    }
}

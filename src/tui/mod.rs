//! The full-screen interface. This is the foundation's placeholder: it shows the day at a glance so the
//! binary opens on a real database; the desk itself (sign-in, queue, check-in, counter work) comes next.

use crate::cli::Lang;
use crate::clock::Clock;
use crate::domain::lifecycle::Status;
use crate::store::{local, Store};
use crossterm::event::{self, Event, KeyCode, KeyEventKind};
use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;
use std::time::Duration;

/// The day's figures the placeholder shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overview {
    pub office: String,
    pub now: String,
    pub counts: Vec<(Status, usize)>,
}

impl Overview {
    pub fn load(store: &Store, clock: &Clock) -> Result<Overview, crate::store::StoreError> {
        let settings = store.settings()?;
        let now = local(&settings, clock.now());
        let apps = store.day_applications(now.date())?;
        let counts = Status::ALL.iter().map(|s| (*s, apps.iter().filter(|a| a.status == *s).count())).collect();
        Ok(Overview { office: settings.office_name, now: now.format("%Y-%m-%d %H:%M").to_string(), counts })
    }
}

/// Draws the overview.
pub fn view(frame: &mut Frame, o: &Overview, lang: Lang) {
    let [head, body, foot] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0), Constraint::Length(1)]).areas(frame.area());
    let bold = Style::default().add_modifier(Modifier::BOLD);
    frame.render_widget(Paragraph::new(Line::styled(format!("loket — {} — {}", o.office, o.now), bold)), head);
    let title = match lang {
        Lang::Id => " Antrean hari ini ",
        Lang::En => " Today's queue ",
    };
    let lines: Vec<Line> = o.counts.iter().map(|(s, n)| Line::from(format!("{:<14} {n:>5}", s.as_str()))).collect();
    frame.render_widget(Paragraph::new(lines).block(Block::bordered().title(title)), body);
    let hint = match lang {
        Lang::Id => "q: keluar",
        Lang::En => "q: quit",
    };
    frame.render_widget(Paragraph::new(hint), foot);
}

/// Opens the desk on `store` until the officer quits. The terminal is restored on exit and on panic.
pub fn run_desk(store: Store, clock: Clock, lang: Lang) -> std::io::Result<()> {
    let mut terminal = ratatui::init();
    let result = (|| -> std::io::Result<()> {
        let mut version = -1;
        let mut overview = Overview::default();
        loop {
            // Reload only when another connection committed (or on the first pass).
            let v = store.data_version().unwrap_or(version);
            if v != version {
                version = v;
                overview = Overview::load(&store, &clock).map_err(std::io::Error::other)?;
            }
            terminal.draw(|f| view(f, &overview, lang))?;
            if event::poll(Duration::from_millis(500))? {
                if let Event::Key(k) = event::read()? {
                    if k.kind == KeyEventKind::Press && matches!(k.code, KeyCode::Char('q') | KeyCode::Esc) {
                        return Ok(());
                    }
                }
            }
        }
    })();
    ratatui::restore();
    result
}

/// The waiting-room board (placeholder: same overview, read-only).
pub fn run_board(store: Store, clock: Clock, lang: Lang) -> std::io::Result<()> {
    run_desk(store, clock, lang)
}

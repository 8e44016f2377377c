//! Counter work: who is at this counter, their photo/biometrics and interview, and the decision. A watchlist
//! match is shown before anything else.

use crate::tui::i18n::Lang;
use crate::store::{Application, Store, StoreError, WatchlistEntry};
use crate::tui::i18n::tr;
use crate::tui::theme;
use chrono::NaiveDate;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui::Frame;

#[derive(Debug)]
pub struct CounterState {
    pub counter: u32,
    pub current: Option<Application>,
    pub watchlist: Vec<WatchlistEntry>,
    pub waiting: usize,
}

impl CounterState {
    pub fn load(store: &Store, today: NaiveDate, counter: u32) -> Result<CounterState, StoreError> {
        let mut c = CounterState { counter, current: None, watchlist: Vec::new(), waiting: 0 };
        c.reload(store, today, counter)?;
        Ok(c)
    }

    pub fn reload(&mut self, store: &Store, today: NaiveDate, counter: u32) -> Result<(), StoreError> {
        self.counter = counter;
        self.current = store.at_counter(today, counter)?;
        self.watchlist = match &self.current {
            Some(a) => store.watchlist_matches(a.nik.as_deref(), &a.full_name, a.birth_date, today)?,
            None => Vec::new(),
        };
        self.waiting = store
            .day_applications(today)?
            .iter()
            .filter(|a| a.status == crate::domain::lifecycle::Status::CheckedIn)
            .count();
        Ok(())
    }
}

pub fn view(frame: &mut Frame, area: Rect, c: &CounterState, lang: Lang) {
    let title = format!(" {} {} · {} {} ", tr(lang, "label.counter"), c.counter, tr(lang, "label.waiting"), c.waiting);
    let mut lines = Vec::new();
    match &c.current {
        None => lines.push(Line::styled(tr(lang, "msg.counter_idle"), theme::dim())),
        Some(a) => {
            lines.extend(super::watchlist::lines(lang, &c.watchlist));
            lines.push(Line::styled(
                format!("{}  {}  {}", a.queue_no.clone().unwrap_or_default(), a.full_name, a.booking_code),
                theme::title(),
            ));
            lines.push(Line::from(format!(
                "{} · {} · {} {} {} · {}",
                a.application_type,
                a.purpose,
                a.passport_kind,
                a.validity_years,
                tr(lang, "unit.years"),
                a.service
            )));
            lines.push(Line::from(format!("NIK {} · {}", a.nik.clone().unwrap_or_default(), a.birth_date)));
            lines.push(Line::from(""));
            let step = |done: bool, key: &'static str| {
                let mark = if done { "[x]" } else { "[ ]" };
                Line::styled(
                    format!("{mark} {}", tr(lang, key)),
                    if done { theme::ok() } else { ratatui::style::Style::default() },
                )
            };
            lines.push(step(a.photo_at.is_some(), "step.photo"));
            lines.push(step(a.interview_at.is_some(), "step.interview"));
            lines.push(Line::from(""));
            lines.push(Line::from(format!("{}: {}", tr(lang, "label.status"), theme::status_word(lang, a.status))));
        }
    }
    frame.render_widget(Paragraph::new(lines).block(Block::bordered().title(title)).wrap(Wrap { trim: true }), area);
}

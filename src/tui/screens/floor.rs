//! The supervisors' live floor view: who waits on which line and for how long, what each counter is doing,
//! arrivals against bookings per slot, and an alert when a wait passes the threshold.

use crate::domain::lifecycle::Status;
use crate::domain::queue::ServiceLine;
use crate::store::{Application, SlotUse, Store, StoreError};
use crate::tui::i18n::tr;
use crate::tui::i18n::Lang;
use crate::tui::keymap::{Action, Context};
use crate::tui::room::{Ctx, Effect};
use crate::tui::theme;
use chrono::{DateTime, NaiveDate, Utc};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

/// One counter's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CounterState {
    SignedOut,
    Idle {
        officer: String,
    },
    /// `officer` is none when nobody is signed in at the counter any more.
    Serving {
        officer: Option<String>,
        queue_no: String,
        name: String,
        since: String,
    },
}

#[derive(Debug, Default)]
pub struct FloorState {
    pub date: Option<NaiveDate>,
    pub apps: Vec<Application>,
    pub slots: Vec<SlotUse>,
    pub counters: Vec<(u32, CounterState)>,
    pub alert_minutes: u32,
}

fn minutes_since(t: &str, now: DateTime<Utc>) -> i64 {
    crate::tui::text::minutes_since(t, now).unwrap_or(0)
}

impl FloorState {
    pub fn load(store: &Store, today: NaiveDate) -> Result<FloorState, StoreError> {
        let mut f = FloorState::default();
        f.reload(store, today)?;
        Ok(f)
    }

    pub fn reload(&mut self, store: &Store, today: NaiveDate) -> Result<(), StoreError> {
        self.date = Some(today);
        self.apps = store.day_applications(today)?;
        self.slots = store.slots_of_day(today)?;
        self.alert_minutes = store.settings()?.wait_alert_minutes;
        let sessions = store.open_counter_sessions()?;
        self.counters = store
            .counters()?
            .into_iter()
            .map(|(n, _)| {
                let officer = sessions.iter().find(|s| s.0 == n).map(|s| s.1.clone());
                let serving = self.apps.iter().find(|a| a.status == Status::AtCounter && a.counter_no == Some(n));
                let state = match (officer, serving) {
                    // An applicant left at a counter nobody is signed in at says so, not a blank name.
                    (officer, Some(a)) => CounterState::Serving {
                        officer,
                        queue_no: a.queue_no.clone().unwrap_or_default(),
                        name: a.full_name.clone(),
                        since: a.called_at.clone().unwrap_or_default(),
                    },
                    (Some(officer), None) => CounterState::Idle { officer },
                    (None, None) => CounterState::SignedOut,
                };
                (n, state)
            })
            .collect();
        Ok(())
    }

    /// Waiting applicants per service line, and the longest wait in minutes.
    pub fn waiting(&self, now: DateTime<Utc>) -> (Vec<(ServiceLine, usize)>, i64) {
        let waiting: Vec<&Application> = self.apps.iter().filter(|a| a.status == Status::CheckedIn).collect();
        let per_line =
            ServiceLine::ALL.iter().map(|l| (*l, waiting.iter().filter(|a| a.service_line() == *l).count())).collect();
        let longest =
            waiting.iter().filter_map(|a| a.checked_in_at.as_deref()).map(|t| minutes_since(t, now)).max().unwrap_or(0);
        (per_line, longest)
    }
}

impl FloorState {
    /// The alert: someone has waited longer than `wait_alert_minutes` (0 turns the alert off).
    pub fn alert(&self, now: DateTime<Utc>) -> bool {
        self.alert_minutes > 0 && self.waiting(now).1 > i64::from(self.alert_minutes)
    }
}

impl crate::tui::room::Room for FloorState {
    fn context(&self) -> Context {
        Context::Floor
    }

    fn reload(&mut self, cx: &Ctx) -> Result<(), StoreError> {
        FloorState::reload(self, cx.store, cx.today())
    }

    fn action(&mut self, _action: Action, _cx: &mut Ctx) -> Effect {
        Effect::None
    }

    fn draw(&self, frame: &mut Frame, area: Rect, lang: Lang, now: DateTime<Utc>) {
        view(frame, area, self, lang, now)
    }
}

pub fn view(frame: &mut Frame, area: Rect, f: &FloorState, lang: Lang, now: DateTime<Utc>) {
    let (per_line, longest) = f.waiting(now);
    let alert = f.alert(now);
    // The alert gets a line of its own and turns the box's border and title to the warning colour.
    let top_height = if alert { 5 } else { 4 };
    let [top, mid, bottom] =
        Layout::vertical([Constraint::Length(top_height), Constraint::Min(4), Constraint::Min(4)]).areas(area);
    let mut lines = vec![Line::from(
        per_line
            .iter()
            .map(|(l, n)| format!("{} ({}) {n}", crate::tui::words::service_line(lang, *l), l.prefix()))
            .collect::<Vec<_>>()
            .join("   "),
    )];
    lines.push(Line::from(format!("{}: {longest} {}", tr(lang, "label.longest_wait"), tr(lang, "unit.minutes"))));
    let mut block = Block::bordered().title(format!(" {} ", tr(lang, "title.floor")));
    if alert {
        let text = format!("⚠ {} {} {}", tr(lang, "warn.long_wait"), f.alert_minutes, tr(lang, "unit.minutes"));
        lines.push(Line::styled(text, theme::warn()));
        block = block
            .border_style(theme::warn())
            .title(Line::styled(format!(" ⚠ {} ", tr(lang, "floor.alert")), theme::warn()));
    }
    frame.render_widget(Paragraph::new(lines).block(block), top);
    let counters: Vec<Line> = f
        .counters
        .iter()
        .map(|(n, s)| match s {
            CounterState::SignedOut => Line::styled(
                format!("{} {n:>2}: {}", tr(lang, "label.counter"), tr(lang, "floor.signed_out")),
                theme::dim(),
            ),
            CounterState::Idle { officer } => {
                Line::from(format!("{} {n:>2}: {officer} — {}", tr(lang, "label.counter"), tr(lang, "floor.idle")))
            }
            CounterState::Serving { officer, queue_no, name, since } => Line::from(format!(
                "{} {n:>2}: {} — {queue_no} {name} ({} {})",
                tr(lang, "label.counter"),
                officer.as_deref().unwrap_or(tr(lang, "floor.signed_out")),
                minutes_since(since, now),
                tr(lang, "unit.minutes")
            )),
        })
        .collect();
    frame.render_widget(
        Paragraph::new(counters).block(Block::bordered().title(format!(" {} ", tr(lang, "title.counters")))),
        mid,
    );
    let arrived = |s: &SlotUse| f.apps.iter().filter(|a| a.slot_start == s.start && a.checked_in_at.is_some()).count();
    let slots: Vec<Line> = f
        .slots
        .iter()
        .map(|s| {
            Line::from(format!(
                "{}–{}  {:>3} / {:>3} {}  ({} {})",
                s.start,
                s.end,
                arrived(s),
                s.booked,
                tr(lang, "floor.arrived"),
                s.quota,
                tr(lang, "floor.quota")
            ))
        })
        .collect();
    frame.render_widget(
        Paragraph::new(slots).block(Block::bordered().title(format!(" {} ", tr(lang, "title.arrivals")))),
        bottom,
    );
}

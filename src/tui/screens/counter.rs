//! Counter work: who is at this counter, their photo/biometrics and interview, and the decision. A watchlist
//! match is shown before anything else.

use crate::domain::lifecycle::{Event, RejectionReason};
use crate::store::{Application, Store, StoreError, WatchlistEntry};
use crate::tui::app::Screen;
use crate::tui::dialogs::{Dialog, Pending, RejectDialog, SignOffDialog, TransferDialog};
use crate::tui::i18n::tr;
use crate::tui::i18n::Lang;
use crate::tui::keymap::{Action, Context};
use crate::tui::room::{Ctx, Effect, Room};
use crate::tui::screens::detail::DetailState;
use crate::tui::theme;
use crate::tui::words;
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

impl CounterState {
    /// Opens the screen of the counter this desk serves; a desk signed in without one (a supervisor reading)
    /// is told so.
    pub fn open(cx: &Ctx) -> Effect {
        let Some(counter) = cx.counter else { return Effect::Error(cx.tr("err.no_counter_here").into()) };
        Effect::from_result(CounterState::load(cx.store, cx.today(), counter).map(|c| Effect::Push(Screen::Counter(c))))
    }

    /// `n` from any screen: calls the next applicant (priority, then express, then regular) to this counter,
    /// unless someone is still being served here; then shows the counter screen.
    pub fn call_next(cx: &mut Ctx) -> Effect {
        let Some(counter) = cx.counter else { return Effect::Error(cx.tr("err.no_counter_here").into()) };
        let today = cx.today();
        if let Ok(Some(busy)) = cx.store.at_counter(today, counter) {
            let who = format!("{} {}", busy.queue_no.unwrap_or_default(), busy.full_name);
            return Effect::Error(format!("{}: {who}", cx.tr("err.counter_busy")));
        }
        match cx.store.call_next(cx.actor, today, counter, cx.now) {
            Ok(Some(app)) => {
                let msg = format!(
                    "{} {} → {} {counter}",
                    cx.tr("msg.called"),
                    app.queue_no.clone().unwrap_or_default(),
                    cx.tr("label.counter")
                );
                // From another screen the counter screen opens; on it, it reloads.
                let open = match CounterState::open(cx) {
                    Effect::Push(screen) => Effect::Show(screen),
                    other => other,
                };
                Effect::Then(vec![Effect::Info(msg), open])
            }
            Ok(None) => Effect::Info(cx.tr("msg.nobody_waiting").into()),
            Err(e) => Effect::Failed(e),
        }
    }

    /// The counter's keys on the applicant being served; what the rules would refuse is said first.
    fn serve(&mut self, app: Application, action: Action, cx: &mut Ctx) -> Effect {
        let code = app.booking_code.clone();
        let event = match action {
            Action::Photo => Some(Event::RecordPhoto),
            Action::Interview => Some(Event::RecordInterview),
            Action::Approve => Some(Event::Approve),
            Action::Reject => Some(Event::Reject(RejectionReason::Other)),
            _ => None,
        };
        if let Some(refused) = event.and_then(|e| super::refused(cx, &app, e)) {
            return refused;
        }
        let lang = cx.lang;
        let ask = |key, pending| Effect::Confirm(format!("{} {}?", tr(lang, key), app.full_name), pending);
        let done = |r: Result<Application, StoreError>, key| match r {
            Ok(_) => {
                let who = format!("{} {}", app.queue_no.clone().unwrap_or_default(), app.full_name);
                Effect::done(format!("{}: {who}", tr(lang, key)))
            }
            Err(e) => Effect::Failed(e),
        };
        match action {
            Action::Recall => {
                let r = cx.store.recall(cx.actor, &code, cx.now);
                done(r, "msg.recalled")
            }
            Action::PutBack => {
                let r = cx.store.put_back(cx.actor, &code, cx.now);
                done(r, "msg.put_back")
            }
            // Recorded steps cannot be undone: ask first.
            Action::Photo => ask("confirm.photo", Pending::Photo(code)),
            Action::Interview => ask("confirm.interview", Pending::Interview(code)),
            Action::Absent => ask("confirm.absent", Pending::Absent(code)),
            Action::Open => Effect::from_result(
                DetailState::load(cx.store, app.clone(), cx.today()).map(|d| Effect::Push(Screen::Detail(d))),
            ),
            // A watchlist match is approved only with a supervisor's sign-off and a reason.
            Action::Approve if !self.watchlist.is_empty() => {
                let note = std::iter::once(cx.tr("confirm.watchlist_sign_off").to_string())
                    .chain(self.watchlist.iter().map(|w| super::watchlist::text(cx.lang, w)))
                    .chain(std::iter::once(format!("{} {}", app.full_name, app.booking_code)))
                    .collect::<Vec<_>>()
                    .join("\n");
                Effect::Dialog(Dialog::ApproveSignedOff(SignOffDialog::new(&code, note)))
            }
            Action::Approve => ask("confirm.approve", Pending::Approve(code)),
            Action::Reject => Effect::Dialog(Dialog::Reject(RejectDialog::new(&code, !self.watchlist.is_empty()))),
            Action::Transfer => Effect::Dialog(Dialog::Transfer(TransferDialog::new(&code))),
            _ => Effect::None,
        }
    }
}

impl Room for CounterState {
    fn context(&self) -> Context {
        Context::Counter
    }

    fn reload(&mut self, cx: &Ctx) -> Result<(), StoreError> {
        let counter = cx.counter.unwrap_or(self.counter);
        CounterState::reload(self, cx.store, cx.today(), counter)
    }

    fn action(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        match self.current.clone() {
            Some(app) => self.serve(app, action, cx),
            None => Effect::Error(cx.tr("err.nobody_at_counter").into()),
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, lang: Lang, _now: chrono::DateTime<chrono::Utc>) {
        view(frame, area, self, lang)
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
                words::application_type(lang, a.application_type),
                words::purpose(lang, a.purpose),
                words::passport_kind(lang, a.passport_kind),
                a.validity_years,
                tr(lang, "unit.years"),
                words::service(lang, a.service)
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

//! The desk's router: one `App` holding who is signed in, the screen and the way back, the modal stack and the
//! status line. Messages come in (`key`, `tick`); the app handles what belongs to every screen (scanner bursts,
//! global keys, supervisors' screens, the lock) and hands the rest to the screen on top.
//!
//! How screens plug in:
//! - each screen ("room") lives in `screens/<screen>.rs`: its state type implements [`Room`] (`room.rs`):
//!   its key context, `reload`, `action(action, &mut Ctx) -> Effect` and `draw`;
//! - a screen never changes the app: it returns an [`Effect`] (push a screen, back, open a dialog, ask yes/no,
//!   a status line, reload, applicants checked in, an approval), which [`App::apply`] carries out;
//! - dialogs are typed structs in `dialogs/` (one per dialog, named fields, a submit that makes a typed
//!   request), yes/no questions are `dialogs::Pending`; both return effects too;
//! - adding a screen = one new file in `screens/` plus one line in the `rooms!` list below.
//!
//! Sign-in, the lock and sign-out are in `session.rs`; drawing the shared frame is in `view.rs`.

use super::config::{self, Config};
use super::dialogs::{self, Dialog, Pending};
use super::form::{Form, FormEvent};
use super::i18n::{tr, Lang};
use super::keymap::{self, Action, Context};
use super::room::{Ctx, Effect, Room};
use super::scan::{ScanBuffer, Scanned};
use super::screens::{audit::AuditState, floor::FloorState, outreach, report::ReportState};
use super::screens::{
    checkin::CheckInState, counter::CounterState, detail::DetailState, queue::QueueState, ready::ReadyState,
};
use super::screens::{conflicts::ConflictsState, group::GroupState, staypermit::StayState};
use crate::clock::Clock;
use crate::domain::types::Role;
use crate::store::{Actor, Store, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Declares the screens: the `Screen` enum (sign-in and lock, then one variant per room) and its dispatch.
macro_rules! rooms {
    ($($(#[$doc:meta])* $name:ident($state:ty),)*) => {
        /// The screen the officer is on; `Esc` goes back along `App::history`.
        #[derive(Debug)]
        pub enum Screen {
            SignIn(Form),
            Locked(Form),
            $($(#[$doc])* $name($state),)*
        }

        impl Screen {
            /// The room on screen (none while signing in or locked).
            pub fn room(&self) -> Option<&dyn Room> {
                match self {
                    $(Screen::$name(s) => Some(s),)*
                    Screen::SignIn(_) | Screen::Locked(_) => None,
                }
            }

            pub fn room_mut(&mut self) -> Option<&mut dyn Room> {
                match self {
                    $(Screen::$name(s) => Some(s),)*
                    Screen::SignIn(_) | Screen::Locked(_) => None,
                }
            }
        }
    };
}

rooms! {
    /// Today's queue, the home screen.
    Queue(QueueState),
    Detail(DetailState),
    CheckIn(CheckInState),
    Counter(CounterState),
    Ready(ReadyState),
    Floor(FloorState),
    Audit(AuditState),
    Report(ReportState),
    /// Outreach: merge conflicts (supervisors), a group's progress, a stay permit.
    Conflicts(ConflictsState),
    Group(GroupState),
    Stay(StayState),
}

/// Popups over the screen, one at a time.
#[derive(Debug)]
pub enum Modal {
    Help(Context),
    Dialog(Dialog),
    Confirm(String, Pending),
    /// The queue number just handed out, shown large to read aloud.
    Ticket {
        queue_no: String,
        name: String,
        /// A group's members: (queue number, name) each.
        members: Vec<(String, String)>,
    },
}

/// The status line: what just happened, or what went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusLine {
    pub text: String,
    pub error: bool,
}

pub struct App {
    pub store: Store,
    pub clock: Clock,
    pub lang: Lang,
    pub config: Config,
    pub config_path: Option<PathBuf>,
    pub officer: Option<Actor>,
    pub screen: Screen,
    pub history: Vec<Screen>,
    pub modal: Option<Modal>,
    pub status: Option<StatusLine>,
    pub scan: ScanBuffer,
    pub data_version: i64,
    pub last_input: Instant,
    pub quit: bool,
    pub demo: bool,
    /// The office settings, re-read only when another workstation writes (not on every frame).
    pub settings: crate::domain::settings::OfficeSettings,
    /// The counter session opened at sign-in, closed at sign-out or quit.
    pub session: Option<String>,
    /// On an outreach laptop: the event's name and place and the laptop's number, for the header.
    pub outreach: Option<String>,
    /// The counter this desk serves since sign-in; none for a supervisor who only reads (floor, report, audit).
    pub counter: Option<u32>,
    /// A sign-in waiting for the officer's yes to take over a counter open on another workstation.
    pub pending_sign_in: Option<(Actor, u32)>,
}

impl App {
    pub fn new(store: Store, clock: Clock, lang: Lang, config_path: Option<PathBuf>) -> App {
        let config = config::load(config_path.as_deref());
        let lang = match config.lang.as_str() {
            "en" => Lang::En,
            "id" => Lang::Id,
            _ => lang,
        };
        let demo = store.is_demo().unwrap_or(false);
        let settings = store.settings().unwrap_or_default();
        let outreach =
            store.outreach_node().ok().flatten().filter(|n| n.is_laptop()).and_then(|n| {
                n.event.map(|e| format!("{} · {} · L{}", e.name, e.place, n.laptop_no.unwrap_or_default()))
            });
        let counters: Vec<u32> = store.counters().unwrap_or_default().into_iter().map(|(n, _)| n).collect();
        let remembered = config.counter;
        App {
            store,
            clock,
            lang,
            config,
            config_path,
            officer: None,
            screen: Screen::SignIn(super::session::sign_in_form(&counters, remembered, lang)),
            history: Vec::new(),
            modal: None,
            status: None,
            scan: ScanBuffer::default(),
            data_version: -1,
            last_input: Instant::now(),
            quit: false,
            demo,
            settings,
            session: None,
            outreach,
            counter: None,
            pending_sign_in: None,
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Office-local today.
    pub fn today(&self) -> NaiveDate {
        crate::store::local(&self.settings, self.now()).date()
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.status = Some(StatusLine { text: text.into(), error: false });
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.status = Some(StatusLine { text: text.into(), error: true });
    }

    /// Shows a store error on the status line; returns the value on success.
    pub fn report<T>(&mut self, r: Result<T, StoreError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.error(super::errors::describe(self.lang, &e));
                None
            }
        }
    }

    /// Whether a supervisor is signed in (the footer and help offer their keys only to them).
    pub fn is_supervisor(&self) -> bool {
        self.officer.as_ref().is_some_and(|o| o.role == Role::Supervisor)
    }

    /// Runs `f` with what a screen or dialog may see (none before sign-in).
    fn with_cx<R>(&mut self, f: impl FnOnce(&mut Ctx) -> R) -> Option<R> {
        let actor = self.officer.clone()?;
        let now = self.clock.now();
        let mut cx = Ctx {
            store: &mut self.store,
            lang: self.lang,
            now,
            settings: &self.settings,
            actor: &actor,
            counter: self.counter,
        };
        Some(f(&mut cx))
    }

    /// Runs `f` on the room on screen (none before sign-in, on the lock, or on the sign-in screen).
    fn on_room<R>(&mut self, f: impl FnOnce(&mut dyn Room, &mut Ctx) -> R) -> Option<R> {
        let actor = self.officer.clone()?;
        let now = self.clock.now();
        let mut cx = Ctx {
            store: &mut self.store,
            lang: self.lang,
            now,
            settings: &self.settings,
            actor: &actor,
            counter: self.counter,
        };
        let room = self.screen.room_mut()?;
        Some(f(room, &mut cx))
    }

    // ---- messages ------------------------------------------------------------------------------------------

    /// A key pressed at `at`. Scanner bursts are recognised before anything else.
    pub fn key(&mut self, key: KeyEvent, at: Instant) {
        self.last_input = at;
        // Some terminals deliver Enter as Ctrl+J (a bare line feed), e.g. for keys typed before raw mode.
        let key = if key.code == KeyCode::Char('j') && key.modifiers == KeyModifiers::CONTROL {
            KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)
        } else {
            key
        };
        // Where a person types, keys go through at once (echo within a frame); elsewhere they wait for the
        // burst detector so a scan never triggers the screen's keys.
        let scanned = if self.typing() { self.scan.push_typing(key, at) } else { self.scan.push(key, at) };
        match scanned {
            Scanned::Code(code) => self.scanned(&code),
            Scanned::Echoed(code) => self.scanned_while_typing(&code),
            Scanned::Keys(keys) => keys.into_iter().for_each(|k| self.handle_key(k)),
        }
    }

    /// Whether keys go to a text field: the sign-in or lock form, a dialog form, a screen's text field.
    pub fn typing(&self) -> bool {
        matches!(self.screen, Screen::SignIn(_) | Screen::Locked(_))
            || matches!(self.modal, Some(Modal::Dialog(_)))
            || (self.modal.is_none() && self.screen.room().is_some_and(|r| r.typing()))
    }

    /// A scan whose characters already went into a text field. Before sign-in (or on the lock) it is typing.
    /// Into a dialog form it is ignored: the characters are taken back, the form stays as it was, unsubmitted,
    /// and the status line says to close the form first. In the search box it opens the applicant.
    fn scanned_while_typing(&mut self, code: &str) {
        let n = code.chars().count();
        if let Some(Modal::Dialog(d)) = &mut self.modal {
            let back = KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE);
            for _ in 0..n {
                d.form_mut().key(&back);
            }
            let msg = super::errors::fill(tr(self.lang, "err.scan_in_form"), &[code.to_string()]);
            self.error(msg);
            return;
        }
        if self.modal.is_none() && self.screen.room().is_some_and(|r| r.typing()) {
            let r = self.on_room(|room, cx| room.untype(n, cx));
            self.report(r.unwrap_or(Ok(())));
            self.scanned(code);
            return;
        }
        self.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    }

    /// Time passes: release held keys, lock when idle, refresh when another workstation wrote.
    pub fn tick(&mut self, at: Instant) {
        for k in self.scan.tick(at) {
            self.handle_key(k);
        }
        let idle = Duration::from_secs(u64::from(self.config.idle_lock_minutes) * 60);
        if self.config.idle_lock_minutes > 0
            && self.officer.is_some()
            && at.saturating_duration_since(self.last_input) > idle
        {
            self.lock();
        }
        if let Ok(v) = self.store.data_version() {
            if v != self.data_version {
                self.data_version = v;
                if let Ok(s) = self.store.settings() {
                    self.settings = s;
                }
                let r = self.on_room(|room, cx| room.changed(cx));
                self.report(r.unwrap_or(Ok(())));
            }
        }
        let r = self.on_room(|room, cx| room.tick(cx, at));
        self.report(r.unwrap_or(Ok(())));
    }

    /// A booking code from the scanner: open that applicant from any screen. A question waiting for yes or no
    /// is never answered by a scan: it stays open and the status line says to close it first.
    pub fn scanned(&mut self, code: &str) {
        if self.officer.is_none() || matches!(self.screen, Screen::SignIn(_) | Screen::Locked(_)) {
            // Before sign-in a scan is just fast typing.
            for c in code.chars() {
                self.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
            }
            self.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
            return;
        }
        if matches!(self.modal, Some(Modal::Confirm(..) | Modal::Dialog(..))) {
            let msg = super::errors::fill(tr(self.lang, "err.scan_in_form"), &[code.to_string()]);
            self.error(msg);
            return;
        }
        self.modal = None;
        match self.store.application(code) {
            Ok(app) => {
                let today = self.today();
                let state = DetailState::load(&self.store, app, today);
                if let Some(s) = self.report(state) {
                    self.push(Screen::Detail(s));
                    self.info(format!("{}: {code}", tr(self.lang, "msg.scanned")));
                }
            }
            Err(StoreError::NotFound(_)) => {
                // A stay permit's code or a group code opens its own screen.
                match self.with_cx(|cx| outreach::open_code(cx, code)).flatten() {
                    Some(effect) => self.apply(effect),
                    None => self.error(format!("{}: {code}", tr(self.lang, "msg.not_found"))),
                }
            }
            Err(e) => self.error(super::errors::describe(self.lang, &e)),
        }
    }

    fn handle_key(&mut self, key: KeyEvent) {
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            self.modal = Some(Modal::Confirm(tr(self.lang, "confirm.quit").into(), Pending::Quit));
            return;
        }
        if let Some(modal) = self.modal.take() {
            self.modal_key(modal, key);
            return;
        }
        match &mut self.screen {
            Screen::SignIn(_) if key.code == KeyCode::F(2) => self.perform(Action::ToggleLang),
            Screen::SignIn(form) => match form.key(&key) {
                FormEvent::Submit => self.sign_in(),
                FormEvent::Cancel => {
                    self.modal = Some(Modal::Confirm(tr(self.lang, "confirm.quit").into(), Pending::Quit))
                }
                FormEvent::None => {}
            },
            Screen::Locked(form) => match form.key(&key) {
                FormEvent::Submit => self.unlock(),
                FormEvent::Cancel => self.sign_out(),
                FormEvent::None => {}
            },
            screen if screen.room().is_some_and(|r| r.typing()) => {
                // Enter on a typed group or stay-permit code (not a booking code) opens its screen.
                let typed = match screen {
                    Screen::Queue(q) if key.code == KeyCode::Enter => Some(q.search.value().trim().to_string()),
                    _ => None,
                };
                let r = self.on_room(|room, cx| room.type_key(&key, cx));
                self.report(r.unwrap_or(Ok(())));
                if let Some(typed) = typed.filter(|t| !t.is_empty() && self.store.application(t).is_err()) {
                    if let Some(effect) = self.with_cx(|cx| outreach::open_code(cx, &typed)).flatten() {
                        if let Screen::Queue(q) = &mut self.screen {
                            q.clear_search();
                        }
                        self.apply(effect);
                    }
                }
            }
            _ => {
                if let Some(action) = keymap::action_for(self.context(), &key) {
                    self.perform(action);
                }
            }
        }
    }

    fn modal_key(&mut self, modal: Modal, key: KeyEvent) {
        match modal {
            Modal::Help(_) | Modal::Ticket { .. } => {} // any key closes
            Modal::Confirm(text, pending) => match key.code {
                KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Enter => self.confirmed(pending),
                KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc => self.info(tr(self.lang, "msg.cancelled")),
                _ => self.modal = Some(Modal::Confirm(text, pending)),
            },
            Modal::Dialog(mut dialog) => match dialog.form_mut().key(&key) {
                FormEvent::Cancel => self.info(tr(self.lang, "msg.cancelled")),
                FormEvent::None => self.modal = Some(Modal::Dialog(dialog)),
                FormEvent::Submit => {
                    let done = self
                        .with_cx(|cx| dialog.submit(cx))
                        .unwrap_or_else(|| Err(tr(self.lang, "err.not_signed_in").to_string()));
                    match done {
                        Ok(effect) => self.apply(effect),
                        Err(e) => {
                            dialog.form_mut().error = Some(e);
                            self.modal = Some(Modal::Dialog(dialog));
                        }
                    }
                }
            },
        }
    }

    /// The key context of the current screen.
    pub fn context(&self) -> Context {
        match self.screen.room().map_or(Context::Queue, |r| r.context()) {
            // On an outreach laptop the queue also registers the event's walk-ins.
            Context::Queue if self.outreach.is_some() => Context::EventQueue,
            context => context,
        }
    }

    // ---- navigation and effects ----------------------------------------------------------------------------

    pub fn push(&mut self, screen: Screen) {
        let old = std::mem::replace(&mut self.screen, screen);
        self.history.push(old);
    }

    pub(crate) fn back(&mut self) {
        if let Some(prev) = self.history.pop() {
            self.screen = prev;
            self.refresh();
        }
    }

    pub(crate) fn home(&mut self) -> Option<()> {
        let today = self.today();
        let q = QueueState::load(&self.store, today);
        let mut q = self.report(q)?;
        // The queue opens at the slot under way, not at the first slot of the day.
        q.start_at(&crate::store::local(&self.settings, self.now()).format("%H:%M").to_string());
        self.history.clear();
        self.screen = Screen::Queue(q);
        Some(())
    }

    /// Reloads the current screen from the store, keeping the cursor and anything typed.
    pub fn refresh(&mut self) {
        let r = self.on_room(|room, cx| room.reload(cx));
        self.report(r.unwrap_or(Ok(())));
    }

    /// Carries out what a screen, a dialog or a question asked for.
    pub fn apply(&mut self, effect: Effect) {
        match effect {
            Effect::None => {}
            Effect::Push(screen) => self.push(screen),
            Effect::Show(screen) if std::mem::discriminant(&screen) == std::mem::discriminant(&self.screen) => {
                self.refresh()
            }
            Effect::Show(screen) => self.push(screen),
            Effect::Back => self.back(),
            Effect::Dialog(dialog) => self.modal = Some(Modal::Dialog(dialog)),
            Effect::Confirm(text, pending) => self.modal = Some(Modal::Confirm(text, pending)),
            Effect::Info(text) => self.info(text),
            Effect::Error(text) => self.error(text),
            Effect::Failed(e) => self.error(super::errors::describe(self.lang, &e)),
            Effect::Reload => self.refresh(),
            Effect::CheckedIn(apps) => self.checked_in(&apps),
            Effect::Approved { app, message } => {
                let receipt = self.hand_receipt(&app);
                self.info(format!("{message}{receipt}"));
                self.refresh();
            }
            Effect::Ticket { queue_no, name } => {
                self.modal = Some(Modal::Ticket { queue_no, name, members: Vec::new() })
            }
            Effect::Then(effects) => effects.into_iter().for_each(|e| self.apply(e)),
        }
    }

    // ---- actions -------------------------------------------------------------------------------------------

    /// Does what a named action means: the desk-wide ones here, the rest on the screen.
    pub fn perform(&mut self, action: Action) {
        let lang = self.lang;
        let effect = match action {
            Action::Quit => Effect::Confirm(tr(lang, "confirm.quit").into(), Pending::Quit),
            Action::Back => {
                if !self.screen.room_mut().is_some_and(|r| r.back()) {
                    self.back();
                }
                Effect::None
            }
            Action::Home => {
                self.home();
                Effect::None
            }
            Action::Help => {
                self.modal = Some(Modal::Help(self.context()));
                Effect::None
            }
            Action::ToggleLang => {
                self.lang = if lang == Lang::Id { Lang::En } else { Lang::Id };
                self.config.lang = if self.lang == Lang::En { "en".into() } else { "id".into() };
                let _ = config::save(self.config_path.as_deref(), &self.config);
                // The status line was written in the other language: say in the new one what happened.
                Effect::Info(tr(self.lang, "msg.lang_switched").into())
            }
            Action::Lock => {
                self.lock();
                Effect::None
            }
            Action::FloorScreen | Action::AuditScreen | Action::ReportScreen | Action::CloseDay => {
                self.supervisor_screen(action)
            }
            _ => self
                .with_cx(|cx| desk_action(action, cx))
                .flatten()
                .unwrap_or_else(|| self.on_room(|room, cx| room.action(action, cx)).unwrap_or(Effect::None)),
        };
        self.apply(effect);
    }

    /// Screens for supervisors only; an officer is told so (the store enforces the same for every write).
    fn supervisor_screen(&mut self, action: Action) -> Effect {
        let Some(actor) = self.officer.clone() else { return Effect::None };
        if actor.role != Role::Supervisor {
            return Effect::Error(super::errors::fill(tr(self.lang, "err.not_supervisor"), &[actor.name]));
        }
        self.with_cx(|cx| {
            let today = cx.today();
            match action {
                Action::FloorScreen => Effect::push(FloorState::load(cx.store, today).map(Screen::Floor)),
                Action::AuditScreen => Effect::push(AuditState::load(cx.store, today).map(Screen::Audit)),
                Action::ReportScreen => {
                    Effect::push(ReportState::load(cx.store, today, &cx.actor.name, cx.now).map(Screen::Report))
                }
                _ => dialogs::day::open(cx),
            }
        })
        .unwrap_or(Effect::None)
    }

    fn confirmed(&mut self, pending: Pending) {
        match pending {
            Pending::TakeOverCounter => self.take_over(),
            Pending::Quit => {
                self.end_session();
                self.quit = true;
            }
            other => {
                let effect = self.with_cx(|cx| other.run(cx)).unwrap_or(Effect::None);
                self.apply(effect);
            }
        }
    }

    /// Prints (or saves) the applicant's receipt after approval; returns the words for the status line.
    fn hand_receipt(&mut self, app: &crate::store::Application) -> String {
        let post_to = self.store.address(&app.booking_code).ok().flatten().filter(|a| !a.trim().is_empty());
        let text = super::receipt::text(self.lang, &self.settings.office_name, app, self.counter, post_to.as_deref());
        super::receipt::hand(&text, &app.booking_code, &self.config, self.config_path.is_some(), self.lang)
    }

    /// Applicants just checked in: the status line and their numbers shown large. From the check-in screen the
    /// desk goes back to where the officer came from; elsewhere (a walk-in) it stays put.
    fn checked_in(&mut self, apps: &[crate::store::Application]) {
        let numbers: Vec<String> = apps.iter().filter_map(|a| a.queue_no.clone()).collect();
        let name = match apps {
            [one] => one.full_name.clone(),
            _ => format!("{} ({})", tr(self.lang, "label.group"), apps.len()),
        };
        self.info(format!("{} {}: {}", tr(self.lang, "msg.checked_in"), name, numbers.join(", ")));
        if matches!(self.screen, Screen::CheckIn(_)) {
            self.back();
        } else {
            self.refresh();
        }
        let members = if apps.len() > 1 {
            apps.iter().map(|a| (a.queue_no.clone().unwrap_or_default(), a.full_name.clone())).collect()
        } else {
            Vec::new()
        };
        self.modal = Some(Modal::Ticket { queue_no: numbers.first().cloned().unwrap_or_default(), name, members });
    }
}

/// Keys that mean the same on every screen after sign-in (none: the screen's own action).
fn desk_action(action: Action, cx: &mut Ctx) -> Option<Effect> {
    Some(match action {
        Action::CounterScreen => CounterState::open(cx),
        Action::ReadyScreen => Effect::push(ReadyState::load(cx.store, cx.today()).map(Screen::Ready)),
        Action::WalkIn => dialogs::walk_in::open(cx),
        Action::CallNext => CounterState::call_next(cx),
        Action::OutreachWalkIn | Action::StayWalkIn => outreach::open_walk_in(cx, action),
        Action::ConflictScreen => outreach::open_conflicts(cx),
        _ => return None,
    })
}

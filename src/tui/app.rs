//! The desk's model and update: one `App`, messages in (`key`, `tick`), state changes out. Drawing is in
//! `view`; screens keep their own state in `screens/`.

use super::config::{self, Config};
use super::form::{Field, Form, FormEvent};
use super::i18n::tr;
use super::keymap::{self, Action, Context};
use super::scan::{ScanBuffer, Scanned};
use super::screens::{audit::AuditState, floor::FloorState, report::ReportState};
use super::screens::{
    checkin::CheckInState, counter::CounterState, detail::DetailState, queue::QueueState, ready::ReadyState,
};
use crate::tui::i18n::Lang;
use crate::clock::Clock;
use crate::domain::checkin::CheckInRefusal;
use crate::domain::lifecycle::{transition, Event, HandOverKind, RejectionReason};
use crate::domain::schedule::may_reschedule;
use crate::domain::types::{ApplicationType, PassportKind, PriorityReason, Purpose, Role};
use crate::store::{Actor, Store, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The screen the officer is on; `Esc` goes back along `App::history`.
#[derive(Debug)]
pub enum Screen {
    SignIn(Form),
    Locked(Form),
    Queue(QueueState),
    Detail(DetailState),
    CheckIn(CheckInState),
    Counter(CounterState),
    Ready(ReadyState),
    Floor(FloorState),
    Audit(AuditState),
    Report(ReportState),
}

/// What a dialog form is for, with the booking it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormPurpose {
    LateOverride(String),
    Payment(String),
    Reschedule {
        code: String,
        special: bool,
    },
    Reject(String),
    /// Approving an applicant with a watchlist match: a supervisor signs off with a reason.
    ApproveSignedOff(String),
    MarkReady(String),
    HandOver(String),
    Dispatch(String),
    Transfer(String),
    WalkIn,
    /// Reopening the closed `date` (a supervisor, with a reason).
    ReopenDay {
        date: NaiveDate,
    },
    /// Closing `date`, planned at `now` (the same instant is used to close, so nothing unseen is cancelled).
    CloseDay {
        date: NaiveDate,
        now: DateTime<Utc>,
    },
}

/// A change waiting for the officer's yes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    CheckIn(String),
    CheckInGroup {
        group: String,
        date: NaiveDate,
    },
    Approve(String),
    Absent(String),
    Photo(String),
    Interview(String),
    /// Sign in at a counter open on another workstation, closing that session (`App::pending_sign_in`).
    TakeOverCounter,
    Quit,
}

/// Popups over the screen, one at a time.
#[derive(Debug)]
pub enum Modal {
    Help(Context),
    Form(Form, FormPurpose),
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
            screen: Screen::SignIn(sign_in_form(&counters, remembered, lang)),
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

    fn actor(&self) -> Option<Actor> {
        self.officer.clone()
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

    /// Whether keys go to a text field: the sign-in or lock form, a dialog form, the open search box.
    pub fn typing(&self) -> bool {
        matches!(self.screen, Screen::SignIn(_) | Screen::Locked(_))
            || matches!(self.modal, Some(Modal::Form(..)))
            || (self.modal.is_none() && matches!(&self.screen, Screen::Queue(q) if q.searching))
    }

    /// A scan whose characters already went into a text field. Before sign-in (or on the lock) it is typing.
    /// Into a dialog form it is ignored: the characters are taken back, the form stays as it was, unsubmitted,
    /// and the status line says to close the form first. In the search box it opens the applicant.
    fn scanned_while_typing(&mut self, code: &str) {
        let back = KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE);
        let n = code.chars().count();
        if let Some(Modal::Form(form, _)) = &mut self.modal {
            for _ in 0..n {
                form.key(&back);
            }
            let msg = super::errors::fill(tr(self.lang, "err.scan_in_form"), &[code.to_string()]);
            self.error(msg);
            return;
        }
        if let (None, Screen::Queue(q)) = (&self.modal, &mut self.screen) {
            if q.searching {
                for _ in 0..n {
                    q.search_key(&back);
                }
                q.searching = false;
                self.scanned(code);
                return;
            }
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
                match &mut self.screen {
                    // The report reads the whole day: rebuilt at most every few seconds (below).
                    Screen::Report(r) => r.stale = true,
                    _ => self.refresh(),
                }
            }
        }
        let now = self.now();
        if let Screen::Report(r) = &mut self.screen {
            if r.due(at) {
                let res = r.refresh(&self.store, now, at);
                self.report(res);
            }
        }
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
        if matches!(self.modal, Some(Modal::Confirm(..) | Modal::Form(..))) {
            let msg = super::errors::fill(tr(self.lang, "err.scan_in_form"), &[code.to_string()]);
            self.error(msg);
            return;
        }
        self.modal = None;
        match self.store.application(code) {
            Ok(app) => {
                let today = self.today();
                let state = DetailState::load(&self.store, app, today);
                let state = self.report(state);
                if let Some(s) = state {
                    self.push(Screen::Detail(s));
                    self.info(format!("{}: {code}", tr(self.lang, "msg.scanned")));
                }
            }
            Err(StoreError::NotFound(_)) => self.error(format!("{}: {code}", tr(self.lang, "msg.not_found"))),
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
            Screen::Queue(q) if q.searching => q.search_key(&key),
            _ => {
                let ctx = self.context();
                if let Some(action) = keymap::action_for(ctx, &key) {
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
            Modal::Form(mut form, purpose) => match form.key(&key) {
                FormEvent::Cancel => self.info(tr(self.lang, "msg.cancelled")),
                FormEvent::None => self.modal = Some(Modal::Form(form, purpose)),
                FormEvent::Submit => {
                    if let Err(e) = self.submit(&form, &purpose) {
                        form.error = Some(e);
                        self.modal = Some(Modal::Form(form, purpose));
                    }
                }
            },
        }
    }

    /// The key context of the current screen.
    pub fn context(&self) -> Context {
        match self.screen {
            Screen::Detail(_) => Context::Detail,
            Screen::CheckIn(_) => Context::CheckIn,
            Screen::Counter(_) => Context::Counter,
            Screen::Ready(_) => Context::Ready,
            Screen::Floor(_) => Context::Floor,
            Screen::Audit(_) => Context::Audit,
            Screen::Report(_) => Context::Report,
            _ => Context::Queue,
        }
    }

    // ---- navigation ----------------------------------------------------------------------------------------

    pub fn push(&mut self, screen: Screen) {
        let old = std::mem::replace(&mut self.screen, screen);
        self.history.push(old);
    }

    fn back(&mut self) {
        if let Some(prev) = self.history.pop() {
            self.screen = prev;
            self.refresh();
        }
    }

    fn home(&mut self) -> Option<()> {
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
        let today = self.today();
        let now = self.now();
        let counter = self.counter.unwrap_or(self.config.counter);
        let r = match &mut self.screen {
            Screen::Queue(q) => q.reload(&self.store),
            Screen::Detail(d) => d.reload(&self.store, today),
            Screen::CheckIn(c) => c.reload(&self.store, now),
            Screen::Counter(c) => c.reload(&self.store, today, counter),
            Screen::Ready(r) => r.reload(&self.store, today),
            Screen::Floor(f) => f.reload(&self.store, today),
            Screen::Audit(a) => a.reload(&self.store),
            Screen::Report(r) => r.reload(&self.store, now),
            Screen::SignIn(_) | Screen::Locked(_) => Ok(()),
        };
        self.report(r);
    }

    // ---- sign-in and lock ----------------------------------------------------------------------------------

    fn sign_in(&mut self) {
        let now = self.now();
        let lang = self.lang;
        let Screen::SignIn(form) = &mut self.screen else { return };
        let (name, password) = (form.value(0).to_string(), form.value(1).to_string());
        // The counter is a choice of the office's counters, or none (a supervisor who only reads).
        let counter: Option<u32> = form.value(2).parse().ok();
        let actor = match self.store.authenticate(&name, &password) {
            Ok(actor) => actor,
            Err(StoreError::BadCredentials) => {
                form.error = Some(tr(lang, "err.credentials").into());
                return;
            }
            Err(e) => {
                form.error = Some(super::errors::describe(lang, &e));
                return;
            }
        };
        // Under a pinned clock on an office database an officer could do nothing: say so at once.
        if actor.role == Role::Officer && self.store.pinned_for_officers().unwrap_or(true) {
            form.error = Some(tr(lang, "err.pinned_clock").into());
            return;
        }
        let Some(counter) = counter else {
            if actor.role != Role::Supervisor {
                form.error = Some(tr(lang, "err.officer_needs_counter").into());
                return;
            }
            self.signed_in(actor, None);
            return;
        };
        // One counter, one workstation: a counter open elsewhere is taken over only when the officer says so.
        let open = self.store.open_counter_sessions().unwrap_or_default();
        // The officer's own session left open (a desk that crashed) is simply replaced, without a question.
        if let Some((_, officer, since)) = open.into_iter().find(|(c, o, _)| *c == counter && *o != actor.name) {
            let since = super::text::local(&since, self.settings.utc_offset, "%H:%M");
            let text = super::errors::fill(tr(lang, "confirm.take_over"), &[counter.to_string(), officer, since]);
            self.pending_sign_in = Some((actor, counter));
            self.modal = Some(Modal::Confirm(text, Pending::TakeOverCounter));
            return;
        }
        match self.store.open_counter_session(&actor, counter, now) {
            Ok(id) => {
                self.session = Some(id);
                self.signed_in(actor, Some(counter));
            }
            Err(e) => form.error = Some(super::errors::describe(lang, &e)),
        }
    }

    /// The officer said yes to taking over a counter open on another workstation.
    fn take_over(&mut self) {
        let Some((actor, counter)) = self.pending_sign_in.take() else { return };
        let now = self.now();
        match self.store.take_over_counter_session(&actor, counter, now) {
            Ok(id) => {
                self.session = Some(id);
                self.signed_in(actor, Some(counter));
            }
            Err(e) => {
                let msg = super::errors::describe(self.lang, &e);
                if let Screen::SignIn(form) = &mut self.screen {
                    form.error = Some(msg);
                }
            }
        }
    }

    fn signed_in(&mut self, actor: Actor, counter: Option<u32>) {
        let lang = self.lang;
        let role = tr(lang, if actor.role == Role::Supervisor { "role.supervisor" } else { "role.officer" });
        self.info(format!("{} {} ({role})", tr(lang, "msg.signed_in"), actor.name));
        self.officer = Some(actor);
        self.counter = counter;
        if let Some(n) = counter {
            self.config.counter = n;
            if let Err(e) = config::save(self.config_path.as_deref(), &self.config) {
                self.error(format!("{}: {e}", tr(lang, "err.config")));
            }
        }
        self.home();
    }

    pub fn lock(&mut self) {
        if matches!(self.screen, Screen::Locked(_) | Screen::SignIn(_)) {
            return;
        }
        let name = self.officer.as_ref().map(|a| a.name.clone()).unwrap_or_default();
        let form = Form::new("title.locked", vec![Field::password("field.password")])
            .with_note(format!("{} {name}", tr(self.lang, "msg.locked_for")));
        self.modal = None;
        self.push(Screen::Locked(form));
    }

    fn unlock(&mut self) {
        let Screen::Locked(form) = &mut self.screen else { return };
        let password = form.value(0).to_string();
        let Some(name) = self.officer.as_ref().map(|a| a.name.clone()) else { return };
        match self.store.authenticate(&name, &password) {
            Ok(_) => {
                self.back();
                self.info(tr(self.lang, "msg.unlocked"));
            }
            Err(e) => {
                form.error = Some(super::errors::describe(self.lang, &e));
                form.fields[0].input.reset();
            }
        }
    }

    fn sign_out(&mut self) {
        self.end_session();
        self.officer = None;
        self.history.clear();
        let counters: Vec<u32> = self.store.counters().unwrap_or_default().into_iter().map(|(n, _)| n).collect();
        self.counter = None;
        self.screen = Screen::SignIn(sign_in_form(&counters, self.config.counter, self.lang));
    }

    /// Closes the counter session, if one is open (sign-out and quit).
    pub fn end_session(&mut self) {
        if let Some(id) = self.session.take() {
            let now = self.now();
            let r = self.store.close_counter_session(&id, now);
            self.report(r);
        }
    }

    // ---- actions -------------------------------------------------------------------------------------------

    /// Refuse before asking: what the lifecycle would refuse is said at once, before a confirmation or a form
    /// (the store checks again when the change is made). Returns whether the officer may go on.
    fn allowed(&mut self, app: &crate::store::Application, event: Event) -> bool {
        match transition(app.status, app.progress(), event) {
            Ok(_) => true,
            Err(e) => {
                self.error(super::errors::describe(self.lang, &StoreError::Transition(e)));
                false
            }
        }
    }

    /// An ordinary reschedule the rules would refuse (on or after the booked day, over the limit) is refused at
    /// once, with the way that is left (a special reschedule by a supervisor).
    fn reschedule_allowed(&mut self, app: &crate::store::Application) -> bool {
        let today = self.today();
        let limit = self.settings.reschedule_limit;
        match may_reschedule(today, app.slot_date, app.reschedule_count, limit, None) {
            Ok(()) => true,
            Err(r) => {
                let msg = super::errors::describe(self.lang, &StoreError::Reschedule(r));
                self.error(format!("{msg} — {}", tr(self.lang, "hint.special_reschedule")));
                false
            }
        }
    }

    /// Does what a named action means on the current screen.
    pub fn perform(&mut self, action: Action) {
        let lang = self.lang;
        match action {
            Action::Quit => self.modal = Some(Modal::Confirm(tr(lang, "confirm.quit").into(), Pending::Quit)),
            // Esc on the queue first clears a search kept after leaving the search box.
            Action::Back => {
                let cleared = match &mut self.screen {
                    Screen::Queue(q) => q.clear_search(),
                    _ => false,
                };
                if !cleared {
                    self.back();
                }
            }
            Action::Home => {
                self.home();
            }
            Action::Help => self.modal = Some(Modal::Help(self.context())),
            Action::ToggleLang => {
                self.lang = if lang == Lang::Id { Lang::En } else { Lang::Id };
                self.config.lang = if self.lang == Lang::En { "en".into() } else { "id".into() };
                let _ = config::save(self.config_path.as_deref(), &self.config);
                // The status line was written in the other language: say in the new one what happened.
                self.info(tr(self.lang, "msg.lang_switched"));
            }
            Action::Lock => self.lock(),
            Action::CounterScreen => self.open_counter(),
            Action::ReadyScreen => {
                let today = self.today();
                let r = ReadyState::load(&self.store, today);
                if let Some(r) = self.report(r) {
                    self.push(Screen::Ready(r));
                }
            }
            Action::WalkIn => {
                let today = self.today();
                let note = self.store.day_quotas(today).map(|q| super::screens::close::walk_in_note(&q, self.lang));
                let form = walk_in_form().with_note(note.unwrap_or_default());
                self.modal = Some(Modal::Form(form, FormPurpose::WalkIn))
            }
            Action::CallNext => self.call_next(),
            Action::FloorScreen | Action::AuditScreen | Action::ReportScreen | Action::CloseDay => {
                self.supervisor_screen(action)
            }
            _ => self.screen_action(action),
        }
    }

    /// Screens for supervisors only; an officer is told so (the store enforces the same for every write).
    fn supervisor_screen(&mut self, action: Action) {
        let Some(actor) = self.actor() else { return };
        if actor.role != Role::Supervisor {
            let msg = super::errors::fill(tr(self.lang, "err.not_supervisor"), std::slice::from_ref(&actor.name));
            self.error(msg);
            return;
        }
        let today = self.today();
        match action {
            Action::FloorScreen => {
                let f = FloorState::load(&self.store, today);
                if let Some(f) = self.report(f) {
                    self.push(Screen::Floor(f));
                }
            }
            Action::AuditScreen => {
                let a = AuditState::load(&self.store, today);
                if let Some(a) = self.report(a) {
                    self.push(Screen::Audit(a));
                }
            }
            _ => self.supervisor_extra(action, today),
        }
    }

    fn screen_action(&mut self, action: Action) {
        let now = self.now();
        let Some(actor) = self.actor() else { return };
        match &mut self.screen {
            Screen::Queue(q) => match action {
                Action::Open | Action::CheckIn => {
                    if let Some(app) = q.selected().cloned() {
                        if action == Action::Open {
                            let today = self.today();
                            let d = DetailState::load(&self.store, app, today);
                            if let Some(d) = self.report(d) {
                                self.push(Screen::Detail(d));
                            }
                        } else {
                            self.open_check_in(app.booking_code);
                        }
                    }
                }
                Action::PrevDay | Action::NextDay | Action::Today => {
                    let date = match action {
                        Action::PrevDay => q.date.pred_opt().unwrap_or(q.date),
                        Action::NextDay => q.date.succ_opt().unwrap_or(q.date),
                        _ => crate::store::local(&self.settings, now).date(),
                    };
                    q.date = date;
                    let r = q.reload(&self.store);
                    self.report(r);
                }
                other => q.action(other),
            },
            Screen::Detail(d) => {
                let code = d.app.booking_code.clone();
                match action {
                    Action::CheckIn => self.open_check_in(code),
                    Action::RecordPayment => {
                        self.modal = Some(Modal::Form(payment_form(&code), FormPurpose::Payment(code)))
                    }
                    Action::Reschedule | Action::SpecialReschedule => {
                        let special = action == Action::SpecialReschedule;
                        let app = d.app.clone();
                        if !special && !self.reschedule_allowed(&app) {
                            return;
                        }
                        let form = reschedule_form(&self.settings, app.slot_date, special);
                        self.modal = Some(Modal::Form(form, FormPurpose::Reschedule { code, special }));
                    }
                    _ => {}
                }
            }
            Screen::CheckIn(c) => {
                let code = c.app.booking_code.clone();
                match action {
                    // Refuse before asking: what the check-in rule refuses (unpaid, late, wrong day…) first, then
                    // the documents, and only then the question.
                    Action::Confirm => match (c.refusal(), c.blocker()) {
                        (Some(r), _) => self.error(super::errors::describe(self.lang, &r)),
                        (None, Some(why)) => {
                            let why = tr(self.lang, why);
                            self.error(why)
                        }
                        (None, None) => match c.group.clone() {
                            None => {
                                let text =
                                    format!("{} {} ({})?", tr(self.lang, "confirm.check_in"), c.app.full_name, code);
                                self.modal = Some(Modal::Confirm(text, Pending::CheckIn(code)));
                            }
                            Some(g) if !g.is_last() => {
                                let r = c.next_member(&self.store, now);
                                self.report(r);
                            }
                            Some(g) => {
                                let names: Vec<&str> = g.members.iter().map(|(_, n)| n.as_str()).collect();
                                let text = format!(
                                    "{} {} ({}): {}?",
                                    tr(self.lang, "confirm.check_in_group"),
                                    g.group,
                                    g.members.len(),
                                    names.join(", ")
                                );
                                self.modal =
                                    Some(Modal::Confirm(text, Pending::CheckInGroup { group: g.group, date: g.date }));
                            }
                        },
                    },
                    // A group goes through each member's checklist in turn (Enter moves on), then one check-in for
                    // all of them.
                    Action::CheckInGroup => {
                        let r = c.start_group(&self.store, now);
                        match self.report(r) {
                            Some(Some(())) => self.info(tr(self.lang, "msg.group_checklists")),
                            Some(None) => self.error(tr(self.lang, "err.no_group")),
                            None => {}
                        }
                    }
                    Action::RecordPayment => {
                        self.modal = Some(Modal::Form(payment_form(&code), FormPurpose::Payment(code)))
                    }
                    // The override lifts the time rule only: anything else the rule refuses, and the documents, are
                    // checked first; on time there is nothing to override.
                    Action::LateOverride => match (c.refusal(), c.blocker()) {
                        (Some(StoreError::CheckIn(CheckInRefusal::Late { .. })), None) => {
                            self.modal = Some(Modal::Form(override_form(), FormPurpose::LateOverride(code)))
                        }
                        (Some(StoreError::CheckIn(CheckInRefusal::Late { .. })), Some(why)) => {
                            let why = tr(self.lang, why);
                            self.error(why)
                        }
                        (Some(r), _) => self.error(super::errors::describe(self.lang, &r)),
                        (None, _) => self.error(tr(self.lang, "err.not_late")),
                    },
                    Action::Reschedule | Action::SpecialReschedule => {
                        let special = action == Action::SpecialReschedule;
                        let app = c.app.clone();
                        if !special && !self.reschedule_allowed(&app) {
                            return;
                        }
                        let form = reschedule_form(&self.settings, app.slot_date, special);
                        self.modal = Some(Modal::Form(form, FormPurpose::Reschedule { code, special }));
                    }
                    other => c.action(other),
                }
            }
            Screen::Counter(c) => {
                let Some(app) = c.current.clone() else {
                    if action != Action::CallNext {
                        self.error(tr(self.lang, "err.nobody_at_counter"));
                    }
                    return;
                };
                let code = app.booking_code.clone();
                let watchlist = c.watchlist.clone();
                let watchlist_hit = !watchlist.is_empty();
                let lang = self.lang;
                let event = match action {
                    Action::Photo => Some(Event::RecordPhoto),
                    Action::Interview => Some(Event::RecordInterview),
                    Action::Approve => Some(Event::Approve),
                    Action::Reject => Some(Event::Reject(RejectionReason::Other)),
                    _ => None,
                };
                if event.is_some_and(|e| !self.allowed(&app, e)) {
                    return;
                }
                let r = match action {
                    Action::Recall => self.store.recall(&actor, &code, now).map(|_| tr(lang, "msg.recalled")),
                    // Recorded steps cannot be undone: ask first.
                    Action::Photo => {
                        let text = format!("{} {}?", tr(lang, "confirm.photo"), app.full_name);
                        self.modal = Some(Modal::Confirm(text, Pending::Photo(code)));
                        return;
                    }
                    Action::Interview => {
                        let text = format!("{} {}?", tr(lang, "confirm.interview"), app.full_name);
                        self.modal = Some(Modal::Confirm(text, Pending::Interview(code)));
                        return;
                    }
                    Action::PutBack => self.store.put_back(&actor, &code, now).map(|_| tr(lang, "msg.put_back")),
                    Action::Open => {
                        let today = self.today();
                        let d = DetailState::load(&self.store, app, today);
                        if let Some(d) = self.report(d) {
                            self.push(Screen::Detail(d));
                        }
                        return;
                    }
                    Action::Absent => {
                        self.modal = Some(Modal::Confirm(
                            format!("{} {}?", tr(lang, "confirm.absent"), app.full_name),
                            Pending::Absent(code),
                        ));
                        return;
                    }
                    // A watchlist match is approved only with a supervisor's sign-off and a reason.
                    Action::Approve if watchlist_hit => {
                        let note = std::iter::once(tr(lang, "confirm.watchlist_sign_off").to_string())
                            .chain(watchlist.iter().map(|w| super::screens::watchlist::text(lang, w)))
                            .chain(std::iter::once(format!("{} {}", app.full_name, app.booking_code)))
                            .collect::<Vec<_>>()
                            .join("\n");
                        let form = Form::new("title.watchlist_sign_off", sign_off_fields()).with_note(note);
                        self.modal = Some(Modal::Form(form, FormPurpose::ApproveSignedOff(code)));
                        return;
                    }
                    Action::Approve => {
                        let text = format!("{} {}?", tr(lang, "confirm.approve"), app.full_name);
                        self.modal = Some(Modal::Confirm(text, Pending::Approve(code)));
                        return;
                    }
                    Action::Reject => {
                        self.modal = Some(Modal::Form(reject_form(watchlist_hit), FormPurpose::Reject(code)));
                        return;
                    }
                    Action::Transfer => {
                        self.modal = Some(Modal::Form(
                            Form::new("title.transfer", vec![Field::text("field.counter")]),
                            FormPurpose::Transfer(code),
                        ));
                        return;
                    }
                    _ => return,
                };
                if let Some(msg) = self.report(r) {
                    self.info(format!("{msg}: {} {}", app.queue_no.unwrap_or_default(), app.full_name));
                    self.refresh();
                }
            }
            Screen::Ready(r) => {
                let Some(app) = r.selected().cloned() else {
                    r.action(action);
                    return;
                };
                let code = app.booking_code.clone();
                let event = match action {
                    Action::MarkReady => Some(Event::MarkReady),
                    Action::HandOver => Some(Event::HandOver(HandOverKind::Counter)),
                    Action::Dispatch => Some(Event::HandOver(HandOverKind::Post)),
                    _ => None,
                };
                let Some(event) = event else {
                    // Moving through the list: the next page of the due list is read as the cursor nears it.
                    r.action(action);
                    let more = r.fill(&self.store);
                    self.report(more);
                    return;
                };
                if !self.allowed(&app, event) {
                    return;
                }
                match action {
                    Action::MarkReady => {
                        let f = Form::new("title.mark_ready", vec![Field::text("field.passport_no")])
                            .with_note(format!("{} {}", code, app.full_name));
                        self.modal = Some(Modal::Form(f, FormPurpose::MarkReady(code)));
                    }
                    Action::HandOver => {
                        let f = Form::new(
                            "title.hand_over",
                            vec![Field::text("field.collected_by").with_value(&app.full_name)],
                        )
                        .with_note(format!(
                            "{} {} {}",
                            code,
                            app.full_name,
                            app.passport_no.unwrap_or_default()
                        ));
                        self.modal = Some(Modal::Form(f, FormPurpose::HandOver(code)));
                    }
                    Action::Dispatch => {
                        let address = self.store.address(&code).ok().flatten().unwrap_or_default();
                        let f = Form::new(
                            "title.dispatch",
                            vec![Field::text("field.address").with_value(&address), Field::text("field.tracking")],
                        )
                        .with_note(format!("{} {}", code, app.full_name));
                        self.modal = Some(Modal::Form(f, FormPurpose::Dispatch(code)));
                    }
                    _ => {}
                }
            }
            Screen::Audit(a) => {
                if a.action(action) {
                    let r = a.reload(&self.store);
                    self.report(r);
                }
            }
            Screen::Report(r) => {
                if r.action(action) {
                    let res = r.reload(&self.store, now);
                    self.report(res);
                }
            }
            Screen::SignIn(_) | Screen::Locked(_) | Screen::Floor(_) => {}
        }
    }

    /// The report screen and the day close.
    fn supervisor_extra(&mut self, action: Action, today: NaiveDate) {
        let now = self.now();
        let Some(actor) = self.actor() else { return };
        match action {
            Action::ReportScreen => {
                let r = ReportState::load(&self.store, today, &actor.name, now);
                if let Some(r) = self.report(r) {
                    self.push(Screen::Report(r));
                }
            }
            Action::CloseDay => {
                let plan = self.store.plan_close(today, now);
                let Some(plan) = self.report(plan) else { return };
                let lang = self.lang;
                if plan.already_closed {
                    let closure = self.store.day_closure(today);
                    match self.report(closure).flatten() {
                        Some(summary) => {
                            let form = super::screens::close::reopen_form(&summary, lang);
                            self.modal = Some(Modal::Form(form, FormPurpose::ReopenDay { date: today }));
                        }
                        None => self.info(super::errors::fill(tr(lang, "close.already"), &[today.to_string()])),
                    }
                    return;
                }
                let mut note = super::errors::fill(
                    tr(lang, "close.plan"),
                    &[
                        today.to_string(),
                        plan.no_shows.len().to_string(),
                        plan.unfinished.len().to_string(),
                        plan.uncollected.len().to_string(),
                    ],
                );
                for a in plan.unfinished.iter().take(5) {
                    note.push_str(&format!(
                        "\n  {} {} {}",
                        a.queue_no.clone().unwrap_or_default(),
                        a.booking_code,
                        a.full_name
                    ));
                }
                if let Some(early) = super::screens::close::early_note(&self.settings, today, now, lang) {
                    note.push_str(&format!("\n{early}"));
                }
                let form = Form::new(
                    "title.close_day",
                    vec![
                        Field::text("field.force_reason"),
                        Field::choice("field.cancel_uncollected", [tr(lang, "choice.no"), tr(lang, "choice.yes")]),
                    ],
                )
                .with_note(note);
                self.modal = Some(Modal::Form(form, FormPurpose::CloseDay { date: today, now }));
            }
            _ => {}
        }
    }

    fn open_check_in(&mut self, code: String) {
        let now = self.now();
        let state = CheckInState::load(&self.store, &code, now);
        if let Some(s) = self.report(state) {
            self.push(Screen::CheckIn(s));
        }
    }

    /// The counter this desk serves; a desk signed in without one (a supervisor reading) is told so.
    fn my_counter(&mut self) -> Option<u32> {
        if self.counter.is_none() {
            self.error(tr(self.lang, "err.no_counter_here"));
        }
        self.counter
    }

    fn open_counter(&mut self) {
        let today = self.today();
        let Some(counter) = self.my_counter() else { return };
        let c = CounterState::load(&self.store, today, counter);
        if let Some(c) = self.report(c) {
            self.push(Screen::Counter(c));
        }
    }

    fn call_next(&mut self) {
        let Some(actor) = self.actor() else { return };
        let Some(counter) = self.my_counter() else { return };
        let (today, now) = (self.today(), self.now());
        if let Ok(Some(busy)) = self.store.at_counter(today, counter) {
            self.error(format!(
                "{}: {} {}",
                tr(self.lang, "err.counter_busy"),
                busy.queue_no.unwrap_or_default(),
                busy.full_name
            ));
            return;
        }
        let r = self.store.call_next(&actor, today, counter, now);
        match self.report(r) {
            Some(Some(app)) => {
                self.info(format!(
                    "{} {} → {} {counter}",
                    tr(self.lang, "msg.called"),
                    app.queue_no.clone().unwrap_or_default(),
                    tr(self.lang, "label.counter")
                ));
                if !matches!(self.screen, Screen::Counter(_)) {
                    self.open_counter();
                } else {
                    self.refresh();
                }
            }
            Some(None) => self.info(tr(self.lang, "msg.nobody_waiting")),
            None => {}
        }
    }

    fn confirmed(&mut self, pending: Pending) {
        if pending == Pending::TakeOverCounter {
            self.take_over();
            return;
        }
        let Some(actor) = self.actor() else {
            if pending == Pending::Quit {
                self.quit = true;
            }
            return;
        };
        let now = self.now();
        let lang = self.lang;
        match pending {
            Pending::Quit => {
                self.end_session();
                self.quit = true;
            }
            Pending::TakeOverCounter => {}
            Pending::CheckIn(code) => {
                let r = self.store.check_in(&actor, &code, None, now);
                if let Some(app) = self.report(r) {
                    self.checked_in(&[app]);
                }
            }
            Pending::CheckInGroup { group, date } => {
                let r = self.store.check_in_group(&actor, &group, date, now);
                if let Some(apps) = self.report(r) {
                    self.checked_in(&apps);
                }
            }
            Pending::Approve(code) => {
                let r = self.store.approve(&actor, &code, now);
                if let Some(app) = self.report(r) {
                    let receipt = self.hand_receipt(&app);
                    self.info(format!(
                        "{} {} — {} {}{receipt}",
                        tr(lang, "msg.approved"),
                        app.full_name,
                        tr(lang, "label.ready_date"),
                        app.ready_date.map(|d| d.to_string()).unwrap_or_default()
                    ));
                    self.refresh();
                }
            }
            Pending::Photo(code) => {
                let r = self.store.record_photo(&actor, &code, now);
                if let Some(app) = self.report(r) {
                    self.info(format!(
                        "{}: {} {}",
                        tr(lang, "msg.photo"),
                        app.queue_no.unwrap_or_default(),
                        app.full_name
                    ));
                    self.refresh();
                }
            }
            Pending::Interview(code) => {
                let r = self.store.record_interview(&actor, &code, now);
                if let Some(app) = self.report(r) {
                    self.info(format!(
                        "{}: {} {}",
                        tr(lang, "msg.interview"),
                        app.queue_no.unwrap_or_default(),
                        app.full_name
                    ));
                    self.refresh();
                }
            }
            Pending::Absent(code) => {
                let r = self.store.mark_absent(&actor, &code, now);
                if let Some(app) = self.report(r) {
                    self.info(format!("{}: {}", tr(lang, "msg.absent"), app.full_name));
                    self.refresh();
                }
            }
        }
    }

    /// Prints (or saves) the applicant's receipt after approval; returns the words for the status line.
    fn hand_receipt(&mut self, app: &crate::store::Application) -> String {
        let post_to = self.store.address(&app.booking_code).ok().flatten().filter(|a| !a.trim().is_empty());
        let text = super::receipt::text(self.lang, &self.settings.office_name, app, self.counter, post_to.as_deref());
        let dir = if !self.config.receipt_dir.is_empty() {
            Some(PathBuf::from(&self.config.receipt_dir))
        } else if self.config_path.is_some() {
            directories::ProjectDirs::from("", "", "loket").map(|d| d.data_dir().join("receipts"))
        } else {
            None
        };
        if self.config.printer.trim().is_empty() && dir.is_none() {
            return String::new(); // nowhere to print or save (a desk without a config dir)
        }
        match super::receipt::deliver(&text, &app.booking_code, &self.config.printer, dir.as_deref()) {
            Ok(super::receipt::Delivered::Printed(p)) => format!(" — {} {p}", tr(self.lang, "msg.receipt_printed")),
            Ok(super::receipt::Delivered::Saved(f)) => {
                format!(" — {} {}", tr(self.lang, "msg.receipt_saved"), f.display())
            }
            Err(e) => format!(" — {}: {e}", tr(self.lang, "err.receipt")),
        }
    }

    fn checked_in(&mut self, apps: &[crate::store::Application]) {
        let numbers: Vec<String> = apps.iter().filter_map(|a| a.queue_no.clone()).collect();
        let name = if apps.len() == 1 {
            apps[0].full_name.clone()
        } else {
            format!("{} ({})", tr(self.lang, "label.group"), apps.len())
        };
        self.info(format!("{} {}: {}", tr(self.lang, "msg.checked_in"), name, numbers.join(", ")));
        // From the check-in screen go back to where the officer came from; elsewhere (a walk-in) stay put.
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

    /// Acts on a submitted dialog; an error keeps the dialog open with the message.
    fn submit(&mut self, form: &Form, purpose: &FormPurpose) -> Result<(), String> {
        let actor = self.actor().ok_or_else(|| tr(self.lang, "err.not_signed_in").to_string())?;
        let now = self.now();
        let lang = self.lang;
        let msg: String = match purpose {
            FormPurpose::LateOverride(code) => {
                // The supervisor signs the override with their own account, on this desk.
                let sup = self
                    .store
                    .authenticate(form.value(0), form.value(1))
                    .map_err(|e| super::errors::describe(lang, &e))?;
                sup.require(Role::Supervisor, "overriding a late check-in")
                    .map_err(|e| super::errors::describe(lang, &e))?;
                if form.value(2).is_empty() {
                    return Err(tr(lang, "err.reason_needed").into());
                }
                let app = self
                    .store
                    .check_in(&sup, code, Some(form.value(2)), now)
                    .map_err(|e| super::errors::describe(lang, &e))?;
                self.checked_in(&[app]);
                return Ok(());
            }
            FormPurpose::Payment(code) => {
                let paid_at = if form.value(1).is_empty() {
                    now
                } else {
                    let offset = self.settings.utc_offset;
                    crate::clock::parse_now(form.value(1), offset)?
                };
                self.store
                    .record_payment(&actor, code, form.value(0), paid_at, now)
                    .map_err(|e| super::errors::describe(lang, &e))?;
                tr(lang, "msg.payment").into()
            }
            FormPurpose::ApproveSignedOff(code) => {
                let sup = self
                    .store
                    .authenticate(form.value(0), form.value(1))
                    .map_err(|e| super::errors::describe(lang, &e))?;
                let app = self
                    .store
                    .approve_signed_off(&sup, code, form.value(2), now)
                    .map_err(|e| super::errors::describe(lang, &e))?;
                let receipt = self.hand_receipt(&app);
                format!(
                    "{} — {} {} — {} {}{receipt}",
                    tr(lang, "msg.approved_signed_off"),
                    app.full_name,
                    sup.name,
                    tr(lang, "label.ready_date"),
                    app.ready_date.map(|d| d.to_string()).unwrap_or_default()
                )
            }
            FormPurpose::Reschedule { code, special } => {
                let date = NaiveDate::parse_from_str(form.value(0), "%Y-%m-%d")
                    .map_err(|_| tr(lang, "err.date").to_string())?;
                let reason = if *special {
                    let sup = self
                        .store
                        .authenticate(form.value(2), form.value(3))
                        .map_err(|e| super::errors::describe(lang, &e))?;
                    sup.require(Role::Supervisor, "a special reschedule")
                        .map_err(|e| super::errors::describe(lang, &e))?;
                    if form.value(4).is_empty() {
                        return Err(tr(lang, "err.reason_needed").into());
                    }
                    let app = self
                        .store
                        .reschedule(&sup, code, date, form.value(1), Some(form.value(4)), now)
                        .map_err(|e| super::errors::describe(lang, &e))?;
                    format!("{} {} {}", tr(lang, "msg.rescheduled"), app.slot_date, app.slot_start)
                } else {
                    let app = self
                        .store
                        .reschedule(&actor, code, date, form.value(1), None, now)
                        .map_err(|e| super::errors::describe(lang, &e))?;
                    format!("{} {} {}", tr(lang, "msg.rescheduled"), app.slot_date, app.slot_start)
                };
                reason
            }
            FormPurpose::Reject(code) => {
                let reason =
                    RejectionReason::parse(form.value(0)).ok_or_else(|| tr(lang, "err.reason_needed").to_string())?;
                self.store
                    .reject(&actor, code, reason, form.value(1), now)
                    .map_err(|e| super::errors::describe(lang, &e))?;
                tr(lang, "msg.rejected").into()
            }
            FormPurpose::MarkReady(code) => {
                self.store
                    .mark_ready(&actor, code, form.value(0), now)
                    .map_err(|e| super::errors::describe(lang, &e))?;
                tr(lang, "msg.marked_ready").into()
            }
            FormPurpose::HandOver(code) => {
                self.store
                    .hand_over(&actor, code, form.value(0), now)
                    .map_err(|e| super::errors::describe(lang, &e))?;
                tr(lang, "msg.handed_over").into()
            }
            FormPurpose::Dispatch(code) => {
                self.store
                    .dispatch(&actor, code, form.value(0), form.value(1), now)
                    .map_err(|e| super::errors::describe(lang, &e))?;
                tr(lang, "msg.dispatched").into()
            }
            FormPurpose::Transfer(code) => {
                let to: u32 = form.value(0).parse().map_err(|_| tr(lang, "err.counter").to_string())?;
                self.store.transfer(&actor, code, to, now).map_err(|e| super::errors::describe(lang, &e))?;
                format!("{} {to}", tr(lang, "msg.transferred"))
            }
            FormPurpose::CloseDay { date, now: planned } => {
                let force = Some(form.value(0)).filter(|s| !s.is_empty());
                let cancel = form.value(1) == tr(lang, "choice.yes");
                let summary = self
                    .store
                    .close_day(&actor, *date, force, cancel, *planned)
                    .map_err(|e| super::errors::describe(lang, &e))?;
                format!("{}: {} — {}", tr(lang, "msg.closed"), date, summary.to_string().lines().next().unwrap_or(""))
            }
            FormPurpose::ReopenDay { date } => {
                let back = self
                    .store
                    .reopen_day(&actor, *date, form.value(0), now)
                    .map_err(|e| super::errors::describe(lang, &e))?;
                super::screens::close::reopened_message(*date, &back, lang)
            }
            FormPurpose::WalkIn => {
                let w = parse_walk_in(form, lang)?;
                let app = self
                    .store
                    .register_walk_in_paid(&actor, &w, form.value(11), now)
                    .map_err(|e| super::errors::describe(lang, &e))?;
                self.checked_in(&[app]);
                return Ok(());
            }
        };
        self.info(msg);
        self.refresh();
        Ok(())
    }
}

/// Officer, password and the counter: a choice (◀▶) of the office's counters, then "no counter" (a supervisor
/// who only reads), starting at the workstation's remembered counter.
fn sign_in_form(counters: &[u32], remembered: u32, lang: Lang) -> Form {
    let mut choices: Vec<String> = counters.iter().map(u32::to_string).collect();
    choices.push(tr(lang, "choice.no_counter").to_string());
    let start = if counters.contains(&remembered) { remembered.to_string() } else { choices[0].clone() };
    Form::new(
        "title.sign_in",
        vec![
            Field::text("field.officer"),
            Field::password("field.password"),
            Field::choice("field.counter", choices).with_value(&start),
        ],
    )
}

fn payment_form(code: &str) -> Form {
    Form::new("title.payment", vec![Field::text("field.ntpn"), Field::text("field.paid_at")])
        .with_note(code.to_string())
}

fn override_form() -> Form {
    Form::new("title.override", sign_off_fields())
}

/// A supervisor's sign-off on this desk: their name, their password and the reason.
fn sign_off_fields() -> Vec<Field> {
    vec![Field::text("field.supervisor"), Field::password("field.password"), Field::text("field.reason")]
}

fn reject_form(watchlist_hit: bool) -> Form {
    let mut reasons: Vec<&str> = RejectionReason::ALL.iter().map(|r| r.as_str()).collect();
    if !watchlist_hit {
        reasons.rotate_left(1); // put the watchlist reason last unless it applies
    }
    Form::new("title.reject", vec![Field::choice("field.reason_code", reasons), Field::text("field.note")])
}

fn reschedule_form(settings: &crate::domain::settings::OfficeSettings, from: NaiveDate, special: bool) -> Form {
    let starts: Vec<String> =
        settings.slot_template.slots().iter().map(|(a, _)| a.format("%H:%M").to_string()).collect();
    let next = from.succ_opt().unwrap_or(from).to_string();
    let mut fields = vec![Field::text("field.date").with_value(&next), Field::choice("field.slot", starts)];
    if special {
        fields.extend([
            Field::text("field.supervisor"),
            Field::password("field.password"),
            Field::text("field.reason"),
        ]);
    }
    Form::new(if special { "title.special_reschedule" } else { "title.reschedule" }, fields)
}

fn walk_in_form() -> Form {
    Form::new(
        "title.walk_in",
        vec![
            Field::text("field.nik"),
            Field::text("field.name"),
            Field::choice("field.sex", ["L", "P"]),
            Field::text("field.birth_date"),
            Field::text("field.phone"),
            Field::choice("field.priority", PriorityReason::ALL.iter().map(|p| p.as_str())),
            Field::choice("field.app_type", ["baru", "penggantian"]),
            Field::choice("field.purpose", Purpose::ALL.iter().map(|p| p.as_str())),
            Field::choice("field.passport_kind", PassportKind::ALL.iter().map(|p| p.as_str())),
            Field::choice("field.validity", ["10", "5"]),
            Field::text("field.old_passport"),
            // The fee is paid at the counter: the walk-in is registered paid only with the receipt's number.
            Field::text("field.ntpn"),
        ],
    )
}

fn parse_walk_in(form: &Form, lang: Lang) -> Result<crate::store::NewWalkIn, String> {
    use crate::domain::nik::Sex;
    let birth_date =
        NaiveDate::parse_from_str(form.value(3), "%Y-%m-%d").map_err(|_| tr(lang, "err.date").to_string())?;
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
    // Every choice is read back for what it says; a value the form cannot mean is refused, never defaulted.
    let bad = |i: usize| {
        let label = form.fields.get(i).map_or("", |f| tr(lang, f.label));
        super::errors::fill(tr(lang, "err.choice"), &[label.to_string(), form.value(i).to_string()])
    };
    Ok(crate::store::NewWalkIn {
        nik: form.value(0).to_string(),
        full_name: form.value(1).to_string(),
        sex: Sex::from_code(form.value(2)).ok_or_else(|| bad(2))?,
        birth_date,
        phone: opt(form.value(4)),
        priority_reason: PriorityReason::parse(form.value(5)).ok_or_else(|| bad(5))?,
        application_type: ApplicationType::parse(form.value(6)).ok_or_else(|| bad(6))?,
        purpose: Purpose::parse(form.value(7)).ok_or_else(|| bad(7))?,
        passport_kind: PassportKind::parse(form.value(8)).ok_or_else(|| bad(8))?,
        validity_years: form.value(9).parse().map_err(|_| bad(9))?,
        old_passport_no: opt(form.value(10)),
    })
}

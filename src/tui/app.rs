//! The desk's router: one `App` holding who is signed in, the screen and the way back, the modal stack and the
//! status line. Messages come in (`key`, `tick`); the app handles what belongs to every screen and hands the
//! rest to the screen on top. The app's work is split by topic, each an `impl App` of its own:
//! - here: the model, and routing keys and time (`key`, `tick`) to the modal, the form or the screen;
//! - `scans.rs`: scanner bursts (open the scanned applicant, never fill a form);
//! - `actions.rs`: the desk-wide named actions (quit, help, language, lock, supervisors' screens, counter);
//! - `effects.rs`: carrying out an [`Effect`] (navigation, status line, dialogs, check-ins, the receipt);
//! - `session.rs`: sign-in, the lock and sign-out; `view.rs`: drawing the shared frame.
//!
//! How screens plug in:
//! - each screen ("room") lives in `screens/<screen>.rs`: its state type implements [`Room`] (`room.rs`):
//!   its key context, `reload`, `action(action, &mut Ctx) -> Effect` and `draw`;
//! - a screen never changes the app: it returns an [`Effect`] (push a screen, back, open a dialog, ask yes/no,
//!   a status line, reload, applicants checked in, an approval), which [`App::apply`] carries out;
//! - dialogs are typed structs in `dialogs/` (one per dialog, named fields, a submit that makes a typed
//!   request), yes/no questions are `dialogs::Pending`; both return effects too;
//! - adding a screen = one new file in `screens/` plus one line in the `rooms!` list in `screen.rs`.

use super::config::{self, Config};
use super::dialogs::Pending;
use super::form::FormEvent;
use super::i18n::{tr, Lang};
use super::keymap::{self, Action, Context};
use super::room::{Ctx, Effect, Room};
use super::scan::{ScanBuffer, Scanned};
use crate::clock::Clock;
use crate::domain::types::Role;
use crate::store::{Actor, Store, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::PathBuf;
use std::time::{Duration, Instant};

pub use super::screen::{Modal, Screen, StatusLine};

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

    /// What a screen or dialog may see, beside the screen itself (none before sign-in). The two borrow
    /// different fields, so a room can act with the store in hand.
    fn parts(&mut self) -> Option<(Ctx<'_>, &mut Screen)> {
        let actor = self.officer.as_ref()?;
        let cx = Ctx {
            store: &mut self.store,
            lang: self.lang,
            now: self.clock.now(),
            settings: &self.settings,
            actor,
            counter: self.counter,
        };
        Some((cx, &mut self.screen))
    }

    /// Runs `f` with what a screen or dialog may see (none before sign-in).
    pub(crate) fn with_cx<R>(&mut self, f: impl FnOnce(&mut Ctx) -> R) -> Option<R> {
        let (mut cx, _) = self.parts()?;
        Some(f(&mut cx))
    }

    /// Runs `f` on the room on screen (none before sign-in, on the lock, or on the sign-in screen).
    pub(crate) fn on_room<R>(&mut self, f: impl FnOnce(&mut dyn Room, &mut Ctx) -> R) -> Option<R> {
        let (mut cx, screen) = self.parts()?;
        Some(f(screen.room_mut()?, &mut cx))
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

    pub(crate) fn handle_key(&mut self, key: KeyEvent) {
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
                let effect = self.on_room(|room, cx| room.type_key(&key, cx)).unwrap_or(Effect::None);
                self.apply(effect);
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
}

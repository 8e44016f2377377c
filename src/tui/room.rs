//! What a screen ("room") is to the app: it owns its state, handles its own keys and draws itself, and tells
//! the app what should happen next with an [`Effect`]. The app (`app.rs`) only routes keys, applies effects and
//! draws the shared frame (header, status line, key hints, the modal stack).
//!
//! Adding a screen: a new file in `screens/` with its state type implementing [`Room`], and one line in the
//! `rooms!` list in `screen.rs` (which generates the `Screen` variant and its dispatch).

use super::dialogs::{Dialog, Pending};
use super::i18n::{tr, Lang};
use super::keymap::{Action, Context};
use crate::domain::settings::OfficeSettings;
use crate::store::{Actor, Application, Store, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::Frame;
use std::time::Instant;

/// What a screen or a dialog sees of the desk while it handles a key: the store, the signed-in officer, the
/// counter this desk serves, the office settings, the language and the time.
pub struct Ctx<'a> {
    pub store: &'a mut Store,
    pub lang: Lang,
    pub now: DateTime<Utc>,
    pub settings: &'a OfficeSettings,
    pub actor: &'a Actor,
    /// The counter this desk serves since sign-in; none for a supervisor who only reads.
    pub counter: Option<u32>,
}

impl Ctx<'_> {
    /// Office-local today.
    pub fn today(&self) -> NaiveDate {
        crate::store::local(self.settings, self.now).date()
    }

    pub fn tr(&self, key: &'static str) -> &'static str {
        tr(self.lang, key)
    }

    /// A store error in the officer's words.
    pub fn describe(&self, e: &StoreError) -> String {
        super::errors::describe(self.lang, e)
    }
}

/// What should happen after a key: the app applies it (navigation, dialogs, the status line, reloads).
#[derive(Debug)]
pub enum Effect {
    None,
    /// Open a screen on top of this one (`Esc` comes back).
    Push(super::app::Screen),
    /// Open a screen, unless the desk is already on one of its kind: then reload that one.
    Show(super::app::Screen),
    Back,
    Dialog(Dialog),
    /// Ask yes or no before a change that cannot be undone.
    Confirm(String, Pending),
    Info(String),
    Error(String),
    /// A store error, put in the officer's words on the status line.
    Failed(StoreError),
    /// Re-read the current screen from the store.
    Reload,
    /// Applicants just checked in: their queue numbers are shown large.
    CheckedIn(Vec<Application>),
    /// An approval: the status line says `message`, the receipt is printed or saved, the screen reloads.
    Approved {
        app: Application,
        message: String,
    },
    /// A ticket just handed out (not a check-in of a booking, e.g. an event's walk-in): shown large.
    Ticket {
        queue_no: String,
        name: String,
    },
    /// Several effects, in order.
    Then(Vec<Effect>),
}

impl Effect {
    /// `Ok` as is, an error as [`Effect::Failed`].
    pub fn from_result(r: Result<Effect, StoreError>) -> Effect {
        r.unwrap_or_else(Effect::Failed)
    }

    /// Opens a screen just loaded (a store error goes to the status line).
    pub fn push(r: Result<super::app::Screen, StoreError>) -> Effect {
        r.map_or_else(Effect::Failed, Effect::Push)
    }

    /// The status line says `text`, then the screen reloads.
    pub fn done(text: String) -> Effect {
        Effect::Then(vec![Effect::Info(text), Effect::Reload])
    }
}

/// One screen of the desk.
pub trait Room {
    /// The key context: which keys of the key map apply (input, footer hints and `?` help).
    fn context(&self) -> Context;
    /// Re-reads from the store, keeping the cursor and anything typed.
    fn reload(&mut self, cx: &Ctx) -> Result<(), StoreError>;
    /// A named action from the key map (global actions are handled by the app first).
    fn action(&mut self, action: Action, cx: &mut Ctx) -> Effect;
    /// Draws the screen into the body of the frame.
    fn draw(&self, frame: &mut Frame, area: Rect, lang: Lang, now: DateTime<Utc>);

    /// Whether keys go to a text field of the screen (they then echo at once and skip the key map).
    fn typing(&self) -> bool {
        false
    }
    /// A key while [`Room::typing`] (e.g. Enter on a typed code may open its screen).
    fn type_key(&mut self, _key: &KeyEvent, _cx: &Ctx) -> Effect {
        Effect::None
    }
    /// A scan whose `chars` characters were echoed into the text field: take them back and stop typing.
    fn untype(&mut self, _chars: usize, _cx: &Ctx) -> Result<(), StoreError> {
        Ok(())
    }
    /// `Esc` handled on the screen itself (true), before going back.
    fn back(&mut self) -> bool {
        false
    }
    /// Another workstation wrote: by default re-read at once.
    fn changed(&mut self, cx: &Ctx) -> Result<(), StoreError> {
        self.reload(cx)
    }
    /// Time passes (a screen may rebuild on its own schedule).
    fn tick(&mut self, _cx: &Ctx, _at: Instant) -> Result<(), StoreError> {
        Ok(())
    }
}

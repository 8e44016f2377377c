//! Scanner bursts at the desk: a booking code typed by the scanner opens that applicant from any screen, is
//! taken back out of a text field it echoed into, and never fills or submits a form or answers a question.

use super::app::App;
use super::i18n::tr;
use super::screen::{Modal, Screen};
use super::screens::{detail::DetailState, outreach};
use crate::store::StoreError;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

impl App {
    /// Whether keys go to a text field: the sign-in or lock form, a dialog form, a screen's text field.
    pub fn typing(&self) -> bool {
        matches!(self.screen, Screen::SignIn(_) | Screen::Locked(_))
            || matches!(self.modal, Some(Modal::Dialog(_)))
            || (self.modal.is_none() && self.screen.room().is_some_and(|r| r.typing()))
    }

    /// A scan whose characters already went into a text field. Before sign-in (or on the lock) it is typing.
    /// Into a dialog form it is ignored: the characters are taken back, the form stays as it was, unsubmitted,
    /// and the status line says to close the form first. In the search box it opens the applicant.
    pub(crate) fn scanned_while_typing(&mut self, code: &str) {
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
}

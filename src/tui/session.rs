//! Who is at the desk: sign-in (officer, password and the counter this workstation serves), taking over a
//! counter open on another workstation (only when the officer says so), the idle lock, sign-out.

use super::app::{App, Modal, Screen};
use super::config;
use super::dialogs::Pending;
use super::errors::{describe, fill};
use super::form::{Field, Form};
use super::i18n::{tr, Lang};
use crate::domain::types::Role;
use crate::store::{Actor, StoreError};

/// What the sign-in form asks, by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInRequest {
    pub officer: String,
    pub password: String,
    /// The counter chosen; none for a supervisor who only reads (floor, report, audit).
    pub counter: Option<u32>,
}

impl SignInRequest {
    const OFFICER: usize = 0;
    const PASSWORD: usize = 1;
    const COUNTER: usize = 2;

    /// Reads the form: the counter is one of the office's counters or "no counter"; anything else is an
    /// error naming the field.
    pub fn from_form(form: &Form, lang: Lang) -> Result<SignInRequest, String> {
        let counter = form.value(Self::COUNTER);
        let counter = if counter == tr(lang, "choice.no_counter") || counter == tr(other(lang), "choice.no_counter") {
            None
        } else {
            Some(counter.parse().map_err(|_| super::dialogs::bad_field(form, Self::COUNTER, lang))?)
        };
        Ok(SignInRequest {
            officer: form.value(Self::OFFICER).to_string(),
            password: form.value(Self::PASSWORD).to_string(),
            counter,
        })
    }
}

/// The language not in use (F2 on the sign-in screen keeps the form as it was built).
fn other(lang: Lang) -> Lang {
    if lang == Lang::Id {
        Lang::En
    } else {
        Lang::Id
    }
}

/// Officer, password and the counter: a choice (◀▶) of the office's counters, then "no counter" (a supervisor
/// who only reads), starting at the workstation's remembered counter.
pub fn sign_in_form(counters: &[u32], remembered: u32, lang: Lang) -> Form {
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

impl App {
    pub(crate) fn sign_in(&mut self) {
        let now = self.now();
        let lang = self.lang;
        let Screen::SignIn(form) = &mut self.screen else { return };
        let req = match SignInRequest::from_form(form, lang) {
            Ok(req) => req,
            Err(e) => {
                form.error = Some(e);
                return;
            }
        };
        let actor = match self.store.authenticate(&req.officer, &req.password) {
            Ok(actor) => actor,
            Err(StoreError::BadCredentials) => {
                form.error = Some(tr(lang, "err.credentials").into());
                return;
            }
            Err(e) => {
                form.error = Some(describe(lang, &e));
                return;
            }
        };
        // Under a pinned clock on an office database an officer could do nothing: say so at once.
        if actor.role == Role::Officer && self.store.pinned_for_officers().unwrap_or(true) {
            form.error = Some(tr(lang, "err.pinned_clock").into());
            return;
        }
        let Some(counter) = req.counter else {
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
            let text = fill(tr(lang, "confirm.take_over"), &[counter.to_string(), officer, since]);
            self.pending_sign_in = Some((actor, counter));
            self.modal = Some(Modal::Confirm(text, Pending::TakeOverCounter));
            return;
        }
        match self.store.open_counter_session(&actor, counter, now) {
            Ok(id) => {
                self.session = Some(id);
                self.signed_in(actor, Some(counter));
            }
            Err(e) => form.error = Some(describe(lang, &e)),
        }
    }

    /// The officer said yes to taking over a counter open on another workstation.
    pub(crate) fn take_over(&mut self) {
        let Some((actor, counter)) = self.pending_sign_in.take() else { return };
        let now = self.now();
        match self.store.take_over_counter_session(&actor, counter, now) {
            Ok(id) => {
                self.session = Some(id);
                self.signed_in(actor, Some(counter));
            }
            Err(e) => {
                let msg = describe(self.lang, &e);
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

    pub(crate) fn unlock(&mut self) {
        let Screen::Locked(form) = &mut self.screen else { return };
        let password = form.value(0).to_string();
        let Some(name) = self.officer.as_ref().map(|a| a.name.clone()) else { return };
        match self.store.authenticate(&name, &password) {
            Ok(_) => {
                self.back();
                self.info(tr(self.lang, "msg.unlocked"));
            }
            Err(e) => {
                form.error = Some(describe(self.lang, &e));
                form.fields[0].input.reset();
            }
        }
    }

    pub(crate) fn sign_out(&mut self) {
        self.end_session();
        self.officer = None;
        self.history.clear();
        self.counter = None;
        self.screen = Screen::SignIn(self.new_sign_in_form());
    }

    pub(crate) fn new_sign_in_form(&self) -> Form {
        let counters: Vec<u32> = self.store.counters().unwrap_or_default().into_iter().map(|(n, _)| n).collect();
        sign_in_form(&counters, self.config.counter, self.lang)
    }

    /// Closes the counter session, if one is open (sign-out and quit).
    pub fn end_session(&mut self) {
        if let Some(id) = self.session.take() {
            let now = self.now();
            let r = self.store.close_counter_session(&id, now);
            self.report(r);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_counter_is_read_by_name_and_an_unknown_one_is_refused() {
        let mut form = sign_in_form(&[1, 2], 2, Lang::En);
        assert_eq!(SignInRequest::from_form(&form, Lang::En).map(|r| r.counter), Ok(Some(2)));
        form.fields[2] = form.fields[2].clone().with_value(tr(Lang::En, "choice.no_counter"));
        assert_eq!(SignInRequest::from_form(&form, Lang::En).map(|r| r.counter), Ok(None));
        form.fields[2] = form.fields[2].clone().with_value("x");
        let err = SignInRequest::from_form(&form, Lang::En).expect_err("x is no counter");
        assert!(err.contains(tr(Lang::En, "field.counter")), "{err}");
    }
}

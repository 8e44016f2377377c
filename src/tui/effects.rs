//! Carrying out what a screen, a dialog or a question asked for ([`Effect`]): navigation (push, back, home,
//! reload), the status line, dialogs and questions, check-ins shown large, the receipt after an approval.

use super::app::App;
use super::dialogs::Pending;
use super::i18n::tr;
use super::room::Effect;
use super::screen::{Modal, Screen};
use super::screens::queue::QueueState;

impl App {
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

    pub(crate) fn confirmed(&mut self, pending: Pending) {
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

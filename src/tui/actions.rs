//! Named actions from the key map: the desk-wide ones (quit, back, home, help, language, lock, supervisors'
//! screens, the counter, walk-ins) are handled here; the rest go to the screen on top.

use super::app::App;
use super::config;
use super::dialogs::{self, Pending};
use super::i18n::{tr, Lang};
use super::keymap::Action;
use super::room::{Ctx, Effect};
use super::screen::{Modal, Screen};
use super::screens::{audit::AuditState, floor::FloorState, outreach, report::ReportState};
use super::screens::{counter::CounterState, ready::ReadyState};
use crate::domain::types::Role;

impl App {
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

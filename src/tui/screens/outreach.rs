//! Glue shared by the desk's outreach screens (`conflicts`, `group`, `staypermit`): the dialogs they open
//! ([`OutreachForm`]), the questions they ask ([`OutreachPending`]), what a screen's key asks of the desk
//! ([`Effect`], turned into the desk's effects by [`room_effect`]), and the openers the router and other
//! screens call. Each screen owns its state, keys and drawing; every
//! write goes through the same store function as the command line (`resolve_conflict`, `hand_over_group`,
//! `stay_permit_step`), so it is audited the same way.

use super::conflicts::ConflictsState;
use super::detail::DetailState;
use super::group::GroupState;
use super::staypermit::StayState;
use crate::domain::outreach::Keep;
use crate::domain::staypermit::StayEvent;
use crate::store::StoreError;
use crate::tui::app::Screen;
use crate::tui::dialogs::{Dialog, Pending};
use crate::tui::errors::fill;
use crate::tui::form::Form;
use crate::tui::i18n::tr;
use crate::tui::keymap::Action;
use crate::tui::room::{self, Ctx};
use chrono::NaiveDate;

/// A dialog an outreach screen opened, with what it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutreachForm {
    /// Resolving merge conflict `id` by keeping one version (with a reason).
    Resolve { id: String, keep: Keep },
    /// Collective pickup of the group `code`'s ready passports.
    GroupPickup(String),
    /// Approving stay permit `code` with its new expiry date.
    StayApprove(String),
    /// Refusing stay permit `code` with a reason.
    StayRefuse(String),
    /// Registering a passport walk-in at the event (on its laptop).
    WalkIn,
    /// Registering a stay-permit application.
    StayWalkIn,
}

/// A change waiting for the officer's yes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutreachPending {
    /// A stay-permit step that needs no data: documents checked, biometrics, hand-over.
    StayStep(String, StayEvent),
}

/// What a key on an outreach screen asks of the desk.
#[derive(Debug)]
pub enum Effect {
    None,
    Error(String),
    Form(Form, OutreachForm),
    Confirm(String, OutreachPending),
    /// Open an applicant (booking code) on the detail screen.
    OpenApplicant(String),
}

/// What an outreach screen's effect means to the desk (see [`room::Effect`]).
pub fn room_effect(effect: Effect, cx: &Ctx) -> room::Effect {
    match effect {
        Effect::None => room::Effect::None,
        Effect::Error(msg) => room::Effect::Error(msg),
        Effect::Form(form, purpose) => room::Effect::Dialog(Dialog::Outreach(OutreachDialog { form, purpose })),
        Effect::Confirm(text, pending) => room::Effect::Confirm(text, Pending::Outreach(pending)),
        Effect::OpenApplicant(code) => {
            let today = cx.today();
            room::Effect::push(
                cx.store.application(&code).and_then(|a| DetailState::load(cx.store, a, today)).map(Screen::Detail),
            )
        }
    }
}

/// An outreach dialog: its form and what it concerns.
#[derive(Debug)]
pub struct OutreachDialog {
    pub form: Form,
    pub purpose: OutreachForm,
}

impl OutreachDialog {
    pub fn submit(&self, cx: &mut Ctx) -> Result<room::Effect, String> {
        submit(cx, &self.form, &self.purpose)
    }
}

/// The event's registration dialogs, on a laptop only.
pub fn open_walk_in(cx: &Ctx, action: Action) -> room::Effect {
    let lang = cx.lang;
    let event = cx.store.outreach_node().ok().flatten().filter(|n| n.is_laptop()).and_then(|n| n.event);
    let Some(event) = event else {
        return room::Effect::Error(tr(lang, "err.not_on_laptop").into());
    };
    let effect = if action == Action::StayWalkIn {
        Effect::Form(super::fieldwalkin::stay_form(lang), OutreachForm::StayWalkIn)
    } else if super::fieldwalkin::offered_types(&event).is_empty() {
        // An event for stay permits only: say what it offers.
        let refusal = crate::domain::outreach::OutreachRefusal::ServiceNotOffered {
            app_type: crate::domain::types::ApplicationType::New,
            offered: crate::domain::outreach::services_text(&event.services),
        };
        Effect::Error(crate::tui::errors::describe(lang, &refusal.into()))
    } else {
        Effect::Form(super::fieldwalkin::walk_in_form(&event, lang), OutreachForm::WalkIn)
    };
    room_effect(effect, cx)
}

/// The supervisor's conflict screen; an officer is told it is a supervisor's.
pub fn open_conflicts(cx: &Ctx) -> room::Effect {
    if cx.actor.role != crate::domain::types::Role::Supervisor {
        return room::Effect::Error(fill(tr(cx.lang, "err.not_supervisor"), std::slice::from_ref(&cx.actor.name)));
    }
    room::Effect::push(ConflictsState::load(cx.store).map(Screen::Conflicts))
}

/// A group's progress screen; `None` (an applicant outside any group) is said so.
pub fn open_group(cx: &Ctx, code: Option<String>) -> room::Effect {
    let lang = cx.lang;
    let Some(code) = code else {
        return room::Effect::Error(tr(lang, "err.no_group").into());
    };
    match GroupState::load(cx.store, &code) {
        Ok(Some(s)) => room::Effect::Push(Screen::Group(s)),
        Ok(None) => room::Effect::Error(fill(tr(lang, "err.unknown_group"), &[code])),
        Err(e) => room::Effect::Failed(e),
    }
}

/// A stay permit's own screen.
pub fn open_stay(cx: &Ctx, code: &str) -> room::Effect {
    room::Effect::push(StayState::load(cx.store, code).map(Screen::Stay))
}

/// A code scanned or typed in the search box that is not a booking code: a stay permit's code or a group code
/// opens its screen (none when it is neither).
pub fn open_code(cx: &Ctx, code: &str) -> Option<room::Effect> {
    let code = code.trim();
    if code.is_empty() {
        return None;
    }
    if cx.store.stay_permit(code).is_ok() {
        return Some(open_stay(cx, code));
    }
    if matches!(cx.store.group_head(code), Ok(Some(_))) {
        return Some(open_group(cx, Some(code.to_string())));
    }
    None
}

/// The ticket just handed out, shown large, after the status line and a reload.
fn ticket(msg: String, queue_no: Option<String>, name: String) -> room::Effect {
    room::Effect::Then(vec![
        room::Effect::Info(msg),
        room::Effect::Reload,
        room::Effect::Ticket { queue_no: queue_no.unwrap_or_default(), name },
    ])
}

/// Acts on a submitted outreach dialog; an error keeps the dialog open with the message.
pub fn submit(cx: &mut Ctx, form: &Form, purpose: &OutreachForm) -> Result<room::Effect, String> {
    let lang = cx.lang;
    let (actor, now) = (cx.actor, cx.now);
    let describe = |e: StoreError| crate::tui::errors::describe(lang, &e);
    let msg = match purpose {
        OutreachForm::Resolve { id, keep } => {
            let reason = form.value(0);
            if reason.is_empty() {
                return Err(tr(lang, "err.reason_needed").into());
            }
            // Another workstation may have resolved it since the dialog opened: say so in the desk's words (the
            // store refuses it anyway, inside its transaction).
            let resolved =
                cx.store.conflicts(None).map_err(describe)?.iter().any(|c| c.id == *id && c.resolution.is_some());
            if resolved {
                return Err(fill(tr(lang, "err.conflict_already_resolved"), std::slice::from_ref(id)));
            }
            let c = cx.store.resolve_conflict(actor, id, *keep, Some(reason), now).map_err(describe)?;
            fill(tr(lang, "msg.conflict_resolved"), &[c.id, keep_word(lang, *keep).to_string()])
        }
        OutreachForm::GroupPickup(code) => {
            let who = form.value(0);
            if who.is_empty() {
                return Err(tr(lang, "err.collected_by").into());
            }
            let done = cx.store.hand_over_group(actor, code, who, now).map_err(describe)?;
            fill(tr(lang, "msg.group_picked_up"), &[done.len().to_string(), code.clone(), who.to_string()])
        }
        OutreachForm::StayApprove(code) => {
            let date =
                NaiveDate::parse_from_str(form.value(0), "%Y-%m-%d").map_err(|_| tr(lang, "err.date").to_string())?;
            let p =
                cx.store.stay_permit_step(actor, code, StayEvent::Approve, Some(date), None, now).map_err(describe)?;
            fill(tr(lang, "msg.stay_approved"), &[p.full_name, date.to_string()])
        }
        OutreachForm::StayRefuse(code) => {
            let reason = form.value(0);
            if reason.is_empty() {
                return Err(tr(lang, "err.reason_needed").into());
            }
            let p =
                cx.store.stay_permit_step(actor, code, StayEvent::Refuse, None, Some(reason), now).map_err(describe)?;
            fill(tr(lang, "msg.stay_refused"), &[p.full_name])
        }
        OutreachForm::WalkIn => {
            let w = super::fieldwalkin::parse_walk_in(form, lang)?;
            let a = cx.store.outreach_walk_in(actor, &w, now).map_err(describe)?;
            let msg = format!(
                "{} — {} {}",
                fill(tr(lang, "msg.outreach_walk_in"), &[crate::tui::text::idr(a.fee_idr)]),
                a.queue_no.clone().unwrap_or_default(),
                a.full_name
            );
            return Ok(ticket(msg, a.queue_no, a.full_name));
        }
        OutreachForm::StayWalkIn => {
            let new = super::fieldwalkin::parse_stay(form, lang)?;
            let p = cx.store.register_stay_permit(actor, &new, now).map_err(describe)?;
            let msg = format!(
                "{} — {} {} {}",
                fill(tr(lang, "msg.outreach_walk_in"), &[crate::tui::text::idr(p.fee_idr)]),
                p.queue_no.clone().unwrap_or_default(),
                p.code,
                p.full_name
            );
            return Ok(ticket(msg, p.queue_no, p.full_name));
        }
    };
    Ok(room::Effect::done(msg))
}

/// The officer said yes.
pub fn confirmed(cx: &mut Ctx, pending: OutreachPending) -> room::Effect {
    let (actor, now, lang) = (cx.actor, cx.now, cx.lang);
    match pending {
        OutreachPending::StayStep(code, event) => match cx.store.stay_permit_step(actor, &code, event, None, None, now)
        {
            Ok(p) => {
                let word = super::staypermit::status_word(lang, p.status);
                room::Effect::done(format!(
                    "{}: {} {} — {word}",
                    tr(lang, "msg.stay_step"),
                    p.queue_no.unwrap_or_default(),
                    p.full_name
                ))
            }
            Err(e) => room::Effect::Failed(e),
        },
    }
}

/// "the office's" / "the laptop's" version, in words.
pub fn keep_word(lang: crate::tui::i18n::Lang, keep: Keep) -> &'static str {
    match keep {
        Keep::Office => tr(lang, "label.version_office"),
        Keep::Laptop => tr(lang, "label.version_laptop"),
    }
}

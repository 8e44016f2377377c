//! Glue shared by the desk's outreach screens (`conflicts`, `group`, `staypermit`): the dialogs they open
//! ([`OutreachForm`]), the questions they ask ([`OutreachPending`]), what a screen's key asks of the desk
//! ([`Effect`]), and the few hook functions `App` calls. Each screen owns its state, keys and drawing; every
//! write goes through the same store function as the command line (`resolve_conflict`, `hand_over_group`,
//! `stay_permit_step`), so it is audited the same way.

use super::conflicts::ConflictsState;
use super::detail::DetailState;
use super::group::GroupState;
use super::staypermit::StayState;
use crate::domain::outreach::Keep;
use crate::domain::staypermit::StayEvent;
use crate::store::StoreError;
use crate::tui::app::{App, FormPurpose, Modal, Pending, Screen};
use crate::tui::errors::fill;
use crate::tui::form::Form;
use crate::tui::i18n::tr;
use crate::tui::keymap::Action;
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

/// Carries out an effect.
pub fn apply(app: &mut App, effect: Effect) {
    match effect {
        Effect::None => {}
        Effect::Error(msg) => app.error(msg),
        Effect::Form(form, purpose) => app.modal = Some(Modal::Form(form, FormPurpose::Outreach(purpose))),
        Effect::Confirm(text, pending) => app.modal = Some(Modal::Confirm(text, Pending::Outreach(pending))),
        Effect::OpenApplicant(code) => {
            let today = app.today();
            let loaded = app.store.application(&code).and_then(|a| DetailState::load(&app.store, a, today));
            if let Some(d) = app.report(loaded) {
                app.push(Screen::Detail(d));
            }
        }
    }
}

/// A key on an outreach screen; false when the current screen is none of them.
pub fn screen_action(app: &mut App, action: Action) -> bool {
    let lang = app.lang;
    if matches!(action, Action::OutreachWalkIn | Action::StayWalkIn) {
        open_walk_in(app, action);
        return true;
    }
    let effect = match &mut app.screen {
        Screen::Conflicts(s) => s.action(action, lang),
        Screen::Group(s) => s.action(action, lang),
        Screen::Stay(s) => s.action(action, lang),
        _ => return false,
    };
    apply(app, effect);
    true
}

/// The event's registration dialogs, on a laptop only.
fn open_walk_in(app: &mut App, action: Action) {
    let lang = app.lang;
    let event = app.store.outreach_node().ok().flatten().filter(|n| n.is_laptop()).and_then(|n| n.event);
    let Some(event) = event else {
        app.error(tr(lang, "err.not_on_laptop"));
        return;
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
    apply(app, effect);
}

/// Shows the ticket just handed out, large, to read aloud.
fn ticket(app: &mut App, queue_no: Option<String>, name: String) {
    app.modal = Some(Modal::Ticket { queue_no: queue_no.unwrap_or_default(), name, members: Vec::new() });
}

/// The supervisor's conflict screen (the caller has checked the role).
pub fn open_conflicts(app: &mut App) {
    let s = ConflictsState::load(&app.store);
    if let Some(s) = app.report(s) {
        app.push(Screen::Conflicts(s));
    }
}

/// A group's progress screen; `None` (an applicant outside any group) is said so.
pub fn open_group(app: &mut App, code: Option<String>) {
    let lang = app.lang;
    let Some(code) = code else {
        app.error(tr(lang, "err.no_group"));
        return;
    };
    match GroupState::load(&app.store, &code) {
        Ok(Some(s)) => app.push(Screen::Group(s)),
        Ok(None) => app.error(fill(tr(lang, "err.unknown_group"), &[code])),
        Err(e) => app.error(crate::tui::errors::describe(lang, &e)),
    }
}

/// A stay permit's own screen.
pub fn open_stay(app: &mut App, code: &str) {
    let s = StayState::load(&app.store, code);
    if let Some(s) = app.report(s) {
        app.push(Screen::Stay(s));
    }
}

/// A code scanned or typed in the search box that is not a booking code: a stay permit's code or a group code
/// opens its screen. Returns whether it did.
pub fn open_code(app: &mut App, code: &str) -> bool {
    let code = code.trim();
    if code.is_empty() {
        return false;
    }
    if app.store.stay_permit(code).is_ok() {
        open_stay(app, code);
        return true;
    }
    if matches!(app.store.group_head(code), Ok(Some(_))) {
        open_group(app, Some(code.to_string()));
        return true;
    }
    false
}

/// Acts on a submitted outreach dialog; an error keeps the dialog open with the message.
pub fn submit(app: &mut App, form: &Form, purpose: &OutreachForm) -> Result<(), String> {
    let lang = app.lang;
    let actor = app.officer.clone().ok_or_else(|| tr(lang, "err.not_signed_in").to_string())?;
    let now = app.now();
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
                app.store.conflicts(None).map_err(describe)?.iter().any(|c| c.id == *id && c.resolution.is_some());
            if resolved {
                return Err(fill(tr(lang, "err.conflict_already_resolved"), std::slice::from_ref(id)));
            }
            let c = app.store.resolve_conflict(&actor, id, *keep, Some(reason), now).map_err(describe)?;
            fill(tr(lang, "msg.conflict_resolved"), &[c.id, keep_word(lang, *keep).to_string()])
        }
        OutreachForm::GroupPickup(code) => {
            let who = form.value(0);
            if who.is_empty() {
                return Err(tr(lang, "err.collected_by").into());
            }
            let done = app.store.hand_over_group(&actor, code, who, now).map_err(describe)?;
            fill(tr(lang, "msg.group_picked_up"), &[done.len().to_string(), code.clone(), who.to_string()])
        }
        OutreachForm::StayApprove(code) => {
            let date =
                NaiveDate::parse_from_str(form.value(0), "%Y-%m-%d").map_err(|_| tr(lang, "err.date").to_string())?;
            let p = app
                .store
                .stay_permit_step(&actor, code, StayEvent::Approve, Some(date), None, now)
                .map_err(describe)?;
            fill(tr(lang, "msg.stay_approved"), &[p.full_name, date.to_string()])
        }
        OutreachForm::StayRefuse(code) => {
            let reason = form.value(0);
            if reason.is_empty() {
                return Err(tr(lang, "err.reason_needed").into());
            }
            let p = app
                .store
                .stay_permit_step(&actor, code, StayEvent::Refuse, None, Some(reason), now)
                .map_err(describe)?;
            fill(tr(lang, "msg.stay_refused"), &[p.full_name])
        }
        OutreachForm::WalkIn => {
            let w = super::fieldwalkin::parse_walk_in(form, lang)?;
            let a = app.store.outreach_walk_in(&actor, &w, now).map_err(describe)?;
            let msg = format!(
                "{} — {} {}",
                fill(tr(lang, "msg.outreach_walk_in"), &[crate::tui::text::idr(a.fee_idr)]),
                a.queue_no.clone().unwrap_or_default(),
                a.full_name
            );
            app.info(msg);
            app.refresh();
            ticket(app, a.queue_no, a.full_name);
            return Ok(());
        }
        OutreachForm::StayWalkIn => {
            let new = super::fieldwalkin::parse_stay(form, lang)?;
            let p = app.store.register_stay_permit(&actor, &new, now).map_err(describe)?;
            let msg = format!(
                "{} — {} {} {}",
                fill(tr(lang, "msg.outreach_walk_in"), &[crate::tui::text::idr(p.fee_idr)]),
                p.queue_no.clone().unwrap_or_default(),
                p.code,
                p.full_name
            );
            app.info(msg);
            app.refresh();
            ticket(app, p.queue_no, p.full_name);
            return Ok(());
        }
    };
    app.info(msg);
    app.refresh();
    Ok(())
}

/// The officer said yes.
pub fn confirmed(app: &mut App, pending: OutreachPending) {
    let Some(actor) = app.officer.clone() else { return };
    let (now, lang) = (app.now(), app.lang);
    match pending {
        OutreachPending::StayStep(code, event) => {
            let r = app.store.stay_permit_step(&actor, &code, event, None, None, now);
            if let Some(p) = app.report(r) {
                let word = super::staypermit::status_word(lang, p.status);
                app.info(format!(
                    "{}: {} {} — {word}",
                    tr(lang, "msg.stay_step"),
                    p.queue_no.unwrap_or_default(),
                    p.full_name
                ));
                app.refresh();
            }
        }
    }
}

/// "the office's" / "the laptop's" version, in words.
pub fn keep_word(lang: crate::cli::Lang, keep: Keep) -> &'static str {
    match keep {
        Keep::Office => tr(lang, "label.version_office"),
        Keep::Laptop => tr(lang, "label.version_laptop"),
    }
}

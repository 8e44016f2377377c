//! The yes/no questions asked before a change that cannot be undone, and what a yes does.

use crate::tui::room::{Ctx, Effect};
use chrono::NaiveDate;

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
    /// An outreach screen's question (a stay-permit step).
    Outreach(crate::tui::screens::outreach::OutreachPending),
}

impl Pending {
    /// Makes the change (the desk's own questions, `TakeOverCounter` and `Quit`, are the app's).
    pub fn run(self, cx: &mut Ctx) -> Effect {
        let (actor, now) = (cx.actor, cx.now);
        // "step: A-001 Name" on the status line, then the screen reloads.
        let step = |cx: &Ctx, key, app: crate::store::Application| {
            Effect::done(format!("{}: {} {}", cx.tr(key), app.queue_no.unwrap_or_default(), app.full_name))
        };
        let r = match self {
            Pending::TakeOverCounter | Pending::Quit => return Effect::None,
            Pending::Outreach(p) => return crate::tui::screens::outreach::confirmed(cx, p),
            Pending::CheckIn(code) => cx.store.check_in(actor, &code, None, now).map(|a| Effect::CheckedIn(vec![a])),
            Pending::CheckInGroup { group, date } => {
                cx.store.check_in_group(actor, &group, date, now).map(Effect::CheckedIn)
            }
            Pending::Approve(code) => cx.store.approve(actor, &code, now).map(|app| {
                let message = format!(
                    "{} {} — {} {}",
                    cx.tr("msg.approved"),
                    app.full_name,
                    cx.tr("label.ready_date"),
                    app.ready_date.map(|d| d.to_string()).unwrap_or_default()
                );
                Effect::Approved { app, message }
            }),
            Pending::Photo(code) => cx.store.record_photo(actor, &code, now).map(|a| step(cx, "msg.photo", a)),
            Pending::Interview(code) => {
                cx.store.record_interview(actor, &code, now).map(|a| step(cx, "msg.interview", a))
            }
            Pending::Absent(code) => cx
                .store
                .mark_absent(actor, &code, now)
                .map(|a| Effect::done(format!("{}: {}", cx.tr("msg.absent"), a.full_name))),
        };
        Effect::from_result(r)
    }
}

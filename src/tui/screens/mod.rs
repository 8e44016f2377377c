//! One module per screen: its state, how it reloads from the store, its own keys, and how it draws.

pub mod audit;
pub mod board;
pub mod checkin;
pub mod close;
pub mod conflicts;
pub mod counter;
pub mod detail;
pub mod fieldwalkin;
pub mod floor;
pub mod group;
pub mod history;
pub mod outreach;
pub mod queue;
pub mod ready;
pub mod report;
pub mod staypermit;
pub mod watchlist;

use crate::domain::lifecycle::{transition, Event};
use crate::store::{Application, StoreError};
use crate::tui::dialogs::{Dialog, RescheduleDialog};
use crate::tui::room::{Ctx, Effect};

/// Refuse before asking: what the lifecycle would refuse is said at once, before a confirmation or a form
/// (the store checks again when the change is made).
pub fn refused(cx: &Ctx, app: &Application, event: Event) -> Option<Effect> {
    transition(app.status, app.progress(), event).err().map(|e| Effect::Error(cx.describe(&StoreError::Transition(e))))
}

/// The reschedule dialog. An ordinary reschedule the rules would refuse (on or after the booked day, over the
/// limit) is refused at once, with the way that is left (a special reschedule by a supervisor).
pub fn reschedule(cx: &Ctx, app: &Application, special: bool) -> Effect {
    // An applicant already checked in (or past) cannot be moved at all: say that first, not the date rule.
    let event = if special { Event::SpecialReschedule } else { Event::Reschedule };
    if let Some(refusal) = refused(cx, app, event) {
        return refusal;
    }
    if !special {
        let limit = cx.settings.reschedule_limit;
        if let Err(r) =
            crate::domain::schedule::may_reschedule(cx.today(), app.slot_date, app.reschedule_count, limit, None)
        {
            let msg = cx.describe(&StoreError::Reschedule(r));
            return Effect::Error(format!("{msg} — {}", cx.tr("hint.special_reschedule")));
        }
    }
    Effect::Dialog(Dialog::Reschedule(RescheduleDialog::new(cx.settings, &app.booking_code, app.slot_date, special)))
}

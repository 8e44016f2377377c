//! Reopening a closed day (`loket reopen-day`); `close-day` itself is in the parent module.

use super::{day_or_today, Context, Outcome};
use crate::domain::text::for_terminal;
use crate::domain::types::Role;

pub(super) fn reopen_day(ctx: &mut Context, date: Option<&str>, reason: &str) -> Outcome {
    let mut store = ctx.open()?;
    let actor = ctx.sign_in(&store)?;
    actor.require(Role::Supervisor, "reopening a day")?;
    let now = ctx.now(&store)?;
    let date = day_or_today(date, &store, now, "--date")?;
    let back = store.reopen_day(&actor, date, reason, now)?;
    println!("Day {date} reopened by {}: {}", actor.name, for_terminal(reason.trim()));
    if back.is_empty() {
        println!("No-shows back to booked: none");
    } else {
        println!("No-shows back to booked: {}: {}", back.len(), back.join(", "));
    }
    Ok(())
}

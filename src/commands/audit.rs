//! `loket audit verify`: walks the audit trail's hash chains (docs/audit.md).

use super::{Context, Failure, Outcome};
use crate::domain::types::Role;

/// Prints one line: the chains are intact (rows, office chain head), or the first broken row (exit 1).
pub(super) fn verify(ctx: &mut Context) -> Outcome {
    let store = ctx.open()?;
    let actor = ctx.sign_in(&store)?;
    actor.require(Role::Supervisor, "verifying the audit trail")?;
    let report = store.verify_audit()?;
    if report.first_break().is_some() {
        return Err(Failure::runtime(report.to_string()));
    }
    println!("{report}");
    Ok(())
}

//! `loket restore FILE`: a supervisor replaces the office database with a checked backup.

use super::{Context, Failure};
use crate::domain::types::Role;
use std::path::Path;

pub(super) fn restore(ctx: &mut Context, file: &Path, force: Option<&str>) -> Result<(), Failure> {
    let mut store = ctx.open()?;
    let actor = ctx.sign_in(&store)?;
    actor.require(Role::Supervisor, "restoring a backup")?;
    let now = ctx.now(&store)?;
    let summary = store.restore_forced(&actor, file, force, now)?;
    outln!(
        "Restored {} into {}: {} applications, {} audit rows, schema version {}",
        file.display(),
        store.path().display(),
        summary.check.applications,
        summary.check.audit_rows,
        summary.check.version
    );
    outln!("The replaced database is kept at {}", summary.replaced_kept_at.display());
    if !summary.forced_past.is_empty() {
        let who: Vec<String> = summary.forced_past.iter().map(|(c, o)| format!("counter {c} ({o})")).collect();
        outln!("Forced past the sessions left open at {}", who.join(", "));
    }
    if summary.signed_out > 0 {
        outln!("Signed out {} session(s) the backup held open", summary.signed_out);
    }
    Ok(())
}

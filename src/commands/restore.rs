//! `loket restore FILE`: a supervisor replaces the office database with a checked backup.

use super::{Context, Failure};
use crate::domain::types::Role;
use std::path::Path;

pub(super) fn restore(ctx: &mut Context, file: &Path) -> Result<(), Failure> {
    let mut store = ctx.open()?;
    let actor = ctx.sign_in(&store)?;
    actor.require(Role::Supervisor, "restoring a backup")?;
    let now = ctx.now(&store)?;
    let summary = store.restore(&actor, file, now)?;
    outln!(
        "Restored {} into {}: {} applications, {} audit rows, schema version {}",
        file.display(),
        store.path().display(),
        summary.check.applications,
        summary.check.audit_rows,
        summary.check.version
    );
    outln!("The replaced database is kept at {}", summary.replaced_kept_at.display());
    Ok(())
}

//! `loket user disable|password|role`: account changes, each audited in the chain.

use super::{Context, Failure};
use crate::cli::RoleArg;
use crate::domain::types::Role;
use crate::store::{Actor, Store};

pub(super) fn disable(ctx: &mut Context, store: &mut Store, actor: &Actor, name: &str) -> Result<(), Failure> {
    let now = ctx.now(store)?;
    store.disable_officer(actor, name, now)?;
    println!("Disabled {name}: the account can no longer sign in");
    Ok(())
}

pub(super) fn password(ctx: &mut Context, store: &mut Store, actor: &Actor, name: &str) -> Result<(), Failure> {
    if actor.name != name {
        actor.require(Role::Supervisor, "changing another officer's password")?;
    }
    let password = ctx.passwords.new_password(name)?;
    let now = ctx.now(store)?;
    store.set_password(actor, name, &password, now)?;
    println!("Password of {name} changed");
    Ok(())
}

pub(super) fn role(
    ctx: &mut Context,
    store: &mut Store,
    actor: &Actor,
    name: &str,
    role: RoleArg,
) -> Result<(), Failure> {
    let role = match role {
        RoleArg::Officer => Role::Officer,
        RoleArg::Supervisor => Role::Supervisor,
    };
    let now = ctx.now(store)?;
    store.set_role(actor, name, role, now)?;
    println!("{name} is now {role}");
    Ok(())
}

//! Officer accounts: creation, sign-in (argon2 password hashes) and role checks.

use super::audit::{Entry, RowClock};
use super::{audit, new_id, ts, Refusal, Result, Store, StoreError, MIN_PASSWORD};
use crate::domain::audit::AuditAction;
use crate::domain::audit_detail::AuditDetail;
use crate::domain::types::Role;
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{DateTime, Duration, Utc};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior};
use std::cell::Cell;
use std::sync::OnceLock;

/// The signed-in officer on whose behalf an action runs. Obtained only by signing in (or, for `init` and
/// `demo`, by creating the account), so the role it carries comes from the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub name: String,
    pub role: Role,
}

impl Actor {
    /// Refuses unless the officer has `role` (a supervisor may do everything an officer may).
    pub fn require(&self, role: Role, action: &str) -> Result<()> {
        if role == Role::Supervisor && self.role != Role::Supervisor {
            return Err(StoreError::NotSupervisor { officer: self.name.clone(), action: action.into() });
        }
        Ok(())
    }

    /// The system itself, for seeding (init/demo); never available from sign-in.
    pub fn system() -> Actor {
        Actor { name: "system".into(), role: Role::Supervisor }
    }
}

fn hash(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Hash(e.to_string()))
}

/// Verifies a password against a stored PHC hash, or against a fixed dummy hash when there is no account, so
/// both cost one Argon2 verification.
fn check_password(stored: Option<&str>, password: &str) -> bool {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash("loket-dummy-password").unwrap_or_default());
    PASSWORD_CHECKS.with(|c| c.set(c.get() + 1));
    let Ok(parsed) = PasswordHash::new(stored.unwrap_or(dummy)) else { return false };
    Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok() && stored.is_some()
}

thread_local! {
    static PASSWORD_CHECKS: Cell<u64> = const { Cell::new(0) };
}

/// How many password verifications this thread has run (for tests: an unknown name costs one, like a wrong
/// password).
#[doc(hidden)]
pub fn password_checks() -> u64 {
    PASSWORD_CHECKS.with(Cell::get)
}

/// The role of an active account, or a refusal naming it.
fn active_role(conn: &rusqlite::Connection, name: &str) -> Result<Role> {
    let role: Option<String> =
        conn.query_row("SELECT role FROM officers WHERE name = ?1 AND active = 1", [name], |r| r.get(0)).optional()?;
    let role = role.ok_or_else(|| Refusal::NoAccount(name.into()))?;
    Ok(Role::parse(&role).ok_or(Refusal::UnknownRole(role))?)
}

/// Refuses to take away the office's last active supervisor.
fn refuse_last_supervisor(conn: &rusqlite::Connection, name: &str, disable: bool) -> Result<()> {
    let others: u32 = conn.query_row(
        "SELECT COUNT(*) FROM officers WHERE role = 'supervisor' AND active = 1 AND name <> ?1",
        [name],
        |r| r.get(0),
    )?;
    if others == 0 {
        let name = name.to_string();
        return Err(
            if disable { Refusal::LastSupervisorDisabled(name) } else { Refusal::LastSupervisorDemoted(name) }.into()
        );
    }
    Ok(())
}

fn valid_name(name: &str) -> bool {
    !name.is_empty() && name.len() <= 40 && name.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
}

impl Store {
    /// Adds an account. `by` must be a supervisor (the first account is created by `Actor::system`).
    pub fn add_officer(
        &mut self,
        by: &Actor,
        name: &str,
        role: Role,
        password: &str,
        now: DateTime<Utc>,
    ) -> Result<Actor> {
        by.require(Role::Supervisor, "adding accounts")?;
        if !valid_name(name) {
            return Err(Refusal::BadOfficerName(name.into()).into());
        }
        if password.chars().count() < MIN_PASSWORD {
            return Err(Refusal::ShortPassword.into());
        }
        let hashed = hash(password)?;
        let tx = self.write()?;
        let exists: bool =
            tx.query_row("SELECT EXISTS (SELECT 1 FROM officers WHERE name = ?1)", [name], |r| r.get(0))?;
        if exists {
            return Err(Refusal::OfficerExists(name.into()).into());
        }
        tx.execute(
            "INSERT INTO officers (id, name, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            (new_id(), name, role.as_str(), hashed, ts(now)),
        )?;
        audit::record(
            &tx,
            now,
            &by.name,
            AuditAction::AddOfficer,
            None,
            None,
            None,
            &AuditDetail::Officer { name: name.into(), role }.to_string(),
        )?;
        tx.commit()?;
        Ok(Actor { name: name.into(), role })
    }

    /// Signs an officer in. The same error, after the same work, for an unknown name and a wrong password.
    /// Failures are audited; after `lockout_failures` in a row the account is locked for `lockout_minutes`
    /// (measured on the real clock: a pinned clock cannot shorten it).
    pub fn authenticate(&self, name: &str, password: &str) -> Result<Actor> {
        self.authenticate_at(name, password, Utc::now())
    }

    /// [`Store::authenticate`] at the real instant `now` (tests pass their own).
    pub fn authenticate_at(&self, name: &str, password: &str, now: DateTime<Utc>) -> Result<Actor> {
        let row: Option<(String, String, Option<String>)> = self
            .conn
            .prepare_cached("SELECT role, password_hash, locked_until FROM officers WHERE name = ?1 AND active = 1")?
            .query_row([name], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let Some((role, stored, locked_until)) = row else {
            // An unknown or disabled account costs what a wrong password costs.
            check_password(None, password);
            self.sign_in_failed(name, now, false)?;
            return Err(StoreError::BadCredentials);
        };
        if let Some(until) = locked_until.filter(|u| *u > ts(now)) {
            // No password check while locked (guessing is pointless), but the attempt is on record.
            let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
            let detail = match crate::domain::audit_detail::parse_instant(&until) {
                Some(until) => AuditDetail::LockedUntil { until }.to_string(),
                None => format!("account locked until {until}"), // not written by this store: kept as read
            };
            let entry = Entry::new(now, name, AuditAction::SignInFailed);
            audit::append(&tx, &Entry { detail: &detail, clock: RowClock::Real, ..entry })?;
            tx.commit()?;
            let settings = self.settings()?;
            let (failures, offset) = (settings.lockout_failures, settings.utc_offset);
            return Err(StoreError::Locked { name: name.into(), failures, until, offset });
        }
        if !check_password(Some(&stored), password) {
            return Err(self.sign_in_failed(name, now, true)?);
        }
        let role = Role::parse(&role).ok_or(Refusal::UnknownRole(role))?;
        // A success ends the run of failures. Only then is there something to write: a sign-in must not take
        // the write lock (a reader such as `show` or `report` would wait for every writing workstation).
        let failures: bool = self
            .conn
            .prepare_cached(
                "SELECT failed_sign_ins > 0 OR locked_until IS NOT NULL FROM officers WHERE name = ?1 AND active = 1",
            )?
            .query_row([name], |r| r.get(0))?;
        if failures {
            let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
            tx.execute(
                "UPDATE officers SET failed_sign_ins = 0, locked_until = NULL
                 WHERE name = ?1 AND (failed_sign_ins > 0 OR locked_until IS NOT NULL)",
                [name],
            )?;
            tx.commit()?;
        }
        Ok(Actor { name: name.into(), role })
    }

    /// Counts a failed sign-in (audited at the real time), locks the account when the run reaches the limit,
    /// and returns the error to show.
    fn sign_in_failed(&self, name: &str, now: DateTime<Utc>, known: bool) -> Result<StoreError> {
        let settings = self.settings()?;
        // Names are not checked yet: never write an arbitrary string into the log as an officer.
        let who = if valid_name(name) { name } else { "?" };
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let real = |action, detail: &str| {
            audit::append(&tx, &Entry { detail, clock: RowClock::Real, ..Entry::new(now, who, action) })
        };
        let mut outcome = StoreError::BadCredentials;
        if known {
            let failures: u32 = tx.query_row(
                "UPDATE officers SET failed_sign_ins = failed_sign_ins + 1 WHERE name = ?1 RETURNING failed_sign_ins",
                [name],
                |r| r.get(0),
            )?;
            real(AuditAction::SignInFailed, &AuditDetail::WrongPassword { failures }.to_string())?;
            if failures >= settings.lockout_failures {
                let until_at = now + Duration::minutes(i64::from(settings.lockout_minutes));
                let until = ts(until_at);
                tx.execute(
                    "UPDATE officers SET failed_sign_ins = 0, locked_until = ?2 WHERE name = ?1",
                    (name, &until),
                )?;
                real(
                    AuditAction::AccountLocked,
                    &AuditDetail::AccountLocked { failures, until: until_at }.to_string(),
                )?;
                outcome = StoreError::Locked { name: name.into(), failures, until, offset: settings.utc_offset };
            }
        } else {
            real(AuditAction::SignInFailed, &AuditDetail::UnknownAccount.to_string())?;
        }
        tx.commit()?;
        Ok(outcome)
    }

    /// Disables an account (a supervisor action, audited): it can no longer sign in. The last active supervisor
    /// and one's own account cannot be disabled.
    pub fn disable_officer(&mut self, by: &Actor, name: &str, now: DateTime<Utc>) -> Result<()> {
        by.require(Role::Supervisor, "disabling accounts")?;
        if by.name == name {
            return Err(Refusal::DisableOwnAccount.into());
        }
        let tx = self.write()?;
        let role = active_role(&tx, name)?;
        if role == Role::Supervisor {
            refuse_last_supervisor(&tx, name, true)?;
        }
        tx.execute("UPDATE officers SET active = 0 WHERE name = ?1", [name])?;
        audit::record(
            &tx,
            now,
            &by.name,
            AuditAction::DisableOfficer,
            None,
            None,
            None,
            &AuditDetail::Officer { name: name.into(), role }.to_string(),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Sets a password: one's own, or anyone's as a supervisor (audited; the password itself never is). Ends a
    /// lock and the run of failures.
    pub fn set_password(&mut self, by: &Actor, name: &str, password: &str, now: DateTime<Utc>) -> Result<()> {
        if by.name != name {
            by.require(Role::Supervisor, "changing another officer's password")?;
        }
        if password.chars().count() < MIN_PASSWORD {
            return Err(Refusal::ShortPassword.into());
        }
        let hashed = hash(password)?;
        let tx = self.write()?;
        active_role(&tx, name)?;
        tx.execute(
            "UPDATE officers SET password_hash = ?2, failed_sign_ins = 0, locked_until = NULL WHERE name = ?1",
            (name, hashed),
        )?;
        let detail = AuditDetail::Password { of: (by.name != name).then(|| name.to_string()) }.to_string();
        audit::record(&tx, now, &by.name, AuditAction::SetPassword, None, None, None, &detail)?;
        tx.commit()?;
        Ok(())
    }

    /// Changes an account's role (a supervisor action, audited). The last active supervisor stays one.
    pub fn set_role(&mut self, by: &Actor, name: &str, role: Role, now: DateTime<Utc>) -> Result<()> {
        by.require(Role::Supervisor, "changing roles")?;
        let tx = self.write()?;
        let before = active_role(&tx, name)?;
        if before == role {
            return Err(Refusal::AlreadyRole { name: name.into(), role }.into());
        }
        if before == Role::Supervisor {
            refuse_last_supervisor(&tx, name, false)?;
        }
        tx.execute("UPDATE officers SET role = ?2 WHERE name = ?1", (name, role.as_str()))?;
        let detail = AuditDetail::RoleChanged { name: name.into(), before, after: role }.to_string();
        audit::record(&tx, now, &by.name, AuditAction::SetRole, None, None, None, &detail)?;
        tx.commit()?;
        Ok(())
    }

    /// (name, role) of every active officer, by name.
    pub fn officers(&self) -> Result<Vec<(String, Role)>> {
        let mut stmt = self.conn.prepare("SELECT name, role FROM officers WHERE active = 1 ORDER BY name")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (name, role) = row?;
            out.push((name, Role::parse(&role).unwrap_or(Role::Officer)));
        }
        Ok(out)
    }
}

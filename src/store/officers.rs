//! Officer accounts: creation, sign-in (argon2 password hashes) and role checks.

use super::{audit, new_id, ts, Result, Store, StoreError};
use crate::domain::types::Role;
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;

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
            return Err(StoreError::Refused(format!(
                "officer name {name:?} must be 1–40 letters, digits, '.', '_' or '-'"
            )));
        }
        if password.chars().count() < 4 {
            return Err(StoreError::Refused("a password needs at least 4 characters".into()));
        }
        let hashed = hash(password)?;
        let tx = self.write()?;
        let exists: bool =
            tx.query_row("SELECT EXISTS (SELECT 1 FROM officers WHERE name = ?1)", [name], |r| r.get(0))?;
        if exists {
            return Err(StoreError::Refused(format!("an officer named {name} already exists")));
        }
        tx.execute(
            "INSERT INTO officers (id, name, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            (new_id(), name, role.as_str(), hashed, ts(now)),
        )?;
        audit::record(&tx, now, &by.name, "add_officer", None, None, None, &format!("{name} ({role})"))?;
        tx.commit()?;
        Ok(Actor { name: name.into(), role })
    }

    /// Signs an officer in. The same error for an unknown name and a wrong password.
    pub fn authenticate(&self, name: &str, password: &str) -> Result<Actor> {
        let row: Option<(String, String)> = self
            .conn
            .query_row("SELECT role, password_hash FROM officers WHERE name = ?1 AND active = 1", [name], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let (role, stored) = row.ok_or(StoreError::BadCredentials)?;
        let parsed = PasswordHash::new(&stored).map_err(|e| StoreError::Hash(e.to_string()))?;
        Argon2::default().verify_password(password.as_bytes(), &parsed).map_err(|_| StoreError::BadCredentials)?;
        let role = Role::parse(&role).ok_or_else(|| StoreError::Refused(format!("unknown role {role}")))?;
        Ok(Actor { name: name.into(), role })
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

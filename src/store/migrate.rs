//! Versioned migrations on `PRAGMA user_version`, after cargo's own SQLite tracker: an append-only list,
//! applied in one transaction; a database newer than this binary is refused.

use super::StoreError;
use rusqlite::{Connection, TransactionBehavior};

/// Append only: never edit or reorder an entry that has shipped. Entry N brings the database to version N+1.
const MIGRATIONS: &[&str] = &[include_str!("../../schema.sql")];

/// The schema version this binary writes.
pub const CURRENT_VERSION: i64 = MIGRATIONS.len() as i64;

pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > CURRENT_VERSION {
        return Err(StoreError::TooNew { found: version, supported: CURRENT_VERSION });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
    }
    tx.commit()?;
    Ok(())
}

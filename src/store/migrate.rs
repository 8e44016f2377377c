//! Versioned migrations on `PRAGMA user_version`, after cargo's own SQLite tracker: an append-only list of
//! steps in `migrations/`, applied in one transaction; a database newer than this binary is refused.
//!
//! `schema.sql` is the whole current schema for readers; a test checks that applying every step gives exactly
//! that schema, so the two cannot drift.

use super::StoreError;
use rusqlite::{Connection, TransactionBehavior};

/// Append only: never edit or reorder an entry that has shipped. Entry N brings the database to version N+1.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_initial.sql"),
    include_str!("../../migrations/0002_audit_chain.sql"),
    include_str!("../../migrations/0003_application_id.sql"),
    include_str!("../../migrations/0005_outreach.sql"),
    include_str!("../../migrations/0006_indexes.sql"),
    include_str!("../../migrations/0007_passport_unique_receipt.sql"),
    include_str!("../../migrations/0008_report_indexes.sql"),
    include_str!("../../migrations/0009_report_desk_events.sql"),
    include_str!("../../migrations/0010_stay_permit_merge.sql"),
    include_str!("../../migrations/0012_report_long_past.sql"),
    include_str!("../../migrations/0013_report_application_ids.sql"),
];

/// Work a step needs besides its SQL, run right after it in the same transaction (hashing needs Rust).
fn after_step(version: usize, tx: &Connection) -> Result<(), StoreError> {
    match version {
        2 => super::audit::chain_version1_rows(tx),
        _ => Ok(()),
    }
}

/// The schema version this binary writes.
pub const CURRENT_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the database up to [`CURRENT_VERSION`]. Reads the version first without taking the write lock, so
/// opening an up-to-date database never waits for (or blocks) a workstation that is writing.
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > CURRENT_VERSION {
        return Err(StoreError::TooNew { found: version, supported: CURRENT_VERSION });
    }
    if version == CURRENT_VERSION {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Another workstation may have migrated between the read above and the lock.
    let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version.max(0) as usize) {
        tx.execute_batch(sql)?;
        after_step(i + 1, &tx)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole current schema, as documented for readers.
    const SCHEMA: &str = include_str!("../../schema.sql");

    /// Tables, columns, indexes, triggers and foreign keys, in a form that does not depend on how the schema
    /// was reached (ALTER TABLE rewrites a table's SQL text, so tables are compared by their columns).
    fn shape(conn: &Connection) -> Vec<String> {
        let mut out = Vec::new();
        let mut stmt = conn
            .prepare("SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
            .unwrap();
        let objects: Vec<(String, String, String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        for (kind, name, table, sql) in objects {
            if kind == "table" {
                let mut cols = conn.prepare(&format!("PRAGMA table_xinfo(\"{name}\")")).unwrap();
                let cols: Vec<String> = cols
                    .query_map([], |r| {
                        Ok(format!(
                            "{}:{}:{}:{:?}:{}",
                            r.get::<_, String>(1)?,
                            r.get::<_, String>(2)?,
                            r.get::<_, i64>(3)?,
                            r.get::<_, Option<String>>(4)?,
                            r.get::<_, i64>(5)?
                        ))
                    })
                    .unwrap()
                    .map(|r| r.unwrap())
                    .collect();
                let mut fks = conn.prepare(&format!("PRAGMA foreign_key_list(\"{name}\")")).unwrap();
                let fks: Vec<String> = fks
                    .query_map([], |r| {
                        Ok(format!(
                            "{}->{}.{:?}",
                            r.get::<_, String>(3)?,
                            r.get::<_, String>(2)?,
                            r.get::<_, Option<String>>(4)?
                        ))
                    })
                    .unwrap()
                    .map(|r| r.unwrap())
                    .collect();
                out.push(format!("table {name} [{}] fk [{}]", cols.join(", "), fks.join(", ")));
            } else {
                let sql = sql.split_whitespace().collect::<Vec<_>>().join(" ");
                out.push(format!("{kind} {name} on {table}: {sql}"));
            }
        }
        out
    }

    #[test]
    fn migrations_give_exactly_schema_sql() {
        let mut migrated = Connection::open_in_memory().unwrap();
        migrate(&mut migrated).unwrap();
        let documented = Connection::open_in_memory().unwrap();
        documented.execute_batch(SCHEMA).unwrap();
        assert_eq!(shape(&migrated), shape(&documented), "schema.sql and migrations/ disagree");
    }

    /// Migration 0010 rebuilds `outreach_conflicts` (a new conflict kind): the conflicts and the events they
    /// hold survive it, foreign keys intact, and the new kind is accepted.
    #[test]
    fn conflicts_and_held_events_survive_the_stay_permit_migration() {
        let step = MIGRATIONS.iter().position(|m| m.contains("'passport_active'")).unwrap();
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", "ON").unwrap();
        {
            let tx = conn.transaction().unwrap();
            for (i, sql) in MIGRATIONS.iter().enumerate().take(step) {
                tx.execute_batch(sql).unwrap();
                after_step(i + 1, &tx).unwrap();
            }
            tx.pragma_update(None, "user_version", step as i64).unwrap();
            tx.commit().unwrap();
        }
        conn.execute_batch(
            "INSERT INTO outreach_events VALUES (1, 'Si Semar Paten', 'Grobogan', '2026-12-01', '2026-12-01',
                 '09:00', '15:00', 'baru', 80, '2026-11-30T03:00:00Z', 'kepala');
             INSERT INTO outreach_conflicts (id, event_id, kind, office_version, laptop_version, detected_at)
                 VALUES ('EV00100001/L1', 1, 'office_changed', '{}', '{}', '2026-12-02T01:00:00Z');
             INSERT INTO outreach_held_events VALUES ('01a22b95-0000-7000-8000-000000000001', 'EV00100001/L1');",
        )
        .unwrap();
        let refused = conn.execute(
            "INSERT INTO outreach_conflicts (id, event_id, kind, office_version, laptop_version, detected_at)
             VALUES ('X/L1', 1, 'passport_active', '{}', '{}', '2026-12-02T01:00:00Z')",
            [],
        );
        assert!(refused.is_err(), "the kind is new in 0010");
        migrate(&mut conn).unwrap();
        let held: String = conn.query_row("SELECT conflict_id FROM outreach_held_events", [], |r| r.get(0)).unwrap();
        assert_eq!(held, "EV00100001/L1");
        let kind: String = conn.query_row("SELECT kind FROM outreach_conflicts", [], |r| r.get(0)).unwrap();
        assert_eq!(kind, "office_changed");
        conn.execute(
            "INSERT INTO outreach_conflicts (id, event_id, kind, office_version, laptop_version, detected_at)
             VALUES ('X/L1', 1, 'passport_active', '{}', '{}', '2026-12-02T01:00:00Z')",
            [],
        )
        .unwrap();
        let broken: i64 = conn.query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
        assert_eq!(broken, 0);
        let temp: i64 =
            conn.query_row("SELECT COUNT(*) FROM temp.sqlite_master WHERE type = 'table'", [], |r| r.get(0)).unwrap();
        assert_eq!(temp, 0, "the migration's scratch tables are gone");
    }

    #[test]
    fn an_up_to_date_database_is_not_migrated_again() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(v, CURRENT_VERSION);
        migrate(&mut conn).unwrap();
    }
}

//! Reference tables: holidays (the working-day calendar), counters and the watchlist.

use super::{audit, ts, Actor, Result, Store};
use crate::domain::audit::AuditAction;
use crate::domain::audit_detail::AuditDetail;
use crate::domain::calendar::{builtin_holidays, Calendar, Holiday};
use crate::domain::types::Role;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension};

/// Seeds a new database: the built-in holiday table and six counters.
pub(crate) fn seed(conn: &Connection) -> Result<()> {
    for h in builtin_holidays() {
        upsert_holiday(conn, &h)?;
    }
    for n in 1..=6 {
        conn.execute("INSERT OR IGNORE INTO counters (number, name) VALUES (?1, ?2)", (n, format!("Loket {n}")))?;
    }
    Ok(())
}

fn upsert_holiday(conn: &Connection, h: &Holiday) -> Result<()> {
    conn.execute(
        "INSERT INTO holidays (date, name, kind) VALUES (?1, ?2, ?3)
         ON CONFLICT (date) DO UPDATE SET name = excluded.name, kind = excluded.kind",
        (h.date.to_string(), &h.name, h.kind.as_str()),
    )?;
    Ok(())
}

/// One entry of the prevention/deterrence list, validated by the importer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchlistEntry {
    pub line: u64,
    pub nik: Option<String>,
    pub full_name: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub kind: String,
    pub reference: String,
    pub valid_until: Option<NaiveDate>,
}

/// What a holiday import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HolidayImport {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub removed: usize,
}

impl Store {
    /// The working-day calendar from the holiday table.
    pub fn calendar(&self) -> Result<Calendar> {
        super::applications::calendar(&self.conn)
    }

    /// The holiday on `date`, if any: (name, kind).
    pub fn holiday(&self, date: NaiveDate) -> Result<Option<(String, String)>> {
        Ok(self
            .conn
            .query_row("SELECT name, kind FROM holidays WHERE date = ?1", [date.to_string()], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?)
    }

    /// Adds or updates holidays by date; with `replace_year`, first removes that year's dates not in the file.
    pub fn import_holidays(
        &mut self,
        actor: &Actor,
        rows: &[Holiday],
        replace_year: Option<i32>,
        source: &str,
        now: DateTime<Utc>,
    ) -> Result<HolidayImport> {
        actor.require(Role::Supervisor, "importing holidays")?;
        let tx = self.write()?;
        let mut out = HolidayImport::default();
        if let Some(year) = replace_year {
            let keep: Vec<String> = rows.iter().map(|h| h.date.to_string()).collect();
            let mut stmt = tx.prepare("SELECT date FROM holidays WHERE substr(date, 1, 4) = ?1")?;
            let existing =
                stmt.query_map([format!("{year:04}")], |r| r.get::<_, String>(0))?.collect::<Result<Vec<_>, _>>()?;
            for d in existing.iter().filter(|d| !keep.contains(d)) {
                tx.execute("DELETE FROM holidays WHERE date = ?1", [d])?;
                out.removed += 1;
            }
        }
        for h in rows {
            let old: Option<(String, String)> = tx
                .query_row("SELECT name, kind FROM holidays WHERE date = ?1", [h.date.to_string()], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()?;
            match old {
                Some((n, k)) if n == h.name && k == h.kind.as_str() => out.unchanged += 1,
                Some(_) => out.updated += 1,
                None => out.added += 1,
            }
            upsert_holiday(&tx, h)?;
        }
        let detail = AuditDetail::ImportHolidays {
            source: source.to_string(),
            added: out.added as u64,
            updated: out.updated as u64,
            unchanged: out.unchanged as u64,
            removed: out.removed as u64,
        }
        .to_string();
        audit::record(&tx, now, &actor.name, AuditAction::ImportHolidays, None, None, None, &detail)?;
        tx.commit()?;
        Ok(out)
    }

    /// Replaces the watchlist with a new version (older versions stay as history). Returns the version.
    pub fn replace_watchlist(
        &mut self,
        actor: &Actor,
        rows: &[WatchlistEntry],
        source: &str,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        actor.require(Role::Supervisor, "importing the watchlist")?;
        let tx = self.write()?;
        let version: i64 =
            tx.query_row("SELECT COALESCE(MAX(version), 0) + 1 FROM watchlist_imports", [], |r| r.get(0))?;
        tx.execute(
            "INSERT INTO watchlist_imports (version, imported_at, officer, source_file, row_count) VALUES (?1, ?2, ?3, ?4, ?5)",
            (version, ts(now), &actor.name, source, rows.len() as i64),
        )?;
        {
            let mut stmt = tx.prepare(
                "INSERT INTO watchlist (version, line, nik, full_name, name_key, birth_date, kind, reference, valid_until)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            for e in rows {
                stmt.execute((
                    version,
                    e.line as i64,
                    &e.nik,
                    &e.full_name,
                    e.full_name.as_deref().map(crate::domain::name_key),
                    e.birth_date.map(|d| d.to_string()),
                    &e.kind,
                    &e.reference,
                    e.valid_until.map(|d| d.to_string()),
                ))?;
            }
        }
        audit::record(
            &tx,
            now,
            &actor.name,
            AuditAction::ImportWatchlist,
            None,
            None,
            None,
            &AuditDetail::ImportWatchlist { source: source.to_string(), version, entries: rows.len() as u64 }
                .to_string(),
        )?;
        tx.commit()?;
        Ok(version)
    }

    /// Watchlist entries in force on `on` that match this NIK, or this name and birth date.
    pub fn watchlist_matches(
        &self,
        nik: Option<&str>,
        full_name: &str,
        birth_date: NaiveDate,
        on: NaiveDate,
    ) -> Result<Vec<WatchlistEntry>> {
        watchlist_matches_in(&self.conn, nik, full_name, birth_date, on)
    }
}

/// The watchlist entries in force on `on` that match by NIK, or by name and birth date.
pub(crate) fn watchlist_matches_in(
    conn: &Connection,
    nik: Option<&str>,
    full_name: &str,
    birth_date: NaiveDate,
    on: NaiveDate,
) -> Result<Vec<WatchlistEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT line, nik, full_name, birth_date, kind, reference, valid_until FROM watchlist
         WHERE version = (SELECT MAX(version) FROM watchlist_imports)
           AND ((?1 IS NOT NULL AND nik = ?1) OR (name_key = ?2 AND birth_date = ?3))
           AND (valid_until IS NULL OR valid_until >= ?4)
         ORDER BY line",
    )?;
    let rows =
        stmt.query_map((nik, crate::domain::name_key(full_name), birth_date.to_string(), on.to_string()), |r| {
            Ok(WatchlistEntry {
                line: r.get::<_, i64>(0)? as u64,
                nik: r.get(1)?,
                full_name: r.get(2)?,
                birth_date: r.get(3)?,
                kind: r.get(4)?,
                reference: r.get(5)?,
                valid_until: r.get(6)?,
            })
        })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

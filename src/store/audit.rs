//! The audit log: one row per change, written inside the change's own transaction.

use super::{new_id, ts, Result};
use chrono::{DateTime, Utc};
use rusqlite::Connection;

#[allow(clippy::too_many_arguments)]
pub(crate) fn record(
    conn: &Connection,
    at: DateTime<Utc>,
    officer: &str,
    action: &str,
    application_id: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
    detail: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO audit_log (id, at, officer, action, application_id, from_status, to_status, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        (new_id(), ts(at), officer, action, application_id, from, to, (!detail.is_empty()).then_some(detail)),
    )?;
    Ok(())
}

/// One audit row as read back.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditEntry {
    pub at: String,
    pub officer: String,
    pub action: String,
    pub booking_code: Option<String>,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub detail: Option<String>,
}

/// Which audit rows to read.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub booking_code: Option<String>,
    pub officer: Option<String>,
    /// UTC instants [from, to)
    pub between: Option<(String, String)>,
}

impl super::Store {
    pub fn audit(&self, f: &AuditFilter) -> Result<Vec<AuditEntry>> {
        let (from, to) = f.between.clone().unwrap_or_default();
        let mut stmt = self.conn.prepare(
            "SELECT l.at, l.officer, l.action, a.booking_code, l.from_status, l.to_status, l.detail
             FROM audit_log l LEFT JOIN applications a ON a.id = l.application_id
             WHERE (?1 IS NULL OR a.booking_code = ?1)
               AND (?2 IS NULL OR l.officer = ?2)
               AND (?3 = '' OR (l.at >= ?3 AND l.at < ?4))
             ORDER BY l.at, l.id",
        )?;
        let rows = stmt.query_map((&f.booking_code, &f.officer, from, to), |r| {
            Ok(AuditEntry {
                at: r.get(0)?,
                officer: r.get(1)?,
                action: r.get(2)?,
                booking_code: r.get(3)?,
                from_status: r.get(4)?,
                to_status: r.get(5)?,
                detail: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }
}

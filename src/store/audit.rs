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

/// The UTC instants [start, end) of an office-local day, as stored text.
pub fn day_bounds_utc(settings: &crate::domain::settings::OfficeSettings, day: chrono::NaiveDate) -> (String, String) {
    use chrono::TimeZone;
    let at = |d: chrono::NaiveDate| {
        let midnight = d.and_hms_opt(0, 0, 0).unwrap_or_default();
        settings
            .utc_offset
            .from_local_datetime(&midnight)
            .single()
            .map(|t| ts(t.with_timezone(&Utc)))
            .unwrap_or_default()
    };
    (at(day), at(day.succ_opt().unwrap_or(day)))
}

/// Audit rows as text (office-local times) or CSV (UTC instants, one fact per column).
pub fn format_audit(rows: &[AuditEntry], csv: bool, offset: chrono::FixedOffset) -> String {
    if csv {
        let mut w = ::csv::Writer::from_writer(Vec::new());
        let _ = w.write_record(["at_utc", "officer", "action", "booking_code", "from_status", "to_status", "detail"]);
        for r in rows {
            let _ = w.write_record([
                r.at.as_str(),
                &r.officer,
                &r.action,
                r.booking_code.as_deref().unwrap_or(""),
                r.from_status.as_deref().unwrap_or(""),
                r.to_status.as_deref().unwrap_or(""),
                r.detail.as_deref().unwrap_or(""),
            ]);
        }
        return w.into_inner().map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
    }
    let mut out = String::new();
    for r in rows {
        let local = chrono::DateTime::parse_from_rfc3339(&r.at)
            .map(|t| t.with_timezone(&offset).format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_else(|_| r.at.clone());
        let change = match (&r.from_status, &r.to_status) {
            (Some(f), Some(t)) => format!(" {f} -> {t}"),
            (None, Some(t)) => format!(" -> {t}"),
            _ => String::new(),
        };
        out.push_str(&format!(
            "{local}  {:<12} {:<16} {}{change}{}\n",
            r.officer,
            r.action,
            r.booking_code.as_deref().unwrap_or("-"),
            r.detail.as_deref().map(|d| format!("  ({d})")).unwrap_or_default()
        ));
    }
    out
}

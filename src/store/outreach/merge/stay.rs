//! Stay permits in the merge: the same conflict check as passports.
//!
//! A stay permit is only ever created on the laptop that registered it (its code carries the laptop's number),
//! and its audit rows carry no application id: they name it in their detail ("stay permit IT…"). A merge groups
//! the laptop's new events by stay permit, replays the permit's whole history through its lifecycle, and then
//!
//! * applies it (the row as the laptop has it, its audit rows, and the version the office now holds from this
//!   laptop, kept in `outreach_baselines` under the permit's id), or
//! * records a conflict `CODE/L<n>` with both versions when applying would overwrite something: the office
//!   changed the permit after the laptop's last merge (`office_changed`), or the foreigner's passport number
//!   already has an active stay permit registered at the office (`passport_active`). The laptop's events go
//!   into the audit log (the chain stays whole) and are listed as held; nothing of the laptop's row is applied
//!   until a supervisor keeps the laptop's version with `loket outreach resolve`.
//!
//! A laptop that goes on after a merge: its new events join the permit's conflict and open it again (with both
//! versions as they are now), except after the laptop's version was kept and the office has not touched the
//! permit since, when they simply apply.
//!
//! Only permits registered at the office (not another laptop's, `event_id IS NULL`) count as "active at the
//! office", so laptops merge in any order with the same result.

use super::{get, insert_row, read_rows, row_from_json, row_to_json, Row, UnitError, UnitOutcome};
use crate::domain::outreach::{ConflictKind, Keep};
use crate::domain::staypermit;
use crate::store::{ts, Result};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};

/// The stay permit (its id) a laptop audit row is about, if it is one of the laptop's stay permits.
pub(super) fn permit_of(event: &Row, permits: &[Row]) -> Option<String> {
    let code = staypermit::code_in_detail(&get(event, "action")?, get(event, "detail").as_deref())?;
    permits.iter().find(|p| get(p, "code").as_deref() == Some(code.as_str())).and_then(|p| get(p, "id"))
}

/// Whether a laptop audit row is a stay permit's (names one in its detail).
pub(super) fn names_a_permit(event: &Row) -> bool {
    !named_code(event).is_empty()
}

/// The stay-permit code a laptop audit row names ("" for none).
pub(super) fn named_code(event: &Row) -> String {
    get(event, "action")
        .and_then(|a| staypermit::code_in_detail(&a, get(event, "detail").as_deref()))
        .unwrap_or_default()
}

/// The conflict id of a laptop's stay permit.
fn conflict_id(permit: &Row, laptop_no: u32) -> String {
    format!("{}/L{laptop_no}", get(permit, "code").unwrap_or_default())
}

/// What a conflict keeps of the laptop: the permit's row and the held events.
fn laptop_version(node_id: &str, permit: &Row, events: &[Row]) -> serde_json::Value {
    serde_json::json!({
        "node_id": node_id,
        "stay_permit": row_to_json(permit),
        "events": events.iter().map(row_to_json).collect::<Vec<_>>(),
    })
}

/// Whether a conflict is about a stay permit (its laptop version holds one).
pub(super) fn is_stay(laptop_version: &serde_json::Value) -> bool {
    laptop_version.get("stay_permit").is_some()
}

/// The laptop's whole history of one permit, checked against its lifecycle and its row.
fn check_history(permit: &Row, all_events: &[Row]) -> std::result::Result<(), String> {
    let id = get(permit, "id").unwrap_or_default();
    let mine: Vec<&Row> = all_events
        .iter()
        .filter(|e| permit_of(e, std::slice::from_ref(permit)).as_deref() == Some(id.as_str()))
        .collect();
    let steps: Vec<(String, Option<String>, Option<String>)> = mine
        .iter()
        .map(|e| (get(e, "action").unwrap_or_default(), get(e, "from_status"), get(e, "to_status")))
        .collect();
    let steps: Vec<(&str, Option<&str>, Option<&str>)> =
        steps.iter().map(|(a, f, t)| (a.as_str(), f.as_deref(), t.as_deref())).collect();
    let end = staypermit::replay(&steps)?;
    let row_status = get(permit, "status").unwrap_or_default();
    if end.as_str() != row_status {
        return Err(format!("its events end in {end} but the row says {row_status}"));
    }
    Ok(())
}

/// Merges one stay permit's new events (`events`, not empty): applied, or held in a conflict.
#[allow(clippy::too_many_arguments)]
pub(super) fn merge_permit(
    tx: &Connection,
    node_id: &str,
    laptop_no: u32,
    event_id: i64,
    permit: &Row,
    events: &[Row],
    all_events: &[Row],
    now: DateTime<Utc>,
) -> std::result::Result<UnitOutcome, UnitError> {
    check_history(permit, all_events).map_err(UnitError::Broken)?;
    let id = get(permit, "id").unwrap_or_default();
    let cid = conflict_id(permit, laptop_no);
    let office = read_rows(tx, "stay_permits", "id = ?1", &id)?.into_iter().next();
    let baseline: Option<String> = tx
        .query_row(
            "SELECT updated_at FROM outreach_baselines WHERE application_id = ?1 AND node_id = ?2",
            (&id, node_id),
            |r| r.get(0),
        )
        .optional()?;
    // Already in a conflict from an earlier merge: the new events join it (and open it again), unless it was
    // resolved by keeping the laptop's version and the office has not changed the permit since.
    let existing: Option<Option<String>> =
        tx.query_row("SELECT resolution FROM outreach_conflicts WHERE id = ?1", [&cid], |r| r.get(0)).optional()?;
    if let Some(resolution) = existing {
        let settled = resolution.as_deref() == Some(Keep::Laptop.as_str())
            && office.as_ref().is_some_and(|o| get(o, "updated_at") == baseline);
        if settled {
            apply(tx, node_id, permit, events)?;
            return Ok(UnitOutcome::Applied);
        }
        hold(tx, &cid, None, event_id, node_id, permit, events, now)?;
        if let Some(o) = &office {
            // Both versions as they are now.
            let office_version = serde_json::json!({ "stay_permit": row_to_json(o) }).to_string();
            tx.execute("UPDATE outreach_conflicts SET office_version = ?2 WHERE id = ?1", (&cid, office_version))?;
        }
        return Ok(UnitOutcome::Held(cid));
    }
    let clash = match office {
        // Changed at the office since the version it took from this laptop (e.g. handed over at the office).
        Some(office) => (get(&office, "updated_at") != baseline).then_some((ConflictKind::OfficeChanged, office)),
        // A foreigner whose passport number has an active stay permit registered at the office.
        None => read_rows(
            tx,
            "stay_permits",
            "passport_no = ?1 AND event_id IS NULL AND status NOT IN ('refused', 'handed_over')",
            &get(permit, "passport_no").unwrap_or_default(),
        )?
        .into_iter()
        .next()
        .map(|active| (ConflictKind::PassportActive, active)),
    };
    match clash {
        Some((kind, office)) => {
            let office_version = serde_json::json!({ "stay_permit": row_to_json(&office) });
            hold(tx, &cid, Some((kind, office_version)), event_id, node_id, permit, events, now)?;
            Ok(UnitOutcome::Held(cid))
        }
        None => {
            apply(tx, node_id, permit, events)?;
            Ok(UnitOutcome::Applied)
        }
    }
}

/// Writes the laptop's version of a stay permit and its events into the office.
fn apply(tx: &Connection, node_id: &str, permit: &Row, events: &[Row]) -> Result<()> {
    super::write_version(tx, "stay_permits", node_id, permit, events)
}

/// Records (or extends) a stay permit's conflict holding `events` back.
#[allow(clippy::too_many_arguments)]
fn hold(
    tx: &Connection,
    id: &str,
    new: Option<(ConflictKind, serde_json::Value)>,
    event_id: i64,
    node_id: &str,
    permit: &Row,
    events: &[Row],
    now: DateTime<Utc>,
) -> Result<()> {
    match new {
        Some((kind, office_version)) => {
            tx.execute(
                "INSERT INTO outreach_conflicts (id, event_id, node_id, kind, booking_code, slot_date, office_version,
                    laptop_version, detected_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                rusqlite::params![
                    id,
                    event_id,
                    node_id,
                    kind.as_str(),
                    get(permit, "code"),
                    get(permit, "service_date"),
                    office_version.to_string(),
                    laptop_version(node_id, permit, events).to_string(),
                    ts(now)
                ],
            )?;
        }
        None => {
            // The laptop went on after an earlier merge: keep every held event and the newest row.
            super::reopen_with_events(tx, id, events, |all| laptop_version(node_id, permit, all))?;
        }
    }
    for e in events {
        insert_row(tx, "audit_log", e, true)?;
        tx.execute(
            "INSERT INTO outreach_held_events (event_id, conflict_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            (get(e, "id"), id),
        )?;
    }
    Ok(())
}

/// Resolving a stay permit's conflict: keeping the laptop's version applies its row and events now; keeping
/// the office's leaves the office's rows as they are (the laptop's events stay in the conflict record).
pub(super) fn resolve(tx: &Connection, laptop_version: &serde_json::Value, keep: Keep) -> Result<()> {
    if keep == Keep::Office {
        return Ok(());
    }
    let permit = laptop_version.get("stay_permit").map(row_from_json).unwrap_or_default();
    let events: Vec<Row> = laptop_version
        .get("events")
        .and_then(|e| e.as_array())
        .map(|a| a.iter().map(row_from_json).collect())
        .unwrap_or_default();
    let node = laptop_version.get("node_id").and_then(|v| v.as_str()).unwrap_or_default();
    apply(tx, node, &permit, &events)
}

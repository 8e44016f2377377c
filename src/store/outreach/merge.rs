//! Merging a laptop back: exactly once, in one transaction, conflicts recorded with both versions.
//!
//! The merge treats the laptop's audit log as its change log. Every change made on a laptop wrote one audit row
//! with a UUIDv7 id, in its own hash chain, in the same transaction, so the audit rows are the events to ship.
//! A merge verifies the laptop's chain, skips the events the office already has, groups the rest by
//! application, replays each application's history through the lifecycle (a history that does not follow it is
//! refused), and then applies them (the application row as the laptop has it, its applicant, and the audit rows,
//! inserted `ON CONFLICT DO NOTHING`) or, where that would overwrite something, records a conflict with both
//! versions. Merging the same file again finds every event already there and changes nothing.

use super::{count, load_event, node_in, office_node, OutreachEvent};
use crate::domain::audit::AuditAction;
use crate::domain::audit_detail::AuditDetail;
use crate::domain::lifecycle::{Progress, Status};
use crate::domain::outreach::{replay, ConflictKind, Keep, MergeCounts, Step};
use crate::domain::types::Role;
use crate::store::{audit, new_id, ts, Actor, Refusal, Result, Store, StoreError, CURRENT_VERSION};
use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

mod stay;

/// One conflict a merge recorded.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Conflict {
    pub id: String,
    pub event_id: i64,
    #[serde(serialize_with = "kind_code")]
    pub kind: ConflictKind,
    pub booking_code: Option<String>,
    pub slot_date: Option<String>,
    pub office_version: serde_json::Value,
    pub laptop_version: serde_json::Value,
    pub detected_at: String,
    #[serde(serialize_with = "keep_code")]
    pub resolution: Option<Keep>,
    pub resolved_by: Option<String>,
    pub note: Option<String>,
}

/// JSON speaks the stored codes (`office_changed`, `laptop`), as the text output and the database do.
fn kind_code<S: serde::Serializer>(k: &ConflictKind, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(k.as_str())
}

fn keep_code<S: serde::Serializer>(k: &Option<Keep>, s: S) -> std::result::Result<S::Ok, S::Error> {
    match k {
        Some(k) => s.serialize_str(k.as_str()),
        None => s.serialize_none(),
    }
}

/// What one merge did (or, with `--dry-run`, would do).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MergeReport {
    pub file: String,
    pub event_id: i64,
    pub laptop_no: u32,
    pub dry_run: bool,
    pub counts: MergeCounts,
    pub applications_applied: u32,
    /// Conflicts this merge recorded or added events to.
    pub conflicts: Vec<Conflict>,
}

/// Why a file cannot be merged: one clear line each.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeRefusal {
    #[error("{file} is not an outreach database ({why})")]
    NotOutreach { file: String, why: String },
    #[error("{file} has schema version {found}; this loket merges version {supported} (use the loket that packed it)")]
    SchemaVersion { file: String, found: i64, supported: i64 },
    #[error("{file} was packed by another office ({theirs}), not this one ({ours})")]
    OtherOffice { file: String, theirs: String, ours: String },
    #[error("{file} (laptop {laptop_no}) was not packed from this database")]
    UnknownLaptop { file: String, laptop_no: u32 },
    #[error("{file}: the laptop's audit chain was edited: {why}")]
    EditedChain { file: String, why: String },
    #[error("{file}: the laptop's history of {booking} was edited or is broken: {why}")]
    BrokenHistory { file: String, booking: String, why: String },
}

/// A row as column → value, the unit a merge copies and a conflict keeps.
type Row = Vec<(String, Value)>;

fn row_to_json(row: &Row) -> serde_json::Value {
    let map = row
        .iter()
        .map(|(k, v)| {
            let j = match v {
                Value::Null => serde_json::Value::Null,
                Value::Integer(i) => serde_json::Value::from(*i),
                Value::Real(f) => serde_json::Value::from(*f),
                Value::Text(s) => serde_json::Value::from(s.clone()),
                Value::Blob(b) => serde_json::Value::from(b.iter().map(|x| format!("{x:02x}")).collect::<String>()),
            };
            (k.clone(), j)
        })
        .collect::<serde_json::Map<_, _>>();
    serde_json::Value::Object(map)
}

fn row_from_json(v: &serde_json::Value) -> Row {
    v.as_object()
        .map(|m| {
            m.iter()
                .map(|(k, j)| {
                    let v = match j {
                        serde_json::Value::Null => Value::Null,
                        serde_json::Value::Number(n) => {
                            n.as_i64().map(Value::Integer).unwrap_or_else(|| Value::Real(n.as_f64().unwrap_or(0.0)))
                        }
                        serde_json::Value::String(s) => Value::Text(s.clone()),
                        other => Value::Text(other.to_string()),
                    };
                    (k.clone(), v)
                })
                .collect()
        })
        .unwrap_or_default()
}

fn get(row: &Row, col: &str) -> Option<String> {
    row.iter().find(|(k, _)| k == col).and_then(|(_, v)| match v {
        Value::Text(s) => Some(s.clone()),
        Value::Integer(i) => Some(i.to_string()),
        _ => None,
    })
}

fn set(row: &mut Row, col: &str, value: Value) {
    if let Some(slot) = row.iter_mut().find(|(k, _)| k == col) {
        slot.1 = value;
    }
}

/// Reads rows of `table` matching `filter` (an SQL condition on `?1`). Column names end up in the office's SQL,
/// so a file whose columns are not plain names (a crafted database) is refused here.
fn read_rows(conn: &Connection, table: &str, filter: &str, arg: &dyn rusqlite::ToSql) -> Result<Vec<Row>> {
    let mut stmt = conn.prepare(&format!("SELECT * FROM {table} WHERE {filter} ORDER BY rowid"))?;
    let names: Vec<String> = stmt.column_names().map(|s| s.to_string()).collect();
    if let Some(bad) = names
        .iter()
        .find(|n| n.is_empty() || !n.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'))
    {
        return Err(Refusal::ForeignColumn { table: table.to_string(), column: bad.clone() }.into());
    }
    let rows = stmt.query_map([arg], |r| {
        (0..names.len()).map(|i| Ok((names[i].clone(), r.get::<_, Value>(i)?))).collect::<rusqlite::Result<Row>>()
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Inserts a row; with `ignore`, an existing primary key leaves the row as it is.
fn insert_row(conn: &Connection, table: &str, row: &Row, ignore: bool) -> Result<usize> {
    let cols: Vec<&str> = row.iter().map(|(k, _)| k.as_str()).collect();
    let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
    let sql = format!(
        "INSERT INTO {table} ({}) VALUES ({}){}",
        cols.join(", "),
        marks.join(", "),
        if ignore { " ON CONFLICT DO NOTHING" } else { "" }
    );
    Ok(conn.execute(&sql, rusqlite::params_from_iter(row.iter().map(|(_, v)| v)))?)
}

/// Overwrites the row with the same `id` column by `row`'s values.
fn update_row(conn: &Connection, table: &str, row: &Row) -> Result<usize> {
    let id = row.iter().find(|(k, _)| k == "id").map(|(_, v)| v.clone()).unwrap_or(Value::Null);
    let sets: Vec<String> =
        row.iter().enumerate().filter(|(_, (k, _))| k != "id").map(|(i, (k, _))| format!("{k} = ?{}", i + 2)).collect();
    let sql = format!("UPDATE {table} SET {} WHERE id = ?1", sets.join(", "));
    let mut params = vec![id];
    params.extend(row.iter().map(|(_, v)| v.clone()));
    Ok(conn.execute(&sql, rusqlite::params_from_iter(params))?)
}

impl Store {
    /// Merges a laptop database back (a supervisor action): every event the office has not seen, exactly once,
    /// in one transaction. With `dry_run` the transaction is rolled back and the report says what would happen.
    pub fn merge_laptop(
        &mut self,
        actor: &Actor,
        file: &Path,
        dry_run: bool,
        now: DateTime<Utc>,
    ) -> Result<MergeReport> {
        actor.require(Role::Supervisor, "merging an outreach laptop")?;
        let name = file.display().to_string();
        let laptop = open_laptop(file)?;
        let lnode = node_in(&laptop)?.ok_or_else(|| MergeRefusal::NotOutreach {
            file: name.clone(),
            why: "it has no outreach identity".into(),
        })?;
        if !lnode.is_laptop() {
            return Err(MergeRefusal::NotOutreach { file: name, why: "it is an office database".into() }.into());
        }
        let (Some(laptop_no), Some(event)) = (lnode.laptop_no, lnode.event.clone()) else {
            return Err(MergeRefusal::NotOutreach { file: name, why: "it names no event".into() }.into());
        };
        let data = read_laptop(&laptop, &lnode.node_id)?;
        drop(laptop);
        verify_chain(&data.events, &lnode.node_id)
            .map_err(|why| MergeRefusal::EditedChain { file: name.clone(), why })?;

        let tx = self.write()?;
        let office = office_node(&tx)?;
        if lnode.office_id != office.office_id {
            return Err(
                MergeRefusal::OtherOffice { file: name, theirs: lnode.office_id, ours: office.office_id }.into()
            );
        }
        let known: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM outreach_laptops WHERE node_id = ?1 AND event_id = ?2)",
            (&lnode.node_id, event.id),
            |r| r.get(0),
        )?;
        if !known {
            return Err(MergeRefusal::UnknownLaptop { file: name, laptop_no }.into());
        }
        // The office's own record of the event is the one in force (its quota may have changed since packing).
        let event = load_event(&tx, event.id)?;
        // What the office already holds of this laptop's chain must be exactly the file's beginning.
        for ev in &data.events {
            let merged: Option<String> = tx
                .prepare_cached("SELECT hash FROM audit_log WHERE node_id = ?1 AND seq = ?2")?
                .query_row((get(ev, "node_id"), get(ev, "seq")), |r| r.get(0))
                .optional()?;
            if merged.is_some_and(|h| Some(h) != get(ev, "hash")) {
                return Err(MergeRefusal::EditedChain {
                    file: name,
                    why: format!("row {} differs from the copy merged before", get(ev, "seq").unwrap_or_default()),
                }
                .into());
            }
        }
        let mut report = MergeReport {
            file: name.clone(),
            event_id: event.id,
            laptop_no,
            dry_run,
            counts: MergeCounts { sent: data.events.len() as u64, ..MergeCounts::default() },
            applications_applied: 0,
            conflicts: Vec::new(),
        };
        // A laptop may have opened a slot the office does not have (e.g. a walk-in's): bring it along.
        for slot in &data.slots {
            insert_row(&tx, "slots", slot, true)?;
        }
        let mut touched = BTreeSet::new();
        // Events that belong to no application (e.g. a setting changed on the laptop) go straight in.
        let mut units: BTreeMap<String, Vec<Row>> = BTreeMap::new();
        // Stay permits' events, by the permit's id (they carry no application id): see `stay`.
        let mut permits: BTreeMap<String, Vec<Row>> = BTreeMap::new();
        for ev in &data.events {
            let id = get(ev, "id").unwrap_or_default();
            if seen(&tx, &id)? {
                report.counts.duplicate += 1;
                continue;
            }
            match get(ev, "application_id") {
                Some(app) => units.entry(app).or_default().push(ev.clone()),
                None if stay::permit_of(ev, &data.stay_permits).is_some() => {
                    let id = stay::permit_of(ev, &data.stay_permits).unwrap_or_default();
                    permits.entry(id).or_default().push(ev.clone());
                }
                // A stay permit's event whose stay permit the file does not hold: the row was deleted.
                None if stay::names_a_permit(ev) => {
                    return Err(MergeRefusal::BrokenHistory {
                        file: name,
                        booking: stay::named_code(ev),
                        why: "events for a stay permit the file does not hold".into(),
                    }
                    .into());
                }
                None => {
                    insert_row(&tx, "audit_log", ev, true)?;
                    report.counts.applied += 1;
                }
            }
        }
        for (app_id, events) in units {
            let Some(unit) = data.applications.get(&app_id) else {
                return Err(MergeRefusal::BrokenHistory {
                    file: name,
                    booking: app_id,
                    why: "events for an application the file does not hold".into(),
                }
                .into());
            };
            let outcome =
                merge_unit(&tx, &lnode.node_id, laptop_no, &event, unit, &events, &data, now).map_err(|e| match e {
                    UnitError::Broken(why) => StoreError::from(MergeRefusal::BrokenHistory {
                        file: name.clone(),
                        booking: get(&unit.application, "booking_code").unwrap_or_default(),
                        why,
                    }),
                    UnitError::Store(e) => e,
                })?;
            match outcome {
                UnitOutcome::Applied => {
                    report.counts.applied += events.len() as u64;
                    report.applications_applied += 1;
                    if let Some(d) = get(&unit.application, "slot_date") {
                        touched.insert(d);
                    }
                }
                UnitOutcome::Held(conflict_id) => {
                    report.counts.conflict += events.len() as u64;
                    if let Some(d) = get(&unit.application, "slot_date") {
                        touched.insert(d);
                    }
                    report.conflicts.push(load_conflict(&tx, &conflict_id)?);
                }
            }
        }
        for permit in &data.stay_permits {
            let Some(events) = permits.get(&get(permit, "id").unwrap_or_default()) else { continue };
            let code = get(permit, "code").unwrap_or_default();
            let outcome =
                stay::merge_permit(&tx, &lnode.node_id, laptop_no, event.id, permit, events, &data.events, now)
                    .map_err(|e| match e {
                        UnitError::Broken(why) => {
                            StoreError::from(MergeRefusal::BrokenHistory { file: name.clone(), booking: code, why })
                        }
                        UnitError::Store(e) => e,
                    })?;
            match outcome {
                UnitOutcome::Applied => report.counts.applied += events.len() as u64,
                UnitOutcome::Held(conflict_id) => {
                    report.counts.conflict += events.len() as u64;
                    report.conflicts.push(load_conflict(&tx, &conflict_id)?);
                }
            }
        }
        for day in touched {
            if let Some(id) = check_quota(&tx, &event, &day, now)? {
                report.conflicts.push(load_conflict(&tx, &id)?);
            }
        }
        debug_assert!(report.counts.balanced());
        stall_for_tests();
        if dry_run {
            drop(tx);
            return Ok(report);
        }
        tx.execute(
            "INSERT INTO outreach_merges (id, node_id, merged_at, officer, sent, applied, duplicate, conflict)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            rusqlite::params![
                new_id(),
                lnode.node_id,
                ts(now),
                actor.name,
                report.counts.sent as i64,
                report.counts.applied as i64,
                report.counts.duplicate as i64,
                report.counts.conflict as i64
            ],
        )?;
        let c = report.counts;
        audit::record(
            &tx,
            now,
            &actor.name,
            AuditAction::OutreachMerge,
            None,
            None,
            None,
            &AuditDetail::OutreachMerge {
                event: event.id,
                laptop: laptop_no,
                sent: c.sent as u64,
                applied: c.applied as u64,
                duplicate: c.duplicate as u64,
                conflicts: c.conflict as u64,
            }
            .to_string(),
        )?;
        tx.commit()?;
        Ok(report)
    }

    /// Conflicts of one event (or all), open ones first, then by id.
    pub fn conflicts(&self, event_id: Option<i64>) -> Result<Vec<Conflict>> {
        let ids: Vec<String> = self
            .conn
            .prepare(
                "SELECT id FROM outreach_conflicts WHERE (?1 IS NULL OR event_id = ?1)
                 ORDER BY resolution IS NOT NULL, id",
            )?
            .query_map([event_id], |r| r.get(0))?
            .collect::<Result<Vec<_>, _>>()?;
        ids.iter().map(|id| load_conflict(&self.conn, id)).collect()
    }

    /// Resolves a conflict (a supervisor action): keep the office's version (the laptop's events stay in the
    /// conflict record, nothing is lost) or the laptop's (applied now, with its audit rows).
    pub fn resolve_conflict(
        &mut self,
        actor: &Actor,
        id: &str,
        keep: Keep,
        note: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Conflict> {
        actor.require(Role::Supervisor, "resolving an outreach conflict")?;
        let tx = self.write()?;
        let c = load_conflict(&tx, id).map_err(|_| Refusal::NoConflict(id.to_string()))?;
        if let Some(done) = c.resolution {
            return Err(Refusal::ConflictResolved { id: id.to_string(), resolution: done }.into());
        }
        if stay::is_stay(&c.laptop_version) {
            stay::resolve(&tx, &c.laptop_version, keep)?;
        } else if keep == Keep::Office && c.kind == ConflictKind::NikActive {
            // The office's application stands: the laptop's one is withdrawn, if the lifecycle still allows it.
            let code = c.booking_code.clone().unwrap_or_default();
            crate::store::applications::apply_in(
                &tx,
                actor,
                &code,
                crate::domain::lifecycle::Event::Cancel(crate::domain::lifecycle::CancelReason::Withdrawn),
                now,
                |_, _, _| {
                    Ok((
                        vec![
                            ("cancel_reason", Value::Text("dibatalkan".into())),
                            ("cancelled_at", Value::Text(ts(now))),
                        ],
                        format!("conflict {id}: the office's application stands"),
                    ))
                },
            )?;
        } else if keep == Keep::Laptop && c.kind == ConflictKind::OfficeChanged {
            let unit = Unit::from_json(&c.laptop_version);
            let events: Vec<Row> = c
                .laptop_version
                .get("events")
                .and_then(|e| e.as_array())
                .map(|a| a.iter().map(row_from_json).collect())
                .unwrap_or_default();
            let node = c.laptop_version.get("node_id").and_then(|v| v.as_str()).unwrap_or_default().to_string();
            apply_unit(&tx, &node, &unit, &events)?;
        }
        tx.execute(
            "UPDATE outreach_conflicts SET resolution = ?2, resolved_at = ?3, resolved_by = ?4, note = ?5 WHERE id = ?1",
            rusqlite::params![id, keep.as_str(), ts(now), actor.name, note.map(str::trim).filter(|n| !n.is_empty())],
        )?;
        let app_id: Option<String> =
            c.laptop_version.get("application").and_then(|a| a.get("id")).and_then(|v| v.as_str()).map(Into::into);
        let app_id = app_id.filter(|id| {
            tx.query_row("SELECT EXISTS (SELECT 1 FROM applications WHERE id = ?1)", [id], |r| r.get::<_, bool>(0))
                .unwrap_or(false)
        });
        audit::record(
            &tx,
            now,
            &actor.name,
            AuditAction::OutreachResolve,
            app_id.as_deref(),
            None,
            None,
            &AuditDetail::OutreachResolve {
                conflict: id.to_string(),
                kind: c.kind,
                keep,
                note: note.map(str::to_string),
            }
            .to_string(),
        )?;
        let out = load_conflict(&tx, id)?;
        tx.commit()?;
        Ok(out)
    }
}

/// Opens a laptop file read-only, refusing what is not a loket outreach database of this schema version.
fn open_laptop(file: &Path) -> Result<Connection> {
    let name = file.display().to_string();
    let not = |why: String| StoreError::from(MergeRefusal::NotOutreach { file: name.clone(), why });
    if !file.is_file() {
        return Err(not("no such file".into()));
    }
    let conn = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| not(format!("cannot open: {e}")))?;
    let version: i64 =
        conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|_| not("not an SQLite database".into()))?;
    let has_node: bool = conn
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'outreach_node')",
            [],
            |r| r.get(0),
        )
        .map_err(|_| not("not an SQLite database".into()))?;
    if version == 0 || !has_node {
        if version > CURRENT_VERSION || (version > 0 && version != CURRENT_VERSION && !has_node) {
            return Err(MergeRefusal::SchemaVersion { file: name, found: version, supported: CURRENT_VERSION }.into());
        }
        return Err(not("it has no outreach identity".into()));
    }
    if version != CURRENT_VERSION {
        return Err(MergeRefusal::SchemaVersion { file: name, found: version, supported: CURRENT_VERSION }.into());
    }
    Ok(conn)
}

/// An application as the laptop has it: its applicant, the row, and where the laptop started from.
#[derive(Debug, Clone)]
struct Unit {
    applicant: Row,
    application: Row,
    /// The version (updated_at, status) the laptop received (packed bookings); `None` for applications the
    /// laptop created.
    baseline: Option<(String, String)>,
}

impl Unit {
    fn to_json(&self, node_id: &str, events: &[Row]) -> serde_json::Value {
        serde_json::json!({
            "node_id": node_id,
            "applicant": row_to_json(&self.applicant),
            "application": row_to_json(&self.application),
            "baseline": self.baseline,
            "events": events.iter().map(row_to_json).collect::<Vec<_>>(),
        })
    }

    fn from_json(v: &serde_json::Value) -> Unit {
        Unit {
            applicant: v.get("applicant").map(row_from_json).unwrap_or_default(),
            application: v.get("application").map(row_from_json).unwrap_or_default(),
            baseline: v
                .get("baseline")
                .and_then(|b| Some((b.get(0)?.as_str()?.to_string(), b.get(1)?.as_str()?.to_string()))),
        }
    }
}

struct LaptopData {
    events: Vec<Row>,
    /// Stay permits registered on the laptop (their events carry no application id).
    stay_permits: Vec<Row>,
    /// The laptop's slots its applications use.
    slots: Vec<Row>,
    applications: BTreeMap<String, Unit>,
}

fn read_laptop(conn: &Connection, node_id: &str) -> Result<LaptopData> {
    let events = read_rows(conn, "audit_log", "1 = ?1", &1)?;
    let mut applications = BTreeMap::new();
    for app in read_rows(conn, "applications", "1 = ?1", &1)? {
        let id = get(&app, "id").unwrap_or_default();
        let applicant_id = get(&app, "applicant_id").unwrap_or_default();
        let applicant = read_rows(conn, "applicants", "id = ?1", &applicant_id)?.into_iter().next().unwrap_or_default();
        let baseline: Option<(String, String)> = conn
            .query_row(
                "SELECT updated_at, status FROM outreach_baselines WHERE application_id = ?1 AND node_id = ?2",
                (&id, node_id),
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        applications.insert(id, Unit { applicant, application: app, baseline });
    }
    let stay_permits = read_rows(conn, "stay_permits", "1 = ?1", &1)?;
    let slots = read_rows(
        conn,
        "slots",
        "?1 = 1 AND EXISTS (SELECT 1 FROM applications a WHERE a.slot_date = slots.date AND a.slot_start = slots.start_time)",
        &1,
    )?;
    Ok(LaptopData { events, stay_permits, slots, applications })
}

/// Checks a laptop's audit chain as read from its file: every row in the laptop's own chain, numbered 1, 2, 3…
/// without a gap, each row's hash matching its content and naming the hash of the row before it.
fn verify_chain(events: &[Row], node_id: &str) -> std::result::Result<(), String> {
    let mut rows: Vec<&Row> = events.iter().collect();
    rows.sort_by_key(|r| get(r, "seq").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let mut prev = crate::domain::audit::GENESIS.to_string();
    for (expected, r) in (1i64..).zip(rows) {
        let text = |c: &str| get(r, c);
        let seq: i64 = text("seq").and_then(|s| s.parse().ok()).unwrap_or(0);
        if text("node_id").as_deref() != Some(node_id) {
            return Err(format!("row {seq} belongs to another chain"));
        }
        if seq != expected {
            return Err(format!("row {expected} is missing"));
        }
        let (id, at, real_at, officer, action) = (
            text("id").unwrap_or_default(),
            text("at").unwrap_or_default(),
            text("real_at").unwrap_or_default(),
            text("officer").unwrap_or_default(),
            text("action").unwrap_or_default(),
        );
        let (pinned_at, application_id, from, to, detail) =
            (text("pinned_at"), text("application_id"), text("from_status"), text("to_status"), text("detail"));
        let prev_hash = text("prev_hash").unwrap_or_default();
        let counter_no = text("counter_no").and_then(|c| c.parse().ok());
        let row = crate::domain::audit::ChainRow {
            node_id,
            seq,
            id: &id,
            at: &at,
            real_at: &real_at,
            pinned_at: pinned_at.as_deref(),
            officer: &officer,
            action: &action,
            application_id: application_id.as_deref(),
            counter_no,
            from_status: from.as_deref(),
            to_status: to.as_deref(),
            detail: detail.as_deref(),
            prev_hash: &prev_hash,
        };
        let hash = row.hash();
        if Some(&hash) != text("hash").as_ref() {
            return Err(format!("row {seq} ({action}) no longer matches its hash"));
        }
        if prev_hash != prev {
            return Err(format!("row {seq} ({action}) does not follow the row before it"));
        }
        prev = hash;
    }
    Ok(())
}

/// Whether the office already has this event: merged, or held by a conflict.
fn seen(conn: &Connection, event_id: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM audit_log WHERE id = ?1) OR EXISTS (SELECT 1 FROM outreach_held_events WHERE event_id = ?1)",
        [event_id],
        |r| r.get(0),
    )?)
}

enum UnitOutcome {
    Applied,
    Held(String),
}

enum UnitError {
    Broken(String),
    Store(StoreError),
}

impl From<StoreError> for UnitError {
    fn from(e: StoreError) -> Self {
        UnitError::Store(e)
    }
}

impl From<rusqlite::Error> for UnitError {
    fn from(e: rusqlite::Error) -> Self {
        UnitError::Store(e.into())
    }
}

fn steps(events: &[Row]) -> Vec<Step> {
    events
        .iter()
        .map(|e| Step {
            id: get(e, "id").unwrap_or_default(),
            action: get(e, "action").unwrap_or_default(),
            from: get(e, "from_status"),
            to: get(e, "to_status"),
            detail: get(e, "detail"),
        })
        .collect()
}

/// Merges one application's new events: applied, or held in a conflict.
#[allow(clippy::too_many_arguments)]
fn merge_unit(
    tx: &Connection,
    node_id: &str,
    laptop_no: u32,
    event: &OutreachEvent,
    unit: &Unit,
    events: &[Row],
    data: &LaptopData,
    now: DateTime<Utc>,
) -> std::result::Result<UnitOutcome, UnitError> {
    let app_id = get(&unit.application, "id").unwrap_or_default();
    let code = get(&unit.application, "booking_code").unwrap_or_default();
    let conflict_id = format!("{code}/L{laptop_no}");

    // Replay the laptop's whole history of this application (not just the new part) from the version it
    // received: a packed booking from its packed status, a laptop's own application from nothing.
    let all: Vec<Row> = data_events_of(data, &app_id);
    let start = match &unit.baseline {
        None => None,
        Some((_, status)) => {
            let status =
                Status::parse(status).ok_or_else(|| UnitError::Broken(format!("unknown packed status {status:?}")))?;
            Some((status, Progress::default()))
        }
    };
    let final_status = replay(start, &steps(&all)).map_err(|e| UnitError::Broken(e.to_string()))?;
    let row_status = get(&unit.application, "status");
    if final_status.map(|s| s.as_str().to_string()) != row_status && final_status.is_some() {
        return Err(UnitError::Broken(format!(
            "its events end in {} but the row says {}",
            final_status.map(|s| s.as_str()).unwrap_or("-"),
            row_status.unwrap_or_default()
        )));
    }

    // Already in a conflict from an earlier merge: the new events join it.
    let existing: Option<String> =
        tx.query_row("SELECT kind FROM outreach_conflicts WHERE id = ?1", [&conflict_id], |r| r.get(0)).optional()?;
    if let Some(kind) = existing {
        if kind == ConflictKind::NikActive.as_str() {
            apply_unit(tx, node_id, unit, events)?;
        }
        hold(tx, &conflict_id, None, event, unit, node_id, events, now)?;
        return Ok(UnitOutcome::Held(conflict_id));
    }

    let office_row = read_rows(tx, "applications", "id = ?1", &app_id)?.into_iter().next();
    match office_row {
        Some(office) => {
            let baseline: Option<String> = tx
                .query_row(
                    "SELECT updated_at FROM outreach_baselines WHERE application_id = ?1 AND node_id = ?2",
                    (&app_id, node_id),
                    |r| r.get(0),
                )
                .optional()?
                .or_else(|| unit.baseline.as_ref().map(|(at, _)| at.clone()));
            if get(&office, "updated_at") != baseline {
                let office_version = serde_json::json!({ "application": row_to_json(&office) });
                hold(
                    tx,
                    &conflict_id,
                    Some((ConflictKind::OfficeChanged, office_version)),
                    event,
                    unit,
                    node_id,
                    events,
                    now,
                )?;
                return Ok(UnitOutcome::Held(conflict_id));
            }
        }
        None => {
            let nik = get(&unit.applicant, "nik");
            let active: Option<Row> = match &nik {
                Some(nik) => read_rows(
                    tx,
                    "applications",
                    "applicant_id IN (SELECT id FROM applicants WHERE nik = ?1)
                     AND status NOT IN ('cancelled', 'rejected', 'handed_over', 'dispatched')",
                    nik,
                )?
                .into_iter()
                .next(),
                None => None,
            };
            if let Some(active) = active {
                let office_version = serde_json::json!({ "application": row_to_json(&active) });
                // The walk-in was served in the field: their rows come in (the audit chain needs them), and the
                // conflict asks which of the two applications stands.
                apply_unit(tx, node_id, unit, events)?;
                hold(
                    tx,
                    &conflict_id,
                    Some((ConflictKind::NikActive, office_version)),
                    event,
                    unit,
                    node_id,
                    events,
                    now,
                )?;
                return Ok(UnitOutcome::Held(conflict_id));
            }
        }
    }
    apply_unit(tx, node_id, unit, events)?;
    Ok(UnitOutcome::Applied)
}

fn data_events_of(data: &LaptopData, app_id: &str) -> Vec<Row> {
    data.events.iter().filter(|e| get(e, "application_id").as_deref() == Some(app_id)).cloned().collect()
}

/// Writes the laptop's version of an application and its events into the office.
fn apply_unit(tx: &Connection, node_id: &str, unit: &Unit, events: &[Row]) -> Result<()> {
    let mut application = unit.application.clone();
    // The same person may already be known at the office under another id: keep the office's applicant.
    if let Some(nik) = get(&unit.applicant, "nik") {
        let office_applicant: Option<String> =
            tx.query_row("SELECT id FROM applicants WHERE nik = ?1", [&nik], |r| r.get(0)).optional()?;
        match office_applicant {
            Some(id) => set(&mut application, "applicant_id", Value::Text(id)),
            None => {
                insert_row(tx, "applicants", &unit.applicant, true)?;
            }
        }
    } else {
        insert_row(tx, "applicants", &unit.applicant, true)?;
    }
    write_version(tx, "applications", node_id, &application, events)
}

/// Writes the laptop's version `row` of an application or stay permit into `table` (an update when the office
/// has its id, else an insert), appends its events (releasing any held copies) and records the version as this
/// laptop's baseline for the next merge.
pub(super) fn write_version(tx: &Connection, table: &str, node_id: &str, row: &Row, events: &[Row]) -> Result<()> {
    let id = get(row, "id").unwrap_or_default();
    let exists: bool =
        tx.query_row(&format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1)"), [&id], |r| r.get(0))?;
    if exists {
        update_row(tx, table, row)?;
    } else {
        insert_row(tx, table, row, false)?;
    }
    for e in events {
        insert_row(tx, "audit_log", e, true)?;
        tx.execute("DELETE FROM outreach_held_events WHERE event_id = ?1", [get(e, "id")])?;
    }
    tx.execute(
        "INSERT INTO outreach_baselines (application_id, node_id, updated_at, status) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (application_id, node_id) DO UPDATE SET updated_at = excluded.updated_at,
            status = excluded.status",
        (&id, node_id, get(row, "updated_at"), get(row, "status")),
    )?;
    Ok(())
}

/// Records (or extends) a conflict holding `events` back.
#[allow(clippy::too_many_arguments)]
fn hold(
    tx: &Connection,
    id: &str,
    new: Option<(ConflictKind, serde_json::Value)>,
    event: &OutreachEvent,
    unit: &Unit,
    node_id: &str,
    events: &[Row],
    now: DateTime<Utc>,
) -> Result<()> {
    match new {
        Some((kind, office_version)) => {
            tx.execute(
                "INSERT INTO outreach_conflicts (id, event_id, node_id, kind, application_id, booking_code, slot_date,
                    office_version, laptop_version, detected_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                rusqlite::params![
                    id,
                    event.id,
                    node_id,
                    kind.as_str(),
                    get(&unit.application, "id"),
                    get(&unit.application, "booking_code"),
                    get(&unit.application, "slot_date"),
                    office_version.to_string(),
                    unit.to_json(node_id, events).to_string(),
                    ts(now)
                ],
            )?;
        }
        None => {
            // The laptop went on after an earlier merge: keep every held event and the newest row.
            reopen_with_events(tx, id, events, |all| unit.to_json(node_id, all))?;
        }
    }
    for e in events {
        // Every row of the laptop's chain goes into the log, so the chain stays whole; the held list says
        // which of them the office's rows do not reflect yet.
        insert_row(tx, "audit_log", e, true)?;
        tx.execute(
            "INSERT INTO outreach_held_events (event_id, conflict_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            (get(e, "id"), id),
        )?;
    }
    Ok(())
}

/// After a merge: a day of the event holding more active applications than its quota is a conflict (the
/// applicants were served in the field, so they are kept; the supervisor acknowledges it). Keyed by the day,
/// and its figures are the day's totals, so the result does not depend on which laptop came back first.
fn check_quota(tx: &Connection, event: &OutreachEvent, day: &str, now: DateTime<Utc>) -> Result<Option<String>> {
    let active = count(
        tx,
        "SELECT COUNT(*) FROM applications WHERE event_id = ?1 AND slot_date = ?2 AND status <> 'cancelled'",
        (event.id, day),
    )?;
    if active <= event.quota_per_day {
        return Ok(None);
    }
    let id = format!("QUOTA/{}/{day}", event.id);
    let office_version = serde_json::json!({ "quota_per_day": event.quota_per_day }).to_string();
    let laptop_version = serde_json::json!({ "active_applications": active }).to_string();
    tx.execute(
        "INSERT INTO outreach_conflicts (id, event_id, kind, slot_date, office_version, laptop_version, detected_at)
         VALUES (?1, ?2, 'quota_exceeded', ?3, ?4, ?5, ?6)
         ON CONFLICT (id) DO UPDATE SET laptop_version = excluded.laptop_version",
        rusqlite::params![id, event.id, day, office_version, laptop_version, ts(now)],
    )?;
    Ok(Some(id))
}

fn load_conflict(conn: &Connection, id: &str) -> Result<Conflict> {
    Ok(conn.query_row(
        "SELECT id, event_id, kind, booking_code, slot_date, office_version, laptop_version, detected_at, resolution,
                resolved_by, note FROM outreach_conflicts WHERE id = ?1",
        [id],
        |r| {
            let kind: String = r.get(2)?;
            let resolution: Option<String> = r.get(8)?;
            let json = |i: usize| -> rusqlite::Result<serde_json::Value> {
                Ok(serde_json::from_str(&r.get::<_, String>(i)?).unwrap_or_default())
            };
            Ok(Conflict {
                id: r.get(0)?,
                event_id: r.get(1)?,
                kind: ConflictKind::parse(&kind).unwrap_or(ConflictKind::OfficeChanged),
                booking_code: r.get(3)?,
                slot_date: r.get(4)?,
                office_version: json(5)?,
                laptop_version: json(6)?,
                detected_at: r.get(7)?,
                resolution: resolution.as_deref().and_then(Keep::parse),
                resolved_by: r.get(9)?,
                note: r.get(10)?,
            })
        },
    )?)
}

/// Test hook: with `LOKET_TEST_MERGE_STALL=FILE`, a merge writes FILE once all its changes are made (inside the
/// still open transaction) and waits, so a test can kill the process mid-merge. Debug builds only: a release
/// build has no such hook.
#[cfg(not(debug_assertions))]
fn stall_for_tests() {}

#[cfg(debug_assertions)]
fn stall_for_tests() {
    if let Some(marker) = std::env::var_os("LOKET_TEST_MERGE_STALL") {
        let _ = std::fs::write(&marker, b"merging");
        std::thread::sleep(std::time::Duration::from_secs(30));
    }
}

/// Reopens conflict `id` after the laptop went on: the events it already held plus `events`, in a new laptop
/// version made by `version` (passports and stay permits keep different rows beside the events).
fn reopen_with_events(
    tx: &Connection,
    id: &str,
    events: &[Row],
    version: impl FnOnce(&[Row]) -> serde_json::Value,
) -> Result<()> {
    let old: String =
        tx.query_row("SELECT laptop_version FROM outreach_conflicts WHERE id = ?1", [id], |r| r.get(0))?;
    let old: serde_json::Value = serde_json::from_str(&old).unwrap_or_default();
    let mut all: Vec<Row> =
        old.get("events").and_then(|e| e.as_array()).map(|a| a.iter().map(row_from_json).collect()).unwrap_or_default();
    all.extend(events.iter().cloned());
    tx.execute(
        "UPDATE outreach_conflicts SET laptop_version = ?2, resolution = NULL, resolved_at = NULL,
            resolved_by = NULL WHERE id = ?1",
        (id, version(&all).to_string()),
    )?;
    Ok(())
}

//! Outreach: events created at the office, laptop databases packed for them, walk-ins registered in the field,
//! and merging a laptop back exactly once.
//!
//! The merge treats the laptop's audit log as its change log. Every change made on a laptop wrote one audit row
//! with a UUIDv7 id in the same transaction, so the audit rows are the events to ship. A merge groups the
//! events the office has not seen by application, replays each application's events through the lifecycle
//! (a history that does not follow it is refused: the file was edited), and then either applies them (the
//! application row as the laptop has it, its applicant, and the audit rows, inserted `ON CONFLICT DO NOTHING`)
//! or, where that would overwrite something, holds them back in a conflict with both versions. A merge is one
//! transaction; merging the same file again finds every event already there and changes nothing.

use super::applications::{check_in_walk_in, local, Application};
use super::{audit, load_settings, new_id, slots, ts, Actor, Result, Store, StoreError, CURRENT_VERSION};
use crate::domain::audit::AuditAction;
use crate::domain::fees::{self, format_idr};
use crate::domain::lifecycle::{Progress, Status};
use crate::domain::nik::{self, Sex};
use crate::domain::outreach::{
    check_offered, event_slots, laptop_queue_number, parse_services, replay, services_text, ConflictKind, EventService,
    EventSpec, Keep, MergeCounts, OutreachRefusal, Step,
};
use crate::domain::passport::validate_old_passport_no;
use crate::domain::queue::ServiceLine;
use crate::domain::settings::{parse_hhmm, SlotTemplate};
use crate::domain::types::{ApplicationType, PassportKind, Purpose, Role, Service};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// An outreach event as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OutreachEvent {
    pub id: i64,
    pub name: String,
    pub place: String,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub opening: String,
    pub closing: String,
    pub services: Vec<EventService>,
    pub quota_per_day: u32,
}

/// An event with where it stands, for `loket outreach list`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EventSummary {
    pub event: OutreachEvent,
    /// planned, packed, in the field, merged
    pub state: &'static str,
    pub laptops: u32,
    pub laptops_merged: u32,
    pub applications: u32,
    pub open_conflicts: u32,
}

/// Who this database is: the office, or a laptop packed for an event.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NodeInfo {
    pub kind: String,
    pub office_id: String,
    pub node_id: String,
    pub laptop_no: Option<u32>,
    pub event: Option<OutreachEvent>,
}

impl NodeInfo {
    pub fn is_laptop(&self) -> bool {
        self.kind == "laptop"
    }
}

/// What packing a laptop produced.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PackSummary {
    pub event_id: i64,
    pub laptop_no: u32,
    pub node_id: String,
    pub applications: u32,
    pub officers: u32,
}

/// A walk-in registered at an outreach event, as the officer enters them. The fee is paid on the spot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOutreachWalkIn {
    pub nik: String,
    pub full_name: String,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    pub phone: Option<String>,
    pub application_type: ApplicationType,
    pub purpose: Purpose,
    pub passport_kind: PassportKind,
    pub validity_years: u8,
    pub old_passport_no: Option<String>,
    pub group_code: Option<String>,
}

/// A collective booking as the supervisor describes it when importing the leader's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewGroup {
    pub code: String,
    pub name: String,
    pub leader: String,
    pub contact: String,
    pub event_id: i64,
    /// The event day the group comes.
    pub day: NaiveDate,
    pub purpose: Purpose,
    pub passport_kind: PassportKind,
}

/// One member from the leader's list (validated by `import::group`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupMember {
    pub line: u64,
    pub full_name: String,
    pub nik: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub application_type: ApplicationType,
    pub phone: Option<String>,
    pub old_passport_no: Option<String>,
    pub paid_at: Option<DateTime<Utc>>,
}

/// A group's members by status, for the progress view.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GroupProgress {
    pub code: String,
    pub name: String,
    pub leader: String,
    pub contact: String,
    pub members: u32,
    /// (status, count), in lifecycle order
    pub by_status: Vec<(String, u32)>,
}

/// One row of the outreach report: one event day and one service.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OutreachReportRow {
    pub event_id: i64,
    pub event: String,
    pub date: String,
    /// The application type (baru, penggantian).
    pub service: String,
    /// Checked in, whatever happened next.
    pub served: u32,
    pub approved: u32,
    pub rejected: u32,
    /// Fees of the served applications that are paid, in rupiah.
    pub pnbp_idr: i64,
}

/// The outreach section of the supervisors' report: per event day and service, and the conflicts per event.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OutreachReport {
    pub rows: Vec<OutreachReportRow>,
    /// (event id, open, resolved)
    pub conflicts: Vec<(i64, u32, u32)>,
}

/// Problems of a group list found against the database: (line, column, why).
pub type GroupProblems = Vec<(u64, &'static str, String)>;

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
        return Err(StoreError::Refused(format!(
            "table {table} has an unexpected column {bad:?}; not a loket database"
        )));
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

fn event_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<OutreachEvent> {
    let services: String = r.get(6)?;
    Ok(OutreachEvent {
        id: r.get(0)?,
        name: r.get(1)?,
        place: r.get(2)?,
        first_day: r.get(3)?,
        last_day: r.get(4)?,
        opening: r.get(5)?,
        closing: r.get(7)?,
        services: parse_services(&services).unwrap_or_default(),
        quota_per_day: r.get(8)?,
    })
}

const EVENT_SELECT: &str =
    "SELECT id, name, place, first_day, last_day, opening_time, services, closing_time, quota_per_day FROM outreach_events";

fn load_event(conn: &Connection, id: i64) -> Result<OutreachEvent> {
    conn.query_row(&format!("{EVENT_SELECT} WHERE id = ?1"), [id], event_from_row)
        .optional()?
        .ok_or_else(|| StoreError::Refused(format!("no outreach event {id}; see `loket outreach list`")))
}

pub(crate) fn node_in(conn: &Connection) -> Result<Option<NodeInfo>> {
    let row = conn
        .query_row("SELECT kind, office_id, node_id, laptop_no, event_id FROM outreach_node", [], |r| {
            let node = NodeInfo {
                kind: r.get(0)?,
                office_id: r.get(1)?,
                node_id: r.get(2)?,
                laptop_no: r.get(3)?,
                event: None,
            };
            Ok((node, r.get::<_, Option<i64>>(4)?))
        })
        .optional()?;
    let Some((mut node, event_id)) = row else { return Ok(None) };
    node.event = event_id.map(|id| load_event(conn, id)).transpose()?;
    Ok(Some(node))
}

/// The office's identity, created the first time the office does outreach work.
fn office_node(conn: &Connection) -> Result<NodeInfo> {
    match node_in(conn)? {
        Some(n) if n.is_laptop() => Err(StoreError::Refused(
            "this is an outreach laptop database; events are created, packed and merged at the office".into(),
        )),
        Some(n) => Ok(n),
        None => {
            // The office's node id is its audit chain's (settings.node_id).
            let id = audit::node_id(conn)?;
            conn.execute(
                "INSERT INTO outreach_node (singleton, kind, office_id, node_id) VALUES (1, 'office', ?1, ?1)",
                [&id],
            )?;
            Ok(NodeInfo { kind: "office".into(), office_id: id.clone(), node_id: id, laptop_no: None, event: None })
        }
    }
}

/// On a laptop, the ticket prefix: its number. `None` at the office.
pub(crate) fn laptop_no(conn: &Connection) -> Result<Option<u32>> {
    Ok(conn
        .query_row("SELECT laptop_no FROM outreach_node WHERE kind = 'laptop'", [], |r| r.get(0))
        .optional()?
        .flatten())
}

/// On a laptop, marks an application registered there as the event's (priority walk-ins at the desk).
pub(crate) fn tag_event(conn: &Connection, application_id: &str) -> Result<()> {
    conn.execute(
        "UPDATE applications SET event_id = (SELECT event_id FROM outreach_node WHERE kind = 'laptop')
         WHERE id = ?1 AND EXISTS (SELECT 1 FROM outreach_node WHERE kind = 'laptop')",
        [application_id],
    )?;
    Ok(())
}

/// The queue ticket text for `n` in `line`: the office's `A-001`, a laptop's `A-L2-001`.
pub(crate) fn queue_ticket(conn: &Connection, line: ServiceLine, n: u32) -> Result<String> {
    Ok(match laptop_no(conn)? {
        Some(no) => laptop_queue_number(line, no, n),
        None => crate::domain::queue::format_queue_number(line, n),
    })
}

/// On a laptop, refuses an application type its event does not offer (a typed refusal the desk translates).
pub(crate) fn refuse_unoffered(conn: &Connection, app_type: ApplicationType) -> Result<()> {
    if let Some(NodeInfo { event: Some(event), .. }) = node_in(conn)?.filter(NodeInfo::is_laptop) {
        check_offered(&event.services, app_type)?;
    }
    Ok(())
}

fn count(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> Result<u32> {
    Ok(conn.query_row(sql, params, |r| r.get(0))?)
}

impl Store {
    /// Who this database is (`None`: an office that has not done outreach work yet).
    pub fn outreach_node(&self) -> Result<Option<NodeInfo>> {
        node_in(&self.conn)
    }

    /// Creates an outreach event and its slots (a supervisor action).
    pub fn create_event(&mut self, actor: &Actor, spec: &EventSpec, now: DateTime<Utc>) -> Result<OutreachEvent> {
        actor.require(Role::Supervisor, "creating an outreach event")?;
        spec.check()?;
        let tx = self.write()?;
        office_node(&tx)?;
        let settings = load_settings(&tx)?;
        tx.execute(
            "INSERT INTO outreach_events (name, place, first_day, last_day, opening_time, closing_time, services,
                quota_per_day, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            rusqlite::params![
                spec.name.trim(),
                spec.place.trim(),
                spec.first_day.to_string(),
                spec.last_day.to_string(),
                spec.opening.format("%H:%M").to_string(),
                spec.closing.format("%H:%M").to_string(),
                services_text(&spec.services),
                spec.quota_per_day,
                ts(now),
                actor.name
            ],
        )?;
        let id = tx.last_insert_rowid();
        // Outreach days follow the host (a Saturday is fine), but a holiday gets no slots.
        for day in spec.first_day.iter_days().take_while(|d| *d <= spec.last_day) {
            if !is_holiday(&tx, day)? {
                for (start, end) in spec.slots() {
                    slots::ensure_slot(&tx, &settings, day, start, end)?;
                }
            }
        }
        audit::record(
            &tx,
            now,
            &actor.name,
            AuditAction::OutreachCreate,
            None,
            None,
            None,
            &format!(
                "event {id}: {} at {}, {} to {}",
                spec.name.trim(),
                spec.place.trim(),
                spec.first_day,
                spec.last_day
            ),
        )?;
        let event = load_event(&tx, id)?;
        tx.commit()?;
        Ok(event)
    }

    /// Every event with its state and counts, newest first. `today` decides "in the field".
    pub fn events(&self, today: NaiveDate) -> Result<Vec<EventSummary>> {
        let mut stmt = self.conn.prepare(&format!("{EVENT_SELECT} ORDER BY first_day DESC, id DESC"))?;
        let events = stmt.query_map([], event_from_row)?.collect::<Result<Vec<_>, _>>()?;
        events
            .into_iter()
            .map(|event| {
                let laptops = count(&self.conn, "SELECT COUNT(*) FROM outreach_laptops WHERE event_id = ?1", [event.id])?;
                let laptops_merged = count(
                    &self.conn,
                    "SELECT COUNT(DISTINCT m.node_id) FROM outreach_merges m JOIN outreach_laptops l ON l.node_id = m.node_id
                     WHERE l.event_id = ?1",
                    [event.id],
                )?;
                let applications = count(
                    &self.conn,
                    "SELECT COUNT(*) FROM applications WHERE event_id = ?1 AND status <> 'cancelled'",
                    [event.id],
                )?;
                let open_conflicts = count(
                    &self.conn,
                    "SELECT COUNT(*) FROM outreach_conflicts WHERE event_id = ?1 AND resolution IS NULL",
                    [event.id],
                )?;
                let state = match () {
                    _ if laptops == 0 => "planned",
                    _ if laptops_merged == laptops => "merged",
                    _ if today >= event.first_day => "in the field",
                    _ => "packed",
                };
                Ok(EventSummary { event, state, laptops, laptops_merged, applications, open_conflicts })
            })
            .collect()
    }

    /// One event by id.
    pub fn event(&self, id: i64) -> Result<OutreachEvent> {
        load_event(&self.conn, id)
    }

    /// Writes a self-contained database for one laptop of `event_id` to `out` (a supervisor action): settings
    /// (with the event's hours), officer accounts (hashes only), holidays, counters, the watchlist in force, the
    /// event's days' slots, its groups, and the bookings already assigned to it; the laptop gets its own node
    /// id and number. The file appears only when complete.
    pub fn pack_event(&mut self, actor: &Actor, event_id: i64, out: &Path, now: DateTime<Utc>) -> Result<PackSummary> {
        actor.require(Role::Supervisor, "packing an outreach laptop")?;
        if out.exists() {
            return Err(StoreError::Exists(out.to_path_buf()));
        }
        let (office, event, laptop_no) = {
            let tx = self.write()?;
            let office = office_node(&tx)?;
            tx.commit()?;
            let event = load_event(&self.conn, event_id)?;
            let last: Option<u32> =
                self.conn.query_row("SELECT MAX(laptop_no) FROM outreach_laptops", [], |r| r.get(0))?;
            let no = last.unwrap_or(0) + 1;
            if no > 99 {
                return Err(StoreError::Refused("99 laptops have been packed by this office".into()));
            }
            (office, event, no)
        };
        let tmp = out.with_extension("packing");
        let _ = std::fs::remove_file(&tmp);
        let built = build_laptop(self, &tmp, &office, &event, laptop_no, now);
        let summary = match built {
            Ok(s) => s,
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                return Err(e);
            }
        };
        let tx = self.write()?;
        let recorded = tx
            .execute(
                "INSERT INTO outreach_laptops (node_id, laptop_no, event_id, packed_at, packed_by, file)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                rusqlite::params![summary.node_id, laptop_no, event_id, ts(now), actor.name, out.display().to_string()],
            )
            .map_err(StoreError::from)
            .and_then(|_| {
                audit::record(
                    &tx,
                    now,
                    &actor.name,
                    AuditAction::OutreachPack,
                    None,
                    None,
                    None,
                    &format!("event {event_id}: laptop {laptop_no}, {} bookings", summary.applications),
                )
            });
        if let Err(e) = recorded {
            drop(tx);
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        std::fs::rename(&tmp, out).map_err(|e| StoreError::Refused(format!("cannot write {}: {e}", out.display())))?;
        tx.commit()?;
        Ok(summary)
    }

    /// Registers a walk-in at the event on this laptop, records the payment and checks them in, in one
    /// transaction. The NIK is checked strictly (the regency/city code must exist), the application type
    /// must be one the event offers, and the event's day quota holds.
    pub fn outreach_walk_in(
        &mut self,
        actor: &Actor,
        w: &NewOutreachWalkIn,
        now: DateTime<Utc>,
    ) -> Result<Application> {
        let tx = self.write()?;
        let node = node_in(&tx)?.filter(NodeInfo::is_laptop).ok_or(OutreachRefusal::NotALaptop)?;
        let (Some(event), Some(laptop)) = (node.event.clone(), node.laptop_no) else {
            return Err(OutreachRefusal::NotALaptop.into());
        };
        let settings = load_settings(&tx)?;
        let here = local(&settings, now);
        let today = here.date();
        if today < event.first_day || today > event.last_day {
            return Err(OutreachRefusal::NotEventDay { today, first: event.first_day, last: event.last_day }.into());
        }
        let (open, close) = (hhmm(&event.opening)?, hhmm(&event.closing)?);
        if here.time() < open || here.time() >= close {
            return Err(
                OutreachRefusal::OutsideHours { open: event.opening.clone(), close: event.closing.clone() }.into()
            );
        }
        check_offered(&event.services, w.application_type)?;
        let name = w.full_name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(StoreError::Refused("the applicant's name must be 1-100 characters".into()));
        }
        let nik = nik::parse_registered(&w.nik, today).map_err(|e| StoreError::Refused(e.to_string()))?;
        nik.check_against(w.sex, w.birth_date).map_err(|e| StoreError::Refused(e.to_string()))?;
        let age = nik::age_on(w.birth_date, today);
        if w.validity_years == 10 && age < crate::domain::walkin::TEN_YEARS_FROM {
            return Err(StoreError::Refused(format!(
                "a 10-year passport needs the applicant to be 17 or over; this applicant is {age}"
            )));
        }
        let old_passport_no = match w.old_passport_no.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(no) => Some(validate_old_passport_no(no).map_err(|e| StoreError::Refused(e.to_string()))?),
            None if w.application_type.needs_old_passport() => {
                return Err(StoreError::Refused(format!(
                    "a {} application needs the number of the old passport",
                    w.application_type
                )))
            }
            None => None,
        };
        let active: Option<String> = tx
            .query_row(
                "SELECT a.booking_code FROM applications a JOIN applicants p ON p.id = a.applicant_id
                 WHERE p.nik = ?1 AND a.status NOT IN ('cancelled', 'rejected', 'handed_over', 'dispatched')",
                [nik.as_str()],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(code) = active {
            return Err(OutreachRefusal::NikActive { nik: nik.as_str().into(), code }.into());
        }
        let used = count(
            &tx,
            "SELECT COUNT(*) FROM applications WHERE event_id = ?1 AND slot_date = ?2 AND status <> 'cancelled'",
            (event.id, today.to_string()),
        )?;
        if used >= event.quota_per_day {
            return Err(OutreachRefusal::DayQuotaFull { date: today, quota: event.quota_per_day }.into());
        }
        let fee = fees::quote(today, w.passport_kind, w.validity_years, Service::Regular, w.application_type)
            .map_err(|e| StoreError::Refused(e.to_string()))?
            .total();
        let slots_of_day = event_slots(open, close);
        let (start, end) = slots_of_day
            .iter()
            .copied()
            .find(|(s, e)| *s <= here.time() && here.time() < *e)
            .ok_or_else(|| StoreError::Refused("no event slot now".into()))?;
        slots::ensure_slot(&tx, &settings, today, start, end)?;
        let seq =
            count(&tx, "SELECT COUNT(*) FROM applications WHERE source = 'outreach' AND booking_code LIKE 'OR%'", [])?
                + 1;
        let booking_code = format!("OR{laptop:02}{}{seq:04}", today.format("%y%m%d"));
        let billing_code = format!("9{}{laptop:02}{seq:06}", today.format("%y%m%d"));
        let applicant_id = applicant_for(&tx, nik.as_str(), name, w.sex, w.birth_date, w.phone.as_deref(), now)?;
        let id = new_id();
        tx.execute(
            "INSERT INTO applications (id, booking_code, applicant_id, application_type, purpose, passport_kind,
                validity_years, service, slot_date, slot_start, billing_code, fee_idr, paid_at, old_passport_no,
                group_code, source, created_at, updated_at, event_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'reguler', ?8, ?9, ?10, ?11, ?12, ?13, ?14, 'outreach', ?12, ?12, ?15)",
            rusqlite::params![
                id,
                booking_code,
                applicant_id,
                w.application_type.as_str(),
                w.purpose.as_str(),
                w.passport_kind.as_str(),
                w.validity_years,
                today.to_string(),
                start.format("%H:%M").to_string(),
                billing_code,
                i64::try_from(fee).unwrap_or(i64::MAX),
                ts(now),
                old_passport_no,
                w.group_code.as_deref().map(str::trim).filter(|g| !g.is_empty()),
                event.id,
            ],
        )?;
        audit::record(
            &tx,
            now,
            &actor.name,
            AuditAction::OutreachWalkIn,
            Some(&id),
            None,
            Some("booked"),
            &format!("event {}; {} paid on the spot (billing {billing_code})", event.id, format_idr(fee)),
        )?;
        let app = check_in_walk_in(&tx, actor, &booking_code, now)?;
        tx.commit()?;
        Ok(app)
    }

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
        // Stay permits are only ever created on the laptop that registered them: its newer version wins, a version
        // the office changed later (e.g. handed over at the office) is kept.
        for p in &data.stay_permits {
            upsert_newer(&tx, "stay_permits", p)?;
        }
        // A laptop may have opened a slot the office does not have (e.g. a walk-in's): bring it along.
        for slot in &data.slots {
            insert_row(&tx, "slots", slot, true)?;
        }
        let mut touched = BTreeSet::new();
        // Events that belong to no application (e.g. a setting changed on the laptop) go straight in.
        let mut units: BTreeMap<String, Vec<Row>> = BTreeMap::new();
        for ev in &data.events {
            let id = get(ev, "id").unwrap_or_default();
            if seen(&tx, &id)? {
                report.counts.duplicate += 1;
                continue;
            }
            match get(ev, "application_id") {
                Some(app) => units.entry(app).or_default().push(ev.clone()),
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
            &format!(
                "event {} laptop {laptop_no}: {} sent, {} applied, {} duplicate, {} held by conflicts",
                event.id, c.sent, c.applied, c.duplicate, c.conflict
            ),
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
        let c = load_conflict(&tx, id)
            .map_err(|_| StoreError::Refused(format!("no conflict {id}; see `loket outreach conflicts`")))?;
        if let Some(done) = c.resolution {
            return Err(StoreError::Refused(format!("conflict {id} is already resolved ({done})")));
        }
        if keep == Keep::Office && c.kind == ConflictKind::NikActive {
            // The office's application stands: the laptop's one is withdrawn, if the lifecycle still allows it.
            let code = c.booking_code.clone().unwrap_or_default();
            super::applications::apply_in(
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
        }
        if keep == Keep::Laptop && c.kind == ConflictKind::OfficeChanged {
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
            &format!(
                "{id} ({}): kept the {} version{}",
                c.kind,
                keep,
                note.map(|n| format!(": {n}")).unwrap_or_default()
            ),
        )?;
        let out = load_conflict(&tx, id)?;
        tx.commit()?;
        Ok(out)
    }
}

impl Store {
    /// Imports a group leader's list as bookings of an outreach event day, all or nothing (a supervisor action).
    /// Members go into the day's last event slot, so the whole group may check in together whenever the event
    /// is open. The fee comes from the catalogue; `paid_at` from the list, if given. Returns the booking codes,
    /// or the problems found against the database (`Ok(Err(..))`, nothing written).
    pub fn import_group(
        &mut self,
        actor: &Actor,
        group: &NewGroup,
        members: &[GroupMember],
        now: DateTime<Utc>,
    ) -> Result<std::result::Result<Vec<String>, GroupProblems>> {
        actor.require(Role::Supervisor, "importing a group list")?;
        let code = group.code.trim().to_ascii_uppercase();
        if code.is_empty() || code.chars().count() > 20 {
            return Err(StoreError::Refused("the group code must be 1-20 characters".into()));
        }
        for (field, v) in [("group name", &group.name), ("leader", &group.leader), ("contact", &group.contact)] {
            if v.trim().is_empty() || v.trim().chars().count() > 100 {
                return Err(StoreError::Refused(format!("the {field} must be 1-100 characters")));
            }
        }
        let tx = self.write()?;
        office_node(&tx)?;
        let event = load_event(&tx, group.event_id)?;
        if group.day < event.first_day || group.day > event.last_day {
            return Err(OutreachRefusal::NotEventDay {
                today: group.day,
                first: event.first_day,
                last: event.last_day,
            }
            .into());
        }
        let existing: Option<i64> = tx
            .query_row("SELECT event_id FROM outreach_groups WHERE code = ?1", [&code], |r| r.get(0))
            .optional()?
            .flatten();
        match existing {
            Some(e) if e != event.id => {
                return Err(StoreError::Refused(format!("group {code} belongs to event {e}")));
            }
            Some(_) => {}
            None => {
                tx.execute(
                    "INSERT INTO outreach_groups (code, name, leader, contact, event_id, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    rusqlite::params![
                        code,
                        group.name.trim(),
                        group.leader.trim(),
                        group.contact.trim(),
                        event.id,
                        ts(now)
                    ],
                )?;
            }
        }
        let mut problems: GroupProblems = Vec::new();
        for m in members {
            if let Err(e) = check_offered(&event.services, m.application_type) {
                problems.push((m.line, "application_type", e.to_string()));
            }
            let active: Option<String> = tx
                .query_row(
                    "SELECT a.booking_code FROM applications a JOIN applicants p ON p.id = a.applicant_id
                     WHERE p.nik = ?1 AND a.status NOT IN ('cancelled', 'rejected', 'handed_over', 'dispatched')",
                    [&m.nik],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(other) = active {
                problems.push((m.line, "nik", format!("already has an active application ({other})")));
            }
        }
        let used = count(
            &tx,
            "SELECT COUNT(*) FROM applications WHERE event_id = ?1 AND slot_date = ?2 AND status <> 'cancelled'",
            (event.id, group.day.to_string()),
        )?;
        let total = used as usize + members.len();
        if total > event.quota_per_day as usize {
            problems.push((
                0,
                "",
                format!(
                    "the event's quota for {} is {} a day: {used} booked + {} in this list",
                    group.day,
                    event.quota_per_day,
                    members.len()
                ),
            ));
        }
        if !problems.is_empty() {
            return Ok(Err(problems));
        }
        let settings = load_settings(&tx)?;
        let (open, close) = (hhmm(&event.opening)?, hhmm(&event.closing)?);
        let (start, end) =
            *event_slots(open, close).last().ok_or_else(|| StoreError::Refused("the event has no slots".into()))?;
        slots::ensure_slot(&tx, &settings, group.day, start, end)?;
        let mut seq =
            count(&tx, "SELECT COUNT(*) FROM applications WHERE event_id = ?1 AND source = 'outreach'", [event.id])?;
        let mut codes = Vec::with_capacity(members.len());
        for m in members {
            seq += 1;
            let booking_code = format!("EV{:03}{seq:05}", event.id);
            let billing_code = format!("8{}{:02}{seq:06}", group.day.format("%y%m%d"), event.id % 100);
            let age = nik::age_on(m.birth_date, group.day);
            let validity: u8 = if age >= crate::domain::walkin::TEN_YEARS_FROM { 10 } else { 5 };
            let fee = fees::quote(group.day, group.passport_kind, validity, Service::Regular, m.application_type)
                .map_err(|e| StoreError::Refused(e.to_string()))?
                .total();
            let applicant_id =
                applicant_for(&tx, &m.nik, m.full_name.trim(), m.sex, m.birth_date, m.phone.as_deref(), now)?;
            let id = new_id();
            tx.execute(
                "INSERT INTO applications (id, booking_code, applicant_id, application_type, purpose, passport_kind,
                    validity_years, service, slot_date, slot_start, billing_code, fee_idr, paid_at, old_passport_no,
                    group_code, source, created_at, updated_at, event_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'reguler', ?8, ?9, ?10, ?11, ?12, ?13, ?14, 'outreach', ?15, ?15, ?16)",
                rusqlite::params![
                    id,
                    booking_code,
                    applicant_id,
                    m.application_type.as_str(),
                    group.purpose.as_str(),
                    group.passport_kind.as_str(),
                    validity,
                    group.day.to_string(),
                    start.format("%H:%M").to_string(),
                    billing_code,
                    i64::try_from(fee).unwrap_or(i64::MAX),
                    m.paid_at.map(ts),
                    m.old_passport_no,
                    code,
                    ts(now),
                    event.id,
                ],
            )?;
            audit::record(
                &tx,
                now,
                &actor.name,
                AuditAction::GroupMember,
                Some(&id),
                None,
                Some("booked"),
                &format!("group {code}, event {} on {}", event.id, group.day),
            )?;
            codes.push(booking_code);
        }
        tx.commit()?;
        Ok(Ok(codes))
    }

    /// A group's progress: its members counted by status (every day of the group).
    pub fn group_progress(&self, code: &str) -> Result<GroupProgress> {
        let code = code.trim().to_ascii_uppercase();
        let (name, leader, contact): (String, String, String) = self
            .conn
            .query_row("SELECT name, leader, contact FROM outreach_groups WHERE code = ?1", [&code], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?
            .ok_or_else(|| StoreError::Refused(format!("no group {code}")))?;
        let mut stmt =
            self.conn.prepare("SELECT status, COUNT(*) FROM applications WHERE group_code = ?1 GROUP BY status")?;
        let counts: Vec<(String, u32)> =
            stmt.query_map([&code], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<Vec<_>, _>>()?;
        let by_status: Vec<(String, u32)> = Status::ALL
            .iter()
            .filter_map(|s| counts.iter().find(|(c, _)| c == s.as_str()).map(|(c, n)| (c.clone(), *n)))
            .collect();
        Ok(GroupProgress { code, name, leader, contact, members: by_status.iter().map(|(_, n)| n).sum(), by_status })
    }

    /// Collective pickup: hands over every ready passport of the group to `collected_by` (usually the leader)
    /// in one transaction, each with its own audit row. Refuses when no member's passport is ready.
    pub fn hand_over_group(
        &mut self,
        actor: &Actor,
        code: &str,
        collected_by: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<Application>> {
        let code = code.trim().to_ascii_uppercase();
        if collected_by.trim().is_empty() {
            return Err(StoreError::Refused("say who collected the passports".into()));
        }
        let tx = self.write()?;
        let ready: Vec<String> = tx
            .prepare("SELECT booking_code FROM applications WHERE group_code = ?1 AND status = 'ready' ORDER BY booking_code")?
            .query_map([&code], |r| r.get(0))?
            .collect::<Result<Vec<_>, _>>()?;
        if ready.is_empty() {
            return Err(StoreError::Refused(format!("no passport of group {code} is ready")));
        }
        let mut done = Vec::with_capacity(ready.len());
        for b in ready {
            done.push(super::applications::apply_in(
                &tx,
                actor,
                &b,
                crate::domain::lifecycle::Event::HandOver(crate::domain::lifecycle::HandOverKind::Counter),
                now,
                |_, _, _| {
                    Ok((
                        vec![
                            ("handed_over_at", Value::Text(ts(now))),
                            ("collected_by", Value::Text(collected_by.trim().to_string())),
                        ],
                        format!("collected by {} for group {code}", collected_by.trim()),
                    ))
                },
            )?);
        }
        tx.commit()?;
        Ok(done)
    }
}

impl Store {
    /// The outreach section of the supervisors' report for events overlapping [from, to] (office-local days).
    pub fn outreach_report(&self, from: NaiveDate, to: NaiveDate) -> Result<OutreachReport> {
        let mut stmt = self.conn.prepare(
            "SELECT e.id, e.name, a.slot_date, a.application_type,
                    SUM(a.status NOT IN ('booked', 'cancelled')),
                    SUM(a.status IN ('approved', 'ready', 'handed_over', 'dispatched')),
                    SUM(a.status = 'rejected'),
                    COALESCE(SUM(CASE WHEN a.status NOT IN ('booked', 'cancelled') AND a.paid_at IS NOT NULL
                                      THEN a.fee_idr END), 0)
             FROM applications a JOIN outreach_events e ON e.id = a.event_id
             WHERE a.slot_date BETWEEN ?1 AND ?2
             GROUP BY e.id, a.slot_date, a.application_type
             UNION ALL
             SELECT e.id, e.name, p.service_date, 'izin_tinggal', COUNT(*),
                    SUM(p.status IN ('approved', 'handed_over')), SUM(p.status = 'refused'),
                    COALESCE(SUM(CASE WHEN p.paid_at IS NOT NULL THEN p.fee_idr END), 0)
             FROM stay_permits p JOIN outreach_events e ON e.id = p.event_id
             WHERE p.service_date BETWEEN ?1 AND ?2
             GROUP BY e.id, p.service_date
             ORDER BY 3, 1, 4",
        )?;
        let rows = stmt
            .query_map((from.to_string(), to.to_string()), |r| {
                Ok(OutreachReportRow {
                    event_id: r.get(0)?,
                    event: r.get(1)?,
                    date: r.get(2)?,
                    service: r.get(3)?,
                    served: r.get(4)?,
                    approved: r.get(5)?,
                    rejected: r.get(6)?,
                    pnbp_idr: r.get(7)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut stmt = self.conn.prepare(
            "SELECT e.id, COALESCE(SUM(c.resolution IS NULL), 0), COALESCE(SUM(c.resolution IS NOT NULL), 0)
             FROM outreach_events e LEFT JOIN outreach_conflicts c ON c.event_id = e.id
             WHERE e.first_day <= ?2 AND e.last_day >= ?1 GROUP BY e.id ORDER BY e.id",
        )?;
        let conflicts = stmt
            .query_map((from.to_string(), to.to_string()), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(OutreachReport { rows, conflicts })
    }
}

fn hhmm(s: &str) -> Result<NaiveTime> {
    parse_hhmm(s).map_err(|_| StoreError::Refused(format!("bad time {s:?} in the event")))
}

fn is_holiday(conn: &Connection, day: NaiveDate) -> Result<bool> {
    Ok(conn.query_row("SELECT EXISTS (SELECT 1 FROM holidays WHERE date = ?1)", [day.to_string()], |r| r.get(0))?)
}

fn applicant_for(
    conn: &Connection,
    nik: &str,
    name: &str,
    sex: Sex,
    birth: NaiveDate,
    phone: Option<&str>,
    now: DateTime<Utc>,
) -> Result<String> {
    let found: Option<String> =
        conn.query_row("SELECT id FROM applicants WHERE nik = ?1", [nik], |r| r.get(0)).optional()?;
    if let Some(id) = found {
        return Ok(id);
    }
    let id = new_id();
    conn.execute(
        "INSERT INTO applicants (id, nik, full_name, name_key, sex, birth_date, phone, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        rusqlite::params![
            id,
            nik,
            name,
            crate::domain::name_key(name),
            sex.code(),
            birth.to_string(),
            phone.map(str::trim).filter(|p| !p.is_empty()),
            ts(now)
        ],
    )?;
    Ok(id)
}

/// Builds the laptop file at `path` from the office store (attached read-only for the copy).
fn build_laptop(
    office_store: &Store,
    path: &Path,
    office: &NodeInfo,
    event: &OutreachEvent,
    laptop_no: u32,
    now: DateTime<Utc>,
) -> Result<PackSummary> {
    let mut settings = office_store.settings()?;
    settings.opening_time = hhmm(&event.opening)?;
    settings.closing_time = hhmm(&event.closing)?;
    settings.slot_template = SlotTemplate::parse(&format!("{}-{}/60", event.opening, event.closing))
        .map_err(|e| StoreError::Refused(format!("the event's hours: {e}")))?;
    let laptop = Store::create(path, &settings)?;
    let conn = laptop.conn;
    // The laptop's node id is its own audit chain's, minted when its database was created.
    let node_id = &audit::node_id(&conn)?;
    conn.execute("ATTACH DATABASE ?1 AS office", [office_store.path().display().to_string()])?;
    let copied = (|| -> Result<PackSummary> {
        let tx = conn.unchecked_transaction()?;
        let days = (event.first_day.to_string(), event.last_day.to_string());
        tx.execute_batch(
            "DELETE FROM main.holidays; INSERT INTO main.holidays SELECT * FROM office.holidays;
             DELETE FROM main.counters; INSERT INTO main.counters SELECT * FROM office.counters;
             INSERT INTO main.officers SELECT * FROM office.officers;
             INSERT INTO main.watchlist_imports SELECT * FROM office.watchlist_imports
               WHERE version = (SELECT MAX(version) FROM office.watchlist_imports);
             INSERT INTO main.watchlist SELECT * FROM office.watchlist
               WHERE version = (SELECT MAX(version) FROM office.watchlist_imports);",
        )?;
        tx.execute("INSERT INTO main.outreach_events SELECT * FROM office.outreach_events WHERE id = ?1", [event.id])?;
        tx.execute("INSERT INTO main.slots SELECT * FROM office.slots WHERE date BETWEEN ?1 AND ?2", days)?;
        tx.execute(
            "INSERT INTO main.outreach_groups SELECT * FROM office.outreach_groups WHERE event_id = ?1",
            [event.id],
        )?;
        tx.execute(
            "INSERT INTO main.applicants SELECT * FROM office.applicants WHERE id IN
               (SELECT applicant_id FROM office.applications WHERE event_id = ?1 AND status <> 'cancelled')",
            [event.id],
        )?;
        let applications = tx.execute(
            "INSERT INTO main.applications SELECT * FROM office.applications WHERE event_id = ?1 AND status <> 'cancelled'",
            [event.id],
        )?;
        tx.execute(
            "INSERT INTO main.outreach_baselines (application_id, node_id, updated_at, status)
             SELECT id, ?1, updated_at, status FROM main.applications",
            [node_id],
        )?;
        tx.execute(
            "INSERT INTO main.outreach_node (singleton, kind, office_id, node_id, laptop_no, event_id, packed_at)
             VALUES (1, 'laptop', ?1, ?2, ?3, ?4, ?5)",
            rusqlite::params![office.office_id, node_id, laptop_no, event.id, ts(now)],
        )?;
        let officers = count(&tx, "SELECT COUNT(*) FROM main.officers", [])?;
        tx.commit()?;
        Ok(PackSummary {
            event_id: event.id,
            laptop_no,
            node_id: node_id.to_string(),
            applications: applications as u32,
            officers,
        })
    })();
    conn.execute("DETACH DATABASE office", [])?;
    // Fold the WAL into the file so the laptop database is one self-contained file.
    conn.pragma_update(None, "journal_mode", "DELETE")?;
    drop(conn);
    copied
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
    let id = get(&application, "id").unwrap_or_default();
    let exists: bool = tx.query_row("SELECT EXISTS (SELECT 1 FROM applications WHERE id = ?1)", [&id], |r| r.get(0))?;
    if exists {
        update_row(tx, "applications", &application)?;
    } else {
        insert_row(tx, "applications", &application, false)?;
    }
    for e in events {
        insert_row(tx, "audit_log", e, true)?;
        tx.execute("DELETE FROM outreach_held_events WHERE event_id = ?1", [get(e, "id")])?;
    }
    tx.execute(
        "INSERT INTO outreach_baselines (application_id, node_id, updated_at, status) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (application_id, node_id) DO UPDATE SET updated_at = excluded.updated_at,
            status = excluded.status",
        (&id, node_id, get(&application, "updated_at"), get(&application, "status")),
    )?;
    Ok(())
}

/// Inserts `row`, or overwrites the existing row with the same id when `row` is newer (by `updated_at`).
fn upsert_newer(tx: &Connection, table: &str, row: &Row) -> Result<()> {
    let cols: Vec<&str> = row.iter().map(|(k, _)| k.as_str()).collect();
    let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
    let sets: Vec<String> = cols.iter().filter(|c| **c != "id").map(|c| format!("{c} = excluded.{c}")).collect();
    let sql = format!(
        "INSERT INTO {table} ({}) VALUES ({}) ON CONFLICT (id) DO UPDATE SET {} WHERE excluded.updated_at > {table}.updated_at",
        cols.join(", "),
        marks.join(", "),
        sets.join(", ")
    );
    tx.execute(&sql, rusqlite::params_from_iter(row.iter().map(|(_, v)| v)))?;
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
            let old: String =
                tx.query_row("SELECT laptop_version FROM outreach_conflicts WHERE id = ?1", [id], |r| r.get(0))?;
            let old: serde_json::Value = serde_json::from_str(&old).unwrap_or_default();
            let mut all: Vec<Row> = old
                .get("events")
                .and_then(|e| e.as_array())
                .map(|a| a.iter().map(row_from_json).collect())
                .unwrap_or_default();
            all.extend(events.iter().cloned());
            tx.execute(
                "UPDATE outreach_conflicts SET laptop_version = ?2, resolution = NULL, resolved_at = NULL,
                    resolved_by = NULL WHERE id = ?1",
                (id, unit.to_json(node_id, &all).to_string()),
            )?;
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
/// still open transaction) and waits, so a test can kill the process mid-merge. Never set in production.
fn stall_for_tests() {
    if let Some(marker) = std::env::var_os("LOKET_TEST_MERGE_STALL") {
        let _ = std::fs::write(&marker, b"merging");
        std::thread::sleep(std::time::Duration::from_secs(30));
    }
}

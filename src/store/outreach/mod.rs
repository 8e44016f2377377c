//! Outreach: events created at the office, laptop databases packed for them, walk-ins and groups, and the
//! outreach report. Merging a laptop back lives in `merge`.

mod merge;

pub use merge::{Conflict, MergeRefusal, MergeReport};

use super::applications::{check_in_walk_in, local, Application};
use super::{audit, load_settings, new_id, slots, ts, Actor, GroupField, Refusal, Result, Store, StoreError};
use crate::domain::audit::AuditAction;
use crate::domain::audit_detail::AuditDetail;
use crate::domain::fees;
use crate::domain::lifecycle::Status;
use crate::domain::nik::{self, Sex};
use crate::domain::outreach::{
    check_offered, event_slots, laptop_queue_number, parse_services, services_text, EventService, EventSpec,
    OutreachRefusal,
};
use crate::domain::passport::validate_old_passport_no;
use crate::domain::queue::ServiceLine;
use crate::domain::settings::{parse_hhmm, SlotTemplate};
use crate::domain::types::{ApplicationType, PassportKind, Purpose, Role, Service};
use crate::domain::walkin::WalkInRefusal;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};
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
        .ok_or_else(|| Refusal::NoEvent(id).into())
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
        Some(n) if n.is_laptop() => Err(Refusal::LaptopDatabase.into()),
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
            &AuditDetail::OutreachCreate {
                event: id,
                name: spec.name.trim().to_string(),
                place: spec.place.trim().to_string(),
                first: spec.first_day,
                last: spec.last_day,
            }
            .to_string(),
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
                return Err(Refusal::LaptopsUsedUp.into());
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
                    &AuditDetail::OutreachPack {
                        event: event_id,
                        laptop: laptop_no,
                        bookings: summary.applications as u64,
                    }
                    .to_string(),
                )
            });
        if let Err(e) = recorded {
            drop(tx);
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        std::fs::rename(&tmp, out).map_err(|error| StoreError::File {
            op: super::FileOp::Write,
            path: out.to_path_buf(),
            error,
        })?;
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
        if name.is_empty() {
            return Err(WalkInRefusal::NoName.into());
        }
        if name.chars().count() > 100 {
            return Err(WalkInRefusal::NameTooLong { found: name.chars().count() }.into());
        }
        let nik = nik::parse_registered(&w.nik, today).map_err(WalkInRefusal::from)?;
        nik.check_against(w.sex, w.birth_date).map_err(WalkInRefusal::from)?;
        let age = nik::age_on(w.birth_date, today);
        if w.validity_years == 10 && age < crate::domain::walkin::TEN_YEARS_FROM {
            return Err(WalkInRefusal::TenYearsTooYoung { age }.into());
        }
        let old_passport_no = match w.old_passport_no.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(no) => Some(validate_old_passport_no(no).map_err(WalkInRefusal::from)?),
            None if w.application_type.needs_old_passport() => {
                return Err(WalkInRefusal::NoOldPassport { app_type: w.application_type }.into())
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
            .map_err(Refusal::from)?
            .total();
        let slots_of_day = event_slots(open, close);
        let (start, end) = slots_of_day
            .iter()
            .copied()
            .find(|(s, e)| *s <= here.time() && here.time() < *e)
            .ok_or(Refusal::NoEventSlotNow)?;
        slots::ensure_slot(&tx, &settings, today, start, end)?;
        let seq =
            count(&tx, "SELECT COUNT(*) FROM applications WHERE source = 'outreach' AND booking_code LIKE 'OR%'", [])?
                + 1;
        let booking_code = format!("OR{laptop:02}{}{seq:04}", today.format("%y%m%d"));
        let billing_code = format!("9{}{laptop:02}{seq:06}", today.format("%y%m%d"));
        let applicant_id = applicant_for(&tx, nik.as_str(), name, w.sex, w.birth_date, w.phone.as_deref(), now)?;
        let id = new_id();
        insert_application(
            &tx,
            &EventApplication {
                id: &id,
                booking_code: &booking_code,
                applicant_id: &applicant_id,
                application_type: w.application_type.as_str(),
                purpose: w.purpose.as_str(),
                passport_kind: w.passport_kind.as_str(),
                validity_years: w.validity_years,
                day: today,
                start,
                billing_code: &billing_code,
                fee,
                paid_at: Some(now),
                old_passport_no: old_passport_no.as_deref(),
                group_code: w.group_code.as_deref().map(str::trim).filter(|g| !g.is_empty()),
                created_at: now,
                event_id: event.id,
            },
        )?;
        audit::record(
            &tx,
            now,
            &actor.name,
            AuditAction::OutreachWalkIn,
            Some(&id),
            None,
            Some("booked"),
            &AuditDetail::OutreachWalkIn { event: event.id, fee, billing: billing_code.to_string() }.to_string(),
        )?;
        let app = check_in_walk_in(&tx, actor, &booking_code, now)?;
        tx.commit()?;
        Ok(app)
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
            return Err(Refusal::GroupCodeLength.into());
        }
        let fields = [
            (GroupField::Name, &group.name),
            (GroupField::Leader, &group.leader),
            (GroupField::Contact, &group.contact),
        ];
        for (field, v) in fields {
            if v.trim().is_empty() || v.trim().chars().count() > 100 {
                return Err(Refusal::GroupFieldLength(field).into());
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
                return Err(Refusal::GroupOfOtherEvent { group: code, event: e }.into());
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
        let (start, end) = *event_slots(open, close).last().ok_or(Refusal::EventHasNoSlots)?;
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
                .map_err(Refusal::from)?
                .total();
            let applicant_id =
                applicant_for(&tx, &m.nik, m.full_name.trim(), m.sex, m.birth_date, m.phone.as_deref(), now)?;
            let id = new_id();
            insert_application(
                &tx,
                &EventApplication {
                    id: &id,
                    booking_code: &booking_code,
                    applicant_id: &applicant_id,
                    application_type: m.application_type.as_str(),
                    purpose: group.purpose.as_str(),
                    passport_kind: group.passport_kind.as_str(),
                    validity_years: validity,
                    day: group.day,
                    start,
                    billing_code: &billing_code,
                    fee,
                    paid_at: m.paid_at,
                    old_passport_no: m.old_passport_no.as_deref(),
                    group_code: Some(code.as_str()),
                    created_at: now,
                    event_id: event.id,
                },
            )?;
            audit::record(
                &tx,
                now,
                &actor.name,
                AuditAction::GroupMember,
                Some(&id),
                None,
                Some("booked"),
                &AuditDetail::GroupMember { group: code.to_string(), event: event.id, day: group.day }.to_string(),
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
            .ok_or_else(|| Refusal::NoGroupCode(code.clone()))?;
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
            return Err(Refusal::NoGroupCollector.into());
        }
        let tx = self.write()?;
        let ready: Vec<String> = tx
            .prepare("SELECT booking_code FROM applications WHERE group_code = ?1 AND status = 'ready' ORDER BY booking_code")?
            .query_map([&code], |r| r.get(0))?
            .collect::<Result<Vec<_>, _>>()?;
        if ready.is_empty() {
            return Err(Refusal::NoneReady(code).into());
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
                        AuditDetail::Collected { by: collected_by.trim().to_string(), group: Some(code.to_string()) }
                            .to_string(),
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
    parse_hhmm(s).map_err(|_| Refusal::BadEventTime(s.to_string()).into())
}

fn is_holiday(conn: &Connection, day: NaiveDate) -> Result<bool> {
    Ok(conn.query_row("SELECT EXISTS (SELECT 1 FROM holidays WHERE date = ?1)", [day.to_string()], |r| r.get(0))?)
}

/// An application of an outreach event (a walk-in on a laptop, or a member of a group's list): regular
/// service, source `outreach`, tagged with its event.
struct EventApplication<'a> {
    id: &'a str,
    booking_code: &'a str,
    applicant_id: &'a str,
    application_type: &'a str,
    purpose: &'a str,
    passport_kind: &'a str,
    validity_years: u8,
    day: NaiveDate,
    start: NaiveTime,
    billing_code: &'a str,
    fee: u64,
    paid_at: Option<DateTime<Utc>>,
    old_passport_no: Option<&'a str>,
    group_code: Option<&'a str>,
    created_at: DateTime<Utc>,
    event_id: i64,
}

fn insert_application(tx: &Connection, a: &EventApplication<'_>) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO applications (id, booking_code, applicant_id, application_type, purpose, passport_kind,
            validity_years, service, slot_date, slot_start, billing_code, fee_idr, paid_at, old_passport_no,
            group_code, source, created_at, updated_at, event_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'reguler', ?8, ?9, ?10, ?11, ?12, ?13, ?14, 'outreach', ?15, ?15, ?16)",
    )?
    .execute(rusqlite::params![
        a.id,
        a.booking_code,
        a.applicant_id,
        a.application_type,
        a.purpose,
        a.passport_kind,
        a.validity_years,
        a.day.to_string(),
        a.start.format("%H:%M").to_string(),
        a.billing_code,
        i64::try_from(a.fee).unwrap_or(i64::MAX),
        a.paid_at.map(ts),
        a.old_passport_no,
        a.group_code,
        ts(a.created_at),
        a.event_id,
    ])?;
    Ok(())
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
    settings.slot_template =
        SlotTemplate::parse(&format!("{}-{}/60", event.opening, event.closing)).map_err(Refusal::EventHours)?;
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

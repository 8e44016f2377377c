//! Read-only queries behind the supervisors' report (`crate::report`). They return the raw facts of a range
//! of office-local days; the report module turns them into figures. Nothing here writes.

use super::{audit::day_bounds_utc, Result, Store};
use crate::domain::audit::AuditAction;
use crate::domain::lifecycle::{CancelReason, RejectionReason, Status};
use crate::domain::types::{PriorityReason, Service};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::{Type, ValueRef};
use rusqlite::{OptionalExtension, Row};
use std::collections::HashMap;
use std::sync::Arc;

/// One arrival slot of a day in the range, with its quota.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportSlot {
    pub date: NaiveDate,
    pub start: String,
    pub end: String,
    pub quota: u32,
}

/// A desk event of an application, from the audit log: `check_in`, `call`, `transfer`, `put_back`, `absent`,
/// `approve` or `reject`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskEvent {
    pub at: DateTime<Utc>,
    /// Shared between the events of one officer (a month holds ~60,000 events of a few dozen officers).
    pub officer: Arc<str>,
    pub action: AuditAction,
    /// The counter of a call, transfer or decision (the audit row's own column).
    pub counter: Option<u32>,
}

/// One application whose slot date lies in the range, as it stands now, with its desk events oldest first.
/// Applications written without per-change audit rows (demo history) have no events; their columns still hold
/// the last check-in, call and decision.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportVisit {
    pub booking_code: String,
    pub slot_date: NaiveDate,
    pub slot_start: String,
    pub service: Service,
    pub priority_reason: Option<PriorityReason>,
    /// Registered at the desk as a priority walk-in (`source = 'walk_in'`).
    pub walk_in: bool,
    pub queue_no: Option<String>,
    pub fee_idr: u64,
    pub paid: bool,
    pub status: Status,
    pub checked_in_at: Option<DateTime<Utc>>,
    pub called_at: Option<DateTime<Utc>>,
    pub counter_no: Option<u32>,
    pub decided_at: Option<DateTime<Utc>>,
    pub rejection_reason: Option<RejectionReason>,
    pub cancel_reason: Option<CancelReason>,
    pub events: Vec<DeskEvent>,
}

/// What the headline figures of a period (the previous period of a report) need of one application: a few of
/// its columns and, from its desk events, the first check-in, the first call and whether a decision was
/// recorded (see `report::figures::replay`, which the whole report runs on every event).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodVisit {
    pub walk_in: bool,
    pub fee_idr: u64,
    pub rejection_reason: Option<RejectionReason>,
    pub cancel_reason: Option<CancelReason>,
    pub checked_in_at: Option<DateTime<Utc>>,
    pub called_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
    /// The earliest `check_in` event.
    pub first_check_in: Option<DateTime<Utc>>,
    /// The earliest `call` event.
    pub first_call: Option<DateTime<Utc>>,
    /// An `approve` or `reject` event was recorded.
    pub decision_event: bool,
}

/// One counter session overlapping the range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportSession {
    pub counter: u32,
    pub officer: String,
    pub signed_in_at: DateTime<Utc>,
    pub signed_out_at: Option<DateTime<Utc>>,
}

/// Passports that moved during the range (by the instant of the move).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PassportMoves {
    pub made_ready: u32,
    pub handed_over: u32,
    pub dispatched: u32,
}

/// Two ASCII digits at `i` as a number.
fn two_digits(b: &[u8], i: usize) -> Option<u32> {
    let (h, l) = (b[i].wrapping_sub(b'0'), b[i + 1].wrapping_sub(b'0'));
    (h < 10 && l < 10).then(|| u32::from(h) * 10 + u32::from(l))
}

/// "YYYY-MM-DD" without chrono's format machinery (a month's report reads ~60,000 dates and instants).
fn fast_date(b: &[u8]) -> Option<NaiveDate> {
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = two_digits(b, 0)? * 100 + two_digits(b, 2)?;
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, two_digits(b, 5)?, two_digits(b, 8)?)
}

/// An instant in the one form loket stores ("2026-11-25T02:39:00Z", see `store::ts`), read without chrono's
/// general RFC 3339 parser; any other form goes through that parser.
fn parse_instant(b: &[u8]) -> Option<DateTime<Utc>> {
    if b.len() == 20 && b[10] == b'T' && b[13] == b':' && b[16] == b':' && b[19] == b'Z' {
        if let Some(t) =
            fast_date(b).and_then(|d| d.and_hms_opt(two_digits(b, 11)?, two_digits(b, 14)?, two_digits(b, 17)?))
        {
            return Some(t.and_utc());
        }
    }
    let s = std::str::from_utf8(b).ok()?;
    DateTime::parse_from_rfc3339(s).ok().map(|t| t.with_timezone(&Utc))
}

fn conversion(i: usize, what: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(i, Type::Text, what.into())
}

/// The text of column `i` without copying it; `None` for NULL.
fn text<'r>(r: &'r Row<'_>, i: usize) -> rusqlite::Result<Option<&'r [u8]>> {
    match r.get_ref(i)? {
        ValueRef::Null => Ok(None),
        ValueRef::Text(b) => Ok(Some(b)),
        other => Err(rusqlite::Error::InvalidColumnType(i, "text".into(), other.data_type())),
    }
}

fn instant(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
    match text(r, i)? {
        None => Ok(None),
        Some(b) => parse_instant(b)
            .map(Some)
            .ok_or_else(|| conversion(i, format!("{:?}: not an RFC 3339 instant", String::from_utf8_lossy(b)))),
    }
}

fn required(r: &Row<'_>, i: usize) -> rusqlite::Result<DateTime<Utc>> {
    instant(r, i)?.ok_or(rusqlite::Error::InvalidColumnType(i, "instant".into(), Type::Null))
}

fn date(r: &Row<'_>, i: usize) -> rusqlite::Result<NaiveDate> {
    let b = text(r, i)?.ok_or(rusqlite::Error::InvalidColumnType(i, "date".into(), Type::Null))?;
    match fast_date(b) {
        Some(d) if b.len() == 10 => Ok(d),
        _ => r.get(i),
    }
}

fn code<T>(r: &Row<'_>, i: usize, parse: fn(&str) -> Option<T>) -> rusqlite::Result<Option<T>> {
    match text(r, i)? {
        None => Ok(None),
        Some(b) => std::str::from_utf8(b)
            .ok()
            .and_then(parse)
            .map(Some)
            .ok_or_else(|| conversion(i, format!("unknown code {:?}", String::from_utf8_lossy(b)))),
    }
}

/// The report's queries. Each is bounded by the range through an index (tests/report_plan.rs checks the plans).
const SLOTS_SQL: &str = "SELECT date, start_time, end_time, quota FROM slots WHERE date BETWEEN ?1 AND ?2
     ORDER BY date, start_time";
const DAYS_OFF_SQL: &str = "SELECT date, name FROM holidays WHERE date BETWEEN ?1 AND ?2 ORDER BY date";
/// No `ORDER BY`: the rows are sorted in Rust (by slot date, slot start, booking code); SQLite's sorter costs
/// more than the read itself on a month of applications. Visits and their events are matched by the
/// application's rowid (no text ids to copy and hash).
const VISITS_SQL: &str = "SELECT rowid, booking_code, slot_date, slot_start, service, priority_reason,
        source = 'walk_in', queue_no, fee_idr, paid_at IS NOT NULL, status, checked_in_at, called_at, counter_no,
        decided_at, rejection_reason, cancel_reason
     FROM applications WHERE slot_date BETWEEN ?1 AND ?2";
/// The desk actions the report replays: `check_in`, `call`, `transfer`, `put_back`, `absent`, `approve`, `reject`.
/// `CROSS JOIN` keeps applications as the outer loop (the range through `applications_day_queue`, then each
/// application's rows, one application's after the other); without it, and with an `ORDER BY`, SQLite may choose
/// to walk the whole audit log in index order for a long range. The `IN` list is the `WHERE` of the partial index
/// `audit_desk_events` (migration 9), which holds every column read here: the audit rows themselves (hashes,
/// details) are never read, so a month's report reads a few megabytes of index instead of the month's audit rows.
/// Events are put in order in Rust. (One `LEFT JOIN` of visits and events was tried: it copies the visit's
/// columns once per event and cost more than the two reads.)
const DESK_EVENTS_SQL: &str = "SELECT a.rowid, l.at, l.officer, l.action, l.counter_no, l.rowid
     FROM applications a CROSS JOIN audit_log l ON l.application_id = a.id
     WHERE a.slot_date BETWEEN ?1 AND ?2
       AND l.action IN ('check_in', 'call', 'transfer', 'put_back', 'absent', 'approve', 'reject')";
/// The previous period's applications: only the columns its headline figures need (no texts to copy, no order).
const PERIOD_VISITS_SQL: &str = "SELECT rowid, source = 'walk_in', fee_idr, rejection_reason, cancel_reason,
        checked_in_at, called_at, decided_at
     FROM applications WHERE slot_date BETWEEN ?1 AND ?2";
/// Their desk events, as DESK_EVENTS_SQL reads them, without the officer and the counter.
const PERIOD_EVENTS_SQL: &str = "SELECT a.rowid, l.at, l.action
     FROM applications a CROSS JOIN audit_log l ON l.application_id = a.id
     WHERE a.slot_date BETWEEN ?1 AND ?2
       AND l.action IN ('check_in', 'call', 'transfer', 'put_back', 'absent', 'approve', 'reject')";
const RESCHEDULES_SQL: &str = "SELECT detail LIKE 'special:%', at FROM audit_log
     WHERE action = 'reschedule'
       AND (CASE WHEN detail LIKE 'special:%' THEN substr(detail, 10, 10) ELSE substr(detail, 1, 10) END)
           BETWEEN ?1 AND ?2
     ORDER BY at";
const SESSIONS_SQL: &str = "SELECT counter_no, officer, signed_in_at, signed_out_at FROM counter_sessions
     WHERE signed_in_at < ?2 AND (signed_out_at IS NULL OR signed_out_at > ?1)";
/// `+status` keeps SQLite from reading every handed-over passport ever through the status index; the hand-overs
/// are counted from `applications_handed_over_status` alone (it holds the status, migration 9).
const MOVES_SQL: &str = "SELECT
        (SELECT COUNT(*) FROM applications WHERE ready_at >= ?1 AND ready_at < ?2),
        (SELECT COUNT(*) FROM applications WHERE handed_over_at >= ?1 AND handed_over_at < ?2
           AND +status = 'handed_over'),
        (SELECT COUNT(*) FROM applications WHERE handed_over_at >= ?1 AND handed_over_at < ?2
           AND +status = 'dispatched')";
/// How long after `end` the backlog looks for passports that left the shelf (handed over, dispatched, cancelled as
/// uncollected) after `end`: a passport made ready before `end` that left within this window is found through the
/// instant it left, bounded on both sides; one that stayed longer on the shelf is in the small partial index
/// `applications_long_shelf` (migration 12, whose `WHERE` uses the same 45 days). So a report of a day long past
/// reads the weeks after that day, not every hand-over since.
pub const SHELF_WINDOW_DAYS: i64 = 45;

/// Passports ready before `?1` (the end of the day) and not collected by then, in four disjoint parts (a
/// `UNION ALL`, so SQLite never sorts to remove duplicates), each bounded through its own index:
/// 1. still on the shelf now: the backlog index, named (as the day close does): `ready_at < end` would otherwise
///    let SQLite pick `applications_ready_at`, i.e. every passport ever made ready before `end`;
/// 2. handed over or dispatched in [`end`, `?2` = end + [`SHELF_WINDOW_DAYS`]): `applications_handed_over_status`
///    holds the instant, the status and `ready_at` (migration 12), so the part reads that index alone;
/// 3. cancelled as uncollected (never handed over) in the same window: the small index of such cancellations;
/// 4. left the shelf at or after `?2`: made ready before `end`, so on the shelf longer than the window: the partial
///    index of long shelf times, whose `WHERE` this part repeats term for term.
///
/// No `ORDER BY` (the rows are sorted in Rust).
const UNCOLLECTED_SQL: &str = "
        SELECT ready_at FROM applications INDEXED BY applications_ready_backlog
         WHERE status = 'ready' AND ready_at < ?1 AND cancelled_at IS NULL
        UNION ALL
        SELECT ready_at FROM applications INDEXED BY applications_handed_over_status
         WHERE handed_over_at >= ?1 AND handed_over_at < ?2 AND ready_at < ?1
        UNION ALL
        SELECT ready_at FROM applications INDEXED BY applications_uncollected_cancelled
         WHERE cancelled_at >= ?1 AND cancelled_at < ?2 AND ready_at < ?1 AND handed_over_at IS NULL
        UNION ALL
        SELECT ready_at FROM applications INDEXED BY applications_long_shelf
         WHERE coalesce(handed_over_at, cancelled_at) > strftime('%Y-%m-%dT%H:%M:%SZ', ready_at, '+45 days')
           AND ready_at < ?1
           AND (handed_over_at >= ?2 OR (handed_over_at IS NULL AND cancelled_at >= ?2))";

/// The visit columns of a row of VISITS_SQL (its events come after).
fn visit(r: &Row<'_>) -> rusqlite::Result<ReportVisit> {
    let fee: i64 = r.get(8)?;
    Ok(ReportVisit {
        booking_code: r.get(1)?,
        slot_date: date(r, 2)?,
        slot_start: r.get(3)?,
        service: code(r, 4, Service::parse)?.unwrap_or(Service::Regular),
        priority_reason: code(r, 5, PriorityReason::parse)?,
        walk_in: r.get(6)?,
        queue_no: r.get(7)?,
        fee_idr: u64::try_from(fee).unwrap_or(0),
        paid: r.get(9)?,
        status: code(r, 10, Status::parse)?.unwrap_or(Status::Booked),
        checked_in_at: instant(r, 11)?,
        called_at: instant(r, 12)?,
        counter_no: r.get(13)?,
        decided_at: instant(r, 14)?,
        rejection_reason: code(r, 15, RejectionReason::parse)?,
        cancel_reason: code(r, 16, CancelReason::parse)?,
        events: Vec::new(),
    })
}

/// The positions of the visits as read, in report order: by slot date, slot start and booking code. SQLite gives
/// them through the day queue index, i.e. already by slot date and slot start (not promised without an
/// `ORDER BY`, whose sorter costs more than the read, see VISITS_SQL): then only each slot's few hundred
/// visits are sorted by code; otherwise all of them are sorted. Positions are sorted, not the visits, which are
/// large to move.
fn visit_order(read: &[(i64, ReportVisit)]) -> Vec<usize> {
    let slot = |i: usize| (read[i].1.slot_date, read[i].1.slot_start.as_str());
    let code = |i: usize| read[i].1.booking_code.as_str();
    let mut order: Vec<usize> = (0..read.len()).collect();
    if order.is_sorted_by_key(|&i| slot(i)) {
        for group in order.chunk_by_mut(|&a, &b| slot(a) == slot(b)) {
            group.sort_unstable_by_key(|&i| code(i));
        }
    } else {
        order.sort_unstable_by(|&a, &b| (slot(a), code(a)).cmp(&(slot(b), code(b))));
    }
    order
}

/// Adds the events of `run` (with their audit rowids; emptied) to the visit's, and puts them oldest first, events
/// of the same instant in the order they were written. The index gives them by instant already, so this rarely
/// moves any.
fn append_events(v: &mut ReportVisit, run: &mut Vec<(i64, DeskEvent)>) {
    if !run.is_sorted_by_key(|(rowid, e)| (e.at, *rowid)) {
        run.sort_by_key(|(rowid, e)| (e.at, *rowid));
    }
    v.events.extend(run.drain(..).map(|(_, e)| e));
}

/// The chain head at the end of a range: the hash of the office chain's last row, by sequence, among those whose
/// instant is before `?2` (an hour, 'YYYY-MM-DDTHH'), the sequence number read from `audit_chain_hours` (the last
/// sequence number per hour of instant, migration 12): a few rows per day of history instead of every audit row
/// written since the end of the range (what walking the chain back from its head reads).
const CHAIN_HEAD_SQL: &str = "SELECT hash FROM audit_log WHERE node_id = ?1
        AND seq = (SELECT max(last_seq) FROM audit_chain_hours WHERE node_id = ?1 AND hour < ?2)";

/// `end` + [`SHELF_WINDOW_DAYS`] in the stored instant format.
fn shelf_window_end(end: &str) -> rusqlite::Result<String> {
    let at = parse_instant(end.as_bytes()).ok_or_else(|| conversion(0, format!("{end:?}: not an RFC 3339 instant")))?;
    Ok(super::ts(at + chrono::Duration::days(SHELF_WINDOW_DAYS)))
}

impl Store {
    /// The UTC instants [start, end) covering the office-local days `from..=to`, as stored text.
    pub fn range_bounds_utc(&self, from: NaiveDate, to: NaiveDate) -> Result<(String, String)> {
        let settings = self.settings()?;
        Ok((day_bounds_utc(&settings, from).0, day_bounds_utc(&settings, to).1))
    }

    /// Slots of the days `from..=to`, by date and start time.
    pub fn report_slots(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<ReportSlot>> {
        let mut stmt = self.conn.prepare_cached(SLOTS_SQL)?;
        let rows = stmt.query_map((from.to_string(), to.to_string()), |r| {
            Ok(ReportSlot { date: r.get(0)?, start: r.get(1)?, end: r.get(2)?, quota: r.get(3)? })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Days off (holidays, collective leave, closures) in `from..=to` as (date, name).
    pub fn report_days_off(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<(NaiveDate, String)>> {
        let mut stmt = self.conn.prepare_cached(DAYS_OFF_SQL)?;
        let rows = stmt.query_map((from.to_string(), to.to_string()), |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Every application with its slot date in `from..=to` (cancelled ones included), with its desk events
    /// oldest first (events of the same instant in the order they were written), by slot date, slot start and
    /// booking code.
    pub fn report_visits(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<ReportVisit>> {
        let (f, t) = (from.to_string(), to.to_string());
        let params = (&f, &t);
        let mut stmt = self.conn.prepare_cached(VISITS_SQL)?;
        let rows = stmt.query_map(params, |r| Ok((r.get::<_, i64>(0)?, visit(r)?)))?;
        let read = rows.collect::<Result<Vec<(i64, ReportVisit)>, _>>()?;
        let order = visit_order(&read);
        let mut read: Vec<Option<(i64, ReportVisit)>> = read.into_iter().map(Some).collect();
        let mut by_rowid: Vec<(i64, usize)> = Vec::with_capacity(order.len());
        let mut visits = Vec::with_capacity(order.len());
        for (i, at) in order.into_iter().enumerate() {
            if let Some((rowid, visit)) = read[at].take() {
                by_rowid.push((rowid, i));
                visits.push(visit);
            }
        }
        by_rowid.sort_unstable();
        let mut stmt = self.conn.prepare_cached(DESK_EVENTS_SQL)?;
        let mut rows = stmt.query(params)?;
        let mut officers: HashMap<Box<[u8]>, Arc<str>> = HashMap::new();
        // The events of one application come one after the other: gathered here with their audit rowids.
        let mut run: Vec<(i64, DeskEvent)> = Vec::new();
        let mut run_of: Option<usize> = None;
        // The application of the previous row and its visit (an application's events come one after the other).
        let mut last_app: Option<(i64, Option<usize>)> = None;
        // The officer of the previous row: mostly the same from one event to the next.
        let mut last_officer: Option<(Box<[u8]>, Arc<str>)> = None;
        while let Some(r) = rows.next()? {
            let app: i64 = r.get(0)?;
            let found = match last_app {
                Some((rowid, found)) if rowid == app => found,
                _ => {
                    let found = by_rowid.binary_search_by_key(&app, |(rowid, _)| *rowid).ok().map(|f| by_rowid[f].1);
                    last_app = Some((app, found));
                    found
                }
            };
            // An application written after the visits were read (another desk) is not in the report.
            let Some(i) = found else { continue };
            if run_of != Some(i) {
                if let Some(prev) = run_of {
                    append_events(&mut visits[prev], &mut run);
                }
                run_of = Some(i);
            }
            let name = text(r, 2)?.unwrap_or_default();
            let officer = match &last_officer {
                Some((bytes, o)) if **bytes == *name => o.clone(),
                _ => {
                    let o = match officers.get(name) {
                        Some(o) => o.clone(),
                        None => {
                            let o: Arc<str> = String::from_utf8_lossy(name).into();
                            officers.insert(name.into(), o.clone());
                            o
                        }
                    };
                    last_officer = Some((name.into(), o.clone()));
                    o
                }
            };
            let action = code(r, 3, AuditAction::parse)?.ok_or(rusqlite::Error::InvalidColumnType(
                3,
                "action".into(),
                Type::Null,
            ))?;
            run.push((r.get(5)?, DeskEvent { at: required(r, 1)?, officer, action, counter: r.get(4)? }));
        }
        if let Some(prev) = run_of {
            append_events(&mut visits[prev], &mut run);
        }
        Ok(visits)
    }

    /// What the headline figures of `from..=to` need of each application with its slot date in the range
    /// (cancelled ones included), in no particular order: for the previous period of a report, whose other
    /// figures are not shown.
    pub fn report_period_visits(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<PeriodVisit>> {
        let (f, t) = (from.to_string(), to.to_string());
        let params = (&f, &t);
        let mut stmt = self.conn.prepare_cached(PERIOD_VISITS_SQL)?;
        let rows = stmt.query_map(params, |r| {
            let fee: i64 = r.get(2)?;
            let visit = PeriodVisit {
                walk_in: r.get(1)?,
                fee_idr: u64::try_from(fee).unwrap_or(0),
                rejection_reason: code(r, 3, RejectionReason::parse)?,
                cancel_reason: code(r, 4, CancelReason::parse)?,
                checked_in_at: instant(r, 5)?,
                called_at: instant(r, 6)?,
                decided_at: instant(r, 7)?,
                first_check_in: None,
                first_call: None,
                decision_event: false,
            };
            Ok((r.get::<_, i64>(0)?, visit))
        })?;
        let (rowids, mut visits): (Vec<i64>, Vec<PeriodVisit>) =
            rows.collect::<Result<Vec<_>, _>>()?.into_iter().unzip();
        let mut by_rowid: Vec<(i64, usize)> = rowids.into_iter().enumerate().map(|(i, id)| (id, i)).collect();
        by_rowid.sort_unstable();
        let mut stmt = self.conn.prepare_cached(PERIOD_EVENTS_SQL)?;
        let mut rows = stmt.query(params)?;
        while let Some(r) = rows.next()? {
            let app: i64 = r.get(0)?;
            // An application written after the visits were read (another desk) is not in the figures.
            let Ok(found) = by_rowid.binary_search_by_key(&app, |(rowid, _)| *rowid) else { continue };
            let v = &mut visits[by_rowid[found].1];
            let at = required(r, 1)?;
            let earliest = |t: &mut Option<DateTime<Utc>>| *t = Some(t.map_or(at, |t| t.min(at)));
            match code(r, 2, AuditAction::parse)? {
                Some(AuditAction::CheckIn) => earliest(&mut v.first_check_in),
                Some(AuditAction::Call) => earliest(&mut v.first_call),
                Some(AuditAction::Approve | AuditAction::Reject) => v.decision_event = true,
                _ => {}
            }
        }
        Ok(visits)
    }

    /// Reschedules that moved a booking away from a slot date in `from..=to`, as (is special, at). The old slot
    /// date is read from the audit detail ("YYYY-MM-DD HH:MM -> …", special ones "special: YYYY-MM-DD …"); the
    /// expression is the one of the index `audit_reschedule_from`, so only the range's rows are read.
    pub fn report_reschedules(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<(bool, DateTime<Utc>)>> {
        let mut stmt = self.conn.prepare_cached(RESCHEDULES_SQL)?;
        let rows = stmt.query_map((from.to_string(), to.to_string()), |r| Ok((r.get(0)?, required(r, 1)?)))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// The names of the supervisors' accounts (a supervisor without counter time is not an idle officer).
    pub fn report_supervisors(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached("SELECT name FROM officers WHERE role = 'supervisor' ORDER BY name")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Counter sessions overlapping the UTC instants [start, end) (stored text form), by counter and sign-in.
    pub fn report_sessions(&self, start: &str, end: &str) -> Result<Vec<ReportSession>> {
        let mut stmt = self.conn.prepare_cached(SESSIONS_SQL)?;
        let rows = stmt.query_map((start, end), |r| {
            Ok(ReportSession {
                counter: r.get(0)?,
                officer: r.get(1)?,
                signed_in_at: required(r, 2)?,
                signed_out_at: instant(r, 3)?,
            })
        })?;
        let mut sessions = rows.collect::<Result<Vec<_>, _>>()?;
        // Sorted here, not in SQL, so the query reads through the signed-in index (see SESSIONS_SQL).
        sessions.sort_by_key(|s| (s.counter, s.signed_in_at));
        Ok(sessions)
    }

    /// Passports made ready, handed over at the counter and dispatched by post within [start, end).
    pub fn report_passport_moves(&self, start: &str, end: &str) -> Result<PassportMoves> {
        Ok(self.conn.query_row(MOVES_SQL, (start, end), |r| {
            Ok(PassportMoves { made_ready: r.get(0)?, handed_over: r.get(1)?, dispatched: r.get(2)? })
        })?)
    }

    /// When each passport ready but not collected at the instant `end` was made ready: ready before `end`, not
    /// handed over or dispatched before `end`, not cancelled as uncollected before `end`. Oldest first. Read as
    /// the passports still ready now plus those that left the shelf after `end` (each through its own index,
    /// see UNCOLLECTED_SQL), so neither a report of a recent day nor one of a day long past reads the history.
    pub fn report_uncollected(&self, end: &str) -> Result<Vec<DateTime<Utc>>> {
        let mut stmt = self.conn.prepare_cached(UNCOLLECTED_SQL)?;
        let rows = stmt.query_map([end, &shelf_window_end(end)?], |r| required(r, 0))?;
        let mut ready = rows.collect::<Result<Vec<_>, _>>()?;
        ready.sort_unstable();
        Ok(ready)
    }

    /// The office audit chain's head at the instant `end` (stored text form): the hash of the last row, by
    /// sequence, whose instant is before `end` (`None` for an empty log), as [`Store::chain_head`] gives it. An
    /// `end` on the hour (the office's day ends at midnight of a whole-hour UTC offset) is read through
    /// `audit_chain_hours`, any other through [`Store::chain_head`].
    pub fn report_chain_head(&self, end: &str) -> Result<Option<String>> {
        let Some(hour) = end.strip_suffix(":00:00Z").filter(|h| h.len() == 13) else {
            return self.chain_head(Some(end));
        };
        let node = super::audit::node_id(&self.conn)?;
        let mut stmt = self.conn.prepare_cached(CHAIN_HEAD_SQL)?;
        Ok(stmt.query_row((node, hour), |r| r.get(0)).optional()?)
    }

    /// The query plan SQLite chooses for each of the report's queries on the days `from..=to` (one line per
    /// step, as `EXPLAIN QUERY PLAN` prints them), for tests that check the range bounds every query.
    pub fn report_query_plans(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<(String, Vec<String>)>> {
        let (start, end) = self.range_bounds_utc(from, to)?;
        let days = vec![from.to_string(), to.to_string()];
        let instants = vec![start, end.clone()];
        let chain = vec![super::audit::node_id(&self.conn)?, end.chars().take(13).collect()];
        let queries: [(&str, &str, Vec<String>); 11] = [
            ("slots", SLOTS_SQL, days.clone()),
            ("days_off", DAYS_OFF_SQL, days.clone()),
            ("visits", VISITS_SQL, days.clone()),
            ("desk_events", DESK_EVENTS_SQL, days.clone()),
            ("period_visits", PERIOD_VISITS_SQL, days.clone()),
            ("period_events", PERIOD_EVENTS_SQL, days.clone()),
            ("reschedules", RESCHEDULES_SQL, days),
            ("sessions", SESSIONS_SQL, instants.clone()),
            ("passport_moves", MOVES_SQL, instants),
            ("uncollected", UNCOLLECTED_SQL, vec![end.clone(), shelf_window_end(&end)?]),
            ("chain_head", CHAIN_HEAD_SQL, chain),
        ];
        let mut out = Vec::new();
        for (name, sql, params) in queries {
            out.push((name.to_string(), self.plan(sql, rusqlite::params_from_iter(params))?));
        }
        Ok(out)
    }

    fn plan(&self, sql: &str, params: impl rusqlite::Params) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let rows = stmt.query_map(params, |r| r.get::<_, String>(3))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chrono_parse(s: &str) -> Option<DateTime<Utc>> {
        DateTime::parse_from_rfc3339(s).ok().map(|t| t.with_timezone(&Utc))
    }

    #[test]
    fn instants_read_in_the_stored_form_equal_chronos_reading() {
        for s in ["2026-11-25T02:39:00Z", "2024-02-29T23:59:59Z", "1999-12-31T00:00:00Z", "2026-01-01T00:00:00Z"] {
            assert_eq!(parse_instant(s.as_bytes()), chrono_parse(s), "{s}");
            assert!(parse_instant(s.as_bytes()).is_some(), "{s}");
        }
        // Other RFC 3339 forms go through chrono's parser.
        for s in ["2026-11-25T09:39:00+07:00", "2026-11-25T02:39:00.5Z", "2026-11-25 02:39:00Z"] {
            assert_eq!(parse_instant(s.as_bytes()), chrono_parse(s), "{s}");
        }
        assert!(parse_instant(b"2026-11-25T09:39:00+07:00").is_some());
        // Not instants: a day that does not exist, an hour out of range, letters, nothing.
        for s in ["2026-02-30T00:00:00Z", "2026-11-25T24:00:00Z", "2026-11-2xT00:00:00Z", "", "Z"] {
            assert_eq!(parse_instant(s.as_bytes()), None, "{s}");
        }
    }

    #[test]
    fn dates_read_without_chronos_format_machinery() {
        assert_eq!(fast_date(b"2026-11-25"), NaiveDate::from_ymd_opt(2026, 11, 25));
        assert_eq!(fast_date(b"2026-02-29"), None);
        assert_eq!(fast_date(b"2026-1-25"), None);
        assert_eq!(fast_date(b"20261125"), None);
    }

    fn read_visit(rowid: i64, date: &str, start: &str, code: &str) -> (i64, ReportVisit) {
        let visit = ReportVisit {
            booking_code: code.into(),
            slot_date: date.parse().unwrap(),
            slot_start: start.into(),
            service: Service::Regular,
            priority_reason: None,
            walk_in: false,
            queue_no: None,
            fee_idr: 0,
            paid: true,
            status: Status::Booked,
            checked_in_at: None,
            called_at: None,
            counter_no: None,
            decided_at: None,
            rejection_reason: None,
            cancel_reason: None,
            events: Vec::new(),
        };
        (rowid, visit)
    }

    #[test]
    fn visits_are_put_in_report_order_whether_or_not_they_come_by_slot() {
        let in_order =
            |read: &[(i64, ReportVisit)]| -> Vec<i64> { visit_order(read).into_iter().map(|i| read[i].0).collect() };
        // By slot, as the day queue index gives them: each slot sorted by code.
        let by_slot = [
            read_visit(1, "2026-11-24", "08:00", "MPZ"),
            read_visit(2, "2026-11-24", "08:00", "MPA"),
            read_visit(3, "2026-11-24", "09:00", "MPB"),
            read_visit(4, "2026-11-25", "08:00", "MPC"),
            read_visit(5, "2026-11-25", "08:00", "MPB"),
        ];
        assert_eq!(in_order(&by_slot), [2, 1, 3, 5, 4]);
        // In any other order: all sorted.
        let mixed = [
            read_visit(1, "2026-11-25", "08:00", "MPC"),
            read_visit(2, "2026-11-24", "09:00", "MPB"),
            read_visit(3, "2026-11-24", "08:00", "MPZ"),
            read_visit(4, "2026-11-25", "08:00", "MPB"),
            read_visit(5, "2026-11-24", "08:00", "MPA"),
        ];
        assert_eq!(in_order(&mixed), [5, 3, 2, 4, 1]);
        assert!(visit_order(&[]).is_empty());
    }

    #[test]
    fn the_shelf_window_ends_45_days_after_the_end_in_the_stored_form() {
        assert_eq!(shelf_window_end("2026-11-25T17:00:00Z").unwrap(), "2027-01-09T17:00:00Z");
        assert!(shelf_window_end("not an instant").is_err());
        // The partial index `applications_long_shelf` and UNCOLLECTED_SQL spell the same window.
        assert!(UNCOLLECTED_SQL.contains(&format!("'+{SHELF_WINDOW_DAYS} days'")));
        let migration = include_str!("../../migrations/0012_report_long_past.sql");
        assert!(migration.contains(&format!("ready_at, '+{SHELF_WINDOW_DAYS} days')")));
    }
}

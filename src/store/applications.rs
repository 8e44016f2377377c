//! Applications: reading them, and every change of their state. Each change is one IMMEDIATE transaction that
//! re-reads the row, asks the domain whether the move is allowed, updates it only if the status is still the
//! one it read, and writes the audit row.

use super::{audit, slots, ts, Actor, Refusal, Result, Store, StoreError};
use crate::domain::audit::AuditAction;
use crate::domain::audit_detail::{AuditDetail, SignOff, Slot};
use crate::domain::calendar::Calendar;
use crate::domain::checkin::{self, CheckInFacts};
use crate::domain::lifecycle::{transition, CancelReason, Event, HandOverKind, Progress, RejectionReason, Status};
use crate::domain::passport::validate_passport_no;
use crate::domain::payment::validate_ntpn;
use crate::domain::queue::{line_for, ServiceLine};
use crate::domain::schedule::{may_reschedule, RescheduleRefusal};
use crate::domain::settings::{parse_hhmm, OfficeSettings};
use crate::domain::types::{ApplicationType, PassportKind, PriorityReason, Purpose, Role, Service};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row};
use std::sync::LazyLock;

/// An application with its applicant, as the desk sees it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Application {
    pub id: String,
    pub booking_code: String,
    pub applicant_id: String,
    pub nik: Option<String>,
    pub full_name: String,
    pub sex: String,
    pub birth_date: NaiveDate,
    pub application_type: ApplicationType,
    pub purpose: Purpose,
    pub passport_kind: PassportKind,
    pub validity_years: u8,
    pub service: Service,
    pub slot_date: NaiveDate,
    pub slot_start: String,
    pub slot_end: String,
    pub fee_idr: i64,
    pub paid_at: Option<String>,
    pub old_passport_no: Option<String>,
    pub group_code: Option<String>,
    pub priority_reason: Option<PriorityReason>,
    pub status: Status,
    pub reschedule_count: u32,
    pub queue_no: Option<String>,
    pub checked_in_at: Option<String>,
    pub counter_no: Option<u32>,
    pub called_at: Option<String>,
    pub photo_at: Option<String>,
    pub interview_at: Option<String>,
    pub rejection_reason: Option<RejectionReason>,
    pub ready_date: Option<NaiveDate>,
    pub passport_no: Option<String>,
    /// When the passport was marked ready (UTC instant, as stored); the 30-day collection period runs from it.
    pub ready_at: Option<String>,
}

impl Application {
    pub fn progress(&self) -> Progress {
        Progress { photo_taken: self.photo_at.is_some(), interviewed: self.interview_at.is_some() }
    }

    pub fn service_line(&self) -> ServiceLine {
        line_for(self.service, self.priority_reason.is_some())
    }
}

pub(crate) const SELECT: &str = "SELECT a.id, a.booking_code, a.applicant_id, p.nik, p.full_name, p.sex, p.birth_date,
        a.application_type, a.purpose, a.passport_kind, a.validity_years, a.service, a.slot_date, a.slot_start,
        s.end_time, a.fee_idr, a.paid_at, a.old_passport_no, a.group_code, a.priority_reason, a.status,
        a.reschedule_count, a.queue_no, a.checked_in_at, a.counter_no, a.called_at, a.photo_at, a.interview_at,
        a.rejection_reason, a.ready_date, a.passport_no, a.ready_at
    FROM applications a JOIN applicants p ON p.id = a.applicant_id
    JOIN slots s ON s.date = a.slot_date AND s.start_time = a.slot_start";

fn code<T>(r: &Row<'_>, i: usize, parse: fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    let s: String = r.get(i)?;
    parse(&s).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, format!("unknown code {s:?}").into())
    })
}

fn opt_code<T>(r: &Row<'_>, i: usize, parse: fn(&str) -> Option<T>) -> rusqlite::Result<Option<T>> {
    match r.get::<_, Option<String>>(i)? {
        None => Ok(None),
        Some(_) => code(r, i, parse).map(Some),
    }
}

pub(crate) fn from_row(r: &Row<'_>) -> rusqlite::Result<Application> {
    Ok(Application {
        id: r.get(0)?,
        booking_code: r.get(1)?,
        applicant_id: r.get(2)?,
        nik: r.get(3)?,
        full_name: r.get(4)?,
        sex: r.get(5)?,
        birth_date: r.get(6)?,
        application_type: code(r, 7, ApplicationType::parse)?,
        purpose: code(r, 8, Purpose::parse)?,
        passport_kind: code(r, 9, PassportKind::parse)?,
        validity_years: r.get(10)?,
        service: code(r, 11, Service::parse)?,
        slot_date: r.get(12)?,
        slot_start: r.get(13)?,
        slot_end: r.get(14)?,
        fee_idr: r.get(15)?,
        paid_at: r.get(16)?,
        old_passport_no: r.get(17)?,
        group_code: r.get(18)?,
        priority_reason: opt_code(r, 19, PriorityReason::parse)?,
        status: code(r, 20, Status::parse)?,
        reschedule_count: r.get(21)?,
        queue_no: r.get(22)?,
        checked_in_at: r.get(23)?,
        counter_no: r.get(24)?,
        called_at: r.get(25)?,
        photo_at: r.get(26)?,
        interview_at: r.get(27)?,
        rejection_reason: opt_code(r, 28, RejectionReason::parse)?,
        ready_date: r.get(29)?,
        passport_no: r.get(30)?,
        ready_at: r.get(31)?,
    })
}

/// One application by booking code (the unique index on the code).
pub(crate) static BY_CODE: LazyLock<String> = LazyLock::new(|| format!("{SELECT} WHERE a.booking_code = ?1"));

/// A day's applications in queue order (the day index).
pub(crate) static DAY_QUEUE: LazyLock<String> = LazyLock::new(|| {
    format!(
        "{SELECT} WHERE a.slot_date = ?1 ORDER BY a.slot_start, a.queue_no IS NULL, a.checked_in_at, a.booking_code"
    )
});

/// The next applicant to call on a day: the order is the domain's ([`crate::domain::queue::call_rank`]: priority,
/// express, regular; then slot, check-in time, queue number). Bounded by the day index.
pub(crate) const NEXT_WAITING: &str =
    "SELECT booking_code FROM applications WHERE slot_date = ?1 AND status = 'checked_in'
     ORDER BY CASE substr(queue_no, 1, 1) WHEN 'P' THEN 0 WHEN 'E' THEN 1 ELSE 2 END,
              slot_start, checked_in_at, queue_no LIMIT 1";

/// Another active booking of the same applicant on a day (the applicant index).
pub(crate) const OTHER_BOOKING_ON_DAY: &str = "SELECT booking_code FROM applications WHERE applicant_id = ?1
       AND slot_date = ?2 AND status <> 'cancelled' AND id <> ?3";

/// Hands out the next queue number of a line for a day.
pub(crate) const NEXT_QUEUE_NUMBER: &str = "INSERT INTO queue_numbers (date, line, last) VALUES (?1, ?2, 1)
     ON CONFLICT (date, line) DO UPDATE SET last = last + 1 RETURNING last";

const STATUS_BY_ID: &str = "SELECT status FROM applications WHERE id = ?1";

pub(crate) fn load(conn: &Connection, booking_code: &str) -> Result<Application> {
    let code = booking_code.trim().to_ascii_uppercase();
    conn.prepare_cached(&BY_CODE)?.query_row([&code], from_row).optional()?.ok_or(StoreError::NotFound(code))
}

/// The office-local wall-clock time of an instant.
pub fn local(settings: &OfficeSettings, now: DateTime<Utc>) -> NaiveDateTime {
    now.with_timezone(&settings.utc_offset).naive_local()
}

/// The columns an event sets besides `status` and `updated_at`.
pub(crate) type Changes = Vec<(&'static str, Value)>;

pub(crate) fn text(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

impl Store {
    /// One application by booking code (case-insensitive).
    pub fn application(&self, booking_code: &str) -> Result<Application> {
        load(&self.conn, booking_code)
    }

    /// The day's applications in queue order: by slot, then queue number / booking code.
    pub fn day_applications(&self, date: NaiveDate) -> Result<Vec<Application>> {
        let mut stmt = self.conn.prepare_cached(&DAY_QUEUE)?;
        let rows = stmt.query_map([date.to_string()], from_row)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Applies one event in its own transaction: the shared path of every state change.
    pub(crate) fn apply(
        &mut self,
        actor: &Actor,
        booking_code: &str,
        event: Event,
        now: DateTime<Utc>,
        changes: impl FnOnce(&Connection, &OfficeSettings, &Application) -> Result<(Changes, String)>,
    ) -> Result<Application> {
        let tx = self.write()?;
        let updated = apply_in(&tx, actor, booking_code, event, now, changes)?;
        tx.commit()?;
        Ok(updated)
    }

    /// Checks an applicant in and hands out the next queue number of their service line.
    /// `late_override` is a supervisor's reason for admitting a late arrival.
    pub fn check_in(
        &mut self,
        actor: &Actor,
        booking_code: &str,
        late_override: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Application> {
        let tx = self.write()?;
        let result = check_in_in(&tx, actor, booking_code, late_override, now);
        let app = match result {
            Ok(app) => app,
            Err(e @ StoreError::CheckIn(crate::domain::checkin::CheckInRefusal::Late { .. })) => {
                // A refused late arrival is audited (after the refusal, in its own transaction): officers
                // refused as late must not quietly try again.
                let id: Option<String> = tx
                    .query_row(
                        "SELECT id FROM applications WHERE booking_code = ?1",
                        [booking_code.trim().to_ascii_uppercase()],
                        |r| r.get(0),
                    )
                    .optional()?;
                drop(tx);
                let _ = {
                    let StoreError::CheckIn(refusal) = &e else { unreachable!("matched above") };
                    let detail = AuditDetail::RefusedCheckIn(refusal.clone()).to_string();
                    self.record_refusal(now, &actor.name, AuditAction::RefusedCheckIn, id.as_deref(), &detail)
                };
                return Err(e);
            }
            Err(e) => return Err(e),
        };
        tx.commit()?;
        Ok(app)
    }

    /// Calls a waiting applicant to `counter`.
    pub fn call(&mut self, actor: &Actor, booking_code: &str, counter: u32, now: DateTime<Utc>) -> Result<Application> {
        self.apply(actor, booking_code, Event::Call, now, |_, _, _| Ok(call_changes(counter, now)))
    }

    /// Calls the next waiting applicant of `date` to `counter`: priority line first, then express, then
    /// regular; within a line by slot, then check-in time. The pick and the call are one transaction, so two
    /// counters pressing at once never get the same person. `None` when nobody is waiting.
    pub fn call_next(
        &mut self,
        actor: &Actor,
        date: NaiveDate,
        counter: u32,
        now: DateTime<Utc>,
    ) -> Result<Option<Application>> {
        let tx = self.write()?;
        let next: Option<String> =
            tx.prepare_cached(NEXT_WAITING)?.query_row([date.to_string()], |r| r.get(0)).optional()?;
        let Some(code) = next else { return Ok(None) };
        let called = apply_in(&tx, actor, &code, Event::Call, now, |_, _, _| Ok(call_changes(counter, now)))?;
        tx.commit()?;
        Ok(Some(called))
    }

    /// Sends an applicant at a counter back to the waiting line, keeping their queue number.
    pub fn put_back(&mut self, actor: &Actor, booking_code: &str, now: DateTime<Utc>) -> Result<Application> {
        self.apply(actor, booking_code, Event::PutBack, now, |_, _, _| {
            Ok((vec![("counter_no", Value::Null), ("called_at", Value::Null)], String::new()))
        })
    }

    pub fn record_photo(&mut self, actor: &Actor, booking_code: &str, now: DateTime<Utc>) -> Result<Application> {
        self.apply(actor, booking_code, Event::RecordPhoto, now, |_, _, _| {
            Ok((vec![("photo_at", text(ts(now)))], AuditDetail::Photo.to_string()))
        })
    }

    pub fn record_interview(&mut self, actor: &Actor, booking_code: &str, now: DateTime<Utc>) -> Result<Application> {
        self.apply(actor, booking_code, Event::RecordInterview, now, |_, _, _| {
            Ok((vec![("interview_at", text(ts(now)))], String::new()))
        })
    }

    /// Approves: the passport goes into process with its ready date (express: the same day).
    /// Approves. An applicant on the watchlist (cegah tangkal) in force today is refused: that needs
    /// [`Store::approve_signed_off`].
    pub fn approve(&mut self, actor: &Actor, booking_code: &str, now: DateTime<Utc>) -> Result<Application> {
        self.approve_as(actor, booking_code, None, now)
    }

    /// Approves an applicant with a watchlist match, signed off by `supervisor` with `reason` (recorded in the
    /// audit row, which the supervisor signs, like a late override).
    pub fn approve_signed_off(
        &mut self,
        supervisor: &Actor,
        booking_code: &str,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<Application> {
        supervisor.require(Role::Supervisor, "approving a watchlist match")?;
        if reason.trim().is_empty() {
            return Err(Refusal::NoReason.into());
        }
        self.approve_as(supervisor, booking_code, Some(reason.trim()), now)
    }

    fn approve_as(
        &mut self,
        actor: &Actor,
        booking_code: &str,
        sign_off: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Application> {
        self.apply(actor, booking_code, Event::Approve, now, |tx, settings, app| {
            let today = local(settings, now).date();
            let matches =
                super::reference::watchlist_matches_in(tx, app.nik.as_deref(), &app.full_name, app.birth_date, today)?;
            let references: Vec<String> = matches.into_iter().map(|w| w.reference).collect();
            let sign_off = match (references.is_empty(), sign_off) {
                (true, _) => None,
                (false, None) => return Err(Refusal::WatchlistSignOff { references }.into()),
                (false, Some(reason)) => Some(SignOff { references, by: actor.name.clone(), reason: reason.into() }),
            };
            let ready = calendar(tx)?.ready_date(today, app.service, settings.ready_after_working_days);
            Ok((
                vec![("decided_at", text(ts(now))), ("ready_date", text(ready.to_string()))],
                AuditDetail::Approved { ready, sign_off }.to_string(),
            ))
        })
    }

    /// Rejects with a reason from the fixed list; `Other` needs a note. The fee is not refunded.
    pub fn reject(
        &mut self,
        actor: &Actor,
        booking_code: &str,
        reason: RejectionReason,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<Application> {
        if reason == RejectionReason::Other && note.trim().is_empty() {
            return Err(Refusal::NoteNeeded.into());
        }
        if !note.trim().is_empty() {
            super::check_text("note", note.trim(), true)?;
        }
        self.apply(actor, booking_code, Event::Reject(reason), now, |_, _, _| {
            let note_value = if note.trim().is_empty() { Value::Null } else { text(note.trim()) };
            Ok((
                vec![
                    ("decided_at", text(ts(now))),
                    ("rejection_reason", text(reason.as_str())),
                    ("rejection_note", note_value),
                ],
                AuditDetail::Rejected { reason, note: note.to_string() }.to_string(),
            ))
        })
    }

    /// Marks the passport ready with its number.
    pub fn mark_ready(
        &mut self,
        actor: &Actor,
        booking_code: &str,
        passport_no: &str,
        now: DateTime<Utc>,
    ) -> Result<Application> {
        let number = validate_passport_no(passport_no).map_err(Refusal::PassportNo)?;
        self.apply(actor, booking_code, Event::MarkReady, now, |tx, _, app| {
            // A passport number belongs to one application (the unique index is the last word).
            let taken: Option<String> = tx
                .query_row(
                    "SELECT booking_code FROM applications WHERE passport_no = ?1 AND id <> ?2",
                    (&number, &app.id),
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(booking_code) = taken {
                return Err(Refusal::PassportNoTaken { number: number.clone(), booking_code }.into());
            }
            Ok((
                vec![("passport_no", text(&number)), ("ready_at", text(ts(now)))],
                AuditDetail::PassportNo(number.clone()).to_string(),
            ))
        })
    }

    /// Hands the passport over at the counter to `collected_by`.
    pub fn hand_over(
        &mut self,
        actor: &Actor,
        booking_code: &str,
        collected_by: &str,
        now: DateTime<Utc>,
    ) -> Result<Application> {
        if collected_by.trim().is_empty() {
            return Err(Refusal::NoCollector.into());
        }
        super::check_text("collected by", collected_by.trim(), false)?;
        self.apply(actor, booking_code, Event::HandOver(HandOverKind::Counter), now, |_, _, _| {
            Ok((
                vec![("handed_over_at", text(ts(now))), ("collected_by", text(collected_by.trim()))],
                AuditDetail::Collected { by: collected_by.trim().into(), group: None }.to_string(),
            ))
        })
    }

    /// Records the dispatch by PT Pos Indonesia.
    pub fn dispatch(
        &mut self,
        actor: &Actor,
        booking_code: &str,
        address: &str,
        tracking_no: &str,
        now: DateTime<Utc>,
    ) -> Result<Application> {
        if address.trim().is_empty() || tracking_no.trim().is_empty() {
            return Err(Refusal::NoDispatchDetails.into());
        }
        super::check_text("address", address.trim(), false)?;
        super::check_text("tracking number", tracking_no.trim(), false)?;
        self.apply(actor, booking_code, Event::HandOver(HandOverKind::Post), now, |_, _, _| {
            Ok((
                vec![
                    ("handed_over_at", text(ts(now))),
                    ("delivery_address", text(address.trim())),
                    ("pos_tracking_no", text(tracking_no.trim())),
                ],
                AuditDetail::Posted { tracking: tracking_no.trim().into() }.to_string(),
            ))
        })
    }

    /// Cancels a booking (no-show at day close, or withdrawn).
    pub fn cancel(
        &mut self,
        actor: &Actor,
        booking_code: &str,
        reason: CancelReason,
        now: DateTime<Utc>,
    ) -> Result<Application> {
        self.apply(actor, booking_code, Event::Cancel(reason), now, |_, _, _| {
            Ok((vec![("cancel_reason", text(reason.as_str())), ("cancelled_at", text(ts(now)))], String::new()))
        })
    }

    /// Records a payment shown on a receipt, with the receipt's number (NTPN, 16 letters or digits).
    pub fn record_payment(
        &mut self,
        actor: &Actor,
        booking_code: &str,
        ntpn: &str,
        paid_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Application> {
        let ntpn = validate_ntpn(ntpn).map_err(Refusal::from)?;
        let tx = self.write()?;
        let app = load(&tx, booking_code)?;
        super::close::refuse_if_closed(&tx, app.slot_date)?;
        if app.paid_at.is_some() {
            return Err(Refusal::AlreadyPaid(app.booking_code).into());
        }
        if app.status != Status::Booked {
            return Err(Refusal::NotBooked { booking_code: app.booking_code, status: app.status.to_string() }.into());
        }
        tx.execute(
            "UPDATE applications SET paid_at = ?2, payment_ntpn = ?4, updated_at = ?3 WHERE id = ?1",
            (&app.id, ts(paid_at), ts(now), &ntpn),
        )?;
        audit::record(
            &tx,
            now,
            &actor.name,
            AuditAction::Payment,
            Some(&app.id),
            None,
            None,
            &AuditDetail::Payment { paid_at, ntpn: ntpn.to_string() }.to_string(),
        )?;
        tx.commit()?;
        load(&self.conn, booking_code)
    }

    /// Moves a booking to another slot with free quota. `special` is a supervisor's reason for a special
    /// reschedule (the office was at fault); it does not count against the applicant's limit.
    pub fn reschedule(
        &mut self,
        actor: &Actor,
        booking_code: &str,
        date: NaiveDate,
        start: &str,
        special: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Application> {
        if let Some(reason) = special {
            actor.require(Role::Supervisor, "a special reschedule")?;
            if !reason.trim().is_empty() {
                super::check_text("reason", reason.trim(), false)?;
            }
        }
        let start_time = parse_hhmm(start).map_err(|_| Refusal::BadSlotStart(start.to_string()))?;
        let event = if special.is_some() { Event::SpecialReschedule } else { Event::Reschedule };
        self.apply(actor, booking_code, event, now, |tx, settings, app| {
            let refuse = StoreError::Reschedule;
            let today = local(settings, now).date();
            may_reschedule(today, app.slot_date, app.reschedule_count, settings.reschedule_limit, special)
                .map_err(refuse)?;
            if date <= today {
                return Err(refuse(RescheduleRefusal::NotInFuture { today }));
            }
            if !calendar(tx)?.is_working_day(date) {
                return Err(refuse(RescheduleRefusal::DayOff { date }));
            }
            super::close::refuse_if_closed(tx, date)?;
            let start_s = start_time.format("%H:%M").to_string();
            if date == app.slot_date && start_s == app.slot_start {
                return Err(refuse(RescheduleRefusal::SameSlot));
            }
            let end =
                settings.slot_template.slots().into_iter().find(|(s, _)| *s == start_time).map(|(_, e)| e).ok_or_else(
                    || Refusal::NotASlot { start: start_s.clone(), template: settings.slot_template.to_string() },
                )?;
            let quota = slots::ensure_slot(tx, settings, date, start_time, end)?;
            let booked = slots::booked_in_slot(tx, date, &start_s)?;
            if booked >= quota {
                return Err(refuse(RescheduleRefusal::Full { date, start: start_s, booked, quota }));
            }
            super::quota::admit_booking(tx, settings, app.service, date, Some(&app.id))?;
            // One NIK, one active booking a day (as at import).
            let other: Option<String> = tx
                .prepare_cached(OTHER_BOOKING_ON_DAY)?
                .query_row((&app.applicant_id, date.to_string(), &app.id), |r| r.get(0))
                .optional()?;
            if let Some(other) = other {
                return Err(Refusal::ActiveBookingOn { name: app.full_name.clone(), date, booking_code: other }.into());
            }
            let count = app.reschedule_count + u32::from(special.is_none());
            let from = Slot {
                date: app.slot_date,
                start: parse_hhmm(&app.slot_start).map_err(|_| Refusal::BadSlotStart(app.slot_start.clone()))?,
            };
            let special = special.map(str::to_string);
            let detail = AuditDetail::Moved { from, to: Slot { date, start: start_time }, special }.to_string();
            let mut changes = vec![
                ("slot_date", text(date.to_string())),
                ("slot_start", text(start_s.clone())),
                ("reschedule_count", Value::Integer(count.into())),
            ];
            if app.status == Status::CheckedIn {
                // Out of today's queue: the number stays used (never reused), the applicant checks in anew.
                changes.extend([
                    ("queue_no", Value::Null),
                    ("checked_in_at", Value::Null),
                    ("counter_no", Value::Null),
                    ("called_at", Value::Null),
                ]);
            }
            Ok((changes, detail))
        })
    }
}

fn call_changes(counter: u32, now: DateTime<Utc>) -> (Changes, String) {
    (vec![("counter_no", Value::Integer(counter.into())), ("called_at", text(ts(now)))], String::new())
}

/// Applies one event inside `tx`: re-reads the row, asks the domain whether the move is allowed, computes the
/// extra columns from the row as read (so decision and write see the same data), updates it only if its status
/// is still the one read, and writes the audit row.
pub(crate) fn apply_in(
    tx: &Connection,
    actor: &Actor,
    booking_code: &str,
    event: Event,
    now: DateTime<Utc>,
    changes: impl FnOnce(&Connection, &OfficeSettings, &Application) -> Result<(Changes, String)>,
) -> Result<Application> {
    let app = load(tx, booking_code)?;
    // A closed day is read-only, except for its passports' later life (ready, hand-over, uncollected).
    if !crate::domain::close::allowed_when_closed(event) {
        super::close::refuse_if_closed(tx, app.slot_date)?;
    }
    let (to, _) = transition(app.status, app.progress(), event)?;
    let settings = super::load_settings(tx)?;
    let (mut cols, detail) = changes(tx, &settings, &app)?;
    let counter = counter_of(&app, &cols);
    cols.push(("status", text(to.as_str())));
    cols.push(("updated_at", text(ts(now))));
    let sets: Vec<String> = cols.iter().enumerate().map(|(i, (c, _))| format!("{c} = ?{}", i + 3)).collect();
    let sql = format!("UPDATE applications SET {} WHERE id = ?1 AND status = ?2", sets.join(", "));
    let mut params: Vec<Value> = vec![text(&app.id), text(app.status.as_str())];
    params.extend(cols.into_iter().map(|(_, v)| v));
    // One statement per event kind (the set of columns), so the cache holds a handful.
    let changed = tx.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(params))?;
    if changed != 1 {
        let now_status: String = tx.prepare_cached(STATUS_BY_ID)?.query_row([&app.id], |r| r.get(0))?;
        return Err(StoreError::Conflict { now: now_status });
    }
    audit::append(
        tx,
        &audit::Entry {
            application_id: Some(&app.id),
            from: Some(app.status.as_str()),
            to: Some(to.as_str()),
            counter,
            detail: &detail,
            ..audit::Entry::new(now, &actor.name, event.into())
        },
    )?;
    load(tx, &app.booking_code)
}

/// The counter an event happens at, for the audit row's own column: the one it sends the applicant to (call,
/// transfer), else the one they are at (recall, absent, photo, interview, decision); none away from a counter.
fn counter_of(app: &Application, cols: &Changes) -> Option<u32> {
    let sent_to = cols.iter().find_map(|(c, v)| match (c, v) {
        (&"counter_no", Value::Integer(n)) => u32::try_from(*n).ok(),
        _ => None,
    });
    sent_to.or(if app.status == Status::AtCounter { app.counter_no } else { None })
}

/// How an applicant arrives at check-in.
#[derive(Debug, Clone, Copy)]
enum Arrival<'a> {
    /// With a booking: the check-in window applies; `late_override` is a supervisor's reason to admit a late one.
    Booked { late_override: Option<&'a str> },
    /// A priority walk-in registered at the desk just now: there is no arrival window, every other rule holds.
    WalkIn,
}

/// Checks a booked applicant in inside `tx` (the one transaction of a single or a group check-in): the window,
/// payment and old-passport rules, then the next queue number of their line.
pub(crate) fn check_in_in(
    tx: &Connection,
    actor: &Actor,
    booking_code: &str,
    late_override: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Application> {
    check_in_as(tx, actor, booking_code, Arrival::Booked { late_override }, now)
}

/// Checks in a walk-in just registered inside `tx`: as [`check_in_in`] without the arrival window.
pub(crate) fn check_in_walk_in(
    tx: &Connection,
    actor: &Actor,
    booking_code: &str,
    now: DateTime<Utc>,
) -> Result<Application> {
    check_in_as(tx, actor, booking_code, Arrival::WalkIn, now)
}

fn check_in_as(
    tx: &Connection,
    actor: &Actor,
    booking_code: &str,
    arrival: Arrival<'_>,
    now: DateTime<Utc>,
) -> Result<Application> {
    let late_override = match arrival {
        Arrival::Booked { late_override } => late_override,
        Arrival::WalkIn => None,
    };
    if let Some(reason) = late_override {
        actor.require(Role::Supervisor, "overriding a late check-in")?;
        if !reason.trim().is_empty() {
            super::check_text("reason", reason.trim(), false)?;
        }
    }
    apply_in(tx, actor, booking_code, Event::CheckIn, now, |tx, settings, app| {
        let window = match arrival {
            Arrival::WalkIn => checkin::Window::OnTime,
            Arrival::Booked { .. } => {
                let start = parse_hhmm(&app.slot_start).map_err(|_| Refusal::BadSlotStart(app.slot_start.clone()))?;
                checkin::window(
                    local(settings, now),
                    app.slot_date,
                    start,
                    settings.opening_time,
                    settings.checkin_lead_minutes,
                )
            }
        };
        super::outreach::refuse_unoffered(tx, app.application_type)?;
        let overridden = checkin::decide(&CheckInFacts {
            window,
            paid: app.paid_at.is_some(),
            needs_old_passport: app.application_type.needs_old_passport(),
            old_passport_no: app.old_passport_no.as_deref(),
            late_override,
        })?;
        super::quota::admit_check_in(tx, settings, app)?;
        let queue_no = next_queue_number(tx, app.slot_date, app.service_line())?;
        let late_admitted = late_override.filter(|_| overridden).map(str::to_string);
        let detail = AuditDetail::CheckIn { queue_no: queue_no.clone(), late_admitted }.to_string();
        Ok((vec![("queue_no", text(queue_no)), ("checked_in_at", text(ts(now)))], detail))
    })
}

pub(crate) fn calendar(conn: &Connection) -> Result<Calendar> {
    let mut stmt = conn.prepare_cached("SELECT date FROM holidays")?;
    let dates = stmt.query_map([], |r| r.get::<_, NaiveDate>(0))?.collect::<Result<Vec<_>, _>>()?;
    Ok(Calendar::new(dates))
}

/// Hands out the next number of a line for a day; numbers are never reused, even after a cancellation.
fn next_queue_number(conn: &Connection, date: NaiveDate, line: ServiceLine) -> Result<String> {
    let prefix = line.prefix().to_string();
    let n: u32 = conn.prepare_cached(NEXT_QUEUE_NUMBER)?.query_row((date.to_string(), &prefix), |r| r.get(0))?;
    // An outreach laptop prints its own number in the ticket, so two laptops never hand out the same one.
    super::outreach::queue_ticket(conn, line, n)
}

//! Closing a day (a supervisor action): no-shows are cancelled with their fee forfeited, unfinished applicants
//! refuse the close unless it is forced with a recorded reason, passports not collected for more than 30 days
//! are listed and cancelled on confirmation, and the day becomes read-only. The rules are in
//! [`crate::domain::close`]; here they run as one IMMEDIATE transaction with their audit rows.
//!
//! Closing a closed day again changes nothing and returns what the close did, with one exception: the
//! confirmation the close asked for. When the close listed uncollected passports without cancelling them,
//! running it again with `cancel_uncollected` cancels those it listed (and only those, if still ready), so
//! `loket close-day --cancel-uncollected` after a plain close does what the summary says; after that, running
//! it again changes nothing.

use super::applications::{apply_in, from_row, load, local, text, SELECT};
use super::{audit, ts, Actor, Application, Result, Store, StoreError};
use crate::domain::audit::AuditAction;
use crate::domain::audit_detail::{AuditDetail, CloseRefused, Forced};
use crate::domain::close::{self as rules, CloseRefusal, DayRole};
use crate::domain::fees::format_idr;
use crate::domain::lifecycle::{CancelReason, Event, Status};
use crate::domain::types::Role;
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension};
use std::fmt;

/// What closing a day would do, for the supervisor to look at before confirming.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ClosePlan {
    pub date: NaiveDate,
    pub already_closed: bool,
    /// Booked on the day and never checked in: cancelled as no-shows by the close.
    pub no_shows: Vec<Application>,
    /// Checked in or at a counter on the day: the close refuses until they are served or withdrawn, unless
    /// forced with a reason.
    pub unfinished: Vec<Application>,
    /// Ready for more than 30 days (any slot date), oldest first: cancelled only on confirmation.
    pub uncollected: Vec<Application>,
}

/// What a close did. Stored as JSON in `day_closures.summary`; shown by the CLI (Display) and the desk.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CloseSummary {
    pub date: NaiveDate,
    /// The day was closed before this call; nothing was done again (see `uncollected_cancelled_now`).
    #[serde(default)]
    pub already_closed: bool,
    /// How many no-shows the close cancelled (the length of `no_show_codes`).
    pub cancelled_no_shows: usize,
    pub no_show_codes: Vec<String>,
    /// The no-shows' fees that had been paid, in rupiah. An unpaid booking forfeits nothing (its billing lapses).
    pub forfeited_idr: i64,
    /// Applicants still checked in or at a counter when the close was forced.
    pub unfinished: Vec<String>,
    /// The supervisor's reason for closing past unfinished applicants or before the closing time; `None` when
    /// nothing was forced.
    pub forced_reason: Option<String>,
    /// The close came before the office's closing time (forced with `forced_reason`).
    #[serde(default)]
    pub before_closing_time: bool,
    /// Passports ready for more than 30 days at the close, oldest first.
    pub uncollected_listed: Vec<String>,
    /// Those of them cancelled on confirmation (at the close, or by a later confirmation).
    pub uncollected_cancelled: Vec<String>,
    /// On an already closed day: the listed passports this call cancelled on confirmation.
    #[serde(default)]
    pub uncollected_cancelled_now: Vec<String>,
    pub closed_by: String,
    /// The instant of the close in the office's time zone.
    pub closed_at: DateTime<FixedOffset>,
}

impl CloseSummary {
    /// Listed uncollected passports not cancelled (yet).
    pub fn uncollected_pending(&self) -> Vec<&str> {
        self.uncollected_listed.iter().filter(|c| !self.uncollected_cancelled.contains(c)).map(String::as_str).collect()
    }
}

fn codes_line(codes: &[impl AsRef<str>]) -> String {
    codes.iter().map(AsRef::as_ref).collect::<Vec<_>>().join(", ")
}

impl fmt::Display for CloseSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let when = self.closed_at.format("%Y-%m-%d %H:%M %:z");
        if !self.already_closed {
            writeln!(f, "Day {} closed by {} at {when}.", self.date, self.closed_by)?;
        } else if self.uncollected_cancelled_now.is_empty() {
            writeln!(f, "Day {} was already closed by {} at {when}; nothing changed.", self.date, self.closed_by)?;
        } else {
            writeln!(
                f,
                "Day {} was already closed by {} at {when}; cancelled now, as confirmed: {}.",
                self.date,
                self.closed_by,
                codes_line(&self.uncollected_cancelled_now)
            )?;
        }
        if self.no_show_codes.is_empty() {
            writeln!(f, "No-shows cancelled: none")?;
        } else {
            let forfeited = format_idr(u64::try_from(self.forfeited_idr).unwrap_or(0));
            writeln!(
                f,
                "No-shows cancelled: {} (fees forfeited: {forfeited}): {}",
                self.cancelled_no_shows,
                codes_line(&self.no_show_codes)
            )?;
        }
        if let (true, Some(reason)) = (self.before_closing_time, &self.forced_reason) {
            writeln!(f, "Closed before the office's closing time, forced: {reason}")?;
        }
        match (&self.forced_reason, self.unfinished.is_empty()) {
            (_, true) => writeln!(f, "Unfinished applicants: none")?,
            (Some(reason), false) => writeln!(
                f,
                "Unfinished applicants: {}, close forced: {reason}: {}",
                self.unfinished.len(),
                codes_line(&self.unfinished)
            )?,
            (None, false) => {
                writeln!(f, "Unfinished applicants: {}: {}", self.unfinished.len(), codes_line(&self.unfinished))?
            }
        }
        let pending = self.uncollected_pending();
        if self.uncollected_listed.is_empty() {
            writeln!(f, "Passports not collected for more than 30 days: none")?;
        } else {
            writeln!(f, "Passports not collected for more than 30 days: {}", self.uncollected_listed.len())?;
            if !self.uncollected_cancelled.is_empty() {
                writeln!(f, "  cancelled: {}", codes_line(&self.uncollected_cancelled))?;
            }
            if !pending.is_empty() {
                writeln!(f, "  listed, not cancelled: {}", codes_line(&pending))?;
                writeln!(f, "  rerun with --cancel-uncollected to cancel them")?;
            }
        }
        Ok(())
    }
}

impl From<CloseRefusal> for StoreError {
    fn from(r: CloseRefusal) -> Self {
        match r {
            CloseRefusal::InFuture { date, today } => StoreError::CloseInFuture { date, today },
            CloseRefusal::Unfinished { date, codes } => StoreError::Unfinished { date, codes },
            other => StoreError::Close(other),
        }
    }
}

/// Whether `date` is closed.
pub(crate) fn is_closed_in(conn: &Connection, date: NaiveDate) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM day_closures WHERE date = ?1)")?
        .query_row([date.to_string()], |r| r.get(0))?)
}

/// Refuses with [`StoreError::DayClosed`] when `date` is closed.
pub(crate) fn refuse_if_closed(conn: &Connection, date: NaiveDate) -> Result<()> {
    if is_closed_in(conn, date)? {
        return Err(StoreError::DayClosed { date });
    }
    Ok(())
}

fn stored_summary(conn: &Connection, date: NaiveDate) -> Result<Option<CloseSummary>> {
    let json: Option<String> = conn
        .query_row("SELECT summary FROM day_closures WHERE date = ?1", [date.to_string()], |r| r.get(0))
        .optional()?;
    json.map(|j| {
        serde_json::from_str(&j).map_err(|e| super::Refusal::CloseSummaryUnreadable { date, why: e.to_string() }.into())
    })
    .transpose()
}

/// The summary as stored: what the close did, without the per-call facts.
fn summary_json(summary: &CloseSummary) -> Result<String> {
    let stored = CloseSummary { already_closed: false, uncollected_cancelled_now: Vec::new(), ..summary.clone() };
    serde_json::to_string(&stored).map_err(|e| super::Refusal::CloseSummaryUnwritable(e.to_string()).into())
}

fn query_apps(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> Result<Vec<Application>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params, from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// A day's applicants not finished at its close (the day index).
pub(crate) static CLOSE_OPEN: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "{SELECT} WHERE a.slot_date = ?1 AND a.status IN ('booked', 'checked_in', 'at_counter')
         ORDER BY a.slot_start, a.queue_no IS NULL, a.queue_no, a.booking_code"
    )
});

/// Ready passports made ready before `?1`: a range on the partial index of ready applications (the backlog), by
/// name: an index on every ready instant would offer the planner "before a month ago", i.e. all of history.
pub(crate) static CLOSE_UNCOLLECTED: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let select = SELECT.replacen("FROM applications a", "FROM applications a INDEXED BY applications_ready_backlog", 1);
    format!("{select} WHERE a.status = 'ready' AND a.ready_at < ?1 ORDER BY a.ready_at, a.booking_code")
});

fn plan_in(conn: &Connection, date: NaiveDate, now: DateTime<Utc>) -> Result<ClosePlan> {
    let open = query_apps(conn, &CLOSE_OPEN, [date.to_string()])?;
    let (mut no_shows, mut unfinished) = (Vec::new(), Vec::new());
    for app in open {
        match rules::classify(app.status) {
            DayRole::NoShow => no_shows.push(app),
            DayRole::Unfinished => unfinished.push(app),
            DayRole::Done => {}
        }
    }
    // Instants are stored in one format (RFC 3339, seconds, 'Z'), so text order is time order.
    let uncollected = query_apps(conn, &CLOSE_UNCOLLECTED, [ts(rules::uncollected_cutoff(now))])?;
    Ok(ClosePlan { date, already_closed: is_closed_in(conn, date)?, no_shows, unfinished, uncollected })
}

fn cancel_in(
    tx: &Connection,
    actor: &Actor,
    code: &str,
    reason: CancelReason,
    detail: String,
    now: DateTime<Utc>,
) -> Result<()> {
    apply_in(tx, actor, code, Event::Cancel(reason), now, |_, _, _| {
        Ok((vec![("cancel_reason", text(reason.as_str())), ("cancelled_at", text(ts(now)))], detail))
    })?;
    Ok(())
}

fn cancel_uncollected_in(tx: &Connection, actor: &Actor, app: &Application, now: DateTime<Utc>) -> Result<()> {
    let since = app.ready_at.as_deref().and_then(crate::domain::audit_detail::parse_instant);
    let detail = AuditDetail::Uncollected { since }.to_string();
    cancel_in(tx, actor, &app.booking_code, CancelReason::Uncollected, detail, now)
}

impl Store {
    /// What closing `date` at `now` would do (read-only; the desk shows it before the supervisor confirms).
    pub fn plan_close(&self, date: NaiveDate, now: DateTime<Utc>) -> Result<ClosePlan> {
        plan_in(&self.conn, date, now)
    }

    /// Whether `date` is closed (its applications are read-only).
    pub fn is_closed(&self, date: NaiveDate) -> Result<bool> {
        is_closed_in(&self.conn, date)
    }

    /// What the close of `date` did, if the day is closed.
    pub fn day_closure(&self, date: NaiveDate) -> Result<Option<CloseSummary>> {
        stored_summary(&self.conn, date)
    }

    /// Closes `date` (a supervisor action), in one transaction: cancels the day's no-shows (paid fees are
    /// forfeited), refuses with [`StoreError::Unfinished`] while applicants are checked in but not finished
    /// unless `force` gives a reason (recorded), lists passports ready for more than 30 days and cancels them
    /// only when `cancel_uncollected`, records the closure and its audit row. A day after today is refused.
    /// On a closed day nothing changes and the stored summary comes back with `already_closed` (but see the
    /// module notes on confirming the uncollected cancellation later).
    pub fn close_day(
        &mut self,
        actor: &Actor,
        date: NaiveDate,
        force: Option<&str>,
        cancel_uncollected: bool,
        now: DateTime<Utc>,
    ) -> Result<CloseSummary> {
        if let Err(e) = actor.require(Role::Supervisor, "closing a day") {
            let refusal = match &e {
                StoreError::NotSupervisor { officer, action } => {
                    CloseRefused::NotSupervisor { action: action.clone(), officer: officer.clone() }
                }
                other => CloseRefused::Other(other.to_string()),
            };
            let detail = AuditDetail::RefusedCloseDay { date, refusal }.to_string();
            let _ = self.record_refusal(now, &actor.name, AuditAction::RefusedCloseDay, None, &detail);
            return Err(e);
        }
        // A day is closed only on an intact audit trail (the report prints its chain head).
        self.verify_audit()?.require_intact().map_err(|e| {
            StoreError::ChainBroken(format!("{date} not closed: {e}; run `loket audit verify` and call the supervisor"))
        })?;
        if let Some(reason) = rules::force_reason(force) {
            super::check_text("reason", reason, false)?;
        }
        let tx = self.write()?;
        if let Some(mut summary) = stored_summary(&tx, date)? {
            summary.already_closed = true;
            if !cancel_uncollected {
                return Ok(summary);
            }
            let mut now_cancelled = Vec::new();
            for code in summary.uncollected_pending() {
                let app = load(&tx, code)?;
                if app.status == Status::Ready {
                    cancel_uncollected_in(&tx, actor, &app, now)?;
                    now_cancelled.push(app.booking_code);
                }
            }
            if now_cancelled.is_empty() {
                return Ok(summary);
            }
            summary.uncollected_cancelled.extend(now_cancelled.iter().cloned());
            summary.uncollected_cancelled_now = now_cancelled;
            tx.execute(
                "UPDATE day_closures SET summary = ?2 WHERE date = ?1",
                (date.to_string(), summary_json(&summary)?),
            )?;
            tx.commit()?;
            return Ok(summary);
        }

        let settings = super::load_settings(&tx)?;
        let here = local(&settings, now);
        let plan = plan_in(&tx, date, now)?;
        let unfinished: Vec<String> = plan.unfinished.iter().map(|a| a.booking_code.clone()).collect();
        let forced = rules::may_close(date, here, settings.closing_time, &unfinished, force)?;
        let early = rules::is_early(date, here, settings.closing_time);

        let mut forfeited_idr = 0;
        for app in &plan.no_shows {
            let paid = app.paid_at.is_some();
            let fee = rules::forfeited_fee(app.fee_idr, paid);
            forfeited_idr += fee;
            let forfeited = paid.then(|| u64::try_from(fee).unwrap_or(0));
            let detail = AuditDetail::NoShow { date, forfeited }.to_string();
            cancel_in(&tx, actor, &app.booking_code, CancelReason::NoShow, detail, now)?;
        }
        let mut uncollected_cancelled = Vec::new();
        if cancel_uncollected {
            for app in &plan.uncollected {
                cancel_uncollected_in(&tx, actor, app, now)?;
                uncollected_cancelled.push(app.booking_code.clone());
            }
        }

        let summary = CloseSummary {
            date,
            already_closed: false,
            cancelled_no_shows: plan.no_shows.len(),
            no_show_codes: plan.no_shows.iter().map(|a| a.booking_code.clone()).collect(),
            forfeited_idr,
            unfinished, // empty unless forced: otherwise the close was refused
            forced_reason: forced.map(str::to_string),
            before_closing_time: early,
            uncollected_listed: plan.uncollected.iter().map(|a| a.booking_code.clone()).collect(),
            uncollected_cancelled,
            uncollected_cancelled_now: Vec::new(),
            closed_by: actor.name.clone(),
            closed_at: now.with_timezone(&settings.utc_offset),
        };
        tx.execute(
            "INSERT INTO day_closures (date, closed_at, officer, forced_reason, summary) VALUES (?1, ?2, ?3, ?4, ?5)",
            (date.to_string(), ts(now), &actor.name, &summary.forced_reason, summary_json(&summary)?),
        )?;
        let forced = summary.forced_reason.as_ref().map(|reason| Forced {
            early,
            past: summary.unfinished.clone(),
            reason: reason.clone(),
        });
        let detail = AuditDetail::CloseDay {
            date,
            no_shows: summary.cancelled_no_shows as u64,
            forfeited: u64::try_from(forfeited_idr).unwrap_or(0),
            uncollected_listed: summary.uncollected_listed.len() as u64,
            uncollected_cancelled: summary.uncollected_cancelled.len() as u64,
            forced,
        }
        .to_string();
        audit::record(&tx, now, &actor.name, AuditAction::CloseDay, None, None, None, &detail)?;
        tx.commit()?;
        Ok(summary)
    }

    /// Reopens a closed day for a correction (a supervisor action, audited with the reason), in one
    /// transaction: exactly the no-shows that the close cancelled (and that are still cancelled as no-shows) go
    /// back to booked, each with its audit row; the closure row goes, and the reopen's audit row names the
    /// reason, the close it undid and the bookings it put back. Passports cancelled as uncollected stay
    /// cancelled. The day can be closed again afterwards. Returns the booking codes put back.
    pub fn reopen_day(
        &mut self,
        actor: &Actor,
        date: NaiveDate,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<String>> {
        actor.require(Role::Supervisor, "reopening a day")?;
        let reason = rules::reopen_reason(reason)?;
        super::check_text("reason", reason, false)?;
        let tx = self.write()?;
        let Some(summary) = stored_summary(&tx, date)? else {
            return Err(CloseRefusal::NotClosed { date }.into());
        };
        let mut reinstated = Vec::new();
        for code in &summary.no_show_codes {
            let app = load(&tx, code)?;
            let cancel_reason: Option<String> =
                tx.query_row("SELECT cancel_reason FROM applications WHERE id = ?1", [&app.id], |r| r.get(0))?;
            let cancel_reason = cancel_reason.as_deref().and_then(CancelReason::parse);
            if !rules::reinstated_by_reopen(app.slot_date == date, app.status, cancel_reason) {
                continue;
            }
            let changed = tx.execute(
                "UPDATE applications SET status = 'booked', cancel_reason = NULL, cancelled_at = NULL, updated_at = ?2
                 WHERE id = ?1 AND status = 'cancelled' AND cancel_reason = 'tidak_hadir'",
                (&app.id, ts(now)),
            )?;
            if changed != 1 {
                return Err(StoreError::Conflict { now: app.status.to_string() });
            }
            let detail = AuditDetail::Reinstated { date }.to_string();
            audit::record(
                &tx,
                now,
                &actor.name,
                AuditAction::Reinstate,
                Some(&app.id),
                Some("cancelled"),
                Some("booked"),
                &detail,
            )?;
            reinstated.push(app.booking_code);
        }
        tx.execute("DELETE FROM day_closures WHERE date = ?1", [date.to_string()])?;
        let detail = AuditDetail::ReopenDay {
            date,
            reason: reason.to_string(),
            closed_by: summary.closed_by.clone(),
            closed_at: summary.closed_at,
            back: reinstated.clone(),
        }
        .to_string();
        audit::record(&tx, now, &actor.name, AuditAction::ReopenDay, None, None, None, &detail)?;
        tx.commit()?;
        Ok(reinstated)
    }
}

//! Bulk writes for the demo builder: a whole demo (up to millions of rows) in one transaction with cached
//! statements. History rows are written as they end up, without per-change audit rows; the builder writes the
//! audit rows it wants (today's transitions and one summary row) through [`DemoWriter::audit`].

use super::{audit, new_id, ts, Result, Store};
use crate::domain::audit::AuditAction;
use crate::domain::lifecycle::{CancelReason, RejectionReason, Status};
use crate::domain::nik::Sex;
use crate::domain::queue::ServiceLine;
use crate::domain::types::{ApplicationType, PassportKind, PriorityReason, Purpose, Service};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rusqlite::{params, Transaction};

/// One generated application with its applicant (one applicant per application), in its final state.
/// Field meanings are those of the `applicants` and `applications` columns of the same names.
#[derive(Debug, Clone)]
pub(crate) struct DemoRow {
    pub nik: String,
    pub full_name: String,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    pub birth_place: String,
    pub phone: Option<String>,
    pub address: String,
    pub booking_code: String,
    pub application_type: ApplicationType,
    pub purpose: Purpose,
    pub passport_kind: PassportKind,
    pub validity_years: u8,
    pub service: Service,
    pub slot_date: NaiveDate,
    pub slot_start: NaiveTime,
    pub billing_code: String,
    pub fee_idr: u64,
    pub paid_at: Option<DateTime<Utc>>,
    pub old_passport_no: Option<String>,
    pub group_code: Option<String>,
    pub priority_reason: Option<PriorityReason>,
    pub status: Status,
    pub reschedule_count: u32,
    pub queue_no: Option<String>,
    pub checked_in_at: Option<DateTime<Utc>>,
    pub counter_no: Option<u32>,
    pub called_at: Option<DateTime<Utc>>,
    pub photo_at: Option<DateTime<Utc>>,
    pub interview_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
    pub rejection_reason: Option<RejectionReason>,
    pub rejection_note: Option<&'static str>,
    pub ready_date: Option<NaiveDate>,
    pub passport_no: Option<String>,
    pub ready_at: Option<DateTime<Utc>>,
    pub handed_over_at: Option<DateTime<Utc>>,
    pub collected_by: Option<String>,
    pub delivery_address: Option<String>,
    pub pos_tracking_no: Option<String>,
    pub cancel_reason: Option<CancelReason>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The open bulk transaction. Obtained only inside [`Store::demo_bulk`].
pub(crate) struct DemoWriter<'c> {
    tx: Transaction<'c>,
}

const INSERT_APPLICANT: &str = "INSERT INTO applicants
    (id, nik, full_name, name_key, sex, birth_date, birth_place, phone, address, created_at)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

const INSERT_APPLICATION: &str = "INSERT INTO applications
    (id, booking_code, applicant_id, application_type, purpose, passport_kind, validity_years, service,
     slot_date, slot_start, billing_code, fee_idr, paid_at, old_passport_no, group_code, priority_reason,
     source, status, reschedule_count, queue_no, checked_in_at, counter_no, called_at, photo_at, interview_at,
     decided_at, rejection_reason, rejection_note, ready_date, passport_no, ready_at, handed_over_at,
     collected_by, delivery_address, pos_tracking_no, cancel_reason, cancelled_at, created_at, updated_at)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, 'demo', ?17, ?18, ?19,
            ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37, ?38)";

fn hhmm(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

impl DemoWriter<'_> {
    /// Makes sure counters 1..=`n` exist (a big demo day needs more than the six a new office gets).
    pub fn ensure_counters(&self, n: u32) -> Result<()> {
        let mut stmt = self.tx.prepare_cached("INSERT OR IGNORE INTO counters (number, name) VALUES (?1, ?2)")?;
        for number in 1..=n {
            stmt.execute((number, format!("Loket {number}")))?;
        }
        Ok(())
    }

    /// Adds one arrival slot with its quota.
    pub fn add_slot(&self, date: NaiveDate, start: NaiveTime, end: NaiveTime, quota: u32) -> Result<()> {
        self.tx
            .prepare_cached("INSERT INTO slots (date, start_time, end_time, quota) VALUES (?1, ?2, ?3, ?4)")?
            .execute((date.to_string(), hhmm(start), hhmm(end), quota))?;
        Ok(())
    }

    /// Writes the applicant and the application; returns the application id (for audit rows).
    pub fn add(&self, r: &DemoRow) -> Result<String> {
        let applicant_id = new_id();
        self.tx.prepare_cached(INSERT_APPLICANT)?.execute(params![
            applicant_id,
            r.nik,
            r.full_name,
            crate::domain::name_key(&r.full_name),
            r.sex.code(),
            r.birth_date.to_string(),
            r.birth_place,
            r.phone,
            r.address,
            ts(r.created_at),
        ])?;
        let id = new_id();
        let opt_ts = |t: Option<DateTime<Utc>>| t.map(ts);
        self.tx.prepare_cached(INSERT_APPLICATION)?.execute(params![
            id,
            r.booking_code,
            applicant_id,
            r.application_type.as_str(),
            r.purpose.as_str(),
            r.passport_kind.as_str(),
            r.validity_years,
            r.service.as_str(),
            r.slot_date.to_string(),
            hhmm(r.slot_start),
            r.billing_code,
            i64::try_from(r.fee_idr).unwrap_or(i64::MAX),
            opt_ts(r.paid_at),
            r.old_passport_no,
            r.group_code,
            r.priority_reason.map(PriorityReason::as_str),
            r.status.as_str(),
            r.reschedule_count,
            r.queue_no,
            opt_ts(r.checked_in_at),
            r.counter_no,
            opt_ts(r.called_at),
            opt_ts(r.photo_at),
            opt_ts(r.interview_at),
            opt_ts(r.decided_at),
            r.rejection_reason.map(RejectionReason::as_str),
            r.rejection_note,
            r.ready_date.map(|d| d.to_string()),
            r.passport_no,
            opt_ts(r.ready_at),
            opt_ts(r.handed_over_at),
            r.collected_by,
            r.delivery_address,
            r.pos_tracking_no,
            r.cancel_reason.map(CancelReason::as_str),
            opt_ts(r.cancelled_at),
            ts(r.created_at),
            ts(r.updated_at),
        ])?;
        Ok(id)
    }

    /// Records the last queue number handed out on `date` in `line`, so tomorrow's desk continues from it.
    pub fn set_last_queue_number(&self, date: NaiveDate, line: ServiceLine, last: u32) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO queue_numbers (date, line, last) VALUES (?1, ?2, ?3)
                 ON CONFLICT (date, line) DO UPDATE SET last = excluded.last",
            )?
            .execute((date.to_string(), line.prefix().to_string(), last))?;
        Ok(())
    }

    /// One audit row, in the same format as the desk's own. Its instant is made up, so the row is marked as
    /// written under a pinned clock, with the real time beside it.
    #[allow(clippy::too_many_arguments)]
    pub fn audit(
        &self,
        at: DateTime<Utc>,
        officer: &str,
        action: &str,
        application_id: Option<&str>,
        from: Option<Status>,
        to: Option<Status>,
        counter: Option<u32>,
        detail: &str,
    ) -> Result<()> {
        let action = AuditAction::parse(action)
            .ok_or_else(|| super::StoreError::Refused(format!("demo: unknown audit action {action:?}")))?;
        audit::append(
            &self.tx,
            &audit::Entry {
                application_id,
                from: from.map(Status::as_str),
                to: to.map(Status::as_str),
                counter,
                detail,
                clock: audit::RowClock::Simulated,
                ..audit::Entry::new(at, officer, action)
            },
        )
    }
}

impl Store {
    /// Runs `fill` inside one write transaction tuned for bulk loading, and commits it if `fill` succeeds.
    ///
    /// A fresh database has almost nothing to journal, so the rollback journal is kept in memory and syncing
    /// is off while loading (a crash leaves a half-built demo, which the caller throws away anyway). WAL and
    /// full sync are restored afterwards, whatever happened.
    pub(crate) fn demo_bulk<T>(&mut self, fill: impl FnOnce(&DemoWriter<'_>) -> Result<T>) -> Result<T> {
        let conn = &self.conn;
        conn.pragma_update(None, "journal_mode", "MEMORY")?;
        conn.pragma_update(None, "synchronous", "OFF")?;
        // Negative = KiB: 256 MiB keeps the random-order unique indexes (booking code, NIK) in memory.
        conn.pragma_update(None, "cache_size", -262_144)?;
        let result = self.write().and_then(|tx| {
            let writer = DemoWriter { tx };
            let out = fill(&writer)?;
            writer.tx.commit()?;
            Ok(out)
        });
        let conn = &self.conn;
        let restored = conn
            .pragma_update(None, "cache_size", -2_000)
            .and_then(|()| conn.pragma_update(None, "synchronous", "FULL"))
            .and_then(|()| conn.pragma_update(None, "journal_mode", "WAL"));
        let out = result?;
        restored?;
        Ok(out)
    }
}

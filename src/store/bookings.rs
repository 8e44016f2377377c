//! Creating bookings: from the M-Paspor manifest, walk-ins and the demo. One import is one transaction.

use super::{audit, new_id, slots, ts, Actor, Result, Store, StoreError};
use crate::domain::audit::AuditAction;
use crate::domain::nik::Sex;
use crate::domain::settings::OfficeSettings;
use crate::domain::types::{ApplicationType, PassportKind, PriorityReason, Purpose, Role, Service};
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc, Weekday};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};
use std::collections::HashMap;

/// A booking ready to be written, already validated field by field (see `import::bookings`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBooking {
    /// Where it came from in its file (for error messages); 0 when not from a file.
    pub line: u64,
    pub booking_code: String,
    pub nik: String,
    pub full_name: String,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    pub birth_place: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub application_type: ApplicationType,
    pub purpose: Purpose,
    pub passport_kind: PassportKind,
    pub validity_years: u8,
    pub service: Service,
    pub slot_date: NaiveDate,
    pub slot_start: NaiveTime,
    pub slot_end: NaiveTime,
    pub billing_code: String,
    pub fee_idr: u64,
    pub paid_at: Option<DateTime<Utc>>,
    pub old_passport_no: Option<String>,
    pub group_code: Option<String>,
    pub priority_reason: Option<PriorityReason>,
}

impl NewBooking {
    /// A stable fingerprint of the booking's content (FNV-1a), to tell a re-import from a conflict.
    pub fn fingerprint(&self) -> String {
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        let fields = [
            self.booking_code.clone(),
            self.nik.clone(),
            self.full_name.clone(),
            self.sex.code().into(),
            self.birth_date.to_string(),
            opt(&self.birth_place),
            opt(&self.phone),
            opt(&self.address),
            self.application_type.as_str().into(),
            self.purpose.as_str().into(),
            self.passport_kind.as_str().into(),
            self.validity_years.to_string(),
            self.service.as_str().into(),
            self.slot_date.to_string(),
            self.slot_start.format("%H:%M").to_string(),
            self.slot_end.format("%H:%M").to_string(),
            self.billing_code.clone(),
            self.fee_idr.to_string(),
            self.paid_at.map(ts).unwrap_or_default(),
            opt(&self.old_passport_no),
            opt(&self.group_code),
            self.priority_reason.map(|p| p.as_str().to_string()).unwrap_or_default(),
        ];
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in fields.join("\u{1f}").bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        format!("{h:016x}")
    }
}

/// A row the import could not take, as `line: column: why`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub line: u64,
    pub column: &'static str,
    pub why: String,
}

/// When an import writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportPolicy {
    /// Any problem rejects the whole batch.
    AllOrNothing,
    /// Good rows are written, the rest reported.
    SkipInvalid,
    /// Nothing is written; only the problems are found.
    DryRun,
}

/// What an import did (or, when it was rejected, would have done).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOutcome {
    pub inserted: usize,
    pub unchanged: usize,
    pub problems: Vec<RowProblem>,
    /// True when the rows were written (no problems, or `skip_invalid`).
    pub committed: bool,
}

/// Why the office cannot take a booking on `date`, if it cannot.
pub(crate) fn day_off_reason(conn: &Connection, date: NaiveDate) -> Result<Option<super::DayOff>> {
    if let Some(name) = conn
        .query_row("SELECT name FROM holidays WHERE date = ?1", [date.to_string()], |r| r.get::<_, String>(0))
        .optional()?
    {
        return Ok(Some(super::DayOff { date, holiday: Some(name) }));
    }
    Ok(match date.weekday() {
        Weekday::Sat | Weekday::Sun => Some(super::DayOff { date, holiday: None }),
        _ => None,
    })
}

/// An arrival slot as the import sees it: read once, then counted in memory.
struct SlotState {
    end: String,
    quota: u32,
    booked: u32,
    exists: bool,
}

/// One import in progress: one transaction (holding the write lock unless it only checks), and what it has
/// learned so far so that each slot, day and statement is looked up once, not once per row.
///
/// A row is checked completely before anything of it is written, so a refused row leaves nothing behind
/// without a savepoint; any error of the database itself ends the import and rolls everything back.
pub struct BookingBatch<'s> {
    tx: Transaction<'s>,
    settings: OfficeSettings,
    actor: String,
    /// What the import's audit row names (the file).
    label: String,
    /// What each application records as its source.
    row_source: String,
    now: DateTime<Utc>,
    policy: ImportPolicy,
    out: ImportOutcome,
    seen_code: HashMap<String, u64>,
    nik_days: HashMap<(String, NaiveDate), String>,
    slots: HashMap<(NaiveDate, String), SlotState>,
    days: HashMap<NaiveDate, Option<String>>,
    /// Express bookings per day (the daily express quota), counted once per import.
    express: HashMap<NaiveDate, u32>,
}

impl BookingBatch<'_> {
    /// Whether rows are still written (not in a dry run, nor after a problem when one problem rejects all).
    fn writes(&self) -> bool {
        match self.policy {
            ImportPolicy::AllOrNothing => self.out.problems.is_empty(),
            ImportPolicy::SkipInvalid => true,
            ImportPolicy::DryRun => false,
        }
    }

    /// Checks one booking against the database and this import, and writes it unless refused. `Ok` with the
    /// refusal recorded for a bad row; `Err` only when the database fails (the import is then over).
    pub fn add(&mut self, b: &NewBooking) -> Result<()> {
        match self.check_and_write(b)? {
            Ok(Outcome::Inserted) => self.out.inserted += 1,
            Ok(Outcome::Unchanged) => self.out.unchanged += 1,
            Err(p) => self.out.problems.push(p),
        }
        Ok(())
    }

    fn check_and_write(&mut self, b: &NewBooking) -> Result<Result<Outcome, RowProblem>> {
        let problem = |column: &'static str, why: String| Ok(Err(RowProblem { line: b.line, column, why }));
        if let Some(first) = self.seen_code.insert(b.booking_code.clone(), b.line) {
            return problem("booking_code", format!("{} also on line {first}", b.booking_code));
        }
        let fingerprint = b.fingerprint();
        let existing: Option<Option<String>> = self
            .tx
            .prepare_cached("SELECT manifest_hash FROM applications WHERE booking_code = ?1")?
            .query_row([&b.booking_code], |r| r.get(0))
            .optional()?;
        match existing {
            Some(Some(h)) if h == fingerprint => return Ok(Ok(Outcome::Unchanged)),
            Some(_) => {
                return problem(
                    "booking_code",
                    format!("{} already exists with different data; not overwritten", b.booking_code),
                )
            }
            None => {}
        }
        if let Some(why) = self.day_problem(b.slot_date)? {
            return problem("slot_date", why);
        }
        let nik_day = (b.nik.clone(), b.slot_date);
        let other = match self.nik_days.get(&nik_day) {
            Some(code) => Some(code.clone()),
            None => self
                .tx
                .prepare_cached(
                    "SELECT a.booking_code FROM applications a JOIN applicants p ON p.id = a.applicant_id
                     WHERE p.nik = ?1 AND a.slot_date = ?2 AND a.status <> 'cancelled'",
                )?
                .query_row((&b.nik, b.slot_date.to_string()), |r| r.get(0))
                .optional()?,
        };
        if let Some(other) = other {
            return problem("nik", format!("{} already has an active booking on {} ({other})", b.nik, b.slot_date));
        }
        let start = b.slot_start.format("%H:%M").to_string();
        let end = b.slot_end.format("%H:%M").to_string();
        let slot_key = (b.slot_date, start.clone());
        if !self.slots.contains_key(&slot_key) {
            let slot = self.read_slot(b.slot_date, &start, &end)?;
            self.slots.insert(slot_key.clone(), slot);
        }
        let (slot_end, quota, booked, slot_exists) = match self.slots.get(&slot_key) {
            Some(s) => (s.end.clone(), s.quota, s.booked, s.exists),
            None => return problem("slot_start", format!("slot {} {start} not found", b.slot_date)),
        };
        if slot_end != end {
            return problem("slot_end", format!("slot {} {start} ends at {slot_end}, not {end}", b.slot_date));
        }
        if booked >= quota {
            let why = format!("slot {} {start} is full (quota {quota}); the manifest overfills it", b.slot_date);
            return problem("slot_start", why);
        }
        let express = b.service == crate::domain::types::Service::Express;
        if express {
            let used = match self.express.get(&b.slot_date) {
                Some(&n) => n,
                None => super::quota::express_booked(&self.tx, b.slot_date)?,
            };
            self.express.insert(b.slot_date, used);
            let quota = crate::domain::quota::QuotaUse { used, quota: self.settings.express_quota };
            if let Err(e) = quota.admit_one(crate::domain::quota::QuotaKind::Express, b.slot_date) {
                return problem("service", format!("{e}; the manifest overfills it"));
            }
        }
        // Every check passed: write the row (unless only checking), then count it.
        let writes = self.writes();
        if writes {
            match self.write_row(b, (&start, &end, quota, !slot_exists), &fingerprint) {
                Ok(()) => {}
                // A rule only the schema knows (a CHECK, a trigger): the row is refused, the import goes on.
                Err(StoreError::Sql(e)) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) => {
                    let why = e.to_string();
                    let why = why.strip_prefix("CHECK constraint failed: ").unwrap_or(&why);
                    return problem("booking_code", format!("refused by the database: {why}"));
                }
                Err(e) => return Err(e),
            }
        }
        if let Some(slot) = self.slots.get_mut(&slot_key) {
            slot.exists |= writes;
            slot.booked += 1;
        }
        if express {
            *self.express.entry(b.slot_date).or_default() += 1;
        }
        self.nik_days.insert(nik_day, b.booking_code.clone());
        Ok(Ok(Outcome::Inserted))
    }

    /// Why the office takes no bookings on `date` (day off or closed), looked up once per date.
    fn day_problem(&mut self, date: NaiveDate) -> Result<Option<String>> {
        if let Some(known) = self.days.get(&date) {
            return Ok(known.clone());
        }
        let why = match day_off_reason(&self.tx, date)? {
            Some(day_off) => Some(day_off.to_string()),
            None if super::close::is_closed_in(&self.tx, date)? => {
                Some(format!("{date} is closed; a supervisor can reopen it (loket reopen-day --date {date})"))
            }
            None => None,
        };
        self.days.insert(date, why.clone());
        Ok(why)
    }

    /// The slot's end, quota and active bookings, counted once per import.
    fn read_slot(&self, date: NaiveDate, start: &str, end: &str) -> Result<SlotState> {
        let row: Option<(String, u32)> = self
            .tx
            .prepare_cached("SELECT end_time, quota FROM slots WHERE date = ?1 AND start_time = ?2")?
            .query_row((date.to_string(), start), |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let booked = slots::booked_in_slot(&self.tx, date, start)?;
        Ok(match row {
            Some((end, quota)) => SlotState { end, quota, booked, exists: true },
            None => SlotState { end: end.to_string(), quota: self.settings.slot_quota, booked, exists: false },
        })
    }

    /// Writes the slot (when new), the applicant (when new), the application and its audit row. A step the
    /// schema refuses (a constraint) takes back this row's earlier steps, so a refused row leaves nothing behind
    /// without a savepoint; any other failure ends the import, whose transaction is then rolled back whole.
    fn write_row(&self, b: &NewBooking, slot: (&str, &str, u32, bool), fingerprint: &str) -> Result<()> {
        let (start, end, quota, new_slot) = slot;
        let mut applicant = None;
        let written = self.write_steps(b, slot, fingerprint, &mut applicant);
        if matches!(&written, Err(StoreError::Sql(e)) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation))
        {
            if let Some(id) = applicant {
                self.tx.execute("DELETE FROM applicants WHERE id = ?1", [id])?;
            }
            if new_slot {
                self.tx.execute(
                    "DELETE FROM slots WHERE date = ?1 AND start_time = ?2 AND end_time = ?3 AND quota = ?4",
                    (b.slot_date.to_string(), start, end, quota),
                )?;
            }
        }
        written
    }

    fn write_steps(
        &self,
        b: &NewBooking,
        (start, end, quota, new_slot): (&str, &str, u32, bool),
        fingerprint: &str,
        new_applicant: &mut Option<String>,
    ) -> Result<()> {
        if new_slot {
            self.tx
                .prepare_cached("INSERT INTO slots (date, start_time, end_time, quota) VALUES (?1, ?2, ?3, ?4)")?
                .execute((b.slot_date.to_string(), start, end, quota))?;
        }
        let (applicant_id, created) = upsert_applicant(&self.tx, b, self.now)?;
        if created {
            *new_applicant = Some(applicant_id.clone());
        }
        let id = new_id();
        self.tx
            .prepare_cached(
                "INSERT INTO applications (id, booking_code, applicant_id, application_type, purpose, passport_kind,
                    validity_years, service, slot_date, slot_start, billing_code, fee_idr, paid_at, old_passport_no,
                    group_code, priority_reason, source, manifest_hash, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?19)",
            )?
            .execute(rusqlite::params![
                id,
                b.booking_code,
                applicant_id,
                b.application_type.as_str(),
                b.purpose.as_str(),
                b.passport_kind.as_str(),
                b.validity_years,
                b.service.as_str(),
                b.slot_date.to_string(),
                start,
                b.billing_code,
                b.fee_idr as i64,
                b.paid_at.map(ts),
                b.old_passport_no,
                b.group_code,
                b.priority_reason.map(|p| p.as_str()),
                self.row_source,
                fingerprint,
                ts(self.now),
            ])?;
        let booked = Some("booked");
        audit::record(&self.tx, self.now, &self.actor, AuditAction::Book, Some(&id), None, booked, &self.row_source)
    }

    /// Ends the import: commits (with the import's audit row) when the policy writes, otherwise rolls back.
    pub fn finish(self) -> Result<ImportOutcome> {
        let BookingBatch { tx, mut out, policy, label, actor, now, .. } = self;
        let write = match policy {
            ImportPolicy::AllOrNothing => out.problems.is_empty(),
            ImportPolicy::SkipInvalid => true,
            ImportPolicy::DryRun => false,
        };
        if !write {
            tx.rollback()?;
            return Ok(out);
        }
        let detail =
            format!("{label}: {} new, {} unchanged, {} refused", out.inserted, out.unchanged, out.problems.len());
        audit::record(&tx, now, &actor, AuditAction::ImportBookings, None, None, None, &detail)?;
        tx.commit()?;
        out.committed = true;
        Ok(out)
    }
}

enum Outcome {
    Inserted,
    Unchanged,
}

/// The applicant's id, found by NIK or created (then `true`).
fn upsert_applicant(conn: &Connection, b: &NewBooking, now: DateTime<Utc>) -> Result<(String, bool)> {
    let found: Option<String> = conn
        .prepare_cached("SELECT id FROM applicants WHERE nik = ?1")?
        .query_row([&b.nik], |r| r.get(0))
        .optional()?;
    if let Some(id) = found {
        return Ok((id, false));
    }
    let id = new_id();
    conn.prepare_cached(
        "INSERT INTO applicants (id, nik, full_name, name_key, sex, birth_date, birth_place, phone, address, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(rusqlite::params![
        id,
        b.nik,
        b.full_name,
        crate::domain::name_key(&b.full_name),
        b.sex.code(),
        b.birth_date.to_string(),
        b.birth_place,
        b.phone,
        b.address,
        ts(now),
    ])?;
    Ok((id, true))
}

impl Store {
    /// Starts an import: one transaction that holds the write lock (a dry run only reads).
    pub fn begin_import(
        &mut self,
        actor: &Actor,
        policy: ImportPolicy,
        label: &str,
        now: DateTime<Utc>,
    ) -> Result<BookingBatch<'_>> {
        self.begin_batch(actor, policy, label, "manifest", now)
    }

    fn begin_batch(
        &mut self,
        actor: &Actor,
        policy: ImportPolicy,
        label: &str,
        row_source: &str,
        now: DateTime<Utc>,
    ) -> Result<BookingBatch<'_>> {
        actor.require(Role::Supervisor, "importing bookings")?;
        let settings = self.settings()?;
        let tx = match policy {
            ImportPolicy::DryRun => self.conn.transaction_with_behavior(TransactionBehavior::Deferred)?,
            _ => self.write()?,
        };
        Ok(BookingBatch {
            tx,
            settings,
            actor: actor.name.clone(),
            label: label.to_string(),
            row_source: row_source.to_string(),
            now,
            policy,
            out: ImportOutcome::default(),
            seen_code: HashMap::new(),
            nik_days: HashMap::new(),
            slots: HashMap::new(),
            days: HashMap::new(),
            express: HashMap::new(),
        })
    }

    /// Imports bookings as one transaction, written according to `policy`.
    pub fn import_bookings(
        &mut self,
        actor: &Actor,
        rows: &[NewBooking],
        policy: ImportPolicy,
        source: &str,
        now: DateTime<Utc>,
    ) -> Result<ImportOutcome> {
        self.import_bookings_with_progress(actor, rows, policy, source, now, &mut |_| {})
    }

    /// [`Store::import_bookings`], reporting the number of rows done before each row.
    pub fn import_bookings_with_progress(
        &mut self,
        actor: &Actor,
        rows: &[NewBooking],
        policy: ImportPolicy,
        source: &str,
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(usize),
    ) -> Result<ImportOutcome> {
        let mut batch = self.begin_import(actor, policy, source, now)?;
        for (done, b) in rows.iter().enumerate() {
            progress(done);
            batch.add(b)?;
        }
        batch.finish()
    }

    /// Writes bookings made by loket itself (demo data, walk-ins); refuses on the first problem.
    pub fn add_bookings(
        &mut self,
        actor: &Actor,
        rows: &[NewBooking],
        source: &str,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        let mut batch = self.begin_batch(actor, ImportPolicy::AllOrNothing, source, source, now)?;
        for b in rows {
            batch.add(b)?;
            if let Some(p) = batch.out.problems.first() {
                let (booking_code, column, why) = (b.booking_code.clone(), p.column.to_string(), p.why.clone());
                return Err(super::Refusal::BookingRow { booking_code, column, why }.into());
            }
        }
        batch.finish()?;
        Ok(rows.len())
    }
}

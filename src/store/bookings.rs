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
    /// Not in the database yet, and a staged row books it: written before the rows.
    create: bool,
}

/// A NIK met earlier in this import: its applicant already in the database (if any) and the days it booked,
/// each with the line that booked it. Kept small: an import holds one per NIK in memory.
struct NikInFile {
    existing: Option<Box<str>>,
    first: (NaiveDate, u32),
    more: Vec<(NaiveDate, u32)>,
}

impl NikInFile {
    fn line_on(&self, date: NaiveDate) -> Option<u32> {
        std::iter::once(&self.first).chain(&self.more).find(|(d, _)| *d == date).map(|&(_, line)| line)
    }
}

/// A booking code or NIK as an import remembers it: packed into a number when it is one the schema accepts
/// (up to 24 characters of A–Z and 0–9, base 37), else as text. Exact both ways, and a third of the memory of a
/// `String` for the 100,000 codes and NIKs of a large manifest.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Packed(u128),
    Text(Box<str>),
}

impl Key {
    fn of(s: &str) -> Key {
        let digit = |b: u8| match b {
            b'0'..=b'9' => Some(u128::from(b - b'0') + 1),
            b'A'..=b'Z' => Some(u128::from(b - b'A') + 11),
            _ => None,
        };
        if s.len() <= 24 {
            if let Some(n) = s.bytes().try_fold(0u128, |n, b| digit(b).map(|d| n * 37 + d)) {
                return Key::Packed(n);
            }
        }
        Key::Text(s.into())
    }
}

/// Where a row met earlier in this import came from, for a message.
fn earlier(line: u32) -> String {
    if line > 0 {
        format!("line {line}")
    } else {
        "earlier in this import".to_string()
    }
}

/// The staging table: each accepted row with everything it will write (ids, the audit row's place in the
/// chain), in the connection's temporary database so that it costs neither the database file nor memory.
const CREATE_STAGE: &str = "CREATE TEMP TABLE booking_stage (
    line INTEGER NOT NULL, new_applicant INTEGER NOT NULL, applicant_id TEXT, nik TEXT NOT NULL,
    full_name TEXT NOT NULL, name_key TEXT NOT NULL, sex TEXT NOT NULL, birth_date TEXT NOT NULL, birth_place TEXT,
    phone TEXT, address TEXT, app_id TEXT NOT NULL, booking_code TEXT NOT NULL, application_type TEXT NOT NULL,
    purpose TEXT NOT NULL, passport_kind TEXT NOT NULL, validity_years INTEGER NOT NULL, service TEXT NOT NULL,
    slot_date TEXT NOT NULL, slot_start TEXT NOT NULL, billing_code TEXT NOT NULL, fee_idr INTEGER NOT NULL,
    paid_at TEXT, old_passport_no TEXT, group_code TEXT, priority_reason TEXT, manifest_hash TEXT NOT NULL,
    audit_id TEXT NOT NULL, seq INTEGER NOT NULL, at TEXT NOT NULL, real_at TEXT NOT NULL, pinned_at TEXT,
    prev_hash TEXT NOT NULL, hash TEXT NOT NULL)";

const STAGE_ROW: &str = "INSERT INTO temp.booking_stage VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,
    ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34)";

const APPLICANT_COLUMNS: &str =
    "INSERT INTO applicants (id, nik, full_name, name_key, sex, birth_date, birth_place, phone, address, created_at)";

const APPLICATION_COLUMNS: &str = "INSERT INTO applications (id, booking_code, applicant_id, application_type,
    purpose, passport_kind, validity_years, service, slot_date, slot_start, billing_code, fee_idr, paid_at,
    old_passport_no, group_code, priority_reason, source, manifest_hash, created_at, updated_at)
    SELECT app_id, booking_code, COALESCE(applicant_id, (SELECT p.id FROM applicants p WHERE p.nik = s.nik)),
      application_type, purpose, passport_kind, validity_years, service, slot_date, slot_start, billing_code,
      fee_idr, paid_at, old_passport_no, group_code, priority_reason, ?1, manifest_hash, ?2, ?2
    FROM temp.booking_stage s";

/// One import in progress: one transaction (holding the write lock unless it only checks), and what it has
/// learned so far so that each slot, day and statement is looked up once, not once per row.
///
/// Rows are checked one by one as they come (against the database and the rows before them) and the accepted
/// ones staged; [`BookingBatch::finish`] writes them all at once, table by table (slots, applicants,
/// applications, their audit rows), which keeps SQLite's page cache on one table's pages at a time. If the
/// schema refuses a row that the checks let through (a CHECK, a trigger), the bulk write is taken back and the
/// rows are written one by one, so the refusal names its line; any other error of the database ends the import
/// and rolls everything back.
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
    /// This node's audit chain, placed row by row as rows are staged.
    chain: audit::ChainWriter,
    staged: usize,
    seen_code: HashMap<Key, u32>,
    niks: HashMap<Key, NikInFile>,
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

    /// Checks one booking against the database and this import, and stages it unless refused. `Ok` with the
    /// refusal recorded for a bad row; `Err` only when the database fails (the import is then over).
    pub fn add(&mut self, b: &NewBooking) -> Result<()> {
        match self.check_and_stage(b)? {
            Ok(Outcome::Inserted) => self.out.inserted += 1,
            Ok(Outcome::Unchanged) => self.out.unchanged += 1,
            Err(p) => self.out.problems.push(p),
        }
        Ok(())
    }

    fn check_and_stage(&mut self, b: &NewBooking) -> Result<Result<Outcome, RowProblem>> {
        let problem = |column: &'static str, why: String| Ok(Err(RowProblem { line: b.line, column, why }));
        let line = u32::try_from(b.line).unwrap_or(u32::MAX);
        if let Some(first) = self.seen_code.insert(Key::of(&b.booking_code), line) {
            return problem("booking_code", format!("{} also on {}", b.booking_code, earlier(first)));
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
        // The applicant: met earlier in this file, or looked up once by NIK.
        let nik = Key::of(&b.nik);
        let (applicant, in_file) = match self.niks.get(&nik) {
            Some(seen) => {
                if let Some(other) = seen.line_on(b.slot_date) {
                    let why =
                        format!("{} already has an active booking on {} ({})", b.nik, b.slot_date, earlier(other));
                    return problem("nik", why);
                }
                (seen.existing.as_deref().map(str::to_string), true)
            }
            None => (
                self.tx
                    .prepare_cached("SELECT id FROM applicants WHERE nik = ?1")?
                    .query_row([&b.nik], |r| r.get::<_, String>(0))
                    .optional()?,
                false,
            ),
        };
        if let Some(id) = &applicant {
            let other: Option<String> = self
                .tx
                .prepare_cached(
                    "SELECT booking_code FROM applications
                     WHERE applicant_id = ?1 AND slot_date = ?2 AND status <> 'cancelled'",
                )?
                .query_row((id, b.slot_date.to_string()), |r| r.get(0))
                .optional()?;
            if let Some(other) = other {
                return problem("nik", format!("{} already has an active booking on {} ({other})", b.nik, b.slot_date));
            }
        }
        let start = b.slot_start.format("%H:%M").to_string();
        let end = b.slot_end.format("%H:%M").to_string();
        let slot_key = (b.slot_date, start.clone());
        if !self.slots.contains_key(&slot_key) {
            let slot = self.read_slot(b.slot_date, &start, &end)?;
            self.slots.insert(slot_key.clone(), slot);
        }
        let (quota, booked) = match self.slots.get(&slot_key) {
            Some(s) if s.end != end => {
                return problem("slot_end", format!("slot {} {start} ends at {}, not {end}", b.slot_date, s.end))
            }
            Some(s) => (s.quota, s.booked),
            None => return problem("slot_start", format!("slot {} {start} not found", b.slot_date)),
        };
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
        // Every check passed: stage the row (unless only checking), then count it.
        let writes = self.writes();
        if writes {
            let new_applicant = applicant.is_none() && !in_file;
            self.stage(b, &start, applicant.as_deref(), new_applicant, &fingerprint)?;
        }
        if let Some(slot) = self.slots.get_mut(&slot_key) {
            slot.create |= writes && !slot.exists;
            slot.booked += 1;
        }
        if express {
            *self.express.entry(b.slot_date).or_default() += 1;
        }
        match self.niks.get_mut(&nik) {
            Some(seen) => seen.more.push((b.slot_date, line)),
            None => {
                let seen = NikInFile {
                    existing: applicant.map(String::into_boxed_str),
                    first: (b.slot_date, line),
                    more: Vec::new(),
                };
                self.niks.insert(nik, seen);
            }
        }
        Ok(Ok(Outcome::Inserted))
    }

    /// Stages one accepted row with its ids and its audit row's place in the chain.
    fn stage(
        &mut self,
        b: &NewBooking,
        start: &str,
        applicant: Option<&str>,
        new_applicant: bool,
        fingerprint: &str,
    ) -> Result<()> {
        if self.staged == 0 {
            self.tx.execute_batch(&format!("DROP TABLE IF EXISTS temp.booking_stage; {CREATE_STAGE}"))?;
        }
        let app_id = new_id();
        let applicant_id = match applicant {
            Some(id) => Some(id.to_string()),
            None if new_applicant => Some(new_id()),
            None => None, // a NIK new to the database met earlier in this file: its applicant is written by then
        };
        let entry = audit::Entry {
            application_id: Some(&app_id),
            to: Some("booked"),
            detail: &self.row_source,
            ..audit::Entry::new(self.now, &self.actor, AuditAction::Book)
        };
        let placed = self.chain.place(&entry);
        self.tx.prepare_cached(STAGE_ROW)?.execute(rusqlite::params![
            b.line as i64,
            new_applicant,
            applicant_id,
            b.nik,
            b.full_name,
            crate::domain::name_key(&b.full_name),
            b.sex.code(),
            b.birth_date.to_string(),
            b.birth_place,
            b.phone,
            b.address,
            app_id,
            b.booking_code,
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
            fingerprint,
            placed.id,
            placed.seq,
            placed.at,
            placed.real_at,
            placed.pinned_at,
            placed.prev_hash,
            placed.hash,
        ])?;
        self.staged += 1;
        Ok(())
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
            Some((end, quota)) => SlotState { end, quota, booked, exists: true, create: false },
            None => SlotState {
                end: end.to_string(),
                quota: self.settings.slot_quota,
                booked,
                exists: false,
                create: false,
            },
        })
    }

    /// Writes the new slots, then every staged row table by table, in one statement each.
    fn write_bulk(&self) -> Result<()> {
        self.write_new_slots()?;
        let created = ts(self.now);
        self.tx.execute(
            &format!(
                "{APPLICANT_COLUMNS} SELECT applicant_id, nik, full_name, name_key, sex, birth_date, birth_place,
                   phone, address, ?1 FROM temp.booking_stage WHERE new_applicant ORDER BY rowid"
            ),
            [&created],
        )?;
        self.tx.execute(&format!("{APPLICATION_COLUMNS} ORDER BY rowid"), (&self.row_source, &created))?;
        self.tx.execute(
            "INSERT INTO audit_log (id, node_id, seq, at, real_at, pinned_at, officer, action, application_id,
                                    counter_no, from_status, to_status, detail, prev_hash, hash)
             SELECT audit_id, ?1, seq, at, real_at, pinned_at, ?2, ?3, app_id, NULL, NULL, 'booked', ?4, prev_hash,
                    hash
             FROM temp.booking_stage ORDER BY rowid",
            (self.chain.node(), &self.actor, AuditAction::Book.as_str(), &self.row_source),
        )?;
        Ok(())
    }

    fn write_new_slots(&self) -> Result<()> {
        let mut insert =
            self.tx.prepare_cached("INSERT INTO slots (date, start_time, end_time, quota) VALUES (?1, ?2, ?3, ?4)")?;
        for ((date, start), slot) in &self.slots {
            if slot.create {
                insert.execute((date.to_string(), start, &slot.end, slot.quota))?;
            }
        }
        Ok(())
    }

    /// The staged rows written one by one (after the schema refused the bulk write): a refused row is reported
    /// with its line and leaves nothing behind (its applicant, a slot only it used); the audit chain is placed
    /// again for the rows written.
    fn write_each(&mut self) -> Result<()> {
        self.write_new_slots()?;
        self.chain = audit::ChainWriter::open(&self.tx, &self.actor)?;
        let created = ts(self.now);
        let rows: Vec<(i64, i64, String)> = {
            let mut stmt = self.tx.prepare("SELECT rowid, line, app_id FROM temp.booking_stage ORDER BY rowid")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            rows.collect::<std::result::Result<_, _>>()?
        };
        for (rowid, line, app_id) in rows {
            // The applicant unless its NIK is there already (from the database or an earlier row).
            let fresh = new_id();
            let added = self.tx.execute(
                &format!(
                    "{APPLICANT_COLUMNS} SELECT COALESCE(applicant_id, ?2), nik, full_name, name_key, sex, birth_date,
                       birth_place, phone, address, ?3 FROM temp.booking_stage s
                     WHERE rowid = ?1 AND NOT EXISTS (SELECT 1 FROM applicants p WHERE p.nik = s.nik)"
                ),
                (rowid, &fresh, &created),
            )?;
            let written = self
                .tx
                .execute(&format!("{APPLICATION_COLUMNS} WHERE rowid = ?3"), (&self.row_source, &created, rowid));
            match written {
                Ok(_) => {
                    let entry = audit::Entry {
                        application_id: Some(&app_id),
                        to: Some("booked"),
                        detail: &self.row_source,
                        ..audit::Entry::new(self.now, &self.actor, AuditAction::Book)
                    };
                    self.chain.append(&self.tx, &entry)?;
                }
                Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) => {
                    if added > 0 {
                        self.tx.execute(
                            "DELETE FROM applicants WHERE nik = (SELECT nik FROM temp.booking_stage WHERE rowid = ?1)",
                            [rowid],
                        )?;
                    }
                    let why = e.to_string();
                    let why = why.strip_prefix("CHECK constraint failed: ").unwrap_or(&why).to_string();
                    self.out.inserted -= 1;
                    self.out.problems.push(RowProblem {
                        line: line as u64,
                        column: "booking_code",
                        why: format!("refused by the database: {why}"),
                    });
                }
                Err(e) => return Err(e.into()),
            }
        }
        // A new slot only refused rows wanted is not kept.
        for ((date, start), slot) in &self.slots {
            if slot.create {
                self.tx.execute(
                    "DELETE FROM slots WHERE date = ?1 AND start_time = ?2
                       AND NOT EXISTS (SELECT 1 FROM applications WHERE slot_date = ?1 AND slot_start = ?2)",
                    (date.to_string(), start),
                )?;
            }
        }
        Ok(())
    }

    /// Ends the import: writes the staged rows and commits (with the import's audit row) when the policy
    /// writes, otherwise rolls back.
    pub fn finish(mut self) -> Result<ImportOutcome> {
        let write = |policy: ImportPolicy, out: &ImportOutcome| match policy {
            ImportPolicy::AllOrNothing => out.problems.is_empty(),
            ImportPolicy::SkipInvalid => true,
            ImportPolicy::DryRun => false,
        };
        if !write(self.policy, &self.out) {
            self.tx.rollback()?;
            return Ok(self.out);
        }
        if self.staged > 0 {
            self.tx.execute_batch("SAVEPOINT bulk")?;
            match self.write_bulk() {
                Ok(()) => self.tx.execute_batch("RELEASE bulk")?,
                Err(StoreError::Sql(e)) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) => {
                    self.tx.execute_batch("ROLLBACK TO bulk; RELEASE bulk")?;
                    self.write_each()?;
                    if !write(self.policy, &self.out) {
                        self.tx.rollback()?;
                        return Ok(self.out);
                    }
                }
                Err(e) => return Err(e),
            }
            self.tx.execute_batch("DROP TABLE temp.booking_stage")?;
        }
        let BookingBatch { tx, mut out, label, actor, now, mut chain, .. } = self;
        let detail = crate::domain::audit_detail::AuditDetail::ImportBookings {
            label: label.clone(),
            new: out.inserted as u64,
            unchanged: out.unchanged as u64,
            refused: out.problems.len() as u64,
        }
        .to_string();
        let entry = audit::Entry { detail: &detail, ..audit::Entry::new(now, &actor, AuditAction::ImportBookings) };
        chain.append(&tx, &entry)?;
        tx.commit()?;
        out.committed = true;
        Ok(out)
    }
}

enum Outcome {
    Inserted,
    Unchanged,
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
        // The staged rows go to a temporary file, through SQLite's page cache, not into memory (the bundled
        // SQLite keeps temporary tables in memory by default): an import's memory does not grow with its rows.
        self.conn.pragma_update(None, "temp_store", "FILE")?;
        let tx = match policy {
            ImportPolicy::DryRun => self.conn.transaction_with_behavior(TransactionBehavior::Deferred)?,
            _ => self.write()?,
        };
        let chain = audit::ChainWriter::open(&tx, &actor.name)?;
        Ok(BookingBatch {
            tx,
            settings,
            actor: actor.name.clone(),
            label: label.to_string(),
            row_source: crate::domain::audit_detail::AuditDetail::Booked { source: row_source.into() }.to_string(),
            now,
            policy,
            out: ImportOutcome::default(),
            chain,
            staged: 0,
            seen_code: HashMap::new(),
            niks: HashMap::new(),
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

#[cfg(test)]
mod tests {
    use super::Key;

    #[test]
    fn packed_keys_are_exact() {
        let codes = ["MP0GL28L13", "0MP0GL28L13", "MP0GL28L130", "A", "0", "00", "Z", "ZZZZZZZZZZZZZZZZZZZZZZZZ"];
        for (i, a) in codes.iter().enumerate() {
            assert!(matches!(Key::of(a), Key::Packed(_)), "{a}");
            for b in &codes[i + 1..] {
                assert_ne!(Key::of(a), Key::of(b), "{a} and {b}");
            }
        }
        assert_eq!(Key::of("3374141212030033"), Key::of("3374141212030033"));
        // Too long or outside A–Z 0–9: kept as text, never mistaken for a packed one.
        assert_eq!(Key::of("ZZZZZZZZZZZZZZZZZZZZZZZZZ"), Key::Text("ZZZZZZZZZZZZZZZZZZZZZZZZZ".into()));
        assert_eq!(Key::of("mp1"), Key::Text("mp1".into()));
    }
}

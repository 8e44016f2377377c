//! Creating bookings: from the M-Paspor manifest, walk-ins and the demo. One import is one transaction.

use super::{audit, new_id, slots, ts, Actor, Result, Store};
use crate::domain::audit::AuditAction;
use crate::domain::nik::Sex;
use crate::domain::types::{ApplicationType, PassportKind, PriorityReason, Purpose, Role, Service};
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc, Weekday};
use rusqlite::{Connection, OptionalExtension};
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
pub(crate) fn day_off_reason(conn: &Connection, date: NaiveDate) -> Result<Option<String>> {
    if let Some(name) = conn
        .query_row("SELECT name FROM holidays WHERE date = ?1", [date.to_string()], |r| r.get::<_, String>(0))
        .optional()?
    {
        return Ok(Some(format!("{date} is a day off ({name}); the office has no slots")));
    }
    Ok(match date.weekday() {
        Weekday::Sat | Weekday::Sun => Some(format!("{date} is a {}; the office has no slots", date.format("%A"))),
        _ => None,
    })
}

enum Outcome {
    Inserted,
    Unchanged,
}

/// Writes one booking (and its applicant, found by NIK or created), checking everything that needs the database.
fn insert_one(
    conn: &Connection,
    settings: &crate::domain::settings::OfficeSettings,
    b: &NewBooking,
    source: &str,
    now: DateTime<Utc>,
    actor: &str,
) -> Result<Outcome, RowProblem> {
    let problem = |column: &'static str, why: String| RowProblem { line: b.line, column, why };
    let sql = |e: super::StoreError| problem("booking_code", e.to_string());
    let fingerprint = b.fingerprint();
    let existing: Option<Option<String>> = conn
        .query_row("SELECT manifest_hash FROM applications WHERE booking_code = ?1", [&b.booking_code], |r| r.get(0))
        .optional()
        .map_err(|e| sql(e.into()))?;
    match existing {
        Some(Some(h)) if h == fingerprint => return Ok(Outcome::Unchanged),
        Some(_) => {
            return Err(problem(
                "booking_code",
                format!("{} already exists with different data; not overwritten", b.booking_code),
            ))
        }
        None => {}
    }
    if let Some(why) = day_off_reason(conn, b.slot_date).map_err(sql)? {
        return Err(problem("slot_date", why));
    }
    if super::close::is_closed_in(conn, b.slot_date).map_err(sql)? {
        return Err(problem("slot_date", format!("{} is closed", b.slot_date)));
    }
    let other: Option<String> = conn
        .query_row(
            "SELECT a.booking_code FROM applications a JOIN applicants p ON p.id = a.applicant_id
             WHERE p.nik = ?1 AND a.slot_date = ?2 AND a.status <> 'cancelled'",
            (&b.nik, b.slot_date.to_string()),
            |r| r.get(0),
        )
        .optional()
        .map_err(|e| sql(e.into()))?;
    if let Some(other) = other {
        return Err(problem("nik", format!("{} already has an active booking on {} ({other})", b.nik, b.slot_date)));
    }
    let quota = slots::ensure_slot(conn, settings, b.slot_date, b.slot_start, b.slot_end)
        .map_err(|e| problem("slot_end", e.to_string()))?;
    let start = b.slot_start.format("%H:%M").to_string();
    let booked = slots::booked_in_slot(conn, b.slot_date, &start).map_err(sql)?;
    if booked >= quota {
        return Err(problem(
            "slot_start",
            format!("slot {} {start} is full (quota {quota}); the manifest overfills it", b.slot_date),
        ));
    }
    let applicant_id = upsert_applicant(conn, b, now).map_err(sql)?;
    let id = new_id();
    conn.prepare_cached(
        "INSERT INTO applications (id, booking_code, applicant_id, application_type, purpose, passport_kind,
            validity_years, service, slot_date, slot_start, billing_code, fee_idr, paid_at, old_passport_no,
            group_code, priority_reason, source, manifest_hash, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?19)",
    )
    .and_then(|mut stmt| {
        stmt.execute(rusqlite::params![
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
            source,
            fingerprint,
            ts(now),
        ])
    })
    .map_err(|e| sql(e.into()))?;
    audit::record(conn, now, actor, AuditAction::Book, Some(&id), None, Some("booked"), source).map_err(sql)?;
    Ok(Outcome::Inserted)
}

fn upsert_applicant(conn: &Connection, b: &NewBooking, now: DateTime<Utc>) -> Result<String> {
    let found: Option<String> = conn
        .prepare_cached("SELECT id FROM applicants WHERE nik = ?1")?
        .query_row([&b.nik], |r| r.get(0))
        .optional()?;
    if let Some(id) = found {
        return Ok(id);
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
    Ok(id)
}

impl Store {
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
        actor.require(Role::Supervisor, "importing bookings")?;
        let settings = self.settings()?;
        let mut tx = self.write()?;
        let mut out = ImportOutcome::default();
        let mut seen_code: HashMap<&str, u64> = HashMap::new();
        for (done, b) in rows.iter().enumerate() {
            progress(done);
            if let Some(first) = seen_code.insert(&b.booking_code, b.line) {
                out.problems.push(RowProblem {
                    line: b.line,
                    column: "booking_code",
                    why: format!("{} also on line {first}", b.booking_code),
                });
                continue;
            }
            // A savepoint per row, so a refused row leaves nothing behind under --skip-invalid.
            let sp = tx.savepoint()?;
            match insert_one(&sp, &settings, b, "manifest", now, &actor.name) {
                Ok(Outcome::Inserted) => {
                    sp.commit()?;
                    out.inserted += 1;
                }
                Ok(Outcome::Unchanged) => {
                    sp.commit()?;
                    out.unchanged += 1;
                }
                Err(p) => {
                    drop(sp); // rolls the row back
                    out.problems.push(p);
                }
            }
        }
        let write = match policy {
            ImportPolicy::AllOrNothing => out.problems.is_empty(),
            ImportPolicy::SkipInvalid => true,
            ImportPolicy::DryRun => false,
        };
        if write {
            let detail =
                format!("{source}: {} new, {} unchanged, {} refused", out.inserted, out.unchanged, out.problems.len());
            audit::record(&tx, now, &actor.name, AuditAction::ImportBookings, None, None, None, &detail)?;
            tx.commit()?;
            out.committed = true;
        }
        Ok(out)
    }

    /// Writes bookings made by loket itself (demo data, walk-ins); refuses on the first problem.
    pub fn add_bookings(
        &mut self,
        actor: &Actor,
        rows: &[NewBooking],
        source: &str,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        let settings = self.settings()?;
        let tx = self.write()?;
        for b in rows {
            insert_one(&tx, &settings, b, source, now, &actor.name)
                .map_err(|p| super::StoreError::Refused(format!("{}: {}: {}", b.booking_code, p.column, p.why)))?;
        }
        tx.commit()?;
        Ok(rows.len())
    }
}

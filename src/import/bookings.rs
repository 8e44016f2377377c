//! The M-Paspor booking manifest (see README, "Booking manifest"): field rules here, database rules in the
//! store, and the whole file in one transaction.

use super::{optional_text, parse_date, Columns, CsvStream, ImportError, Problem, Problems, RowCheck};
use crate::domain::fees;
use crate::domain::nik::{self, Sex};
use crate::domain::passport::validate_old_passport_no;
use crate::domain::settings::parse_hhmm;
use crate::domain::types::{ApplicationType, PassportKind, PriorityReason, Purpose, Service};
use crate::store::{Actor, ImportPolicy, NewBooking, Refusal, Store};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashSet;
use std::path::Path;

const REQUIRED: &[&str] = &[
    "booking_code",
    "nik",
    "full_name",
    "sex",
    "birth_date",
    "application_type",
    "purpose",
    "passport_kind",
    "slot_date",
    "slot_start",
    "slot_end",
    "billing_code",
    "fee_idr",
];

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub inserted: usize,
    pub unchanged: usize,
    /// Rows left out (only with `skip_invalid`; otherwise any problem is an error).
    pub skipped: Problems,
}

/// Imports a manifest; NIK birth dates are judged against the office-local date of `now`.
/// `progress(done, total)` is called as rows are written.
///
/// The file is read twice, a record at a time, so memory does not grow with the rows: first every field of
/// every row is checked without the database; then, under the write lock, the rows are checked against the
/// database and written in one transaction. The lock is held only for the second pass, and any failure of the
/// database (disk full, I/O error, lock timeout) rolls the whole import back.
pub fn import(
    store: &mut Store,
    actor: &Actor,
    path: &Path,
    skip_invalid: bool,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Report, ImportError> {
    actor.require(crate::domain::types::Role::Supervisor, "importing bookings")?;
    let today = crate::store::local(&store.settings()?, now).date();

    // Pass 1: the fields, without the database.
    let mut stream = CsvStream::open(path, REQUIRED).map_err(ImportError::Invalid)?;
    let mut problems = Vec::new();
    let mut bad_lines = HashSet::new();
    let mut record = csv::StringRecord::new();
    let mut total = 0u64;
    while let Some(next) = stream.next_record(&mut record) {
        let checked = next.map_err(|p| vec![p]).and_then(|line| parse_row(&stream.columns, &record, line, today));
        match checked {
            Ok(_) => total += 1,
            Err(mut p) => {
                bad_lines.extend(p.iter().map(|p| p.line));
                problems.append(&mut p);
            }
        }
    }

    // With problems already found, still ask the store (without writing) so the officer sees every problem.
    let policy = match (skip_invalid, problems.is_empty()) {
        (true, _) => ImportPolicy::SkipInvalid,
        (false, true) => ImportPolicy::AllOrNothing,
        (false, false) => ImportPolicy::DryRun,
    };

    // Pass 2: the database, in one transaction.
    let mut stream = CsvStream::open(path, REQUIRED).map_err(ImportError::Invalid)?;
    let file = stream.file.clone();
    let mut batch = store.begin_import(actor, policy, &file, now)?;
    let mut done = 0u64;
    while let Some(next) = stream.next_record(&mut record) {
        let Ok(line) = next else { continue };
        if bad_lines.contains(&line) {
            continue;
        }
        let booking = parse_row(&stream.columns, &record, line, today).map_err(|_| {
            ImportError::Store(Refusal::FileChanged { file: file.to_string(), line: Some(line) }.into())
        })?;
        progress(done, total);
        batch.add(&booking)?;
        done += 1;
    }
    if done != total {
        return Err(ImportError::Store(Refusal::FileChanged { file: file.to_string(), line: None }.into()));
    }
    let outcome = batch.finish()?;
    progress(done, total);
    problems.extend(outcome.problems.into_iter().map(|p| Problem {
        line: p.line,
        column: p.column.into(),
        why: p.why,
    }));
    problems.sort_by_key(|p| p.line);
    let problems = Problems { file, list: problems };
    if !skip_invalid && !problems.list.is_empty() {
        return Err(ImportError::Invalid(problems));
    }
    Ok(Report { inserted: outcome.inserted, unchanged: outcome.unchanged, skipped: problems })
}

fn parse_row(t: &Columns, r: &csv::StringRecord, line: u64, today: NaiveDate) -> Result<NewBooking, Vec<Problem>> {
    let mut c = RowCheck::new(line);
    let get = |col: &str| t.get(r, col);

    let booking_code = get("booking_code").to_ascii_uppercase();
    if !(6..=20).contains(&booking_code.len())
        || !booking_code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    {
        c.fail("booking_code", format!("{booking_code:?} must be 6–20 letters A–Z and digits"));
    }
    let nik = c.check("nik", nik::parse(get("nik"), today));
    let full_name = get("full_name").to_string();
    if full_name.is_empty() || full_name.chars().count() > 100 {
        c.fail("full_name", "must be 1–100 characters");
    } else if let Err(why) = super::line_text(&full_name) {
        c.fail("full_name", why);
    }
    let sex = c.check("sex", Sex::from_code(get("sex")).ok_or_else(|| format!("{:?} must be L or P", get("sex"))));
    let birth_date = c.check("birth_date", parse_date(get("birth_date")));
    if let (Some(nik), Some(sex)) = (&nik, sex) {
        if let Err(e) = nik.check_against(sex, nik.birth_date) {
            c.fail("sex", e.to_string());
        }
    }
    if let (Some(nik), Some(birth)) = (&nik, birth_date) {
        if let Err(e) = nik.check_against(nik.sex, birth) {
            c.fail("birth_date", e.to_string());
        }
    }
    let birth_place = c.check("birth_place", optional_text(get("birth_place"), 60)).flatten();
    let phone = c.check("phone", parse_phone(get("phone"))).flatten();
    let address = c.check("address", optional_text(get("address"), 200)).flatten();
    let application_type =
        c.check("application_type", code(get("application_type"), ApplicationType::parse, ApplicationType::codes));
    let purpose = c.check("purpose", code(get("purpose"), Purpose::parse, Purpose::codes));
    let passport_kind = c.check("passport_kind", code(get("passport_kind"), PassportKind::parse, PassportKind::codes));
    let validity_years = c.check(
        "validity_years",
        match get("validity_years") {
            "" | "10" => Ok(10u8),
            "5" => Ok(5),
            other => Err(format!("{other:?} must be 5 or 10")),
        },
    );
    let service = c.check(
        "service",
        match get("service") {
            "" => Ok(Service::Regular),
            s => code(s, Service::parse, Service::codes),
        },
    );
    let slot_date = c.check("slot_date", parse_date(get("slot_date")));
    let slot_start = c.check(
        "slot_start",
        parse_hhmm(get("slot_start")).map_err(|_| format!("{:?} is not HH:MM", get("slot_start"))),
    );
    let slot_end =
        c.check("slot_end", parse_hhmm(get("slot_end")).map_err(|_| format!("{:?} is not HH:MM", get("slot_end"))));
    if let (Some(s), Some(e)) = (slot_start, slot_end) {
        if e <= s {
            c.fail("slot_end", format!("{} is not after slot_start {}", e.format("%H:%M"), s.format("%H:%M")));
        }
    }
    let billing_code = get("billing_code").to_string();
    if billing_code.len() != 15 || !billing_code.bytes().all(|b| b.is_ascii_digit()) {
        c.fail("billing_code", format!("{billing_code:?} must be 15 digits"));
    }
    let fee_idr = c.check(
        "fee_idr",
        get("fee_idr").parse::<u64>().map_err(|_| format!("{:?} must be whole rupiah, digits only", get("fee_idr"))),
    );
    let paid_at = c.check("paid_at", parse_paid_at(get("paid_at"))).flatten();
    let old_passport_no = match get("old_passport_no") {
        "" => None,
        s => c.check("old_passport_no", validate_old_passport_no(s)),
    };
    if application_type.is_some_and(ApplicationType::needs_old_passport) && get("old_passport_no").is_empty() {
        c.fail("old_passport_no", format!("required for {}", get("application_type")));
    }
    let group_code = c.check("group_code", optional_text(get("group_code"), 20)).flatten();

    // Rules across fields: age at the slot date decides validity and the priority line; the fee must match.
    let mut priority_reason = None;
    if let (Some(birth), Some(on)) = (birth_date, slot_date) {
        let age = nik::age_on(birth, on);
        if validity_years == Some(10) && age < 17 {
            c.fail("validity_years", format!("10-year passports need age 17 or more; the applicant is {age} on {on}"));
        }
        priority_reason = match age {
            60.. => Some(PriorityReason::Elderly),
            0..=4 => Some(PriorityReason::Infant),
            _ => None,
        };
    }
    if let (Some(fee), Some(on), Some(kind), Some(validity), Some(service), Some(app_type)) =
        (fee_idr, slot_date, passport_kind, validity_years, service, application_type)
    {
        if let Err(e) = fees::check_billed(fee, on, kind, validity, service, app_type) {
            c.fail("fee_idr", e.to_string());
        }
    }
    if !c.problems.is_empty() {
        return Err(c.problems);
    }
    // Every field parsed: the options below are all Some.
    match (
        nik,
        sex,
        birth_date,
        application_type,
        purpose,
        passport_kind,
        validity_years,
        service,
        slot_date,
        slot_start,
        slot_end,
        fee_idr,
    ) {
        (
            Some(nik),
            Some(sex),
            Some(birth_date),
            Some(application_type),
            Some(purpose),
            Some(passport_kind),
            Some(validity_years),
            Some(service),
            Some(slot_date),
            Some(slot_start),
            Some(slot_end),
            Some(fee_idr),
        ) => Ok(NewBooking {
            line,
            booking_code,
            nik: nik.as_str().to_string(),
            full_name,
            sex,
            birth_date,
            birth_place,
            phone,
            address,
            application_type,
            purpose,
            passport_kind,
            validity_years,
            service,
            slot_date,
            slot_start,
            slot_end,
            billing_code,
            fee_idr,
            paid_at,
            old_passport_no,
            group_code,
            priority_reason,
        }),
        _ => Err(vec![Problem { line, column: String::new(), why: "incomplete row".into() }]),
    }
}

fn code<T>(s: &str, parse: fn(&str) -> Option<T>, codes: fn() -> String) -> Result<T, String> {
    parse(s).ok_or_else(|| format!("{s:?} is not one of: {}", codes()))
}

/// `+62…` or `08…`, 9–15 digits in all (spaces and dashes allowed between digits).
fn parse_phone(s: &str) -> Result<Option<String>, String> {
    if s.is_empty() {
        return Ok(None);
    }
    let compact: String = s.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let digits = compact.strip_prefix('+').unwrap_or(&compact);
    let ok = (compact.starts_with("+62") || compact.starts_with("08"))
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (9..=15).contains(&digits.len());
    if ok {
        Ok(Some(compact))
    } else {
        Err(format!("{s:?} must start with +62 or 08 and have 9–15 digits"))
    }
}

/// An ISO 8601 date-time with an offset; empty means not paid yet.
fn parse_paid_at(s: &str) -> Result<Option<DateTime<Utc>>, String> {
    if s.is_empty() {
        return Ok(None);
    }
    DateTime::parse_from_rfc3339(s)
        .map(|t| Some(t.with_timezone(&Utc)))
        .map_err(|_| format!("{s:?} must be a date-time with offset, e.g. 2026-03-10T14:02:11+07:00"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        assert_eq!(parse_phone("081234567890").unwrap().as_deref(), Some("081234567890"));
        assert_eq!(parse_phone("+6281398765432").unwrap().as_deref(), Some("+6281398765432"));
        assert_eq!(parse_phone("").unwrap(), None);
        assert!(parse_phone("0212345678x").is_err());
        assert!(parse_phone("12345678901").is_err());
        assert!(parse_phone("0812").is_err());
    }

    #[test]
    fn paid_at_needs_offset() {
        assert!(parse_paid_at("2026-03-10T14:02:11+07:00").unwrap().is_some());
        assert!(parse_paid_at("2026-03-10T14:02:11").is_err());
    }
}

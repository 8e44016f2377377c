//! A group leader's list for a collective booking (*Eazy Paspor*: an Umrah party, a school, a company).
//! Columns `full_name, nik, birth_date, sex, application_type, phone`, optional `old_passport_no` (for a
//! replacement) and `paid_at`. The same error contract as the booking manifest: every problem is reported as
//! `FILE:LINE: column: why` and a file with any problem writes nothing.

use super::{optional_text, parse_date, ImportError, Problem, Problems, RowCheck, Table};
use crate::domain::nik::{self, Sex};
use crate::domain::passport::validate_old_passport_no;
use crate::domain::types::ApplicationType;
use crate::store::{Actor, GroupMember, NewGroup, Store};
use chrono::{DateTime, NaiveDate, Utc};
use std::path::Path;

/// Reads and validates the whole list; any problem rejects it. `today` judges NIK birth dates.
pub fn parse(path: &Path, today: NaiveDate) -> Result<Vec<GroupMember>, Problems> {
    let table = Table::read(path, &["full_name", "nik", "birth_date", "sex", "application_type"])?;
    let mut out: Vec<GroupMember> = Vec::new();
    let mut problems = Vec::new();
    // Every NIK read so far with its line, valid row or not, so a repeat is reported against the first.
    let mut seen: Vec<(String, u64)> = Vec::new();
    for (line, r) in &table.rows {
        let mut c = RowCheck::new(*line);
        let get = |col: &str| table.get(r, col);
        let full_name = match optional_text(get("full_name"), 100) {
            Ok(Some(n)) => Some(n),
            Ok(None) => {
                c.fail("full_name", "is required");
                None
            }
            Err(e) => {
                c.fail("full_name", e);
                None
            }
        };
        // Nothing has checked a leader's list before: the regency/city code must exist too.
        let nik = c.check("nik", nik::parse_registered(get("nik"), today));
        let birth_date = c.check("birth_date", parse_date(get("birth_date")));
        let sex = Sex::from_code(get("sex"));
        if sex.is_none() {
            c.fail("sex", format!("{:?} must be L or P", get("sex")));
        }
        if let (Some(n), Some(s), Some(b)) = (&nik, sex, birth_date) {
            c.check("nik", n.check_against(s, b));
        }
        let application_type = ApplicationType::parse(get("application_type"));
        if application_type.is_none() {
            c.fail(
                "application_type",
                format!("{:?} must be one of {}", get("application_type"), ApplicationType::codes()),
            );
        }
        let old_passport_no = match get("old_passport_no") {
            "" => None,
            s => c.check("old_passport_no", validate_old_passport_no(s)),
        };
        if application_type.is_some_and(ApplicationType::needs_old_passport) && old_passport_no.is_none() {
            c.fail("old_passport_no", "a replacement needs the number of the old passport");
        }
        let phone = c.check("phone", optional_text(get("phone"), 20)).flatten();
        let paid_at = match get("paid_at") {
            "" => None,
            s => c.check(
                "paid_at",
                DateTime::parse_from_rfc3339(s)
                    .map(|t| t.with_timezone(&Utc))
                    .map_err(|_| format!("{s:?} is not an ISO 8601 date-time with offset")),
            ),
        };
        if let Some(n) = &nik {
            match seen.iter().find(|(k, _)| k == n.as_str()) {
                Some((_, first)) => c.fail("nik", format!("listed twice (also on line {first})")),
                None => seen.push((n.as_str().to_string(), *line)),
            }
        }
        match (full_name, nik, birth_date, sex, application_type) {
            (Some(full_name), Some(nik), Some(birth_date), Some(sex), Some(application_type))
                if c.problems.is_empty() =>
            {
                out.push(GroupMember {
                    line: *line,
                    full_name,
                    nik: nik.as_str().to_string(),
                    birth_date,
                    sex,
                    application_type,
                    phone,
                    old_passport_no,
                    paid_at,
                });
            }
            _ => problems.append(&mut c.problems),
        }
    }
    if out.is_empty() && problems.is_empty() {
        problems.push(Problem { line: 1, column: String::new(), why: "the list has no members".into() });
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(Problems { file: table.file, list: problems })
    }
}

/// Imports the list as group `group` of an outreach event (a supervisor action); returns the members' booking
/// codes.
pub fn import(
    store: &mut Store,
    actor: &Actor,
    path: &Path,
    group: &NewGroup,
    now: DateTime<Utc>,
) -> Result<Vec<String>, ImportError> {
    actor.require(crate::domain::types::Role::Supervisor, "importing a group list")?;
    let today = crate::store::local(&store.settings()?, now).date();
    let members = parse(path, today).map_err(ImportError::Invalid)?;
    store.import_group(actor, group, &members, now)?.map_err(|list| {
        ImportError::Invalid(Problems {
            file: path.display().to_string(),
            list: list.into_iter().map(|(line, column, why)| Problem { line, column: column.into(), why }).collect(),
        })
    })
}

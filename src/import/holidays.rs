//! The holiday calendar CSV: `date,name,kind`. Adds or updates by date; removes a year's other dates only
//! with `--replace-year`.

use super::{parse_date, ImportError, Problems, RowCheck, Table};
use crate::domain::calendar::{Holiday, HolidayKind};
use crate::store::{Actor, HolidayImport, Store};
use chrono::{DateTime, Datelike, Utc};
use std::collections::HashMap;
use std::path::Path;

/// Reads and validates the whole file; any problem rejects it.
/// With `replace_year`, every date must lie in that year.
pub fn parse(path: &Path, replace_year: Option<i32>) -> Result<Vec<Holiday>, Problems> {
    let table = Table::read(path, &["date", "name", "kind"])?;
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let mut seen = HashMap::new();
    for (line, r) in &table.rows {
        let mut c = RowCheck::new(*line);
        let date = c.check("date", parse_date(table.get(r, "date")));
        let name = table.get(r, "name");
        if name.is_empty() || name.chars().count() > 100 {
            c.fail("name", "must be 1–100 characters");
        } else if let Err(why) = super::line_text(name) {
            c.fail("name", why);
        }
        let kind = c.check(
            "kind",
            HolidayKind::parse(table.get(r, "kind"))
                .ok_or_else(|| format!("{:?} must be libur_nasional, cuti_bersama or kantor", table.get(r, "kind"))),
        );
        if let (Some(d), Some(year)) = (date, replace_year) {
            if d.year() != year {
                c.fail("date", format!("{d} is not in {year}, the year being replaced"));
            }
        }
        if let Some(d) = date {
            if let Some(first) = seen.insert(d, *line) {
                c.fail("date", format!("{d} also on line {first}"));
            }
        }
        match (date, kind, c.problems.is_empty()) {
            (Some(date), Some(kind), true) => out.push(Holiday { date, name: name.to_string(), kind }),
            _ => problems.append(&mut c.problems),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(Problems { file: table.file, list: problems })
    }
}

pub fn import(
    store: &mut Store,
    actor: &Actor,
    path: &Path,
    replace_year: Option<i32>,
    now: DateTime<Utc>,
) -> Result<HolidayImport, ImportError> {
    actor.require(crate::domain::types::Role::Supervisor, "importing holidays")?;
    let rows = parse(path, replace_year).map_err(ImportError::Invalid)?;
    Ok(store.import_holidays(actor, &rows, replace_year, &path.display().to_string(), now)?)
}

//! The prevention/deterrence list CSV. Importing replaces the list in force; the previous one stays as
//! history.

use super::{optional_text, parse_date, ImportError, Problems, RowCheck, Table};
use crate::domain::nik;
use crate::store::{Actor, Store, WatchlistEntry};
use chrono::{DateTime, NaiveDate, Utc};
use std::path::Path;

/// Reads and validates the whole file; any problem rejects it. `today` judges NIK birth dates.
pub fn parse(path: &Path, today: NaiveDate) -> Result<Vec<WatchlistEntry>, Problems> {
    let table = Table::read(path, &["kind", "reference"])?;
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (line, r) in &table.rows {
        let mut c = RowCheck::new(*line);
        let get = |col: &str| table.get(r, col);
        let nik = match get("nik") {
            "" => None,
            s => c.check("nik", nik::parse(s, today)).map(|n| n.as_str().to_string()),
        };
        let full_name = c.check("full_name", optional_text(get("full_name"), 100)).flatten();
        let birth_date = match get("birth_date") {
            "" => None,
            s => c.check("birth_date", parse_date(s)),
        };
        if get("nik").is_empty() && (full_name.is_none() || birth_date.is_none()) {
            c.fail("nik", "give a NIK, or a full_name with a birth_date");
        }
        let kind = get("kind").to_lowercase();
        if kind != "cegah" && kind != "tangkal" {
            c.fail("kind", format!("{:?} must be cegah or tangkal", get("kind")));
        }
        let reference = get("reference").to_string();
        if reference.is_empty() || reference.chars().count() > 60 {
            c.fail("reference", "must be 1–60 characters");
        } else if let Err(why) = super::line_text(&reference) {
            c.fail("reference", why);
        }
        let valid_until = match get("valid_until") {
            "" => None,
            s => c.check("valid_until", parse_date(s)),
        };
        if c.problems.is_empty() {
            out.push(WatchlistEntry { line: *line, nik, full_name, birth_date, kind, reference, valid_until });
        } else {
            problems.append(&mut c.problems);
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(Problems { file: table.file, list: problems })
    }
}

/// Replaces the watchlist in force; returns (version, entries).
pub fn import(store: &mut Store, actor: &Actor, path: &Path, now: DateTime<Utc>) -> Result<(i64, usize), ImportError> {
    actor.require(crate::domain::types::Role::Supervisor, "importing the watchlist")?;
    let today = crate::store::local(&store.settings()?, now).date();
    let rows = parse(path, today).map_err(ImportError::Invalid)?;
    let version = store.replace_watchlist(actor, &rows, &path.display().to_string(), now)?;
    Ok((version, rows.len()))
}

//! Importing the files the office receives: the M-Paspor booking manifest, the watchlist, the holiday
//! calendar. Parsing and field rules live here; the store checks what needs the database. Every problem is
//! reported as `FILE:LINE: column: why`, and a file with any problem writes nothing.

pub mod bookings;
pub mod group;
pub mod holidays;
pub mod watchlist;

use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

/// One problem in an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: u64,
    pub column: String,
    pub why: String,
}

/// Why an import wrote nothing (or, with `--skip-invalid`, which rows it left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problems {
    pub file: String,
    pub list: Vec<Problem>,
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.list.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            if p.column.is_empty() {
                write!(f, "{}:{}: {}", self.file, p.line, p.why)?;
            } else {
                write!(f, "{}:{}: {}: {}", self.file, p.line, p.column, p.why)?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}

/// Why an import failed: the file's problems (nothing written), or the store.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    Invalid(Problems),
    #[error("{0}")]
    Store(#[from] crate::store::StoreError),
}

impl Problems {
    fn one(file: &str, line: u64, column: &str, why: impl Into<String>) -> Problems {
        Problems { file: file.into(), list: vec![Problem { line, column: column.into(), why: why.into() }] }
    }
}

/// No field of any file loket reads is longer than this; a longer one (a 1 MB name) is refused with a short
/// excerpt, so no later message ever echoes it whole.
pub(crate) const MAX_FIELD_CHARS: usize = 1000;

/// Header positions by lower-cased column name.
pub(crate) struct Columns(HashMap<String, usize>);

impl Columns {
    fn from_header(headers: &csv::StringRecord) -> Columns {
        let mut columns = HashMap::new();
        for (i, h) in headers.iter().enumerate() {
            columns.entry(h.trim().to_lowercase()).or_insert(i);
        }
        Columns(columns)
    }

    /// Problems for the required columns the header lacks.
    fn missing(&self, required: &[&str]) -> Vec<Problem> {
        required
            .iter()
            .filter(|c| !self.0.contains_key(**c))
            .map(|c| Problem { line: 1, column: c.to_string(), why: "required column is missing".into() })
            .collect()
    }

    /// The trimmed value of `column` in `record` ("" when the column is absent).
    pub fn get<'r>(&self, record: &'r csv::StringRecord, column: &str) -> &'r str {
        self.0.get(column).and_then(|&i| record.get(i)).map_or("", str::trim)
    }
}

/// A CSV file read one record at a time, so that memory does not grow with the file (the booking manifest).
pub(crate) struct CsvStream {
    pub file: String,
    pub columns: Columns,
    width: usize,
    names: Vec<String>,
    reader: csv::Reader<BufReader<File>>,
    failed: bool,
}

impl CsvStream {
    /// Opens a UTF-8 CSV (a leading BOM is skipped) and checks that the required columns are there.
    pub fn open(path: &Path, required: &[&str]) -> Result<CsvStream, Problems> {
        let file = path.display().to_string();
        let cannot_read = |e: std::io::Error| Problems::one(&file, 0, "", format!("cannot read: {e}"));
        let mut input = BufReader::with_capacity(1 << 16, File::open(path).map_err(cannot_read)?);
        if input.fill_buf().map_err(cannot_read)?.starts_with(b"\xEF\xBB\xBF") {
            input.consume(3);
        }
        let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(input);
        let headers = reader
            .headers()
            .map_err(|e| match e.kind() {
                csv::ErrorKind::Utf8 { .. } => Problems::one(&file, 1, "", "not valid UTF-8 (save the file as UTF-8)"),
                _ => Problems::one(&file, 1, "", format!("unreadable header: {e}")),
            })?
            .clone();
        let columns = Columns::from_header(&headers);
        let missing = columns.missing(required);
        if !missing.is_empty() {
            return Err(Problems { file, list: missing });
        }
        let names = headers.iter().map(|h| h.trim().to_string()).collect();
        Ok(CsvStream { file, columns, width: headers.len(), names, reader, failed: false })
    }

    /// Reads the next record that is not blank into `record` and returns its line, or the problem with it;
    /// `None` at the end of the file.
    pub fn next_record(&mut self, record: &mut csv::StringRecord) -> Option<Result<u64, Problem>> {
        loop {
            if self.failed {
                return None;
            }
            match self.reader.read_record(record) {
                Ok(false) => return None,
                Ok(true) => {
                    let line = record.position().map_or(0, |p| p.line());
                    if record.iter().all(|f| f.trim().is_empty()) {
                        continue; // blank line
                    }
                    if let Some((i, f)) = record
                        .iter()
                        .enumerate()
                        .find(|(_, f)| f.len() > MAX_FIELD_CHARS && f.chars().count() > MAX_FIELD_CHARS)
                    {
                        let column = self.names.get(i).map(|h| crate::domain::text::excerpt(h, 40)).unwrap_or_default();
                        let why = format!(
                            "too long, at most {MAX_FIELD_CHARS} characters: {}",
                            crate::domain::text::excerpt(f, 40)
                        );
                        return Some(Err(Problem { line, column, why }));
                    }
                    if record.len() != self.width {
                        let why = format!("{} fields, but the header has {}", record.len(), self.width);
                        return Some(Err(Problem { line, column: String::new(), why }));
                    }
                    return Some(Ok(line));
                }
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line());
                    let why = match e.kind() {
                        csv::ErrorKind::Utf8 { .. } => "not valid UTF-8 (save the file as UTF-8)".to_string(),
                        csv::ErrorKind::Io(io) => {
                            self.failed = true;
                            format!("cannot read: {io}")
                        }
                        _ => format!("malformed CSV: {e}"),
                    };
                    return Some(Err(Problem { line, column: String::new(), why }));
                }
            }
        }
    }
}

/// A CSV file read whole (the small ones: watchlist, holidays): header positions (lower-cased names) and the
/// records with their line numbers.
pub(crate) struct Table {
    pub file: String,
    columns: Columns,
    pub rows: Vec<(u64, csv::StringRecord)>,
}

impl Table {
    /// Reads a UTF-8 CSV (a leading BOM is allowed) and checks that the required columns are there.
    pub fn read(path: &Path, required: &[&str]) -> Result<Table, Problems> {
        let file = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| Problems::one(&file, 0, "", format!("cannot read: {e}")))?;
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        if let Err(e) = std::str::from_utf8(bytes) {
            let line = 1 + bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() as u64;
            return Err(Problems::one(&file, line, "", "not valid UTF-8 (save the file as UTF-8)"));
        }
        let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(bytes);
        let headers =
            reader.headers().map_err(|e| Problems::one(&file, 1, "", format!("unreadable header: {e}")))?.clone();
        let columns = Columns::from_header(&headers);
        let missing = columns.missing(required);
        if !missing.is_empty() {
            return Err(Problems { file, list: missing });
        }
        let mut rows = Vec::new();
        let mut problems = Vec::new();
        for record in reader.records() {
            match record {
                Ok(r) => {
                    let line = r.position().map_or(0, |p| p.line());
                    if r.iter().all(|f| f.trim().is_empty()) {
                        continue; // blank line
                    }
                    let oversized: Vec<Problem> = r
                        .iter()
                        .enumerate()
                        .filter(|(_, f)| f.len() > MAX_FIELD_CHARS && f.chars().count() > MAX_FIELD_CHARS)
                        .map(|(i, f)| Problem {
                            line,
                            column: headers
                                .get(i)
                                .map(|h| crate::domain::text::excerpt(h.trim(), 40))
                                .unwrap_or_default(),
                            why: format!(
                                "too long, at most {MAX_FIELD_CHARS} characters: {}",
                                crate::domain::text::excerpt(f, 40)
                            ),
                        })
                        .collect();
                    if !oversized.is_empty() {
                        problems.extend(oversized);
                        continue;
                    }
                    if r.len() != headers.len() {
                        problems.push(Problem {
                            line,
                            column: String::new(),
                            why: format!("{} fields, but the header has {}", r.len(), headers.len()),
                        });
                        continue;
                    }
                    rows.push((line, r));
                }
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line());
                    problems.push(Problem { line, column: String::new(), why: format!("malformed CSV: {e}") });
                }
            }
        }
        if !problems.is_empty() {
            return Err(Problems { file, list: problems });
        }
        Ok(Table { file, columns, rows })
    }

    /// The trimmed value of `column` in `record` ("" when the column is absent).
    pub fn get<'r>(&self, record: &'r csv::StringRecord, column: &str) -> &'r str {
        self.columns.get(record, column)
    }
}

/// Collects field problems of one row.
pub(crate) struct RowCheck {
    pub line: u64,
    pub problems: Vec<Problem>,
}

impl RowCheck {
    pub fn new(line: u64) -> Self {
        RowCheck { line, problems: Vec::new() }
    }

    pub fn fail(&mut self, column: &str, why: impl Into<String>) {
        self.problems.push(Problem { line: self.line, column: column.into(), why: why.into() });
    }

    /// Records the error of `r` under `column` and returns the value if any.
    pub fn check<T, E: fmt::Display>(&mut self, column: &str, r: Result<T, E>) -> Option<T> {
        r.map_err(|e| self.fail(column, e.to_string())).ok()
    }
}

/// A `YYYY-MM-DD` date.
pub(crate) fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("{s:?} is not a date (YYYY-MM-DD)"))
}

/// Text of at most `max` characters; `None` when empty. Hostile text (control characters, bidirectional
/// overrides, nothing visible) is refused, see [`crate::domain::text`].
pub(crate) fn optional_text(s: &str, max: usize) -> Result<Option<String>, String> {
    match s.chars().count() {
        0 => Ok(None),
        n if n > max => Err(format!("{n} characters; at most {max}")),
        _ => {
            line_text(s)?;
            Ok(Some(s.to_string()))
        }
    }
}

/// One line of free text (a name, a reference): refused with the reason when it carries control characters,
/// bidirectional overrides or nothing visible.
pub(crate) fn line_text(s: &str) -> Result<(), String> {
    crate::domain::text::check_line(s).map_err(|p| p.to_string())
}

//! The supervisors' report (to be implemented: see the supervisors' issue).

use crate::cli::ReportFormat;
use crate::store::{Store, StoreError};
use chrono::{DateTime, NaiveDate, Utc};

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Report {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

pub fn build(_store: &Store, from: NaiveDate, to: NaiveDate, _by: &str, _now: DateTime<Utc>) -> Result<Report, StoreError> {
    Err(StoreError::Refused(format!("reports for {from}..{to} are not built yet")))
}

pub fn render(_report: &Report, _format: ReportFormat) -> String {
    String::new()
}

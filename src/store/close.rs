//! Closing a day (to be implemented: see the supervisors' issue).

use super::{Actor, Result, Store, StoreError};
use chrono::{DateTime, NaiveDate, Utc};

/// What a close did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct CloseSummary {
    pub date: Option<NaiveDate>,
}

impl std::fmt::Display for CloseSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{:?}", self.date)
    }
}

impl Store {
    pub fn close_day(
        &mut self,
        _actor: &Actor,
        _date: NaiveDate,
        _force: Option<&str>,
        _cancel_uncollected: bool,
        _now: DateTime<Utc>,
    ) -> Result<CloseSummary> {
        Err(StoreError::Refused("closing a day is not built yet".into()))
    }
}

//! Arrival slots and their quota use.

use super::Result;
use crate::domain::settings::OfficeSettings;
use chrono::{NaiveDate, NaiveTime};
use rusqlite::{Connection, OptionalExtension};

/// One arrival slot with how many active bookings it holds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SlotUse {
    pub date: NaiveDate,
    pub start: String,
    pub end: String,
    pub quota: u32,
    pub booked: u32,
}

/// One slot by its key.
pub(crate) const SLOT: &str = "SELECT end_time, quota FROM slots WHERE date = ?1 AND start_time = ?2";

/// Active bookings in a slot (counted on the day index alone).
pub(crate) const BOOKED_IN_SLOT: &str =
    "SELECT COUNT(*) FROM applications WHERE slot_date = ?1 AND slot_start = ?2 AND status <> 'cancelled'";

/// A day's slots with their use.
pub(crate) const SLOTS_OF_DAY: &str = "SELECT s.date, s.start_time, s.end_time, s.quota,
        (SELECT COUNT(*) FROM applications a WHERE a.slot_date = s.date AND a.slot_start = s.start_time
           AND a.status <> 'cancelled')
     FROM slots s WHERE s.date = ?1 ORDER BY s.start_time";

/// Makes sure the slot exists (created with the office's quota) and that its end matches; returns its quota.
pub(crate) fn ensure_slot(
    conn: &Connection,
    settings: &OfficeSettings,
    date: NaiveDate,
    start: NaiveTime,
    end: NaiveTime,
) -> Result<u32> {
    let (s, e) = (start.format("%H:%M").to_string(), end.format("%H:%M").to_string());
    let row: Option<(String, u32)> =
        conn.prepare_cached(SLOT)?.query_row((date.to_string(), &s), |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
    match row {
        Some((existing_end, _)) if existing_end != e => {
            Err(super::Refusal::SlotEnds { date, start: s, existing_end, end: e }.into())
        }
        Some((_, quota)) => Ok(quota),
        None => {
            conn.prepare_cached("INSERT INTO slots (date, start_time, end_time, quota) VALUES (?1, ?2, ?3, ?4)")?
                .execute((date.to_string(), &s, &e, settings.slot_quota))?;
            Ok(settings.slot_quota)
        }
    }
}

/// Active (not cancelled) bookings in a slot.
pub(crate) fn booked_in_slot(conn: &Connection, date: NaiveDate, start: &str) -> Result<u32> {
    Ok(conn.prepare_cached(BOOKED_IN_SLOT)?.query_row((date.to_string(), start), |r| r.get(0))?)
}

impl super::Store {
    /// The day's slots with quota and use, by start time.
    pub fn slots_of_day(&self, date: NaiveDate) -> Result<Vec<SlotUse>> {
        let mut stmt = self.conn.prepare_cached(SLOTS_OF_DAY)?;
        let rows = stmt.query_map([date.to_string()], |r| {
            Ok(SlotUse { date: r.get(0)?, start: r.get(1)?, end: r.get(2)?, quota: r.get(3)?, booked: r.get(4)? })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }
}

//! Counting the day's quotas (rules in [`crate::domain::quota`]). The checks run inside the action's own
//! IMMEDIATE transaction, so the count and the write that takes the place cannot be split by another
//! workstation.

use super::{Application, Result, Store};
use crate::domain::quota::{QuotaKind, QuotaUse};
use crate::domain::settings::OfficeSettings;
use crate::domain::types::Service;
use chrono::NaiveDate;
use rusqlite::Connection;

/// The day's quotas as the desk shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct DayQuotas {
    /// Express bookings of the day (not cancelled) against `express_quota`.
    pub express_booked: QuotaUse,
    /// Express applicants of the day already checked in against `express_quota`.
    pub express_checked_in: QuotaUse,
    /// Walk-ins of the day (not cancelled) against `priority_quota`.
    pub priority_walk_ins: QuotaUse,
}

fn count(conn: &Connection, sql: &str, date: NaiveDate, except: Option<&str>) -> Result<u32> {
    Ok(conn.prepare_cached(sql)?.query_row((date.to_string(), except), |r| r.get(0))?)
}

const EXPRESS_BOOKED: &str = "SELECT COUNT(*) FROM applications WHERE slot_date = ?1 AND service = 'percepatan'
     AND status <> 'cancelled' AND (?2 IS NULL OR id <> ?2)";
const EXPRESS_CHECKED_IN: &str = "SELECT COUNT(*) FROM applications WHERE slot_date = ?1 AND service = 'percepatan'
     AND checked_in_at IS NOT NULL AND status <> 'cancelled' AND (?2 IS NULL OR id <> ?2)";
const WALK_INS: &str = "SELECT COUNT(*) FROM applications WHERE slot_date = ?1 AND source = 'walk_in'
     AND status <> 'cancelled' AND (?2 IS NULL OR id <> ?2)";
const WALK_INS_CHECKED_IN: &str = "SELECT COUNT(*) FROM applications WHERE slot_date = ?1 AND source = 'walk_in'
     AND checked_in_at IS NOT NULL AND status <> 'cancelled' AND (?2 IS NULL OR id <> ?2)";

pub(crate) fn day_quotas(conn: &Connection, settings: &OfficeSettings, date: NaiveDate) -> Result<DayQuotas> {
    let express = |used| QuotaUse { used, quota: settings.express_quota };
    Ok(DayQuotas {
        express_booked: express(count(conn, EXPRESS_BOOKED, date, None)?),
        express_checked_in: express(count(conn, EXPRESS_CHECKED_IN, date, None)?),
        priority_walk_ins: QuotaUse { used: count(conn, WALK_INS, date, None)?, quota: settings.priority_quota },
    })
}

/// Express bookings of `date` not cancelled (an import counts each day once, then in memory).
pub(crate) fn express_booked(conn: &Connection, date: NaiveDate) -> Result<u32> {
    count(conn, EXPRESS_BOOKED, date, None)
}

/// Refuses one more express booking on `date` (import, reschedule) when the day's express quota is used up.
/// `except` is the application being moved, which does not count against itself.
pub(crate) fn admit_booking(
    conn: &Connection,
    settings: &OfficeSettings,
    service: Service,
    date: NaiveDate,
    except: Option<&str>,
) -> Result<()> {
    if service != Service::Express {
        return Ok(());
    }
    let used = count(conn, EXPRESS_BOOKED, date, except)?;
    Ok(QuotaUse { used, quota: settings.express_quota }.admit_one(QuotaKind::Express, date)?)
}

/// Refuses one more priority walk-in on `date` when the day's priority quota is used up.
pub(crate) fn admit_walk_in(conn: &Connection, settings: &OfficeSettings, date: NaiveDate) -> Result<()> {
    let used = count(conn, WALK_INS, date, None)?;
    Ok(QuotaUse { used, quota: settings.priority_quota }.admit_one(QuotaKind::PriorityWalkIn, date)?)
}

/// Refuses the check-in of `app` when its day's express quota (an express applicant) or priority quota (a
/// walk-in) is already taken by applicants checked in.
pub(crate) fn admit_check_in(conn: &Connection, settings: &OfficeSettings, app: &Application) -> Result<()> {
    let date = app.slot_date;
    if app.service == Service::Express {
        let used = count(conn, EXPRESS_CHECKED_IN, date, Some(&app.id))?;
        QuotaUse { used, quota: settings.express_quota }.admit_one(QuotaKind::Express, date)?;
    }
    let source: String =
        conn.prepare_cached("SELECT source FROM applications WHERE id = ?1")?.query_row([&app.id], |r| r.get(0))?;
    if source == "walk_in" {
        let used = count(conn, WALK_INS_CHECKED_IN, date, Some(&app.id))?;
        QuotaUse { used, quota: settings.priority_quota }.admit_one(QuotaKind::PriorityWalkIn, date)?;
    }
    Ok(())
}

impl Store {
    /// How much of `date`'s express and priority quotas is taken (the check-in and walk-in screens).
    pub fn day_quotas(&self, date: NaiveDate) -> Result<DayQuotas> {
        day_quotas(&self.conn, &self.settings()?, date)
    }
}

//! Reschedule rules: how often and how late a booking may move.
//!
//! An ordinary reschedule is the applicant's: allowed up to the day before the booked date and at most
//! `limit` times. A special reschedule is the office's (it was at fault, or force majeure): a supervisor grants it
//! with a reason, at any time, and it does not count against the applicant. Either way the new slot must be on a
//! later working day than today with free quota.

use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RescheduleRefusal {
    #[error("an ordinary reschedule must be made by the day before the booked date ({booked})")]
    TooLate { booked: NaiveDate },
    #[error("this booking has been rescheduled {count} time(s); the limit is {limit}")]
    LimitReached { count: u32, limit: u32 },
    #[error("the new date must be after today ({today})")]
    NotInFuture { today: NaiveDate },
    #[error("{date} is not a working day")]
    DayOff { date: NaiveDate },
    #[error("the new slot is the booked slot")]
    SameSlot,
    #[error("slot {date} {start} is full ({booked}/{quota})")]
    Full { date: NaiveDate, start: String, booked: u32, quota: u32 },
    #[error("a special reschedule needs a reason")]
    NoReason,
}

/// Whether the booking may be moved at all. `special` is the supervisor's reason, if it is a special one.
pub fn may_reschedule(
    today: NaiveDate,
    booked: NaiveDate,
    count: u32,
    limit: u32,
    special: Option<&str>,
) -> Result<(), RescheduleRefusal> {
    match special {
        Some(reason) if reason.trim().is_empty() => Err(RescheduleRefusal::NoReason),
        Some(_) => Ok(()),
        None if today >= booked => Err(RescheduleRefusal::TooLate { booked }),
        None if count >= limit => Err(RescheduleRefusal::LimitReached { count, limit }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn ordinary_reschedule_rules() {
        assert_eq!(may_reschedule(d("2026-11-24"), d("2026-11-25"), 0, 1, None), Ok(()));
        assert_eq!(
            may_reschedule(d("2026-11-25"), d("2026-11-25"), 0, 1, None),
            Err(RescheduleRefusal::TooLate { booked: d("2026-11-25") })
        );
        assert_eq!(
            may_reschedule(d("2026-11-20"), d("2026-11-25"), 1, 1, None),
            Err(RescheduleRefusal::LimitReached { count: 1, limit: 1 })
        );
    }

    #[test]
    fn special_reschedule_needs_only_a_reason() {
        assert_eq!(may_reschedule(d("2026-11-26"), d("2026-11-25"), 5, 1, Some("system down")), Ok(()));
        assert_eq!(may_reschedule(d("2026-11-26"), d("2026-11-25"), 0, 1, Some(" ")), Err(RescheduleRefusal::NoReason));
    }
}

//! The day's quotas besides the slot quota: express (*percepatan*) applicants per day (`express_quota`) and
//! priority walk-ins per day (`priority_quota`). Pure rules; the store counts inside the write transaction,
//! so two workstations racing for the last place are serialised and exactly one gets it.
//!
//! Where each is enforced:
//! - express: when a booking is imported or rescheduled onto a day (express bookings of the day, not
//!   cancelled) and at check-in (express applicants of the day already checked in), so a day that was
//!   overbooked before the rule existed still serves no more than the quota;
//! - priority: when a walk-in is registered (walk-ins of the day, not cancelled) and when it is checked in.
//!   Booked applicants who join the priority line by age hold a place in their slot's quota instead.

use chrono::NaiveDate;

/// Which daily quota.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuotaKind {
    Express,
    PriorityWalkIn,
}

/// How much of a daily quota is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct QuotaUse {
    pub used: u32,
    pub quota: u32,
}

impl QuotaUse {
    /// Places left (never below zero, also when a day was overfilled before the rule existed).
    pub fn remaining(self) -> u32 {
        self.quota.saturating_sub(self.used)
    }

    /// Whether one more may take a place on `date`.
    pub fn admit_one(self, kind: QuotaKind, date: NaiveDate) -> Result<(), QuotaRefusal> {
        if self.used < self.quota {
            return Ok(());
        }
        Err(match kind {
            QuotaKind::Express => QuotaRefusal::Express { date, quota: self.quota },
            QuotaKind::PriorityWalkIn => QuotaRefusal::Priority { date, quota: self.quota },
        })
    }
}

/// A daily quota used up.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuotaRefusal {
    #[error("the express (percepatan) quota for {date} ({quota}) is used up")]
    Express { date: NaiveDate, quota: u32 },
    #[error("priority quota for today ({quota}) is used up ({date})")]
    Priority { date: NaiveDate, quota: u32 },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    #[test]
    fn the_last_place_is_taken_then_refused() {
        assert_eq!(QuotaUse { used: 34, quota: 35 }.admit_one(QuotaKind::Express, d()), Ok(()));
        assert_eq!(
            QuotaUse { used: 35, quota: 35 }.admit_one(QuotaKind::Express, d()),
            Err(QuotaRefusal::Express { date: d(), quota: 35 })
        );
        assert_eq!(
            QuotaUse { used: 50, quota: 50 }.admit_one(QuotaKind::PriorityWalkIn, d()),
            Err(QuotaRefusal::Priority { date: d(), quota: 50 })
        );
        // a quota of 0 admits nobody
        assert!(QuotaUse { used: 0, quota: 0 }.admit_one(QuotaKind::Express, d()).is_err());
    }

    #[test]
    fn remaining_never_goes_below_zero() {
        assert_eq!(QuotaUse { used: 3, quota: 35 }.remaining(), 32);
        assert_eq!(QuotaUse { used: 40, quota: 35 }.remaining(), 0);
    }

    #[test]
    fn messages_name_the_quota() {
        let e = QuotaRefusal::Express { date: d(), quota: 35 }.to_string();
        assert!(e.contains("percepatan") && e.contains("35") && e.contains("2026-11-25"), "{e}");
        let p = QuotaRefusal::Priority { date: d(), quota: 2 }.to_string();
        assert!(p.starts_with("priority quota for today (2) is used up"), "{p}");
    }
}

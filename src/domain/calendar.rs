//! Working days: weekends and days off (national holidays, collective leave, office closures) have no slots
//! and do not count towards a passport's ready date.

use std::collections::BTreeSet;
use std::fmt;

use chrono::{Datelike, NaiveDate, Weekday};

use super::types::Service;

/// The built-in 2026 table (same format as an imported holidays CSV: `date,name,kind`).
const HOLIDAYS_2026_CSV: &str = include_str!("../../assets/holidays-2026.csv");

/// Why the office is closed on a weekday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum HolidayKind {
    National,
    CollectiveLeave,
    OfficeClosed,
}

impl HolidayKind {
    pub const ALL: &'static [HolidayKind] =
        &[HolidayKind::National, HolidayKind::CollectiveLeave, HolidayKind::OfficeClosed];

    /// The code used in the holidays CSV and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            HolidayKind::National => "libur_nasional",
            HolidayKind::CollectiveLeave => "cuti_bersama",
            HolidayKind::OfficeClosed => "kantor",
        }
    }

    /// Parses a code (case-insensitive, surrounding spaces ignored).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL.iter().copied().find(|k| s.eq_ignore_ascii_case(k.as_str()))
    }
}

impl fmt::Display for HolidayKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One day off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    pub date: NaiveDate,
    pub name: String,
    pub kind: HolidayKind,
}

/// The embedded 2026 national holidays and collective leave, in date order. The asset is validated by a unit
/// test; the office can override it by importing a CSV.
pub fn builtin_holidays() -> Vec<Holiday> {
    HOLIDAYS_2026_CSV
        .lines()
        .skip(1)
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let mut parts = line.splitn(3, ',');
            let (Some(date), Some(name), Some(kind)) = (parts.next(), parts.next(), parts.next()) else {
                panic!("assets/holidays-2026.csv: row is not `date,name,kind`: {line}");
            };
            Holiday {
                date: NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
                    .expect("assets/holidays-2026.csv: date is YYYY-MM-DD"),
                name: name.trim().to_string(),
                kind: HolidayKind::parse(kind).expect("assets/holidays-2026.csv: kind is a known code"),
            }
        })
        .collect()
}

/// The office's working-day calendar: Monday–Friday except the days off it was built with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    days_off: BTreeSet<NaiveDate>,
}

impl Calendar {
    /// A calendar with these days off (weekends are always off and need not be listed).
    pub fn new(days_off: impl IntoIterator<Item = NaiveDate>) -> Self {
        Calendar { days_off: days_off.into_iter().collect() }
    }

    /// Monday–Friday and not a day off.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !self.days_off.contains(&d)
    }

    /// The date `n` working days after `start` (the ready date after an interview on `start`). `start` itself
    /// never counts, even if it is a working day; `n = 0` returns `start` unchanged (express, same day).
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        let mut d = start;
        let mut left = n;
        while left > 0 {
            match d.succ_opt() {
                Some(next) => d = next,
                None => return NaiveDate::MAX,
            }
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// `d` if it is a working day, otherwise the first working day after it (e.g. to move a slot off a holiday).
    pub fn next_working_day_on_or_after(&self, d: NaiveDate) -> NaiveDate {
        let mut d = d;
        while !self.is_working_day(d) {
            match d.succ_opt() {
                Some(next) => d = next,
                None => return NaiveDate::MAX,
            }
        }
        d
    }

    /// Working days in `(from, to]`: after `from`, up to and including `to`; 0 if `to` is not after `from`.
    /// The inverse of [`Calendar::add_working_days`] when `to` is a working day.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        from.iter_days()
            .skip(1)
            .take_while(|d| *d <= to)
            .filter(|d| self.is_working_day(*d))
            .count()
            .try_into()
            .unwrap_or(u32::MAX)
    }

    /// The one ready-date rule: an express passport is ready the day it is approved; a regular one
    /// `after_working_days` working days later (the office's `ready_after_working_days`).
    pub fn ready_date(&self, approved_on: NaiveDate, service: Service, after_working_days: u32) -> NaiveDate {
        match service {
            Service::Express => approved_on,
            Service::Regular => self.add_working_days(approved_on, after_working_days),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ready_date_is_same_day_for_express_and_working_days_later_for_regular() {
        let cal = Calendar::default();
        let wed = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(cal.ready_date(wed, Service::Express, 3), wed);
        // Wednesday + 3 working days skips the weekend: Monday.
        assert_eq!(cal.ready_date(wed, Service::Regular, 3), NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    fn cal_2026() -> Calendar {
        Calendar::new(builtin_holidays().into_iter().map(|h| h.date))
    }

    #[test]
    fn asset_has_25_rows_and_parses() {
        let hs = builtin_holidays();
        assert_eq!(hs.len(), 25);
        assert!(hs.windows(2).all(|w| w[0].date < w[1].date), "sorted, unique");
        assert!(hs.iter().all(|h| h.date.year() == 2026 && !h.name.is_empty()));
        let national = hs.iter().filter(|h| h.kind == HolidayKind::National).count();
        let leave = hs.iter().filter(|h| h.kind == HolidayKind::CollectiveLeave).count();
        assert_eq!((national, leave), (17, 8));
        let find = |date| hs.iter().find(|h| h.date == date).expect("listed");
        assert_eq!(find(d(2026, 8, 17)).name, "Hari Kemerdekaan Republik Indonesia");
        assert!(find(d(2026, 3, 21)).name.contains("Idul Fitri"));
        assert!(find(d(2026, 3, 19)).name.contains("Nyepi"));
        assert_eq!(find(d(2026, 12, 24)).kind, HolidayKind::CollectiveLeave);
    }

    #[test]
    fn kind_codes() {
        assert_eq!(HolidayKind::National.as_str(), "libur_nasional");
        assert_eq!(HolidayKind::CollectiveLeave.as_str(), "cuti_bersama");
        assert_eq!(HolidayKind::OfficeClosed.as_str(), "kantor");
        for k in HolidayKind::ALL {
            assert_eq!(HolidayKind::parse(k.as_str()), Some(*k));
        }
        assert_eq!(HolidayKind::parse(" Cuti_Bersama "), Some(HolidayKind::CollectiveLeave));
        assert_eq!(HolidayKind::parse("libur"), None);
    }

    #[test]
    fn weekends_and_days_off() {
        let cal = cal_2026();
        assert!(cal.is_working_day(d(2026, 3, 16))); // Monday
        assert!(!cal.is_working_day(d(2026, 3, 14))); // Saturday
        assert!(!cal.is_working_day(d(2026, 3, 15))); // Sunday
        assert!(!cal.is_working_day(d(2026, 8, 17))); // Monday, independence day
        assert!(!cal.is_working_day(d(2026, 2, 16))); // Monday, cuti bersama
        assert!(Calendar::default().is_working_day(d(2026, 8, 17)));
    }

    #[test]
    fn monday_plus_3_is_thursday() {
        let cal = Calendar::default();
        assert_eq!(cal.add_working_days(d(2026, 3, 9), 3), d(2026, 3, 12));
    }

    #[test]
    fn thursday_plus_3_skips_weekend() {
        let cal = Calendar::default();
        assert_eq!(cal.add_working_days(d(2026, 3, 12), 3), d(2026, 3, 17));
    }

    #[test]
    fn friday_interview() {
        let cal = cal_2026();
        // Friday 2026-03-13 + 3 → Wednesday 2026-03-18 is cuti bersama, so …
        assert_eq!(cal.add_working_days(d(2026, 3, 13), 1), d(2026, 3, 16));
        assert_eq!(cal.add_working_days(d(2026, 3, 13), 2), d(2026, 3, 17));
        assert_eq!(cal.add_working_days(d(2026, 3, 13), 3), d(2026, 3, 25));
        // An ordinary Friday.
        assert_eq!(cal.add_working_days(d(2026, 7, 3), 3), d(2026, 7, 8));
    }

    #[test]
    fn across_idul_fitri_2026() {
        let cal = cal_2026();
        assert_eq!(cal.add_working_days(d(2026, 3, 17), 3), d(2026, 3, 27));
        assert_eq!(cal.working_days_between(d(2026, 3, 17), d(2026, 3, 27)), 3);
    }

    #[test]
    fn across_christmas_2026() {
        let cal = cal_2026();
        assert_eq!(cal.add_working_days(d(2026, 12, 23), 3), d(2026, 12, 30));
    }

    #[test]
    fn zero_days_is_same_day() {
        let cal = cal_2026();
        assert_eq!(cal.add_working_days(d(2026, 3, 16), 0), d(2026, 3, 16));
        // Even on a day off: express is ready the day it was served.
        assert_eq!(cal.add_working_days(d(2026, 3, 21), 0), d(2026, 3, 21));
    }

    #[test]
    fn start_on_day_off() {
        let cal = cal_2026();
        // Saturday start: Monday is the first working day after it.
        assert_eq!(cal.add_working_days(d(2026, 3, 14), 1), d(2026, 3, 16));
    }

    #[test]
    fn next_working_day() {
        let cal = cal_2026();
        assert_eq!(cal.next_working_day_on_or_after(d(2026, 3, 16)), d(2026, 3, 16));
        assert_eq!(cal.next_working_day_on_or_after(d(2026, 3, 14)), d(2026, 3, 16));
        assert_eq!(cal.next_working_day_on_or_after(d(2026, 3, 18)), d(2026, 3, 25));
        assert_eq!(cal.next_working_day_on_or_after(d(2026, 12, 24)), d(2026, 12, 28));
        assert_eq!(cal.next_working_day_on_or_after(d(2026, 1, 1)), d(2026, 1, 2));
    }

    #[test]
    fn counting_between() {
        let cal = cal_2026();
        assert_eq!(cal.working_days_between(d(2026, 3, 9), d(2026, 3, 12)), 3);
        assert_eq!(cal.working_days_between(d(2026, 3, 9), d(2026, 3, 9)), 0);
        assert_eq!(cal.working_days_between(d(2026, 3, 12), d(2026, 3, 9)), 0);
        assert_eq!(cal.working_days_between(d(2026, 3, 13), d(2026, 3, 16)), 1);
        assert_eq!(cal.working_days_between(d(2026, 12, 23), d(2026, 12, 30)), 3);
        // Round trip from any start.
        let mut start = d(2026, 1, 1);
        while start.year() == 2026 {
            for n in 0..6 {
                let end = cal.add_working_days(start, n);
                assert_eq!(cal.working_days_between(start, end), n, "{start} + {n}");
            }
            start = start.succ_opt().expect("2026 has successors");
        }
    }
}

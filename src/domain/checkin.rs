//! Who may check in, and when.
//!
//! An applicant checks in on the slot's date, from the office's opening time until `lead` minutes (15 by
//! default) before the slot starts. Later than that is refused unless a supervisor overrides it with a reason.
//! Unpaid bookings and replacements without the old passport are refused whatever the time.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

/// When the applicant arrived relative to their slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    OnTime,
    /// Same day, before the office opens.
    BeforeOpening {
        opens: NaiveTime,
    },
    /// Same day, after the deadline (`lead` minutes before the slot starts); `seconds_late` past it.
    Late {
        deadline: NaiveTime,
        seconds_late: i64,
    },
    /// Not the slot's date at all (a reschedule is the way out).
    WrongDay {
        slot_date: NaiveDate,
    },
}

/// The check-in window verdict for an arrival at office-local time `now`.
pub fn window(
    now: NaiveDateTime,
    slot_date: NaiveDate,
    slot_start: NaiveTime,
    opening: NaiveTime,
    lead_minutes: u32,
) -> Window {
    if now.date() != slot_date {
        return Window::WrongDay { slot_date };
    }
    if now.time() < opening {
        return Window::BeforeOpening { opens: opening };
    }
    let deadline = slot_date.and_time(slot_start) - Duration::minutes(i64::from(lead_minutes));
    if now <= deadline {
        Window::OnTime
    } else {
        Window::Late { deadline: deadline.time(), seconds_late: (now - deadline).num_seconds() }
    }
}

/// Seconds past the deadline as whole minutes, rounded up (one second late is "1 min late").
pub fn minutes_late(seconds_late: i64) -> i64 {
    (seconds_late + 59).div_euclid(60)
}

/// Everything the check-in rule needs to know about one booking.
#[derive(Debug, Clone, Copy)]
pub struct CheckInFacts<'a> {
    pub window: Window,
    pub paid: bool,
    pub needs_old_passport: bool,
    pub old_passport_no: Option<&'a str>,
    /// A supervisor's reason for letting a late arrival in.
    pub late_override: Option<&'a str>,
}

/// Why a check-in is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckInRefusal {
    #[error("wrong day: the booking is for {slot_date}; reschedule it instead")]
    WrongDay { slot_date: NaiveDate },
    #[error("the office opens at {}; check-in starts then", .opens.format("%H:%M"))]
    BeforeOpening { opens: NaiveTime },
    #[error("too late: check-in closed at {} ({} min late); a supervisor override with a reason is needed", .deadline.format("%H:%M"), minutes_late(*.seconds_late))]
    Late { deadline: NaiveTime, seconds_late: i64 },
    #[error("the PNBP fee is not paid")]
    Unpaid,
    #[error("the old passport number is missing; a replacement must bring the old passport")]
    MissingOldPassport,
    #[error("an override needs a reason")]
    EmptyOverrideReason,
}

/// Decides a check-in. Returns whether a late override was used (so the store can audit it).
pub fn decide(f: &CheckInFacts<'_>) -> Result<bool, CheckInRefusal> {
    match f.window {
        Window::WrongDay { slot_date } => return Err(CheckInRefusal::WrongDay { slot_date }),
        Window::BeforeOpening { opens } => return Err(CheckInRefusal::BeforeOpening { opens }),
        _ => {}
    }
    if !f.paid {
        return Err(CheckInRefusal::Unpaid);
    }
    if f.needs_old_passport && f.old_passport_no.is_none_or(|s| s.trim().is_empty()) {
        return Err(CheckInRefusal::MissingOldPassport);
    }
    match (f.window, f.late_override) {
        (Window::Late { .. }, Some(reason)) if reason.trim().is_empty() => Err(CheckInRefusal::EmptyOverrideReason),
        (Window::Late { .. }, Some(_)) => Ok(true),
        (Window::Late { deadline, seconds_late }, None) => Err(CheckInRefusal::Late { deadline, seconds_late }),
        _ => Ok(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(d: &str, t: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(&format!("{d} {t}"), "%Y-%m-%d %H:%M:%S").unwrap()
    }
    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }
    fn t(s: &str) -> NaiveTime {
        NaiveTime::parse_from_str(s, "%H:%M").unwrap()
    }
    fn nine(now: NaiveDateTime) -> Window {
        window(now, d("2026-11-25"), t("09:00"), t("07:30"), 15)
    }
    fn facts(window: Window) -> CheckInFacts<'static> {
        CheckInFacts { window, paid: true, needs_old_passport: false, old_passport_no: None, late_override: None }
    }

    #[test]
    fn nine_oclock_slot_edges() {
        assert_eq!(nine(at("2026-11-25", "08:45:00")), Window::OnTime);
        assert_eq!(nine(at("2026-11-25", "08:45:01")), Window::Late { deadline: t("08:45"), seconds_late: 1 });
        assert_eq!(nine(at("2026-11-25", "07:30:00")), Window::OnTime);
        assert_eq!(nine(at("2026-11-25", "07:29:59")), Window::BeforeOpening { opens: t("07:30") });
        assert_eq!(nine(at("2026-11-24", "08:00:00")), Window::WrongDay { slot_date: d("2026-11-25") });
        assert_eq!(nine(at("2026-11-26", "08:00:00")), Window::WrongDay { slot_date: d("2026-11-25") });
    }

    #[test]
    fn lead_is_configurable() {
        let w = window(at("2026-11-25", "08:40:00"), d("2026-11-25"), t("09:00"), t("07:30"), 30);
        assert!(matches!(w, Window::Late { .. }));
    }

    #[test]
    fn late_needs_override_with_reason() {
        let late = nine(at("2026-11-25", "09:10:00"));
        let err = decide(&facts(late)).unwrap_err();
        assert!(err.to_string().contains("25 min late"), "{err}");
        let mut f = facts(late);
        f.late_override = Some("  ");
        assert_eq!(decide(&f), Err(CheckInRefusal::EmptyOverrideReason));
        f.late_override = Some("traffic accident, police letter shown");
        assert_eq!(decide(&f), Ok(true));
    }

    #[test]
    fn override_does_not_fix_wrong_day_or_payment() {
        let mut f = facts(nine(at("2026-11-26", "08:00:00")));
        f.late_override = Some("reason");
        assert!(matches!(decide(&f), Err(CheckInRefusal::WrongDay { .. })));
        let mut f = facts(nine(at("2026-11-25", "09:30:00")));
        f.late_override = Some("reason");
        f.paid = false;
        assert_eq!(decide(&f), Err(CheckInRefusal::Unpaid));
    }

    #[test]
    fn replacement_needs_old_passport() {
        let mut f = facts(Window::OnTime);
        f.needs_old_passport = true;
        assert_eq!(decide(&f), Err(CheckInRefusal::MissingOldPassport));
        f.old_passport_no = Some("C1234567");
        assert_eq!(decide(&f), Ok(false));
    }
}

//! End-of-day close: which applications of a day the close deals with, when it may run, and what stays
//! possible on a closed day. Pure rules; the store applies them in one transaction.
//!
//! - A booking still `booked` on its slot date at the close is a no-show: cancelled, fee forfeited. Only a paid
//!   fee is forfeited: an unpaid M-Paspor billing lapses after two hours, so there is nothing to keep.
//! - An applicant `checked_in` or `at_counter` is unfinished. The close refuses until each is resolved: served
//!   (approved or rejected), or withdrawn (an applicant who left: put back or marked absent, which returns them
//!   to `checked_in`, then cancelled as withdrawn). A booking moved to another date is no longer the day's. A
//!   supervisor may force the close past unfinished applicants with a reason, which is recorded.
//! - A passport `ready` for more than [`UNCOLLECTED_AFTER_DAYS`] days (whatever its slot date) is listed for
//!   cancellation and cancelled only when the supervisor confirms.
//! - A day after the office-local today cannot be closed, and today only from the office's closing time
//!   (setting `closing_time`) unless forced with a reason: a close at 07:35 would cancel every booking of the
//!   day as a no-show.
//! - A supervisor may reopen a closed day with a reason: exactly the no-shows that close cancelled go back to
//!   booked (see [`reinstated_by_reopen`]); what else the close did stays done.
//! - A closed day is read-only, except that its passports are still made ready, handed over (or posted) and
//!   cancelled as uncollected; any other correction needs a supervisor to reopen the day (audited).

use super::lifecycle::{CancelReason, Event, Status};
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};

/// A ready passport not collected within this many days is cancelled (on the supervisor's confirmation).
pub const UNCOLLECTED_AFTER_DAYS: i64 = 30;

/// What the close does with an application of the day, by its status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayRole {
    /// Booked and never checked in: cancelled as a no-show.
    NoShow,
    /// Checked in (waiting or at a counter) but not served: blocks the close unless forced.
    Unfinished,
    /// Served, cancelled or otherwise past the desk: nothing to do.
    Done,
}

/// The role of an application of the closed day with `status`.
pub fn classify(status: Status) -> DayRole {
    match status {
        Status::Booked => DayRole::NoShow,
        Status::CheckedIn | Status::AtCounter => DayRole::Unfinished,
        _ => DayRole::Done,
    }
}

/// The instant before which a ready passport counts as uncollected at `now` (strictly more than 30 days).
pub fn uncollected_cutoff(now: DateTime<Utc>) -> DateTime<Utc> {
    now - Duration::days(UNCOLLECTED_AFTER_DAYS)
}

/// Whether a passport ready since `ready_at` has waited more than 30 days at `now`.
pub fn is_uncollected(ready_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    ready_at < uncollected_cutoff(now)
}

/// The fee a no-show forfeits: the fee if it was paid, nothing otherwise.
pub fn forfeited_fee(fee_idr: i64, paid: bool) -> i64 {
    if paid {
        fee_idr
    } else {
        0
    }
}

/// The force reason as given, trimmed; `None` when missing or blank (a blank reason forces nothing).
pub fn force_reason(force: Option<&str>) -> Option<&str> {
    force.map(str::trim).filter(|r| !r.is_empty())
}

/// Why a close is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CloseRefusal {
    #[error("{}", future_message(*.date, *.today))]
    InFuture { date: NaiveDate, today: NaiveDate },
    #[error("{}", unfinished_message(*.date, .codes))]
    Unfinished { date: NaiveDate, codes: Vec<String> },
    #[error("{}", early_message(*.date, *.now, *.closes))]
    BeforeClosing { date: NaiveDate, now: NaiveTime, closes: NaiveTime },
    #[error("{date} is not closed; there is nothing to reopen")]
    NotClosed { date: NaiveDate },
    #[error("reopening a closed day needs a reason (loket reopen-day --date D --reason REASON)")]
    NoReopenReason,
}

/// The refusal to close today before the office's closing time.
pub fn early_message(date: NaiveDate, now: NaiveTime, closes: NaiveTime) -> String {
    format!(
        "it is {} and the office closes at {}: closing {date} now would cancel every applicant still to come \
         as a no-show; close from {} or force it with a reason (close-day --force REASON), which is recorded",
        now.format("%H:%M"),
        closes.format("%H:%M"),
        closes.format("%H:%M")
    )
}

/// The refusal to close a day that has not come yet.
pub fn future_message(date: NaiveDate, today: NaiveDate) -> String {
    format!("{date} has not come yet (today is {today}); only today or an earlier day can be closed")
}

/// The refusal to close while applicants are unfinished: who, and how to resolve it.
pub fn unfinished_message(date: NaiveDate, codes: &[String]) -> String {
    format!(
        "cannot close {date}: {} checked in but not finished: {}\n\
         serve them (approve or reject), withdraw those who left (mark absent, then cancel as withdrawn),\n\
         move them with a special reschedule (a supervisor, with a reason),\n\
         or force the close with a reason (close-day --force REASON), which is recorded",
        match codes.len() {
            1 => "1 applicant is".to_string(),
            n => format!("{n} applicants are"),
        },
        codes.join(", ")
    )
}

/// The refusal to change an application of a closed day.
pub fn day_closed_message(date: NaiveDate) -> String {
    format!(
        "day {date} is closed; a supervisor must reopen it to correct it \
         (loket reopen-day --date {date} --reason REASON, or F10 in the desk)"
    )
}

/// Whether closing `date` at office-local `now` comes before the office's closing time that day (a past day
/// is never early).
pub fn is_early(date: NaiveDate, now: NaiveDateTime, closing_time: NaiveTime) -> bool {
    date == now.date() && now.time() < closing_time
}

/// Whether the close of `date` may go ahead at office-local `now` (the office closes at `closing_time`) with
/// these unfinished applicants. Returns the forced reason to record: `Some` only when the close overrides
/// something (unfinished applicants, or the closing time not reached yet).
pub fn may_close<'a>(
    date: NaiveDate,
    now: NaiveDateTime,
    closing_time: NaiveTime,
    unfinished: &[String],
    force: Option<&'a str>,
) -> Result<Option<&'a str>, CloseRefusal> {
    let today = now.date();
    if date > today {
        return Err(CloseRefusal::InFuture { date, today });
    }
    let early = is_early(date, now, closing_time);
    if unfinished.is_empty() && !early {
        return Ok(None);
    }
    match force_reason(force) {
        Some(reason) => Ok(Some(reason)),
        None if !unfinished.is_empty() => Err(CloseRefusal::Unfinished { date, codes: unfinished.to_vec() }),
        None => Err(CloseRefusal::BeforeClosing { date, now: now.time(), closes: closing_time }),
    }
}

/// The reason to reopen a day, trimmed; refused when missing or blank.
pub fn reopen_reason(reason: &str) -> Result<&str, CloseRefusal> {
    force_reason(Some(reason)).ok_or(CloseRefusal::NoReopenReason)
}

/// Whether reopening a day puts an application back to `booked`: only a no-show that this day's close
/// cancelled (`cancelled_by_close`: its code is in the close's list) and that is still cancelled as a no-show.
/// A booking withdrawn, cancelled as uncollected or cancelled by an earlier close stays cancelled.
pub fn reinstated_by_reopen(cancelled_by_close: bool, status: Status, reason: Option<CancelReason>) -> bool {
    cancelled_by_close && status == Status::Cancelled && reason == Some(CancelReason::NoShow)
}

/// Whether `event` may still happen to an application whose slot date is closed: the passport's later life
/// (made ready, handed over or posted, cancelled as uncollected), nothing at the desk.
pub fn allowed_when_closed(event: Event) -> bool {
    matches!(event, Event::MarkReady | Event::HandOver(_) | Event::Cancel(CancelReason::Uncollected))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::lifecycle::{HandOverKind, RejectionReason};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    /// Office-local `date` at `hh:mm`.
    fn at(date: &str, hh: u32, mm: u32) -> NaiveDateTime {
        d(date).and_hms_opt(hh, mm, 0).unwrap()
    }

    fn closes() -> NaiveTime {
        NaiveTime::from_hms_opt(16, 0, 0).unwrap()
    }

    #[test]
    fn statuses_sort_into_no_shows_unfinished_and_done() {
        assert_eq!(classify(Status::Booked), DayRole::NoShow);
        assert_eq!(classify(Status::CheckedIn), DayRole::Unfinished);
        assert_eq!(classify(Status::AtCounter), DayRole::Unfinished);
        for s in [
            Status::Approved,
            Status::Rejected,
            Status::Ready,
            Status::HandedOver,
            Status::Dispatched,
            Status::Cancelled,
        ] {
            assert_eq!(classify(s), DayRole::Done, "{s}");
        }
    }

    #[test]
    fn uncollected_means_more_than_thirty_days() {
        let now = t("2026-12-31T10:00:00Z");
        assert!(!is_uncollected(t("2026-12-01T10:00:00Z"), now), "exactly 30 days is not more than 30");
        assert!(is_uncollected(t("2026-12-01T09:59:59Z"), now));
        assert!(!is_uncollected(t("2026-12-20T10:00:00Z"), now));
    }

    #[test]
    fn only_a_paid_fee_is_forfeited() {
        assert_eq!(forfeited_fee(650_000, true), 650_000);
        assert_eq!(forfeited_fee(650_000, false), 0);
    }

    #[test]
    fn future_days_cannot_be_closed() {
        let today = d("2026-11-25");
        let evening = at("2026-11-25", 16, 30);
        assert_eq!(may_close(today, evening, closes(), &[], None), Ok(None));
        assert_eq!(may_close(d("2026-11-24"), evening, closes(), &[], None), Ok(None));
        assert_eq!(
            may_close(d("2026-11-26"), evening, closes(), &[], Some("x")),
            Err(CloseRefusal::InFuture { date: d("2026-11-26"), today })
        );
    }

    #[test]
    fn unfinished_applicants_refuse_unless_forced_with_a_reason() {
        let today = d("2026-11-25");
        let evening = at("2026-11-25", 16, 30);
        let codes = vec!["MP0001".to_string(), "MP0002".to_string()];
        let refused = Err(CloseRefusal::Unfinished { date: today, codes: codes.clone() });
        assert_eq!(may_close(today, evening, closes(), &codes, None), refused);
        assert_eq!(may_close(today, evening, closes(), &codes, Some("   ")), refused, "a blank reason forces nothing");
        assert_eq!(may_close(today, evening, closes(), &codes, Some(" listrik padam ")), Ok(Some("listrik padam")));
        // a reason without anything to force is not recorded
        assert_eq!(may_close(today, evening, closes(), &[], Some("tidak perlu")), Ok(None));
    }

    #[test]
    fn today_closes_from_closing_time_unless_forced() {
        let today = d("2026-11-25");
        let morning = at("2026-11-25", 7, 35);
        let refused = Err(CloseRefusal::BeforeClosing {
            date: today,
            now: NaiveTime::from_hms_opt(7, 35, 0).unwrap(),
            closes: closes(),
        });
        assert_eq!(may_close(today, morning, closes(), &[], None), refused);
        assert_eq!(may_close(today, morning, closes(), &[], Some("  ")), refused, "a blank reason forces nothing");
        assert_eq!(may_close(today, morning, closes(), &[], Some("banjir")), Ok(Some("banjir")));
        assert_eq!(may_close(today, at("2026-11-25", 15, 59), closes(), &[], None).unwrap_err().to_string(), {
            early_message(today, NaiveTime::from_hms_opt(15, 59, 0).unwrap(), closes())
        });
        // from the closing time on, and for any earlier day, nothing to force
        assert_eq!(may_close(today, at("2026-11-25", 16, 0), closes(), &[], None), Ok(None));
        assert_eq!(may_close(d("2026-11-24"), morning, closes(), &[], None), Ok(None));
        // unfinished applicants are named first: they are what the supervisor must look at
        let codes = vec!["MP0001".to_string()];
        assert_eq!(
            may_close(today, morning, closes(), &codes, None),
            Err(CloseRefusal::Unfinished { date: today, codes })
        );
        let msg = early_message(today, NaiveTime::from_hms_opt(7, 35, 0).unwrap(), closes());
        assert!(msg.contains("07:35") && msg.contains("16:00") && msg.contains("--force"), "{msg}");
    }

    #[test]
    fn reopening_needs_a_reason_and_reinstates_only_the_close_s_no_shows() {
        assert_eq!(reopen_reason(" salah tutup "), Ok("salah tutup"));
        assert_eq!(reopen_reason("  "), Err(CloseRefusal::NoReopenReason));
        assert!(reinstated_by_reopen(true, Status::Cancelled, Some(CancelReason::NoShow)));
        assert!(!reinstated_by_reopen(false, Status::Cancelled, Some(CancelReason::NoShow)), "not this close's");
        assert!(!reinstated_by_reopen(true, Status::Cancelled, Some(CancelReason::Withdrawn)));
        assert!(!reinstated_by_reopen(true, Status::Cancelled, Some(CancelReason::Uncollected)));
        assert!(!reinstated_by_reopen(true, Status::Booked, None));
    }

    #[test]
    fn the_closed_day_message_names_a_command_that_exists() {
        let msg = day_closed_message(d("2026-11-25"));
        assert!(msg.contains("loket reopen-day --date 2026-11-25 --reason"), "{msg}");
    }

    #[test]
    fn unfinished_message_names_codes_and_the_ways_out() {
        let msg = unfinished_message(d("2026-11-25"), &["MP0001".into(), "MP0002".into()]);
        assert!(msg.contains("2026-11-25") && msg.contains("MP0001, MP0002"), "{msg}");
        assert!(msg.contains("2 applicants are"), "{msg}");
        assert!(msg.contains("withdraw") && msg.contains("--force"), "{msg}");
        assert!(unfinished_message(d("2026-11-25"), &["MP0001".into()]).contains("1 applicant is"));
    }

    #[test]
    fn closed_days_allow_only_the_passports_later_life() {
        assert!(allowed_when_closed(Event::MarkReady));
        assert!(allowed_when_closed(Event::HandOver(HandOverKind::Counter)));
        assert!(allowed_when_closed(Event::HandOver(HandOverKind::Post)));
        assert!(allowed_when_closed(Event::Cancel(CancelReason::Uncollected)));
        for e in [
            Event::CheckIn,
            Event::Call,
            Event::PutBack,
            Event::Recall,
            Event::Transfer,
            Event::MarkAbsent,
            Event::RecordPhoto,
            Event::RecordInterview,
            Event::Approve,
            Event::Reject(RejectionReason::Other),
            Event::Reschedule,
            Event::Cancel(CancelReason::NoShow),
            Event::Cancel(CancelReason::Withdrawn),
        ] {
            assert!(!allowed_when_closed(e), "{e}");
        }
    }
}

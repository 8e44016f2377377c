//! Typed refusals of the desk's writes: the interface translates each one (`tui::errors::describe`); the
//! English message is for the command line and logs.

use chrono::NaiveDate;

/// Why the store refused a desk action (other than a lifecycle, check-in, reschedule or walk-in rule, which
/// have their own types in the domain).
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error("a watchlist match ({}) needs a supervisor's sign-off with a reason to approve", .references.join(", "))]
    WatchlistSignOff { references: Vec<String> },
    #[error("a supervisor's sign-off needs a reason")]
    NoReason,
    #[error("passport number {number} is already given to booking {booking_code}")]
    PassportNoTaken { number: String, booking_code: String },
    #[error("{0}")]
    PassportNo(String),
    #[error("{0}")]
    Ntpn(#[from] crate::domain::payment::NtpnError),
    #[error("booking {0} is already paid")]
    AlreadyPaid(String),
    #[error(
        "counter {counter} is open on another workstation ({officer} since {since}); sign in there or take it over"
    )]
    CounterInUse { counter: u32, officer: String, since: String },
    #[error("no counter {0}")]
    NoCounter(u32),
    #[error("a rejection for another reason needs a note")]
    NoteNeeded,
    #[error("say who collected the passport")]
    NoCollector,
    #[error("a dispatch needs the delivery address and the PT Pos tracking number")]
    NoDispatchDetails,
    #[error("booking {booking_code} is {status}, not booked")]
    NotBooked { booking_code: String, status: String },
    #[error("{booking_code} is at no counter; call them first")]
    NotAtCounter { booking_code: String },
    #[error("{booking_code} is already at counter {counter}")]
    AlreadyAtCounter { booking_code: String, counter: u32 },
    #[error("group {group} has no members on {date}")]
    NoGroup { group: String, date: NaiveDate },
    #[error("no member of group {group} is still booked on {date}")]
    NoGroupBooked { group: String, date: NaiveDate },
    /// One member's refusal refuses the whole group check-in.
    #[error("{booking_code} ({name}): {why}")]
    GroupMember { booking_code: String, name: String, why: Box<super::StoreError> },
    #[error("the office is closed now; walk-ins are registered from {opens} to {closes}")]
    OfficeClosed { opens: String, closes: String },
    #[error("the priority quota for today ({quota}) is used up")]
    PriorityQuotaUsed { quota: u32 },
    #[error("NIK {nik} already has an active booking today ({booking_code}); serve that booking instead")]
    ActiveBookingToday { nik: String, booking_code: String },
}

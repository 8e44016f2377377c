//! Typed refusals of the desk's writes: the interface translates each one (`tui::errors::describe`); the
//! English message is for the command line and logs.

use crate::domain::fees::FeeError;
use crate::domain::staypermit::StayRefusal;
use crate::domain::types::Role;
use chrono::NaiveDate;
use std::path::PathBuf;

/// Why the store refused an action (other than a lifecycle, check-in, reschedule or walk-in rule, which have
/// their own types in the domain). Each variant carries its facts; `tui::errors` says it in the desk's language.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error("a watchlist match ({}) needs a supervisor's sign-off with a reason to approve", .references.join(", "))]
    WatchlistSignOff { references: Vec<String> },
    #[error("a supervisor's sign-off needs a reason")]
    NoReason,
    #[error("a forced restore needs a reason")]
    NoRestoreReason,
    #[error("passport number {number} is already given to booking {booking_code}")]
    PassportNoTaken { number: String, booking_code: String },
    #[error("{0}")]
    PassportNo(#[from] crate::domain::passport::PassportNoError),
    #[error("{0}")]
    Ntpn(#[from] crate::domain::payment::NtpnError),
    #[error("booking {0} is already paid")]
    AlreadyPaid(String),
    /// `since` is the session's start as stored (UTC); it is said in office time (`offset`).
    #[error(
        "counter {counter} is open on another workstation ({officer} since {}); sign in there or take it over",
        office_time(.since, *.offset, "%H:%M")
    )]
    CounterInUse { counter: u32, officer: String, since: String, offset: chrono::FixedOffset },
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
    // Accounts.
    #[error("no active account named {0}")]
    NoAccount(String),
    #[error("unknown role {0}")]
    UnknownRole(String),
    #[error("{0} is the last active supervisor; cannot disable them")]
    LastSupervisorDisabled(String),
    #[error("{0} is the last active supervisor; cannot make an officer them")]
    LastSupervisorDemoted(String),
    #[error("officer name {0:?} must be 1–40 letters, digits, '.', '_' or '-'")]
    BadOfficerName(String),
    #[error("a password needs at least {MIN_PASSWORD} characters")]
    ShortPassword,
    #[error("an officer named {0} already exists")]
    OfficerExists(String),
    #[error("you cannot disable your own account")]
    DisableOwnAccount,
    #[error("{name} is already {role}")]
    AlreadyRole { name: String, role: Role },
    // Reports and slots.
    #[error("the report range ends ({to}) before it starts ({from})")]
    ReportRange { from: NaiveDate, to: NaiveDate },
    #[error("slot {date} {start} ends at {existing_end}, not {end}")]
    SlotEnds { date: NaiveDate, start: String, existing_end: String, end: String },
    #[error("slot start {0:?} is not HH:MM")]
    BadSlotStart(String),
    #[error("{start} is not a slot of the office ({template})")]
    NotASlot { start: String, template: String },
    #[error("the slot template {0} has no slots; fix the setting")]
    NoSlots(String),
    /// A booking loket writes itself (demo data) that the import rules refuse.
    #[error("{booking_code}: {column}: {why}")]
    BookingRow { booking_code: String, column: String, why: String },
    #[error("{file} changed while it was being imported{}; nothing imported", .line.map(|l| format!(" (line {l})")).unwrap_or_default())]
    FileChanged { file: String, line: Option<u64> },
    // Priority walk-ins and reschedules.
    #[error("no walk-ins today: {0}")]
    NoWalkInsToday(DayOff),
    #[error("walk-in numbers for {0} are used up")]
    WalkInNumbersUsed(NaiveDate),
    #[error("billing codes for {0} are used up")]
    BillingCodesUsed(NaiveDate),
    #[error("{name} already has an active booking on {date} ({booking_code})")]
    ActiveBookingOn { name: String, date: NaiveDate, booking_code: String },
    #[error("{0}")]
    Fee(#[from] FeeError),
    // Stay permits.
    #[error("{0}")]
    Stay(#[from] StayRefusal),
    #[error("approving needs the new expiry date")]
    NoNewExpiry,
    // Outreach.
    #[error("no outreach event {0}; see `loket outreach list`")]
    NoEvent(i64),
    #[error("this is an outreach laptop database; events are created, packed and merged at the office")]
    LaptopDatabase,
    #[error("99 laptops have been packed by this office")]
    LaptopsUsedUp,
    #[error("no event slot now")]
    NoEventSlotNow,
    #[error("the event has no slots")]
    EventHasNoSlots,
    #[error("bad time {0:?} in the event")]
    BadEventTime(String),
    #[error("the event's hours: {0}")]
    EventHours(String),
    #[error("the group code must be 1-20 characters")]
    GroupCodeLength,
    #[error("the {0} must be 1-100 characters")]
    GroupFieldLength(GroupField),
    #[error("group {group} belongs to event {event}")]
    GroupOfOtherEvent { group: String, event: i64 },
    #[error("no group {0}")]
    NoGroupCode(String),
    #[error("say who collected the passports")]
    NoGroupCollector,
    #[error("no passport of group {0} is ready")]
    NoneReady(String),
    #[error("no conflict {0}; see `loket outreach conflicts`")]
    NoConflict(String),
    #[error("conflict {id} is already resolved ({resolution})")]
    ConflictResolved { id: String, resolution: crate::domain::outreach::Keep },
    #[error("table {table} has an unexpected column {column:?}; not a loket database")]
    ForeignColumn { table: String, column: String },
    // Restore.
    #[error("{} is the office database itself; not restored", .0.display())]
    RestoreItself(PathBuf),
    #[error(
        "{} workstation(s) signed in ({}); they must sign out before a restore (if those desks are gone, after a \
         power cut or a killed process: loket restore FILE --force REASON)",
        .sessions.len(),
        .sessions.iter().map(|(c, o)| format!("counter {c}: {o}")).collect::<Vec<_>>().join(", ")
    )]
    SignedIn { sessions: Vec<(u32, String)> },
    // Damaged or impossible data.
    #[error("the database has no node id (settings.node_id); it is damaged")]
    NoNodeId,
    #[error("the stored summary of the close of {date} is unreadable: {why}")]
    CloseSummaryUnreadable { date: NaiveDate, why: String },
    #[error("cannot record the close: {0}")]
    CloseSummaryUnwritable(String),
    // The demo database.
    #[error("a demo needs at least one day and one application per day")]
    DemoEmpty,
    #[error("at most 999999 applications per day (billing codes number them in six digits)")]
    DemoTooLarge,
}

/// A stored UTC instant (`…Z`) in office time, formatted with `format`; text that is no instant as it is.
pub fn office_time(utc: &str, offset: chrono::FixedOffset, format: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(utc)
        .map(|t| t.with_timezone(&offset).format(format).to_string())
        .unwrap_or_else(|_| utc.to_string())
}

/// The shortest password an account may have.
pub const MIN_PASSWORD: usize = 4;

/// A field of an outreach group list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupField {
    Name,
    Leader,
    Contact,
}

impl std::fmt::Display for GroupField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            GroupField::Name => "group name",
            GroupField::Leader => "leader",
            GroupField::Contact => "contact",
        })
    }
}

/// Why a date has no slots: a holiday (by name) or a weekend day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayOff {
    pub date: NaiveDate,
    pub holiday: Option<String>,
}

impl std::fmt::Display for DayOff {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.holiday {
            Some(name) => write!(f, "{} is a day off ({name}); the office has no slots", self.date),
            None => write!(f, "{} is a {}; the office has no slots", self.date, self.date.format("%A")),
        }
    }
}

/// What a file operation was doing when it failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileOp {
    Create,
    Write,
}

impl std::fmt::Display for FileOp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            FileOp::Create => "create",
            FileOp::Write => "write",
        })
    }
}

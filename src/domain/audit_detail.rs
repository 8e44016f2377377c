//! The detail of an audit row as a typed value. The store builds one of these for every row it writes and stores
//! its text ([`AuditDetail`]'s `Display`); the desk reads the text back ([`AuditDetail::parse`]) and says it in
//! the officer's language. The text is the one the store has always written (the chain hashes it, `loket audit`
//! prints it, older databases hold it), so it never changes shape: `parse(action, &d.to_string()) == Some(d)`.
//!
//! `parse` accepts a text only when the value it reads writes back to exactly that text, so a row it misreads
//! (free text that happens to contain a separator) is shown as stored rather than wrongly.

use crate::domain::audit::AuditAction;
use crate::domain::checkin::CheckInRefusal;
use crate::domain::fees::format_idr;
use crate::domain::lifecycle::RejectionReason;
use crate::domain::outreach::{ConflictKind, Keep};
use crate::domain::staypermit::PermitType;
use crate::domain::types::{PriorityReason, Role};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, SecondsFormat, Utc};
use std::fmt;

/// An arrival slot: its date and start time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub date: NaiveDate,
    pub start: NaiveTime,
}

/// A supervisor's sign-off of an approval despite watchlist matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignOff {
    pub references: Vec<String>,
    pub by: String,
    pub reason: String,
}

/// How a day close was forced: before the closing time, past unfinished applicants, or both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forced {
    pub early: bool,
    /// Booking codes still unfinished when the close was forced.
    pub past: Vec<String>,
    pub reason: String,
}

/// A restore forced while counters were signed in (desks that are gone): those sessions and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreForced {
    /// (counter, officer) of each session open when the restore was forced.
    pub sessions: Vec<(u32, String)>,
    pub reason: String,
}

/// Why a close of the day was refused (and recorded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CloseRefused {
    /// An officer tried a supervisor action (the store's `NotSupervisor`).
    NotSupervisor { action: String, officer: String },
    /// Any other refusal, as the store said it.
    Other(String),
}

/// One shape of audit detail per variant; the comment names the action(s) that write it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditDetail {
    /// check_in: the queue number handed out, and a supervisor's reason if a late arrival was admitted.
    CheckIn { queue_no: String, late_admitted: Option<String> },
    /// photo.
    Photo,
    /// transfer: the counter the applicant came from.
    FromCounter(u32),
    /// call, recall, transfer, absent rows of a version-1 database: the counter.
    Counter(u32),
    /// approve: the ready date, and the watchlist sign-off if there were matches.
    Approved { ready: NaiveDate, sign_off: Option<SignOff> },
    /// reject: the reason and the officer's note (may be empty).
    Rejected { reason: RejectionReason, note: String },
    /// ready: the passport number.
    PassportNo(String),
    /// hand_over: who collected it, and the group for a collective pickup.
    Collected { by: String, group: Option<String> },
    /// dispatch: PT Pos tracking number.
    Posted { tracking: String },
    /// reschedule: from one slot to another; a special one carries the supervisor's reason.
    Moved { from: Slot, to: Slot, special: Option<String> },
    /// cancel_no_show: the day close that cancelled it and the fee forfeited (`None`: not paid).
    NoShow { date: NaiveDate, forfeited: Option<u64> },
    /// cancel_uncollected: ready since (`None` when the row had no ready instant).
    Uncollected { since: Option<DateTime<Utc>> },
    /// book: where the booking came from (`manifest`, or the label of loket's own bookings).
    Booked { source: String },
    /// walk_in: a priority walk-in paid at the counter.
    WalkIn { reason: PriorityReason, fee: u64, billing: String, ntpn: String },
    /// payment: when it was paid and its NTPN.
    Payment { paid_at: DateTime<Utc>, ntpn: String },
    /// import_bookings.
    ImportBookings { label: String, new: u64, unchanged: u64, refused: u64 },
    /// import_watchlist.
    ImportWatchlist { source: String, version: i64, entries: u64 },
    /// import_holidays.
    ImportHolidays { source: String, added: u64, updated: u64, unchanged: u64, removed: u64 },
    /// close_day.
    CloseDay {
        date: NaiveDate,
        no_shows: u64,
        forfeited: u64,
        uncollected_listed: u64,
        uncollected_cancelled: u64,
        forced: Option<Forced>,
    },
    /// reopen_day: the supervisor's reason, the close it undid and the bookings put back.
    ReopenDay {
        date: NaiveDate,
        reason: String,
        closed_by: String,
        closed_at: DateTime<FixedOffset>,
        back: Vec<String>,
    },
    /// reinstate: a no-show put back by reopening its day.
    Reinstated { date: NaiveDate },
    /// refused_close_day.
    RefusedCloseDay { date: NaiveDate, refusal: CloseRefused },
    /// refused_check_in: the check-in refusal.
    RefusedCheckIn(CheckInRefusal),
    /// setting: a key's value before and after.
    Setting { key: String, before: String, after: String },
    /// add_officer, disable_officer.
    Officer { name: String, role: Role },
    /// set_password: `None` for one's own.
    Password { of: Option<String> },
    /// set_role.
    RoleChanged { name: String, before: Role, after: Role },
    /// sign_in_failed: a wrong password, the run of failures so far.
    WrongPassword { failures: u32 },
    /// sign_in_failed: an unknown or disabled account.
    UnknownAccount,
    /// sign_in_failed: an attempt on a locked account.
    LockedUntil { until: DateTime<Utc> },
    /// account_locked.
    AccountLocked { failures: u32, until: DateTime<Utc> },
    /// restore: the backup restored and where the replaced database was kept.
    Restored {
        file: String,
        kept: String,
        /// Sessions the backup held open, signed out at the restore.
        signed_out: u32,
        forced: Option<RestoreForced>,
    },
    /// take_over_counter.
    TakeOver { counter: u32, from: Vec<String> },
    /// demo.
    Demo { applications: u64, days: u64, first: NaiveDate, last: NaiveDate, seed: u64 },
    /// legacy: a version-1 row whose action this binary did not know.
    Legacy { action: String, detail: String },
    /// outreach_create.
    OutreachCreate { event: i64, name: String, place: String, first: NaiveDate, last: NaiveDate },
    /// outreach_pack.
    OutreachPack { event: i64, laptop: u32, bookings: u64 },
    /// outreach_walk_in.
    OutreachWalkIn { event: i64, fee: u64, billing: String },
    /// group_member.
    GroupMember { group: String, event: i64, day: NaiveDate },
    /// outreach_merge.
    OutreachMerge { event: i64, laptop: u32, sent: u64, applied: u64, duplicate: u64, conflicts: u64 },
    /// outreach_resolve.
    OutreachResolve { conflict: String, kind: ConflictKind, keep: Keep, note: Option<String> },
    /// stay_register.
    StayRegister { code: String, permit: PermitType, permit_no: String, fee: u64, queue_no: String },
    /// stay_documents, stay_biometrics, stay_hand_over.
    StayPermit { code: String },
    /// stay_approve.
    StayApproved { code: String, valid_until: NaiveDate },
    /// stay_refuse.
    StayRefused { code: String, reason: String },
}

/// The store's instant format (RFC 3339, whole seconds, `Z`).
pub fn instant_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// An instant in the store's format read back.
pub fn parse_instant(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s).ok().map(|t| t.with_timezone(&Utc))
}

fn instant(s: &str) -> Option<DateTime<Utc>> {
    parse_instant(s)
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn idr(s: &str) -> Option<u64> {
    let digits: String = s.strip_prefix("Rp")?.chars().filter(|c| *c != '.').collect();
    digits.parse().ok()
}

fn num<T: std::str::FromStr>(s: &str) -> Option<T> {
    s.parse().ok()
}

fn codes(s: &str) -> Vec<String> {
    if s.is_empty() {
        Vec::new()
    } else {
        s.split(", ").map(str::to_string).collect()
    }
}

const REOPEN_BACK: &str = "; no-shows back to booked: ";
const LATE_ADMITTED: &str = "; late arrival admitted: ";

impl fmt::Display for Slot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.date, self.start.format("%H:%M"))
    }
}

impl Slot {
    fn parse(s: &str) -> Option<Slot> {
        let (d, t) = s.split_once(' ')?;
        Some(Slot { date: date(d)?, start: NaiveTime::parse_from_str(t, "%H:%M").ok()? })
    }
}

impl fmt::Display for CloseRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // As the store's `StoreError::NotSupervisor` says it.
            CloseRefused::NotSupervisor { action, officer } => {
                write!(f, "{action} is a supervisor action; {officer} is an officer")
            }
            CloseRefused::Other(text) => f.write_str(text),
        }
    }
}

impl CloseRefused {
    fn parse(s: &str) -> CloseRefused {
        s.strip_suffix(" is an officer")
            .and_then(|r| r.split_once(" is a supervisor action; "))
            .map(|(action, officer)| CloseRefused::NotSupervisor { action: action.into(), officer: officer.into() })
            .filter(|r| r.to_string() == s)
            .unwrap_or_else(|| CloseRefused::Other(s.to_string()))
    }
}

/// A check-in refusal read back from its text (`Late` to the minute, as its text says it).
fn check_in_refusal(s: &str) -> Option<CheckInRefusal> {
    use CheckInRefusal as R;
    let fixed = [R::Unpaid, R::MissingOldPassport, R::EmptyOverrideReason];
    if let Some(r) = fixed.into_iter().find(|r| r.to_string() == s) {
        return Some(r);
    }
    if let Some(rest) = s.strip_prefix("too late: check-in closed at ") {
        let (deadline, rest) = rest.split_once(" (")?;
        let (minutes, _) = rest.split_once(" min late)")?;
        let deadline = NaiveTime::parse_from_str(deadline, "%H:%M").ok()?;
        return Some(R::Late { deadline, seconds_late: num::<i64>(minutes)? * 60 });
    }
    if let Some(rest) = s.strip_prefix("the office opens at ") {
        let (opens, _) = rest.split_once(';')?;
        return Some(R::BeforeOpening { opens: NaiveTime::parse_from_str(opens, "%H:%M").ok()? });
    }
    // The wrong day: its date is the first date in the text.
    let at = s.find(|c: char| c.is_ascii_digit())?;
    Some(R::WrongDay { slot_date: date(s.get(at..at + 10)?)? })
}

impl fmt::Display for AuditDetail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use AuditDetail as D;
        match self {
            D::CheckIn { queue_no, late_admitted: None } => f.write_str(queue_no),
            D::CheckIn { queue_no, late_admitted: Some(r) } => write!(f, "{queue_no}{LATE_ADMITTED}{r}"),
            D::Photo => f.write_str("photo and fingerprints taken"),
            D::FromCounter(c) => write!(f, "from counter {c}"),
            D::Counter(c) => write!(f, "counter {c}"),
            D::Approved { ready, sign_off } => {
                write!(f, "ready on {ready}")?;
                if let Some(s) = sign_off {
                    write!(f, "; watchlist {} signed off by {}: {}", s.references.join(", "), s.by, s.reason)?;
                }
                Ok(())
            }
            D::Rejected { reason, note } => f.write_str(format!("{reason} {note}").trim()),
            D::PassportNo(n) => f.write_str(n),
            D::Collected { by, group: None } => write!(f, "collected by {by}"),
            D::Collected { by, group: Some(g) } => write!(f, "collected by {by} for group {g}"),
            D::Posted { tracking } => write!(f, "PT Pos {tracking}"),
            D::Moved { from, to, special: None } => write!(f, "{from} -> {to}"),
            D::Moved { from, to, special: Some(r) } => write!(f, "special: {from} -> {to}: {r}"),
            D::NoShow { date, forfeited: Some(fee) } => {
                write!(f, "day close {date}: fee {} forfeited", format_idr(*fee))
            }
            D::NoShow { date, forfeited: None } => write!(f, "day close {date}: not paid, nothing forfeited"),
            D::Uncollected { since } => {
                write!(f, "not collected since {}", since.map_or_else(|| "?".to_string(), instant_text))
            }
            D::Booked { source } => f.write_str(source),
            D::WalkIn { reason, fee, billing, ntpn } => write!(
                f,
                "priority {reason}; {} paid at the counter (billing {billing}, NTPN {ntpn})",
                format_idr(*fee)
            ),
            D::Payment { paid_at, ntpn } => write!(f, "paid at {}, NTPN {ntpn}", instant_text(*paid_at)),
            D::ImportBookings { label, new, unchanged, refused } => {
                write!(f, "{label}: {new} new, {unchanged} unchanged, {refused} refused")
            }
            D::ImportWatchlist { source, version, entries } => {
                write!(f, "{source}: version {version}, {entries} entries")
            }
            D::ImportHolidays { source, added, updated, unchanged, removed } => {
                write!(f, "{source}: {added} added, {updated} updated, {unchanged} unchanged, {removed} removed")
            }
            D::CloseDay { date, no_shows, forfeited, uncollected_listed, uncollected_cancelled, forced } => {
                write!(
                    f,
                    "{date}: {no_shows} no-shows cancelled ({} forfeited); {uncollected_listed} uncollected listed, \
                     {uncollected_cancelled} cancelled",
                    format_idr(*forfeited)
                )?;
                match forced {
                    None => Ok(()),
                    Some(Forced { early: true, past, reason }) if past.is_empty() => {
                        write!(f, "; forced before the closing time: {reason}")
                    }
                    Some(Forced { early: true, past, reason }) => {
                        write!(f, "; forced before the closing time and past {}: {reason}", past.join(", "))
                    }
                    Some(Forced { early: false, past, reason }) => {
                        write!(f, "; forced past {}: {reason}", past.join(", "))
                    }
                }
            }
            D::ReopenDay { date, reason, closed_by, closed_at, back } => {
                let back = if back.is_empty() { "none".to_string() } else { back.join(", ") };
                write!(
                    f,
                    "{date}: {reason} (closed by {closed_by} at {}){REOPEN_BACK}{back}",
                    closed_at.format("%Y-%m-%d %H:%M %:z")
                )
            }
            D::Reinstated { date } => write!(f, "day {date} reopened: no-show cancellation undone"),
            D::RefusedCloseDay { date, refusal } => write!(f, "{date}: {refusal}"),
            D::RefusedCheckIn(r) => write!(f, "{r}"),
            D::Setting { key, before, after } => write!(f, "{key}: {before} -> {after}"),
            D::Officer { name, role } => write!(f, "{name} ({role})"),
            D::Password { of: None } => f.write_str("own password"),
            D::Password { of: Some(name) } => write!(f, "password of {name}"),
            D::RoleChanged { name, before, after } => write!(f, "{name}: {before} -> {after}"),
            D::WrongPassword { failures } => write!(f, "wrong password ({failures} in a row)"),
            D::UnknownAccount => f.write_str("unknown or disabled account"),
            D::LockedUntil { until } => write!(f, "account locked until {}", instant_text(*until)),
            D::AccountLocked { failures, until } => {
                write!(f, "{failures} failed sign-ins; locked until {}", instant_text(*until))
            }
            D::Restored { file, kept, signed_out, forced } => {
                write!(f, "restored {file} (kept the replaced database as {kept})")?;
                if *signed_out > 0 {
                    write!(f, "; {signed_out} session(s) open in the backup signed out")?;
                }
                if let Some(RestoreForced { sessions, reason }) = forced {
                    let who: Vec<String> = sessions.iter().map(|(c, o)| format!("{c} ({o})")).collect();
                    write!(f, "; forced past counters {}: {reason}", who.join(", "))?;
                }
                Ok(())
            }
            D::TakeOver { counter, from } => write!(f, "counter {counter} taken over from {}", from.join(", ")),
            D::Demo { applications, days, first, last, seed } => {
                write!(f, "demo: {applications} applications over {days} day(s) {first}..{last}, seed {seed}")
            }
            D::Legacy { action, detail } => write!(f, "{action}: {detail}"),
            D::OutreachCreate { event, name, place, first, last } => {
                write!(f, "event {event}: {name} at {place}, {first} to {last}")
            }
            D::OutreachPack { event, laptop, bookings } => {
                write!(f, "event {event}: laptop {laptop}, {bookings} bookings")
            }
            D::OutreachWalkIn { event, fee, billing } => {
                write!(f, "event {event}; {} paid on the spot (billing {billing})", format_idr(*fee))
            }
            D::GroupMember { group, event, day } => write!(f, "group {group}, event {event} on {day}"),
            D::OutreachMerge { event, laptop, sent, applied, duplicate, conflicts } => write!(
                f,
                "event {event} laptop {laptop}: {sent} sent, {applied} applied, {duplicate} duplicate, \
                 {conflicts} held by conflicts"
            ),
            D::OutreachResolve { conflict, kind, keep, note } => {
                write!(f, "{conflict} ({kind}): kept the {keep} version")?;
                match note {
                    Some(n) => write!(f, ": {n}"),
                    None => Ok(()),
                }
            }
            D::StayRegister { code, permit, permit_no, fee, queue_no } => {
                write!(f, "stay permit {code} ({permit} {permit_no}); {} paid; {queue_no}", format_idr(*fee))
            }
            D::StayPermit { code } => write!(f, "stay permit {code}"),
            D::StayApproved { code, valid_until } => write!(f, "stay permit {code}: valid until {valid_until}"),
            D::StayRefused { code, reason } => write!(f, "stay permit {code}: {reason}"),
        }
    }
}

impl AuditDetail {
    /// Reads a stored detail of `action` back; `None` for an empty detail or a shape this binary does not write
    /// (a row of an older binary), which the desk shows as stored.
    pub fn parse(action: AuditAction, text: &str) -> Option<AuditDetail> {
        if text.is_empty() {
            return None;
        }
        Self::read(action, text).filter(|d| d.to_string() == text)
    }

    fn read(action: AuditAction, s: &str) -> Option<AuditDetail> {
        use AuditAction as A;
        use AuditDetail as D;
        Some(match action {
            A::CheckIn => match s.split_once(LATE_ADMITTED) {
                Some((q, r)) => D::CheckIn { queue_no: q.into(), late_admitted: Some(r.into()) },
                None => D::CheckIn { queue_no: s.into(), late_admitted: None },
            },
            A::Photo => D::Photo,
            A::Transfer if s.starts_with("from ") => D::FromCounter(num(s.strip_prefix("from counter ")?)?),
            A::Call | A::Recall | A::Transfer | A::Absent => D::Counter(num(s.strip_prefix("counter ")?)?),
            A::Approve => {
                let rest = s.strip_prefix("ready on ")?;
                match rest.split_once("; watchlist ") {
                    None => D::Approved { ready: date(rest)?, sign_off: None },
                    Some((ready, signed)) => {
                        let (refs, rest) = signed.split_once(" signed off by ")?;
                        let (by, reason) = rest.split_once(": ")?;
                        let sign_off = SignOff { references: codes(refs), by: by.into(), reason: reason.into() };
                        D::Approved { ready: date(ready)?, sign_off: Some(sign_off) }
                    }
                }
            }
            A::Reject => {
                let (code, note) = s.split_once(' ').unwrap_or((s, ""));
                D::Rejected { reason: RejectionReason::parse(code)?, note: note.into() }
            }
            A::Ready => D::PassportNo(s.into()),
            A::HandOver => {
                let who = s.strip_prefix("collected by ")?;
                match who.rsplit_once(" for group ") {
                    Some((by, group)) => D::Collected { by: by.into(), group: Some(group.into()) },
                    None => D::Collected { by: who.into(), group: None },
                }
            }
            A::Dispatch => D::Posted { tracking: s.strip_prefix("PT Pos ")?.into() },
            A::Reschedule => {
                let (special, rest) = match s.strip_prefix("special: ") {
                    Some(rest) => (true, rest),
                    None => (false, s),
                };
                let (from, to) = rest.split_once(" -> ")?;
                let (to, reason) = if special { to.split_once(": ")? } else { (to, "") };
                let special = special.then(|| reason.to_string());
                D::Moved { from: Slot::parse(from)?, to: Slot::parse(to)?, special }
            }
            A::CancelNoShow => {
                let (day, rest) = s.strip_prefix("day close ")?.split_once(": ")?;
                let forfeited = match rest {
                    "not paid, nothing forfeited" => None,
                    fee => Some(idr(fee.strip_prefix("fee ")?.strip_suffix(" forfeited")?)?),
                };
                D::NoShow { date: date(day)?, forfeited }
            }
            A::CancelUncollected => match s.strip_prefix("not collected since ")? {
                "?" => D::Uncollected { since: None },
                since => D::Uncollected { since: Some(instant(since)?) },
            },
            A::Book => D::Booked { source: s.into() },
            A::WalkIn => {
                let (reason, rest) = s.strip_prefix("priority ")?.split_once("; ")?;
                let (fee, paid) = rest.split_once(" paid at the counter (billing ")?;
                let (billing, ntpn) = paid.strip_suffix(')')?.split_once(", NTPN ")?;
                D::WalkIn {
                    reason: PriorityReason::parse(reason)?,
                    fee: idr(fee)?,
                    billing: billing.into(),
                    ntpn: ntpn.into(),
                }
            }
            A::Payment => {
                let (at, ntpn) = s.strip_prefix("paid at ")?.split_once(", NTPN ")?;
                D::Payment { paid_at: instant(at)?, ntpn: ntpn.into() }
            }
            A::ImportBookings => {
                let (label, counts) = s.rsplit_once(": ")?;
                let [new, unchanged, refused] = counted(counts, &["new", "unchanged", "refused"])?;
                D::ImportBookings { label: label.into(), new, unchanged, refused }
            }
            A::ImportWatchlist => {
                let (source, rest) = s.rsplit_once(": ")?;
                let (version, entries) = rest.strip_prefix("version ")?.split_once(", ")?;
                D::ImportWatchlist {
                    source: source.into(),
                    version: num(version)?,
                    entries: num(entries.strip_suffix(" entries")?)?,
                }
            }
            A::ImportHolidays => {
                let (source, counts) = s.rsplit_once(": ")?;
                let [added, updated, unchanged, removed] =
                    counted(counts, &["added", "updated", "unchanged", "removed"])?;
                D::ImportHolidays { source: source.into(), added, updated, unchanged, removed }
            }
            A::CloseDay => close_day(s)?,
            A::ReopenDay => {
                let (day, rest) = s.split_once(": ")?;
                let (rest, back) = rest.rsplit_once(REOPEN_BACK)?;
                let (reason, closed) = rest.rsplit_once(" (closed by ")?;
                let (by, at) = closed.strip_suffix(')')?.rsplit_once(" at ")?;
                let back = if back == "none" { Vec::new() } else { codes(back) };
                D::ReopenDay {
                    date: date(day)?,
                    reason: reason.into(),
                    closed_by: by.into(),
                    closed_at: DateTime::parse_from_str(at, "%Y-%m-%d %H:%M %:z").ok()?,
                    back,
                }
            }
            A::Reinstate => D::Reinstated {
                date: date(s.strip_prefix("day ")?.strip_suffix(" reopened: no-show cancellation undone")?)?,
            },
            A::RefusedCloseDay => {
                let (day, refusal) = s.split_once(": ")?;
                D::RefusedCloseDay { date: date(day)?, refusal: CloseRefused::parse(refusal) }
            }
            A::RefusedCheckIn => D::RefusedCheckIn(check_in_refusal(s)?),
            A::Setting => {
                let (key, change) = s.split_once(": ")?;
                let (before, after) = change.split_once(" -> ")?;
                D::Setting { key: key.into(), before: before.into(), after: after.into() }
            }
            A::AddOfficer | A::DisableOfficer => {
                let (name, role) = s.strip_suffix(')')?.rsplit_once(" (")?;
                D::Officer { name: name.into(), role: Role::parse(role)? }
            }
            A::SetPassword => match s {
                "own password" => D::Password { of: None },
                _ => D::Password { of: Some(s.strip_prefix("password of ")?.into()) },
            },
            A::SetRole => {
                let (name, change) = s.rsplit_once(": ")?;
                let (before, after) = change.split_once(" -> ")?;
                D::RoleChanged { name: name.into(), before: Role::parse(before)?, after: Role::parse(after)? }
            }
            A::SignInFailed => {
                if s == "unknown or disabled account" {
                    D::UnknownAccount
                } else if let Some(until) = s.strip_prefix("account locked until ") {
                    D::LockedUntil { until: instant(until)? }
                } else {
                    D::WrongPassword { failures: num(s.strip_prefix("wrong password (")?.strip_suffix(" in a row)")?)? }
                }
            }
            A::AccountLocked => {
                let (n, until) = s.split_once(" failed sign-ins; locked until ")?;
                D::AccountLocked { failures: num(n)?, until: instant(until)? }
            }
            A::Restore => {
                let (file, rest) = s.strip_prefix("restored ")?.split_once(" (kept the replaced database as ")?;
                let (kept, mut rest) = match rest.split_once("); ") {
                    Some((kept, rest)) => (kept, rest),
                    None => (rest.strip_suffix(')')?, ""),
                };
                let mut signed_out = 0;
                if let Some((n, more)) = rest.split_once(" session(s) open in the backup signed out") {
                    signed_out = num(n)?;
                    rest = more.strip_prefix("; ").unwrap_or(more);
                }
                let forced = match rest.strip_prefix("forced past counters ") {
                    Some(forced) => {
                        let (who, reason) = forced.split_once("): ")?;
                        let sessions = who
                            .split("), ")
                            .map(|one| one.split_once(" (").and_then(|(c, o)| Some((num(c)?, o.to_string()))))
                            .collect::<Option<Vec<_>>>()?;
                        Some(RestoreForced { sessions, reason: reason.into() })
                    }
                    None if rest.is_empty() => None,
                    None => return None,
                };
                D::Restored { file: file.into(), kept: kept.into(), signed_out, forced }
            }
            A::TakeOverCounter => {
                let (counter, from) = s.strip_prefix("counter ")?.split_once(" taken over from ")?;
                D::TakeOver { counter: num(counter)?, from: codes(from) }
            }
            A::Demo => {
                let (n, rest) = s.strip_prefix("demo: ")?.split_once(" applications over ")?;
                let (days, rest) = rest.split_once(" day(s) ")?;
                let (range, seed) = rest.split_once(", seed ")?;
                let (first, last) = range.split_once("..")?;
                D::Demo {
                    applications: num(n)?,
                    days: num(days)?,
                    first: date(first)?,
                    last: date(last)?,
                    seed: num(seed)?,
                }
            }
            A::Legacy => {
                let (action, detail) = s.split_once(": ")?;
                D::Legacy { action: action.into(), detail: detail.into() }
            }
            A::OutreachCreate => {
                let (event, rest) = s.strip_prefix("event ")?.split_once(": ")?;
                let (what, days) = rest.rsplit_once(", ")?;
                let (first, last) = days.split_once(" to ")?;
                let (name, place) = what.rsplit_once(" at ")?;
                D::OutreachCreate {
                    event: num(event)?,
                    name: name.into(),
                    place: place.into(),
                    first: date(first)?,
                    last: date(last)?,
                }
            }
            A::OutreachPack => {
                let (event, rest) = s.strip_prefix("event ")?.split_once(": laptop ")?;
                let (laptop, bookings) = rest.split_once(", ")?;
                D::OutreachPack {
                    event: num(event)?,
                    laptop: num(laptop)?,
                    bookings: num(bookings.strip_suffix(" bookings")?)?,
                }
            }
            A::OutreachWalkIn => {
                let (event, rest) = s.strip_prefix("event ")?.split_once("; ")?;
                let (fee, billing) = rest.split_once(" paid on the spot (billing ")?;
                D::OutreachWalkIn { event: num(event)?, fee: idr(fee)?, billing: billing.strip_suffix(')')?.into() }
            }
            A::GroupMember => {
                let (group, rest) = s.strip_prefix("group ")?.rsplit_once(", event ")?;
                let (event, day) = rest.split_once(" on ")?;
                D::GroupMember { group: group.into(), event: num(event)?, day: date(day)? }
            }
            A::OutreachMerge => {
                let (event, rest) = s.strip_prefix("event ")?.split_once(" laptop ")?;
                let (laptop, counts) = rest.split_once(": ")?;
                let [sent, applied, duplicate, conflicts] =
                    counted(counts, &["sent", "applied", "duplicate", "held by conflicts"])?;
                D::OutreachMerge { event: num(event)?, laptop: num(laptop)?, sent, applied, duplicate, conflicts }
            }
            A::OutreachResolve => {
                let (conflict, rest) = s.split_once(" (")?;
                let (kind, rest) = rest.split_once("): kept the ")?;
                let (keep, note) = rest.split_once(" version")?;
                let note = match note {
                    "" => None,
                    n => Some(n.strip_prefix(": ")?.to_string()),
                };
                D::OutreachResolve {
                    conflict: conflict.into(),
                    kind: ConflictKind::parse(kind)?,
                    keep: Keep::parse(keep)?,
                    note,
                }
            }
            A::StayRegister => {
                let (code, rest) = s.strip_prefix("stay permit ")?.split_once(" (")?;
                let (permit, rest) = rest.split_once(' ')?;
                let (permit_no, rest) = rest.split_once("); ")?;
                let (fee, queue_no) = rest.split_once(" paid; ")?;
                D::StayRegister {
                    code: code.into(),
                    permit: PermitType::parse(permit)?,
                    permit_no: permit_no.into(),
                    fee: idr(fee)?,
                    queue_no: queue_no.into(),
                }
            }
            A::StayDocuments | A::StayBiometrics | A::StayHandOver => {
                D::StayPermit { code: s.strip_prefix("stay permit ")?.into() }
            }
            A::StayApprove => {
                let (code, until) = s.strip_prefix("stay permit ")?.split_once(": valid until ")?;
                D::StayApproved { code: code.into(), valid_until: date(until)? }
            }
            A::StayRefuse => {
                let (code, reason) = s.strip_prefix("stay permit ")?.split_once(": ")?;
                D::StayRefused { code: code.into(), reason: reason.into() }
            }
            A::PutBack | A::Interview | A::Withdraw => return None,
        })
    }
}

/// "40 new, 2 unchanged, 1 refused" with the labels given, as numbers.
fn counted<const N: usize>(s: &str, labels: &[&str; N]) -> Option<[u64; N]> {
    let mut out = [0; N];
    let mut parts = s.split(", ");
    for (slot, label) in out.iter_mut().zip(labels) {
        let part = parts.next()?;
        *slot = num(part.strip_suffix(label)?.strip_suffix(' ')?)?;
    }
    parts.next().is_none().then_some(out)
}

fn close_day(s: &str) -> Option<AuditDetail> {
    let (day, rest) = s.split_once(": ")?;
    let (base, forced) = match rest.split_once("; forced ") {
        Some((base, forced)) => (base, Some(forced)),
        None => (rest, None),
    };
    let (no_shows, rest) = base.split_once(" no-shows cancelled (")?;
    let (forfeited, rest) = rest.split_once(" forfeited); ")?;
    let (listed, cancelled) = rest.split_once(" uncollected listed, ")?;
    let forced = match forced {
        None => None,
        Some(f) => Some(if let Some(reason) = f.strip_prefix("before the closing time: ") {
            Forced { early: true, past: Vec::new(), reason: reason.into() }
        } else if let Some(rest) = f.strip_prefix("before the closing time and past ") {
            let (past, reason) = rest.split_once(": ")?;
            Forced { early: true, past: codes(past), reason: reason.into() }
        } else {
            let (past, reason) = f.strip_prefix("past ")?.split_once(": ")?;
            Forced { early: false, past: codes(past), reason: reason.into() }
        }),
    };
    Some(AuditDetail::CloseDay {
        date: date(day)?,
        no_shows: num(no_shows)?,
        forfeited: idr(forfeited)?,
        uncollected_listed: num(listed)?,
        uncollected_cancelled: num(cancelled.strip_suffix(" cancelled")?)?,
        forced,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::audit::AuditAction as A;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        date(s).unwrap()
    }
    fn t(s: &str) -> NaiveTime {
        NaiveTime::parse_from_str(s, "%H:%M").unwrap()
    }
    fn at(s: &str) -> DateTime<Utc> {
        instant(s).unwrap()
    }

    /// One value of every variant (some twice, for their options), with the action that writes it.
    fn samples() -> Vec<(AuditAction, AuditDetail)> {
        use AuditDetail as D;
        let slot = |day, start| Slot { date: d(day), start: t(start) };
        vec![
            (A::CheckIn, D::CheckIn { queue_no: "A-004".into(), late_admitted: None }),
            (A::CheckIn, D::CheckIn { queue_no: "P-001".into(), late_admitted: Some("bus mogok".into()) }),
            (A::Photo, D::Photo),
            (A::Transfer, D::FromCounter(2)),
            (A::Call, D::Counter(3)),
            (A::Approve, D::Approved { ready: d("2026-11-30"), sign_off: None }),
            (
                A::Approve,
                D::Approved {
                    ready: d("2026-11-30"),
                    sign_off: Some(SignOff {
                        references: vec!["CT-1".into(), "CT-2".into()],
                        by: "sari".into(),
                        reason: "bukan orang yang sama".into(),
                    }),
                },
            ),
            (A::Reject, D::Rejected { reason: RejectionReason::InvalidData, note: String::new() }),
            (A::Reject, D::Rejected { reason: RejectionReason::Other, note: "foto buram".into() }),
            (A::Ready, D::PassportNo("X1234567".into())),
            (A::HandOver, D::Collected { by: "Budi".into(), group: None }),
            (A::HandOver, D::Collected { by: "Budi".into(), group: Some("UMR-1".into()) }),
            (A::Dispatch, D::Posted { tracking: "RR123456789ID".into() }),
            (
                A::Reschedule,
                D::Moved { from: slot("2026-11-25", "09:00"), to: slot("2026-11-26", "10:00"), special: None },
            ),
            (
                A::Reschedule,
                D::Moved {
                    from: slot("2026-11-25", "09:00"),
                    to: slot("2026-11-26", "10:00"),
                    special: Some("server mati".into()),
                },
            ),
            (A::CancelNoShow, D::NoShow { date: d("2026-11-25"), forfeited: Some(350_000) }),
            (A::CancelNoShow, D::NoShow { date: d("2026-11-25"), forfeited: None }),
            (A::CancelUncollected, D::Uncollected { since: Some(at("2026-10-01T03:00:00Z")) }),
            (A::CancelUncollected, D::Uncollected { since: None }),
            (A::Book, D::Booked { source: "manifest".into() }),
            (
                A::WalkIn,
                D::WalkIn {
                    reason: PriorityReason::Elderly,
                    fee: 650_000,
                    billing: "926112500000001".into(),
                    ntpn: "0A1B2C3D4E5F6789".into(),
                },
            ),
            (A::Payment, D::Payment { paid_at: at("2026-11-24T02:00:00Z"), ntpn: "0A1B2C3D4E5F6789".into() }),
            (A::ImportBookings, D::ImportBookings { label: "m.csv".into(), new: 40, unchanged: 2, refused: 1 }),
            (A::ImportWatchlist, D::ImportWatchlist { source: "w.csv".into(), version: 3, entries: 12 }),
            (
                A::ImportHolidays,
                D::ImportHolidays { source: "h.csv".into(), added: 1, updated: 2, unchanged: 3, removed: 0 },
            ),
            (
                A::CloseDay,
                D::CloseDay {
                    date: d("2026-11-25"),
                    no_shows: 3,
                    forfeited: 700_000,
                    uncollected_listed: 1,
                    uncollected_cancelled: 0,
                    forced: None,
                },
            ),
            (
                A::CloseDay,
                D::CloseDay {
                    date: d("2026-11-25"),
                    no_shows: 0,
                    forfeited: 0,
                    uncollected_listed: 0,
                    uncollected_cancelled: 0,
                    forced: Some(Forced { early: true, past: vec!["B1".into()], reason: "listrik padam".into() }),
                },
            ),
            (
                A::ReopenDay,
                D::ReopenDay {
                    date: d("2026-11-25"),
                    reason: "salah tutup".into(),
                    closed_by: "sari".into(),
                    closed_at: DateTime::parse_from_rfc3339("2026-11-25T16:05:00+07:00").unwrap(),
                    back: vec!["B1".into(), "B2".into()],
                },
            ),
            (A::Reinstate, D::Reinstated { date: d("2026-11-25") }),
            (
                A::RefusedCloseDay,
                D::RefusedCloseDay {
                    date: d("2026-11-25"),
                    refusal: CloseRefused::NotSupervisor { action: "closing a day".into(), officer: "rina".into() },
                },
            ),
            (
                A::RefusedCloseDay,
                D::RefusedCloseDay { date: d("2026-11-25"), refusal: CloseRefused::Other("x".into()) },
            ),
            (A::RefusedCheckIn, D::RefusedCheckIn(CheckInRefusal::Late { deadline: t("08:45"), seconds_late: 600 })),
            (A::RefusedCheckIn, D::RefusedCheckIn(CheckInRefusal::WrongDay { slot_date: d("2026-11-26") })),
            (A::RefusedCheckIn, D::RefusedCheckIn(CheckInRefusal::BeforeOpening { opens: t("07:30") })),
            (A::RefusedCheckIn, D::RefusedCheckIn(CheckInRefusal::Unpaid)),
            (A::Setting, D::Setting { key: "slot_quota".into(), before: "20".into(), after: "25".into() }),
            (A::AddOfficer, D::Officer { name: "rina".into(), role: Role::Officer }),
            (A::SetPassword, D::Password { of: None }),
            (A::SetPassword, D::Password { of: Some("rina".into()) }),
            (A::SetRole, D::RoleChanged { name: "rina".into(), before: Role::Officer, after: Role::Supervisor }),
            (A::SignInFailed, D::WrongPassword { failures: 2 }),
            (A::SignInFailed, D::UnknownAccount),
            (A::SignInFailed, D::LockedUntil { until: at("2026-11-25T01:30:00Z") }),
            (A::AccountLocked, D::AccountLocked { failures: 5, until: at("2026-11-25T01:30:00Z") }),
            (
                A::Restore,
                D::Restored {
                    file: "/b/loket.db".into(),
                    kept: "/d/loket.db.replaced".into(),
                    signed_out: 0,
                    forced: None,
                },
            ),
            (
                A::Restore,
                D::Restored {
                    file: "/b/loket.db".into(),
                    kept: "/d/loket.db.replaced".into(),
                    signed_out: 2,
                    forced: Some(RestoreForced {
                        sessions: vec![(1, "petugas".into()), (3, "rina".into())],
                        reason: "listrik padam: desks gone".into(),
                    }),
                },
            ),
            (A::TakeOverCounter, D::TakeOver { counter: 2, from: vec!["budi".into(), "rina".into()] }),
            (A::Demo, D::Demo { applications: 60, days: 1, first: d("2026-11-25"), last: d("2026-11-25"), seed: 7 }),
            (A::Legacy, D::Legacy { action: "photo_taken".into(), detail: "counter 1".into() }),
            (
                A::OutreachCreate,
                D::OutreachCreate {
                    event: 1,
                    name: "Jemput Bola Desa".into(),
                    place: "Balai Desa".into(),
                    first: d("2026-12-01"),
                    last: d("2026-12-02"),
                },
            ),
            (A::OutreachPack, D::OutreachPack { event: 1, laptop: 2, bookings: 30 }),
            (A::OutreachWalkIn, D::OutreachWalkIn { event: 1, fee: 350_000, billing: "926112500000002".into() }),
            (A::GroupMember, D::GroupMember { group: "UMR-1".into(), event: 1, day: d("2026-12-01") }),
            (
                A::OutreachMerge,
                D::OutreachMerge { event: 1, laptop: 2, sent: 10, applied: 8, duplicate: 1, conflicts: 1 },
            ),
            (
                A::OutreachResolve,
                D::OutreachResolve {
                    conflict: "B1/L2".into(),
                    kind: ConflictKind::NikActive,
                    keep: Keep::Office,
                    note: None,
                },
            ),
            (
                A::OutreachResolve,
                D::OutreachResolve {
                    conflict: "B1/L2".into(),
                    kind: ConflictKind::OfficeChanged,
                    keep: Keep::Laptop,
                    note: Some("sudah dicek".into()),
                },
            ),
            (
                A::StayRegister,
                D::StayRegister {
                    code: "IT2612010001".into(),
                    permit: PermitType::Itas,
                    permit_no: "2C11AB1234".into(),
                    fee: 1_000_000,
                    queue_no: "W-001".into(),
                },
            ),
            (A::StayDocuments, D::StayPermit { code: "IT2612010001".into() }),
            (A::StayApprove, D::StayApproved { code: "IT2612010001".into(), valid_until: d("2027-12-01") }),
            (A::StayRefuse, D::StayRefused { code: "IT2612010001".into(), reason: "sponsor tidak sah".into() }),
        ]
    }

    /// The index of a variant: an exhaustive match, so a new variant without a sample fails to compile here.
    fn variant(d: &AuditDetail) -> usize {
        use AuditDetail as D;
        match d {
            D::CheckIn { .. } => 0,
            D::Photo => 1,
            D::FromCounter(_) => 2,
            D::Counter(_) => 3,
            D::Approved { .. } => 4,
            D::Rejected { .. } => 5,
            D::PassportNo(_) => 6,
            D::Collected { .. } => 7,
            D::Posted { .. } => 8,
            D::Moved { .. } => 9,
            D::NoShow { .. } => 10,
            D::Uncollected { .. } => 11,
            D::Booked { .. } => 12,
            D::WalkIn { .. } => 13,
            D::Payment { .. } => 14,
            D::ImportBookings { .. } => 15,
            D::ImportWatchlist { .. } => 16,
            D::ImportHolidays { .. } => 17,
            D::CloseDay { .. } => 18,
            D::ReopenDay { .. } => 19,
            D::Reinstated { .. } => 20,
            D::RefusedCloseDay { .. } => 21,
            D::RefusedCheckIn(_) => 22,
            D::Setting { .. } => 23,
            D::Officer { .. } => 24,
            D::Password { .. } => 25,
            D::RoleChanged { .. } => 26,
            D::WrongPassword { .. } => 27,
            D::UnknownAccount => 28,
            D::LockedUntil { .. } => 29,
            D::AccountLocked { .. } => 30,
            D::Restored { .. } => 31,
            D::TakeOver { .. } => 32,
            D::Demo { .. } => 33,
            D::Legacy { .. } => 34,
            D::OutreachCreate { .. } => 35,
            D::OutreachPack { .. } => 36,
            D::OutreachWalkIn { .. } => 37,
            D::GroupMember { .. } => 38,
            D::OutreachMerge { .. } => 39,
            D::OutreachResolve { .. } => 40,
            D::StayRegister { .. } => 41,
            D::StayPermit { .. } => 42,
            D::StayApproved { .. } => 43,
            D::StayRefused { .. } => 44,
        }
    }

    #[test]
    fn every_variant_reads_back_from_its_text() {
        let samples = samples();
        let mut seen: Vec<usize> = samples.iter().map(|(_, d)| variant(d)).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen, (0..=44).collect::<Vec<_>>(), "a sample of every variant");
        for (action, detail) in samples {
            let text = detail.to_string();
            assert_eq!(AuditDetail::parse(action, &text), Some(detail), "{action:?}: {text:?}");
        }
    }

    /// Texts as today's store writes them (copied from the writers' `format!`s before they became typed).
    #[test]
    fn real_stored_texts_are_read() {
        let real = [
            (A::CheckIn, "A-004; late arrival admitted: macet di tol"),
            (A::Approve, "ready on 2026-11-30; watchlist CT-9 signed off by sari: beda tanggal lahir"),
            (A::Reject, "lainnya dokumen palsu"),
            (A::Reschedule, "special: 2026-11-25 09:00 -> 2026-11-26 10:00: server mati"),
            (A::CancelNoShow, "day close 2026-11-25: fee Rp350.000 forfeited"),
            (A::CancelUncollected, "not collected since 2026-10-01T03:00:00Z"),
            (A::WalkIn, "priority lansia; Rp650.000 paid at the counter (billing 926112500000001, NTPN 0A1B2C3D4E5F6789)"),
            (A::Payment, "paid at 2026-11-24T02:00:00Z, NTPN 0A1B2C3D4E5F6789"),
            (A::CloseDay, "2026-11-25: 2 no-shows cancelled (Rp700.000 forfeited); 0 uncollected listed, 0 cancelled"),
            (
                A::CloseDay,
                "2026-11-25: 0 no-shows cancelled (Rp0 forfeited); 0 uncollected listed, 0 cancelled; forced past B1, B2: \
                 pulang",
            ),
            (A::ReopenDay, "2026-11-25: salah (closed by sari at 2026-11-25 16:05 +07:00); no-shows back to booked: none"),
            (A::Reinstate, "day 2026-11-25 reopened: no-show cancellation undone"),
            (A::RefusedCloseDay, "2026-11-25: closing a day is a supervisor action; rina is an officer"),
            (
                A::RefusedCheckIn,
                "too late: check-in closed at 08:45 (12 min late); a supervisor override with a reason is needed",
            ),
            (A::Setting, "slot_quota: 20 -> 25"),
            (A::AccountLocked, "5 failed sign-ins; locked until 2026-11-25T01:30:00Z"),
            (A::Demo, "demo: 180 applications over 3 day(s) 2026-11-23..2026-11-25, seed 7"),
            (A::OutreachCreate, "event 1: Jemput Bola at Balai Desa, 2026-12-01 to 2026-12-02"),
            (A::OutreachPack, "event 1: laptop 2, 30 bookings"),
            (A::OutreachWalkIn, "event 1; Rp350.000 paid on the spot (billing 926112500000002)"),
            (A::GroupMember, "group UMR-1, event 1 on 2026-12-01"),
            (A::HandOver, "collected by Pak Harun for group UMR-1"),
            (A::OutreachMerge, "event 1 laptop 2: 10 sent, 8 applied, 1 duplicate, 1 held by conflicts"),
            (A::OutreachResolve, "B1/L2 (nik_active): kept the office version"),
            (A::StayRegister, "stay permit IT2612010001 (itas 2C11AB1234); Rp1.000.000 paid; W-001"),
            (A::StayApprove, "stay permit IT2612010001: valid until 2027-12-01"),
            (A::ImportHolidays, "holidays.csv: 1 added, 0 updated, 15 unchanged, 0 removed"),
            (A::ImportWatchlist, "w.csv: version 2, 14 entries"),
            (A::TakeOverCounter, "counter 2 taken over from budi"),
        ];
        for (action, text) in real {
            let detail = AuditDetail::parse(action, text).unwrap_or_else(|| panic!("{action:?}: {text:?} not read"));
            assert_eq!(detail.to_string(), text);
        }
        let late = AuditDetail::parse(A::RefusedCheckIn, real[13].1).unwrap();
        assert_eq!(late, AuditDetail::RefusedCheckIn(CheckInRefusal::Late { deadline: t("08:45"), seconds_late: 720 }));
    }

    #[test]
    fn unknown_shapes_and_empty_details_are_not_read() {
        assert_eq!(AuditDetail::parse(A::Payment, ""), None);
        assert_eq!(AuditDetail::parse(A::Payment, "paid by cash"), None);
        assert_eq!(AuditDetail::parse(A::Reject, "bogus reason"), None);
        assert_eq!(AuditDetail::parse(A::Interview, "anything"), None);
        // A refusal whose text does not say a supervisor action is kept as it was said.
        let other = AuditDetail::parse(A::RefusedCloseDay, "2026-11-25: the database is busy").unwrap();
        assert_eq!(
            other,
            AuditDetail::RefusedCloseDay {
                date: d("2026-11-25"),
                refusal: CloseRefused::Other("the database is busy".into())
            }
        );
        // Text that reads into a value writing different text is not read (shown as stored).
        assert_eq!(AuditDetail::parse(A::CancelNoShow, "day close 2026-11-25: fee Rp0350.000 forfeited"), None);
    }

    const FREE: &str = "[A-Za-z0-9][A-Za-z0-9 .,/-]{0,20}[A-Za-z0-9]";

    fn day() -> impl Strategy<Value = NaiveDate> {
        (0i64..4000).prop_map(|n| d("2020-01-01") + chrono::Duration::days(n))
    }
    fn minute() -> impl Strategy<Value = NaiveTime> {
        (0u32..24, 0u32..60).prop_map(|(h, m)| NaiveTime::from_hms_opt(h, m, 0).unwrap())
    }

    proptest! {
        #[test]
        fn free_text_details_read_back(
            note in FREE, other in FREE, from in day(), to in day(), a in minute(), b in minute(),
            fee in 0u64..10_000_000_000, n in 0u64..100_000, secs in 0i64..2_000_000_000,
            special in any::<bool>(), early in any::<bool>(), past in proptest::collection::vec("[A-Z0-9]{6,10}", 0..3),
        ) {
            let when = DateTime::from_timestamp(secs, 0).unwrap();
            let cases = [
                (A::Reject, AuditDetail::Rejected { reason: RejectionReason::Other, note: note.clone() }),
                (A::HandOver, AuditDetail::Collected { by: note.clone(), group: special.then(|| other.clone()) }),
                (A::Reschedule, AuditDetail::Moved {
                    from: Slot { date: from, start: a }, to: Slot { date: to, start: b },
                    special: special.then(|| note.clone()),
                }),
                (A::CloseDay, AuditDetail::CloseDay {
                    date: from, no_shows: n, forfeited: fee, uncollected_listed: n / 2, uncollected_cancelled: n / 3,
                    forced: special.then(|| Forced { early, past: past.clone(), reason: note.clone() }),
                }),
                (A::ReopenDay, AuditDetail::ReopenDay {
                    date: from, reason: note.clone(), closed_by: "sari".into(),
                    closed_at: when.with_timezone(&FixedOffset::east_opt(7 * 3600).unwrap())
                        - chrono::Duration::seconds(secs % 60),
                    back: past.clone(),
                }),
                (A::Payment, AuditDetail::Payment { paid_at: when, ntpn: other.clone() }),
                (A::Setting, AuditDetail::Setting { key: "office_name".into(), before: note.clone(), after: other.clone() }),
                (A::StayRefuse, AuditDetail::StayRefused { code: "IT2612010001".into(), reason: note.clone() }),
                (A::OutreachCreate, AuditDetail::OutreachCreate {
                    event: n as i64, name: note.clone(), place: other.replace(" at ", " "), first: from, last: to,
                }),
                (A::OutreachWalkIn, AuditDetail::OutreachWalkIn { event: n as i64, fee, billing: other.clone() }),
            ];
            for (action, detail) in cases {
                let text = detail.to_string();
                prop_assert_eq!(AuditDetail::parse(action, &text), Some(detail), "{:?}: {:?}", action, text);
            }
        }
    }
}

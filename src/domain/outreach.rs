//! Outreach events (*Si Semar Paten*, *Eazy Paspor*): the rules that need no database. Which services an event
//! offers, when and where it runs, the laptop's own queue numbers, and the replay of a laptop's history through
//! the lifecycle before a merge accepts it.

use chrono::{NaiveDate, NaiveTime};

use super::lifecycle::{transition, CancelReason, Event, HandOverKind, Progress, RejectionReason, Status};
use super::queue::ServiceLine;
use super::settings::parse_hhmm;
use super::types::{code_enum, ApplicationType};

code_enum!(
    /// What an outreach event may offer. Lost and damaged passports are never served in the field (they are
    /// examined and need the office head's approval).
    EventService {
        New => "baru",
        Replacement => "penggantian",
        StayPermit => "izin_tinggal",
    }
);

impl EventService {
    /// The event service a passport application needs; `None` for lost/damaged, which no event offers.
    pub fn for_application(app_type: ApplicationType) -> Option<EventService> {
        match app_type {
            ApplicationType::New => Some(EventService::New),
            ApplicationType::Replacement => Some(EventService::Replacement),
            ApplicationType::Lost | ApplicationType::Damaged => None,
        }
    }
}

/// Why something is refused at (or for) an outreach event.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OutreachRefusal {
    #[error("this outreach event does not offer {app_type} applications (it offers {offered}); {}", not_offered_hint(*.app_type))]
    ServiceNotOffered { app_type: ApplicationType, offered: String },
    #[error("this outreach event does not offer stay-permit extensions (it offers {offered})")]
    StayPermitNotOffered { offered: String },
    #[error("the event runs from {first} to {last}; today is {today}")]
    NotEventDay { today: NaiveDate, first: NaiveDate, last: NaiveDate },
    #[error("the event serves from {open} to {close}")]
    OutsideHours { open: String, close: String },
    #[error("the event's quota for {date} ({quota} applicants) is used up")]
    DayQuotaFull { date: NaiveDate, quota: u32 },
    #[error("NIK {nik} already has an active application ({code}); serve that one instead")]
    NikActive { nik: String, code: String },
    #[error("this is not an outreach laptop database; walk-ins at an event are registered on the event's laptop")]
    NotALaptop,
    #[error("unknown service {0:?}; an event offers baru, penggantian and/or izin_tinggal")]
    UnknownService(String),
    #[error("an event needs at least one service")]
    NoServices,
    #[error("{field} must be 1-100 characters")]
    BadText { field: &'static str },
    #[error("the event's last day {last} is before its first day {first}")]
    BadDays { first: NaiveDate, last: NaiveDate },
    #[error("an event lasts at most {MAX_EVENT_DAYS} days")]
    TooLong,
    #[error("hours must be HH:MM-HH:MM with the end after the start, not {0:?}")]
    BadHours(String),
    #[error("the quota per day must be 1 or more")]
    BadQuota,
}

fn not_offered_hint(app_type: ApplicationType) -> &'static str {
    match app_type {
        ApplicationType::Lost | ApplicationType::Damaged => "lost and damaged passports are examined at the office",
        _ => "serve the applicant at the office",
    }
}

/// The longest event we pack a laptop for.
pub const MAX_EVENT_DAYS: i64 = 14;

/// An event as a supervisor describes it, checked by [`EventSpec::check`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventSpec {
    pub name: String,
    pub place: String,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub opening: NaiveTime,
    pub closing: NaiveTime,
    pub services: Vec<EventService>,
    pub quota_per_day: u32,
}

impl EventSpec {
    pub fn check(&self) -> Result<(), OutreachRefusal> {
        for (field, v) in [("the name", &self.name), ("the place", &self.place)] {
            let n = v.trim().chars().count();
            if n == 0 || n > 100 {
                return Err(OutreachRefusal::BadText { field });
            }
        }
        if self.last_day < self.first_day {
            return Err(OutreachRefusal::BadDays { first: self.first_day, last: self.last_day });
        }
        if (self.last_day - self.first_day).num_days() >= MAX_EVENT_DAYS {
            return Err(OutreachRefusal::TooLong);
        }
        if self.closing <= self.opening {
            return Err(OutreachRefusal::BadHours(format!(
                "{}-{}",
                self.opening.format("%H:%M"),
                self.closing.format("%H:%M")
            )));
        }
        if self.services.is_empty() {
            return Err(OutreachRefusal::NoServices);
        }
        if self.quota_per_day == 0 {
            return Err(OutreachRefusal::BadQuota);
        }
        Ok(())
    }

    /// The event's hourly slots (the last one may be shorter).
    pub fn slots(&self) -> Vec<(NaiveTime, NaiveTime)> {
        event_slots(self.opening, self.closing)
    }
}

/// Hourly slots from `open` to `close`; the last one ends at `close`.
pub fn event_slots(open: NaiveTime, close: NaiveTime) -> Vec<(NaiveTime, NaiveTime)> {
    let mut out = Vec::new();
    let mut start = open;
    while start < close {
        let end = (start + chrono::Duration::hours(1)).min(close);
        // Past midnight wraps around: stop there.
        if end <= start {
            break;
        }
        out.push((start, end));
        start = end;
    }
    out
}

/// Parses `09:00-15:00`.
pub fn parse_hours(s: &str) -> Result<(NaiveTime, NaiveTime), OutreachRefusal> {
    let bad = || OutreachRefusal::BadHours(s.to_string());
    let (a, b) = s.trim().split_once('-').ok_or_else(bad)?;
    let (open, close) = (parse_hhmm(a).map_err(|_| bad())?, parse_hhmm(b).map_err(|_| bad())?);
    if close <= open {
        return Err(bad());
    }
    Ok((open, close))
}

/// Parses `baru,penggantian,izin_tinggal` (order kept, duplicates dropped).
pub fn parse_services(s: &str) -> Result<Vec<EventService>, OutreachRefusal> {
    let mut out = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let svc = EventService::parse(part).ok_or_else(|| OutreachRefusal::UnknownService(part.to_string()))?;
        if !out.contains(&svc) {
            out.push(svc);
        }
    }
    if out.is_empty() {
        return Err(OutreachRefusal::NoServices);
    }
    Ok(out)
}

/// The services as stored and shown: `baru,penggantian`.
pub fn services_text(services: &[EventService]) -> String {
    services.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(",")
}

/// Refuses a passport application type the event does not offer.
pub fn check_offered(services: &[EventService], app_type: ApplicationType) -> Result<(), OutreachRefusal> {
    match EventService::for_application(app_type) {
        Some(svc) if services.contains(&svc) => Ok(()),
        _ => Err(OutreachRefusal::ServiceNotOffered { app_type, offered: services_text(services) }),
    }
}

/// A queue ticket handed out on laptop `laptop_no`: the line letter stays first (the call order reads it),
/// then the laptop, so two laptops never hand out the same number: `A-L2-001`.
pub fn laptop_queue_number(line: ServiceLine, laptop_no: u32, n: u32) -> String {
    format!("{}-L{laptop_no}-{n:03}", line.prefix())
}

/// One audit row of a laptop's history, as the replay reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub id: String,
    pub action: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub detail: Option<String>,
}

/// Why a laptop's history for an application does not follow the lifecycle: the file was edited or is broken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplayError {
    #[error("event {id} ({action}) starts from {found}, but the application was {expected}")]
    Gap { id: String, action: String, expected: String, found: String },
    #[error("event {id}: {action} from {from} cannot lead to {to}")]
    Invalid { id: String, action: String, from: String, to: String },
    #[error("event {id}: unknown status {status:?}")]
    UnknownStatus { id: String, status: String },
}

/// The lifecycle event an audit action records (`None`: the action creates the application or changes no
/// status).
pub fn event_for(action: &str, detail: Option<&str>) -> Option<Event> {
    Some(match action {
        "check_in" => Event::CheckIn,
        "call" => Event::Call,
        "put_back" => Event::PutBack,
        "recall" => Event::Recall,
        "transfer" => Event::Transfer,
        "absent" => Event::MarkAbsent,
        "photo" => Event::RecordPhoto,
        "interview" => Event::RecordInterview,
        "approve" => Event::Approve,
        // The reason does not change the move.
        "reject" => Event::Reject(RejectionReason::Other),
        "ready" => Event::MarkReady,
        "hand_over" => Event::HandOver(HandOverKind::Counter),
        "dispatch" => Event::HandOver(HandOverKind::Post),
        "reschedule" if detail.is_some_and(|d| d.starts_with("special:")) => Event::SpecialReschedule,
        "reschedule" => Event::Reschedule,
        "cancel_no_show" => Event::Cancel(CancelReason::NoShow),
        "withdraw" => Event::Cancel(CancelReason::Withdrawn),
        "cancel_uncollected" => Event::Cancel(CancelReason::Uncollected),
        _ => return None,
    })
}

/// Replays a laptop's events for one application through the lifecycle. `start` is the application as the
/// laptop received it (`None`: the laptop created it). Every status change must start where the previous one
/// ended and be a move the lifecycle allows. Returns the final status.
pub fn replay(start: Option<(Status, Progress)>, steps: &[Step]) -> Result<Option<Status>, ReplayError> {
    let mut state = start;
    for s in steps {
        let status =
            |v: &str| Status::parse(v).ok_or_else(|| ReplayError::UnknownStatus { id: s.id.clone(), status: v.into() });
        let to = s.to.as_deref().map(status).transpose()?;
        let from = s.from.as_deref().map(status).transpose()?;
        let Some(to) = to else { continue };
        let shown = |st: Option<(Status, Progress)>| {
            st.map(|(s, _)| s.as_str().to_string()).unwrap_or("not yet created".into())
        };
        match (from, state) {
            // A creation (walk-in registration, group member): only for an application not seen before.
            (None, None) if to == Status::Booked => {
                state = Some((Status::Booked, Progress::default()));
                continue;
            }
            (Some(f), Some((cur, _))) if f == cur => {}
            (found, _) => {
                return Err(ReplayError::Gap {
                    id: s.id.clone(),
                    action: s.action.clone(),
                    expected: shown(state),
                    found: found.map(|f| f.as_str().to_string()).unwrap_or("nothing".into()),
                })
            }
        }
        let (cur, progress) = state.unwrap_or((Status::Booked, Progress::default()));
        let invalid = || ReplayError::Invalid {
            id: s.id.clone(),
            action: s.action.clone(),
            from: cur.as_str().into(),
            to: to.as_str().into(),
        };
        let event = event_for(&s.action, s.detail.as_deref()).ok_or_else(invalid)?;
        let (next, progress) = transition(cur, progress, event).map_err(|_| invalid())?;
        if next != to {
            return Err(invalid());
        }
        state = Some((next, progress));
    }
    Ok(state.map(|(s, _)| s))
}

code_enum!(
    /// What kind of conflict a merge recorded.
    ConflictKind {
        OfficeChanged => "office_changed",
        NikActive => "nik_active",
        QuotaExceeded => "quota_exceeded",
        PassportActive => "passport_active",
    }
);

code_enum!(
    /// Which version a supervisor keeps when resolving a conflict.
    Keep {
        Office => "office",
        Laptop => "laptop",
    }
);

/// A merge's count of the events the laptop sent: each is applied, a duplicate (already merged or already
/// held), or held back by a conflict.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct MergeCounts {
    pub sent: u64,
    pub applied: u64,
    pub duplicate: u64,
    pub conflict: u64,
}

impl MergeCounts {
    pub fn balanced(&self) -> bool {
        self.applied + self.duplicate + self.conflict == self.sent
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> NaiveTime {
        parse_hhmm(s).unwrap()
    }

    fn step(id: &str, action: &str, from: Option<&str>, to: Option<&str>) -> Step {
        Step { id: id.into(), action: action.into(), from: from.map(Into::into), to: to.map(Into::into), detail: None }
    }

    fn spec() -> EventSpec {
        EventSpec {
            name: "Si Semar Paten".into(),
            place: "Gedung DPMPTSP Grobogan".into(),
            first_day: "2026-12-01".parse().unwrap(),
            last_day: "2026-12-02".parse().unwrap(),
            opening: t("09:00"),
            closing: t("15:00"),
            services: vec![EventService::New, EventService::Replacement, EventService::StayPermit],
            quota_per_day: 80,
        }
    }

    #[test]
    fn spec_checks() {
        assert_eq!(spec().check(), Ok(()));
        let s = EventSpec { last_day: "2026-11-30".parse().unwrap(), ..spec() };
        assert!(matches!(s.check(), Err(OutreachRefusal::BadDays { .. })));
        assert_eq!(
            EventSpec { name: " ".into(), ..spec() }.check(),
            Err(OutreachRefusal::BadText { field: "the name" })
        );
        assert_eq!(EventSpec { quota_per_day: 0, ..spec() }.check(), Err(OutreachRefusal::BadQuota));
        assert_eq!(
            EventSpec { last_day: "2026-12-20".parse().unwrap(), ..spec() }.check(),
            Err(OutreachRefusal::TooLong)
        );
        assert_eq!(spec().slots().len(), 6);
        assert_eq!(event_slots(t("09:00"), t("10:30")), vec![(t("09:00"), t("10:00")), (t("10:00"), t("10:30"))]);
    }

    #[test]
    fn hours_and_services_parse() {
        assert_eq!(parse_hours("09:00-15:00"), Ok((t("09:00"), t("15:00"))));
        assert!(parse_hours("15:00-09:00").is_err());
        assert!(parse_hours("9-15").is_err());
        assert_eq!(parse_services("baru, penggantian,baru"), Ok(vec![EventService::New, EventService::Replacement]));
        assert_eq!(parse_services("hilang"), Err(OutreachRefusal::UnknownService("hilang".into())));
        assert_eq!(parse_services(" , "), Err(OutreachRefusal::NoServices));
    }

    #[test]
    fn lost_and_damaged_are_never_offered() {
        let all = EventService::ALL.to_vec();
        assert_eq!(check_offered(&all, ApplicationType::New), Ok(()));
        for app_type in [ApplicationType::Lost, ApplicationType::Damaged] {
            let err = check_offered(&all, app_type).unwrap_err();
            assert!(err.to_string().contains("examined at the office"), "{err}");
        }
        let only_new = [EventService::New];
        assert!(matches!(
            check_offered(&only_new, ApplicationType::Replacement),
            Err(OutreachRefusal::ServiceNotOffered { app_type: ApplicationType::Replacement, .. })
        ));
    }

    #[test]
    fn laptop_numbers_differ_per_laptop_and_keep_the_line_first() {
        assert_eq!(laptop_queue_number(ServiceLine::Regular, 2, 1), "A-L2-001");
        assert_ne!(laptop_queue_number(ServiceLine::Regular, 1, 1), laptop_queue_number(ServiceLine::Regular, 2, 1));
        assert!(laptop_queue_number(ServiceLine::Priority, 1, 7).starts_with('P'));
    }

    #[test]
    fn a_walk_in_history_replays() {
        let steps = vec![
            step("1", "outreach_walk_in", None, Some("booked")),
            step("2", "check_in", Some("booked"), Some("checked_in")),
            step("3", "call", Some("checked_in"), Some("at_counter")),
            step("4", "photo", Some("at_counter"), Some("at_counter")),
            step("5", "interview", Some("at_counter"), Some("at_counter")),
            step("6", "approve", Some("at_counter"), Some("approved")),
            step("7", "payment", None, None),
        ];
        assert_eq!(replay(None, &steps), Ok(Some(Status::Approved)));
    }

    #[test]
    fn an_edited_history_is_refused() {
        // Approve without the photo.
        let steps = vec![
            step("2", "check_in", Some("booked"), Some("checked_in")),
            step("3", "call", Some("checked_in"), Some("at_counter")),
            step("5", "interview", Some("at_counter"), Some("at_counter")),
            step("6", "approve", Some("at_counter"), Some("approved")),
        ];
        let start = Some((Status::Booked, Progress::default()));
        assert!(matches!(replay(start, &steps), Err(ReplayError::Invalid { .. })));
        // A step removed: call is missing.
        let steps = vec![
            step("2", "check_in", Some("booked"), Some("checked_in")),
            step("5", "interview", Some("at_counter"), Some("at_counter")),
        ];
        assert!(matches!(replay(start, &steps), Err(ReplayError::Gap { .. })));
        // Created twice.
        let steps = vec![step("1", "outreach_walk_in", None, Some("booked"))];
        assert!(matches!(replay(start, &steps), Err(ReplayError::Gap { .. })));
    }
}

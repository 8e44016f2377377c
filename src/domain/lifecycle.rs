//! The application lifecycle as an explicit state machine.
//!
//! booked → checked in → at a counter → (interview + photo/biometrics, either order) → approved → ready →
//! handed over | dispatched by post; or rejected at the counter. A booking may be rescheduled while booked and
//! is cancelled as a no-show at day close or when withdrawn. At a counter the applicant may be recalled,
//! transferred to another counter, put back or marked absent (the last two return them to the waiting line).
//! Everything else is refused with a typed error, so the store never has to guess whether a change is allowed.

use super::types::code_enum;
use std::fmt;

code_enum!(
    /// Where an application stands. The codes are stored in `applications.status`.
    Status {
        Booked => "booked",
        CheckedIn => "checked_in",
        AtCounter => "at_counter",
        Approved => "approved",
        Rejected => "rejected",
        Ready => "ready",
        HandedOver => "handed_over",
        Dispatched => "dispatched",
        Cancelled => "cancelled",
    }
);

impl Status {
    /// Finished applications: nothing more can happen to them.
    pub fn is_final(self) -> bool {
        matches!(self, Status::Rejected | Status::HandedOver | Status::Dispatched | Status::Cancelled)
    }

    /// Still holds a place in its slot's quota.
    pub fn is_active_booking(self) -> bool {
        self != Status::Cancelled
    }
}

code_enum!(
    /// Grounds for refusing an application (the fee is not refunded).
    RejectionReason {
        Watchlist => "cegah_tangkal",
        NonProceduralMigrantWorker => "pmi_non_prosedural",
        InvalidData => "data_tidak_sah",
        UnlawfulPurpose => "tujuan_melawan_hukum",
        Other => "lainnya",
    }
);

code_enum!(
    /// Why a booking was cancelled.
    CancelReason {
        NoShow => "tidak_hadir",
        Withdrawn => "dibatalkan",
        // a ready passport not collected within 30 days
        Uncollected => "tidak_diambil",
    }
);

code_enum!(
    /// How a ready passport left the office.
    HandOverKind {
        Counter => "loket",
        Post => "pos",
    }
);

/// Counter progress inside the `at_counter` state: photo/biometrics and interview may come in either order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub photo_taken: bool,
    pub interviewed: bool,
}

/// Something that happens to an application. Data that goes with the event (queue number, passport number…)
/// is validated elsewhere; this type is only about which moves are allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    CheckIn,
    Call,
    /// Back to the waiting line (e.g. the applicant stepped out), keeping the queue number.
    PutBack,
    /// Calls the applicant at the counter again (on the display and by voice); nothing else changes.
    Recall,
    /// Sends the applicant at the counter on to another counter.
    Transfer,
    /// Nobody came to the counter: back to the waiting line, at its end, keeping the queue number.
    MarkAbsent,
    RecordPhoto,
    RecordInterview,
    Approve,
    Reject(RejectionReason),
    MarkReady,
    HandOver(HandOverKind),
    Reschedule,
    /// The office's reschedule (it was at fault): also for an applicant already checked in, who leaves the
    /// day's queue and comes back on the new date.
    SpecialReschedule,
    Cancel(CancelReason),
}

impl Event {
    /// The audit-log action name.
    pub fn action(self) -> &'static str {
        match self {
            Event::CheckIn => "check_in",
            Event::Call => "call",
            Event::PutBack => "put_back",
            Event::Recall => "recall",
            Event::Transfer => "transfer",
            Event::MarkAbsent => "absent",
            Event::RecordPhoto => "photo",
            Event::RecordInterview => "interview",
            Event::Approve => "approve",
            Event::Reject(_) => "reject",
            Event::MarkReady => "ready",
            Event::HandOver(HandOverKind::Counter) => "hand_over",
            Event::HandOver(HandOverKind::Post) => "dispatch",
            // Both kinds are "reschedule" in the audit log; the detail of a special one starts with "special:".
            Event::Reschedule | Event::SpecialReschedule => "reschedule",
            Event::Cancel(CancelReason::NoShow) => "cancel_no_show",
            Event::Cancel(CancelReason::Withdrawn) => "withdraw",
            Event::Cancel(CancelReason::Uncollected) => "cancel_uncollected",
        }
    }
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.action())
    }
}

/// A refused transition, saying what was attempted and why not.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("cannot {event} an application that is {from}")]
    NotAllowed { from: Status, event: Event },
    #[error("photo/biometrics already recorded")]
    PhotoAlreadyTaken,
    #[error("interview already recorded")]
    AlreadyInterviewed,
    #[error("cannot approve before {missing} is recorded")]
    Incomplete { missing: &'static str },
}

/// Applies `event` to an application in `from` with counter `progress`; returns the new status and progress.
pub fn transition(from: Status, progress: Progress, event: Event) -> Result<(Status, Progress), TransitionError> {
    use Event as E;
    use Status as S;
    let refused = Err(TransitionError::NotAllowed { from, event });
    match (from, event) {
        (S::Booked, E::CheckIn) => Ok((S::CheckedIn, Progress::default())),
        (S::Booked, E::Reschedule) => Ok((S::Booked, progress)),
        (S::Booked | S::CheckedIn, E::SpecialReschedule) => Ok((S::Booked, Progress::default())),
        (S::Booked, E::Cancel(CancelReason::NoShow | CancelReason::Withdrawn)) => Ok((S::Cancelled, progress)),
        (S::Ready, E::Cancel(CancelReason::Uncollected)) => Ok((S::Cancelled, progress)),
        (S::CheckedIn, E::Cancel(CancelReason::Withdrawn)) => Ok((S::Cancelled, progress)),
        (S::CheckedIn, E::Call) => Ok((S::AtCounter, progress)),
        (S::AtCounter, E::PutBack) => Ok((S::CheckedIn, progress)),
        (S::AtCounter, E::Recall | E::Transfer) => Ok((S::AtCounter, progress)),
        (S::AtCounter, E::MarkAbsent) => Ok((S::CheckedIn, progress)),
        (S::AtCounter, E::RecordPhoto) if progress.photo_taken => Err(TransitionError::PhotoAlreadyTaken),
        (S::AtCounter, E::RecordPhoto) => Ok((S::AtCounter, Progress { photo_taken: true, ..progress })),
        (S::AtCounter, E::RecordInterview) if progress.interviewed => Err(TransitionError::AlreadyInterviewed),
        (S::AtCounter, E::RecordInterview) => Ok((S::AtCounter, Progress { interviewed: true, ..progress })),
        (S::AtCounter, E::Approve) if !progress.interviewed => {
            Err(TransitionError::Incomplete { missing: "the interview" })
        }
        (S::AtCounter, E::Approve) if !progress.photo_taken => {
            Err(TransitionError::Incomplete { missing: "the photo/biometrics" })
        }
        (S::AtCounter, E::Approve) => Ok((S::Approved, progress)),
        // A refusal may come before the photo (e.g. a watchlist hit found at the interview).
        (S::AtCounter, E::Reject(_)) if !progress.interviewed => {
            Err(TransitionError::Incomplete { missing: "the interview" })
        }
        (S::AtCounter, E::Reject(_)) => Ok((S::Rejected, progress)),
        (S::Approved, E::MarkReady) => Ok((S::Ready, progress)),
        (S::Ready, E::HandOver(HandOverKind::Counter)) => Ok((S::HandedOver, progress)),
        (S::Ready, E::HandOver(HandOverKind::Post)) => Ok((S::Dispatched, progress)),
        _ => refused,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DONE: Progress = Progress { photo_taken: true, interviewed: true };

    fn all_events() -> Vec<Event> {
        let mut v = vec![
            Event::CheckIn,
            Event::Call,
            Event::PutBack,
            Event::Recall,
            Event::Transfer,
            Event::MarkAbsent,
            Event::RecordPhoto,
            Event::RecordInterview,
            Event::Approve,
            Event::MarkReady,
            Event::Reschedule,
            Event::SpecialReschedule,
        ];
        v.extend(RejectionReason::ALL.iter().map(|r| Event::Reject(*r)));
        v.extend(HandOverKind::ALL.iter().map(|k| Event::HandOver(*k)));
        v.extend(CancelReason::ALL.iter().map(|r| Event::Cancel(*r)));
        v
    }

    #[test]
    fn happy_path_counter_then_post() {
        let p = Progress::default();
        let (s, p) = transition(Status::Booked, p, Event::CheckIn).unwrap();
        assert_eq!(s, Status::CheckedIn);
        let (s, p) = transition(s, p, Event::Call).unwrap();
        assert_eq!(s, Status::AtCounter);
        // interview first, then photo: either order works
        let (s, p) = transition(s, p, Event::RecordInterview).unwrap();
        let (s, p) = transition(s, p, Event::RecordPhoto).unwrap();
        let (s, p) = transition(s, p, Event::Approve).unwrap();
        assert_eq!(s, Status::Approved);
        let (s, p) = transition(s, p, Event::MarkReady).unwrap();
        assert_eq!(s, Status::Ready);
        let (s, _) = transition(s, p, Event::HandOver(HandOverKind::Post)).unwrap();
        assert_eq!(s, Status::Dispatched);
    }

    #[test]
    fn photo_then_interview_also_works() {
        let (s, p) = transition(Status::AtCounter, Progress::default(), Event::RecordPhoto).unwrap();
        let (s, p) = transition(s, p, Event::RecordInterview).unwrap();
        assert_eq!(transition(s, p, Event::Approve).unwrap().0, Status::Approved);
    }

    #[test]
    fn approve_needs_both_steps() {
        let only_photo = Progress { photo_taken: true, interviewed: false };
        let only_interview = Progress { photo_taken: false, interviewed: true };
        assert_eq!(
            transition(Status::AtCounter, only_photo, Event::Approve),
            Err(TransitionError::Incomplete { missing: "the interview" })
        );
        assert_eq!(
            transition(Status::AtCounter, only_interview, Event::Approve),
            Err(TransitionError::Incomplete { missing: "the photo/biometrics" })
        );
    }

    #[test]
    fn reject_needs_interview_but_not_photo() {
        let only_interview = Progress { photo_taken: false, interviewed: true };
        let ev = Event::Reject(RejectionReason::Watchlist);
        assert_eq!(transition(Status::AtCounter, only_interview, ev).unwrap().0, Status::Rejected);
        assert!(transition(Status::AtCounter, Progress::default(), ev).is_err());
    }

    #[test]
    fn steps_are_not_recorded_twice() {
        assert_eq!(transition(Status::AtCounter, DONE, Event::RecordPhoto), Err(TransitionError::PhotoAlreadyTaken));
        assert_eq!(
            transition(Status::AtCounter, DONE, Event::RecordInterview),
            Err(TransitionError::AlreadyInterviewed)
        );
    }

    /// The full table: every (status, event) pair is either in the allowed list or refused.
    #[test]
    fn every_transition_allowed_or_refused() {
        use Event as E;
        use Status as S;
        let allowed: Vec<(Status, Event, Status)> = vec![
            (S::Booked, E::CheckIn, S::CheckedIn),
            (S::Booked, E::Reschedule, S::Booked),
            (S::Booked, E::SpecialReschedule, S::Booked),
            (S::CheckedIn, E::SpecialReschedule, S::Booked),
            (S::Booked, E::Cancel(CancelReason::NoShow), S::Cancelled),
            (S::Booked, E::Cancel(CancelReason::Withdrawn), S::Cancelled),
            (S::CheckedIn, E::Call, S::AtCounter),
            (S::CheckedIn, E::Cancel(CancelReason::Withdrawn), S::Cancelled),
            (S::Ready, E::Cancel(CancelReason::Uncollected), S::Cancelled),
            (S::AtCounter, E::PutBack, S::CheckedIn),
            (S::AtCounter, E::Recall, S::AtCounter),
            (S::AtCounter, E::Transfer, S::AtCounter),
            (S::AtCounter, E::MarkAbsent, S::CheckedIn),
            (S::AtCounter, E::Approve, S::Approved),
            (S::AtCounter, E::Reject(RejectionReason::Watchlist), S::Rejected),
            (S::AtCounter, E::Reject(RejectionReason::NonProceduralMigrantWorker), S::Rejected),
            (S::AtCounter, E::Reject(RejectionReason::InvalidData), S::Rejected),
            (S::AtCounter, E::Reject(RejectionReason::UnlawfulPurpose), S::Rejected),
            (S::AtCounter, E::Reject(RejectionReason::Other), S::Rejected),
            (S::Approved, E::MarkReady, S::Ready),
            (S::Ready, E::HandOver(HandOverKind::Counter), S::HandedOver),
            (S::Ready, E::HandOver(HandOverKind::Post), S::Dispatched),
        ];
        // Photo/interview keep the state; checked separately with fresh progress.
        for (s, e) in [(S::AtCounter, E::RecordPhoto), (S::AtCounter, E::RecordInterview)] {
            assert_eq!(transition(s, Progress::default(), e).unwrap().0, S::AtCounter);
        }
        for &from in Status::ALL {
            for event in all_events() {
                let got = transition(from, DONE, event);
                match allowed.iter().find(|(s, e, _)| *s == from && *e == event) {
                    Some((_, _, to)) => assert_eq!(got.map(|r| r.0), Ok(*to), "{from} + {event}"),
                    None if from == S::AtCounter && matches!(event, E::RecordPhoto | E::RecordInterview) => {}
                    None => assert_eq!(
                        got,
                        Err(TransitionError::NotAllowed { from, event }),
                        "{from} + {event} should be refused"
                    ),
                }
            }
        }
    }

    #[test]
    fn desk_moves_keep_counter_progress() {
        let half = Progress { photo_taken: true, interviewed: false };
        for e in [Event::Recall, Event::Transfer, Event::MarkAbsent, Event::PutBack] {
            assert_eq!(transition(Status::AtCounter, half, e).unwrap().1, half, "{e}");
        }
        assert_eq!(Event::Recall.action(), "recall");
        assert_eq!(Event::Transfer.action(), "transfer");
        assert_eq!(Event::MarkAbsent.action(), "absent");
    }

    #[test]
    fn final_states_accept_nothing() {
        for &s in Status::ALL.iter().filter(|s| s.is_final()) {
            for e in all_events() {
                assert!(transition(s, DONE, e).is_err(), "{s} + {e}");
            }
        }
    }

    #[test]
    fn refusal_message_names_state_and_event() {
        let err = transition(Status::Cancelled, DONE, Event::CheckIn).unwrap_err();
        assert_eq!(err.to_string(), "cannot check_in an application that is cancelled");
    }
}

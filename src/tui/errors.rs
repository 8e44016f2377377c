//! Store and rule errors in the officer's language. Structured errors are translated from the table; the few
//! free-text refusals keep their English detail behind a translated lead.

use super::i18n::tr;
use super::theme::status_word;
use crate::domain::checkin::CheckInRefusal;
use crate::domain::close::CloseRefusal;
use crate::domain::lifecycle::TransitionError;
use crate::domain::quota::QuotaRefusal;
use crate::domain::schedule::RescheduleRefusal;
use crate::domain::walkin::{WalkInRefusal, ELDERLY_FROM, INFANT_UNDER, TEN_YEARS_FROM};
use crate::store::{Refusal, StoreError};
use crate::tui::i18n::Lang;

/// Fills `{0}`, `{1}`… in a translated template.
pub fn fill(template: &str, args: &[String]) -> String {
    args.iter().enumerate().fold(template.to_string(), |t, (i, a)| t.replace(&format!("{{{i}}}"), a))
}

pub fn describe(lang: Lang, e: &StoreError) -> String {
    let t = |key| tr(lang, key);
    match e {
        StoreError::NotFound(code) => format!("{}: {code}", t("msg.not_found")),
        StoreError::BadCredentials => t("err.credentials").into(),
        StoreError::NotSupervisor { officer, .. } => fill(t("err.not_supervisor"), std::slice::from_ref(officer)),
        StoreError::Conflict { now } => fill(t("err.conflict"), std::slice::from_ref(now)),
        StoreError::Transition(TransitionError::NotAllowed { from, event }) => {
            fill(t("err.transition"), &[event_word(lang, *event), status_word(lang, *from).to_string()])
        }
        StoreError::Transition(TransitionError::PhotoAlreadyTaken) => t("err.photo_twice").into(),
        StoreError::Transition(TransitionError::AlreadyInterviewed) => t("err.interview_twice").into(),
        StoreError::Transition(TransitionError::Incomplete { missing }) => {
            let step = if missing.contains("photo") { t("step.photo") } else { t("step.interview") };
            fill(t("err.incomplete"), &[step.to_string()])
        }
        StoreError::CheckIn(r) => match r {
            CheckInRefusal::WrongDay { slot_date } => fill(t("err.wrong_day"), &[slot_date.to_string()]),
            CheckInRefusal::BeforeOpening { opens } => {
                fill(t("err.before_opening"), &[opens.format("%H:%M").to_string()])
            }
            CheckInRefusal::Late { deadline, seconds_late } => fill(
                t("err.late"),
                &[
                    deadline.format("%H:%M").to_string(),
                    crate::domain::checkin::minutes_late(*seconds_late).to_string(),
                ],
            ),
            CheckInRefusal::Unpaid => t("err.unpaid").into(),
            CheckInRefusal::MissingOldPassport => t("err.old_passport").into(),
            CheckInRefusal::EmptyOverrideReason => t("err.reason_needed").into(),
        },
        StoreError::Reschedule(r) => match r {
            RescheduleRefusal::TooLate { booked } => fill(t("err.reschedule_late"), &[booked.to_string()]),
            RescheduleRefusal::LimitReached { count, limit } => {
                fill(t("err.reschedule_limit"), &[count.to_string(), limit.to_string()])
            }
            RescheduleRefusal::NotInFuture { today } => fill(t("err.reschedule_past"), &[today.to_string()]),
            RescheduleRefusal::DayOff { date } => fill(t("err.day_off"), &[date.to_string()]),
            RescheduleRefusal::SameSlot => t("err.same_slot").into(),
            RescheduleRefusal::Full { date, start, booked, quota } => {
                fill(t("err.slot_full"), &[format!("{date} {start}"), format!("{booked}/{quota}")])
            }
            RescheduleRefusal::NoReason => t("err.reason_needed").into(),
        },
        StoreError::WalkIn(r) => match r {
            WalkInRefusal::NotElderly { age } => {
                fill(t("err.not_elderly"), &[ELDERLY_FROM.to_string(), age.to_string()])
            }
            WalkInRefusal::NotInfant { age } => fill(t("err.not_infant"), &[INFANT_UNDER.to_string(), age.to_string()]),
            WalkInRefusal::PregnantMale => t("err.pregnant_male").into(),
            WalkInRefusal::TenYearsTooYoung { age } => {
                fill(t("err.ten_years"), &[TEN_YEARS_FROM.to_string(), age.to_string()])
            }
            WalkInRefusal::NoOldPassport { .. } => t("err.old_passport").into(),
            WalkInRefusal::NoName => t("err.no_name").into(),
            other => format!("{}: {other}", t("err.invalid_data")),
        },
        StoreError::Unfinished { date, codes } => fill(t("err.unfinished"), &[date.to_string(), codes.join(", ")]),
        StoreError::DayClosed { date } => fill(t("err.day_closed"), &[date.to_string()]),
        StoreError::CloseInFuture { date, today } => {
            fill(t("err.close_future"), &[date.to_string(), today.to_string()])
        }
        StoreError::Close(CloseRefusal::BeforeClosing { now, closes, .. }) => {
            fill(t("err.before_closing"), &[now.format("%H:%M").to_string(), closes.format("%H:%M").to_string()])
        }
        StoreError::Close(CloseRefusal::NotClosed { date }) => fill(t("err.not_closed"), &[date.to_string()]),
        StoreError::Close(CloseRefusal::NoReopenReason) => t("err.reason_needed").into(),
        StoreError::Quota(QuotaRefusal::Express { date, quota }) => {
            fill(t("err.express_quota"), &[date.to_string(), quota.to_string()])
        }
        StoreError::Quota(QuotaRefusal::Priority { quota, .. }) => fill(t("err.priority_quota"), &[quota.to_string()]),
        StoreError::BadText { field, problem } => format!("{}: {field}: {problem}", t("err.bad_text")),
        StoreError::Outreach(crate::domain::outreach::OutreachRefusal::ServiceNotOffered { app_type, offered }) => {
            fill(t("err.service_not_offered"), &[app_type.to_string(), offered.clone()])
        }
        StoreError::Locked { name, failures, until } => {
            let until = chrono::DateTime::parse_from_rfc3339(until)
                .map(|u| u.format("%Y-%m-%d %H:%M UTC").to_string())
                .unwrap_or_else(|_| until.clone());
            fill(t("err.locked"), &[name.clone(), failures.to_string(), until])
        }
        StoreError::PinnedClock => t("err.pinned_clock").into(),
        StoreError::ChainBroken(why) => fill(t("err.chain_broken"), std::slice::from_ref(why)),
        StoreError::Sql(sql) => match sql.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                fill(t("err.db_busy"), &[crate::store::files::wait_limit().as_secs().to_string()])
            }
            Some(rusqlite::ErrorCode::DiskFull) => t("err.disk_full").into(),
            Some(rusqlite::ErrorCode::SystemIoFailure) => t("err.disk_io").into(),
            Some(rusqlite::ErrorCode::ReadOnly) => t("err.db_readonly").into(),
            _ => format!("{}: {e}", t("err.refused")),
        },
        StoreError::Rule(r) => rule(lang, r),
        other => format!("{}: {other}", t("err.refused")),
    }
}

/// What was attempted, as the verb the desk's keys use ("setujui", "approve"), in lower case.
fn event_word(lang: Lang, event: crate::domain::lifecycle::Event) -> String {
    use crate::domain::lifecycle::{Event as E, HandOverKind};
    let key = match event {
        E::CheckIn => "act.check_in",
        E::Call => "act.call_next",
        E::PutBack => "act.put_back",
        E::Recall => "act.recall",
        E::Transfer => "act.transfer",
        E::MarkAbsent => "act.absent",
        E::RecordPhoto => "act.photo",
        E::RecordInterview => "act.interview",
        E::Approve => "act.approve",
        E::Reject(_) => "act.reject",
        E::MarkReady => "act.mark_ready",
        E::HandOver(HandOverKind::Counter) => "act.hand_over",
        E::HandOver(HandOverKind::Post) => "act.dispatch",
        E::Reschedule => "act.reschedule",
        E::SpecialReschedule => "act.special_reschedule",
        E::Cancel(_) => return super::screens::history::action_word(lang, event.action()),
    };
    let word = tr(lang, key);
    let mut chars = word.chars();
    chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default()
}

/// A typed refusal of the store in the officer's language.
fn rule(lang: Lang, r: &Refusal) -> String {
    use crate::domain::payment::NtpnError;
    let t = |key| tr(lang, key);
    match r {
        Refusal::WatchlistSignOff { references } => fill(t("err.watchlist_sign_off"), &[references.join(", ")]),
        Refusal::NoReason => t("err.reason_needed").into(),
        Refusal::PassportNoTaken { number, booking_code } => {
            fill(t("err.passport_taken"), &[number.clone(), booking_code.clone()])
        }
        Refusal::PassportNo(_) => t("err.passport_no").into(),
        Refusal::Ntpn(NtpnError::Empty) => t("err.ntpn_empty").into(),
        Refusal::Ntpn(NtpnError::Length { found }) => fill(t("err.ntpn_length"), &[found.to_string()]),
        Refusal::Ntpn(NtpnError::Character { found }) => fill(t("err.ntpn_char"), &[found.to_string()]),
        Refusal::AlreadyPaid(code) => fill(t("err.already_paid"), std::slice::from_ref(code)),
        Refusal::NotBooked { booking_code, status } => {
            let word =
                crate::domain::lifecycle::Status::parse(status).map_or(status.as_str(), |s| status_word(lang, s));
            fill(t("err.not_booked"), &[booking_code.clone(), word.to_string()])
        }
        Refusal::CounterInUse { counter, officer, since } => {
            fill(t("err.counter_in_use"), &[counter.to_string(), officer.clone(), since.clone()])
        }
        Refusal::NoCounter(n) => fill(t("err.no_counter"), &[n.to_string()]),
        Refusal::NoteNeeded => t("err.note_needed").into(),
        Refusal::NoCollector => t("err.no_collector").into(),
        Refusal::NoDispatchDetails => t("err.dispatch_details").into(),
        Refusal::NotAtCounter { booking_code } => fill(t("err.not_at_counter"), std::slice::from_ref(booking_code)),
        Refusal::AlreadyAtCounter { booking_code, counter } => {
            fill(t("err.already_at_counter"), &[booking_code.clone(), counter.to_string()])
        }
        Refusal::NoGroup { group, date } | Refusal::NoGroupBooked { group, date } => {
            fill(t("err.no_group_on"), &[group.clone(), date.to_string()])
        }
        Refusal::GroupMember { booking_code, name, why } => {
            format!("{booking_code} ({name}): {}", describe(lang, why))
        }
        Refusal::OfficeClosed { opens, closes } => fill(t("err.office_closed"), &[opens.clone(), closes.clone()]),
        Refusal::PriorityQuotaUsed { quota } => fill(t("err.priority_quota"), &[quota.to_string()]),
        Refusal::ActiveBookingToday { nik, booking_code } => {
            fill(t("err.active_booking"), &[nik.clone(), booking_code.clone()])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_transition_names_the_action_in_words() {
        use crate::domain::lifecycle::{Event, Status};
        let e = StoreError::Transition(TransitionError::NotAllowed { from: Status::Cancelled, event: Event::CheckIn });
        assert!(!describe(Lang::Id, &e).contains("check_in"), "{}", describe(Lang::Id, &e));
        let e = StoreError::Transition(TransitionError::NotAllowed { from: Status::Rejected, event: Event::Approve });
        assert!(describe(Lang::En, &e).starts_with("Cannot approve:"), "{}", describe(Lang::En, &e));
    }

    #[test]
    fn late_refusal_in_both_languages() {
        let e = StoreError::CheckIn(CheckInRefusal::Late {
            deadline: chrono::NaiveTime::from_hms_opt(8, 45, 0).unwrap(),
            seconds_late: 61,
        });
        assert!(describe(Lang::Id, &e).contains("08:45"), "{}", describe(Lang::Id, &e));
        assert!(describe(Lang::Id, &e).contains("Terlambat"));
        assert!(describe(Lang::En, &e).contains("late"));
        assert!(describe(Lang::En, &e).contains("2 min"));
    }
}

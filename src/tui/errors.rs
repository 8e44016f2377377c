//! Store and rule errors in the officer's language: every typed refusal is translated from the table. The few
//! errors that still carry free text (an unusable file, a broken audit chain, a failed hash) keep their English
//! detail behind a translated lead.

use super::i18n::tr;
use super::theme::status_word;
use super::words;
use crate::domain::checkin::CheckInRefusal;
use crate::domain::close::CloseRefusal;
use crate::domain::fees::FeeError;
use crate::domain::lifecycle::TransitionError;
use crate::domain::nik::{NikError, NikMismatch};
use crate::domain::outreach::OutreachRefusal;
use crate::domain::passport::PassportNoError;
use crate::domain::quota::QuotaRefusal;
use crate::domain::schedule::RescheduleRefusal;
use crate::domain::settings::SettingsError;
use crate::domain::staypermit::StayRefusal;
use crate::domain::walkin::{WalkInRefusal, ELDERLY_FROM, INFANT_UNDER, TEN_YEARS_FROM};
use crate::store::{DayOff, FileOp, GroupField, MergeRefusal, Refusal, StoreError};
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
            WalkInRefusal::NoOldPassport { app_type } => {
                fill(t("err.no_old_passport"), &[words::application_type(lang, *app_type).to_string()])
            }
            WalkInRefusal::NoName => t("err.no_name").into(),
            WalkInRefusal::NameTooLong { found } => fill(t("err.name_too_long"), &[found.to_string()]),
            WalkInRefusal::BadName(problem) => format!("{}: {problem}", t("err.bad_text")),
            WalkInRefusal::Nik(e) => nik(lang, e),
            WalkInRefusal::NikMismatch(e) => nik_mismatch(lang, e),
            WalkInRefusal::BadValidity { years } => fill(t("err.bad_validity"), &[years.to_string()]),
            WalkInRefusal::OldPassport(e) => passport_no(lang, e),
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
        StoreError::Outreach(r) => outreach(lang, r),
        StoreError::Merge(r) => merge(lang, r),
        StoreError::Missing(path) => fill(t("err.db_missing"), &[path.display().to_string()]),
        StoreError::Exists(path) => fill(t("err.db_exists"), &[path.display().to_string()]),
        StoreError::TooNew { found, supported } => {
            fill(t("err.db_too_new"), &[found.to_string(), supported.to_string()])
        }
        StoreError::Settings(SettingsError::UnknownKey(key)) => {
            fill(t("err.setting_unknown"), std::slice::from_ref(key))
        }
        StoreError::Settings(SettingsError::BadValue { key, .. }) => {
            fill(t("err.setting_value"), std::slice::from_ref(key))
        }
        StoreError::Locked { name, failures, until, offset } => {
            let until = crate::store::office_time(until, *offset, "%Y-%m-%d %H:%M");
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
        StoreError::File { op, path, error } => {
            let key = match op {
                FileOp::Create => "err.file_create",
                FileOp::Write => "err.file_write",
            };
            fill(t(key), &[path.display().to_string(), io_words(lang, error.kind()).to_string()])
        }
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
        Refusal::NoRestoreReason => t("err.no_restore_reason").into(),
        Refusal::PassportNoTaken { number, booking_code } => {
            fill(t("err.passport_taken"), &[number.clone(), booking_code.clone()])
        }
        Refusal::PassportNo(e) => passport_no(lang, e),
        Refusal::Ntpn(NtpnError::Empty) => t("err.ntpn_empty").into(),
        Refusal::Ntpn(NtpnError::Length { found }) => fill(t("err.ntpn_length"), &[found.to_string()]),
        Refusal::Ntpn(NtpnError::Character { found }) => fill(t("err.ntpn_char"), &[found.to_string()]),
        Refusal::AlreadyPaid(code) => fill(t("err.already_paid"), std::slice::from_ref(code)),
        Refusal::NotBooked { booking_code, status } => {
            let word =
                crate::domain::lifecycle::Status::parse(status).map_or(status.as_str(), |s| status_word(lang, s));
            fill(t("err.not_booked"), &[booking_code.clone(), word.to_string()])
        }
        Refusal::CounterInUse { counter, officer, since, offset } => {
            let since = crate::store::office_time(since, *offset, "%H:%M");
            fill(t("err.counter_in_use"), &[counter.to_string(), officer.clone(), since])
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
        Refusal::NoAccount(name) => fill(t("err.no_account"), std::slice::from_ref(name)),
        Refusal::UnknownRole(role) => fill(t("err.unknown_role"), std::slice::from_ref(role)),
        Refusal::LastSupervisorDisabled(name) => fill(t("err.last_supervisor_disable"), std::slice::from_ref(name)),
        Refusal::LastSupervisorDemoted(name) => fill(t("err.last_supervisor_demote"), std::slice::from_ref(name)),
        Refusal::BadOfficerName(name) => fill(t("err.officer_name"), std::slice::from_ref(name)),
        Refusal::ShortPassword => fill(t("err.short_password"), &[crate::store::MIN_PASSWORD.to_string()]),
        Refusal::OfficerExists(name) => fill(t("err.officer_exists"), std::slice::from_ref(name)),
        Refusal::DisableOwnAccount => t("err.disable_own").into(),
        Refusal::AlreadyRole { name, role } => {
            fill(t("err.already_role"), &[name.clone(), words::role(lang, *role).to_string()])
        }
        Refusal::ReportRange { from, to } => fill(t("err.report_range"), &[from.to_string(), to.to_string()]),
        Refusal::SlotEnds { date, start, existing_end, end } => {
            fill(t("err.slot_ends"), &[date.to_string(), start.clone(), existing_end.clone(), end.clone()])
        }
        Refusal::BadSlotStart(start) => fill(t("err.bad_slot_start"), std::slice::from_ref(start)),
        Refusal::NotASlot { start, template } => fill(t("err.not_a_slot"), &[start.clone(), template.clone()]),
        Refusal::NoSlots(template) => fill(t("err.no_slots"), std::slice::from_ref(template)),
        Refusal::BookingRow { booking_code, column, .. } => {
            fill(t("err.booking_row"), &[booking_code.clone(), column.clone()])
        }
        Refusal::FileChanged { file, .. } => fill(t("err.file_changed"), std::slice::from_ref(file)),
        Refusal::NoWalkInsToday(DayOff { date, holiday: Some(name) }) => {
            fill(t("err.no_walk_ins_holiday"), &[date.to_string(), name.clone()])
        }
        Refusal::NoWalkInsToday(DayOff { date, holiday: None }) => {
            fill(t("err.no_walk_ins_weekend"), &[date.to_string()])
        }
        Refusal::WalkInNumbersUsed(date) => fill(t("err.walk_in_numbers_used"), &[date.to_string()]),
        Refusal::BillingCodesUsed(date) => fill(t("err.billing_codes_used"), &[date.to_string()]),
        Refusal::ActiveBookingOn { name, date, booking_code } => {
            fill(t("err.active_booking_on"), &[name.clone(), date.to_string(), booking_code.clone()])
        }
        Refusal::Fee(e) => fee(lang, e),
        Refusal::Stay(e) => stay(lang, e),
        Refusal::NoNewExpiry => t("err.no_new_expiry").into(),
        Refusal::NoEvent(id) => fill(t("err.no_event"), &[id.to_string()]),
        Refusal::LaptopDatabase => t("err.laptop_database").into(),
        Refusal::LaptopsUsedUp => t("err.laptops_used_up").into(),
        Refusal::NoEventSlotNow => t("err.no_event_slot").into(),
        Refusal::EventHasNoSlots => t("err.event_no_slots").into(),
        Refusal::BadEventTime(time) => fill(t("err.event_time"), std::slice::from_ref(time)),
        Refusal::EventHours(_) => t("err.event_hours").into(),
        Refusal::GroupCodeLength => t("err.group_code_length").into(),
        Refusal::GroupFieldLength(GroupField::Name) => t("err.group_name_length").into(),
        Refusal::GroupFieldLength(GroupField::Leader) => t("err.group_leader_length").into(),
        Refusal::GroupFieldLength(GroupField::Contact) => t("err.group_contact_length").into(),
        Refusal::GroupOfOtherEvent { group, event } => {
            fill(t("err.group_other_event"), &[group.clone(), event.to_string()])
        }
        Refusal::NoGroupCode(group) => fill(t("err.no_group_code"), std::slice::from_ref(group)),
        Refusal::NoGroupCollector => t("err.no_group_collector").into(),
        Refusal::NoneReady(group) => fill(t("err.none_ready"), std::slice::from_ref(group)),
        Refusal::NoConflict(id) => fill(t("err.no_conflict"), std::slice::from_ref(id)),
        Refusal::ConflictResolved { id, .. } => fill(t("err.conflict_resolved"), std::slice::from_ref(id)),
        Refusal::ForeignColumn { table, column } => fill(t("err.foreign_column"), &[table.clone(), column.clone()]),
        Refusal::RestoreItself(path) => fill(t("err.restore_itself"), &[path.display().to_string()]),
        Refusal::SignedIn { sessions } => {
            let who: Vec<String> =
                sessions.iter().map(|(c, o)| format!("{} {c}: {o}", tr(lang, "label.counter"))).collect();
            fill(t("err.signed_in"), &[sessions.len().to_string(), who.join(", ")])
        }
        Refusal::NoNodeId => t("err.no_node_id").into(),
        Refusal::CloseSummaryUnreadable { date, .. } => fill(t("err.close_summary"), &[date.to_string()]),
        Refusal::CloseSummaryUnwritable(_) => t("err.close_record").into(),
        Refusal::DemoEmpty => t("err.demo_empty").into(),
        Refusal::DemoTooLarge => t("err.demo_too_large").into(),
    }
}

/// A refusal at (or for) an outreach event.
fn outreach(lang: Lang, r: &OutreachRefusal) -> String {
    use OutreachRefusal as O;
    let t = |key| tr(lang, key);
    match r {
        O::ServiceNotOffered { app_type, offered } => fill(
            t("err.service_not_offered"),
            &[words::application_type(lang, *app_type).to_string(), services(lang, offered)],
        ),
        O::StayPermitNotOffered { offered } => fill(t("err.stay_not_offered"), &[services(lang, offered)]),
        O::NotEventDay { today, first, last } => {
            fill(t("err.not_event_day"), &[today.to_string(), first.to_string(), last.to_string()])
        }
        O::OutsideHours { open, close } => fill(t("err.outside_hours"), &[open.clone(), close.clone()]),
        O::DayQuotaFull { date, quota } => fill(t("err.event_quota"), &[date.to_string(), quota.to_string()]),
        O::NikActive { nik, code } => fill(t("err.nik_active"), &[nik.clone(), code.clone()]),
        O::NotALaptop => t("err.not_a_laptop").into(),
        O::UnknownService(s) => fill(t("err.unknown_service"), std::slice::from_ref(s)),
        O::NoServices => t("err.no_services").into(),
        O::BadText { .. } => t("err.event_text").into(),
        O::BadDays { first, last } => fill(t("err.event_days"), &[first.to_string(), last.to_string()]),
        O::TooLong => fill(t("err.event_too_long"), &[crate::domain::outreach::MAX_EVENT_DAYS.to_string()]),
        O::BadHours(h) => fill(t("err.event_bad_hours"), std::slice::from_ref(h)),
        O::BadQuota => t("err.event_bad_quota").into(),
    }
}

/// An event's services as stored ("baru,penggantian,izin_tinggal") in words.
fn services(lang: Lang, offered: &str) -> String {
    offered
        .split([',', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| if s == "izin_tinggal" { tr(lang, "service.stay_permit").to_string() } else { words::code(lang, s) })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A laptop's file refused by a merge.
fn merge(lang: Lang, r: &MergeRefusal) -> String {
    use MergeRefusal as M;
    let t = |key| tr(lang, key);
    match r {
        M::NotOutreach { file, .. } => fill(t("err.merge_not_outreach"), std::slice::from_ref(file)),
        M::SchemaVersion { file, found, supported } => {
            fill(t("err.merge_version"), &[file.clone(), found.to_string(), supported.to_string()])
        }
        M::OtherOffice { file, theirs, ours } => {
            fill(t("err.merge_other_office"), &[file.clone(), theirs.clone(), ours.clone()])
        }
        M::UnknownLaptop { file, laptop_no } => {
            fill(t("err.merge_unknown_laptop"), &[file.clone(), laptop_no.to_string()])
        }
        M::EditedChain { file, .. } => fill(t("err.merge_edited_chain"), std::slice::from_ref(file)),
        M::BrokenHistory { file, booking, .. } => fill(t("err.merge_broken_history"), &[file.clone(), booking.clone()]),
    }
}

/// An operating-system file error in a few words.
fn io_words(lang: Lang, kind: std::io::ErrorKind) -> &'static str {
    use std::io::ErrorKind as K;
    tr(
        lang,
        match kind {
            K::PermissionDenied | K::ReadOnlyFilesystem => "err.io_denied",
            K::NotFound => "err.io_missing",
            K::StorageFull | K::QuotaExceeded => "err.io_full",
            _ => "err.io_other",
        },
    )
}

/// A refused NIK, naming the part of the e-KTP number to re-check.
fn nik(lang: Lang, e: &NikError) -> String {
    let t = |key| tr(lang, key);
    match e {
        NikError::Length { found } => fill(t("err.nik_length"), &[found.to_string()]),
        NikError::NotDigits => t("err.nik_digits").into(),
        NikError::UnknownProvince { code }
        | NikError::BadRegency { code }
        | NikError::UnknownRegency { code, .. }
        | NikError::BadDistrict { code } => fill(t("err.nik_region"), std::slice::from_ref(code)),
        NikError::BadBirthDay { .. }
        | NikError::BadBirthMonth { .. }
        | NikError::ImpossibleBirthDate { .. }
        | NikError::BirthInFuture => t("err.nik_birth").into(),
        NikError::BadSerial => t("err.nik_serial").into(),
    }
}

fn nik_mismatch(lang: Lang, e: &NikMismatch) -> String {
    match e {
        NikMismatch::Sex { .. } => tr(lang, "err.nik_sex").into(),
        NikMismatch::BirthDate { nik, stated } => {
            fill(tr(lang, "err.nik_birth_date"), &[nik.to_string(), stated.to_string()])
        }
    }
}

fn passport_no(lang: Lang, e: &PassportNoError) -> String {
    match e {
        PassportNoError::OldFormat { found } => fill(tr(lang, "err.old_passport_no"), std::slice::from_ref(found)),
        _ => tr(lang, "err.passport_no").into(),
    }
}

fn fee(lang: Lang, e: &FeeError) -> String {
    match e {
        FeeError::NoTariff { on, first } => fill(tr(lang, "err.no_tariff"), &[on.to_string(), first.to_string()]),
        FeeError::BadValidity { years } => fill(tr(lang, "err.bad_validity"), &[years.to_string()]),
        FeeError::Mismatch { billed, expected, .. } => {
            let idr = crate::domain::fees::format_idr;
            fill(tr(lang, "err.fee_mismatch"), &[idr(*billed), idr(*expected)])
        }
    }
}

fn stay(lang: Lang, e: &StayRefusal) -> String {
    let t = |key| tr(lang, key);
    match e {
        StayRefusal::NotAllowed { from, .. } => {
            fill(t("err.stay_not_allowed"), &[words::stay_status(lang, *from).to_string()])
        }
        StayRefusal::UnknownNationality(code) => fill(t("err.stay_nationality"), std::slice::from_ref(code)),
        StayRefusal::Citizen => t("err.stay_citizen").into(),
        StayRefusal::BadPassportNo(no) => fill(t("err.stay_passport_no"), std::slice::from_ref(no)),
        StayRefusal::BadPermitNo => t("err.stay_permit_no").into(),
        StayRefusal::BadText { .. } => t("err.stay_text").into(),
        StayRefusal::ExpiryNotLater { current, new } => {
            fill(t("err.stay_expiry"), &[current.to_string(), new.to_string()])
        }
        StayRefusal::NoReason => t("err.reason_needed").into(),
        StayRefusal::NoFee { on, .. } => fill(t("err.stay_no_fee"), &[on.to_string()]),
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

    /// Which variant a refusal is; the match is exhaustive, so a new variant fails to build until it has an
    /// example below (and so a translation).
    fn variant(r: &Refusal) -> usize {
        use Refusal as R;
        match r {
            R::WatchlistSignOff { .. } => 0,
            R::NoReason => 1,
            R::PassportNoTaken { .. } => 2,
            R::PassportNo(_) => 3,
            R::Ntpn(_) => 4,
            R::AlreadyPaid(_) => 5,
            R::CounterInUse { .. } => 6,
            R::NoCounter(_) => 7,
            R::NoteNeeded => 8,
            R::NoCollector => 9,
            R::NoDispatchDetails => 10,
            R::NotBooked { .. } => 11,
            R::NotAtCounter { .. } => 12,
            R::AlreadyAtCounter { .. } => 13,
            R::NoGroup { .. } => 14,
            R::NoGroupBooked { .. } => 15,
            R::GroupMember { .. } => 16,
            R::OfficeClosed { .. } => 17,
            R::PriorityQuotaUsed { .. } => 18,
            R::ActiveBookingToday { .. } => 19,
            R::NoAccount(_) => 20,
            R::UnknownRole(_) => 21,
            R::LastSupervisorDisabled(_) => 22,
            R::LastSupervisorDemoted(_) => 23,
            R::BadOfficerName(_) => 24,
            R::ShortPassword => 25,
            R::OfficerExists(_) => 26,
            R::DisableOwnAccount => 27,
            R::AlreadyRole { .. } => 28,
            R::ReportRange { .. } => 29,
            R::SlotEnds { .. } => 30,
            R::BadSlotStart(_) => 31,
            R::NotASlot { .. } => 32,
            R::NoSlots(_) => 33,
            R::BookingRow { .. } => 34,
            R::FileChanged { .. } => 35,
            R::NoWalkInsToday(_) => 36,
            R::WalkInNumbersUsed(_) => 37,
            R::BillingCodesUsed(_) => 38,
            R::ActiveBookingOn { .. } => 39,
            R::Fee(_) => 40,
            R::Stay(_) => 41,
            R::NoNewExpiry => 42,
            R::NoEvent(_) => 43,
            R::LaptopDatabase => 44,
            R::LaptopsUsedUp => 45,
            R::NoEventSlotNow => 46,
            R::EventHasNoSlots => 47,
            R::BadEventTime(_) => 48,
            R::EventHours(_) => 49,
            R::GroupCodeLength => 50,
            R::GroupFieldLength(_) => 51,
            R::GroupOfOtherEvent { .. } => 52,
            R::NoGroupCode(_) => 53,
            R::NoGroupCollector => 54,
            R::NoneReady(_) => 55,
            R::NoConflict(_) => 56,
            R::ConflictResolved { .. } => 57,
            R::ForeignColumn { .. } => 58,
            R::RestoreItself(_) => 59,
            R::SignedIn { .. } => 60,
            R::NoNodeId => 61,
            R::CloseSummaryUnreadable { .. } => 62,
            R::CloseSummaryUnwritable(_) => 63,
            R::DemoEmpty => 64,
            R::DemoTooLarge => 65,
            R::NoRestoreReason => 66,
        }
    }
    const VARIANTS: usize = 67;

    /// One example of every refusal (and of every variant of the domain errors a refusal carries). Data are
    /// codes, numbers and Indonesian names, so any English word in the Indonesian text is a leak.
    fn examples() -> Vec<Refusal> {
        use crate::domain::fees::FeeError as F;
        use crate::domain::passport::PassportNoError as P;
        use crate::domain::payment::NtpnError as N;
        use crate::domain::staypermit::{PermitType, StayEvent, StayStatus};
        use crate::domain::types::{ApplicationType, PassportKind, Role, Service};
        use Refusal as R;
        let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
        let code = || "MP0001".to_string();
        let mut v = vec![
            R::WatchlistSignOff { references: vec!["DPO-7".into()] },
            R::NoReason,
            R::PassportNoTaken { number: "C1234567".into(), booking_code: code() },
            R::PassportNo(P::Empty),
            R::PassportNo(P::Length { found: 3 }),
            R::PassportNo(P::NoLetter { found: '1' }),
            R::PassportNo(P::NotDigits { found: "C12X".into() }),
            R::PassportNo(P::OldFormat { found: "1X".into() }),
            R::Ntpn(N::Empty),
            R::Ntpn(N::Length { found: 3 }),
            R::Ntpn(N::Character { found: '-' }),
            R::AlreadyPaid(code()),
            R::CounterInUse {
                counter: 3,
                officer: "rina".into(),
                since: "2026-11-25T01:01:00Z".into(),
                offset: chrono::FixedOffset::east_opt(7 * 3600).unwrap(),
            },
            R::NoCounter(9),
            R::NoteNeeded,
            R::NoCollector,
            R::NoDispatchDetails,
            R::NotBooked { booking_code: code(), status: "checked_in".into() },
            R::NotAtCounter { booking_code: code() },
            R::AlreadyAtCounter { booking_code: code(), counter: 2 },
            R::NoGroup { group: "GRP1".into(), date: d("2026-11-25") },
            R::NoGroupBooked { group: "GRP1".into(), date: d("2026-11-25") },
            R::GroupMember {
                booking_code: code(),
                name: "Siti".into(),
                why: Box::new(StoreError::Rule(R::NoCollector)),
            },
            R::OfficeClosed { opens: "08:00".into(), closes: "15:00".into() },
            R::PriorityQuotaUsed { quota: 20 },
            R::ActiveBookingToday { nik: "3471140209790001".into(), booking_code: code() },
            R::NoAccount("rina".into()),
            R::UnknownRole("x9".into()),
            R::LastSupervisorDisabled("rina".into()),
            R::LastSupervisorDemoted("rina".into()),
            R::BadOfficerName("a b".into()),
            R::ShortPassword,
            R::OfficerExists("rina".into()),
            R::DisableOwnAccount,
            R::AlreadyRole { name: "rina".into(), role: Role::Officer },
            R::ReportRange { from: d("2026-11-25"), to: d("2026-11-20") },
            R::SlotEnds {
                date: d("2026-11-25"),
                start: "09:00".into(),
                existing_end: "10:00".into(),
                end: "09:30".into(),
            },
            R::BadSlotStart("9h".into()),
            R::NotASlot { start: "10:30".into(), template: "08:00-15:00/60".into() },
            R::NoSlots("08:00-08:00/60".into()),
            R::BookingRow { booking_code: code(), column: "nik".into(), why: "the NIK is wrong".into() },
            R::FileChanged { file: "m.csv".into(), line: Some(4) },
            R::NoWalkInsToday(DayOff { date: d("2026-11-25"), holiday: Some("Hari Guru".into()) }),
            R::NoWalkInsToday(DayOff { date: d("2026-11-28"), holiday: None }),
            R::WalkInNumbersUsed(d("2026-11-25")),
            R::BillingCodesUsed(d("2026-11-25")),
            R::ActiveBookingOn { name: "Siti".into(), date: d("2026-11-26"), booking_code: code() },
            R::Fee(F::NoTariff { on: d("2020-01-01"), first: d("2024-12-17") }),
            R::Fee(F::BadValidity { years: 7 }),
            R::Fee(F::Mismatch {
                billed: 1,
                expected: 2,
                force_majeure: None,
                on: d("2026-11-25"),
                kind: PassportKind::Electronic,
                validity_years: 10,
                service: Service::Regular,
                app_type: ApplicationType::New,
            }),
            R::NoNewExpiry,
            R::NoEvent(4),
            R::LaptopDatabase,
            R::LaptopsUsedUp,
            R::NoEventSlotNow,
            R::EventHasNoSlots,
            R::BadEventTime("9h".into()),
            R::EventHours("x".into()),
            R::GroupCodeLength,
            R::GroupFieldLength(GroupField::Name),
            R::GroupFieldLength(GroupField::Leader),
            R::GroupFieldLength(GroupField::Contact),
            R::GroupOfOtherEvent { group: "GRP1".into(), event: 2 },
            R::NoGroupCode("GRP1".into()),
            R::NoGroupCollector,
            R::NoneReady("GRP1".into()),
            R::NoConflict("c7".into()),
            R::ConflictResolved { id: "c7".into(), resolution: crate::domain::outreach::Keep::Office },
            R::ForeignColumn { table: "applications".into(), column: "x".into() },
            R::RestoreItself("/srv/loket.db".into()),
            R::SignedIn { sessions: vec![(3, "rina".into())] },
            R::NoNodeId,
            R::CloseSummaryUnreadable { date: d("2026-11-25"), why: "expected value".into() },
            R::CloseSummaryUnwritable("out of memory".into()),
            R::DemoEmpty,
            R::DemoTooLarge,
            R::NoRestoreReason,
        ];
        let stay = [
            StayRefusal::NotAllowed { from: StayStatus::DocumentsChecked, event: StayEvent::Approve },
            StayRefusal::UnknownNationality("XX".into()),
            StayRefusal::Citizen,
            StayRefusal::BadPassportNo("1".into()),
            StayRefusal::BadPermitNo,
            StayRefusal::BadText { field: "sponsor" },
            StayRefusal::ExpiryNotLater { current: d("2026-12-01"), new: d("2026-11-01") },
            StayRefusal::NoReason,
            StayRefusal::NoFee { permit: PermitType::ALL[0], on: d("2026-11-25") },
        ];
        v.extend(stay.into_iter().map(R::Stay));
        v
    }

    /// English function words that never belong in the Indonesian interface.
    const ENGLISH: &[&str] =
        &["the", "not", "and", "cannot", "must", "already", "has", "with", "for", "needs", "found", "refused", "is"];

    #[test]
    fn every_refusal_has_a_translation_in_both_languages() {
        let all = examples();
        let mut seen = [false; VARIANTS];
        all.iter().for_each(|r| seen[variant(r)] = true);
        let missing: Vec<usize> = (0..VARIANTS).filter(|i| !seen[*i]).collect();
        assert!(missing.is_empty(), "variants without an example: {missing:?}");
        for r in all {
            let english = r.to_string();
            let e = StoreError::Rule(r);
            let (id, en) = (describe(Lang::Id, &e), describe(Lang::En, &e));
            for text in [&id, &en] {
                assert!(!text.is_empty() && !text.contains("err.") && !text.contains("{0}"), "{e:?}: {text:?}");
                assert!(!text.starts_with(tr(Lang::Id, "err.refused")), "{e:?}: fallback {text:?}");
            }
            assert_ne!(id, english, "{e:?}: the Indonesian text is the English message");
            assert_ne!(id, en, "{e:?}: the same text in both languages");
            let words: Vec<String> =
                id.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
            for w in &words {
                assert!(!ENGLISH.contains(&w.as_str()), "{e:?}: English {w:?} in {id:?}");
            }
        }
    }

    #[test]
    fn nested_domain_refusals_are_translated_too() {
        use crate::domain::nik::{NikError as K, NikMismatch as M, Sex};
        let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
        let niks = [
            WalkInRefusal::Nik(K::Length { found: 4 }),
            WalkInRefusal::Nik(K::NotDigits),
            WalkInRefusal::Nik(K::UnknownProvince { code: "99".into() }),
            WalkInRefusal::Nik(K::BadRegency { code: "00".into() }),
            WalkInRefusal::Nik(K::UnknownRegency { code: "88".into(), province: "DI Yogyakarta" }),
            WalkInRefusal::Nik(K::BadDistrict { code: "00".into() }),
            WalkInRefusal::Nik(K::BadBirthDay { day: 35 }),
            WalkInRefusal::Nik(K::BadBirthMonth { month: 13 }),
            WalkInRefusal::Nik(K::ImpossibleBirthDate { digits: "310299".into() }),
            WalkInRefusal::Nik(K::BirthInFuture),
            WalkInRefusal::Nik(K::BadSerial),
            WalkInRefusal::NikMismatch(M::Sex { nik: Sex::Female, stated: Sex::Male, day: 42 }),
            WalkInRefusal::NikMismatch(M::BirthDate { nik: d("1990-01-02"), stated: d("1990-02-01") }),
            WalkInRefusal::NameTooLong { found: 120 },
            WalkInRefusal::BadValidity { years: 7 },
            WalkInRefusal::OldPassport(crate::domain::passport::PassportNoError::OldFormat { found: "1".into() }),
            WalkInRefusal::NoOldPassport { app_type: crate::domain::types::ApplicationType::Lost },
        ];
        for r in niks {
            let english = r.to_string();
            let e = StoreError::WalkIn(r);
            let (id, en) = (describe(Lang::Id, &e), describe(Lang::En, &e));
            assert_ne!(id, english, "{e:?}");
            assert_ne!(id, en, "{e:?}");
            assert!(!id.starts_with(tr(Lang::Id, "err.invalid_data")), "{e:?}: {id}");
            for w in id.split(|c: char| !c.is_alphabetic()).map(str::to_lowercase) {
                assert!(!ENGLISH.contains(&w.as_str()), "{e:?}: English {w:?} in {id:?}");
            }
        }
        let lost =
            StoreError::WalkIn(WalkInRefusal::NoOldPassport { app_type: crate::domain::types::ApplicationType::Lost });
        assert_eq!(describe(Lang::En, &lost), "A lost application needs the old passport's number");
    }

    /// Outreach, merge, database and setting refusals are translated too (the laptop desk meets them).
    #[test]
    fn outreach_merge_and_database_refusals_in_both_languages() {
        use crate::domain::outreach::OutreachRefusal as O;
        use crate::store::MergeRefusal as M;
        let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
        let file = || "laptop-01.db".to_string();
        let all: Vec<StoreError> = vec![
            O::ServiceNotOffered {
                app_type: crate::domain::types::ApplicationType::Lost,
                offered: "baru,penggantian".into(),
            }
            .into(),
            O::StayPermitNotOffered { offered: "baru".into() }.into(),
            O::NotEventDay { today: d("2026-12-03"), first: d("2026-12-01"), last: d("2026-12-02") }.into(),
            O::OutsideHours { open: "08:00".into(), close: "12:00".into() }.into(),
            O::DayQuotaFull { date: d("2026-12-01"), quota: 50 }.into(),
            O::NikActive { nik: "3471140209790001".into(), code: "MP0001".into() }.into(),
            O::NotALaptop.into(),
            O::UnknownService("xyz".into()).into(),
            O::NoServices.into(),
            O::BadText { field: "place" }.into(),
            O::BadDays { first: d("2026-12-02"), last: d("2026-12-01") }.into(),
            O::TooLong.into(),
            O::BadHours("8-12".into()).into(),
            O::BadQuota.into(),
            M::NotOutreach { file: file(), why: "no outreach_node row".into() }.into(),
            M::SchemaVersion { file: file(), found: 9, supported: 8 }.into(),
            M::OtherOffice { file: file(), theirs: "a1".into(), ours: "b2".into() }.into(),
            M::UnknownLaptop { file: file(), laptop_no: 3 }.into(),
            M::EditedChain { file: file(), why: "row 4 hash differs".into() }.into(),
            M::BrokenHistory { file: file(), booking: "WL0126120100001".into(), why: "gap".into() }.into(),
            StoreError::Missing("/srv/loket.db".into()),
            StoreError::Exists("/srv/loket.db".into()),
            StoreError::TooNew { found: 12, supported: 11 },
            SettingsError::UnknownKey("x9".into()).into(),
            SettingsError::BadValue { key: "slot_quota".into(), why: "must be a number".into() }.into(),
        ];
        for e in all {
            let (id, en) = (describe(Lang::Id, &e), describe(Lang::En, &e));
            assert!(!id.starts_with(tr(Lang::Id, "err.refused")), "{e:?}: fallback {id:?}");
            assert_ne!(id, e.to_string(), "{e:?}");
            assert_ne!(id, en, "{e:?}");
            for w in id.split(|c: char| !c.is_alphabetic()).map(str::to_lowercase) {
                assert!(!ENGLISH.contains(&w.as_str()), "{e:?}: English {w:?} in {id:?}");
            }
        }
        let lost = O::ServiceNotOffered {
            app_type: crate::domain::types::ApplicationType::Lost,
            offered: "baru,penggantian".into(),
        };
        assert!(describe(Lang::En, &lost.into()).contains("does not offer lost applications (only new, replacement)"));
    }

    /// Instants the store keeps in UTC are said in office time, on the desk and on the command line.
    #[test]
    fn times_in_refusals_are_office_time() {
        let wib = chrono::FixedOffset::east_opt(7 * 3600).unwrap();
        let busy = StoreError::Rule(Refusal::CounterInUse {
            counter: 3,
            officer: "rina".into(),
            since: "2026-11-25T01:01:00Z".into(),
            offset: wib,
        });
        let locked =
            StoreError::Locked { name: "rina".into(), failures: 5, until: "2026-11-25T01:30:00Z".into(), offset: wib };
        for e in [&busy, &locked] {
            for text in [describe(Lang::Id, e), describe(Lang::En, e), e.to_string()] {
                assert!(!text.contains("01:") && !text.contains('Z') && !text.contains("UTC"), "{text}");
            }
        }
        assert!(describe(Lang::Id, &busy).contains("sejak 08:01"), "{}", describe(Lang::Id, &busy));
        assert!(describe(Lang::Id, &locked).contains("2026-11-25 08:30"), "{}", describe(Lang::Id, &locked));
        assert!(locked.to_string().contains("until 2026-11-25 08:30 (office time)"), "{locked}");
    }

    #[test]
    fn a_file_error_names_the_file_and_the_cause_in_words() {
        let e = StoreError::File {
            op: crate::store::FileOp::Write,
            path: "/srv/laptop.db".into(),
            error: std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        };
        assert_eq!(describe(Lang::Id, &e), "Tidak bisa menulis /srv/laptop.db: izin ditolak");
        assert_eq!(describe(Lang::En, &e), "Cannot write /srv/laptop.db: permission denied");
        assert!(e.to_string().starts_with("cannot write /srv/laptop.db: "), "{e}");
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

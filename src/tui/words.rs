//! The domain's codes as words in the officer's language: application types, purposes, passport kinds,
//! services, priority and rejection reasons, service lines, roles and audit actions. The database keeps the
//! codes (`baru`, `kunjungan_keluarga`, `take_over_counter`); the desk never shows one.

use super::i18n::tr;
use crate::cli::Lang;
use crate::domain::audit::AuditAction;
use crate::domain::audit_detail::{AuditDetail, CloseRefused};
use crate::domain::lifecycle::RejectionReason;
use crate::domain::queue::ServiceLine;
use crate::domain::staypermit::StayStatus;
use crate::domain::types::{ApplicationType, PassportKind, PriorityReason, Purpose, Role, Service};
use crate::store::StoreError;

pub fn application_type(lang: Lang, t: ApplicationType) -> &'static str {
    tr(
        lang,
        match t {
            ApplicationType::New => "type.new",
            ApplicationType::Replacement => "type.replacement",
            ApplicationType::Lost => "type.lost",
            ApplicationType::Damaged => "type.damaged",
        },
    )
}

pub fn purpose(lang: Lang, p: Purpose) -> &'static str {
    tr(
        lang,
        match p {
            Purpose::Tourism => "purpose.tourism",
            Purpose::Umrah => "purpose.umrah",
            Purpose::Hajj => "purpose.hajj",
            Purpose::Study => "purpose.study",
            Purpose::Work => "purpose.work",
            Purpose::FamilyVisit => "purpose.family_visit",
            Purpose::Other => "purpose.other",
        },
    )
}

pub fn passport_kind(lang: Lang, k: PassportKind) -> &'static str {
    tr(
        lang,
        match k {
            PassportKind::Electronic => "kind.electronic",
            PassportKind::Ordinary => "kind.ordinary",
        },
    )
}

pub fn service(lang: Lang, s: Service) -> &'static str {
    tr(
        lang,
        match s {
            Service::Regular => "service.regular",
            Service::Express => "service.express",
        },
    )
}

pub fn priority_reason(lang: Lang, p: PriorityReason) -> &'static str {
    tr(
        lang,
        match p {
            PriorityReason::Elderly => "prio.elderly",
            PriorityReason::Disability => "prio.disability",
            PriorityReason::Pregnant => "prio.pregnant",
            PriorityReason::Infant => "prio.infant",
        },
    )
}

pub fn rejection_reason(lang: Lang, r: RejectionReason) -> &'static str {
    tr(
        lang,
        match r {
            RejectionReason::Watchlist => "reason.cegah_tangkal",
            RejectionReason::NonProceduralMigrantWorker => "reason.pmi_non_prosedural",
            RejectionReason::InvalidData => "reason.data_tidak_sah",
            RejectionReason::UnlawfulPurpose => "reason.tujuan_melawan_hukum",
            RejectionReason::Other => "reason.lainnya",
        },
    )
}

pub fn service_line(lang: Lang, l: ServiceLine) -> &'static str {
    tr(
        lang,
        match l {
            ServiceLine::Regular => "line.regular",
            ServiceLine::Express => "line.express",
            ServiceLine::Priority => "line.priority",
        },
    )
}

pub fn role(lang: Lang, r: Role) -> &'static str {
    tr(
        lang,
        match r {
            Role::Officer => "role.officer",
            Role::Supervisor => "role.supervisor",
        },
    )
}

pub fn stay_status(lang: Lang, s: StayStatus) -> &'static str {
    tr(
        lang,
        match s {
            StayStatus::Registered => "stay.registered",
            StayStatus::DocumentsChecked => "stay.documents_checked",
            StayStatus::Biometrics => "stay.biometrics",
            StayStatus::Approved => "stay.approved",
            StayStatus::Refused => "stay.refused",
            StayStatus::HandedOver => "stay.handed_over",
        },
    )
}

/// A stored code of one of the closed sets above as a word (a report's rows carry codes as text); an unknown
/// code as stored.
pub fn code(lang: Lang, code: &str) -> String {
    if let Some(t) = ApplicationType::parse(code) {
        return application_type(lang, t).into();
    }
    if let Some(p) = Purpose::parse(code) {
        return purpose(lang, p).into();
    }
    if let Some(k) = PassportKind::parse(code) {
        return passport_kind(lang, k).into();
    }
    if let Some(s) = Service::parse(code) {
        return service(lang, s).into();
    }
    if let Some(l) = ServiceLine::parse(code) {
        return service_line(lang, l).into();
    }
    if let Some(p) = PriorityReason::parse(code) {
        return priority_reason(lang, p).into();
    }
    if let Some(r) = RejectionReason::parse(code) {
        return rejection_reason(lang, r).into();
    }
    code.to_string()
}

/// A sex code of the forms ("L" laki-laki, "P" perempuan) as a word; any other code as stored.
pub fn sex_code(lang: Lang, code: &str) -> String {
    match code {
        "L" => tr(lang, "label.male").into(),
        "P" => tr(lang, "label.female").into(),
        other => other.to_string(),
    }
}

/// A stored rejection reason code as a word; an unknown code as stored.
pub fn rejection_code(lang: Lang, code: &str) -> String {
    RejectionReason::parse(code).map_or_else(|| code.to_string(), |r| rejection_reason(lang, r).into())
}

/// An audit action as a word ("check-in", "panggil", "akun terkunci").
pub fn audit_action(lang: Lang, a: AuditAction) -> &'static str {
    use AuditAction as A;
    tr(
        lang,
        match a {
            A::CheckIn => "audit.check_in",
            A::Call => "audit.call",
            A::PutBack => "audit.put_back",
            A::Recall => "audit.recall",
            A::Transfer => "audit.transfer",
            A::Absent => "audit.absent",
            A::Photo => "audit.photo",
            A::Interview => "audit.interview",
            A::Approve => "audit.approve",
            A::Reject => "audit.reject",
            A::Ready => "audit.ready",
            A::HandOver => "audit.hand_over",
            A::Dispatch => "audit.dispatch",
            A::Reschedule => "audit.reschedule",
            A::CancelNoShow => "audit.cancel_no_show",
            A::Withdraw => "audit.withdraw",
            A::CancelUncollected => "audit.cancel_uncollected",
            A::Book => "audit.book",
            A::WalkIn => "audit.walk_in",
            A::Payment => "audit.payment",
            A::ImportBookings => "audit.import_bookings",
            A::ImportWatchlist => "audit.import_watchlist",
            A::ImportHolidays => "audit.import_holidays",
            A::CloseDay => "audit.close_day",
            A::ReopenDay => "audit.reopen_day",
            A::Setting => "audit.setting",
            A::AddOfficer => "audit.add_officer",
            A::DisableOfficer => "audit.disable_officer",
            A::SetPassword => "audit.set_password",
            A::SetRole => "audit.set_role",
            A::SignInFailed => "audit.sign_in_failed",
            A::AccountLocked => "audit.account_locked",
            A::Restore => "audit.restore",
            A::RefusedCloseDay => "audit.refused_close_day",
            A::RefusedCheckIn => "audit.refused_check_in",
            A::Reinstate => "audit.reinstate",
            A::TakeOverCounter => "audit.take_over_counter",
            A::Demo => "audit.demo",
            A::Legacy => "audit.legacy",
            A::OutreachCreate => "audit.outreach_create",
            A::OutreachPack => "audit.outreach_pack",
            A::OutreachWalkIn => "audit.outreach_walk_in",
            A::GroupMember => "audit.group_member",
            A::OutreachMerge => "audit.outreach_merge",
            A::OutreachResolve => "audit.outreach_resolve",
            A::StayRegister => "audit.stay_register",
            A::StayDocuments => "audit.stay_documents",
            A::StayBiometrics => "audit.stay_biometrics",
            A::StayApprove => "audit.stay_approve",
            A::StayRefuse => "audit.stay_refuse",
            A::StayHandOver => "audit.stay_hand_over",
        },
    )
}

/// An audit row's detail in the desk's language: the store's text read back as an [`AuditDetail`] and said in
/// words (codes as words, instants in office time, what people typed as typed). A text this binary does not
/// write (a row of an older binary) is shown as stored, its instants in office time.
pub fn audit_detail(lang: Lang, offset: chrono::FixedOffset, action: &str, text: &str) -> String {
    match AuditAction::parse(action).and_then(|a| AuditDetail::parse(a, text)) {
        Some(detail) => detail_words(lang, offset, &detail),
        None => office_stamps(text, offset),
    }
}

/// An [`AuditDetail`] in the desk's language.
pub fn detail_words(lang: Lang, offset: chrono::FixedOffset, detail: &AuditDetail) -> String {
    use crate::domain::fees::format_idr as idr;
    use AuditDetail as D;
    let fill = super::errors::fill;
    let t = |key| tr(lang, key);
    let at = |i: &chrono::DateTime<chrono::Utc>| i.with_timezone(&offset).format("%Y-%m-%d %H:%M").to_string();
    let list = |codes: &[String]| if codes.is_empty() { t("hist.none").to_string() } else { codes.join(", ") };
    let s = |x: &dyn ToString| x.to_string();
    match detail {
        D::CheckIn { queue_no, late_admitted: None } => queue_no.clone(),
        D::CheckIn { queue_no, late_admitted: Some(r) } => {
            format!("{queue_no}; {}", fill(t("hist.late_admitted"), std::slice::from_ref(r)))
        }
        D::Photo => t("hist.photo").into(),
        D::FromCounter(c) => fill(t("hist.from_counter"), &[s(c)]),
        D::Counter(c) => format!("{} {c}", t("label.counter")),
        D::Approved { ready, sign_off } => {
            let mut out = fill(t("hist.ready_on"), &[s(ready)]);
            if let Some(so) = sign_off {
                let signed =
                    fill(t("hist.watchlist_signed"), &[so.references.join(", "), so.by.clone(), so.reason.clone()]);
                out = format!("{out}; {signed}");
            }
            out
        }
        D::Rejected { reason, note } if note.trim().is_empty() => rejection_reason(lang, *reason).into(),
        D::Rejected { reason, note } => format!("{}: {}", rejection_reason(lang, *reason), note.trim()),
        D::PassportNo(n) => n.clone(),
        D::Collected { by, group: None } => fill(t("hist.collected_by"), std::slice::from_ref(by)),
        D::Collected { by, group: Some(g) } => fill(t("hist.collected_for_group"), &[by.clone(), g.clone()]),
        D::Posted { tracking } => fill(t("hist.posted"), std::slice::from_ref(tracking)),
        D::Moved { from, to, special: None } => format!("{from} → {to}"),
        D::Moved { from, to, special: Some(r) } => {
            fill(t("hist.special_reschedule"), &[format!("{from} → {to}"), r.clone()])
        }
        D::NoShow { date, forfeited: Some(fee) } => fill(t("hist.no_show_forfeited"), &[s(date), idr(*fee)]),
        D::NoShow { date, forfeited: None } => fill(t("hist.no_show_unpaid"), &[s(date)]),
        D::Uncollected { since } => {
            fill(t("hist.uncollected_since"), &[since.as_ref().map_or_else(|| "?".to_string(), at)])
        }
        D::Booked { source } if source == "manifest" => t("hist.manifest").into(),
        D::Booked { source } => fill(t("hist.book_source"), std::slice::from_ref(source)),
        D::WalkIn { reason, fee, billing, ntpn } => fill(
            t("hist.walk_in"),
            &[
                priority_reason(lang, *reason).into(),
                idr(*fee),
                fill(t("hist.billing_ntpn"), &[billing.clone(), ntpn.clone()]),
            ],
        ),
        D::Payment { paid_at, ntpn } => format!("{}, NTPN {ntpn}", fill(t("hist.paid_at"), &[at(paid_at)])),
        D::ImportBookings { label, new, unchanged, refused } => {
            fill(t("hist.import_bookings"), &[label.clone(), s(new), s(unchanged), s(refused)])
        }
        D::ImportWatchlist { source, version, entries } => {
            fill(t("hist.import_watchlist"), &[source.clone(), s(version), s(entries)])
        }
        D::ImportHolidays { source, added, updated, unchanged, removed } => {
            fill(t("hist.import_holidays"), &[source.clone(), s(added), s(updated), s(unchanged), s(removed)])
        }
        D::CloseDay { date, no_shows, forfeited, uncollected_listed, uncollected_cancelled, forced } => {
            let out = fill(
                t("hist.close_day"),
                &[s(date), s(no_shows), idr(*forfeited), s(uncollected_listed), s(uncollected_cancelled)],
            );
            let forced = match forced {
                None => return out,
                Some(f) if f.early && f.past.is_empty() => {
                    fill(t("hist.forced_early"), std::slice::from_ref(&f.reason))
                }
                Some(f) if f.early => fill(t("hist.forced_early_past"), &[f.past.join(", "), f.reason.clone()]),
                Some(f) => fill(t("hist.forced_past"), &[f.past.join(", "), f.reason.clone()]),
            };
            format!("{out}; {forced}")
        }
        D::ReopenDay { date, reason, closed_by, closed_at, back } => fill(
            t("hist.reopen_day"),
            &[s(date), reason.clone(), closed_by.clone(), at(&closed_at.with_timezone(&chrono::Utc)), list(back)],
        ),
        D::Reinstated { date } => fill(t("hist.reinstated"), &[s(date)]),
        D::RefusedCloseDay { date, refusal: CloseRefused::NotSupervisor { action, officer } } => {
            let e = StoreError::NotSupervisor { officer: officer.clone(), action: action.clone() };
            format!("{date}: {}", super::errors::describe(lang, &e))
        }
        D::RefusedCloseDay { date, refusal: CloseRefused::Other(text) } => {
            format!("{date}: {}", fill(t("hist.refused"), std::slice::from_ref(text)))
        }
        D::RefusedCheckIn(r) => super::errors::describe(lang, &StoreError::CheckIn(r.clone())),
        D::Setting { key, before, after } => {
            format!("{}: {before} → {after}", setting_key(lang, key).unwrap_or(key))
        }
        D::Officer { name, role: r } => format!("{name} ({})", role(lang, *r)),
        D::Password { of: None } => t("hist.own_password").into(),
        D::Password { of: Some(name) } => fill(t("hist.password_of"), std::slice::from_ref(name)),
        D::RoleChanged { name, before, after } => format!("{name}: {} → {}", role(lang, *before), role(lang, *after)),
        D::WrongPassword { failures } => fill(t("hist.wrong_password"), &[s(failures)]),
        D::UnknownAccount => t("hist.unknown_account").into(),
        D::LockedUntil { until } => fill(t("hist.locked_until"), &[at(until)]),
        D::AccountLocked { failures, until } => fill(t("hist.account_locked"), &[s(failures), at(until)]),
        D::Restored { file, kept, signed_out, forced } => {
            let mut said = fill(t("hist.restored"), &[file.clone(), kept.clone()]);
            if *signed_out > 0 {
                said.push_str("; ");
                said.push_str(&fill(t("hist.restore_signed_out"), &[s(signed_out)]));
            }
            if let Some(f) = forced {
                let who: Vec<String> = f.sessions.iter().map(|(c, o)| format!("{c} ({o})")).collect();
                said.push_str("; ");
                said.push_str(&fill(t("hist.restore_forced"), &[who.join(", "), f.reason.clone()]));
            }
            said
        }
        D::TakeOver { counter, from } => fill(t("hist.taken_over"), &[s(counter), from.join(", ")]),
        D::Demo { applications, days, first, last, seed } => {
            fill(t("hist.demo"), &[s(applications), s(days), s(first), s(last), s(seed)])
        }
        // A version-1 row of an action this binary does not know: as it was written.
        D::Legacy { .. } => office_stamps(&detail.to_string(), offset),
        D::OutreachCreate { event, name, place, first, last } => {
            fill(t("hist.outreach_create"), &[s(event), name.clone(), place.clone(), s(first), s(last)])
        }
        D::OutreachPack { event, laptop, bookings } => {
            fill(t("hist.outreach_pack"), &[s(event), s(laptop), s(bookings)])
        }
        D::OutreachWalkIn { event, fee, billing } => {
            fill(t("hist.outreach_walk_in"), &[s(event), idr(*fee), billing.clone()])
        }
        D::GroupMember { group, event, day } => fill(t("hist.group_member"), &[group.clone(), s(event), s(day)]),
        D::OutreachMerge { event, laptop, sent, applied, duplicate, conflicts } => {
            fill(t("hist.outreach_merge"), &[s(event), s(laptop), s(sent), s(applied), s(duplicate), s(conflicts)])
        }
        D::OutreachResolve { conflict, kind, keep, note } => {
            let kind = super::screens::conflicts::kind_word(lang, *kind);
            let keep = super::screens::outreach::keep_word(lang, *keep);
            let out = fill(t("hist.outreach_resolve"), &[conflict.clone(), kind.into(), keep.into()]);
            match note {
                Some(n) => format!("{out}: {n}"),
                None => out,
            }
        }
        D::StayRegister { code, permit, permit_no, fee, queue_no } => fill(
            t("hist.stay_register"),
            &[
                code.clone(),
                super::screens::staypermit::permit_word(lang, *permit).into(),
                permit_no.clone(),
                idr(*fee),
                queue_no.clone(),
            ],
        ),
        D::StayPermit { code } => fill(t("hist.stay_permit"), std::slice::from_ref(code)),
        D::StayApproved { code, valid_until } => fill(t("hist.stay_approved"), &[code.clone(), s(valid_until)]),
        D::StayRefused { code, reason } => fill(t("hist.stay_refused"), &[code.clone(), reason.clone()]),
    }
}

/// A settings key as words ("batas jadwal ulang"); `None` for a key this binary does not know.
pub fn setting_key(lang: Lang, key: &str) -> Option<&'static str> {
    let k = match key {
        "office_name" => "hist.setting_office_name",
        "utc_offset" => "hist.setting_utc_offset",
        "province_code" => "hist.setting_province_code",
        "opening_time" => "hist.setting_opening_time",
        "closing_time" => "hist.setting_closing_time",
        "slot_template" => "hist.setting_slot_template",
        "slot_quota" => "hist.setting_slot_quota",
        "express_quota" => "hist.setting_express_quota",
        "priority_quota" => "hist.setting_priority_quota",
        "checkin_lead_minutes" => "hist.setting_checkin_lead_minutes",
        "ready_after_working_days" => "hist.setting_ready_after_working_days",
        "reschedule_limit" => "hist.setting_reschedule_limit",
        "wait_alert_minutes" => "hist.setting_wait_alert_minutes",
        "lockout_failures" => "hist.setting_lockout_failures",
        "lockout_minutes" => "hist.setting_lockout_minutes",
        "report_signer_title" => "hist.setting_report_signer_title",
        "report_signer_name" => "hist.setting_report_signer_name",
        "report_signer_nip" => "hist.setting_report_signer_nip",
        _ => return None,
    };
    Some(tr(lang, k))
}

/// `text` with every UTC instant the store writes (`2026-11-25T01:30:00Z`) said in office time
/// (`2026-11-25 08:30`): no `…Z` stamp reaches the screen.
pub fn office_stamps(text: &str, offset: chrono::FixedOffset) -> String {
    const LEN: usize = "2026-11-25T01:30:00Z".len();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(|c: char| c.is_ascii_digit()) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let stamp = rest.get(..LEN).filter(|s| s.ends_with('Z') && s.as_bytes()[10] == b'T');
        match stamp.and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok()) {
            Some(t) => {
                out.push_str(&t.with_timezone(&offset).format("%Y-%m-%d %H:%M").to_string());
                rest = &rest[LEN..];
            }
            None => {
                let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
                out.push_str(&rest[..digits]);
                rest = &rest[digits..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `s` cut to `width` characters at a word boundary, ending in "…" when cut (a word is never cut in half).
pub fn fit(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_string();
    }
    let room: String = s.chars().take(width.saturating_sub(1)).collect();
    let next_is_space = s.chars().nth(room.chars().count()) == Some(' ');
    let kept = if next_is_space { room.as_str() } else { room.rsplit_once(' ').map_or("", |(head, _)| head) };
    format!("{}…", kept.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every word of every closed set exists in both languages, and no code leaks through untranslated.
    #[test]
    fn every_code_has_a_word_in_both_languages() {
        for lang in [Lang::Id, Lang::En] {
            let mut words: Vec<(String, &str)> = Vec::new();
            words.extend(ApplicationType::ALL.iter().map(|c| (c.to_string(), application_type(lang, *c))));
            words.extend(Purpose::ALL.iter().map(|c| (c.to_string(), purpose(lang, *c))));
            words.extend(PassportKind::ALL.iter().map(|c| (c.to_string(), passport_kind(lang, *c))));
            words.extend(Service::ALL.iter().map(|c| (c.to_string(), service(lang, *c))));
            words.extend(PriorityReason::ALL.iter().map(|c| (c.to_string(), priority_reason(lang, *c))));
            words.extend(RejectionReason::ALL.iter().map(|c| (c.to_string(), rejection_reason(lang, *c))));
            words.extend(ServiceLine::ALL.iter().map(|c| (c.as_str().to_string(), service_line(lang, *c))));
            words.extend(StayStatus::ALL.iter().map(|c| (c.to_string(), stay_status(lang, *c))));
            words.extend(Role::ALL.iter().map(|c| (c.to_string(), role(lang, *c))));
            words.extend(AuditAction::ALL.iter().map(|c| (c.as_str().to_string(), audit_action(lang, *c))));
            for (code, word) in words {
                assert!(!word.contains('.') || word.contains(' '), "{lang:?} {code}: no translation ({word})");
                assert!(!word.contains('_'), "{lang:?} {code}: shown as a code ({word})");
            }
        }
        assert_eq!(purpose(Lang::Id, Purpose::FamilyVisit), "kunjungan keluarga");
        assert_eq!(purpose(Lang::En, Purpose::FamilyVisit), "family visit");
        assert_eq!(application_type(Lang::En, ApplicationType::New), "new");
        assert_eq!(code(Lang::En, "percepatan"), "express");
    }

    #[test]
    fn sign_in_and_walk_in_details_are_reworded() {
        let wib = chrono::FixedOffset::east_opt(7 * 3600).unwrap();
        let id = |action, detail| audit_detail(Lang::Id, wib, action, detail);
        let cases = [
            ("sign_in_failed", "wrong password (2 in a row)", "kata sandi salah (2 kali berturut-turut)"),
            ("sign_in_failed", "unknown or disabled account", "akun tidak dikenal atau nonaktif"),
            ("sign_in_failed", "account locked until 2026-11-25T01:30:00Z", "akun terkunci sampai 2026-11-25 08:30"),
            (
                "account_locked",
                "5 failed sign-ins; locked until 2026-11-25T01:30:00Z",
                "5 kali gagal masuk; terkunci sampai 2026-11-25 08:30",
            ),
            (
                "walk_in",
                "priority lansia; Rp650.000 paid at the counter (billing 926112500000001, NTPN 0A1B2C3D4E5F6789)",
                "prioritas lansia; Rp650.000 dibayar di loket (billing 926112500000001, NTPN 0A1B2C3D4E5F6789)",
            ),
            ("walk_in", "something else", "something else"), // an unknown shape: as stored
            ("add_officer", "rina (officer)", "rina (petugas)"),
            (
                "reschedule",
                "special: 2026-11-25 09:00 -> 2026-11-26 10:00: server mati",
                "jadwal ulang khusus: 2026-11-25 09:00 → 2026-11-26 10:00: server mati",
            ),
            ("reschedule", "2026-11-25 09:00 -> 2026-11-26 10:00", "2026-11-25 09:00 → 2026-11-26 10:00"),
            ("import_bookings", "m.csv: 40 new, 2 unchanged, 1 refused", "m.csv: 40 baru, 2 tidak berubah, 1 ditolak"),
            ("set_role", "rina: officer -> supervisor", "rina: petugas → supervisor"),
            ("take_over_counter", "counter 2 taken over from budi", "loket 2 diambil alih dari budi"),
            (
                "refused_check_in",
                "too late: check-in closed at 08:45 (12 min late); a supervisor override with a reason is needed",
                "Terlambat: check-in ditutup 08:45 (12 menit); perlu izin supervisor dengan alasan",
            ),
            (
                "refused_close_day",
                "2026-11-25: closing a day is a supervisor action; rina is an officer",
                "2026-11-25: rina bukan supervisor; tindakan ini untuk supervisor",
            ),
            ("cancel_uncollected", "not collected since 2026-10-01T03:00:00Z", "tidak diambil sejak 2026-10-01 10:00"),
            ("setting", "reschedule_limit: 2 -> 3", "batas jadwal ulang: 2 → 3"),
            ("reject", "lainnya foto buram", "alasan lain: foto buram"),
            ("reject", "data_tidak_sah", "data tidak sah"),
            (
                "restore",
                "restored /b/x.db (kept the replaced database as /d/y.db); 1 session(s) open in the backup signed out; \
                 forced past counters 3 (budi): listrik padam",
                "dipulihkan dari /b/x.db (basis data lama disimpan sebagai /d/y.db); 1 sesi yang terbuka di cadangan \
                 ditutup; dipaksa walau loket 3 (budi) masih masuk: listrik padam",
            ),
        ];
        for (action, stored, words) in cases {
            assert_eq!(id(action, stored), words, "{action}: {stored}");
        }
        let walk_in = cases[4].1;
        assert_eq!(
            audit_detail(Lang::En, wib, "walk_in", walk_in),
            "priority elderly; Rp650.000 paid at the counter (billing 926112500000001, NTPN 0A1B2C3D4E5F6789)"
        );
    }

    /// The close refusal an audit row keeps says exactly what the store's error says, so the row reads back.
    #[test]
    fn a_refused_close_is_stored_as_the_store_says_it() {
        let e = StoreError::NotSupervisor { officer: "rina".into(), action: "closing a day".into() };
        let kept = CloseRefused::NotSupervisor { action: "closing a day".into(), officer: "rina".into() };
        assert_eq!(kept.to_string(), e.to_string());
    }

    #[test]
    fn utc_stamps_are_said_in_office_time() {
        let wib = chrono::FixedOffset::east_opt(7 * 3600).unwrap();
        assert_eq!(
            office_stamps("2 failed sign-ins; locked until 2026-11-25T01:30:00Z", wib),
            "2 failed sign-ins; locked until 2026-11-25 08:30"
        );
        assert_eq!(
            office_stamps("2026-11-25T17:00:00Z, 2026-11-26T00:00:00Z.", wib),
            "2026-11-26 00:00, 2026-11-26 07:00."
        );
        assert_eq!(office_stamps("counter 2 (from 1) 2026-11-25 12", wib), "counter 2 (from 1) 2026-11-25 12");
        assert_eq!(office_stamps("Rp950.000 · 12345678901234567890Z", wib), "Rp950.000 · 12345678901234567890Z");
    }

    #[test]
    fn fit_cuts_at_a_word_boundary() {
        assert_eq!(fit("panggil", 14), "panggil");
        assert_eq!(fit("pemohon prioritas datang langsung", 14), "pemohon…");
        assert_eq!(fit("stay permit refused", 12), "stay permit…");
        assert_eq!(fit("dokumentasi", 5), "…");
    }

    #[test]
    fn english_words_are_not_the_indonesian_codes() {
        for t in ApplicationType::ALL {
            assert_ne!(application_type(Lang::En, *t), t.as_str());
        }
        for p in Purpose::ALL {
            assert_ne!(purpose(Lang::En, *p), p.as_str());
        }
    }
}

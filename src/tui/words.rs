//! The domain's codes as words in the officer's language: application types, purposes, passport kinds,
//! services, priority and rejection reasons, service lines, roles and audit actions. The database keeps the
//! codes (`baru`, `kunjungan_keluarga`, `take_over_counter`); the desk never shows one.

use super::i18n::tr;
use crate::cli::Lang;
use crate::domain::audit::AuditAction;
use crate::domain::lifecycle::RejectionReason;
use crate::domain::queue::ServiceLine;
use crate::domain::staypermit::StayStatus;
use crate::domain::types::{ApplicationType, PassportKind, PriorityReason, Purpose, Role, Service};

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

/// The details the store writes in English for sign-ins and priority walk-ins, in the desk's language; `None`
/// for any other shape.
pub fn audit_detail(lang: Lang, offset: chrono::FixedOffset, action: &str, detail: &str) -> Option<String> {
    let fill = super::errors::fill;
    let t = |key| tr(lang, key);
    let at = |s: &str| office_stamps(s, offset);
    match action {
        "sign_in_failed" => {
            if detail == "unknown or disabled account" {
                return Some(t("hist.unknown_account").into());
            }
            if let Some(until) = detail.strip_prefix("account locked until ") {
                return Some(fill(t("hist.locked_until"), &[at(until)]));
            }
            let n = detail.strip_prefix("wrong password (")?.strip_suffix(" in a row)")?;
            Some(fill(t("hist.wrong_password"), &[n.to_string()]))
        }
        "account_locked" => {
            let (n, until) = detail.split_once(" failed sign-ins; locked until ")?;
            Some(fill(t("hist.account_locked"), &[n.to_string(), at(until)]))
        }
        "add_officer" | "disable_officer" => {
            let (name, role_code) = detail.strip_suffix(')')?.rsplit_once(" (")?;
            Some(format!("{name} ({})", role(lang, Role::parse(role_code)?)))
        }
        "set_role" => {
            let (name, change) = detail.rsplit_once(": ")?;
            let (before, after) = change.split_once(" -> ")?;
            Some(format!("{name}: {} → {}", role(lang, Role::parse(before)?), role(lang, Role::parse(after)?)))
        }
        "take_over_counter" => {
            let (counter, from) = detail.strip_prefix("counter ")?.split_once(" taken over from ")?;
            Some(fill(t("hist.taken_over"), &[counter.to_string(), from.to_string()]))
        }
        "reschedule" => {
            let rest = detail.strip_prefix("special: ")?;
            let (moved, reason) = rest.split_once(": ")?;
            Some(fill(t("hist.special_reschedule"), &[moved.replace(" -> ", " → "), reason.to_string()]))
        }
        "import_bookings" => {
            let (label, counts) = detail.rsplit_once(": ")?;
            let mut n = counts.split(", ").map(|part| part.split_once(' ').map(|(n, _)| n.to_string()));
            let (new, same, refused) = (n.next()??, n.next()??, n.next()??);
            Some(fill(t("hist.import_bookings"), &[label.to_string(), new, same, refused]))
        }
        "walk_in" => {
            // "priority lansia; Rp650.000 paid at the counter (billing 9261125…, NTPN …)"
            let (reason, rest) = detail.strip_prefix("priority ")?.split_once("; ")?;
            let (fee, paid) = rest.split_once(" paid at the counter (")?;
            let reason = PriorityReason::parse(reason).map_or(reason, |r| priority_reason(lang, r));
            Some(fill(
                t("hist.walk_in"),
                &[reason.to_string(), fee.to_string(), paid.trim_end_matches(')').to_string()],
            ))
        }
        _ => None,
    }
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
        assert_eq!(
            id("sign_in_failed", "wrong password (2 in a row)").as_deref(),
            Some("kata sandi salah (2 kali berturut-turut)")
        );
        assert_eq!(
            id("sign_in_failed", "unknown or disabled account").as_deref(),
            Some("akun tidak dikenal atau nonaktif")
        );
        assert_eq!(
            id("sign_in_failed", "account locked until 2026-11-25T01:30:00Z").as_deref(),
            Some("akun terkunci sampai 2026-11-25 08:30")
        );
        assert_eq!(
            id("account_locked", "5 failed sign-ins; locked until 2026-11-25T01:30:00Z").as_deref(),
            Some("5 kali gagal masuk; terkunci sampai 2026-11-25 08:30")
        );
        let walk_in = "priority lansia; Rp650.000 paid at the counter (billing 926112500000001, NTPN 0A1B2C3D4E5F6789)";
        assert_eq!(
            id("walk_in", walk_in).as_deref(),
            Some("prioritas lansia; Rp650.000 dibayar di loket (billing 926112500000001, NTPN 0A1B2C3D4E5F6789)")
        );
        assert_eq!(
            audit_detail(Lang::En, wib, "walk_in", walk_in).as_deref(),
            Some("priority elderly; Rp650.000 paid at the counter (billing 926112500000001, NTPN 0A1B2C3D4E5F6789)")
        );
        assert_eq!(id("walk_in", "something else"), None);
        assert_eq!(id("add_officer", "rina (officer)").as_deref(), Some("rina (petugas)"));
        assert_eq!(
            id("reschedule", "special: 2026-11-25 09:00 -> 2026-11-26 10:00: server mati").as_deref(),
            Some("jadwal ulang khusus: 2026-11-25 09:00 → 2026-11-26 10:00: server mati")
        );
        assert_eq!(id("reschedule", "2026-11-25 09:00 -> 2026-11-26 10:00"), None, "dates only: shown as written");
        assert_eq!(
            id("import_bookings", "m.csv: 40 new, 2 unchanged, 1 refused").as_deref(),
            Some("m.csv: 40 baru, 2 tidak berubah, 1 ditolak")
        );
        assert_eq!(id("set_role", "rina: officer -> supervisor").as_deref(), Some("rina: petugas → supervisor"));
        assert_eq!(
            id("take_over_counter", "counter 2 taken over from budi").as_deref(),
            Some("loket 2 diambil alih dari budi")
        );
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

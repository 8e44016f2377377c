//! Audit rows as words in the officer's language and in office time, for the applicant's history and the
//! audit screen. Actions and statuses are translated; the details the store writes in a known shape are
//! re-worded; what an officer typed (reasons, notes, names) is shown as typed.

use crate::domain::audit::AuditAction;
use crate::domain::lifecycle::Status;
use crate::store::AuditEntry;
use crate::tui::errors::fill;
use crate::tui::i18n::tr;
use crate::tui::i18n::Lang;
use crate::tui::text::local;
use crate::tui::theme::status_word;
use chrono::FixedOffset;

/// The translation key of a rejection reason code.
pub fn reason_key(code: &str) -> Option<&'static str> {
    Some(match code {
        "cegah_tangkal" => "reason.cegah_tangkal",
        "pmi_non_prosedural" => "reason.pmi_non_prosedural",
        "data_tidak_sah" => "reason.data_tidak_sah",
        "tujuan_melawan_hukum" => "reason.tujuan_melawan_hukum",
        "lainnya" => "reason.lainnya",
        _ => return None,
    })
}

/// An action as a word ("check-in", "panggil"); an unknown one as stored.
pub fn action_word(lang: Lang, action: &str) -> String {
    AuditAction::parse(action).map_or_else(|| action.to_string(), |a| crate::tui::words::audit_action(lang, a).into())
}

/// A stored status code as a word.
pub fn status(lang: Lang, code: &str) -> String {
    Status::parse(code).map_or_else(|| code.to_string(), |s| status_word(lang, s).to_string())
}

/// The detail of a row in words: the shapes the store writes are re-worded, instants shown in office time.
pub fn detail(lang: Lang, offset: FixedOffset, action: &str, detail: &str) -> String {
    let t = |k| tr(lang, k);
    let when = |at: &str| local(at, offset, "%Y-%m-%d %H:%M");
    if let Some(n) = detail.strip_prefix("counter ").filter(|n| n.parse::<u32>().is_ok()) {
        return format!("{} {n}", t("label.counter"));
    }
    if detail == "manifest" {
        return t("hist.manifest").into();
    }
    if let Some(rest) = detail.strip_prefix("ready on ") {
        let (date, signed) = rest.split_once("; ").unwrap_or((rest, ""));
        let mut out = fill(t("hist.ready_on"), &[date.to_string()]);
        if let Some(s) = signed.strip_prefix("watchlist ") {
            out = format!("{out}; {} {s}", t("warn.watchlist"));
        }
        return out;
    }
    if let Some(who) = detail.strip_prefix("collected by ") {
        return fill(t("hist.collected_by"), &[who.to_string()]);
    }
    if let Some(rest) = detail.strip_prefix("paid at ") {
        let (at, ntpn) = rest.split_once(", NTPN ").unwrap_or((rest, ""));
        let mut out = fill(t("hist.paid_at"), &[when(at)]);
        if !ntpn.is_empty() {
            out = format!("{out}, NTPN {ntpn}");
        }
        return out;
    }
    if action == "check_in" {
        if let Some((queue_no, reason)) = detail.split_once("; late arrival admitted: ") {
            return format!("{queue_no}; {}", fill(t("hist.late_admitted"), &[reason.to_string()]));
        }
    }
    if let Some(words) = crate::tui::words::audit_detail(lang, offset, action, detail) {
        return words;
    }
    if action == "reject" {
        let (code, note) = detail.split_once(' ').unwrap_or((detail, ""));
        if let Some(key) = reason_key(code) {
            return format!("{} {note}", t(key)).trim().to_string();
        }
    }
    crate::tui::words::office_stamps(detail, offset)
}

/// One row for the applicant's history: "2026-11-25 09:40 petugas check-in: A-004".
pub fn line(lang: Lang, offset: FixedOffset, h: &AuditEntry) -> String {
    let at = local(&h.at, offset, "%Y-%m-%d %H:%M");
    let words = h.detail.as_deref().map(|d| detail(lang, offset, &h.action, d)).filter(|d| !d.is_empty());
    format!(
        "{at} {} {}{}",
        h.officer,
        action_word(lang, &h.action),
        words.map(|d| format!(": {d}")).unwrap_or_default()
    )
}

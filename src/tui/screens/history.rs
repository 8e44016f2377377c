//! Audit rows as words in the officer's language and in office time, for the applicant's history and the
//! audit screen. Actions and statuses are translated; the details the store writes in a known shape are
//! re-worded; what an officer typed (reasons, notes, names) is shown as typed.

use crate::domain::audit::AuditAction;
use crate::domain::lifecycle::Status;
use crate::store::AuditEntry;
use crate::tui::i18n::Lang;
use crate::tui::text::local;
use crate::tui::theme::status_word;
use chrono::FixedOffset;

/// An action as a word ("check-in", "panggil"); an unknown one as stored.
pub fn action_word(lang: Lang, action: &str) -> String {
    AuditAction::parse(action).map_or_else(|| action.to_string(), |a| crate::tui::words::audit_action(lang, a).into())
}

/// A stored status code (an application's or a stay permit's) as a word.
pub fn status(lang: Lang, code: &str) -> String {
    if let Some(s) = Status::parse(code) {
        return status_word(lang, s).to_string();
    }
    crate::domain::staypermit::StayStatus::parse(code)
        .map_or_else(|| code.to_string(), |s| crate::tui::words::stay_status(lang, s).to_string())
}

/// One row for the applicant's history: "2026-11-25 09:40 petugas check-in: A-004".
pub fn line(lang: Lang, offset: FixedOffset, h: &AuditEntry) -> String {
    let at = local(&h.at, offset, "%Y-%m-%d %H:%M");
    let words = h
        .detail
        .as_deref()
        .map(|d| crate::tui::words::audit_detail(lang, offset, &h.action, d))
        .filter(|d| !d.is_empty());
    format!(
        "{at} {} {}{}",
        h.officer,
        action_word(lang, &h.action),
        words.map(|d| format!(": {d}")).unwrap_or_default()
    )
}

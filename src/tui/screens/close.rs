//! The day close from F10 (supervisors): on an open day the close dialog (built in the app), on a closed day
//! the reopen dialog, which asks for the reason recorded in the audit trail. Also the remaining daily quotas
//! shown on the check-in screen and the walk-in dialog.

use crate::tui::i18n::Lang;
use crate::store::{CloseSummary, DayQuotas};
use crate::tui::errors::fill;
use crate::tui::form::{Field, Form};
use crate::tui::i18n::tr;

/// The close dialog's warning when today is closed before the office's closing time (a reason is needed).
pub fn early_note(
    settings: &crate::domain::settings::OfficeSettings,
    date: chrono::NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
    lang: Lang,
) -> Option<String> {
    let here = crate::store::local(settings, now);
    crate::domain::close::is_early(date, here, settings.closing_time)
        .then(|| fill(tr(lang, "close.early"), &[settings.closing_time.format("%H:%M").to_string()]))
}

/// The reopen dialog for a closed day: what the close did, and a reason to give.
pub fn reopen_form(summary: &CloseSummary, lang: Lang) -> Form {
    let note = fill(
        tr(lang, "close.reopen_note"),
        &[
            summary.date.to_string(),
            crate::domain::text::for_terminal(&summary.closed_by).into_owned(),
            summary.closed_at.format("%H:%M").to_string(),
            summary.no_show_codes.len().to_string(),
        ],
    );
    Form::new("title.reopen_day", vec![Field::text("field.reason")]).with_note(note)
}

/// The status line after a reopen: the day and how many no-shows went back to booked.
pub fn reopened_message(date: chrono::NaiveDate, back: &[String], lang: Lang) -> String {
    fill(tr(lang, "msg.reopened"), &[date.to_string(), back.len().to_string()])
}

/// "express: n of m left · priority walk-ins: n of m left" for the check-in screen.
pub fn quota_line(q: &DayQuotas, lang: Lang) -> String {
    fill(
        tr(lang, "label.quota_left"),
        &[
            q.express_checked_in.remaining().to_string(),
            q.express_checked_in.quota.to_string(),
            q.priority_walk_ins.remaining().to_string(),
            q.priority_walk_ins.quota.to_string(),
        ],
    )
}

/// The walk-in dialog's note: how many priority walk-ins are left today.
pub fn walk_in_note(q: &DayQuotas, lang: Lang) -> String {
    fill(
        tr(lang, "label.walk_in_quota_left"),
        &[q.priority_walk_ins.remaining().to_string(), q.priority_walk_ins.quota.to_string()],
    )
}

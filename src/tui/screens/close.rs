//! Words for the day close from F10 (supervisors; the dialogs are in `dialogs/day.rs`): the early-close
//! warning. Also the remaining daily quotas
//! shown on the check-in screen and the walk-in dialog.

use crate::store::DayQuotas;
use crate::tui::errors::fill;
use crate::tui::i18n::tr;
use crate::tui::i18n::Lang;

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

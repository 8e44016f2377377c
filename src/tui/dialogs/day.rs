//! The day close (F10, supervisors): closing an open day (a reason when something is unfinished or it is
//! early; whether to cancel uncollected passports), and reopening a closed one with a reason.

use super::store;
use crate::store::{ClosePlan, CloseSummary};
use crate::tui::errors::fill;
use crate::tui::form::{Field, Form};
use crate::tui::i18n::{tr, Lang};
use crate::tui::room::{Ctx, Effect};
use chrono::{DateTime, NaiveDate, Utc};

/// Closing `date`, planned at `now` (the same instant is used to close, so nothing unseen is cancelled).
#[derive(Debug)]
pub struct CloseDayDialog {
    pub date: NaiveDate,
    pub now: DateTime<Utc>,
    pub form: Form,
}

/// A close to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloseRequest {
    /// Why the day is closed anyway (unfinished applicants, before closing time); none if not needed.
    pub force_reason: Option<String>,
    pub cancel_uncollected: bool,
}

impl CloseDayDialog {
    const FORCE_REASON: usize = 0;
    const CANCEL_UNCOLLECTED: usize = 1;

    /// `note`: the plan (no-shows, unfinished, uncollected) and any early-close warning.
    pub fn new(date: NaiveDate, now: DateTime<Utc>, plan: &ClosePlan, early: Option<String>, lang: Lang) -> Self {
        let mut note = fill(
            tr(lang, "close.plan"),
            &[
                date.to_string(),
                plan.no_shows.len().to_string(),
                plan.unfinished.len().to_string(),
                plan.uncollected.len().to_string(),
            ],
        );
        for a in plan.unfinished.iter().take(5) {
            note.push_str(&format!(
                "\n  {} {} {}",
                a.queue_no.clone().unwrap_or_default(),
                a.booking_code,
                a.full_name
            ));
        }
        if let Some(early) = early {
            note.push_str(&format!("\n{early}"));
        }
        let form = Form::new(
            "title.close_day",
            vec![
                Field::text("field.force_reason"),
                Field::choice("field.cancel_uncollected", [tr(lang, "choice.no"), tr(lang, "choice.yes")]),
            ],
        )
        .with_note(note);
        CloseDayDialog { date, now, form }
    }

    pub fn request(&self, lang: Lang) -> Result<CloseRequest, String> {
        let force_reason = Some(self.form.value(Self::FORCE_REASON)).filter(|s| !s.is_empty()).map(String::from);
        let cancel = super::choice(&self.form, Self::CANCEL_UNCOLLECTED, lang)?;
        let cancel_uncollected = if cancel == tr(lang, "choice.yes") {
            true
        } else if cancel == tr(lang, "choice.no") {
            false
        } else {
            return Err(super::bad_field(&self.form, Self::CANCEL_UNCOLLECTED, lang));
        };
        Ok(CloseRequest { force_reason, cancel_uncollected })
    }

    pub fn submit(&self, cx: &mut Ctx) -> Result<Effect, String> {
        let req = self.request(cx.lang)?;
        let r = cx.store.close_day(cx.actor, self.date, req.force_reason.as_deref(), req.cancel_uncollected, self.now);
        let summary = store(cx, r)?;
        let first = summary.to_string().lines().next().unwrap_or("").to_string();
        Ok(Effect::done(format!("{}: {} — {first}", cx.tr("msg.closed"), self.date)))
    }
}

/// Reopening the closed `date` (a supervisor, with a reason recorded in the audit trail).
#[derive(Debug)]
pub struct ReopenDayDialog {
    pub date: NaiveDate,
    pub form: Form,
}

impl ReopenDayDialog {
    const REASON: usize = 0;

    /// Shows what the close did.
    pub fn new(summary: &CloseSummary, lang: Lang) -> ReopenDayDialog {
        let note = fill(
            tr(lang, "close.reopen_note"),
            &[
                summary.date.to_string(),
                crate::domain::text::for_terminal(&summary.closed_by).into_owned(),
                summary.closed_at.format("%H:%M").to_string(),
                summary.no_show_codes.len().to_string(),
            ],
        );
        let form = Form::new("title.reopen_day", vec![Field::text("field.reason")]).with_note(note);
        ReopenDayDialog { date: summary.date, form }
    }

    pub fn submit(&self, cx: &mut Ctx) -> Result<Effect, String> {
        let r = cx.store.reopen_day(cx.actor, self.date, self.form.value(Self::REASON), cx.now);
        let back = store(cx, r)?;
        let msg = fill(cx.tr("msg.reopened"), &[self.date.to_string(), back.len().to_string()]);
        Ok(Effect::done(msg))
    }
}

/// F10: on an open day the close dialog with the plan; on a closed day the reopen dialog.
pub fn open(cx: &Ctx) -> Effect {
    let today = cx.today();
    let plan = match cx.store.plan_close(today, cx.now) {
        Ok(plan) => plan,
        Err(e) => return Effect::Failed(e),
    };
    if plan.already_closed {
        return match cx.store.day_closure(today) {
            Ok(Some(summary)) => Effect::Dialog(super::Dialog::ReopenDay(ReopenDayDialog::new(&summary, cx.lang))),
            Ok(None) => Effect::Info(fill(cx.tr("close.already"), &[today.to_string()])),
            Err(e) => Effect::Failed(e),
        };
    }
    let early = crate::tui::screens::close::early_note(cx.settings, today, cx.now, cx.lang);
    Effect::Dialog(super::Dialog::CloseDay(CloseDayDialog::new(today, cx.now, &plan, early, cx.lang)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dialog(lang: Lang) -> CloseDayDialog {
        let date = NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
        let plan = ClosePlan { date, already_closed: false, no_shows: vec![], unfinished: vec![], uncollected: vec![] };
        CloseDayDialog::new(date, DateTime::<Utc>::UNIX_EPOCH, &plan, None, lang)
    }

    #[test]
    fn the_close_is_read_by_field_name_and_an_unoffered_choice_is_refused() {
        let mut d = dialog(Lang::Id);
        assert_eq!(d.request(Lang::Id), Ok(CloseRequest { force_reason: None, cancel_uncollected: false }));
        d.form.fields[0] = d.form.fields[0].clone().with_value("banjir");
        d.form.fields[1] = d.form.fields[1].clone().with_value(tr(Lang::Id, "choice.yes"));
        let req = d.request(Lang::Id).expect("valid");
        assert_eq!((req.force_reason.as_deref(), req.cancel_uncollected), (Some("banjir"), true));
        d.form.fields[1] = d.form.fields[1].clone().with_value("mungkin");
        let err = d.request(Lang::Id).expect_err("not a choice");
        assert!(err.contains(tr(Lang::Id, "field.cancel_uncollected")) && err.contains("mungkin"), "{err}");
    }
}

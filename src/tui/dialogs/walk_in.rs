//! A priority walk-in (60+, disability, under 5, pregnant) registered without a booking, paid at the counter:
//! registered only with the receipt's NTPN.

use super::{choice, store};
use crate::domain::nik::Sex;
use crate::domain::types::{ApplicationType, PassportKind, PriorityReason, Purpose};
use crate::store::NewWalkIn;
use crate::tui::form::{Field, Form};
use crate::tui::i18n::{tr, Lang};
use crate::tui::room::{Ctx, Effect};
use chrono::NaiveDate;

#[derive(Debug)]
pub struct WalkInDialog {
    pub form: Form,
}

impl WalkInDialog {
    const NIK: usize = 0;
    const NAME: usize = 1;
    const SEX: usize = 2;
    const BIRTH_DATE: usize = 3;
    const PHONE: usize = 4;
    const PRIORITY: usize = 5;
    const APP_TYPE: usize = 6;
    const PURPOSE: usize = 7;
    const PASSPORT_KIND: usize = 8;
    const VALIDITY: usize = 9;
    const OLD_PASSPORT: usize = 10;
    const NTPN: usize = 11;

    /// `note`: the day's priority quota left.
    pub fn new(note: String) -> WalkInDialog {
        let form = Form::new(
            "title.walk_in",
            [
                super::identity_fields(),
                vec![
                    Field::choice("field.priority", PriorityReason::ALL.iter().map(|p| p.as_str()))
                        .shown_as(crate::tui::words::code),
                    Field::choice("field.app_type", ["baru", "penggantian"]).shown_as(crate::tui::words::code),
                ],
                super::purpose_and_kind_fields().into(),
                vec![
                    Field::choice("field.validity", ["10", "5"]),
                    Field::text("field.old_passport"),
                    // The fee is paid at the counter: the walk-in is registered paid only with the receipt's number.
                    Field::text("field.ntpn"),
                ],
            ]
            .concat(),
        )
        .with_note(note);
        WalkInDialog { form }
    }

    /// The walk-in the fields describe. Every choice is read back for what it says; a value the form cannot
    /// mean is refused naming its field, never defaulted.
    pub fn request(&self, lang: Lang) -> Result<NewWalkIn, String> {
        let f = &self.form;
        let birth_date =
            NaiveDate::parse_from_str(f.value(Self::BIRTH_DATE), "%Y-%m-%d").map_err(|_| tr(lang, "err.date"))?;
        let opt = |i: usize| (!f.value(i).is_empty()).then(|| f.value(i).to_string());
        let pick = |i: usize| choice(f, i, lang);
        let bad = |i: usize| super::bad_field(f, i, lang);
        Ok(NewWalkIn {
            nik: f.value(Self::NIK).to_string(),
            full_name: f.value(Self::NAME).to_string(),
            sex: Sex::from_code(pick(Self::SEX)?).ok_or_else(|| bad(Self::SEX))?,
            birth_date,
            phone: opt(Self::PHONE),
            priority_reason: PriorityReason::parse(pick(Self::PRIORITY)?).ok_or_else(|| bad(Self::PRIORITY))?,
            application_type: ApplicationType::parse(pick(Self::APP_TYPE)?).ok_or_else(|| bad(Self::APP_TYPE))?,
            purpose: Purpose::parse(pick(Self::PURPOSE)?).ok_or_else(|| bad(Self::PURPOSE))?,
            passport_kind: PassportKind::parse(pick(Self::PASSPORT_KIND)?).ok_or_else(|| bad(Self::PASSPORT_KIND))?,
            validity_years: pick(Self::VALIDITY)?.parse().map_err(|_| bad(Self::VALIDITY))?,
            old_passport_no: opt(Self::OLD_PASSPORT),
        })
    }

    pub fn submit(&self, cx: &mut Ctx) -> Result<Effect, String> {
        let w = self.request(cx.lang)?;
        let r = cx.store.register_walk_in_paid(cx.actor, &w, self.form.value(Self::NTPN), cx.now);
        let app = store(cx, r)?;
        Ok(Effect::CheckedIn(vec![app]))
    }
}

/// F6: the walk-in dialog, with the day's priority quota left.
pub fn open(cx: &Ctx) -> Effect {
    let note = cx.store.day_quotas(cx.today()).map(|q| crate::tui::screens::close::walk_in_note(&q, cx.lang));
    Effect::Dialog(super::Dialog::WalkIn(WalkInDialog::new(note.unwrap_or_default())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled(values: &[(usize, &str)]) -> WalkInDialog {
        let mut d = WalkInDialog::new(String::new());
        for (i, v) in values {
            d.form.fields[*i] = d.form.fields[*i].clone().with_value(v);
        }
        d
    }

    #[test]
    fn a_complete_walk_in_is_read_by_field_name() {
        let d = filled(&[(0, "3374010101500001"), (1, "Siti"), (3, "1950-01-01"), (5, "lansia"), (9, "5")]);
        let w = d.request(Lang::En).expect("valid");
        assert_eq!((w.full_name.as_str(), w.validity_years, w.phone), ("Siti", 5, None));
        assert_eq!(w.priority_reason, PriorityReason::parse("lansia").expect("lansia"));
    }

    #[test]
    fn a_value_no_choice_means_is_refused_naming_its_field() {
        let d = filled(&[(3, "1950-01-01"), (9, "7")]);
        let err = d.request(Lang::En).expect_err("7 years is no validity");
        assert!(err.contains(tr(Lang::En, "field.validity")) && err.contains('7'), "{err}");
        let d = filled(&[(3, "1950-13-01")]);
        assert_eq!(d.request(Lang::En).expect_err("bad date"), tr(Lang::En, "err.date"));
    }
}

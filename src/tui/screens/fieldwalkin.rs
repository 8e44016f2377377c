//! Registering on the spot at an outreach event (on the event's laptop): a passport walk-in through
//! `Store::outreach_walk_in` (the same path as `loket outreach walk-in`: the event's services only, the NIK's
//! regency checked against the Kemendagri table, the fee from the catalogue, paid on the spot, checked in at
//! once), and a stay-permit application through `Store::register_stay_permit` (as `loket stay-permit
//! register`). The dialogs and how their fields are read back; nothing is defaulted silently.

use crate::domain::nik::Sex;
use crate::domain::outreach::{services_text, EventService};
use crate::domain::staypermit::PermitType;
use crate::domain::types::{ApplicationType, PassportKind, Purpose};
use crate::store::{NewOutreachWalkIn, NewStayPermit, OutreachEvent};
use crate::tui::errors::fill;
use crate::tui::form::{Field, Form};
use crate::tui::i18n::tr;
use crate::tui::i18n::Lang;
use chrono::NaiveDate;

/// The passport application types the event offers (lost and damaged never are).
pub fn offered_types(event: &OutreachEvent) -> Vec<&'static str> {
    [EventService::New, EventService::Replacement]
        .into_iter()
        .filter(|s| event.services.contains(s))
        .map(|s| s.as_str())
        .collect()
}

/// The walk-in dialog for `event`: identity, the application (types the event offers), the group if any.
pub fn walk_in_form(event: &OutreachEvent, lang: Lang) -> Form {
    let note = fill(tr(lang, "label.event_walk_in_note"), &[event.name.clone(), services_text(&event.services)]);
    Form::new(
        "title.outreach_walk_in",
        [
            crate::tui::dialogs::identity_fields(),
            vec![Field::choice("field.app_type", offered_types(event)).shown_as(crate::tui::words::code)],
            crate::tui::dialogs::purpose_and_kind_fields().into(),
            vec![
                Field::choice("field.validity", ["10", "5"]),
                Field::text("field.old_passport"),
                Field::text("field.group_code"),
            ],
        ]
        .concat(),
    )
    .with_note(note)
}

/// A value a choice field cannot mean, or a field left wrong: "<label>: <value>".
fn bad(form: &Form, i: usize, lang: Lang) -> String {
    let label = form.fields.get(i).map_or("", |f| tr(lang, f.label));
    fill(tr(lang, "err.choice"), &[label.to_string(), form.value(i).to_string()])
}

fn date(form: &Form, i: usize, lang: Lang) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(form.value(i), "%Y-%m-%d").map_err(|_| tr(lang, "err.date").to_string())
}

fn opt(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

pub fn parse_walk_in(form: &Form, lang: Lang) -> Result<NewOutreachWalkIn, String> {
    Ok(NewOutreachWalkIn {
        nik: form.value(0).to_string(),
        full_name: form.value(1).to_string(),
        sex: Sex::from_code(form.value(2)).ok_or_else(|| bad(form, 2, lang))?,
        birth_date: date(form, 3, lang)?,
        phone: opt(form.value(4)),
        application_type: ApplicationType::parse(form.value(5)).ok_or_else(|| bad(form, 5, lang))?,
        purpose: Purpose::parse(form.value(6)).ok_or_else(|| bad(form, 6, lang))?,
        passport_kind: PassportKind::parse(form.value(7)).ok_or_else(|| bad(form, 7, lang))?,
        validity_years: form.value(8).parse().map_err(|_| bad(form, 8, lang))?,
        old_passport_no: opt(form.value(9)),
        group_code: opt(form.value(10)),
    })
}

/// The stay-permit dialog: the foreigner's own data, no NIK.
pub fn stay_form(lang: Lang) -> Form {
    Form::new(
        "title.stay_walk_in",
        vec![
            Field::text("field.name"),
            Field::text("field.foreign_passport"),
            Field::text("field.nationality"),
            Field::choice("field.permit_type", PermitType::ALL.iter().map(|p| p.as_str())),
            Field::text("field.permit_no"),
            Field::text("field.current_expiry"),
            Field::text("field.sponsor"),
        ],
    )
    .with_note(tr(lang, "label.stay_walk_in_note"))
}

pub fn parse_stay(form: &Form, lang: Lang) -> Result<NewStayPermit, String> {
    Ok(NewStayPermit {
        full_name: form.value(0).to_string(),
        passport_no: form.value(1).to_string(),
        nationality: form.value(2).to_string(),
        permit_type: PermitType::parse(form.value(3)).ok_or_else(|| bad(form, 3, lang))?,
        permit_no: form.value(4).to_string(),
        current_expiry: date(form, 5, lang)?,
        sponsor: form.value(6).to_string(),
    })
}

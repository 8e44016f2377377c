//! The desk's dialogs, one typed struct each: its fields named (not read back by position), its validation
//! (a field that cannot mean anything is an error naming that field, never a default), and its submit,
//! which turns the fields into a typed request and hands it to the store. An error keeps the dialog open with
//! the message; success returns an [`Effect`] for the app.
//!
//! - `counter`: payment, late override, watchlist sign-off, reschedule, reject, transfer;
//! - `passports`: mark ready, hand over, dispatch by PT Pos;
//! - `walk_in`: a priority walk-in;
//! - `day`: closing and reopening the day;
//! - `confirm`: the yes/no questions ([`Pending`]) and what a yes does.

pub mod confirm;
pub mod counter;
pub mod day;
pub mod passports;
pub mod walk_in;

pub use confirm::Pending;
pub use counter::{OverrideDialog, PaymentDialog, RejectDialog, RescheduleDialog, SignOffDialog, TransferDialog};
pub use day::{CloseDayDialog, ReopenDayDialog};
pub use passports::{DispatchDialog, HandOverDialog, MarkReadyDialog};
pub use walk_in::WalkInDialog;

use super::form::{Field, Form};
use super::i18n::{tr, Lang};
use super::room::{Ctx, Effect};
use crate::domain::types::{PassportKind, Purpose};

/// The applicant's identity, first in every registration form (the office's priority walk-in and an outreach
/// event's walk-in): NIK, full name, sex (shown as a word), birth date, phone.
pub fn identity_fields() -> Vec<Field> {
    vec![
        Field::text("field.nik"),
        Field::text("field.name"),
        Field::choice("field.sex", ["L", "P"]).shown_as(super::words::sex_code),
        Field::text("field.birth_date"),
        Field::text("field.phone"),
    ]
}

/// The purpose and passport kind of a registration form, shown as words.
pub fn purpose_and_kind_fields() -> [Field; 2] {
    [
        Field::choice("field.purpose", Purpose::ALL.iter().map(|p| p.as_str())).shown_as(super::words::code),
        Field::choice("field.passport_kind", PassportKind::ALL.iter().map(|p| p.as_str())).shown_as(super::words::code),
    ]
}

/// The open dialog.
#[derive(Debug)]
pub enum Dialog {
    Payment(PaymentDialog),
    LateOverride(OverrideDialog),
    /// Approving an applicant with a watchlist match: a supervisor signs off with a reason.
    ApproveSignedOff(SignOffDialog),
    Reschedule(RescheduleDialog),
    Reject(RejectDialog),
    Transfer(TransferDialog),
    MarkReady(MarkReadyDialog),
    HandOver(HandOverDialog),
    Dispatch(DispatchDialog),
    WalkIn(WalkInDialog),
    CloseDay(CloseDayDialog),
    ReopenDay(ReopenDayDialog),
    /// The outreach screens' dialogs (conflicts, group pickup, stay permits, an event's walk-ins).
    Outreach(crate::tui::screens::outreach::OutreachDialog),
}

impl Dialog {
    pub fn form(&self) -> &Form {
        match self {
            Dialog::Payment(d) => &d.form,
            Dialog::LateOverride(d) => &d.form,
            Dialog::ApproveSignedOff(d) => &d.form,
            Dialog::Reschedule(d) => &d.form,
            Dialog::Reject(d) => &d.form,
            Dialog::Transfer(d) => &d.form,
            Dialog::MarkReady(d) => &d.form,
            Dialog::HandOver(d) => &d.form,
            Dialog::Dispatch(d) => &d.form,
            Dialog::WalkIn(d) => &d.form,
            Dialog::CloseDay(d) => &d.form,
            Dialog::ReopenDay(d) => &d.form,
            Dialog::Outreach(d) => &d.form,
        }
    }

    pub fn form_mut(&mut self) -> &mut Form {
        match self {
            Dialog::Payment(d) => &mut d.form,
            Dialog::LateOverride(d) => &mut d.form,
            Dialog::ApproveSignedOff(d) => &mut d.form,
            Dialog::Reschedule(d) => &mut d.form,
            Dialog::Reject(d) => &mut d.form,
            Dialog::Transfer(d) => &mut d.form,
            Dialog::MarkReady(d) => &mut d.form,
            Dialog::HandOver(d) => &mut d.form,
            Dialog::Dispatch(d) => &mut d.form,
            Dialog::WalkIn(d) => &mut d.form,
            Dialog::CloseDay(d) => &mut d.form,
            Dialog::ReopenDay(d) => &mut d.form,
            Dialog::Outreach(d) => &mut d.form,
        }
    }

    /// Validates the fields and makes the change; an error (for the form's error line) keeps the dialog open.
    pub fn submit(&self, cx: &mut Ctx) -> Result<Effect, String> {
        match self {
            Dialog::Payment(d) => d.submit(cx),
            Dialog::LateOverride(d) => d.submit(cx),
            Dialog::ApproveSignedOff(d) => d.submit(cx),
            Dialog::Reschedule(d) => d.submit(cx),
            Dialog::Reject(d) => d.submit(cx),
            Dialog::Transfer(d) => d.submit(cx),
            Dialog::MarkReady(d) => d.submit(cx),
            Dialog::HandOver(d) => d.submit(cx),
            Dialog::Dispatch(d) => d.submit(cx),
            Dialog::WalkIn(d) => d.submit(cx),
            Dialog::CloseDay(d) => d.submit(cx),
            Dialog::ReopenDay(d) => d.submit(cx),
            Dialog::Outreach(d) => d.submit(cx),
        }
    }
}

/// A field whose value is not one the dialog can mean: "‹label›: ‹value› is not a valid choice".
pub(crate) fn bad_field(form: &Form, i: usize, lang: Lang) -> String {
    let label = form.fields.get(i).map_or("", |f| tr(lang, f.label));
    super::errors::fill(tr(lang, "err.choice"), &[label.to_string(), form.value(i).to_string()])
}

/// Runs a store call and puts its error in the officer's words (for the form's error line).
pub(crate) fn store<T>(cx: &Ctx, r: Result<T, crate::store::StoreError>) -> Result<T, String> {
    r.map_err(|e| cx.describe(&e))
}

/// The value of choice field `i`, which must be one of the choices it offers.
pub(crate) fn choice(form: &Form, i: usize, lang: Lang) -> Result<&str, String> {
    let v = form.value(i);
    match form.fields.get(i) {
        Some(f) if f.choices.iter().any(|c| c == v) => Ok(v),
        _ => Err(bad_field(form, i, lang)),
    }
}

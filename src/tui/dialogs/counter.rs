//! Dialogs about one applicant at check-in or at the counter: payment, the late override, the watchlist
//! sign-off, a reschedule, a rejection and a transfer to another counter.

use super::{choice, store};
use crate::domain::lifecycle::RejectionReason;
use crate::domain::settings::OfficeSettings;
use crate::domain::types::Role;
use crate::store::Actor;
use crate::tui::form::{Field, Form};
use crate::tui::room::{Ctx, Effect};
use chrono::{DateTime, NaiveDate, Utc};

/// A supervisor's sign-off on this desk: their name, their password and the reason.
fn sign_off_fields() -> Vec<Field> {
    vec![Field::text("field.supervisor"), Field::password("field.password"), Field::text("field.reason")]
}

/// The supervisor named in a sign-off, signed in with their own password on this desk.
fn supervisor(cx: &Ctx, name: &str, password: &str) -> Result<Actor, String> {
    store(cx, cx.store.authenticate(name, password))
}

/// Recording the PNBP payment: the receipt's NTPN and when it was paid (empty: now).
#[derive(Debug)]
pub struct PaymentDialog {
    pub code: String,
    pub form: Form,
}

/// A payment to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRequest {
    pub ntpn: String,
    pub paid_at: DateTime<Utc>,
}

impl PaymentDialog {
    const NTPN: usize = 0;
    const PAID_AT: usize = 1;

    pub fn new(code: &str) -> PaymentDialog {
        let form = Form::new("title.payment", vec![Field::text("field.ntpn"), Field::text("field.paid_at")])
            .with_note(code.to_string());
        PaymentDialog { code: code.into(), form }
    }

    /// The payment the fields describe; the time is office time ("YYYY-MM-DD HH:MM"), empty for now.
    pub fn request(&self, cx: &Ctx) -> Result<PaymentRequest, String> {
        let at = self.form.value(Self::PAID_AT);
        let paid_at = if at.is_empty() { cx.now } else { crate::clock::parse_now(at, cx.settings.utc_offset)? };
        Ok(PaymentRequest { ntpn: self.form.value(Self::NTPN).to_string(), paid_at })
    }

    pub fn submit(&self, cx: &mut Ctx) -> Result<Effect, String> {
        let req = self.request(cx)?;
        let r = cx.store.record_payment(cx.actor, &self.code, &req.ntpn, req.paid_at, cx.now);
        store(cx, r)?;
        Ok(Effect::done(cx.tr("msg.payment").into()))
    }
}

/// A late arrival checked in with a supervisor's override and a reason.
#[derive(Debug)]
pub struct OverrideDialog {
    pub code: String,
    pub form: Form,
}

/// A supervisor's sign-off: who (already authenticated) and why.
#[derive(Debug, Clone)]
pub struct SignOff {
    pub supervisor: Actor,
    pub reason: String,
}

impl OverrideDialog {
    const SUPERVISOR: usize = 0;
    const PASSWORD: usize = 1;
    const REASON: usize = 2;

    pub fn new(code: &str) -> OverrideDialog {
        OverrideDialog { code: code.into(), form: Form::new("title.override", sign_off_fields()) }
    }

    /// The supervisor's account and a reason, both required.
    pub fn request(&self, cx: &Ctx) -> Result<SignOff, String> {
        let f = &self.form;
        let sup = supervisor(cx, f.value(Self::SUPERVISOR), f.value(Self::PASSWORD))?;
        store(cx, sup.require(Role::Supervisor, "overriding a late check-in"))?;
        if f.value(Self::REASON).is_empty() {
            return Err(cx.tr("err.reason_needed").into());
        }
        Ok(SignOff { supervisor: sup, reason: f.value(Self::REASON).to_string() })
    }

    pub fn submit(&self, cx: &mut Ctx) -> Result<Effect, String> {
        let s = self.request(cx)?;
        let r = cx.store.check_in(&s.supervisor, &self.code, Some(&s.reason), cx.now);
        let app = store(cx, r)?;
        Ok(Effect::CheckedIn(vec![app]))
    }
}

/// Approving an applicant with a watchlist match: a supervisor's sign-off with a reason (the store checks both).
#[derive(Debug)]
pub struct SignOffDialog {
    pub code: String,
    pub form: Form,
}

impl SignOffDialog {
    const SUPERVISOR: usize = 0;
    const PASSWORD: usize = 1;
    const REASON: usize = 2;

    /// `note`: the warning and the applicant, repeated above the fields.
    pub fn new(code: &str, note: String) -> SignOffDialog {
        SignOffDialog {
            code: code.into(),
            form: Form::new("title.watchlist_sign_off", sign_off_fields()).with_note(note),
        }
    }

    pub fn submit(&self, cx: &mut Ctx) -> Result<Effect, String> {
        let f = &self.form;
        let sup = supervisor(cx, f.value(Self::SUPERVISOR), f.value(Self::PASSWORD))?;
        let r = cx.store.approve_signed_off(&sup, &self.code, f.value(Self::REASON), cx.now);
        let app = store(cx, r)?;
        let message = format!(
            "{} — {} {} — {} {}",
            cx.tr("msg.approved_signed_off"),
            app.full_name,
            sup.name,
            cx.tr("label.ready_date"),
            app.ready_date.map(|d| d.to_string()).unwrap_or_default()
        );
        Ok(Effect::Approved { app, message })
    }
}

/// Moving a booking to another day and slot; a special reschedule (on the day, or over the limit) is signed
/// off by a supervisor with a reason.
#[derive(Debug)]
pub struct RescheduleDialog {
    pub code: String,
    pub special: bool,
    pub form: Form,
}

/// A reschedule to make.
#[derive(Debug, Clone)]
pub struct RescheduleRequest {
    pub date: NaiveDate,
    pub start: String,
    pub sign_off: Option<SignOff>,
}

impl RescheduleDialog {
    const DATE: usize = 0;
    const SLOT: usize = 1;
    const SUPERVISOR: usize = 2;
    const PASSWORD: usize = 3;
    const REASON: usize = 4;

    /// Offers the day after the booked one and the office's slots.
    pub fn new(settings: &OfficeSettings, code: &str, from: NaiveDate, special: bool) -> RescheduleDialog {
        let starts: Vec<String> =
            settings.slot_template.slots().iter().map(|(a, _)| a.format("%H:%M").to_string()).collect();
        let next = from.succ_opt().unwrap_or(from).to_string();
        let mut fields = vec![Field::text("field.date").with_value(&next), Field::choice("field.slot", starts)];
        if special {
            fields.extend(sign_off_fields());
        }
        let form = Form::new(if special { "title.special_reschedule" } else { "title.reschedule" }, fields);
        RescheduleDialog { code: code.into(), special, form }
    }

    pub fn request(&self, cx: &Ctx) -> Result<RescheduleRequest, String> {
        let f = &self.form;
        let date = NaiveDate::parse_from_str(f.value(Self::DATE), "%Y-%m-%d").map_err(|_| cx.tr("err.date"))?;
        let start = choice(f, Self::SLOT, cx.lang)?;
        let sign_off = if self.special {
            let sup = supervisor(cx, f.value(Self::SUPERVISOR), f.value(Self::PASSWORD))?;
            store(cx, sup.require(Role::Supervisor, "a special reschedule"))?;
            if f.value(Self::REASON).is_empty() {
                return Err(cx.tr("err.reason_needed").into());
            }
            Some(SignOff { supervisor: sup, reason: f.value(Self::REASON).to_string() })
        } else {
            None
        };
        Ok(RescheduleRequest { date, start: start.to_string(), sign_off })
    }

    pub fn submit(&self, cx: &mut Ctx) -> Result<Effect, String> {
        let req = self.request(cx)?;
        let (who, reason) = match &req.sign_off {
            Some(s) => (&s.supervisor, Some(s.reason.as_str())),
            None => (cx.actor, None),
        };
        let r = cx.store.reschedule(who, &self.code, req.date, &req.start, reason, cx.now);
        let app = store(cx, r)?;
        Ok(Effect::done(format!("{} {} {}", cx.tr("msg.rescheduled"), app.slot_date, app.slot_start)))
    }
}

/// Rejecting at the counter: a reason from the list and a note.
#[derive(Debug)]
pub struct RejectDialog {
    pub code: String,
    pub form: Form,
}

impl RejectDialog {
    const REASON: usize = 0;
    const NOTE: usize = 1;

    /// The watchlist reason is offered first when the applicant matches the watchlist, last otherwise.
    pub fn new(code: &str, watchlist_hit: bool) -> RejectDialog {
        let mut reasons: Vec<&str> = RejectionReason::ALL.iter().map(|r| r.as_str()).collect();
        if !watchlist_hit {
            reasons.rotate_left(1);
        }
        let reason = Field::choice("field.reason_code", reasons).shown_as(crate::tui::words::rejection_code);
        let fields = vec![reason, Field::text("field.note")];
        RejectDialog { code: code.into(), form: Form::new("title.reject", fields) }
    }

    pub fn reason(&self, cx: &Ctx) -> Result<RejectionReason, String> {
        let code = choice(&self.form, Self::REASON, cx.lang)?;
        RejectionReason::parse(code).ok_or_else(|| cx.tr("err.reason_needed").to_string())
    }

    pub fn submit(&self, cx: &mut Ctx) -> Result<Effect, String> {
        let reason = self.reason(cx)?;
        let r = cx.store.reject(cx.actor, &self.code, reason, self.form.value(Self::NOTE), cx.now);
        store(cx, r)?;
        Ok(Effect::done(cx.tr("msg.rejected").into()))
    }
}

/// Sending the applicant at this counter to another counter.
#[derive(Debug)]
pub struct TransferDialog {
    pub code: String,
    pub form: Form,
}

impl TransferDialog {
    const COUNTER: usize = 0;

    pub fn new(code: &str) -> TransferDialog {
        TransferDialog { code: code.into(), form: Form::new("title.transfer", vec![Field::text("field.counter")]) }
    }

    pub fn counter(&self, cx: &Ctx) -> Result<u32, String> {
        self.form.value(Self::COUNTER).parse().map_err(|_| cx.tr("err.counter").to_string())
    }

    pub fn submit(&self, cx: &mut Ctx) -> Result<Effect, String> {
        let to = self.counter(cx)?;
        let r = cx.store.transfer(cx.actor, &self.code, to, cx.now);
        store(cx, r)?;
        Ok(Effect::done(format!("{} {to}", cx.tr("msg.transferred"))))
    }
}

//! Dialogs for passports due: the passport number when one is ready, who collects it at the counter, and the
//! address and tracking number of a PT Pos dispatch.

use super::store;
use crate::store::Application;
use crate::tui::form::{Field, Form};
use crate::tui::room::{Ctx, Effect};

/// Marking a passport ready: its number (unique; the store refuses one given to another application).
#[derive(Debug)]
pub struct MarkReadyDialog {
    pub code: String,
    pub form: Form,
}

impl MarkReadyDialog {
    const PASSPORT_NO: usize = 0;

    pub fn new(app: &Application) -> MarkReadyDialog {
        let form = Form::new("title.mark_ready", vec![Field::text("field.passport_no")])
            .with_note(format!("{} {}", app.booking_code, app.full_name));
        MarkReadyDialog { code: app.booking_code.clone(), form }
    }

    pub fn submit(&self, cx: &mut Ctx) -> Result<Effect, String> {
        let r = cx.store.mark_ready(cx.actor, &self.code, self.form.value(Self::PASSPORT_NO), cx.now);
        store(cx, r)?;
        Ok(Effect::done(cx.tr("msg.marked_ready").into()))
    }
}

/// Handing a passport over at the counter: who collects it (the applicant's name offered).
#[derive(Debug)]
pub struct HandOverDialog {
    pub code: String,
    pub form: Form,
}

impl HandOverDialog {
    const COLLECTED_BY: usize = 0;

    pub fn new(app: &Application) -> HandOverDialog {
        let form =
            Form::new("title.hand_over", vec![Field::text("field.collected_by").with_value(&app.full_name)]).with_note(
                format!("{} {} {}", app.booking_code, app.full_name, app.passport_no.clone().unwrap_or_default()),
            );
        HandOverDialog { code: app.booking_code.clone(), form }
    }

    pub fn submit(&self, cx: &mut Ctx) -> Result<Effect, String> {
        let r = cx.store.hand_over(cx.actor, &self.code, self.form.value(Self::COLLECTED_BY), cx.now);
        store(cx, r)?;
        Ok(Effect::done(cx.tr("msg.handed_over").into()))
    }
}

/// Dispatching a passport by PT Pos: the address (the booking's offered) and the tracking number.
#[derive(Debug)]
pub struct DispatchDialog {
    pub code: String,
    pub form: Form,
}

impl DispatchDialog {
    const ADDRESS: usize = 0;
    const TRACKING: usize = 1;

    pub fn new(app: &Application, address: &str) -> DispatchDialog {
        let fields = vec![Field::text("field.address").with_value(address), Field::text("field.tracking")];
        let form = Form::new("title.dispatch", fields).with_note(format!("{} {}", app.booking_code, app.full_name));
        DispatchDialog { code: app.booking_code.clone(), form }
    }

    pub fn submit(&self, cx: &mut Ctx) -> Result<Effect, String> {
        let (address, tracking) = (self.form.value(Self::ADDRESS), self.form.value(Self::TRACKING));
        let r = cx.store.dispatch(cx.actor, &self.code, address, tracking, cx.now);
        store(cx, r)?;
        Ok(Effect::done(cx.tr("msg.dispatched").into()))
    }
}

//! A stay-permit extension (*perpanjangan izin tinggal*) at the desk: the foreigner's own data (no NIK) and
//! the keys of its own lifecycle (documents checked → biometrics → approved with the new expiry date or
//! refused with a reason → handed over), each through `Store::stay_permit_step`, the same function as
//! `loket stay-permit …`. What the lifecycle would refuse is said at once, before any question.

use super::outreach::{Effect, OutreachForm, OutreachPending};
use crate::domain::staypermit::{countries, transition, PermitType, StayEvent, StayStatus};
use crate::store::{StayPermit, StayStep, Store, StoreError};
use crate::tui::errors::fill;
use crate::tui::form::{Field, Form};
use crate::tui::i18n::tr;
use crate::tui::i18n::Lang;
use crate::tui::keymap::Action;
use crate::tui::theme;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui::Frame;

#[derive(Debug)]
pub struct StayState {
    pub permit: StayPermit,
    /// Its steps from the audit log, oldest first.
    pub steps: Vec<StayStep>,
    /// The office's UTC offset, to show instants in office time.
    pub offset: chrono::FixedOffset,
}

impl StayState {
    pub fn load(store: &Store, code: &str) -> Result<StayState, StoreError> {
        let permit = store.stay_permit(code)?;
        let offset = store.settings()?.utc_offset;
        let mut s = StayState { permit, steps: Vec::new(), offset };
        s.reload(store)?;
        Ok(s)
    }

    pub fn reload(&mut self, store: &Store) -> Result<(), StoreError> {
        self.permit = store.stay_permit(&self.permit.code)?;
        self.steps = store.stay_permit_steps(&self.permit.code)?;
        Ok(())
    }

    pub fn action(&mut self, action: Action, lang: Lang) -> Effect {
        let event = match action {
            Action::StayDocuments => StayEvent::CheckDocuments,
            Action::StayBiometrics => StayEvent::TakeBiometrics,
            Action::StayApprove => StayEvent::Approve,
            Action::StayRefuse => StayEvent::Refuse,
            Action::StayHandOver => StayEvent::HandOver,
            _ => return Effect::None,
        };
        let p = &self.permit;
        if transition(p.status, event).is_err() {
            return Effect::Error(fill(
                tr(lang, "err.stay_step"),
                &[tr(lang, step_key(event)).to_string(), status_word(lang, p.status).to_string()],
            ));
        }
        let code = p.code.clone();
        let who = format!("{} {}", p.queue_no.clone().unwrap_or_default(), p.full_name);
        match event {
            StayEvent::Approve => {
                let note = fill(tr(lang, "label.stay_approve_note"), &[who, p.current_expiry.to_string()]);
                let form = Form::new("title.stay_approve", vec![Field::text("field.new_expiry")]).with_note(note);
                Effect::Form(form, OutreachForm::StayApprove(code))
            }
            StayEvent::Refuse => {
                let form = Form::new("title.stay_refuse", vec![Field::text("field.reason")]).with_note(who);
                Effect::Form(form, OutreachForm::StayRefuse(code))
            }
            _ => {
                let text = format!("{} {who}?", tr(lang, step_key(event)));
                Effect::Confirm(text, OutreachPending::StayStep(code, event))
            }
        }
    }
}

/// A step as a word, for questions and refusals.
fn step_key(event: StayEvent) -> &'static str {
    match event {
        StayEvent::CheckDocuments => "act.stay_documents",
        StayEvent::TakeBiometrics => "act.stay_biometrics",
        StayEvent::Approve => "act.stay_approve",
        StayEvent::Refuse => "act.stay_refuse",
        StayEvent::HandOver => "act.stay_hand_over",
    }
}

/// A stay permit's status as a word.
pub fn status_word(lang: Lang, s: StayStatus) -> &'static str {
    match s {
        StayStatus::Registered => tr(lang, "status.stay_registered"),
        StayStatus::DocumentsChecked => tr(lang, "status.stay_documents_checked"),
        StayStatus::Biometrics => tr(lang, "status.stay_biometrics"),
        StayStatus::Approved => tr(lang, "status.stay_approved"),
        StayStatus::Refused => tr(lang, "status.stay_refused"),
        StayStatus::HandedOver => tr(lang, "status.stay_handed_over"),
    }
}

pub fn status_style(s: StayStatus) -> Style {
    Style::default().fg(match s {
        StayStatus::Registered => Color::Yellow,
        StayStatus::DocumentsChecked | StayStatus::Biometrics => Color::Cyan,
        StayStatus::Approved => Color::Green,
        StayStatus::Refused => Color::Red,
        StayStatus::HandedOver => Color::DarkGray,
    })
}

/// The permit type as a word.
pub fn permit_word(lang: Lang, p: PermitType) -> &'static str {
    match p {
        PermitType::Itas => tr(lang, "label.permit_itas"),
        PermitType::Itap => tr(lang, "label.permit_itap"),
        PermitType::VisitExtension => tr(lang, "label.permit_visit"),
    }
}

fn field(label: &str, value: impl Into<String>) -> Line<'static> {
    Line::from(vec![Span::styled(format!("{label:<17} "), theme::dim()), Span::raw(value.into())])
}

pub fn view(frame: &mut Frame, area: Rect, s: &StayState, lang: Lang) {
    let p = &s.permit;
    let country = countries().iter().find(|(c, _)| *c == p.nationality).map(|(_, n)| *n).unwrap_or_default();
    let mut lines = vec![
        Line::styled(format!("{}  {}", p.full_name, p.code), theme::title()),
        field(tr(lang, "label.foreign_passport"), p.passport_no.clone()),
        field(tr(lang, "label.nationality"), format!("{} {country}", p.nationality).trim().to_string()),
        field(tr(lang, "label.permit_type"), permit_word(lang, p.permit_type)),
        field(tr(lang, "label.permit_no"), p.permit_no.clone()),
        field(tr(lang, "label.current_expiry"), p.current_expiry.to_string()),
        field(tr(lang, "label.sponsor"), p.sponsor.clone()),
        field(tr(lang, "label.payment"), format!("{} · {}", crate::tui::text::idr(p.fee_idr), tr(lang, "label.paid"))),
        field(tr(lang, "label.service_date"), p.service_date.to_string()),
        Line::from(vec![
            Span::styled(format!("{:<17} ", tr(lang, "label.status")), theme::dim()),
            Span::styled(status_word(lang, p.status), status_style(p.status)),
            Span::raw(p.queue_no.as_ref().map(|q| format!("  {q}")).unwrap_or_default()),
        ]),
    ];
    if let Some(d) = p.new_expiry {
        lines.push(field(tr(lang, "label.new_expiry"), d.to_string()));
    }
    if let Some(r) = &p.refusal_reason {
        lines.push(field(tr(lang, "label.refusal_reason"), r.clone()));
    }
    // The whole flow, the step reached in its colour.
    lines.push(Line::from(""));
    let flow = [StayStatus::Registered, StayStatus::DocumentsChecked, StayStatus::Biometrics];
    let decided = if p.status == StayStatus::Refused { StayStatus::Refused } else { StayStatus::Approved };
    let mut spans: Vec<Span> = Vec::new();
    for (i, st) in flow.into_iter().chain([decided, StayStatus::HandedOver]).enumerate() {
        if i > 0 {
            spans.push(Span::styled(" → ", theme::dim()));
        }
        let style = if st == p.status { status_style(st) } else { theme::dim() };
        spans.push(Span::styled(status_word(lang, st), style));
    }
    lines.push(Line::from(spans));
    let [left, right] = Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(area);
    frame.render_widget(
        Paragraph::new(lines)
            .block(Block::bordered().title(format!(" {} ", tr(lang, "title.stay_permit"))))
            .wrap(Wrap { trim: true }),
        left,
    );
    // Its history, newest first: when, the status reached, by whom.
    let history: Vec<Line> = s
        .steps
        .iter()
        .rev()
        .map(|h| {
            let when = crate::tui::text::local(&h.at, s.offset, "%Y-%m-%d %H:%M");
            let to = h.to_status.as_deref().and_then(StayStatus::parse);
            Line::from(vec![
                Span::styled(format!("{when} "), theme::dim()),
                match to {
                    Some(st) => Span::styled(status_word(lang, st), status_style(st)),
                    None => Span::raw("—"),
                },
                Span::raw(format!(" · {}", h.officer)),
            ])
        })
        .collect();
    frame.render_widget(
        Paragraph::new(history)
            .block(Block::bordered().title(format!(" {} ", tr(lang, "title.history"))))
            .wrap(Wrap { trim: true }),
        right,
    );
}

impl crate::tui::room::Room for StayState {
    fn context(&self) -> crate::tui::keymap::Context {
        crate::tui::keymap::Context::StayPermit
    }

    fn reload(&mut self, cx: &crate::tui::room::Ctx) -> Result<(), StoreError> {
        StayState::reload(self, cx.store)
    }

    fn action(&mut self, action: Action, cx: &mut crate::tui::room::Ctx) -> crate::tui::room::Effect {
        let effect = StayState::action(self, action, cx.lang);
        super::outreach::room_effect(effect, cx)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, lang: Lang, _now: chrono::DateTime<chrono::Utc>) {
        view(frame, area, self, lang)
    }
}

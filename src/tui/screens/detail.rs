//! One applicant: identity (NIK decoded and checked), booking, payment, group and the full history.

use crate::domain::nik;
use crate::store::{Application, AuditEntry, AuditFilter, Store, StoreError};
use crate::tui::dialogs::{Dialog, PaymentDialog};
use crate::tui::i18n::tr;
use crate::tui::i18n::Lang;
use crate::tui::keymap::{Action, Context};
use crate::tui::room::{Ctx, Effect};
use crate::tui::theme;
use crate::tui::words;
use chrono::NaiveDate;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui::Frame;

#[derive(Debug)]
pub struct DetailState {
    pub app: Application,
    /// The office's UTC offset, to show instants in office time.
    pub offset: chrono::FixedOffset,
    pub history: Vec<AuditEntry>,
    pub group: Vec<Application>,
    /// The decoded NIK, or why it does not decode.
    pub nik: Result<nik::Nik, String>,
    /// Watchlist entries in force that match the applicant, shown from the moment the applicant is open.
    pub watchlist: Vec<crate::store::WatchlistEntry>,
}

impl DetailState {
    pub fn load(store: &Store, app: Application, today: NaiveDate) -> Result<DetailState, StoreError> {
        let offset = store.settings()?.utc_offset;
        let mut d = DetailState {
            app,
            offset,
            history: Vec::new(),
            group: Vec::new(),
            nik: Err(String::new()),
            watchlist: Vec::new(),
        };
        d.reload(store, today)?;
        Ok(d)
    }

    pub fn reload(&mut self, store: &Store, today: NaiveDate) -> Result<(), StoreError> {
        self.app = store.application(&self.app.booking_code)?;
        self.history =
            store.audit(&AuditFilter { booking_code: Some(self.app.booking_code.clone()), ..Default::default() })?;
        self.group = match &self.app.group_code {
            Some(g) => store.group_members(g, self.app.slot_date)?,
            None => Vec::new(),
        };
        let a = &self.app;
        self.watchlist = store.watchlist_matches(a.nik.as_deref(), &a.full_name, a.birth_date, today)?;
        self.nik = match &self.app.nik {
            Some(n) => nik::parse(n, today).map_err(|e| e.to_string()),
            None => Err("—".into()),
        };
        Ok(())
    }
}

impl crate::tui::room::Room for DetailState {
    fn context(&self) -> Context {
        Context::Detail
    }

    fn reload(&mut self, cx: &Ctx) -> Result<(), StoreError> {
        DetailState::reload(self, cx.store, cx.today())
    }

    fn action(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        let code = self.app.booking_code.clone();
        match action {
            Action::CheckIn => super::checkin::CheckInState::open(cx, &code),
            // The member's group on one screen.
            Action::GroupScreen => super::outreach::open_group(cx, self.app.group_code.clone()),
            Action::RecordPayment => Effect::Dialog(Dialog::Payment(PaymentDialog::new(&code))),
            Action::Reschedule => super::reschedule(cx, &self.app, false),
            Action::SpecialReschedule => super::reschedule(cx, &self.app, true),
            _ => Effect::None,
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, lang: Lang, _now: chrono::DateTime<chrono::Utc>) {
        view(frame, area, self, lang)
    }
}

fn field(label: &str, value: impl Into<String>) -> Line<'static> {
    Line::from(vec![Span::styled(format!("{label:<15} "), theme::dim()), Span::raw(value.into())])
}

pub fn view(frame: &mut Frame, area: Rect, d: &DetailState, lang: Lang) {
    let a = &d.app;
    let [left, right] = Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area);
    let mut lines = super::watchlist::lines(lang, &d.watchlist);
    lines.extend([
        Line::styled(format!("{}  {}", a.full_name, a.booking_code), theme::title()),
        field(tr(lang, "label.nik"), a.nik.clone().unwrap_or_default()),
    ]);
    match &d.nik {
        Ok(n) => {
            lines.push(field(tr(lang, "label.province"), format!("{} ({})", n.province_name, n.province_code)));
            let sex = if n.sex == nik::Sex::Female { tr(lang, "label.female") } else { tr(lang, "label.male") };
            lines.push(field(tr(lang, "label.born"), format!("{} · {sex}", n.birth_date)));
            let stated = nik::Sex::from_code(&a.sex).unwrap_or(n.sex);
            if let Err(e) = n.check_against(stated, a.birth_date) {
                lines.push(Line::styled(format!("⚠ {}: {e}", tr(lang, "warn.nik_mismatch")), theme::warn()));
            }
        }
        Err(e) => lines.push(Line::styled(format!("⚠ {}: {e}", tr(lang, "warn.nik_invalid")), theme::warn())),
    }
    lines.extend([
        field(tr(lang, "label.slot"), format!("{} {}–{}", a.slot_date, a.slot_start, a.slot_end)),
        field(
            tr(lang, "label.application"),
            format!(
                "{} · {} · {} {} {} · {}",
                words::application_type(lang, a.application_type),
                words::purpose(lang, a.purpose),
                words::passport_kind(lang, a.passport_kind),
                a.validity_years,
                tr(lang, "unit.years"),
                words::service(lang, a.service)
            ),
        ),
        field(
            tr(lang, "label.payment"),
            match &a.paid_at {
                Some(t) => format!(
                    "{} · {} {}",
                    crate::tui::text::idr(a.fee_idr),
                    tr(lang, "label.paid"),
                    crate::tui::text::local(t, d.offset, "%Y-%m-%d %H:%M")
                ),
                None => format!("{} · {}", crate::tui::text::idr(a.fee_idr), tr(lang, "label.unpaid")),
            },
        ),
        Line::from(vec![
            Span::styled(format!("{:<16}", tr(lang, "label.status")), theme::dim()),
            Span::styled(theme::status_word(lang, a.status), theme::status_style(a.status)),
            Span::raw(a.queue_no.as_ref().map(|q| format!("  {q}")).unwrap_or_default()),
        ]),
    ]);
    if let Some(p) = a.old_passport_no.as_ref() {
        lines.push(field(tr(lang, "label.old_passport"), p.clone()));
    }
    if let Some(p) = a.priority_reason {
        lines.push(field(tr(lang, "label.priority"), words::priority_reason(lang, p)));
    }
    if let Some(r) = a.rejection_reason {
        lines.push(field(tr(lang, "field.reason_code"), words::rejection_reason(lang, r)));
    }
    if let Some(r) = a.ready_date {
        lines.push(field(tr(lang, "label.ready_date"), r.to_string()));
    }
    if let Some(p) = &a.passport_no {
        lines.push(field(tr(lang, "label.passport_no"), p.clone()));
    }
    if let Some(g) = &a.group_code {
        lines.push(field(tr(lang, "label.group"), format!("{g} ({})", d.group.len())));
        for m in &d.group {
            lines.push(Line::from(format!(
                "  {} {} — {}",
                m.booking_code,
                m.full_name,
                theme::status_word(lang, m.status)
            )));
        }
    }
    frame.render_widget(
        Paragraph::new(lines)
            .block(Block::bordered().title(format!(" {} ", tr(lang, "title.detail"))))
            .wrap(Wrap { trim: true }),
        left,
    );
    let history: Vec<Line> =
        d.history.iter().rev().map(|h| Line::from(super::history::line(lang, d.offset, h))).collect();
    frame.render_widget(
        Paragraph::new(history)
            .block(Block::bordered().title(format!(" {} ", tr(lang, "title.history"))))
            .wrap(Wrap { trim: true }),
        right,
    );
}

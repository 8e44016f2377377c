//! Merge conflicts (supervisors): every conflict an outreach merge recorded, open ones first, and for the one
//! under the cursor both versions side by side in words (the office's and the laptop's). `o` keeps the office's
//! version, `l` takes the laptop's, each with a reason, through `Store::resolve_conflict` (the same function and
//! audit row as `loket outreach resolve`).

use super::outreach::{keep_word, Effect, OutreachForm};
use crate::domain::lifecycle::Status;
use crate::domain::outreach::{ConflictKind, Keep};
use crate::store::{Conflict, Store, StoreError};
use crate::tui::errors::fill;
use crate::tui::form::{Field, Form};
use crate::tui::i18n::tr;
use crate::tui::i18n::Lang;
use crate::tui::keymap::Action;
use crate::tui::theme;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui::Frame;
use serde_json::Value;

#[derive(Debug, Default)]
pub struct ConflictsState {
    pub conflicts: Vec<Conflict>,
    pub cursor: usize,
}

impl ConflictsState {
    pub fn load(store: &Store) -> Result<ConflictsState, StoreError> {
        let mut s = ConflictsState::default();
        s.reload(store)?;
        Ok(s)
    }

    /// Reloads every conflict, keeping the cursor on the same one.
    pub fn reload(&mut self, store: &Store) -> Result<(), StoreError> {
        let keep = self.selected().map(|c| c.id.clone());
        self.conflicts = store.conflicts(None)?;
        if let Some(i) = keep.and_then(|id| self.conflicts.iter().position(|c| c.id == id)) {
            self.cursor = i;
        }
        self.cursor = self.cursor.min(self.conflicts.len().saturating_sub(1));
        Ok(())
    }

    pub fn selected(&self) -> Option<&Conflict> {
        self.conflicts.get(self.cursor)
    }

    pub fn open_count(&self) -> usize {
        self.conflicts.iter().filter(|c| c.resolution.is_none()).count()
    }

    pub fn action(&mut self, action: Action, lang: Lang) -> Effect {
        let n = self.conflicts.len();
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(n.saturating_sub(1)),
            Action::PageUp => self.cursor = self.cursor.saturating_sub(10),
            Action::PageDown => self.cursor = (self.cursor + 10).min(n.saturating_sub(1)),
            Action::KeepOffice | Action::KeepLaptop => {
                let keep = if action == Action::KeepOffice { Keep::Office } else { Keep::Laptop };
                return self.resolve(keep, lang);
            }
            _ => {}
        }
        Effect::None
    }

    /// Refuse before asking: nothing to resolve, or already resolved; else the dialog asking for a reason.
    fn resolve(&self, keep: Keep, lang: Lang) -> Effect {
        let Some(c) = self.selected() else { return Effect::Error(tr(lang, "msg.no_conflicts").into()) };
        if c.resolution.is_some() {
            return Effect::Error(fill(tr(lang, "err.conflict_already_resolved"), std::slice::from_ref(&c.id)));
        }
        let note = [
            format!("{}  {}", c.id, kind_word(lang, c.kind)),
            subject(c),
            fill(tr(lang, "confirm.keep_version"), &[keep_word(lang, keep).to_string()]),
            tr(lang, consequence_key(c.kind, keep)).to_string(),
        ]
        .into_iter()
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n");
        let form = Form::new("title.resolve_conflict", vec![Field::text("field.reason")]).with_note(note);
        Effect::Form(form, OutreachForm::Resolve { id: c.id.clone(), keep })
    }
}

/// What a kind of conflict means, in words.
pub fn kind_word(lang: Lang, kind: ConflictKind) -> &'static str {
    match kind {
        ConflictKind::OfficeChanged => tr(lang, "label.conflict_office_changed"),
        ConflictKind::NikActive => tr(lang, "label.conflict_nik_active"),
        ConflictKind::QuotaExceeded => tr(lang, "label.conflict_quota"),
        ConflictKind::PassportActive => tr(lang, "label.conflict_passport_active"),
    }
}

/// What keeping one version does, for the dialog.
fn consequence_key(kind: ConflictKind, keep: Keep) -> &'static str {
    match (kind, keep) {
        (ConflictKind::OfficeChanged, Keep::Office) => "hint.keep_office_changed",
        (ConflictKind::OfficeChanged, Keep::Laptop) => "hint.keep_laptop_changed",
        (ConflictKind::NikActive, Keep::Office) => "hint.keep_office_nik",
        (ConflictKind::NikActive, Keep::Laptop) => "hint.keep_laptop_nik",
        (ConflictKind::QuotaExceeded, _) => "hint.keep_quota",
        (ConflictKind::PassportActive, Keep::Office) => "hint.keep_office_stay",
        (ConflictKind::PassportActive, Keep::Laptop) => "hint.keep_laptop_stay",
    }
}

fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str).filter(|s| !s.is_empty())
}

/// The booking and the applicant a conflict is about ("OR2612010001 Datang 10"); the day for a quota.
fn subject(c: &Conflict) -> String {
    let name = c
        .laptop_version
        .get("applicant")
        .or_else(|| c.laptop_version.get("stay_permit"))
        .and_then(|a| text(a, "full_name"))
        .unwrap_or_default();
    match (&c.booking_code, c.kind) {
        (_, ConflictKind::QuotaExceeded) => c.slot_date.clone().unwrap_or_default(),
        (Some(code), _) => format!("{code} {name}").trim().to_string(),
        (None, _) => name.to_string(),
    }
}

fn field(label: &str, value: impl Into<String>) -> Line<'static> {
    Line::from(vec![Span::styled(format!("{label:<17} "), theme::dim()), Span::raw(value.into())])
}

/// One version of the conflict (the office's or the laptop's) in words.
fn version_lines(lang: Lang, c: &Conflict, office: bool) -> Vec<Line<'static>> {
    let v = if office { &c.office_version } else { &c.laptop_version };
    if c.kind == ConflictKind::QuotaExceeded {
        return if office {
            let quota = v.get("quota_per_day").and_then(Value::as_i64).unwrap_or(0);
            vec![field(tr(lang, "label.quota_per_day"), quota.to_string())]
        } else {
            let n = v.get("active_applications").and_then(Value::as_i64).unwrap_or(0);
            vec![field(tr(lang, "label.applicants_that_day"), n.to_string())]
        };
    }
    if let Some(permit) = v.get("stay_permit") {
        return stay_permit_lines(lang, permit, v, office);
    }
    let Some(app) = v.get("application") else { return vec![Line::styled("—", theme::dim())] };
    let dash = |s: Option<&str>| s.unwrap_or("—").to_string();
    let mut lines = vec![field(tr(lang, "label.booking_code"), dash(text(app, "booking_code")))];
    let status = text(app, "status").and_then(Status::parse);
    lines.push(match status {
        Some(s) => Line::from(vec![
            Span::styled(format!("{:<17} ", tr(lang, "label.status")), theme::dim()),
            Span::styled(theme::status_word(lang, s), theme::status_style(s)),
        ]),
        None => field(tr(lang, "label.status"), dash(text(app, "status"))),
    });
    lines.push(field(
        tr(lang, "label.slot"),
        format!("{} {}", dash(text(app, "slot_date")), text(app, "slot_start").unwrap_or_default()),
    ));
    lines.push(field(tr(lang, "label.queue_no"), dash(text(app, "queue_no"))));
    if let Some(n) = app.get("reschedule_count").and_then(Value::as_i64).filter(|n| *n > 0) {
        lines.push(field(tr(lang, "label.reschedules"), n.to_string()));
    }
    if let Some(d) = text(app, "ready_date") {
        lines.push(field(tr(lang, "label.ready_date"), d.to_string()));
    }
    if let Some(g) = text(app, "group_code") {
        lines.push(field(tr(lang, "label.group"), g.to_string()));
    }
    if !office {
        lines.extend(laptop_steps(lang, v));
    }
    lines
}

/// One version of a stay permit in a conflict, in words.
fn stay_permit_lines(lang: Lang, permit: &Value, v: &Value, office: bool) -> Vec<Line<'static>> {
    use crate::domain::staypermit::StayStatus;
    use crate::tui::screens::staypermit::status_word;
    let dash = |s: Option<&str>| s.unwrap_or("—").to_string();
    let status = text(permit, "status").and_then(StayStatus::parse);
    let mut lines = vec![
        field(tr(lang, "label.booking_code"), dash(text(permit, "code"))),
        field(tr(lang, "label.foreign_passport"), dash(text(permit, "passport_no"))),
        field(
            tr(lang, "label.status"),
            status.map_or_else(|| dash(text(permit, "status")), |s| status_word(lang, s).into()),
        ),
        field(tr(lang, "label.service_date"), dash(text(permit, "service_date"))),
        field(tr(lang, "label.queue_no"), dash(text(permit, "queue_no"))),
    ];
    if !office {
        lines.extend(laptop_steps(lang, v));
    }
    lines
}

/// What the laptop did that the office's row does not show: its steps, in order (none if it held no events).
fn laptop_steps(lang: Lang, v: &Value) -> Option<Line<'static>> {
    let steps: Vec<String> = v
        .get("events")
        .and_then(Value::as_array)
        .map(|events| events.iter().filter_map(|e| text(e, "action")).map(|a| step_word(lang, a)).collect())
        .unwrap_or_default();
    (!steps.is_empty()).then(|| field(tr(lang, "label.laptop_steps"), steps.join(" → ")))
}

/// A laptop step in words: the desk's audit words, and the outreach registration the history screen does not
/// know yet.
fn step_word(lang: Lang, action: &str) -> String {
    match action {
        "outreach_walk_in" => tr(lang, "label.step_outreach_walk_in").to_string(),
        other => crate::tui::screens::history::action_word(lang, other),
    }
}

/// The resolution of a resolved conflict, in words.
fn resolution_line(lang: Lang, c: &Conflict) -> Option<Line<'static>> {
    let keep = c.resolution?;
    let mut text = fill(
        tr(lang, "label.resolved_by"),
        &[keep_word(lang, keep).to_string(), c.resolved_by.clone().unwrap_or_default()],
    );
    if let Some(n) = &c.note {
        text.push_str(&format!(": {n}"));
    }
    Some(Line::styled(text, theme::ok()))
}

pub fn view(frame: &mut Frame, area: Rect, s: &ConflictsState, lang: Lang) {
    let title = format!(" {} — {} {} ", tr(lang, "title.conflicts"), s.open_count(), tr(lang, "label.open_conflicts"));
    let list_h = (s.conflicts.len() as u16 + 2).clamp(3, (area.height / 3).max(3));
    let [list, detail] = Layout::vertical([Constraint::Length(list_h), Constraint::Min(0)]).areas(area);
    let rows = usize::from(list_h.saturating_sub(2)).max(1);
    let start = s.cursor.saturating_sub(rows - 1);
    let width = usize::from(list.width.saturating_sub(2));
    let mut lines: Vec<Line> = s
        .conflicts
        .iter()
        .enumerate()
        .skip(start)
        .take(rows)
        .map(|(i, c)| {
            let state = if c.resolution.is_some() { tr(lang, "label.resolved") } else { tr(lang, "label.open") };
            let text = format!("{:<18} {:<30} {:<8} {}", c.id, kind_word(lang, c.kind), state, subject(c));
            let line = Line::from(crate::tui::text::ellipsis(&text, width));
            if i == s.cursor {
                line.style(theme::selected())
            } else if c.resolution.is_some() {
                line.style(theme::dim())
            } else {
                line
            }
        })
        .collect();
    if s.conflicts.is_empty() {
        lines.push(Line::styled(tr(lang, "msg.no_conflicts"), theme::dim()));
    }
    frame.render_widget(Paragraph::new(lines).block(Block::bordered().title(title)), list);
    let Some(c) = s.selected() else { return };
    let mut head = vec![Line::styled(format!("{} — {}", kind_word(lang, c.kind), subject(c)), theme::title())];
    head.extend(resolution_line(lang, c));
    let [head_area, sides] =
        Layout::vertical([Constraint::Length(head.len() as u16), Constraint::Min(0)]).areas(detail);
    frame.render_widget(Paragraph::new(head).wrap(Wrap { trim: true }), head_area);
    let [left, right] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(sides);
    for (office, rect) in [(true, left), (false, right)] {
        let key = if office { "label.version_office" } else { "label.version_laptop" };
        let block = Block::bordered().title(format!(" {} ", tr(lang, key)));
        frame
            .render_widget(Paragraph::new(version_lines(lang, c, office)).block(block).wrap(Wrap { trim: true }), rect);
    }
}

impl crate::tui::room::Room for ConflictsState {
    fn context(&self) -> crate::tui::keymap::Context {
        crate::tui::keymap::Context::Conflicts
    }

    fn reload(&mut self, cx: &crate::tui::room::Ctx) -> Result<(), StoreError> {
        ConflictsState::reload(self, cx.store)
    }

    fn action(&mut self, action: Action, cx: &mut crate::tui::room::Ctx) -> crate::tui::room::Effect {
        let effect = ConflictsState::action(self, action, cx.lang);
        super::outreach::room_effect(effect, cx)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, lang: Lang, _now: chrono::DateTime<chrono::Utc>) {
        view(frame, area, self, lang)
    }
}

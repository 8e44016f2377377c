//! A group's progress on one screen (Umrah party, school, company): the leader and contact, the members
//! counted by status, and every member with queue number, day, status, ready date and passport number. `h`
//! records the collective pickup once for all ready passports through `Store::hand_over_group` (the same
//! function as `loket outreach group-pickup`; each member still gets its own audit row). `Enter` opens a member.

use super::outreach::{Effect, OutreachForm};
use crate::domain::lifecycle::Status;
use crate::store::{Application, GroupHead, Store, StoreError};
use crate::tui::errors::fill;
use crate::tui::form::{Field, Form};
use crate::tui::i18n::tr;
use crate::tui::i18n::Lang;
use crate::tui::keymap::Action;
use crate::tui::theme;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

#[derive(Debug)]
pub struct GroupState {
    pub head: GroupHead,
    pub members: Vec<Application>,
    pub cursor: usize,
}

impl GroupState {
    /// The group `code`, or `None` when no group goes by that code.
    pub fn load(store: &Store, code: &str) -> Result<Option<GroupState>, StoreError> {
        let Some(head) = store.group_head(code)? else { return Ok(None) };
        let mut s = GroupState { head, members: Vec::new(), cursor: 0 };
        s.reload(store)?;
        Ok(Some(s))
    }

    pub fn reload(&mut self, store: &Store) -> Result<(), StoreError> {
        self.members = store.group_applications(&self.head.code)?;
        self.cursor = self.cursor.min(self.members.len().saturating_sub(1));
        Ok(())
    }

    pub fn selected(&self) -> Option<&Application> {
        self.members.get(self.cursor)
    }

    /// Members whose passport waits at the office for collection.
    pub fn ready(&self) -> Vec<&Application> {
        self.members.iter().filter(|m| m.status == Status::Ready).collect()
    }

    pub fn action(&mut self, action: Action, lang: Lang) -> Effect {
        let n = self.members.len();
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(n.saturating_sub(1)),
            Action::PageUp => self.cursor = self.cursor.saturating_sub(10),
            Action::PageDown => self.cursor = (self.cursor + 10).min(n.saturating_sub(1)),
            Action::Open => {
                if let Some(m) = self.selected() {
                    return Effect::OpenApplicant(m.booking_code.clone());
                }
            }
            Action::GroupPickup => return self.pickup(lang),
            _ => {}
        }
        Effect::None
    }

    /// Refuse before asking (no passport ready); else one dialog for every ready passport of the group.
    fn pickup(&self, lang: Lang) -> Effect {
        let ready = self.ready();
        let code = self.head.code.clone();
        if ready.is_empty() {
            return Effect::Error(fill(tr(lang, "err.group_none_ready"), &[code]));
        }
        let mut note = fill(tr(lang, "label.group_pickup_note"), &[ready.len().to_string(), code.clone()]);
        for m in &ready {
            note.push_str(&format!(
                "\n  {} {} {}",
                m.booking_code,
                m.full_name,
                m.passport_no.clone().unwrap_or_default()
            ));
        }
        let leader = self.head.leader.clone().unwrap_or_default();
        let form = Form::new("title.group_pickup", vec![Field::text("field.collected_by").with_value(&leader)])
            .with_note(note);
        Effect::Form(form, OutreachForm::GroupPickup(code))
    }
}

pub fn view(frame: &mut Frame, area: Rect, s: &GroupState, lang: Lang) {
    let h = &s.head;
    let title = format!(" {} {} ", tr(lang, "title.group"), h.code);
    let block = Block::bordered().title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut head: Vec<Line> = Vec::new();
    if let Some(name) = &h.name {
        head.push(Line::styled(name.clone(), theme::title()));
    }
    if h.leader.is_some() || h.contact.is_some() {
        head.push(Line::from(vec![
            Span::styled(format!("{} ", tr(lang, "label.leader")), theme::dim()),
            Span::raw(h.leader.clone().unwrap_or_default()),
            Span::styled(format!("  {} ", tr(lang, "label.contact")), theme::dim()),
            Span::raw(h.contact.clone().unwrap_or_default()),
        ]));
    }
    // The members counted by status, in lifecycle order.
    let mut counts: Vec<Span> =
        vec![Span::styled(format!("{} {}  ", s.members.len(), tr(lang, "label.members")), theme::dim())];
    for st in Status::ALL {
        let n = s.members.iter().filter(|m| m.status == *st).count();
        if n > 0 {
            counts.push(Span::styled(format!("{} {n}  ", theme::status_word(lang, *st)), theme::status_style(*st)));
        }
    }
    head.push(Line::from(counts));
    head.push(Line::styled(
        format!(
            "{:<9} {:<13} {:<24} {:<10} {:<12} {:<10} {}",
            tr(lang, "label.col_queue"),
            tr(lang, "label.col_code"),
            tr(lang, "label.col_name"),
            tr(lang, "label.col_date"),
            tr(lang, "label.col_status"),
            tr(lang, "label.col_ready"),
            tr(lang, "label.col_passport"),
        ),
        theme::dim(),
    ));
    let [top, list] = Layout::vertical([Constraint::Length(head.len() as u16), Constraint::Min(0)]).areas(inner);
    frame.render_widget(Paragraph::new(head), top);
    let rows = usize::from(list.height).max(1);
    let start = s.cursor.saturating_sub(rows - 1);
    let mut lines: Vec<Line> = s
        .members
        .iter()
        .enumerate()
        .skip(start)
        .take(rows)
        .map(|(i, m)| {
            let line = Line::from(vec![
                Span::raw(format!(
                    "{:<9} {:<13} {:<24} {:<10} ",
                    m.queue_no.clone().unwrap_or_else(|| "—".into()),
                    m.booking_code,
                    crate::tui::text::ellipsis(&m.full_name, 24),
                    m.slot_date
                )),
                Span::styled(format!("{:<12.12}", theme::status_word(lang, m.status)), theme::status_style(m.status)),
                Span::raw(format!(
                    " {:<10} {}",
                    m.ready_date.map(|d| d.to_string()).unwrap_or_else(|| "—".into()),
                    m.passport_no.clone().unwrap_or_default()
                )),
            ]);
            if i == s.cursor {
                line.style(theme::selected())
            } else {
                line
            }
        })
        .collect();
    if s.members.is_empty() {
        lines.push(Line::styled(tr(lang, "msg.group_empty"), theme::dim()));
    }
    frame.render_widget(Paragraph::new(lines), list);
}

impl crate::tui::room::Room for GroupState {
    fn context(&self) -> crate::tui::keymap::Context {
        crate::tui::keymap::Context::Group
    }

    fn reload(&mut self, cx: &crate::tui::room::Ctx) -> Result<(), StoreError> {
        GroupState::reload(self, cx.store)
    }

    fn action(&mut self, action: Action, cx: &mut crate::tui::room::Ctx) -> crate::tui::room::Effect {
        let effect = GroupState::action(self, action, cx.lang);
        super::outreach::room_effect(effect, cx)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, lang: Lang, _now: chrono::DateTime<chrono::Utc>) {
        view(frame, area, self, lang)
    }
}

//! The audit trail of a day: who did what, when, from which state to which, with every override's reason.

use crate::store::{day_bounds_utc, AuditEntry, AuditFilter, Store, StoreError};
use crate::tui::i18n::tr;
use crate::tui::i18n::Lang;
use crate::tui::keymap::{Action, Context};
use crate::tui::room::{Ctx, Effect};
use crate::tui::text::{ellipsis, local};
use crate::tui::theme;
use chrono::{FixedOffset, NaiveDate};
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

#[derive(Debug)]
pub struct AuditState {
    pub date: NaiveDate,
    pub rows: Vec<AuditEntry>,
    pub cursor: usize,
    pub offset: FixedOffset,
}

impl AuditState {
    pub fn load(store: &Store, date: NaiveDate) -> Result<AuditState, StoreError> {
        let (rows, offset) = fetch(store, date)?;
        Ok(AuditState { date, rows, cursor: 0, offset })
    }

    pub fn reload(&mut self, store: &Store) -> Result<(), StoreError> {
        (self.rows, self.offset) = fetch(store, self.date)?;
        self.cursor = self.cursor.min(self.rows.len().saturating_sub(1));
        Ok(())
    }

    pub fn action(&mut self, a: Action) -> bool {
        let n = self.rows.len();
        match a {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(n.saturating_sub(1)),
            Action::PageUp => self.cursor = self.cursor.saturating_sub(10),
            Action::PageDown => self.cursor = (self.cursor + 10).min(n.saturating_sub(1)),
            Action::PrevDay => self.date = self.date.pred_opt().unwrap_or(self.date),
            Action::NextDay => self.date = self.date.succ_opt().unwrap_or(self.date),
            _ => return false,
        }
        matches!(a, Action::PrevDay | Action::NextDay)
    }
}

impl crate::tui::room::Room for AuditState {
    fn context(&self) -> Context {
        Context::Audit
    }

    fn reload(&mut self, cx: &Ctx) -> Result<(), StoreError> {
        AuditState::reload(self, cx.store)
    }

    fn action(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        if AuditState::action(self, action) {
            return Effect::from_result(AuditState::reload(self, cx.store).map(|()| Effect::None));
        }
        Effect::None
    }

    fn draw(&self, frame: &mut Frame, area: Rect, lang: Lang, _now: chrono::DateTime<chrono::Utc>) {
        view(frame, area, self, lang)
    }
}

/// The day's audit rows and the office offset to show their times in.
fn fetch(store: &Store, date: NaiveDate) -> Result<(Vec<AuditEntry>, FixedOffset), StoreError> {
    let settings = store.settings()?;
    let rows = store.audit(&AuditFilter { between: Some(day_bounds_utc(&settings, date)), ..Default::default() })?;
    Ok((rows, settings.utc_offset))
}

pub fn view(frame: &mut Frame, area: Rect, a: &AuditState, lang: Lang) {
    let block = Block::bordered().title(format!(" {} {} ({}) ", tr(lang, "title.audit"), a.date, a.rows.len()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let h = inner.height as usize;
    let start = a.cursor.saturating_sub(h.saturating_sub(1));
    let lines: Vec<Line> = a
        .rows
        .iter()
        .enumerate()
        .skip(start)
        .take(h)
        .map(|(i, r)| {
            let at = local(&r.at, a.offset, "%H:%M");
            // Narrow terminals drop the from→to column; the detail gets what is left, cut with an ellipsis.
            let wide = inner.width >= 110;
            let word = |s: &String| super::history::status(lang, s);
            let change = match (&r.from_status, &r.to_status) {
                (Some(f), Some(t)) if wide => format!("{}→{} ", word(f), word(t)),
                (None, Some(t)) if wide => format!("→{} ", word(t)),
                _ => String::new(),
            };
            let head = format!(
                "{at} {:<9.9} {:<14.14} {:<11} {change}",
                r.officer,
                super::history::action_word(lang, &r.action),
                r.booking_code.as_deref().unwrap_or("-"),
            );
            let room = usize::from(inner.width).saturating_sub(head.chars().count());
            let detail = super::history::detail(lang, a.offset, &r.action, r.detail.as_deref().unwrap_or(""));
            let detail = match r.counter {
                Some(c) => format!("{} {c} {detail}", tr(lang, "label.counter")).trim_end().to_string(),
                None => detail,
            };
            let line = Line::from(format!("{head}{}", ellipsis(&detail, room)));
            if i == a.cursor {
                line.style(theme::selected())
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

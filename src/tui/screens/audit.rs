//! The audit trail of a day: who did what, when, from which state to which, with every override's reason.

use crate::cli::Lang;
use crate::store::{day_bounds_utc, AuditEntry, AuditFilter, Store, StoreError};
use crate::tui::i18n::tr;
use crate::tui::keymap::Action;
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
        let offset = store.settings()?.utc_offset;
        let mut a = AuditState { date, rows: Vec::new(), cursor: 0, offset };
        a.reload(store)?;
        Ok(a)
    }

    pub fn reload(&mut self, store: &Store) -> Result<(), StoreError> {
        let settings = store.settings()?;
        self.offset = settings.utc_offset;
        self.rows =
            store.audit(&AuditFilter { between: Some(day_bounds_utc(&settings, self.date)), ..Default::default() })?;
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
            let at = chrono::DateTime::parse_from_rfc3339(&r.at)
                .map(|t| t.with_timezone(&a.offset).format("%H:%M").to_string())
                .unwrap_or_else(|_| r.at.clone());
            // Narrow terminals drop the from→to column; the detail gets what is left, cut with an ellipsis.
            let wide = inner.width >= 110;
            let change = match (&r.from_status, &r.to_status) {
                (Some(f), Some(t)) if wide => format!("{f}→{t} "),
                (None, Some(t)) if wide => format!("→{t} "),
                _ => String::new(),
            };
            let head = format!(
                "{at} {:<9.9} {:<14.14} {:<11} {change}",
                r.officer,
                r.action,
                r.booking_code.as_deref().unwrap_or("-"),
            );
            let room = usize::from(inner.width).saturating_sub(head.chars().count());
            let line = Line::from(format!("{head}{}", ellipsis(r.detail.as_deref().unwrap_or(""), room)));
            if i == a.cursor {
                line.style(theme::selected())
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// `s` cut to `width` characters, ending in "…" when cut.
pub fn ellipsis(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else if width == 0 {
        String::new()
    } else {
        let cut: String = s.chars().take(width - 1).collect();
        format!("{cut}…")
    }
}

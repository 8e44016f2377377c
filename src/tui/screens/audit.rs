//! The audit trail of a day: who did what, when, from which state to which, with every override's reason.

use crate::store::{day_bounds_utc, AuditEntry, AuditFilter, Store, StoreError};
use crate::tui::i18n::tr;
use crate::tui::i18n::Lang;
use crate::tui::keymap::{Action, Context};
use crate::tui::room::{Ctx, Effect};
use crate::tui::table::{self, Column, TableState};
use crate::tui::text::local;
use crate::tui::theme;
use chrono::{FixedOffset, NaiveDate};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

#[derive(Debug)]
pub struct AuditState {
    pub date: NaiveDate,
    pub rows: Vec<AuditEntry>,
    /// The selected row and the scroll offset.
    pub table: TableState,
    pub offset: FixedOffset,
}

impl AuditState {
    pub fn load(store: &Store, date: NaiveDate) -> Result<AuditState, StoreError> {
        let (rows, offset) = fetch(store, date)?;
        Ok(AuditState { date, rows, table: TableState::default(), offset })
    }

    pub fn reload(&mut self, store: &Store) -> Result<(), StoreError> {
        (self.rows, self.offset) = fetch(store, self.date)?;
        self.table.clamp(self.rows.len());
        Ok(())
    }

    pub fn cursor(&self) -> usize {
        self.table.selected()
    }

    pub fn action(&mut self, a: Action) -> bool {
        if self.table.apply(a, self.rows.len()) {
            return false;
        }
        match a {
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

/// Time, officer, action, booking code, the change of status (only where there is room), and the detail,
/// which gets the rest. Words are cut at a word boundary.
const COLUMNS: [Column; 6] = [
    Column::fixed(5),
    Column::fixed(9),
    Column::fixed(14),
    Column::fixed(11),
    Column::fixed(24).optional(1),
    Column::flex(30, 400),
];

/// On a wide screen the action gets room for its few words ("kegiatan jemput bola dibuat").
const WIDE_FROM: u16 = 120;

pub fn view(frame: &mut Frame, area: Rect, a: &AuditState, lang: Lang) {
    let block = Block::bordered().title(format!(" {} {} ({}) ", tr(lang, "title.audit"), a.date, a.rows.len()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let h = inner.height as usize;
    let start = a.table.window(h);
    let mut columns = COLUMNS;
    if inner.width >= WIDE_FROM {
        columns[2] = Column::fixed(30);
    }
    let widths = table::fit(&columns, inner.width);
    let lines: Vec<Line> = a
        .rows
        .iter()
        .enumerate()
        .skip(start)
        .take(h)
        .map(|(i, r)| {
            let word = |s: &String| super::history::status(lang, s);
            let change = match (&r.from_status, &r.to_status) {
                (Some(f), Some(t)) => format!("{}→{}", word(f), word(t)),
                (None, Some(t)) => format!("→{}", word(t)),
                _ => String::new(),
            };
            let detail = crate::tui::words::audit_detail(lang, a.offset, &r.action, r.detail.as_deref().unwrap_or(""));
            let detail = match r.counter {
                Some(c) => format!("{} {c} {detail}", tr(lang, "label.counter")).trim_end().to_string(),
                None => detail,
            };
            let fit = |text: String, i: usize| crate::tui::words::fit(&text, widths[i].map_or(0, usize::from));
            let cells = [
                local(&r.at, a.offset, "%H:%M"),
                r.officer.clone(),
                fit(super::history::action_word(lang, &r.action), 2),
                r.booking_code.clone().unwrap_or_else(|| "-".into()),
                fit(change, 4),
                fit(detail, 5),
            ];
            let line = table::row(&columns, &widths, cells.into_iter().map(|c| (c, Style::default())).collect());
            if i == a.cursor() {
                line.style(theme::selected())
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

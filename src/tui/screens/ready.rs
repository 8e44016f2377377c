//! Passports due: approved ones to mark ready (with the passport number), ready ones to hand over at the
//! counter or dispatch by PT Pos.

use crate::domain::lifecycle::{Event, HandOverKind};
use crate::store::{Application, Store, StoreError};
use crate::tui::dialogs::{Dialog, DispatchDialog, HandOverDialog, MarkReadyDialog};
use crate::tui::i18n::tr;
use crate::tui::i18n::Lang;
use crate::tui::keymap::{Action, Context};
use crate::tui::room::{Ctx, Effect, Room};
use crate::tui::table::{self, Column, TableState};
use crate::tui::theme;
use chrono::NaiveDate;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

/// Passports read per page: the list grows by a page as the cursor nears its end, so a year's backlog is never
/// loaded at once.
pub const PAGE: usize = 200;

#[derive(Debug)]
pub struct ReadyState {
    /// The pages read so far, in due order.
    pub list: Vec<Application>,
    /// The selected passport and the scroll offset.
    pub table: TableState,
    /// How many passports are due in all (the title shows it).
    pub total: u64,
    pub today: NaiveDate,
}

impl ReadyState {
    pub fn load(store: &Store, today: NaiveDate) -> Result<ReadyState, StoreError> {
        let mut r = ReadyState { list: Vec::new(), table: TableState::default(), total: 0, today };
        r.reload(store, today)?;
        Ok(r)
    }

    /// Re-reads as many passports as were shown (at least a page), keeping the selection.
    pub fn reload(&mut self, store: &Store, today: NaiveDate) -> Result<(), StoreError> {
        let keep = self.selected().map(|a| a.booking_code.clone());
        self.today = today;
        self.list = store.ready_page(today, None, self.list.len().max(PAGE))?;
        self.total = store.ready_count(today)?;
        let at = keep.and_then(|k| self.list.iter().position(|a| a.booking_code == k)).unwrap_or(self.cursor());
        self.table.select(at, self.list.len());
        Ok(())
    }

    /// Reads the next page when the cursor is within a screenful of the end of what is loaded.
    pub fn fill(&mut self, store: &Store) -> Result<(), StoreError> {
        if (self.list.len() as u64) < self.total && self.cursor() + 50 >= self.list.len() {
            let next = store.ready_page(self.today, self.list.last(), PAGE)?;
            self.list.extend(next);
        }
        Ok(())
    }

    pub fn cursor(&self) -> usize {
        self.table.selected()
    }

    pub fn selected(&self) -> Option<&Application> {
        self.list.get(self.cursor())
    }

    pub fn action(&mut self, a: Action) {
        self.table.apply(a, self.list.len());
    }
}

impl Room for ReadyState {
    fn context(&self) -> Context {
        Context::Ready
    }

    fn reload(&mut self, cx: &Ctx) -> Result<(), StoreError> {
        ReadyState::reload(self, cx.store, cx.today())
    }

    fn action(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        let event = match action {
            Action::MarkReady => Event::MarkReady,
            Action::HandOver => Event::HandOver(HandOverKind::Counter),
            Action::Dispatch => Event::HandOver(HandOverKind::Post),
            other => {
                // Moving through the list: the next page of the due list is read as the cursor nears it.
                ReadyState::action(self, other);
                return Effect::from_result(self.fill(cx.store).map(|()| Effect::None));
            }
        };
        let Some(app) = self.selected().cloned() else { return Effect::None };
        if let Some(refused) = super::refused(cx, &app, event) {
            return refused;
        }
        Effect::Dialog(match action {
            Action::MarkReady => Dialog::MarkReady(MarkReadyDialog::new(&app)),
            Action::HandOver => Dialog::HandOver(HandOverDialog::new(&app)),
            _ => {
                let address = cx.store.address(&app.booking_code).ok().flatten().unwrap_or_default();
                Dialog::Dispatch(DispatchDialog::new(&app, &address))
            }
        })
    }

    fn draw(&self, frame: &mut Frame, area: Rect, lang: Lang, _now: chrono::DateTime<chrono::Utc>) {
        view(frame, area, self, lang)
    }
}

/// Booking code, name, ready date, status, passport number.
const COLUMNS: [Column; 5] =
    [Column::fixed(12), Column::fixed(24), Column::fixed(10), Column::fixed(12), Column::flex(9, 12)];

pub fn view(frame: &mut Frame, area: Rect, r: &ReadyState, lang: Lang) {
    let block = Block::bordered().title(format!(" {} ({}) ", tr(lang, "title.ready"), r.total));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let h = inner.height as usize;
    let start = r.table.window(h);
    let widths = table::fit(&COLUMNS, inner.width);
    let mut lines: Vec<Line> = r
        .list
        .iter()
        .enumerate()
        .skip(start)
        .take(h)
        .map(|(i, a)| {
            let plain = |s: String| (s, Style::default());
            let cells = vec![
                plain(a.booking_code.clone()),
                plain(a.full_name.clone()),
                plain(a.ready_date.map(|d| d.to_string()).unwrap_or_default()),
                (theme::status_word(lang, a.status).to_string(), theme::status_style(a.status)),
                plain(a.passport_no.clone().unwrap_or_default()),
            ];
            let line = table::row(&COLUMNS, &widths, cells);
            if i == r.cursor() {
                line.style(theme::selected())
            } else {
                line
            }
        })
        .collect();
    if r.list.is_empty() {
        lines.push(Line::styled(tr(lang, "msg.nothing_due"), theme::dim()));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

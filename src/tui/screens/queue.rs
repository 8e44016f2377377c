//! Today's queue, the home screen: applicants grouped by arrival slot, filters and search.

use crate::domain::lifecycle::Status;
use crate::store::{Application, SlotUse, Store, StoreError};
use crate::tui::app::Screen;
use crate::tui::i18n::tr;
use crate::tui::i18n::Lang;
use crate::tui::keymap::{Action, Context};
use crate::tui::room::{Ctx, Effect, Room};
use crate::tui::screens::{checkin::CheckInState, detail::DetailState};
use crate::tui::table::{self, Column, TableState};
use crate::tui::theme;
use crate::tui::words;
use chrono::{DateTime, NaiveDate, Utc};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;
use std::collections::HashSet;
use tui_input::{Input, InputRequest};

#[derive(Debug)]
pub struct QueueState {
    pub date: NaiveDate,
    pub apps: Vec<Application>,
    pub slots: Vec<SlotUse>,
    /// Indices into `apps` that pass the filters, in display order.
    pub visible: Vec<usize>,
    /// The selected applicant (a position in `visible`) and the scroll offset.
    pub table: TableState,
    pub status_filter: Option<Status>,
    pub slot_filter: Option<String>,
    pub search: Input,
    /// The booking codes the store's search ([`Store::search`]) finds on this day for the search text.
    found: HashSet<String>,
    pub searching: bool,
    /// Display lines: a slot header (index into `apps` of its first applicant) or an applicant (position in
    /// `visible`). Computed with `visible`, so drawing touches only the lines on screen.
    lines: Vec<QueueLine>,
    /// The display line of each position in `visible`.
    line_of: Vec<usize>,
    /// The day's stay-permit applications (their own W line, below the passport slots); the cursor moves on
    /// past `visible` into `stay_visible`.
    pub stays: Vec<crate::store::StayPermit>,
    /// Indices into `stays` that pass the filters.
    pub stay_visible: Vec<usize>,
}

#[derive(Debug, Clone, Copy)]
enum QueueLine {
    Slot(usize),
    Applicant(usize),
    /// The stay-permit line's header.
    StayLine,
    /// A stay permit (position in `stay_visible`).
    Stay(usize),
}

impl QueueState {
    pub fn load(store: &Store, date: NaiveDate) -> Result<QueueState, StoreError> {
        let mut q = QueueState {
            date,
            apps: Vec::new(),
            slots: Vec::new(),
            visible: Vec::new(),
            table: TableState::default(),
            status_filter: None,
            slot_filter: None,
            search: Input::default(),
            found: HashSet::new(),
            searching: false,
            lines: Vec::new(),
            line_of: Vec::new(),
            stays: Vec::new(),
            stay_visible: Vec::new(),
        };
        q.reload(store)?;
        Ok(q)
    }

    /// Reloads the day, keeping the cursor on the same applicant.
    pub fn reload(&mut self, store: &Store) -> Result<(), StoreError> {
        let keep = self.selected().map(|a| a.booking_code.clone());
        let keep_stay = self.selected_stay().map(|p| p.code.clone());
        self.apps = store.day_applications(self.date)?;
        self.slots = store.slots_of_day(self.date)?;
        self.stays = store.day_stay_permits(self.date)?;
        self.find(store)?;
        if let Some(code) = keep {
            if let Some(i) = self.visible.iter().position(|&i| self.apps[i].booking_code == code) {
                self.table.select(i, self.rows());
            }
        }
        if let Some(code) = keep_stay {
            if let Some(k) = self.stay_visible.iter().position(|&i| self.stays[i].code == code) {
                self.table.select(self.visible.len() + k, self.rows());
            }
        }
        Ok(())
    }

    /// Searches the day for the search text through the store's one search (booking-code prefix, NIK prefix,
    /// a fragment of the name), then recomputes `visible`.
    pub fn find(&mut self, store: &Store) -> Result<(), StoreError> {
        let text = self.search.value().trim();
        self.found = if text.is_empty() {
            HashSet::new()
        } else {
            let limit = self.apps.len().max(1);
            store.search_codes(Some(self.date), text, limit)?.into_iter().collect()
        };
        self.refilter();
        Ok(())
    }

    /// Recomputes `visible` from the filters and what the search found (only when they change, not per
    /// frame); a queue number typed in the box matches too.
    pub fn refilter(&mut self) {
        let empty = self.search.value().trim().is_empty();
        let upper = self.search.value().trim().to_ascii_uppercase();
        self.visible = self
            .apps
            .iter()
            .enumerate()
            .filter(|(_, a)| self.status_filter.is_none_or(|s| a.status == s))
            .filter(|(_, a)| self.slot_filter.as_ref().is_none_or(|s| &a.slot_start == s))
            .filter(|(_, a)| {
                empty
                    || self.found.contains(&a.booking_code)
                    || a.queue_no.as_deref().is_some_and(|q| q.eq_ignore_ascii_case(upper.as_str()))
            })
            .map(|(i, _)| i)
            .collect();
        // Stay permits have their own statuses and no slot: a status or slot filter shows passports only.
        let query = crate::domain::name_key(self.search.value());
        let unfiltered = self.status_filter.is_none() && self.slot_filter.is_none();
        self.stay_visible = self
            .stays
            .iter()
            .enumerate()
            .filter(|_| unfiltered)
            .filter(|(_, p)| {
                query.is_empty()
                    || p.code.starts_with(&upper)
                    || p.passport_no.starts_with(&upper)
                    || crate::domain::name_key(&p.full_name).contains(&query)
                    || p.queue_no.as_deref().is_some_and(|q| q.eq_ignore_ascii_case(upper.as_str()))
            })
            .map(|(i, _)| i)
            .collect();
        self.table.clamp(self.rows());
        self.lines.clear();
        self.line_of.clear();
        let mut last_slot: Option<&str> = None;
        for (pos, &i) in self.visible.iter().enumerate() {
            let slot = self.apps[i].slot_start.as_str();
            if last_slot != Some(slot) {
                last_slot = Some(slot);
                self.lines.push(QueueLine::Slot(i));
            }
            self.line_of.push(self.lines.len());
            self.lines.push(QueueLine::Applicant(pos));
        }
        if !self.stay_visible.is_empty() {
            self.lines.push(QueueLine::StayLine);
        }
        for k in 0..self.stay_visible.len() {
            self.line_of.push(self.lines.len());
            self.lines.push(QueueLine::Stay(k));
        }
    }

    /// Rows the cursor moves over: the applicants shown, then the stay permits shown.
    pub fn rows(&self) -> usize {
        self.visible.len() + self.stay_visible.len()
    }

    /// The stay permit under the cursor (the cursor is past the applicants).
    pub fn selected_stay(&self) -> Option<&crate::store::StayPermit> {
        let k = self.cursor().checked_sub(self.visible.len())?;
        self.stay_visible.get(k).map(|&i| &self.stays[i])
    }

    /// Puts the cursor on the slot under way at office-local `now` ("HH:MM"): its first applicant, or the
    /// first of a later slot; after the last slot, on the first applicant still waiting.
    pub fn start_at(&mut self, now: &str) {
        let apps = &self.apps;
        let current = self.visible.iter().position(|&i| apps[i].slot_end.as_str() > now);
        let waiting = || self.visible.iter().position(|&i| apps[i].status == Status::CheckedIn);
        let at = current.or_else(waiting).unwrap_or(0);
        self.table.select(at, self.rows());
    }

    /// Clears a search kept after leaving the search box (Esc on the queue).
    pub fn clear_search(&mut self) -> bool {
        if self.search.value().is_empty() {
            return false;
        }
        self.search.reset();
        self.searching = false;
        self.table.select(0, 0);
        self.refilter();
        true
    }

    /// The position of the selected applicant in `visible`.
    pub fn cursor(&self) -> usize {
        self.table.selected()
    }

    pub fn selected(&self) -> Option<&Application> {
        self.visible.get(self.cursor()).map(|&i| &self.apps[i])
    }

    pub fn action(&mut self, a: Action) {
        let n = self.rows();
        match a {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => drop(self.table.apply(a, n)),
            Action::Search => self.searching = true,
            Action::FilterStatus => {
                let next = match self.status_filter {
                    None => Some(Status::ALL[0]),
                    Some(s) => Status::ALL.iter().position(|x| *x == s).and_then(|i| Status::ALL.get(i + 1)).copied(),
                };
                self.status_filter = next;
                self.refilter();
            }
            Action::FilterSlot => {
                let starts: Vec<&String> = self.slots.iter().map(|s| &s.start).collect();
                self.slot_filter = match &self.slot_filter {
                    None => starts.first().map(|s| s.to_string()),
                    Some(cur) => {
                        starts.iter().position(|s| *s == cur).and_then(|i| starts.get(i + 1)).map(|s| s.to_string())
                    }
                };
                self.refilter();
            }
            _ => {}
        }
    }

    /// Keys while typing in the search box: the list narrows as you type (with the store's search, see
    /// [`QueueState::find`]; this alone filters by queue number only).
    pub fn search_key(&mut self, k: &KeyEvent) {
        match k.code {
            KeyCode::Esc => {
                self.search.reset();
                self.searching = false;
            }
            KeyCode::Enter | KeyCode::Down | KeyCode::Up => self.searching = false,
            KeyCode::Backspace => drop(self.search.handle(InputRequest::DeletePrevChar)),
            KeyCode::Char(c) => drop(self.search.handle(InputRequest::InsertChar(c))),
            _ => {}
        }
        self.table.select(0, 0);
        self.refilter();
    }

    pub fn count(&self, s: Status) -> usize {
        self.apps.iter().filter(|a| a.status == s).count()
    }
}

impl Room for QueueState {
    fn context(&self) -> Context {
        Context::Queue
    }

    fn reload(&mut self, cx: &Ctx) -> Result<(), StoreError> {
        QueueState::reload(self, cx.store)
    }

    fn action(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        match action {
            // A stay-permit row opens its own screen.
            Action::Open if self.selected_stay().is_some() => {
                let code = self.selected_stay().map(|p| p.code.clone()).unwrap_or_default();
                super::outreach::open_stay(cx, &code)
            }
            Action::Open => match self.selected().cloned() {
                Some(app) => Effect::from_result(
                    DetailState::load(cx.store, app, cx.today()).map(|d| Effect::Push(Screen::Detail(d))),
                ),
                None => Effect::None,
            },
            Action::CheckIn => match self.selected() {
                Some(app) => CheckInState::open(cx, &app.booking_code.clone()),
                None => Effect::None,
            },
            Action::PrevDay | Action::NextDay | Action::Today => {
                self.date = match action {
                    Action::PrevDay => self.date.pred_opt().unwrap_or(self.date),
                    Action::NextDay => self.date.succ_opt().unwrap_or(self.date),
                    _ => cx.today(),
                };
                Effect::from_result(QueueState::reload(self, cx.store).map(|()| Effect::None))
            }
            other => {
                QueueState::action(self, other);
                Effect::None
            }
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, lang: Lang, now: DateTime<Utc>) {
        view(frame, area, self, lang, now)
    }

    fn typing(&self) -> bool {
        self.searching
    }

    /// A key in the search box. Enter on a typed group or stay-permit code (not a booking code, which the
    /// search finds) opens its screen.
    fn type_key(&mut self, key: &KeyEvent, cx: &Ctx) -> Effect {
        let typed = self.search.value().trim().to_string();
        self.search_key(key);
        if let Err(e) = self.find(cx.store) {
            return Effect::Failed(e);
        }
        if key.code != KeyCode::Enter || typed.is_empty() || cx.store.application(&typed).is_ok() {
            return Effect::None;
        }
        match crate::tui::screens::outreach::open_code(cx, &typed) {
            Some(effect) => {
                self.clear_search();
                effect
            }
            None => Effect::None,
        }
    }

    /// A scan typed into the search box: its characters are taken back and the box closes (the app then
    /// opens the applicant).
    fn untype(&mut self, chars: usize, cx: &Ctx) -> Result<(), StoreError> {
        let back = KeyEvent::new(KeyCode::Backspace, crossterm::event::KeyModifiers::NONE);
        for _ in 0..chars {
            self.search_key(&back);
        }
        self.searching = false;
        self.find(cx.store)
    }

    /// Esc first clears a search kept after leaving the search box.
    fn back(&mut self) -> bool {
        self.clear_search()
    }
}

/// Minutes since check-in, for applicants still waiting or being served.
fn waiting(a: &Application, now: DateTime<Utc>) -> String {
    match (&a.checked_in_at, a.status) {
        (Some(t), Status::CheckedIn | Status::AtCounter) => {
            crate::tui::text::minutes_since(t, now).map(|m| format!("{m}m")).unwrap_or_default()
        }
        _ => String::new(),
    }
}

fn type_short(a: &Application, lang: Lang) -> String {
    let mut s = words::application_type(lang, a.application_type).to_string();
    if a.service == crate::domain::types::Service::Express {
        s.push('*');
    }
    s
}

/// Draws the queue into `area`.
pub fn view(frame: &mut Frame, area: Rect, q: &QueueState, lang: Lang, now: DateTime<Utc>) {
    let mut title = format!(" {} {} ", tr(lang, "title.queue"), q.date);
    if let Some(s) = q.status_filter {
        title.push_str(&format!("[{}] ", theme::status_word(lang, s)));
    }
    if let Some(s) = &q.slot_filter {
        title.push_str(&format!("[{s}] "));
    }
    let counts: Vec<Span> = [Status::Booked, Status::CheckedIn, Status::AtCounter, Status::Approved, Status::Rejected]
        .into_iter()
        .map(|s| Span::styled(format!(" {} {} ", theme::status_word(lang, s), q.count(s)), theme::status_style(s)))
        .collect();
    let block = Block::bordered().title(title).title_bottom(Line::from(counts));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height < 2 {
        return;
    }
    let search_line = if q.searching || !q.search.value().is_empty() {
        let cursor = if q.searching { "▏" } else { "" };
        Some(Line::from(vec![
            Span::styled(format!("/ {}", tr(lang, "label.search")), theme::dim()),
            Span::raw(format!(" {}{cursor}", q.search.value())),
            Span::styled(format!("  ({})", q.rows()), theme::dim()),
        ]))
    } else {
        None
    };
    let body_h = inner.height as usize - usize::from(search_line.is_some());
    // Scroll (from where the last frame was) so the cursor's line is visible; build only the lines on screen.
    let cursor_line = q.line_of.get(q.cursor()).copied().unwrap_or(0);
    let start = q.table.scroll_to(cursor_line, body_h);
    let widths = table::fit(&COLUMNS, inner.width);
    let mut out: Vec<Line> = q
        .lines
        .iter()
        .skip(start)
        .take(body_h)
        .map(|l| match *l {
            QueueLine::Slot(i) => {
                let a = &q.apps[i];
                let used = q
                    .slots
                    .iter()
                    .find(|s| s.start == a.slot_start)
                    .map(|s| format!("{}/{}", s.booked, s.quota))
                    .unwrap_or_default();
                Line::styled(format!("── {}–{}  {used} ", a.slot_start, a.slot_end), theme::title())
            }
            QueueLine::Applicant(pos) => {
                let line = row(&q.apps[q.visible[pos]], lang, now, &widths);
                if pos == q.cursor() {
                    line.style(theme::selected())
                } else {
                    line
                }
            }
            QueueLine::StayLine => Line::styled(
                format!("── {} ({}) ", tr(lang, "label.stay_line"), crate::domain::staypermit::QUEUE_PREFIX),
                theme::title(),
            ),
            QueueLine::Stay(k) => {
                let line = stay_row(&q.stays[q.stay_visible[k]], lang, &widths);
                if q.visible.len() + k == q.cursor() {
                    line.style(theme::selected())
                } else {
                    line
                }
            }
        })
        .collect();
    if q.rows() == 0 {
        out.push(Line::styled(tr(lang, "msg.empty_queue"), theme::dim()));
    }
    if let Some(s) = search_line {
        out.insert(0, s);
    }
    frame.render_widget(Paragraph::new(out), inner);
}

/// The queue's columns: number (with P for priority), booking or stay-permit code, name (grows to 40), type, purpose (only
/// where there is room), status, waiting time.
const COLUMNS: [Column; 7] = [
    Column::fixed(7),
    // Booking codes are 10 characters; a stay permit's code is 14.
    Column::fixed(14),
    Column::flex(24, 40),
    Column::fixed(12),
    Column::fixed(10).optional(1),
    Column::fixed(12),
    Column::fixed(4).right(),
];

/// One applicant's row in the queue's columns.
fn row(a: &Application, lang: Lang, now: DateTime<Utc>, widths: &[Option<u16>]) -> Line<'static> {
    let plain = |s: String| (s, Style::default());
    let queue_no = a.queue_no.clone().unwrap_or_else(|| "—".into());
    let priority = if a.priority_reason.is_some() { "P" } else { " " };
    let cells = vec![
        plain(format!("{queue_no:<6}{priority}")),
        plain(a.booking_code.clone()),
        plain(a.full_name.clone()),
        plain(type_short(a, lang)),
        plain(words::purpose(lang, a.purpose).to_string()),
        (theme::status_word(lang, a.status).to_string(), theme::status_style(a.status)),
        plain(waiting(a, now)),
    ];
    table::row(&COLUMNS, widths, cells)
}

/// One stay permit's row, in the same columns as an applicant's: ticket, code, name, permit type, status.
fn stay_row(p: &crate::store::StayPermit, lang: Lang, widths: &[Option<u16>]) -> Line<'static> {
    use crate::tui::screens::staypermit::{permit_word, status_style, status_word};
    let plain = |s: String| (s, Style::default());
    let cells = vec![
        plain(p.queue_no.clone().unwrap_or_else(|| "—".into())),
        plain(p.code.clone()),
        plain(p.full_name.clone()),
        plain(permit_word(lang, p.permit_type).to_string()),
        plain(String::new()),
        (status_word(lang, p.status).to_string(), status_style(p.status)),
        plain(String::new()),
    ];
    table::row(&COLUMNS, widths, cells)
}

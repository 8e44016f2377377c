//! Check-in: the window verdict, payment, the document checklist and the priority reason, then a queue number.

use crate::domain::checkin::CheckInRefusal;
use crate::domain::checkin::{self, CheckInFacts, Window};
use crate::domain::documents::{self, Document};
use crate::domain::lifecycle::{transition, Event};
use crate::domain::nik;
use crate::domain::settings::parse_hhmm;
use crate::store::{local, Application, DayQuotas, Store, StoreError};
use crate::tui::app::Screen;
use crate::tui::dialogs::{Dialog, OverrideDialog, PaymentDialog, Pending};
use crate::tui::i18n::tr;
use crate::tui::i18n::Lang;
use crate::tui::keymap::{Action, Context};
use crate::tui::room::{Ctx, Effect, Room};
use crate::tui::table::TableState;
use crate::tui::theme;
use crate::tui::words;
use chrono::{DateTime, Utc};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui::Frame;

#[derive(Debug)]
pub struct CheckInState {
    pub app: Application,
    pub docs: Vec<(Document, bool)>,
    /// The selected document of the checklist.
    pub table: TableState,
    pub window: Window,
    /// The day's express and priority quotas, to show what is left.
    pub quotas: Option<DayQuotas>,
    /// Watchlist entries in force that match the applicant.
    pub watchlist: Vec<crate::store::WatchlistEntry>,
    /// A group check-in (`g`) in progress: every member's checklist in turn, then one check-in for all.
    pub group: Option<GroupPass>,
}

/// Going through the checklist of each member of a group still booked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupPass {
    pub group: String,
    pub date: chrono::NaiveDate,
    /// The members' booking codes and names, in order.
    pub members: Vec<(String, String)>,
    /// The member whose checklist is on screen.
    pub index: usize,
}

impl GroupPass {
    pub fn is_last(&self) -> bool {
        self.index + 1 >= self.members.len()
    }
}

impl CheckInState {
    pub fn load(store: &Store, code: &str, now: DateTime<Utc>) -> Result<CheckInState, StoreError> {
        let app = store.application(code)?;
        let age = nik::age_on(app.birth_date, app.slot_date);
        let docs =
            documents::required(app.application_type, app.purpose, age).into_iter().map(|d| (d, false)).collect();
        let mut s = CheckInState {
            app,
            docs,
            table: TableState::default(),
            window: Window::OnTime,
            quotas: None,
            watchlist: Vec::new(),
            group: None,
        };
        s.reload(store, now)?;
        Ok(s)
    }

    /// Re-reads the booking and re-judges the window (time moves on while the officer checks papers).
    pub fn reload(&mut self, store: &Store, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.app = store.application(&self.app.booking_code)?;
        let settings = store.settings()?;
        let start = parse_hhmm(&self.app.slot_start).unwrap_or(settings.opening_time);
        let today = local(&settings, now).date();
        let a = &self.app;
        self.watchlist = store.watchlist_matches(a.nik.as_deref(), &a.full_name, a.birth_date, today)?;
        self.window = checkin::window(
            local(&settings, now),
            self.app.slot_date,
            start,
            settings.opening_time,
            settings.checkin_lead_minutes,
        );
        self.quotas = Some(store.day_quotas(self.app.slot_date)?);
        Ok(())
    }

    /// Starts the group pass at the first member still booked (from this screen's applicant's group).
    pub fn start_group(&mut self, store: &Store, now: DateTime<Utc>) -> Result<Option<()>, StoreError> {
        let Some(group) = self.app.group_code.clone() else { return Ok(None) };
        let date = self.app.slot_date;
        let members: Vec<(String, String)> = store
            .group_members(&group, date)?
            .into_iter()
            .filter(|a| a.status == crate::domain::lifecycle::Status::Booked)
            .map(|a| (a.booking_code, a.full_name))
            .collect();
        if members.is_empty() {
            return Ok(None);
        }
        let pass = GroupPass { group, date, members, index: 0 };
        self.show_member(store, pass, now)?;
        Ok(Some(()))
    }

    /// Moves the group pass to its next member (checklist unticked).
    pub fn next_member(&mut self, store: &Store, now: DateTime<Utc>) -> Result<(), StoreError> {
        let Some(mut pass) = self.group.take() else { return Ok(()) };
        pass.index += 1;
        self.show_member(store, pass, now)
    }

    fn show_member(&mut self, store: &Store, pass: GroupPass, now: DateTime<Utc>) -> Result<(), StoreError> {
        let code = pass.members[pass.index].0.clone();
        *self = CheckInState::load(store, &code, now)?;
        self.group = Some(pass);
        Ok(())
    }

    pub fn action(&mut self, a: Action) {
        match a {
            Action::Up | Action::Down => drop(self.table.apply(a, self.docs.len())),
            Action::ToggleDocument => {
                if let Some(d) = self.docs.get_mut(self.table.selected()) {
                    d.1 = !d.1;
                }
            }
            Action::AllDocuments => self.docs.iter_mut().for_each(|d| d.1 = true),
            _ => {}
        }
    }

    /// What the rules would refuse now without an override (state, time window, payment, old passport): the
    /// same decision the store makes, asked before the officer is asked anything.
    pub fn refusal(&self) -> Option<StoreError> {
        if let Err(e) = transition(self.app.status, self.app.progress(), Event::CheckIn) {
            return Some(StoreError::Transition(e));
        }
        checkin::decide(&CheckInFacts {
            window: self.window,
            paid: self.app.paid_at.is_some(),
            needs_old_passport: self.app.application_type.needs_old_passport(),
            old_passport_no: self.app.old_passport_no.as_deref(),
            late_override: None,
        })
        .err()
        .map(StoreError::CheckIn)
    }

    /// Why the officer cannot confirm yet (a translation key), checked before asking the store.
    pub fn blocker(&self) -> Option<&'static str> {
        if self.docs.iter().any(|(_, ok)| !ok) {
            return Some("err.documents");
        }
        None
    }
}

impl CheckInState {
    /// Opens the check-in screen for `code`.
    /// Opens the checklist, unless the applicant is past check-in (checked in, served, cancelled…): that is
    /// said at once. A group member stays open, since `g` checks in the members still booked.
    pub fn open(cx: &Ctx, code: &str) -> Effect {
        match CheckInState::load(cx.store, code, cx.now) {
            Ok(s) if s.app.group_code.is_none() => match s.refusal() {
                Some(e @ StoreError::Transition(_)) => Effect::Failed(e),
                _ => Effect::Push(Screen::CheckIn(s)),
            },
            Ok(s) => Effect::Push(Screen::CheckIn(s)),
            Err(e) => Effect::Failed(e),
        }
    }

    /// Enter: refuse before asking — what the check-in rule refuses (unpaid, late, wrong day…) first, then the
    /// documents, and only then the question. In a group pass Enter moves to the next member's checklist.
    fn confirm(&mut self, cx: &Ctx) -> Effect {
        if let Some(r) = self.refusal() {
            return Effect::Error(cx.describe(&r));
        }
        if let Some(why) = self.blocker() {
            return Effect::Error(cx.tr(why).into());
        }
        let code = self.app.booking_code.clone();
        match self.group.clone() {
            None => {
                let text = format!("{} {} ({})?", cx.tr("confirm.check_in"), self.app.full_name, code);
                Effect::Confirm(text, Pending::CheckIn(code))
            }
            Some(g) if !g.is_last() => Effect::from_result(self.next_member(cx.store, cx.now).map(|()| Effect::None)),
            Some(g) => {
                let names: Vec<&str> = g.members.iter().map(|(_, n)| n.as_str()).collect();
                let text = format!(
                    "{} {} ({}): {}?",
                    cx.tr("confirm.check_in_group"),
                    g.group,
                    g.members.len(),
                    names.join(", ")
                );
                Effect::Confirm(text, Pending::CheckInGroup { group: g.group, date: g.date })
            }
        }
    }

    /// `o`: the override lifts the time rule only: anything else the rule refuses, and the documents, are
    /// checked first; on time there is nothing to override.
    fn late_override(&self, cx: &Ctx) -> Effect {
        match (self.refusal(), self.blocker()) {
            (Some(StoreError::CheckIn(CheckInRefusal::Late { .. })), None) => {
                Effect::Dialog(Dialog::LateOverride(OverrideDialog::new(&self.app.booking_code)))
            }
            (Some(StoreError::CheckIn(CheckInRefusal::Late { .. })), Some(why)) => Effect::Error(cx.tr(why).into()),
            (Some(r), _) => Effect::Error(cx.describe(&r)),
            (None, _) => Effect::Error(cx.tr("err.not_late").into()),
        }
    }
}

impl Room for CheckInState {
    fn context(&self) -> Context {
        Context::CheckIn
    }

    fn reload(&mut self, cx: &Ctx) -> Result<(), StoreError> {
        CheckInState::reload(self, cx.store, cx.now)
    }

    fn action(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        match action {
            Action::Confirm => self.confirm(cx),
            // A group goes through each member's checklist in turn (Enter moves on), then one check-in for all.
            Action::CheckInGroup => match self.start_group(cx.store, cx.now) {
                Ok(Some(())) => Effect::Info(cx.tr("msg.group_checklists").into()),
                Ok(None) => Effect::Error(cx.tr("err.no_group").into()),
                Err(e) => Effect::Failed(e),
            },
            Action::RecordPayment => Effect::Dialog(Dialog::Payment(PaymentDialog::new(&self.app.booking_code))),
            Action::LateOverride => self.late_override(cx),
            Action::Reschedule => super::reschedule(cx, &self.app, false),
            Action::SpecialReschedule => super::reschedule(cx, &self.app, true),
            other => {
                CheckInState::action(self, other);
                Effect::None
            }
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, lang: Lang, _now: DateTime<Utc>) {
        view(frame, area, self, lang)
    }
}

pub fn view(frame: &mut Frame, area: Rect, c: &CheckInState, lang: Lang) {
    let a = &c.app;
    let verdict = match c.window {
        Window::OnTime => Line::styled(format!("✔ {}", tr(lang, "verdict.on_time")), theme::ok()),
        Window::Late { deadline, seconds_late } => Line::styled(
            format!(
                "✘ {} ({} {}, {} {})",
                tr(lang, "verdict.late"),
                tr(lang, "label.deadline"),
                deadline.format("%H:%M"),
                crate::domain::checkin::minutes_late(seconds_late),
                tr(lang, "unit.minutes")
            ),
            theme::error(),
        ),
        Window::BeforeOpening { opens } => {
            Line::styled(format!("… {} {}", tr(lang, "verdict.before_opening"), opens.format("%H:%M")), theme::warn())
        }
        Window::WrongDay { slot_date } => {
            Line::styled(format!("✘ {} ({slot_date})", tr(lang, "verdict.wrong_day")), theme::error())
        }
    };
    let mut lines = Vec::new();
    if let Some(g) = &c.group {
        lines.push(Line::styled(
            crate::tui::errors::fill(
                tr(lang, "label.group_member"),
                &[g.group.clone(), (g.index + 1).to_string(), g.members.len().to_string()],
            ),
            theme::warn(),
        ));
    }
    lines.extend(super::watchlist::lines(lang, &c.watchlist));
    lines.extend([
        Line::styled(
            format!("{}  {}  {} {}–{}", a.full_name, a.booking_code, a.slot_date, a.slot_start, a.slot_end),
            theme::title(),
        ),
        verdict,
        match &a.paid_at {
            Some(_) => Line::styled(
                format!("✔ {} ({})", tr(lang, "label.paid"), crate::tui::text::idr(a.fee_idr)),
                theme::ok(),
            ),
            None => Line::styled(
                format!(
                    "✘ {} ({}) — $ {}",
                    tr(lang, "label.unpaid"),
                    crate::tui::text::idr(a.fee_idr),
                    tr(lang, "act.payment")
                ),
                theme::error(),
            ),
        },
    ]);
    if a.application_type.needs_old_passport() {
        lines.push(match &a.old_passport_no {
            Some(p) => Line::from(format!("{}: {p}", tr(lang, "label.old_passport"))),
            None => Line::styled(format!("✘ {}", tr(lang, "err.old_passport")), theme::error()),
        });
    }
    if let Some(p) = a.priority_reason {
        lines.push(Line::styled(
            format!("{}: {}", tr(lang, "label.priority"), words::priority_reason(lang, p)),
            theme::warn(),
        ));
    }
    if let Some(g) = &a.group_code {
        lines.push(Line::from(format!("{}: {g} (g)", tr(lang, "label.group"))));
    }
    if let Some(q) = &c.quotas {
        lines.push(Line::styled(super::close::quota_line(q, lang), theme::dim()));
    }
    lines.push(Line::from(""));
    lines.push(Line::styled(tr(lang, "label.documents"), theme::title()));
    for (i, (doc, ok)) in c.docs.iter().enumerate() {
        let mark = if *ok { "[x]" } else { "[ ]" };
        let style = if i == c.table.selected() { theme::selected() } else { ratatui::style::Style::default() };
        lines.push(Line::from(vec![Span::raw("  "), Span::styled(format!("{mark} {}", tr(lang, doc.code())), style)]));
    }
    if matches!(c.window, Window::Late { .. }) {
        lines.push(Line::from(""));
        lines.push(Line::styled(tr(lang, "hint.late"), theme::dim()));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .block(Block::bordered().title(format!(" {} ", tr(lang, "title.check_in"))))
            .wrap(Wrap { trim: true }),
        area,
    );
}

//! The supervisors' report on screen: the same figures as `loket report`, with an hourly arrivals bar chart.
//! Numbers are written by the report's own locale (one decimal, rounded half up once by the figures), so the
//! screen and the files never disagree. Other workstations' commits refresh it at most every
//! [`REFRESH_EVERY`]: a report reads the whole day, and a busy office commits several times a second.

use crate::report::locale::{dec1, minutes as mins, rupiah};
use crate::report::{Report, TimeStats};
use crate::store::{Store, StoreError};
use crate::tui::i18n::tr;
use crate::tui::i18n::Lang;
use crate::tui::keymap::{Action, Context};
use crate::tui::room::{Ctx, Effect};
use crate::tui::table::{self, Column};
use crate::tui::theme;
use chrono::{DateTime, NaiveDate, Utc};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Paragraph};
use ratatui::Frame;
use std::time::{Duration, Instant};

/// The shortest time between two rebuilds caused by other workstations' commits.
pub const REFRESH_EVERY: Duration = Duration::from_secs(5);

#[derive(Debug)]
pub struct ReportState {
    pub date: NaiveDate,
    pub report: Box<Report>,
    by: String,
    /// Another workstation committed since the last build.
    pub stale: bool,
    /// When the last rebuild for a foreign commit happened (`None`: not yet).
    built_at: Option<Instant>,
    /// How many times the report was built (for tests of the refresh rate).
    pub builds: u64,
}

impl ReportState {
    pub fn load(store: &Store, date: NaiveDate, by: &str, now: DateTime<Utc>) -> Result<ReportState, StoreError> {
        Ok(ReportState {
            date,
            report: Box::new(crate::report::build(store, date, date, by, now)?),
            by: by.to_string(),
            stale: false,
            built_at: None,
            builds: 1,
        })
    }

    /// Rebuilds now (the supervisor moved a day, or came back to the screen).
    pub fn reload(&mut self, store: &Store, now: DateTime<Utc>) -> Result<(), StoreError> {
        *self.report = crate::report::build(store, self.date, self.date, &self.by, now)?;
        self.stale = false;
        self.builds += 1;
        Ok(())
    }

    /// True when a foreign commit is waiting and the last such rebuild is at least [`REFRESH_EVERY`] ago.
    pub fn due(&self, at: Instant) -> bool {
        self.stale && self.built_at.is_none_or(|b| at.saturating_duration_since(b) >= REFRESH_EVERY)
    }

    /// Rebuilds for foreign commits, at `at` on the event loop's clock.
    pub fn refresh(&mut self, store: &Store, now: DateTime<Utc>, at: Instant) -> Result<(), StoreError> {
        self.built_at = Some(at);
        self.reload(store, now)
    }

    /// Moves a day; true when the report must be rebuilt.
    pub fn action(&mut self, a: Action) -> bool {
        match a {
            Action::PrevDay => self.date = self.date.pred_opt().unwrap_or(self.date),
            Action::NextDay => self.date = self.date.succ_opt().unwrap_or(self.date),
            _ => return false,
        }
        true
    }
}

impl crate::tui::room::Room for ReportState {
    fn context(&self) -> Context {
        Context::Report
    }

    fn reload(&mut self, cx: &Ctx) -> Result<(), StoreError> {
        ReportState::reload(self, cx.store, cx.now)
    }

    fn action(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        if ReportState::action(self, action) {
            return Effect::from_result(ReportState::reload(self, cx.store, cx.now).map(|()| Effect::None));
        }
        Effect::None
    }

    fn draw(&self, frame: &mut Frame, area: Rect, lang: Lang, _now: DateTime<Utc>) {
        view(frame, area, self, lang)
    }

    /// The report reads the whole day: another workstation's commit marks it stale, and it is rebuilt at most
    /// every [`REFRESH_EVERY`] (in `tick`).
    fn changed(&mut self, _cx: &Ctx) -> Result<(), StoreError> {
        self.stale = true;
        Ok(())
    }

    fn tick(&mut self, cx: &Ctx, at: Instant) -> Result<(), StoreError> {
        if self.due(at) {
            self.refresh(cx.store, cx.now, at)?;
        }
        Ok(())
    }
}

/// Waiting and service times per line: the line (in words), then median / p90 / max of each.
const TIME_COLUMNS: [Column; 3] = [Column::flex(3, 12), Column::flex(18, 24), Column::flex(20, 26)];

/// One officer a row: name, served, busy and idle minutes.
const OFFICER_COLUMNS: [Column; 4] =
    [Column::flex(6, 16), Column::flex(12, 16), Column::flex(12, 16), Column::flex(12, 16)];

/// A service line (the report's queue prefix A, E or P) as a word, as the report files write it ("A reguler").
fn line_word(lang: Lang, prefix: &str) -> &str {
    match prefix {
        "A" => tr(lang, "service.regular"),
        "E" => tr(lang, "service.express"),
        "P" => tr(lang, "rep.priority"),
        other => other,
    }
}

fn minutes(t: &TimeStats, lang: Lang) -> String {
    format!("{} / {} / {}", mins(lang, t.median_minutes), mins(lang, t.p90_minutes), mins(lang, t.max_minutes))
}

pub fn view(frame: &mut Frame, area: Rect, s: &ReportState, lang: Lang) {
    let r = &s.report;
    // The chart needs a bar and a gap per hour; the figures take the rest and wrap.
    let hours = r.hourly_bars().len() as u16;
    let bar_width: u16 = if area.width < 120 { 2 } else { 3 };
    let chart_width = (hours * (bar_width + 1) + 2).min(area.width / 2);
    let [figures, chart_area] = Layout::horizontal([Constraint::Min(0), Constraint::Length(chart_width)]).areas(area);
    // The report's tables (times per line, officers) in the table widget's columns, inside the border.
    let inner_w = figures.width.saturating_sub(2);
    let (time_w, officer_w) = (table::fit(&TIME_COLUMNS, inner_w), table::fit(&OFFICER_COLUMNS, inner_w));
    let cell = |s: String| (s, Style::default());
    let c = &r.totals.counts;
    let d = &r.decisions;
    let mut lines = vec![
        Line::styled(format!("{} · {}", crate::domain::text::for_terminal(&r.office), r.range_label()), theme::title()),
        Line::from(format!(
            "{} {} · {} {} · {} {}",
            tr(lang, "rep.booked"),
            c.booked,
            tr(lang, "rep.arrived"),
            c.arrived,
            tr(lang, "rep.no_show"),
            c.no_show,
        )),
        Line::from(format!(
            "{} {} · {} {}",
            tr(lang, "rep.walk_in"),
            c.walk_ins,
            tr(lang, "rep.priority"),
            r.priority.total
        )),
        Line::from(format!(
            "{} {} · {} {} · {} {}",
            tr(lang, "rep.served"),
            d.served,
            tr(lang, "rep.approved"),
            d.approved,
            tr(lang, "rep.rejected"),
            d.rejected,
        )),
        Line::from(format!(
            "{} {} / {} {}",
            tr(lang, "rep.reschedules"),
            r.reschedules.ordinary,
            tr(lang, "rep.special"),
            r.reschedules.special
        )),
        Line::from(""),
        Line::styled(tr(lang, "rep.times"), theme::dim()),
    ];
    for l in &r.lines {
        let cells = vec![
            cell(format!("{} {}", l.line, line_word(lang, &l.line))),
            cell(minutes(&l.waiting, lang)),
            cell(format!("· {}", minutes(&l.service, lang))),
        ];
        lines.push(table::row(&TIME_COLUMNS, &time_w, cells));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(format!("PNBP {} {}", tr(lang, "rep.collected"), rupiah(lang, r.pnbp.collected_idr))));
    lines.push(Line::from(format!(
        "     {} {} · {} {}",
        tr(lang, "rep.forfeit_no_show"),
        rupiah(lang, r.pnbp.forfeited_no_show_idr),
        tr(lang, "rep.forfeit_rejected"),
        rupiah(lang, r.pnbp.forfeited_rejected_idr)
    )));
    lines.push(Line::from(format!(
        "{} {} · {} {} · {} {}",
        tr(lang, "rep.made_ready"),
        r.passports.made_ready,
        tr(lang, "rep.handed_over"),
        r.passports.handed_over,
        tr(lang, "rep.dispatched"),
        r.passports.dispatched
    )));
    lines.push(Line::from(format!(
        "{} {} (0–7 {} · 8–14 {} · 15–30 {} · >30 {})",
        tr(lang, "rep.backlog"),
        r.backlog.total,
        r.backlog.days_0_7,
        r.backlog.days_8_14,
        r.backlog.days_15_30,
        r.backlog.days_over_30
    )));
    let stay = &r.stay_permits.total;
    if !stay.is_empty() {
        // Foreigners' stay permits, apart from the passports above (only when the day has any).
        lines.push(Line::from(format!(
            "{}: {} {} · {} {} · {} {} · {} {} · PNBP {}",
            tr(lang, "rpt.h_stay"),
            tr(lang, "rpt.stay_registered"),
            stay.registered,
            tr(lang, "rpt.approved"),
            stay.approved,
            tr(lang, "rpt.stay_refused"),
            stay.refused,
            tr(lang, "rpt.stay_handed_over"),
            stay.handed_over,
            rupiah(lang, stay.pnbp_idr)
        )));
    }
    for o in &r.officers {
        let f = &o.figures;
        // A number of minutes has its unit; the marks "!" (a data problem) and "–" (no counter time) do not.
        let idle = if f.busy_exceeds_present {
            "!".to_string()
        } else if f.presence == crate::report::Presence::NotAtCounter {
            // A supervisor without counter time is not an idle officer.
            "–".to_string()
        } else {
            format!("{}m", dec1(lang, f.idle_minutes))
        };
        let cells = vec![
            cell(crate::domain::text::for_terminal(&o.officer).into_owned()),
            cell(format!("{} {}", tr(lang, "rep.served"), f.served)),
            cell(format!("· {} {}m", tr(lang, "rep.busy"), dec1(lang, f.busy_minutes))),
            cell(format!("· {} {idle}", tr(lang, "rep.idle"))),
        ];
        let line = table::row(&OFFICER_COLUMNS, &officer_w, cells);
        lines.push(if f.busy_exceeds_present { line.style(theme::warn()) } else { line });
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(ratatui::widgets::Wrap { trim: true })
            .block(Block::bordered().title(format!(" {} ", tr(lang, "title.report")))),
        figures,
    );
    let bars: Vec<Bar> = r
        .hourly_bars()
        .into_iter()
        .map(|(label, n)| Bar::default().label(Line::from(label)).value(n).style(Style::default().fg(Color::Cyan)))
        .collect();
    let chart = BarChart::default()
        .block(Block::bordered().title(format!(" {} ", tr(lang, "rep.hourly"))))
        .data(BarGroup::default().bars(&bars))
        .bar_width(bar_width)
        .bar_gap(1);
    frame.render_widget(chart, chart_area);
}

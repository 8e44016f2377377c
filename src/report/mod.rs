//! The supervisors' report for a range of office-local days: the queue (booked, arrived, no-shows per slot,
//! walk-ins, priority applicants, reschedules), the decisions, waiting and service times per service line, the
//! counters and officers, hourly arrivals, PNBP amounts, passports and the backlog of uncollected ones.
//!
//! [`build`] reads the facts through the store's read-only report queries and computes every figure
//! ([`figures`]); [`render`] writes the one [`Report`] as text, CSV, JSON or a self-contained HTML page, and the
//! TUI draws the same struct. What each figure counts is documented on its field and in docs/report-json.md.
//!
//! Which days a figure belongs to:
//! * queue, decision, time, counter/officer, hourly and PNBP figures: applications whose **slot date** is in
//!   `from..=to` (reschedules: the slot date the booking was moved **away from**);
//! * passports made ready, handed over and dispatched: the **instant** of the move within the office-local days
//!   `from..=to`;
//! * the backlog: passports ready but not collected at the **end of `to`** (office-local midnight).

mod csv;
pub mod figures;
mod html;
mod text;

use crate::cli::ReportFormat;
use crate::store::{Store, StoreError};
use chrono::{DateTime, NaiveDate, Utc};

/// The `schema` value of the JSON form; bumped when a field changes meaning or disappears.
pub const SCHEMA: &str = "loket.report/1";

/// The whole report. Its JSON form (`serde_json`) is the stable interface for other tools.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Report {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    pub office: String,
    /// The office's UTC offset (e.g. "+07:00"); hours and days in the report are office-local.
    pub utc_offset: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The officer who produced the report.
    pub produced_by: String,
    /// When it was produced (UTC).
    pub produced_at: DateTime<Utc>,
    /// The office audit chain's head at the end of the range (the first 12 hex digits of the hash of the last
    /// audit row, by sequence, whose instant is before then; `null` for an empty log): a chain rewritten later
    /// no longer matches it.
    pub audit_chain_head: Option<String>,
    /// Every day of the range, days off included.
    pub days: Vec<DayRow>,
    /// Every arrival slot of the range, by date and start.
    pub slots: Vec<SlotRow>,
    /// The slot figures summed over the range.
    pub totals: QueueTotals,
    pub priority: PriorityCounts,
    pub reschedules: Reschedules,
    pub decisions: Decisions,
    pub services: ServiceSplit,
    /// Waiting and service times per queue line: A (reguler), E (percepatan), P (prioritas), always all three.
    pub lines: Vec<LineTimes>,
    /// Counters that served someone or had a session in the range, by number.
    pub counters: Vec<CounterRow>,
    /// Officers who served someone or had a session in the range, by name.
    pub officers: Vec<OfficerRow>,
    /// Check-ins per office-local hour, summed over the range; the office's hours always appear (with zeros).
    pub hourly_arrivals: Vec<HourCount>,
    pub pnbp: Pnbp,
    pub passports: Passports,
    pub backlog: Backlog,
}

/// One day of the range.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DayRow {
    pub date: NaiveDate,
    /// "Mon" … "Sun".
    pub weekday: String,
    /// Why the office is closed that day (the holiday's name, "Saturday", "Sunday"); `null` on working days.
    pub day_off: Option<String>,
    pub slots: u32,
    #[serde(flatten)]
    pub counts: SlotCounts,
}

/// The queue counts of a slot (or a day, or the range).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct SlotCounts {
    /// Sum of the slots' quotas.
    pub quota: u32,
    /// Bookings held in the slot (after any reschedule), not walk-ins, not withdrawn before arriving.
    /// `booked = arrived + no_show + pending`.
    pub booked: u32,
    /// Of `booked`: checked in.
    pub arrived: u32,
    /// Of `booked`: cancelled as no-shows.
    pub no_show: u32,
    /// Of `booked`: neither arrived nor cancelled yet (the day is not over or not closed).
    pub pending: u32,
    /// Bookings withdrawn before arriving (not in `booked`).
    pub withdrawn: u32,
    /// Priority walk-ins registered at the desk into the slot (not in `booked`).
    pub walk_ins: u32,
}

impl SlotCounts {
    fn add(&mut self, o: &SlotCounts) {
        self.quota += o.quota;
        self.booked += o.booked;
        self.arrived += o.arrived;
        self.no_show += o.no_show;
        self.pending += o.pending;
        self.withdrawn += o.withdrawn;
        self.walk_ins += o.walk_ins;
    }
}

/// One arrival slot.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SlotRow {
    pub date: NaiveDate,
    /// "08:00"
    pub start: String,
    /// "09:00"
    pub end: String,
    #[serde(flatten)]
    pub counts: SlotCounts,
}

/// The range's queue in total.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct QueueTotals {
    #[serde(flatten)]
    pub counts: SlotCounts,
    /// Everyone who checked in: `arrived + walk_ins`.
    pub checked_in: u32,
}

/// Priority applicants who checked in (booked or walk-in), by reason.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct PriorityCounts {
    pub total: u32,
    pub lansia: u32,
    pub disabilitas: u32,
    pub hamil: u32,
    pub balita: u32,
}

/// Bookings moved away from a slot date in the range.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Reschedules {
    /// The applicant's own (they count against the limit).
    pub ordinary: u32,
    /// Granted by a supervisor because the office was at fault or force majeure.
    pub special: u32,
}

/// Decisions at the counter. `served = approved + rejected`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Decisions {
    pub served: u32,
    pub approved: u32,
    pub rejected: u32,
    pub rejected_by_reason: RejectedByReason,
}

/// Rejections per ground (the codes of `applications.rejection_reason`); every ground is present.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct RejectedByReason {
    pub cegah_tangkal: u32,
    pub pmi_non_prosedural: u32,
    pub data_tidak_sah: u32,
    pub tujuan_melawan_hukum: u32,
    pub lainnya: u32,
}

impl RejectedByReason {
    /// (code, count) in the order of the JSON object.
    pub fn pairs(&self) -> [(&'static str, u32); 5] {
        [
            ("cegah_tangkal", self.cegah_tangkal),
            ("pmi_non_prosedural", self.pmi_non_prosedural),
            ("data_tidak_sah", self.data_tidak_sah),
            ("tujuan_melawan_hukum", self.tujuan_melawan_hukum),
            ("lainnya", self.lainnya),
        ]
    }
}

/// Regular against express (*percepatan*) service.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ServiceSplit {
    pub regular: ServiceCounts,
    pub express: ServiceCounts,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ServiceCounts {
    /// Checked in (walk-ins included).
    pub checked_in: u32,
    pub served: u32,
    pub approved: u32,
    pub rejected: u32,
}

/// Waiting and service times of one queue line.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LineTimes {
    /// "A", "E" or "P".
    pub line: String,
    /// "reguler", "percepatan" or "prioritas".
    pub name: String,
    /// First check-in → first call.
    pub waiting: TimeStats,
    /// First call → decision (approve or reject).
    pub service: TimeStats,
}

/// Statistics of a set of durations, in minutes rounded to 0.1. Percentiles are nearest-rank: the p-th
/// percentile of n sorted values is the value at rank ⌈p·n/100⌉ (1-based); the median is the 50th percentile
/// (so the lower middle value when n is even). `null` when there is no value.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct TimeStats {
    pub count: u32,
    pub median_minutes: Option<f64>,
    pub p90_minutes: Option<f64>,
    pub max_minutes: Option<f64>,
}

/// Where the time a counter or officer was present comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    /// Counter sessions (sign-in to sign-out, open ones up to the time the report was produced), clipped to
    /// the range.
    Sessions,
    /// No session in the range: the office's opening hours on the days that had slots, up to the time the
    /// report was produced.
    OfficeHours,
}

impl Presence {
    pub fn as_str(self) -> &'static str {
        match self {
            Presence::Sessions => "sessions",
            Presence::OfficeHours => "office_hours",
        }
    }
}

/// The work of one counter or one officer.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DeskFigures {
    /// Decisions (approve or reject) made there / by them.
    pub served: u32,
    /// Time with an applicant: each stint from a call (or transfer in) to the decision, transfer out, put-back
    /// or absent mark. A stint is the officer's who ended it.
    pub busy_minutes: f64,
    pub present_minutes: f64,
    /// `max(0, present − busy)`.
    pub idle_minutes: f64,
    pub presence: Presence,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CounterRow {
    pub counter: u32,
    #[serde(flatten)]
    pub figures: DeskFigures,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct OfficerRow {
    /// The officer's account name; [`UNRECORDED`] for work without audit rows (e.g. demo history).
    pub officer: String,
    #[serde(flatten)]
    pub figures: DeskFigures,
}

/// The officer of work recorded without audit rows.
pub const UNRECORDED: &str = "(unrecorded)";

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct HourCount {
    /// Office-local hour 0–23: arrivals from HH:00 to HH:59.
    pub hour: u32,
    pub arrivals: u32,
}

/// PNBP (state fee) amounts in rupiah, each application counted once by its fee as billed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Pnbp {
    /// Fees of approved applications.
    pub collected_idr: u64,
    /// Fees of paid bookings cancelled as no-shows (not refunded).
    pub forfeited_no_show_idr: u64,
    /// Fees of rejected applications (not refunded).
    pub forfeited_rejected_idr: u64,
    /// The sum of the three.
    pub total_idr: u64,
}

/// Passports that moved during the range (by the instant of the move).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Passports {
    pub made_ready: u32,
    /// Handed over at the counter.
    pub handed_over: u32,
    /// Sent by PT Pos Indonesia.
    pub dispatched: u32,
}

/// Passports ready but not collected at the end of `as_of`, by age: whole days from the office-local date
/// they were made ready to `as_of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Backlog {
    pub as_of: NaiveDate,
    pub total: u32,
    pub days_0_7: u32,
    pub days_8_14: u32,
    pub days_15_30: u32,
    pub days_over_30: u32,
    pub oldest_days: Option<u32>,
}

impl Report {
    /// The hourly arrivals as ("07", count) bars, for a bar chart.
    pub fn hourly_bars(&self) -> Vec<(String, u64)> {
        self.hourly_arrivals.iter().map(|h| (format!("{:02}", h.hour), u64::from(h.arrivals))).collect()
    }

    /// "2026-11-25" or "2026-11-23 – 2026-11-27".
    pub fn range_label(&self) -> String {
        if self.from == self.to {
            self.from.to_string()
        } else {
            format!("{} – {}", self.from, self.to)
        }
    }

    /// When the report was produced, office-local, e.g. "2026-11-25 16:30 (+07:00)".
    pub fn produced_local(&self) -> String {
        match crate::domain::settings::parse_offset(&self.utc_offset) {
            Ok(o) => format!("{} ({})", self.produced_at.with_timezone(&o).format("%Y-%m-%d %H:%M"), self.utc_offset),
            Err(_) => self.produced_at.format("%Y-%m-%d %H:%M UTC").to_string(),
        }
    }
}

/// Builds the report of the office-local days `from..=to`, produced by `produced_by` at `now`. A range without
/// data gives a report of zeros.
pub fn build(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
    produced_by: &str,
    now: DateTime<Utc>,
) -> Result<Report, StoreError> {
    if to < from {
        return Err(StoreError::Refused(format!("the report range ends ({to}) before it starts ({from})")));
    }
    let settings = store.settings()?;
    let (start, end) = store.range_bounds_utc(from, to)?;
    let facts = figures::Facts {
        settings: &settings,
        from,
        to,
        produced_by,
        now,
        slots: store.report_slots(from, to)?,
        days_off: store.report_days_off(from, to)?,
        visits: store.report_visits(from, to)?,
        reschedules: store.report_reschedules(from, to)?,
        sessions: store.report_sessions(&start, &end)?,
        moves: store.report_passport_moves(&start, &end)?,
        uncollected: store.report_uncollected(&end)?,
    };
    let mut report = figures::compute(&facts);
    let head = store.chain_head(Some(&end))?;
    report.audit_chain_head = head.as_deref().map(|h| crate::domain::audit::short_hash(h).to_string());
    Ok(report)
}

/// The report in one format: plain text, CSV (long form: one fact per row), pretty JSON or one HTML page.
pub fn render(report: &Report, format: ReportFormat) -> String {
    match format {
        ReportFormat::Text => text::render(report),
        ReportFormat::Csv => csv::render(report),
        ReportFormat::Json => {
            let mut s = serde_json::to_string_pretty(report).unwrap_or_default();
            s.push('\n');
            s
        }
        ReportFormat::Html => html::render(report),
    }
}

/// The waiting/service-time table shared by the text and HTML forms: header and one row per service line.
pub(crate) const TIME_HEADERS: [&str; 9] = ["Line", "Waited", "Median", "P90", "Max", "Served", "Median", "P90", "Max"];

pub(crate) fn time_cells(l: &LineTimes) -> Vec<String> {
    let stats = |t: &TimeStats| {
        [t.count.to_string(), minutes(t.median_minutes), minutes(t.p90_minutes), minutes(t.max_minutes)]
    };
    std::iter::once(format!("{} {}", l.line, l.name)).chain(stats(&l.waiting)).chain(stats(&l.service)).collect()
}

/// Minutes as printed in text and HTML: "12.5", or "–" when there is no value.
pub(crate) fn minutes(m: Option<f64>) -> String {
    m.map_or_else(|| "–".to_string(), |m| format!("{m:.1}"))
}

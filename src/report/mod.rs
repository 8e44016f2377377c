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
mod doc;
pub mod figures;
mod html;
pub mod locale;
mod pdf;
mod text;

use crate::cli::ReportFormat;
pub use crate::store::StayPermitCounts;
use crate::store::{Store, StoreError};
use crate::tui::i18n::Lang;
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
    /// Every day of the range, days off included.
    pub days: Vec<DayRow>,
    /// Every arrival slot of the range, by date and start: the office's slot template on every working day
    /// (with the quota setting), overridden or completed by the slots stored for that day.
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
    /// Foreigners' stay-permit extensions, kept apart: no passport figure above counts them.
    pub stay_permits: StayPermits,
    /// The `wait_alert_minutes` setting the service levels are measured against.
    pub alert_minutes: u32,
    /// Waits longer than `alert_minutes`, all lines together.
    pub service_level: ServiceLevel,
    /// The headline figures of this range (the same figures as [`Report::previous`]).
    pub period: PeriodFigures,
    /// The same figures for the period of the same length just before `from` (ranges of more than one day).
    pub previous: Option<PeriodFigures>,
    /// Figures that cannot be right as recorded (e.g. an officer busy longer than present), one sentence each
    /// in English; shown in every rendering, never silently corrected.
    pub data_problems: Vec<String>,
    /// The signature block of the printed report (settings `report_signer_*`).
    pub signature: Signature,
    /// The office audit chain's head at the end of the range (the first 12 hex digits of the hash of the last
    /// audit row, by sequence, whose instant is before then; `None` for an empty log): a chain rewritten later
    /// no longer matches the signed paper.
    pub chain_head: Option<String>,
}

/// Waits longer than the alert threshold: the share of applicants who waited too long.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct ServiceLevel {
    /// Applicants with a wait (checked in and called).
    pub waited: u32,
    /// Of `waited`: waited longer than `alert_minutes`.
    pub over_alert: u32,
    /// `over_alert / waited` in percent, rounded half up to 0.1; `null` when nobody waited.
    pub over_alert_percent: Option<f64>,
}

/// The headline figures of a period, for the comparison with the previous period.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct PeriodFigures {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub booked: u32,
    pub arrived: u32,
    pub no_show: u32,
    pub walk_ins: u32,
    pub served: u32,
    pub approved: u32,
    pub rejected: u32,
    /// Waiting time of all lines together.
    pub waiting: TimeStats,
    pub service_level: ServiceLevel,
    pub collected_idr: u64,
}

/// Who signs the printed report ("Mengetahui, Kepala Kantor").
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Signature {
    pub title: String,
    /// Empty: a line to write the name on.
    pub name: String,
    /// Empty: a line to write the NIP on.
    pub nip: String,
}

/// One day of the range.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DayRow {
    pub date: NaiveDate,
    /// "Mon" … "Sun".
    pub weekday: String,
    /// Why the office is closed that day (the holiday's name, "Saturday", "Sunday"); `null` on working days.
    pub day_off: Option<String>,
    pub slots: u32,
    #[serde(flatten)]
    pub counts: SlotCounts,
    /// Waiting time (check-in → first call) of the day's applicants, all lines.
    pub waiting: TimeStats,
    pub service_level: ServiceLevel,
    /// Decisions on the day's applicants.
    pub served: u32,
    /// Decisions per counter, by counter number (counters without a decision that day are left out).
    pub served_by_counter: Vec<CounterCount>,
}

/// Decisions made at one counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct CounterCount {
    pub counter: u32,
    pub served: u32,
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
    /// Waits longer than `alert_minutes` on this line.
    pub service_level: ServiceLevel,
}

/// Statistics of a set of durations, in minutes rounded half up to 0.1 (the one rounding rule of every report
/// form and the F8 screen: [`figures::to_minutes`]). Percentiles are nearest-rank: the p-th percentile of n
/// sorted values is the value at rank ⌈p·n/100⌉ (1-based); the median is the 50th percentile (so the lower
/// middle value when n is even). `null` when there is no value.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct TimeStats {
    pub count: u32,
    pub median_minutes: Option<f64>,
    pub p90_minutes: Option<f64>,
    pub max_minutes: Option<f64>,
    /// The arithmetic mean.
    pub mean_minutes: Option<f64>,
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
    /// A supervisor who acted without a counter session (e.g. approved a transfer): served and busy are
    /// counted, present and idle are not (0), so a supervisor is never shown as an idle officer.
    NotAtCounter,
}

impl Presence {
    pub fn as_str(self) -> &'static str {
        match self {
            Presence::Sessions => "sessions",
            Presence::OfficeHours => "office_hours",
            Presence::NotAtCounter => "not_at_counter",
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
    /// `present − busy`, both rounded first, so `busy + idle = present` exactly; 0 when busy exceeds present.
    pub idle_minutes: f64,
    pub presence: Presence,
    /// Decisions per present hour, rounded half up to 0.1; `null` without present time.
    pub served_per_hour: Option<f64>,
    /// Busy longer than present: the records disagree (listed in `data_problems` too).
    pub busy_exceeds_present: bool,
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

/// Foreigners' stay-permit extensions (*perpanjangan izin tinggal*) of the range: registrations by service day,
/// decisions and hand-overs by the instant they happened, fees of the registrations.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct StayPermits {
    /// All permit types together (the sums of `by_permit_type`).
    #[serde(flatten)]
    pub total: StayPermitCounts,
    /// Every permit type (`itas`, `itap`, `perpanjangan_visa_kunjungan`), zeros included.
    pub by_permit_type: Vec<StayPermitRow>,
}

/// The stay-permit figures of one permit type.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StayPermitRow {
    pub permit_type: String,
    #[serde(flatten)]
    pub counts: StayPermitCounts,
}

impl StayPermits {
    /// The figures of the range from the store's rows, one per permit type.
    pub fn from_rows(rows: &[(crate::domain::staypermit::PermitType, StayPermitCounts)]) -> StayPermits {
        let mut total = StayPermitCounts::default();
        for (_, c) in rows {
            total.add(c);
        }
        let by_permit_type =
            rows.iter().map(|(p, c)| StayPermitRow { permit_type: p.as_str().to_string(), counts: *c }).collect();
        StayPermits { total, by_permit_type }
    }
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

/// How a report is rendered: the language of text, HTML and PDF (CSV and JSON keys never change), and
/// `summary` (per-day rows without the per-slot detail, for a month on one or two pages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    pub lang: Lang,
    pub summary: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { lang: Lang::Id, summary: false }
    }
}

/// A rendering that could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("cannot write the PDF: {0}")]
    Pdf(String),
}

/// Builds the report of the office-local days `from..=to`, produced by `produced_by` at `now`, with the
/// previous period of the same length beside it when the range has more than one day. A range without data
/// gives a report of zeros.
///
/// The range's applications with their desk events are most of the work. For a range of days this thread reads
/// them while a second, read-only connection on another thread reads everything else (the previous period,
/// sessions, passport moves, backlog, reschedules, stay permits, chain head): a month on the year of
/// 3,000 a day went from ~490 to ~250 ms with this and migration 13. Each connection reads what is committed, as
/// each single statement always did; the two halves are separate figures.
pub fn build(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
    produced_by: &str,
    now: DateTime<Utc>,
) -> Result<Report, StoreError> {
    if to < from {
        return Err(crate::store::Refusal::ReportRange { from, to }.into());
    }
    let days = (to - from).num_days() + 1;
    let previous = (days > 1).then(|| {
        let prev_to = from.pred_opt().unwrap_or(from);
        (prev_to - chrono::Duration::days(days - 1), prev_to)
    });
    let settings = store.settings()?;
    let read_here = || -> Result<_, StoreError> {
        Ok((store.report_slots(from, to)?, store.report_days_off(from, to)?, store.report_visits(from, to)?))
    };
    let ((slots, days_off, visits), others) = match previous {
        // One day: little to read, less than opening a second connection costs (~4 ms with its statements).
        None => (read_here()?, OtherFacts::read(store, from, to, None)?),
        Some(_) => {
            let path = store.path().to_path_buf();
            std::thread::scope(|s| {
                let others = s.spawn(|| {
                    let reader = Store::open_reader(&path)?;
                    OtherFacts::read(&reader, from, to, previous)
                });
                let here = read_here();
                // A panic there is this call's panic, as it was when one thread read everything.
                let others = others.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                Ok::<_, StoreError>((here?, others?))
            })?
        }
    };
    let facts = figures::Facts {
        settings: &settings,
        from,
        to,
        produced_by,
        now,
        slots,
        days_off,
        visits,
        reschedules: others.reschedules,
        sessions: others.sessions,
        moves: others.moves,
        uncollected: others.uncollected,
        supervisors: others.supervisors,
    };
    let mut report = figures::compute(&facts);
    report.stay_permits = others.stay_permits;
    report.chain_head = others.chain_head.as_deref().map(|h| crate::domain::audit::short_hash(h).to_string());
    report.previous = others.previous;
    Ok(report)
}

/// What the report reads besides the range's applications (see [`build`]).
struct OtherFacts {
    reschedules: Vec<(bool, DateTime<Utc>)>,
    sessions: Vec<crate::store::ReportSession>,
    moves: crate::store::PassportMoves,
    uncollected: Vec<DateTime<Utc>>,
    supervisors: Vec<String>,
    stay_permits: StayPermits,
    chain_head: Option<String>,
    previous: Option<PeriodFigures>,
}

impl OtherFacts {
    fn read(
        store: &Store,
        from: NaiveDate,
        to: NaiveDate,
        previous: Option<(NaiveDate, NaiveDate)>,
    ) -> Result<OtherFacts, StoreError> {
        let (start, end) = store.range_bounds_utc(from, to)?;
        Ok(OtherFacts {
            reschedules: store.report_reschedules(from, to)?,
            sessions: store.report_sessions(&start, &end)?,
            moves: store.report_passport_moves(&start, &end)?,
            uncollected: store.report_uncollected(&end)?,
            supervisors: store.report_supervisors()?,
            stay_permits: StayPermits::from_rows(&store.report_stay_permits(from, to)?),
            chain_head: store.report_chain_head(&end)?,
            previous: previous.map(|(from, to)| period_of(store, from, to)).transpose()?,
        })
    }
}

/// The headline figures of `from..=to` alone, for the comparison with the previous period. They come from the
/// range's applications only (see [`PeriodFigures`]: queue counts, decisions, waits, fees), so only what they
/// need of those is read ([`Store::report_period_visits`]): not the sessions, passport moves, backlog,
/// reschedules or chain head a whole report needs, nor the officers and counters of the desk events. A test
/// (tests/report_speed.rs) checks that they equal the `period` of the whole report of that range.
fn period_of(store: &Store, from: NaiveDate, to: NaiveDate) -> Result<PeriodFigures, StoreError> {
    let alert = store.settings()?.wait_alert_minutes;
    Ok(figures::period(from, to, alert, &store.report_period_visits(from, to)?))
}

/// The report in one format: plain text, CSV (long form: one fact per row), pretty JSON, one HTML page or a
/// PDF document.
pub fn render(report: &Report, format: ReportFormat, options: &Options) -> Result<Vec<u8>, RenderError> {
    Ok(match format {
        ReportFormat::Text => text::render(&doc::build(report, options)).into_bytes(),
        ReportFormat::Csv => csv::render(report, options).into_bytes(),
        ReportFormat::Json => {
            let mut s = serde_json::to_string_pretty(report).unwrap_or_default();
            s.push('\n');
            s.into_bytes()
        }
        ReportFormat::Html => html::render(&doc::build(report, options), options.lang).into_bytes(),
        ReportFormat::Pdf => pdf::render(&doc::build(report, options))?,
    })
}

/// The report as text in one format (not PDF), for tests and the terminal.
pub fn render_text(report: &Report, format: ReportFormat, options: &Options) -> String {
    match render(report, format, options) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => e.to_string(),
    }
}

/// The text of each page of the PDF form as it is laid out, in drawing order (for tests and checks).
pub fn pdf_page_texts(report: &Report, options: &Options) -> Result<Vec<Vec<String>>, RenderError> {
    pdf::page_texts(&doc::build(report, options))
}
pub use csv::COLUMNS as CSV_COLUMNS;

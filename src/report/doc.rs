//! The report laid out once as a document — headings, key figures, tables, charts, notes and the signature
//! block — in the chosen language. The text, HTML and PDF renderers only typeset this, so the three forms
//! always show the same figures with the same labels and the same rounding.

use super::locale::{self, label};
use super::{DeskFigures, Options, Presence, Report, SlotCounts, TimeStats};
use crate::tui::i18n::Lang;
use chrono::{Datelike, Weekday};
use std::collections::BTreeSet;

/// A colour as RGB.
pub type Rgb = (u8, u8, u8);

pub const BOOKED: Rgb = (0x7f, 0x98, 0xb8);
pub const ARRIVED: Rgb = (0x2e, 0x7d, 0x4f);
pub const NO_SHOW: Rgb = (0xc0, 0x39, 0x2b);
pub const BAR: Rgb = (0x1f, 0x3a, 0x5f);
pub const P90: Rgb = (0xd3, 0x8b, 0x1f);
/// Colours for series without a meaning of their own (counters).
pub const PALETTE: [Rgb; 6] = [
    (0x1f, 0x3a, 0x5f),
    (0x2e, 0x7d, 0x4f),
    (0xd3, 0x8b, 0x1f),
    (0x8e, 0x44, 0xad),
    (0xc0, 0x39, 0x2b),
    (0x16, 0xa0, 0x85),
];

#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    pub lang: Lang,
    /// A summary (per-day rows, no per-slot detail): printed more compactly.
    pub summary: bool,
    /// "Laporan Pengawas".
    pub kind: String,
    pub office: String,
    /// "Rabu, 25 November 2026" or "Senin, 2 November 2026 s.d. Senin, 30 November 2026 (29 hari)".
    pub range: String,
    /// Who produced it and when; the audit chain head when known.
    pub meta: Vec<String>,
    pub blocks: Vec<Block>,
    pub footer: Vec<String>,
    pub signature: SignatureBlock,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading(String),
    /// (value, label) tiles.
    Kpis(Vec<(String, String)>),
    Table(Table),
    Chart(Chart),
    Note(String),
    /// A figure that cannot be right as recorded: shown emphasised.
    Problem(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The first `left` columns are text (left-aligned, may wrap); the others numbers (right-aligned).
    pub left: usize,
    /// The last row is a total.
    pub sum_last: bool,
    /// Further text columns after the first `left` (key/value pairs side by side).
    pub also_left: Vec<usize>,
}

impl Table {
    pub fn is_left(&self, col: usize) -> bool {
        col < self.left || self.also_left.contains(&col)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    Bars,
    Lines,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub title: String,
    pub kind: ChartKind,
    pub categories: Vec<String>,
    pub series: Vec<(String, Rgb)>,
    /// `values[category][series]`.
    pub values: Vec<Vec<f64>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureBlock {
    /// "Mengetahui,".
    pub acknowledged: String,
    /// "Kepala Kantor".
    pub title: String,
    /// The name, or empty for a line to write it on.
    pub name: String,
    /// "NIP. 19800101 200501 1 001", or "NIP." and a line.
    pub nip: String,
}

fn table(headers: Vec<String>, rows: Vec<Vec<String>>, left: usize, sum_last: bool) -> Block {
    Block::Table(Table { headers, rows, left, sum_last, also_left: Vec::new() })
}

/// A counter or officer table: the name, five figures, and where presence comes from (text).
fn desk_table(headers: Vec<String>, rows: Vec<Vec<String>>) -> Block {
    Block::Table(Table { headers, rows, left: 1, sum_last: false, also_left: vec![6] })
}

/// Two lists of (label, value) side by side: label, value, label, value.
fn pairs(headers: Vec<String>, rows: Vec<Vec<String>>) -> Block {
    Block::Table(Table { headers, rows, left: 1, sum_last: false, also_left: vec![2] })
}

/// A NIP printed in its usual groups: birth date, appointment month, sex, serial.
fn nip_groups(nip: &str) -> String {
    if nip.len() == 18 && nip.is_ascii() {
        format!("{} {} {} {}", &nip[..8], &nip[8..14], &nip[14..15], &nip[15..])
    } else {
        nip.to_string()
    }
}

struct Builder<'a> {
    r: &'a Report,
    lang: Lang,
    summary: bool,
    blocks: Vec<Block>,
}

impl Builder<'_> {
    fn t(&self, key: &'static str) -> String {
        label(self.lang, key).to_string()
    }

    fn n(&self, n: u32) -> String {
        locale::thousands(self.lang, u64::from(n))
    }

    fn min(&self, m: Option<f64>) -> String {
        locale::minutes(self.lang, m)
    }

    fn push(&mut self, b: Block) {
        // A summary keeps to the figures: the notes that explain them are in the full report.
        if self.summary && matches!(b, Block::Note(_)) {
            return;
        }
        self.blocks.push(b);
    }

    fn day_off_name(&self, name: &str) -> String {
        match name {
            "Saturday" => locale::weekday_name(self.lang, Weekday::Sat).to_string(),
            "Sunday" => locale::weekday_name(self.lang, Weekday::Sun).to_string(),
            other => other.to_string(),
        }
    }

    fn count_headers(&self) -> Vec<String> {
        ["rpt.quota", "rpt.booked", "rpt.arrived", "rpt.no_show", "rpt.pending", "rpt.withdrawn", "rpt.walk_ins"]
            .iter()
            .map(|k| self.t(k))
            .collect()
    }

    fn count_cells(&self, c: &SlotCounts) -> Vec<String> {
        [c.quota, c.booked, c.arrived, c.no_show, c.pending, c.withdrawn, c.walk_ins]
            .iter()
            .map(|n| self.n(*n))
            .collect()
    }

    fn desk_cells(&self, f: &DeskFigures) -> Vec<String> {
        let lang = self.lang;
        let dim = |x: f64| if f.presence == Presence::NotAtCounter { "–".to_string() } else { locale::dec1(lang, x) };
        vec![
            self.n(f.served),
            locale::dec1(lang, f.busy_minutes),
            dim(f.present_minutes),
            if f.busy_exceeds_present { "!".to_string() } else { dim(f.idle_minutes) },
            f.served_per_hour.map_or_else(|| "–".to_string(), |x| locale::dec1(lang, x)),
            self.t(match f.presence {
                Presence::Sessions => "rpt.pres_sessions",
                Presence::OfficeHours => "rpt.pres_office_hours",
                Presence::NotAtCounter => "rpt.pres_not_at_counter",
            }),
        ]
    }

    fn stats_cells(&self, s: &TimeStats) -> [String; 5] {
        [
            self.n(s.count),
            self.min(s.median_minutes),
            self.min(s.p90_minutes),
            self.min(s.max_minutes),
            self.min(s.mean_minutes),
        ]
    }

    fn kpis(&mut self) {
        let r = self.r;
        let c = &r.totals.counts;
        let over = format!("{} {} {}", self.t("rpt.waited_over"), r.alert_minutes, self.t("rpt.min"));
        let tiles = vec![
            (self.n(c.booked), self.t("rpt.kpi_booked")),
            (self.n(c.arrived), self.t("rpt.kpi_arrived")),
            (self.n(c.no_show), self.t("rpt.kpi_no_show")),
            (self.n(c.walk_ins), self.t("rpt.kpi_walk_in")),
            (self.n(r.decisions.served), self.t("rpt.kpi_served")),
            (self.n(r.decisions.rejected), self.t("rpt.kpi_rejected")),
            (locale::rupiah(self.lang, r.pnbp.collected_idr), self.t("rpt.kpi_collected")),
            (locale::percent(self.lang, r.service_level.over_alert_percent), over),
        ];
        self.push(Block::Kpis(tiles));
    }

    fn problems(&mut self) {
        let r = self.r;
        let lang = self.lang;
        let mut lines = Vec::new();
        let what = self.t("rpt.busy_over_present");
        for c in r.counters.iter().filter(|c| c.figures.busy_exceeds_present) {
            lines.push(format!(
                "{} {}: {what} ({} {} / {} {})",
                self.t("rpt.counter"),
                c.counter,
                self.t("rpt.busy"),
                locale::dec1(lang, c.figures.busy_minutes),
                self.t("rpt.present"),
                locale::dec1(lang, c.figures.present_minutes)
            ));
        }
        for o in r.officers.iter().filter(|o| o.figures.busy_exceeds_present) {
            lines.push(format!(
                "{} {}: {what} ({} {} / {} {})",
                self.t("rpt.officer"),
                o.officer,
                self.t("rpt.busy"),
                locale::dec1(lang, o.figures.busy_minutes),
                self.t("rpt.present"),
                locale::dec1(lang, o.figures.present_minutes)
            ));
        }
        if !lines.is_empty() {
            self.push(Block::Heading(self.t("rpt.data_problems")));
            for l in lines {
                self.push(Block::Problem(l));
            }
        }
    }

    fn comparison(&mut self) {
        let r = self.r;
        let Some(p) = &r.previous else { return };
        let lang = self.lang;
        let now = &r.period;
        let prev_range = format!(
            "{} – {}",
            locale::short_date(lang, p.from),
            locale::short_date(lang, p.to) + &format!("/{}", p.to.year())
        );
        self.push(Block::Heading(format!("{} ({prev_range})", self.t("rpt.comparison"))));
        let count = |b: &Builder<'_>, key: &'static str, a: u32, z: u32| {
            vec![b.t(key), b.n(a), b.n(z), locale::change(lang, f64::from(a), f64::from(z), false)]
        };
        let mins = |b: &Builder<'_>, key: &'static str, a: Option<f64>, z: Option<f64>| {
            let change = match (a, z) {
                (Some(a), Some(z)) => locale::change(lang, a, z, true),
                _ => "–".to_string(),
            };
            vec![b.t(key), b.min(a), b.min(z), change]
        };
        let mut rows = vec![
            count(self, "rpt.booked", now.booked, p.booked),
            count(self, "rpt.arrived", now.arrived, p.arrived),
            count(self, "rpt.no_show", now.no_show, p.no_show),
            count(self, "rpt.walk_ins", now.walk_ins, p.walk_ins),
            count(self, "rpt.served", now.served, p.served),
            count(self, "rpt.approved", now.approved, p.approved),
            count(self, "rpt.rejected", now.rejected, p.rejected),
            mins(self, "rpt.wait_median", now.waiting.median_minutes, p.waiting.median_minutes),
            mins(self, "rpt.wait_p90", now.waiting.p90_minutes, p.waiting.p90_minutes),
            mins(self, "rpt.wait_mean", now.waiting.mean_minutes, p.waiting.mean_minutes),
        ];
        let share_change = match (now.service_level.over_alert_percent, p.service_level.over_alert_percent) {
            (Some(a), Some(z)) => locale::change(lang, a, z, true),
            _ => "–".to_string(),
        };
        rows.push(vec![
            format!("{} {} {}", self.t("rpt.over_alert_share"), r.alert_minutes, self.t("rpt.min")),
            locale::percent(lang, now.service_level.over_alert_percent),
            locale::percent(lang, p.service_level.over_alert_percent),
            share_change,
        ]);
        rows.push(vec![
            self.t("rpt.collected"),
            locale::rupiah(lang, now.collected_idr),
            locale::rupiah(lang, p.collected_idr),
            {
                let (a, z) = (now.collected_idr, p.collected_idr);
                let d = locale::rupiah(lang, a.abs_diff(z));
                if a > z {
                    format!("▲ {d}")
                } else if a < z {
                    format!("▼ {d}")
                } else {
                    "= 0".into()
                }
            },
        ]);
        let headers =
            ["rpt.figure", "rpt.this_period", "rpt.previous_period", "rpt.change"].iter().map(|k| self.t(k)).collect();
        self.push(table(headers, rows, 1, false));
    }

    fn charts(&mut self, summary: bool) {
        let r = self.r;
        let range = r.days.len() > 1;
        self.push(Block::Heading(self.t("rpt.h_arrivals")));
        if range {
            let cats: Vec<String> = r.days.iter().map(|d| format!("{:02}", d.date.day())).collect();
            let series = vec![
                (self.t("rpt.booked"), BOOKED),
                (self.t("rpt.arrived"), ARRIVED),
                (self.t("rpt.no_show"), NO_SHOW),
            ];
            let values = r
                .days
                .iter()
                .map(|d| vec![f64::from(d.counts.booked), f64::from(d.counts.arrived), f64::from(d.counts.no_show)])
                .collect();
            self.push(Block::Chart(Chart {
                title: self.t("rpt.chart_days"),
                kind: ChartKind::Bars,
                categories: cats.clone(),
                series,
                values,
            }));
            let values = r
                .days
                .iter()
                .map(|d| vec![d.waiting.median_minutes.unwrap_or(f64::NAN), d.waiting.p90_minutes.unwrap_or(f64::NAN)])
                .collect();
            self.push(Block::Chart(Chart {
                title: self.t("rpt.chart_wait_days"),
                kind: ChartKind::Lines,
                categories: cats.clone(),
                series: vec![(self.t("rpt.median"), BAR), (self.t("rpt.p90"), P90)],
                values,
            }));
            let counters: BTreeSet<u32> =
                r.days.iter().flat_map(|d| d.served_by_counter.iter().map(|c| c.counter)).collect();
            if !counters.is_empty() {
                let series = counters
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (format!("{} {c}", self.t("rpt.counter")), PALETTE[i % PALETTE.len()]))
                    .collect();
                let values = r
                    .days
                    .iter()
                    .map(|d| {
                        counters
                            .iter()
                            .map(|c| {
                                f64::from(d.served_by_counter.iter().find(|x| x.counter == *c).map_or(0, |x| x.served))
                            })
                            .collect()
                    })
                    .collect();
                self.push(Block::Chart(Chart {
                    title: self.t("rpt.chart_counter_days"),
                    kind: ChartKind::Bars,
                    categories: cats,
                    series,
                    values,
                }));
            }
        }
        if summary {
            return;
        }
        let hours: Vec<String> = r.hourly_arrivals.iter().map(|h| format!("{:02}", h.hour)).collect();
        let arrivals = r.hourly_arrivals.iter().map(|h| vec![f64::from(h.arrivals)]).collect();
        let mut title = self.t("rpt.chart_hourly");
        if range {
            title = format!("{title}, {}", self.t("rpt.all_days"));
        }
        self.push(Block::Chart(Chart {
            title,
            kind: ChartKind::Bars,
            categories: hours,
            series: vec![(self.t("rpt.arrived"), BAR)],
            values: arrivals,
        }));
        if !range {
            let cats: Vec<String> = r.slots.iter().map(|s| s.start.clone()).collect();
            let values = r
                .slots
                .iter()
                .map(|s| vec![f64::from(s.counts.booked), f64::from(s.counts.arrived), f64::from(s.counts.no_show)])
                .collect();
            self.push(Block::Chart(Chart {
                title: self.t("rpt.chart_slots"),
                kind: ChartKind::Bars,
                categories: cats,
                series: vec![
                    (self.t("rpt.booked"), BOOKED),
                    (self.t("rpt.arrived"), ARRIVED),
                    (self.t("rpt.no_show"), NO_SHOW),
                ],
                values,
            }));
        }
    }

    fn days(&mut self) {
        let r = self.r;
        if r.days.len() <= 1 && r.days.iter().all(|d| d.day_off.is_none()) {
            return;
        }
        let lang = self.lang;
        self.push(Block::Heading(self.t("rpt.h_days")));
        let headers = [
            "rpt.date",
            "rpt.day_off",
            "rpt.quota",
            "rpt.booked",
            "rpt.arrived",
            "rpt.no_show",
            "rpt.walk_ins",
            "rpt.served",
            "rpt.wait_median_short",
            "rpt.wait_p90_short",
            "rpt.over_limit",
        ]
        .iter()
        .map(|k| self.t(k))
        .collect();
        let mut rows: Vec<Vec<String>> = r
            .days
            .iter()
            .map(|d| {
                vec![
                    locale::short_date(lang, d.date),
                    d.day_off.as_deref().map(|n| self.day_off_name(n)).unwrap_or_default(),
                    self.n(d.counts.quota),
                    self.n(d.counts.booked),
                    self.n(d.counts.arrived),
                    self.n(d.counts.no_show),
                    self.n(d.counts.walk_ins),
                    self.n(d.served),
                    self.min(d.waiting.median_minutes),
                    self.min(d.waiting.p90_minutes),
                    locale::percent(lang, d.service_level.over_alert_percent),
                ]
            })
            .collect();
        let c = &r.totals.counts;
        rows.push(vec![
            self.t("rpt.total"),
            String::new(),
            self.n(c.quota),
            self.n(c.booked),
            self.n(c.arrived),
            self.n(c.no_show),
            self.n(c.walk_ins),
            self.n(r.decisions.served),
            self.min(r.period.waiting.median_minutes),
            self.min(r.period.waiting.p90_minutes),
            locale::percent(lang, r.service_level.over_alert_percent),
        ]);
        self.push(table(headers, rows, 2, true));
    }

    fn slots(&mut self) {
        let r = self.r;
        let lang = self.lang;
        self.push(Block::Heading(self.t("rpt.h_slots")));
        if r.slots.is_empty() {
            self.push(Block::Note(self.t("rpt.no_slots")));
            return;
        }
        let range = r.days.len() > 1;
        let mut headers = Vec::new();
        if range {
            headers.push(self.t("rpt.date"));
        }
        headers.push(self.t("rpt.slot"));
        headers.extend(self.count_headers());
        let mut rows: Vec<Vec<String>> = r
            .slots
            .iter()
            .map(|s| {
                let mut row = Vec::new();
                if range {
                    row.push(locale::short_date(lang, s.date));
                }
                row.push(format!("{}–{}", s.start, s.end));
                row.extend(self.count_cells(&s.counts));
                row
            })
            .collect();
        let mut total = vec![self.t("rpt.total")];
        if range {
            total.push(String::new());
        }
        total.extend(self.count_cells(&r.totals.counts));
        rows.push(total);
        let left = if range { 2 } else { 1 };
        self.push(table(headers, rows, left, true));
        self.push(Block::Note(format!(
            "{} {}: {}.",
            self.t("rpt.note_booked"),
            self.t("rpt.checked_in_all"),
            self.n(r.totals.checked_in)
        )));
    }

    fn times(&mut self) {
        let r = self.r;
        let lang = self.lang;
        self.push(Block::Heading(self.t("rpt.h_times")));
        let w = self.t("rpt.wait_col");
        let s = self.t("rpt.service_col");
        let headers = vec![
            self.t("rpt.line"),
            format!("{w}: n"),
            self.t("rpt.median"),
            self.t("rpt.p90"),
            self.t("rpt.max"),
            self.t("rpt.mean"),
            format!("> {} {}", r.alert_minutes, self.t("rpt.min")),
            format!("{s}: n"),
            self.t("rpt.median"),
            self.t("rpt.p90"),
            self.t("rpt.max"),
            self.t("rpt.mean"),
        ];
        let rows = r
            .lines
            .iter()
            .map(|l| {
                let mut row = vec![format!("{} {}", l.line, l.name)];
                row.extend(self.stats_cells(&l.waiting));
                row.push(format!(
                    "{} ({})",
                    self.n(l.service_level.over_alert),
                    locale::percent(lang, l.service_level.over_alert_percent)
                ));
                row.extend(self.stats_cells(&l.service));
                row
            })
            .collect();
        self.push(table(headers, rows, 1, false));
        self.push(Block::Note(self.t("rpt.note_times")));
    }

    fn queue(&mut self) {
        let r = self.r;
        self.push(Block::Heading(self.t("rpt.h_queue")));
        let p = &r.priority;
        let d = &r.decisions;
        let mut left: Vec<(String, String)> = vec![
            (self.t("rpt.lansia"), self.n(p.lansia)),
            (self.t("rpt.disabilitas"), self.n(p.disabilitas)),
            (self.t("rpt.hamil"), self.n(p.hamil)),
            (self.t("rpt.balita"), self.n(p.balita)),
            (self.t("rpt.priority"), self.n(p.total)),
            (self.t("rpt.resched_ordinary"), self.n(r.reschedules.ordinary)),
            (self.t("rpt.resched_special"), self.n(r.reschedules.special)),
        ];
        let mut right: Vec<(String, String)> = vec![(self.t("rpt.approved"), self.n(d.approved))];
        for (code, n) in d.rejected_by_reason.pairs() {
            let key = match code {
                "cegah_tangkal" => "rpt.rej_cegah_tangkal",
                "pmi_non_prosedural" => "rpt.rej_pmi_non_prosedural",
                "data_tidak_sah" => "rpt.rej_data_tidak_sah",
                "tujuan_melawan_hukum" => "rpt.rej_tujuan_melawan_hukum",
                _ => "rpt.rej_lainnya",
            };
            right.push((self.t(key), self.n(n)));
        }
        right.push((self.t("rpt.served"), self.n(d.served)));
        while left.len() < right.len() {
            left.push((String::new(), String::new()));
        }
        while right.len() < left.len() {
            right.push((String::new(), String::new()));
        }
        let rows = left.into_iter().zip(right).map(|((a, b), (c, e))| vec![a, b, c, e]).collect();
        let headers = vec![self.t("rpt.queue"), String::new(), self.t("rpt.decisions"), String::new()];
        self.push(pairs(headers, rows));
        let rows = [("rpt.regular", &r.services.regular), ("rpt.express", &r.services.express)]
            .iter()
            .map(|(k, s)| {
                vec![self.t(k), self.n(s.checked_in), self.n(s.served), self.n(s.approved), self.n(s.rejected)]
            })
            .collect();
        let headers = ["rpt.service", "rpt.checked_in", "rpt.served", "rpt.approved", "rpt.rejected"]
            .iter()
            .map(|k| self.t(k))
            .collect();
        self.push(table(headers, rows, 1, false));
    }

    fn desks(&mut self) {
        let r = self.r;
        self.push(Block::Heading(self.t("rpt.h_desks")));
        if r.counters.is_empty() && r.officers.is_empty() {
            self.push(Block::Note(self.t("rpt.no_desks")));
            return;
        }
        let tail: Vec<String> =
            ["rpt.served", "rpt.busy", "rpt.present", "rpt.idle", "rpt.per_hour", "rpt.presence_from"]
                .iter()
                .map(|k| self.t(k))
                .collect();
        let mut headers = vec![self.t("rpt.counter")];
        headers.extend(tail.clone());
        let rows = r
            .counters
            .iter()
            .map(|c| {
                let mut row = vec![format!("{} {}", self.t("rpt.counter"), c.counter)];
                row.extend(self.desk_cells(&c.figures));
                row
            })
            .collect();
        self.push(desk_table(headers, rows));
        let mut headers = vec![self.t("rpt.officer")];
        headers.extend(tail);
        let rows = r
            .officers
            .iter()
            .map(|o| {
                let mut row = vec![o.officer.clone()];
                row.extend(self.desk_cells(&o.figures));
                row
            })
            .collect();
        self.push(desk_table(headers, rows));
        self.push(Block::Note(self.t("rpt.note_desks")));
    }

    fn money(&mut self) {
        let r = self.r;
        let lang = self.lang;
        self.push(Block::Heading(self.t("rpt.h_money")));
        let rp = |n| locale::rupiah(lang, n);
        let b = &r.backlog;
        let left = vec![
            (self.t("rpt.pnbp_collected"), rp(r.pnbp.collected_idr)),
            (self.t("rpt.pnbp_no_show"), rp(r.pnbp.forfeited_no_show_idr)),
            (self.t("rpt.pnbp_rejected"), rp(r.pnbp.forfeited_rejected_idr)),
            (self.t("rpt.total"), rp(r.pnbp.total_idr)),
            (self.t("rpt.made_ready"), self.n(r.passports.made_ready)),
            (self.t("rpt.handed_over"), self.n(r.passports.handed_over)),
            (self.t("rpt.dispatched"), self.n(r.passports.dispatched)),
        ];
        let mut right = vec![
            (self.t("rpt.days_0_7"), self.n(b.days_0_7)),
            (self.t("rpt.days_8_14"), self.n(b.days_8_14)),
            (self.t("rpt.days_15_30"), self.n(b.days_15_30)),
            (self.t("rpt.days_over_30"), self.n(b.days_over_30)),
            (self.t("rpt.total"), self.n(b.total)),
            (self.t("rpt.oldest"), b.oldest_days.map_or_else(|| "–".to_string(), |d| self.n(d))),
        ];
        while right.len() < left.len() {
            right.push((String::new(), String::new()));
        }
        let rows = left.into_iter().zip(right).map(|((a, b2), (c, e))| vec![a, b2, c, e]).collect();
        let headers = vec![
            format!("PNBP · {}", self.t("rpt.passports")),
            String::new(),
            format!("{} ({} {})", self.t("rpt.backlog_title"), self.t("rpt.as_of"), b.as_of.format("%d/%m/%Y")),
            String::new(),
        ];
        self.push(pairs(headers, rows));
    }
}

impl Builder<'_> {
    /// Foreigners' stay permits, apart from the passports: one row per permit type and a total. Left out when
    /// nothing happened to a stay permit in the range (a passport-only report prints as before).
    fn stay_permits(&mut self) {
        let s = &self.r.stay_permits;
        if s.total.is_empty() {
            return;
        }
        let lang = self.lang;
        self.push(Block::Heading(self.t("rpt.h_stay")));
        let cells = |b: &Builder<'_>, name: String, c: &super::StayPermitCounts| {
            vec![
                name,
                b.n(c.registered),
                b.n(c.in_progress),
                b.n(c.approved),
                b.n(c.refused),
                b.n(c.handed_over),
                locale::rupiah(lang, c.pnbp_idr),
            ]
        };
        let mut rows: Vec<Vec<String>> = s
            .by_permit_type
            .iter()
            .map(|t| {
                let key = match t.permit_type.as_str() {
                    "itas" => "rpt.stay_itas",
                    "itap" => "rpt.stay_itap",
                    _ => "rpt.stay_visit",
                };
                cells(self, self.t(key), &t.counts)
            })
            .collect();
        rows.push(cells(self, self.t("rpt.total"), &s.total));
        let headers = [
            "rpt.stay_type",
            "rpt.stay_registered",
            "rpt.stay_in_progress",
            "rpt.approved",
            "rpt.stay_refused",
            "rpt.stay_handed_over",
            "rpt.stay_pnbp",
        ]
        .iter()
        .map(|k| self.t(k))
        .collect();
        self.push(table(headers, rows, 1, true));
        self.push(Block::Note(self.t("rpt.note_stay")));
    }
}

/// Lays out the report in `options.lang`; `options.summary` leaves out the per-slot detail.
pub fn build(r: &Report, options: &Options) -> Doc {
    let lang = options.lang;
    let mut b = Builder { r, lang, summary: options.summary, blocks: Vec::new() };
    let range = if r.from == r.to {
        locale::long_date(lang, r.from)
    } else {
        format!(
            "{} {} {} ({} {})",
            locale::long_date(lang, r.from),
            b.t("rpt.range_to"),
            locale::long_date(lang, r.to),
            r.days.len(),
            b.t("rpt.days")
        )
    };
    let mut kind = b.t("rpt.kind");
    if options.summary {
        kind = format!("{kind} · {}", b.t("rpt.summary"));
    }
    let mut meta = vec![format!(
        "{} {} {} {} · {} UTC{}",
        b.t("rpt.produced_by"),
        r.produced_by,
        b.t("rpt.on"),
        r.produced_local(),
        b.t("rpt.office_time"),
        r.utc_offset
    )];
    if let Some(head) = &r.chain_head {
        meta.push(format!("{}: {head}", b.t("rpt.chain_head")));
    }
    if !options.summary {
        b.kpis();
    }
    b.problems();
    b.comparison();
    b.charts(options.summary);
    b.days();
    if !options.summary {
        b.slots();
    }
    b.times();
    b.queue();
    b.desks();
    b.money();
    b.stay_permits();
    let footer = vec![
        b.t("rpt.footer"),
        format!("{} · {} {} · loket {}", r.office, b.t("rpt.schema"), r.schema, env!("CARGO_PKG_VERSION")),
    ];
    let s = &r.signature;
    let signature = SignatureBlock {
        acknowledged: b.t("rpt.acknowledged"),
        title: s.title.clone(),
        name: s.name.clone(),
        nip: if s.nip.is_empty() { b.t("rpt.nip") } else { format!("{} {}", b.t("rpt.nip"), nip_groups(&s.nip)) },
    };
    Doc {
        lang,
        summary: options.summary,
        kind,
        office: r.office.clone(),
        range,
        meta,
        blocks: b.blocks,
        footer,
        signature,
    }
}

//! The report as CSV in long form: one fact per row, each column one kind of thing —
//! `section,date,key,measure,value` (UTF-8, no byte-order mark, a header row, numbers unformatted, minutes with
//! a decimal point whatever the language, an empty value where a statistic has no data). Keys and measures are
//! stable identifiers; text from the database is neutralised against spreadsheet formulas (`csv_cell`).

use super::{DeskFigures, Options, Report, ServiceLevel, SlotCounts, TimeStats};
use crate::domain::text::csv_cell;

/// The header row; the README's list of CSV columns is checked against it.
pub const COLUMNS: [&str; 5] = ["section", "date", "key", "measure", "value"];

struct Rows(Vec<[String; 5]>);

impl Rows {
    fn push(&mut self, section: &str, date: &str, key: &str, measure: &str, value: impl ToString) {
        let (key, value) = (csv_cell(key).into_owned(), value.to_string());
        self.0.push([section.into(), date.into(), key, measure.into(), csv_cell(&value).into_owned()]);
    }

    fn level(&mut self, section: &str, date: &str, key: &str, l: &ServiceLevel) {
        let opt = |m: Option<f64>| m.map(|m| m.to_string()).unwrap_or_default();
        self.push(section, date, key, "waited", l.waited);
        self.push(section, date, key, "over_alert", l.over_alert);
        self.push(section, date, key, "over_alert_percent", opt(l.over_alert_percent));
    }

    fn counts(&mut self, section: &str, date: &str, key: &str, c: &SlotCounts) {
        for (m, v) in [
            ("quota", c.quota),
            ("booked", c.booked),
            ("arrived", c.arrived),
            ("no_show", c.no_show),
            ("pending", c.pending),
            ("withdrawn", c.withdrawn),
            ("walk_ins", c.walk_ins),
        ] {
            self.push(section, date, key, m, v);
        }
    }

    fn stats(&mut self, key: &str, what: &str, s: &TimeStats) {
        let opt = |m: Option<f64>| m.map(|m| m.to_string()).unwrap_or_default();
        self.push("times", "", key, &format!("{what}_count"), s.count);
        self.push("times", "", key, &format!("{what}_median_minutes"), opt(s.median_minutes));
        self.push("times", "", key, &format!("{what}_p90_minutes"), opt(s.p90_minutes));
        self.push("times", "", key, &format!("{what}_max_minutes"), opt(s.max_minutes));
        self.push("times", "", key, &format!("{what}_mean_minutes"), opt(s.mean_minutes));
    }

    fn desk(&mut self, section: &str, key: &str, f: &DeskFigures) {
        self.push(section, "", key, "served", f.served);
        self.push(section, "", key, "busy_minutes", f.busy_minutes);
        self.push(section, "", key, "present_minutes", f.present_minutes);
        self.push(section, "", key, "idle_minutes", f.idle_minutes);
        self.push(section, "", key, "presence", f.presence.as_str());
        self.push(section, "", key, "served_per_hour", f.served_per_hour.map(|x| x.to_string()).unwrap_or_default());
        self.push(section, "", key, "busy_exceeds_present", f.busy_exceeds_present);
    }
}

pub fn render(r: &Report, options: &Options) -> String {
    let mut rows = Rows(Vec::new());
    let meta = [
        ("schema", r.schema.to_string()),
        ("office", r.office.clone()),
        ("utc_offset", r.utc_offset.clone()),
        ("from", r.from.to_string()),
        ("to", r.to.to_string()),
        ("produced_by", r.produced_by.clone()),
        ("produced_at", r.produced_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        ("alert_minutes", r.alert_minutes.to_string()),
        ("chain_head", r.chain_head.clone().unwrap_or_default()),
        ("signer_title", r.signature.title.clone()),
        ("signer_name", r.signature.name.clone()),
        ("signer_nip", r.signature.nip.clone()),
    ];
    for (m, v) in meta {
        rows.push("report", "", "", m, v);
    }
    for d in &r.days {
        let date = d.date.to_string();
        rows.push("day", &date, "", "weekday", &d.weekday);
        rows.push("day", &date, "", "day_off", d.day_off.clone().unwrap_or_default());
        rows.push("day", &date, "", "slots", d.slots);
        rows.counts("day", &date, "", &d.counts);
        let opt = |m: Option<f64>| m.map(|m| m.to_string()).unwrap_or_default();
        rows.push("day", &date, "", "served", d.served);
        rows.push("day", &date, "", "waiting_median_minutes", opt(d.waiting.median_minutes));
        rows.push("day", &date, "", "waiting_p90_minutes", opt(d.waiting.p90_minutes));
        rows.push("day", &date, "", "waiting_mean_minutes", opt(d.waiting.mean_minutes));
        rows.level("day", &date, "", &d.service_level);
        for c in &d.served_by_counter {
            rows.push("day_counter", &date, &c.counter.to_string(), "served", c.served);
        }
    }
    if !options.summary {
        for s in &r.slots {
            rows.counts("slot", &s.date.to_string(), &format!("{}-{}", s.start, s.end), &s.counts);
        }
    }
    rows.counts("totals", "", "", &r.totals.counts);
    rows.push("totals", "", "", "checked_in", r.totals.checked_in);
    let p = &r.priority;
    for (k, v) in [
        ("total", p.total),
        ("lansia", p.lansia),
        ("disabilitas", p.disabilitas),
        ("hamil", p.hamil),
        ("balita", p.balita),
    ] {
        rows.push("priority", "", k, "checked_in", v);
    }
    rows.push("reschedules", "", "ordinary", "count", r.reschedules.ordinary);
    rows.push("reschedules", "", "special", "count", r.reschedules.special);
    rows.push("decisions", "", "", "served", r.decisions.served);
    rows.push("decisions", "", "", "approved", r.decisions.approved);
    rows.push("decisions", "", "", "rejected", r.decisions.rejected);
    for (reason, n) in r.decisions.rejected_by_reason.pairs() {
        rows.push("rejected_by_reason", "", reason, "count", n);
    }
    for (k, s) in [("regular", &r.services.regular), ("express", &r.services.express)] {
        rows.push("service", "", k, "checked_in", s.checked_in);
        rows.push("service", "", k, "served", s.served);
        rows.push("service", "", k, "approved", s.approved);
        rows.push("service", "", k, "rejected", s.rejected);
    }
    for l in &r.lines {
        rows.stats(&l.line, "waiting", &l.waiting);
        rows.stats(&l.line, "service", &l.service);
        rows.level("service_level", "", &l.line, &l.service_level);
    }
    rows.level("service_level", "", "all", &r.service_level);
    let opt = |m: Option<f64>| m.map(|m| m.to_string()).unwrap_or_default();
    for (key, p) in std::iter::once(("current", &r.period)).chain(r.previous.iter().map(|p| ("previous", p))) {
        let range = format!("{}..{}", p.from, p.to);
        rows.push("period", "", key, "range", range);
        for (m, v) in [
            ("booked", p.booked),
            ("arrived", p.arrived),
            ("no_show", p.no_show),
            ("walk_ins", p.walk_ins),
            ("served", p.served),
            ("approved", p.approved),
            ("rejected", p.rejected),
        ] {
            rows.push("period", "", key, m, v);
        }
        rows.push("period", "", key, "waiting_median_minutes", opt(p.waiting.median_minutes));
        rows.push("period", "", key, "waiting_p90_minutes", opt(p.waiting.p90_minutes));
        rows.push("period", "", key, "waiting_mean_minutes", opt(p.waiting.mean_minutes));
        rows.push("period", "", key, "over_alert_percent", opt(p.service_level.over_alert_percent));
        rows.push("period", "", key, "collected_idr", p.collected_idr);
    }
    for (i, problem) in r.data_problems.iter().enumerate() {
        rows.push("data_problem", "", &(i + 1).to_string(), "text", problem);
    }
    for c in &r.counters {
        rows.desk("counter", &c.counter.to_string(), &c.figures);
    }
    for o in &r.officers {
        rows.desk("officer", &o.officer, &o.figures);
    }
    for h in &r.hourly_arrivals {
        rows.push("hourly_arrivals", "", &format!("{:02}", h.hour), "arrivals", h.arrivals);
    }
    rows.push("pnbp", "", "", "collected_idr", r.pnbp.collected_idr);
    rows.push("pnbp", "", "", "forfeited_no_show_idr", r.pnbp.forfeited_no_show_idr);
    rows.push("pnbp", "", "", "forfeited_rejected_idr", r.pnbp.forfeited_rejected_idr);
    rows.push("pnbp", "", "", "total_idr", r.pnbp.total_idr);
    rows.push("passports", "", "", "made_ready", r.passports.made_ready);
    rows.push("passports", "", "", "handed_over", r.passports.handed_over);
    rows.push("passports", "", "", "dispatched", r.passports.dispatched);
    let b = &r.backlog;
    let as_of = b.as_of.to_string();
    rows.push("backlog", &as_of, "", "total", b.total);
    rows.push("backlog", &as_of, "days_0_7", "count", b.days_0_7);
    rows.push("backlog", &as_of, "days_8_14", "count", b.days_8_14);
    rows.push("backlog", &as_of, "days_15_30", "count", b.days_15_30);
    rows.push("backlog", &as_of, "days_over_30", "count", b.days_over_30);
    rows.push("backlog", &as_of, "", "oldest_days", b.oldest_days.map(|d| d.to_string()).unwrap_or_default());
    // Foreigners' stay permits, apart from the passports: all types together, then each type.
    let stay = &r.stay_permits;
    for (key, c) in std::iter::once(("all", &stay.total))
        .chain(stay.by_permit_type.iter().map(|t| (t.permit_type.as_str(), &t.counts)))
    {
        rows.push("stay_permit", "", key, "registered", c.registered);
        rows.push("stay_permit", "", key, "in_progress", c.in_progress);
        rows.push("stay_permit", "", key, "approved", c.approved);
        rows.push("stay_permit", "", key, "refused", c.refused);
        rows.push("stay_permit", "", key, "handed_over", c.handed_over);
        rows.push("stay_permit", "", key, "pnbp_idr", c.pnbp_idr);
    }

    let mut w = ::csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(COLUMNS);
    for row in &rows.0 {
        let _ = w.write_record(row);
    }
    w.into_inner().map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default()
}

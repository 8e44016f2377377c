//! The report as CSV in long form: one fact per row, each column one kind of thing —
//! `section,date,key,measure,value` (UTF-8, no byte-order mark, a header row, numbers unformatted, minutes with
//! a decimal point, an empty value where a statistic has no data).

use super::{DeskFigures, Report, SlotCounts, TimeStats};

struct Rows(Vec<[String; 5]>);

impl Rows {
    fn push(&mut self, section: &str, date: &str, key: &str, measure: &str, value: impl ToString) {
        self.0.push([section.into(), date.into(), key.into(), measure.into(), value.to_string()]);
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
    }

    fn desk(&mut self, section: &str, key: &str, f: &DeskFigures) {
        self.push(section, "", key, "served", f.served);
        self.push(section, "", key, "busy_minutes", f.busy_minutes);
        self.push(section, "", key, "present_minutes", f.present_minutes);
        self.push(section, "", key, "idle_minutes", f.idle_minutes);
        self.push(section, "", key, "presence", f.presence.as_str());
    }
}

pub fn render(r: &Report) -> String {
    let mut rows = Rows(Vec::new());
    let meta = [
        ("schema", r.schema.to_string()),
        ("office", r.office.clone()),
        ("utc_offset", r.utc_offset.clone()),
        ("from", r.from.to_string()),
        ("to", r.to.to_string()),
        ("produced_by", r.produced_by.clone()),
        ("produced_at", r.produced_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        ("audit_chain_head", r.audit_chain_head.clone().unwrap_or_default()),
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
    }
    for s in &r.slots {
        rows.counts("slot", &s.date.to_string(), &format!("{}-{}", s.start, s.end), &s.counts);
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

    let mut w = ::csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(["section", "date", "key", "measure", "value"]);
    for row in &rows.0 {
        let _ = w.write_record(row);
    }
    w.into_inner().map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default()
}

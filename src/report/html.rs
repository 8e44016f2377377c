//! The report as one self-contained HTML page: inline CSS laid out for A4 paper, tables, and inline SVG bar
//! charts. No scripts, no fonts or images from elsewhere, no links out; every text from the data is escaped.

use super::text::COUNT_HEADERS;
use super::{DeskFigures, Report, SlotCounts};
use crate::domain::fees::format_idr;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Escapes text for HTML element content and attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
@page { size: A4; margin: 15mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 9.5pt;
       line-height: 1.35; color: #1b1f24; margin: 0 auto; padding: 10mm 0; max-width: 180mm; background: #fff; }
header { border-bottom: 2px solid #1f3a5f; padding-bottom: 3mm; margin-bottom: 4mm; }
header .kind { font-size: 9pt; letter-spacing: .08em; text-transform: uppercase; color: #5a6b80; margin: 0; }
h1 { font-size: 17pt; margin: .5mm 0 1mm; color: #1f3a5f; }
header .range { font-size: 12pt; font-weight: 600; margin: 0; }
header .meta { font-size: 8.5pt; color: #5a6470; margin: 1mm 0 0; }
h2 { font-size: 11.5pt; color: #1f3a5f; border-bottom: 1px solid #c9d3df; padding-bottom: .8mm;
     margin: 4mm 0 1.5mm; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 9.5pt; margin: 2mm 0 1mm; color: #33475f; break-after: avoid; }
.keep { break-inside: avoid; page-break-inside: avoid; }
table { border-collapse: collapse; width: 100%; margin: 0 0 2.5mm; font-size: 8.8pt; }
th, td { padding: .7mm 1.8mm; border-bottom: 1px solid #e1e6ec; text-align: right; white-space: nowrap; }
th { background: #edf1f6; font-weight: 600; color: #263548; white-space: normal; vertical-align: bottom; }
th.l, td.l { text-align: left; }
tr.sum td { font-weight: 700; border-top: 1.5px solid #8a9bb0; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
.kpis { display: grid; grid-template-columns: repeat(4, 1fr); gap: 2mm; margin-bottom: 2mm; }
.kpi { border: 1px solid #c9d3df; border-left: 3px solid #1f3a5f; border-radius: 1.5mm; padding: 1.2mm 2.5mm; }
.kpi .v { font-size: 13pt; font-weight: 700; color: #1f3a5f; }
.kpi .k { font-size: 8pt; color: #5a6470; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 6mm; }
.cols > div { min-width: 0; }
figure { margin: 0 0 3mm; }
figcaption { font-size: 8.5pt; color: #5a6470; margin-bottom: 1mm; }
svg { display: block; width: 100%; height: auto; }
.note { font-size: 8pt; color: #5a6470; margin: 0 0 2mm; }
footer { margin-top: 4mm; break-inside: avoid; border-top: 1px solid #c9d3df; padding-top: 2mm; font-size: 7.8pt; color: #5a6470; }
footer p { margin: 0 0 1mm; }
@media print { body { padding: 0; max-width: none; } th, td { padding-top: .45mm; padding-bottom: .45mm; } }
"#;

const BOOKED: &str = "#7f98b8";
const ARRIVED: &str = "#2e7d4f";
const NO_SHOW: &str = "#c0392b";
const BAR: &str = "#1f3a5f";

/// The y axis for values up to `max`: (top, step) with the step 1, 2 or 5 times a power of ten (or 25 times
/// one) and at most four steps up to the top, which is at least `max` and at least 1.
fn axis(max: u32) -> (u32, u32) {
    let mut power = 1u32;
    loop {
        for m in [1, 2, 5] {
            let step = power.saturating_mul(m);
            let parts = max.div_ceil(step).max(1);
            if parts <= 4 {
                return (step.saturating_mul(parts), step);
            }
        }
        power = power.saturating_mul(10);
    }
}

/// A bar chart with one group of bars per category. `series` are (name, colour); `values[i][j]` is category i,
/// series j.
fn bar_chart(title: &str, categories: &[String], series: &[(&str, &str)], values: &[Vec<u32>]) -> String {
    let (w, h) = (700.0_f64, 155.0_f64);
    let (left, right, top, bottom) = (38.0, 8.0, if series.len() > 1 { 26.0 } else { 12.0 }, 26.0);
    let plot_w = w - left - right;
    let plot_h = h - top - bottom;
    let (max, step) = axis(values.iter().flatten().copied().max().unwrap_or(0));
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg viewBox="0 0 {w} {h}" role="img" aria-label="{t}" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif"><title>{t}</title>"#,
        t = esc(title)
    );
    // Grid lines and y labels at every step.
    for v in (0..=max / step).map(|i| i * step) {
        let y = top + plot_h - plot_h * f64::from(v) / f64::from(max);
        let _ = write!(
            s,
            r##"<line x1="{left}" y1="{y:.1}" x2="{x2}" y2="{y:.1}" stroke="#d5dde6" stroke-width="1"/><text x="{tx}" y="{ty:.1}" font-size="10" text-anchor="end" fill="#5a6470">{v}</text>"##,
            x2 = w - right,
            tx = left - 4.0,
            ty = y + 3.5
        );
    }
    let n = categories.len().max(1) as f64;
    let group_w = plot_w / n;
    let inner = group_w * 0.78;
    let bar_w = inner / series.len().max(1) as f64;
    let label_every = ((categories.len() as f64 * 30.0 / plot_w).ceil() as usize).max(1);
    for (i, (cat, vals)) in categories.iter().zip(values).enumerate() {
        let gx = left + group_w * i as f64 + (group_w - inner) / 2.0;
        for (j, v) in vals.iter().enumerate() {
            let bh = plot_h * f64::from(*v) / f64::from(max);
            let x = gx + bar_w * j as f64;
            let y = top + plot_h - bh;
            let colour = series.get(j).map_or(BAR, |s| s.1);
            let _ = write!(
                s,
                r#"<rect x="{x:.1}" y="{y:.1}" width="{bw:.1}" height="{bh:.1}" fill="{colour}"><title>{c}: {v}</title></rect>"#,
                bw = (bar_w - 1.0).max(1.0),
                c = esc(cat)
            );
            if *v > 0 && bar_w >= 14.0 {
                let _ = write!(
                    s,
                    r##"<text x="{cx:.1}" y="{ty:.1}" font-size="9" text-anchor="middle" fill="#33475f">{v}</text>"##,
                    cx = x + bar_w / 2.0,
                    ty = y - 2.5
                );
            }
        }
        if i % label_every == 0 {
            let _ = write!(
                s,
                r##"<text x="{cx:.1}" y="{ty}" font-size="10" text-anchor="middle" fill="#33475f">{c}</text>"##,
                cx = left + group_w * (i as f64 + 0.5),
                ty = h - bottom + 14.0,
                c = esc(cat)
            );
        }
    }
    let _ = write!(
        s,
        r##"<line x1="{left}" y1="{y}" x2="{x2}" y2="{y}" stroke="#8a9bb0" stroke-width="1"/>"##,
        y = top + plot_h,
        x2 = w - right
    );
    if series.len() > 1 {
        let mut x = left;
        for (name, colour) in series {
            let _ = write!(
                s,
                r##"<rect x="{x}" y="6" width="11" height="11" fill="{colour}"/><text x="{tx}" y="15.5" font-size="10" fill="#33475f">{n}</text>"##,
                tx = x + 15.0,
                n = esc(name)
            );
            x += 24.0 + 6.5 * name.chars().count() as f64;
        }
    }
    s.push_str("</svg>");
    s
}

struct Table {
    html: String,
}

impl Table {
    fn new(headers: &[&str], left: usize) -> Table {
        let mut html = String::from("<table><thead><tr>");
        for (i, h) in headers.iter().enumerate() {
            let _ = write!(html, "<th{}>{}</th>", if i < left { r#" class="l""# } else { "" }, esc(h));
        }
        html.push_str("</tr></thead><tbody>");
        Table { html }
    }

    fn row(&mut self, cells: &[String], left: usize, class: &str) {
        if class.is_empty() {
            self.html.push_str("<tr>");
        } else {
            let _ = write!(self.html, r#"<tr class="{class}">"#);
        }
        for (i, c) in cells.iter().enumerate() {
            let _ = write!(self.html, "<td{}>{}</td>", if i < left { r#" class="l""# } else { "" }, esc(c));
        }
        self.html.push_str("</tr>");
    }

    fn end(mut self) -> String {
        self.html.push_str("</tbody></table>");
        self.html
    }
}

fn counts(c: &SlotCounts) -> Vec<String> {
    super::text::count_cells(c)
}

fn desk(f: &DeskFigures) -> Vec<String> {
    vec![
        f.served.to_string(),
        format!("{:.1}", f.busy_minutes),
        format!("{:.1}", f.present_minutes),
        format!("{:.1}", f.idle_minutes),
        match f.presence {
            super::Presence::Sessions => "sessions".into(),
            super::Presence::OfficeHours => "office hours".into(),
        },
    ]
}

fn kpi(out: &mut String, value: &str, label: &str) {
    let _ =
        write!(out, r#"<div class="kpi"><div class="v">{}</div><div class="k">{}</div></div>"#, esc(value), esc(label));
}

pub fn render(r: &Report) -> String {
    let mut o = String::new();
    let title = format!("Supervisors' report — {} — {}", r.office, r.range_label());
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"loket {}\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(env!("CARGO_PKG_VERSION")),
        esc(&title)
    );
    let days = if r.from == r.to {
        format!("{} ({})", r.from.format("%A %-d %B %Y"), r.from)
    } else {
        format!("{} to {} ({} days)", r.from.format("%A %-d %B %Y"), r.to.format("%A %-d %B %Y"), r.days.len())
    };
    let _ = writeln!(
        o,
        "<header><p class=\"kind\">Supervisors' report</p><h1>{}</h1><p class=\"range\">{}</p>\
         <p class=\"meta\">Produced by <b>{}</b> on {} · {} UTC · office time UTC{} · audit chain head \
         <code>{}</code></p></header>",
        esc(&r.office),
        esc(&days),
        esc(&r.produced_by),
        esc(&r.produced_local()),
        esc(&r.produced_at.format("%Y-%m-%d %H:%M").to_string()),
        esc(&r.utc_offset),
        esc(r.audit_chain_head.as_deref().unwrap_or("(empty)"))
    );

    // Key figures.
    let c = &r.totals.counts;
    o.push_str("<section class=\"keep\"><div class=\"kpis\">");
    kpi(&mut o, &c.booked.to_string(), "booked");
    kpi(&mut o, &c.arrived.to_string(), "arrived (booked)");
    kpi(&mut o, &c.no_show.to_string(), "no-shows");
    kpi(&mut o, &c.walk_ins.to_string(), "priority walk-ins");
    kpi(&mut o, &r.decisions.served.to_string(), "served (decided)");
    kpi(&mut o, &r.decisions.rejected.to_string(), "rejected");
    kpi(&mut o, &format_idr(r.pnbp.collected_idr), "PNBP collected");
    kpi(&mut o, &r.backlog.total.to_string(), "ready, not collected");
    o.push_str("</div></section>\n");

    // Charts.
    let hours: Vec<String> = r.hourly_arrivals.iter().map(|h| format!("{:02}", h.hour)).collect();
    let arrivals: Vec<Vec<u32>> = r.hourly_arrivals.iter().map(|h| vec![h.arrivals]).collect();
    let mut by_slot: BTreeMap<String, [u32; 3]> = BTreeMap::new();
    for s in &r.slots {
        let e = by_slot.entry(format!("{}–{}", s.start, s.end)).or_default();
        e[0] += s.counts.booked;
        e[1] += s.counts.arrived;
        e[2] += s.counts.no_show;
    }
    let slot_names: Vec<String> = by_slot.keys().cloned().collect();
    let slot_values: Vec<Vec<u32>> = by_slot.values().map(|v| v.to_vec()).collect();
    o.push_str("<section class=\"keep\"><h2>Arrivals</h2>");
    let _ = write!(
        o,
        "<figure><figcaption>Check-ins per hour (office time{})</figcaption>{}</figure>",
        if r.days.len() > 1 { ", all days" } else { "" },
        bar_chart("Check-ins per hour", &hours, &[("arrivals", BAR)], &arrivals)
    );
    let _ = write!(
        o,
        "<figure><figcaption>Booked, arrived and no-shows per slot{}</figcaption>{}</figure>",
        if r.days.len() > 1 { " (all days)" } else { "" },
        bar_chart(
            "Booked, arrived and no-shows per slot",
            &slot_names,
            &[("booked", BOOKED), ("arrived", ARRIVED), ("no-show", NO_SHOW)],
            &slot_values
        )
    );
    o.push_str("</section>\n");

    // Slots.
    o.push_str("<section><h2>Slots</h2>");
    let mut headers = vec!["Date", "Slot"];
    headers.extend(COUNT_HEADERS);
    let mut t = Table::new(&headers, 2);
    for s in &r.slots {
        let mut row = vec![s.date.to_string(), format!("{}–{}", s.start, s.end)];
        row.extend(counts(&s.counts));
        t.row(&row, 2, "");
    }
    let mut total = vec!["Total".to_string(), String::new()];
    total.extend(counts(c));
    t.row(&total, 2, "sum");
    o.push_str(&t.end());
    let _ = write!(
        o,
        "<p class=\"note\">Booked = arrived + no-show + pending. Withdrawn bookings and walk-ins are not in \
         \u{201c}booked\u{201d}. Checked in altogether: {}.</p>",
        r.totals.checked_in
    );
    if r.days.len() > 1 || r.days.iter().any(|d| d.day_off.is_some()) {
        o.push_str("<h3>Days</h3>");
        let mut headers = vec!["Date", "Day off", "Slots"];
        headers.extend(COUNT_HEADERS);
        let mut t = Table::new(&headers, 2);
        for d in &r.days {
            let mut row =
                vec![format!("{} {}", d.weekday, d.date), d.day_off.clone().unwrap_or_default(), d.slots.to_string()];
            row.extend(counts(&d.counts));
            t.row(&row, 2, "");
        }
        o.push_str(&t.end());
    }
    o.push_str("</section>\n");

    // Times.
    o.push_str("<section class=\"keep\"><h2>Waiting and service times (minutes)</h2>");
    let mut t = Table::new(&super::TIME_HEADERS, 1);
    for l in &r.lines {
        t.row(&super::time_cells(l), 1, "");
    }
    o.push_str(&t.end());
    o.push_str(
        "<p class=\"note\">Waiting: first check-in to first call. Service: first call to the decision. Median and \
         P90 are nearest-rank percentiles: of n times in order, the one at rank p\u{b7}n/100 rounded up.</p></section>\n",
    );

    // Queue and decisions.
    o.push_str("<section class=\"keep\"><h2>Queue and decisions</h2><div class=\"cols\"><div>");
    let p = &r.priority;
    let mut t = Table::new(&["Priority applicants (checked in)", "Count"], 1);
    for (k, v) in
        [("Lansia (60+)", p.lansia), ("Disabilitas", p.disabilitas), ("Hamil", p.hamil), ("Balita (under 5)", p.balita)]
    {
        t.row(&[k.to_string(), v.to_string()], 1, "");
    }
    t.row(&["Total".to_string(), p.total.to_string()], 1, "sum");
    o.push_str(&t.end());
    let mut t = Table::new(&["Reschedules away from these days", "Count"], 1);
    t.row(&["Ordinary (applicant)".to_string(), r.reschedules.ordinary.to_string()], 1, "");
    t.row(&["Special (office)".to_string(), r.reschedules.special.to_string()], 1, "");
    o.push_str(&t.end());
    o.push_str("</div><div>");
    let d = &r.decisions;
    let mut t = Table::new(&["Decisions", "Count"], 1);
    t.row(&["Approved".to_string(), d.approved.to_string()], 1, "");
    for (reason, n) in d.rejected_by_reason.pairs() {
        t.row(&[format!("Rejected: {reason}"), n.to_string()], 1, "");
    }
    t.row(&["Served (decided)".to_string(), d.served.to_string()], 1, "sum");
    o.push_str(&t.end());
    o.push_str("</div></div>");
    let mut t = Table::new(&["Service", "Checked in", "Served", "Approved", "Rejected"], 1);
    for (name, s) in [("Regular", &r.services.regular), ("Express (percepatan)", &r.services.express)] {
        let cells = [
            name.to_string(),
            s.checked_in.to_string(),
            s.served.to_string(),
            s.approved.to_string(),
            s.rejected.to_string(),
        ];
        t.row(&cells, 1, "");
    }
    o.push_str(&t.end());
    o.push_str("</section>\n");

    // Counters and officers.
    o.push_str("<section class=\"keep\"><h2>Counters and officers (minutes)</h2>");
    let desk_headers = ["Served", "Busy", "Present", "Idle", "Present from"];
    let mut headers = vec!["Counter"];
    headers.extend(desk_headers);
    let mut t = Table::new(&headers, 1);
    for c in &r.counters {
        let mut row = vec![format!("Loket {}", c.counter)];
        row.extend(desk(&c.figures));
        t.row(&row, 1, "");
    }
    o.push_str(&t.end());
    let mut headers = vec!["Officer"];
    headers.extend(desk_headers);
    let mut t = Table::new(&headers, 1);
    for off in &r.officers {
        let mut row = vec![off.officer.clone()];
        row.extend(desk(&off.figures));
        t.row(&row, 1, "");
    }
    o.push_str(&t.end());
    o.push_str(
        "<p class=\"note\">Busy: time with an applicant, from the call to the decision (or transfer, \
         put-back, absent). Idle: present minus busy; present from counter sessions, else the office's hours.</p>\
         </section>\n",
    );

    // Money and passports.
    o.push_str("<section><h2>PNBP and passports</h2><div class=\"cols\"><div>");
    let mut t = Table::new(&["PNBP", "Rupiah"], 1);
    for (k, v) in [
        ("Collected (approved)", r.pnbp.collected_idr),
        ("Forfeited by no-shows", r.pnbp.forfeited_no_show_idr),
        ("Forfeited by rejections", r.pnbp.forfeited_rejected_idr),
    ] {
        t.row(&[k.to_string(), format_idr(v)], 1, "");
    }
    t.row(&["Total".to_string(), format_idr(r.pnbp.total_idr)], 1, "sum");
    o.push_str(&t.end());
    let mut t = Table::new(&["Passports", "Count"], 1);
    t.row(&["Made ready".to_string(), r.passports.made_ready.to_string()], 1, "");
    t.row(&["Handed over at the counter".to_string(), r.passports.handed_over.to_string()], 1, "");
    t.row(&["Dispatched by PT Pos".to_string(), r.passports.dispatched.to_string()], 1, "");
    o.push_str(&t.end());
    o.push_str("</div><div>");
    let b = &r.backlog;
    let mut t = Table::new(&[&format!("Ready, not collected (end of {})", b.as_of), "Count"], 1);
    for (k, v) in [
        ("0–7 days", b.days_0_7),
        ("8–14 days", b.days_8_14),
        ("15–30 days", b.days_15_30),
        ("over 30 days", b.days_over_30),
    ] {
        t.row(&[k.to_string(), v.to_string()], 1, "");
    }
    t.row(&["Total".to_string(), b.total.to_string()], 1, "sum");
    o.push_str(&t.end());
    let _ = write!(
        o,
        "<p class=\"note\">Oldest: {}.</p>",
        b.oldest_days.map_or_else(|| "none".to_string(), |d| format!("{d} days"))
    );
    o.push_str("</div></div></section>\n");

    let _ = write!(
        o,
        "<footer><p>Queue, decision, time, counter, hourly and PNBP figures count applications whose slot date is \
         in the range; passports count moves made during these days; the backlog is as at the end of {}.</p>\
         <p>{} · report schema {} · produced by {} on {}.</p></footer>\n</body>\n</html>\n",
        r.to,
        esc(&r.office),
        esc(r.schema),
        esc(&r.produced_by),
        esc(&r.produced_local())
    );
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(
            esc(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn nice_axis() {
        assert_eq!(axis(0), (1, 1));
        assert_eq!(axis(1), (1, 1));
        assert_eq!(axis(3), (3, 1));
        assert_eq!(axis(17), (20, 5));
        assert_eq!(axis(21), (30, 10));
        assert_eq!(axis(51), (60, 20));
        assert_eq!(axis(120), (150, 50));
    }
}

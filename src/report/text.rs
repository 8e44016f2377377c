//! The report as plain text: headed sections with aligned tables, for the terminal or a text file.

use super::{DeskFigures, Report, SlotCounts};
use crate::domain::fees::format_idr;
use std::fmt::Write as _;

/// Writes an aligned table: the first `left` columns left-aligned, the others right-aligned.
pub(crate) fn table(out: &mut String, headers: &[&str], rows: &[Vec<String>], left: usize) {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let parts: Vec<String> = cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, w))| {
                let pad = w.saturating_sub(c.chars().count());
                if i < left {
                    format!("{c}{}", " ".repeat(pad))
                } else {
                    format!("{}{c}", " ".repeat(pad))
                }
            })
            .collect();
        format!("  {}\n", parts.join("  ").trim_end())
    };
    out.push_str(&line(headers.to_vec()));
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    out.push_str(&format!("  {}\n", rule.join("  ")));
    for row in rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
}

fn heading(out: &mut String, title: &str) {
    let _ = write!(out, "\n{title}\n{}\n", "=".repeat(title.chars().count()));
}

pub(crate) const COUNT_HEADERS: [&str; 7] =
    ["Quota", "Booked", "Arrived", "No-show", "Pending", "Withdrawn", "Walk-ins"];

pub(crate) fn count_cells(c: &SlotCounts) -> Vec<String> {
    [c.quota, c.booked, c.arrived, c.no_show, c.pending, c.withdrawn, c.walk_ins].iter().map(u32::to_string).collect()
}

fn desk_cells(f: &DeskFigures) -> Vec<String> {
    vec![
        f.served.to_string(),
        format!("{:.1}", f.busy_minutes),
        format!("{:.1}", f.present_minutes),
        format!("{:.1}", f.idle_minutes),
        f.presence.as_str().to_string(),
    ]
}

pub fn render(r: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Supervisors' report — {}", r.office);
    let _ = writeln!(out, "Days:     {}", r.range_label());
    let _ = writeln!(out, "Produced: {} by {}", r.produced_local(), r.produced_by);
    let _ = writeln!(out, "Audit chain head: {}", r.audit_chain_head.as_deref().unwrap_or("(empty)"));

    heading(&mut out, "Queue");
    let t = &r.totals;
    let c = &t.counts;
    let _ = writeln!(
        out,
        "  Booked {}: arrived {}, no-show {}, pending {} (quota {}; withdrawn {})",
        c.booked, c.arrived, c.no_show, c.pending, c.quota, c.withdrawn
    );
    let _ = writeln!(out, "  Walk-ins {}; checked in altogether {}", c.walk_ins, t.checked_in);
    let p = &r.priority;
    let _ = writeln!(
        out,
        "  Priority applicants {} (lansia {}, disabilitas {}, hamil {}, balita {})",
        p.total, p.lansia, p.disabilitas, p.hamil, p.balita
    );
    let _ = writeln!(out, "  Reschedules: {} ordinary, {} special", r.reschedules.ordinary, r.reschedules.special);

    out.push_str("\n  Per slot\n");
    let mut headers = vec!["Date", "Slot"];
    headers.extend(COUNT_HEADERS);
    let rows: Vec<Vec<String>> = r
        .slots
        .iter()
        .map(|s| {
            let mut row = vec![s.date.to_string(), format!("{}-{}", s.start, s.end)];
            row.extend(count_cells(&s.counts));
            row
        })
        .collect();
    if rows.is_empty() {
        out.push_str("  (no slots in these days)\n");
    } else {
        table(&mut out, &headers, &rows, 2);
    }
    if r.days.len() > 1 || r.days.iter().any(|d| d.day_off.is_some()) {
        out.push_str("\n  Per day\n");
        let mut headers = vec!["Date", "Day", "Day off", "Slots"];
        headers.extend(COUNT_HEADERS);
        let rows: Vec<Vec<String>> = r
            .days
            .iter()
            .map(|d| {
                let mut row = vec![
                    d.date.to_string(),
                    d.weekday.clone(),
                    d.day_off.clone().unwrap_or_default(),
                    d.slots.to_string(),
                ];
                row.extend(count_cells(&d.counts));
                row
            })
            .collect();
        table(&mut out, &headers, &rows, 3);
    }

    heading(&mut out, "Decisions");
    let d = &r.decisions;
    let _ = writeln!(out, "  Served {}: approved {}, rejected {}", d.served, d.approved, d.rejected);
    let rows: Vec<Vec<String>> =
        d.rejected_by_reason.pairs().iter().map(|(k, n)| vec![k.to_string(), n.to_string()]).collect();
    table(&mut out, &["Rejected by reason", "Count"], &rows, 1);
    out.push('\n');
    let rows: Vec<Vec<String>> = [("Regular", &r.services.regular), ("Express", &r.services.express)]
        .iter()
        .map(|(name, s)| {
            vec![
                name.to_string(),
                s.checked_in.to_string(),
                s.served.to_string(),
                s.approved.to_string(),
                s.rejected.to_string(),
            ]
        })
        .collect();
    table(&mut out, &["Service", "Checked in", "Served", "Approved", "Rejected"], &rows, 1);

    heading(&mut out, "Waiting and service times (minutes)");
    let rows: Vec<Vec<String>> = r.lines.iter().map(super::time_cells).collect();
    table(&mut out, &super::TIME_HEADERS, &rows, 1);
    out.push_str("  Waiting: check-in to first call. Service: first call to decision. P90: nearest rank.\n");

    heading(&mut out, "Counters and officers (minutes)");
    let desk_headers = ["Served", "Busy", "Present", "Idle", "Presence from"];
    let rows: Vec<Vec<String>> = r
        .counters
        .iter()
        .map(|c| {
            let mut row = vec![format!("Counter {}", c.counter)];
            row.extend(desk_cells(&c.figures));
            row
        })
        .collect();
    if rows.is_empty() {
        out.push_str("  (no counter work in these days)\n");
    } else {
        let mut headers = vec!["Counter"];
        headers.extend(desk_headers);
        table(&mut out, &headers, &rows, 1);
    }
    let rows: Vec<Vec<String>> = r
        .officers
        .iter()
        .map(|o| {
            let mut row = vec![o.officer.clone()];
            row.extend(desk_cells(&o.figures));
            row
        })
        .collect();
    if !rows.is_empty() {
        out.push('\n');
        let mut headers = vec!["Officer"];
        headers.extend(desk_headers);
        table(&mut out, &headers, &rows, 1);
    }

    heading(&mut out, "Arrivals per hour");
    let most = r.hourly_arrivals.iter().map(|h| h.arrivals).max().unwrap_or(0).max(1);
    for h in &r.hourly_arrivals {
        let bar = "#".repeat((h.arrivals as usize * 40).div_ceil(most as usize));
        let _ = writeln!(out, "  {:02}:00  {:>5}  {bar}", h.hour, h.arrivals);
    }

    heading(&mut out, "PNBP");
    let rows = vec![
        vec!["Collected (approved)".to_string(), format_idr(r.pnbp.collected_idr)],
        vec!["Forfeited by no-shows".to_string(), format_idr(r.pnbp.forfeited_no_show_idr)],
        vec!["Forfeited by rejections".to_string(), format_idr(r.pnbp.forfeited_rejected_idr)],
        vec!["Total".to_string(), format_idr(r.pnbp.total_idr)],
    ];
    table(&mut out, &["Amount", "Rupiah"], &rows, 1);

    heading(&mut out, "Passports");
    let ps = &r.passports;
    let _ = writeln!(
        out,
        "  Made ready {}, handed over at the counter {}, dispatched by post {}",
        ps.made_ready, ps.handed_over, ps.dispatched
    );
    let b = &r.backlog;
    let _ = writeln!(out, "  Ready, not collected at the end of {}: {}", b.as_of, b.total);
    let rows = vec![vec![
        b.days_0_7.to_string(),
        b.days_8_14.to_string(),
        b.days_15_30.to_string(),
        b.days_over_30.to_string(),
        b.oldest_days.map_or_else(|| "–".to_string(), |d| d.to_string()),
    ]];
    table(&mut out, &["0–7 days", "8–14 days", "15–30 days", "> 30 days", "Oldest (days)"], &rows, 0);
    out
}

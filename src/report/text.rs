//! The report as plain text: headed sections with aligned tables, for the terminal or a text file. Every
//! piece of stored text (office, officer and holiday names) is neutralised for the terminal.

use super::doc::{Block, Chart, Doc, Table};
use crate::domain::text::for_terminal;
use std::fmt::Write as _;

fn clean(s: &str) -> String {
    for_terminal(s).into_owned()
}

/// Writes an aligned table: text columns left-aligned, numbers right-aligned.
fn table(out: &mut String, t: &Table) {
    let headers: Vec<String> = t.headers.iter().map(|h| clean(h)).collect();
    let rows: Vec<Vec<String>> = t.rows.iter().map(|r| r.iter().map(|c| clean(c)).collect()).collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let parts: Vec<String> = cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, w))| {
                let pad = " ".repeat(w.saturating_sub(c.chars().count()));
                if t.is_left(i) {
                    format!("{c}{pad}")
                } else {
                    format!("{pad}{c}")
                }
            })
            .collect();
        format!("  {}\n", parts.join("  ").trim_end())
    };
    out.push_str(&line(&headers));
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    let rule = format!("  {}\n", rule.join("  "));
    out.push_str(&rule);
    for (i, row) in rows.iter().enumerate() {
        if t.sum_last && i + 1 == rows.len() {
            out.push_str(&rule);
        }
        out.push_str(&line(row));
    }
}

/// A chart as rows of numbers with a bar for the first series.
fn chart(out: &mut String, c: &Chart, lang: crate::tui::i18n::Lang) {
    let _ = writeln!(out, "  {}", clean(&c.title));
    if c.series.len() > 1 {
        let names: Vec<String> = c.series.iter().map(|s| clean(&s.0)).collect();
        let _ = writeln!(out, "  ({})", names.join(" / "));
    }
    let most =
        c.values.iter().filter_map(|v| v.first().copied()).filter(|v| v.is_finite()).fold(0.0_f64, f64::max).max(1.0);
    let width = c.categories.iter().map(|s| s.chars().count()).max().unwrap_or(2);
    for (cat, vals) in c.categories.iter().zip(&c.values) {
        let nums: Vec<String> = vals
            .iter()
            .map(|v| {
                if !v.is_finite() {
                    "–".to_string()
                } else if v.fract() == 0.0 {
                    format!("{v:.0}")
                } else {
                    super::locale::dec1(lang, *v)
                }
            })
            .collect();
        let first = vals.first().copied().filter(|v| v.is_finite()).unwrap_or(0.0);
        let bar = "#".repeat((first * 40.0 / most).ceil() as usize);
        let _ = writeln!(out, "  {:<width$}  {:>12}  {bar}", clean(cat), nums.join(" / "));
    }
    out.push('\n');
}

pub fn render(d: &Doc) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} — {}", clean(&d.kind), clean(&d.office));
    let _ = writeln!(out, "{}", clean(&d.range));
    for m in &d.meta {
        let _ = writeln!(out, "{}", clean(m));
    }
    for b in &d.blocks {
        match b {
            Block::Heading(h) => {
                let h = clean(h);
                let _ = write!(out, "\n{h}\n{}\n", "=".repeat(h.chars().count()));
            }
            Block::Kpis(tiles) => {
                out.push('\n');
                for (v, k) in tiles {
                    let _ = writeln!(out, "  {:>16}  {}", clean(v), clean(k));
                }
            }
            Block::Table(t) => {
                table(&mut out, t);
                out.push('\n');
            }
            Block::Chart(c) => chart(&mut out, c, d.lang),
            Block::Note(n) => {
                let _ = writeln!(out, "  {}", clean(n));
            }
            Block::Problem(p) => {
                let _ = writeln!(out, "  ! {}", clean(p));
            }
        }
    }
    out.push('\n');
    for f in &d.footer {
        let _ = writeln!(out, "{}", clean(f));
    }
    let s = &d.signature;
    let _ = write!(
        out,
        "\n{pad}{}\n{pad}{}\n\n\n{pad}{}\n{pad}{}\n",
        clean(&s.acknowledged),
        clean(&s.title),
        if s.name.is_empty() { "(______________________________)".to_string() } else { clean(&s.name) },
        if s.nip.chars().count() < 6 { format!("{} ____________________", clean(&s.nip)) } else { clean(&s.nip) },
        pad = " ".repeat(48)
    );
    out
}

//! The report as one self-contained HTML page: inline CSS laid out for A4 paper, tables, and inline SVG bar
//! charts. No scripts, no fonts or images from elsewhere, no links out; every text from the data is escaped.

use super::doc::{Block, Chart, ChartKind, Doc, Rgb};
use crate::tui::i18n::Lang;
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
@page { size: A4; margin: 15mm 15mm 18mm;
        @bottom-right { content: "PAGE_LABEL " counter(page) " OF_LABEL " counter(pages); font-size: 8pt; color: #5a6470; } }
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
td.l { white-space: normal; overflow-wrap: break-word; }
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
.problem { color: #a4231a; font-weight: 700; margin: 0 0 1mm; }
.signature { break-inside: avoid; page-break-inside: avoid; margin: 6mm 0 0 auto; width: 70mm; font-size: 9.5pt; }
.signature p { margin: 0; }
.signature .space { height: 18mm; }
.signature .name { font-weight: 700; text-decoration: underline; min-height: 1.3em; }
@media print { body { padding: 0; max-width: none; font-size: 8.6pt; } th, td { padding-top: .35mm; padding-bottom: .35mm; }
  table { font-size: 8pt; margin-bottom: 1.5mm; } h2 { margin: 2.5mm 0 1mm; font-size: 10.5pt; }
  .kpi .v { font-size: 11pt; } .kpis { gap: 1.5mm; } figure { margin: 0 0 1mm; } .note { margin-bottom: 1mm; }
  header { padding-bottom: 2mm; margin-bottom: 2.5mm; } .signature { margin-top: 3mm; } .signature .space { height: 13mm; } }
"#;

/// The y axis for values up to `max`: (top, step) with the step 1, 2 or 5 times a power of ten (or 25 times
/// one) and at most four steps up to the top, which is at least `max` and at least 1.
pub(crate) fn axis(max: u32) -> (u32, u32) {
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

fn hex(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// A value as a chart label: whole numbers without decimals, others with one (comma in Indonesian).
fn num(lang: Lang, v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        super::locale::dec1(lang, v)
    }
}

/// A bar or line chart with one group per category, as inline SVG.
fn svg_chart(c: &Chart, lang: Lang) -> String {
    let (w, h) = (700.0_f64, 135.0_f64);
    let (left, right, top, bottom) = (38.0, 8.0, if c.series.len() > 1 { 26.0 } else { 12.0 }, 24.0);
    let plot_w = w - left - right;
    let plot_h = h - top - bottom;
    let most = c.values.iter().flatten().copied().filter(|v| v.is_finite()).fold(0.0_f64, f64::max);
    let (max, step) = axis(most.ceil() as u32);
    let (max, step) = (f64::from(max), f64::from(step));
    let y_of = |v: f64| top + plot_h - plot_h * v / max;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg viewBox="0 0 {w} {h}" role="img" aria-label="{t}" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif"><title>{t}</title>"#,
        t = esc(&c.title)
    );
    let mut v = 0.0;
    while v <= max + 1e-9 {
        let y = y_of(v);
        let _ = write!(
            s,
            r##"<line x1="{left}" y1="{y:.1}" x2="{x2}" y2="{y:.1}" stroke="#d5dde6" stroke-width="1"/><text x="{tx}" y="{ty:.1}" font-size="10" text-anchor="end" fill="#5a6470">{v}</text>"##,
            x2 = w - right,
            tx = left - 4.0,
            ty = y + 3.5,
            v = num(lang, v)
        );
        v += step;
    }
    let n = c.categories.len().max(1) as f64;
    let group_w = plot_w / n;
    let inner = group_w * 0.78;
    let bar_w = inner / c.series.len().max(1) as f64;
    let label_every = ((c.categories.len() as f64 * 24.0 / plot_w).ceil() as usize).max(1);
    match c.kind {
        ChartKind::Bars => {
            for (i, (cat, vals)) in c.categories.iter().zip(&c.values).enumerate() {
                let gx = left + group_w * i as f64 + (group_w - inner) / 2.0;
                for (j, v) in vals.iter().enumerate().filter(|(_, v)| v.is_finite()) {
                    let bh = plot_h * v / max;
                    let x = gx + bar_w * j as f64;
                    let y = top + plot_h - bh;
                    let colour = hex(c.series.get(j).map_or(super::doc::BAR, |s| s.1));
                    let _ = write!(
                        s,
                        r#"<rect x="{x:.1}" y="{y:.1}" width="{bw:.1}" height="{bh:.1}" fill="{colour}"><title>{c}: {v}</title></rect>"#,
                        bw = (bar_w - 1.0).max(1.0),
                        c = esc(cat),
                        v = num(lang, *v)
                    );
                    if *v > 0.0 && bar_w >= 14.0 {
                        let _ = write!(
                            s,
                            r##"<text x="{cx:.1}" y="{ty:.1}" font-size="9" text-anchor="middle" fill="#33475f">{v}</text>"##,
                            cx = x + bar_w / 2.0,
                            ty = y - 2.5,
                            v = num(lang, *v)
                        );
                    }
                }
            }
        }
        ChartKind::Lines => {
            // A day without a value (NaN) breaks the line.
            for (j, (_, colour)) in c.series.iter().enumerate() {
                let mut runs: Vec<Vec<String>> = vec![Vec::new()];
                for (i, vals) in c.values.iter().enumerate() {
                    let v = vals.get(j).copied().unwrap_or(f64::NAN);
                    if v.is_finite() {
                        let x = left + group_w * (i as f64 + 0.5);
                        if let Some(r) = runs.last_mut() {
                            r.push(format!("{x:.1},{:.1}", y_of(v)));
                        }
                    } else if runs.last().is_some_and(|r| !r.is_empty()) {
                        runs.push(Vec::new());
                    }
                }
                for run in runs.iter().filter(|r| !r.is_empty()) {
                    let _ = write!(
                        s,
                        r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>"#,
                        run.join(" "),
                        hex(*colour)
                    );
                }
            }
        }
    }
    for (i, cat) in c.categories.iter().enumerate() {
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
    if c.series.len() > 1 {
        let mut x = left;
        for (name, colour) in &c.series {
            let _ = write!(
                s,
                r##"<rect x="{x:.1}" y="6" width="11" height="11" fill="{colour}"/><text x="{tx:.1}" y="15.5" font-size="10" fill="#33475f">{n}</text>"##,
                colour = hex(*colour),
                tx = x + 15.0,
                n = esc(name)
            );
            x += 24.0 + 6.5 * name.chars().count() as f64;
        }
    }
    s.push_str("</svg>");
    s
}

fn table(t: &super::doc::Table) -> String {
    let class = |i: usize| if t.is_left(i) { r#" class="l""# } else { "" };
    let mut html = String::from("<table><thead><tr>");
    for (i, h) in t.headers.iter().enumerate() {
        let _ = write!(html, "<th{}>{}</th>", class(i), esc(h));
    }
    html.push_str("</tr></thead><tbody>");
    for (r, row) in t.rows.iter().enumerate() {
        if t.sum_last && r + 1 == t.rows.len() {
            html.push_str(r#"<tr class="sum">"#);
        } else {
            html.push_str("<tr>");
        }
        for (i, c) in row.iter().enumerate() {
            let _ = write!(html, "<td{}>{}</td>", class(i), esc(c));
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table>");
    html
}

fn kpi(out: &mut String, value: &str, label: &str) {
    let _ =
        write!(out, r#"<div class="kpi"><div class="v">{}</div><div class="k">{}</div></div>"#, esc(value), esc(label));
}

pub fn render(d: &Doc, lang: Lang) -> String {
    let mut o = String::new();
    let title = format!("{} — {} — {}", d.kind, d.office, d.range);
    let style = STYLE
        .replace("PAGE_LABEL", super::locale::label(lang, "rpt.page"))
        .replace("OF_LABEL", super::locale::label(lang, "rpt.of"));
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"loket {}\">\n\
         <title>{}</title>\n<style>{style}</style>\n</head>\n<body>\n",
        match lang {
            Lang::Id => "id",
            Lang::En => "en",
        },
        esc(env!("CARGO_PKG_VERSION")),
        esc(&title)
    );
    let _ = write!(
        o,
        "<header><p class=\"kind\">{}</p><h1>{}</h1><p class=\"range\">{}</p>",
        esc(&d.kind),
        esc(&d.office),
        esc(&d.range)
    );
    for m in &d.meta {
        let _ = write!(o, "<p class=\"meta\">{}</p>", esc(m));
    }
    o.push_str("</header>\n<section>");
    for b in &d.blocks {
        match b {
            Block::Heading(h) => {
                let _ = write!(o, "</section>\n<section><h2>{}</h2>", esc(h));
            }
            Block::Kpis(tiles) => {
                o.push_str("<div class=\"kpis keep\">");
                for (v, k) in tiles {
                    kpi(&mut o, v, k);
                }
                o.push_str("</div>");
            }
            Block::Table(t) => o.push_str(&table(t)),
            Block::Chart(c) => {
                let _ = write!(
                    o,
                    "<figure class=\"keep\"><figcaption>{}</figcaption>{}</figure>",
                    esc(&c.title),
                    svg_chart(c, lang)
                );
            }
            Block::Note(n) => {
                let _ = write!(o, "<p class=\"note\">{}</p>", esc(n));
            }
            Block::Problem(p) => {
                let _ = write!(o, "<p class=\"problem\">⚠ {}</p>", esc(p));
            }
        }
    }
    o.push_str("</section>\n");
    let s = &d.signature;
    let _ = writeln!(
        o,
        "<div class=\"signature\"><p>{}</p><p>{}</p><div class=\"space\"></div><p class=\"name\">{}</p><p>{}</p></div>",
        esc(&s.acknowledged),
        esc(&s.title),
        if s.name.is_empty() { "&nbsp;".repeat(50) } else { esc(&s.name) },
        esc(&s.nip)
    );
    o.push_str("<footer>");
    for f in &d.footer {
        let _ = write!(o, "<p>{}</p>", esc(f));
    }
    o.push_str("</footer>\n</body>\n</html>\n");
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

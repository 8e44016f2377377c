//! The report as a PDF on A4 paper, written with krilla (pure Rust; no browser, no external program). The
//! document is typeset here: text measured with the embedded DejaVu Sans Condensed, table cells that wrap
//! long names instead of shrinking the page, charts drawn as vector paths, page numbers ("Halaman 1 dari 2")
//! and the signature block. Layout first fills pages with drawing operations, then writes them, so every page
//! knows the page count.

use super::doc::{Block, Chart, ChartKind, Doc, Rgb, Table};
use super::locale::label;
use super::RenderError;
use crate::domain::text::for_terminal;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use krilla::{Document, SerializeSettings};

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSansCondensed.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSansCondensed-Bold.ttf");

/// A4 in points.
pub const PAGE_W: f32 = 595.28;
pub const PAGE_H: f32 = 841.89;
const MARGIN_X: f32 = 40.0;
const MARGIN_TOP: f32 = 40.0;
/// The content ends here; the page number sits below.
const CONTENT_BOTTOM: f32 = PAGE_H - 48.0;
const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN_X;

const INK: Rgb = (0x1b, 0x1f, 0x24);
const MUTED: Rgb = (0x5a, 0x64, 0x70);
const ACCENT: Rgb = (0x1f, 0x3a, 0x5f);
const RULE: Rgb = (0xc9, 0xd3, 0xdf);
const HEAD_BG: Rgb = (0xed, 0xf1, 0xf6);
const PROBLEM: Rgb = (0xa4, 0x23, 0x1a);

const TABLE_SIZE: f32 = 7.2;
const CELL_PAD: f32 = 3.0;
/// Space above and below the text of a table row (less in a summary).
const ROW_PAD: f32 = 1.6;
const ROW_PAD_COMPACT: f32 = 0.9;

/// Widths of characters from a font's metrics (for wrapping and right alignment).
struct Metrics {
    face: ttf_parser::Face<'static>,
}

impl Metrics {
    fn new(data: &'static [u8]) -> Result<Metrics, RenderError> {
        let face = ttf_parser::Face::parse(data, 0).map_err(|e| RenderError::Pdf(format!("font: {e}")))?;
        Ok(Metrics { face })
    }

    fn width(&self, s: &str, size: f32) -> f32 {
        let upem = f32::from(self.face.units_per_em());
        let units: f32 = s
            .chars()
            .map(|c| {
                let g = self.face.glyph_index(c).or_else(|| self.face.glyph_index('?'));
                g.and_then(|g| self.face.glyph_hor_advance(g)).map_or(upem * 0.5, f32::from)
            })
            .sum();
        units * size / upem
    }
}

#[derive(Debug, Clone)]
enum Op {
    Text { x: f32, y: f32, size: f32, bold: bool, colour: Rgb, text: String },
    Rect { x: f32, y: f32, w: f32, h: f32, colour: Rgb },
    Line { points: Vec<(f32, f32)>, width: f32, colour: Rgb },
}

struct Layout {
    regular: Metrics,
    bold: Metrics,
    pages: Vec<Vec<Op>>,
    /// The next free y on the current page (top-down).
    y: f32,
    /// A summary: tighter rows and lower charts, so a month fits two pages.
    compact: bool,
}

fn clean(s: &str) -> String {
    for_terminal(s).into_owned()
}

impl Layout {
    fn metrics(&self, bold: bool) -> &Metrics {
        if bold {
            &self.bold
        } else {
            &self.regular
        }
    }

    fn width(&self, s: &str, size: f32, bold: bool) -> f32 {
        self.metrics(bold).width(s, size)
    }

    fn op(&mut self, op: Op) {
        if let Some(p) = self.pages.last_mut() {
            p.push(op);
        }
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN_TOP;
    }

    /// Starts a new page unless `h` more points fit on this one.
    fn need(&mut self, h: f32) {
        if self.y + h > CONTENT_BOTTOM {
            self.new_page();
        }
    }

    fn text(&mut self, x: f32, baseline: f32, size: f32, bold: bool, colour: Rgb, text: &str) {
        if !text.is_empty() {
            self.op(Op::Text { x, y: baseline, size, bold, colour, text: clean(text) });
        }
    }

    fn rule(&mut self, y: f32, colour: Rgb, width: f32) {
        self.op(Op::Line { points: vec![(MARGIN_X, y), (MARGIN_X + CONTENT_W, y)], width, colour });
    }

    /// Splits text into lines no wider than `max` (words, or characters of a word longer than a line).
    fn wrap(&self, text: &str, size: f32, bold: bool, max: f32) -> Vec<String> {
        let text = clean(text);
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split(' ') {
            let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
            if self.width(&candidate, size, bold) <= max {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if self.width(word, size, bold) <= max {
                line = word.to_string();
            } else {
                for c in word.chars() {
                    let next = format!("{line}{c}");
                    if self.width(&next, size, bold) > max && !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        line.push(c);
                    } else {
                        line = next;
                    }
                }
            }
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }

    fn paragraph(&mut self, text: &str, size: f32, bold: bool, colour: Rgb) {
        let lh = size * 1.3;
        for l in self.wrap(text, size, bold, CONTENT_W) {
            self.need(lh);
            self.y += lh;
            let y = self.y - size * 0.28;
            self.text(MARGIN_X, y, size, bold, colour, &l);
        }
    }

    fn header(&mut self, d: &Doc) {
        self.new_page();
        self.y += 9.0;
        self.text(MARGIN_X, self.y, 7.5, false, MUTED, &d.kind.to_uppercase());
        for l in self.wrap(&d.office, 15.0, true, CONTENT_W) {
            self.y += 18.0;
            self.text(MARGIN_X, self.y, 15.0, true, ACCENT, &l);
        }
        self.y += 4.0;
        for l in self.wrap(&d.range, 10.5, true, CONTENT_W) {
            self.y += 13.0;
            self.text(MARGIN_X, self.y, 10.5, true, INK, &l);
        }
        self.y += 4.0;
        for m in &d.meta {
            self.paragraph(m, 7.5, false, MUTED);
        }
        self.y += 4.0;
        self.rule(self.y, ACCENT, 1.5);
        self.y += 4.0;
    }

    fn heading(&mut self, h: &str) {
        // Keep a heading with at least a few lines of what follows.
        self.need(16.0 + 40.0);
        self.y += if self.compact { 12.0 } else { 15.0 };
        self.text(MARGIN_X, self.y - 2.0, 10.0, true, ACCENT, h);
        self.rule(self.y + 1.5, RULE, 0.6);
        self.y += 5.0;
    }

    fn kpis(&mut self, tiles: &[(String, String)]) {
        let per_row = 4;
        let gap = 6.0;
        let w = (CONTENT_W - gap * (per_row as f32 - 1.0)) / per_row as f32;
        let h = 28.0;
        for row in tiles.chunks(per_row) {
            self.need(h + gap);
            self.y += gap / 2.0;
            for (i, (value, label)) in row.iter().enumerate() {
                let x = MARGIN_X + i as f32 * (w + gap);
                self.op(Op::Rect { x, y: self.y, w, h, colour: HEAD_BG });
                self.op(Op::Rect { x, y: self.y, w: 2.5, h, colour: ACCENT });
                self.text(x + 7.0, self.y + 12.5, 11.0, true, ACCENT, value);
                let label = self.wrap(label, 6.8, false, w - 10.0).into_iter().next().unwrap_or_default();
                self.text(x + 7.0, self.y + 23.0, 6.8, false, MUTED, &label);
            }
            self.y += h + gap / 2.0;
        }
    }

    /// Column widths: natural widths, then text columns narrowed (their cells wrap) until the table fits.
    fn column_widths(&self, t: &Table) -> Vec<f32> {
        let cols = t.headers.len().max(t.rows.iter().map(Vec::len).max().unwrap_or(0));
        let mut natural = vec![0.0_f32; cols];
        let mut header_word = vec![0.0_f32; cols];
        for (i, h) in t.headers.iter().enumerate() {
            for w in h.split(' ') {
                header_word[i] = header_word[i].max(self.width(w, TABLE_SIZE, true));
            }
            natural[i] = natural[i].max(self.width(h, TABLE_SIZE, true).min(90.0));
        }
        for row in &t.rows {
            for (i, c) in row.iter().enumerate() {
                natural[i] = natural[i].max(self.width(c, TABLE_SIZE, false));
            }
        }
        let mut widths: Vec<f32> =
            natural.iter().zip(&header_word).map(|(n, hw)| n.max(*hw) + 2.0 * CELL_PAD + 0.5).collect();
        let total: f32 = widths.iter().sum();
        if total > CONTENT_W {
            // Narrow the text columns, widest first, down to 60 pt each.
            let fixed: f32 = widths.iter().enumerate().filter(|(i, _)| !t.is_left(*i)).map(|(_, w)| w).sum();
            let text_total: f32 = widths.iter().enumerate().filter(|(i, _)| t.is_left(*i)).map(|(_, w)| w).sum();
            let room = (CONTENT_W - fixed).max(60.0);
            if text_total > 0.0 {
                for (i, w) in widths.iter_mut().enumerate() {
                    if t.is_left(i) {
                        *w = (*w * room / text_total).max(40.0);
                    }
                }
            }
        }
        let total: f32 = widths.iter().sum();
        if total > CONTENT_W {
            let k = CONTENT_W / total;
            widths.iter_mut().for_each(|w| *w *= k);
        }
        widths
    }

    fn row(&mut self, cells: &[String], widths: &[f32], t: &Table, bold: bool, fill: Option<Rgb>) {
        let lh = TABLE_SIZE * 1.25;
        let wrapped: Vec<Vec<String>> = widths
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let c = cells.get(i).map(String::as_str).unwrap_or("");
                if t.is_left(i) || bold {
                    self.wrap(c, TABLE_SIZE, bold, w - 2.0 * CELL_PAD)
                } else {
                    vec![clean(c)]
                }
            })
            .collect();
        let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let pad = if self.compact { ROW_PAD_COMPACT } else { ROW_PAD };
        let h = lines as f32 * lh + 2.0 * pad;
        self.need(h);
        if let Some(colour) = fill {
            self.op(Op::Rect { x: MARGIN_X, y: self.y, w: widths.iter().sum(), h, colour });
        }
        let mut x = MARGIN_X;
        for (i, (w, cell)) in widths.iter().zip(&wrapped).enumerate() {
            for (k, l) in cell.iter().enumerate() {
                // Headers sit at the bottom of their cell, like the HTML's.
                let offset = if bold { (lines - cell.len()) as f32 * lh } else { 0.0 };
                let baseline = self.y + pad + offset + (k as f32 + 1.0) * lh - TABLE_SIZE * 0.3;
                let tx = if t.is_left(i) { x + CELL_PAD } else { x + w - CELL_PAD - self.width(l, TABLE_SIZE, bold) };
                self.text(tx, baseline, TABLE_SIZE, bold, INK, l);
            }
            x += w;
        }
        self.y += h;
        let right = MARGIN_X + widths.iter().sum::<f32>();
        self.op(Op::Line { points: vec![(MARGIN_X, self.y), (right, self.y)], width: 0.4, colour: RULE });
    }

    fn table(&mut self, t: &Table) {
        let widths = self.column_widths(t);
        let header_h = 2.0 * TABLE_SIZE * 1.25 + 4.0;
        self.need(header_h + 12.0);
        self.y += 2.0;
        let headers = t.headers.clone();
        let has_header = headers.iter().any(|h| !h.is_empty());
        if has_header {
            self.row(&headers, &widths, t, true, Some(HEAD_BG));
        }
        for (i, r) in t.rows.iter().enumerate() {
            let page = self.pages.len();
            let sum = t.sum_last && i + 1 == t.rows.len();
            let lh = TABLE_SIZE * 1.25 + 3.2;
            if self.y + lh > CONTENT_BOTTOM {
                self.new_page();
            }
            if self.pages.len() != page && has_header {
                self.row(&headers, &widths, t, true, Some(HEAD_BG));
            }
            if sum {
                let right = MARGIN_X + widths.iter().sum::<f32>();
                self.op(Op::Line { points: vec![(MARGIN_X, self.y), (right, self.y)], width: 1.0, colour: MUTED });
            }
            self.row(r, &widths, t, sum, None);
        }
        self.y += 4.0;
    }

    fn chart(&mut self, c: &Chart) {
        let h = if self.compact { 84.0 } else { 112.0 };
        self.need(h + 14.0);
        self.y += 11.0;
        self.text(MARGIN_X, self.y - 2.0, 7.5, false, MUTED, &c.title);
        let top = self.y + if c.series.len() > 1 { 14.0 } else { 4.0 };
        let (left, bottom) = (MARGIN_X + 24.0, self.y + h - 14.0);
        let right = MARGIN_X + CONTENT_W;
        let plot_h = bottom - top;
        let plot_w = right - left;
        if c.series.len() > 1 {
            let mut x = left;
            for (name, colour) in &c.series {
                self.op(Op::Rect { x, y: self.y + 2.0, w: 7.0, h: 7.0, colour: *colour });
                self.text(x + 10.0, self.y + 8.5, 7.0, false, INK, name);
                x += 18.0 + self.width(name, 7.0, false);
            }
        }
        let most = c.values.iter().flatten().copied().filter(|v| v.is_finite()).fold(0.0_f64, f64::max);
        let (max, step) = super::html::axis(most.ceil() as u32);
        let (max, step) = (max as f32, step as f32);
        let y_of = |v: f32| bottom - plot_h * v / max;
        let mut v = 0.0;
        while v <= max + 1e-3 {
            let y = y_of(v);
            self.op(Op::Line { points: vec![(left, y), (right, y)], width: 0.4, colour: RULE });
            let label = format!("{v}");
            let lw = self.width(&label, 6.5, false);
            self.text(left - 3.0 - lw, y + 2.2, 6.5, false, MUTED, &label);
            v += step;
        }
        let n = c.categories.len().max(1) as f32;
        let group_w = plot_w / n;
        let inner = group_w * 0.78;
        let bar_w = inner / c.series.len().max(1) as f32;
        match c.kind {
            ChartKind::Bars => {
                for (i, vals) in c.values.iter().enumerate() {
                    let gx = left + group_w * i as f32 + (group_w - inner) / 2.0;
                    for (j, v) in vals.iter().enumerate() {
                        let bh = plot_h * (*v as f32) / max;
                        if bh > 0.0 && v.is_finite() {
                            let colour = c.series.get(j).map_or(super::doc::BAR, |s| s.1);
                            let x = gx + bar_w * j as f32;
                            self.op(Op::Rect { x, y: bottom - bh, w: (bar_w - 0.6).max(0.5), h: bh, colour });
                        }
                    }
                }
            }
            ChartKind::Lines => {
                // A day without a value (NaN) breaks the line.
                for (j, (_, colour)) in c.series.iter().enumerate() {
                    let mut run: Vec<(f32, f32)> = Vec::new();
                    for (i, vals) in c.values.iter().enumerate() {
                        let v = vals.get(j).copied().unwrap_or(f64::NAN);
                        if v.is_finite() {
                            run.push((left + group_w * (i as f32 + 0.5), y_of(v as f32)));
                        } else if !run.is_empty() {
                            self.segment(std::mem::take(&mut run), *colour);
                        }
                    }
                    if !run.is_empty() {
                        self.segment(run, *colour);
                    }
                }
            }
        }
        self.op(Op::Line { points: vec![(left, bottom), (right, bottom)], width: 0.7, colour: MUTED });
        let every = ((n * 16.0 / plot_w).ceil() as usize).max(1);
        for (i, cat) in c.categories.iter().enumerate().filter(|(i, _)| i % every == 0) {
            let cx = left + group_w * (i as f32 + 0.5);
            let w = self.width(cat, 6.5, false);
            self.text(cx - w / 2.0, bottom + 8.5, 6.5, false, INK, cat);
        }
        self.y += h;
    }

    /// A line through the points (a single point is drawn as a dot).
    fn segment(&mut self, points: Vec<(f32, f32)>, colour: Rgb) {
        if points.len() == 1 {
            let (x, y) = points[0];
            self.op(Op::Rect { x: x - 1.2, y: y - 1.2, w: 2.4, h: 2.4, colour });
        } else {
            self.op(Op::Line { points, width: 1.4, colour });
        }
    }

    fn signature(&mut self, d: &Doc) {
        let s = &d.signature;
        let space = if self.compact { 26.0 } else { 46.0 };
        let h = space + 36.0;
        self.need(h);
        let x = MARGIN_X + CONTENT_W - 190.0;
        self.y += if self.compact { 8.0 } else { 18.0 };
        self.text(x, self.y, 8.5, false, INK, &s.acknowledged);
        self.y += 11.0;
        self.text(x, self.y, 8.5, false, INK, &s.title);
        self.y += space;
        if s.name.is_empty() {
            self.op(Op::Line { points: vec![(x, self.y + 1.0), (x + 180.0, self.y + 1.0)], width: 0.6, colour: INK });
        } else {
            self.text(x, self.y, 8.5, true, INK, &s.name);
            let w = self.width(&s.name, 8.5, true);
            self.op(Op::Line { points: vec![(x, self.y + 1.5), (x + w, self.y + 1.5)], width: 0.6, colour: INK });
        }
        self.y += 11.0;
        self.text(x, self.y, 8.5, false, INK, &s.nip);
        if s.nip.chars().count() < 6 {
            let w = self.width(&s.nip, 8.5, false);
            self.op(Op::Line {
                points: vec![(x + w + 4.0, self.y + 1.0), (x + 180.0, self.y + 1.0)],
                width: 0.6,
                colour: INK,
            });
        }
        self.y += 8.0;
    }
}

/// Lays the document out on A4 pages.
fn layout(d: &Doc) -> Result<Vec<Vec<Op>>, RenderError> {
    let mut l = Layout {
        regular: Metrics::new(REGULAR)?,
        bold: Metrics::new(BOLD)?,
        pages: Vec::new(),
        y: 0.0,
        compact: d.summary,
    };
    l.header(d);
    for b in &d.blocks {
        match b {
            Block::Heading(h) => l.heading(h),
            Block::Kpis(tiles) => l.kpis(tiles),
            Block::Table(t) => l.table(t),
            Block::Chart(c) => l.chart(c),
            Block::Note(n) => {
                l.paragraph(n, 6.8, false, MUTED);
                l.y += 2.0;
            }
            Block::Problem(p) => l.paragraph(&format!("⚠ {p}"), 8.0, true, PROBLEM),
        }
    }
    l.signature(d);
    l.y += 6.0;
    for f in &d.footer {
        l.paragraph(f, 6.5, false, MUTED);
    }
    // Page numbers and the running foot, now that the count is known.
    let total = l.pages.len();
    let foot = clean(&format!("{} · {}", d.office, d.range));
    for (i, page) in l.pages.iter_mut().enumerate() {
        let number = format!("{} {} {} {}", label(d.lang, "rpt.page"), i + 1, label(d.lang, "rpt.of"), total);
        let w = l.regular.width(&number, 7.0);
        let y = PAGE_H - 26.0;
        page.push(Op::Line {
            points: vec![(MARGIN_X, y - 10.0), (MARGIN_X + CONTENT_W, y - 10.0)],
            width: 0.5,
            colour: RULE,
        });
        page.push(Op::Text { x: MARGIN_X + CONTENT_W - w, y, size: 7.0, bold: false, colour: MUTED, text: number });
        let mut foot = foot.clone();
        while l.regular.width(&foot, 7.0) > CONTENT_W - w - 20.0 && foot.chars().count() > 4 {
            foot = foot.chars().take(foot.chars().count() - 4).collect::<String>() + "…";
        }
        page.push(Op::Text { x: MARGIN_X, y, size: 7.0, bold: false, colour: MUTED, text: foot });
    }
    Ok(l.pages)
}

fn fill(c: Rgb) -> Fill {
    Fill { paint: rgb::Color::new(c.0, c.1, c.2).into(), opacity: NormalizedF32::ONE, rule: Default::default() }
}

fn stroke(c: Rgb, width: f32) -> Stroke {
    Stroke { paint: rgb::Color::new(c.0, c.1, c.2).into(), width, ..Default::default() }
}

/// Writes the PDF.
pub fn render(d: &Doc) -> Result<Vec<u8>, RenderError> {
    let pages = layout(d)?;
    let regular = Font::new(REGULAR.into(), 0).ok_or_else(|| RenderError::Pdf("cannot load the font".into()))?;
    let bold = Font::new(BOLD.into(), 0).ok_or_else(|| RenderError::Pdf("cannot load the bold font".into()))?;
    let mut document = Document::new_with(SerializeSettings::default());
    let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or_else(|| RenderError::Pdf("page size".into()))?;
    for ops in &pages {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        for op in ops {
            match op {
                Op::Text { x, y, size, bold: b, colour, text } => {
                    surface.set_fill(Some(fill(*colour)));
                    surface.set_stroke(None);
                    let font = if *b { bold.clone() } else { regular.clone() };
                    surface.draw_text(Point::from_xy(*x, *y), font, *size, text, false, TextDirection::Auto);
                }
                Op::Rect { x, y, w, h, colour } => {
                    let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) else { continue };
                    let mut pb = PathBuilder::new();
                    pb.push_rect(rect);
                    if let Some(path) = pb.finish() {
                        surface.set_fill(Some(fill(*colour)));
                        surface.set_stroke(None);
                        surface.draw_path(&path);
                    }
                }
                Op::Line { points, width, colour } => {
                    let mut pb = PathBuilder::new();
                    for (i, (x, y)) in points.iter().enumerate() {
                        if i == 0 {
                            pb.move_to(*x, *y);
                        } else {
                            pb.line_to(*x, *y);
                        }
                    }
                    if let Some(path) = pb.finish() {
                        surface.set_fill(None);
                        surface.set_stroke(Some(stroke(*colour, *width)));
                        surface.draw_path(&path);
                    }
                }
            }
        }
        surface.finish();
        page.finish();
    }
    let metadata = krilla::metadata::Metadata::new()
        .title(clean(&format!("{} — {} — {}", d.kind, d.office, d.range)))
        .creator(format!("loket {}", env!("CARGO_PKG_VERSION")))
        .language(match d.lang {
            crate::tui::i18n::Lang::Id => "id".into(),
            crate::tui::i18n::Lang::En => "en".into(),
        });
    document.set_metadata(metadata);
    document.finish().map_err(|e| RenderError::Pdf(format!("{e:?}")))
}

/// The text drawn on each page, in drawing order (for tests: what a reader of the PDF sees where).
pub fn page_texts(d: &Doc) -> Result<Vec<Vec<String>>, RenderError> {
    Ok(layout(d)?
        .into_iter()
        .map(|ops| {
            ops.into_iter()
                .filter_map(|op| match op {
                    Op::Text { text, .. } => Some(text),
                    _ => None,
                })
                .collect()
        })
        .collect())
}

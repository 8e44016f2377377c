//! The waiting-room board: the numbers being called and at which counter, in large digits, the last few
//! calls and the time. Read-only; follows the other workstations live.

use crate::domain::staypermit::StayStatus;
use crate::store::{Call, Store, StoreError};
use crate::tui::i18n::tr;
use crate::tui::i18n::Lang;
use crate::tui::theme;
use chrono::{DateTime, Utc};
use ratatui::layout::{Constraint, Layout};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

#[derive(Debug, Default)]
pub struct BoardState {
    pub office: String,
    pub calls: Vec<Call>,
    /// How many calls (call, recall, transfer) the day has had: a new one rings the bell.
    pub call_count: i64,
    /// The day's stay-permit tickets (their own W line) still in progress, shown on a line of their own.
    pub stays: Vec<crate::store::StayPermit>,
}

impl BoardState {
    pub fn load(store: &Store, now: DateTime<Utc>) -> Result<BoardState, StoreError> {
        let settings = store.settings()?;
        let today = crate::store::local(&settings, now).date();
        Ok(BoardState {
            office: settings.office_name,
            calls: once_each(store.recent_calls(today, 64)?, 8),
            call_count: store.call_count(today)?,
            stays: store
                .day_stay_permits(today)?
                .into_iter()
                .filter(|p| !matches!(p.status, StayStatus::HandedOver | StayStatus::Refused))
                .collect(),
        })
    }

    /// Whether `self` shows a call that `before` did not (a new call or a recall at the top): the board rings.
    pub fn rings_after(&self, before: &BoardState) -> bool {
        self.call_count > before.call_count
    }
}

/// The latest call of each queue number (a recall moves it to the top; it is listed once), at most `limit`.
fn once_each(calls: Vec<Call>, limit: usize) -> Vec<Call> {
    let mut out: Vec<Call> = Vec::new();
    for c in calls {
        if !out.iter().any(|o| o.queue_no == c.queue_no) {
            out.push(c);
        }
        if out.len() == limit {
            break;
        }
    }
    out
}

/// 5-row block glyphs for the characters of a queue number.
fn glyph(c: char) -> [&'static str; 5] {
    match c {
        '0' => ["███", "█ █", "█ █", "█ █", "███"],
        '1' => [" █ ", "██ ", " █ ", " █ ", "███"],
        '2' => ["███", "  █", "███", "█  ", "███"],
        '3' => ["███", "  █", "███", "  █", "███"],
        '4' => ["█ █", "█ █", "███", "  █", "  █"],
        '5' => ["███", "█  ", "███", "  █", "███"],
        '6' => ["███", "█  ", "███", "█ █", "███"],
        '7' => ["███", "  █", "  █", "  █", "  █"],
        '8' => ["███", "█ █", "███", "█ █", "███"],
        '9' => ["███", "█ █", "███", "  █", "███"],
        'A' => ["███", "█ █", "███", "█ █", "█ █"],
        'E' => ["███", "█  ", "██ ", "█  ", "███"],
        'P' => ["███", "█ █", "███", "█  ", "█  "],
        '-' => ["   ", "   ", "███", "   ", "   "],
        _ => ["   ", "   ", "   ", "   ", "   "],
    }
}

/// A text in big block letters, one string per row.
pub fn big(text: &str) -> Vec<String> {
    big_scaled(text, 1)
}

/// Block letters `scale` times as wide and as tall (5×`scale` rows).
pub fn big_scaled(text: &str, scale: usize) -> Vec<String> {
    let scale = scale.max(1);
    let widen = |row: &str| row.chars().flat_map(|c| std::iter::repeat_n(c, scale)).collect::<String>();
    let gap = " ".repeat(scale);
    (0..5)
        .flat_map(|row| {
            let line = text.chars().map(|c| widen(glyph(c)[row])).collect::<Vec<_>>().join(&gap);
            std::iter::repeat_n(line, scale)
        })
        .collect()
}

/// The largest scale at which `text` fits `width`×`height` (at least 1).
pub fn fitting_scale(text: &str, width: usize, height: usize) -> usize {
    let n = text.chars().count().max(1);
    let per_scale = n * 3 + (n - 1); // glyphs 3 wide, one gap between
    (width / per_scale).min(height / 5).max(1)
}

pub fn view(frame: &mut Frame, b: &BoardState, lang: Lang, now_local: &str) {
    let area = frame.area();
    // The called number takes most of the screen: full-height digits on a big waiting-room display.
    let stay_rows = u16::from(!b.stays.is_empty());
    let recent_rows = (b.calls.len().saturating_sub(1) as u16 + 2 + stay_rows).min(area.height / 3);
    let [head, main, rest] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(9), Constraint::Length(recent_rows)]).areas(area);
    frame.render_widget(Paragraph::new(Line::styled(format!("{} — {now_local}", b.office), theme::title())), head);
    let mut lines: Vec<Line> = Vec::new();
    match b.calls.first() {
        Some(c) => {
            lines.push(Line::from(format!("{} {}", tr(lang, "board.now_serving"), tr(lang, "label.counter"))));
            let text = format!("{}  {}", c.queue_no, c.counter);
            let scale = fitting_scale(
                &text,
                usize::from(main.width.saturating_sub(2)),
                usize::from(main.height.saturating_sub(4)),
            );
            lines.extend(big_scaled(&text, scale).into_iter().map(|l| Line::from(l).centered()));
            lines.push(Line::styled(
                format!("{}  →  {} {}", c.queue_no, tr(lang, "label.counter"), c.counter),
                theme::title(),
            ));
        }
        None => lines.push(Line::styled(tr(lang, "board.waiting"), theme::dim())),
    }
    frame.render_widget(Paragraph::new(lines).block(Block::bordered()), main);
    let mut recent: Vec<Line> = Vec::new();
    if !b.stays.is_empty() {
        // The stay-permit line: each ticket with where it stands (documents, biometrics, ready to collect).
        let tickets: Vec<String> = b
            .stays
            .iter()
            .map(|p| {
                let word = super::staypermit::status_word(lang, p.status);
                format!("{} {word}", p.queue_no.as_deref().unwrap_or("—"))
            })
            .collect();
        recent.push(Line::styled(format!("{}: {}", tr(lang, "label.stay_line"), tickets.join(" · ")), theme::title()));
    }
    recent.extend(
        b.calls
            .iter()
            .skip(1)
            .map(|c| Line::from(format!("{:<8} {} {}", c.queue_no, tr(lang, "label.counter"), c.counter))),
    );
    frame.render_widget(
        Paragraph::new(recent).block(Block::bordered().title(format!(" {} ", tr(lang, "board.recent")))),
        rest,
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn big_digits_grow_with_the_screen() {
        assert_eq!(super::big_scaled("A-012", 3).len(), 15);
        assert_eq!(super::big_scaled("A-012", 3)[0].chars().count(), 3 * super::big("A-012")[0].chars().count());
        // 200×60: full-height digits (the number and the counter fill the width or the height).
        let s = super::fitting_scale("A-012  3", 198, 52);
        assert!(s >= 5, "{s}");
        assert_eq!(super::fitting_scale("A-012  3", 40, 5), 1);
    }

    #[test]
    fn big_digits_are_five_rows() {
        let rows = super::big("A-012");
        assert_eq!(rows.len(), 5);
        assert!(rows.iter().all(|r| r.chars().count() == rows[0].chars().count()));
    }
}

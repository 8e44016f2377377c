//! The waiting-room board: the numbers being called and at which counter, in large digits, the last few
//! calls and the time. Read-only; follows the other workstations live.

use crate::cli::Lang;
use crate::store::{Call, Store, StoreError};
use crate::tui::i18n::tr;
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
}

impl BoardState {
    pub fn load(store: &Store, now: DateTime<Utc>) -> Result<BoardState, StoreError> {
        let settings = store.settings()?;
        let today = crate::store::local(&settings, now).date();
        Ok(BoardState { office: settings.office_name, calls: store.recent_calls(today, 8)? })
    }
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
    (0..5).map(|row| text.chars().map(|c| glyph(c)[row]).collect::<Vec<_>>().join(" ")).collect()
}

pub fn view(frame: &mut Frame, b: &BoardState, lang: Lang, now_local: &str) {
    let area = frame.area();
    let [head, main, rest] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(9), Constraint::Min(0)]).areas(area);
    frame.render_widget(Paragraph::new(Line::styled(format!("{} — {now_local}", b.office), theme::title())), head);
    let mut lines: Vec<Line> = Vec::new();
    match b.calls.first() {
        Some(c) => {
            lines.push(Line::from(format!("{} {}", tr(lang, "board.now_serving"), tr(lang, "label.counter"))));
            lines.extend(big(&format!("{}  {}", c.queue_no, c.counter)).into_iter().map(Line::from));
            lines.push(Line::styled(
                format!("{}  →  {} {}", c.queue_no, tr(lang, "label.counter"), c.counter),
                theme::title(),
            ));
        }
        None => lines.push(Line::styled(tr(lang, "board.waiting"), theme::dim())),
    }
    frame.render_widget(Paragraph::new(lines).block(Block::bordered()), main);
    let recent: Vec<Line> = b
        .calls
        .iter()
        .skip(1)
        .map(|c| Line::from(format!("{:<8} {} {}", c.queue_no, tr(lang, "label.counter"), c.counter)))
        .collect();
    frame.render_widget(
        Paragraph::new(recent).block(Block::bordered().title(format!(" {} ", tr(lang, "board.recent")))),
        rest,
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn big_digits_are_five_rows() {
        let rows = super::big("A-012");
        assert_eq!(rows.len(), 5);
        assert!(rows.iter().all(|r| r.chars().count() == rows[0].chars().count()));
    }
}

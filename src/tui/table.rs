//! The desk's one table widget, used by every list (the queue, passports due, the audit trail, the check-in
//! checklist): [`TableState`] keeps the selected row and a scroll offset of its own (after bottom's
//! `data_table/state.rs`: scrolling up from the bottom does not drag the page), and [`fit`] lays out columns
//! with minimum widths in the width there is — optional columns are dropped first, then flexible ones shrink,
//! and every cell is cut with an ellipsis rather than pushing the row off the screen.

use super::keymap::Action;
use super::text::ellipsis;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use std::cell::Cell;

/// Rows moved by PageUp/PageDown.
pub const PAGE: usize = 10;

/// The selection and the remembered scroll offset of a list of `len` rows.
#[derive(Debug, Default, Clone)]
pub struct TableState {
    selected: usize,
    /// The first line shown, as left by the last frame (drawing moves it only as far as the selection needs).
    offset: Cell<usize>,
}

impl TableState {
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// Selects row `i` (clamped to the last of `len` rows).
    pub fn select(&mut self, i: usize, len: usize) {
        self.selected = i.min(len.saturating_sub(1));
    }

    /// Keeps the selection on a row after the list changed length.
    pub fn clamp(&mut self, len: usize) {
        self.select(self.selected, len);
    }

    /// Up, Down, PageUp, PageDown on a list of `len` rows; false for any other action.
    pub fn apply(&mut self, action: Action, len: usize) -> bool {
        let s = self.selected;
        let to = match action {
            Action::Up => s.saturating_sub(1),
            Action::Down => s + 1,
            Action::PageUp => s.saturating_sub(PAGE),
            Action::PageDown => s + PAGE,
            _ => return false,
        };
        self.select(to, len);
        true
    }

    /// The first line to show in `height` lines so that line `line` (the selection's) is visible: the offset of
    /// the last frame, moved only as far as needed. Remembered for the next frame.
    pub fn scroll_to(&self, line: usize, height: usize) -> usize {
        let height = height.max(1);
        let mut offset = self.offset.get();
        if line < offset {
            offset = line;
        } else if line >= offset + height {
            offset = line + 1 - height;
        }
        self.offset.set(offset);
        offset
    }

    /// The first row to show when row `i` is line `i` (a plain list).
    pub fn window(&self, height: usize) -> usize {
        self.scroll_to(self.selected, height)
    }
}

/// A column: its width never below `min` (unless the table cannot fit at all), growing up to `max` with the
/// room left; an optional column is dropped, highest `drop` first, before anything is squeezed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub min: u16,
    pub max: u16,
    /// Right-aligned (numbers, times).
    pub right: bool,
    /// `Some(rank)`: dropped when the table is too narrow, highest rank first.
    pub drop: Option<u8>,
}

impl Column {
    /// A column of exactly `w`.
    pub const fn fixed(w: u16) -> Column {
        Column { min: w, max: w, right: false, drop: None }
    }

    /// A column of at least `min`, growing to `max`.
    pub const fn flex(min: u16, max: u16) -> Column {
        Column { min, max, right: false, drop: None }
    }

    pub const fn right(mut self) -> Column {
        self.right = true;
        self
    }

    pub const fn optional(mut self, rank: u8) -> Column {
        self.drop = Some(rank);
        self
    }
}

/// The width of each column in `width` (one space between columns); `None` for a dropped column.
pub fn fit(columns: &[Column], width: u16) -> Vec<Option<u16>> {
    let width = usize::from(width);
    let mut shown: Vec<bool> = vec![true; columns.len()];
    let need = |shown: &[bool]| -> usize {
        let n = shown.iter().filter(|s| **s).count();
        columns.iter().zip(shown).filter(|(_, s)| **s).map(|(c, _)| usize::from(c.min)).sum::<usize>()
            + n.saturating_sub(1)
    };
    while need(&shown) > width {
        let next = (0..columns.len()).filter(|&i| shown[i]).filter_map(|i| columns[i].drop.map(|r| (r, i))).max();
        match next {
            Some((_, i)) => shown[i] = false,
            None => break,
        }
    }
    let mut widths: Vec<Option<u16>> = columns.iter().zip(&shown).map(|(c, s)| s.then_some(c.min)).collect();
    let used = need(&shown);
    if used <= width {
        // Room left: flexible columns grow, left to right, up to their maximum.
        let mut extra = width - used;
        for (w, c) in widths.iter_mut().zip(columns) {
            if let Some(w) = w {
                let grow = usize::from(c.max.saturating_sub(*w)).min(extra);
                *w += grow as u16;
                extra -= grow;
            }
        }
    } else {
        // Too narrow even so: flexible columns shrink (to 4 at least), right to left.
        let mut short = used - width;
        for (w, c) in widths.iter_mut().zip(columns).rev() {
            if let (Some(w), true) = (w, c.max > c.min) {
                let give = usize::from(w.saturating_sub(4)).min(short);
                *w -= give as u16;
                short -= give;
            }
        }
    }
    widths
}

/// One row laid out in `widths` (from [`fit`]): each cell padded or cut with an ellipsis to its column.
pub fn row(columns: &[Column], widths: &[Option<u16>], cells: Vec<(String, Style)>) -> Line<'static> {
    let mut spans = Vec::new();
    for ((c, w), (text, style)) in columns.iter().zip(widths).zip(cells) {
        let Some(w) = w else { continue };
        let w = usize::from(*w);
        if !spans.is_empty() {
            spans.push(Span::raw(" "));
        }
        let text = ellipsis(&text, w);
        let text = if c.right { format!("{text:>w$}") } else { format!("{text:<w$}") };
        spans.push(Span::styled(text, style));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selection_moves_and_stays_in_the_list() {
        let mut t = TableState::default();
        assert!(t.apply(Action::Up, 5));
        assert_eq!(t.selected(), 0);
        t.apply(Action::PageDown, 5);
        assert_eq!(t.selected(), 4, "clamped to the last row");
        t.apply(Action::Down, 5);
        assert_eq!(t.selected(), 4);
        t.clamp(2);
        assert_eq!(t.selected(), 1, "the list got shorter");
        assert!(!t.apply(Action::Open, 5), "other actions are not the table's");
        t.select(3, 0);
        assert_eq!(t.selected(), 0, "an empty list selects row 0");
    }

    #[test]
    fn scrolling_keeps_its_offset_until_the_selection_leaves_the_window() {
        let mut t = TableState::default();
        // Down to row 14 in a 10-line window: the selection sits on the last line.
        t.select(14, 100);
        assert_eq!(t.window(10), 5);
        // Up by three: the page does not move (the offset is remembered, not recomputed from the cursor).
        t.select(11, 100);
        assert_eq!(t.window(10), 5);
        t.select(5, 100);
        assert_eq!(t.window(10), 5);
        // Above the window: it scrolls just enough.
        t.select(3, 100);
        assert_eq!(t.window(10), 3);
        // A taller window later shows the same first line.
        assert_eq!(t.window(20), 3);
    }

    #[test]
    fn columns_fill_the_width_and_flexible_ones_stop_at_their_maximum() {
        let cols = [Column::fixed(6), Column::flex(8, 20), Column::fixed(4).right()];
        assert_eq!(fit(&cols, 30), vec![Some(6), Some(18), Some(4)], "6+1+18+1+4 = 30");
        assert_eq!(fit(&cols, 80), vec![Some(6), Some(20), Some(4)], "the name stops at 20");
    }

    #[test]
    fn optional_columns_drop_first_then_flexible_ones_shrink() {
        let cols =
            [Column::fixed(7), Column::flex(24, 40), Column::fixed(10).optional(1), Column::fixed(12).optional(2)];
        // Everything fits at 100.
        assert_eq!(fit(&cols, 100), vec![Some(7), Some(40), Some(10), Some(12)]);
        assert_eq!(fit(&cols, 60), vec![Some(7), Some(28), Some(10), Some(12)], "56 needed, 4 to grow");
        // At 50 the highest-ranked optional column goes first, then the next.
        assert_eq!(fit(&cols, 50), vec![Some(7), Some(31), Some(10), None]);
        assert_eq!(fit(&cols, 40), vec![Some(7), Some(32), None, None]);
        // Narrower than every minimum: the flexible column shrinks, never below 4.
        assert_eq!(fit(&cols, 20), vec![Some(7), Some(12), None, None]);
        assert_eq!(fit(&cols, 5), vec![Some(7), Some(4), None, None]);
    }

    #[test]
    fn rows_pad_align_and_ellipsize_each_cell() {
        let cols = [Column::fixed(5), Column::flex(4, 6), Column::fixed(3).right()];
        let widths = fit(&cols, 16);
        let cell = |s: &str| (s.to_string(), Style::default());
        let line = row(&cols, &widths, vec![cell("A-001"), cell("Kartini Rahayu"), cell("5m")]);
        assert_eq!(line.to_string(), "A-001 Karti…  5m");
        assert_eq!(line.width(), 16);
    }
}

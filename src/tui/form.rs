//! A small form: labelled text fields (some masked, some choices), Tab between them, Enter to submit.
//! Used for sign-in and every dialog that asks for data.

use super::i18n::tr;
use super::theme;
use crate::tui::i18n::Lang;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use ratatui::Frame;
use tui_input::{Input, InputRequest};

#[derive(Debug, Clone)]
pub struct Field {
    pub label: &'static str,
    pub input: Input,
    pub masked: bool,
    /// For a choice field: the codes offered (Left/Right cycle through them).
    pub choices: Vec<String>,
    /// For a choice of domain codes: the code as a word of the desk's language (the value stays the code).
    pub shown_as: Option<fn(Lang, &str) -> String>,
}

impl Field {
    pub fn text(label: &'static str) -> Field {
        Field { label, input: Input::default(), masked: false, choices: Vec::new(), shown_as: None }
    }
    pub fn password(label: &'static str) -> Field {
        Field { masked: true, ..Field::text(label) }
    }
    pub fn choice(label: &'static str, choices: impl IntoIterator<Item = impl Into<String>>) -> Field {
        let choices: Vec<String> = choices.into_iter().map(Into::into).collect();
        let first = choices.first().cloned().unwrap_or_default();
        Field { label, input: Input::new(first), masked: false, choices, shown_as: None }
    }
    /// Shows each choice (a domain code) as `word(lang, code)`.
    pub fn shown_as(mut self, word: fn(Lang, &str) -> String) -> Field {
        self.shown_as = Some(word);
        self
    }
    pub fn with_value(mut self, v: &str) -> Field {
        self.input = Input::new(v.into());
        self
    }
    pub fn value(&self) -> &str {
        self.input.value()
    }
}

/// What a key did to the form.
#[derive(Debug, PartialEq, Eq)]
pub enum FormEvent {
    None,
    Submit,
    Cancel,
}

#[derive(Debug, Clone)]
pub struct Form {
    pub title: &'static str,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// A note shown above the fields (e.g. what is being confirmed).
    pub note: String,
    pub error: Option<String>,
}

impl Form {
    pub fn new(title: &'static str, fields: Vec<Field>) -> Form {
        Form { title, fields, focus: 0, note: String::new(), error: None }
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Form {
        self.note = note.into();
        self
    }

    pub fn value(&self, i: usize) -> &str {
        self.fields.get(i).map_or("", |f| f.value().trim())
    }

    pub fn key(&mut self, k: &KeyEvent) -> FormEvent {
        let len = self.fields.len();
        let n = len.max(1);
        let field = &mut self.fields[self.focus.min(n - 1)];
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        match k.code {
            KeyCode::Esc => return FormEvent::Cancel,
            KeyCode::Enter if self.focus + 1 < len => self.focus += 1,
            KeyCode::Enter => return FormEvent::Submit,
            KeyCode::Tab | KeyCode::Down => self.focus = (self.focus + 1) % n,
            KeyCode::BackTab | KeyCode::Up => self.focus = (self.focus + n - 1) % n,
            KeyCode::Left | KeyCode::Right if !field.choices.is_empty() => {
                let i = field.choices.iter().position(|c| *c == field.value()).unwrap_or(0);
                let len = field.choices.len();
                let next = if k.code == KeyCode::Left { (i + len - 1) % len } else { (i + 1) % len };
                field.input = Input::new(field.choices[next].clone());
            }
            _ if !field.choices.is_empty() => {}
            KeyCode::Left => drop(field.input.handle(InputRequest::GoToPrevChar)),
            KeyCode::Right => drop(field.input.handle(InputRequest::GoToNextChar)),
            KeyCode::Home => drop(field.input.handle(InputRequest::GoToStart)),
            KeyCode::End => drop(field.input.handle(InputRequest::GoToEnd)),
            KeyCode::Backspace => drop(field.input.handle(InputRequest::DeletePrevChar)),
            KeyCode::Delete => drop(field.input.handle(InputRequest::DeleteNextChar)),
            KeyCode::Char('u') if ctrl => drop(field.input.handle(InputRequest::DeleteLine)),
            KeyCode::Char(c) if !ctrl => drop(field.input.handle(InputRequest::InsertChar(c))),
            _ => {}
        }
        FormEvent::None
    }

    /// Draws the form centred in `area` as a dialog.
    pub fn render(&self, frame: &mut Frame, area: Rect, lang: Lang) {
        let width = area.width.clamp(20, 76);
        // Rows a text takes once wrapped inside the border.
        let inner = usize::from(width.saturating_sub(2)).max(1);
        // Word wrapping leaves ragged ends, so a wrapped line is counted against a slightly narrower width.
        let rows = |text: &str| {
            text.lines()
                .map(|l| match l.chars().count() {
                    n if n <= inner => 1,
                    n => n.div_ceil(inner.saturating_sub(12).max(1)),
                })
                .sum::<usize>() as u16
        };
        let note_lines = if self.note.is_empty() { 0 } else { rows(&self.note) + 1 };
        let error_lines = self.error.as_deref().map_or(0, rows);
        let hint_lines = rows(tr(lang, "form.hint"));
        let height = (self.fields.len() as u16 + note_lines + error_lines + hint_lines + 2).min(area.height);
        let rect = centered(area, width, height);
        frame.render_widget(Clear, rect);
        let mut lines: Vec<Line> = Vec::new();
        if !self.note.is_empty() {
            lines.extend(self.note.lines().map(|l| Line::from(l.to_string())));
            lines.push(Line::from(""));
        }
        let label_w = self.fields.iter().map(|f| tr(lang, f.label).chars().count()).max().unwrap_or(0);
        for (i, f) in self.fields.iter().enumerate() {
            let shown = if f.masked { "•".repeat(f.value().chars().count()) } else { f.value().to_string() };
            let shown = f.shown_as.map_or(shown, |word| word(lang, f.value()));
            let shown = if f.choices.is_empty() { shown } else { format!("◀ {shown} ▶") };
            let style = if i == self.focus { theme::selected() } else { ratatui::style::Style::default() };
            lines.push(Line::from(vec![
                Span::raw(format!("{:<label_w$} ", tr(lang, f.label))),
                Span::styled(format!("{shown} "), style),
            ]));
        }
        if let Some(e) = &self.error {
            lines.push(Line::styled(e.clone(), theme::error()));
        }
        lines.push(Line::styled(tr(lang, "form.hint"), theme::dim()));
        let block = Block::bordered().title(format!(" {} ", tr(lang, self.title)));
        frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), rect);
    }
}

/// A rectangle of at most `w`×`h` centred in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn typing_tab_and_submit() {
        let mut f = Form::new("t", vec![Field::text("a"), Field::password("b")]);
        f.key(&k(KeyCode::Char('x')));
        assert_eq!(f.key(&k(KeyCode::Enter)), FormEvent::None, "enter moves to the next field");
        f.key(&k(KeyCode::Char('y')));
        assert_eq!(f.key(&k(KeyCode::Enter)), FormEvent::Submit);
        assert_eq!((f.value(0), f.value(1)), ("x", "y"));
        assert_eq!(f.key(&k(KeyCode::Esc)), FormEvent::Cancel);
    }

    #[test]
    fn choices_cycle() {
        let mut f = Form::new("t", vec![Field::choice("c", ["a", "b", "c"])]);
        f.key(&k(KeyCode::Right));
        assert_eq!(f.value(0), "b");
        f.key(&k(KeyCode::Left));
        f.key(&k(KeyCode::Left));
        assert_eq!(f.value(0), "c");
        f.key(&k(KeyCode::Char('z')));
        assert_eq!(f.value(0), "c", "typing does not change a choice");
    }
}

//! Colours and the words that go with them: a status is always shown as a word, colour only helps.

use super::i18n::tr;
use crate::domain::lifecycle::Status;
use crate::tui::i18n::Lang;
use ratatui::style::{Color, Modifier, Style};

pub fn status_style(s: Status) -> Style {
    let c = match s {
        Status::Booked => Color::Gray,
        Status::CheckedIn => Color::Yellow,
        Status::AtCounter => Color::Cyan,
        Status::Approved => Color::Green,
        Status::Ready => Color::LightGreen,
        Status::HandedOver | Status::Dispatched => Color::DarkGray,
        Status::Rejected => Color::Red,
        Status::Cancelled => Color::DarkGray,
    };
    Style::default().fg(c)
}

pub fn status_word(lang: Lang, s: Status) -> &'static str {
    match s {
        Status::Booked => tr(lang, "status.booked"),
        Status::CheckedIn => tr(lang, "status.checked_in"),
        Status::AtCounter => tr(lang, "status.at_counter"),
        Status::Approved => tr(lang, "status.approved"),
        Status::Rejected => tr(lang, "status.rejected"),
        Status::Ready => tr(lang, "status.ready"),
        Status::HandedOver => tr(lang, "status.handed_over"),
        Status::Dispatched => tr(lang, "status.dispatched"),
        Status::Cancelled => tr(lang, "status.cancelled"),
    }
}

pub fn title() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

pub fn selected() -> Style {
    Style::default().add_modifier(Modifier::REVERSED)
}

pub fn error() -> Style {
    Style::default().fg(Color::Red).add_modifier(Modifier::BOLD)
}

pub fn ok() -> Style {
    Style::default().fg(Color::Green)
}

pub fn dim() -> Style {
    Style::default().fg(Color::DarkGray)
}

pub fn warn() -> Style {
    Style::default().fg(Color::Black).bg(Color::Yellow).add_modifier(Modifier::BOLD)
}

//! Hostile text: what free text (names, notes, reasons, office and holiday names) may contain when it comes
//! in, and how stored text is neutralised on its way out to a terminal or a spreadsheet.
//!
//! Input is refused when it carries control characters (C0, C1, DEL, ESC, NUL; newlines where one line is
//! expected), bidirectional overrides/isolates (the "Trojan Source" trick) or nothing visible. Output never
//! trusts the database: text written before these checks, or by another program, is neutralised again.

use std::borrow::Cow;

/// Why a piece of free text is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextProblem {
    #[error("contains a control character ({0}) at position {1}")]
    Control(String, usize),
    #[error("contains a line break; one line is expected")]
    LineBreak,
    #[error("contains a bidirectional override ({0}) at position {1}")]
    Bidi(String, usize),
    #[error("has nothing visible")]
    Blank,
}

/// Unicode bidirectional embedding/override/isolate controls and the implicit marks that can reorder text.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Characters that render as nothing (zero-width and format characters commonly used to fake blank text).
fn is_invisible(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}')
}

fn code_point(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// Checks one line of free text (a name, a reason, an office name). Tabs are refused too: they are control
/// characters that shift columns in every report.
pub fn check_line(s: &str) -> Result<(), TextProblem> {
    check(s, false)
}

/// Checks multi-line free text (a note): line breaks (LF, CRLF) are allowed, every other control is not.
pub fn check_multiline(s: &str) -> Result<(), TextProblem> {
    check(s, true)
}

fn check(s: &str, multiline: bool) -> Result<(), TextProblem> {
    for (i, c) in s.chars().enumerate() {
        if c == '\n' || c == '\r' {
            if multiline {
                continue;
            }
            return Err(TextProblem::LineBreak);
        }
        if c.is_control() {
            return Err(TextProblem::Control(code_point(c), i + 1));
        }
        if is_bidi_control(c) {
            return Err(TextProblem::Bidi(code_point(c), i + 1));
        }
    }
    if s.chars().all(is_invisible) {
        return Err(TextProblem::Blank);
    }
    Ok(())
}

/// Stored text made safe to print on a terminal: every control character and bidirectional control is
/// replaced by a visible `\u{…}` escape, so no escape sequence from the database ever reaches the terminal.
/// Line breaks are escaped too (`\n`): output that needs several lines splits before calling this.
pub fn for_terminal(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || is_bidi_control(c) => out.push_str(&format!("\\u{{{:04X}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// JSON text made safe to print on a terminal: serde_json already escapes control characters inside strings,
/// but not bidirectional controls; those are written as JSON `\uXXXX` escapes (still the same JSON value).
pub fn json_for_terminal(json: &str) -> Cow<'_, str> {
    if !json.chars().any(|c| is_bidi_control(c) || c.is_control() && c != '\n') {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 8);
    for c in json.chars() {
        if is_bidi_control(c) || c.is_control() && c != '\n' {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A cell made safe for a spreadsheet (OWASP, CSV injection): a cell that starts with `=`, `+`, `-`, `@`, a tab
/// or a carriage return is prefixed with a single quote so it is read as text, never as a formula. Numbers
/// written by loket itself (e.g. `-1.5`) are not text from users; pass those through `csv_number` instead.
pub fn csv_cell(s: &str) -> Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{s}")),
        _ => Cow::Borrowed(s),
    }
}

/// A short excerpt of a (possibly huge) value for an error message: at most `max` characters, neutralised
/// for the terminal, with the full length named when cut.
pub fn excerpt(s: &str, max: usize) -> String {
    let count = s.chars().count();
    let head: String = s.chars().take(max).collect();
    let head = for_terminal(&head).into_owned();
    if count > max {
        format!("{head}… ({count} characters)")
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_names_pass() {
        for ok in ["Siti Rahmawati", "Muh. Ali-Akbar", "Ni Luh Putu Ayu", "Andi  Saputra", "O'Neil", "Nguyễn"] {
            assert_eq!(check_line(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn controls_bidi_and_blank_are_refused() {
        assert_eq!(check_line("Budi\u{1b}[2J"), Err(TextProblem::Control("U+001B".into(), 5)));
        assert_eq!(check_line("a\u{0}b"), Err(TextProblem::Control("U+0000".into(), 2)));
        assert_eq!(check_line("a\u{85}b"), Err(TextProblem::Control("U+0085".into(), 2)));
        assert_eq!(check_line("a\tb"), Err(TextProblem::Control("U+0009".into(), 2)));
        assert_eq!(check_line("two\nlines"), Err(TextProblem::LineBreak));
        assert_eq!(check_line("abc\u{202E}fed"), Err(TextProblem::Bidi("U+202E".into(), 4)));
        assert_eq!(check_line("x\u{2066}y"), Err(TextProblem::Bidi("U+2066".into(), 2)));
        assert_eq!(check_line("   "), Err(TextProblem::Blank));
        assert_eq!(check_line("\u{200B}\u{FEFF}"), Err(TextProblem::Blank));
        assert_eq!(check_line(""), Err(TextProblem::Blank));
        assert_eq!(check_multiline("line one\r\nline two"), Ok(()));
        assert_eq!(check_multiline("bell\u{7}"), Err(TextProblem::Control("U+0007".into(), 5)));
    }

    #[test]
    fn terminal_output_escapes_controls() {
        assert_eq!(for_terminal("plain"), "plain");
        assert!(matches!(for_terminal("plain"), Cow::Borrowed(_)));
        assert_eq!(for_terminal("a\u{1b}[31mred"), "a\\u{001B}[31mred");
        assert_eq!(for_terminal("x\ny"), "x\\ny");
        assert_eq!(for_terminal("r\u{202E}l"), "r\\u{202E}l");
        assert_eq!(for_terminal("\u{9b}c"), "\\u{009B}c");
    }

    #[test]
    fn json_keeps_its_value_without_raw_bidi_controls() {
        let json = serde_json::to_string(&serde_json::json!({"name": "abc\u{202E}fed\u{1b}"})).unwrap();
        let safe = json_for_terminal(&json);
        assert!(!safe.contains('\u{202E}') && !safe.contains('\u{1b}'), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["name"], "abc\u{202E}fed\u{1b}");
        assert!(matches!(json_for_terminal("{\n  \"a\": 1\n}"), Cow::Borrowed(_)));
    }

    #[test]
    fn spreadsheet_formulas_are_neutralised() {
        assert_eq!(csv_cell("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(csv_cell("+62812"), "'+62812");
        assert_eq!(csv_cell("-2+3"), "'-2+3");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("\tx"), "'\tx");
        assert_eq!(csv_cell("\rx"), "'\rx");
        assert_eq!(csv_cell("Budi"), "Budi");
        assert_eq!(csv_cell(""), "");
    }

    #[test]
    fn huge_values_are_shortened() {
        let big = "A".repeat(1_000_000);
        let e = excerpt(&big, 40);
        assert!(e.starts_with(&"A".repeat(40)));
        assert!(e.ends_with("(1000000 characters)"));
        assert!(e.chars().count() < 70);
        assert_eq!(excerpt("short", 40), "short");
        assert_eq!(excerpt("\u{1b}x", 40), "\\u{001B}x");
    }
}

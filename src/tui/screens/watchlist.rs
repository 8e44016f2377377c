//! The watchlist (*cegah tangkal*) warning, drawn the same way wherever an applicant is open: detail,
//! check-in and counter. *Cegah* (prevention) bars a person from leaving Indonesia; *tangkal* (deterrence)
//! from entering.

use crate::store::WatchlistEntry;
use crate::tui::i18n::tr;
use crate::tui::i18n::Lang;
use crate::tui::theme;
use ratatui::text::Line;

/// One warning line per match: "⚠ DAFTAR CEGAH TANGKAL: cegah (dilarang ke luar negeri) — reference" (fits
/// 80 columns; the applicant's NIK is on the screen below it).
pub fn lines(lang: Lang, entries: &[WatchlistEntry]) -> Vec<Line<'static>> {
    entries.iter().map(|w| Line::styled(text(lang, w), theme::warn())).collect()
}

pub fn text(lang: Lang, w: &WatchlistEntry) -> String {
    let kind = match w.kind.as_str() {
        "tangkal" => tr(lang, "watch.tangkal"),
        _ => tr(lang, "watch.cegah"),
    };
    format!("⚠ {}: {kind} — {}", tr(lang, "warn.watchlist"), w.reference)
}

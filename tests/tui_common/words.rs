//! The word check of the desk's language: every word on screen (three letters or more) is either data of the
//! database or comes from the desk's language column of `assets/i18n.csv`.

use super::Desk;
use loket::cli::Lang;
use loket::tui::i18n::tr;
use std::collections::HashSet;

/// The words of `text` that the check looks at: runs of letters, three or more, lower-cased.
pub fn ui_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphabetic()).filter(|w| w.chars().count() >= 3).map(str::to_lowercase).collect()
}

/// Every word of the interface in `lang` (that language's column of `assets/i18n.csv`).
pub fn interface_words(lang: Lang) -> HashSet<String> {
    loket::tui::i18n::keys().into_iter().flat_map(|k| ui_words(tr(lang, k))).collect()
}

/// Words that are data, not interface: names, places, codes and references from the fixture database and the
/// province list. The domain's codes (application type, purpose, passport kind, service, priority and rejection
/// reasons) are not data: the desk shows them as words of its language.
pub fn data_words(d: &Desk) -> HashSet<String> {
    let conn = rusqlite::Connection::open(d.app.store.path()).expect("a connection of the test's own");
    let sources = [
        "SELECT full_name || ' ' || coalesce(birth_place, '') || ' ' || coalesce(address, '') FROM applicants",
        "SELECT booking_code || ' ' || coalesce(group_code, '') || ' ' || coalesce(passport_no, '') || ' ' ||
                coalesce(old_passport_no, '') || ' ' || coalesce(collected_by, '') || ' ' ||
                coalesce(delivery_address, '') || ' ' || coalesce(rejection_note, '') FROM applications",
        "SELECT name FROM officers",
        "SELECT value FROM settings WHERE key = 'office_name'",
        "SELECT name FROM holidays",
        "SELECT reference || ' ' || coalesce(full_name, '') || ' ' || kind FROM watchlist",
    ];
    let mut out = HashSet::new();
    for sql in sources {
        let mut stmt = conn.prepare(sql).unwrap();
        for text in stmt.query_map([], |r| r.get::<_, String>(0)).unwrap() {
            out.extend(ui_words(&text.unwrap()));
        }
    }
    out.extend(ui_words(include_str!("../../assets/provinces.csv")));
    // What the officer typed into an open form (not saved yet); a choice is shown as a word, not its code.
    if let Some(form) = d.form() {
        out.extend(form.fields.iter().filter(|f| f.choices.is_empty()).flat_map(|f| ui_words(f.value())));
    }
    // The desk's own name and the product it serves.
    out.extend(["loket", "paspor", "nik", "ntpn", "pnbp"].map(String::from));
    out
}

/// The words of `screen` that are neither interface words of `lang` nor in `data`, sorted, once each.
pub fn stray_words(screen: &str, lang: Lang, data: &HashSet<String>) -> Vec<String> {
    let ui = interface_words(lang);
    let mut stray: Vec<String> =
        ui_words(screen).into_iter().filter(|w| !ui.contains(w) && !data.contains(w)).collect();
    stray.sort();
    stray.dedup();
    stray
}

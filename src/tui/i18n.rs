//! Every interface string, in Bahasa Indonesia and English, from one table: `assets/i18n.csv` (key,id,en).

use std::collections::HashMap;
use std::sync::OnceLock;

/// The interface language: Bahasa Indonesia (the default) or English (`--lang en`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// Bahasa Indonesia
    Id,
    /// English
    En,
}

const TABLE: &str = include_str!("../../assets/i18n.csv");

fn table() -> &'static HashMap<&'static str, (&'static str, &'static str)> {
    static T: OnceLock<HashMap<&'static str, (&'static str, &'static str)>> = OnceLock::new();
    T.get_or_init(|| {
        TABLE
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .filter_map(|l| {
                let mut parts = l.splitn(3, '|');
                Some((parts.next()?.trim(), (parts.next()?.trim(), parts.next()?.trim())))
            })
            .collect()
    })
}

/// The text for `key` in `lang`; the key itself when missing (a test keeps the table complete).
pub fn tr(lang: Lang, key: &'static str) -> &'static str {
    match (table().get(key), lang) {
        (Some((id, _)), Lang::Id) => id,
        (Some((_, en)), Lang::En) => en,
        (None, _) => key,
    }
}

/// All keys in the table (for tests).
pub fn keys() -> Vec<&'static str> {
    table().keys().copied().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_has_both_languages() {
        for line in TABLE.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            let parts: Vec<&str> = line.split('|').collect();
            assert_eq!(parts.len(), 3, "row {line:?} needs key|id|en");
            assert!(parts.iter().all(|p| !p.trim().is_empty()), "empty cell in {line:?}");
        }
    }

    /// A key has one row: with two, the table kept the last one silently.
    #[test]
    fn no_key_has_two_rows() {
        let mut seen = std::collections::HashSet::new();
        for line in TABLE.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            let key = line.split('|').next().unwrap_or_default().trim();
            assert!(seen.insert(key), "{key} has two rows in assets/i18n.csv");
        }
    }

    /// Every translation key written in the interface code (and the document checklist) has a row.
    #[test]
    fn every_key_used_in_code_exists() {
        let prefixes = [
            "act.", "status.", "doc.", "field.", "title.", "msg.", "err.", "label.", "confirm.", "warn.", "verdict.",
            "hint.", "step.", "board.", "form.", "rep.", "close.", "floor.", "type.", "purpose.", "kind.", "service.",
            "prio.", "line.", "audit.", "reason.", "role.", "stay.", "hist.",
        ];
        let root = env!("CARGO_MANIFEST_DIR");
        let mut files = vec![std::path::PathBuf::from(root).join("src/domain/documents.rs")];
        let mut stack = vec![std::path::PathBuf::from(root).join("src/tui")];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    files.push(path);
                }
            }
        }
        let mut missing = Vec::new();
        for path in files {
            let src = std::fs::read_to_string(&path).unwrap();
            for literal in src.split('"').skip(1).step_by(2) {
                let is_key = prefixes.iter().any(|p| literal.starts_with(p) && literal.len() > p.len())
                    && literal.chars().all(|c| c.is_ascii_lowercase() || c == '_' || c == '.');
                if is_key && table().get(literal).is_none() {
                    missing.push(format!("{}: {literal}", path.display()));
                }
            }
        }
        assert!(missing.is_empty(), "keys missing from assets/i18n.csv:\n{}", missing.join("\n"));
    }
}

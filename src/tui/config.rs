//! Per-workstation settings (which counter this desk serves, language, idle lock), kept in the platform config
//! dir: they belong to the machine, not to the office database.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    pub counter: u32,
    /// "id" or "en"; empty = the command line's choice.
    pub lang: String,
    pub theme: String,
    pub idle_lock_minutes: u32,
    /// The waiting-room board rings the terminal bell on each call (`loket board` on this workstation).
    pub board_bell: bool,
    /// The print queue for receipts after approval (`lp -d PRINTER`); empty = save them as text files.
    pub printer: String,
    /// Where receipts are saved without a printer; empty = `receipts/` in the platform data dir.
    pub receipt_dir: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            counter: 1,
            lang: String::new(),
            theme: "default".into(),
            idle_lock_minutes: 10,
            board_bell: true,
            printer: String::new(),
            receipt_dir: String::new(),
        }
    }
}

/// `~/.config/loket/workstation.json` on Linux.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "loket").map(|d| d.config_dir().join("workstation.json"))
}

/// Reads the config; a missing or unreadable file gives the defaults (the desk must open regardless).
pub fn load(path: Option<&Path>) -> Config {
    path.and_then(|p| std::fs::read_to_string(p).ok()).and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default()
}

/// Writes the config; failures are returned for the status line, never fatal.
pub fn save(path: Option<&Path>, config: &Config) -> Result<(), String> {
    let Some(path) = path else { return Ok(()) };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    }
    let text = serde_json::to_string_pretty(config).map_err(|e| e.to_string())?;
    std::fs::write(path, text).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("ws.json");
        assert_eq!(load(Some(&p)), Config::default());
        let c = Config { counter: 4, lang: "en".into(), ..Config::default() };
        save(Some(&p), &c).unwrap();
        assert_eq!(load(Some(&p)), c);
        std::fs::write(&p, "{not json").unwrap();
        assert_eq!(load(Some(&p)), Config::default());
    }
}

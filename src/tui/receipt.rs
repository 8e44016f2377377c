//! The *tanda terima* (receipt) handed to the applicant after approval: who, which booking, the queue number,
//! when the passport is ready and how it is collected. Printed through the workstation's print queue (`lp -d
//! PRINTER`, printer named in the workstation config) or, with no printer set, saved as a text file.

use super::i18n::tr;
use crate::store::Application;
use crate::tui::i18n::Lang;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The receipt as plain text (fits 48 columns, for a slip printer or an A4 page).
pub fn text(lang: Lang, office: &str, app: &Application, counter: Option<u32>, post_to: Option<&str>) -> String {
    let t = |k| tr(lang, k);
    let ready = app.ready_date.map(|d| d.to_string()).unwrap_or_default();
    let collect = match post_to {
        Some(address) => format!("{} — {address}", t("receipt.by_post")),
        None => match counter {
            Some(n) => format!("{} {n}", t("receipt.at_counter")),
            None => t("receipt.at_counter").to_string(),
        },
    };
    let rows = [
        (t("receipt.applicant"), app.full_name.clone()),
        (t("receipt.booking"), app.booking_code.clone()),
        (t("receipt.queue_no"), app.queue_no.clone().unwrap_or_default()),
        (t("label.ready_date"), ready),
        (t("receipt.collection"), collect),
    ];
    let width = rows.iter().map(|(l, _)| l.chars().count()).max().unwrap_or(0);
    let mut out = format!("{office}\n{}\n\n", t("receipt.title"));
    for (label, value) in rows {
        out.push_str(&format!("{label:<width$}  {value}\n"));
    }
    out.push_str(&format!("\n{}\n", t("receipt.bring")));
    out
}

/// Prints or saves the receipt as the workstation is configured; returns the words for the status line (empty
/// when there is nowhere to print or save: a desk without a config dir).
pub fn hand(text: &str, code: &str, config: &super::config::Config, has_config: bool, lang: Lang) -> String {
    let dir = if !config.receipt_dir.is_empty() {
        Some(PathBuf::from(&config.receipt_dir))
    } else if has_config {
        directories::ProjectDirs::from("", "", "loket").map(|d| d.data_dir().join("receipts"))
    } else {
        None
    };
    if config.printer.trim().is_empty() && dir.is_none() {
        return String::new();
    }
    match deliver(text, code, &config.printer, dir.as_deref()) {
        Ok(Delivered::Printed(p)) => format!(" — {} {p}", tr(lang, "msg.receipt_printed")),
        Ok(Delivered::Saved(f)) => format!(" — {} {}", tr(lang, "msg.receipt_saved"), f.display()),
        Err(e) => format!(" — {}: {e}", tr(lang, "err.receipt")),
    }
}

/// Where a receipt went: printed on a printer, or saved in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivered {
    Printed(String),
    Saved(PathBuf),
}

/// Prints the receipt with `lp -d printer`, or saves it as `<dir>/<booking code>.txt` when no printer is set.
pub fn deliver(text: &str, code: &str, printer: &str, dir: Option<&Path>) -> Result<Delivered, String> {
    if !printer.trim().is_empty() {
        let mut child = Command::new("lp")
            .args(["-d", printer.trim(), "-t", code])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("lp: {e}"))?;
        // A print queue that refuses may close its input early: its own message says why, so wait for it first.
        let written = child.stdin.take().map(|mut stdin| stdin.write_all(text.as_bytes()));
        let out = child.wait_with_output().map_err(|e| format!("lp: {e}"))?;
        if !out.status.success() {
            return Err(format!("lp: {}", String::from_utf8_lossy(&out.stderr).trim()));
        }
        if let Some(Err(e)) = written {
            return Err(format!("lp: {e}"));
        }
        return Ok(Delivered::Printed(printer.trim().to_string()));
    }
    let dir = dir.ok_or_else(|| "no printer and no receipt folder".to_string())?;
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let path = dir.join(format!("{code}.txt"));
    std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Delivered::Saved(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_printer_the_receipt_is_saved_as_a_file() {
        let dir = std::env::temp_dir().join(format!("loket-receipt-{}", std::process::id()));
        let got = deliver("tanda terima\n", "MP2611A001", "", Some(&dir)).unwrap();
        assert_eq!(got, Delivered::Saved(dir.join("MP2611A001.txt")));
        assert_eq!(std::fs::read_to_string(dir.join("MP2611A001.txt")).unwrap(), "tanda terima\n");
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(deliver("x", "C", "", None).is_err());
    }
}

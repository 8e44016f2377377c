//! How the report speaks: Bahasa Indonesia (the default) or English. Day and month names, dates
//! ("Senin, 16 Maret 2026"), decimals (comma in Indonesian: "12,5") and rupiah ("Rp 1.250.000"). Labels come
//! from `assets/i18n.csv` (keys `rpt.*`) like every other interface string. CSV and JSON never use this: their
//! keys are stable identifiers and their numbers use a dot.

use crate::tui::i18n::Lang;
use chrono::{Datelike, NaiveDate, Weekday};

/// A label of the report in `lang` (a key `rpt.*` of `assets/i18n.csv`).
pub fn label(lang: Lang, key: &'static str) -> &'static str {
    crate::tui::i18n::tr(lang, key)
}

pub fn weekday_name(lang: Lang, d: Weekday) -> &'static str {
    let i = d.num_days_from_monday() as usize;
    match lang {
        Lang::Id => ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"][i],
        Lang::En => ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][i],
    }
}

/// The short day name of a table column: "Sen", "Sel", … / "Mon", "Tue", ….
pub fn weekday_short(lang: Lang, d: Weekday) -> &'static str {
    let i = d.num_days_from_monday() as usize;
    match lang {
        Lang::Id => ["Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min"][i],
        Lang::En => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][i],
    }
}

pub fn month_name(lang: Lang, month: u32) -> &'static str {
    let i = month.clamp(1, 12) as usize - 1;
    match lang {
        Lang::Id => [
            "Januari",
            "Februari",
            "Maret",
            "April",
            "Mei",
            "Juni",
            "Juli",
            "Agustus",
            "September",
            "Oktober",
            "November",
            "Desember",
        ][i],
        Lang::En => [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ][i],
    }
}

/// "Senin, 16 Maret 2026" / "Monday, 16 March 2026".
pub fn long_date(lang: Lang, d: NaiveDate) -> String {
    format!("{}, {}", weekday_name(lang, d.weekday()), day_month_year(lang, d))
}

/// "16 Maret 2026" / "16 March 2026".
pub fn day_month_year(lang: Lang, d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), month_name(lang, d.month()), d.year())
}

/// A short date for table rows: "Sen 16/03" / "Mon 16/03".
pub fn short_date(lang: Lang, d: NaiveDate) -> String {
    format!("{} {:02}/{:02}", weekday_short(lang, d.weekday()), d.day(), d.month())
}

/// One decimal, comma in Indonesian: 12.5 → "12,5" / "12.5". The value is already rounded (half up) by the
/// figures; this only writes it.
pub fn dec1(lang: Lang, x: f64) -> String {
    let s = format!("{:.1}", x.abs());
    let (whole, tenth) = s.split_once('.').unwrap_or((&s, "0"));
    let whole = thousands(lang, whole.parse().unwrap_or(0));
    let sign = if x < 0.0 && s != "0.0" { "-" } else { "" };
    match lang {
        Lang::Id => format!("{sign}{whole},{tenth}"),
        Lang::En => format!("{sign}{whole}.{tenth}"),
    }
}

/// Minutes, or "–" without a value.
pub fn minutes(lang: Lang, m: Option<f64>) -> String {
    m.map_or_else(|| "–".to_string(), |m| dec1(lang, m))
}

/// A percentage: "12,5%" / "12.5%", or "–".
pub fn percent(lang: Lang, p: Option<f64>) -> String {
    p.map_or_else(|| "–".to_string(), |p| format!("{}%", dec1(lang, p)))
}

/// Whole numbers with thousands separators: "1.250.000" / "1,250,000".
pub fn thousands(lang: Lang, n: u64) -> String {
    let sep = match lang {
        Lang::Id => '.',
        Lang::En => ',',
    };
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// Rupiah: "Rp 1.250.000" / "Rp 1,250,000".
pub fn rupiah(lang: Lang, n: u64) -> String {
    format!("Rp {}", thousands(lang, n))
}

/// The change from `before` to `now` with an arrow: "▲ 12", "▼ 3", "= 0".
pub fn change(lang: Lang, now: f64, before: f64, decimals: bool) -> String {
    let d = now - before;
    let amount = if decimals { dec1(lang, d.abs()) } else { format!("{}", d.abs().round() as i64) };
    if d > 0.0 {
        format!("▲ {amount}")
    } else if d < 0.0 {
        format!("▼ {amount}")
    } else {
        "= 0".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `rpt.*` label written in the report's code has a row in `assets/i18n.csv` (both languages).
    #[test]
    fn every_report_label_exists() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/report");
        let keys = crate::tui::i18n::keys();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let code = std::fs::read_to_string(&path).unwrap();
            for part in code.split("\"rpt.").skip(1) {
                let key: String = part.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                if key.is_empty() {
                    continue; // this test's own pattern
                }
                let key = format!("rpt.{key}");
                assert!(keys.contains(&key.as_str()), "{}: {key} is not in assets/i18n.csv", path.display());
            }
        }
    }

    #[test]
    fn indonesian_dates_and_numbers() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 16).unwrap();
        assert_eq!(long_date(Lang::Id, d), "Senin, 16 Maret 2026");
        assert_eq!(long_date(Lang::En, d), "Monday, 16 March 2026");
        assert_eq!(short_date(Lang::Id, d), "Sen 16/03");
        assert_eq!(dec1(Lang::Id, 12.5), "12,5");
        assert_eq!(dec1(Lang::En, 12.5), "12.5");
        assert_eq!(dec1(Lang::Id, 5243.9), "5.243,9");
        assert_eq!(dec1(Lang::En, 5243.9), "5,243.9");
        assert_eq!(dec1(Lang::Id, 0.0), "0,0");
        assert_eq!(rupiah(Lang::Id, 1_250_000), "Rp 1.250.000");
        assert_eq!(rupiah(Lang::En, 1_250_000), "Rp 1,250,000");
        assert_eq!(rupiah(Lang::Id, 0), "Rp 0");
        assert_eq!(rupiah(Lang::Id, 350_000), "Rp 350.000");
        assert_eq!(percent(Lang::Id, Some(33.3)), "33,3%");
        assert_eq!(change(Lang::Id, 12.0, 10.0, false), "▲ 2");
        assert_eq!(change(Lang::Id, 9.5, 10.0, true), "▼ 0,5");
        assert_eq!(change(Lang::En, 3.0, 3.0, false), "= 0");
    }
}

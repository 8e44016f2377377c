//! Small formatting helpers shared by the screens: stored instants in office time, elapsed minutes, rupiah,
//! and cutting text to a column.

use chrono::{DateTime, FixedOffset, Utc};

/// A stored UTC instant (RFC 3339) in office time with `format`; the raw text if it does not parse.
pub fn local(at: &str, offset: FixedOffset, format: &str) -> String {
    DateTime::parse_from_rfc3339(at)
        .map(|t| t.with_timezone(&offset).format(format).to_string())
        .unwrap_or_else(|_| at.to_string())
}

/// Whole minutes from a stored instant to `now` (never negative); `None` if it does not parse.
pub fn minutes_since(at: &str, now: DateTime<Utc>) -> Option<i64> {
    DateTime::parse_from_rfc3339(at).ok().map(|t| (now - t.with_timezone(&Utc)).num_minutes().max(0))
}

/// A fee stored in whole rupiah, e.g. "Rp950.000".
pub fn idr(amount: i64) -> String {
    crate::domain::fees::format_idr(amount.max(0) as u64)
}

/// `s` cut to `width` characters, ending in "…" when cut.
pub fn ellipsis(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else if width == 0 {
        String::new()
    } else {
        let cut: String = s.chars().take(width - 1).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        let wib = FixedOffset::east_opt(7 * 3600).unwrap();
        assert_eq!(local("2026-11-25T02:40:00Z", wib, "%H:%M"), "09:40");
        assert_eq!(local("garbage", wib, "%H:%M"), "garbage");
        let now = "2026-11-25T03:05:30Z".parse().unwrap();
        assert_eq!(minutes_since("2026-11-25T02:40:00Z", now), Some(25));
        assert_eq!(idr(950_000), "Rp950.000");
        assert_eq!(ellipsis("E1234567", 8), "E1234567");
        assert_eq!(ellipsis("counter 2 (from 1)", 9), "counter …");
    }
}

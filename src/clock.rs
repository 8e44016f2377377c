//! The injected clock: every time rule takes "now" from here, so `--now` / `LOKET_NOW` can pin it.

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};

/// Parses `YYYY-MM-DDTHH:MM[:SS][+07:00]`; a time without an offset is office-local (`office`).
pub fn parse_now(s: &str, office: FixedOffset) -> Result<DateTime<Utc>, String> {
    let s = s.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Ok(dt.with_timezone(&Utc));
    }
    for fmt in ["%Y-%m-%dT%H:%M%:z", "%Y-%m-%dT%H:%M:%S%:z"] {
        if let Ok(dt) = DateTime::parse_from_str(s, fmt) {
            return Ok(dt.with_timezone(&Utc));
        }
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(s, fmt) {
            return office
                .from_local_datetime(&naive)
                .single()
                .map(|dt| dt.with_timezone(&Utc))
                .ok_or_else(|| format!("{s:?} is not a valid local time"));
        }
    }
    Err(format!("--now {s:?}: expected YYYY-MM-DDTHH:MM[:SS][+07:00]"))
}

/// Where "now" comes from.
#[derive(Debug, Clone, Copy)]
pub enum Clock {
    System,
    /// Pinned by `--now`: time stands still, so tests are repeatable.
    Fixed(DateTime<Utc>),
}

impl Clock {
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(t) => *t,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_and_offset_forms() {
        let wib = FixedOffset::east_opt(7 * 3600).unwrap();
        let a = parse_now("2026-11-25T08:45", wib).unwrap();
        let b = parse_now("2026-11-25T08:45:00+07:00", wib).unwrap();
        let c = parse_now("2026-11-25T01:45:00Z", wib).unwrap();
        assert_eq!(a, b);
        assert_eq!(b, c);
        let wita = parse_now("2026-11-25T08:45:00+08:00", wib).unwrap();
        assert_eq!((a - wita).num_minutes(), 60);
        assert!(parse_now("25/11/2026", wib).is_err());
    }
}

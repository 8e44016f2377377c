//! Office settings: kept in the database so every workstation shares them; parsed and validated here.

use chrono::{FixedOffset, NaiveTime};
use std::fmt::Write as _;

/// The hourly (or other) arrival slots of a working day, e.g. `08:00-15:00/60`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotTemplate {
    pub first_start: NaiveTime,
    pub last_end: NaiveTime,
    pub minutes: u32,
}

impl SlotTemplate {
    pub fn parse(s: &str) -> Result<Self, String> {
        let bad = || format!("expected START-END/MINUTES like 08:00-15:00/60, got {s:?}");
        let (range, minutes) = s.trim().split_once('/').ok_or_else(bad)?;
        let (a, b) = range.split_once('-').ok_or_else(bad)?;
        let first_start = parse_hhmm(a).map_err(|_| bad())?;
        let last_end = parse_hhmm(b).map_err(|_| bad())?;
        let minutes: u32 = minutes.trim().parse().map_err(|_| bad())?;
        if !(5..=240).contains(&minutes) {
            return Err("slot length must be 5 to 240 minutes".into());
        }
        if last_end <= first_start {
            return Err("the last slot must end after the first starts".into());
        }
        Ok(SlotTemplate { first_start, last_end, minutes })
    }

    /// The (start, end) of each slot of a day.
    pub fn slots(&self) -> Vec<(NaiveTime, NaiveTime)> {
        let step = chrono::Duration::minutes(i64::from(self.minutes));
        let mut out = Vec::new();
        let mut start = self.first_start;
        while start + step <= self.last_end && start + step > start {
            out.push((start, start + step));
            start += step;
        }
        out
    }
}

impl std::fmt::Display for SlotTemplate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}/{}", self.first_start.format("%H:%M"), self.last_end.format("%H:%M"), self.minutes)
    }
}

/// Parses `HH:MM` (or `HH:MM:SS`).
pub fn parse_hhmm(s: &str) -> Result<NaiveTime, chrono::ParseError> {
    let s = s.trim();
    NaiveTime::parse_from_str(s, "%H:%M").or_else(|_| NaiveTime::parse_from_str(s, "%H:%M:%S"))
}

/// Parses a fixed UTC offset like `+07:00` (WIB), `+08:00` (WITA), `+09:00` (WIT).
pub fn parse_offset(s: &str) -> Result<FixedOffset, String> {
    let s = s.trim();
    let err = || format!("expected a UTC offset like +07:00, got {s:?}");
    let (sign, rest) = match s.as_bytes().first() {
        Some(b'+') => (1, &s[1..]),
        Some(b'-') => (-1, &s[1..]),
        _ => return Err(err()),
    };
    let (h, m) = rest.split_once(':').ok_or_else(err)?;
    let (h, m): (i32, i32) = (h.parse().map_err(|_| err())?, m.parse().map_err(|_| err())?);
    if h > 14 || m > 59 || h < 0 || m < 0 {
        return Err(err());
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60)).ok_or_else(err)
}

pub fn format_offset(o: FixedOffset) -> String {
    let secs = o.local_minus_utc();
    let sign = if secs < 0 { '-' } else { '+' };
    let secs = secs.abs();
    format!("{sign}{:02}:{:02}", secs / 3600, (secs % 3600) / 60)
}

/// Every setting an office has. Defaults follow the seed article and domain facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeSettings {
    pub office_name: String,
    pub utc_offset: FixedOffset,
    /// Kemendagri province code of the office (demo NIKs are minted there).
    pub province_code: u8,
    pub opening_time: NaiveTime,
    pub closing_time: NaiveTime,
    pub slot_template: SlotTemplate,
    pub slot_quota: u32,
    pub express_quota: u32,
    pub priority_quota: u32,
    pub checkin_lead_minutes: u32,
    pub ready_after_working_days: u32,
    pub reschedule_limit: u32,
    /// The floor view raises an alert when someone has waited longer than this.
    pub wait_alert_minutes: u32,
    /// Failed sign-ins in a row that lock an account.
    pub lockout_failures: u32,
    /// How long a locked account stays locked.
    pub lockout_minutes: u32,
}

/// The keys, in display order, with a one-line description each.
pub const KEYS: &[(&str, &str)] = &[
    ("office_name", "office name shown on screens and reports"),
    ("utc_offset", "office UTC offset: +07:00 WIB, +08:00 WITA, +09:00 WIT"),
    ("province_code", "Kemendagri province code of the office"),
    ("opening_time", "when the office opens (check-in starts)"),
    ("closing_time", "when the office closes"),
    ("slot_template", "arrival slots START-END/MINUTES, e.g. 08:00-15:00/60"),
    ("slot_quota", "bookings per arrival slot"),
    ("express_quota", "express (percepatan) applicants per day"),
    ("priority_quota", "priority walk-ins per day"),
    ("checkin_lead_minutes", "applicants must check in this many minutes before their slot"),
    ("ready_after_working_days", "working days from interview to passport ready"),
    ("reschedule_limit", "ordinary reschedules allowed per booking"),
    ("wait_alert_minutes", "the floor view alerts when a wait passes this many minutes"),
    ("lockout_failures", "failed sign-ins in a row that lock an account (1-100)"),
    ("lockout_minutes", "minutes a locked account stays locked (1-1440)"),
];

impl Default for OfficeSettings {
    fn default() -> Self {
        let hm = |h, m| NaiveTime::from_hms_opt(h, m, 0).expect("valid constant time");
        OfficeSettings {
            office_name: "Kantor Imigrasi".into(),
            utc_offset: FixedOffset::east_opt(7 * 3600).expect("+07:00 is a valid offset"),
            province_code: 33,
            opening_time: hm(7, 30),
            closing_time: hm(16, 0),
            slot_template: SlotTemplate { first_start: hm(8, 0), last_end: hm(15, 0), minutes: 60 },
            slot_quota: 30,
            express_quota: 35,
            priority_quota: 50,
            checkin_lead_minutes: 15,
            ready_after_working_days: 3,
            reschedule_limit: 1,
            wait_alert_minutes: 45,
            lockout_failures: 5,
            lockout_minutes: 5,
        }
    }
}

/// A setting that cannot be set as given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    #[error("unknown setting {0:?}; known settings: {known}", known = KEYS.iter().map(|k| k.0).collect::<Vec<_>>().join(", "))]
    UnknownKey(String),
    #[error("{key}: {why}")]
    BadValue { key: String, why: String },
}

fn number(key: &str, v: &str, max: u32) -> Result<u32, SettingsError> {
    match v.trim().parse::<u32>() {
        Ok(n) if n <= max => Ok(n),
        _ => Err(SettingsError::BadValue {
            key: key.into(),
            why: format!("expected a whole number 0–{max}, got {v:?}"),
        }),
    }
}

/// A lock after zero failures, or for zero minutes, is no lock at all: refused.
fn at_least_one(key: &str, n: u32) -> Result<u32, SettingsError> {
    if n == 0 {
        return Err(SettingsError::BadValue { key: key.into(), why: "must be at least 1".into() });
    }
    Ok(n)
}

impl OfficeSettings {
    /// Sets one key from its text form, validating it (and the settings as a whole).
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), SettingsError> {
        let bad = |why: String| SettingsError::BadValue { key: key.into(), why };
        let time = |v: &str| parse_hhmm(v).map_err(|_| bad(format!("expected HH:MM, got {v:?}")));
        let mut next = self.clone();
        match key {
            "office_name" => {
                let v = value.trim();
                if v.is_empty() || v.chars().count() > 100 {
                    return Err(bad("must be 1–100 characters".into()));
                }
                next.office_name = v.into();
            }
            "utc_offset" => next.utc_offset = parse_offset(value).map_err(bad)?,
            "province_code" => {
                let code = number(key, value, 99)? as u8;
                if super::nik::province_name(code).is_none() {
                    return Err(bad(format!("{code} is not a province code")));
                }
                next.province_code = code;
            }
            "opening_time" => next.opening_time = time(value)?,
            "closing_time" => next.closing_time = time(value)?,
            "slot_template" => next.slot_template = SlotTemplate::parse(value).map_err(bad)?,
            "slot_quota" => next.slot_quota = number(key, value, 10_000)?,
            "express_quota" => next.express_quota = number(key, value, 10_000)?,
            "priority_quota" => next.priority_quota = number(key, value, 10_000)?,
            "checkin_lead_minutes" => next.checkin_lead_minutes = number(key, value, 240)?,
            "ready_after_working_days" => next.ready_after_working_days = number(key, value, 30)?,
            "reschedule_limit" => next.reschedule_limit = number(key, value, 10)?,
            "wait_alert_minutes" => next.wait_alert_minutes = number(key, value, 600)?,
            "lockout_failures" => next.lockout_failures = at_least_one(key, number(key, value, 100)?)?,
            "lockout_minutes" => next.lockout_minutes = at_least_one(key, number(key, value, 1440)?)?,
            _ => return Err(SettingsError::UnknownKey(key.into())),
        }
        if next.closing_time <= next.opening_time {
            return Err(bad("the office must close after it opens".into()));
        }
        *self = next;
        Ok(())
    }

    /// The text form of one key.
    pub fn get(&self, key: &str) -> Option<String> {
        Some(match key {
            "office_name" => self.office_name.clone(),
            "utc_offset" => format_offset(self.utc_offset),
            "province_code" => self.province_code.to_string(),
            "opening_time" => self.opening_time.format("%H:%M").to_string(),
            "closing_time" => self.closing_time.format("%H:%M").to_string(),
            "slot_template" => self.slot_template.to_string(),
            "slot_quota" => self.slot_quota.to_string(),
            "express_quota" => self.express_quota.to_string(),
            "priority_quota" => self.priority_quota.to_string(),
            "checkin_lead_minutes" => self.checkin_lead_minutes.to_string(),
            "ready_after_working_days" => self.ready_after_working_days.to_string(),
            "reschedule_limit" => self.reschedule_limit.to_string(),
            "wait_alert_minutes" => self.wait_alert_minutes.to_string(),
            "lockout_failures" => self.lockout_failures.to_string(),
            "lockout_minutes" => self.lockout_minutes.to_string(),
            _ => return None,
        })
    }

    /// All settings as (key, value) pairs in display order.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        KEYS.iter().map(|(k, _)| (*k, self.get(k).unwrap_or_default())).collect()
    }

    /// Builds settings from stored pairs; unknown keys are ignored (a newer binary may have added some).
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, SettingsError> {
        let mut s = OfficeSettings::default();
        for (k, v) in pairs {
            if KEYS.iter().any(|(key, _)| *key == k) {
                s.set(k, v)?;
            }
        }
        Ok(s)
    }

    /// A human-readable table for `loket settings show`.
    pub fn describe(&self) -> String {
        let mut out = String::new();
        for (k, desc) in KEYS {
            let _ = writeln!(out, "{k:<26} {:<22} {desc}", self.get(k).unwrap_or_default());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_makes_hourly_slots() {
        let t = SlotTemplate::parse("08:00-15:00/60").unwrap();
        let slots = t.slots();
        assert_eq!(slots.len(), 7);
        assert_eq!(slots[0].0.format("%H:%M").to_string(), "08:00");
        assert_eq!(slots[6].1.format("%H:%M").to_string(), "15:00");
        assert_eq!(t.to_string(), "08:00-15:00/60");
        assert!(SlotTemplate::parse("15:00-08:00/60").is_err());
        assert!(SlotTemplate::parse("08:00-15:00").is_err());
    }

    #[test]
    fn set_validates_and_round_trips() {
        let mut s = OfficeSettings::default();
        s.set("utc_offset", "+08:00").unwrap();
        assert_eq!(s.get("utc_offset").unwrap(), "+08:00");
        s.set("slot_quota", "40").unwrap();
        assert_eq!(s.slot_quota, 40);
        assert!(matches!(s.set("slot_quota", "-1"), Err(SettingsError::BadValue { .. })));
        assert!(matches!(s.set("nope", "1"), Err(SettingsError::UnknownKey(_))));
        assert!(s.set("closing_time", "07:00").is_err(), "closing before opening");
        assert!(s.set("province_code", "37").is_err());
        let back = OfficeSettings::from_pairs(s.pairs().iter().map(|(k, v)| (*k, v.as_str()))).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn lockout_settings_are_validated() {
        let mut s = OfficeSettings::default();
        assert_eq!((s.lockout_failures, s.lockout_minutes), (5, 5));
        s.set("lockout_failures", "3").unwrap();
        s.set("lockout_minutes", "15").unwrap();
        assert_eq!((s.lockout_failures, s.lockout_minutes), (3, 15));
        assert!(s.set("lockout_failures", "0").is_err(), "no lock at all");
        assert!(s.set("lockout_minutes", "0").is_err());
        assert!(s.set("lockout_minutes", "1441").is_err());
        assert!(s.set("lockout_failures", "many").is_err());
    }

    #[test]
    fn offsets() {
        assert_eq!(parse_offset("+09:00").unwrap().local_minus_utc(), 9 * 3600);
        assert_eq!(format_offset(parse_offset("-03:30").unwrap()), "-03:30");
        assert!(parse_offset("07:00").is_err());
        assert!(parse_offset("+7").is_err());
    }
}

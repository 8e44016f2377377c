//! The outreach event and Umrah group the outreach desk tests share: "Si Semar Paten" at a regency hall,
//! 09:00–15:00, new and replacement passports and stay permits.

use chrono::NaiveDate;
use loket::domain::outreach::{EventService, EventSpec};
use loket::domain::settings::parse_hhmm;
use loket::domain::types::{PassportKind, Purpose};
use loket::store::NewGroup;

/// The one-day event on `day`, 50 applicants a day.
pub fn event_spec(day: NaiveDate) -> EventSpec {
    EventSpec {
        name: "Si Semar Paten".into(),
        place: "Gedung DPMPTSP Grobogan".into(),
        first_day: day,
        last_day: day,
        opening: parse_hhmm("09:00").expect("time"),
        closing: parse_hhmm("15:00").expect("time"),
        services: vec![EventService::New, EventService::Replacement, EventService::StayPermit],
        quota_per_day: 50,
    }
}

/// The Umrah party `code` at event 1 on `day`.
pub fn umrah_group(code: &str, day: NaiveDate) -> NewGroup {
    NewGroup {
        code: code.into(),
        name: "Umrah Al-Ikhlas".into(),
        leader: "H. Ahmad".into(),
        contact: "081234567890".into(),
        event_id: 1,
        day,
        purpose: Purpose::Umrah,
        passport_kind: PassportKind::Electronic,
    }
}

//! The outreach event and Umrah group the outreach desk tests share: "Si Semar Paten" at a regency hall,
//! 09:00–15:00, new and replacement passports and stay permits.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use loket::domain::nik::{self, Sex};
use loket::domain::outreach::{EventService, EventSpec};
use loket::domain::settings::parse_hhmm;
use loket::domain::types::{ApplicationType, PassportKind, Purpose};
use loket::store::{GroupMember, NewGroup, NewOutreachWalkIn};

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

/// Member `i` (0–2) of the Umrah party's list, on line `line`: a new passport, paid on 2026-11-15.
pub fn group_member(line: u64, i: u16) -> GroupMember {
    let birth = NaiveDate::from_ymd_opt(1980, 1, 1).expect("date") + Duration::days(i64::from(i));
    let paid = DateTime::parse_from_rfc3339("2026-11-15T10:00:00+07:00").expect("instant").with_timezone(&Utc);
    GroupMember {
        line,
        full_name: ["Ahmad Fauzi", "Siti Aminah", "Rahmat Hidayat"][usize::from(i)].into(),
        nik: nik::make(33, 74, 1, birth, Sex::Male, 100 + i),
        birth_date: birth,
        sex: Sex::Male,
        application_type: ApplicationType::New,
        phone: None,
        old_passport_no: None,
        paid_at: Some(paid),
    }
}

/// A walk-in at the event: a new electronic passport for ten years, for tourism, outside any group.
pub fn event_walk_in(nik: String, full_name: &str, sex: Sex, birth_date: NaiveDate) -> NewOutreachWalkIn {
    NewOutreachWalkIn {
        nik,
        full_name: full_name.into(),
        sex,
        birth_date,
        phone: None,
        application_type: ApplicationType::New,
        purpose: Purpose::Tourism,
        passport_kind: PassportKind::Electronic,
        validity_years: 10,
        old_passport_no: None,
        group_code: None,
    }
}

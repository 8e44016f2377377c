//! Priority walk-ins: applicants who may come without a booking (60 and over, under 5, disabled, pregnant),
//! registered at the desk and served from the day's priority quota.
//!
//! These are the rules that need no database: the NIK is valid and agrees with what the officer typed, the
//! priority reason fits the applicant, the validity suits their age and a replacement names the old passport.
//! Disability and pregnancy are attested by the officer who sees the applicant; only the sex is checked.

use chrono::NaiveDate;

use super::nik::{self, NikError, NikMismatch, Sex};
use super::passport::{validate_old_passport_no, PassportNoError};
use super::text::{check_line, TextProblem};
use super::types::{ApplicationType, PriorityReason};

/// Age from which the elderly (*lansia*) priority applies.
pub const ELDERLY_FROM: u32 = 60;
/// Age below which the infant (*balita*) priority applies.
pub const INFANT_UNDER: u32 = 5;
/// Age from which a 10-year passport may be issued.
pub const TEN_YEARS_FROM: u32 = 17;

/// What the officer typed for a walk-in, as far as the pure rules need it.
#[derive(Debug, Clone, Copy)]
pub struct WalkInFacts<'a> {
    pub nik: &'a str,
    pub full_name: &'a str,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    pub priority_reason: PriorityReason,
    pub application_type: ApplicationType,
    pub validity_years: u8,
    pub old_passport_no: Option<&'a str>,
}

/// Why a walk-in cannot be registered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WalkInRefusal {
    #[error("the applicant's name is missing")]
    NoName,
    #[error("the name is {found} characters; at most 100 fit")]
    NameTooLong { found: usize },
    #[error("the name {0}")]
    BadName(#[from] TextProblem),
    #[error("{0}")]
    Nik(#[from] NikError),
    #[error("{0}")]
    NikMismatch(#[from] NikMismatch),
    #[error("lansia priority is for applicants aged {ELDERLY_FROM} or over; this applicant is {age}")]
    NotElderly { age: u32 },
    #[error("balita priority is for children under {INFANT_UNDER}; this applicant is {age}")]
    NotInfant { age: u32 },
    #[error("hamil priority is for women (sex P); the applicant is recorded as male")]
    PregnantMale,
    #[error("passport validity must be 5 or 10 years, not {years}")]
    BadValidity { years: u8 },
    #[error("a 10-year passport needs the applicant to be {TEN_YEARS_FROM} or over; this applicant is {age}")]
    TenYearsTooYoung { age: u32 },
    #[error("a {app_type} application needs the number of the old passport")]
    NoOldPassport { app_type: ApplicationType },
    #[error("{0}")]
    OldPassport(#[from] PassportNoError),
}

/// Checks a walk-in against the rules that need no database. `today` is the office-local date.
pub fn check_walk_in(f: &WalkInFacts<'_>, today: NaiveDate) -> Result<(), WalkInRefusal> {
    let name = f.full_name.trim();
    if name.is_empty() {
        return Err(WalkInRefusal::NoName);
    }
    let found = name.chars().count();
    if found > 100 {
        return Err(WalkInRefusal::NameTooLong { found });
    }
    check_line(name)?;
    nik::parse_registered(f.nik, today)?.check_against(f.sex, f.birth_date)?;
    let age = nik::age_on(f.birth_date, today);
    match f.priority_reason {
        PriorityReason::Elderly if age < ELDERLY_FROM => return Err(WalkInRefusal::NotElderly { age }),
        PriorityReason::Infant if age >= INFANT_UNDER => return Err(WalkInRefusal::NotInfant { age }),
        PriorityReason::Pregnant if f.sex != Sex::Female => return Err(WalkInRefusal::PregnantMale),
        _ => {}
    }
    match f.validity_years {
        5 => {}
        10 if age < TEN_YEARS_FROM => return Err(WalkInRefusal::TenYearsTooYoung { age }),
        10 => {}
        years => return Err(WalkInRefusal::BadValidity { years }),
    }
    match f.old_passport_no.map(str::trim).filter(|s| !s.is_empty()) {
        None if f.application_type.needs_old_passport() => {
            Err(WalkInRefusal::NoOldPassport { app_type: f.application_type })
        }
        None => Ok(()),
        // A new applicant may still hand in an old passport; whatever is given must look like one.
        Some(no) => validate_old_passport_no(no).map(|_| ()).map_err(WalkInRefusal::from),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    const TODAY: &str = "2026-11-25";

    fn check(nik: &str, f: WalkInFacts<'_>) -> Result<(), WalkInRefusal> {
        check_walk_in(&WalkInFacts { nik, ..f }, d(TODAY))
    }

    /// A valid walk-in (new 5-year passport) born on `birth` with `reason`, and a NIK that agrees.
    fn person(birth: &str, sex: Sex, reason: PriorityReason) -> (String, WalkInFacts<'static>) {
        let f = WalkInFacts {
            nik: "",
            full_name: "Siti Aminah",
            sex,
            birth_date: d(birth),
            priority_reason: reason,
            application_type: ApplicationType::New,
            validity_years: 5,
            old_passport_no: None,
        };
        (nik::make(33, 74, 1, d(birth), sex, 1), f)
    }

    #[test]
    fn elderly_from_sixty() {
        let (nik, f) = person("1966-11-25", Sex::Male, PriorityReason::Elderly);
        assert_eq!(check(&nik, f), Ok(()));
        let (nik, f) = person("1966-11-26", Sex::Male, PriorityReason::Elderly);
        assert_eq!(check(&nik, f), Err(WalkInRefusal::NotElderly { age: 59 }));
        let (nik, f) = person("1981-03-02", Sex::Male, PriorityReason::Elderly);
        let err = check(&nik, f).unwrap_err();
        assert_eq!(err.to_string(), "lansia priority is for applicants aged 60 or over; this applicant is 45");
    }

    #[test]
    fn infants_under_five() {
        let (nik, f) = person("2021-11-26", Sex::Female, PriorityReason::Infant);
        assert_eq!(check(&nik, f), Ok(()));
        let (nik, f) = person("2021-11-25", Sex::Female, PriorityReason::Infant);
        assert_eq!(check(&nik, f), Err(WalkInRefusal::NotInfant { age: 5 }));
    }

    #[test]
    fn pregnant_needs_sex_p_and_disability_is_attested() {
        let (nik, f) = person("1995-01-10", Sex::Female, PriorityReason::Pregnant);
        assert_eq!(check(&nik, f), Ok(()));
        let (nik, f) = person("1995-01-10", Sex::Male, PriorityReason::Pregnant);
        assert_eq!(check(&nik, f), Err(WalkInRefusal::PregnantMale));
        let (nik, f) = person("1995-01-10", Sex::Male, PriorityReason::Disability);
        assert_eq!(check(&nik, f), Ok(()));
    }

    #[test]
    fn nik_must_be_valid_and_agree() {
        let (_, f) = person("1988-11-10", Sex::Male, PriorityReason::Disability);
        assert!(matches!(check("3704031011880001", f), Err(WalkInRefusal::Nik(NikError::UnknownProvince { .. }))));
        // The public female vector, stated as male.
        let err = check("3404025011880001", f).unwrap_err();
        assert!(matches!(err, WalkInRefusal::NikMismatch(NikMismatch::Sex { .. })), "{err:?}");
        assert!(err.to_string().contains("NIK says female"), "{err}");
        // Right sex, wrong birth date.
        let g = WalkInFacts { birth_date: d("1988-11-11"), ..f };
        assert!(matches!(check("3404021011880001", g), Err(WalkInRefusal::NikMismatch(NikMismatch::BirthDate { .. }))));
        assert_eq!(check("3404021011880001", f), Ok(()));
        // Nothing has checked a walk-in's NIK before: a regency that does not exist is refused.
        assert!(matches!(check("3406021011880001", f), Err(WalkInRefusal::Nik(NikError::UnknownRegency { .. }))));
    }

    #[test]
    fn ten_years_from_seventeen() {
        let (nik, f) = person("2012-06-01", Sex::Male, PriorityReason::Disability);
        let ten = WalkInFacts { validity_years: 10, ..f };
        assert_eq!(check(&nik, ten), Err(WalkInRefusal::TenYearsTooYoung { age: 14 }));
        let (nik, f) = person("1950-06-01", Sex::Male, PriorityReason::Elderly);
        assert_eq!(check(&nik, WalkInFacts { validity_years: 10, ..f }), Ok(()));
        assert_eq!(check(&nik, WalkInFacts { validity_years: 7, ..f }), Err(WalkInRefusal::BadValidity { years: 7 }));
    }

    #[test]
    fn replacement_and_damaged_need_a_well_formed_old_passport() {
        let (nik, f) = person("1950-06-01", Sex::Male, PriorityReason::Elderly);
        for app_type in [ApplicationType::Replacement, ApplicationType::Damaged] {
            let g = WalkInFacts { application_type: app_type, ..f };
            assert_eq!(check(&nik, g), Err(WalkInRefusal::NoOldPassport { app_type }));
            assert_eq!(
                check(&nik, WalkInFacts { old_passport_no: Some("  "), ..g }),
                Err(WalkInRefusal::NoOldPassport { app_type })
            );
            assert!(matches!(
                check(&nik, WalkInFacts { old_passport_no: Some("12345"), ..g }),
                Err(WalkInRefusal::OldPassport(_))
            ));
            assert_eq!(check(&nik, WalkInFacts { old_passport_no: Some("b1234567"), ..g }), Ok(()));
        }
        // Lost: no old passport to show.
        assert_eq!(check(&nik, WalkInFacts { application_type: ApplicationType::Lost, ..f }), Ok(()));
    }

    #[test]
    fn name_is_required() {
        let (nik, f) = person("1950-06-01", Sex::Male, PriorityReason::Elderly);
        assert_eq!(check(&nik, WalkInFacts { full_name: "  ", ..f }), Err(WalkInRefusal::NoName));
        let long = "a".repeat(101);
        assert_eq!(check(&nik, WalkInFacts { full_name: &long, ..f }), Err(WalkInRefusal::NameTooLong { found: 101 }));
    }

    #[test]
    fn hostile_names_are_refused() {
        let (nik, f) = person("1950-06-01", Sex::Male, PriorityReason::Elderly);
        let esc = check(&nik, WalkInFacts { full_name: "Budi\u{1b}[2J", ..f }).unwrap_err();
        assert_eq!(esc, WalkInRefusal::BadName(TextProblem::Control("U+001B".into(), 5)));
        assert!(esc.to_string().contains("control character"), "{esc}");
        let bidi = check(&nik, WalkInFacts { full_name: "Siti\u{202E}imA", ..f });
        assert!(matches!(bidi, Err(WalkInRefusal::BadName(TextProblem::Bidi(..)))), "{bidi:?}");
        let blank = check(&nik, WalkInFacts { full_name: "\u{200B}\u{200B}", ..f });
        assert_eq!(blank, Err(WalkInRefusal::BadName(TextProblem::Blank)));
    }
}

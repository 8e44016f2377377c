//! NIK (Nomor Induk Kependudukan), the 16-digit national identity number `PP RR DD ddmmyy SSSS`.
//!
//! The NIK encodes the province, regency and district of registration, the birth date (women's day + 40) and a
//! serial. Checking it at the counter catches typing errors and applications whose stated sex or birth date
//! disagree with the identity card.

use std::fmt;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};

/// Kemendagri province codes (not BPS codes), embedded so the rules work offline.
const PROVINCES_CSV: &str = include_str!("../../assets/provinces.csv");

/// Kemendagri regency/city codes (`PP.RR`), embedded so walk-in registration can check them offline.
const REGENCIES_CSV: &str = include_str!("../../assets/regencies.csv");

/// Sex as recorded in the NIK and on the e-KTP (`L` laki-laki, `P` perempuan).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    /// The e-KTP letter: `L` (laki-laki) or `P` (perempuan).
    pub fn code(self) -> &'static str {
        match self {
            Sex::Male => "L",
            Sex::Female => "P",
        }
    }

    /// Parses `L`/`P` (case-insensitive, surrounding spaces ignored).
    pub fn from_code(s: &str) -> Option<Sex> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("L") {
            Some(Sex::Male)
        } else if s.eq_ignore_ascii_case("P") {
            Some(Sex::Female)
        } else {
            None
        }
    }

    fn word(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }
}

impl fmt::Display for Sex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

/// All provinces, sorted by code. Parsed once from the embedded asset (validated by a unit test).
pub fn provinces() -> &'static [(u8, &'static str)] {
    static PROVINCES: OnceLock<Vec<(u8, &'static str)>> = OnceLock::new();
    PROVINCES.get_or_init(|| {
        let mut list: Vec<(u8, &'static str)> = PROVINCES_CSV
            .lines()
            .skip(1)
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|line| {
                let (code, name) = line.split_once(',').expect("assets/provinces.csv: every row is `code,name`");
                let code = code.trim().parse::<u8>().expect("assets/provinces.csv: code is a number");
                (code, name.trim())
            })
            .collect();
        list.sort_unstable_by_key(|&(code, _)| code);
        list
    })
}

/// The province name for a Kemendagri code, e.g. `34` → "DI Yogyakarta".
pub fn province_name(code: u8) -> Option<&'static str> {
    let list = provinces();
    list.binary_search_by_key(&code, |&(c, _)| c).ok().map(|i| list[i].1)
}

/// All regencies/cities as (province, regency, name), sorted by code. Parsed once from the embedded asset
/// (`#` lines are comments; validated by a unit test).
pub fn regencies() -> &'static [(u8, u8, &'static str)] {
    static REGENCIES: OnceLock<Vec<(u8, u8, &'static str)>> = OnceLock::new();
    REGENCIES.get_or_init(|| {
        let mut list: Vec<(u8, u8, &'static str)> = REGENCIES_CSV
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with("code,"))
            .map(|line| {
                let mut f = line.split(',');
                let code = f.next().unwrap_or_default();
                let name = f.next().expect("assets/regencies.csv: every row is `code,name,province`");
                let (pp, rr) = code.split_once('.').expect("assets/regencies.csv: code is PP.RR");
                let pp = pp.parse::<u8>().expect("assets/regencies.csv: province digits");
                let rr = rr.parse::<u8>().expect("assets/regencies.csv: regency digits");
                (pp, rr, name.trim())
            })
            .collect();
        list.sort_unstable_by_key(|&(p, r, _)| (p, r));
        list
    })
}

/// The regency/city name for a Kemendagri code, e.g. (34, 4) → "KABUPATEN SLEMAN".
pub fn regency_name(province: u8, regency: u8) -> Option<&'static str> {
    let list = regencies();
    list.binary_search_by_key(&(province, regency), |&(p, r, _)| (p, r)).ok().map(|i| list[i].2)
}

/// [`parse`], and also checks that the regency/city code exists in the Kemendagri table. For registration on the
/// spot (walk-ins at the desk and at outreach events), where nothing has checked the NIK before; booking
/// manifests come from M-Paspor, which validated the NIK against Dukcapil, so imports keep the plain check.
pub fn parse_registered(s: &str, today: NaiveDate) -> Result<Nik, NikError> {
    let nik = parse(s, today)?;
    if regency_name(nik.province_code, nik.regency).is_none() {
        return Err(NikError::UnknownRegency {
            code: format!("{:02}.{:02}", nik.province_code, nik.regency),
            province: nik.province_name,
        });
    }
    Ok(nik)
}

/// A NIK that passed [`parse`], with its parts decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nik {
    pub province_code: u8,
    pub province_name: &'static str,
    pub regency: u8,
    pub district: u8,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub serial: u16,
    raw: String,
}

impl Nik {
    /// The 16 digits, as entered (trimmed).
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// The two day digits as written in the NIK (women's day + 40), for messages.
    fn day_digits(&self) -> u32 {
        self.birth_date.day()
            + match self.sex {
                Sex::Male => 0,
                Sex::Female => 40,
            }
    }

    /// Compares the NIK with what the applicant stated, so a typo in either is caught before the interview.
    pub fn check_against(&self, sex: Sex, birth_date: NaiveDate) -> Result<(), NikMismatch> {
        if self.sex != sex {
            return Err(NikMismatch::Sex { nik: self.sex, stated: sex, day: self.day_digits() });
        }
        if self.birth_date != birth_date {
            return Err(NikMismatch::BirthDate { nik: self.birth_date, stated: birth_date });
        }
        Ok(())
    }
}

impl fmt::Display for Nik {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

/// Why a NIK was rejected; each variant names the part to re-check on the e-KTP.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NikError {
    #[error("NIK must be 16 digits, found {found} characters")]
    Length { found: usize },
    #[error("NIK must contain digits only (no letters, spaces or punctuation)")]
    NotDigits,
    #[error("NIK starts with {code}, which is not a province code (first two digits, e.g. 34 DI Yogyakarta)")]
    UnknownProvince { code: String },
    #[error("NIK regency/city code (digits 3–4) is {code}; it must be 01–99")]
    BadRegency { code: String },
    #[error("NIK regency/city code {code} does not exist in {province} (digits 3–4; Kemendagri table)")]
    UnknownRegency { code: String, province: &'static str },
    #[error("NIK district code (digits 5–6) is {code}; it must be 01–99")]
    BadDistrict { code: String },
    #[error("NIK birth day (digits 7–8) is {day:02}; it must be 01–31 for men or 41–71 for women (day + 40)")]
    BadBirthDay { day: u32 },
    #[error("NIK birth month (digits 9–10) is {month:02}; it must be 01–12")]
    BadBirthMonth { month: u32 },
    #[error("NIK birth date digits {digits} (ddmmyy, women's day − 40) are not a real date")]
    ImpossibleBirthDate { digits: String },
    #[error("NIK birth date lies in the future")]
    BirthInFuture,
    #[error("NIK serial (last four digits) is 0000; serials start at 0001")]
    BadSerial,
}

/// A valid NIK that disagrees with what the applicant stated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NikMismatch {
    /// `day` is the NIK's day digits, shown so the officer sees why (women's day has 40 added).
    #[error("NIK says {nik} ({}), not {stated}", sex_reason(*.nik, *.day))]
    Sex { nik: Sex, stated: Sex, day: u32 },
    #[error("NIK says born {nik}, not {stated}")]
    BirthDate { nik: NaiveDate, stated: NaiveDate },
}

fn sex_reason(sex: Sex, day: u32) -> String {
    match sex {
        Sex::Female => format!("day {day} = {} + 40", day.saturating_sub(40)),
        Sex::Male => format!("day {day:02} is 01–31"),
    }
}

/// Parses and validates a NIK. `today` decides the century of the two-digit year (a year that would lie in the
/// future belongs to the 1900s) and rejects future birth dates.
pub fn parse(s: &str, today: NaiveDate) -> Result<Nik, NikError> {
    let s = s.trim();
    let found = s.chars().count();
    if found != 16 {
        return Err(NikError::Length { found });
    }
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NikError::NotDigits);
    }
    // All 16 bytes are ASCII digits, so byte slicing is safe and each pair parses.
    let num = |from: usize, to: usize| -> u32 {
        s.as_bytes()[from..to].iter().fold(0, |acc, b| acc * 10 + u32::from(b - b'0'))
    };

    let province_code = num(0, 2) as u8;
    let province_name =
        province_name(province_code).ok_or_else(|| NikError::UnknownProvince { code: s[0..2].to_string() })?;
    let regency = num(2, 4) as u8;
    if regency == 0 {
        return Err(NikError::BadRegency { code: s[2..4].to_string() });
    }
    let district = num(4, 6) as u8;
    if district == 0 {
        return Err(NikError::BadDistrict { code: s[4..6].to_string() });
    }

    let day_digits = num(6, 8);
    let (sex, day) = match day_digits {
        1..=31 => (Sex::Male, day_digits),
        41..=71 => (Sex::Female, day_digits - 40),
        _ => return Err(NikError::BadBirthDay { day: day_digits }),
    };
    let month = num(8, 10);
    if !(1..=12).contains(&month) {
        return Err(NikError::BadBirthMonth { month });
    }
    let yy = num(10, 12) as i32;
    let impossible = || NikError::ImpossibleBirthDate { digits: s[6..12].to_string() };
    let this_century = NaiveDate::from_ymd_opt(2000 + yy, month, day).ok_or_else(impossible)?;
    let birth_date = if this_century > today {
        NaiveDate::from_ymd_opt(1900 + yy, month, day).ok_or_else(impossible)?
    } else {
        this_century
    };
    if birth_date > today {
        return Err(NikError::BirthInFuture);
    }

    let serial = num(12, 16) as u16;
    if serial == 0 {
        return Err(NikError::BadSerial);
    }

    Ok(Nik { province_code, province_name, regency, district, birth_date, sex, serial, raw: s.to_string() })
}

/// Age in whole years on `on` (0 if `on` is before the birth). Someone born on 29 February turns a year older
/// on 1 March in common years.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> u32 {
    if on <= birth {
        return 0;
    }
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

/// Builds a NIK string from its parts (for demo data). Parts must be in range (province a known code,
/// regency/district 1–99, serial 1–9999) for [`parse`] to accept the result; only the last two year digits are kept.
pub fn make(province: u8, regency: u8, district: u8, birth: NaiveDate, sex: Sex, serial: u16) -> String {
    let day = birth.day()
        + match sex {
            Sex::Male => 0,
            Sex::Female => 40,
        };
    format!(
        "{province:02}{regency:02}{district:02}{day:02}{:02}{:02}{serial:04}",
        birth.month(),
        birth.year().rem_euclid(100)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    fn today() -> NaiveDate {
        d(2026, 3, 16)
    }

    #[test]
    fn regency_asset_parses_with_known_codes() {
        let list = regencies();
        assert!((500..=520).contains(&list.len()), "{} regencies", list.len());
        for w in list.windows(2) {
            assert!((w[0].0, w[0].1) < (w[1].0, w[1].1), "codes unique and sorted");
        }
        assert!(list.iter().all(|&(p, _, _)| province_name(p).is_some()), "every regency in a known province");
        assert_eq!(regency_name(34, 4), Some("KABUPATEN SLEMAN"));
        assert_eq!(regency_name(33, 74), Some("KOTA SEMARANG"));
        assert_eq!(regency_name(34, 6), None);
        assert_eq!(regency_name(31, 2), None);
    }

    #[test]
    fn registration_refuses_regencies_that_do_not_exist() {
        // Plain parse accepts them (only 00 is refused), as public validators do.
        assert!(parse("3406021011880001", today()).is_ok());
        assert!(parse("3102021011880001", today()).is_ok());
        let err = parse_registered("3406021011880001", today()).unwrap_err();
        assert_eq!(err, NikError::UnknownRegency { code: "34.06".into(), province: "DI Yogyakarta" });
        assert!(err.to_string().contains("34.06"), "{err}");
        assert!(matches!(parse_registered("3102021011880001", today()), Err(NikError::UnknownRegency { .. })));
        // Sleman exists: the public vector passes.
        assert_eq!(parse_registered("3404021011880001", today()).unwrap().regency, 4);
        // Jakarta's cities are 71-75.
        assert!(parse_registered("3171021011880001", today()).is_ok());
    }

    #[test]
    fn province_asset_parses_with_38_unique_sorted_codes() {
        let list = provinces();
        assert_eq!(list.len(), 38);
        assert!(list.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(list.iter().all(|(c, n)| (11..=96).contains(c) && !n.is_empty()));
        assert_eq!(list.first(), Some(&(11, "Aceh")));
        assert_eq!(list.last(), Some(&(96, "Papua Barat Daya")));
    }

    #[test]
    fn province_lookup() {
        assert_eq!(province_name(34), Some("DI Yogyakarta"));
        assert_eq!(province_name(31), Some("DKI Jakarta"));
        assert_eq!(province_name(92), Some("Papua Barat"));
        assert_eq!(province_name(37), None);
        assert_eq!(province_name(0), None);
        assert_eq!(province_name(99), None);
    }

    #[test]
    fn sex_codes() {
        assert_eq!(Sex::Male.code(), "L");
        assert_eq!(Sex::Female.code(), "P");
        assert_eq!(Sex::from_code(" l "), Some(Sex::Male));
        assert_eq!(Sex::from_code("P"), Some(Sex::Female));
        assert_eq!(Sex::from_code("p"), Some(Sex::Female));
        assert_eq!(Sex::from_code("X"), None);
        assert_eq!(Sex::from_code(""), None);
        for s in [Sex::Male, Sex::Female] {
            assert_eq!(Sex::from_code(s.code()), Some(s));
        }
    }

    #[test]
    fn public_vector_male() {
        let nik = parse("3404021011880001", today()).expect("valid");
        assert_eq!(nik.province_code, 34);
        assert_eq!(nik.province_name, "DI Yogyakarta");
        assert_eq!(nik.regency, 4);
        assert_eq!(nik.district, 2);
        assert_eq!(nik.birth_date, d(1988, 11, 10));
        assert_eq!(nik.sex, Sex::Male);
        assert_eq!(nik.serial, 1);
        assert_eq!(nik.as_str(), "3404021011880001");
        assert_eq!(nik.to_string(), "3404021011880001");
    }

    #[test]
    fn public_vector_female() {
        let nik = parse("3404025011880001", today()).expect("valid");
        assert_eq!(nik.birth_date, d(1988, 11, 10));
        assert_eq!(nik.sex, Sex::Female);
    }

    #[test]
    fn input_is_trimmed() {
        let nik = parse("  3404021011880001\n", today()).expect("valid");
        assert_eq!(nik.as_str(), "3404021011880001");
    }

    #[test]
    fn public_vector_unknown_province() {
        assert_eq!(parse("3704031011880001", today()), Err(NikError::UnknownProvince { code: "37".into() }));
    }

    #[test]
    fn public_vector_month_13() {
        assert_eq!(parse("3404021013880001", today()), Err(NikError::BadBirthMonth { month: 13 }));
        assert_eq!(parse("3404021000880001", today()), Err(NikError::BadBirthMonth { month: 0 }));
    }

    #[test]
    fn wrong_length() {
        assert_eq!(parse("340402101188001", today()), Err(NikError::Length { found: 15 }));
        assert_eq!(parse("34040210118800011", today()), Err(NikError::Length { found: 17 }));
        assert_eq!(parse("", today()), Err(NikError::Length { found: 0 }));
        // Counted in characters, not bytes.
        assert_eq!(parse("340402101188000é", today()), Err(NikError::NotDigits));
        let msg = NikError::Length { found: 15 }.to_string();
        assert_eq!(msg, "NIK must be 16 digits, found 15 characters");
    }

    #[test]
    fn non_digits() {
        assert_eq!(parse("34040210118800O1", today()), Err(NikError::NotDigits));
        assert_eq!(parse("3404 21011880001", today()), Err(NikError::NotDigits));
        assert_eq!(parse("-404021011880001", today()), Err(NikError::NotDigits));
    }

    #[test]
    fn zero_regency_and_district() {
        assert_eq!(parse("3400021011880001", today()), Err(NikError::BadRegency { code: "00".into() }));
        assert_eq!(parse("3404001011880001", today()), Err(NikError::BadDistrict { code: "00".into() }));
        assert!(parse("3499991011880001", today()).is_ok());
    }

    #[test]
    fn serial_0000_rejected() {
        assert_eq!(parse("3404021011880000", today()), Err(NikError::BadSerial));
        assert_eq!(parse("3404021011889999", today()).map(|n| n.serial), Ok(9999));
    }

    #[test]
    fn bad_days() {
        for day in [0, 32, 35, 40, 72, 99] {
            let s = format!("340402{day:02}11880001");
            assert_eq!(parse(&s, today()), Err(NikError::BadBirthDay { day }), "{s}");
        }
        for day in [1, 31, 41, 71] {
            let s = format!("340402{day:02}01880001");
            assert!(parse(&s, today()).is_ok(), "{s}");
        }
    }

    #[test]
    fn impossible_dates() {
        assert_eq!(parse("3404023002880001", today()), Err(NikError::ImpossibleBirthDate { digits: "300288".into() }));
        // Women's 31 April (71 - 40).
        assert_eq!(parse("3404027104880001", today()), Err(NikError::ImpossibleBirthDate { digits: "710488".into() }));
        // 29 February only in leap years.
        assert_eq!(
            parse("3404022902870001", today()).map(|_| ()),
            Err(NikError::ImpossibleBirthDate { digits: "290287".into() })
        );
        assert_eq!(parse("3404022902880001", today()).map(|n| n.birth_date), Ok(d(1988, 2, 29)));
        assert_eq!(parse("3404022902000001", today()).map(|n| n.birth_date), Ok(d(2000, 2, 29)));
    }

    #[test]
    fn century_follows_today() {
        // 2026-03-16 is today: born today is fine, this century.
        assert_eq!(parse("3404021603260001", today()).map(|n| n.birth_date), Ok(d(2026, 3, 16)));
        // Tomorrow in 2026 would be the future, so it is 1926.
        assert_eq!(parse("3404021703260001", today()).map(|n| n.birth_date), Ok(d(1926, 3, 17)));
        assert_eq!(parse("3404020101050001", today()).map(|n| n.birth_date), Ok(d(2005, 1, 1)));
        assert_eq!(parse("3404020101990001", today()).map(|n| n.birth_date), Ok(d(1999, 1, 1)));
    }

    #[test]
    fn birth_in_future() {
        // With a "today" in the 1900s both centuries lie in the future.
        assert_eq!(parse("3404020101500001", d(1949, 1, 1)), Err(NikError::BirthInFuture));
    }

    #[test]
    fn check_against_matches_and_mismatches() {
        let male = parse("3404021011880001", today()).expect("valid");
        let female = parse("3404025211880001", today()).expect("valid");
        assert_eq!(male.check_against(Sex::Male, d(1988, 11, 10)), Ok(()));
        assert_eq!(female.check_against(Sex::Female, d(1988, 11, 12)), Ok(()));

        let err = female.check_against(Sex::Male, d(1988, 11, 12)).expect_err("sex differs");
        assert_eq!(err, NikMismatch::Sex { nik: Sex::Female, stated: Sex::Male, day: 52 });
        assert_eq!(err.to_string(), "NIK says female (day 52 = 12 + 40), not male");

        let err = male.check_against(Sex::Female, d(1988, 11, 10)).expect_err("sex differs");
        assert_eq!(err.to_string(), "NIK says male (day 10 is 01–31), not female");

        let err = male.check_against(Sex::Male, d(1988, 11, 11)).expect_err("date differs");
        assert_eq!(err, NikMismatch::BirthDate { nik: d(1988, 11, 10), stated: d(1988, 11, 11) });
        assert_eq!(err.to_string(), "NIK says born 1988-11-10, not 1988-11-11");
    }

    #[test]
    fn ages() {
        let b = d(1988, 11, 10);
        assert_eq!(age_on(b, d(2026, 11, 9)), 37);
        assert_eq!(age_on(b, d(2026, 11, 10)), 38);
        assert_eq!(age_on(b, d(2026, 12, 1)), 38);
        assert_eq!(age_on(b, b), 0);
        assert_eq!(age_on(b, d(1980, 1, 1)), 0);
        let leap = d(2008, 2, 29);
        assert_eq!(age_on(leap, d(2025, 2, 28)), 16);
        assert_eq!(age_on(leap, d(2025, 3, 1)), 17);
        assert_eq!(age_on(leap, d(2028, 2, 29)), 20);
    }

    #[test]
    fn make_round_trips() {
        let cases = [
            (34, 4, 2, d(1988, 11, 10), Sex::Male, 1),
            (34, 4, 2, d(1988, 11, 10), Sex::Female, 1),
            (11, 1, 1, d(2000, 2, 29), Sex::Female, 9999),
            (96, 99, 99, d(1950, 12, 31), Sex::Male, 42),
            (31, 71, 5, d(2026, 3, 16), Sex::Female, 123),
        ];
        for (p, r, dist, birth, sex, serial) in cases {
            let s = make(p, r, dist, birth, sex, serial);
            assert_eq!(s.len(), 16, "{s}");
            let nik = parse(&s, today()).expect("make builds valid NIKs");
            assert_eq!(nik.province_code, p);
            assert_eq!(nik.regency, r);
            assert_eq!(nik.district, dist);
            assert_eq!(nik.birth_date, birth);
            assert_eq!(nik.sex, sex);
            assert_eq!(nik.serial, serial);
            assert_eq!(nik.as_str(), s);
        }
        assert_eq!(make(34, 4, 2, d(1988, 11, 10), Sex::Male, 1), "3404021011880001");
        assert_eq!(make(34, 4, 2, d(1988, 11, 10), Sex::Female, 1), "3404025011880001");
    }

    #[test]
    fn error_messages_name_the_part() {
        assert!(NikError::UnknownProvince { code: "37".into() }.to_string().contains("37"));
        assert!(NikError::BadBirthDay { day: 32 }.to_string().contains("41–71"));
        assert!(NikError::BadBirthMonth { month: 13 }.to_string().contains("13"));
        assert!(NikError::BadSerial.to_string().contains("0001"));
    }
}

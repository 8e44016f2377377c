//! Property tests for the NIK parser: it never panics on any input, and a valid NIK built from its parts
//! (a known province, regency and district 01–99, a birth date within the last 100 years, a sex, a serial
//! 0001–9999) parses back to exactly those parts.

use chrono::{Duration, NaiveDate};
use loket::domain::nik::{self, Sex};
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).expect("date")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_text_never_panics(s in any::<String>()) {
        let _ = nik::parse(&s, today());
    }

    #[test]
    fn any_sixteen_or_so_digits_never_panic_and_accepted_ones_are_consistent(s in "[0-9]{14,18}") {
        if let Ok(n) = nik::parse(&s, today()) {
            prop_assert_eq!(n.as_str(), s.as_str());
            prop_assert!(n.birth_date <= today());
            prop_assert!(n.regency >= 1 && n.district >= 1 && n.serial >= 1);
            prop_assert!(nik::province_name(n.province_code).is_some());
            // what the NIK says is what it is checked against
            prop_assert!(n.check_against(n.sex, n.birth_date).is_ok());
        }
    }

    #[test]
    fn digits_with_noise_never_panic(s in "[0-9 \\-.a-zA-Z\u{0660}-\u{0669}\u{FF10}-\u{FF19}]{0,24}") {
        let _ = nik::parse(&s, today());
    }

    #[test]
    fn valid_niks_built_from_parts_round_trip(
        province in prop::sample::select(nik::provinces().iter().map(|(c, _)| *c).collect::<Vec<u8>>()),
        regency in 1u8..=99,
        district in 1u8..=99,
        days_before in 0i64..36_500,
        female in any::<bool>(),
        serial in 1u16..=9999,
        padding in "[ \t]{0,3}",
    ) {
        let birth = today() - Duration::days(days_before);
        let sex = if female { Sex::Female } else { Sex::Male };
        let text = nik::make(province, regency, district, birth, sex, serial);
        prop_assert_eq!(text.len(), 16);
        let n = nik::parse(&format!("{padding}{text}{padding}"), today()).map_err(|e| {
            TestCaseError::fail(format!("{text} ({birth}, {sex:?}) refused: {e}"))
        })?;
        prop_assert_eq!(n.province_code, province);
        prop_assert_eq!(n.regency, regency);
        prop_assert_eq!(n.district, district);
        prop_assert_eq!(n.birth_date, birth);
        prop_assert_eq!(n.sex, sex);
        prop_assert_eq!(n.serial, serial);
        prop_assert_eq!(n.as_str(), text.as_str());
    }
}

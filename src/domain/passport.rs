//! Passport numbers, checked at entry so a mistyped number is caught at the counter, not at the border.

/// Why a passport number was rejected; each message shows the expected shape.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PassportNoError {
    #[error("passport number is empty")]
    Empty,
    #[error("passport number must be 8 characters (one letter and 7 digits, e.g. C1234567), found {found}")]
    Length { found: usize },
    #[error("passport number must start with a letter A–Z (e.g. C1234567), found {found:?}")]
    NoLetter { found: char },
    #[error("passport number must have 7 digits after the letter (e.g. C1234567), found {found:?}")]
    NotDigits { found: String },
    #[error(
        "old passport number must be one or two letters then 6–8 digits (e.g. C1234567, AB123456), found {found:?}"
    )]
    OldFormat { found: String },
}

/// Validates a new passport number: one letter A–Z then 7 digits. Returns it trimmed and uppercased.
pub fn validate_passport_no(s: &str) -> Result<String, PassportNoError> {
    let s = s.trim().to_uppercase();
    let found = s.chars().count();
    if found == 0 {
        return Err(PassportNoError::Empty);
    }
    if found != 8 {
        return Err(PassportNoError::Length { found });
    }
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_ascii_uppercase() => {}
        Some(c) => return Err(PassportNoError::NoLetter { found: c }),
        None => return Err(PassportNoError::Empty),
    }
    let digits = chars.as_str();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(PassportNoError::NotDigits { found: digits.to_string() });
    }
    Ok(s)
}

/// Validates the number of the passport being replaced: older series used one or two letters then 6–8 digits
/// (e.g. C1234567, X1234567, AB123456). Returns it trimmed and uppercased.
pub fn validate_old_passport_no(s: &str) -> Result<String, PassportNoError> {
    let s = s.trim().to_uppercase();
    if s.is_empty() {
        return Err(PassportNoError::Empty);
    }
    let letters = s.bytes().take_while(u8::is_ascii_uppercase).count();
    let digits = &s[letters..];
    let ok =
        (1..=2).contains(&letters) && (6..=8).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
    if ok {
        Ok(s)
    } else {
        Err(PassportNoError::OldFormat { found: s })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_new_numbers() {
        assert_eq!(validate_passport_no("C1234567"), Ok("C1234567".into()));
        assert_eq!(validate_passport_no(" a0000001 "), Ok("A0000001".into()));
        assert_eq!(validate_passport_no("Z9999999"), Ok("Z9999999".into()));
    }

    #[test]
    fn invalid_new_numbers() {
        assert_eq!(validate_passport_no("   "), Err(PassportNoError::Empty));
        assert_eq!(validate_passport_no("C123456"), Err(PassportNoError::Length { found: 7 }));
        assert_eq!(validate_passport_no("C12345678"), Err(PassportNoError::Length { found: 9 }));
        assert_eq!(validate_passport_no("12345678"), Err(PassportNoError::NoLetter { found: '1' }));
        assert_eq!(validate_passport_no("É1234567"), Err(PassportNoError::NoLetter { found: 'É' }));
        assert_eq!(validate_passport_no("CB234567"), Err(PassportNoError::NotDigits { found: "B234567".into() }));
        assert_eq!(validate_passport_no("C123 567"), Err(PassportNoError::NotDigits { found: "123 567".into() }));
    }

    #[test]
    fn messages_show_expected_shape() {
        let msg = PassportNoError::Length { found: 7 }.to_string();
        assert!(msg.contains("C1234567") && msg.contains('7'), "{msg}");
        let msg = PassportNoError::NoLetter { found: '1' }.to_string();
        assert!(msg.contains("A–Z"), "{msg}");
    }

    #[test]
    fn valid_old_numbers() {
        for (input, out) in [
            ("C1234567", "C1234567"),
            ("X1234567", "X1234567"),
            ("AB123456", "AB123456"),
            (" ab123456 ", "AB123456"),
            ("A123456", "A123456"),
            ("AB12345678", "AB12345678"),
        ] {
            assert_eq!(validate_old_passport_no(input), Ok(out.to_string()), "{input}");
        }
    }

    #[test]
    fn invalid_old_numbers() {
        assert_eq!(validate_old_passport_no(""), Err(PassportNoError::Empty));
        for bad in ["123456", "ABC123456", "A12345", "A123456789", "A12345X", "A-123456", "ÄB123456"] {
            assert_eq!(
                validate_old_passport_no(bad),
                Err(PassportNoError::OldFormat { found: bad.to_uppercase() }),
                "{bad}"
            );
        }
    }
}

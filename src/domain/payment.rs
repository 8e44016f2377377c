//! Payments: the receipt number (NTPN, *Nomor Transaksi Penerimaan Negara*) printed on the PNBP receipt.

/// Why a receipt number was refused; each message shows the expected shape.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NtpnError {
    #[error("the receipt number (NTPN) is empty")]
    Empty,
    #[error("the receipt number (NTPN) has 16 characters, found {found}")]
    Length { found: usize },
    #[error("the receipt number (NTPN) has only letters A–Z and digits, found {found:?}")]
    Character { found: char },
}

/// Validates an NTPN: 16 letters A–Z or digits (spaces a person types between groups are dropped). Returns it
/// uppercased without spaces.
pub fn validate_ntpn(s: &str) -> Result<String, NtpnError> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    if s.is_empty() {
        return Err(NtpnError::Empty);
    }
    if let Some(found) = s.chars().find(|c| !c.is_ascii_uppercase() && !c.is_ascii_digit()) {
        return Err(NtpnError::Character { found });
    }
    match s.chars().count() {
        16 => Ok(s),
        found => Err(NtpnError::Length { found }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixteen_letters_or_digits() {
        assert_eq!(validate_ntpn("0A1B2C3D4E5F6789"), Ok("0A1B2C3D4E5F6789".into()));
        assert_eq!(validate_ntpn(" 0a1b 2c3d 4e5f 6789 "), Ok("0A1B2C3D4E5F6789".into()));
        assert_eq!(validate_ntpn(""), Err(NtpnError::Empty));
        assert_eq!(validate_ntpn("0A1B2C3D4E5F678"), Err(NtpnError::Length { found: 15 }));
        assert_eq!(validate_ntpn("0A1B2C3D4E5F67890"), Err(NtpnError::Length { found: 17 }));
        assert_eq!(validate_ntpn("0A1B-2C3D4E5F678"), Err(NtpnError::Character { found: '-' }));
    }
}

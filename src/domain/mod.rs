//! Pure domain rules: no SQL, no terminal, no clock. Everything here is testable with plain values.

pub mod audit;
pub mod audit_detail;
pub mod calendar;
pub mod checkin;
pub mod close;
pub mod documents;
pub mod fees;
pub mod lifecycle;
pub mod nik;
pub mod outreach;
pub mod passport;
pub mod payment;
pub mod queue;
pub mod quota;
pub mod schedule;
pub mod settings;
pub mod staypermit;
pub mod text;
pub mod types;
pub mod walkin;

/// Folds a name for search and watchlist matching: lower case, punctuation dropped, spaces collapsed.
pub fn name_key(name: &str) -> String {
    let cleaned: String =
        name.chars().map(|c| if c.is_alphanumeric() { c.to_lowercase().next().unwrap_or(c) } else { ' ' }).collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn name_key_folds_case_spaces_punctuation() {
        assert_eq!(super::name_key("  SITI  Rahmawati, S.Pd. "), "siti rahmawati s pd");
        assert_eq!(super::name_key("Muh. Ali-Akbar"), "muh ali akbar");
    }
}

//! Queue tickets: one numbered line per service so the display and the counter call "A-001", "E-003", "P-012".

use std::fmt;

use super::types::Service;

/// A queue line at the office; priority applicants (elderly, disabled, infants, pregnant) have their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum ServiceLine {
    Regular,
    Express,
    Priority,
}

impl ServiceLine {
    pub const ALL: &'static [ServiceLine] = &[ServiceLine::Regular, ServiceLine::Express, ServiceLine::Priority];

    /// The code used in the database and on screen.
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceLine::Regular => "reguler",
            ServiceLine::Express => "percepatan",
            ServiceLine::Priority => "prioritas",
        }
    }

    /// Parses a code (case-insensitive, surrounding spaces ignored).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL.iter().copied().find(|l| s.eq_ignore_ascii_case(l.as_str()))
    }

    /// The letter printed on the ticket.
    pub fn prefix(self) -> char {
        match self {
            ServiceLine::Regular => 'A',
            ServiceLine::Express => 'E',
            ServiceLine::Priority => 'P',
        }
    }

    fn from_prefix(c: char) -> Option<Self> {
        Self::ALL.iter().copied().find(|l| l.prefix() == c.to_ascii_uppercase())
    }
}

impl fmt::Display for ServiceLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The ticket text: prefix, dash, number padded to at least 3 digits ("A-001", "A-1234").
pub fn format_queue_number(line: ServiceLine, n: u32) -> String {
    format!("{}-{n:03}", line.prefix())
}

/// Reads a ticket as typed by an officer: "A-001", "a-1" and "A001" all work (surrounding spaces ignored).
pub fn parse_queue_number(s: &str) -> Option<(ServiceLine, u32)> {
    let s = s.trim();
    let mut chars = s.chars();
    let line = ServiceLine::from_prefix(chars.next()?)?;
    let rest = chars.as_str();
    let digits = rest.strip_prefix('-').unwrap_or(rest);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((line, digits.parse().ok()?))
}

/// Which line an applicant queues in: priority wins over express, so an elderly express applicant is not kept
/// waiting.
pub fn line_for(service: Service, priority: bool) -> ServiceLine {
    match (priority, service) {
        (true, _) => ServiceLine::Priority,
        (false, Service::Express) => ServiceLine::Express,
        (false, Service::Regular) => ServiceLine::Regular,
    }
}

/// The call order between lines: priority first, then express, then regular (lower is called first). Within
/// a line applicants are called by slot, then check-in time, then queue number (`Store::call_next`).
pub fn call_rank(line: ServiceLine) -> u8 {
    match line {
        ServiceLine::Priority => 0,
        ServiceLine::Express => 1,
        ServiceLine::Regular => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priority_then_express_then_regular() {
        let mut lines = ServiceLine::ALL.to_vec();
        lines.sort_by_key(|l| call_rank(*l));
        assert_eq!(lines, [ServiceLine::Priority, ServiceLine::Express, ServiceLine::Regular]);
    }

    #[test]
    fn codes_and_prefixes() {
        assert_eq!(ServiceLine::Regular.prefix(), 'A');
        assert_eq!(ServiceLine::Express.prefix(), 'E');
        assert_eq!(ServiceLine::Priority.prefix(), 'P');
        assert_eq!(ServiceLine::Regular.as_str(), "reguler");
        assert_eq!(ServiceLine::Express.as_str(), "percepatan");
        assert_eq!(ServiceLine::Priority.as_str(), "prioritas");
        assert_eq!(ServiceLine::ALL.len(), 3);
        for l in ServiceLine::ALL {
            assert_eq!(ServiceLine::parse(l.as_str()), Some(*l));
        }
        assert_eq!(ServiceLine::parse(" Prioritas "), Some(ServiceLine::Priority));
        assert_eq!(ServiceLine::parse("A"), None);
    }

    #[test]
    fn formatting() {
        assert_eq!(format_queue_number(ServiceLine::Regular, 1), "A-001");
        assert_eq!(format_queue_number(ServiceLine::Priority, 12), "P-012");
        assert_eq!(format_queue_number(ServiceLine::Express, 100), "E-100");
        assert_eq!(format_queue_number(ServiceLine::Regular, 1234), "A-1234");
    }

    #[test]
    fn parsing() {
        assert_eq!(parse_queue_number("A-001"), Some((ServiceLine::Regular, 1)));
        assert_eq!(parse_queue_number(" p-012 "), Some((ServiceLine::Priority, 12)));
        assert_eq!(parse_queue_number("E7"), Some((ServiceLine::Express, 7)));
        assert_eq!(parse_queue_number("A-1234"), Some((ServiceLine::Regular, 1234)));
        for bad in ["", "A", "A-", "B-001", "A--1", "A-1x", "A-+1", "-001", "A 001", "A-99999999999"] {
            assert_eq!(parse_queue_number(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn round_trip() {
        for l in ServiceLine::ALL {
            for n in [0, 1, 9, 99, 999, 1000, 65_535] {
                assert_eq!(parse_queue_number(&format_queue_number(*l, n)), Some((*l, n)));
            }
        }
    }

    #[test]
    fn line_choice() {
        assert_eq!(line_for(Service::Regular, false), ServiceLine::Regular);
        assert_eq!(line_for(Service::Express, false), ServiceLine::Express);
        assert_eq!(line_for(Service::Regular, true), ServiceLine::Priority);
        assert_eq!(line_for(Service::Express, true), ServiceLine::Priority);
    }
}

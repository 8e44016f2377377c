//! Stay-permit extensions for foreigners (*perpanjangan izin tinggal*): the second kind of application, with
//! its own data (no NIK), its own lifecycle and its own service line.
//!
//! registered → documents checked → biometrics → approved (with the new expiry date) | refused (with a reason)
//! → handed over (approved ones).

use std::sync::OnceLock;

use chrono::NaiveDate;

use super::audit::AuditAction;
use super::types::code_enum;

const COUNTRIES_CSV: &str = include_str!("../../assets/countries.csv");
const FEES_CSV: &str = include_str!("../../assets/stay-permit-fees.csv");

/// The ticket letter of the stay-permit line (*Warga Negara Asing*).
pub const QUEUE_PREFIX: char = 'W';

code_enum!(
    /// Which permit is being extended.
    PermitType {
        Itas => "itas",
        Itap => "itap",
        VisitExtension => "perpanjangan_visa_kunjungan",
    }
);

code_enum!(
    /// Where a stay-permit application stands.
    StayStatus {
        Registered => "registered",
        DocumentsChecked => "documents_checked",
        Biometrics => "biometrics",
        Approved => "approved",
        Refused => "refused",
        HandedOver => "handed_over",
    }
);

/// Something that happens to a stay-permit application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StayEvent {
    CheckDocuments,
    TakeBiometrics,
    Approve,
    Refuse,
    HandOver,
}

impl StayEvent {
    /// The audit-log action.
    pub fn action(self) -> AuditAction {
        match self {
            StayEvent::CheckDocuments => AuditAction::StayDocuments,
            StayEvent::TakeBiometrics => AuditAction::StayBiometrics,
            StayEvent::Approve => AuditAction::StayApprove,
            StayEvent::Refuse => AuditAction::StayRefuse,
            StayEvent::HandOver => AuditAction::StayHandOver,
        }
    }
}

/// Why a stay-permit move or registration is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StayRefusal {
    #[error("cannot {} a stay permit that is {from}", .event.action().as_str().trim_start_matches("stay_").replace('_', " "))]
    NotAllowed { from: StayStatus, event: StayEvent },
    #[error("{0:?} is not an ISO 3166-1 alpha-3 country code (e.g. AUS, MYS, NLD)")]
    UnknownNationality(String),
    #[error("Indonesian citizens apply for a passport, not a stay permit")]
    Citizen,
    #[error("the foreign passport number must be 5-15 letters and digits, not {0:?}")]
    BadPassportNo(String),
    #[error("the permit number must be 1-30 characters")]
    BadPermitNo,
    #[error("{field} must be 1-100 characters")]
    BadText { field: &'static str },
    #[error("the new expiry date {new} must be after the current one {current}")]
    ExpiryNotLater { current: NaiveDate, new: NaiveDate },
    #[error("a refusal needs a reason")]
    NoReason,
    #[error("no stay-permit fee for {permit} is in force on {on}")]
    NoFee { permit: PermitType, on: NaiveDate },
}

/// The lifecycle: the one place that says which move is allowed.
pub fn transition(from: StayStatus, event: StayEvent) -> Result<StayStatus, StayRefusal> {
    use StayEvent as E;
    use StayStatus as S;
    match (from, event) {
        (S::Registered, E::CheckDocuments) => Ok(S::DocumentsChecked),
        (S::DocumentsChecked, E::TakeBiometrics) => Ok(S::Biometrics),
        (S::Biometrics, E::Approve) => Ok(S::Approved),
        // Refused at any point before the decision (e.g. documents found false).
        (S::Registered | S::DocumentsChecked | S::Biometrics, E::Refuse) => Ok(S::Refused),
        (S::Approved, E::HandOver) => Ok(S::HandedOver),
        _ => Err(StayRefusal::NotAllowed { from, event }),
    }
}

impl StayEvent {
    /// The event an audit action records (`None` for `stay_register` and every other action).
    pub fn from_action(action: &str) -> Option<StayEvent> {
        Some(match AuditAction::parse(action)? {
            AuditAction::StayDocuments => StayEvent::CheckDocuments,
            AuditAction::StayBiometrics => StayEvent::TakeBiometrics,
            AuditAction::StayApprove => StayEvent::Approve,
            AuditAction::StayRefuse => StayEvent::Refuse,
            AuditAction::StayHandOver => StayEvent::HandOver,
            _ => return None,
        })
    }
}

/// The stay permit an audit row is about: the code its detail starts with ("stay permit IT…"), as every
/// stay-permit action writes it. `None` for other rows.
pub fn code_in_detail(action: &str, detail: Option<&str>) -> Option<String> {
    if !action.starts_with("stay_") {
        return None;
    }
    let rest = detail?.strip_prefix("stay permit ")?;
    let code: String = rest.chars().take_while(char::is_ascii_alphanumeric).collect();
    (!code.is_empty()).then_some(code)
}

/// Replays a stay permit's history, (action, from status, to status) oldest first, through the lifecycle: it must
/// start with its registration and every step must be a move the lifecycle allows. Returns the final status, or
/// why the history is broken (a laptop file that was edited).
pub fn replay(steps: &[(&str, Option<&str>, Option<&str>)]) -> Result<StayStatus, String> {
    let mut state: Option<StayStatus> = None;
    for (action, from, to) in steps {
        let to_status = to.and_then(StayStatus::parse);
        match (state, *action) {
            (None, "stay_register") if to_status == Some(StayStatus::Registered) => state = to_status,
            (None, _) => return Err(format!("its history starts with {action}, not its registration")),
            (Some(cur), _) => {
                let event = StayEvent::from_action(action).ok_or_else(|| format!("{action} after {cur}"))?;
                if from.and_then(StayStatus::parse) != Some(cur) {
                    return Err(format!("{action} starts from {}, but it was {cur}", from.unwrap_or("-")));
                }
                let next = transition(cur, event).map_err(|e| e.to_string())?;
                if Some(next) != to_status {
                    return Err(format!("{action} from {cur} cannot lead to {}", to.unwrap_or("-")));
                }
                state = Some(next);
            }
        }
    }
    state.ok_or_else(|| "it has no history".to_string())
}

/// All ISO 3166-1 alpha-3 codes with names, sorted (validated by a unit test).
pub fn countries() -> &'static [(&'static str, &'static str)] {
    static LIST: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    LIST.get_or_init(|| {
        let mut v: Vec<(&'static str, &'static str)> = COUNTRIES_CSV
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#') && !l.starts_with("code,"))
            .filter_map(|l| l.split_once(','))
            .collect();
        v.sort_unstable();
        v
    })
}

/// Checks a nationality code (case-insensitive) and returns it upper-cased.
pub fn nationality(code: &str) -> Result<String, StayRefusal> {
    let c = code.trim().to_ascii_uppercase();
    if c == "IDN" {
        return Err(StayRefusal::Citizen);
    }
    countries()
        .binary_search_by_key(&c.as_str(), |&(k, _)| k)
        .map(|_| c.clone())
        .map_err(|_| StayRefusal::UnknownNationality(code.trim().to_string()))
}

/// What the officer typed at registration, as far as the pure rules need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StayFacts<'a> {
    pub full_name: &'a str,
    pub passport_no: &'a str,
    pub nationality: &'a str,
    pub permit_no: &'a str,
    pub sponsor: &'a str,
}

/// Checks a registration; returns (passport number, nationality) normalised.
pub fn check_registration(f: &StayFacts<'_>) -> Result<(String, String), StayRefusal> {
    for (field, v) in [("the name", f.full_name), ("the sponsor", f.sponsor)] {
        let n = v.trim().chars().count();
        if n == 0 || n > 100 {
            return Err(StayRefusal::BadText { field });
        }
    }
    let p = f.passport_no.trim().to_ascii_uppercase();
    if !(5..=15).contains(&p.len()) || !p.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(StayRefusal::BadPassportNo(f.passport_no.trim().to_string()));
    }
    let n = f.permit_no.trim().chars().count();
    if n == 0 || n > 30 {
        return Err(StayRefusal::BadPermitNo);
    }
    Ok((p, nationality(f.nationality)?))
}

/// The fee for extending `permit` on `on`, from `assets/stay-permit-fees.csv` (amounts marked uncertain there).
pub fn fee(permit: PermitType, on: NaiveDate) -> Result<u64, StayRefusal> {
    FEES_CSV
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#') && !l.starts_with("valid_from,"))
        .filter_map(|l| {
            let f: Vec<&str> = l.split(',').map(str::trim).collect();
            let from = NaiveDate::parse_from_str(f.first()?, "%Y-%m-%d").ok()?;
            (PermitType::parse(f.get(1)?)? == permit && from <= on).then_some((from, f.get(2)?.parse::<u64>().ok()?))
        })
        .max_by_key(|(from, _)| *from)
        .map(|(_, amount)| amount)
        .ok_or(StayRefusal::NoFee { permit, on })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_whole_flow_and_nothing_else() {
        use StayEvent as E;
        use StayStatus as S;
        let mut s = S::Registered;
        for e in [E::CheckDocuments, E::TakeBiometrics, E::Approve, E::HandOver] {
            s = transition(s, e).unwrap();
        }
        assert_eq!(s, S::HandedOver);
        assert_eq!(
            transition(S::Registered, E::Approve),
            Err(StayRefusal::NotAllowed { from: S::Registered, event: E::Approve })
        );
        assert_eq!(transition(S::DocumentsChecked, E::Refuse), Ok(S::Refused));
        for final_state in [S::Refused, S::HandedOver] {
            for e in [E::CheckDocuments, E::TakeBiometrics, E::Approve, E::Refuse, E::HandOver] {
                assert!(transition(final_state, e).is_err());
            }
        }
        assert_eq!(
            transition(S::Registered, E::TakeBiometrics).unwrap_err().to_string(),
            "cannot biometrics a stay permit that is registered"
        );
    }

    #[test]
    fn a_history_replays_through_the_lifecycle() {
        let reg = ("stay_register", None, Some("registered"));
        let docs = ("stay_documents", Some("registered"), Some("documents_checked"));
        let bio = ("stay_biometrics", Some("documents_checked"), Some("biometrics"));
        let refuse = ("stay_refuse", Some("biometrics"), Some("refused"));
        assert_eq!(replay(&[reg, docs, bio, refuse]), Ok(StayStatus::Refused));
        assert_eq!(replay(&[reg]), Ok(StayStatus::Registered));
        assert!(replay(&[docs]).unwrap_err().contains("not its registration"));
        assert!(replay(&[reg, bio]).unwrap_err().contains("starts from documents_checked"));
        let approve_without_biometrics = ("stay_approve", Some("documents_checked"), Some("approved"));
        assert!(replay(&[reg, docs, approve_without_biometrics]).is_err());
        assert!(replay(&[]).is_err());
        assert_eq!(
            code_in_detail("stay_register", Some("stay permit IT261201010001 (itas 2C1); x")).as_deref(),
            Some("IT261201010001")
        );
        assert_eq!(
            code_in_detail("stay_approve", Some("stay permit IT261201010001: valid until")).as_deref(),
            Some("IT261201010001")
        );
        assert_eq!(code_in_detail("approve", Some("stay permit IT1")), None);
        assert_eq!(code_in_detail("stay_refuse", Some("other")), None);
    }

    #[test]
    fn nationality_is_iso_alpha_3_and_not_indonesian() {
        assert!(countries().len() > 240);
        assert_eq!(nationality("aus"), Ok("AUS".into()));
        assert_eq!(nationality("IDN"), Err(StayRefusal::Citizen));
        assert_eq!(nationality("XXX"), Err(StayRefusal::UnknownNationality("XXX".into())));
        assert_eq!(nationality("AU"), Err(StayRefusal::UnknownNationality("AU".into())));
    }

    #[test]
    fn registration_checks() {
        let f = StayFacts {
            full_name: "John Smith",
            passport_no: "pa1234567",
            nationality: "AUS",
            permit_no: "2C11AB1234",
            sponsor: "PT Maju",
        };
        assert_eq!(check_registration(&f), Ok(("PA1234567".into(), "AUS".into())));
        assert!(matches!(
            check_registration(&StayFacts { passport_no: "12-34", ..f.clone() }),
            Err(StayRefusal::BadPassportNo(_))
        ));
        assert_eq!(
            check_registration(&StayFacts { sponsor: " ", ..f.clone() }),
            Err(StayRefusal::BadText { field: "the sponsor" })
        );
        assert_eq!(check_registration(&StayFacts { permit_no: "", ..f }), Err(StayRefusal::BadPermitNo));
    }

    #[test]
    fn fees_come_from_the_catalogue() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(fee(PermitType::VisitExtension, d("2026-12-01")), Ok(500_000));
        for p in PermitType::ALL {
            assert!(fee(*p, d("2026-12-01")).is_ok(), "{p}");
        }
        assert!(fee(PermitType::Itas, d("2019-01-01")).is_err());
    }
}

//! The documents an applicant must show at check-in, by application type, purpose and age.

use super::types::{ApplicationType, Purpose};

/// A document on the check-in checklist. `code` keys its label in the translation table (`doc.<code>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    IdCard,
    FamilyCard,
    /// Birth certificate, marriage book/certificate, diploma or baptism letter: any one of them.
    CivilRecord,
    OldPassport,
    PoliceReport,
    DamagedPassport,
    ParentsIdCards,
    ReligiousAffairsLetter,
    ManpowerLetter,
}

impl Document {
    pub fn code(self) -> &'static str {
        match self {
            Document::IdCard => "doc.id_card",
            Document::FamilyCard => "doc.family_card",
            Document::CivilRecord => "doc.civil_record",
            Document::OldPassport => "doc.old_passport",
            Document::PoliceReport => "doc.police_report",
            Document::DamagedPassport => "doc.damaged_passport",
            Document::ParentsIdCards => "doc.parents_id",
            Document::ReligiousAffairsLetter => "doc.kemenag",
            Document::ManpowerLetter => "doc.disnaker",
        }
    }
}

/// The checklist for an applicant of `age` (on the slot date).
pub fn required(kind: ApplicationType, purpose: Purpose, age: u32) -> Vec<Document> {
    use Document as D;
    let mut docs = match kind {
        ApplicationType::New => vec![D::IdCard, D::FamilyCard, D::CivilRecord],
        ApplicationType::Replacement => vec![D::IdCard, D::OldPassport],
        ApplicationType::Lost => vec![D::PoliceReport, D::IdCard, D::FamilyCard, D::CivilRecord],
        ApplicationType::Damaged => vec![D::IdCard, D::DamagedPassport],
    };
    if age < 17 {
        // Children: no ID card of their own; both parents' cards and the birth certificate instead.
        docs.retain(|d| *d != D::IdCard);
        docs.push(D::ParentsIdCards);
        if !docs.contains(&D::CivilRecord) {
            docs.push(D::CivilRecord);
        }
    }
    match purpose {
        Purpose::Umrah | Purpose::Hajj => docs.push(D::ReligiousAffairsLetter),
        Purpose::Work => docs.push(D::ManpowerLetter),
        _ => {}
    }
    docs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacement_needs_old_passport() {
        let d = required(ApplicationType::Replacement, Purpose::Tourism, 30);
        assert_eq!(d, vec![Document::IdCard, Document::OldPassport]);
    }

    #[test]
    fn child_umrah_new() {
        let d = required(ApplicationType::New, Purpose::Umrah, 8);
        assert!(d.contains(&Document::ParentsIdCards) && d.contains(&Document::ReligiousAffairsLetter));
        assert!(!d.contains(&Document::IdCard));
    }
}

//! Hostile free text is refused by the store before anything is written, whichever way it comes in (the desk
//! or the command line): reasons, notes, who collected a passport, delivery addresses, walk-in names, the
//! office name.

mod common;

use common::{at, audit_rows, booking, date, fresh_nik, import_time, Office, DAY};
use loket::domain::lifecycle::{RejectionReason, Status};
use loket::domain::nik::Sex;
use loket::domain::text::TextProblem;
use loket::domain::types::{ApplicationType, PassportKind, PriorityReason, Purpose};
use loket::domain::walkin::WalkInRefusal;
use loket::store::{NewWalkIn, StoreError};

const HOSTILE: [&str; 5] = ["Budi\u{1b}[2J", "a\u{0}b", "abc\u{202E}fed", "\u{200B}\u{200B}", "x\u{9b}31m"];

fn bad_text<T: std::fmt::Debug>(r: Result<T, StoreError>, field: &str) {
    match r {
        Err(StoreError::BadText { field: f, .. }) => assert_eq!(f, field),
        other => panic!("expected hostile {field} refused, got {other:?}"),
    }
}

#[test]
fn reasons_notes_and_names_with_control_characters_are_refused_and_nothing_is_written() {
    let mut o = Office::new();
    let (officer, supervisor) = (o.officer.clone(), o.supervisor.clone());
    let late = o.book(booking("MPTX0001", DAY, "09:00"));
    let served = o.book(booking("MPTX0002", DAY, "09:00"));
    let ready = o.book(booking("MPTX0003", DAY, "09:00"));
    let t = at("2026-11-25T10:00:00+07:00");
    o.bring_to_counter(&served);
    o.store.record_photo(&officer, &served, t).unwrap();
    o.store.record_interview(&officer, &served, t).unwrap();
    o.bring_to_approved(&ready, t);
    o.store.mark_ready(&officer, &ready, "C1234567", t).unwrap();
    let before = audit_rows(&o.store);

    for text in HOSTILE {
        bad_text(o.store.check_in(&supervisor, &late, Some(text), t), "reason");
        bad_text(o.store.reject(&officer, &served, RejectionReason::Other, text, t), "note");
        bad_text(o.store.reschedule(&supervisor, &late, date("2026-11-26"), "09:00", Some(text), t), "reason");
        bad_text(o.store.hand_over(&officer, &ready, text, t), "collected by");
        bad_text(o.store.dispatch(&officer, &ready, text, "P123", t), "address");
        bad_text(o.store.close_day(&supervisor, date(DAY), Some(text), false, t), "reason");
    }
    // a note may have several lines, nothing else
    let two_lines = o.store.reject(&officer, &served, RejectionReason::Other, "baris satu\nbaris dua\u{7}", t);
    assert!(matches!(two_lines, Err(StoreError::BadText { problem: TextProblem::Control(..), .. })));
    assert_eq!(audit_rows(&o.store), before, "nothing written");
    assert_eq!(o.status(&late), Status::Booked);
    assert_eq!(o.status(&served), Status::AtCounter);
    assert_eq!(o.status(&ready), Status::Ready);
    assert!(!o.store.is_closed(date(DAY)).unwrap());

    // the same actions with plain text go through
    let note = "dokumen palsu\nlihat berkas";
    assert_eq!(o.store.reject(&officer, &served, RejectionReason::Other, note, t).unwrap().status, Status::Rejected);
    assert_eq!(o.store.hand_over(&officer, &ready, "Ibu Sari (ibu kandung)", t).unwrap().status, Status::HandedOver);
}

#[test]
fn walk_in_names_and_the_office_name_are_checked_too() {
    let mut o = Office::new();
    let (officer, supervisor) = (o.officer.clone(), o.supervisor.clone());
    let birth = date("1950-03-02");
    let before = audit_rows(&o.store);
    for text in HOSTILE {
        let w = NewWalkIn {
            nik: fresh_nik(birth, Sex::Male),
            full_name: text.into(),
            sex: Sex::Male,
            birth_date: birth,
            phone: None,
            priority_reason: PriorityReason::Elderly,
            application_type: ApplicationType::New,
            purpose: Purpose::Tourism,
            passport_kind: PassportKind::Electronic,
            validity_years: 5,
            old_passport_no: None,
        };
        let r = o.store.register_walk_in_paid(&officer, &w, "0A1B2C3D4E5F6789", at("2026-11-25T09:00:00+07:00"));
        assert!(matches!(r, Err(StoreError::WalkIn(WalkInRefusal::BadName(_)))), "{text:?}: {r:?}");
        let r = o.store.set_setting(&supervisor, "office_name", text, import_time());
        assert!(matches!(r, Err(StoreError::Settings(_))), "{text:?}: {r:?}");
    }
    assert_eq!(audit_rows(&o.store), before);
    assert_eq!(o.store.settings().unwrap().office_name, loket::domain::settings::OfficeSettings::default().office_name);
}

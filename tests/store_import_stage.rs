//! The booking import's staged write (issue 11): rows are checked one by one, staged, then written table by
//! table. These pin what that must keep: one applicant per NIK across the file, refusals that name the earlier
//! line, an intact audit chain with one `book` row per booking, and the same outcome when the schema refuses a
//! row and the rows are written one by one instead.

mod common;

use common::*;
use loket::domain::types::ApplicationType;
use loket::store::ImportPolicy;

fn count(o: &Office, sql: &str) -> i64 {
    rusqlite::Connection::open(o.store.path()).expect("read connection").query_row(sql, [], |r| r.get(0)).expect(sql)
}

#[test]
fn one_applicant_per_nik_across_the_file_and_a_second_booking_on_the_same_day_names_the_earlier_line() {
    let mut o = Office::new();
    let mut first = booking("MPST0001", DAY, "09:00").build();
    first.line = 2;
    let mut later = booking("MPST0002", "2026-11-26", "10:00").same_applicant_as(&first).build();
    later.line = 3;
    let mut same_day = booking("MPST0003", DAY, "11:00").same_applicant_as(&first).build();
    same_day.line = 4;
    let mut other = booking("MPST0004", DAY, "09:00").build();
    other.line = 5;
    let sup = o.supervisor.clone();
    let rows = [first, later, same_day, other];
    let out = o.store.import_bookings(&sup, &rows, ImportPolicy::SkipInvalid, "m.csv", import_time()).unwrap();
    assert_eq!(out.inserted, 3, "{out:?}");
    assert_eq!(out.problems.len(), 1);
    assert_eq!((out.problems[0].line, out.problems[0].column), (4, "nik"));
    assert!(out.problems[0].why.contains("active booking on 2026-11-25 (line 2)"), "{:?}", out.problems);
    assert_eq!(count(&o, "SELECT COUNT(*) FROM applicants"), 2);
    assert_eq!(
        count(
            &o,
            "SELECT COUNT(DISTINCT applicant_id) FROM applications WHERE booking_code IN ('MPST0001', 'MPST0002')"
        ),
        1
    );
    // Every booking written has its own `book` row, linked to it, on an intact chain.
    assert_eq!(
        count(
            &o,
            "SELECT COUNT(*) FROM applications a JOIN audit_log l ON l.application_id = a.id AND l.action = 'book'"
        ),
        3
    );
    o.store.verify_audit().unwrap().require_intact().unwrap();
}

#[test]
fn a_booking_of_an_applicant_already_in_the_database_reuses_it() {
    let mut o = Office::new();
    let before = booking("MPST1001", DAY, "09:00").build();
    o.import(std::slice::from_ref(&before));
    let again = booking("MPST1002", "2026-11-26", "09:00").same_applicant_as(&before).build();
    let clash = booking("MPST1003", DAY, "10:00").same_applicant_as(&before).build();
    let sup = o.supervisor.clone();
    let out =
        o.store.import_bookings(&sup, &[again, clash], ImportPolicy::SkipInvalid, "m.csv", import_time()).unwrap();
    assert_eq!(out.inserted, 1, "{out:?}");
    assert!(out.problems[0].why.contains("(MPST1001)"), "{:?}", out.problems);
    assert_eq!(count(&o, "SELECT COUNT(*) FROM applicants"), 1);
    o.store.verify_audit().unwrap().require_intact().unwrap();
}

#[test]
fn rows_written_one_by_one_after_a_schema_refusal_keep_the_chain_and_the_file_order() {
    let mut o = Office::new();
    let mut rows: Vec<_> = (0..20).map(|i| booking(&format!("MPSF{i:04}"), DAY, "09:00").build()).collect();
    // Only the schema knows a replacement needs the old passport number: the bulk write is refused.
    rows[7] = booking("MPSF0007", DAY, "09:00").kind(ApplicationType::Replacement, None).build();
    let a_later_one = booking("MPSF9999", "2026-11-26", "09:00").same_applicant_as(&rows[7]).build();
    rows.push(a_later_one);
    let sup = o.supervisor.clone();
    let out = o.store.import_bookings(&sup, &rows, ImportPolicy::SkipInvalid, "m.csv", import_time()).unwrap();
    assert_eq!(out.inserted, 20, "{out:?}");
    assert_eq!(out.problems.len(), 1);
    assert!(out.problems[0].why.contains("refused by the database"), "{:?}", out.problems);
    // The refused row's applicant is not left behind, but the same person's later booking brought it back.
    assert_eq!(count(&o, "SELECT COUNT(*) FROM applicants"), 20);
    assert_eq!(count(&o, "SELECT COUNT(*) FROM audit_log WHERE action = 'book'"), 20);
    // The book rows follow the file's order along the chain.
    let codes: Vec<String> = {
        let conn = rusqlite::Connection::open(o.store.path()).expect("read connection");
        let mut stmt = conn
            .prepare(
                "SELECT a.booking_code FROM audit_log l JOIN applications a ON a.id = l.application_id ORDER BY l.seq",
            )
            .unwrap();
        let rows = stmt.query_map([], |r| r.get(0)).unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    };
    let mut expected: Vec<String> = rows.iter().map(|b| b.booking_code.clone()).collect();
    expected.retain(|c| c != "MPSF0007");
    assert_eq!(codes, expected);
    o.store.verify_audit().unwrap().require_intact().unwrap();

    // All or nothing: the same refusal writes nothing at all.
    let mut o = Office::new();
    let before = count(&o, "SELECT COUNT(*) FROM audit_log");
    let out = o.store.import_bookings(&sup, &rows, ImportPolicy::AllOrNothing, "m.csv", import_time()).unwrap();
    assert!(!out.committed && out.problems.len() == 1, "{out:?}");
    assert_eq!(count(&o, "SELECT COUNT(*) FROM applications"), 0);
    assert_eq!(count(&o, "SELECT COUNT(*) FROM audit_log"), before);
}

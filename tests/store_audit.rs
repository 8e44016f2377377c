//! The audit trail against a real SQLite file: typed rows with their counter in a column, append-only,
//! hash-chained per node, verified; a version-1 database upgraded and chained; the clock's pin recorded.

mod common;

use common::{at, booking, date, Office, DAY, OFFICER, PASSWORD, SUPERVISOR};
use loket::domain::audit::{AuditAction, ChainRow, GENESIS};
use loket::domain::settings::OfficeSettings;
use loket::domain::types::Role;
use loket::store::{Actor, AuditFilter, BreakKind, Store, StoreError};
use rusqlite::Connection;
use std::sync::Barrier;

fn wib(hhmm: &str) -> chrono::DateTime<chrono::Utc> {
    at(&format!("{DAY}T{hhmm}:00+07:00"))
}

/// A day with a bit of everything: an import, check-ins, a call, a transfer, a setting.
fn busy_office() -> Office {
    let mut o = Office::new();
    let a = o.book(booking("MPAUD001", DAY, "09:00"));
    let b = o.book(booking("MPAUD002", DAY, "09:00"));
    let officer = o.officer.clone();
    let supervisor = o.supervisor.clone();
    o.store.check_in(&officer, &a, None, wib("08:30")).unwrap();
    o.store.check_in(&officer, &b, None, wib("08:31")).unwrap();
    o.store.call(&officer, &a, 2, wib("08:40")).unwrap();
    o.store.transfer(&officer, &a, 4, wib("08:50")).unwrap();
    o.store.set_setting(&supervisor, "slot_quota", "25", wib("08:55")).unwrap();
    o
}

/// What an insider with the sqlite3 shell could do: drop the triggers that guard the log.
fn drop_guards(conn: &Connection) {
    conn.execute_batch("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;").unwrap();
}

fn raw(o: &Office) -> Connection {
    Connection::open(&o.path).unwrap()
}

fn broken(store: &Store) -> loket::store::ChainBreak {
    store.verify_audit().unwrap().first_break().cloned().expect("the chain should be broken")
}

#[test]
fn every_change_is_one_chained_row_and_the_chain_verifies() {
    let o = busy_office();
    let report = o.store.verify_audit().unwrap();
    assert!(report.first_break().is_none(), "{report}");
    assert_eq!(report.chains.len(), 1);
    let chain = &report.chains[0];
    assert!(chain.office);
    let rows = o.audit_rows();
    assert_eq!(chain.rows as i64, rows);
    // seq counts 1..n, each row names the hash of the one before it, the head is the last row's hash.
    let conn = raw(&o);
    let mut stmt = conn.prepare("SELECT seq, prev_hash, hash FROM audit_log ORDER BY seq").unwrap();
    let links: Vec<(i64, String, String)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect();
    assert_eq!(links.iter().map(|l| l.0).collect::<Vec<_>>(), (1..=rows).collect::<Vec<_>>());
    assert_eq!(links[0].1, GENESIS);
    for pair in links.windows(2) {
        assert_eq!(pair[1].1, pair[0].2);
    }
    assert_eq!(chain.head.as_deref(), Some(links.last().unwrap().2.as_str()));
    assert_eq!(o.store.chain_head(None).unwrap(), chain.head);
    // The setting change is in the chain.
    let setting = o.store.audit(&AuditFilter::default()).unwrap().into_iter().find(|e| e.action == "setting").unwrap();
    assert_eq!(setting.detail.as_deref(), Some("slot_quota: 30 -> 25"));
}

#[test]
fn the_counter_is_a_column_of_its_own() {
    let o = busy_office();
    let trail = o.trail("MPAUD001");
    let by_action = |a: &str| trail.iter().find(|e| e.action == a).unwrap();
    assert_eq!(by_action("check_in").counter, None);
    assert_eq!((by_action("call").counter, by_action("call").detail.as_deref()), (Some(2), None));
    assert_eq!(by_action("transfer").counter, Some(4));
    let calls = o.store.recent_calls(date(DAY), 5).unwrap();
    assert_eq!(calls.iter().map(|c| c.counter).collect::<Vec<_>>(), [4, 2], "the board reads the column");
}

#[test]
fn the_log_is_append_only_and_knows_its_actions() {
    let o = busy_office();
    let conn = raw(&o);
    let before = o.audit_rows();
    let err = conn.execute("UPDATE audit_log SET detail = 'x' WHERE seq = 3", []).unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    let err = conn.execute("DELETE FROM audit_log WHERE seq = 3", []).unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    let err = conn
        .execute(
            "INSERT INTO audit_log (id, node_id, seq, at, real_at, officer, action, prev_hash, hash)
             VALUES ('x', 'n', 1, 't', 't', 'o', 'counter 3', ?1, ?1)",
            [GENESIS],
        )
        .unwrap_err();
    assert!(err.to_string().contains("unknown audit action"), "{err}");
    assert_eq!(o.audit_rows(), before);
    // The trigger lists exactly the actions loket knows.
    let sql: String = conn
        .query_row("SELECT sql FROM sqlite_master WHERE name = 'audit_log_action_known'", [], |r| r.get(0))
        .unwrap();
    let list = &sql[sql.find("NOT IN (").unwrap()..];
    let list = &list[..list.find(')').unwrap()];
    let listed: Vec<&str> = list.split('\'').skip(1).step_by(2).collect();
    let known: Vec<&str> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
    assert_eq!(listed, known);
}

#[test]
fn verify_names_an_edited_row() {
    let o = busy_office();
    let conn = raw(&o);
    drop_guards(&conn);
    conn.execute("UPDATE audit_log SET officer = 'mallory' WHERE seq = 4", []).unwrap();
    let b = broken(&o.store);
    assert_eq!((b.seq, &b.kind), (4, &BreakKind::Edited));
    assert!(b.to_string().contains("row 4") && b.to_string().contains("edited"), "{b}");
    assert!(o.store.verify_audit().unwrap().require_intact().is_err());
}

#[test]
fn verify_names_a_deleted_row() {
    let o = busy_office();
    let conn = raw(&o);
    drop_guards(&conn);
    conn.execute("DELETE FROM audit_log WHERE seq IN (5, 6)", []).unwrap();
    let b = broken(&o.store);
    assert_eq!((b.seq, &b.kind), (7, &BreakKind::Missing { from_seq: 5, to_seq: 6 }));
    assert!(b.to_string().contains("rows 5 to 6 were deleted"), "{b}");
}

/// The forger knows the hashing: the forged row hashes right, but the row after it was chained to the original.
#[test]
fn verify_names_the_row_after_a_replaced_one() {
    let o = busy_office();
    let conn = raw(&o);
    drop_guards(&conn);
    let (node, prev, id, real_at): (String, String, String, String) = conn
        .query_row("SELECT node_id, prev_hash, id, real_at FROM audit_log WHERE seq = 5", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .unwrap();
    conn.execute("DELETE FROM audit_log WHERE seq = 5", []).unwrap();
    let forged = ChainRow {
        node_id: &node,
        seq: 5,
        id: &id,
        at: &real_at,
        real_at: &real_at,
        pinned_at: None,
        officer: "kepala",
        action: "check_in",
        application_id: None,
        counter_no: None,
        from_status: None,
        to_status: None,
        detail: Some("nothing happened here"),
        prev_hash: &prev,
    };
    conn.execute(
        "INSERT INTO audit_log (id, node_id, seq, at, real_at, officer, action, detail, prev_hash, hash)
         VALUES (?1, ?2, 5, ?3, ?3, 'kepala', 'check_in', 'nothing happened here', ?4, ?5)",
        (&id, &node, &real_at, &prev, forged.hash()),
    )
    .unwrap();
    let b = broken(&o.store);
    assert_eq!((b.seq, &b.kind), (6, &BreakKind::NotChained));
    assert!(b.to_string().contains("inserted or replaced before row 6"), "{b}");
}

#[test]
fn a_row_appended_outside_loket_is_named() {
    let o = busy_office();
    let conn = raw(&o);
    let (node, last): (String, i64) =
        conn.query_row("SELECT node_id, MAX(seq) FROM audit_log", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    let hash = "ab".repeat(32);
    conn.execute(
        "INSERT INTO audit_log (id, node_id, seq, at, real_at, officer, action, prev_hash, hash)
         VALUES ('forged', ?1, ?2, '2026-11-25T01:00:00Z', '2026-11-25T01:00:00Z', 'kepala', 'approve', ?3, ?3)",
        (&node, last + 1, &hash),
    )
    .unwrap();
    let b = broken(&o.store);
    assert_eq!((b.seq, b.id.as_str(), &b.kind), (last + 1, "forged", &BreakKind::Edited));
}

#[test]
fn two_workstations_appending_at_once_keep_one_chain() {
    let o = Office::new();
    let stores: Vec<Store> = (0..4).map(|_| o.open_another()).collect();
    let barrier = Barrier::new(stores.len());
    let sup = o.supervisor.clone();
    std::thread::scope(|s| {
        for (i, mut store) in stores.into_iter().enumerate() {
            let (barrier, sup) = (&barrier, &sup);
            s.spawn(move || {
                barrier.wait();
                for n in 0..10 {
                    let value = format!("{}", 20 + i * 10 + n);
                    store.set_setting(sup, "wait_alert_minutes", &value, wib("08:00")).unwrap();
                }
            });
        }
    });
    let report = o.store.verify_audit().unwrap();
    assert!(report.first_break().is_none(), "{report}");
    assert_eq!(report.chains[0].rows as i64, o.audit_rows());
    let settings: i64 =
        raw(&o).query_row("SELECT COUNT(*) FROM audit_log WHERE action = 'setting'", [], |r| r.get(0)).unwrap();
    assert_eq!(settings, 40);
}

/// Laptops' chains live beside the office's (rows merged from outreach); each is verified on its own, and a
/// break in one names that chain.
#[test]
fn each_node_keeps_its_own_chain() {
    let o = busy_office();
    let conn = raw(&o);
    let mut prev = GENESIS.to_string();
    for seq in 1..=3 {
        let id = format!("laptop-row-{seq}");
        let row = ChainRow {
            node_id: "laptop-7",
            seq,
            id: &id,
            at: "2026-11-20T03:00:00Z",
            real_at: "2026-11-20T03:00:00Z",
            pinned_at: None,
            officer: "petugas",
            action: "walk_in",
            application_id: None,
            counter_no: None,
            from_status: None,
            to_status: Some("booked"),
            detail: None,
            prev_hash: &prev,
        };
        let hash = row.hash();
        conn.execute(
            "INSERT INTO audit_log (id, node_id, seq, at, real_at, officer, action, to_status, prev_hash, hash)
             VALUES (?1, 'laptop-7', ?2, ?3, ?3, 'petugas', 'walk_in', 'booked', ?4, ?5)",
            (&id, seq, row.at, &prev, &hash),
        )
        .unwrap();
        prev = hash;
    }
    let report = o.store.verify_audit().unwrap();
    assert!(report.first_break().is_none(), "{report}");
    assert_eq!(report.chains.len(), 2);
    let laptop = report.chains.iter().find(|c| !c.office).unwrap();
    assert_eq!((laptop.node_id.as_str(), laptop.rows), ("laptop-7", 3));
    // The office keeps appending to its own chain.
    let office_rows = report.chains.iter().find(|c| c.office).unwrap().rows;
    let mut o = o;
    let sup = o.supervisor.clone();
    o.store.set_setting(&sup, "slot_quota", "20", wib("09:00")).unwrap();
    let report = o.store.verify_audit().unwrap();
    assert_eq!(report.chains.iter().find(|c| c.office).unwrap().rows, office_rows + 1);
    drop_guards(&conn);
    conn.execute("UPDATE audit_log SET detail = 'x' WHERE node_id = 'laptop-7' AND seq = 2", []).unwrap();
    let b = broken(&o.store);
    assert_eq!((b.node_id.as_str(), b.seq), ("laptop-7", 2));
}

#[test]
fn the_filter_is_bounded_by_an_index() {
    let o = busy_office();
    let uses_index = |f: AuditFilter, index: &str| {
        let plan = o.store.audit_query_plan(&f).unwrap().join(" | ");
        assert!(plan.contains(index), "{index}: {plan}");
        assert!(!plan.contains("SCAN l"), "scans the whole log: {plan}");
    };
    uses_index(AuditFilter { officer: Some(OFFICER.into()), ..Default::default() }, "audit_officer");
    uses_index(AuditFilter { booking_code: Some("MPAUD001".into()), ..Default::default() }, "audit_application");
    uses_index(
        AuditFilter { between: Some(("2026-11-25".into(), "2026-11-26".into())), ..Default::default() },
        "audit_at",
    );
    let mine = o.store.audit(&AuditFilter { officer: Some(OFFICER.into()), ..Default::default() }).unwrap();
    assert!(!mine.is_empty() && mine.iter().all(|e| e.officer == OFFICER));
    let between = o
        .store
        .audit(&AuditFilter {
            officer: Some(OFFICER.into()),
            between: Some(("2026-11-25T01:35:00Z".into(), "2026-11-25T01:45:00Z".into())),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(between.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), ["call"]);
}

// ---- a version-1 database ------------------------------------------------------------------------------------

const V1: &str = include_str!("../migrations/0001_initial.sql");

#[test]
fn a_version_1_database_is_typed_and_chained_on_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(V1).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        for (k, v) in OfficeSettings::default().pairs() {
            conn.execute("INSERT INTO settings (key, value) VALUES (?1, ?2)", (k, v)).unwrap();
        }
        let rows = [
            ("01", "2026-11-25T01:00:00Z", "add_officer", None),
            ("02", "2026-11-25T01:10:00Z", "call", Some("counter 3")),
            ("03", "2026-11-25T01:20:00Z", "transfer", Some("counter 12 (from counter 3)")),
            ("04", "2026-11-25T01:30:00Z", "absent", Some("absent at counter 12")),
            ("05", "2026-11-25T01:05:00Z", "something_old", Some("kept")),
            ("06", "2026-11-25T01:40:00Z", "demo", Some("demo: 10 applications")),
        ];
        for (id, at, action, detail) in rows {
            conn.execute(
                "INSERT INTO audit_log (id, at, officer, action, detail) VALUES (?1, ?2, 'admin', ?3, ?4)",
                (id, at, action, detail),
            )
            .unwrap();
        }
    }
    let store = Store::open(&path).unwrap();
    let report = store.verify_audit().unwrap();
    assert!(report.first_break().is_none(), "{report}");
    assert_eq!(report.chains[0].rows, 6);
    assert!(store.is_demo().unwrap(), "a version-1 demo database still lists its accounts");
    let rows = store.audit(&AuditFilter::default()).unwrap();
    let seen: Vec<(i64, &str, Option<u32>, Option<&str>)> =
        rows.iter().map(|e| (e.seq, e.action.as_str(), e.counter, e.detail.as_deref())).collect();
    assert_eq!(
        seen,
        [
            (1, "add_officer", None, None),
            (2, "legacy", None, Some("something_old: kept")),
            (3, "call", Some(3), Some("counter 3")),
            (4, "transfer", Some(12), Some("counter 12 (from counter 3)")),
            (5, "absent", Some(12), Some("absent at counter 12")),
            (6, "demo", None, Some("demo: 10 applications")),
        ]
    );
    assert!(rows.iter().all(|e| !e.pinned && e.real_at == e.at));
    let v: i64 = rusqlite::Connection::open(store.path())
        .expect("a connection of the test's own")
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, loket::store::CURRENT_VERSION);
    let old: i64 = rusqlite::Connection::open(store.path())
        .expect("a connection of the test's own")
        .query_row("SELECT COUNT(*) FROM sqlite_master WHERE name = 'audit_log_v1'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(old, 0);
}

// ---- the clock -----------------------------------------------------------------------------------------------

#[test]
fn an_officer_cannot_write_under_a_pinned_clock_on_an_office_database() {
    let mut o = Office::new();
    let code = o.book(booking("MPAUD101", DAY, "09:00"));
    let officer = o.officer.clone();
    let rows = o.audit_rows();
    o.store.pin_clock(true);
    let err = o.store.check_in(&officer, &code, None, wib("08:30")).unwrap_err();
    assert!(matches!(err, StoreError::PinnedClock), "{err:?}");
    assert_eq!(err.to_string().lines().count(), 1);
    assert_eq!(o.status(&code), loket::domain::lifecycle::Status::Booked, "nothing half-written");
    assert_eq!(o.audit_rows(), rows);
    // A supervisor may: the row carries the pinned instant and the real one.
    let sup = o.supervisor.clone();
    let before = chrono::Utc::now() - chrono::Duration::seconds(1);
    o.store.check_in(&sup, &code, None, wib("08:30")).unwrap();
    let row = o.trail(&code).pop().unwrap();
    assert!(row.pinned);
    assert_eq!(row.at, "2026-11-25T01:30:00Z");
    let real = chrono::DateTime::parse_from_rfc3339(&row.real_at).unwrap();
    assert!(real >= before, "{} is the real time", row.real_at);
    // Unpinned rows are not marked.
    o.store.pin_clock(false);
    o.store.call(&officer, &code, 1, wib("08:40")).unwrap();
    let row = o.trail(&code).pop().unwrap();
    assert!(!row.pinned && row.real_at == row.at);
    assert!(o.store.verify_audit().unwrap().first_break().is_none());
}

#[test]
fn a_training_database_lets_everyone_pin_the_clock() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    loket::demo::build(
        &path,
        &loket::demo::DemoOptions { date: date(DAY), days: 1, per_day: 10, seed: 7 },
        wib("10:00"),
        &mut |_, _| {},
    )
    .unwrap();
    let mut store = Store::open(&path).unwrap();
    assert!(store.is_training().unwrap() && store.is_demo().unwrap());
    store.pin_clock(true);
    let officer = store.authenticate("petugas", "demo").unwrap();
    store.set_password(&officer, "petugas", "demo", wib("10:05")).unwrap();
    assert!(store.verify_audit().unwrap().first_break().is_none());
    // The demo's made-up history is marked as written under a pinned clock.
    let rows = store.audit(&AuditFilter::default()).unwrap();
    let made_up: Vec<_> = rows.iter().filter(|e| e.action != "add_officer" && e.action != "set_password").collect();
    assert!(!made_up.is_empty() && made_up.iter().all(|e| e.pinned), "every made-up row is marked");
    // An office database is not a training one; the demo's flag is a setting, not a search of the log.
    let o = Office::new();
    assert!(!o.store.is_training().unwrap() && !o.store.is_demo().unwrap());
    rusqlite::Connection::open(store.path())
        .expect("a connection of the test's own")
        .execute("UPDATE settings SET value = '1' WHERE key = 'training'", [])
        .unwrap();
    assert!(store.is_training().unwrap() && !store.is_demo().unwrap(), "init --training lists no demo accounts");
}

// ---- refused attempts ----------------------------------------------------------------------------------------

#[test]
fn a_refused_late_check_in_is_audited() {
    let mut o = Office::new();
    let code = o.book(booking("MPAUD201", DAY, "09:00"));
    let officer = o.officer.clone();
    let err = o.store.check_in(&officer, &code, None, wib("08:50")).unwrap_err();
    assert!(matches!(err, StoreError::CheckIn(_)), "{err:?}");
    let last = o.trail(&code).pop().unwrap();
    assert_eq!((last.action.as_str(), last.officer.as_str()), ("refused_check_in", OFFICER));
    assert!(last.detail.unwrap().contains("too late"));
    assert_eq!(o.status(&code), loket::domain::lifecycle::Status::Booked);
    // Other refusals (not paid, wrong day) are not worth a row.
    let other = o.book(booking("MPAUD202", "2026-11-26", "09:00"));
    let rows_after_book = o.audit_rows();
    assert!(o.store.check_in(&officer, &other, None, wib("08:30")).is_err());
    assert_eq!(o.audit_rows(), rows_after_book);
}

#[test]
fn a_broken_chain_stops_the_day_close() {
    let mut o = busy_office();
    let conn = raw(&o);
    drop_guards(&conn);
    conn.execute("UPDATE audit_log SET detail = 'A-009' WHERE seq = 5", []).unwrap();
    let sup = o.supervisor.clone();
    let err = o.store.close_day(&sup, date(DAY), Some("test"), false, wib("17:00")).unwrap_err();
    assert!(matches!(err, StoreError::ChainBroken(_)), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("not closed") && text.contains("row 5") && !text.contains('\n'), "{text}");
    let closed: i64 = conn.query_row("SELECT COUNT(*) FROM day_closures", [], |r| r.get(0)).unwrap();
    assert_eq!(closed, 0);
}

// ---- accounts ------------------------------------------------------------------------------------------------

#[test]
fn five_failures_in_a_row_lock_an_account_for_five_minutes() {
    let o = Office::new();
    let t0 = at("2026-11-25T08:00:00+07:00");
    for i in 1..=4 {
        let err = o.store.authenticate_at(OFFICER, "salah", t0).unwrap_err();
        assert!(matches!(err, StoreError::BadCredentials), "failure {i}: {err:?}");
    }
    let err = o.store.authenticate_at(OFFICER, "salah", t0).unwrap_err();
    assert!(matches!(err, StoreError::Locked { .. }), "{err:?}");
    // Locked: the right password is refused too, until five minutes have passed.
    let err = o.store.authenticate_at(OFFICER, PASSWORD, t0 + chrono::Duration::minutes(4)).unwrap_err();
    assert!(err.to_string().contains("locked"), "{err}");
    let actor = o.store.authenticate_at(OFFICER, PASSWORD, t0 + chrono::Duration::minutes(5)).unwrap();
    assert_eq!(actor.role, Role::Officer);
    // Failures are audited, the lock too, in the chain.
    let rows = o.store.audit(&AuditFilter { officer: Some(OFFICER.into()), ..Default::default() }).unwrap();
    let count = |a: &str| rows.iter().filter(|e| e.action == a).count();
    // (five wrong passwords, then the right one tried while locked)
    assert_eq!((count("sign_in_failed"), count("account_locked")), (6, 1));
    assert!(o.store.verify_audit().unwrap().first_break().is_none());
    // A success ends the run: four more failures do not lock.
    for _ in 0..4 {
        assert!(matches!(o.store.authenticate_at(OFFICER, "salah", t0).unwrap_err(), StoreError::BadCredentials));
    }
    o.store.authenticate_at(OFFICER, PASSWORD, t0 + chrono::Duration::minutes(6)).unwrap();
}

#[test]
fn the_lockout_follows_the_settings() {
    let mut o = Office::new();
    let sup = o.supervisor.clone();
    o.store.set_setting(&sup, "lockout_failures", "2", wib("07:00")).unwrap();
    o.store.set_setting(&sup, "lockout_minutes", "30", wib("07:00")).unwrap();
    let t0 = wib("08:00");
    assert!(matches!(o.store.authenticate_at(OFFICER, "x", t0).unwrap_err(), StoreError::BadCredentials));
    let err = o.store.authenticate_at(OFFICER, "x", t0).unwrap_err();
    match err {
        StoreError::Locked { until, failures, .. } => {
            assert_eq!((until.as_str(), failures), ("2026-11-25T01:30:00Z", 2))
        }
        other => panic!("{other:?}"),
    }
    assert!(o.store.authenticate_at(OFFICER, PASSWORD, t0 + chrono::Duration::minutes(29)).is_err());
}

#[test]
fn an_unknown_name_costs_one_password_check_like_a_wrong_password() {
    let o = Office::new();
    let t0 = wib("08:00");
    let before = loket::store::password_checks();
    assert!(matches!(o.store.authenticate_at("nobody", "x", t0).unwrap_err(), StoreError::BadCredentials));
    let unknown = loket::store::password_checks() - before;
    let before = loket::store::password_checks();
    assert!(matches!(o.store.authenticate_at(OFFICER, "x", t0).unwrap_err(), StoreError::BadCredentials));
    let wrong = loket::store::password_checks() - before;
    assert_eq!((unknown, wrong), (1, 1));
    // The unknown name is audited too (its own name when it is a valid one, never raw text).
    o.store.authenticate_at("evil\u{1b}[2J", "x", t0).unwrap_err();
    let rows = o.store.audit(&AuditFilter::default()).unwrap();
    let failed: Vec<&str> = rows.iter().filter(|e| e.action == "sign_in_failed").map(|e| e.officer.as_str()).collect();
    assert_eq!(failed, ["nobody", OFFICER, "?"]);
}

#[test]
fn accounts_are_disabled_repassworded_and_reroled_with_a_trace() {
    let mut o = Office::new();
    let sup = o.supervisor.clone();
    let officer = o.officer.clone();
    let t = wib("07:00");
    // Own password: yes; someone else's: supervisors only.
    o.store.set_password(&officer, OFFICER, "baru-123", t).unwrap();
    assert!(o.store.authenticate(OFFICER, "baru-123").is_ok());
    let err = o.store.set_password(&officer, SUPERVISOR, "x-1234", t).unwrap_err();
    assert!(matches!(err, StoreError::NotSupervisor { .. }), "{err:?}");
    o.store.set_password(&sup, OFFICER, PASSWORD, t).unwrap();
    assert!(o.store.authenticate(OFFICER, PASSWORD).is_ok());
    // Roles.
    assert!(matches!(o.store.set_role(&officer, OFFICER, Role::Supervisor, t), Err(StoreError::NotSupervisor { .. })));
    o.store.set_role(&sup, OFFICER, Role::Supervisor, t).unwrap();
    assert_eq!(o.store.authenticate(OFFICER, PASSWORD).unwrap().role, Role::Supervisor);
    o.store.set_role(&sup, OFFICER, Role::Officer, t).unwrap();
    let err = o.store.set_role(&sup, SUPERVISOR, Role::Officer, t).unwrap_err();
    assert!(err.to_string().contains("last active supervisor"), "{err}");
    // Disable.
    assert!(o.store.disable_officer(&sup, SUPERVISOR, t).is_err(), "not oneself");
    assert!(matches!(o.store.disable_officer(&officer, SUPERVISOR, t), Err(StoreError::NotSupervisor { .. })));
    o.store.disable_officer(&sup, OFFICER, t).unwrap();
    assert!(matches!(o.store.authenticate(OFFICER, PASSWORD).unwrap_err(), StoreError::BadCredentials));
    assert!(o.store.officers().unwrap().iter().all(|(n, _)| n != OFFICER));
    // Every change is in the chain, and no password is.
    let rows = o.store.audit(&AuditFilter::default()).unwrap();
    let actions: Vec<(&str, &str)> = rows
        .iter()
        .filter(|e| ["set_password", "set_role", "disable_officer"].contains(&e.action.as_str()))
        .map(|e| (e.action.as_str(), e.detail.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(
        actions,
        [
            ("set_password", "own password"),
            ("set_password", "password of petugas"),
            ("set_role", "petugas: officer -> supervisor"),
            ("set_role", "petugas: supervisor -> officer"),
            ("disable_officer", "petugas (officer)"),
        ]
    );
    assert!(rows.iter().all(|e| !e.detail.as_deref().unwrap_or("").contains("baru-123")));
    assert!(o.store.verify_audit().unwrap().first_break().is_none());
    let _ = Actor::system();
}

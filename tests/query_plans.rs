//! The desk's and the CLI's hot queries stay bounded by the day, the applicant or the range: `EXPLAIN QUERY
//! PLAN` on the very SQL the store prepares (`loket::store::hot_queries`) must not scan a big table
//! (applications, applicants, audit_log). Plans are taken on a real database built by the migrations, without
//! `ANALYZE` statistics, as an office's file is.

use chrono::{DateTime, NaiveDate, Utc};
use loket::demo::{build, DemoOptions};
use loket::store::{hot_queries, Store};
use rusqlite::Connection;

const BIG_TABLES: &[&str] = &["applications", "applicants", "audit_log"];

/// The one scan a hot query may make: a search for a name fragment without a date (`LIKE '%…%'` has no index)
/// reads the applicants' name keys (`q` in the search SQL), never the applications or the audit log.
fn allowed_scan(name: &str, line: &str) -> bool {
    name.starts_with("search") && name.contains("date: false") && name.contains("name: true") && line == "SCAN q"
}

fn demo_db(dir: &tempfile::TempDir) -> Connection {
    let path = dir.path().join("plans.db");
    let date = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let now: DateTime<Utc> = "2026-11-25T03:00:00Z".parse().unwrap();
    build(&path, &DemoOptions { date, days: 3, per_day: 60, seed: 1 }, now, &mut |_, _| {}).unwrap();
    // Through the store, so the migrations have run; then a plain connection for EXPLAIN.
    drop(Store::open(&path).unwrap());
    Connection::open(&path).unwrap()
}

/// The plan's detail lines.
fn plan(conn: &Connection, sql: &str) -> Vec<String> {
    let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap_or_else(|e| panic!("{e}: {sql}"));
    // Unbound parameters are NULL; the plan does not depend on their values.
    let nulls = vec![rusqlite::types::Value::Null; stmt.parameter_count()];
    let rows = stmt.query_map(rusqlite::params_from_iter(nulls), |r| r.get::<_, String>(3)).unwrap();
    rows.map(Result::unwrap).collect()
}

/// Names the big tables go by in `sql`: the table itself and any alias after it (`applications a`).
fn big_table_names(sql: &str) -> Vec<String> {
    let words: Vec<&str> = sql.split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ',').collect();
    let words: Vec<&str> = words.into_iter().filter(|w| !w.is_empty()).collect();
    let mut names = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if BIG_TABLES.contains(w) {
            names.push(w.to_string());
            if let Some(next) = words.get(i + 1) {
                let keyword = ["ON", "WHERE", "JOIN", "SET", "AS", "ORDER", "GROUP", "LEFT", "USING", "VALUES"];
                if !keyword.contains(&next.to_ascii_uppercase().as_str()) && next.chars().all(char::is_alphanumeric) {
                    names.push(next.to_string());
                }
            }
        }
    }
    names
}

/// The partial indexes of the big tables: they hold only a rare status (the live backlog), so reading one
/// whole is bounded by that status, not by history.
fn partial_indexes(conn: &Connection) -> Vec<String> {
    let mut out = Vec::new();
    for table in BIG_TABLES {
        let mut stmt = conn.prepare("SELECT name FROM pragma_index_list(?1) WHERE partial = 1").unwrap();
        out.extend(stmt.query_map([table], |r| r.get::<_, String>(0)).unwrap().map(Result::unwrap));
    }
    out
}

/// The plan lines that read a big table whole ("SCAN applications", "SCAN a USING INDEX …"), except through a
/// partial index.
fn big_scans(conn: &Connection, sql: &str, plan: &[String]) -> Vec<String> {
    let names = big_table_names(sql);
    let partial = partial_indexes(conn);
    plan.iter()
        .filter(|line| {
            let w: Vec<&str> = line.split_whitespace().collect();
            let scans_big = w.first() == Some(&"SCAN") && w.get(1).is_some_and(|t| names.iter().any(|n| n == t));
            let through_partial = w.last().is_some_and(|idx| w.contains(&"INDEX") && partial.iter().any(|p| p == idx));
            scans_big && !through_partial
        })
        .cloned()
        .collect()
}

/// Range indexes on the passports' instants (as the report adds): tempting for "ready before …" queries, where
/// they would walk every passport ever made ready. The hot paths must keep their plans with these around.
const RANGE_INDEXES: &str = "
    CREATE INDEX IF NOT EXISTS test_ready_at ON applications (ready_at) WHERE ready_at IS NOT NULL;
    CREATE INDEX IF NOT EXISTS test_handed_over_at ON applications (handed_over_at) WHERE handed_over_at IS NOT NULL;
    CREATE INDEX IF NOT EXISTS test_cancelled_at ON applications (cancelled_at) WHERE cancelled_at IS NOT NULL;";

#[test]
fn hot_queries_do_not_scan_big_tables() {
    let dir = tempfile::tempdir().unwrap();
    let conn = demo_db(&dir);
    no_big_scans(&conn);
    conn.execute_batch(RANGE_INDEXES).unwrap();
    no_big_scans(&conn);
    conn.execute_batch("ANALYZE").unwrap();
    no_big_scans(&conn);
}

fn no_big_scans(conn: &Connection) {
    let queries = hot_queries();
    assert!(queries.len() >= 25, "the list lost queries: {}", queries.len());
    let mut failures = Vec::new();
    for (name, sql) in &queries {
        let p = plan(conn, sql);
        let scans: Vec<String> = big_scans(conn, sql, &p).into_iter().filter(|l| !allowed_scan(name, l)).collect();
        if !scans.is_empty() {
            failures.push(format!("{name}:\n  {}\n  plan: {p:?}", scans.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "hot queries scanning a big table:\n{}", failures.join("\n"));
}

/// The check itself can fail: an unindexed filter is caught, under an alias too.
#[test]
fn a_scan_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let conn = demo_db(&dir);
    for sql in [
        "SELECT id FROM applications WHERE fee_idr > 0",
        "SELECT a.id FROM applications a JOIN applicants p ON p.id = a.applicant_id WHERE p.phone = ?1",
        "SELECT l.id FROM audit_log l WHERE l.detail = ?1",
        // A partial index that does not bound the query is still a scan of the table.
        "SELECT id FROM applications WHERE status = 'booked' ORDER BY ready_date",
        // The shape issue 11 found in the old queries: an optional filter written as (?1 IS NULL OR …).
        "SELECT l.id FROM audit_log l LEFT JOIN applications a ON a.id = l.application_id
         WHERE (?1 IS NULL OR a.booking_code = ?1)",
    ] {
        assert!(!big_scans(&conn, sql, &plan(&conn, sql)).is_empty(), "not caught: {sql}");
    }
}

/// The indexes that make the hot paths bounded are the ones meant, not an accident of the planner.
#[test]
fn hot_paths_use_their_indexes() {
    let dir = tempfile::tempdir().unwrap();
    let conn = demo_db(&dir);
    use_their_indexes(&conn);
    conn.execute_batch(RANGE_INDEXES).unwrap();
    use_their_indexes(&conn);
    conn.execute_batch("ANALYZE").unwrap();
    use_their_indexes(&conn);
}

fn use_their_indexes(conn: &Connection) {
    let queries = hot_queries();
    let sql = |name: &str| {
        queries.iter().find(|(n, _)| n == name).map(|(_, s)| s.clone()).unwrap_or_else(|| panic!("no {name}"))
    };
    let uses = |name: &str, index: &str| {
        let p = plan(conn, &sql(name));
        assert!(p.iter().any(|l| l.contains(index)), "{name} does not use {index}: {p:#?}");
    };
    uses("application by code", "sqlite_autoindex_applications_2");
    uses("day queue", "applications_day_queue");
    uses("call next: pick", "applications_day_queue");
    uses("passports due: approved page", "applications_due_approved");
    uses("passports due: ready page", "applications_due_ready");
    uses("walk-in: last code", "sqlite_autoindex_applications_2");
    uses("walk-in: last billing code", "applications_billing");
    uses("open counter sessions", "counter_sessions_open_now");
    uses("close: uncollected", "applications_ready_backlog");
    uses("passports due: count", "applications_due_approved");
    uses("passports due: count", "applications_due_ready");
    // The due pages come out of the index in order: no sort of the backlog.
    for name in ["passports due: approved page", "passports due: ready page"] {
        let p = plan(conn, &sql(name));
        assert!(!p.iter().any(|l| l.contains("TEMP B-TREE")), "{name} sorts: {p:#?}");
    }
}

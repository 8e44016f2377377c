//! The report's faster reads give the same figures as the plain ones (issue 11). On a demo history (every state
//! change with its audit row): the previous period read from its applications alone equals the headline figures
//! of the whole report of that range; the report read through the covering index `audit_desk_events` equals the
//! report read from the audit rows themselves; and the backlog read through three indexes equals its definition
//! evaluated on every application.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use loket::report;
use loket::store::Store;
use std::path::{Path, PathBuf};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// 60 days of 40 applicants a day, built at 16:30 on 2026-11-25 (the day is over).
fn history(dir: &Path) -> PathBuf {
    let path = dir.join("history.db");
    let opts = loket::demo::DemoOptions { date: date("2026-11-25"), days: 60, per_day: 40, seed: 7 };
    loket::demo::build(&path, &opts, now(), &mut |_, _| {}).unwrap();
    path
}

fn now() -> DateTime<Utc> {
    at("2026-11-25T16:30:00+07:00")
}

/// Ranges to check: today, a past day, a week, a month ending today and a month in the past.
const RANGES: [(&str, &str); 5] = [
    ("2026-11-25", "2026-11-25"),
    ("2026-10-14", "2026-10-14"),
    ("2026-11-19", "2026-11-25"),
    ("2026-10-27", "2026-11-25"),
    ("2026-10-01", "2026-10-30"),
];

#[test]
fn previous_period_equals_the_whole_report_of_that_range() {
    let dir = tempfile::tempdir().unwrap();
    let path = history(dir.path());
    // What the demo history lacks in the previous periods: walk-ins, a booking withdrawn before arriving, and an
    // application served without desk events (its columns only, as demo history used to be written).
    let conn = rusqlite::Connection::open(&path).unwrap();
    let pick = |sql: &str| -> String { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    for _ in 0..2 {
        let code = pick(
            "SELECT booking_code FROM applications WHERE slot_date BETWEEN '2026-10-01' AND '2026-10-26'
               AND source <> 'walk_in' ORDER BY booking_code LIMIT 1",
        );
        conn.execute("UPDATE applications SET source = 'walk_in' WHERE booking_code = ?1", [&code]).unwrap();
    }
    let no_shows = "SELECT booking_code FROM applications WHERE slot_date BETWEEN '2026-10-01' AND '2026-10-26'
           AND cancel_reason = 'tidak_hadir' AND source <> 'walk_in' ORDER BY booking_code LIMIT 1";
    let code = pick(no_shows);
    conn.execute("UPDATE applications SET cancel_reason = 'dibatalkan' WHERE booking_code = ?1", [&code]).unwrap();
    let code = pick(no_shows);
    conn.execute(
        "UPDATE applications SET cancel_reason = NULL, cancelled_at = NULL, status = 'approved', queue_no = 'A-999',
                checked_in_at = '2026-10-05T01:00:00Z', called_at = '2026-10-05T01:20:00Z',
                decided_at = '2026-10-05T01:40:00Z' WHERE booking_code = ?1",
        [&code],
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    let mut compared = 0;
    let mut kinds = [0; 3];
    for (from, to) in RANGES {
        let (from, to) = (date(from), date(to));
        let r = report::build(&store, from, to, "supervisor", now()).unwrap();
        let days = (to - from).num_days() + 1;
        if days == 1 {
            assert_eq!(r.previous, None);
            continue;
        }
        let prev_to = from - Duration::days(1);
        let prev_from = prev_to - Duration::days(days - 1);
        let whole = report::build(&store, prev_from, prev_to, "supervisor", now()).unwrap();
        let previous = r.previous.expect("a range of several days has a previous period");
        assert_eq!(previous, whole.period, "{prev_from}..{prev_to}");
        assert!(previous.booked > 0 && previous.served > 0, "the previous period has data: {previous:?}");
        for (sum, n) in kinds.iter_mut().zip([previous.walk_ins, previous.no_show, previous.rejected]) {
            *sum += n;
        }
        compared += 1;
    }
    assert_eq!(compared, 3);
    // Every kind of application the headline figures count apart was compared.
    assert!(kinds.iter().all(|n| *n > 0), "walk-ins, no-shows, rejections: {kinds:?}");
}

#[test]
fn report_through_the_covering_index_equals_report_from_the_audit_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = history(dir.path());
    let store = Store::open(&path).unwrap();
    let fast: Vec<_> =
        RANGES.iter().map(|(f, t)| report::build(&store, date(f), date(t), "supervisor", now()).unwrap()).collect();
    drop(store);
    // Without the index SQLite reads each application's audit rows through `audit_application`.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("DROP INDEX audit_desk_events").unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    let plans = store.report_query_plans(date("2026-11-25"), date("2026-11-25")).unwrap();
    let desk = &plans.iter().find(|(n, _)| n == "desk_events").unwrap().1;
    assert!(desk.iter().all(|s| !s.contains("audit_desk_events")), "the index is gone: {desk:?}");
    for ((f, t), fast) in RANGES.iter().zip(fast) {
        let plain = report::build(&store, date(f), date(t), "supervisor", now()).unwrap();
        assert!(plain.decisions.served > 0 || plain.totals.counts.booked == 0, "{f}..{t} has decisions");
        assert_eq!(fast, plain, "{f}..{t}");
    }
}

/// The backlog at `end` by its definition, on every application (NOT INDEXED: a full scan): made ready before
/// `end`, not handed over or dispatched before `end`, not cancelled before `end`.
fn backlog_by_definition(conn: &rusqlite::Connection, end: &str) -> Vec<DateTime<Utc>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT ready_at FROM applications NOT INDEXED
              WHERE ready_at < ?1
                AND (handed_over_at IS NULL OR handed_over_at >= ?1)
                AND (cancelled_at IS NULL OR cancelled_at >= ?1)
              ORDER BY ready_at",
        )
        .unwrap();
    stmt.query_map([end], |r| r.get::<_, String>(0)).unwrap().map(|r| at(&r.unwrap())).collect()
}

#[test]
fn backlog_equals_its_definition_on_every_application() {
    let dir = tempfile::tempdir().unwrap();
    let path = history(dir.path());
    let store = Store::open(&path).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mut nonempty = 0;
    for day in ["2026-11-25", "2026-11-20", "2026-10-30", "2026-10-01", "2026-09-28"] {
        let (_, end) = store.range_bounds_utc(date(day), date(day)).unwrap();
        let got = store.report_uncollected(&end).unwrap();
        let want = backlog_by_definition(&conn, &end);
        assert_eq!(got, want, "backlog at the end of {day}");
        if !want.is_empty() {
            nonempty += 1;
        }
    }
    assert!(nonempty >= 3, "the history has a backlog on most of these days");
}

/// The backlog of a past day read within the shelf window (`SHELF_WINDOW_DAYS` after the day) plus the long shelf
/// times equals its definition, at the window's edges too: passports handed over or cancelled as uncollected
/// just before, at and long after the end of the window.
#[test]
fn backlog_of_a_day_long_past_equals_its_definition_at_the_window_edges() {
    let dir = tempfile::tempdir().unwrap();
    let path = history(dir.path());
    let store = Store::open(&path).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let stamp = |t: DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let window = Duration::days(loket::store::SHELF_WINDOW_DAYS);
    // Passports handed over in the history, oldest first: each gets a shelf time around the window of a day.
    let mut stmt = conn
        .prepare("SELECT booking_code, ready_at FROM applications WHERE handed_over_at IS NOT NULL ORDER BY ready_at")
        .unwrap();
    let handed: Vec<(String, String)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(|r| r.unwrap()).collect();
    assert!(handed.len() > 100, "the history has hand-overs");
    let day = date("2026-10-01");
    let (_, end) = store.range_bounds_utc(day, day).unwrap();
    let end_at = at(&end);
    let before_end: Vec<&(String, String)> = handed.iter().filter(|(_, r)| *r < end).collect();
    assert!(before_end.len() > 8, "passports made ready before {day}");
    let set_handed = |code: &str, when: DateTime<Utc>| {
        conn.execute("UPDATE applications SET handed_over_at = ?2 WHERE booking_code = ?1", (code, stamp(when)))
            .unwrap();
    };
    let set_cancelled = |code: &str, when: DateTime<Utc>| {
        conn.execute(
            "UPDATE applications SET handed_over_at = NULL, status = 'cancelled', cancel_reason = 'tidak_diambil',
                    cancelled_at = ?2 WHERE booking_code = ?1",
            (code, stamp(when)),
        )
        .unwrap();
    };
    // Left the shelf one second before the window ends, exactly at its end, and long after it.
    set_handed(&before_end[0].0, end_at + window - Duration::seconds(1));
    set_handed(&before_end[1].0, end_at + window);
    set_handed(&before_end[2].0, end_at + window + Duration::days(40));
    set_cancelled(&before_end[3].0, end_at + window - Duration::seconds(1));
    set_cancelled(&before_end[4].0, end_at + window);
    set_cancelled(&before_end[5].0, end_at + window + Duration::days(3));
    // Left exactly at the end of the day (not in its backlog) and one second before it (not either).
    set_handed(&before_end[6].0, end_at);
    set_cancelled(&before_end[7].0, end_at - Duration::seconds(1));
    for day in ["2026-10-01", "2026-09-29", "2026-10-02", "2026-11-10", "2026-11-25"] {
        let (_, end) = store.range_bounds_utc(date(day), date(day)).unwrap();
        let got = store.report_uncollected(&end).unwrap();
        assert_eq!(got, backlog_by_definition(&conn, &end), "backlog at the end of {day}");
    }
    let (_, end) = store.range_bounds_utc(day, day).unwrap();
    // The six passports still on the shelf at the end of the day are in its backlog, the other two are not.
    let backlog = store.report_uncollected(&end).unwrap();
    for (code, ready) in &before_end[..6] {
        assert!(backlog.contains(&at(ready)), "{code} made ready {ready} is in the backlog of {day}");
    }
    // Each part bounded by its index: the long shelf times are few.
    let long: u32 = conn
        .query_row(
            "SELECT COUNT(*) FROM applications INDEXED BY applications_long_shelf
              WHERE coalesce(handed_over_at, cancelled_at) > strftime('%Y-%m-%dT%H:%M:%SZ', ready_at, '+45 days')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!((3..=6).contains(&long), "{long} long shelf times");
}

/// The report's chain head read through `audit_chain_hours` equals the chain walked back from its head, at the end
/// of every day of a history whose audit instants are not in sequence order (the demo writes each applicant's day
/// in turn), at instants within an hour and off the hour, before the first row; with the hours kept by the trigger
/// as the rows were written, and with them rebuilt by the migration's backfill.
#[test]
fn chain_head_through_the_hours_equals_the_chain_walked_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = history(dir.path());
    let store = Store::open(&path).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let out_of_order: u32 = conn
        .query_row(
            "SELECT count(*) FROM audit_log a JOIN audit_log b ON b.node_id = a.node_id AND b.seq = a.seq + 1
              WHERE b.at < a.at",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(out_of_order > 100, "the history's instants are not in sequence order ({out_of_order})");
    let compare = |store: &Store| {
        let mut ends: Vec<String> = Vec::new();
        for day in date("2026-09-20").iter_days().take_while(|d| *d <= date("2026-11-27")) {
            ends.push(store.range_bounds_utc(day, day).unwrap().1);
        }
        // Within a working day, on and off the hour.
        for t in [
            "2020-01-01T00:00:00Z",
            "2026-11-24T03:00:00Z",
            "2026-11-24T03:00:01Z",
            "2026-11-24T02:59:59Z",
            "2026-10-07T05:30:00Z",
        ] {
            ends.push(t.to_string());
        }
        let mut heads = std::collections::BTreeSet::new();
        for end in &ends {
            let want = store.chain_head(Some(end)).unwrap();
            assert_eq!(store.report_chain_head(end).unwrap(), want, "chain head at {end}");
            heads.insert(want);
        }
        assert!(heads.len() >= 10, "the ends have different heads: {}", heads.len());
        assert!(heads.contains(&None), "an end before the first row");
    };
    compare(&store);
    // The migration's backfill gives the same hours as the trigger did.
    let kept: Vec<(String, String, i64)> = {
        let mut stmt = conn.prepare("SELECT node_id, hour, last_seq FROM audit_chain_hours ORDER BY 1, 2").unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(|r| r.unwrap()).collect()
    };
    let migration = include_str!("../migrations/0012_report_long_past.sql");
    let start = migration.find("INSERT INTO audit_chain_hours").unwrap();
    let backfill = &migration[start..start + migration[start..].find(';').unwrap() + 1];
    conn.execute_batch(&format!("DELETE FROM audit_chain_hours; {backfill}")).unwrap();
    let rebuilt: Vec<(String, String, i64)> = {
        let mut stmt = conn.prepare("SELECT node_id, hour, last_seq FROM audit_chain_hours ORDER BY 1, 2").unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(|r| r.unwrap()).collect()
    };
    assert!(kept.len() > 100, "{} hours", kept.len());
    assert_eq!(kept, rebuilt);
    compare(&store);
}

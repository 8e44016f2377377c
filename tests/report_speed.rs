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
    let store = Store::open(&history(dir.path())).unwrap();
    let mut compared = 0;
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
        compared += 1;
    }
    assert_eq!(compared, 3);
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
        // The definition, on every application (NOT INDEXED: a full scan): made ready before `end`, not handed
        // over or dispatched before `end`, not cancelled before `end`.
        let mut stmt = conn
            .prepare(
                "SELECT ready_at FROM applications NOT INDEXED
                  WHERE ready_at < ?1
                    AND (handed_over_at IS NULL OR handed_over_at >= ?1)
                    AND (cancelled_at IS NULL OR cancelled_at >= ?1)
                  ORDER BY ready_at",
            )
            .unwrap();
        let want: Vec<DateTime<Utc>> =
            stmt.query_map([&end], |r| r.get::<_, String>(0)).unwrap().map(|r| at(&r.unwrap())).collect();
        assert_eq!(got, want, "backlog at the end of {day}");
        if !want.is_empty() {
            nonempty += 1;
        }
    }
    assert!(nonempty >= 3, "the history has a backlog on most of these days");
}

//! The report's queries are bounded by the range: EXPLAIN QUERY PLAN shows every read of `applications` and
//! `audit_log` as an index search, never a scan of the table — for a one-day and a 30-day report, on a
//! database with a year of demo history (so the planner has real statistics after ANALYZE).

use chrono::{DateTime, NaiveDate, Utc};
use loket::store::Store;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn check(store: &Store, from: &str, to: &str) {
    let plans = store.report_query_plans(date(from), date(to)).unwrap();
    assert_eq!(plans.len(), 11);
    for (name, steps) in &plans {
        for step in steps {
            let scan = step.starts_with("SCAN ");
            let of_subquery = step.starts_with("SCAN (subquery") || step == "SCAN CONSTANT ROW";
            assert!(!scan || of_subquery, "{from}..{to}: query {name} scans a table: {step:?} in {steps:#?}");
        }
        let text = steps.join("\n");
        for table in ["applications", "audit_log", " a ", " l "] {
            assert!(!text.contains(&format!("SCAN{table}")), "{name}: {text}");
        }
    }
    let step = |name: &str| plans.iter().find(|(n, _)| n == name).unwrap().1.join(" | ");
    // The range's applications, and their ids to join their desk events, from the day queue index alone (it holds
    // every column the report reads of them, migration 13); then each application's events from the covering
    // partial index.
    for (visits, events) in [("visits", "desk_events"), ("period_visits", "period_events")] {
        let range = "applications_day_queue (slot_date>? AND slot_date<?)";
        assert!(step(visits).contains(&format!("USING COVERING INDEX {range}")), "{}", step(visits));
        let join = step(events);
        assert!(join.contains(&format!("SEARCH a USING COVERING INDEX {range}")), "{join}");
        assert!(join.contains("USING COVERING INDEX audit_desk_events (application_id=?)"), "{join}");
    }
    assert!(step("reschedules").contains("USING INDEX audit_reschedule_from"), "{}", step("reschedules"));
    assert!(step("passport_moves").contains("applications_ready_at"), "{}", step("passport_moves"));
    assert!(
        step("passport_moves").contains("COVERING INDEX applications_handed_over_status"),
        "{}",
        step("passport_moves")
    );
    // The backlog: the passports on the shelf through the backlog index, those that left it within the window after
    // the end through the instant they left (bounded on both sides, from the index alone), the long shelf times
    // through their partial index; never every passport ever made ready (`applications_ready_at`) or every
    // hand-over since the day.
    let uncollected = step("uncollected");
    for index in [
        "USING INDEX applications_ready_backlog (ready_at<?)",
        "USING COVERING INDEX applications_handed_over_status (handed_over_at>? AND handed_over_at<?)",
        "USING INDEX applications_uncollected_cancelled (cancelled_at>? AND cancelled_at<?)",
        "USING INDEX applications_long_shelf (ready_at<?)",
    ] {
        assert!(uncollected.contains(index), "{index}: {uncollected}");
    }
    assert!(!uncollected.contains("applications_ready_at"), "{uncollected}");
    // The chain head at the end of the range: the hours before it, then one row by its sequence number; never the
    // chain walked back from its head.
    let chain = step("chain_head");
    assert!(chain.contains("SEARCH audit_chain_hours USING PRIMARY KEY (node_id=? AND hour<?)"), "{chain}");
    assert!(chain.contains("(node_id=? AND seq=?)"), "{chain}");
}

/// The stay-permit rows' queries (src/store/report_stay.rs) read `stay_permits` through its indexes too.
fn check_stay_permits(store: &Store, from: &str, to: &str) {
    let plans = store.report_stay_permit_query_plans(date(from), date(to)).unwrap();
    assert_eq!(plans.len(), 3);
    for (name, index) in [
        ("stay_registered", "stay_permits_service_date"),
        ("stay_decided", "stay_permits_decided_at"),
        ("stay_handed_over", "stay_permits_handed_over_at"),
    ] {
        let steps = &plans.iter().find(|(n, _)| n == name).unwrap().1;
        let text = steps.join(" | ");
        assert!(!steps.iter().any(|s| s.starts_with("SCAN stay_permits")), "{from}..{to}: {name} scans: {text}");
        assert!(text.contains(&format!("USING INDEX {index}")), "{from}..{to}: {name}: {text}");
    }
}

#[test]
fn one_day_and_thirty_day_reports_read_by_index() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.db");
    let opts = loket::demo::DemoOptions { date: date("2026-11-25"), days: 60, per_day: 40, seed: 11 };
    loket::demo::build(&path, &opts, at("2026-11-25T16:30:00+07:00"), &mut |_, _| {}).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("ANALYZE").unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    check(&store, "2026-11-25", "2026-11-25");
    check(&store, "2026-10-27", "2026-11-25");
    // A day long past (the first of the history).
    check(&store, "2026-09-28", "2026-09-28");
    check_stay_permits(&store, "2026-11-25", "2026-11-25");
    check_stay_permits(&store, "2026-10-27", "2026-11-25");
    // And on a fresh database without statistics.
    let empty = dir.path().join("empty.db");
    let store = Store::create(&empty, &loket::domain::settings::OfficeSettings::default()).unwrap();
    check(&store, "2026-11-25", "2026-11-25");
    check(&store, "2026-10-27", "2026-11-25");
    check_stay_permits(&store, "2026-11-25", "2026-11-25");
    check_stay_permits(&store, "2026-10-27", "2026-11-25");
}

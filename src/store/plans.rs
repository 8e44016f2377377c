//! The SQL text of the desk's and the CLI's hot queries, in one list, so `tests/query_plans.rs` can run
//! `EXPLAIN QUERY PLAN` on the very statements the store prepares and fail when one starts scanning a big table.
//! A query added to a hot path belongs here.

use super::desk::{search_codes_sql, search_sql, SearchShape};
use super::{applications as apps, close, desk, sessions, slots};

/// (name, SQL) of every hot query. Not an API: for the plan test.
#[doc(hidden)]
pub fn hot_queries() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = vec![
        ("application by code".into(), apps::BY_CODE.to_string()),
        ("day queue".into(), apps::DAY_QUEUE.to_string()),
        ("call next: pick".into(), apps::NEXT_WAITING.into()),
        ("reschedule: other booking that day".into(), apps::OTHER_BOOKING_ON_DAY.into()),
        ("check-in: next queue number".into(), apps::NEXT_QUEUE_NUMBER.into()),
        ("counter: who is at it".into(), desk::AT_COUNTER.to_string()),
        ("group members".into(), desk::GROUP_MEMBERS.to_string()),
        ("passports due: approved page".into(), desk::DUE_APPROVED_PAGE.to_string()),
        ("passports due: ready page".into(), desk::DUE_READY_PAGE.to_string()),
        ("passports due: count".into(), desk::DUE_COUNT.into()),
        ("board: recent calls".into(), desk::RECENT_CALLS.into()),
        ("walk-in: used today".into(), desk::WALK_INS_ON_DAY.into()),
        ("walk-in: NIK booked today".into(), desk::ACTIVE_BOOKING_OF_NIK.into()),
        ("walk-in: last code".into(), desk::LAST_WALK_IN_CODE.into()),
        ("walk-in: last billing code".into(), desk::LAST_BILLING_CODE.into()),
        ("walk-in: applicant by NIK".into(), desk::APPLICANT_BY_NIK.into()),
        ("slot".into(), slots::SLOT.into()),
        ("slot: booked".into(), slots::BOOKED_IN_SLOT.into()),
        ("slots of the day".into(), slots::SLOTS_OF_DAY.into()),
        ("open counter sessions".into(), sessions::OPEN_SESSIONS.into()),
        ("sign-in: close the counter's open session".into(), sessions::CLOSE_OPEN_AT_COUNTER.into()),
        ("close: open applicants".into(), close::CLOSE_OPEN.to_string()),
        ("close: uncollected".into(), close::CLOSE_UNCOLLECTED.to_string()),
    ];
    // Every search a query can make: with or without a date, with the matchers it implies (a code-like query
    // is also a name fragment, an all-digit one also a code). A name fragment without a date has no index.
    for date in [true, false] {
        for (code, nik, name) in [(true, false, false), (true, true, false), (false, false, true), (true, false, true)]
        {
            let shape = SearchShape { date, code, nik, name };
            out.push((format!("search {shape:?}"), search_sql(shape)));
            out.push((format!("search codes {shape:?}"), search_codes_sql(shape)));
        }
    }
    out
}

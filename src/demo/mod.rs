//! `loket demo`: a realistic, reproducible office database to try the desk and to measure the store.
//!
//! Every application gets a whole simulated life (booking, payment, arrival, the queue at the counters, photo
//! and interview, decision, ready date, hand-over or dispatch, or a no-show) and is written in the state it has
//! reached at `now`. So history days are finished, while on the demo date the morning slots are in progress and
//! later slots are still booked, and every row is consistent with the rules because it was lived in order.
//! The same seed and `now` give the same people, codes and states.
//!
//! Every state change is a lifecycle event the domain allows, written with one audit row as the desk writes it,
//! on history days as on the demo date: a year's demo has a year's audit log, so its cost is honest.
//!
//! - [`people`]: names, places, NIKs, booking codes and passport numbers;
//! - [`simulation`]: a day planned up front, played at the counters in the domain's call order;
//! - [`settling`]: each life played forward to `now` through the domain's state machine.

mod people;
mod settling;
mod simulation;

use std::fmt;
use std::path::Path;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};

use crate::domain::audit::AuditAction;
use crate::domain::calendar::Calendar;
use crate::domain::fees;
use crate::domain::lifecycle::Status;
use crate::domain::settings::OfficeSettings;
use crate::domain::types::{ApplicationType, PassportKind, Role, Service};
use crate::store::{Actor, DemoAudit, DemoWriter, Refusal, Store, StoreError};
use settling::Step;
use simulation::Sim;

/// What to build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOptions {
    /// The demo's "today": the last day with applications.
    pub date: NaiveDate,
    /// Days with applications: `date` and the working days before it.
    pub days: u32,
    /// Applications per day.
    pub per_day: u32,
    pub seed: u64,
}

/// An account the demo created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoAccount {
    pub name: String,
    pub role: Role,
    pub password: String,
}

/// What the demo contains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSummary {
    pub applications: u64,
    pub days: u32,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    /// The demo date is a weekend or holiday (it gets applications anyway, so the desk has something to show).
    pub last_day_is_day_off: bool,
    /// Applications per status, in [`Status::ALL`] order (zero counts included).
    pub by_status: Vec<(Status, u64)>,
    /// Service counters in use (a new office has six; big demo days need more).
    pub counters: u32,
    pub accounts: Vec<DemoAccount>,
}

impl DemoSummary {
    /// Applications in `status`.
    pub fn count(&self, status: Status) -> u64 {
        self.by_status.iter().find(|(s, _)| *s == status).map_or(0, |(_, n)| *n)
    }
}

impl fmt::Display for DemoSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let day_off =
            if self.last_day_is_day_off { " (the last day is a day off; it has applications anyway)" } else { "" };
        writeln!(
            f,
            "{} applications over {} day(s), {} to {}{day_off}, {} counters",
            self.applications, self.days, self.first_day, self.last_day, self.counters
        )?;
        let statuses: Vec<String> =
            self.by_status.iter().filter(|(_, n)| *n > 0).map(|(s, n)| format!("{s} {n}")).collect();
        writeln!(f, "  {}", statuses.join(", "))?;
        let accounts: Vec<String> =
            self.accounts.iter().map(|a| format!("{} ({}) password {:?}", a.name, a.role, a.password)).collect();
        write!(f, "  accounts: {}", accounts.join(", "))
    }
}

/// The demo office: Kantor Imigrasi Semarang (WIB, Central Java), otherwise the default settings.
pub fn demo_settings() -> OfficeSettings {
    OfficeSettings {
        office_name: "Kantor Imigrasi Kelas I TPI Semarang".into(),
        utc_offset: FixedOffset::east_opt(7 * 3600).expect("+07:00 is a valid offset"),
        province_code: 33,
        ..OfficeSettings::default()
    }
}

const OFFICER: &str = "petugas";
const SUPERVISOR: &str = "supervisor";
const PASSWORD: &str = "demo";

/// Builds a demo database at `path` (which must not exist). `progress(done, total)` counts applications.
pub fn build(
    path: &Path,
    opts: &DemoOptions,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<DemoSummary, StoreError> {
    if opts.days == 0 || opts.per_day == 0 {
        return Err(Refusal::DemoEmpty.into());
    }
    if opts.per_day > 999_999 {
        return Err(Refusal::DemoTooLarge.into());
    }
    let settings = demo_settings();
    let mut store = Store::create(path, &settings)?;
    // A demo is a training database: a pinned clock is allowed for everyone, the sign-in lists the accounts.
    store.mark_training(true)?;
    let system = Actor::system();
    let mut accounts = Vec::new();
    for (name, role) in [(OFFICER, Role::Officer), (SUPERVISOR, Role::Supervisor)] {
        store.add_officer(&system, name, role, PASSWORD, now)?;
        accounts.push(DemoAccount { name: name.into(), role, password: PASSWORD.into() });
    }
    let calendar = store.calendar()?;
    let days = demo_days(&calendar, opts.date, opts.days);
    let first_day = days[0];
    fees::quote(first_day, PassportKind::Ordinary, 5, Service::Regular, ApplicationType::New).map_err(Refusal::from)?;

    let mut sim = Sim::new(&settings, calendar, opts, now);
    let total = u64::from(opts.days) * u64::from(opts.per_day);
    let mut by_status = vec![0u64; Status::ALL.len()];
    store.demo_bulk(|w| {
        w.ensure_counters(sim.counters)?;
        let mut done = 0;
        for &day in &days {
            for status in sim.day(w, day)? {
                by_status[status_index(status)] += 1;
            }
            done += u64::from(opts.per_day);
            progress(done, total);
        }
        let detail = crate::domain::audit_detail::AuditDetail::Demo {
            applications: total,
            days: days.len() as u64,
            first: first_day,
            last: opts.date,
            seed: opts.seed,
        }
        .to_string();
        w.audit(&[DemoAudit {
            at: now,
            officer: &system.name,
            action: AuditAction::Demo,
            application_id: None,
            counter: None,
            change: None,
            detail: &detail,
        }])
    })?;

    Ok(DemoSummary {
        applications: total,
        days: opts.days,
        first_day,
        last_day: opts.date,
        last_day_is_day_off: !sim.calendar.is_working_day(opts.date),
        by_status: Status::ALL.iter().zip(by_status).map(|(s, n)| (*s, n)).collect(),
        counters: sim.counters,
        accounts,
    })
}

/// The audit rows of one application's steps, written in one go through the audit trail's chain: the one place
/// the demo writes audit rows. The demo keeps each visit at one counter: rows at a counter name it.
fn write_audit(
    sim: &Sim<'_>,
    w: &DemoWriter<'_>,
    application_id: &str,
    counter: Option<u32>,
    steps: &[Step],
) -> Result<(), StoreError> {
    let rows: Vec<DemoAudit<'_>> = steps
        .iter()
        .map(|s| DemoAudit {
            at: sim.utc(s.at),
            officer: s.officer,
            action: AuditAction::from(s.event),
            application_id: Some(application_id),
            counter: counter.filter(|_| s.from == Status::AtCounter || s.to == Status::AtCounter),
            change: Some((s.from, s.to)),
            detail: &s.detail,
        })
        .collect();
    w.audit(&rows)
}

fn status_index(s: Status) -> usize {
    Status::ALL.iter().position(|x| *x == s).unwrap_or(0)
}

/// `date` and the `days - 1` working days before it, oldest first. `date` is included even on a day off.
fn demo_days(calendar: &Calendar, date: NaiveDate, days: u32) -> Vec<NaiveDate> {
    let mut out = vec![date];
    let mut d = date;
    while out.len() < days as usize {
        match d.pred_opt() {
            Some(prev) => d = prev,
            None => break,
        }
        if calendar.is_working_day(d) {
            out.push(d);
        }
    }
    out.reverse();
    out
}

// ---------------------------------------------------------------------------------------------------------
// Randomness: splitmix64, so a seed gives the same demo on every machine without another dependency.

pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` > 0), by the multiply-shift method (bias is negligible for our ranges).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    pub(crate) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// True with probability `percent`/100 (fractions allowed, e.g. 0.5).
    pub(crate) fn chance(&mut self, percent: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * 100.0 < percent
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// Picks an item with probability proportional to its weight.
    pub(crate) fn pick_weighted<'a, T>(&mut self, items: &'a [T], weight: impl Fn(&T) -> u32) -> &'a T {
        let total: u64 = items.iter().map(|i| u64::from(weight(i))).sum();
        let mut x = self.below(total);
        for item in items {
            let w = u64::from(weight(item));
            if x < w {
                return item;
            }
            x -= w;
        }
        &items[items.len() - 1]
    }

    /// Picks from `(weight, item)` pairs.
    pub(crate) fn weighted<T: Copy>(&mut self, items: &[(u32, T)]) -> T {
        self.pick_weighted(items, |(w, _)| *w).1
    }

    /// A duration between `lo` and `hi` minutes, to the second.
    pub(crate) fn minutes(&mut self, lo: i64, hi: i64) -> Duration {
        Duration::seconds(self.range(lo * 60, hi * 60))
    }
}

/// A keyed bijection on `0..2^bits`: odd multiplications, xor-shifts and key xors are each invertible.
fn permute(mut x: u64, bits: u32, key: u64) -> u64 {
    let mask = (1u64 << bits) - 1;
    for round in 0..4u64 {
        x = (x ^ (key.rotate_left(round as u32 * 16) & mask)) & mask;
        x = x.wrapping_mul(0x9E37_79B9_7F4A_7C15) & mask;
        x ^= x >> (bits / 2 + 1);
    }
    x
}

/// The `i`-th element of a keyed permutation of `0..n` (cycle-walking over the smallest power of two ≥ n),
/// so distinct indexes give distinct, scattered values without remembering the ones handed out.
pub(crate) fn scatter(i: u64, n: u64, key: u64) -> u64 {
    let bits = 64 - (n - 1).leading_zeros();
    let mut x = i;
    loop {
        x = permute(x, bits, key);
        if x < n {
            return x;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::people::{names, REGENCIES};
    use super::*;
    use crate::domain::calendar::builtin_holidays;
    use crate::domain::nik::{self, Sex};
    use crate::domain::queue::parse_queue_number;
    use crate::domain::types::PriorityReason;
    use chrono::Duration;
    use std::collections::HashMap;
    use std::collections::HashSet;

    /// The demo date used by the tests: Wednesday 2026-11-25; `now` is 09:10 WIB, so the 08:00 and 09:00 slots
    /// are past their check-in deadline and the counters are busy.
    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-25T09:10:00+07:00").unwrap().with_timezone(&Utc)
    }

    fn instant(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn build_small(dir: &tempfile::TempDir, seed: u64) -> (std::path::PathBuf, DemoSummary) {
        let path = dir.path().join("demo.db");
        let opts = DemoOptions { date: day(), days: 3, per_day: 60, seed };
        let mut calls = Vec::new();
        let summary = build(&path, &opts, now(), &mut |done, total| calls.push((done, total))).unwrap();
        assert_eq!(calls, vec![(60, 180), (120, 180), (180, 180)]);
        (path, summary)
    }

    fn strings(store: &Store, sql: &str) -> Vec<String> {
        let conn = rusqlite::Connection::open(store.path()).unwrap();
        let mut stmt = conn.prepare(sql).unwrap();
        let rows = stmt.query_map([], |r| r.get::<_, String>(0)).unwrap();
        rows.map(Result::unwrap).collect()
    }

    #[test]
    fn names_asset_parses() {
        let n = names();
        for (list, min) in [
            (&n.given_l, 50),
            (&n.given_p, 50),
            (&n.second_l, 40),
            (&n.second_p, 40),
            (&n.birth_place, 20),
            (&n.street, 20),
        ] {
            assert!(list.len() >= min, "{list:?}");
            assert!(list.iter().all(|s| !s.is_empty() && s.len() <= 30 && !s.contains(',')));
            assert_eq!(list.iter().collect::<HashSet<_>>().len(), list.len(), "duplicates in {list:?}");
        }
        // Regency codes are Kemendagri codes of Jawa Tengah and their weights make sense.
        assert!(REGENCIES.iter().all(|r| r.2 >= 1 && r.4 >= 1));
        assert_eq!(REGENCIES.iter().filter(|r| r.0 == 74).count(), 1);
    }

    #[test]
    fn scatter_is_a_permutation() {
        for n in [1u64, 2, 36, 1000, 4097] {
            let got: HashSet<u64> = (0..n).map(|i| scatter(i, n, 42)).collect();
            assert_eq!(got.len() as u64, n);
            assert!(got.iter().all(|x| *x < n));
        }
        assert_ne!(scatter(0, 1000, 1), scatter(0, 1000, 2));
    }

    #[test]
    fn days_go_back_over_working_days_and_keep_the_date() {
        let cal = Calendar::new(builtin_holidays().into_iter().map(|h| h.date));
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        // Monday 2026-03-16 back over the weekend.
        assert_eq!(demo_days(&cal, d(2026, 3, 16), 3), vec![d(2026, 3, 12), d(2026, 3, 13), d(2026, 3, 16)]);
        // Saturday: kept, the rest are working days before it.
        assert_eq!(demo_days(&cal, d(2026, 3, 14), 2), vec![d(2026, 3, 13), d(2026, 3, 14)]);
        // Across Nyepi and Idul Fitri (2026-03-18 … 24 are days off).
        assert_eq!(demo_days(&cal, d(2026, 3, 25), 2), vec![d(2026, 3, 17), d(2026, 3, 25)]);
    }

    #[test]
    fn refuses_empty_demo_and_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.db");
        let opts = DemoOptions { date: day(), days: 0, per_day: 10, seed: 1 };
        assert!(matches!(build(&path, &opts, now(), &mut |_, _| {}), Err(StoreError::Rule(Refusal::DemoEmpty))));
        std::fs::write(&path, b"").unwrap();
        let opts = DemoOptions { days: 1, ..opts };
        assert!(matches!(build(&path, &opts, now(), &mut |_, _| {}), Err(StoreError::Exists(_))));
    }

    #[test]
    fn small_demo_is_consistent() {
        let dir = tempfile::tempdir().unwrap();
        let (path, summary) = build_small(&dir, 7);
        let store = Store::open(&path).unwrap();
        let conn = rusqlite::Connection::open(&path).unwrap();

        assert_eq!(store.integrity_check().unwrap(), "ok");
        let fk_problems: i64 =
            conn.query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
        assert_eq!(fk_problems, 0);
        assert_eq!(store.settings().unwrap(), demo_settings());

        // The summary matches the database, and the mix has every stage a desk needs to show.
        assert_eq!(summary.applications, 180);
        assert_eq!((summary.days, summary.first_day, summary.last_day), (3, day() - Duration::days(2), day()));
        assert!(!summary.last_day_is_day_off);
        for (status, n) in &summary.by_status {
            let in_db: i64 = conn
                .query_row("SELECT COUNT(*) FROM applications WHERE status = ?1", [status.as_str()], |r| r.get(0))
                .unwrap();
            assert_eq!(in_db as u64, *n, "{status}");
        }
        for s in [Status::Booked, Status::CheckedIn, Status::AtCounter, Status::HandedOver, Status::Cancelled] {
            assert!(summary.count(s) > 0, "no {s} in {summary}");
        }
        assert!(summary.to_string().contains("petugas"));
        eprintln!("{summary}");

        // NIKs: valid, Jawa Tengah, unique, and agreeing with the stated sex and birth date.
        let mut stmt = conn.prepare("SELECT nik, sex, birth_date FROM applicants").unwrap();
        let people = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, NaiveDate>(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect::<Vec<_>>();
        assert_eq!(people.len(), 180);
        for (nik, sex, birth) in &people {
            let parsed = nik::parse(nik, day()).unwrap_or_else(|e| panic!("{nik}: {e}"));
            assert_eq!(parsed.province_code, 33);
            parsed.check_against(Sex::from_code(sex).unwrap(), *birth).unwrap();
        }

        // Fees follow the catalogue; codes are unique; replacements name the old passport.
        let apps = store.day_applications(day()).unwrap();
        assert_eq!(apps.len(), 60);
        let mut all = Vec::new();
        for d in 0..3 {
            all.extend(store.day_applications(day() - Duration::days(d)).unwrap());
        }
        assert_eq!(all.len(), 180);
        for a in &all {
            let fee = fees::quote(a.slot_date, a.passport_kind, a.validity_years, a.service, a.application_type)
                .unwrap()
                .total();
            assert_eq!(a.fee_idr as u64, fee, "{}", a.booking_code);
            assert!(a.booking_code.starts_with("MP") && a.booking_code.len() == 10);
            assert_eq!(a.old_passport_no.is_some(), a.application_type.needs_old_passport());
            let age = nik::age_on(a.birth_date, a.slot_date);
            assert!((1..=80).contains(&age), "{} is {age}", a.booking_code);
            if a.validity_years == 10 {
                assert!(age >= 17);
            }
            match a.priority_reason {
                Some(PriorityReason::Elderly) => assert!(age >= 60),
                Some(PriorityReason::Infant) => assert!(age < 5),
                _ => {}
            }
        }
        for column in ["billing_code", "booking_code", "passport_no"] {
            let dup: i64 = conn
                .query_row(
                    &format!("SELECT COUNT(*) - COUNT(DISTINCT {column}) FROM applications WHERE {column} IS NOT NULL"),
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(dup, 0, "{column}");
        }

        // Queue numbers: unique per day, per line in arrival order, and the counter table continues from them.
        let mut last: HashMap<(NaiveDate, char), u32> = HashMap::new();
        let mut by_arrival = all.iter().filter(|a| a.queue_no.is_some()).collect::<Vec<_>>();
        by_arrival.sort_by_key(|a| (a.slot_date, a.checked_in_at.clone()));
        for a in by_arrival {
            let (line, n) = parse_queue_number(a.queue_no.as_deref().unwrap()).unwrap();
            assert_eq!(line, a.service_line(), "{}", a.booking_code);
            let prev = last.insert((a.slot_date, line.prefix()), n).unwrap_or(0);
            assert!(n > prev, "{} after {prev}", a.queue_no.as_deref().unwrap());
        }
        let mut stmt = conn.prepare("SELECT date, line, last FROM queue_numbers").unwrap();
        let table = stmt
            .query_map([], |r| Ok((r.get::<_, NaiveDate>(0)?, r.get::<_, String>(1)?, r.get::<_, u32>(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .map(|(d, l, n)| ((d, l.chars().next().unwrap()), n))
            .collect::<HashMap<_, _>>();
        assert_eq!(table, last);

        // Times: on-time check-in, then call, photo/interview, decision, ready, hand-over, all before now.
        let settings = demo_settings();
        for a in &all {
            let deadline = a.slot_date.and_time(crate::domain::settings::parse_hhmm(&a.slot_start).unwrap())
                - Duration::minutes(15);
            let times: Vec<DateTime<Utc>> =
                [&a.checked_in_at, &a.called_at].into_iter().flatten().map(|s| instant(s)).collect();
            assert!(times.windows(2).all(|w| w[0] <= w[1]), "{}", a.booking_code);
            assert!(times.iter().all(|t| *t <= now()));
            if let Some(t) = times.first() {
                assert!(t.with_timezone(&settings.utc_offset).naive_local() <= deadline, "{}", a.booking_code);
            }
            for t in [&a.photo_at, &a.interview_at].into_iter().flatten() {
                assert!(instant(t) >= instant(a.called_at.as_deref().unwrap()) && instant(t) <= now());
            }
            if a.status == Status::AtCounter {
                assert!(a.counter_no.is_some_and(|c| c <= summary.counters));
            }
        }
        // One applicant per counter at a time.
        let busy = strings(&store, "SELECT CAST(counter_no AS TEXT) FROM applications WHERE status = 'at_counter'");
        assert_eq!(busy.iter().collect::<HashSet<_>>().len(), busy.len());
        let bad_order: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM applications WHERE
                   (decided_at IS NOT NULL AND (decided_at < interview_at OR decided_at < COALESCE(photo_at, '')))
                   OR (ready_at IS NOT NULL AND ready_at < decided_at)
                   OR (handed_over_at IS NOT NULL AND handed_over_at < ready_at)
                   OR (paid_at IS NOT NULL AND paid_at < created_at)
                   OR updated_at < created_at
                   OR (status IN ('ready', 'handed_over', 'dispatched') AND ready_date > ?1)",
                [day().to_string()],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(bad_order, 0);
        for s in store.slots_of_day(day()).unwrap() {
            assert!(s.booked <= s.quota, "{s:?}");
        }

        // Every day's transitions are audited in order (history too, one row per change), ending in each
        // application's current status; a reschedule leaves its row.
        let mut rescheduled = 0;
        for a in &all {
            let trail = store
                .audit(&crate::store::AuditFilter { booking_code: Some(a.booking_code.clone()), ..Default::default() })
                .unwrap();
            let moves = trail.iter().filter(|r| r.action == "reschedule").count() as u32;
            assert_eq!(moves, a.reschedule_count, "{}", a.booking_code);
            rescheduled += moves;
            if a.status == Status::Booked && moves == 0 {
                assert!(trail.is_empty(), "{}: {trail:?}", a.booking_code);
                continue;
            }
            assert!(!trail.is_empty(), "{} has no audit rows", a.booking_code);
            assert_eq!(trail.last().unwrap().to_status.as_deref(), Some(a.status.as_str()));
            assert!(trail.windows(2).all(|w| w[0].to_status == w[1].from_status), "{trail:?}");
            assert!(trail.windows(2).all(|w| w[0].at <= w[1].at), "{trail:?}");
            assert_eq!(trail[0].from_status.as_deref(), Some("booked"));
            assert!(trail.iter().all(|r| instant(&r.at) <= now()));
        }
        assert!(rescheduled > 0, "no reschedules in the demo");
        // Written through the audit trail's chain: it verifies from the first row to the last.
        store.verify_audit().unwrap().require_intact().unwrap();
        // History days carry their rows too (the first day is long finished).
        let first_day_rows: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM audit_log l JOIN applications a ON a.id = l.application_id
                 WHERE a.slot_date = ?1 AND l.action = 'hand_over'",
                [(day() - Duration::days(2)).to_string()],
                |r| r.get(0),
            )
            .unwrap();
        assert!(first_day_rows > 0);
        let summary_rows = strings(&store, "SELECT detail FROM audit_log WHERE action = 'demo'");
        assert_eq!(summary_rows.len(), 1);

        // The accounts sign in with the documented password.
        assert_eq!(store.authenticate("petugas", "demo").unwrap().role, Role::Officer);
        assert_eq!(store.authenticate("supervisor", "demo").unwrap().role, Role::Supervisor);
        assert_eq!(summary.accounts.len(), 2);
    }

    fn people(path: &Path) -> Vec<String> {
        let store = Store::open(path).unwrap();
        strings(
            &store,
            "SELECT a.booking_code || ' ' || p.nik || ' ' || p.full_name || ' ' || a.slot_start
             FROM applications a JOIN applicants p ON p.id = a.applicant_id ORDER BY a.booking_code",
        )
    }

    #[test]
    fn same_seed_same_demo() {
        let states = |seed| {
            let dir = tempfile::tempdir().unwrap();
            let (path, _) = build_small(&dir, seed);
            let store = Store::open(&path).unwrap();
            strings(
                &store,
                "SELECT a.booking_code || a.status || COALESCE(a.queue_no, '') || COALESCE(a.passport_no, '')
                        || a.updated_at
                 FROM applications a ORDER BY a.booking_code",
            )
        };
        let a = states(1);
        assert_eq!(a, states(1));
        assert_ne!(a, states(2));
    }

    #[test]
    fn people_do_not_depend_on_the_time_of_the_build() {
        let dir = tempfile::tempdir().unwrap();
        let (morning, _) = build_small(&dir, 3);
        let evening = dir.path().join("evening.db");
        let opts = DemoOptions { date: day(), days: 3, per_day: 60, seed: 3 };
        let late = instant("2026-11-25T17:00:00+07:00");
        let summary = build(&evening, &opts, late, &mut |_, _| {}).unwrap();
        assert_eq!(people(&morning), people(&evening));
        // By the evening today's no-shows are cancelled and nobody is left waiting.
        assert_eq!(summary.count(Status::CheckedIn) + summary.count(Status::AtCounter), 0);
        assert_eq!(summary.count(Status::Booked), 0);
    }

    #[test]
    fn a_day_off_still_gets_applications() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("saturday.db");
        let saturday = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let opts = DemoOptions { date: saturday, days: 2, per_day: 20, seed: 5 };
        let summary = build(&path, &opts, instant("2026-11-28T12:00:00+07:00"), &mut |_, _| {}).unwrap();
        assert!(summary.last_day_is_day_off);
        assert_eq!(summary.first_day, NaiveDate::from_ymd_opt(2026, 11, 27).unwrap());
        assert!(summary.to_string().contains("day off"));
        assert_eq!(Store::open(&path).unwrap().day_applications(saturday).unwrap().len(), 20);
    }
}

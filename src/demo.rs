//! `loket demo`: a realistic, reproducible office database to try the desk and to measure the store.
//!
//! Every application gets a whole simulated life (booking, payment, arrival, the queue at the counters, photo
//! and interview, decision, ready date, hand-over or dispatch, or a no-show) and is written in the state it has
//! reached at `now`. So history days are finished, while on the demo date the morning slots are in progress and
//! later slots are still booked, and every row is consistent with the rules because it was lived in order.
//! The same seed and `now` give the same people, codes and states.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};
use std::fmt;
use std::path::Path;
use std::sync::OnceLock;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Utc};

use crate::domain::calendar::Calendar;
use crate::domain::fees;
use crate::domain::lifecycle::{CancelReason, RejectionReason, Status};
use crate::domain::nik::{self, Sex};
use crate::domain::queue::{format_queue_number, line_for, ServiceLine};
use crate::domain::settings::OfficeSettings;
use crate::domain::types::{ApplicationType, PassportKind, PriorityReason, Purpose, Role, Service};
use crate::store::{Actor, DemoRow, DemoWriter, Store, StoreError};

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
        return Err(StoreError::Refused("a demo needs at least one day and one application per day".into()));
    }
    if opts.per_day > 999_999 {
        return Err(StoreError::Refused(
            "at most 999999 applications per day (billing codes number them in six digits)".into(),
        ));
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
    fees::quote(first_day, PassportKind::Ordinary, 5, Service::Regular, ApplicationType::New)
        .map_err(|e| StoreError::Refused(format!("demo starting {first_day}: {e}")))?;

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
        let detail = format!(
            "demo: {total} applications over {} day(s) {first_day}..{}, seed {}",
            days.len(),
            opts.date,
            opts.seed
        );
        w.audit(now, &system.name, "demo", None, None, None, None, &detail)
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

struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` > 0), by the multiply-shift method (bias is negligible for our ranges).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// True with probability `percent`/100 (fractions allowed, e.g. 0.5).
    fn chance(&mut self, percent: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * 100.0 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// Picks an item with probability proportional to its weight.
    fn pick_weighted<'a, T>(&mut self, items: &'a [T], weight: impl Fn(&T) -> u32) -> &'a T {
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
    fn weighted<T: Copy>(&mut self, items: &[(u32, T)]) -> T {
        self.pick_weighted(items, |(w, _)| *w).1
    }

    /// A duration between `lo` and `hi` minutes, to the second.
    fn minutes(&mut self, lo: i64, hi: i64) -> Duration {
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
fn scatter(i: u64, n: u64, key: u64) -> u64 {
    let bits = 64 - (n - 1).leading_zeros();
    let mut x = i;
    loop {
        x = permute(x, bits, key);
        if x < n {
            return x;
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Names and places.

const NAMES_CSV: &str = include_str!("../assets/demo-names.csv");

struct Names {
    given_l: Vec<&'static str>,
    given_p: Vec<&'static str>,
    second_l: Vec<&'static str>,
    second_p: Vec<&'static str>,
    birth_place: Vec<&'static str>,
    street: Vec<&'static str>,
}

/// The embedded name lists (validated by a unit test).
fn names() -> &'static Names {
    static NAMES: OnceLock<Names> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut n = Names {
            given_l: vec![],
            given_p: vec![],
            second_l: vec![],
            second_p: vec![],
            birth_place: vec![],
            street: vec![],
        };
        let rows = NAMES_CSV.lines().filter(|l| !l.starts_with('#')).skip(1);
        for (kind, name) in rows.filter_map(|l| l.split_once(',')) {
            let list = match kind {
                "given_l" => &mut n.given_l,
                "given_p" => &mut n.given_p,
                "second_l" => &mut n.second_l,
                "second_p" => &mut n.second_p,
                "birth_place" => &mut n.birth_place,
                "street" => &mut n.street,
                _ => continue,
            };
            list.push(name.trim());
        }
        n
    })
}

/// Where the office's applicants live: Kemendagri regency code in Jawa Tengah (33), name, number of districts,
/// main town (birth place), relative weight. Most come from Semarang and its neighbours.
const REGENCIES: &[(u8, &str, u8, &str, u32)] = &[
    (74, "Kota Semarang", 16, "Semarang", 40),
    (22, "Kabupaten Semarang", 19, "Ungaran", 12),
    (24, "Kabupaten Kendal", 20, "Kendal", 10),
    (21, "Kabupaten Demak", 14, "Demak", 9),
    (15, "Kabupaten Grobogan", 19, "Purwodadi", 7),
    (73, "Kota Salatiga", 4, "Salatiga", 5),
    (19, "Kabupaten Kudus", 9, "Kudus", 4),
    (25, "Kabupaten Batang", 15, "Batang", 3),
    (20, "Kabupaten Jepara", 16, "Jepara", 3),
    (18, "Kabupaten Pati", 21, "Pati", 3),
    (17, "Kabupaten Rembang", 14, "Rembang", 2),
    (16, "Kabupaten Blora", 16, "Blora", 2),
];

/// Kota Semarang's districts by Kemendagri code (3374 01 … 16), for addresses.
const SEMARANG_DISTRICTS: &[&str] = &[
    "Semarang Tengah",
    "Semarang Utara",
    "Semarang Timur",
    "Gayamsari",
    "Genuk",
    "Pedurungan",
    "Semarang Selatan",
    "Candisari",
    "Gajahmungkur",
    "Tembalang",
    "Banyumanik",
    "Gunungpati",
    "Semarang Barat",
    "Mijen",
    "Ngaliyan",
    "Tugu",
];

const PHONE_PREFIXES: &[&str] = &[
    "0812", "0813", "0821", "0822", "0852", "0853", "0856", "0857", "0815", "0817", "0818", "0819", "0877", "0878",
    "0895", "0896", "0881",
];

/// Refusals as (weight, reason, note); the store wants a note for `lainnya`.
const REJECTIONS: &[(u32, RejectionReason, Option<&str>)] = &[
    (10, RejectionReason::Watchlist, None),
    (40, RejectionReason::NonProceduralMigrantWorker, Some("tanpa rekomendasi Disnaker")),
    (25, RejectionReason::InvalidData, Some("data KK tidak sesuai dengan e-KTP")),
    (5, RejectionReason::UnlawfulPurpose, None),
    (10, RejectionReason::Other, Some("masih memegang paspor aktif, mengajukan sebagai baru")),
    (10, RejectionReason::Other, Some("dokumen tidak dilengkapi dalam batas waktu")),
];

/// A generated person.
struct Person {
    sex: Sex,
    full_name: String,
    birth_date: NaiveDate,
    nik: String,
    birth_place: String,
    address: String,
    phone: Option<String>,
}

// ---------------------------------------------------------------------------------------------------------
// The simulation.

/// One application: the row as booked, and how its life goes.
struct Life {
    row: DemoRow,
    plan: Plan,
}

/// What happens to an application, decided up front; times are office-local.
struct Plan {
    created: NaiveDateTime,
    paid: Option<NaiveDateTime>,
    /// Withdrawn in the app before the day.
    withdrawn: Option<NaiveDateTime>,
    /// Arrival; `None` = does not come (cancelled as a no-show at day close).
    arrival: Option<NaiveDateTime>,
    line: ServiceLine,
    rejection: Option<(RejectionReason, Option<&'static str>)>,
    after: After,
    /// Filled by the queue simulation.
    called: Option<(NaiveDateTime, u32)>,
    photo: Option<NaiveDateTime>,
    interview: Option<NaiveDateTime>,
    decided: Option<NaiveDateTime>,
}

/// One state change of an application, for the audit rows of the demo date.
struct Step {
    at: NaiveDateTime,
    officer: &'static str,
    action: &'static str,
    from: Status,
    to: Status,
    detail: String,
}

/// The generator across days: randomness, the counters behind unique numbers, and the office's rules.
struct Sim<'a> {
    settings: &'a OfficeSettings,
    calendar: Calendar,
    rng: Rng,
    key: u64,
    per_day: u32,
    date: NaiveDate,
    now: NaiveDateTime,
    counters: u32,
    niks: HashSet<u64>,
    bookings: u64,
    passports: u64,
    dispatches: u64,
    groups: u32,
}

/// What a counter spends on one applicant, as (min, max) seconds drawn uniformly in [`Sim::run_counters`].
const CALL: (i64, i64) = (20, 90);
const WALK: (i64, i64) = (30, 90);
const PHOTO: (i64, i64) = (120, 240);
const INTERVIEW: (i64, i64) = (180, 420);
const DECIDE: (i64, i64) = (30, 150);
const NEXT: (i64, i64) = (30, 90);

/// Share of a slot's applicants who come (the rest are unpaid, no-shows or withdrawn), and how busy the
/// counters should be: below 1, so the queue that builds at opening drains during the morning.
const SHOW_RATE: f64 = 0.92;
const TARGET_LOAD: f64 = 0.85;

impl<'a> Sim<'a> {
    fn new(settings: &'a OfficeSettings, calendar: Calendar, opts: &DemoOptions, now: DateTime<Utc>) -> Self {
        let mut rng = Rng(opts.seed);
        let key = rng.next_u64();
        // Enough counters for one slot's arrivals per slot length at TARGET_LOAD (120 a day → 4 counters).
        let service: i64 = [CALL, WALK, PHOTO, INTERVIEW, DECIDE, NEXT].iter().map(|(lo, hi)| lo + hi).sum();
        let service_seconds = service as f64 / 2.0;
        let slot_seconds = f64::from(settings.slot_template.minutes) * 60.0;
        let per_slot = f64::from(opts.per_day) / settings.slot_template.slots().len().max(1) as f64;
        let needed = per_slot * SHOW_RATE * service_seconds / slot_seconds / TARGET_LOAD;
        // The schema numbers counters 1–99; beyond that a huge day simply runs late.
        let counters = (needed.ceil() as u32).clamp(2, 99);
        Sim {
            settings,
            calendar,
            rng,
            key,
            per_day: opts.per_day,
            date: opts.date,
            now: now.with_timezone(&settings.utc_offset).naive_local(),
            counters,
            niks: HashSet::new(),
            bookings: 0,
            passports: 0,
            dispatches: 0,
            groups: 0,
        }
    }

    fn utc(&self, local: NaiveDateTime) -> DateTime<Utc> {
        let offset = Duration::seconds(i64::from(self.settings.utc_offset.local_minus_utc()));
        (local - offset).and_utc()
    }

    /// Generates, simulates and writes one day; returns the statuses written.
    fn day(&mut self, w: &DemoWriter<'_>, day: NaiveDate) -> Result<Vec<Status>, StoreError> {
        let slots = self.settings.slot_template.slots();
        if slots.is_empty() {
            return Err(StoreError::Refused("the slot template has no slots".into()));
        }
        let n_slots = slots.len() as u32;
        let quota = self.settings.slot_quota.max(self.per_day.div_ceil(n_slots));
        for (start, end) in &slots {
            w.add_slot(day, *start, *end, quota)?;
        }
        let mut lives = Vec::with_capacity(self.per_day as usize);
        let mut seq = 0u32;
        for (i, (start, _)) in slots.iter().enumerate() {
            let in_slot = self.per_day / n_slots + u32::from((i as u32) < self.per_day % n_slots);
            // About one Umrah party per hundred applications, all in one slot.
            let group_chance = f64::from(self.per_day) / f64::from(n_slots);
            let party = (in_slot >= 5 && self.rng.chance(group_chance)).then(|| {
                self.groups += 1;
                let size = self.rng.range(5, i64::from(in_slot.min(15))) as u32;
                (format!("UMR-SMG-{:02}", self.groups), size)
            });
            for k in 0..in_slot {
                seq += 1;
                let group = party.as_ref().filter(|(_, size)| k < *size);
                let group_code = group.map(|(code, _)| code.clone());
                lives.push(self.plan(day, *start, seq, group_code)?);
            }
        }
        self.run_counters(day, &mut lives);
        self.number_queue(w, day, &mut lives)?;
        let mut statuses = Vec::with_capacity(lives.len());
        for life in lives {
            let (row, steps) = self.settle(life);
            let id = w.add(&row)?;
            // History has no per-change audit rows (the build writes one summary row); the demo date has them,
            // so the desk can show what happened today.
            for s in steps.iter().filter(|s| s.at.date() == self.date) {
                // The demo keeps each visit at one counter: rows at a counter name it in their own column.
                let at_counter = s.from == Status::AtCounter || s.to == Status::AtCounter;
                let counter = row.counter_no.filter(|_| at_counter);
                w.audit(self.utc(s.at), s.officer, s.action, Some(&id), Some(s.from), Some(s.to), counter, &s.detail)?;
            }
            statuses.push(row.status);
        }
        Ok(statuses)
    }

    fn person(&mut self, day: NaiveDate, age: u32, sex: Sex) -> Person {
        let n = names();
        let rng = &mut self.rng;
        // `age` whole years before `day`, leap days included, then up to a year earlier.
        let birth = day - Duration::days(i64::from(age) * 365 + i64::from(age / 4) + rng.range(1, 360));
        let (given, second) = match sex {
            Sex::Male => (&n.given_l, &n.second_l),
            Sex::Female => (&n.given_p, &n.second_p),
        };
        let full_name = match rng.below(10) {
            // Older Javanese often have a single name.
            0 | 1 if age >= 55 => rng.pick(second).to_string(),
            0..=1 => format!("{} {} {}", rng.pick(given), rng.pick(given), rng.pick(second)),
            _ => format!("{} {}", rng.pick(given), rng.pick(second)),
        };
        let &(regency, regency_name, districts, town, _) = rng.pick_weighted(REGENCIES, |r| r.4);
        let district = rng.range(1, i64::from(districts)) as u8;
        let birth_place = if rng.chance(65.0) { town.to_string() } else { rng.pick(&n.birth_place).to_string() };
        let place = match (regency, SEMARANG_DISTRICTS.get(usize::from(district) - 1)) {
            (74, Some(kec)) => format!("Kec. {kec}, {regency_name}"),
            _ => regency_name.to_string(),
        };
        let address = format!(
            "Jl. {} No. {}, RT {:03}/RW {:03}, {place}",
            rng.pick(&n.street),
            rng.range(1, 150),
            rng.range(1, 12),
            rng.range(1, 9)
        );
        let phone = rng.chance(92.0).then(|| {
            let digits = rng.range(7, 8) as u32;
            format!("{}{:0width$}", rng.pick(PHONE_PREFIXES), rng.below(10u64.pow(digits)), width = digits as usize)
        });
        let nik = self.mint_nik(regency, district, birth, sex);
        Person { sex, full_name, birth_date: birth, nik, birth_place, address, phone }
    }

    /// A NIK not yet used in this demo: serials start low, as in a real district register. Clashes move to the
    /// next serial (one district, birth date and sex has 9999; a demo uses a handful).
    fn mint_nik(&mut self, regency: u8, district: u8, birth: NaiveDate, sex: Sex) -> String {
        let highest = if self.rng.chance(80.0) { 40 } else { 2500 };
        let mut serial = self.rng.range(1, highest) as u16;
        loop {
            let s = nik::make(self.settings.province_code, regency, district, birth, sex, serial);
            if s.parse::<u64>().is_ok_and(|n| self.niks.insert(n)) {
                return s;
            }
            serial = if serial >= 9999 { 1 } else { serial + 1 };
        }
    }

    fn booking_code(&mut self) -> String {
        const ALPHABET: &[u8; 36] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        let mut x = scatter(self.bookings, 36u64.pow(8), self.key);
        self.bookings += 1;
        let mut code = [b'0'; 8];
        for c in code.iter_mut().rev() {
            *c = ALPHABET[(x % 36) as usize];
            x /= 36;
        }
        format!("MP{}", String::from_utf8_lossy(&code))
    }

    fn passport_no(&mut self) -> String {
        const PER_LETTER: u64 = 10_000_000;
        let i = self.passports;
        self.passports += 1;
        let letter = char::from(b'C' + ((i / PER_LETTER) % 24) as u8);
        format!("{letter}{:07}", scatter(i % PER_LETTER, PER_LETTER, self.key ^ 0x5A5A))
    }

    fn age(&mut self, in_group: bool, priority: bool) -> u32 {
        let (lo, hi) = if in_group {
            (22, 72)
        } else if priority {
            self.rng.weighted(&[(55, (60, 80)), (25, (1, 4)), (20, (20, 45))])
        } else {
            self.rng.weighted(&[
                (3, (1, 4)),
                (9, (5, 16)),
                (22, (17, 25)),
                (36, (26, 45)),
                (25, (46, 59)),
                (5, (60, 80)),
            ])
        };
        self.rng.range(lo, hi) as u32
    }

    /// Plans an application's life: who, what, and what will happen to it. All randomness is drawn here (and in
    /// the queue), never depending on `now`, so the same seed gives the same people whatever the time.
    fn plan(&mut self, day: NaiveDate, start: NaiveTime, seq: u32, group: Option<String>) -> Result<Life, StoreError> {
        let in_group = group.is_some();
        let priority = !in_group && self.rng.chance(5.0);
        let age = self.age(in_group, priority);
        let sex = if self.rng.chance(52.0) { Sex::Female } else { Sex::Male };
        let person = self.person(day, age, sex);
        let age = nik::age_on(person.birth_date, day);
        let rng = &mut self.rng;
        let priority_reason = priority.then(|| match age {
            60.. => PriorityReason::Elderly,
            0..=4 => PriorityReason::Infant,
            _ if sex == Sex::Female && age <= 40 && rng.chance(50.0) => PriorityReason::Pregnant,
            _ => PriorityReason::Disability,
        });
        let purpose = if in_group {
            Purpose::Umrah
        } else {
            match rng.weighted(&[
                (40, Purpose::Tourism),
                (22, Purpose::Umrah),
                (12, Purpose::Work),
                (8, Purpose::Study),
                (9, Purpose::FamilyVisit),
                (3, Purpose::Hajj),
                (6, Purpose::Other),
            ]) {
                Purpose::Work | Purpose::Hajj if age < 18 => Purpose::Tourism,
                Purpose::Study if !(15..=35).contains(&age) => Purpose::FamilyVisit,
                p => p,
            }
        };
        let application_type = match rng.weighted(&[
            (55, ApplicationType::New),
            (37, ApplicationType::Replacement),
            (5, ApplicationType::Lost),
            (3, ApplicationType::Damaged),
        ]) {
            _ if age < 6 => ApplicationType::New,
            ApplicationType::Lost | ApplicationType::Damaged if in_group => ApplicationType::Replacement,
            t => t,
        };
        let passport_kind = if rng.chance(45.0) { PassportKind::Electronic } else { PassportKind::Ordinary };
        // 10-year validity only from 17 (facts.md); most adults take it.
        let validity_years = if age >= 17 && rng.chance(85.0) { 10 } else { 5 };
        let service = if !in_group && rng.chance(10.0) { Service::Express } else { Service::Regular };
        let fee_idr = fees::quote(day, passport_kind, validity_years, service, application_type)
            .map_err(|e| StoreError::Refused(format!("demo day {day}: {e}")))?
            .total();
        let old_letter = if rng.chance(60.0) { 'B' } else { 'A' };
        let old_passport_no =
            application_type.needs_old_passport().then(|| format!("{old_letter}{:07}", rng.below(10_000_000)));
        let reschedule_count = u32::from(rng.chance(3.0));

        // Booked 1–30 days ahead, paid within the 2-hour window. The demo date's manifest still holds fresh
        // unpaid bookings (~10%); in history a few never paid, and they never came.
        let slot_at = day.and_time(start);
        let created = (day - Duration::days(rng.range(1, 30))).and_time(NaiveTime::MIN) + rng.minutes(6 * 60, 23 * 60);
        let created = created.min(self.now - Duration::hours(3));
        let unpaid_percent = if day == self.date { 10.0 } else { 3.0 };
        let paid_after = rng.minutes(3, 110);
        let paid = (in_group || !rng.chance(unpaid_percent)).then_some(created + paid_after);
        let withdrawn = (!in_group && rng.chance(1.0)).then(|| created + (slot_at - created) / 2);
        let shows = paid.is_some() && withdrawn.is_none() && (in_group || !rng.chance(5.0));
        let lead = Duration::minutes(i64::from(self.settings.checkin_lead_minutes));
        let opening = day.and_time(self.settings.opening_time);
        // A party arrives together with its leader; others up to an hour before the check-in deadline.
        let early = if in_group { rng.minutes(40, 41) } else { rng.minutes(0, 60) };
        let opening_rush = Duration::seconds(rng.range(0, 600));
        let arrival = shows.then(|| ((slot_at - lead - early).max(opening + opening_rush)).min(slot_at - lead));
        let rejection = rng.chance(3.0).then(|| {
            let &(_, reason, note) = rng.pick_weighted(REJECTIONS, |r| r.0);
            (reason, note)
        });
        // Most collect within a few working days; none after the 30 days when an uncollected one is cancelled.
        let (lo, hi) = rng.weighted(&[(40, (0, 0)), (35, (1, 3)), (20, (4, 10)), (5, (11, 20))]);
        let after = After {
            photo_first: rng.chance(50.0),
            by_post: rng.chance(15.0),
            same_day: rng.chance(75.0),
            ready_after: rng.minutes(90, 180),
            morning: rng.minutes(0, 150),
            pickup_days: rng.range(lo, hi) as u32,
            pickup_time: rng.minutes(30, 420),
            post_after: rng.minutes(30, 240),
        };
        let collector = (age < 17).then(|| {
            let n = names();
            let (given, second) = if rng.chance(50.0) { (&n.given_p, &n.second_p) } else { (&n.given_l, &n.second_l) };
            format!("{} {} (orang tua)", rng.pick(given), rng.pick(second))
        });
        let booking_code = self.booking_code();
        let billing_code = format!("8{}{seq:06}", day.format("%Y%m%d"));
        let created_utc = self.utc(created);
        let row = DemoRow {
            nik: person.nik,
            collected_by: Some(collector.unwrap_or_else(|| person.full_name.clone())),
            full_name: person.full_name,
            sex: person.sex,
            birth_date: person.birth_date,
            birth_place: person.birth_place,
            phone: person.phone,
            delivery_address: Some(person.address.clone()),
            address: person.address,
            booking_code,
            application_type,
            purpose,
            passport_kind,
            validity_years,
            service,
            slot_date: day,
            slot_start: start,
            billing_code,
            fee_idr,
            paid_at: None,
            old_passport_no,
            group_code: group,
            priority_reason,
            status: Status::Booked,
            reschedule_count,
            queue_no: None,
            checked_in_at: None,
            counter_no: None,
            called_at: None,
            photo_at: None,
            interview_at: None,
            decided_at: None,
            rejection_reason: None,
            rejection_note: None,
            ready_date: None,
            passport_no: None,
            ready_at: None,
            handed_over_at: None,
            pos_tracking_no: None,
            cancel_reason: None,
            cancelled_at: None,
            created_at: created_utc,
            updated_at: created_utc,
        };
        let plan = Plan {
            created,
            paid,
            withdrawn,
            arrival,
            line: line_for(service, priority_reason.is_some()),
            rejection,
            after,
            called: None,
            photo: None,
            interview: None,
            decided: None,
        };
        Ok(Life { row, plan })
    }

    /// The day at the counters: whenever a counter is free it calls the next waiting applicant, priority line
    /// first, then express, then regular, each by slot and arrival (as `Store::call_next` does).
    fn run_counters(&mut self, day: NaiveDate, lives: &mut [Life]) {
        let mut arrivals: Vec<(NaiveDateTime, usize)> =
            lives.iter().enumerate().filter_map(|(i, l)| l.plan.arrival.map(|a| (a, i))).collect();
        arrivals.sort_unstable();
        let first = day.and_time(self.settings.slot_template.first_start);
        let mut counters: BinaryHeap<Reverse<(NaiveDateTime, u32)>> =
            (1..=self.counters).map(|c| Reverse((first, c))).collect();
        let mut waiting = BinaryHeap::new();
        let mut next = 0;
        while let Some(Reverse((free, counter))) = counters.pop() {
            let mut t = free;
            if next < arrivals.len() && waiting.is_empty() {
                t = t.max(arrivals[next].0);
            }
            while next < arrivals.len() && arrivals[next].0 <= t {
                let (at, i) = arrivals[next];
                waiting.push(Reverse((line_rank(lives[i].plan.line), lives[i].row.slot_start, at, i)));
                next += 1;
            }
            let Some(Reverse((_, _, _, i))) = waiting.pop() else {
                break;
            };
            let plan = &mut lives[i].plan;
            let rng = &mut self.rng;
            let mut draw = |(lo, hi)| Duration::seconds(rng.range(lo, hi));
            let called = t + draw(CALL);
            let walk = draw(WALK);
            let photo_len = draw(PHOTO);
            let interview_len = draw(INTERVIEW);
            let decide = draw(DECIDE);
            let next_free = draw(NEXT);
            let (photo, interview) = if plan.after.photo_first {
                let photo = called + walk + photo_len;
                (Some(photo), photo + interview_len)
            } else {
                let interview = called + walk + interview_len;
                // A refusal at the interview ends the visit before the photo.
                let photo = plan.rejection.is_none().then_some(interview + photo_len);
                (photo, interview)
            };
            let decided = photo.unwrap_or(interview).max(interview) + decide;
            plan.called = Some((called, counter));
            plan.photo = photo;
            plan.interview = Some(interview);
            plan.decided = Some(decided);
            counters.push(Reverse((decided + next_free, counter)));
        }
    }

    /// Queue numbers per line in order of arrival, for those who have checked in by now.
    fn number_queue(&mut self, w: &DemoWriter<'_>, day: NaiveDate, lives: &mut [Life]) -> Result<(), StoreError> {
        let mut order: Vec<(NaiveDateTime, usize)> = lives
            .iter()
            .enumerate()
            .filter_map(|(i, l)| l.plan.arrival.filter(|a| *a <= self.now).map(|a| (a, i)))
            .collect();
        order.sort_unstable();
        let mut last = [0u32; 3];
        for (_, i) in order {
            let line = lives[i].plan.line;
            let n = &mut last[usize::from(line_rank(line))];
            *n += 1;
            lives[i].row.queue_no = Some(format_queue_number(line, *n));
        }
        for line in ServiceLine::ALL {
            let n = last[usize::from(line_rank(*line))];
            if n > 0 {
                w.set_last_queue_number(day, *line, n)?;
            }
        }
        Ok(())
    }

    /// Plays a planned life up to `now`: fills the row's columns for every step that has happened and returns
    /// those steps (for audit rows).
    fn settle(&mut self, life: Life) -> (DemoRow, Vec<Step>) {
        let Life { row, plan } = life;
        let mut s = Settle { sim: self, row, steps: Vec::new(), last: plan.created };
        if let Some(paid) = plan.paid.filter(|p| *p <= s.sim.now) {
            s.row.paid_at = Some(s.sim.utc(paid));
            s.last = paid;
        }
        match (plan.withdrawn, plan.arrival) {
            (Some(at), _) => s.cancel(at, CancelReason::Withdrawn, OFFICER, "withdraw"),
            (None, None) => {
                let closing = s.row.slot_date.and_time(s.sim.settings.closing_time);
                let day_close = closing + Duration::minutes(10);
                s.cancel(day_close, CancelReason::NoShow, SUPERVISOR, "cancel_no_show");
            }
            (None, Some(arrival)) => {
                if s.visit(arrival, &plan) {
                    if let Some(ready_date) = s.decide(&plan) {
                        s.collect(&plan, ready_date);
                    }
                }
            }
        }
        s.finish()
    }
}

/// Random draws for what happens after the counter, made at planning time (see [`Sim::plan`]).
struct After {
    photo_first: bool,
    by_post: bool,
    /// Express passports are mostly collected the day they are printed.
    same_day: bool,
    /// Express: from the decision to the printed passport.
    ready_after: Duration,
    /// Regular: when on the ready date's morning the passport is marked ready.
    morning: Duration,
    /// Working days after the ready date until collection at the counter.
    pickup_days: u32,
    /// Time of day of the collection (after the first slot starts).
    pickup_time: Duration,
    /// From ready to handing the parcel to PT Pos.
    post_after: Duration,
}

fn line_rank(line: ServiceLine) -> u8 {
    match line {
        ServiceLine::Priority => 0,
        ServiceLine::Express => 1,
        ServiceLine::Regular => 2,
    }
}

/// The row being played forward to `now` in [`Sim::settle`].
struct Settle<'s, 'a> {
    sim: &'s mut Sim<'a>,
    row: DemoRow,
    steps: Vec<Step>,
    last: NaiveDateTime,
}

impl Settle<'_, '_> {
    /// Moves to `to` at `at` if that has happened by now; false (and no change) if it has not.
    fn step(
        &mut self,
        at: NaiveDateTime,
        officer: &'static str,
        action: &'static str,
        to: Status,
        detail: String,
    ) -> bool {
        if at > self.sim.now {
            return false;
        }
        self.steps.push(Step { at, officer, action, from: self.row.status, to, detail });
        self.row.status = to;
        self.last = at;
        true
    }

    /// Check-in, call, photo and interview, as far as they have happened; true if all have.
    fn visit(&mut self, arrival: NaiveDateTime, plan: &Plan) -> bool {
        let queue_no = self.row.queue_no.clone().unwrap_or_default();
        if !self.step(arrival, OFFICER, "check_in", Status::CheckedIn, queue_no) {
            return false;
        }
        self.row.checked_in_at = Some(self.sim.utc(arrival));
        let Some((called, counter)) = plan.called else {
            return false;
        };
        if !self.step(called, OFFICER, "call", Status::AtCounter, String::new()) {
            return false;
        }
        self.row.counter_no = Some(counter);
        self.row.called_at = Some(self.sim.utc(called));
        let mut at_counter: Vec<(NaiveDateTime, bool)> = plan.photo.map(|p| (p, true)).into_iter().collect();
        at_counter.extend(plan.interview.map(|i| (i, false)));
        at_counter.sort_unstable();
        for (at, is_photo) in at_counter {
            let (action, detail) = if is_photo { ("photo", "photo and fingerprints taken") } else { ("interview", "") };
            if !self.step(at, OFFICER, action, Status::AtCounter, detail.into()) {
                return false;
            }
            let at = Some(self.sim.utc(at));
            if is_photo {
                self.row.photo_at = at;
            } else {
                self.row.interview_at = at;
            }
        }
        true
    }

    /// The officer's decision, if made by now; returns the ready date of an approval.
    fn decide(&mut self, plan: &Plan) -> Option<NaiveDate> {
        let decided = plan.decided?;
        if let Some((reason, note)) = plan.rejection {
            let detail = format!("{reason} {}", note.unwrap_or_default());
            if self.step(decided, OFFICER, "reject", Status::Rejected, detail.trim().into()) {
                self.row.decided_at = Some(self.sim.utc(decided));
                self.row.rejection_reason = Some(reason);
                self.row.rejection_note = note;
            }
            return None;
        }
        let day = self.row.slot_date;
        let ready_date = match self.row.service {
            Service::Express => day,
            Service::Regular => {
                let after = self.sim.settings.ready_after_working_days;
                self.sim.calendar.add_working_days(day, after)
            }
        };
        let detail = format!("ready on {ready_date}");
        if !self.step(decided, OFFICER, "approve", Status::Approved, detail) {
            return None;
        }
        self.row.decided_at = Some(self.sim.utc(decided));
        self.row.ready_date = Some(ready_date);
        Some(ready_date)
    }

    /// The printed passport and its hand-over at the counter or dispatch by PT Pos, as far as they have happened.
    fn collect(&mut self, plan: &Plan, ready_date: NaiveDate) {
        let (Some(decided), a) = (plan.decided, &plan.after) else {
            return;
        };
        let express = self.row.service == Service::Express;
        let first_slot = self.sim.settings.slot_template.first_start;
        let ready_at = if express {
            let closing = ready_date.and_time(self.sim.settings.closing_time);
            (decided + a.ready_after).min(closing - Duration::minutes(5)).max(decided + Duration::minutes(20))
        } else {
            ready_date.and_time(first_slot) + a.morning
        };
        if ready_at > self.sim.now {
            return;
        }
        // Numbers are used up only by passports actually printed.
        let passport_no = self.sim.passport_no();
        self.step(ready_at, OFFICER, "ready", Status::Ready, passport_no.clone());
        self.row.passport_no = Some(passport_no);
        self.row.ready_at = Some(self.sim.utc(ready_at));

        if a.by_post {
            let at = ready_at + a.post_after;
            self.sim.dispatches += 1;
            let tracking = format!("P{}{:06}", at.format("%y%m%d"), self.sim.dispatches % 1_000_000);
            let detail = format!("PT Pos {tracking}");
            if self.step(at, OFFICER, "dispatch", Status::Dispatched, detail) {
                self.row.handed_over_at = Some(self.sim.utc(at));
                self.row.pos_tracking_no = Some(tracking);
            }
            return;
        }
        let at = if express && a.same_day {
            ready_at + a.pickup_time / 7
        } else {
            let on = self.sim.calendar.add_working_days(ready_date, a.pickup_days);
            (on.and_time(first_slot) + a.pickup_time).max(ready_at + Duration::minutes(10))
        };
        let detail = format!("collected by {}", self.row.collected_by.as_deref().unwrap_or_default());
        if self.step(at, OFFICER, "hand_over", Status::HandedOver, detail) {
            self.row.handed_over_at = Some(self.sim.utc(at));
        }
    }

    fn cancel(&mut self, at: NaiveDateTime, reason: CancelReason, officer: &'static str, action: &'static str) {
        if self.step(at, officer, action, Status::Cancelled, String::new()) {
            self.row.cancel_reason = Some(reason);
            self.row.cancelled_at = Some(self.sim.utc(at));
        }
    }

    fn finish(self) -> (DemoRow, Vec<Step>) {
        let mut row = self.row;
        row.updated_at = self.sim.utc(self.last);
        // Only rows that left the counter keep these; they were pre-filled at planning time.
        if row.status != Status::HandedOver {
            row.collected_by = None;
        }
        if row.status != Status::Dispatched {
            row.delivery_address = None;
        }
        (row, self.steps)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::builtin_holidays;
    use crate::domain::queue::parse_queue_number;
    use std::collections::HashMap;

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
        let mut stmt = store.conn().prepare(sql).unwrap();
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
        assert!(matches!(build(&path, &opts, now(), &mut |_, _| {}), Err(StoreError::Refused(_))));
        std::fs::write(&path, b"").unwrap();
        let opts = DemoOptions { days: 1, ..opts };
        assert!(matches!(build(&path, &opts, now(), &mut |_, _| {}), Err(StoreError::Exists(_))));
    }

    #[test]
    fn small_demo_is_consistent() {
        let dir = tempfile::tempdir().unwrap();
        let (path, summary) = build_small(&dir, 7);
        let store = Store::open(&path).unwrap();
        let conn = store.conn();

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

        // Today's transitions are audited in order, ending in each application's current status.
        for a in apps.iter().filter(|a| a.status != Status::Booked) {
            let trail = store
                .audit(&crate::store::AuditFilter { booking_code: Some(a.booking_code.clone()), ..Default::default() })
                .unwrap();
            assert!(!trail.is_empty(), "{} has no audit rows", a.booking_code);
            assert_eq!(trail.last().unwrap().to_status.as_deref(), Some(a.status.as_str()));
            assert!(trail.windows(2).all(|w| w[0].to_status == w[1].from_status));
            assert_eq!(trail[0].from_status.as_deref(), Some("booked"));
        }
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

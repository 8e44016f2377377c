//! The supervisors' report, figure by figure, on hand-made days whose right answers are worked out by hand in
//! the comments and written into the assertions (never derived from the code under test): an ordinary busy day,
//! an empty day, a day of only no-shows, and a range across the Christmas holidays. Then the four renderings:
//! text, CSV (parsed back), JSON (parsed back, checked against its documentation) and HTML (structure).

mod common;

use chrono::{DateTime, Utc};
use common::{at, booking, date, fresh_nik, Office};
use loket::cli::Lang;
use loket::cli::ReportFormat;
use loket::domain::lifecycle::{CancelReason, RejectionReason};
use loket::domain::nik::Sex;
use loket::domain::types::{ApplicationType, PassportKind, PriorityReason, Purpose, Role};
use loket::report::{
    self, Backlog, CounterRow, DayRow, Decisions, DeskFigures, HourCount, LineTimes, OfficerRow, Options, Passports,
    Pnbp, Presence, PriorityCounts, QueueTotals, RejectedByReason, Report, Reschedules, ServiceCounts, ServiceLevel,
    ServiceSplit, SlotCounts, SlotRow, TimeStats,
};
use loket::store::{Actor, NewWalkIn};

/// An office-local (WIB, +07:00) instant: `wib("2026-11-25", "07:40")`.
fn wib(day: &str, hhmm: &str) -> DateTime<Utc> {
    at(&format!("{day}T{hhmm}:00+07:00"))
}

const DAY: &str = "2026-11-25";

/// An instant on the busy day.
fn t(hhmm: &str) -> DateTime<Utc> {
    wib(DAY, hhmm)
}

fn counts(
    quota: u32,
    booked: u32,
    arrived: u32,
    no_show: u32,
    pending: u32,
    withdrawn: u32,
    walk_ins: u32,
) -> SlotCounts {
    SlotCounts { quota, booked, arrived, no_show, pending, withdrawn, walk_ins }
}

fn slot(day: &str, start: &str, end: &str, c: SlotCounts) -> SlotRow {
    SlotRow { date: date(day), start: start.into(), end: end.into(), counts: c }
}

fn stats(count: u32, median: f64, p90: f64, max: f64, mean: f64) -> TimeStats {
    TimeStats {
        count,
        median_minutes: Some(median),
        p90_minutes: Some(p90),
        max_minutes: Some(max),
        mean_minutes: Some(mean),
    }
}

const NO_STATS: TimeStats =
    TimeStats { count: 0, median_minutes: None, p90_minutes: None, max_minutes: None, mean_minutes: None };

/// A line where nobody waited longer than the alert (45 minutes by default).
fn line(letter: &str, name: &str, waiting: TimeStats, service: TimeStats) -> LineTimes {
    let service_level =
        ServiceLevel { waited: waiting.count, over_alert: 0, over_alert_percent: (waiting.count > 0).then_some(0.0) };
    LineTimes { line: letter.into(), name: name.into(), waiting, service, service_level }
}

fn desk(served: u32, busy: f64, present: f64, idle: f64, presence: Presence, per_hour: Option<f64>) -> DeskFigures {
    DeskFigures {
        served,
        busy_minutes: busy,
        present_minutes: present,
        idle_minutes: idle,
        presence,
        served_per_hour: per_hour,
        busy_exceeds_present: false,
    }
}

/// The template's hourly slots 08:00–15:00 of `day`, quota 30, with `filled` in place of the empty ones.
fn template(day: &str, filled: &[SlotRow]) -> Vec<SlotRow> {
    (8..15)
        .map(|h| {
            let start = format!("{h:02}:00");
            filled
                .iter()
                .find(|s| s.date == date(day) && s.start == start)
                .cloned()
                .unwrap_or_else(|| slot(day, &start, &format!("{:02}:00", h + 1), counts(30, 0, 0, 0, 0, 0, 0)))
        })
        .collect()
}

/// English renderings, full detail.
const EN: Options = Options { lang: Lang::En, summary: false };
const ID: Options = Options { lang: Lang::Id, summary: false };

fn render(r: &Report, format: ReportFormat) -> String {
    report::render_text(r, format, &EN)
}

/// Hours 07–15 (the default office opens 07:30 and closes 16:00) with the given arrivals.
fn hours(arrivals: &[(u32, u32)]) -> Vec<HourCount> {
    (7..=15)
        .map(|hour| HourCount { hour, arrivals: arrivals.iter().find(|(h, _)| *h == hour).map_or(0, |(_, n)| *n) })
        .collect()
}

/// The queue part of a day row (the per-day times and counters are checked on their own).
type DayBasics = (chrono::NaiveDate, String, Option<String>, u32, SlotCounts);

fn day_row(day: &str, weekday: &str, day_off: Option<&str>, slots: u32, c: SlotCounts) -> DayBasics {
    (date(day), weekday.into(), day_off.map(str::to_string), slots, c)
}

fn basics(days: &[DayRow]) -> Vec<DayBasics> {
    days.iter().map(|d| (d.date, d.weekday.clone(), d.day_off.clone(), d.slots, d.counts)).collect()
}

/// A second counter officer for the per-officer figures.
fn add_officer(o: &mut Office, name: &str) -> Actor {
    o.store.add_officer(&Actor::system(), name, Role::Officer, "rahasia-123", common::import_time()).unwrap()
}

/// Takes a booking on an earlier day through check-in, a call to counter 4 and approval.
fn approve_earlier(o: &mut Office, code: &str, day: &str) {
    let officer = o.officer.clone();
    o.store.check_in(&officer, code, None, wib(day, "07:45")).unwrap();
    o.store.call(&officer, code, 4, wib(day, "08:00")).unwrap();
    o.store.record_interview(&officer, code, wib(day, "08:05")).unwrap();
    o.store.record_photo(&officer, code, wib(day, "08:07")).unwrap();
    o.store.approve(&officer, code, wib(day, "08:10")).unwrap();
}

/// The busy day, Wednesday 2026-11-25, reported at 17:00 WIB by the supervisor "kepala".
///
/// Slot 08:00: RPT00001 regular (in 07:40, counter 1 at 07:50, approved 08:02: waits 10, served in 12);
///   RPT00002 regular (in 07:42, counter 2 at 08:00 by petugas2, rejected pmi_non_prosedural 08:10: 18 / 10);
///   RPT00003 paid no-show; RPT00004 express (in 07:35, counter 1 at 08:05, approved 08:20: 30 / 15; ready
///   13:00, handed over 15:00); RPT00005 unpaid no-show.
/// Slot 09:00: RPT00006 regular, priority lansia (in 08:30, counter 2 at 08:40 by petugas2, transferred to
///   counter 3 at 08:50, approved there by kepala 09:05: 10 / 25); RPT00007 regular ordinary passport
///   (Rp350.000) (in 08:18, counter 1 at 08:30, absent 08:35, called again 08:45, rejected "lainnya" 08:55:
///   12 / 25); RPT00008 withdrawn on 2026-11-20.
/// Slot 10:00: RPT00009 still booked (pending); RPT00010 moved away to 11-27 (ordinary, done on 11-24);
///   RPT00011 moved away to 11-26 (special, 09:30 on the day); RPT00012 moved in from 11-24 (in 09:35, counter 2
///   at 09:50 by petugas2, approved 10:10: 15 / 20); RPT00013 checked in 09:30, never called; a balita walk-in
///   registered 10:20 (counter 1 at 10:28, approved 10:45: 8 / 17).
/// Sessions: petugas at counter 1 07:30–12:00; petugas2 at counter 2 08:00–11:00 and from 13:00 (still open).
/// Passports of earlier days: RPT00101 ready 11-05, RPT00103 ready 10-23, RPT00105 ready 11-13 (all still
///   waiting), RPT00104 ready 11-20 and collected only on 11-26, RPT00102 ready 11-23 and dispatched 11-25 11:00.
fn busy_day() -> (Office, Report) {
    let mut o = Office::new();
    let (officer, supervisor) = (o.officer.clone(), o.supervisor.clone());
    let officer2 = add_officer(&mut o, "petugas2");
    o.store.set_setting(&supervisor, "office_name", "Kantor Imigrasi <Uji> & Co", common::import_time()).unwrap();

    let mut ordinary = booking("RPT00007", DAY, "09:00").build();
    ordinary.passport_kind = PassportKind::Ordinary;
    ordinary.fee_idr = 350_000;
    let rows = vec![
        booking("RPT00001", DAY, "08:00").build(),
        booking("RPT00002", DAY, "08:00").build(),
        booking("RPT00003", DAY, "08:00").build(),
        booking("RPT00004", DAY, "08:00").express().build(),
        booking("RPT00005", DAY, "08:00").unpaid().build(),
        booking("RPT00006", DAY, "09:00").priority(PriorityReason::Elderly).build(),
        ordinary,
        booking("RPT00008", DAY, "09:00").build(),
        booking("RPT00009", DAY, "10:00").build(),
        booking("RPT00010", DAY, "10:00").build(),
        booking("RPT00011", DAY, "10:00").build(),
        booking("RPT00012", "2026-11-24", "10:00").build(),
        booking("RPT00013", DAY, "10:00").build(),
        booking("RPT00101", "2026-11-02", "09:00").build(),
        booking("RPT00102", "2026-11-18", "09:00").build(),
        booking("RPT00103", "2026-10-20", "09:00").build(),
        booking("RPT00104", "2026-11-16", "09:00").build(),
        booking("RPT00105", "2026-11-10", "09:00").build(),
    ];
    o.import(&rows);

    // Earlier days: passports waiting, one dispatched on the day, one collected the day after.
    for (code, day, ready) in [
        ("RPT00103", "2026-10-20", "2026-10-23"),
        ("RPT00101", "2026-11-02", "2026-11-05"),
        ("RPT00105", "2026-11-10", "2026-11-13"),
        ("RPT00104", "2026-11-16", "2026-11-20"),
        ("RPT00102", "2026-11-18", "2026-11-23"),
    ] {
        approve_earlier(&mut o, code, day);
        let number = format!("C00{}", &code[3..]);
        o.store.mark_ready(&officer, code, &number, wib(ready, "09:00")).unwrap();
    }
    let s2 = &mut o.store;
    s2.cancel(&officer, "RPT00008", CancelReason::Withdrawn, wib("2026-11-20", "10:00")).unwrap();
    s2.reschedule(&officer, "RPT00012", date(DAY), "10:00", None, wib("2026-11-23", "09:00")).unwrap();
    s2.reschedule(&officer, "RPT00010", date("2026-11-27"), "10:00", None, wib("2026-11-24", "10:00")).unwrap();

    let s = &mut o.store;
    let c1 = s.open_counter_session(&officer, 1, t("07:30")).unwrap();
    let c2 = s.open_counter_session(&officer2, 2, t("08:00")).unwrap();
    for (code, at) in [
        ("RPT00004", "07:35"),
        ("RPT00001", "07:40"),
        ("RPT00002", "07:42"),
        ("RPT00007", "08:18"),
        ("RPT00006", "08:30"),
        ("RPT00013", "09:30"),
        ("RPT00012", "09:35"),
    ] {
        s.check_in(&officer, code, None, t(at)).unwrap();
    }
    // Counter 1 (petugas)
    s.call(&officer, "RPT00001", 1, t("07:50")).unwrap();
    s.record_interview(&officer, "RPT00001", t("07:55")).unwrap();
    s.record_photo(&officer, "RPT00001", t("08:00")).unwrap();
    s.approve(&officer, "RPT00001", t("08:02")).unwrap();
    s.call(&officer, "RPT00004", 1, t("08:05")).unwrap();
    s.record_interview(&officer, "RPT00004", t("08:10")).unwrap();
    s.record_photo(&officer, "RPT00004", t("08:15")).unwrap();
    s.approve(&officer, "RPT00004", t("08:20")).unwrap();
    s.call(&officer, "RPT00007", 1, t("08:30")).unwrap();
    s.mark_absent(&officer, "RPT00007", t("08:35")).unwrap();
    s.call(&officer, "RPT00007", 1, t("08:45")).unwrap();
    s.record_interview(&officer, "RPT00007", t("08:50")).unwrap();
    s.reject(&officer, "RPT00007", RejectionReason::Other, "dokumen tidak lengkap", t("08:55")).unwrap();
    // Counter 2 (petugas2), and counter 3 (kepala) after a transfer
    s.call(&officer2, "RPT00002", 2, t("08:00")).unwrap();
    s.record_interview(&officer2, "RPT00002", t("08:05")).unwrap();
    s.reject(&officer2, "RPT00002", RejectionReason::NonProceduralMigrantWorker, "", t("08:10")).unwrap();
    s.call(&officer2, "RPT00006", 2, t("08:40")).unwrap();
    s.transfer(&officer2, "RPT00006", 3, t("08:50")).unwrap();
    s.record_interview(&supervisor, "RPT00006", t("08:55")).unwrap();
    s.record_photo(&supervisor, "RPT00006", t("09:00")).unwrap();
    s.approve(&supervisor, "RPT00006", t("09:05")).unwrap();
    s.reschedule(&supervisor, "RPT00011", date("2026-11-26"), "10:00", Some("SIMKIM down"), t("09:30")).unwrap();
    s.call(&officer2, "RPT00012", 2, t("09:50")).unwrap();
    s.record_interview(&officer2, "RPT00012", t("09:55")).unwrap();
    s.record_photo(&officer2, "RPT00012", t("10:00")).unwrap();
    s.approve(&officer2, "RPT00012", t("10:10")).unwrap();
    s.close_counter_session(&c2, t("11:00")).unwrap();
    // A balita walk-in at 10:20: priority line, regular service, Rp650.000 paid at the counter.
    let birth = date("2023-03-10");
    let walk_in = NewWalkIn {
        nik: fresh_nik(birth, Sex::Female),
        full_name: "Putri Balita".into(),
        sex: Sex::Female,
        birth_date: birth,
        phone: None,
        priority_reason: PriorityReason::Infant,
        application_type: ApplicationType::New,
        purpose: Purpose::FamilyVisit,
        passport_kind: PassportKind::Electronic,
        validity_years: 5,
        old_passport_no: None,
    };
    let w = s.register_walk_in_paid(&officer, &walk_in, "0A1B2C3D4E5F6789", t("10:20")).unwrap();
    assert_eq!((w.queue_no.as_deref(), w.fee_idr, w.slot_start.as_str()), (Some("P-002"), 650_000, "10:00"));
    let wc = w.booking_code;
    s.call(&officer, &wc, 1, t("10:28")).unwrap();
    s.record_interview(&officer, &wc, t("10:35")).unwrap();
    s.record_photo(&officer, &wc, t("10:40")).unwrap();
    s.approve(&officer, &wc, t("10:45")).unwrap();
    s.dispatch(&officer, "RPT00102", "Jl. Pemuda 1, Semarang", "P251125000001", t("11:00")).unwrap();
    s.close_counter_session(&c1, t("12:00")).unwrap();
    s.open_counter_session(&officer2, 2, t("13:00")).unwrap();
    s.mark_ready(&officer, "RPT00004", "C0000004", t("13:00")).unwrap();
    s.hand_over(&officer, "RPT00004", "Pemohon sendiri", t("15:00")).unwrap();
    s.cancel(&supervisor, "RPT00003", CancelReason::NoShow, t("16:10")).unwrap();
    s.cancel(&supervisor, "RPT00005", CancelReason::NoShow, t("16:10")).unwrap();
    // After the day: collected the next morning (still in the backlog at the end of the 25th).
    s.hand_over(&officer, "RPT00104", "Pemohon sendiri", wib("2026-11-26", "10:00")).unwrap();

    let report = report::build(&o.store, date(DAY), date(DAY), "kepala", t("17:00")).unwrap();
    (o, report)
}

#[test]
fn busy_day_every_figure() {
    let (_o, r) = busy_day();
    assert_eq!(r.schema, "loket.report/1");
    assert_eq!(r.office, "Kantor Imigrasi <Uji> & Co");
    assert_eq!(r.utc_offset, "+07:00");
    assert_eq!((r.from, r.to), (date(DAY), date(DAY)));
    assert_eq!(r.produced_by, "kepala");
    assert_eq!(r.produced_at, at("2026-11-25T10:00:00Z"));

    // Per slot: 08:00 has 5 booked (3 came, 2 no-shows); 09:00 has 2 booked (both came) and 1 withdrawn;
    // 10:00 has 3 booked (RPT00009 pending, RPT00012 and RPT00013 came) and the walk-in. The template's other
    // four slots (11:00–15:00) are there with their quota, empty: 7 × 30 = 210.
    assert_eq!(
        r.slots,
        template(
            DAY,
            &[
                slot(DAY, "08:00", "09:00", counts(30, 5, 3, 2, 0, 0, 0)),
                slot(DAY, "09:00", "10:00", counts(30, 2, 2, 0, 0, 1, 0)),
                slot(DAY, "10:00", "11:00", counts(30, 3, 2, 0, 1, 0, 1)),
            ]
        )
    );
    let day_counts = counts(210, 10, 7, 2, 1, 1, 1);
    assert_eq!(basics(&r.days), vec![day_row(DAY, "Wed", None, 7, day_counts)]);
    assert_eq!(r.totals, QueueTotals { counts: day_counts, checked_in: 8 });
    assert_eq!(r.priority, PriorityCounts { total: 2, lansia: 1, disabilitas: 0, hamil: 0, balita: 1 });
    assert_eq!(r.reschedules, Reschedules { ordinary: 1, special: 1 });

    // Approved: 1, 4, 6, 12 and the walk-in; rejected: 2 (pmi) and 7 (lainnya).
    assert_eq!(
        r.decisions,
        Decisions {
            served: 7,
            approved: 5,
            rejected: 2,
            rejected_by_reason: RejectedByReason {
                cegah_tangkal: 0,
                pmi_non_prosedural: 1,
                data_tidak_sah: 0,
                tujuan_melawan_hukum: 0,
                lainnya: 1,
            },
        }
    );
    assert_eq!(
        r.services,
        ServiceSplit {
            regular: ServiceCounts { checked_in: 7, served: 6, approved: 4, rejected: 2 },
            express: ServiceCounts { checked_in: 1, served: 1, approved: 1, rejected: 0 },
        }
    );

    // A: waits 10, 18, 12, 15 → sorted 10 12 15 18: median rank 2 = 12, p90 rank ⌈3.6⌉ = 4 = 18, mean
    //    55 / 4 = 13.75 → 13.8 (half up); service 12, 10, 25, 20 → 10 12 20 25: median 12, p90 25, mean
    //    67 / 4 = 16.75 → 16.8. RPT00013 was never called: no sample.
    // E: 30 / 15. P: waits 10 (RPT00006), 8 (walk-in) → 8 10: median 8, p90 10, mean 9; service 25, 17 → 17,
    //    25, mean 21. Nobody waited longer than 45 minutes.
    assert_eq!(
        r.lines,
        vec![
            line("A", "reguler", stats(4, 12.0, 18.0, 18.0, 13.8), stats(4, 12.0, 25.0, 25.0, 16.8)),
            line("E", "percepatan", stats(1, 30.0, 30.0, 30.0, 30.0), stats(1, 15.0, 15.0, 15.0, 15.0)),
            line("P", "prioritas", stats(2, 8.0, 10.0, 10.0, 9.0), stats(2, 17.0, 25.0, 25.0, 21.0)),
        ]
    );
    // All waits together: 8 10 10 12 15 18 30 → median rank 4 = 12, p90 rank ⌈6.3⌉ = 7 = 30, mean 103 / 7 =
    // 14.71 → 14.7.
    assert_eq!(r.period.waiting, stats(7, 12.0, 30.0, 30.0, 14.7));
    assert_eq!(r.service_level, ServiceLevel { waited: 7, over_alert: 0, over_alert_percent: Some(0.0) });
    assert_eq!((r.days[0].served, r.days[0].waiting), (7, stats(7, 12.0, 30.0, 30.0, 14.7)));
    let by_counter: Vec<(u32, u32)> = r.days[0].served_by_counter.iter().map(|c| (c.counter, c.served)).collect();
    assert_eq!(by_counter, vec![(1, 4), (2, 2), (3, 1)]);
    assert_eq!(r.previous, None, "one day has no previous-period comparison");

    // Counter 1: stints 12 + 15 + 5 (until absent) + 10 + 17 = 59; session 07:30–12:00 = 270 → idle 211;
    //   4 served in 4.5 hours = 0.89 → 0.9 per hour.
    // Counter 2: 10 + 10 (until the transfer) + 20 = 40; sessions 180 + 13:00–17:00 (open, up to now) 240 = 420;
    //   2 in 7 hours = 0.29 → 0.3.
    // Counter 3: 15, no session → office hours 07:30–16:00 = 510 → idle 495; 1 in 8.5 hours = 0.12 → 0.1.
    // The supervisor "kepala" approved at counter 3 without a session: not at a counter, so not idle.
    assert_eq!(
        r.counters,
        vec![
            CounterRow { counter: 1, figures: desk(4, 59.0, 270.0, 211.0, Presence::Sessions, Some(0.9)) },
            CounterRow { counter: 2, figures: desk(2, 40.0, 420.0, 380.0, Presence::Sessions, Some(0.3)) },
            CounterRow { counter: 3, figures: desk(1, 15.0, 510.0, 495.0, Presence::OfficeHours, Some(0.1)) },
        ]
    );
    assert_eq!(
        r.officers,
        vec![
            OfficerRow { officer: "kepala".into(), figures: desk(1, 15.0, 0.0, 0.0, Presence::NotAtCounter, None) },
            OfficerRow {
                officer: "petugas".into(),
                figures: desk(4, 59.0, 270.0, 211.0, Presence::Sessions, Some(0.9))
            },
            OfficerRow {
                officer: "petugas2".into(),
                figures: desk(2, 40.0, 420.0, 380.0, Presence::Sessions, Some(0.3)),
            },
        ]
    );
    assert!(r.data_problems.is_empty());

    // First check-ins: 07:35 07:40 07:42 | 08:18 08:30 | 09:30 09:35 | 10:20 (RPT00007's absent re-queue at
    // 08:35 is not a second arrival).
    assert_eq!(r.hourly_arrivals, hours(&[(7, 3), (8, 2), (9, 2), (10, 1)]));
    assert_eq!(
        r.hourly_bars()[..4].to_vec(),
        vec![("07".to_string(), 3), ("08".to_string(), 2), ("09".to_string(), 2), ("10".to_string(), 1)]
    );

    // Collected: 650.000 × 4 (1, 6, 12, walk-in) + 1.650.000 (express 4) = 4.250.000.
    // Rejected: 650.000 (2) + 350.000 (7) = 1.000.000. No-shows: 650.000 (3; 5 never paid).
    assert_eq!(
        r.pnbp,
        Pnbp {
            collected_idr: 4_250_000,
            forfeited_no_show_idr: 650_000,
            forfeited_rejected_idr: 1_000_000,
            total_idr: 5_900_000,
        }
    );
    assert_eq!(r.passports, Passports { made_ready: 1, handed_over: 1, dispatched: 1 });
    // Waiting at the end of the 25th: 104 (5 days, collected on the 26th), 105 (12), 101 (20), 103 (33).
    assert_eq!(
        r.backlog,
        Backlog {
            as_of: date(DAY),
            total: 4,
            days_0_7: 1,
            days_8_14: 1,
            days_15_30: 1,
            days_over_30: 1,
            oldest_days: Some(33),
        }
    );
}

#[test]
fn a_range_counts_reschedules_and_passports_of_every_day() {
    let (o, _) = busy_day();
    // 11-24..11-25: RPT00012's move away from the 24th now counts too; 11-24 had its slot (now empty).
    let r = report::build(&o.store, date("2026-11-24"), date(DAY), "kepala", t("17:00")).unwrap();
    assert_eq!(r.reschedules, Reschedules { ordinary: 2, special: 1 });
    assert_eq!(basics(&r.days)[0], day_row("2026-11-24", "Tue", None, 7, counts(210, 0, 0, 0, 0, 0, 0)));
    assert_eq!(r.totals.counts, counts(420, 10, 7, 2, 1, 1, 1));
    // Office hours now cover the 24th too (a working day): counter 3 present 2 × 510; 1 in 17 hours → 0.1.
    assert_eq!(
        r.counters[2],
        CounterRow { counter: 3, figures: desk(1, 15.0, 1020.0, 1005.0, Presence::OfficeHours, Some(0.1)) }
    );
    // Backlog as of the end of the 25th, as before.
    assert_eq!(r.backlog.total, 4);

    // The 26th alone: 104 was collected, 11-26 holds RPT00011 (moved in, still booked).
    let r =
        report::build(&o.store, date("2026-11-26"), date("2026-11-26"), "kepala", wib("2026-11-26", "17:00")).unwrap();
    assert_eq!(r.passports, Passports { made_ready: 0, handed_over: 1, dispatched: 0 });
    assert_eq!(r.totals.counts, counts(210, 1, 0, 0, 1, 0, 0));
    assert_eq!(r.reschedules, Reschedules { ordinary: 0, special: 0 });
    // 105 (13 days), 101 (21), 103 (34)
    assert_eq!(
        (r.backlog.total, r.backlog.days_8_14, r.backlog.days_15_30, r.backlog.days_over_30, r.backlog.oldest_days),
        (3, 1, 1, 1, Some(34))
    );

    // A range that ends before it starts is refused.
    assert!(report::build(&o.store, date(DAY), date("2026-11-24"), "kepala", t("17:00")).is_err());
}

#[test]
fn an_empty_day_is_all_zeros() {
    let o = Office::new();
    let r = report::build(&o.store, date(DAY), date(DAY), "kepala", t("17:00")).unwrap();
    assert_eq!(r.office, "Kantor Imigrasi");
    // An empty working day still has the template's slots and quota (7 × 30), not "no slots".
    assert_eq!(r.slots, template(DAY, &[]));
    let quota_only = counts(210, 0, 0, 0, 0, 0, 0);
    assert_eq!(basics(&r.days), vec![day_row(DAY, "Wed", None, 7, quota_only)]);
    assert_eq!(r.totals, QueueTotals { counts: quota_only, checked_in: 0 });
    assert_eq!(r.priority, PriorityCounts::default());
    assert_eq!(r.reschedules, Reschedules::default());
    assert_eq!(r.decisions, Decisions::default());
    assert_eq!(r.services, ServiceSplit::default());
    assert_eq!(
        r.lines,
        vec![
            line("A", "reguler", NO_STATS, NO_STATS),
            line("E", "percepatan", NO_STATS, NO_STATS),
            line("P", "prioritas", NO_STATS, NO_STATS),
        ]
    );
    assert!(r.counters.is_empty() && r.officers.is_empty());
    assert_eq!(r.hourly_arrivals, hours(&[]));
    assert_eq!(r.pnbp, Pnbp::default());
    assert_eq!(r.passports, Passports::default());
    assert_eq!(
        r.backlog,
        Backlog {
            as_of: date(DAY),
            total: 0,
            days_0_7: 0,
            days_8_14: 0,
            days_15_30: 0,
            days_over_30: 0,
            oldest_days: None
        }
    );
    // Every format renders an empty day.
    let json: serde_json::Value = serde_json::from_str(&render(&r, ReportFormat::Json)).unwrap();
    assert_eq!(json["lines"][0]["waiting"]["median_minutes"], serde_json::Value::Null);
    assert_eq!(json["backlog"]["oldest_days"], serde_json::Value::Null);
    assert!(render(&r, ReportFormat::Text).contains("08:00–09:00"));
    let html = render(&r, ReportFormat::Html);
    assert!(html.contains("<svg") && !html.contains("NaN") && !html.contains("=\"inf") && !html.contains("=\"-inf"));
    assert!(render(&r, ReportFormat::Csv).starts_with("section,date,key,measure,value\n"));
    assert!(report::render(&r, ReportFormat::Pdf, &ID).unwrap().starts_with(b"%PDF-"));

    // A Saturday is a day off by itself: no template slots.
    let r = report::build(&o.store, date("2026-11-28"), date("2026-11-28"), "kepala", t("17:00")).unwrap();
    assert_eq!(basics(&r.days), vec![day_row("2026-11-28", "Sat", Some("Saturday"), 0, SlotCounts::default())]);
    assert!(r.slots.is_empty());
    assert!(render(&r, ReportFormat::Text).contains("(no slots in these days)"));
}

#[test]
fn a_day_of_only_no_shows() {
    let mut o = Office::new();
    let supervisor = o.supervisor.clone();
    o.import(&[
        booking("NOSHOW01", DAY, "08:00").build(),
        booking("NOSHOW02", DAY, "08:00").express().build(),
        booking("NOSHOW03", DAY, "09:00").unpaid().build(),
    ]);
    for code in ["NOSHOW01", "NOSHOW02", "NOSHOW03"] {
        o.store.cancel(&supervisor, code, CancelReason::NoShow, t("16:10")).unwrap();
    }
    let r = report::build(&o.store, date(DAY), date(DAY), "kepala", t("17:00")).unwrap();
    assert_eq!(
        r.slots,
        template(
            DAY,
            &[
                slot(DAY, "08:00", "09:00", counts(30, 2, 0, 2, 0, 0, 0)),
                slot(DAY, "09:00", "10:00", counts(30, 1, 0, 1, 0, 0, 0)),
            ]
        )
    );
    assert_eq!(r.totals, QueueTotals { counts: counts(210, 3, 0, 3, 0, 0, 0), checked_in: 0 });
    assert_eq!(r.decisions, Decisions::default());
    assert_eq!(r.services, ServiceSplit::default());
    assert!(r.lines.iter().all(|l| l.waiting == NO_STATS && l.service == NO_STATS));
    // The supervisor's cancellations are not counter work.
    assert!(r.counters.is_empty() && r.officers.is_empty());
    assert_eq!(r.hourly_arrivals, hours(&[]));
    // Forfeited: 650.000 (regular) + 1.650.000 (express); the unpaid one paid nothing.
    assert_eq!(
        r.pnbp,
        Pnbp { collected_idr: 0, forfeited_no_show_idr: 2_300_000, forfeited_rejected_idr: 0, total_idr: 2_300_000 }
    );
    assert_eq!((r.passports, r.backlog.total), (Passports::default(), 0));
}

/// Wednesday 2026-12-23 to Monday 2026-12-28: Christmas collective leave (24th), Christmas (25th), a weekend.
#[test]
fn a_range_across_the_christmas_holidays() {
    let mut o = Office::new();
    let officer = o.officer.clone();
    let supervisor = o.supervisor.clone();
    // Nobody can book the holiday.
    let refused = o.try_import(&[booking("XMS00009", "2026-12-25", "08:00").build()]);
    assert!(!refused.committed && refused.problems[0].why.contains("day off"), "{refused:?}");
    o.import(&[
        booking("XMS00001", "2026-12-23", "08:00").build(),
        booking("XMS00002", "2026-12-23", "08:00").express().build(),
        booking("XMS00003", "2026-12-23", "09:00").build(),
        booking("XMS00004", "2026-12-23", "10:00").build(),
        booking("XMS00005", "2026-12-28", "08:00").build(),
    ]);
    let d23 = |hhmm| wib("2026-12-23", hhmm);
    let d28 = |hhmm| wib("2026-12-28", hhmm);
    let s = &mut o.store;
    // XMS00004 moves from the 23rd to the 28th (ordinary, the day before).
    s.reschedule(&officer, "XMS00004", date("2026-12-28"), "10:00", None, wib("2026-12-22", "10:00")).unwrap();
    // 23rd: XMS00001 waits 10 (07:40→07:50), served 15 (→08:05) at counter 1; express XMS00002 waits 10
    // (07:41→07:51), served 20 (→08:11) at counter 2; XMS00003 a paid no-show.
    s.check_in(&officer, "XMS00001", None, d23("07:40")).unwrap();
    s.check_in(&officer, "XMS00002", None, d23("07:41")).unwrap();
    s.call(&officer, "XMS00001", 1, d23("07:50")).unwrap();
    s.call(&officer, "XMS00002", 2, d23("07:51")).unwrap();
    for code in ["XMS00001", "XMS00002"] {
        s.record_interview(&officer, code, d23("07:58")).unwrap();
        s.record_photo(&officer, code, d23("08:00")).unwrap();
    }
    s.approve(&officer, "XMS00001", d23("08:05")).unwrap();
    s.approve(&officer, "XMS00002", d23("08:11")).unwrap();
    s.mark_ready(&officer, "XMS00002", "C0000902", d23("14:00")).unwrap();
    s.cancel(&supervisor, "XMS00003", CancelReason::NoShow, d23("16:10")).unwrap();
    // 28th: XMS00004 waits 12 (09:30→09:42), served 13 (→09:55) at counter 1; XMS00005 a paid no-show;
    // XMS00002 collected, XMS00001 made ready (and not collected).
    s.hand_over(&officer, "XMS00002", "Pemohon sendiri", d28("09:00")).unwrap();
    s.check_in(&officer, "XMS00004", None, d28("09:30")).unwrap();
    s.call(&officer, "XMS00004", 1, d28("09:42")).unwrap();
    s.record_interview(&officer, "XMS00004", d28("09:45")).unwrap();
    s.record_photo(&officer, "XMS00004", d28("09:50")).unwrap();
    s.approve(&officer, "XMS00004", d28("09:55")).unwrap();
    s.mark_ready(&officer, "XMS00001", "C0000901", d28("10:00")).unwrap();
    s.cancel(&supervisor, "XMS00005", CancelReason::NoShow, d28("16:10")).unwrap();

    let r = report::build(&o.store, date("2026-12-23"), date("2026-12-28"), "kepala", d28("17:00")).unwrap();
    let zero = SlotCounts::default();
    assert_eq!(
        basics(&r.days),
        vec![
            // The template's seven slots on the two working days; none on the days off.
            day_row("2026-12-23", "Wed", None, 7, counts(210, 3, 2, 1, 0, 0, 0)),
            day_row("2026-12-24", "Thu", Some("Cuti Bersama Hari Raya Natal"), 0, zero),
            day_row("2026-12-25", "Fri", Some("Hari Raya Natal"), 0, zero),
            day_row("2026-12-26", "Sat", Some("Saturday"), 0, zero),
            day_row("2026-12-27", "Sun", Some("Sunday"), 0, zero),
            day_row("2026-12-28", "Mon", None, 7, counts(210, 2, 1, 1, 0, 0, 0)),
        ]
    );
    let mut slots = template(
        "2026-12-23",
        &[
            slot("2026-12-23", "08:00", "09:00", counts(30, 2, 2, 0, 0, 0, 0)),
            slot("2026-12-23", "09:00", "10:00", counts(30, 1, 0, 1, 0, 0, 0)),
        ],
    );
    slots.extend(template(
        "2026-12-28",
        &[
            slot("2026-12-28", "08:00", "09:00", counts(30, 1, 0, 1, 0, 0, 0)),
            slot("2026-12-28", "10:00", "11:00", counts(30, 1, 1, 0, 0, 0, 0)),
        ],
    ));
    assert_eq!(r.slots, slots);
    assert_eq!(r.totals, QueueTotals { counts: counts(420, 5, 3, 2, 0, 0, 0), checked_in: 3 });
    assert_eq!(r.reschedules, Reschedules { ordinary: 1, special: 0 });
    assert_eq!(
        (r.decisions.served, r.decisions.approved, r.decisions.rejected, r.decisions.rejected_by_reason),
        (3, 3, 0, RejectedByReason::default())
    );
    assert_eq!(
        r.services,
        ServiceSplit {
            regular: ServiceCounts { checked_in: 2, served: 2, approved: 2, rejected: 0 },
            express: ServiceCounts { checked_in: 1, served: 1, approved: 1, rejected: 0 },
        }
    );
    // A: waits 10, 12; served 15, 13 → 13, 15.
    assert_eq!(
        r.lines,
        vec![
            line("A", "reguler", stats(2, 10.0, 12.0, 12.0, 11.0), stats(2, 13.0, 15.0, 15.0, 14.0)),
            line("E", "percepatan", stats(1, 10.0, 10.0, 10.0, 10.0), stats(1, 20.0, 20.0, 20.0, 20.0)),
            line("P", "prioritas", NO_STATS, NO_STATS),
        ]
    );
    // No sessions: office hours on the two working days, 2 × 510 minutes (none on the holidays); 2 served in 17
    // hours = 0.12 → 0.1, 1 → 0.06 → 0.1, 3 → 0.18 → 0.2.
    assert_eq!(
        r.counters,
        vec![
            CounterRow { counter: 1, figures: desk(2, 28.0, 1020.0, 992.0, Presence::OfficeHours, Some(0.1)) },
            CounterRow { counter: 2, figures: desk(1, 20.0, 1020.0, 1000.0, Presence::OfficeHours, Some(0.1)) },
        ]
    );
    assert_eq!(
        r.officers,
        vec![OfficerRow {
            officer: "petugas".into(),
            figures: desk(3, 48.0, 1020.0, 972.0, Presence::OfficeHours, Some(0.2))
        }]
    );
    assert_eq!(r.hourly_arrivals, hours(&[(7, 2), (9, 1)]));
    // Collected 650.000 + 1.650.000 + 650.000; forfeited 2 × 650.000.
    assert_eq!(
        r.pnbp,
        Pnbp {
            collected_idr: 2_950_000,
            forfeited_no_show_idr: 1_300_000,
            forfeited_rejected_idr: 0,
            total_idr: 4_250_000
        }
    );
    assert_eq!(r.passports, Passports { made_ready: 2, handed_over: 1, dispatched: 0 });
    assert_eq!(
        r.backlog,
        Backlog {
            as_of: date("2026-12-28"),
            total: 1,
            days_0_7: 1,
            days_8_14: 0,
            days_15_30: 0,
            days_over_30: 0,
            oldest_days: Some(0)
        }
    );
    // The parts add up to the whole.
    let sum = |f: fn(&SlotCounts) -> u32| r.days.iter().map(|d| f(&d.counts)).sum::<u32>();
    assert_eq!(sum(|c| c.booked), r.totals.counts.booked);
    assert_eq!(sum(|c| c.arrived) + sum(|c| c.walk_ins), r.totals.checked_in);
    assert_eq!(r.hourly_arrivals.iter().map(|h| h.arrivals).sum::<u32>(), r.totals.checked_in);
}

// ---------------------------------------------------------------------------------------------------------
// Renderings

#[test]
fn csv_is_one_fact_per_row_and_parses() {
    let (_o, r) = busy_day();
    let text = render(&r, ReportFormat::Csv);
    assert!(!text.starts_with('\u{feff}'), "no byte-order mark");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(reader.headers().unwrap(), vec!["section", "date", "key", "measure", "value"]);
    let rows: Vec<Vec<String>> =
        reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>()).collect();
    assert!(rows.iter().all(|r| r.len() == 5));
    let mut seen = std::collections::HashSet::new();
    for r in &rows {
        assert!(seen.insert(r[..4].to_vec()), "fact {r:?} appears twice");
    }
    let value = |section: &str, date: &str, key: &str, measure: &str| -> String {
        rows.iter()
            .find(|r| r[0] == section && r[1] == date && r[2] == key && r[3] == measure)
            .unwrap_or_else(|| panic!("no {section},{date},{key},{measure}"))[4]
            .clone()
    };
    assert_eq!(value("report", "", "", "office"), "Kantor Imigrasi <Uji> & Co");
    assert_eq!(value("report", "", "", "produced_at"), "2026-11-25T10:00:00Z");
    assert_eq!(value("slot", DAY, "08:00-09:00", "booked"), "5");
    assert_eq!(value("slot", DAY, "10:00-11:00", "walk_ins"), "1");
    assert_eq!(value("day", DAY, "", "day_off"), "");
    assert_eq!(value("totals", "", "", "checked_in"), "8");
    assert_eq!(value("rejected_by_reason", "", "lainnya", "count"), "1");
    assert_eq!(value("times", "", "A", "waiting_median_minutes"), "12");
    assert_eq!(value("counter", "", "2", "present_minutes"), "420");
    assert_eq!(value("officer", "", "kepala", "presence"), "not_at_counter");
    assert_eq!(value("counter", "", "1", "served_per_hour"), "0.9");
    assert_eq!(value("times", "", "A", "waiting_mean_minutes"), "13.8");
    assert_eq!(value("service_level", "", "all", "waited"), "7");
    // The office name starts with nothing a spreadsheet would run; text stays text.
    assert_eq!(value("hourly_arrivals", "", "07", "arrivals"), "3");
    assert_eq!(value("pnbp", "", "", "collected_idr"), "4250000");
    assert_eq!(value("backlog", DAY, "days_over_30", "count"), "1");

    let o = Office::new();
    let empty = report::build(&o.store, date(DAY), date(DAY), "kepala", t("17:00")).unwrap();
    let text = render(&empty, ReportFormat::Csv);
    assert!(text.contains("times,,E,service_p90_minutes,\n"), "no data is an empty value");
}

#[test]
fn json_is_stable_and_documented() {
    let (_o, r) = busy_day();
    let text = render(&r, ReportFormat::Json);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["schema"], "loket.report/1");
    assert_eq!(v["from"], DAY);
    assert_eq!(v["produced_at"], "2026-11-25T10:00:00Z");
    assert_eq!(v["slots"][0]["start"], "08:00");
    assert_eq!(v["slots"][0]["no_show"], 2);
    assert_eq!(v["totals"]["booked"], 10);
    assert_eq!(v["decisions"]["rejected_by_reason"]["pmi_non_prosedural"], 1);
    assert_eq!(v["lines"][0]["waiting"]["median_minutes"], 12.0);
    assert_eq!(v["counters"][2]["presence"], "office_hours");
    assert_eq!(v["hourly_arrivals"][0], serde_json::json!({"hour": 7, "arrivals": 3}));
    assert_eq!(v["pnbp"]["total_idr"], 5_900_000);
    assert_eq!(v["backlog"]["oldest_days"], 33);

    // Every field name the JSON has is documented.
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/report-json.md")).unwrap();
    let mut keys = std::collections::BTreeSet::new();
    fn collect(v: &serde_json::Value, keys: &mut std::collections::BTreeSet<String>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, v) in m {
                    keys.insert(k.clone());
                    collect(v, keys);
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|v| collect(v, keys)),
            _ => {}
        }
    }
    collect(&v, &mut keys);
    let missing: Vec<&String> = keys
        .iter()
        .filter(|k| ![format!("`{k}`"), format!(".{k}`"), format!("`{k}.")].iter().any(|p| doc.contains(p)))
        .collect();
    assert!(missing.is_empty(), "docs/report-json.md does not document {missing:?}");
}

#[test]
fn html_is_one_self_contained_printable_page() {
    let (_o, r) = busy_day();
    let html = render(&r, ReportFormat::Html);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
    assert!(html.contains("<meta charset=\"utf-8\">"));
    assert!(html.contains("<html lang=\"en\">"));
    // A4 with page numbers in the margin; long names wrap instead of widening the page.
    assert!(html.contains("@page { size: A4;"));
    assert!(html.contains("content: \"Page \" counter(page) \" of \" counter(pages)"));
    assert!(html.contains("td.l { white-space: normal; overflow-wrap: break-word; }"));
    // Names the office (escaped), the range, who produced it and when.
    assert!(html.contains("Kantor Imigrasi &lt;Uji&gt; &amp; Co"));
    assert!(!html.contains("<Uji>"));
    assert!(html.contains("Wednesday, 25 November 2026"));
    assert!(html.contains("Produced by kepala on 2026-11-25 17:00 (+07:00)"));
    // Charts inline (hourly arrivals, per slot), nothing fetched or run.
    assert_eq!(html.matches("<svg").count(), 2);
    assert_eq!(html.matches("<svg").count(), html.matches("</svg>").count());
    let lower = html.to_lowercase();
    for banned in ["<script", "http", "src=", "href=", "@import", "url(", "<link", "<iframe", "<img"] {
        assert!(!lower.contains(banned), "the page contains {banned:?}");
    }
    // Balanced structure.
    for tag in ["table", "section", "header", "footer", "figure", "tr", "svg", "div"] {
        assert_eq!(
            html.matches(&format!("<{tag}")).count(),
            html.matches(&format!("</{tag}>")).count(),
            "<{tag}> open/close"
        );
    }
    // The figures are in the tables, with the same rounding as everywhere.
    assert!(html.contains("<td>Rp 4,250,000</td>"));
    assert!(html.contains(
        "<td class=\"l\">A reguler</td><td>4</td><td>12.0</td><td>18.0</td><td>18.0</td><td>13.8</td><td>0 (0.0%)</td>"
    ));
    // The signature block, with a line for the name when the setting is empty.
    assert!(html.contains("<div class=\"signature\"><p>Acknowledged,</p><p>Kepala Kantor</p>"));
}

/// `--lang id` (the default): headings, labels, day and month names, decimal comma, Rp 1.250.000.
#[test]
fn html_and_text_speak_indonesian() {
    let (mut o, _) = busy_day();
    let supervisor = o.supervisor.clone();
    let now = common::import_time();
    o.store.set_setting(&supervisor, "report_signer_name", "Dra. Siti Rahmawati, M.Si.", now).unwrap();
    o.store.set_setting(&supervisor, "report_signer_nip", "197805122003122001", now).unwrap();
    assert!(o.store.set_setting(&supervisor, "report_signer_nip", "12345", now).is_err(), "a NIP has 18 digits");
    let r = report::build(&o.store, date(DAY), date(DAY), "kepala", t("17:00")).unwrap();
    let html = report::render_text(&r, ReportFormat::Html, &ID);
    assert!(html.contains("<html lang=\"id\">"));
    assert!(html.contains("Rabu, 25 November 2026"));
    assert!(html.contains("Dibuat oleh kepala pada 2026-11-25 17:00 (+07:00)"));
    assert!(html.contains("<h2>Waktu tunggu dan layanan (menit)</h2>"));
    assert!(html.contains("<td>Rp 4.250.000</td>"));
    assert!(html.contains(
        "<td class=\"l\">A reguler</td><td>4</td><td>12,0</td><td>18,0</td><td>18,0</td><td>13,8</td><td>0 (0,0%)</td>"
    ));
    assert!(html.contains("content: \"Halaman \" counter(page) \" dari \" counter(pages)"));
    assert!(html.contains(
        "<div class=\"signature\"><p>Mengetahui,</p><p>Kepala Kantor</p><div class=\"space\"></div>\
         <p class=\"name\">Dra. Siti Rahmawati, M.Si.</p><p>NIP. 19780512 200312 2 001</p></div>"
    ));
    let text = report::render_text(&r, ReportFormat::Text, &ID);
    assert!(text.starts_with("Laporan pengawas — Kantor Imigrasi <Uji> & Co\nRabu, 25 November 2026\n"));
    assert!(text.contains("Rp 4.250.000  PNBP diterima"));
    assert!(text.contains("Mengetahui,"));
    assert!(text.contains("NIP. 19780512 200312 2 001"));
    // CSV keys stay identifiers and numbers keep the dot, whatever the language.
    let csv_id = report::render_text(&r, ReportFormat::Csv, &ID);
    assert_eq!(csv_id, report::render_text(&r, ReportFormat::Csv, &EN));
    assert!(csv_id.contains("times,,A,waiting_mean_minutes,13.8\n"));
    let json_id = report::render_text(&r, ReportFormat::Json, &ID);
    assert_eq!(json_id, report::render_text(&r, ReportFormat::Json, &EN));
}

#[test]
fn text_reads_like_a_report() {
    let (_o, r) = busy_day();
    let text = render(&r, ReportFormat::Text);
    assert!(text.starts_with("Supervisors' report — Kantor Imigrasi <Uji> & Co\nWednesday, 25 November 2026\n"));
    assert!(text.contains("Produced by kepala on 2026-11-25 17:00 (+07:00) · office time UTC+07:00"));
    assert!(text.contains("Rp 4,250,000  PNBP collected"));
    assert!(text.contains("  Ordinary reschedules              1  Rejected: other                          1\n"));
    assert!(text.contains("08:00–09:00     30       5        3        2        0          0         0"), "{text}");
    assert!(text.contains("Acknowledged,"));
}

/// A realistic demo day: the report's own invariants hold, and the HTML is written to `$LOKET_REPORT_HTML` when
/// set (to look at it in a browser).
#[test]
fn a_demo_day_adds_up() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let now = at("2026-11-25T16:30:00+07:00");
    let opts = loket::demo::DemoOptions { date: date(DAY), days: 1, per_day: 120, seed: 2026 };
    loket::demo::build(&path, &opts, now, &mut |_, _| {}).unwrap();
    let store = loket::store::Store::open(&path).unwrap();
    let r = report::build(&store, date(DAY), date(DAY), "supervisor", now).unwrap();
    let c = &r.totals.counts;
    assert_eq!(c.booked + c.withdrawn + c.walk_ins, 120);
    assert_eq!(c.booked, c.arrived + c.no_show + c.pending);
    for s in &r.slots {
        assert_eq!(s.counts.booked, s.counts.arrived + s.counts.no_show + s.counts.pending, "{s:?}");
    }
    assert_eq!(r.hourly_arrivals.iter().map(|h| h.arrivals).sum::<u32>(), r.totals.checked_in);
    assert_eq!(r.decisions.served, r.decisions.approved + r.decisions.rejected);
    let by_reason: u32 = r.decisions.rejected_by_reason.pairs().iter().map(|(_, n)| n).sum();
    assert_eq!(by_reason, r.decisions.rejected);
    assert_eq!(r.services.regular.served + r.services.express.served, r.decisions.served);
    assert_eq!(r.counters.iter().map(|c| c.figures.served).sum::<u32>(), r.decisions.served);
    assert_eq!(r.officers.iter().map(|o| o.figures.served).sum::<u32>(), r.decisions.served);
    assert!(r
        .lines
        .iter()
        .all(|l| l.waiting.median_minutes <= l.waiting.p90_minutes && l.waiting.p90_minutes <= l.waiting.max_minutes));
    assert_eq!(r.pnbp.total_idr, r.pnbp.collected_idr + r.pnbp.forfeited_no_show_idr + r.pnbp.forfeited_rejected_idr);
    let b = &r.backlog;
    assert_eq!(b.total, b.days_0_7 + b.days_8_14 + b.days_15_30 + b.days_over_30);
    let html = render(&r, ReportFormat::Html);
    assert!(html.contains("Kantor Imigrasi Kelas I TPI Semarang"));
    if let Some(out) = std::env::var_os("LOKET_REPORT_HTML") {
        std::fs::write(out, html).unwrap();
    }
}

/// The README's list of CSV columns is the header the code writes (and the header row of every CSV report).
#[test]
fn the_readme_lists_the_csv_columns_the_code_writes() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let line = readme.lines().find(|l| l.contains("CSV columns:")).expect("README names the CSV columns");
    let listed: Vec<&str> = line
        .split("CSV columns:")
        .nth(1)
        .unwrap()
        .split(',')
        .map(|c| c.trim().trim_end_matches('.').trim_matches('`'))
        .collect();
    assert_eq!(listed, report::CSV_COLUMNS.to_vec());
    let (_o, r) = busy_day();
    let csv = render(&r, ReportFormat::Csv);
    assert_eq!(csv.lines().next().unwrap(), listed.join(","));
}

/// The audit chain head, when the audit trail provides one, is printed with the report (and in its JSON/CSV).
#[test]
fn the_audit_chain_head_is_printed_when_known() {
    let (_o, mut r) = busy_day();
    // Built from a real office database, the report carries that chain's head (12 hex digits).
    let head = r.chain_head.clone().expect("the office chain has a head");
    assert!(head.len() == 12 && head.chars().all(|c| c.is_ascii_hexdigit()), "{head}");
    r.chain_head = None;
    assert!(!render(&r, ReportFormat::Text).contains("Audit chain head"));
    r.chain_head = Some("9f2c61d0".into());
    assert!(render(&r, ReportFormat::Text).contains("Audit chain head: 9f2c61d0"));
    assert!(report::render_text(&r, ReportFormat::Html, &ID).contains("Kepala rantai audit: 9f2c61d0"));
    assert!(render(&r, ReportFormat::Csv).contains("report,,,chain_head,9f2c61d0\n"));
    let v: serde_json::Value = serde_json::from_str(&render(&r, ReportFormat::Json)).unwrap();
    assert_eq!(v["chain_head"], "9f2c61d0");
}

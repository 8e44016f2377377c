//! Every figure of the report, computed from the facts the store reads (no SQL here, no I/O): the definitions
//! live in this file and are documented on the fields of [`super::Report`].

use super::{
    Backlog, CounterCount, CounterRow, DayRow, Decisions, DeskFigures, HourCount, LineTimes, OfficerRow, Passports,
    PeriodFigures, Pnbp, Presence, PriorityCounts, QueueTotals, Report, Reschedules, ServiceLevel, ServiceSplit,
    Signature, SlotCounts, SlotRow, TimeStats, SCHEMA, UNRECORDED,
};
use crate::domain::audit::AuditAction;
use crate::domain::lifecycle::{CancelReason, RejectionReason};
use crate::domain::queue::{line_for, ServiceLine};
use crate::domain::settings::{format_offset, OfficeSettings};
use crate::domain::types::{PriorityReason, Service};
use crate::store::{PassportMoves, PeriodVisit, ReportSession, ReportSlot, ReportVisit};
use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Timelike, Utc, Weekday};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// What the store read for a report.
pub struct Facts<'a> {
    pub settings: &'a OfficeSettings,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub produced_by: &'a str,
    pub now: DateTime<Utc>,
    pub slots: Vec<ReportSlot>,
    pub days_off: Vec<(NaiveDate, String)>,
    pub visits: Vec<ReportVisit>,
    pub reschedules: Vec<(bool, DateTime<Utc>)>,
    pub sessions: Vec<ReportSession>,
    pub moves: PassportMoves,
    pub uncollected: Vec<DateTime<Utc>>,
    /// The supervisors' account names.
    pub supervisors: Vec<String>,
}

/// An application's time with an applicant at one counter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stint {
    pub counter: Option<u32>,
    /// Who ended it (decided, transferred on, put back, marked absent); `None` without audit rows.
    pub officer: Option<Arc<str>>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// An application's visit replayed from its desk events (or, without audit rows, from its columns).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Visit {
    pub checked_in: Option<DateTime<Utc>>,
    pub first_call: Option<DateTime<Utc>>,
    pub decided: Option<DateTime<Utc>>,
    pub decided_by: Option<Arc<str>>,
    pub decided_at_counter: Option<u32>,
    /// Finished stints only (an applicant still at a counter has an open one, not listed).
    pub stints: Vec<Stint>,
}

/// Replays one application's desk events: first check-in, first call, the stints at counters, the decision.
pub fn replay(v: &ReportVisit) -> Visit {
    let mut out = Visit::default();
    let mut open: Option<(Option<u32>, DateTime<Utc>)> = None;
    let mut event_decision = None;
    for e in &v.events {
        let close = |out: &mut Visit, open: &mut Option<(Option<u32>, DateTime<Utc>)>| {
            if let Some((counter, start)) = open.take() {
                out.stints.push(Stint { counter, officer: Some(e.officer.clone()), start, end: e.at.max(start) });
                counter
            } else {
                None
            }
        };
        match e.action {
            AuditAction::CheckIn => {
                out.checked_in.get_or_insert(e.at);
            }
            AuditAction::Call => {
                out.first_call.get_or_insert(e.at);
                close(&mut out, &mut open);
                open = Some((e.counter.or(v.counter_no), e.at));
            }
            AuditAction::Transfer => {
                close(&mut out, &mut open);
                open = Some((e.counter, e.at));
            }
            AuditAction::PutBack | AuditAction::Absent => {
                close(&mut out, &mut open);
            }
            AuditAction::Approve | AuditAction::Reject => {
                let counter = close(&mut out, &mut open);
                event_decision = Some(e.at);
                out.decided_by = Some(e.officer.clone());
                out.decided_at_counter = counter.or(v.counter_no);
            }
            _ => {}
        }
    }
    // Without audit rows (demo history, or a row the log does not cover) the columns hold the last values.
    out.checked_in = out.checked_in.or(v.checked_in_at);
    out.first_call = out.first_call.or(v.called_at);
    out.decided = event_decision.or(v.decided_at);
    if event_decision.is_none() {
        if let (Some(called), Some(decided)) = (v.called_at, v.decided_at) {
            out.decided_at_counter = v.counter_no;
            out.stints.push(Stint { counter: v.counter_no, officer: None, start: called, end: decided.max(called) });
        }
    }
    out
}

/// The nearest-rank `p`-th percentile of sorted values (1 ≤ p ≤ 100): the value at rank ⌈p·n/100⌉.
pub fn nearest_rank(sorted: &[i64], p: usize) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len()).div_ceil(100).clamp(1, sorted.len());
    Some(sorted[rank - 1])
}

/// The one rounding rule of the report, its files and the F8 screen: half up to one decimal. Integer
/// arithmetic, so 0.05 always rounds up: `numerator / denominator` in tenths, rounded half up.
pub fn tenths_half_up(numerator: u64, denominator: u64) -> u64 {
    if denominator == 0 {
        return 0;
    }
    (numerator * 20 + denominator) / (denominator * 2)
}

/// Seconds as minutes rounded half up to 0.1 (90 s → 1.5, 93 s → 1.6, 87 s → 1.5, 86 s → 1.4).
pub fn to_minutes(seconds: i64) -> f64 {
    tenths_of_minutes(seconds) as f64 / 10.0
}

fn tenths_of_minutes(seconds: i64) -> u64 {
    tenths_half_up(u64::try_from(seconds).unwrap_or(0), 60)
}

/// A share in percent rounded half up to 0.1; `None` of nothing.
pub fn percent(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| tenths_half_up(u64::from(part) * 100, u64::from(whole)) as f64 / 10.0)
}

/// Count, median, 90th percentile, maximum and mean of durations in seconds, as minutes.
pub fn stats(mut seconds: Vec<i64>) -> TimeStats {
    seconds.sort_unstable();
    let n = seconds.len() as u64;
    let sum: u64 = seconds.iter().map(|s| u64::try_from(*s).unwrap_or(0)).sum();
    TimeStats {
        count: u32::try_from(seconds.len()).unwrap_or(u32::MAX),
        median_minutes: nearest_rank(&seconds, 50).map(to_minutes),
        p90_minutes: nearest_rank(&seconds, 90).map(to_minutes),
        max_minutes: seconds.last().copied().map(to_minutes),
        mean_minutes: (n > 0).then(|| tenths_half_up(sum, 60 * n) as f64 / 10.0),
    }
}

/// The share of waits longer than `alert_minutes`.
pub fn service_level(waits: &[i64], alert_minutes: u32) -> ServiceLevel {
    let waited = u32::try_from(waits.len()).unwrap_or(u32::MAX);
    let over = waits.iter().filter(|w| **w > i64::from(alert_minutes) * 60).count() as u32;
    ServiceLevel { waited, over_alert: over, over_alert_percent: percent(over, waited) }
}

fn secs(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    (to - from).num_seconds().max(0)
}

fn weekday(d: NaiveDate) -> &'static str {
    match d.weekday() {
        Weekday::Mon => "Mon",
        Weekday::Tue => "Tue",
        Weekday::Wed => "Wed",
        Weekday::Thu => "Thu",
        Weekday::Fri => "Fri",
        Weekday::Sat => "Sat",
        Weekday::Sun => "Sun",
    }
}

fn line_of(v: &ReportVisit) -> ServiceLine {
    let by_ticket = v.queue_no.as_deref().and_then(|q| q.chars().next()).and_then(|c| match c {
        'A' => Some(ServiceLine::Regular),
        'E' => Some(ServiceLine::Express),
        'P' => Some(ServiceLine::Priority),
        _ => None,
    });
    by_ticket.unwrap_or_else(|| line_for(v.service, v.priority_reason.is_some()))
}

/// The UTC instant of an office-local date and time.
fn utc_at(settings: &OfficeSettings, date: NaiveDate, time: chrono::NaiveTime) -> DateTime<Utc> {
    settings
        .utc_offset
        .from_local_datetime(&date.and_time(time))
        .single()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| date.and_time(time).and_utc())
}

#[derive(Default)]
struct Desk {
    served: u32,
    busy: i64,
    present: i64,
    has_session: bool,
}

/// Busy, present and idle in tenths of minutes, each rounded once: `busy + idle = present` whenever busy does
/// not exceed present; when it does, idle is 0 and the figures are flagged, never silently trimmed.
fn desk_figures(d: &Desk, office_hours: i64, supervisor: bool) -> DeskFigures {
    let (present, presence) = if d.has_session {
        (d.present, Presence::Sessions)
    } else if supervisor {
        (0, Presence::NotAtCounter)
    } else {
        (office_hours, Presence::OfficeHours)
    };
    let busy_t = tenths_of_minutes(d.busy);
    let present_t = tenths_of_minutes(present);
    let exceeds = presence != Presence::NotAtCounter && busy_t > present_t;
    let served_per_hour = (present > 0)
        .then(|| tenths_half_up(u64::from(d.served) * 3600, u64::try_from(present).unwrap_or(1)) as f64 / 10.0);
    DeskFigures {
        served: d.served,
        busy_minutes: busy_t as f64 / 10.0,
        present_minutes: present_t as f64 / 10.0,
        idle_minutes: present_t.saturating_sub(busy_t) as f64 / 10.0,
        presence,
        served_per_hour,
        busy_exceeds_present: exceeds,
    }
}

/// The slots of the range: the template on every working day with the quota setting, overridden (quota, end)
/// or completed by the slots stored for that day (a day off keeps only stored slots).
fn planned_slots(f: &Facts<'_>, holidays: &BTreeMap<NaiveDate, &str>) -> BTreeMap<(NaiveDate, String), (String, u32)> {
    let mut plan = BTreeMap::new();
    for date in f.from.iter_days().take_while(|d| *d <= f.to) {
        let working = !holidays.contains_key(&date) && !matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
        if !working {
            continue;
        }
        for (start, end) in f.settings.slot_template.slots() {
            plan.insert(
                (date, start.format("%H:%M").to_string()),
                (end.format("%H:%M").to_string(), f.settings.slot_quota),
            );
        }
    }
    for s in &f.slots {
        plan.insert((s.date, s.start.clone()), (s.end.clone(), s.quota));
    }
    plan
}

/// A day's waits (seconds), decisions by counter and decisions.
#[derive(Default)]
struct DayDesk {
    waits: Vec<i64>,
    by_counter: BTreeMap<u32, u32>,
    served: u32,
}

/// Computes the report from the facts.
pub fn compute(f: &Facts<'_>) -> Report {
    let settings = f.settings;
    let replayed: Vec<Visit> = f.visits.iter().map(replay).collect();

    // Slots and days.
    let holidays: BTreeMap<NaiveDate, &str> = f.days_off.iter().map(|(d, n)| (*d, n.as_str())).collect();
    let plan = planned_slots(f, &holidays);
    let mut slot_counts: BTreeMap<(NaiveDate, String), SlotCounts> = BTreeMap::new();
    for (key, (_, quota)) in &plan {
        slot_counts.entry(key.clone()).or_default().quota += quota;
    }
    // The visits come by slot (see `Store::report_visits`): each slot's counts are gathered apart and added to
    // the map once per run of its visits, not looked up (and its key copied) per visit.
    let mut run: Option<(&ReportVisit, SlotCounts)> = None;
    for (v, r) in f.visits.iter().zip(&replayed) {
        if let Some((first, counts)) =
            run.take_if(|(first, _)| (first.slot_date, &first.slot_start) != (v.slot_date, &v.slot_start))
        {
            slot_counts.entry((first.slot_date, first.slot_start.clone())).or_default().add(&counts);
        }
        let (_, c) = run.get_or_insert_with(|| (v, SlotCounts::default()));
        let arrived = r.checked_in.is_some();
        if v.walk_in {
            c.walk_ins += 1;
        } else if v.cancel_reason == Some(CancelReason::Withdrawn) && !arrived {
            c.withdrawn += 1;
        } else {
            c.booked += 1;
            if arrived {
                c.arrived += 1;
            } else if v.cancel_reason == Some(CancelReason::NoShow) {
                c.no_show += 1;
            } else {
                c.pending += 1;
            }
        }
    }
    if let Some((first, counts)) = run {
        slot_counts.entry((first.slot_date, first.slot_start.clone())).or_default().add(&counts);
    }
    let ends: BTreeMap<(NaiveDate, &str), &str> =
        plan.iter().map(|((d, start), (end, _))| ((*d, start.as_str()), end.as_str())).collect();
    let slots: Vec<SlotRow> = slot_counts
        .iter()
        .map(|((date, start), counts)| SlotRow {
            date: *date,
            start: start.clone(),
            end: ends.get(&(*date, start.as_str())).map(|e| e.to_string()).unwrap_or_default(),
            counts: *counts,
        })
        .collect();
    let alert = settings.wait_alert_minutes;
    // Each visit's wait (check-in to first call), in seconds, worked out once for the day, line and range figures.
    let waits: Vec<Option<i64>> = replayed
        .iter()
        .map(|r| match (r.checked_in, r.first_call) {
            (Some(c), Some(call)) => Some(secs(c, call)),
            _ => None,
        })
        .collect();
    // Each day's waits, decisions by counter and decisions, in one pass over the visits.
    let mut by_day: BTreeMap<NaiveDate, DayDesk> = BTreeMap::new();
    for ((v, r), wait) in f.visits.iter().zip(&replayed).zip(&waits) {
        let day = by_day.entry(v.slot_date).or_default();
        day.waits.extend(*wait);
        if r.decided.is_some() {
            day.served += 1;
            if let Some(c) = r.decided_at_counter {
                *day.by_counter.entry(c).or_default() += 1;
            }
        }
    }
    let days: Vec<DayRow> = f
        .from
        .iter_days()
        .take_while(|d| *d <= f.to)
        .map(|date| {
            let mut counts = SlotCounts::default();
            let mut n = 0;
            for s in slots.iter().filter(|s| s.date == date) {
                counts.add(&s.counts);
                n += 1;
            }
            let day_off = match (holidays.get(&date), date.weekday()) {
                (Some(name), _) => Some(name.to_string()),
                (None, Weekday::Sat) => Some("Saturday".to_string()),
                (None, Weekday::Sun) => Some("Sunday".to_string()),
                _ => None,
            };
            let DayDesk { waits, by_counter, served } = by_day.remove(&date).unwrap_or_default();
            DayRow {
                date,
                weekday: weekday(date).into(),
                day_off,
                slots: n,
                counts,
                service_level: service_level(&waits, alert),
                waiting: stats(waits),
                served,
                served_by_counter: by_counter
                    .into_iter()
                    .map(|(counter, served)| CounterCount { counter, served })
                    .collect(),
            }
        })
        .collect();
    let mut sum = SlotCounts::default();
    for d in &days {
        sum.add(&d.counts);
    }
    let checked_in = replayed.iter().filter(|r| r.checked_in.is_some()).count() as u32;
    let totals = QueueTotals { counts: sum, checked_in };

    // Priority applicants who came.
    let mut priority = PriorityCounts::default();
    for (v, r) in f.visits.iter().zip(&replayed) {
        let (Some(reason), Some(_)) = (v.priority_reason, r.checked_in) else { continue };
        priority.total += 1;
        match reason {
            PriorityReason::Elderly => priority.lansia += 1,
            PriorityReason::Disability => priority.disabilitas += 1,
            PriorityReason::Pregnant => priority.hamil += 1,
            PriorityReason::Infant => priority.balita += 1,
        }
    }

    let mut reschedules = Reschedules::default();
    for (special, _) in &f.reschedules {
        if *special {
            reschedules.special += 1;
        } else {
            reschedules.ordinary += 1;
        }
    }

    // Decisions, service split, PNBP.
    let mut decisions = Decisions::default();
    let mut services = ServiceSplit::default();
    let mut pnbp = Pnbp::default();
    for (v, r) in f.visits.iter().zip(&replayed) {
        let split = match v.service {
            Service::Regular => &mut services.regular,
            Service::Express => &mut services.express,
        };
        if r.checked_in.is_some() {
            split.checked_in += 1;
        }
        if v.cancel_reason == Some(CancelReason::NoShow) && v.paid && r.checked_in.is_none() {
            pnbp.forfeited_no_show_idr += v.fee_idr;
        }
        if r.decided.is_none() {
            continue;
        }
        decisions.served += 1;
        split.served += 1;
        match v.rejection_reason {
            None => {
                decisions.approved += 1;
                split.approved += 1;
                pnbp.collected_idr += v.fee_idr;
            }
            Some(reason) => {
                decisions.rejected += 1;
                split.rejected += 1;
                pnbp.forfeited_rejected_idr += v.fee_idr;
                let by = &mut decisions.rejected_by_reason;
                match reason {
                    RejectionReason::Watchlist => by.cegah_tangkal += 1,
                    RejectionReason::NonProceduralMigrantWorker => by.pmi_non_prosedural += 1,
                    RejectionReason::InvalidData => by.data_tidak_sah += 1,
                    RejectionReason::UnlawfulPurpose => by.tujuan_melawan_hukum += 1,
                    RejectionReason::Other => by.lainnya += 1,
                }
            }
        }
    }
    pnbp.total_idr = pnbp.collected_idr + pnbp.forfeited_no_show_idr + pnbp.forfeited_rejected_idr;

    // Waiting and service times per line.
    let lines = ServiceLine::ALL
        .iter()
        .map(|line| {
            let mut waiting: Vec<i64> = Vec::new();
            let mut service = Vec::new();
            for ((v, r), wait) in f.visits.iter().zip(&replayed).zip(&waits) {
                if line_of(v) != *line {
                    continue;
                }
                waiting.extend(*wait);
                if let (Some(call), Some(d)) = (r.first_call, r.decided) {
                    service.push(secs(call, d));
                }
            }
            LineTimes {
                line: line.prefix().to_string(),
                name: line.as_str().to_string(),
                service_level: service_level(&waiting, alert),
                waiting: stats(waiting),
                service: stats(service),
            }
        })
        .collect();

    // Counters and officers.
    let range_start = utc_at(settings, f.from, chrono::NaiveTime::MIN);
    let range_end = utc_at(settings, f.to.succ_opt().unwrap_or(f.to), chrono::NaiveTime::MIN);
    let until = range_end.min(f.now);
    let mut counters: BTreeMap<u32, Desk> = BTreeMap::new();
    // The visits' officers are shared names (one `Arc` per officer, see `Store::report_visits`): their stints and
    // decisions are gathered by that shared name's address, then added by name, so names are compared once per
    // officer rather than once per stint.
    let mut by_shared: HashMap<*const u8, (Arc<str>, Desk)> = HashMap::new();
    let unrecorded: Arc<str> = Arc::from(UNRECORDED);
    fn desk_of<'m>(
        by_shared: &'m mut HashMap<*const u8, (Arc<str>, Desk)>,
        officer: Option<&Arc<str>>,
        unrecorded: &Arc<str>,
    ) -> &'m mut Desk {
        let o = officer.unwrap_or(unrecorded);
        &mut by_shared.entry(Arc::as_ptr(o).cast::<u8>()).or_insert_with(|| (o.clone(), Desk::default())).1
    }
    for r in &replayed {
        for s in &r.stints {
            let busy = secs(s.start, s.end);
            if let Some(c) = s.counter {
                counters.entry(c).or_default().busy += busy;
            }
            desk_of(&mut by_shared, s.officer.as_ref(), &unrecorded).busy += busy;
        }
        if r.decided.is_some() {
            if let Some(c) = r.decided_at_counter {
                counters.entry(c).or_default().served += 1;
            }
            desk_of(&mut by_shared, r.decided_by.as_ref(), &unrecorded).served += 1;
        }
    }
    let mut officers: BTreeMap<Arc<str>, Desk> = BTreeMap::new();
    for (name, desk) in by_shared.into_values() {
        let d = officers.entry(name).or_default();
        d.busy += desk.busy;
        d.served += desk.served;
    }
    for s in &f.sessions {
        let start = s.signed_in_at.max(range_start);
        let end = s.signed_out_at.unwrap_or(until).min(range_end);
        let present = secs(start, end);
        for d in [counters.entry(s.counter).or_default(), officers.entry(Arc::from(s.officer.as_str())).or_default()] {
            d.present += present;
            d.has_session = true;
        }
    }
    // Office hours on the days the office had slots, up to now.
    let office_hours: i64 = days
        .iter()
        .filter(|d| d.slots > 0)
        .map(|d| {
            let open = utc_at(settings, d.date, settings.opening_time);
            let close = utc_at(settings, d.date, settings.closing_time).min(f.now);
            secs(open, close)
        })
        .sum();
    let counters: Vec<CounterRow> = counters
        .iter()
        .map(|(c, d)| CounterRow { counter: *c, figures: desk_figures(d, office_hours, false) })
        .collect();
    let officers: Vec<OfficerRow> = officers
        .iter()
        .map(|(o, d)| OfficerRow {
            officer: o.to_string(),
            figures: desk_figures(d, office_hours, f.supervisors.iter().any(|s| s.as_str() == &**o)),
        })
        .collect();
    let mut data_problems = Vec::new();
    for c in counters.iter().filter(|c| c.figures.busy_exceeds_present) {
        data_problems.push(format!(
            "counter {}: busy {:.1} min but present only {:.1} min",
            c.counter, c.figures.busy_minutes, c.figures.present_minutes
        ));
    }
    for o in officers.iter().filter(|o| o.figures.busy_exceeds_present) {
        data_problems.push(format!(
            "officer {}: busy {:.1} min but present only {:.1} min",
            o.officer, o.figures.busy_minutes, o.figures.present_minutes
        ));
    }
    let all_waits: Vec<i64> = waits.iter().flatten().copied().collect();
    let total_level = service_level(&all_waits, alert);
    let period = PeriodFigures {
        from: f.from,
        to: f.to,
        booked: totals.counts.booked,
        arrived: totals.counts.arrived,
        no_show: totals.counts.no_show,
        walk_ins: totals.counts.walk_ins,
        served: decisions.served,
        approved: decisions.approved,
        rejected: decisions.rejected,
        waiting: stats(all_waits),
        service_level: total_level,
        collected_idr: pnbp.collected_idr,
    };

    // Hourly arrivals: the office's hours, and any other hour someone checked in.
    let mut hours: BTreeMap<u32, u32> = BTreeMap::new();
    let last_hour = (settings.closing_time - chrono::Duration::seconds(1)).hour();
    for h in settings.opening_time.hour()..=last_hour.max(settings.opening_time.hour()) {
        hours.insert(h, 0);
    }
    for r in &replayed {
        if let Some(c) = r.checked_in {
            *hours.entry(c.with_timezone(&settings.utc_offset).hour()).or_default() += 1;
        }
    }
    let hourly_arrivals = hours.into_iter().map(|(hour, arrivals)| HourCount { hour, arrivals }).collect();

    // Backlog at the end of `to`.
    let mut backlog =
        Backlog { as_of: f.to, total: 0, days_0_7: 0, days_8_14: 0, days_15_30: 0, days_over_30: 0, oldest_days: None };
    for ready in &f.uncollected {
        let ready_day = ready.with_timezone(&settings.utc_offset).date_naive();
        let age = u32::try_from((f.to - ready_day).num_days().max(0)).unwrap_or(u32::MAX);
        backlog.total += 1;
        match age {
            0..=7 => backlog.days_0_7 += 1,
            8..=14 => backlog.days_8_14 += 1,
            15..=30 => backlog.days_15_30 += 1,
            _ => backlog.days_over_30 += 1,
        }
        backlog.oldest_days = Some(backlog.oldest_days.map_or(age, |o: u32| o.max(age)));
    }

    Report {
        schema: SCHEMA,
        office: settings.office_name.clone(),
        utc_offset: format_offset(settings.utc_offset),
        from: f.from,
        to: f.to,
        produced_by: f.produced_by.to_string(),
        produced_at: f.now,
        days,
        slots,
        totals,
        priority,
        reschedules,
        decisions,
        services,
        lines,
        counters,
        officers,
        hourly_arrivals,
        pnbp,
        passports: Passports {
            made_ready: f.moves.made_ready,
            handed_over: f.moves.handed_over,
            dispatched: f.moves.dispatched,
        },
        backlog,
        // Filled by `build` from its own queries (src/store/report_stay.rs).
        stay_permits: super::StayPermits::default(),
        alert_minutes: alert,
        service_level: total_level,
        period,
        previous: None,
        data_problems,
        signature: Signature {
            title: settings.report_signer_title.clone(),
            name: settings.report_signer_name.clone(),
            nip: settings.report_signer_nip.clone(),
        },
        chain_head: None,
    }
}

/// The headline figures of `from..=to` from what the store read of its applications for them (the previous
/// period of a report), counted as [`compute`] counts them for `period`: the first check-in, first call and
/// decision from the events, or without events from the columns (as [`replay`] does). A test
/// (tests/report_speed.rs) checks that the two agree.
pub fn period(from: NaiveDate, to: NaiveDate, alert_minutes: u32, visits: &[PeriodVisit]) -> PeriodFigures {
    let (mut booked, mut arrived, mut no_show, mut walk_ins) = (0, 0, 0, 0);
    let (mut served, mut approved, mut rejected, mut collected_idr) = (0, 0, 0, 0);
    let mut waits = Vec::new();
    for v in visits {
        let checked_in = v.first_check_in.or(v.checked_in_at);
        let first_call = v.first_call.or(v.called_at);
        if v.walk_in {
            walk_ins += 1;
        } else if v.cancel_reason == Some(CancelReason::Withdrawn) && checked_in.is_none() {
            // Withdrawn before arriving: not booked.
        } else {
            booked += 1;
            if checked_in.is_some() {
                arrived += 1;
            } else if v.cancel_reason == Some(CancelReason::NoShow) {
                no_show += 1;
            }
        }
        if let (Some(c), Some(call)) = (checked_in, first_call) {
            waits.push(secs(c, call));
        }
        if v.decision_event || v.decided_at.is_some() {
            served += 1;
            if v.rejection_reason.is_none() {
                approved += 1;
                collected_idr += v.fee_idr;
            } else {
                rejected += 1;
            }
        }
    }
    PeriodFigures {
        from,
        to,
        booked,
        arrived,
        no_show,
        walk_ins,
        served,
        approved,
        rejected,
        service_level: service_level(&waits, alert_minutes),
        waiting: stats(waits),
        collected_idr,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let v: Vec<i64> = (1..=10).collect();
        assert_eq!(nearest_rank(&v, 50), Some(5));
        assert_eq!(nearest_rank(&v, 90), Some(9));
        assert_eq!(nearest_rank(&v, 100), Some(10));
        assert_eq!(nearest_rank(&[7], 50), Some(7));
        assert_eq!(nearest_rank(&[7], 90), Some(7));
        // n = 4: median at rank 2 (lower middle), p90 at rank ⌈3.6⌉ = 4
        assert_eq!(nearest_rank(&[1, 2, 3, 4], 50), Some(2));
        assert_eq!(nearest_rank(&[1, 2, 3, 4], 90), Some(4));
        // n = 5: median rank ⌈2.5⌉ = 3, p90 rank ⌈4.5⌉ = 5
        assert_eq!(nearest_rank(&[1, 2, 3, 4, 5], 50), Some(3));
        assert_eq!(nearest_rank(&[1, 2, 3, 4, 5], 90), Some(5));
        assert_eq!(nearest_rank(&[], 50), None);
    }

    #[test]
    fn minutes_round_to_a_tenth() {
        assert_eq!(to_minutes(600), 10.0);
        assert_eq!(to_minutes(90), 1.5);
        assert_eq!(to_minutes(100), 1.7);
        // Half up at the exact midpoint: 3 s is 0.05 min → 0.1; 2 s → 0.0; 93 s = 1.55 → 1.6.
        assert_eq!(to_minutes(3), 0.1);
        assert_eq!(to_minutes(2), 0.0);
        assert_eq!(to_minutes(93), 1.6);
        assert_eq!(to_minutes(87), 1.5);
        assert_eq!(percent(1, 8), Some(12.5));
        assert_eq!(percent(1, 3), Some(33.3));
        assert_eq!(percent(2, 3), Some(66.7));
        assert_eq!(percent(1, 16), Some(6.3)); // 6.25 → 6.3
        assert_eq!(percent(0, 0), None);
        assert_eq!(
            stats(vec![]),
            TimeStats { count: 0, median_minutes: None, p90_minutes: None, max_minutes: None, mean_minutes: None }
        );
        // Mean of 60 s and 69 s = 64.5 s = 1.075 min → 1.1.
        assert_eq!(stats(vec![60, 69]).mean_minutes, Some(1.1));
    }
}

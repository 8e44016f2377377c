//! The simulation: each day's applicants planned up front (who they are, what will happen to them), the day
//! at the counters played in the domain's call order, queue numbers in order of arrival, then every life
//! settled to `now` ([`super::settling`]) and written with its audit rows.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};

use super::people::names;
use super::{DemoOptions, Rng};
use crate::domain::audit_detail::{AuditDetail, Slot};
use crate::domain::calendar::Calendar;
use crate::domain::fees;
use crate::domain::lifecycle::{RejectionReason, Status};
use crate::domain::nik::{self, Sex};
use crate::domain::queue::{call_rank, format_queue_number, line_for, ServiceLine};
use crate::domain::schedule::may_reschedule;
use crate::domain::settings::OfficeSettings;
use crate::domain::types::{ApplicationType, PassportKind, PriorityReason, Purpose, Service};
use crate::store::{DemoRow, DemoWriter, StoreError};

/// Refusals as (weight, reason, note); the store wants a note for `lainnya`.
const REJECTIONS: &[(u32, RejectionReason, Option<&str>)] = &[
    (10, RejectionReason::Watchlist, None),
    (40, RejectionReason::NonProceduralMigrantWorker, Some("tanpa rekomendasi Disnaker")),
    (25, RejectionReason::InvalidData, Some("data KK tidak sesuai dengan e-KTP")),
    (5, RejectionReason::UnlawfulPurpose, None),
    (10, RejectionReason::Other, Some("masih memegang paspor aktif, mengajukan sebagai baru")),
    (10, RejectionReason::Other, Some("dokumen tidak dilengkapi dalam batas waktu")),
];

/// One application: the row as booked, and how its life goes.
pub(super) struct Life {
    pub row: DemoRow,
    pub plan: Plan,
}

/// What happens to an application, decided up front; times are office-local.
pub(super) struct Plan {
    pub created: NaiveDateTime,
    pub paid: Option<NaiveDateTime>,
    /// Moved here from an earlier slot by the applicant: when, and the audit detail ("old -> new").
    pub rescheduled: Option<(NaiveDateTime, String)>,
    /// Withdrawn in the app before the day.
    pub withdrawn: Option<NaiveDateTime>,
    /// Arrival; `None` = does not come (cancelled as a no-show at day close).
    pub arrival: Option<NaiveDateTime>,
    pub line: ServiceLine,
    pub rejection: Option<(RejectionReason, Option<&'static str>)>,
    pub after: After,
    /// Filled by the queue simulation.
    pub called: Option<(NaiveDateTime, u32)>,
    pub photo: Option<NaiveDateTime>,
    pub interview: Option<NaiveDateTime>,
    pub decided: Option<NaiveDateTime>,
}

/// The generator across days: randomness, the counters behind unique numbers, and the office's rules.
pub(super) struct Sim<'a> {
    pub settings: &'a OfficeSettings,
    pub calendar: Calendar,
    pub rng: Rng,
    pub key: u64,
    pub per_day: u32,
    pub date: NaiveDate,
    pub now: NaiveDateTime,
    pub counters: u32,
    pub niks: HashSet<u64>,
    pub bookings: u64,
    pub passports: u64,
    pub dispatches: u64,
    pub groups: u32,
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
    pub(super) fn new(
        settings: &'a OfficeSettings,
        calendar: Calendar,
        opts: &DemoOptions,
        now: DateTime<Utc>,
    ) -> Self {
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

    pub(super) fn utc(&self, local: NaiveDateTime) -> DateTime<Utc> {
        let offset = Duration::seconds(i64::from(self.settings.utc_offset.local_minus_utc()));
        (local - offset).and_utc()
    }

    /// Generates, simulates and writes one day with its audit rows; returns the statuses written.
    pub(super) fn day(&mut self, w: &DemoWriter<'_>, day: NaiveDate) -> Result<Vec<Status>, StoreError> {
        let slots = self.settings.slot_template.slots();
        if slots.is_empty() {
            return Err(crate::store::Refusal::NoSlots(self.settings.slot_template.to_string()).into());
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
            let (row, steps) = self.settle(life)?;
            let id = w.add(&row)?;
            super::write_audit(self, w, &id, row.counter_no, &steps)?;
            statuses.push(row.status);
        }
        Ok(statuses)
    }
    /// Plans an application's life: who, what, and what will happen to it. All randomness is drawn here (and in
    /// the queue), never depending on `now`, so the same seed gives the same people whatever the time.
    pub(super) fn plan(
        &mut self,
        day: NaiveDate,
        start: NaiveTime,
        seq: u32,
        group: Option<String>,
    ) -> Result<Life, StoreError> {
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
            .map_err(crate::store::Refusal::from)?
            .total();
        let old_letter = if rng.chance(60.0) { 'B' } else { 'A' };
        let old_passport_no =
            application_type.needs_old_passport().then(|| format!("{old_letter}{:07}", rng.below(10_000_000)));
        let moved = rng.chance(3.0);

        // Booked 1–30 days ahead, paid within the 2-hour window. The demo date's manifest still holds fresh
        // unpaid bookings (~10%); in history a few never paid, and they never came.
        let slot_at = day.and_time(start);
        let created = (day - Duration::days(rng.range(1, 30))).and_time(NaiveTime::MIN) + rng.minutes(6 * 60, 23 * 60);
        let created = created.min(self.now - Duration::hours(3));
        let unpaid_percent = if day == self.date { 10.0 } else { 3.0 };
        let paid_after = rng.minutes(3, 110);
        let paid = (in_group || !rng.chance(unpaid_percent)).then_some(created + paid_after);
        let rescheduled = if moved { self.rescheduled(created, day, start) } else { None };
        let rng = &mut self.rng;
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
            reschedule_count: 0,
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
            rescheduled,
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

    /// An applicant who moved here from an earlier slot: the old date is a working day between the booking and
    /// this one, the move made halfway to it and allowed by the reschedule rules; `None` if there was no room.
    fn rescheduled(&self, created: NaiveDateTime, day: NaiveDate, start: NaiveTime) -> Option<(NaiveDateTime, String)> {
        let first = created.date().succ_opt()?;
        let span = (day - first).num_days();
        if span < 1 {
            return None;
        }
        let old = self.calendar.next_working_day_on_or_after(first + Duration::days(span / 2));
        if old >= day {
            return None;
        }
        let at = created + (old.and_time(start) - created) / 2;
        may_reschedule(at.date(), old, 0, self.settings.reschedule_limit, None).ok()?;
        let (from, to) = (Slot { date: old, start }, Slot { date: day, start });
        Some((at, AuditDetail::Moved { from, to, special: None }.to_string()))
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
                // The domain's call order: line, then slot, then check-in time.
                waiting.push(Reverse((call_rank(lives[i].plan.line), lives[i].row.slot_start, at, i)));
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
            let n = &mut last[usize::from(call_rank(line))];
            *n += 1;
            lives[i].row.queue_no = Some(format_queue_number(line, *n));
        }
        for line in ServiceLine::ALL {
            let n = last[usize::from(call_rank(*line))];
            if n > 0 {
                w.set_last_queue_number(day, *line, n)?;
            }
        }
        Ok(())
    }
}

/// Random draws for what happens after the counter, made at planning time (see [`Sim::plan`]).
pub(super) struct After {
    pub photo_first: bool,
    pub by_post: bool,
    /// Express passports are mostly collected the day they are printed.
    pub same_day: bool,
    /// Express: from the decision to the printed passport.
    pub ready_after: Duration,
    /// Regular: when on the ready date's morning the passport is marked ready.
    pub morning: Duration,
    /// Working days after the ready date until collection at the counter.
    pub pickup_days: u32,
    /// Time of day of the collection (after the first slot starts).
    pub pickup_time: Duration,
    /// From ready to handing the parcel to PT Pos.
    pub post_after: Duration,
}

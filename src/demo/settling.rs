//! Playing a planned life forward to `now` through the domain's state machine: every step is a lifecycle
//! [`Event`] asked of [`transition`] (a refused move is a bug in the simulation and fails the build), the ready
//! date comes from the one rule ([`Calendar::ready_date`](crate::domain::calendar::Calendar::ready_date)), and
//! every step becomes one audit row, as the desk would have written it.

use chrono::{Duration, NaiveDate, NaiveDateTime};

use super::simulation::{Life, Plan, Sim};
use super::{OFFICER, SUPERVISOR};
use crate::domain::audit_detail::AuditDetail;
use crate::domain::lifecycle::{transition, CancelReason, Event, HandOverKind, Progress, Status};
use crate::domain::types::Service;
use crate::store::{DemoRow, StoreError};

/// One state change of an application: one audit row.
#[derive(Debug, Clone)]
pub(super) struct Step {
    pub at: NaiveDateTime,
    pub officer: &'static str,
    pub event: Event,
    pub from: Status,
    pub to: Status,
    pub detail: String,
}

impl Sim<'_> {
    /// Plays a planned life up to `now`: fills the row's columns for every step that has happened and returns
    /// those steps in order (for the audit rows).
    pub(super) fn settle(&mut self, life: Life) -> Result<(DemoRow, Vec<Step>), StoreError> {
        let Life { row, plan } = life;
        let mut s = Settle { sim: self, row, progress: Progress::default(), steps: Vec::new(), last: plan.created };
        if let Some(paid) = plan.paid.filter(|p| *p <= s.sim.now) {
            s.row.paid_at = Some(s.sim.utc(paid));
            s.last = paid;
        }
        if let Some((at, detail)) = &plan.rescheduled {
            if s.step(*at, OFFICER, Event::Reschedule, detail.clone())? {
                s.row.reschedule_count += 1;
            }
        }
        match (plan.withdrawn, plan.arrival) {
            (Some(at), _) => s.cancel(at, CancelReason::Withdrawn, OFFICER)?,
            (None, None) => {
                let closing = s.row.slot_date.and_time(s.sim.settings.closing_time);
                let day_close = closing + Duration::minutes(10);
                s.cancel(day_close, CancelReason::NoShow, SUPERVISOR)?;
            }
            (None, Some(arrival)) => {
                if s.visit(arrival, &plan)? {
                    if let Some(ready_date) = s.decide(&plan)? {
                        s.collect(&plan, ready_date)?;
                    }
                }
            }
        }
        Ok(s.finish())
    }
}

/// The row being played forward to `now` in [`Sim::settle`].
struct Settle<'s, 'a> {
    sim: &'s mut Sim<'a>,
    row: DemoRow,
    progress: Progress,
    steps: Vec<Step>,
    last: NaiveDateTime,
}

impl Settle<'_, '_> {
    /// Applies `event` at `at` if that has happened by now; `Ok(false)` (and no change) if it has not.
    fn step(
        &mut self,
        at: NaiveDateTime,
        officer: &'static str,
        event: Event,
        detail: String,
    ) -> Result<bool, StoreError> {
        if at > self.sim.now {
            return Ok(false);
        }
        let from = self.row.status;
        let (to, progress) = transition(from, self.progress, event).map_err(StoreError::Transition)?;
        self.steps.push(Step { at, officer, event, from, to, detail });
        self.row.status = to;
        self.progress = progress;
        self.last = self.last.max(at);
        Ok(true)
    }

    /// Check-in, call, photo and interview, as far as they have happened; true if all have.
    fn visit(&mut self, arrival: NaiveDateTime, plan: &Plan) -> Result<bool, StoreError> {
        let queue_no = self.row.queue_no.clone().unwrap_or_default();
        if !self.step(arrival, OFFICER, Event::CheckIn, queue_no)? {
            return Ok(false);
        }
        self.row.checked_in_at = Some(self.sim.utc(arrival));
        let Some((called, counter)) = plan.called else {
            return Ok(false);
        };
        // The counter has its own audit column (written from the row's counter_no).
        if !self.step(called, OFFICER, Event::Call, String::new())? {
            return Ok(false);
        }
        self.row.counter_no = Some(counter);
        self.row.called_at = Some(self.sim.utc(called));
        let mut at_counter: Vec<(NaiveDateTime, bool)> = plan.photo.map(|p| (p, true)).into_iter().collect();
        at_counter.extend(plan.interview.map(|i| (i, false)));
        at_counter.sort_unstable();
        for (at, is_photo) in at_counter {
            let (event, detail) = if is_photo {
                (Event::RecordPhoto, AuditDetail::Photo.to_string())
            } else {
                (Event::RecordInterview, String::new())
            };
            if !self.step(at, OFFICER, event, detail)? {
                return Ok(false);
            }
            let at = Some(self.sim.utc(at));
            if is_photo {
                self.row.photo_at = at;
            } else {
                self.row.interview_at = at;
            }
        }
        Ok(true)
    }

    /// The officer's decision, if made by now; returns the ready date of an approval.
    fn decide(&mut self, plan: &Plan) -> Result<Option<NaiveDate>, StoreError> {
        let Some(decided) = plan.decided else { return Ok(None) };
        if let Some((reason, note)) = plan.rejection {
            let detail = AuditDetail::Rejected { reason, note: note.unwrap_or_default().to_string() }.to_string();
            if self.step(decided, OFFICER, Event::Reject(reason), detail)? {
                self.row.decided_at = Some(self.sim.utc(decided));
                self.row.rejection_reason = Some(reason);
                self.row.rejection_note = note;
            }
            return Ok(None);
        }
        let settings = self.sim.settings;
        let ready_date =
            self.sim.calendar.ready_date(decided.date(), self.row.service, settings.ready_after_working_days);
        if !self.step(decided, OFFICER, Event::Approve, format!("ready on {ready_date}"))? {
            return Ok(None);
        }
        self.row.decided_at = Some(self.sim.utc(decided));
        self.row.ready_date = Some(ready_date);
        Ok(Some(ready_date))
    }

    /// The printed passport and its hand-over at the counter or dispatch by PT Pos, as far as they have happened.
    fn collect(&mut self, plan: &Plan, ready_date: NaiveDate) -> Result<(), StoreError> {
        let (Some(decided), a) = (plan.decided, &plan.after) else {
            return Ok(());
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
            return Ok(());
        }
        // Numbers are used up only by passports actually printed.
        let passport_no = self.sim.passport_no();
        self.step(ready_at, OFFICER, Event::MarkReady, passport_no.clone())?;
        self.row.passport_no = Some(passport_no);
        self.row.ready_at = Some(self.sim.utc(ready_at));

        if a.by_post {
            let at = ready_at + a.post_after;
            self.sim.dispatches += 1;
            let tracking = format!("P{}{:06}", at.format("%y%m%d"), self.sim.dispatches % 1_000_000);
            let detail = AuditDetail::Posted { tracking: tracking.clone() }.to_string();
            if self.step(at, OFFICER, Event::HandOver(HandOverKind::Post), detail)? {
                self.row.handed_over_at = Some(self.sim.utc(at));
                self.row.pos_tracking_no = Some(tracking);
            }
            return Ok(());
        }
        let at = if express && a.same_day {
            ready_at + a.pickup_time / 7
        } else {
            let on = self.sim.calendar.add_working_days(ready_date, a.pickup_days);
            (on.and_time(first_slot) + a.pickup_time).max(ready_at + Duration::minutes(10))
        };
        let by = self.row.collected_by.clone().unwrap_or_default();
        let detail = AuditDetail::Collected { by, group: None }.to_string();
        if self.step(at, OFFICER, Event::HandOver(HandOverKind::Counter), detail)? {
            self.row.handed_over_at = Some(self.sim.utc(at));
        }
        Ok(())
    }

    fn cancel(&mut self, at: NaiveDateTime, reason: CancelReason, officer: &'static str) -> Result<(), StoreError> {
        if self.step(at, officer, Event::Cancel(reason), String::new())? {
            self.row.cancel_reason = Some(reason);
            self.row.cancelled_at = Some(self.sim.utc(at));
        }
        Ok(())
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

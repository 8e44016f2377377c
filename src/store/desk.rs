//! The front desk's other work: the counter moves besides a plain call (recall, transfer, absent), finding
//! applications, groups checking in together, the ready list, the waiting-room board and priority walk-ins.
//! Every change is one IMMEDIATE transaction with its audit rows, like the rest of the store.

use super::applications::{check_in_in, check_in_walk_in, from_row, local, text, SELECT};
use super::bookings::day_off_reason;
use super::{audit, new_id, slots, ts, Actor, Application, Refusal, Result, Store, StoreError};
use crate::domain::fees::{self, format_idr};
use crate::domain::lifecycle::{Event, Status};
use crate::domain::nik::Sex;
use crate::domain::passport::validate_old_passport_no;
use crate::domain::settings::OfficeSettings;
use crate::domain::types::{ApplicationType, PassportKind, PriorityReason, Purpose, Service};
use crate::domain::walkin::{check_walk_in, WalkInFacts};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};

/// One call shown on the waiting-room board: who was called to which counter, and when.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Call {
    pub queue_no: String,
    pub counter: u32,
    /// The UTC instant of the call (RFC 3339, as stored).
    pub at: String,
    pub full_name: String,
}

/// A priority applicant who came without a booking, as the officer enters them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewWalkIn {
    pub nik: String,
    pub full_name: String,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    pub phone: Option<String>,
    pub priority_reason: PriorityReason,
    pub application_type: ApplicationType,
    pub purpose: Purpose,
    pub passport_kind: PassportKind,
    pub validity_years: u8,
    pub old_passport_no: Option<String>,
}

/// The audit detail of a call, recall or transfer: it starts with "counter N", which the board reads back.
fn counter_detail(counter: u32) -> String {
    format!("counter {counter}")
}

/// The counter named at the start of a call/recall/transfer detail ("counter 3", "counter 3 (from 1)").
fn parse_counter(detail: &str) -> Option<u32> {
    let rest = detail.strip_prefix("counter ")?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

fn counter_exists(conn: &Connection, counter: u32) -> Result<bool> {
    Ok(conn.query_row("SELECT EXISTS (SELECT 1 FROM counters WHERE number = ?1)", [counter], |r| r.get(0))?)
}

fn query_apps(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> Result<Vec<Application>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params, from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

impl Store {
    /// Calls the applicant at the counter again (display and voice); only the audit log changes.
    pub fn recall(&mut self, actor: &Actor, booking_code: &str, now: DateTime<Utc>) -> Result<Application> {
        self.apply(actor, booking_code, Event::Recall, now, |_, _, app| {
            let counter =
                app.counter_no.ok_or_else(|| Refusal::NotAtCounter { booking_code: app.booking_code.clone() })?;
            Ok((Vec::new(), counter_detail(counter)))
        })
    }

    /// Sends the applicant at a counter on to `to_counter` (which must exist and be another counter).
    pub fn transfer(
        &mut self,
        actor: &Actor,
        booking_code: &str,
        to_counter: u32,
        now: DateTime<Utc>,
    ) -> Result<Application> {
        self.apply(actor, booking_code, Event::Transfer, now, |tx, _, app| {
            if !counter_exists(tx, to_counter)? {
                return Err(Refusal::NoCounter(to_counter).into());
            }
            if app.counter_no == Some(to_counter) {
                return Err(
                    Refusal::AlreadyAtCounter { booking_code: app.booking_code.clone(), counter: to_counter }.into()
                );
            }
            let from = app.counter_no.map(|c| format!(" (from counter {c})")).unwrap_or_default();
            Ok((
                vec![("counter_no", Value::Integer(to_counter.into())), ("called_at", text(ts(now)))],
                format!("{}{from}", counter_detail(to_counter)),
            ))
        })
    }

    /// Nobody came to the counter: back to the waiting line at its end (check-in time now), same queue number.
    pub fn mark_absent(&mut self, actor: &Actor, booking_code: &str, now: DateTime<Utc>) -> Result<Application> {
        self.apply(actor, booking_code, Event::MarkAbsent, now, |_, _, app| {
            let detail = app.counter_no.map(|c| format!("absent at counter {c}")).unwrap_or_default();
            Ok((
                vec![("counter_no", Value::Null), ("called_at", Value::Null), ("checked_in_at", text(ts(now)))],
                detail,
            ))
        })
    }

    /// Who is being served at `counter` on `date` (the latest called, should two have been called there).
    pub fn at_counter(&self, date: NaiveDate, counter: u32) -> Result<Option<Application>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "{SELECT} WHERE a.slot_date = ?1 AND a.status = 'at_counter' AND a.counter_no = ?2
                 ORDER BY a.called_at DESC, a.booking_code LIMIT 1"
            ))?
            .query_row((date.to_string(), counter), from_row)
            .optional()?)
    }

    /// Finds applications by booking-code prefix, NIK prefix (all digits) or a fragment of the name
    /// (case and punctuation ignored); newest slot date first. `date` restricts to one slot date.
    pub fn search(&self, date: Option<NaiveDate>, query: &str, limit: usize) -> Result<Vec<Application>> {
        let q = query.trim();
        if q.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let upper = q.to_ascii_uppercase();
        let code = upper.bytes().all(|b| b.is_ascii_alphanumeric()).then_some(upper);
        let all_digits = q.bytes().all(|b| b.is_ascii_digit());
        let nik = all_digits.then(|| q.to_string());
        let key = crate::domain::name_key(q);
        let name = (!all_digits && !key.is_empty()).then_some(key);
        // Codes are [A-Z0-9], NIKs digits and name keys letters, digits and spaces: no LIKE wildcards inside.
        query_apps(
            &self.conn,
            &format!(
                "{SELECT} WHERE (?1 IS NULL OR a.slot_date = ?1)
                   AND ((?2 IS NOT NULL AND a.booking_code LIKE ?2 || '%')
                     OR (?3 IS NOT NULL AND p.nik LIKE ?3 || '%')
                     OR (?4 IS NOT NULL AND p.name_key LIKE '%' || ?4 || '%'))
                 ORDER BY a.slot_date DESC, a.slot_start, a.booking_code LIMIT ?5"
            ),
            (date.map(|d| d.to_string()), code, nik, name, i64::try_from(limit).unwrap_or(i64::MAX)),
        )
    }

    /// The members of a group (collective booking) on `date`, whatever their status, by slot and code.
    pub fn group_members(&self, group_code: &str, date: NaiveDate) -> Result<Vec<Application>> {
        group_members_in(&self.conn, group_code, date)
    }

    /// Checks in every member of a group still booked on `date`, in one transaction: all of them or none.
    /// A member refused by the check-in rules refuses the whole group, naming that member.
    pub fn check_in_group(
        &mut self,
        actor: &Actor,
        group_code: &str,
        date: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Vec<Application>> {
        let group = group_code.trim();
        let tx = self.write()?;
        let members = group_members_in(&tx, group, date)?;
        let booked: Vec<&Application> = members.iter().filter(|a| a.status == Status::Booked).collect();
        if booked.is_empty() {
            let group = group.to_string();
            return Err(if members.is_empty() {
                Refusal::NoGroup { group, date }
            } else {
                Refusal::NoGroupBooked { group, date }
            }
            .into());
        }
        let mut done = Vec::with_capacity(booked.len());
        for member in booked {
            let code = &member.booking_code;
            let app = check_in_in(&tx, actor, code, None, now).map_err(|e| match e {
                e @ (StoreError::Refused(_)
                | StoreError::Rule(_)
                | StoreError::Transition(_)
                | StoreError::CheckIn(_)) => StoreError::from(Refusal::GroupMember {
                    booking_code: code.clone(),
                    name: member.full_name.clone(),
                    why: Box::new(e),
                }),
                other => other,
            })?;
            done.push(app);
        }
        tx.commit()?;
        Ok(done)
    }

    /// Passports to deal with on `today`: approved ones due (ready date today or earlier) to be marked ready,
    /// then ready ones awaiting hand-over; each part by ready date, then booking code.
    pub fn ready_list(&self, today: NaiveDate) -> Result<Vec<Application>> {
        query_apps(
            &self.conn,
            &format!(
                "{SELECT} WHERE (a.status = 'approved' AND a.ready_date <= ?1) OR a.status = 'ready'
                 ORDER BY a.status = 'ready', a.ready_date, a.booking_code"
            ),
            [today.to_string()],
        )
    }

    /// The latest calls, recalls and transfers of `date`'s applications, newest first (the waiting-room board).
    pub fn recent_calls(&self, date: NaiveDate, limit: usize) -> Result<Vec<Call>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.queue_no, l.detail, a.counter_no, l.at, p.full_name
             FROM audit_log l JOIN applications a ON a.id = l.application_id
             JOIN applicants p ON p.id = a.applicant_id
             WHERE a.slot_date = ?1 AND l.action IN ('call', 'recall', 'transfer') AND a.queue_no IS NOT NULL
             ORDER BY l.at DESC, l.id DESC",
        )?;
        let mut rows = stmt.query([date.to_string()])?;
        let mut out = Vec::new();
        while out.len() < limit {
            let Some(r) = rows.next()? else { break };
            let detail: Option<String> = r.get(1)?;
            let counter = detail.as_deref().and_then(parse_counter).or(r.get::<_, Option<u32>>(2)?);
            if let Some(counter) = counter {
                out.push(Call { queue_no: r.get(0)?, counter, at: r.get(3)?, full_name: r.get(4)? });
            }
        }
        Ok(out)
    }

    /// How many calls (call, recall, transfer) the day has had so far.
    pub fn call_count(&self, date: NaiveDate) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT COUNT(*) FROM audit_log l JOIN applications a ON a.id = l.application_id
             WHERE a.slot_date = ?1 AND l.action IN ('call', 'recall', 'transfer')",
            [date.to_string()],
            |r| r.get(0),
        )?)
    }

    /// The office's counters as (number, name), by number.
    pub fn counters(&self) -> Result<Vec<(u32, String)>> {
        let mut stmt = self.conn.prepare_cached("SELECT number, name FROM counters ORDER BY number")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Registers a priority walk-in and checks them in at once (priority line), in one transaction. The fee
    /// is paid at the counter; the day's priority quota, not the slot's, limits walk-ins.
    ///
    /// This older form records the fee as paid without a receipt; the desk uses
    /// [`Store::register_walk_in_paid`], which records the payment with its receipt number.
    pub fn register_walk_in(&mut self, actor: &Actor, w: &NewWalkIn, now: DateTime<Utc>) -> Result<Application> {
        self.register_walk_in_as(actor, w, None, now)
    }

    /// Registers a priority walk-in whose fee was paid at the counter: the payment is recorded with the
    /// receipt's number (NTPN, checked after the walk-in rules: no fee is taken from someone who does not
    /// qualify), and only then is the walk-in checked in, all in one transaction.
    pub fn register_walk_in_paid(
        &mut self,
        actor: &Actor,
        w: &NewWalkIn,
        ntpn: &str,
        now: DateTime<Utc>,
    ) -> Result<Application> {
        self.register_walk_in_as(actor, w, Some(ntpn), now)
    }

    fn register_walk_in_as(
        &mut self,
        actor: &Actor,
        w: &NewWalkIn,
        ntpn: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Application> {
        let tx = self.write()?;
        let settings = super::load_settings(&tx)?;
        let here = local(&settings, now);
        let today = here.date();
        let old_passport_no = w.old_passport_no.as_deref().map(str::trim).filter(|s| !s.is_empty());
        check_walk_in(
            &WalkInFacts {
                nik: &w.nik,
                full_name: &w.full_name,
                sex: w.sex,
                birth_date: w.birth_date,
                priority_reason: w.priority_reason,
                application_type: w.application_type,
                validity_years: w.validity_years,
                old_passport_no,
            },
            today,
        )?;
        let nik = w.nik.trim();
        let old_passport_no = old_passport_no
            .map(validate_old_passport_no)
            .transpose()
            .map_err(|e| StoreError::Refused(e.to_string()))?;

        if let Some(why) = day_off_reason(&tx, today)? {
            return Err(StoreError::Refused(format!("no walk-ins today: {why}")));
        }
        super::close::refuse_if_closed(&tx, today)?;
        if here.time() < settings.opening_time || here.time() >= settings.closing_time {
            return Err(Refusal::OfficeClosed {
                opens: settings.opening_time.format("%H:%M").to_string(),
                closes: settings.closing_time.format("%H:%M").to_string(),
            }
            .into());
        }
        let used: u32 = tx.query_row(
            "SELECT COUNT(*) FROM applications WHERE source = 'walk_in' AND slot_date = ?1 AND status <> 'cancelled'",
            [today.to_string()],
            |r| r.get(0),
        )?;
        if used >= settings.priority_quota {
            return Err(Refusal::PriorityQuotaUsed { quota: settings.priority_quota }.into());
        }
        let other: Option<String> = tx
            .query_row(
                "SELECT a.booking_code FROM applications a JOIN applicants p ON p.id = a.applicant_id
                 WHERE p.nik = ?1 AND a.slot_date = ?2 AND a.status <> 'cancelled'",
                (nik, today.to_string()),
                |r| r.get(0),
            )
            .optional()?;
        if let Some(other) = other {
            return Err(Refusal::ActiveBookingToday { nik: nik.to_string(), booking_code: other }.into());
        }

        let fee = fees::quote(today, w.passport_kind, w.validity_years, Service::Regular, w.application_type)
            .map_err(|e| StoreError::Refused(e.to_string()))?
            .total();
        let ntpn = ntpn.map(crate::domain::payment::validate_ntpn).transpose().map_err(super::Refusal::from)?;
        let (start, end) = walk_in_slot(&settings, here.time())?;
        slots::ensure_slot(&tx, &settings, today, start, end)?;
        let booking_code = next_walk_in_code(&tx, today)?;
        let billing_code = next_billing_code(&tx, today)?;
        let applicant_id = applicant_for(&tx, w, nik, now)?;
        let id = new_id();
        tx.execute(
            "INSERT INTO applications (id, booking_code, applicant_id, application_type, purpose, passport_kind,
                validity_years, service, slot_date, slot_start, billing_code, fee_idr, paid_at, old_passport_no,
                group_code, priority_reason, source, manifest_hash, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, NULL, ?15, 'walk_in', NULL, ?13, ?13)",
            rusqlite::params![
                id,
                booking_code,
                applicant_id,
                w.application_type.as_str(),
                w.purpose.as_str(),
                w.passport_kind.as_str(),
                w.validity_years,
                Service::Regular.as_str(),
                today.to_string(),
                start.format("%H:%M").to_string(),
                billing_code,
                i64::try_from(fee).unwrap_or(i64::MAX),
                ts(now),
                old_passport_no,
                w.priority_reason.as_str(),
            ],
        )?;
        let receipt = match &ntpn {
            Some(n) => {
                tx.execute("UPDATE applications SET payment_ntpn = ?2 WHERE id = ?1", (&id, n))?;
                format!(", NTPN {n}")
            }
            None => String::new(),
        };
        let detail = format!(
            "priority {}; {} paid at the counter (billing {billing_code}{receipt})",
            w.priority_reason,
            format_idr(fee)
        );
        audit::record(&tx, now, &actor.name, "walk_in", Some(&id), None, Some("booked"), &detail)?;
        let app = check_in_walk_in(&tx, actor, &booking_code, now)?;
        tx.commit()?;
        Ok(app)
    }
}

fn group_members_in(conn: &Connection, group_code: &str, date: NaiveDate) -> Result<Vec<Application>> {
    query_apps(
        conn,
        &format!("{SELECT} WHERE a.group_code = ?1 AND a.slot_date = ?2 ORDER BY a.slot_start, a.booking_code"),
        (group_code.trim(), date.to_string()),
    )
}

/// The template slot a walk-in arriving at office-local `time` belongs to: the one containing it, else the
/// first (before the first slot) or the last (after the last).
fn walk_in_slot(settings: &OfficeSettings, time: NaiveTime) -> Result<(NaiveTime, NaiveTime)> {
    let slots = settings.slot_template.slots();
    let (first, last) = match (slots.first(), slots.last()) {
        (Some(f), Some(l)) => (*f, *l),
        _ => {
            return Err(StoreError::Refused(format!(
                "the slot template {} has no slots; fix the setting",
                settings.slot_template
            )))
        }
    };
    Ok(slots.into_iter().find(|(s, e)| *s <= time && time < *e).unwrap_or(if time < first.0 { first } else { last }))
}

/// `WI` + YYMMDD + the day's 4-digit walk-in sequence, e.g. WI2611250001.
fn next_walk_in_code(conn: &Connection, today: NaiveDate) -> Result<String> {
    let prefix = format!("WI{}", today.format("%y%m%d"));
    let last: Option<String> = conn.query_row(
        "SELECT MAX(booking_code) FROM applications WHERE booking_code LIKE ?1 || '%' AND length(booking_code) = 12",
        [&prefix],
        |r| r.get(0),
    )?;
    let n = last.and_then(|c| c[prefix.len()..].parse::<u32>().ok()).unwrap_or(0) + 1;
    if n > 9999 {
        return Err(StoreError::Refused(format!("walk-in numbers for {today} are used up")));
    }
    Ok(format!("{prefix}{n:04}"))
}

/// A 15-digit billing code for a fee paid at the counter: `9` + YYMMDD + an 8-digit sequence, unique among all
/// billing codes with that prefix.
fn next_billing_code(conn: &Connection, today: NaiveDate) -> Result<String> {
    let prefix = format!("9{}", today.format("%y%m%d"));
    let last: Option<String> = conn.query_row(
        "SELECT MAX(billing_code) FROM applications WHERE billing_code LIKE ?1 || '%'",
        [&prefix],
        |r| r.get(0),
    )?;
    let n = last.and_then(|c| c[prefix.len()..].parse::<u64>().ok()).unwrap_or(0) + 1;
    if n > 99_999_999 {
        return Err(StoreError::Refused(format!("billing codes for {today} are used up")));
    }
    Ok(format!("{prefix}{n:08}"))
}

/// The applicant with this NIK, or a new one from the walk-in's data.
fn applicant_for(conn: &Connection, w: &NewWalkIn, nik: &str, now: DateTime<Utc>) -> Result<String> {
    let found: Option<String> =
        conn.query_row("SELECT id FROM applicants WHERE nik = ?1", [nik], |r| r.get(0)).optional()?;
    if let Some(id) = found {
        return Ok(id);
    }
    let id = new_id();
    let name = w.full_name.trim();
    let phone = w.phone.as_deref().map(str::trim).filter(|p| !p.is_empty());
    conn.execute(
        "INSERT INTO applicants (id, nik, full_name, name_key, sex, birth_date, phone, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        rusqlite::params![
            id,
            nik,
            name,
            crate::domain::name_key(name),
            w.sex.code(),
            w.birth_date.to_string(),
            phone,
            ts(now)
        ],
    )?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counter_is_read_back_from_the_detail() {
        assert_eq!(parse_counter(&counter_detail(3)), Some(3));
        assert_eq!(parse_counter("counter 12 (from counter 3)"), Some(12));
        assert_eq!(parse_counter("counter x"), None);
        assert_eq!(parse_counter("A-001"), None);
    }

    #[test]
    fn walk_in_slot_clamps_to_the_template() {
        let s = OfficeSettings::default(); // 08:00-15:00/60
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        assert_eq!(walk_in_slot(&s, t(9, 10)).unwrap(), (t(9, 0), t(10, 0)));
        assert_eq!(walk_in_slot(&s, t(9, 0)).unwrap(), (t(9, 0), t(10, 0)));
        assert_eq!(walk_in_slot(&s, t(7, 40)).unwrap(), (t(8, 0), t(9, 0)));
        assert_eq!(walk_in_slot(&s, t(15, 30)).unwrap(), (t(14, 0), t(15, 0)));
    }
}

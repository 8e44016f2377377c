//! The front desk's other work: the counter moves besides a plain call (recall, transfer, absent), finding
//! applications, groups checking in together, the ready list, the waiting-room board and priority walk-ins.
//! Every change is one IMMEDIATE transaction with its audit rows, like the rest of the store.

use super::applications::{check_in_in, check_in_walk_in, from_row, local, text, SELECT};
use super::bookings::day_off_reason;
use super::{audit, new_id, slots, ts, Actor, Application, Refusal, Result, Store, StoreError};
use crate::domain::audit::AuditAction;
use crate::domain::audit_detail::AuditDetail;
use crate::domain::fees;
use crate::domain::lifecycle::{Event, Status};
use crate::domain::nik::Sex;
use crate::domain::passport::validate_old_passport_no;
use crate::domain::settings::OfficeSettings;
use crate::domain::types::{ApplicationType, PassportKind, PriorityReason, Purpose, Service};
use crate::domain::walkin::{check_walk_in, WalkInFacts};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};
use std::sync::LazyLock;

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

fn counter_exists(conn: &Connection, counter: u32) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM counters WHERE number = ?1)")?
        .query_row([counter], |r| r.get(0))?)
}

/// Who is at a counter on a day (the day index).
pub(crate) static AT_COUNTER: LazyLock<String> = LazyLock::new(|| {
    format!(
        "{SELECT} WHERE a.slot_date = ?1 AND a.status = 'at_counter' AND a.counter_no = ?2
         ORDER BY a.called_at DESC, a.booking_code LIMIT 1"
    )
});

/// A group's members on a day (the partial group index).
pub(crate) static GROUP_MEMBERS: LazyLock<String> = LazyLock::new(|| {
    format!("{SELECT} WHERE a.group_code = ?1 AND a.slot_date = ?2 ORDER BY a.slot_start, a.booking_code")
});

/// [`SELECT`] naming the partial index to read. `INDEXED BY` because with range indexes on the ready instant
/// around (the report's) the planner may otherwise walk every passport ever made ready; and should the index
/// go, the statement fails to prepare instead of silently reading history.
static SELECT_DUE_APPROVED: LazyLock<String> = LazyLock::new(|| {
    SELECT.replacen("FROM applications a", "FROM applications a INDEXED BY applications_due_approved", 1)
});
static SELECT_DUE_READY: LazyLock<String> = LazyLock::new(|| {
    SELECT.replacen("FROM applications a", "FROM applications a INDEXED BY applications_due_ready", 1)
});

/// One page of approved passports due by `?1`, after (ready date, code) `(?2, ?3)`, in due-date order: the partial
/// index of approved applications, read in its own order.
pub(crate) static DUE_APPROVED_PAGE: LazyLock<String> = LazyLock::new(|| {
    format!(
        "{} WHERE a.status = 'approved' AND a.ready_date <= ?1 AND (a.ready_date, a.booking_code) > (?2, ?3)
         ORDER BY a.ready_date, a.booking_code LIMIT ?4",
        *SELECT_DUE_APPROVED
    )
});

/// One page of ready passports awaiting hand-over after (ready date, code) `(?1, ?2)` (the partial index of ready
/// applications).
pub(crate) static DUE_READY_PAGE: LazyLock<String> = LazyLock::new(|| {
    format!(
        "{} WHERE a.status = 'ready' AND (a.ready_date, a.booking_code) > (?1, ?2)
         ORDER BY a.ready_date, a.booking_code LIMIT ?3",
        *SELECT_DUE_READY
    )
});

/// How many passports are due on `?1` (both partial indexes, counted without reading the rows).
pub(crate) const DUE_COUNT: &str = "SELECT
        (SELECT COUNT(*) FROM applications INDEXED BY applications_due_approved
           WHERE status = 'approved' AND ready_date <= ?1),
        (SELECT COUNT(*) FROM applications INDEXED BY applications_due_ready WHERE status = 'ready')";

/// The calls, recalls and transfers of a day's applicants, newest first (day index, then each one's audit rows).
pub(crate) const RECENT_CALLS: &str = "SELECT a.queue_no, l.counter_no, a.counter_no, l.at, p.full_name
     FROM audit_log l JOIN applications a ON a.id = l.application_id
     JOIN applicants p ON p.id = a.applicant_id
     WHERE a.slot_date = ?1 AND l.action IN ('call', 'recall', 'transfer') AND a.queue_no IS NOT NULL
     ORDER BY l.at DESC, l.id DESC";

/// Walk-ins registered on a day and not cancelled (the day index).
pub(crate) const WALK_INS_ON_DAY: &str =
    "SELECT COUNT(*) FROM applications WHERE source = 'walk_in' AND slot_date = ?1 AND status <> 'cancelled'";

/// An active booking of a NIK on a day (the NIK's unique index, then the applicant index).
pub(crate) const ACTIVE_BOOKING_OF_NIK: &str = "SELECT a.booking_code FROM applications a
     JOIN applicants p ON p.id = a.applicant_id
     WHERE p.nik = ?1 AND a.slot_date = ?2 AND a.status <> 'cancelled'";

/// The day's last walk-in code: a range on the booking-code index (`?1` is `WI` + YYMMDD).
pub(crate) const LAST_WALK_IN_CODE: &str = "SELECT MAX(booking_code) FROM applications
     WHERE booking_code BETWEEN ?1 || '0000' AND ?1 || '9999' AND length(booking_code) = length(?1) + 4
       AND substr(booking_code, length(?1) + 1) GLOB '[0-9][0-9][0-9][0-9]'";

/// The last counter-paid billing code of a day: a range on the billing-code index (`?1` is `9` + YYMMDD).
pub(crate) const LAST_BILLING_CODE: &str = "SELECT MAX(billing_code) FROM applications
     WHERE billing_code BETWEEN ?1 || '00000000' AND ?1 || '99999999'";

/// The applicant with a NIK.
pub(crate) const APPLICANT_BY_NIK: &str = "SELECT id FROM applicants WHERE nik = ?1";

/// Which matchers a search uses (each given part of the query is one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[doc(hidden)]
pub struct SearchShape {
    pub date: bool,
    pub code: bool,
    pub nik: bool,
    pub name: bool,
}

/// The SQL of a search with these matchers: `?1` date, `?2` code prefix, `?3` NIK prefix, `?4` name fragment,
/// `?5` limit. Only the given filters are in the WHERE clause. Prefixes are ranges on the booking-code and NIK
/// indexes (codes are `[A-Z0-9]`, below `~`; NIKs digits, below `:`). With a date the day index bounds the
/// search; without one each matcher finds its ids on its own index (a name fragment has none: it reads the
/// applicants' name keys, never the applications). `CROSS JOIN` keeps SQLite from turning the joins around.
#[doc(hidden)]
pub fn search_sql(shape: SearchShape) -> String {
    search_sql_of(super::applications::SELECT, shape)
}

/// The booking codes only of what [`search_sql`] finds (the queue's search box needs which rows match, not the
/// rows: it holds the day's applications already). No slot join, nothing to decode but the code.
#[doc(hidden)]
pub fn search_codes_sql(shape: SearchShape) -> String {
    search_sql_of("SELECT a.booking_code FROM applications a JOIN applicants p ON p.id = a.applicant_id", shape)
}

fn search_sql_of(select: &str, shape: SearchShape) -> String {
    let mut matchers: Vec<(&str, &str)> = Vec::new();
    if shape.code {
        matchers.push((
            "a.booking_code >= ?2 AND a.booking_code < ?2 || '~'",
            "SELECT id FROM applications WHERE booking_code >= ?2 AND booking_code < ?2 || '~'",
        ));
    }
    if shape.nik {
        matchers.push((
            "p.nik >= ?3 AND p.nik < ?3 || ':'",
            "SELECT x.id FROM applicants q CROSS JOIN applications x ON x.applicant_id = q.id
             WHERE q.nik >= ?3 AND q.nik < ?3 || ':'",
        ));
    }
    if shape.name {
        matchers.push((
            "p.name_key LIKE '%' || ?4 || '%'",
            "SELECT x.id FROM applicants q CROSS JOIN applications x ON x.applicant_id = q.id
             WHERE q.name_key LIKE '%' || ?4 || '%'",
        ));
    }
    if matchers.is_empty() {
        matchers.push(("0", "SELECT NULL WHERE 0"));
    }
    let filter = if shape.date {
        let any: Vec<String> = matchers.iter().map(|(on_row, _)| format!("({on_row})")).collect();
        format!("a.slot_date = ?1 AND ({})", any.join(" OR "))
    } else {
        let ids: Vec<&str> = matchers.iter().map(|(_, ids)| *ids).collect();
        format!("a.id IN ({})", ids.join(" UNION "))
    };
    // ?5 fixes the parameter count at five, so the matchers left out need no placeholders of their own.
    format!("{select} WHERE {filter} ORDER BY a.slot_date DESC, a.slot_start, a.booking_code LIMIT ?5")
}

/// A search's parameters: `?1` date, `?2` code prefix, `?3` NIK prefix, `?4` name fragment, `?5` limit, and
/// the matchers they imply (a code-like query is also a name fragment, an all-digit one also a code); none for
/// an empty query or a zero limit.
type SearchParams = (Option<String>, Option<String>, Option<String>, Option<String>, i64);

fn search_params(date: Option<NaiveDate>, query: &str, limit: usize) -> Option<(SearchShape, SearchParams)> {
    let q = query.trim();
    if q.is_empty() || limit == 0 {
        return None;
    }
    let upper = q.to_ascii_uppercase();
    let code = upper.bytes().all(|b| b.is_ascii_alphanumeric()).then_some(upper);
    let all_digits = q.bytes().all(|b| b.is_ascii_digit());
    let nik = all_digits.then(|| q.to_string());
    let key = crate::domain::name_key(q);
    // Name keys are letters, digits and spaces: no LIKE wildcards inside.
    let name = (!all_digits && !key.is_empty()).then_some(key);
    let shape = SearchShape { date: date.is_some(), code: code.is_some(), nik: nik.is_some(), name: name.is_some() };
    Some((shape, (date.map(|d| d.to_string()), code, nik, name, i64::try_from(limit).unwrap_or(i64::MAX))))
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
            app.counter_no.ok_or_else(|| Refusal::NotAtCounter { booking_code: app.booking_code.clone() })?;
            // The audit row's counter column names the counter the applicant is at.
            Ok((Vec::new(), String::new()))
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
            // The audit row's counter column holds the new counter; the detail says where from, for people.
            let from = app.counter_no.map(|c| AuditDetail::FromCounter(c).to_string()).unwrap_or_default();
            Ok((vec![("counter_no", Value::Integer(to_counter.into())), ("called_at", text(ts(now)))], from))
        })
    }

    /// Nobody came to the counter: back to the waiting line at its end (check-in time now), same queue number.
    pub fn mark_absent(&mut self, actor: &Actor, booking_code: &str, now: DateTime<Utc>) -> Result<Application> {
        self.apply(actor, booking_code, Event::MarkAbsent, now, |_, _, _| {
            Ok((
                vec![("counter_no", Value::Null), ("called_at", Value::Null), ("checked_in_at", text(ts(now)))],
                String::new(),
            ))
        })
    }

    /// Who is being served at `counter` on `date` (the latest called, should two have been called there).
    pub fn at_counter(&self, date: NaiveDate, counter: u32) -> Result<Option<Application>> {
        Ok(self.conn.prepare_cached(&AT_COUNTER)?.query_row((date.to_string(), counter), from_row).optional()?)
    }

    /// Finds applications by booking-code prefix, NIK prefix (all digits) or a fragment of the name
    /// (case and punctuation ignored); newest slot date first. `date` restricts to one slot date. The desk's
    /// search box asks only for the codes ([`Store::search_codes`], the same search).
    pub fn search(&self, date: Option<NaiveDate>, query: &str, limit: usize) -> Result<Vec<Application>> {
        let Some((shape, params)) = search_params(date, query, limit) else { return Ok(Vec::new()) };
        query_apps(&self.conn, &search_sql(shape), params)
    }

    /// The booking codes [`Store::search`] finds, in its order: for the queue's search box, which holds the
    /// day's applications already and needs only which of them match (a keystroke decodes no rows).
    pub fn search_codes(&self, date: Option<NaiveDate>, query: &str, limit: usize) -> Result<Vec<String>> {
        let Some((shape, params)) = search_params(date, query, limit) else { return Ok(Vec::new()) };
        let mut stmt = self.conn.prepare_cached(&search_codes_sql(shape))?;
        let rows = stmt.query_map(params, |r| r.get(0))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
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
                e @ (StoreError::Rule(_) | StoreError::Transition(_) | StoreError::CheckIn(_)) => {
                    StoreError::from(Refusal::GroupMember {
                        booking_code: code.clone(),
                        name: member.full_name.clone(),
                        why: Box::new(e),
                    })
                }
                other => other,
            })?;
            done.push(app);
        }
        tx.commit()?;
        Ok(done)
    }

    /// Passports to deal with on `today`: approved ones due (ready date today or earlier) to be marked ready,
    /// then ready ones awaiting hand-over; each part by ready date, then booking code. The whole list: the desk
    /// reads it a page at a time with [`Store::ready_page`].
    pub fn ready_list(&self, today: NaiveDate) -> Result<Vec<Application>> {
        self.ready_page(today, None, usize::MAX)
    }

    /// Up to `limit` passports of [`Store::ready_list`]'s list that come after `after` (from the start when
    /// `None`), read by due date from the partial indexes of approved and ready applications: the cost is the
    /// page, not the backlog.
    pub fn ready_page(&self, today: NaiveDate, after: Option<&Application>, limit: usize) -> Result<Vec<Application>> {
        let limit_sql = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        let key = |a: &Application| (a.ready_date.map(|d| d.to_string()).unwrap_or_default(), a.booking_code.clone());
        let mut page = Vec::new();
        let in_ready_part = after.is_some_and(|a| a.status == Status::Ready);
        if !in_ready_part {
            let (d, c) = after.map(key).unwrap_or_default();
            page = query_apps(&self.conn, &DUE_APPROVED_PAGE, (today.to_string(), d, c, limit_sql(limit)))?;
        }
        if page.len() < limit {
            let (d, c) = if in_ready_part { after.map(key).unwrap_or_default() } else { Default::default() };
            page.extend(query_apps(&self.conn, &DUE_READY_PAGE, (d, c, limit_sql(limit - page.len())))?);
        }
        Ok(page)
    }

    /// How many passports [`Store::ready_list`] has on `today`.
    pub fn ready_count(&self, today: NaiveDate) -> Result<u64> {
        let (approved, ready): (i64, i64) =
            self.conn.prepare_cached(DUE_COUNT)?.query_row([today.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(u64::try_from(approved + ready).unwrap_or(0))
    }

    /// The latest calls, recalls and transfers of `date`'s applications, newest first (the waiting-room board).
    pub fn recent_calls(&self, date: NaiveDate, limit: usize) -> Result<Vec<Call>> {
        let mut stmt = self.conn.prepare_cached(RECENT_CALLS)?;
        let mut rows = stmt.query([date.to_string()])?;
        let mut out = Vec::new();
        while out.len() < limit {
            let Some(r) = rows.next()? else { break };
            let counter = r.get::<_, Option<u32>>(1)?.or(r.get::<_, Option<u32>>(2)?);
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

    /// Registers a priority walk-in whose fee was paid at the counter and checks them in at once (priority
    /// line), in one transaction: the payment is recorded with the receipt's number (NTPN, checked after the
    /// walk-in rules: no fee is taken from someone who does not qualify), and only then is the walk-in checked
    /// in. The day's priority quota, not the slot's, limits walk-ins.
    pub fn register_walk_in_paid(
        &mut self,
        actor: &Actor,
        w: &NewWalkIn,
        ntpn: &str,
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
        super::outreach::refuse_unoffered(&tx, w.application_type)?;
        let nik = w.nik.trim();
        let old_passport_no = old_passport_no.map(validate_old_passport_no).transpose().map_err(Refusal::from)?;

        if let Some(day_off) = day_off_reason(&tx, today)? {
            return Err(Refusal::NoWalkInsToday(day_off).into());
        }
        super::close::refuse_if_closed(&tx, today)?;
        if here.time() < settings.opening_time || here.time() >= settings.closing_time {
            return Err(Refusal::OfficeClosed {
                opens: settings.opening_time.format("%H:%M").to_string(),
                closes: settings.closing_time.format("%H:%M").to_string(),
            }
            .into());
        }
        super::quota::admit_walk_in(&tx, &settings, today)?;
        let other: Option<String> =
            tx.prepare_cached(ACTIVE_BOOKING_OF_NIK)?.query_row((nik, today.to_string()), |r| r.get(0)).optional()?;
        if let Some(other) = other {
            return Err(Refusal::ActiveBookingToday { nik: nik.to_string(), booking_code: other }.into());
        }

        let fee = fees::quote(today, w.passport_kind, w.validity_years, Service::Regular, w.application_type)
            .map_err(Refusal::from)?
            .total();
        let ntpn = crate::domain::payment::validate_ntpn(ntpn).map_err(super::Refusal::from)?;
        let (start, end) = walk_in_slot(&settings, here.time())?;
        slots::ensure_slot(&tx, &settings, today, start, end)?;
        let booking_code = next_walk_in_code(&tx, today)?;
        let billing_code = next_billing_code(&tx, today)?;
        let applicant_id = applicant_for(&tx, w, nik, now)?;
        let id = new_id();
        tx.prepare_cached(
            "INSERT INTO applications (id, booking_code, applicant_id, application_type, purpose, passport_kind,
                validity_years, service, slot_date, slot_start, billing_code, fee_idr, paid_at, old_passport_no,
                group_code, priority_reason, source, manifest_hash, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, NULL, ?15, 'walk_in', NULL, ?13, ?13)",
        )?
        .execute(rusqlite::params![
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
        tx.execute("UPDATE applications SET payment_ntpn = ?2 WHERE id = ?1", (&id, &ntpn))?;
        let detail = AuditDetail::WalkIn {
            reason: w.priority_reason,
            fee,
            billing: billing_code.to_string(),
            ntpn: ntpn.to_string(),
        }
        .to_string();
        super::outreach::tag_event(&tx, &id)?;
        audit::record(&tx, now, &actor.name, AuditAction::WalkIn, Some(&id), None, Some("booked"), &detail)?;
        let app = check_in_walk_in(&tx, actor, &booking_code, now)?;
        tx.commit()?;
        Ok(app)
    }
}

fn group_members_in(conn: &Connection, group_code: &str, date: NaiveDate) -> Result<Vec<Application>> {
    query_apps(conn, &GROUP_MEMBERS, (group_code.trim(), date.to_string()))
}

/// The template slot a walk-in arriving at office-local `time` belongs to: the one containing it, else the
/// first (before the first slot) or the last (after the last).
fn walk_in_slot(settings: &OfficeSettings, time: NaiveTime) -> Result<(NaiveTime, NaiveTime)> {
    let slots = settings.slot_template.slots();
    let (first, last) = match (slots.first(), slots.last()) {
        (Some(f), Some(l)) => (*f, *l),
        _ => return Err(Refusal::NoSlots(settings.slot_template.to_string()).into()),
    };
    Ok(slots.into_iter().find(|(s, e)| *s <= time && time < *e).unwrap_or(if time < first.0 { first } else { last }))
}

/// `WI` + YYMMDD + the day's 4-digit walk-in sequence, e.g. WI2611250001.
fn next_walk_in_code(conn: &Connection, today: NaiveDate) -> Result<String> {
    // On an outreach laptop the code carries the laptop's number, so two laptops never mint the same one.
    let prefix = match super::outreach::laptop_no(conn)? {
        Some(laptop) => format!("WL{laptop:02}{}", today.format("%y%m%d")),
        None => format!("WI{}", today.format("%y%m%d")),
    };
    let last: Option<String> = conn.prepare_cached(LAST_WALK_IN_CODE)?.query_row([&prefix], |r| r.get(0))?;
    let n = last.and_then(|c| c[prefix.len()..].parse::<u32>().ok()).unwrap_or(0) + 1;
    if n > 9999 {
        return Err(Refusal::WalkInNumbersUsed(today).into());
    }
    Ok(format!("{prefix}{n:04}"))
}

/// A 15-digit billing code for a fee paid at the counter: `9` + YYMMDD + an 8-digit sequence, unique among all
/// billing codes with that prefix.
fn next_billing_code(conn: &Connection, today: NaiveDate) -> Result<String> {
    let prefix = format!("9{}", today.format("%y%m%d"));
    let last: Option<String> = conn.prepare_cached(LAST_BILLING_CODE)?.query_row([&prefix], |r| r.get(0))?;
    let n = last.and_then(|c| c[prefix.len()..].parse::<u64>().ok()).unwrap_or(0) + 1;
    if n > 99_999_999 {
        return Err(Refusal::BillingCodesUsed(today).into());
    }
    Ok(format!("{prefix}{n:08}"))
}

/// The applicant with this NIK, or a new one from the walk-in's data.
fn applicant_for(conn: &Connection, w: &NewWalkIn, nik: &str, now: DateTime<Utc>) -> Result<String> {
    let found: Option<String> = conn.prepare_cached(APPLICANT_BY_NIK)?.query_row([nik], |r| r.get(0)).optional()?;
    if let Some(id) = found {
        return Ok(id);
    }
    let id = new_id();
    let name = w.full_name.trim();
    let phone = w.phone.as_deref().map(str::trim).filter(|p| !p.is_empty());
    conn.prepare_cached(
        "INSERT INTO applicants (id, nik, full_name, name_key, sex, birth_date, phone, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(rusqlite::params![
        id,
        nik,
        name,
        crate::domain::name_key(name),
        w.sex.code(),
        w.birth_date.to_string(),
        phone,
        ts(now)
    ])?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

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

//! Stay-permit extensions for foreigners: registering one (fee paid, queue number of the W line), and each step
//! of its lifecycle, every change one transaction with its audit row. On an outreach laptop the event must
//! offer `izin_tinggal`, and the tickets carry the laptop's number like the passport lines.

use super::applications::local;
use super::outreach::node_in;
use super::{audit, load_settings, new_id, ts, Actor, Result, Store, StoreError};
use crate::domain::audit::AuditAction;
use crate::domain::audit_detail::AuditDetail;
use crate::domain::outreach::{EventService, OutreachRefusal};
use crate::domain::staypermit::{self, check_registration, PermitType, StayEvent, StayFacts, StayRefusal, StayStatus};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension};

/// A stay-permit application as the officer enters it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewStayPermit {
    pub full_name: String,
    pub passport_no: String,
    pub nationality: String,
    pub permit_type: PermitType,
    pub permit_no: String,
    pub current_expiry: NaiveDate,
    pub sponsor: String,
}

/// A stay-permit application as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StayPermit {
    pub id: String,
    pub code: String,
    pub full_name: String,
    pub passport_no: String,
    pub nationality: String,
    pub permit_type: PermitType,
    pub permit_no: String,
    pub current_expiry: NaiveDate,
    pub sponsor: String,
    pub fee_idr: i64,
    pub service_date: NaiveDate,
    pub queue_no: Option<String>,
    pub status: StayStatus,
    pub new_expiry: Option<NaiveDate>,
    pub refusal_reason: Option<String>,
    pub event_id: Option<i64>,
}

fn load(conn: &Connection, code: &str) -> Result<StayPermit> {
    let code = code.trim().to_ascii_uppercase();
    conn.query_row(
        "SELECT id, code, full_name, passport_no, nationality, permit_type, permit_no, current_expiry, sponsor,
                fee_idr, service_date, queue_no, status, new_expiry, refusal_reason, event_id
         FROM stay_permits WHERE code = ?1",
        [&code],
        |r| {
            let bad = |i: usize, s: String| {
                rusqlite::Error::FromSqlConversionFailure(
                    i,
                    rusqlite::types::Type::Text,
                    format!("unknown code {s:?}").into(),
                )
            };
            let permit: String = r.get(5)?;
            let status: String = r.get(12)?;
            Ok(StayPermit {
                id: r.get(0)?,
                code: r.get(1)?,
                full_name: r.get(2)?,
                passport_no: r.get(3)?,
                nationality: r.get(4)?,
                permit_type: PermitType::parse(&permit).ok_or_else(|| bad(5, permit.clone()))?,
                permit_no: r.get(6)?,
                current_expiry: r.get(7)?,
                sponsor: r.get(8)?,
                fee_idr: r.get(9)?,
                service_date: r.get(10)?,
                queue_no: r.get(11)?,
                status: StayStatus::parse(&status).ok_or_else(|| bad(12, status.clone()))?,
                new_expiry: r.get(13)?,
                refusal_reason: r.get(14)?,
                event_id: r.get(15)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(code))
}

fn refused(e: StayRefusal) -> StoreError {
    super::Refusal::Stay(e).into()
}

impl Store {
    /// One stay-permit application by its code.
    pub fn stay_permit(&self, code: &str) -> Result<StayPermit> {
        load(&self.conn, code)
    }

    /// Registers a stay-permit extension: checks the data, takes the fee from the catalogue (paid at the
    /// counter) and hands out the next ticket of the W line, in one transaction.
    pub fn register_stay_permit(&mut self, actor: &Actor, p: &NewStayPermit, now: DateTime<Utc>) -> Result<StayPermit> {
        let (passport_no, nationality) = check_registration(&StayFacts {
            full_name: &p.full_name,
            passport_no: &p.passport_no,
            nationality: &p.nationality,
            permit_no: &p.permit_no,
            sponsor: &p.sponsor,
        })
        .map_err(refused)?;
        let tx = self.write()?;
        let settings = load_settings(&tx)?;
        let today = local(&settings, now).date();
        let node = node_in(&tx)?.filter(|n| n.is_laptop());
        let (event_id, laptop) = match node {
            Some(n) => {
                let event = n.event.ok_or(OutreachRefusal::NotALaptop)?;
                if !event.services.contains(&EventService::StayPermit) {
                    return Err(OutreachRefusal::StayPermitNotOffered {
                        offered: crate::domain::outreach::services_text(&event.services),
                    }
                    .into());
                }
                if today < event.first_day || today > event.last_day {
                    return Err(
                        OutreachRefusal::NotEventDay { today, first: event.first_day, last: event.last_day }.into()
                    );
                }
                (Some(event.id), n.laptop_no)
            }
            None => (None, None),
        };
        let fee = staypermit::fee(p.permit_type, today).map_err(refused)?;
        let n: u32 =
            tx.query_row("SELECT COUNT(*) FROM stay_permits WHERE service_date = ?1", [today.to_string()], |r| {
                r.get(0)
            })?;
        let n = n + 1;
        let queue_no = match laptop {
            Some(l) => format!("{}-L{l}-{n:03}", staypermit::QUEUE_PREFIX),
            None => format!("{}-{n:03}", staypermit::QUEUE_PREFIX),
        };
        let code = format!("IT{}{:02}{n:04}", today.format("%y%m%d"), laptop.unwrap_or(0));
        let id = new_id();
        tx.execute(
            "INSERT INTO stay_permits (id, code, full_name, passport_no, nationality, permit_type, permit_no,
                current_expiry, sponsor, fee_idr, paid_at, service_date, queue_no, event_id, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?11, ?11)",
            rusqlite::params![
                id,
                code,
                p.full_name.trim(),
                passport_no,
                nationality,
                p.permit_type.as_str(),
                p.permit_no.trim(),
                p.current_expiry.to_string(),
                p.sponsor.trim(),
                i64::try_from(fee).unwrap_or(i64::MAX),
                ts(now),
                today.to_string(),
                queue_no,
                event_id,
            ],
        )?;
        audit::record(
            &tx,
            now,
            &actor.name,
            AuditAction::StayRegister,
            None,
            None,
            Some(StayStatus::Registered.as_str()),
            &AuditDetail::StayRegister {
                code: code.clone(),
                permit: p.permit_type,
                permit_no: p.permit_no.trim().to_string(),
                fee,
                queue_no: queue_no.clone(),
            }
            .to_string(),
        )?;
        let out = load(&tx, &code)?;
        tx.commit()?;
        Ok(out)
    }

    /// One step of a stay permit's lifecycle. `new_expiry` is required to approve (after the current expiry),
    /// `reason` to refuse.
    pub fn stay_permit_step(
        &mut self,
        actor: &Actor,
        code: &str,
        event: StayEvent,
        new_expiry: Option<NaiveDate>,
        reason: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<StayPermit> {
        let tx = self.write()?;
        let p = load(&tx, code)?;
        let to = staypermit::transition(p.status, event).map_err(refused)?;
        let mut sets = vec![("status", to.as_str().to_string()), ("updated_at", ts(now))];
        let detail = match event {
            StayEvent::Approve => {
                let new = new_expiry.ok_or(super::Refusal::NoNewExpiry)?;
                if new <= p.current_expiry {
                    return Err(refused(StayRefusal::ExpiryNotLater { current: p.current_expiry, new }));
                }
                sets.push(("new_expiry", new.to_string()));
                sets.push(("decided_at", ts(now)));
                AuditDetail::StayApproved { code: p.code.clone(), valid_until: new }
            }
            StayEvent::Refuse => {
                let why =
                    reason.map(str::trim).filter(|r| !r.is_empty()).ok_or(StayRefusal::NoReason).map_err(refused)?;
                sets.push(("refusal_reason", why.to_string()));
                sets.push(("decided_at", ts(now)));
                AuditDetail::StayRefused { code: p.code.clone(), reason: why.to_string() }
            }
            StayEvent::HandOver => {
                sets.push(("handed_over_at", ts(now)));
                AuditDetail::StayPermit { code: p.code.clone() }
            }
            StayEvent::CheckDocuments | StayEvent::TakeBiometrics => AuditDetail::StayPermit { code: p.code.clone() },
        };
        let assignments: Vec<String> = sets.iter().enumerate().map(|(i, (c, _))| format!("{c} = ?{}", i + 3)).collect();
        let sql = format!("UPDATE stay_permits SET {} WHERE id = ?1 AND status = ?2", assignments.join(", "));
        let mut params: Vec<String> = vec![p.id.clone(), p.status.as_str().to_string()];
        params.extend(sets.into_iter().map(|(_, v)| v));
        if tx.execute(&sql, rusqlite::params_from_iter(params))? != 1 {
            return Err(StoreError::Conflict { now: p.status.as_str().into() });
        }
        audit::record(
            &tx,
            now,
            &actor.name,
            event.action(),
            None,
            Some(p.status.as_str()),
            Some(to.as_str()),
            &detail.to_string(),
        )?;
        let out = load(&tx, &p.code)?;
        tx.commit()?;
        Ok(out)
    }
}

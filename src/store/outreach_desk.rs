//! What the desk reads for its outreach screens: a group with all its members (every day of the group), and
//! the day's stay-permit applications for the queue. Writes go through the existing store functions
//! (`hand_over_group`, `resolve_conflict`, `stay_permit_step`), the same ones the command line uses.

use super::applications::{from_row, Application, SELECT};
use super::{Result, StayPermit, Store};
use chrono::NaiveDate;
use rusqlite::OptionalExtension;
use std::sync::LazyLock;

/// A group as the desk heads its progress screen. A collective booking imported from M-Paspor (only a group
/// code on its bookings) has no leader on record: those fields are then empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupHead {
    pub code: String,
    pub name: Option<String>,
    pub leader: Option<String>,
    pub contact: Option<String>,
}

/// One recorded step of a stay permit (from the audit log): when, by whom, the status it led to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StayStep {
    pub at: String,
    pub officer: String,
    pub to_status: Option<String>,
}

/// Every member of a group, whatever the day (the group index), by day, slot and booking code.
static GROUP_ALL: LazyLock<String> =
    LazyLock::new(|| format!("{SELECT} WHERE a.group_code = ?1 ORDER BY a.slot_date, a.slot_start, a.booking_code"));

impl Store {
    /// The group `code` (case-insensitive): its leader and contact when the group was registered, else just the
    /// code when bookings carry it; `None` when nothing is known by that code.
    pub fn group_head(&self, code: &str) -> Result<Option<GroupHead>> {
        let code = code.trim().to_ascii_uppercase();
        if code.is_empty() {
            return Ok(None);
        }
        let registered = self
            .conn
            .query_row("SELECT name, leader, contact FROM outreach_groups WHERE code = ?1", [&code], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        if let Some((name, leader, contact)) = registered {
            return Ok(Some(GroupHead { code, name: Some(name), leader: Some(leader), contact: Some(contact) }));
        }
        let booked: bool =
            self.conn
                .query_row("SELECT EXISTS (SELECT 1 FROM applications WHERE group_code = ?1)", [&code], |r| r.get(0))?;
        Ok(booked.then_some(GroupHead { code, name: None, leader: None, contact: None }))
    }

    /// Every member of the group `code`, over all its days.
    pub fn group_applications(&self, code: &str) -> Result<Vec<Application>> {
        let code = code.trim().to_ascii_uppercase();
        let mut stmt = self.conn.prepare_cached(&GROUP_ALL)?;
        let rows = stmt.query_map([&code], from_row)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// The steps of stay permit `code`, oldest first. Stay-permit rows carry no application id, so they are
    /// found by instant (the audit index, from the permit's registration on) and by the code their detail names.
    pub fn stay_permit_steps(&self, code: &str) -> Result<Vec<StayStep>> {
        let code = code.trim().to_ascii_uppercase();
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, officer, to_status FROM audit_log
             WHERE at >= (SELECT created_at FROM stay_permits WHERE code = ?1)
               AND action IN ('stay_register', 'stay_documents', 'stay_biometrics', 'stay_approve', 'stay_refuse',
                              'stay_hand_over')
               AND (detail = 'stay permit ' || ?1 OR detail LIKE 'stay permit ' || ?1 || ' %'
                    OR detail LIKE 'stay permit ' || ?1 || ':%')
             ORDER BY at, rowid",
        )?;
        let rows =
            stmt.query_map([&code], |r| Ok(StayStep { at: r.get(0)?, officer: r.get(1)?, to_status: r.get(2)? }))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// The stay-permit applications served on `date` (office-local), in ticket order. Every registration hands
    /// out a ticket, so the (service_date, queue_no) index finds them.
    pub fn day_stay_permits(&self, date: NaiveDate) -> Result<Vec<StayPermit>> {
        let codes: Vec<String> = self
            .conn
            .prepare_cached(
                "SELECT code FROM stay_permits WHERE service_date = ?1 AND queue_no IS NOT NULL ORDER BY queue_no",
            )?
            .query_map([date.to_string()], |r| r.get(0))?
            .collect::<Result<Vec<_>, _>>()?;
        codes.iter().map(|c| self.stay_permit(c)).collect()
    }
}

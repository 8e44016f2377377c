//! Read-only queries behind the stay-permit rows of the supervisors' report (`crate::report`), kept apart from
//! the passport queries in `report.rs`: foreigners' stay-permit extensions per permit type. Nothing here writes.

use super::{Result, Store};
use crate::domain::staypermit::PermitType;
use chrono::NaiveDate;

/// Stay-permit figures of a range (one permit type, or all together).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct StayPermitCounts {
    /// Registered (fee paid, W ticket) with a service day in the range.
    pub registered: u32,
    /// Of `registered`: not decided yet (registered, documents checked or biometrics taken).
    pub in_progress: u32,
    /// Approved (with a new expiry date) at an instant within the range, whenever registered.
    pub approved: u32,
    /// Refused at an instant within the range, whenever registered.
    pub refused: u32,
    /// Handed over at an instant within the range.
    pub handed_over: u32,
    /// Fees paid for the stay permits registered in the range, in rupiah (paid up front, never refunded).
    pub pnbp_idr: u64,
}

impl StayPermitCounts {
    pub fn add(&mut self, o: &StayPermitCounts) {
        self.registered += o.registered;
        self.in_progress += o.in_progress;
        self.approved += o.approved;
        self.refused += o.refused;
        self.handed_over += o.handed_over;
        self.pnbp_idr += o.pnbp_idr;
    }

    /// Nothing happened to a stay permit in the range.
    pub fn is_empty(&self) -> bool {
        *self == StayPermitCounts::default()
    }
}

/// Registrations by service day (through `stay_permits_service_date`).
const REGISTERED_SQL: &str = "SELECT permit_type, COUNT(*),
        SUM(status IN ('registered', 'documents_checked', 'biometrics')),
        COALESCE(SUM(CASE WHEN paid_at IS NOT NULL THEN fee_idr END), 0)
     FROM stay_permits WHERE service_date BETWEEN ?1 AND ?2 GROUP BY permit_type";
/// Decisions by instant (through `stay_permits_decided_at`): approved ones may since have been handed over.
const DECIDED_SQL: &str = "SELECT permit_type, SUM(status <> 'refused'), SUM(status = 'refused')
     FROM stay_permits WHERE decided_at >= ?1 AND decided_at < ?2 GROUP BY permit_type";
/// Hand-overs by instant (through `stay_permits_handed_over_at`).
const HANDED_OVER_SQL: &str = "SELECT permit_type, COUNT(*)
     FROM stay_permits WHERE handed_over_at >= ?1 AND handed_over_at < ?2 GROUP BY permit_type";

fn slot<'a>(out: &'a mut [(PermitType, StayPermitCounts)], code: &str) -> Option<&'a mut StayPermitCounts> {
    out.iter_mut().find(|(p, _)| p.as_str() == code).map(|(_, c)| c)
}

impl Store {
    /// Stay-permit figures of the office-local days `from..=to`, for every permit type (catalogue order, zeros
    /// included). Registrations count by service day, decisions and hand-overs by the instant they happened.
    pub fn report_stay_permits(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<(PermitType, StayPermitCounts)>> {
        let (start, end) = self.range_bounds_utc(from, to)?;
        let mut out: Vec<(PermitType, StayPermitCounts)> =
            PermitType::ALL.iter().map(|p| (*p, StayPermitCounts::default())).collect();
        let mut stmt = self.conn.prepare(REGISTERED_SQL)?;
        let mut rows = stmt.query((from.to_string(), to.to_string()))?;
        while let Some(r) = rows.next()? {
            if let Some(c) = slot(&mut out, &r.get::<_, String>(0)?) {
                c.registered = r.get(1)?;
                c.in_progress = r.get(2)?;
                c.pnbp_idr = u64::try_from(r.get::<_, i64>(3)?).unwrap_or(0);
            }
        }
        let mut stmt = self.conn.prepare(DECIDED_SQL)?;
        let mut rows = stmt.query((&start, &end))?;
        while let Some(r) = rows.next()? {
            if let Some(c) = slot(&mut out, &r.get::<_, String>(0)?) {
                c.approved = r.get(1)?;
                c.refused = r.get(2)?;
            }
        }
        let mut stmt = self.conn.prepare(HANDED_OVER_SQL)?;
        let mut rows = stmt.query((&start, &end))?;
        while let Some(r) = rows.next()? {
            if let Some(c) = slot(&mut out, &r.get::<_, String>(0)?) {
                c.handed_over = r.get(1)?;
            }
        }
        Ok(out)
    }

    /// The query plans of [`Store::report_stay_permits`] on the days `from..=to` (as `EXPLAIN QUERY PLAN` prints
    /// them), for the test that checks each reads through an index.
    pub fn report_stay_permit_query_plans(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<(String, Vec<String>)>> {
        let (start, end) = self.range_bounds_utc(from, to)?;
        let queries = [
            ("stay_registered", REGISTERED_SQL, [from.to_string(), to.to_string()]),
            ("stay_decided", DECIDED_SQL, [start.clone(), end.clone()]),
            ("stay_handed_over", HANDED_OVER_SQL, [start, end]),
        ];
        let mut out = Vec::new();
        for (name, sql, params) in queries {
            let mut stmt = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
            let steps = stmt.query_map(params, |r| r.get::<_, String>(3))?.collect::<Result<Vec<_>, _>>()?;
            out.push((name.to_string(), steps));
        }
        Ok(out)
    }
}

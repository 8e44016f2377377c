//! Who is signed in at which counter, for the supervisors' floor view.

use super::{new_id, ts, Actor, Refusal, Result, Store};
use crate::domain::audit::AuditAction;
use crate::domain::audit_detail::AuditDetail;
use chrono::{DateTime, Utc};

/// The sessions open now (the partial index of open sessions).
pub(crate) const OPEN_SESSIONS: &str =
    "SELECT counter_no, officer, signed_in_at FROM counter_sessions WHERE signed_out_at IS NULL ORDER BY counter_no";

/// Closes the session left open at a counter.
pub(crate) const CLOSE_OPEN_AT_COUNTER: &str =
    "UPDATE counter_sessions SET signed_out_at = ?2 WHERE counter_no = ?1 AND signed_out_at IS NULL";

impl Store {
    /// Records `actor` signing in at `counter`; returns the session's id. A session another officer has open
    /// there (another workstation) is never closed silently: that is refused ([`Refusal::CounterInUse`]) and
    /// the desk asks before [`Store::take_over_counter_session`]. The same officer's own session left open (a
    /// desk that crashed) is replaced.
    pub fn open_counter_session(&mut self, actor: &Actor, counter: u32, now: DateTime<Utc>) -> Result<String> {
        self.start_session(actor, counter, false, now)
    }

    /// Signs `actor` in at `counter` after the officer agreed to take it over: any session open there is
    /// closed, and the take-over is in the audit trail.
    pub fn take_over_counter_session(&mut self, actor: &Actor, counter: u32, now: DateTime<Utc>) -> Result<String> {
        self.start_session(actor, counter, true, now)
    }

    fn start_session(&mut self, actor: &Actor, counter: u32, take_over: bool, now: DateTime<Utc>) -> Result<String> {
        let tx = self.write()?;
        let exists: bool =
            tx.query_row("SELECT EXISTS (SELECT 1 FROM counters WHERE number = ?1)", [counter], |r| r.get(0))?;
        if !exists {
            return Err(Refusal::NoCounter(counter).into());
        }
        let others: Vec<(String, String)> = {
            let mut stmt = tx.prepare(
                "SELECT officer, signed_in_at FROM counter_sessions
                 WHERE counter_no = ?1 AND signed_out_at IS NULL AND officer <> ?2 ORDER BY signed_in_at",
            )?;
            let rows = stmt.query_map((counter, &actor.name), |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<Result<Vec<_>, _>>()?
        };
        if let (false, Some((officer, since))) = (take_over, others.first()) {
            let offset = super::load_settings(&tx)?.utc_offset;
            let (officer, since) = (officer.clone(), since.clone());
            return Err(Refusal::CounterInUse { counter, officer, since, offset }.into());
        }
        tx.prepare_cached(CLOSE_OPEN_AT_COUNTER)?.execute((counter, ts(now)))?;
        if take_over && !others.is_empty() {
            let from: Vec<&str> = others.iter().map(|(o, _)| o.as_str()).collect();
            let from = from.into_iter().map(str::to_string).collect();
            let detail = AuditDetail::TakeOver { counter, from }.to_string();
            super::audit::record(&tx, now, &actor.name, AuditAction::TakeOverCounter, None, None, None, &detail)?;
        }
        let id = new_id();
        tx.execute(
            "INSERT INTO counter_sessions (id, counter_no, officer, signed_in_at) VALUES (?1, ?2, ?3, ?4)",
            (&id, counter, &actor.name, ts(now)),
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Records the end of a session (sign-out, quit).
    pub fn close_counter_session(&mut self, id: &str, now: DateTime<Utc>) -> Result<()> {
        self.conn.execute(
            "UPDATE counter_sessions SET signed_out_at = ?2 WHERE id = ?1 AND signed_out_at IS NULL",
            (id, ts(now)),
        )?;
        Ok(())
    }

    /// Open sessions: (counter, officer, signed in at).
    pub fn open_counter_sessions(&self) -> Result<Vec<(u32, String, String)>> {
        let mut stmt = self.conn.prepare_cached(OPEN_SESSIONS)?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }
}

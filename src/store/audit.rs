//! The audit log: one row per change, written inside the change's own transaction, append-only and
//! hash-chained (docs/audit.md). Each node (the office, an outreach laptop) keeps its own chain; this database
//! appends to the chain of its own node (`settings.node_id`).

use super::{new_id, ts, Result, StoreError};
use crate::domain::audit::{short_hash, AuditAction, ChainRow, GENESIS};
use crate::domain::text::for_terminal;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};
use std::fmt;

/// The SQL function through which a connection tells its audit rows whether its clock is pinned (registered
/// by `Store::setup`; see `Store::pin_clock`).
pub(crate) const CLOCK_PINNED_FN: &str = "loket_clock_pinned";

/// The settings key of this database's own node id (its chain).
pub(crate) const NODE_ID_KEY: &str = "node_id";

/// How an audit row's instant relates to the real time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RowClock {
    /// The connection's clock: pinned or real, as the store was told (`Store::pin_clock`).
    Connection,
    /// As `Connection`, but allowed to anyone under a pinned clock: the record of a refused attempt, not a
    /// change.
    ConnectionRefusal,
    /// Always the real time, whatever the connection's clock (sign-in failures and locks).
    Real,
    // The demo builder's made-up instants are written as pinned, with the real time beside them, by its bulk
    // writer (src/store/demo.rs), which keeps the chain's head itself.
}

/// One audit row to append.
#[derive(Debug, Clone)]
pub(crate) struct Entry<'a> {
    pub at: DateTime<Utc>,
    pub officer: &'a str,
    pub action: AuditAction,
    pub application_id: Option<&'a str>,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub counter: Option<u32>,
    pub detail: &'a str,
    pub clock: RowClock,
}

impl<'a> Entry<'a> {
    pub fn new(at: DateTime<Utc>, officer: &'a str, action: AuditAction) -> Entry<'a> {
        Entry {
            at,
            officer,
            action,
            application_id: None,
            from: None,
            to: None,
            counter: None,
            detail: "",
            clock: RowClock::Connection,
        }
    }
}

/// Appends one row (the common shape: no counter, the connection's clock).
#[allow(clippy::too_many_arguments)]
pub(crate) fn record(
    conn: &Connection,
    at: DateTime<Utc>,
    officer: &str,
    action: AuditAction,
    application_id: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
    detail: &str,
) -> Result<()> {
    append(conn, &Entry { application_id, from, to, detail, ..Entry::new(at, officer, action) })
}

/// This database's own node id.
pub(crate) fn node_id(conn: &Connection) -> Result<String> {
    conn.prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([NODE_ID_KEY], |r| r.get(0))
        .optional()?
        .ok_or_else(|| super::Refusal::NoNodeId.into())
}

/// Whether the database is a training one (made by `demo` or `init --training`): a pinned clock is allowed for
/// everyone there.
pub(crate) fn is_training(conn: &Connection) -> Result<bool> {
    Ok(matches!(training_kind(conn)?.as_deref(), Some("1" | "demo")))
}

/// The `training` setting: `demo` (made by `loket demo`), `1` (`init --training`), or none (an office).
pub(crate) fn training_kind(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE key = 'training'")?
        .query_row([], |r| r.get(0))
        .optional()?)
}

/// Refuses a write under a pinned clock unless the database is a training one or `officer` is a supervisor
/// (`system` is init's and demo's own account, never an officer's).
fn may_write_pinned(conn: &Connection, officer: &str) -> Result<()> {
    if is_training(conn)? {
        return Ok(());
    }
    let role: Option<String> = conn
        .prepare_cached("SELECT role FROM officers WHERE name = ?1")?
        .query_row([officer], |r| r.get(0))
        .optional()?;
    match role.as_deref() {
        Some("supervisor") => Ok(()),
        None if officer == super::Actor::system().name => Ok(()),
        _ => Err(StoreError::PinnedClock),
    }
}

/// Appends one row to this node's chain: the next sequence number, the hash of the previous row, the hash of
/// its own content. Runs inside the caller's write transaction.
pub(crate) fn append(conn: &Connection, e: &Entry<'_>) -> Result<()> {
    let pinned = match e.clock {
        RowClock::Connection | RowClock::ConnectionRefusal => {
            conn.query_row(&format!("SELECT {CLOCK_PINNED_FN}()"), [], |r| r.get::<_, bool>(0))?
        }
        RowClock::Real => false,
    };
    if pinned && e.clock == RowClock::Connection {
        may_write_pinned(conn, e.officer)?;
    }
    let at = ts(e.at);
    let real_at = if pinned { ts(Utc::now()) } else { at.clone() };
    let node = node_id(conn)?;
    let head: Option<(i64, String)> = conn
        .prepare_cached("SELECT seq, hash FROM audit_log WHERE node_id = ?1 ORDER BY seq DESC LIMIT 1")?
        .query_row([&node], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (seq, prev_hash) = head.map(|(s, h)| (s + 1, h)).unwrap_or((1, GENESIS.to_string()));
    let id = new_id();
    let detail = (!e.detail.is_empty()).then_some(e.detail);
    let row = ChainRow {
        node_id: &node,
        seq,
        id: &id,
        at: &at,
        real_at: &real_at,
        pinned_at: pinned.then_some(at.as_str()),
        officer: e.officer,
        action: e.action.as_str(),
        application_id: e.application_id,
        counter_no: e.counter.map(i64::from),
        from_status: e.from,
        to_status: e.to,
        detail,
        prev_hash: &prev_hash,
    };
    insert(conn, &row).map(|_| ())
}

/// This node's chain held open by a writer that appends many rows in one write transaction (the booking
/// import): the clock, the node and the head are read once instead of once per row. Only valid while the
/// transaction that opened it holds the write lock, so nobody else can append meanwhile.
pub(crate) struct ChainWriter {
    node: String,
    seq: i64,
    prev: String,
    pinned: bool,
}

/// A row placed in the chain by [`ChainWriter::place`]: its id, sequence number, instants and hashes.
pub(crate) struct PlacedRow {
    pub id: String,
    pub seq: i64,
    pub at: String,
    pub real_at: String,
    pub pinned_at: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

impl ChainWriter {
    /// Reads the connection's clock and this node's head; refuses, as [`append`] would, a pinned clock the
    /// officer may not write under.
    pub fn open(conn: &Connection, officer: &str) -> Result<ChainWriter> {
        let pinned = conn.query_row(&format!("SELECT {CLOCK_PINNED_FN}()"), [], |r| r.get::<_, bool>(0))?;
        if pinned {
            may_write_pinned(conn, officer)?;
        }
        let node = node_id(conn)?;
        let head: Option<(i64, String)> = conn
            .prepare_cached("SELECT seq, hash FROM audit_log WHERE node_id = ?1 ORDER BY seq DESC LIMIT 1")?
            .query_row([&node], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let (seq, prev) = head.unwrap_or((0, GENESIS.to_string()));
        Ok(ChainWriter { node, seq, prev, pinned })
    }

    /// The chain's node id.
    pub fn node(&self) -> &str {
        &self.node
    }

    /// Places the next row (the connection's clock) and advances the head, without writing it: the caller
    /// writes the row exactly as placed, in the same transaction, or gives the whole chain up.
    pub fn place(&mut self, e: &Entry<'_>) -> PlacedRow {
        let at = ts(e.at);
        let real_at = if self.pinned { ts(Utc::now()) } else { at.clone() };
        let mut placed = PlacedRow {
            id: new_id(),
            seq: self.seq + 1,
            pinned_at: self.pinned.then(|| at.clone()),
            at,
            real_at,
            prev_hash: self.prev.clone(),
            hash: String::new(),
        };
        placed.hash = self.row(&placed, e).hash();
        self.prev = placed.hash.clone();
        self.seq = placed.seq;
        placed
    }

    /// The chain row of `e` at the place `p`.
    fn row<'a>(&'a self, p: &'a PlacedRow, e: &'a Entry<'a>) -> ChainRow<'a> {
        ChainRow {
            node_id: &self.node,
            seq: p.seq,
            id: &p.id,
            at: &p.at,
            real_at: &p.real_at,
            pinned_at: p.pinned_at.as_deref(),
            officer: e.officer,
            action: e.action.as_str(),
            application_id: e.application_id,
            counter_no: e.counter.map(i64::from),
            from_status: e.from,
            to_status: e.to,
            detail: (!e.detail.is_empty()).then_some(e.detail),
            prev_hash: &p.prev_hash,
        }
    }

    /// Places and writes the next row.
    pub fn append(&mut self, conn: &Connection, e: &Entry<'_>) -> Result<()> {
        let p = self.place(e);
        insert(conn, &self.row(&p, e)).map(|_| ())
    }
}

/// Inserts a row whose place in the chain is decided (seq, prev_hash); returns its hash, the next row's
/// prev_hash (the demo's bulk writer keeps the chain's head itself).
pub(crate) fn insert(conn: &Connection, row: &ChainRow<'_>) -> Result<String> {
    let hash = row.hash();
    conn.prepare_cached(
        "INSERT INTO audit_log (id, node_id, seq, at, real_at, pinned_at, officer, action, application_id,
                                counter_no, from_status, to_status, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(rusqlite::params![
        row.id,
        row.node_id,
        row.seq,
        row.at,
        row.real_at,
        row.pinned_at,
        row.officer,
        row.action,
        row.application_id,
        row.counter_no,
        row.from_status,
        row.to_status,
        row.detail,
        row.prev_hash,
        hash
    ])?;
    Ok(hash)
}

/// The one-time step after migration 2: gives the office its node id, copies the version-1 rows into the new
/// table in their order (instant, then id), typed and chained, and drops the old table. Version-1 rows did not
/// record whether the clock was pinned: their real instant is taken to be their instant.
pub(crate) fn chain_version1_rows(conn: &Connection) -> Result<()> {
    conn.execute("INSERT OR IGNORE INTO settings (key, value) VALUES (?1, ?2)", (NODE_ID_KEY, new_id()))?;
    // Version 1 knew a demo database by its 'demo' audit row; the flag is a setting now.
    conn.execute(
        "INSERT OR IGNORE INTO settings (key, value)
         SELECT 'training', 'demo' WHERE EXISTS (SELECT 1 FROM audit_log_v1 WHERE action = 'demo')",
        [],
    )?;
    let node = node_id(conn)?;
    let mut stmt = conn.prepare(
        "SELECT id, at, officer, action, application_id, from_status, to_status, detail
         FROM audit_log_v1 ORDER BY at, id",
    )?;
    type V1 = (String, String, String, String, Option<String>, Option<String>, Option<String>, Option<String>);
    let rows = stmt.query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?))
    })?;
    let mut prev = GENESIS.to_string();
    for (seq, row) in (1..).zip(rows) {
        let (id, at, officer, action, application_id, from, to, detail): V1 = row?;
        let (action, detail) = match AuditAction::parse(&action) {
            Some(a) => (a, detail),
            None => (AuditAction::Legacy, Some(format!("{action}: {}", detail.unwrap_or_default()))),
        };
        let counter = match action {
            AuditAction::Call | AuditAction::Recall | AuditAction::Transfer | AuditAction::Absent => {
                detail.as_deref().and_then(version1_counter)
            }
            _ => None,
        };
        let chained = ChainRow {
            node_id: &node,
            seq,
            id: &id,
            at: &at,
            real_at: &at,
            pinned_at: None,
            officer: &officer,
            action: action.as_str(),
            application_id: application_id.as_deref(),
            counter_no: counter,
            from_status: from.as_deref(),
            to_status: to.as_deref(),
            detail: detail.as_deref(),
            prev_hash: &prev,
        };
        insert(conn, &chained)?;
        prev = chained.hash();
    }
    drop(stmt);
    conn.execute_batch("DROP TABLE audit_log_v1")?;
    Ok(())
}

/// The counter a version-1 detail named: "counter 3", "counter 3 (from counter 1)", "absent at counter 3".
fn version1_counter(detail: &str) -> Option<i64> {
    let rest = detail.strip_prefix("counter ").or_else(|| detail.strip_prefix("absent at counter "))?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok().filter(|n| (1..=99).contains(n))
}

/// One audit row as read back.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditEntry {
    /// The instant the action took effect (UTC, RFC 3339).
    pub at: String,
    pub officer: String,
    pub action: String,
    pub booking_code: Option<String>,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub detail: Option<String>,
    /// The counter the action happened at (call, recall, transfer, and what happens at a counter).
    pub counter: Option<u32>,
    /// The real instant the row was written; differs from `at` when the clock was pinned.
    pub real_at: String,
    /// Whether the clock was pinned (`--now`/`LOKET_NOW`) when the row was written.
    pub pinned: bool,
    pub node_id: String,
    pub seq: i64,
    pub hash: String,
}

/// Which audit rows to read.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub booking_code: Option<String>,
    pub officer: Option<String>,
    /// UTC instants [from, to)
    pub between: Option<(String, String)>,
}

impl super::Store {
    /// The rows the filter asks for, in order of instant. The WHERE clause holds only the filters given, so
    /// an index bounds the search (application, officer or instant).
    pub fn audit(&self, f: &AuditFilter) -> Result<Vec<AuditEntry>> {
        let (sql, params) = audit_query(f);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(params), |r| {
            Ok(AuditEntry {
                at: r.get(0)?,
                officer: r.get(1)?,
                action: r.get(2)?,
                booking_code: r.get(3)?,
                from_status: r.get(4)?,
                to_status: r.get(5)?,
                detail: r.get(6)?,
                counter: r.get(7)?,
                real_at: r.get(8)?,
                pinned: r.get(9)?,
                node_id: r.get(10)?,
                seq: r.get(11)?,
                hash: r.get(12)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Records a refused attempt that matters (an officer closing a day, a late check-in) in its own small
    /// transaction after the refusal. A failure to record is returned to the caller, which still reports the
    /// refusal itself.
    pub(crate) fn record_refusal(
        &mut self,
        at: DateTime<Utc>,
        officer: &str,
        action: AuditAction,
        application_id: Option<&str>,
        detail: &str,
    ) -> Result<()> {
        let tx = self.write()?;
        append(
            &tx,
            &Entry { application_id, detail, clock: RowClock::ConnectionRefusal, ..Entry::new(at, officer, action) },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Walks every chain in the log and reports the first break of each (see [`ChainReport`]).
    pub fn verify_audit(&self) -> Result<ChainReport> {
        let office = node_id(&self.conn)?;
        let mut stmt = self.conn.prepare(
            "SELECT node_id, seq, id, at, real_at, pinned_at, officer, action, application_id, counter_no,
                    from_status, to_status, detail, prev_hash, hash
             FROM audit_log ORDER BY node_id, seq",
        )?;
        let mut rows = stmt.query([])?;
        let mut chains: Vec<Chain> = Vec::new();
        while let Some(r) = rows.next()? {
            let node: String = r.get(0)?;
            if chains.last().is_none_or(|c| c.node_id != node) {
                chains.push(Chain {
                    node_id: node.clone(),
                    office: node == office,
                    rows: 0,
                    head: None,
                    next_seq: 1,
                    broken: None,
                });
            }
            let chain = chains.last_mut().expect("pushed above");
            chain.rows += 1;
            if chain.broken.is_some() {
                continue;
            }
            let text = |i| r.get::<_, Option<String>>(i);
            let (seq, id, at, real_at): (i64, String, String, String) = (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
            let (officer, action): (String, String) = (r.get(6)?, r.get(7)?);
            let (pinned_at, application_id, from, to, detail) = (text(5)?, text(8)?, text(10)?, text(11)?, text(12)?);
            let (prev_hash, hash): (String, String) = (r.get(13)?, r.get(14)?);
            let row = ChainRow {
                node_id: &node,
                seq,
                id: &id,
                at: &at,
                real_at: &real_at,
                pinned_at: pinned_at.as_deref(),
                officer: &officer,
                action: &action,
                application_id: application_id.as_deref(),
                counter_no: r.get(9)?,
                from_status: from.as_deref(),
                to_status: to.as_deref(),
                detail: detail.as_deref(),
                prev_hash: &prev_hash,
            };
            let expected_prev = chain.head.clone().unwrap_or_else(|| GENESIS.to_string());
            let kind = if seq != chain.next_seq {
                Some(BreakKind::Missing { from_seq: chain.next_seq, to_seq: seq - 1 })
            } else if row.hash() != hash {
                Some(BreakKind::Edited)
            } else if prev_hash != expected_prev {
                Some(BreakKind::NotChained)
            } else {
                None
            };
            match kind {
                Some(kind) => {
                    chain.broken = Some(ChainBreak { node_id: node.clone(), seq, id, at, officer, action, kind })
                }
                None => {
                    chain.head = Some(hash);
                    chain.next_seq = seq + 1;
                }
            }
        }
        let chains = chains
            .into_iter()
            .map(|c| ChainSummary {
                node_id: c.node_id,
                office: c.office,
                rows: c.rows,
                head: c.head,
                broken: c.broken,
            })
            .collect();
        Ok(ChainReport { chains })
    }

    /// The office chain's head as of the instant `before`: the hash of the last row (by sequence) whose instant
    /// is before it; with `None`, the head now. Printed (short) on the day's report. A row appended later with
    /// an earlier instant (a supervisor's correction under a pinned clock) moves a past day's head: the paper
    /// then no longer matches, which is the point.
    pub fn chain_head(&self, before: Option<&str>) -> Result<Option<String>> {
        let node = node_id(&self.conn)?;
        Ok(self
            .conn
            .prepare_cached(
                "SELECT hash FROM audit_log WHERE node_id = ?1 AND (?2 IS NULL OR at < ?2)
                 ORDER BY seq DESC LIMIT 1",
            )?
            .query_row((node, before), |r| r.get(0))
            .optional()?)
    }
}

struct Chain {
    node_id: String,
    office: bool,
    rows: u64,
    head: Option<String>,
    next_seq: i64,
    broken: Option<ChainBreak>,
}

/// The SELECT behind [`Store::audit`] and its parameters: only the filters given become conditions.
fn audit_query(f: &AuditFilter) -> (String, Vec<String>) {
    let mut conds = Vec::new();
    let mut params: Vec<String> = Vec::new();
    if let Some(code) = &f.booking_code {
        params.push(code.clone());
        conds.push(format!("l.application_id = (SELECT id FROM applications WHERE booking_code = ?{})", params.len()));
    }
    if let Some(officer) = &f.officer {
        params.push(officer.clone());
        conds.push(format!("l.officer = ?{}", params.len()));
    }
    if let Some((from, to)) = &f.between {
        params.push(from.clone());
        params.push(to.clone());
        conds.push(format!("l.at >= ?{} AND l.at < ?{}", params.len() - 1, params.len()));
    }
    let filter = if conds.is_empty() { String::new() } else { format!("WHERE {}", conds.join(" AND ")) };
    let sql = format!(
        "SELECT l.at, l.officer, l.action, a.booking_code, l.from_status, l.to_status, l.detail, l.counter_no,
                l.real_at, l.pinned_at IS NOT NULL, l.node_id, l.seq, l.hash
         FROM audit_log l LEFT JOIN applications a ON a.id = l.application_id
         {filter}
         ORDER BY l.at, l.id"
    );
    (sql, params)
}

impl super::Store {
    /// SQLite's plan for [`Store::audit`] with this filter, one line per step (tests check an index is used).
    #[doc(hidden)]
    pub fn audit_query_plan(&self, f: &AuditFilter) -> Result<Vec<String>> {
        let (sql, params) = audit_query(f);
        let mut stmt = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let rows = stmt.query_map(rusqlite::params_from_iter(params), |r| r.get::<_, String>(3))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }
}

/// What `loket audit verify` found: one summary per chain (the office's and each merged laptop's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainReport {
    pub chains: Vec<ChainSummary>,
}

impl ChainReport {
    /// The first break found, office chain first.
    pub fn first_break(&self) -> Option<&ChainBreak> {
        let mut chains: Vec<&ChainSummary> = self.chains.iter().collect();
        chains.sort_by_key(|c| !c.office);
        chains.into_iter().find_map(|c| c.broken.as_ref())
    }

    /// Refuses with the first break, if there is one.
    pub fn require_intact(&self) -> Result<()> {
        match self.first_break() {
            Some(b) => Err(StoreError::ChainBroken(b.to_string())),
            None => Ok(()),
        }
    }
}

impl fmt::Display for ChainReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(b) = self.first_break() {
            return write!(f, "{b}");
        }
        let rows: u64 = self.chains.iter().map(|c| c.rows).sum();
        let office = self.chains.iter().find(|c| c.office);
        write!(
            f,
            "audit trail intact: {rows} rows in {} chain(s); office chain head {}",
            self.chains.len(),
            office.and_then(|c| c.head.as_deref()).map(short_hash).unwrap_or("(empty)")
        )
    }
}

/// One chain: how many rows, its head (the hash of its last good row), its first break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainSummary {
    pub node_id: String,
    /// This database's own chain (the others came from merged laptops).
    pub office: bool,
    pub rows: u64,
    pub head: Option<String>,
    pub broken: Option<ChainBreak>,
}

/// The first row at which a chain no longer holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainBreak {
    pub node_id: String,
    pub seq: i64,
    pub id: String,
    pub at: String,
    pub officer: String,
    pub action: String,
    pub kind: BreakKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BreakKind {
    /// Rows `from_seq..=to_seq` are gone: deleted.
    Missing { from_seq: i64, to_seq: i64 },
    /// The row's content no longer matches its hash: edited (or forged).
    Edited,
    /// The row is intact but does not follow the row before it: a row was inserted or replaced before it.
    NotChained,
}

impl fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let row = format!(
            "row {} (id {}, {} {} {})",
            self.seq,
            for_terminal(&self.id),
            for_terminal(&self.at),
            for_terminal(&self.officer),
            for_terminal(&self.action)
        );
        let node = for_terminal(&self.node_id);
        match &self.kind {
            BreakKind::Missing { from_seq, to_seq } if from_seq == to_seq => {
                write!(f, "audit trail broken in chain {node}: row {from_seq} was deleted (the next is {row})")
            }
            BreakKind::Missing { from_seq, to_seq } => write!(
                f,
                "audit trail broken in chain {node}: rows {from_seq} to {to_seq} were deleted (the next is {row})"
            ),
            BreakKind::Edited => {
                write!(
                    f,
                    "audit trail broken in chain {node}: {row} was edited (its content no longer matches its hash)"
                )
            }
            BreakKind::NotChained => write!(
                f,
                "audit trail broken in chain {node}: a row was inserted or replaced before {row} (it no longer follows \
                 the row before it)"
            ),
        }
    }
}

/// The UTC instants [start, end) of an office-local day, as stored text.
pub fn day_bounds_utc(settings: &crate::domain::settings::OfficeSettings, day: chrono::NaiveDate) -> (String, String) {
    use chrono::TimeZone;
    let at = |d: chrono::NaiveDate| {
        let midnight = d.and_hms_opt(0, 0, 0).unwrap_or_default();
        settings
            .utc_offset
            .from_local_datetime(&midnight)
            .single()
            .map(|t| ts(t.with_timezone(&Utc)))
            .unwrap_or_default()
    };
    (at(day), at(day.succ_opt().unwrap_or(day)))
}

/// Audit rows as text (office-local times) or CSV (UTC instants, one fact per column).
pub fn format_audit(rows: &[AuditEntry], csv: bool, offset: chrono::FixedOffset) -> String {
    if csv {
        let mut w = ::csv::Writer::from_writer(Vec::new());
        let _ = w.write_record([
            "at_utc",
            "officer",
            "action",
            "booking_code",
            "from_status",
            "to_status",
            "detail",
            "counter_no",
            "real_at_utc",
            "pinned",
            "seq",
            "hash",
        ]);
        // Officer names and details are text people typed: a cell that could start a spreadsheet formula is
        // neutralised (OWASP CSV injection).
        let cell = |s: &str| crate::domain::text::csv_cell(s).into_owned();
        for r in rows {
            let _ = w.write_record([
                r.at.as_str(),
                &cell(&r.officer),
                &r.action,
                r.booking_code.as_deref().unwrap_or(""),
                r.from_status.as_deref().unwrap_or(""),
                r.to_status.as_deref().unwrap_or(""),
                &cell(r.detail.as_deref().unwrap_or("")),
                &r.counter.map(|c| c.to_string()).unwrap_or_default(),
                &r.real_at,
                if r.pinned { "1" } else { "0" },
                &r.seq.to_string(),
                &r.hash,
            ]);
        }
        return w.into_inner().map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
    }
    let local = |t: &str| {
        chrono::DateTime::parse_from_rfc3339(t)
            .map(|t| t.with_timezone(&offset).format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_else(|_| t.to_string())
    };
    let mut out = String::new();
    for r in rows {
        let change = match (&r.from_status, &r.to_status) {
            (Some(f), Some(t)) => format!(" {f} -> {t}"),
            (None, Some(t)) => format!(" -> {t}"),
            _ => String::new(),
        };
        let counter = r.counter.map(|c| format!(" counter {c}")).unwrap_or_default();
        let pinned = if r.pinned { format!("  [clock pinned; written {}]", local(&r.real_at)) } else { String::new() };
        out.push_str(&format!(
            "{}  {:<12} {:<16} {}{change}{counter}{}{pinned}\n",
            local(&r.at),
            for_terminal(&r.officer),
            r.action,
            for_terminal(r.booking_code.as_deref().unwrap_or("-")),
            r.detail.as_deref().map(|d| format!("  ({})", for_terminal(d))).unwrap_or_default()
        ));
    }
    out
}

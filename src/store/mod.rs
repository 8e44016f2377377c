//! The store: loket's only door to SQLite. Every state change is one `BEGIN IMMEDIATE` transaction that checks
//! the current status, writes the change and an audit row together.

mod applications;
mod audit;
mod bookings;
mod close;
mod demo;
mod desk;
pub mod files;
mod migrate;
mod officers;
mod outreach;
mod outreach_desk;
mod plans;
mod quota;
mod reference;
mod refusal;
mod report;
mod report_stay;
mod restore;
mod sessions;
mod slots;
mod staypermit;

pub use applications::*;
pub use audit::{
    day_bounds_utc, format_audit, AuditEntry, AuditFilter, BreakKind, ChainBreak, ChainReport, ChainSummary,
};
pub use bookings::{BookingBatch, ImportOutcome, ImportPolicy, NewBooking, RowProblem};
pub use close::{ClosePlan, CloseSummary};
pub(crate) use demo::{DemoAudit, DemoRow, DemoWriter};
pub use desk::{Call, NewWalkIn};
pub use migrate::CURRENT_VERSION;
pub use officers::{password_checks, Actor};
pub use outreach::{
    Conflict, EventSummary, GroupMember, GroupProblems, GroupProgress, MergeRefusal, MergeReport, NewGroup,
    NewOutreachWalkIn, NodeInfo, OutreachEvent, OutreachReport, OutreachReportRow, PackSummary,
};
pub use outreach_desk::{GroupHead, StayStep};
#[doc(hidden)]
pub use plans::hot_queries;
pub use quota::DayQuotas;
pub use reference::HolidayImport;
pub use reference::WatchlistEntry;
pub use refusal::{office_time, DayOff, FileOp, GroupField, Refusal, MIN_PASSWORD};
pub use report::{DeskEvent, PassportMoves, ReportSession, ReportSlot, ReportVisit};
pub use report::{PeriodVisit, SHELF_WINDOW_DAYS};
pub use report_stay::StayPermitCounts;
pub use restore::{BackupCheck, RestoreSummary};
pub use slots::SlotUse;
pub use staypermit::{NewStayPermit, StayPermit};

use crate::domain::audit::AuditAction;
use crate::domain::{lifecycle::TransitionError, settings::OfficeSettings, settings::SettingsError, types::Role};
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// What can go wrong in the store, in words an officer can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no database at {0}; create one with `loket init` or `loket demo`")]
    Missing(PathBuf),
    #[error("a database already exists at {0}")]
    Exists(PathBuf),
    #[error("the database is version {found}, newer than this loket (version {supported}); update loket")]
    TooNew { found: i64, supported: i64 },
    #[error("booking {0} not found")]
    NotFound(String),
    #[error("{0}")]
    Transition(#[from] TransitionError),
    #[error("{0}")]
    CheckIn(#[from] crate::domain::checkin::CheckInRefusal),
    #[error("{0}")]
    Reschedule(#[from] crate::domain::schedule::RescheduleRefusal),
    #[error("{0}")]
    WalkIn(#[from] crate::domain::walkin::WalkInRefusal),
    #[error("{0}")]
    Outreach(#[from] crate::domain::outreach::OutreachRefusal),
    #[error("{0}")]
    Merge(#[from] outreach::MergeRefusal),
    /// A typed refusal the interface translates.
    #[error("{0}")]
    Rule(#[from] Refusal),
    #[error("the application changed on another workstation (now {now}); look again")]
    Conflict { now: String },
    #[error("unknown officer or wrong password")]
    BadCredentials,
    #[error("{action} is a supervisor action; {officer} is an officer")]
    NotSupervisor { officer: String, action: String },
    /// The close of `date` is refused while these applicants are checked in but not finished (and no reason
    /// to force it was given).
    #[error("{}", crate::domain::close::unfinished_message(*.date, .codes))]
    Unfinished { date: NaiveDate, codes: Vec<String> },
    /// `date` is closed: its applications are read-only until a supervisor reopens it.
    #[error("{}", crate::domain::close::day_closed_message(*.date))]
    DayClosed { date: NaiveDate },
    /// A day after the office-local today cannot be closed.
    #[error("{}", crate::domain::close::future_message(*.date, *.today))]
    CloseInFuture { date: NaiveDate, today: NaiveDate },
    /// Another refusal of the day close or reopen (before closing time, not closed, no reason).
    #[error("{0}")]
    Close(crate::domain::close::CloseRefusal),
    /// A daily quota (express, priority walk-ins) is used up.
    #[error("{0}")]
    Quota(#[from] crate::domain::quota::QuotaRefusal),
    /// Free text (a name, a reason, a note) that cannot be stored: control characters, bidi overrides, blank.
    #[error("{field}: {problem}")]
    BadText { field: &'static str, problem: crate::domain::text::TextProblem },
    #[error("settings: {0}")]
    Settings(#[from] SettingsError),
    /// A file loket will not or cannot use (not loket's, read-only, unwritable folder), in one line.
    #[error("{0}")]
    Unusable(String),
    /// A file loket could not create or write.
    #[error("cannot {op} {}: {error}", .path.display())]
    File { op: FileOp, path: PathBuf, error: std::io::Error },
    #[error("{}", files::explain_sql(.0))]
    Sql(#[from] rusqlite::Error),
    #[error("password hashing failed: {0}")]
    Hash(String),
    /// A write under a pinned clock by an officer on an office (not training) database.
    #[error(
        "the clock is pinned (--now or LOKET_NOW): on an office database only a supervisor may write with a pinned \
         clock; unset it and try again"
    )]
    PinnedClock,
    /// The audit trail's hash chain does not hold (the text names the first broken row).
    #[error("{0}")]
    ChainBroken(String),
    /// Too many failed sign-ins in a row: the account is locked until this instant (stored in UTC, said in office
    /// time: `offset` is the office's).
    #[error(
        "account {name} is locked after {failures} failed sign-ins until {} (office time); ask a supervisor or wait",
        refusal::office_time(.until, *.offset, "%Y-%m-%d %H:%M")
    )]
    Locked { name: String, failures: u32, until: String, offset: chrono::FixedOffset },
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open office database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Whether the clock this store's writes run on is pinned (`--now`); read by the audit rows through the
    /// connection's `loket_clock_pinned()` function.
    clock_pinned: Arc<AtomicBool>,
}

/// How the store opens its file. NO_MUTEX: a connection is never used by two threads at once (rusqlite's
/// `Connection` is not `Sync`), so SQLite's locking on every call is pure cost (~10% of a month's report, which
/// reads ~500,000 columns).
const OPEN_FLAGS: OpenFlags = OpenFlags::SQLITE_OPEN_READ_WRITE.union(OpenFlags::SQLITE_OPEN_NO_MUTEX);

/// Formats an instant the one way the database stores instants.
pub fn ts(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A fresh globally unique id (UUIDv7: time-ordered, safe to merge across databases).
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

impl Store {
    /// Opens an existing database (and brings its schema up to date). Refuses, in one line, a file that is not
    /// a loket database or that this user cannot write, before anything is written to it.
    pub fn open(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        files::refuse_non_sqlite(path)?;
        let opened = Connection::open_with_flags(path, OPEN_FLAGS).map_err(StoreError::from).and_then(|mut conn| {
            files::install_busy_handler(&mut conn)?;
            files::refuse_foreign(&conn, path)?;
            files::refuse_read_only(&conn, path)?;
            Store::setup(conn, path)
        });
        opened.map_err(|e| files::explain_open_failure(e, path))
    }

    /// Creates a new database with the schema and the given settings, readable and writable by the owner and
    /// the office group only (whatever the umask). Refuses an existing file.
    pub fn create(path: &Path, settings: &OfficeSettings) -> Result<Store> {
        if path.exists() {
            return Err(StoreError::Exists(path.to_path_buf()));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|error| StoreError::File {
                op: FileOp::Create,
                path: dir.to_path_buf(),
                error,
            })?;
        }
        files::create_private(path, files::DATABASE_MODE).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                StoreError::Exists(path.to_path_buf())
            } else {
                StoreError::Unusable(format!("cannot create {}: {}", path.display(), files::io_why(&e)))
            }
        })?;
        let mut conn = Connection::open_with_flags(path, OPEN_FLAGS)?;
        files::install_busy_handler(&mut conn)?;
        let mut store = Store::setup(conn, path)?;
        let tx = store.write()?;
        save_settings(&tx, settings)?;
        reference::seed(&tx)?;
        tx.commit()?;
        Ok(store)
    }

    fn setup(mut conn: Connection, path: &Path) -> Result<Store> {
        // A writer waits for another workstation through the busy handler installed by open/create: visibly on
        // the command line, and for a bounded time (see `files`).
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrate::migrate(&mut conn)?;
        let clock_pinned = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&clock_pinned);
        conn.create_scalar_function(
            audit::CLOCK_PINNED_FN,
            0,
            rusqlite::functions::FunctionFlags::SQLITE_UTF8,
            move |_| Ok(flag.load(Ordering::Relaxed)),
        )?;
        Ok(Store { conn, path: path.to_path_buf(), clock_pinned })
    }

    /// Tells the store whether the clock its callers pass as "now" is pinned (`--now`/`LOKET_NOW`). Every audit
    /// row written while pinned records the real time beside the pinned one and is marked; on an office
    /// database only a supervisor may write then (a training database allows everyone).
    pub fn pin_clock(&self, pinned: bool) {
        self.clock_pinned.store(pinned, Ordering::Relaxed);
    }

    /// Whether an officer's writes would be refused here: the clock is pinned on an office database.
    pub fn pinned_for_officers(&self) -> Result<bool> {
        Ok(self.clock_pinned.load(Ordering::Relaxed) && !self.is_training()?)
    }

    /// Whether this is a training database (made by `loket demo` or `loket init --training`): a pinned clock
    /// is allowed for everyone, and the sign-in screen lists the demo accounts.
    pub fn is_training(&self) -> Result<bool> {
        audit::is_training(&self.conn)
    }

    /// Marks a new database as a training one (only `demo` and `init --training`, before anyone works in it):
    /// `demo` for a demo database, `1` otherwise.
    pub(crate) fn mark_training(&self, demo: bool) -> Result<()> {
        let value = if demo { "demo" } else { "1" };
        self.conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('training', ?1)", [value])?;
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A read-only connection to the database at `path`, already opened (and migrated) by a [`Store`], for
    /// reading beside that store on another thread: the report reads its previous period and its other facts
    /// on one while the store reads the range's applications. It sees what is committed, like another
    /// workstation; a write through it fails.
    pub fn open_reader(path: &Path) -> Result<Store> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY.union(OpenFlags::SQLITE_OPEN_NO_MUTEX);
        let mut conn =
            Connection::open_with_flags(path, flags).map_err(|e| files::explain_open_failure(e.into(), path))?;
        files::install_busy_handler(&mut conn)?;
        Ok(Store { conn, path: path.to_path_buf(), clock_pinned: Arc::new(AtomicBool::new(false)) })
    }

    // No raw connection leaves the store: tests open their own connection on [`Store::path`].

    /// Fault tests only: caps this connection's database at `pages` pages (SQLite's per-connection
    /// `max_page_count`), so that "the disk is full" for this workstation alone. The desk never calls it.
    #[doc(hidden)]
    pub fn set_max_page_count(&self, pages: i64) -> Result<()> {
        self.conn.pragma_update(None, "max_page_count", pages)?;
        Ok(())
    }

    /// Starts the one write transaction of an action. IMMEDIATE takes the write lock up front, so two
    /// workstations acting on the same row are serialised and the second sees the first one's result.
    pub(crate) fn write(&mut self) -> Result<Transaction<'_>> {
        Ok(self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?)
    }

    pub fn settings(&self) -> Result<OfficeSettings> {
        load_settings(&self.conn)
    }

    /// Changes one setting (a supervisor action, audited).
    pub fn set_setting(&mut self, actor: &Actor, key: &str, value: &str, now: DateTime<Utc>) -> Result<()> {
        actor.require(Role::Supervisor, "changing settings")?;
        let tx = self.write()?;
        let mut settings = load_settings(&tx)?;
        let before = settings.get(key).unwrap_or_default();
        settings.set(key, value)?;
        save_settings(&tx, &settings)?;
        let after = settings.get(key).unwrap_or_default();
        let detail = crate::domain::audit_detail::AuditDetail::Setting { key: key.into(), before, after }.to_string();
        audit::record(&tx, now, &actor.name, AuditAction::Setting, None, None, None, &detail)?;
        tx.commit()?;
        Ok(())
    }

    /// A cheap number that changes whenever another connection commits (for live refresh).
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.conn.prepare_cached("PRAGMA data_version")?.query_row([], |r| r.get(0))?)
    }

    /// Whether this database was built by `loket demo` (the sign-in screen then lists the demo accounts). Reads
    /// one setting (`training = demo`), instead of searching the audit log.
    pub fn is_demo(&self) -> Result<bool> {
        audit::training_kind(&self.conn).map(|k| k.as_deref() == Some("demo"))
    }

    /// The applicant's delivery address for PT Pos, if known.
    pub fn address(&self, booking_code: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT p.address FROM applications a JOIN applicants p ON p.id = a.applicant_id
                 WHERE a.booking_code = ?1",
            )?
            .query_row([booking_code.trim().to_ascii_uppercase()], |r| r.get(0))?)
    }

    /// `PRAGMA integrity_check` result ("ok" when healthy).
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }
}

/// Refuses hostile free text (a reason, a name, an address) before it is stored: control characters,
/// bidirectional overrides, nothing visible. `multiline` allows line breaks (a note).
pub(crate) fn check_text(field: &'static str, s: &str, multiline: bool) -> Result<()> {
    let checked = if multiline { crate::domain::text::check_multiline(s) } else { crate::domain::text::check_line(s) };
    checked.map_err(|problem| StoreError::BadText { field, problem })
}

fn load_settings(conn: &Connection) -> Result<OfficeSettings> {
    let mut stmt = conn.prepare_cached("SELECT key, value FROM settings")?;
    let pairs =
        stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?.collect::<Result<Vec<_>, _>>()?;
    Ok(OfficeSettings::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))?)
}

fn save_settings(conn: &Connection, settings: &OfficeSettings) -> Result<()> {
    let mut stmt = conn.prepare(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
                                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?;
    for (k, v) in settings.pairs() {
        stmt.execute((k, v))?;
    }
    Ok(())
}

//! The store: loket's only door to SQLite. Every state change is one `BEGIN IMMEDIATE` transaction that checks
//! the current status, writes the change and an audit row together.

mod applications;
mod audit;
mod bookings;
mod close;
mod demo;
mod desk;
mod migrate;
mod officers;
mod reference;
mod refusal;
mod report;
mod sessions;
mod slots;

pub use applications::*;
pub use audit::{day_bounds_utc, format_audit, AuditEntry, AuditFilter};
pub use bookings::{ImportOutcome, ImportPolicy, NewBooking, RowProblem};
pub use close::{ClosePlan, CloseSummary};
pub(crate) use demo::{DemoRow, DemoWriter};
pub use desk::{Call, NewWalkIn};
pub use migrate::CURRENT_VERSION;
pub use officers::Actor;
pub use reference::HolidayImport;
pub use reference::WatchlistEntry;
pub use refusal::Refusal;
pub use report::{DeskEvent, PassportMoves, ReportSession, ReportSlot, ReportVisit};
pub use slots::SlotUse;

use crate::domain::{lifecycle::TransitionError, settings::OfficeSettings, settings::SettingsError, types::Role};
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

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
    Refused(String),
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
    #[error("settings: {0}")]
    Settings(#[from] SettingsError),
    #[error("database: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("password hashing failed: {0}")]
    Hash(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open office database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// Formats an instant the one way the database stores instants.
pub fn ts(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A fresh globally unique id (UUIDv7: time-ordered, safe to merge across databases).
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

impl Store {
    /// Opens an existing database (and brings its schema up to date).
    pub fn open(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        Store::setup(conn, path)
    }

    /// Creates a new database with the schema and the given settings. Refuses an existing file.
    pub fn create(path: &Path, settings: &OfficeSettings) -> Result<Store> {
        if path.exists() {
            return Err(StoreError::Exists(path.to_path_buf()));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| StoreError::Refused(format!("cannot create {}: {e}", dir.display())))?;
        }
        let conn =
            Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE)?;
        let mut store = Store::setup(conn, path)?;
        let tx = store.conn.transaction()?;
        save_settings(&tx, settings)?;
        reference::seed(&tx)?;
        tx.commit()?;
        Ok(store)
    }

    fn setup(mut conn: Connection, path: &Path) -> Result<Store> {
        // The value is rusqlite's default too; set here so it is visible.
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrate::migrate(&mut conn)?;
        Ok(Store { conn, path: path.to_path_buf() })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The raw connection, for read-only queries in reports and tests.
    pub fn conn(&self) -> &Connection {
        &self.conn
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
        audit::record(&tx, now, &actor.name, "setting", None, None, None, &format!("{key}: {before} -> {after}"))?;
        tx.commit()?;
        Ok(())
    }

    /// A cheap number that changes whenever another connection commits (for live refresh).
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// Copies the database to `dest` with SQLite's online backup, reporting (done, total) pages.
    pub fn backup(&self, dest: &Path, mut progress: impl FnMut(i32, i32)) -> Result<()> {
        if dest.exists() {
            return Err(StoreError::Exists(dest.to_path_buf()));
        }
        let mut target = Connection::open(dest)?;
        let backup = rusqlite::backup::Backup::new(&self.conn, &mut target)?;
        loop {
            let step = backup.step(256)?;
            let p = backup.progress();
            progress(p.pagecount - p.remaining, p.pagecount);
            match step {
                rusqlite::backup::StepResult::Done => break,
                rusqlite::backup::StepResult::More => {}
                _ => std::thread::sleep(Duration::from_millis(50)),
            }
        }
        Ok(())
    }

    /// Whether this database was built by `loket demo` (the sign-in screen then lists the demo accounts).
    pub fn is_demo(&self) -> Result<bool> {
        Ok(self.conn.query_row("SELECT EXISTS (SELECT 1 FROM audit_log WHERE action = 'demo')", [], |r| r.get(0))?)
    }

    /// The applicant's delivery address for PT Pos, if known.
    pub fn address(&self, booking_code: &str) -> Result<Option<String>> {
        Ok(self.conn.query_row(
            "SELECT p.address FROM applications a JOIN applicants p ON p.id = a.applicant_id WHERE a.booking_code = ?1",
            [booking_code.trim().to_ascii_uppercase()],
            |r| r.get(0),
        )?)
    }

    /// `PRAGMA integrity_check` result ("ok" when healthy).
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }
}

fn load_settings(conn: &Connection) -> Result<OfficeSettings> {
    let mut stmt = conn.prepare("SELECT key, value FROM settings")?;
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

//! The database file itself: that it is loket's, that this user may write it, that it is created for the
//! office group only, that files are built beside their destination and moved in whole, that a writer waits
//! for another workstation visibly and for a bounded time, and SQLite's failures in words an officer can act on.

use super::{Result, StoreError};
use rusqlite::{Connection, ErrorCode};
use std::fs::{File, OpenOptions};
use std::io::Read;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

/// `PRAGMA application_id` of every loket database ("LKT1").
pub const APPLICATION_ID: i32 = 0x4C4B_5431;

/// Mode of the database (and so of its -wal and -shm, which SQLite creates with the database's mode): owner
/// and the office's loket group read and write, nobody else.
pub const DATABASE_MODE: u32 = 0o660;
/// Mode of backups and exports: owner writes, the loket group reads, nobody else.
pub const EXPORT_MODE: u32 = 0o640;

/// Tables only a loket database has (an older loket database, made before the application id, has them all).
const LOKET_TABLES: &[&str] = &["settings", "applications", "applicants", "audit_log", "officers"];

/// Refuses a file that is empty, not SQLite, or SQLite of another program, in one line that says what it is.
/// Reads only the 100-byte header, before SQLite touches the file.
pub(crate) fn refuse_non_sqlite(path: &Path) -> Result<()> {
    let mut header = Vec::with_capacity(100);
    File::open(path)
        .and_then(|f| f.take(100).read_to_end(&mut header))
        .map_err(|e| StoreError::Unusable(format!("cannot read {}: {}", path.display(), io_why(&e))))?;
    if header.is_empty() {
        return Err(StoreError::Unusable(format!(
            "{} is an empty file, not a loket database; give the path of the office database, or create one with `loket init`",
            path.display()
        )));
    }
    if !header.starts_with(b"SQLite format 3\0") {
        let what = if std::str::from_utf8(&header).is_ok() { "a text file" } else { "a binary file" };
        return Err(StoreError::Unusable(format!(
            "{} is {what}, not an SQLite database; loket will not open it",
            path.display()
        )));
    }
    Ok(())
}

/// Refuses an SQLite database that is not loket's (by application id, or for an older loket database by its
/// tables), before anything is written to it.
pub(crate) fn refuse_foreign(conn: &Connection, path: &Path) -> Result<()> {
    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if app_id == APPLICATION_ID {
        return Ok(());
    }
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let mut stmt =
        conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")?;
    let tables = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<Result<Vec<_>, _>>()?;
    if app_id == 0 && version >= 1 && LOKET_TABLES.iter().all(|t| tables.iter().any(|n| n == t)) {
        return Ok(()); // a loket database from before the application id; migrating marks it
    }
    let what = if tables.is_empty() {
        "an empty SQLite database".to_string()
    } else {
        let mut names = tables.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
        if tables.len() > 3 {
            names.push_str(", …");
        }
        let owner = if app_id == 0 { String::new() } else { format!(" (application id {:#010x})", app_id as u32) };
        let n = tables.len();
        format!(
            "an SQLite database of another program{owner} with {n} table{} ({names})",
            if n == 1 { "" } else { "s" }
        )
    };
    Err(StoreError::Unusable(format!(
        "{} is {what}, not a loket database; loket will not change it (create one with `loket init`)",
        path.display()
    )))
}

/// Refuses a database this user can only read, saying what to change.
pub(crate) fn refuse_read_only(conn: &Connection, path: &Path) -> Result<()> {
    if conn.is_readonly(rusqlite::MAIN_DB)? {
        return Err(StoreError::Unusable(format!(
            "{} is read-only for this user{}; loket writes to it: add the user to the office's loket group and make the file group-writable (chmod 660)",
            path.display(),
            mode_of(path)
        )));
    }
    Ok(())
}

/// A failure to open or prepare the database, explained when the cause is the file's or folder's permissions.
pub(crate) fn explain_open_failure(e: StoreError, path: &Path) -> StoreError {
    let code = match &e {
        StoreError::Sql(s) => s.sqlite_error_code(),
        _ => None,
    };
    if !matches!(code, Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied)) {
        return e;
    }
    let dir = parent_dir(path);
    if !dir_is_writable(&dir) {
        return StoreError::Unusable(format!(
            "the folder {} is not writable for this user{}; SQLite keeps its -wal and -shm files beside the database: make the folder writable for the office's loket group (chmod 2770)",
            dir.display(),
            mode_of(&dir)
        ));
    }
    if code == Some(ErrorCode::ReadOnly) {
        return StoreError::Unusable(format!(
            "{} cannot be written by this user{}; add the user to the office's loket group and make the file group-writable (chmod 660)",
            path.display(),
            mode_of(path)
        ));
    }
    e
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Whether this process can create a file in `dir` (tried, since permission bits alone do not tell).
fn dir_is_writable(dir: &Path) -> bool {
    let probe = dir.join(format!(".loket-probe-{}", std::process::id()));
    match OpenOptions::new().write(true).create_new(true).open(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            true
        }
        Err(e) => e.kind() == std::io::ErrorKind::AlreadyExists,
    }
}

fn mode_of(path: &Path) -> String {
    std::fs::metadata(path).map(|m| format!(" (mode {:o})", m.permissions().mode() & 0o7777)).unwrap_or_default()
}

/// An I/O error without Rust's "(os error N)" tail.
pub(crate) fn io_why(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// Creates a new file with exactly `mode`, whatever the process umask (the mode is set again after creation).
pub fn create_private(path: &Path, mode: u32) -> std::io::Result<File> {
    let file = OpenOptions::new().write(true).create_new(true).mode(mode).open(path)?;
    file.set_permissions(std::fs::Permissions::from_mode(mode))?;
    Ok(file)
}

/// Creates (or truncates) an export at `path`, readable by the owner and the loket group only. A device such
/// as `/dev/stdout` keeps its own mode.
pub fn create_export(path: &Path) -> std::io::Result<File> {
    let file = OpenOptions::new().write(true).create(true).truncate(true).mode(EXPORT_MODE).open(path)?;
    if file.metadata()?.is_file() {
        file.set_permissions(std::fs::Permissions::from_mode(EXPORT_MODE))?;
    }
    Ok(file)
}

/// The temporary name a file is built under beside `dest` before it is moved into place. Fixed, so that a rerun
/// after a killed build replaces the leftover.
pub fn partial_path(dest: &Path) -> PathBuf {
    let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "loket.db".into());
    parent_dir(dest).join(format!(".{name}.partial"))
}

/// Removes a database file with its journal companions (missing files are fine).
pub fn remove_database_files(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// Moves a finished file into place: flushed to disk first, then renamed, then the folder flushed, so that after
/// a crash `dest` is either absent (or the old file) or complete.
pub fn move_into_place(built: &Path, dest: &Path) -> std::io::Result<()> {
    File::open(built)?.sync_all()?;
    std::fs::rename(built, dest)?;
    if let Ok(dir) = File::open(parent_dir(dest)) {
        let _ = dir.sync_all();
    }
    Ok(())
}

static WAIT_NOTICE_ON_STDERR: AtomicBool = AtomicBool::new(false);
/// Where a waiting writer is announced besides stderr (the desk draws it on its own screen).
static WAIT_NOTICE_HOOK: std::sync::RwLock<Option<WaitNotice>> = std::sync::RwLock::new(None);
static WAIT_LIMIT_MS: AtomicU64 = AtomicU64::new(DEFAULT_WAIT_LIMIT.as_millis() as u64);
const WAIT_STEP: Duration = Duration::from_millis(20);
/// How long a writer waits for another workstation before it gives up.
pub const DEFAULT_WAIT_LIMIT: Duration = Duration::from_secs(30);
/// After this long a writer says that it is waiting (and then once a second, with the time waited).
const WAIT_NOTICE_AFTER: Duration = Duration::from_secs(1);

/// Told, while a write waits for another workstation, how long it has waited and the limit.
pub type WaitNotice = Box<dyn Fn(Duration, Duration) + Send + Sync>;

/// Command-line commands say on stderr that they are waiting for another workstation (the desk does not: its
/// screen is the terminal; it installs [`on_wait`] instead).
pub fn announce_waits_on_stderr(on: bool) {
    WAIT_NOTICE_ON_STDERR.store(on, Ordering::Relaxed);
}

/// Installs (or with `None` removes) what is told while a write waits for another workstation.
pub fn on_wait(notice: Option<WaitNotice>) {
    if let Ok(mut hook) = WAIT_NOTICE_HOOK.write() {
        *hook = notice;
    }
}

/// How long a writer waits for another workstation's write to end (process-wide; [`DEFAULT_WAIT_LIMIT`]).
pub fn set_wait_limit(limit: Duration) {
    WAIT_LIMIT_MS.store(limit.as_millis() as u64, Ordering::Relaxed);
}

pub fn wait_limit() -> Duration {
    Duration::from_millis(WAIT_LIMIT_MS.load(Ordering::Relaxed))
}

/// SQLite's busy handler: called with the number of earlier calls for this lock; true to try again.
fn busy(count: i32) -> bool {
    let waited = WAIT_STEP * count.max(0) as u32;
    if waited >= wait_limit() {
        return false;
    }
    if waited == WAIT_NOTICE_AFTER && WAIT_NOTICE_ON_STDERR.load(Ordering::Relaxed) {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "loket: waiting for another workstation to finish writing (up to {} s)…",
            wait_limit().as_secs()
        );
    }
    if waited >= WAIT_NOTICE_AFTER && waited.as_millis().is_multiple_of(1000) {
        if let Ok(hook) = WAIT_NOTICE_HOOK.read() {
            if let Some(notice) = hook.as_ref() {
                notice(waited, wait_limit());
            }
        }
    }
    std::thread::sleep(WAIT_STEP);
    true
}

pub(crate) fn install_busy_handler(conn: &mut Connection) -> Result<()> {
    conn.busy_handler(Some(busy))?;
    Ok(())
}

/// SQLite's own wording, as a sentence that says what happened and what to do (the original in brackets).
pub fn explain_sql(e: &rusqlite::Error) -> String {
    let Some(code) = e.sqlite_error_code() else {
        return format!("database: {e}");
    };
    let what = match code {
        ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => format!(
            "another workstation kept the database busy for more than {} s; nothing was saved: try again in a moment (if it persists, look for an unfinished import or backup)",
            wait_limit().as_secs()
        ),
        ErrorCode::DiskFull => {
            "the disk holding the database is full; nothing was saved: free space (old backups and exports) and try again".into()
        }
        ErrorCode::SystemIoFailure => {
            "the disk holding the database reported an input/output error; nothing was saved: check the disk, then try again".into()
        }
        ErrorCode::ReadOnly => {
            "the database cannot be written by this user; nothing was saved: check its permissions (loket group, mode 660)".into()
        }
        ErrorCode::CannotOpen | ErrorCode::PermissionDenied => {
            "the database file cannot be opened: check that it exists and that this user is in the loket group".into()
        }
        ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => {
            "the database file is damaged; stop using it and restore the last backup (`loket restore`)".into()
        }
        _ => return format!("database: {e}"),
    };
    format!("{what} [{}]", first_line(&e.to_string()))
}

/// Whether `e` is SQLite saying another connection holds the lock, or that the disk is full or failing.
pub fn sql_code(e: &StoreError) -> Option<ErrorCode> {
    match e {
        StoreError::Sql(s) => s.sqlite_error_code(),
        _ => None,
    }
}

fn first_line(s: &str) -> &str {
    let line = s.lines().next().unwrap_or("");
    match line.char_indices().nth(160) {
        Some((i, _)) => &line[..i],
        None => line,
    }
}

//! Backups and restores. A backup is built beside its destination and moved into place whole; a restore checks
//! the file first (integrity, that it is a loket database of this office, the audit chain), refuses while other
//! workstations are signed in, keeps the replaced database beside it and replaces the content in one
//! transaction, so that a killed restore leaves the database as it was.

use super::{files, load_settings, migrate, officers::Actor, Result, Store, StoreError};
use crate::domain::audit_detail::RestoreForced;
use crate::domain::types::Role;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What a backup file holds, as checked before a restore.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupCheck {
    pub office_name: String,
    pub version: i64,
    pub applications: i64,
    pub audit_rows: i64,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreSummary {
    pub check: BackupCheck,
    /// The database as it was before the restore, kept beside it.
    pub replaced_kept_at: PathBuf,
    /// Sessions the backup held open, signed out at the restore.
    pub signed_out: u32,
    /// The counters signed in when the restore was forced: (counter, officer).
    pub forced_past: Vec<(u32, String)>,
}

/// Copies `from` into the (empty, new) file `dest` page by page with SQLite's online backup.
fn copy_pages(from: &Connection, dest: &Path, progress: &mut dyn FnMut(i32, i32)) -> Result<()> {
    let mut target = Connection::open_with_flags(dest, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    {
        let backup = rusqlite::backup::Backup::new(from, &mut target)?;
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
    }
    target.close().map_err(|(_, e)| StoreError::Sql(e))
}

/// The first break in the audit chain of the database `file` (opened read-only as `conn`), if any. A backup
/// made before the chain existed (no `hash` column) has nothing to verify; migrating it after the restore chains
/// its rows.
fn audit_chain_problem(conn: Connection, file: &Path) -> Result<Option<String>> {
    let chained: bool =
        conn.query_row("SELECT EXISTS (SELECT 1 FROM pragma_table_info('audit_log') WHERE name = 'hash')", [], |r| {
            r.get(0)
        })?;
    if !chained {
        return Ok(None);
    }
    let backup = Store { conn, path: file.to_path_buf(), clock_pinned: Default::default() };
    Ok(backup.verify_audit()?.first_break().map(|b| b.to_string()))
}

impl Store {
    /// Copies the database to `dest` with SQLite's online backup, reporting (done, total) pages. The copy is
    /// built under a temporary name beside `dest` (mode 640) and renamed when complete: a killed backup leaves
    /// no `dest`, and the next run replaces the leftover temporary file.
    pub fn backup(&self, dest: &Path, mut progress: impl FnMut(i32, i32)) -> Result<()> {
        if dest.exists() {
            return Err(StoreError::Exists(dest.to_path_buf()));
        }
        let partial = files::partial_path(dest);
        files::remove_database_files(&partial);
        files::create_private(&partial, files::EXPORT_MODE).map_err(|e| {
            StoreError::Unusable(format!("cannot create a backup beside {}: {}", dest.display(), files::io_why(&e)))
        })?;
        let built = copy_pages(&self.conn, &partial, &mut progress).and_then(|()| {
            if dest.exists() {
                return Err(StoreError::Exists(dest.to_path_buf()));
            }
            files::move_into_place(&partial, dest).map_err(|e| {
                StoreError::Unusable(format!("cannot move the backup to {}: {}", dest.display(), files::io_why(&e)))
            })
        });
        if built.is_err() {
            files::remove_database_files(&partial);
        }
        built
    }

    /// Checks a backup before a restore: a loket database (application id, tables), not newer than this loket,
    /// intact (`PRAGMA integrity_check`), of this office (its name and time zone), with an intact audit chain.
    pub fn check_backup(&self, file: &Path) -> Result<BackupCheck> {
        if !file.exists() {
            return Err(StoreError::Unusable(format!("no file at {}", file.display())));
        }
        files::refuse_non_sqlite(file)?;
        let conn = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        files::refuse_foreign(&conn, file)?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > migrate::CURRENT_VERSION {
            return Err(StoreError::TooNew { found: version, supported: migrate::CURRENT_VERSION });
        }
        let integrity: String = conn.query_row("PRAGMA integrity_check(1)", [], |r| r.get(0))?;
        if integrity != "ok" {
            return Err(StoreError::Unusable(format!("{} is damaged ({integrity}); not restored", file.display())));
        }
        let theirs = load_settings(&conn)?;
        let ours = self.settings()?;
        if theirs.office_name != ours.office_name || theirs.utc_offset != ours.utc_offset {
            return Err(StoreError::Unusable(format!(
                "{} belongs to another office ({:?}, UTC{}), not {:?} (UTC{}); not restored",
                file.display(),
                theirs.office_name,
                theirs.utc_offset,
                ours.office_name,
                ours.utc_offset
            )));
        }
        let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0));
        let check = BackupCheck {
            office_name: theirs.office_name,
            version,
            applications: count("SELECT COUNT(*) FROM applications")?,
            audit_rows: count("SELECT COUNT(*) FROM audit_log")?,
        };
        if let Some(problem) = audit_chain_problem(conn, file)? {
            return Err(StoreError::Unusable(format!(
                "{}: the audit trail was changed ({problem}); not restored",
                file.display()
            )));
        }
        Ok(check)
    }

    /// Replaces the database with the backup `file` (a supervisor action). Refused while any workstation is
    /// signed in; the replaced database is first copied beside it (`<db>.replaced-<UTC time>`); the content is
    /// replaced in one transaction and the restore is audited.
    pub fn restore(&mut self, actor: &Actor, file: &Path, now: DateTime<Utc>) -> Result<RestoreSummary> {
        self.restore_forced(actor, file, None, now)
    }

    /// [`Store::restore`], and with `force` (a reason) also while counters are signed in: for desks that are
    /// gone (a power cut, a killed process) and left their sessions open. Either way, the sessions the backup
    /// itself holds open belong to desks of the backup's time, not running on the restored database: they are
    /// signed out at the restore. Both are in the restore's audit row.
    pub fn restore_forced(
        &mut self,
        actor: &Actor,
        file: &Path,
        force: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<RestoreSummary> {
        actor.require(Role::Supervisor, "restoring a backup")?;
        if std::fs::canonicalize(file).ok() == std::fs::canonicalize(&self.path).ok() {
            return Err(super::Refusal::RestoreItself(file.to_path_buf()).into());
        }
        let force = match force.map(str::trim) {
            Some("") => return Err(super::Refusal::NoRestoreReason.into()),
            other => other,
        };
        let check = self.check_backup(file)?;
        let open: Vec<(u32, String)> = self.open_counter_sessions()?.into_iter().map(|(c, o, _)| (c, o)).collect();
        let forced = match (open.is_empty(), force) {
            (true, _) => None,
            (false, None) => return Err(super::Refusal::SignedIn { sessions: open }.into()),
            (false, Some(reason)) => Some(RestoreForced { sessions: open, reason: reason.to_string() }),
        };
        let mut kept = self.path.as_os_str().to_owned();
        kept.push(format!(".replaced-{}", now.format("%Y%m%dT%H%M%SZ")));
        let kept = PathBuf::from(kept);
        self.backup(&kept, |_, _| {})?;

        let source = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        {
            // The backup API writes every page into this database in one write transaction: other connections
            // see the old content or the new, never a mix.
            let backup = rusqlite::backup::Backup::new(&source, &mut self.conn)?;
            backup.run_to_completion(1024, Duration::ZERO, None)?;
        }
        drop(source);
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        migrate::migrate(&mut self.conn)?;
        let tx = self.write()?;
        let stale =
            tx.execute("UPDATE counter_sessions SET signed_out_at = ?1 WHERE signed_out_at IS NULL", [super::ts(now)])?;
        let signed_out = u32::try_from(stale).unwrap_or(u32::MAX);
        let forced_past = forced.as_ref().map(|f| f.sessions.clone()).unwrap_or_default();
        let detail = crate::domain::audit_detail::AuditDetail::Restored {
            file: file.display().to_string(),
            kept: kept.display().to_string(),
            forced,
            signed_out,
        }
        .to_string();
        super::audit::record(
            &tx,
            now,
            &actor.name,
            crate::domain::audit::AuditAction::Restore,
            None,
            None,
            None,
            &detail,
        )?;
        tx.commit()?;
        Ok(RestoreSummary { check, replaced_kept_at: kept, signed_out, forced_past })
    }
}

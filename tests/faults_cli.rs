//! Faults at the command line, as a process: closed or full output, foreign and unwritable files, a writer
//! waiting for another workstation, file modes whatever the umask, restore.

use rusqlite::Connection;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

struct Run {
    status: i32,
    stdout: String,
    stderr: String,
}

fn command(db: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_loket"));
    cmd.arg("--db")
        .arg(db)
        .args(args)
        .env_remove("LOKET_NOW")
        .env_remove("LOKET_USER")
        .env_remove("LOKET_DB")
        .env_remove("LOKET_WAIT_LIMIT")
        .env("RUST_BACKTRACE", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

fn finish(mut cmd: Command, stdin: &str) -> Run {
    let mut child = cmd.spawn().expect("start loket");
    let _ = child.stdin.take().expect("stdin").write_all(stdin.as_bytes());
    let Output { status, stdout, stderr } = child.wait_with_output().expect("wait");
    Run {
        status: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into(),
        stderr: String::from_utf8_lossy(&stderr).into(),
    }
}

fn loket(db: &Path, args: &[&str], stdin: &str) -> Run {
    finish(command(db, args), stdin)
}

/// As the supervisor `admin` (password `rahasia`).
fn admin(db: &Path, args: &[&str]) -> Run {
    let mut all = vec!["--user", "admin", "--password-stdin"];
    all.extend_from_slice(args);
    loket(db, &all, "rahasia\n")
}

fn office(dir: &Path) -> PathBuf {
    let db = dir.join("office.db");
    let r = loket(
        &db,
        &["--password-stdin", "init", "--office-name", "Kantor Imigrasi Semarang", "--utc-offset", "+07:00"],
        "rahasia\n",
    );
    assert_eq!(r.status, 0, "{}", r.stderr);
    db
}

/// One line on stderr, starting `loket:`, and no trace of a panic.
fn one_clean_line(r: &Run) {
    assert_eq!(r.stderr.lines().count(), 1, "stderr: {}", r.stderr);
    assert!(r.stderr.starts_with("loket: "), "{}", r.stderr);
    assert!(!r.stderr.contains("panicked") && !r.stderr.contains("backtrace"), "{}", r.stderr);
}

#[test]
fn a_closed_stdout_ends_with_exit_1_and_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    for args in [&["report", "--format", "csv"][..], &["user", "list"][..], &["settings"][..]] {
        let mut all = vec!["--user", "admin", "--password-stdin"];
        all.extend_from_slice(args);
        let mut child = command(&db, &all).spawn().unwrap();
        drop(child.stdout.take()); // like `| head -1` that has already gone
        child.stdin.take().unwrap().write_all(b"rahasia\n").unwrap();
        let out = child.wait_with_output().unwrap();
        let r = Run {
            status: out.status.code().unwrap_or(-1),
            stdout: String::new(),
            stderr: String::from_utf8_lossy(&out.stderr).into(),
        };
        assert_eq!(r.status, 1, "{args:?}: {}", r.stderr);
        one_clean_line(&r);
        let _ = r.stdout;
    }
}

#[test]
fn a_full_disk_for_the_output_ends_with_exit_1_and_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    for args in [&["report"][..], &["audit"][..], &["user", "list"][..]] {
        let mut all = vec!["--user", "admin", "--password-stdin"];
        all.extend_from_slice(args);
        let mut cmd = command(&db, &all);
        cmd.stdout(std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap());
        let r = finish(cmd, "rahasia\n");
        assert_eq!(r.status, 1, "{args:?}: {}", r.stderr);
        one_clean_line(&r);
        assert!(r.stderr.contains("No space left on device"), "{}", r.stderr);
    }
    let r = admin(&db, &["report", "--output", "/dev/full"]);
    assert_eq!(r.status, 1, "{}", r.stderr);
    one_clean_line(&r);
}

#[test]
fn a_foreign_database_is_refused_in_one_line_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("accounting.db");
    Connection::open(&path)
        .unwrap()
        .execute_batch(
            "CREATE TABLE ledger (id INTEGER PRIMARY KEY, amount INTEGER); INSERT INTO ledger VALUES (1, 5);",
        )
        .unwrap();
    let before = std::fs::read(&path).unwrap();
    for args in [&["--user", "admin", "show", "MP0001"][..], &["board"][..], &[][..]] {
        let r = loket(&path, args, "");
        assert_eq!(r.status, 1, "{args:?}: {}", r.stderr);
        one_clean_line(&r);
        assert!(r.stderr.contains("another program with 1 table (ledger)"), "{}", r.stderr);
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let tables: i64 = Connection::open(&path)
        .unwrap()
        .query_row("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(tables, 1, "loket added tables to another program's database");
}

/// Runs as an unprivileged user when the tests run as root (root may write anything), else as ourselves.
fn unprivileged(mut cmd: Command) -> Command {
    let me = tempfile::tempfile().unwrap();
    use std::os::unix::fs::MetadataExt;
    if me.metadata().unwrap().uid() == 0 {
        cmd.uid(65534).gid(65534);
    }
    cmd
}

#[test]
fn a_read_only_database_or_folder_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let sub = dir.path().join("data");
    std::fs::create_dir(&sub).unwrap();
    let db = office(&sub);
    let show = |db: &Path| {
        let cmd = command(db, &["--user", "admin", "--password-stdin", "show", "MP0001"]);
        finish(unprivileged(cmd), "rahasia\n")
    };

    // The file is readable but not writable for this user.
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o777)).unwrap();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let r = show(&db);
    assert_eq!(r.status, 1, "{}", r.stderr);
    one_clean_line(&r);
    assert!(r.stderr.contains("is read-only for this user (mode 644)"), "{}", r.stderr);
    assert!(!r.stderr.contains("attempt to write a readonly database"), "{}", r.stderr);

    // The file is writable, the folder is not: SQLite cannot create the -wal and -shm beside it (the read-only
    // attempt above may have left them, owned by the other user).
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o666)).unwrap();
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o755)).unwrap();
    let r = show(&db);
    assert_eq!(r.status, 1, "{}", r.stderr);
    one_clean_line(&r);
    assert!(r.stderr.contains("folder") && r.stderr.contains("is not writable for this user"), "{}", r.stderr);
}

#[test]
fn files_are_made_for_the_owner_and_the_group_only_whatever_the_umask() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let under_umask_0 = |args: &[&str], stdin: &str| {
        let mut cmd = Command::new("sh");
        cmd.arg("-c")
            .arg("umask 000; exec \"$0\" \"$@\"")
            .arg(env!("CARGO_BIN_EXE_loket"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .env_remove("LOKET_NOW")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let r = finish(cmd, stdin);
        assert_eq!(r.status, 0, "{args:?}: {}", r.stderr);
    };
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    under_umask_0(&["--password-stdin", "init", "--office-name", "Kanim", "--utc-offset", "+07:00"], "rahasia\n");
    assert_eq!(mode(&db), 0o660);
    let backup = dir.path().join("nightly.db");
    under_umask_0(&["--user", "admin", "--password-stdin", "backup", backup.to_str().unwrap()], "rahasia\n");
    assert_eq!(mode(&backup), 0o640);
    let export = dir.path().join("report.csv");
    under_umask_0(
        &["--user", "admin", "--password-stdin", "report", "--format", "csv", "--output", export.to_str().unwrap()],
        "rahasia\n",
    );
    assert_eq!(mode(&export), 0o640);
    let demo = dir.path().join("demo.db");
    let mut cmd = Command::new("sh");
    cmd.arg("-c").arg("umask 000; exec \"$0\" \"$@\"").arg(env!("CARGO_BIN_EXE_loket")).args([
        "--db",
        demo.to_str().unwrap(),
        "--now",
        "2026-11-25T09:00",
        "demo",
        "--no-tui",
        "--per-day",
        "5",
    ]);
    assert!(cmd.output().unwrap().status.success());
    assert_eq!(mode(&demo), 0o660);
}

/// Holds the write lock from another connection for `hold`.
fn hold_write_lock(db: &Path, hold: Duration) -> std::thread::JoinHandle<()> {
    let conn = Connection::open(db).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE; UPDATE settings SET value = value WHERE key = 'office_name';").unwrap();
    std::thread::spawn(move || {
        std::thread::sleep(hold);
        conn.execute_batch("COMMIT").unwrap();
    })
}

#[test]
fn a_writer_waits_visibly_for_another_workstation_then_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let holder = hold_write_lock(&db, Duration::from_millis(2500));
    let r = admin(&db, &["settings", "set", "slot_quota", "25"]);
    holder.join().unwrap();
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(r.stderr.contains("waiting for another workstation"), "{}", r.stderr);
    assert!(r.stdout.contains("slot_quota = 25"), "{}", r.stdout);
}

#[test]
fn a_writer_gives_up_after_the_limit_with_a_sentence_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let holder = hold_write_lock(&db, Duration::from_secs(4));
    let mut cmd = command(&db, &["--user", "admin", "--password-stdin", "settings", "set", "slot_quota", "25"]);
    cmd.env("LOKET_WAIT_LIMIT", "2");
    let t0 = Instant::now();
    let r = finish(cmd, "rahasia\n");
    let waited = t0.elapsed();
    holder.join().unwrap();
    assert_eq!(r.status, 1, "{}", r.stderr);
    assert!(waited < Duration::from_millis(3900), "waited {waited:?}, past the 2 s limit");
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{}", r.stderr); // the wait notice, then the verdict
    assert!(lines[0].contains("waiting for another workstation"), "{}", r.stderr);
    assert!(lines[1].contains("another workstation kept the database busy for more than 2 s"), "{}", r.stderr);
    assert!(lines[1].contains("nothing was saved") && lines[1].contains("try again"), "{}", r.stderr);
    let r = admin(&db, &["settings"]);
    assert!(r.stdout.contains("slot_quota") && !r.stdout.contains("slot_quota                25"), "{}", r.stdout);
}

/// A counter session left open, as a desk killed with SIGKILL (or a power cut) leaves it.
fn leave_session_open(db: &Path, id: &str, counter: u32, officer: &str) {
    let conn = Connection::open(db).unwrap();
    conn.execute("INSERT OR IGNORE INTO counters (number, name) VALUES (?1, 'Loket')", [counter]).unwrap();
    conn.execute(
        "INSERT INTO counter_sessions (id, counter_no, officer, signed_in_at) VALUES (?1, ?2, ?3, '2026-11-25T00:40:00Z')",
        (id, counter, officer),
    )
    .unwrap();
}

fn open_sessions(db: &Path) -> i64 {
    let conn = Connection::open(db).unwrap();
    conn.query_row("SELECT COUNT(*) FROM counter_sessions WHERE signed_out_at IS NULL", [], |r| r.get(0)).unwrap()
}

/// Sessions left open by desks that are gone block a plain restore (the message says how to go on); `--force`
/// with a reason restores, and the sessions open in the backup are signed out too. Both are audited.
#[test]
fn a_forced_restore_goes_past_sessions_left_open_by_desks_that_are_gone() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    leave_session_open(&db, "in-the-backup", 2, "rina");
    let backup = dir.path().join("backup.db");
    assert_eq!(admin(&db, &["backup", backup.to_str().unwrap()]).status, 0);
    leave_session_open(&db, "killed-desk", 3, "budi");

    let r = admin(&db, &["restore", backup.to_str().unwrap()]);
    assert_eq!(r.status, 2, "{}", r.stderr);
    one_clean_line(&r);
    assert!(r.stderr.contains("counter 2: rina") && r.stderr.contains("counter 3: budi"), "{}", r.stderr);
    assert!(r.stderr.contains("--force REASON"), "the way on is named: {}", r.stderr);
    let r = admin(&db, &["restore", backup.to_str().unwrap(), "--force", "  "]);
    assert_eq!(r.status, 2, "a forced restore needs a reason: {}", r.stderr);
    assert!(r.stderr.contains("needs a reason"), "{}", r.stderr);
    assert_eq!(open_sessions(&db), 2, "nothing changed");

    let r = admin(&db, &["restore", backup.to_str().unwrap(), "--force", "listrik padam, semua desk mati"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("Forced past the sessions left open at counter 2 (rina), counter 3 (budi)"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Signed out 1 session(s) the backup held open"), "{}", r.stdout);
    assert_eq!(open_sessions(&db), 0, "the backup's open session is signed out");
    let detail: String = Connection::open(&db)
        .unwrap()
        .query_row("SELECT detail FROM audit_log WHERE action = 'restore'", [], |r| r.get(0))
        .unwrap();
    assert!(
        detail.ends_with(
            "; 1 session(s) open in the backup signed out; forced past counters 2 (rina), 3 (budi): \
             listrik padam, semua desk mati"
        ),
        "{detail}"
    );
    assert_eq!(admin(&db, &["audit", "verify"]).status, 0, "the chain holds");
}

#[test]
fn restore_from_the_command_line_replaces_the_database_and_keeps_the_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let backup = dir.path().join("backup.db");
    assert_eq!(admin(&db, &["backup", backup.to_str().unwrap()]).status, 0);
    let r = loket(
        &db,
        &["--user", "admin", "--password-stdin", "user", "add", "budi", "--role", "officer"],
        "rahasia\nsandi-123\n",
    );
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(admin(&db, &["user", "list"]).stdout.contains("budi"));

    let r = loket(&db, &["--user", "budi", "--password-stdin", "restore", backup.to_str().unwrap()], "sandi-123\n");
    assert_eq!(r.status, 2, "an officer cannot restore: {}", r.stderr);

    let r = admin(&db, &["restore", backup.to_str().unwrap()]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(r.stdout.contains("The replaced database is kept at"), "{}", r.stdout);
    assert!(!admin(&db, &["user", "list"]).stdout.contains("budi"), "the backup had no budi");
    let kept: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("office.db.replaced-"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    let r = admin(&kept[0], &["user", "list"]);
    assert!(r.stdout.contains("budi"), "the replaced database is kept whole: {}", r.stdout);
}

#[test]
fn a_bad_manifest_is_reported_without_waiting_for_the_write_lock() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let file = dir.path().join("bad.csv");
    std::fs::write(
        &file,
        "booking_code,nik,full_name,sex,birth_date,application_type,purpose,passport_kind,slot_date,slot_start,slot_end,billing_code,fee_idr\n\
         MP1,123,X,L,1990-01-01,baru,wisata,elektronik,2026-11-25,09:00,10:00,1,1\n",
    )
    .unwrap();
    // Another workstation writes for longer than this command would wait.
    let holder = hold_write_lock(&db, Duration::from_secs(6));
    let mut cmd = command(&db, &["--user", "admin", "--password-stdin", "import", "bookings", file.to_str().unwrap()]);
    cmd.env("LOKET_WAIT_LIMIT", "3");
    let t0 = Instant::now();
    let r = finish(cmd, "rahasia\n");
    let took = t0.elapsed();
    holder.join().unwrap();
    assert_eq!(r.status, 2, "{}", r.stderr);
    assert!(r.stderr.contains("bad.csv:2: booking_code:"), "{}", r.stderr);
    assert!(r.stderr.contains("nothing imported"), "{}", r.stderr);
    assert!(!r.stderr.contains("waiting for another workstation"), "{}", r.stderr);
    assert!(took < Duration::from_secs(3), "the check waited {took:?} for the other workstation");
}

#[test]
fn a_failed_demo_force_leaves_the_old_database_and_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let demo = |extra: &[&str]| {
        let mut args = vec!["--now", "2026-11-25T09:00", "demo", "--no-tui", "--per-day", "5"];
        args.extend_from_slice(extra);
        loket(&db, &args, "")
    };
    assert_eq!(demo(&[]).status, 0);
    let before = std::fs::read(&db).unwrap();
    // A leftover of a killed build, then a build that fails once its database exists (no tariff in 2019).
    std::fs::write(dir.path().join(".demo.db.partial"), b"half").unwrap();
    let r = demo(&["--force", "--date", "2019-01-07"]);
    assert_eq!(r.status, 2, "{}", r.stderr);
    one_clean_line(&r);
    assert_eq!(std::fs::read(&db).unwrap(), before, "the old database was touched");
    let mut left: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
    left.sort();
    assert_eq!(left, vec!["demo.db".to_string()], "temporary files stayed");
}

#[test]
fn readers_sign_in_and_read_while_another_workstation_writes() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let holder = hold_write_lock(&db, Duration::from_secs(5));
    let t0 = Instant::now();
    for args in [&["settings"][..], &["report"][..], &["user", "list"][..]] {
        let r = admin(&db, args);
        assert_eq!(r.status, 0, "{args:?}: {}", r.stderr);
        assert!(!r.stderr.contains("waiting"), "{args:?}: {}", r.stderr);
    }
    let took = t0.elapsed();
    holder.join().unwrap();
    assert!(took < Duration::from_secs(4), "the readers waited {took:?} for the writer");
}

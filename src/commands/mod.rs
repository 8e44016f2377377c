//! Running the command line: each command opens the store, identifies the officer, does one thing.

mod accounts;
mod audit;
mod report;

use crate::cli::{AuditCommand, Cli, Command, Global, ImportCommand, Lang, RoleArg, SettingsCommand, UserCommand};
use crate::clock::{parse_now, Clock};
use crate::domain::settings::{parse_offset, OfficeSettings};
use crate::domain::text::for_terminal;
use crate::domain::types::Role;
use crate::import;
use crate::store::{files, Actor, Store, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use std::io::{BufRead, IsTerminal};
use std::path::{Path, PathBuf};

#[macro_use]
mod output;
mod close;
mod restore;
pub use output::flush_stdout;
mod outreach;
mod staypermit;

/// A failed command: what to print, and the exit status (1 runtime failure, 2 usage or input error).
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub status: i32,
}

impl Failure {
    pub fn usage(message: impl Into<String>) -> Self {
        Failure { message: message.into(), status: 2 }
    }
    pub fn runtime(message: impl Into<String>) -> Self {
        Failure { message: message.into(), status: 1 }
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        let status = match e {
            StoreError::Sql(_) | StoreError::Hash(_) | StoreError::TooNew { .. } | StoreError::Unusable(_) => 1,
            StoreError::Missing(_) | StoreError::ChainBroken(_) => 1,
            _ => 2,
        };
        Failure { message: e.to_string(), status }
    }
}

type Outcome = Result<(), Failure>;

/// Where the database lives unless `--db` says otherwise.
pub fn default_db_path() -> PathBuf {
    directories::ProjectDirs::from("", "", "loket")
        .map(|d| d.data_dir().join("loket.db"))
        .unwrap_or_else(|| PathBuf::from("loket.db"))
}

/// Reads passwords from stdin lines (with --password-stdin) or asks on the terminal.
struct Passwords {
    from_stdin: bool,
    lines: Option<std::io::Lines<std::io::StdinLock<'static>>>,
}

impl Passwords {
    fn new(from_stdin: bool) -> Self {
        Passwords { from_stdin, lines: None }
    }

    fn next(&mut self, prompt: &str) -> Result<String, Failure> {
        if self.from_stdin {
            let lines = self.lines.get_or_insert_with(|| std::io::stdin().lock().lines());
            return match lines.next() {
                Some(Ok(line)) => Ok(line.trim_end_matches('\r').to_string()),
                Some(Err(e)) => Err(Failure::runtime(format!("cannot read the password from stdin: {e}"))),
                None => Err(Failure::usage(format!(
                    "--password-stdin: no line for {}",
                    prompt.trim_end_matches([':', ' '])
                ))),
            };
        }
        rpassword::prompt_password(prompt)
            .map_err(|_| Failure::usage("no terminal to ask the password on; pass it with --password-stdin"))
    }

    /// A new password: asked twice on a terminal, one line on stdin.
    fn new_password(&mut self, whose: &str) -> Result<String, Failure> {
        let first = self.next(&format!("New password for {whose}: "))?;
        if !self.from_stdin && first != self.next(&format!("Repeat the password for {whose}: "))? {
            return Err(Failure::usage("the two passwords differ"));
        }
        Ok(first)
    }
}

struct Context {
    db: PathBuf,
    now_arg: Option<String>,
    user: Option<String>,
    passwords: Passwords,
    lang: Lang,
}

impl Context {
    /// Opens the database and checks `--now` against the office's time zone, so a bad value is always reported.
    fn open(&self) -> Result<Store, Failure> {
        let store = Store::open(&self.db)?;
        self.clock(&store.settings()?)?;
        // Rows written under --now are marked, and refused to officers on an office database.
        store.pin_clock(self.now_arg.is_some());
        Ok(store)
    }

    /// The clock: pinned by --now (read in the office's time zone), or the system's.
    fn clock(&self, settings: &OfficeSettings) -> Result<Clock, Failure> {
        match &self.now_arg {
            Some(s) => parse_now(s, settings.utc_offset).map(Clock::Fixed).map_err(Failure::usage),
            None => Ok(Clock::System),
        }
    }

    fn now(&self, store: &Store) -> Result<DateTime<Utc>, Failure> {
        Ok(self.clock(&store.settings()?)?.now())
    }

    /// Signs in the officer named by --user.
    fn sign_in(&mut self, store: &Store) -> Result<Actor, Failure> {
        let name =
            self.user.clone().ok_or_else(|| Failure::usage("this command acts as an officer: give --user NAME"))?;
        let password = self.passwords.next(&format!("Password for {name}: "))?;
        store.authenticate(&name, &password).map_err(Failure::from)
    }
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Outcome {
    let Global { db, now, lang, user: acting_user, password_stdin } = cli.global;
    let mut ctx = Context {
        db: db.unwrap_or_else(default_db_path),
        now_arg: now,
        user: acting_user,
        passwords: Passwords::new(password_stdin),
        lang,
    };
    // Command-line writers say when they wait for another workstation; the desk and the board own the screen.
    files::announce_waits_on_stderr(!matches!(cli.command, None | Some(Command::Board)));
    if let Some(seconds) = std::env::var("LOKET_WAIT_LIMIT").ok().and_then(|s| s.trim().parse::<u64>().ok()) {
        files::set_wait_limit(std::time::Duration::from_secs(seconds));
    }
    match cli.command {
        None => open_desk(&ctx),
        Some(Command::Init { office_name, utc_offset, admin, training }) => {
            init(&mut ctx, &office_name, &utc_offset, &admin, training)
        }
        Some(Command::Demo { date, days, per_day, no_tui, force, seed }) => {
            demo(&ctx, date.as_deref(), days, per_day, force, seed)?;
            if no_tui {
                Ok(())
            } else {
                files::announce_waits_on_stderr(false);
                open_desk(&ctx)
            }
        }
        Some(Command::Import(what)) => import_file(&mut ctx, what),
        Some(Command::Settings { action }) => settings(&mut ctx, action.unwrap_or(SettingsCommand::Show)),
        Some(Command::User(cmd)) => user(&mut ctx, cmd),
        Some(Command::Backup { dest }) => backup(&mut ctx, &dest),
        Some(Command::Restore { file, force }) => restore::restore(&mut ctx, &file, force.as_deref()),
        Some(Command::CheckIn { booking_code, late_override }) => {
            check_in(&mut ctx, &booking_code, late_override.as_deref())
        }
        Some(Command::Show { booking_code, json }) => show(&mut ctx, &booking_code, json),
        Some(Command::CloseDay { date, force, cancel_uncollected }) => {
            close_day(&mut ctx, date.as_deref(), force.as_deref(), cancel_uncollected)
        }
        Some(Command::ReopenDay { date, reason }) => close::reopen_day(&mut ctx, date.as_deref(), &reason),
        Some(Command::Report { date, to, format, output, summary }) => {
            report::run(&mut ctx, date.as_deref(), to.as_deref(), format, output.as_deref(), summary)
        }
        Some(Command::Audit { action: Some(AuditCommand::Verify), .. }) => audit::verify(&mut ctx),
        Some(Command::Audit { action: None, date, officer, booking, format }) => {
            audit(&mut ctx, date.as_deref(), officer, booking, format)
        }
        Some(Command::Outreach(cmd)) => outreach::run(&mut ctx, cmd),
        Some(Command::StayPermit(cmd)) => staypermit::run(&mut ctx, cmd),
        Some(Command::Board) => {
            let store = ctx.open()?;
            let clock = ctx.clock(&store.settings()?)?;
            crate::tui::run_board(store, clock, ctx.lang).map_err(|e| Failure::runtime(e.to_string()))
        }
    }
}

fn open_desk(ctx: &Context) -> Outcome {
    if !ctx.db.exists() {
        return Err(Failure::runtime(format!(
            "no database at {}\n  create one: loket init --office-name NAME --utc-offset +07:00\n  or try the demo: loket demo",
            ctx.db.display()
        )));
    }
    let store = ctx.open()?;
    let clock = ctx.clock(&store.settings()?)?;
    match crate::tui::run_desk(store, clock, ctx.lang).map_err(|e| Failure::runtime(e.to_string()))? {
        crate::tui::DeskEnd::Quit => Ok(()),
        // The usual status of a process ended by a signal, after a clean exit.
        crate::tui::DeskEnd::Signal(sig) => {
            Err(Failure { message: format!("ended by signal {sig}"), status: 128 + sig })
        }
    }
}

fn init(ctx: &mut Context, office_name: &str, utc_offset: &str, admin: &str, training: bool) -> Outcome {
    if ctx.db.exists() {
        return Err(Failure::usage(format!(
            "a database already exists at {}; loket init never touches it",
            ctx.db.display()
        )));
    }
    let mut settings = OfficeSettings::default();
    settings.set("office_name", office_name).map_err(|e| Failure::usage(e.to_string()))?;
    settings.utc_offset = parse_offset(utc_offset).map_err(|e| Failure::usage(format!("--utc-offset: {e}")))?;
    let now = ctx.clock(&settings)?.now();
    let password = ctx.passwords.new_password(admin)?;
    if password.chars().count() < 4 {
        return Err(Failure::usage("a password needs at least 4 characters"));
    }
    // Built under a temporary name beside the destination and moved into place when complete, so a killed init
    // leaves no half-made database (and the rerun works).
    let partial = files::partial_path(&ctx.db);
    files::remove_database_files(&partial);
    let built = Store::create(&partial, &settings)
        .and_then(|mut store| {
            store.pin_clock(ctx.now_arg.is_some());
            let made = if training { store.mark_training(false) } else { Ok(()) };
            made.and_then(|()| store.add_officer(&Actor::system(), admin, Role::Supervisor, &password, now).map(drop))
        })
        .map_err(Failure::from)
        .and_then(|()| {
            if ctx.db.exists() {
                return Err(Failure::usage(format!(
                    "a database appeared at {} meanwhile; left alone",
                    ctx.db.display()
                )));
            }
            files::move_into_place(&partial, &ctx.db).map_err(|e| {
                Failure::runtime(format!("cannot move the new database to {}: {}", ctx.db.display(), files::io_why(&e)))
            })
        });
    if let Err(f) = built {
        files::remove_database_files(&partial);
        return Err(f);
    }
    outln!("Created {} for {} ({}); supervisor account: {admin}", ctx.db.display(), settings.office_name, utc_offset);
    if training {
        outln!("This is a training database: everyone may pin the clock with --now");
    }
    Ok(())
}

/// An import that wrote nothing: every problem on its own line, then the verdict.
fn import_failure(e: import::ImportError) -> Failure {
    match e {
        import::ImportError::Invalid(p) => Failure::usage(format!("{p}\n{}: nothing imported", p.file)),
        import::ImportError::Store(e) => e.into(),
    }
}

/// A progress bar on stderr; hidden when stderr is not a terminal (piped, CI).
fn progress_bar(message: &'static str) -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({eta})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.set_message(message);
    bar
}

fn demo(ctx: &Context, date: Option<&str>, days: u32, per_day: u32, force: bool, seed: u64) -> Outcome {
    if ctx.db.exists() && !force {
        return Err(Failure::usage(format!(
            "{} already exists; add --force to replace it with a demo database",
            ctx.db.display()
        )));
    }
    if days == 0 || per_day == 0 {
        return Err(Failure::usage("--days and --per-day must be at least 1"));
    }
    let settings = crate::demo::demo_settings();
    let now = ctx.clock(&settings)?.now();
    let date = match date {
        Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map_err(|_| Failure::usage(format!("--date {d:?}: expected YYYY-MM-DD")))?,
        None => now.with_timezone(&settings.utc_offset).date_naive(),
    };
    // Build beside the target and move it into place, so a failed build never leaves half a database; the
    // temporary file is removed on every failure (and a leftover of a killed build by the next run).
    let tmp = files::partial_path(&ctx.db);
    files::remove_database_files(&tmp);
    if let Some(dir) = ctx.db.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Failure::runtime(format!("cannot create {}: {e}", dir.display())))?;
    }
    let bar = progress_bar("building demo");
    bar.set_length(u64::from(days) * u64::from(per_day));
    let options = crate::demo::DemoOptions { date, days, per_day, seed };
    let cleanup = RemoveOnDrop(&tmp);
    let result = crate::demo::build(&tmp, &options, now, &mut |done, _| bar.set_position(done));
    bar.finish_and_clear();
    let summary = result?;
    // The replaced database's -wal and -shm must not outlive it: SQLite would read them with the new file.
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut p = ctx.db.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
    files::move_into_place(&tmp, &ctx.db).map_err(|e| {
        Failure::runtime(format!("cannot move the demo into {}: {}", ctx.db.display(), files::io_why(&e)))
    })?;
    drop(cleanup);
    outln!("Demo database: {}", ctx.db.display());
    outln!("{summary}");
    Ok(())
}

/// Removes a half-built database (and its companions) when dropped: on every early return and on a panic.
struct RemoveOnDrop<'a>(&'a Path);

impl Drop for RemoveOnDrop<'_> {
    fn drop(&mut self) {
        files::remove_database_files(self.0);
    }
}

fn import_file(ctx: &mut Context, what: ImportCommand) -> Outcome {
    let mut store = ctx.open()?;
    let actor = ctx.sign_in(&store)?;
    let now = ctx.now(&store)?;
    match what {
        ImportCommand::Bookings { file, skip_invalid } => {
            let bar = progress_bar("importing");
            let result = import::bookings::import(&mut store, &actor, &file, skip_invalid, now, &mut |done, total| {
                bar.set_length(total);
                bar.set_position(done);
            });
            bar.finish_and_clear();
            let report = result.map_err(import_failure)?;
            if !report.skipped.list.is_empty() {
                eprintln!("{}", report.skipped);
            }
            outln!(
                "{}: {} bookings imported, {} already present, {} rows skipped",
                file.display(),
                report.inserted,
                report.unchanged,
                report.skipped.list.len()
            );
        }
        ImportCommand::Watchlist { file } => {
            let (version, n) = import::watchlist::import(&mut store, &actor, &file, now).map_err(import_failure)?;
            outln!("{}: watchlist version {version} in force, {n} entries", file.display());
        }
        ImportCommand::Holidays { file, replace_year } => {
            let r = import::holidays::import(&mut store, &actor, &file, replace_year, now).map_err(import_failure)?;
            outln!(
                "{}: {} holidays added, {} updated, {} unchanged, {} removed",
                file.display(),
                r.added,
                r.updated,
                r.unchanged,
                r.removed
            );
        }
    }
    Ok(())
}

fn settings(ctx: &mut Context, action: SettingsCommand) -> Outcome {
    let mut store = ctx.open()?;
    let actor = ctx.sign_in(&store)?;
    match action {
        SettingsCommand::Show => print_lines(&store.settings()?.describe())?,
        SettingsCommand::Set { key, value } => {
            let now = ctx.now(&store)?;
            store.set_setting(&actor, &key, &value, now)?;
            let value = store.settings()?.get(&key).unwrap_or_default();
            println!("{} = {}", for_terminal(&key), for_terminal(&value));
        }
    }
    Ok(())
}

fn user(ctx: &mut Context, cmd: UserCommand) -> Outcome {
    let mut store = ctx.open()?;
    let actor = ctx.sign_in(&store)?;
    match cmd {
        UserCommand::Add { name, role } => {
            actor.require(Role::Supervisor, "adding accounts")?;
            let role = match role {
                RoleArg::Officer => Role::Officer,
                RoleArg::Supervisor => Role::Supervisor,
            };
            let password = ctx.passwords.new_password(&name)?;
            let now = ctx.now(&store)?;
            store.add_officer(&actor, &name, role, &password, now)?;
            println!("Added {name} ({role})");
        }
        UserCommand::List => {
            for (name, role) in store.officers()? {
                println!("{:<20} {role}", for_terminal(&name));
            }
        }
        UserCommand::Disable { name } => accounts::disable(ctx, &mut store, &actor, &name)?,
        UserCommand::Password { name } => accounts::password(ctx, &mut store, &actor, &name)?,
        UserCommand::Role { name, role } => accounts::role(ctx, &mut store, &actor, &name, role)?,
    }
    Ok(())
}

fn backup(ctx: &mut Context, dest: &Path) -> Outcome {
    let store = ctx.open()?;
    let actor = ctx.sign_in(&store)?;
    actor.require(Role::Supervisor, "backups")?;
    let bar = progress_bar("backing up");
    store.backup(dest, |done, total| {
        bar.set_length(total.max(0) as u64);
        bar.set_position(done.max(0) as u64);
    })?;
    bar.finish_and_clear();
    outln!("Backed up {} to {}", store.path().display(), dest.display());
    Ok(())
}

fn check_in(ctx: &mut Context, code: &str, late_override: Option<&str>) -> Outcome {
    let mut store = ctx.open()?;
    let actor = ctx.sign_in(&store)?;
    let now = ctx.now(&store)?;
    let app = store.check_in(&actor, code, late_override, now)?;
    println!(
        "{} {} checked in: queue number {}",
        app.booking_code,
        for_terminal(&app.full_name),
        app.queue_no.unwrap_or_default()
    );
    Ok(())
}

fn show(ctx: &mut Context, code: &str, json: bool) -> Outcome {
    let store = ctx.open()?;
    ctx.sign_in(&store)?;
    let app = store.application(code)?;
    if json {
        let text = serde_json::to_string_pretty(&app).map_err(|e| Failure::runtime(e.to_string()))?;
        println!("{}", crate::domain::text::json_for_terminal(&text));
    } else {
        let t = |s: &str| for_terminal(s).into_owned();
        println!("{}  {}  NIK {}", t(&app.booking_code), t(&app.full_name), t(app.nik.as_deref().unwrap_or("-")));
        println!("slot     {} {}-{}", app.slot_date, app.slot_start, app.slot_end);
        println!(
            "type     {} / {} / {} {} years / {}",
            app.application_type, app.purpose, app.passport_kind, app.validity_years, app.service
        );
        println!("status   {}{}", app.status, app.queue_no.map(|q| format!(" ({q})")).unwrap_or_default());
        println!("paid     {}", t(app.paid_at.as_deref().unwrap_or("not paid")));
    }
    Ok(())
}

/// Prints text made of lines, each neutralised for the terminal (stored text may carry control characters).
fn print_lines(text: &str) -> Result<(), Failure> {
    for line in text.lines() {
        outln!("{}", for_terminal(line));
    }
    Ok(())
}

/// A `YYYY-MM-DD` option, or the office-local today.
fn day_or_today(arg: Option<&str>, store: &Store, now: DateTime<Utc>, flag: &str) -> Result<NaiveDate, Failure> {
    match arg {
        Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map_err(|_| Failure::usage(format!("{flag} {d:?}: expected YYYY-MM-DD"))),
        None => Ok(crate::store::local(&store.settings()?, now).date()),
    }
}

fn close_day(ctx: &mut Context, date: Option<&str>, force: Option<&str>, cancel_uncollected: bool) -> Outcome {
    let mut store = ctx.open()?;
    let actor = ctx.sign_in(&store)?;
    // The store refuses an officer (and audits the attempt).
    let now = ctx.now(&store)?;
    let date = day_or_today(date, &store, now, "--date")?;
    let summary = store.close_day(&actor, date, force, cancel_uncollected, now)?;
    print_lines(&summary.to_string())?;
    // The chain was verified before the close; its head goes on the signed paper.
    let head = store.chain_head(None)?;
    outln!("Audit chain head: {}", head.as_deref().map(crate::domain::audit::short_hash).unwrap_or("(empty)"));
    Ok(())
}

fn audit(
    ctx: &mut Context,
    date: Option<&str>,
    officer: Option<String>,
    booking: Option<String>,
    format: crate::cli::AuditFormat,
) -> Outcome {
    let store = ctx.open()?;
    let actor = ctx.sign_in(&store)?;
    actor.require(Role::Supervisor, "reading the audit trail")?;
    let now = ctx.now(&store)?;
    let settings = store.settings()?;
    let between = match date {
        Some(_) => {
            let day = day_or_today(date, &store, now, "--date")?;
            Some(crate::store::day_bounds_utc(&settings, day))
        }
        None => None,
    };
    let filter =
        crate::store::AuditFilter { booking_code: booking.map(|b| b.trim().to_ascii_uppercase()), officer, between };
    let rows = store.audit(&filter)?;
    out!("{}", crate::store::format_audit(&rows, format == crate::cli::AuditFormat::Csv, settings.utc_offset));
    Ok(())
}

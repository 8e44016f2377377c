//! The command line (clap derive). Running the commands lives in `commands`.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "loket", version, about = "Front desk of a Kantor Imigrasi: queue, check-in, interview, hand-over")]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct Global {
    /// The office database [default: the platform data dir, e.g. ~/.local/share/loket/loket.db]
    #[arg(long, global = true, env = "LOKET_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Pin the clock: YYYY-MM-DDTHH:MM[:SS][+07:00] (a time without offset is office-local)
    #[arg(long, global = true, env = "LOKET_NOW", value_name = "TIME")]
    pub now: Option<String>,
    /// Interface language
    #[arg(long, global = true, env = "LOKET_LANG", value_enum, default_value_t = Lang::Id)]
    pub lang: Lang,
    /// The officer acting (commands other than init, demo and board)
    #[arg(long, global = true, env = "LOKET_USER", value_name = "NAME")]
    pub user: Option<String>,
    /// Read passwords from standard input, one per line, instead of asking on the terminal
    #[arg(long, global = true)]
    pub password_stdin: bool,
}

/// The interface language lives with the translations; re-exported here for clap and older paths.
pub use crate::tui::i18n::Lang;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new office database and its first supervisor account
    Init {
        #[arg(long, value_name = "NAME")]
        office_name: String,
        /// +07:00 (WIB), +08:00 (WITA) or +09:00 (WIT)
        #[arg(long, value_name = "OFFSET", allow_hyphen_values = true)]
        utc_offset: String,
        /// Name of the first supervisor account
        #[arg(long, value_name = "NAME", default_value = "admin")]
        admin: String,
        /// A training database: everyone may pin the clock with --now (never for an office's real data)
        #[arg(long)]
        training: bool,
    },
    /// Build a realistic demo database, then open the desk
    Demo {
        /// The last day of the demo [default: today]
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// Working days of history ending at --date
        #[arg(long, default_value_t = 1, value_name = "N")]
        days: u32,
        /// Applications per day
        #[arg(long, default_value_t = 120, value_name = "N")]
        per_day: u32,
        /// Do not open the desk afterwards
        #[arg(long)]
        no_tui: bool,
        /// Replace an existing database file
        #[arg(long)]
        force: bool,
        /// Seed for the generated data (same seed, same data)
        #[arg(long, default_value_t = 2026, value_name = "N")]
        seed: u64,
    },
    /// Import a file the office received (a supervisor action)
    #[command(subcommand)]
    Import(ImportCommand),
    /// Show or change the office settings shared by every workstation
    Settings {
        #[command(subcommand)]
        action: Option<SettingsCommand>,
    },
    /// Manage officer accounts (a supervisor action)
    #[command(subcommand)]
    User(UserCommand),
    /// Copy the database with SQLite's online backup (a supervisor action)
    Backup {
        #[arg(value_name = "DEST")]
        dest: PathBuf,
    },
    /// Replace the database with a backup (a supervisor action): checked first, refused while workstations are
    /// signed in; the replaced database is kept beside it
    Restore {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Restore although counters are signed in, for desks that are gone (a power cut, a killed process);
        /// the reason and the sessions are recorded
        #[arg(long, value_name = "REASON")]
        force: Option<String>,
    },
    /// The waiting-room board (read-only, full screen)
    Board,
    /// Check an applicant in by booking code (the same rules as the desk)
    CheckIn {
        booking_code: String,
        /// Admit a late arrival: the supervisor's reason (a supervisor action)
        #[arg(long, value_name = "REASON")]
        late_override: Option<String>,
    },
    /// Close a day (a supervisor action): cancel no-shows, list what is unfinished and uncollected
    CloseDay {
        /// The office-local date to close [default: today]
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// Close although applicants are unfinished; the reason is recorded
        #[arg(long, value_name = "REASON")]
        force: Option<String>,
        /// Also cancel the listed passports not collected for more than 30 days
        #[arg(long)]
        cancel_uncollected: bool,
    },
    /// Reopen a closed day for a correction (a supervisor action, audited with the reason): the no-shows its
    /// close cancelled go back to booked
    ReopenDay {
        /// The office-local date to reopen [default: today]
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// Why the day is reopened; recorded in the audit trail
        #[arg(long, value_name = "REASON")]
        reason: String,
    },
    /// The supervisors' report for a day or a range of days
    Report {
        /// First day (office-local) [default: today]
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// Last day of a range [default: --date]
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<String>,
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        /// Write to this file instead of standard output (required for pdf on a terminal)
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Per-day rows only, without the per-slot detail (a month on one or two A4 pages)
        #[arg(long)]
        summary: bool,
    },
    /// Who did what, when: the audit trail (`audit verify` checks its hash chain)
    Audit {
        #[command(subcommand)]
        action: Option<AuditCommand>,
        /// Only this office-local day
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// Only this officer
        #[arg(long, value_name = "NAME")]
        officer: Option<String>,
        /// Only this booking
        #[arg(long, value_name = "CODE")]
        booking: Option<String>,
        #[arg(long, value_enum, default_value_t = AuditFormat::Text)]
        format: AuditFormat,
    },
    /// Outreach events: create, pack laptops, register walk-ins in the field, merge back, resolve conflicts
    #[command(subcommand)]
    Outreach(OutreachCommand),
    /// Stay-permit extensions for foreigners (perpanjangan izin tinggal)
    #[command(subcommand)]
    StayPermit(StayPermitCommand),
    /// Show one application by booking code
    Show {
        booking_code: String,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// The M-Paspor booking manifest (CSV)
    Bookings {
        file: PathBuf,
        /// Write the good rows and report the others (default: one bad row rejects the file)
        #[arg(long)]
        skip_invalid: bool,
    },
    /// The prevention/deterrence list (CSV); replaces the list in force
    Watchlist { file: PathBuf },
    /// The holiday calendar (CSV); adds or updates by date
    Holidays {
        file: PathBuf,
        /// Remove this year's dates that are not in the file
        #[arg(long, value_name = "YYYY")]
        replace_year: Option<i32>,
    },
}

#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// List every setting (the default)
    Show,
    /// Change one setting (a supervisor action, audited)
    Set { key: String, value: String },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Walk the hash chain(s) and name the first edited, deleted or inserted row (a supervisor action)
    Verify,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add an account; its password is asked twice (or read as the second line with --password-stdin)
    Add {
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
    },
    /// List the accounts
    List,
    /// Disable an account: it can no longer sign in (a supervisor action, audited)
    Disable { name: String },
    /// Change a password: your own, or anyone's as a supervisor (audited); the new one is asked twice, or read
    /// as the line after your own with --password-stdin
    Password { name: String },
    /// Change an account's role (a supervisor action, audited)
    Role {
        name: String,
        #[arg(value_enum)]
        role: RoleArg,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    Officer,
    Supervisor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Csv,
    Json,
    Html,
    Pdf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuditFormat {
    Text,
    Csv,
}

#[derive(Debug, Subcommand)]
pub enum OutreachCommand {
    /// Create an outreach event (a supervisor action)
    Create {
        #[arg(long, value_name = "NAME")]
        name: String,
        #[arg(long, value_name = "PLACE")]
        place: String,
        /// First day (office-local)
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: String,
        /// Last day
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: String,
        #[arg(long, value_name = "HH:MM-HH:MM", default_value = "09:00-15:00")]
        hours: String,
        /// Services offered: baru, penggantian, izin_tinggal (lost and damaged passports never)
        #[arg(long, value_name = "LIST", default_value = "baru,penggantian")]
        services: String,
        #[arg(long, value_name = "N", default_value_t = 80)]
        quota_per_day: u32,
    },
    /// List events with their state (planned, packed, in the field, merged) and counts
    List {
        #[arg(long, value_enum, default_value_t = OutreachFormat::Text)]
        format: OutreachFormat,
    },
    /// Write a self-contained database for one laptop of an event (a supervisor action)
    Pack {
        /// The event's number (see `loket outreach list`)
        event: i64,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// On an event's laptop: register a walk-in, record the fee paid on the spot and check them in
    WalkIn {
        #[arg(long)]
        nik: String,
        #[arg(long, value_name = "NAME")]
        name: String,
        /// L or P
        #[arg(long)]
        sex: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        birth_date: String,
        /// baru or penggantian (what the event offers)
        #[arg(long = "type", value_name = "TYPE")]
        application_type: String,
        #[arg(long, default_value = "wisata")]
        purpose: String,
        #[arg(long, default_value = "elektronik")]
        passport_kind: String,
        #[arg(long, default_value_t = 10)]
        validity_years: u8,
        #[arg(long, value_name = "NO")]
        old_passport_no: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        /// The group (collective booking) the applicant belongs to
        #[arg(long, value_name = "CODE")]
        group: Option<String>,
    },
    /// Merge a laptop's database back into the office (a supervisor action); exactly once, in one transaction
    Merge {
        file: PathBuf,
        /// Report what would happen and change nothing
        #[arg(long)]
        dry_run: bool,
        #[arg(long, value_enum, default_value_t = OutreachFormat::Text)]
        format: OutreachFormat,
    },
    /// Import a group leader's list (CSV) as a collective booking of an event day (a supervisor action)
    GroupImport {
        file: PathBuf,
        #[arg(long, value_name = "N")]
        event: i64,
        /// The group's code (1-20 characters)
        #[arg(long, value_name = "CODE")]
        group: String,
        #[arg(long, value_name = "NAME")]
        name: String,
        #[arg(long, value_name = "NAME")]
        leader: String,
        #[arg(long, value_name = "PHONE")]
        contact: String,
        /// The event day the group comes
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: String,
        #[arg(long, default_value = "umroh")]
        purpose: String,
        #[arg(long, default_value = "elektronik")]
        passport_kind: String,
    },
    /// A group's progress: its members by status
    Group {
        code: String,
        #[arg(long, value_enum, default_value_t = OutreachFormat::Text)]
        format: OutreachFormat,
    },
    /// Collective pickup: hand over every ready passport of a group at once (each still audited)
    GroupPickup {
        code: String,
        #[arg(long, value_name = "NAME")]
        collected_by: String,
    },
    /// The outreach section of the supervisors' report: per event day and service, and merge conflicts
    Report {
        /// First day (office-local) [default: today]
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// Last day of a range [default: --date]
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<String>,
        #[arg(long, value_enum, default_value_t = OutreachFormat::Text)]
        format: OutreachFormat,
    },
    /// List merge conflicts (open first)
    Conflicts {
        /// Only this event
        #[arg(long, value_name = "N")]
        event: Option<i64>,
        #[arg(long, value_enum, default_value_t = OutreachFormat::Text)]
        format: OutreachFormat,
    },
    /// Resolve a merge conflict by keeping the office's or the laptop's version (a supervisor action)
    Resolve {
        /// The conflict's id, e.g. MP0001/L2 or QUOTA/1/2026-12-01
        id: String,
        #[arg(long, value_enum)]
        keep: KeepArg,
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutreachFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KeepArg {
    Office,
    Laptop,
}

#[derive(Debug, Subcommand)]
pub enum StayPermitCommand {
    /// Register an extension: the fee is paid at the counter and the W line's ticket handed out
    Register {
        #[arg(long, value_name = "NAME")]
        name: String,
        /// The foreign passport's number
        #[arg(long, value_name = "NO")]
        passport_no: String,
        /// ISO 3166-1 alpha-3, e.g. AUS
        #[arg(long, value_name = "CODE")]
        nationality: String,
        /// itas, itap or perpanjangan_visa_kunjungan
        #[arg(long, value_name = "TYPE")]
        permit_type: String,
        #[arg(long, value_name = "NO")]
        permit_no: String,
        /// The current permit's expiry date
        #[arg(long, value_name = "YYYY-MM-DD")]
        expiry: String,
        /// The sponsor (company, institution or person)
        #[arg(long, value_name = "NAME")]
        sponsor: String,
    },
    /// The documents were checked
    Documents { code: String },
    /// Biometrics were taken
    Biometrics { code: String },
    /// Approve with the new expiry date
    Approve {
        code: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        new_expiry: String,
    },
    /// Refuse with a reason
    Refuse {
        code: String,
        #[arg(long, value_name = "TEXT")]
        reason: String,
    },
    /// Hand the extended permit over
    HandOver { code: String },
    /// Show one stay-permit application
    Show {
        code: String,
        #[arg(long)]
        json: bool,
    },
}

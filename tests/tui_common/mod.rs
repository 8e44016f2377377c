//! Fixtures for the desk TUI tests (`tests/tui_flows.rs`, `tests/tui_snapshots.rs`): a deterministic office
//! database (every name, NIK and booking code fixed, so rendered screens are stable), the demo database, and a
//! `Desk` that drives `loket::tui::app::App` with synthetic key timing and renders it into a `TestBackend`.
//!
//! Keys are sent the way a person types them: 150 ms apart with a tick after each one, so the barcode-burst
//! detector (`src/tui/scan.rs`) releases every printable key as typed. `Desk::scan` sends a code 5 ms per key
//! and Enter, the way a scanner does.
#![allow(dead_code)]

pub mod outreach;
pub mod words;

use chrono::{DateTime, Duration as Days, NaiveDate, NaiveTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use loket::cli::Lang;
use loket::clock::Clock;
use loket::demo::DemoOptions;
use loket::domain::fees;
use loket::domain::lifecycle::Status;
use loket::domain::nik::{self, Sex};
use loket::domain::settings::OfficeSettings;
use loket::domain::types::{ApplicationType, PassportKind, PriorityReason, Purpose, Role, Service};
use loket::store::{Actor, Application, AuditEntry, AuditFilter, ImportPolicy, NewBooking, Store, WatchlistEntry};
use loket::tui::app::{App, Modal, Screen};
use loket::tui::form::Form;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use tempfile::TempDir;

pub const PASSWORD: &str = "rahasia-123";
pub const OFFICER: &str = "petugas";
pub const SUPERVISOR: &str = "kepala";
/// The demo database's accounts (`loket demo`).
pub const DEMO_PASSWORD: &str = "demo";
pub const DEMO_SUPERVISOR: &str = "supervisor";

/// Wednesday 2026-11-25, the day every test plays on.
pub const DAY: &str = "2026-11-25";

// The fixture office's bookings (see `office()`).
/// Agus Salim, 10:00 slot, paid: on time at 09:40.
pub const ONTIME: &str = "MP2611A001";
/// Budi Santoso, 09:00 slot: check-in closed at 08:45, late at 09:40.
pub const LATE: &str = "MP2611A002";
/// Citra Lestari, 10:00 slot, PNBP fee not paid.
pub const UNPAID: &str = "MP2611A003";
/// Umrah party UMR-SMG-01, three members at 11:00.
pub const GROUP: &str = "UMR-SMG-01";
pub const GROUP_MEMBERS: [&str; 3] = ["MP2611G001", "MP2611G002", "MP2611G003"];
/// Hendra Wijaya, checked in at 09:15: first in line, and the one the watchlist tests list.
pub const WATCHED: &str = "MP2611W001";
/// Maya Sari (A-002, 09:20) and Nur Hidayah (A-003, 09:25), waiting.
pub const WAITING: [&str; 2] = ["MP2611Q001", "MP2611Q002"];
/// Indah Permata, a replacement (penggantian) bringing old passport B1234567.
pub const REPLACEMENT: &str = "MP2611R001";
/// Kartini Rahayu, 76, lansia priority booking at 10:00.
pub const ELDERLY: &str = "MP2611P001";
/// Lukman Hakim, booked for Friday 2026-11-27 10:00 (may still be rescheduled).
pub const FUTURE: &str = "MP2711F001";
/// Approved on 2026-11-20, ready date 2026-11-25: due to be marked ready.
pub const APPROVED: &str = "MP2011D001";
/// Ready with passport E1234567, awaiting hand-over.
pub const READY: &str = "MP2011D002";
/// Ready with passport F7654321 and a delivery address, for dispatch.
pub const READY_POST: &str = "MP2011D003";

/// An instant from RFC 3339 with offset.
pub fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap_or_else(|e| panic!("bad instant {s:?}: {e}")).with_timezone(&Utc)
}

pub fn date(s: &str) -> NaiveDate {
    s.parse().unwrap_or_else(|e| panic!("bad date {s:?}: {e}"))
}

fn hhmm(s: &str) -> NaiveTime {
    NaiveTime::parse_from_str(s, "%H:%M").unwrap_or_else(|e| panic!("bad time {s:?}: {e}"))
}

/// The desk's fixed "now": 09:40 office time (WIB) on the test day.
pub fn now() -> DateTime<Utc> {
    at("2026-11-25T09:40:00+07:00")
}

fn import_time() -> DateTime<Utc> {
    at("2026-11-01T10:00:00+07:00")
}

/// A valid Jawa Tengah (33-74-01) NIK with a fixed serial.
pub fn nik_for(birth: &str, sex: Sex, serial: u16) -> String {
    nik::make(33, 74, 1, date(birth), sex, serial)
}

/// A paid regular booking for a new 5-year electronic passport; `serial` fixes the NIK.
pub struct Booking(NewBooking);

pub fn booking(code: &str, name: &str, sex: Sex, birth: &str, serial: u16, day: &str, start: &str) -> Booking {
    let start = hhmm(start);
    Booking(NewBooking {
        line: 0,
        booking_code: code.into(),
        nik: nik_for(birth, sex, serial),
        full_name: name.into(),
        sex,
        birth_date: date(birth),
        birth_place: Some("Semarang".into()),
        phone: Some(format!("0812000{serial:05}")),
        address: None,
        application_type: ApplicationType::New,
        purpose: Purpose::Tourism,
        passport_kind: PassportKind::Electronic,
        validity_years: 5,
        service: Service::Regular,
        slot_date: date(day),
        slot_start: start,
        slot_end: start + Days::minutes(60),
        billing_code: format!("8201{serial:011}"),
        fee_idr: 0,
        paid_at: Some(import_time()),
        old_passport_no: None,
        group_code: None,
        priority_reason: None,
    })
}

impl Booking {
    pub fn unpaid(mut self) -> Self {
        self.0.paid_at = None;
        self
    }
    pub fn group(mut self, g: &str) -> Self {
        self.0.group_code = Some(g.into());
        self.0.purpose = Purpose::Umrah;
        self
    }
    pub fn priority(mut self, p: PriorityReason) -> Self {
        self.0.priority_reason = Some(p);
        self
    }
    pub fn replacement(mut self, old: &str) -> Self {
        self.0.application_type = ApplicationType::Replacement;
        self.0.old_passport_no = Some(old.into());
        self
    }
    pub fn address(mut self, a: &str) -> Self {
        self.0.address = Some(a.into());
        self
    }
    pub fn build(mut self) -> NewBooking {
        let b = &mut self.0;
        b.fee_idr = fees::quote(b.slot_date, b.passport_kind, b.validity_years, b.service, b.application_type)
            .expect("tariff in force")
            .total();
        self.0
    }
}

/// A database file in its own temp dir.
pub struct Fixture {
    pub dir: TempDir,
    pub path: PathBuf,
}

impl Fixture {
    /// Another connection (another workstation).
    pub fn store(&self) -> Store {
        Store::open(&self.path).expect("open database")
    }

    /// The desk on this database, signed out, in `lang`, with the fixed clock.
    pub fn desk(self, lang: Lang) -> Desk {
        Desk::open(self, lang)
    }
}

/// The fixture office: default settings ("Kantor Imigrasi", WIB), an officer and a supervisor, and the bookings
/// named by the constants above, in the states they describe at 09:40 on 2026-11-25.
pub fn office() -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("loket.db");
    let mut store = Store::create(&path, &OfficeSettings::default()).expect("create database");
    let t0 = import_time();
    let officer = store.add_officer(&Actor::system(), OFFICER, Role::Officer, PASSWORD, t0).expect("officer");
    let sup = store.add_officer(&Actor::system(), SUPERVISOR, Role::Supervisor, PASSWORD, t0).expect("supervisor");
    let (m, f) = (Sex::Male, Sex::Female);
    let rows = vec![
        booking(ONTIME, "Agus Salim", m, "1988-03-14", 1, DAY, "10:00").build(),
        booking(LATE, "Budi Santoso", m, "1979-07-02", 2, DAY, "09:00").build(),
        booking(UNPAID, "Citra Lestari", f, "1995-12-09", 3, DAY, "10:00").unpaid().build(),
        booking(GROUP_MEMBERS[0], "Dewi Anggraini", f, "1970-01-30", 4, DAY, "11:00").group(GROUP).build(),
        booking(GROUP_MEMBERS[1], "Eko Prasetyo", m, "1968-05-05", 5, DAY, "11:00").group(GROUP).build(),
        booking(GROUP_MEMBERS[2], "Fajar Nugroho", m, "1992-09-18", 6, DAY, "11:00").group(GROUP).build(),
        booking(WATCHED, "Hendra Wijaya", m, "1983-11-11", 7, DAY, "10:00").build(),
        booking(WAITING[0], "Maya Sari", f, "1999-02-21", 8, DAY, "10:00").build(),
        booking(WAITING[1], "Nur Hidayah", f, "2001-06-13", 9, DAY, "10:00").build(),
        booking(REPLACEMENT, "Indah Permata", f, "1990-08-08", 10, DAY, "11:00").replacement("B1234567").build(),
        booking(ELDERLY, "Kartini Rahayu", f, "1950-04-21", 11, DAY, "10:00").priority(PriorityReason::Elderly).build(),
        booking(FUTURE, "Lukman Hakim", m, "1985-10-10", 12, "2026-11-27", "10:00").build(),
        booking(APPROVED, "Oki Pratama", m, "1993-03-03", 13, "2026-11-20", "09:00").build(),
        booking(READY, "Putri Ayu", f, "1997-07-07", 14, "2026-11-20", "09:00").build(),
        booking(READY_POST, "Rudi Hartono", m, "1975-12-12", 15, "2026-11-20", "09:00")
            .address("Jl. Pemuda No. 10, Semarang")
            .build(),
    ];
    let out = store.import_bookings(&sup, &rows, ImportPolicy::AllOrNothing, "fixture", t0).expect("import");
    assert!(out.committed && out.problems.is_empty(), "fixture import refused: {:?}", out.problems);

    // Passports from last Friday: checked in, served and approved on 2026-11-20 (ready date 2026-11-25).
    let fri = |hm: &str| at(&format!("2026-11-20T{hm}:00+07:00"));
    for (i, code) in [APPROVED, READY, READY_POST].into_iter().enumerate() {
        let i = i as i64;
        store.check_in(&officer, code, None, fri("07:45") + Days::minutes(i)).expect("check in (friday)");
        store.call(&officer, code, 1, fri("08:00") + Days::minutes(20 * i)).expect("call (friday)");
        store.record_photo(&officer, code, fri("08:05") + Days::minutes(20 * i)).expect("photo (friday)");
        store.record_interview(&officer, code, fri("08:10") + Days::minutes(20 * i)).expect("interview (friday)");
        store.approve(&officer, code, fri("08:15") + Days::minutes(20 * i)).expect("approve (friday)");
    }
    let morning = at("2026-11-25T08:00:00+07:00");
    store.mark_ready(&officer, READY, "E1234567", morning).expect("ready");
    store.mark_ready(&officer, READY_POST, "F7654321", morning).expect("ready");

    // This morning's arrivals, waiting for a counter.
    for (code, hm) in [(WATCHED, "09:15"), (WAITING[0], "09:20"), (WAITING[1], "09:25")] {
        store.check_in(&officer, code, None, at(&format!("{DAY}T{hm}:00+07:00"))).expect("check in");
    }
    drop(store);
    Fixture { dir, path }
}

/// The demo database of `loket demo` for the test day: 40 applications, seed 7, built at 09:40.
pub fn demo() -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("demo.db");
    let opts = DemoOptions { date: date(DAY), days: 1, per_day: 40, seed: 7 };
    loket::demo::build(&path, &opts, now(), &mut |_, _| {}).expect("build demo");
    Fixture { dir, path }
}

/// Hendra Wijaya (`WATCHED`) as a watchlist entry (*cegah*), by NIK.
pub fn hendra_on_the_watchlist() -> WatchlistEntry {
    WatchlistEntry {
        line: 2,
        nik: Some(nik_for("1983-11-11", Sex::Male, 7)),
        full_name: Some("Hendra Wijaya".into()),
        birth_date: Some(date("1983-11-11")),
        kind: "cegah".into(),
        reference: "IMI-0042/2026".into(),
        valid_until: Some(date("2027-12-31")),
    }
}

/// Puts Hendra Wijaya (`WATCHED`) on the watchlist, by NIK.
pub fn watchlist_hendra(store: &mut Store) {
    let sup = store.authenticate(SUPERVISOR, PASSWORD).expect("supervisor");
    store.replace_watchlist(&sup, &[hendra_on_the_watchlist()], "test", now()).expect("watchlist");
}

/// The desk under test, with its own synthetic clock for key timing.
pub struct Desk {
    pub app: App,
    /// The instant of the next key.
    pub t: Instant,
    pub path: PathBuf,
    /// The temp dir holding the database (owned by the first desk; another workstation borrows the path).
    _dir: Option<TempDir>,
}

/// Time between two keys typed by a person (scanners send a key every few ms; `BURST_GAP` is 40 ms).
pub const TYPING_GAP: Duration = Duration::from_millis(150);

impl Desk {
    pub fn open(fx: Fixture, lang: Lang) -> Desk {
        Desk::open_with_config(fx, lang, None)
    }

    /// The desk with a workstation config file (`None`: defaults, nothing saved).
    pub fn open_with_config(fx: Fixture, lang: Lang, config: Option<PathBuf>) -> Desk {
        let store = fx.store();
        let app = App::new(store, Clock::Fixed(now()), lang, config);
        let t = Instant::now() + Duration::from_millis(10);
        Desk { app, t, path: fx.path, _dir: Some(fx.dir) }
    }

    /// The office fixture, signed in as the officer at counter 1.
    pub fn office(lang: Lang) -> Desk {
        let mut d = office().desk(lang);
        d.sign_in(OFFICER, PASSWORD, 1);
        assert!(matches!(d.app.screen, Screen::Queue(_)), "sign-in failed: {:?}", d.app.status);
        d
    }

    /// Another connection to the same database (another workstation).
    pub fn other_store(&self) -> Store {
        Store::open(&self.path).expect("open database")
    }

    /// Another workstation's desk on the same database, on its sign-in screen (it must not outlive `self`).
    pub fn another_workstation(&self, lang: Lang) -> Desk {
        let app = App::new(self.other_store(), Clock::Fixed(now()), lang, None);
        Desk { app, t: self.t, path: self.path.clone(), _dir: None }
    }

    /// Lets time pass without a key (releases held keys, idle lock, refresh).
    pub fn wait(&mut self, d: Duration) {
        self.t += d;
        self.app.tick(self.t);
    }

    pub fn key_mod(&mut self, code: KeyCode, mods: KeyModifiers) {
        self.app.key(KeyEvent::new(code, mods), self.t);
        self.wait(TYPING_GAP);
    }

    pub fn key(&mut self, code: KeyCode) {
        self.key_mod(code, KeyModifiers::NONE);
    }

    /// One printable key, typed by a person (capitals with Shift).
    pub fn ch(&mut self, c: char) {
        let mods = if c.is_ascii_uppercase() { KeyModifiers::SHIFT } else { KeyModifiers::NONE };
        self.key_mod(KeyCode::Char(c), mods);
    }

    /// Text typed by a person, key by key.
    pub fn typ(&mut self, s: &str) {
        s.chars().for_each(|c| self.ch(c));
    }

    pub fn enter(&mut self) {
        self.key(KeyCode::Enter);
    }

    pub fn esc(&mut self) {
        self.key(KeyCode::Esc);
    }

    pub fn tab(&mut self) {
        self.key(KeyCode::Tab);
    }

    pub fn backspace(&mut self, n: usize) {
        (0..n).for_each(|_| self.key(KeyCode::Backspace));
    }

    /// A code from the barcode scanner: one key every 5 ms, then Enter.
    pub fn scan(&mut self, code: &str) {
        for c in code.chars() {
            self.app.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE), self.t);
            self.t += Duration::from_millis(5);
        }
        self.app.key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE), self.t);
        self.wait(TYPING_GAP);
    }

    /// Fills the sign-in form: officer, password, then chooses the counter with ▶ (the field is a choice).
    pub fn sign_in(&mut self, name: &str, password: &str, counter: u32) {
        self.typ(name);
        self.enter();
        self.typ(password);
        self.enter();
        self.choose_counter(&counter.to_string());
        self.enter();
    }

    /// Moves the sign-in form's counter choice to `value` with ▶ (stays put if it is not offered).
    pub fn choose_counter(&mut self, value: &str) {
        for _ in 0..20 {
            if self.screen_form().value(2) == value {
                return;
            }
            self.key(KeyCode::Right);
        }
    }

    /// Fills the focused and following fields of the open form: each value replaces the field's text (or, for a
    /// choice field, is chosen with ◀▶); Tab between values, none after the last.
    pub fn fill(&mut self, values: &[&str]) {
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                self.tab();
            }
            let form = self.form().expect("a form is open");
            let field = &form.fields[form.focus];
            if field.choices.is_empty() {
                let n = field.value().chars().count();
                self.key(KeyCode::End);
                self.backspace(n);
                self.typ(v);
            } else {
                let want = field.choices.iter().position(|c| c == v).unwrap_or_else(|| panic!("no choice {v:?}"));
                let have = field.choices.iter().position(|c| c == field.value()).unwrap_or(0);
                let n = field.choices.len();
                (0..(want + n - have) % n).for_each(|_| self.key(KeyCode::Right));
            }
        }
    }

    /// Submits the open form: Tab to its last field, then Enter (Enter on an earlier field only moves on).
    pub fn submit(&mut self) {
        while let Some(f) = self.form() {
            if f.focus + 1 >= f.fields.len() {
                break;
            }
            self.tab();
        }
        self.enter();
    }

    // ---- reading the state ---------------------------------------------------------------------------------

    /// The current screen's variant name ("Queue", "Detail", …), from its `Debug` form so new screens need no
    /// change here.
    pub fn screen(&self) -> String {
        let debug = format!("{:?}", self.app.screen);
        debug.split(['(', ' ', '{']).next().unwrap_or_default().to_string()
    }

    pub fn modal(&self) -> &'static str {
        match &self.app.modal {
            None => "none",
            Some(Modal::Help(_)) => "Help",
            Some(Modal::Dialog(..)) => "Form",
            Some(Modal::Confirm(..)) => "Confirm",
            Some(Modal::Ticket { .. }) => "Ticket",
        }
    }

    /// The open dialog form, if any.
    pub fn form(&self) -> Option<&Form> {
        match &self.app.modal {
            Some(Modal::Dialog(d)) => Some(d.form()),
            _ => None,
        }
    }

    /// The form of the sign-in or lock screen.
    pub fn screen_form(&self) -> &Form {
        match &self.app.screen {
            Screen::SignIn(f) | Screen::Locked(f) => f,
            _ => panic!("not on a form screen but {}", self.screen()),
        }
    }

    pub fn status(&self) -> String {
        self.app.status.as_ref().map(|s| s.text.clone()).unwrap_or_default()
    }

    pub fn status_is_error(&self) -> bool {
        self.app.status.as_ref().is_some_and(|s| s.error)
    }

    /// Booking codes in the queue as shown (after filters and search).
    pub fn queue_codes(&self) -> Vec<String> {
        match &self.app.screen {
            Screen::Queue(q) => q.visible.iter().map(|&i| q.apps[i].booking_code.clone()).collect(),
            _ => panic!("not on the queue but {}", self.screen()),
        }
    }

    /// The booking code under the queue's cursor.
    pub fn queue_selected(&self) -> Option<String> {
        match &self.app.screen {
            Screen::Queue(q) => q.selected().map(|a| a.booking_code.clone()),
            _ => panic!("not on the queue but {}", self.screen()),
        }
    }

    /// Moves the queue cursor to `code` with ↓ (from the top).
    pub fn select_in_queue(&mut self, code: &str) {
        let codes = self.queue_codes();
        let i = codes.iter().position(|c| c == code).unwrap_or_else(|| panic!("{code} not in the queue {codes:?}"));
        (0..20).for_each(|_| self.key(KeyCode::Up));
        (0..i).for_each(|_| self.key(KeyCode::Down));
        assert_eq!(self.queue_selected().as_deref(), Some(code));
    }

    /// The booking code shown on the detail screen.
    pub fn detail_code(&self) -> String {
        match &self.app.screen {
            Screen::Detail(d) => d.app.booking_code.clone(),
            _ => panic!("not on the detail screen but {}", self.screen()),
        }
    }

    /// Who the counter screen shows.
    pub fn at_counter(&self) -> Option<String> {
        match &self.app.screen {
            Screen::Counter(c) => c.current.as_ref().map(|a| a.booking_code.clone()),
            _ => panic!("not on the counter screen but {}", self.screen()),
        }
    }

    pub fn application(&self, code: &str) -> Application {
        self.app.store.application(code).expect("booking")
    }

    pub fn db_status(&self, code: &str) -> Status {
        self.application(code).status
    }

    /// A booking's audit trail, oldest first.
    pub fn trail(&self, code: &str) -> Vec<AuditEntry> {
        let f = AuditFilter { booking_code: Some(code.to_string()), ..Default::default() };
        self.app.store.audit(&f).expect("audit")
    }

    /// Draws the desk at `w`×`h` and returns the screen as text.
    pub fn render(&self, w: u16, h: u16) -> String {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        terminal.draw(|f| loket::tui::view::view(f, &self.app)).expect("draw");
        screen_text(terminal.backend())
    }
}

/// The backend's buffer as plain lines, trailing spaces trimmed (so the snapshots survive editors).
pub fn screen_text(backend: &TestBackend) -> String {
    backend
        .to_string()
        .lines()
        .map(|l| {
            let l = l.strip_prefix('"').unwrap_or(l);
            let end = l.rfind('"').unwrap_or(l.len());
            l[..end].trim_end().to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Draws the waiting-room board of `store` at `w`×`h` (clock shown as 09:40:00).
pub fn render_board(store: &Store, lang: Lang, w: u16, h: u16) -> String {
    let board = loket::tui::screens::board::BoardState::load(store, now()).expect("board");
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    terminal.draw(|f| loket::tui::screens::board::view(f, &board, lang, "09:40:00")).expect("draw");
    screen_text(terminal.backend())
}

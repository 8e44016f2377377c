//! The full-screen desk (state + update + view, after ratatui's Elm architecture) and the waiting-room board.
//!
//! - `app`: the router (`App::key`, `App::tick`), with `scans` (scanner bursts), `actions` (desk-wide named
//!   `Action`s), `effects` (carrying out `Effect`s) and `screen` (the `Screen` list, the modal); `session`:
//!   sign-in, lock, sign-out;
//! - `room`: what a screen is (`Room`) and what it asks of the app (`Effect`); `screens/`: one module per
//!   screen (state, keys, drawing); `dialogs/`: one typed struct per dialog;
//! - `view`: drawing the shared frame, without side effects;
//! - `keymap`: the one key map behind input, hints and `?` help; `scan`: barcode bursts;
//! - `i18n`: every string, Bahasa Indonesia and English, from `assets/i18n.csv`.

pub mod actions;
pub mod app;
pub mod config;
pub mod dialogs;
pub mod effects;
pub mod errors;
pub mod form;
pub mod i18n;
pub mod keymap;
pub mod receipt;
pub mod room;
pub mod scan;
pub mod scans;
pub mod screen;
pub mod screens;
pub mod session;
pub mod table;
pub mod text;
pub mod theme;
pub mod view;
pub mod words;

use crate::clock::Clock;
use crate::store::Store;
use crate::tui::i18n::Lang;
use crossterm::event::{self, Event, KeyEventKind};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How the desk ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeskEnd {
    /// The officer quit.
    Quit,
    /// A signal ended it (its number): SIGHUP (the SSH connection dropped), SIGTERM or SIGINT.
    Signal(i32),
}

/// The signals that end the desk cleanly: the terminal is restored and the counter session closed.
/// (Ctrl+C at the desk is a key in raw mode, not a signal; SIGINT comes from `kill -INT`.)
pub const ENDING_SIGNALS: [i32; 3] =
    [signal_hook::consts::SIGHUP, signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT];

/// Opens the desk until the officer quits or a signal ends it. `ratatui::init` installs a panic hook that
/// restores the terminal; a signal only sets a flag that the loop checks, so the session is closed and the
/// terminal restored on the main thread.
pub fn run_desk(store: Store, clock: Clock, lang: Lang) -> std::io::Result<DeskEnd> {
    let signal = Arc::new(AtomicUsize::new(0));
    for sig in ENDING_SIGNALS {
        signal_hook::flag::register_usize(sig, Arc::clone(&signal), sig as usize)?;
    }
    let path = store.path().to_path_buf();
    let mut app = app::App::new(store, clock, lang, config::default_path());
    // What the watchdog needs if the loop cannot end by itself: the counter session open now.
    let open_session = Arc::new(Mutex::new(None::<String>));
    let finished = Arc::new(AtomicBool::new(false));
    watchdog(path, clock, Arc::clone(&signal), Arc::clone(&open_session), Arc::clone(&finished));
    let mut terminal = ratatui::init();
    // A write waiting for another workstation holds this thread; say so on the bottom line meanwhile.
    let template = i18n::tr(lang, "msg.waiting_other");
    crate::store::files::on_wait(Some(Box::new(move |waited, limit| draw_wait_notice(template, waited, limit))));
    let result = (|| -> std::io::Result<DeskEnd> {
        loop {
            if app.quit {
                return Ok(DeskEnd::Quit);
            }
            if let sig @ 1.. = signal.load(Ordering::SeqCst) {
                return Ok(DeskEnd::Signal(sig as i32));
            }
            terminal.draw(|f| view::view(f, &app))?;
            // Poll often while a scanner burst may be in progress, otherwise a few times a second.
            let wait = if app.scan.is_holding() { Duration::from_millis(15) } else { Duration::from_millis(250) };
            if event::poll(wait)? {
                match event::read()? {
                    Event::Key(k) if k.kind != KeyEventKind::Release => app.key(k, Instant::now()),
                    _ => {}
                }
            }
            app.tick(Instant::now());
            if let Ok(mut open) = open_session.lock() {
                if *open != app.session {
                    open.clone_from(&app.session);
                }
            }
        }
    })();
    finished.store(true, Ordering::SeqCst);
    // Whatever ended the loop (quit, a signal, a terminal gone away), the counter session ends with it.
    app.end_session();
    crate::store::files::on_wait(None);
    ratatui::restore();
    result
}

/// How long the loop has, after an ending signal, to end the desk itself before the watchdog does.
const SIGNAL_GRACE: Duration = Duration::from_secs(3);

/// Ends the desk when a signal came and the loop cannot see it: crossterm 0.29 reads a hung-up terminal (the
/// SSH connection or terminal window gone) in an endless loop inside `event::poll` (it retries on end-of-file
/// and on EIO), so the flag is never checked and the process would spin and ignore SIGTERM. The watchdog closes
/// the counter session through its own connection and exits with the usual status; there is no terminal left
/// to restore.
fn watchdog(
    db: PathBuf,
    clock: Clock,
    signal: Arc<AtomicUsize>,
    open_session: Arc<Mutex<Option<String>>>,
    finished: Arc<AtomicBool>,
) {
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_millis(200));
        if finished.load(Ordering::SeqCst) {
            return;
        }
        let sig = signal.load(Ordering::SeqCst);
        if sig == 0 {
            continue;
        }
        std::thread::sleep(SIGNAL_GRACE);
        if finished.load(Ordering::SeqCst) {
            return;
        }
        let session = open_session.lock().ok().and_then(|s| s.clone());
        if let (Some(id), Ok(mut store)) = (session, Store::open(&db)) {
            let _ = store.close_counter_session(&id, clock.now());
        }
        ratatui::restore(); // in case the terminal is still there after all
        eprintln!("loket: ended by signal {sig}");
        std::process::exit(128 + sig as i32);
    });
}

/// Draws the waiting notice straight onto the bottom line (the frame cannot be redrawn while the write
/// waits); the next frame paints over it.
fn draw_wait_notice(template: &str, waited: Duration, limit: Duration) {
    use crossterm::{cursor, queue, style, terminal};
    use std::io::Write;
    let (cols, rows) = terminal::size().unwrap_or((80, 24));
    let text = errors::fill(template, &[waited.as_secs().to_string(), limit.as_secs().to_string()]);
    let line = format!("{:<width$}", text::ellipsis(&text, usize::from(cols)), width = usize::from(cols));
    let mut out = std::io::stdout();
    let _ = queue!(
        out,
        cursor::SavePosition,
        cursor::MoveTo(0, rows.saturating_sub(1)),
        style::SetAttribute(style::Attribute::Reverse),
        style::Print(line),
        style::SetAttribute(style::Attribute::Reset),
        cursor::RestorePosition
    );
    let _ = out.flush();
}

/// The waiting-room board: read-only, refreshed when another workstation writes.
pub fn run_board(store: Store, clock: Clock, lang: Lang) -> std::io::Result<()> {
    let mut terminal = ratatui::init();
    let result = (|| -> std::io::Result<()> {
        let mut version = -1;
        let mut board = screens::board::BoardState::default();
        let bell = config::load(config::default_path().as_deref()).board_bell;
        let mut offset = store.settings().map_err(std::io::Error::other)?.utc_offset;
        loop {
            // Reload the calls (and the office's settings) only when another workstation wrote.
            let v = store.data_version().unwrap_or(version);
            if v != version {
                let first = version == -1;
                version = v;
                let next = screens::board::BoardState::load(&store, clock.now()).map_err(std::io::Error::other)?;
                // An audible bell on each new call (not for what was already called when the board opened).
                if bell && !first && next.rings_after(&board) {
                    use std::io::Write;
                    let mut out = std::io::stdout();
                    let _ = out.write_all(b"\x07").and_then(|()| out.flush());
                }
                board = next;
                offset = store.settings().map_err(std::io::Error::other)?.utc_offset;
            }
            let now = clock.now().with_timezone(&offset).format("%H:%M:%S").to_string();
            terminal.draw(|f| screens::board::view(f, &board, lang, &now))?;
            if event::poll(Duration::from_millis(500))? {
                if let Event::Key(k) = event::read()? {
                    if k.kind == KeyEventKind::Press
                        && matches!(k.code, event::KeyCode::Char('q') | event::KeyCode::Esc)
                    {
                        return Ok(());
                    }
                }
            }
        }
    })();
    ratatui::restore();
    result
}

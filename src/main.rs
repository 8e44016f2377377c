//! The `loket` binary: parse the command line, run it, map failures to exit status (1 runtime, 2 input).
//! It never ends in a backtrace: a panic (e.g. a write to a closed pipe in code that still uses `println!`) is
//! reported in one line and ends with status 1.

use clap::Parser;
use std::io::Write;

/// The longest error line printed whole, in characters.
const MAX_ERROR_LINE: usize = 1000;

fn main() {
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".into());
        let what = what.lines().next().unwrap_or_default().to_string();
        let _ = writeln!(std::io::stderr(), "loket: stopped: {what}");
    }));
    let cli = loket::cli::Cli::parse();
    let outcome = match std::panic::catch_unwind(|| loket::commands::run(cli)) {
        Ok(result) => result.and_then(|()| loket::commands::flush_stdout()),
        Err(_) => std::process::exit(1),
    };
    if let Err(f) = outcome {
        let mut err = std::io::stderr().lock();
        for line in f.message.lines() {
            // Messages may quote stored or typed text: control characters are neutralised and a huge value (a 1 MB
            // argument) is shortened, never echoed whole.
            let _ = writeln!(err, "loket: {}", loket::domain::text::excerpt(line, MAX_ERROR_LINE));
        }
        drop(err);
        std::process::exit(f.status);
    }
}

//! The `loket` binary: parse the command line, run it, map failures to exit status (1 runtime, 2 input).

use clap::Parser;

/// The longest error line printed whole, in characters.
const MAX_ERROR_LINE: usize = 1000;

fn main() {
    let cli = loket::cli::Cli::parse();
    if let Err(f) = loket::commands::run(cli) {
        // Messages may quote stored or typed text: control characters are neutralised and a huge value (a 1 MB
        // argument) is shortened, never echoed whole.
        for line in f.message.lines() {
            eprintln!("loket: {}", loket::domain::text::excerpt(line, MAX_ERROR_LINE));
        }
        std::process::exit(f.status);
    }
}

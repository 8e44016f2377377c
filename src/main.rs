//! The `loket` binary: parse the command line, run it, map failures to exit status (1 runtime, 2 input).

use clap::Parser;

fn main() {
    let cli = loket::cli::Cli::parse();
    if let Err(f) = loket::commands::run(cli) {
        for line in f.message.lines() {
            eprintln!("loket: {line}");
        }
        std::process::exit(f.status);
    }
}

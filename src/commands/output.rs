//! Standard output that cannot panic: a closed pipe (`loket report | head -1`) or a full disk becomes a
//! [`Failure`] with one line and exit status 1, instead of `println!`'s panic.

use super::Failure;
use std::io::Write;

/// Writes formatted text to stdout.
pub fn write_stdout(args: std::fmt::Arguments<'_>) -> Result<(), Failure> {
    std::io::stdout().lock().write_fmt(args).map_err(|e| cannot_write(&e))
}

/// Writes bytes (a PDF) to stdout and flushes.
pub fn write_stdout_bytes(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes).and_then(|()| out.flush()).map_err(|e| cannot_write(&e))
}

/// Flushes stdout (at the end of a command: a full disk may only show here).
pub fn flush_stdout() -> Result<(), Failure> {
    std::io::stdout().lock().flush().map_err(|e| cannot_write(&e))
}

fn cannot_write(e: &std::io::Error) -> Failure {
    let why = crate::store::files::io_why(e);
    match e.kind() {
        std::io::ErrorKind::BrokenPipe => Failure::runtime(format!("the output was closed before the end ({why})")),
        _ => Failure::runtime(format!("cannot write the output: {why}")),
    }
}

/// `print!` that returns a [`Failure`] instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => { $crate::commands::output::write_stdout(format_args!($($arg)*))? };
}

/// `println!` that returns a [`Failure`] instead of panicking.
macro_rules! outln {
    () => { $crate::commands::output::write_stdout(format_args!("\n"))? };
    ($($arg:tt)*) => {{
        $crate::commands::output::write_stdout(format_args!($($arg)*))?;
        $crate::commands::output::write_stdout(format_args!("\n"))?;
    }};
}

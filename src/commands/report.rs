//! `loket report`: the supervisors' report of a day or a range, in a format and a language, to a file or
//! standard output.

use super::{day_or_today, Context, Failure, Outcome};
use crate::cli::ReportFormat;
use crate::domain::types::Role;
use std::io::{IsTerminal, Write};
use std::path::Path;

pub(super) fn run(
    ctx: &mut Context,
    date: Option<&str>,
    to: Option<&str>,
    format: ReportFormat,
    output: Option<&Path>,
    summary: bool,
) -> Outcome {
    if format == ReportFormat::Pdf && output.is_none() && std::io::stdout().is_terminal() {
        return Err(Failure::usage("a PDF is not for the terminal: give --output FILE.pdf (or redirect the output)"));
    }
    let store = ctx.open()?;
    let actor = ctx.sign_in(&store)?;
    actor.require(Role::Supervisor, "reports")?;
    let now = ctx.now(&store)?;
    let from = day_or_today(date, &store, now, "--date")?;
    let to = match to {
        Some(_) => day_or_today(to, &store, now, "--to")?,
        None => from,
    };
    if to < from {
        return Err(Failure::usage(format!("--to {to} is before --date {from}")));
    }
    let report = crate::report::build(&store, from, to, &actor.name, now)?;
    let options = crate::report::Options { lang: ctx.lang, summary };
    let mut bytes = crate::report::render(&report, format, &options).map_err(|e| Failure::runtime(e.to_string()))?;
    // The outreach section (text only; `loket outreach report --format json` has it for tools).
    let outreach = store.outreach_report(from, to)?;
    if format == ReportFormat::Text && !(outreach.rows.is_empty() && outreach.conflicts.is_empty()) {
        bytes.extend_from_slice(format!("\n{}", super::outreach::report_text(&outreach)).as_bytes());
    }
    match output {
        Some(path) => {
            // Readable by the owner and the office group only (an export holds personal data).
            use crate::store::files;
            files::create_export(path)
                .and_then(|mut f| f.write_all(&bytes).and_then(|()| f.sync_all()))
                .map_err(|e| Failure::runtime(format!("cannot write {}: {}", path.display(), files::io_why(&e))))?
        }
        None => super::output::write_stdout_bytes(&bytes)?,
    }
    Ok(())
}

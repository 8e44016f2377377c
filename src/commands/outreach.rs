//! `loket outreach …`: events at the office, walk-ins on a laptop, merging laptops back, resolving conflicts.

use super::{Context, Failure, Outcome};
use crate::cli::{KeepArg, OutreachCommand, OutreachFormat};
use crate::domain::nik::Sex;
use crate::domain::outreach::{parse_hours, parse_services, ConflictKind, EventSpec, Keep};
use crate::domain::types::{ApplicationType, PassportKind, Purpose};
use crate::store::{Conflict, MergeReport, NewGroup, NewOutreachWalkIn};
use chrono::NaiveDate;

pub(super) fn run(ctx: &mut Context, cmd: OutreachCommand) -> Outcome {
    match cmd {
        OutreachCommand::Create { name, place, from, to, hours, services, quota_per_day } => {
            let (opening, closing) = parse_hours(&hours).map_err(|e| Failure::usage(format!("--hours: {e}")))?;
            let spec = EventSpec {
                name,
                place,
                first_day: date("--from", &from)?,
                last_day: date("--to", &to)?,
                opening,
                closing,
                services: parse_services(&services).map_err(|e| Failure::usage(format!("--services: {e}")))?,
                quota_per_day,
            };
            let mut store = ctx.open()?;
            let actor = ctx.sign_in(&store)?;
            let now = ctx.now(&store)?;
            let e = store.create_event(&actor, &spec, now)?;
            println!(
                "event {}: {} at {}, {} to {}, {}-{}, services {}, {} a day",
                e.id,
                e.name,
                e.place,
                e.first_day,
                e.last_day,
                e.opening,
                e.closing,
                crate::domain::outreach::services_text(&e.services),
                e.quota_per_day
            );
            Ok(())
        }
        OutreachCommand::List { format } => {
            let store = ctx.open()?;
            let now = ctx.now(&store)?;
            let today = crate::store::local(&store.settings()?, now).date();
            let events = store.events(today)?;
            if format == OutreachFormat::Json {
                println!("{}", json(&events)?);
                return Ok(());
            }
            if events.is_empty() {
                println!("no outreach events yet; create one with `loket outreach create`");
            }
            for s in events {
                let e = &s.event;
                println!(
                    "{:>3}  {:<12} {} to {}  {} at {}  laptops {} (merged {})  applicants {}  open conflicts {}",
                    e.id,
                    s.state,
                    e.first_day,
                    e.last_day,
                    e.name,
                    e.place,
                    s.laptops,
                    s.laptops_merged,
                    s.applications,
                    s.open_conflicts
                );
            }
            Ok(())
        }
        OutreachCommand::Pack { event, out } => {
            let mut store = ctx.open()?;
            let actor = ctx.sign_in(&store)?;
            let now = ctx.now(&store)?;
            let p = store.pack_event(&actor, event, &out, now)?;
            println!(
                "packed laptop {} for event {} into {}: {} bookings, {} accounts; open it with `loket --db {}`",
                p.laptop_no,
                p.event_id,
                out.display(),
                p.applications,
                p.officers,
                out.display()
            );
            Ok(())
        }
        OutreachCommand::WalkIn {
            nik,
            name,
            sex,
            birth_date,
            application_type,
            purpose,
            passport_kind,
            validity_years,
            old_passport_no,
            phone,
            group,
        } => {
            let w = NewOutreachWalkIn {
                nik,
                full_name: name,
                sex: Sex::from_code(&sex).ok_or_else(|| Failure::usage("--sex: L or P"))?,
                birth_date: date("--birth-date", &birth_date)?,
                phone,
                application_type: code("--type", &application_type, ApplicationType::parse, ApplicationType::codes)?,
                purpose: code("--purpose", &purpose, Purpose::parse, Purpose::codes)?,
                passport_kind: code("--passport-kind", &passport_kind, PassportKind::parse, PassportKind::codes)?,
                validity_years,
                old_passport_no,
                group_code: group,
            };
            let mut store = ctx.open()?;
            let actor = ctx.sign_in(&store)?;
            let now = ctx.now(&store)?;
            let app = store.outreach_walk_in(&actor, &w, now)?;
            println!(
                "{} registered and checked in: queue number {}, fee {} paid",
                app.booking_code,
                app.queue_no.as_deref().unwrap_or("-"),
                crate::domain::fees::format_idr(u64::try_from(app.fee_idr).unwrap_or(0))
            );
            Ok(())
        }
        OutreachCommand::Merge { file, dry_run, format } => {
            let mut store = ctx.open()?;
            let actor = ctx.sign_in(&store)?;
            let now = ctx.now(&store)?;
            let report = store.merge_laptop(&actor, &file, dry_run, now)?;
            match format {
                OutreachFormat::Json => println!("{}", json(&report)?),
                OutreachFormat::Text => print!("{}", merge_text(&report)),
            }
            Ok(())
        }
        OutreachCommand::GroupImport {
            file,
            event,
            group,
            name,
            leader,
            contact,
            date: day,
            purpose,
            passport_kind,
        } => {
            let group = NewGroup {
                code: group,
                name,
                leader,
                contact,
                event_id: event,
                day: date("--date", &day)?,
                purpose: code("--purpose", &purpose, Purpose::parse, Purpose::codes)?,
                passport_kind: code("--passport-kind", &passport_kind, PassportKind::parse, PassportKind::codes)?,
            };
            let mut store = ctx.open()?;
            let actor = ctx.sign_in(&store)?;
            let now = ctx.now(&store)?;
            let codes =
                crate::import::group::import(&mut store, &actor, &file, &group, now).map_err(super::import_failure)?;
            println!(
                "group {}: {} members booked for event {} on {} ({} to {})",
                group.code.trim().to_ascii_uppercase(),
                codes.len(),
                group.event_id,
                group.day,
                codes.first().map(String::as_str).unwrap_or("-"),
                codes.last().map(String::as_str).unwrap_or("-")
            );
            Ok(())
        }
        OutreachCommand::Group { code: group, format } => {
            let store = ctx.open()?;
            let p = store.group_progress(&group)?;
            match format {
                OutreachFormat::Json => println!("{}", json(&p)?),
                OutreachFormat::Text => {
                    let parts: Vec<String> = p.by_status.iter().map(|(s, n)| format!("{s} {n}")).collect();
                    println!(
                        "group {} ({}, leader {}, {}): {} members: {}",
                        p.code,
                        p.name,
                        p.leader,
                        p.contact,
                        p.members,
                        parts.join(", ")
                    );
                }
            }
            Ok(())
        }
        OutreachCommand::GroupPickup { code: group, collected_by } => {
            let mut store = ctx.open()?;
            let actor = ctx.sign_in(&store)?;
            let now = ctx.now(&store)?;
            let done = store.hand_over_group(&actor, &group, &collected_by, now)?;
            println!(
                "{} passports of group {} handed over to {}",
                done.len(),
                group.trim().to_ascii_uppercase(),
                collected_by.trim()
            );
            Ok(())
        }
        OutreachCommand::Report { date: from, to, format } => {
            let store = ctx.open()?;
            let now = ctx.now(&store)?;
            let from = super::day_or_today(from.as_deref(), &store, now, "--date")?;
            let to = match to {
                Some(d) => date("--to", &d)?,
                None => from,
            };
            let r = store.outreach_report(from, to)?;
            match format {
                OutreachFormat::Json => println!("{}", json(&r)?),
                OutreachFormat::Text => print!("{}", report_text(&r)),
            }
            Ok(())
        }
        OutreachCommand::Conflicts { event, format } => {
            let store = ctx.open()?;
            let list = store.conflicts(event)?;
            match format {
                OutreachFormat::Json => println!("{}", json(&list)?),
                OutreachFormat::Text if list.is_empty() => println!("no conflicts"),
                OutreachFormat::Text => list.iter().for_each(|c| println!("{}", conflict_line(c))),
            }
            Ok(())
        }
        OutreachCommand::Resolve { id, keep, note } => {
            let mut store = ctx.open()?;
            let actor = ctx.sign_in(&store)?;
            let now = ctx.now(&store)?;
            let keep = match keep {
                KeepArg::Office => Keep::Office,
                KeepArg::Laptop => Keep::Laptop,
            };
            let c = store.resolve_conflict(&actor, &id, keep, note.as_deref(), now)?;
            println!("{}", conflict_line(&c));
            Ok(())
        }
    }
}

fn date(flag: &str, s: &str) -> Result<NaiveDate, Failure> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| Failure::usage(format!("{flag}: expected YYYY-MM-DD, got {s:?}")))
}

fn code<T>(flag: &str, s: &str, parse: fn(&str) -> Option<T>, codes: fn() -> String) -> Result<T, Failure> {
    parse(s).ok_or_else(|| Failure::usage(format!("{flag}: {s:?} is not one of {}", codes())))
}

fn json<T: serde::Serialize>(v: &T) -> Result<String, Failure> {
    serde_json::to_string_pretty(v).map_err(|e| Failure::runtime(format!("cannot write JSON: {e}")))
}

/// The merge report for the terminal: the counts, then one line per conflict.
pub fn merge_text(r: &MergeReport) -> String {
    let c = r.counts;
    let mut out = format!(
        "{}{} (event {}, laptop {}): {} events sent: {} applied, {} duplicate, {} held by conflicts; {} applications brought in\n",
        if r.dry_run { "dry run, nothing written: " } else { "merged " },
        r.file,
        r.event_id,
        r.laptop_no,
        c.sent,
        c.applied,
        c.duplicate,
        c.conflict,
        r.applications_applied
    );
    if !r.conflicts.is_empty() {
        out.push_str("conflicts (resolve with `loket outreach resolve ID --keep office|laptop`):\n");
        for conflict in &r.conflicts {
            out.push_str(&format!("  {}\n", conflict_line(conflict)));
        }
    }
    out
}

/// The outreach report for the terminal.
pub fn report_text(r: &crate::store::OutreachReport) -> String {
    let mut out = String::from("Outreach\n");
    if r.rows.is_empty() {
        out.push_str("  no outreach applicants in this range\n");
    } else {
        out.push_str(&format!(
            "  {:<10}  {:>5}  {:<20}  {:<12} {:>6} {:>8} {:>8} {:>14}\n",
            "date", "event", "name", "service", "served", "approved", "rejected", "PNBP"
        ));
    }
    for row in &r.rows {
        let name: String = row.event.chars().take(20).collect();
        out.push_str(&format!(
            "  {:<10}  {:>5}  {:<20}  {:<12} {:>6} {:>8} {:>8} {:>14}\n",
            row.date,
            row.event_id,
            name,
            row.service,
            row.served,
            row.approved,
            row.rejected,
            crate::domain::fees::format_idr(u64::try_from(row.pnbp_idr).unwrap_or(0))
        ));
    }
    for (event, open, resolved) in &r.conflicts {
        out.push_str(&format!("  event {event}: merge conflicts {open} open, {resolved} resolved\n"));
    }
    out
}

fn version(v: &serde_json::Value) -> String {
    if let Some(p) = v.get("stay_permit") {
        let field = |k: &str| p.get(k).and_then(|x| x.as_str()).unwrap_or("-").to_string();
        return format!("{} {} {}", field("code"), field("status"), field("service_date"));
    }
    let app = v.get("application").unwrap_or(v);
    let field = |k: &str| app.get(k).and_then(|x| x.as_str()).unwrap_or("-").to_string();
    format!("{} {} {}", field("status"), field("slot_date"), field("slot_start"))
}

/// One conflict on one line: id, kind, state, and both versions.
pub fn conflict_line(c: &Conflict) -> String {
    let state = match (c.resolution, &c.resolved_by) {
        (Some(k), Some(by)) => format!("resolved ({k} kept by {by})"),
        (Some(k), None) => format!("resolved ({k})"),
        _ => "open".to_string(),
    };
    let versions = match c.kind {
        ConflictKind::QuotaExceeded => format!(
            "quota {} a day, {} applicants on {}",
            c.office_version.get("quota_per_day").and_then(|v| v.as_i64()).unwrap_or(0),
            c.laptop_version.get("active_applications").and_then(|v| v.as_i64()).unwrap_or(0),
            c.slot_date.as_deref().unwrap_or("-")
        ),
        ConflictKind::OfficeChanged => format!(
            "office changed it meanwhile: office {} / laptop {}",
            version(&c.office_version),
            version(&c.laptop_version)
        ),
        ConflictKind::PassportActive => format!(
            "passport {} already has an active stay permit at the office: office {} / laptop {}",
            c.laptop_version
                .get("stay_permit")
                .and_then(|a| a.get("passport_no"))
                .and_then(|v| v.as_str())
                .unwrap_or("-"),
            version(&c.office_version),
            version(&c.laptop_version)
        ),
        ConflictKind::NikActive => format!(
            "NIK already active at the office: office {} {} / laptop {}",
            c.office_version
                .get("application")
                .and_then(|a| a.get("booking_code"))
                .and_then(|v| v.as_str())
                .unwrap_or("-"),
            version(&c.office_version),
            version(&c.laptop_version)
        ),
    };
    format!("{}  {}  {}  {}", c.id, c.kind, state, versions)
}

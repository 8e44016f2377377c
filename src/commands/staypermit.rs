//! `loket stay-permit …`: foreigners' stay-permit extensions at the counter (or on an outreach laptop).

use super::{Context, Failure, Outcome};
use crate::cli::StayPermitCommand;
use crate::domain::staypermit::{PermitType, StayEvent};
use crate::store::{NewStayPermit, StayPermit};
use chrono::NaiveDate;

pub(super) fn run(ctx: &mut Context, cmd: StayPermitCommand) -> Outcome {
    if let StayPermitCommand::Show { code, json } = &cmd {
        let store = ctx.open()?;
        let p = store.stay_permit(code)?;
        if *json {
            println!("{}", serde_json::to_string_pretty(&p).map_err(|e| Failure::runtime(e.to_string()))?);
        } else {
            println!("{}", line(&p));
        }
        return Ok(());
    }
    let mut store = ctx.open()?;
    let actor = ctx.sign_in(&store)?;
    let now = ctx.now(&store)?;
    let p = match cmd {
        StayPermitCommand::Register { name, passport_no, nationality, permit_type, permit_no, expiry, sponsor } => {
            let permit_type = PermitType::parse(&permit_type).ok_or_else(|| {
                Failure::usage(format!("--permit-type: {permit_type:?} is not one of {}", PermitType::codes()))
            })?;
            let new = NewStayPermit {
                full_name: name,
                passport_no,
                nationality,
                permit_type,
                permit_no,
                current_expiry: date("--expiry", &expiry)?,
                sponsor,
            };
            store.register_stay_permit(&actor, &new, now)?
        }
        StayPermitCommand::Documents { code } => {
            store.stay_permit_step(&actor, &code, StayEvent::CheckDocuments, None, None, now)?
        }
        StayPermitCommand::Biometrics { code } => {
            store.stay_permit_step(&actor, &code, StayEvent::TakeBiometrics, None, None, now)?
        }
        StayPermitCommand::Approve { code, new_expiry } => {
            let d = date("--new-expiry", &new_expiry)?;
            store.stay_permit_step(&actor, &code, StayEvent::Approve, Some(d), None, now)?
        }
        StayPermitCommand::Refuse { code, reason } => {
            store.stay_permit_step(&actor, &code, StayEvent::Refuse, None, Some(&reason), now)?
        }
        StayPermitCommand::HandOver { code } => {
            store.stay_permit_step(&actor, &code, StayEvent::HandOver, None, None, now)?
        }
        StayPermitCommand::Show { .. } => return Ok(()),
    };
    println!("{}", line(&p));
    Ok(())
}

fn date(flag: &str, s: &str) -> Result<NaiveDate, Failure> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| Failure::usage(format!("{flag}: expected YYYY-MM-DD, got {s:?}")))
}

fn line(p: &StayPermit) -> String {
    format!(
        "{} {} ({}, {} {}) {}: {} {} expires {}{}",
        p.code,
        p.full_name,
        p.nationality,
        p.permit_type,
        p.permit_no,
        p.queue_no.as_deref().unwrap_or("-"),
        p.status,
        crate::domain::fees::format_idr(u64::try_from(p.fee_idr).unwrap_or(0)),
        p.current_expiry,
        p.new_expiry.map(|d| format!(", extended to {d}")).unwrap_or_default()
    )
}

//! The audit trail's vocabulary and its hash chain, as pure rules: the typed action with its stable text form,
//! and the canonical serialisation every row is hashed from. See docs/audit.md.

use crate::domain::lifecycle::{CancelReason, Event, HandOverKind};
use sha2::{Digest, Sha256};
use std::fmt;

/// What an audit row records. The text form (`as_str`) is stored and never changes once shipped; the database
/// refuses any other text (trigger `audit_log_action_known`, which lists exactly [`AuditAction::ALL`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditAction {
    // An application's lifecycle (one per domain event).
    CheckIn,
    Call,
    PutBack,
    Recall,
    Transfer,
    Absent,
    Photo,
    Interview,
    Approve,
    Reject,
    Ready,
    HandOver,
    Dispatch,
    Reschedule,
    CancelNoShow,
    Withdraw,
    CancelUncollected,
    // Applications coming in, and money.
    Book,
    WalkIn,
    Payment,
    ImportBookings,
    ImportWatchlist,
    ImportHolidays,
    // The office: days, settings, accounts.
    CloseDay,
    ReopenDay,
    Setting,
    AddOfficer,
    DisableOfficer,
    SetPassword,
    SetRole,
    SignInFailed,
    AccountLocked,
    /// The database replaced by a checked backup (`loket restore`).
    Restore,
    // Refused attempts that matter.
    RefusedCloseDay,
    RefusedCheckIn,
    Reinstate,
    TakeOverCounter,
    // Building a demo database.
    Demo,
    /// A row of a version-1 database whose action text this binary did not know; the original text leads the
    /// detail.
    Legacy,
    // Outreach (migration 0005): events, laptops, merges, groups, and foreigners' stay permits.
    OutreachCreate,
    OutreachPack,
    OutreachWalkIn,
    GroupMember,
    OutreachMerge,
    OutreachResolve,
    StayRegister,
    StayDocuments,
    StayBiometrics,
    StayApprove,
    StayRefuse,
    StayHandOver,
}

impl AuditAction {
    /// Every action, in the order of the enum.
    pub const ALL: &'static [AuditAction] = &[
        AuditAction::CheckIn,
        AuditAction::Call,
        AuditAction::PutBack,
        AuditAction::Recall,
        AuditAction::Transfer,
        AuditAction::Absent,
        AuditAction::Photo,
        AuditAction::Interview,
        AuditAction::Approve,
        AuditAction::Reject,
        AuditAction::Ready,
        AuditAction::HandOver,
        AuditAction::Dispatch,
        AuditAction::Reschedule,
        AuditAction::CancelNoShow,
        AuditAction::Withdraw,
        AuditAction::CancelUncollected,
        AuditAction::Book,
        AuditAction::WalkIn,
        AuditAction::Payment,
        AuditAction::ImportBookings,
        AuditAction::ImportWatchlist,
        AuditAction::ImportHolidays,
        AuditAction::CloseDay,
        AuditAction::ReopenDay,
        AuditAction::Setting,
        AuditAction::AddOfficer,
        AuditAction::DisableOfficer,
        AuditAction::SetPassword,
        AuditAction::SetRole,
        AuditAction::SignInFailed,
        AuditAction::AccountLocked,
        AuditAction::Restore,
        AuditAction::RefusedCloseDay,
        AuditAction::RefusedCheckIn,
        AuditAction::Reinstate,
        AuditAction::TakeOverCounter,
        AuditAction::Demo,
        AuditAction::Legacy,
        AuditAction::OutreachCreate,
        AuditAction::OutreachPack,
        AuditAction::OutreachWalkIn,
        AuditAction::GroupMember,
        AuditAction::OutreachMerge,
        AuditAction::OutreachResolve,
        AuditAction::StayRegister,
        AuditAction::StayDocuments,
        AuditAction::StayBiometrics,
        AuditAction::StayApprove,
        AuditAction::StayRefuse,
        AuditAction::StayHandOver,
    ];

    /// The stored text form.
    pub fn as_str(self) -> &'static str {
        use AuditAction::*;
        match self {
            CheckIn => "check_in",
            Call => "call",
            PutBack => "put_back",
            Recall => "recall",
            Transfer => "transfer",
            Absent => "absent",
            Photo => "photo",
            Interview => "interview",
            Approve => "approve",
            Reject => "reject",
            Ready => "ready",
            HandOver => "hand_over",
            Dispatch => "dispatch",
            Reschedule => "reschedule",
            CancelNoShow => "cancel_no_show",
            Withdraw => "withdraw",
            CancelUncollected => "cancel_uncollected",
            Book => "book",
            WalkIn => "walk_in",
            Payment => "payment",
            ImportBookings => "import_bookings",
            ImportWatchlist => "import_watchlist",
            ImportHolidays => "import_holidays",
            CloseDay => "close_day",
            ReopenDay => "reopen_day",
            Setting => "setting",
            AddOfficer => "add_officer",
            DisableOfficer => "disable_officer",
            SetPassword => "set_password",
            SetRole => "set_role",
            SignInFailed => "sign_in_failed",
            AccountLocked => "account_locked",
            Restore => "restore",
            RefusedCloseDay => "refused_close_day",
            RefusedCheckIn => "refused_check_in",
            Reinstate => "reinstate",
            TakeOverCounter => "take_over_counter",
            Demo => "demo",
            Legacy => "legacy",
            OutreachCreate => "outreach_create",
            OutreachPack => "outreach_pack",
            OutreachWalkIn => "outreach_walk_in",
            GroupMember => "group_member",
            OutreachMerge => "outreach_merge",
            OutreachResolve => "outreach_resolve",
            StayRegister => "stay_register",
            StayDocuments => "stay_documents",
            StayBiometrics => "stay_biometrics",
            StayApprove => "stay_approve",
            StayRefuse => "stay_refuse",
            StayHandOver => "stay_hand_over",
        }
    }

    pub fn parse(s: &str) -> Option<AuditAction> {
        AuditAction::ALL.iter().copied().find(|a| a.as_str() == s)
    }

    /// The SQL list `('check_in', 'call', …)` of every action, as the migration's trigger spells it.
    pub fn sql_list() -> String {
        let names: Vec<String> = AuditAction::ALL.iter().map(|a| format!("'{}'", a.as_str())).collect();
        format!("({})", names.join(", "))
    }
}

impl From<Event> for AuditAction {
    fn from(e: Event) -> AuditAction {
        match e {
            Event::CheckIn => AuditAction::CheckIn,
            Event::Call => AuditAction::Call,
            Event::PutBack => AuditAction::PutBack,
            Event::Recall => AuditAction::Recall,
            Event::Transfer => AuditAction::Transfer,
            Event::MarkAbsent => AuditAction::Absent,
            Event::RecordPhoto => AuditAction::Photo,
            Event::RecordInterview => AuditAction::Interview,
            Event::Approve => AuditAction::Approve,
            Event::Reject(_) => AuditAction::Reject,
            Event::MarkReady => AuditAction::Ready,
            Event::HandOver(HandOverKind::Counter) => AuditAction::HandOver,
            Event::HandOver(HandOverKind::Post) => AuditAction::Dispatch,
            Event::Reschedule | Event::SpecialReschedule => AuditAction::Reschedule,
            Event::Cancel(CancelReason::NoShow) => AuditAction::CancelNoShow,
            Event::Cancel(CancelReason::Withdrawn) => AuditAction::Withdraw,
            Event::Cancel(CancelReason::Uncollected) => AuditAction::CancelUncollected,
        }
    }
}

impl fmt::Display for AuditAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The hash that precedes the first row of a chain.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Tags the serialisation so a future format can never be confused with this one.
const FORMAT: &str = "loket.audit/1";

/// One row's hashed content, exactly as stored (instants as stored text, UTC RFC 3339).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainRow<'a> {
    pub node_id: &'a str,
    pub seq: i64,
    pub id: &'a str,
    pub at: &'a str,
    pub real_at: &'a str,
    pub pinned_at: Option<&'a str>,
    pub officer: &'a str,
    pub action: &'a str,
    pub application_id: Option<&'a str>,
    pub counter_no: Option<i64>,
    pub from_status: Option<&'a str>,
    pub to_status: Option<&'a str>,
    pub detail: Option<&'a str>,
    pub prev_hash: &'a str,
}

impl ChainRow<'_> {
    /// The canonical serialisation: the format tag, then every field in the order of the struct, each as `-`
    /// for NULL or `+` LENGTH `:` BYTES (length in bytes, decimal) — so no value can be mistaken for another
    /// field's, whatever characters it holds.
    pub fn canonical(&self) -> Vec<u8> {
        let seq = self.seq.to_string();
        let counter = self.counter_no.map(|c| c.to_string());
        let fields: [Option<&str>; 15] = [
            Some(FORMAT),
            Some(self.node_id),
            Some(&seq),
            Some(self.id),
            Some(self.at),
            Some(self.real_at),
            self.pinned_at,
            Some(self.officer),
            Some(self.action),
            self.application_id,
            counter.as_deref(),
            self.from_status,
            self.to_status,
            self.detail,
            Some(self.prev_hash),
        ];
        let mut out = Vec::with_capacity(256);
        for f in fields {
            match f {
                None => out.push(b'-'),
                Some(v) => {
                    out.push(b'+');
                    out.extend_from_slice(v.len().to_string().as_bytes());
                    out.push(b':');
                    out.extend_from_slice(v.as_bytes());
                }
            }
        }
        out
    }

    /// SHA-256 of the canonical serialisation, 64 lower-case hex digits.
    pub fn hash(&self) -> String {
        let digest = Sha256::digest(self.canonical());
        let mut hex = String::with_capacity(64);
        for b in digest {
            hex.push_str(&format!("{b:02x}"));
        }
        hex
    }
}

/// The short form of a hash printed on reports (the first 12 hex digits).
pub fn short_hash(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> ChainRow<'static> {
        ChainRow {
            node_id: "office",
            seq: 1,
            id: "0193",
            at: "2026-11-25T01:45:00Z",
            real_at: "2026-11-25T01:45:00Z",
            pinned_at: None,
            officer: "petugas",
            action: "check_in",
            application_id: Some("app"),
            counter_no: None,
            from_status: Some("booked"),
            to_status: Some("checked_in"),
            detail: Some("A-001"),
            prev_hash: GENESIS,
        }
    }

    #[test]
    fn actions_round_trip_and_are_unique() {
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.as_str()), Some(*a));
        }
        let mut names: Vec<_> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), AuditAction::ALL.len());
        assert_eq!(AuditAction::parse("counter 3"), None);
    }

    #[test]
    fn events_keep_their_historic_names() {
        for e in [Event::CheckIn, Event::Call, Event::MarkAbsent, Event::HandOver(HandOverKind::Post)] {
            assert_eq!(AuditAction::from(e).as_str(), e.action());
        }
    }

    #[test]
    fn the_serialisation_is_documented_and_unambiguous() {
        let text = String::from_utf8(row().canonical()).unwrap();
        assert_eq!(
            text,
            "+13:loket.audit/1+6:office+1:1+4:0193+20:2026-11-25T01:45:00Z+20:2026-11-25T01:45:00Z-+7:petugas\
             +8:check_in+3:app-+6:booked+10:checked_in+5:A-001+64:"
                .to_string()
                + GENESIS
        );
        // Moving text between neighbouring fields changes the serialisation.
        let a = ChainRow { detail: Some("x"), to_status: Some("checked_in"), ..row() };
        let b = ChainRow { detail: Some(""), to_status: Some("checked_inx"), ..row() };
        assert_ne!(a.hash(), b.hash());
        // NULL and empty differ.
        assert_ne!(ChainRow { detail: None, ..row() }.hash(), ChainRow { detail: Some(""), ..row() }.hash());
    }

    #[test]
    fn every_field_is_covered_by_the_hash() {
        let h = row().hash();
        assert_eq!(h.len(), 64);
        assert_eq!(h, row().hash());
        assert_ne!(h, ChainRow { seq: 2, ..row() }.hash());
        assert_ne!(h, ChainRow { officer: "kepala", ..row() }.hash());
        assert_ne!(h, ChainRow { pinned_at: Some("2026-11-25T01:45:00Z"), ..row() }.hash());
        assert_ne!(h, ChainRow { counter_no: Some(3), ..row() }.hash());
        assert_ne!(h, ChainRow { prev_hash: &h, ..row() }.hash());
        assert_eq!(short_hash(&h).len(), 12);
    }
}

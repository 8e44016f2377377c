//! One key map: it drives input, the footer hints and the `?` help overlay, so help never drifts from the
//! real bindings. Keys become named actions here and nowhere else.

use super::i18n::tr;
use crate::tui::i18n::Lang;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Everything an officer can ask for with a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Quit,
    Back,
    Home,
    Help,
    ToggleLang,
    Lock,
    Up,
    Down,
    PageUp,
    PageDown,
    Open,
    Search,
    FilterStatus,
    FilterSlot,
    PrevDay,
    NextDay,
    Today,
    CheckIn,
    CheckInGroup,
    ToggleDocument,
    AllDocuments,
    RecordPayment,
    LateOverride,
    Reschedule,
    SpecialReschedule,
    CounterScreen,
    CallNext,
    Recall,
    Absent,
    PutBack,
    Transfer,
    Photo,
    Interview,
    Approve,
    Reject,
    ReadyScreen,
    MarkReady,
    HandOver,
    Dispatch,
    WalkIn,
    Confirm,
    FloorScreen,
    ReportScreen,
    AuditScreen,
    CloseDay,
    // Outreach (screens/conflicts.rs, screens/group.rs, screens/staypermit.rs).
    ConflictScreen,
    KeepOffice,
    KeepLaptop,
    GroupScreen,
    GroupPickup,
    StayDocuments,
    StayBiometrics,
    StayApprove,
    StayRefuse,
    StayHandOver,
    OutreachWalkIn,
    StayWalkIn,
}

impl Action {
    /// The translation key of the action's description.
    pub fn label(self) -> &'static str {
        use Action as A;
        match self {
            A::Quit => "act.quit",
            A::Back => "act.back",
            A::Home => "act.home",
            A::Help => "act.help",
            A::ToggleLang => "act.lang",
            A::Lock => "act.lock",
            A::Up => "act.up",
            A::Down => "act.down",
            A::PageUp => "act.page_up",
            A::PageDown => "act.page_down",
            A::Open => "act.open",
            A::Search => "act.search",
            A::FilterStatus => "act.filter_status",
            A::FilterSlot => "act.filter_slot",
            A::PrevDay => "act.prev_day",
            A::NextDay => "act.next_day",
            A::Today => "act.today",
            A::CheckIn => "act.check_in",
            A::CheckInGroup => "act.check_in_group",
            A::ToggleDocument => "act.toggle_doc",
            A::AllDocuments => "act.all_docs",
            A::RecordPayment => "act.payment",
            A::LateOverride => "act.override",
            A::Reschedule => "act.reschedule",
            A::SpecialReschedule => "act.special_reschedule",
            A::CounterScreen => "act.counter",
            A::CallNext => "act.call_next",
            A::Recall => "act.recall",
            A::Absent => "act.absent",
            A::PutBack => "act.put_back",
            A::Transfer => "act.transfer",
            A::Photo => "act.photo",
            A::Interview => "act.interview",
            A::Approve => "act.approve",
            A::Reject => "act.reject",
            A::ReadyScreen => "act.ready_list",
            A::MarkReady => "act.mark_ready",
            A::HandOver => "act.hand_over",
            A::Dispatch => "act.dispatch",
            A::WalkIn => "act.walk_in",
            A::Confirm => "act.confirm",
            A::FloorScreen => "act.floor",
            A::ReportScreen => "act.report",
            A::AuditScreen => "act.audit",
            A::CloseDay => "act.close_day",
            A::ConflictScreen => "act.conflicts",
            A::KeepOffice => "act.keep_office",
            A::KeepLaptop => "act.keep_laptop",
            A::GroupScreen => "act.group",
            A::GroupPickup => "act.group_pickup",
            A::StayDocuments => "act.stay_documents",
            A::StayBiometrics => "act.stay_biometrics",
            A::StayApprove => "act.stay_approve",
            A::StayRefuse => "act.stay_refuse",
            A::StayHandOver => "act.stay_hand_over",
            A::OutreachWalkIn => "act.outreach_walk_in",
            A::StayWalkIn => "act.stay_walk_in",
        }
    }
}

/// Which set of keys is live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Queue,
    Detail,
    CheckIn,
    Counter,
    Ready,
    Floor,
    Report,
    Audit,
    Conflicts,
    Group,
    StayPermit,
    /// The day's queue on an outreach laptop: the queue's keys and the event's walk-in registrations.
    EventQueue,
}

/// One binding: a key (with modifiers) and the action it triggers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding {
    pub code: KeyCode,
    pub mods: KeyModifiers,
    pub action: Action,
}

const fn key(c: char, action: Action) -> Binding {
    Binding { code: KeyCode::Char(c), mods: KeyModifiers::NONE, action }
}

const fn special(code: KeyCode, action: Action) -> Binding {
    Binding { code, mods: KeyModifiers::NONE, action }
}

/// Keys that work on every screen.
const GLOBAL: &[Binding] = &[
    key('?', Action::Help),
    special(KeyCode::Esc, Action::Back),
    key('q', Action::Quit),
    special(KeyCode::F(2), Action::ToggleLang),
    special(KeyCode::F(3), Action::Home),
    special(KeyCode::F(4), Action::CounterScreen),
    special(KeyCode::F(5), Action::ReadyScreen),
    special(KeyCode::F(6), Action::WalkIn),
    special(KeyCode::F(7), Action::FloorScreen),
    special(KeyCode::F(8), Action::ReportScreen),
    special(KeyCode::F(9), Action::AuditScreen),
    special(KeyCode::F(10), Action::CloseDay),
    Binding { code: KeyCode::Char('l'), mods: KeyModifiers::CONTROL, action: Action::Lock },
];

const MOVE: &[Binding] = &[
    special(KeyCode::Up, Action::Up),
    special(KeyCode::Down, Action::Down),
    key('k', Action::Up),
    key('j', Action::Down),
    special(KeyCode::PageUp, Action::PageUp),
    special(KeyCode::PageDown, Action::PageDown),
];

const QUEUE: &[Binding] = &[
    special(KeyCode::Enter, Action::Open),
    key('/', Action::Search),
    key('f', Action::FilterStatus),
    key('s', Action::FilterSlot),
    key('[', Action::PrevDay),
    key(']', Action::NextDay),
    key('t', Action::Today),
    key('c', Action::CheckIn),
    key('n', Action::CallNext),
    key('w', Action::CounterScreen),
    key('r', Action::ReadyScreen),
    key('p', Action::WalkIn),
];

const DETAIL: &[Binding] = &[
    key('c', Action::CheckIn),
    key('$', Action::RecordPayment),
    key('d', Action::Reschedule),
    key('D', Action::SpecialReschedule),
    key('g', Action::GroupScreen),
];

const CHECK_IN: &[Binding] = &[
    key(' ', Action::ToggleDocument),
    key('a', Action::AllDocuments),
    special(KeyCode::Enter, Action::Confirm),
    key('g', Action::CheckInGroup),
    key('$', Action::RecordPayment),
    key('o', Action::LateOverride),
    key('d', Action::Reschedule),
    key('D', Action::SpecialReschedule),
];

const COUNTER: &[Binding] = &[
    key('n', Action::CallNext),
    key('g', Action::Open),
    key('r', Action::Recall),
    key('a', Action::Absent),
    key('b', Action::PutBack),
    key('t', Action::Transfer),
    key('f', Action::Photo),
    key('i', Action::Interview),
    key('y', Action::Approve),
    key('x', Action::Reject),
];

/// The supervisor's floor: its own key opens the merge conflicts.
const FLOOR: &[Binding] = &[key('m', Action::ConflictScreen)];

/// Merge conflicts: keep the office's version or take the laptop's, each with a reason.
const CONFLICTS: &[Binding] = &[key('o', Action::KeepOffice), key('l', Action::KeepLaptop)];

/// A group's progress: open a member, collective pickup.
const GROUP: &[Binding] = &[special(KeyCode::Enter, Action::Open), key('h', Action::GroupPickup)];

/// On an outreach laptop: registering applicants on the spot.
const EVENT: &[Binding] = &[key('o', Action::OutreachWalkIn), key('i', Action::StayWalkIn)];

/// A stay-permit application's own lifecycle.
const STAY_PERMIT: &[Binding] = &[
    key('v', Action::StayDocuments),
    key('f', Action::StayBiometrics),
    key('y', Action::StayApprove),
    key('x', Action::StayRefuse),
    key('h', Action::StayHandOver),
];

const DAYS: &[Binding] = &[key('[', Action::PrevDay), key(']', Action::NextDay)];

const READY: &[Binding] = &[key('m', Action::MarkReady), key('h', Action::HandOver), key('k', Action::Dispatch)];

/// The bindings live in `ctx`, screen keys first.
pub fn bindings(ctx: Context) -> Vec<Binding> {
    let screen: &[&[Binding]] = match ctx {
        Context::Queue => &[QUEUE, MOVE],
        Context::Detail => &[DETAIL],
        Context::CheckIn => &[CHECK_IN, MOVE],
        Context::Counter => &[COUNTER],
        Context::Ready => &[READY, &MOVE[..2], &MOVE[4..]],
        Context::Floor => &[FLOOR],
        Context::Report => &[DAYS],
        Context::Audit => &[DAYS, MOVE],
        Context::Conflicts => &[CONFLICTS, MOVE],
        Context::Group => &[GROUP, MOVE],
        Context::StayPermit => &[STAY_PERMIT],
        Context::EventQueue => &[QUEUE, EVENT, MOVE],
    };
    screen.iter().flat_map(|b| b.iter().copied()).chain(GLOBAL.iter().copied()).collect()
}

/// The action bound to `key` in `ctx`, if any.
pub fn action_for(ctx: Context, key: &KeyEvent) -> Option<Action> {
    let mods = key.modifiers - KeyModifiers::SHIFT; // 'D' arrives as Shift+D
    bindings(ctx).into_iter().find(|b| b.code == key.code && b.mods == mods).map(|b| b.action)
}

/// Actions only a supervisor may use: an officer's footer and help do not offer them.
pub const SUPERVISOR_ONLY: [Action; 7] = [
    Action::FloorScreen,
    Action::ReportScreen,
    Action::AuditScreen,
    Action::CloseDay,
    Action::ConflictScreen,
    Action::KeepOffice,
    Action::KeepLaptop,
];

/// How a key is written in help and hints (key caps as printed; the space bar in the desk's language).
pub fn key_name(b: &Binding, lang: Lang) -> String {
    let base = match b.code {
        KeyCode::Char(' ') => tr(lang, "key.space").to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::PageUp => tr(lang, "key.page_up").into(),
        KeyCode::PageDown => tr(lang, "key.page_down").into(),
        KeyCode::F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    };
    if b.mods.contains(KeyModifiers::CONTROL) {
        format!("{}+{base}", tr(lang, "key.ctrl"))
    } else {
        base
    }
}

/// (key, description) lines for the help overlay: every binding of `ctx`.
pub fn help_lines(ctx: Context, lang: Lang) -> Vec<(String, &'static str)> {
    help_lines_for(ctx, lang, true)
}

/// The help overlay's lines for an officer (`supervisor` false: no supervisor-only keys) or a supervisor.
pub fn help_lines_for(ctx: Context, lang: Lang, supervisor: bool) -> Vec<(String, &'static str)> {
    entries(ctx, lang, supervisor).into_iter().map(|(action, keys)| (keys, tr(lang, action.label()))).collect()
}

/// Each action of `ctx` once, in binding order, with all its keys joined ("w/F4").
fn entries(ctx: Context, lang: Lang, supervisor: bool) -> Vec<(Action, String)> {
    let mut out: Vec<(Action, String)> = Vec::new();
    for b in bindings(ctx).into_iter().filter(|b| supervisor || !SUPERVISOR_ONLY.contains(&b.action)) {
        match out.iter_mut().find(|(a, _)| *a == b.action) {
            Some((_, keys)) => keys.push_str(&format!("/{}", key_name(&b, lang))),
            None => out.push((b.action, key_name(&b, lang))),
        }
    }
    out
}

/// The footer at full length: help first, then the screen's own keys (not movement or the global keys).
pub fn hints(ctx: Context, lang: Lang) -> String {
    hint_list(ctx, lang, true).join(" · ")
}

fn hint_list(ctx: Context, lang: Lang, supervisor: bool) -> Vec<String> {
    use Action as A;
    let skip = [A::Up, A::Down, A::PageUp, A::PageDown, A::ToggleLang, A::Lock, A::Quit, A::Help, A::Back];
    let help = format!("? {}", tr(lang, A::Help.label()));
    let rest = entries(ctx, lang, supervisor)
        .into_iter()
        .filter(|(a, _)| !skip.contains(a))
        .map(|(a, keys)| format!("{keys} {}", tr(lang, a.label())));
    std::iter::once(help).chain(rest).collect()
}

/// The footer for `width` columns: whole hints only, as many as fit (`?` lists them all), and no keys the
/// signed-in officer may not use.
pub fn hints_for(ctx: Context, lang: Lang, supervisor: bool, width: usize) -> String {
    let mut out = String::new();
    for h in hint_list(ctx, lang, supervisor) {
        let add = if out.is_empty() { h.chars().count() } else { h.chars().count() + 3 };
        if out.chars().count() + add > width {
            break;
        }
        if !out.is_empty() {
            out.push_str(" · ");
        }
        out.push_str(&h);
    }
    out
}

/// Every context, in the order the key map is documented.
pub const CONTEXTS: [Context; 12] = [
    Context::Queue,
    Context::Detail,
    Context::CheckIn,
    Context::Counter,
    Context::Ready,
    Context::Floor,
    Context::Report,
    Context::Audit,
    Context::Conflicts,
    Context::Group,
    Context::StayPermit,
    Context::EventQueue,
];

/// The key map as Markdown tables (both languages), generated from the bindings the desk uses: the README's
/// key map is this text, and a test checks that they agree.
pub fn markdown() -> String {
    let table = |rows: Vec<(String, Action)>| -> String {
        let mut t = String::from("| key | Bahasa Indonesia | English |\n|---|---|---|\n");
        for (keys, action) in rows {
            let (id, en) = (tr(Lang::Id, action.label()), tr(Lang::En, action.label()));
            t.push_str(&format!("| `{keys}` | {id} | {en} |\n"));
        }
        t
    };
    // Each action once per table, with all its keys in that table ("↑/k").
    let rows = |bs: Vec<Binding>| -> Vec<(String, Action)> {
        let mut out: Vec<(String, Action)> = Vec::new();
        for b in bs {
            match out.iter_mut().find(|(_, a)| *a == b.action) {
                Some((keys, _)) => keys.push_str(&format!("/{}", key_name(&b, Lang::En))),
                None => out.push((key_name(&b, Lang::En), b.action)),
            }
        }
        out
    };
    let mut out = String::from("### Every screen (after sign-in)\n\n");
    out.push_str(&table(rows(GLOBAL.to_vec())));
    out.push_str("\nF7–F10 are for supervisors: an officer's footer and help do not offer them.\n");
    for ctx in CONTEXTS {
        let own = rows(bindings(ctx).into_iter().filter(|b| !GLOBAL.contains(b)).collect());
        if own.is_empty() {
            continue;
        }
        out.push_str(&format!("\n### `Context::{ctx:?}`\n\n"));
        out.push_str(&table(own));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice_in_a_context() {
        for ctx in CONTEXTS {
            let b = bindings(ctx);
            for (i, x) in b.iter().enumerate() {
                for y in &b[i + 1..] {
                    assert!(!(x.code == y.code && x.mods == y.mods), "{ctx:?}: {:?} bound twice", x.code);
                }
            }
        }
    }

    #[test]
    fn the_footer_keeps_whole_hints_and_hides_supervisor_keys_from_officers() {
        for width in [20, 40, 80, 120] {
            let full = hint_list(Context::Queue, Lang::Id, true);
            let shown = hints_for(Context::Queue, Lang::Id, true, width);
            assert!(shown.chars().count() <= width, "{width}: {shown}");
            for part in shown.split(" · ") {
                assert!(full.iter().any(|h| h == part), "{width}: {part:?} is not a whole hint");
            }
        }
        let officer = hints_for(Context::Queue, Lang::Id, false, 1000);
        assert!(!officer.contains("F7") && !officer.contains("F10"), "{officer}");
        let help = help_lines_for(Context::Queue, Lang::Id, false);
        assert!(help.iter().all(|(k, _)| !["F7", "F8", "F9", "F10"].contains(&k.as_str())), "{help:?}");
        assert!(help_lines_for(Context::Queue, Lang::Id, true).iter().any(|(k, _)| k == "F10"));
    }

    #[test]
    fn shift_letters_match() {
        let k = KeyEvent::new(KeyCode::Char('D'), KeyModifiers::SHIFT);
        assert_eq!(action_for(Context::Detail, &k), Some(Action::SpecialReschedule));
    }
}

//! The desk's outreach screens, driven by keys on a `TestBackend` (tests/tui_common): the supervisors' merge
//! conflicts (both versions side by side, resolved through the same store function as `loket outreach
//! resolve`), a group's progress with the collective pickup, and stay-permit applications in the day queue
//! with their own screen and lifecycle.

mod tui_common;

use chrono::NaiveDate;
use crossterm::event::KeyCode;
use loket::cli::Lang;
use loket::domain::lifecycle::Status;
use loket::domain::nik::{self, Sex};
use loket::domain::outreach::{EventService, EventSpec, Keep};
use loket::domain::settings::parse_hhmm;
use loket::domain::staypermit::{PermitType, StayStatus};
use loket::domain::types::{PassportKind, Purpose};
use loket::store::{GroupMember, NewGroup, NewStayPermit, Store};
use loket::tui::keymap::{self, Action, Context};
use tui_common::*;

/// The outreach group of the fixture: three members at the event on Thursday 2026-11-19.
const GROUP_CODE: &str = "UMR1";
const EVENT_DAY: &str = "2026-11-19";

fn local(s: &str) -> chrono::DateTime<chrono::Utc> {
    at(&format!("{s}:00+07:00"))
}

/// What the outreach fixture made: the member codes (in list order) and the laptop file.
struct Outreach {
    members: Vec<String>,
    laptop: std::path::PathBuf,
}

/// The fixture office plus an outreach event on 2026-11-19 with a group of three, packed for one laptop.
/// Meanwhile the office reschedules member 0; on the laptop member 0 is checked in and members 1 and 2 are
/// served and approved. Merged back on 2026-11-20: member 0 is a conflict (the office changed it meanwhile).
/// With `ready`, the office then marks members 1 and 2 ready (on 2026-11-25, 08:30).
fn with_outreach(fx: &Fixture, ready: bool) -> Outreach {
    with_outreach_and(fx, ready, 1, |_, _, _| {})
}

/// [`with_outreach`] with more done in the field and at the office before the merge (`more(office, laptop,
/// supervisor)`), expecting `conflicts` conflicts from it.
fn with_outreach_and(
    fx: &Fixture,
    ready: bool,
    conflicts: usize,
    more: impl FnOnce(&mut Store, &mut Store, &loket::store::Actor),
) -> Outreach {
    let mut store = fx.store();
    let sup = store.authenticate(SUPERVISOR, PASSWORD).expect("supervisor");
    let spec = outreach::event_spec(date(EVENT_DAY));
    let before = local("2026-11-16T10:00");
    store.create_event(&sup, &spec, before).expect("event");
    let group = outreach::umrah_group(GROUP_CODE, date(EVENT_DAY));
    let list: Vec<GroupMember> = (0..3).map(|i| outreach::group_member(u64::from(i) + 2, i)).collect();
    let members = store.import_group(&sup, &group, &list, before).expect("import").expect("valid list");
    let laptop = fx.dir.path().join("laptop.db");
    store.pack_event(&sup, 1, &laptop, before).expect("pack");
    store
        .reschedule(&sup, &members[0], date("2026-11-27"), "10:00", None, local("2026-11-17T10:00"))
        .expect("reschedule");

    let mut field = Store::open(&laptop).expect("open laptop");
    let t = local("2026-11-19T09:10");
    field.check_in(&sup, &members[0], None, t).expect("check in on the laptop");
    for (n, code) in members[1..].iter().enumerate() {
        let t = t + chrono::Duration::minutes(5 * n as i64);
        field.check_in(&sup, code, None, t).expect("check in");
        field.call(&sup, code, 1, t).expect("call");
        field.record_photo(&sup, code, t).expect("photo");
        field.record_interview(&sup, code, t).expect("interview");
        field.approve(&sup, code, t).expect("approve");
    }
    more(&mut store, &mut field, &sup);
    drop(field);
    let report = store.merge_laptop(&sup, &laptop, false, local("2026-11-20T08:00")).expect("merge");
    assert_eq!(report.conflicts.len(), conflicts, "{report:?}");
    if ready {
        for (code, no) in members[1..].iter().zip(["C1234567", "C7654321"]) {
            store.mark_ready(&sup, code, no, local("2026-11-25T08:30")).expect("mark ready");
        }
    }
    Outreach { members, laptop }
}

fn supervisor(fx: Fixture) -> Desk {
    let mut d = fx.desk(Lang::Id);
    d.sign_in(SUPERVISOR, PASSWORD, 2);
    assert_eq!(d.screen(), "Queue", "{}", d.status());
    d
}

fn count(d: &Desk, sql: &str) -> i64 {
    rusqlite::Connection::open(d.app.store.path())
        .expect("read connection")
        .query_row(sql, [], |r| r.get(0))
        .expect("count")
}

/// The outreach data on screen (groups, stay permits, conflicts, countries) as words that are not interface.
fn outreach_data_words(d: &Desk) -> std::collections::HashSet<String> {
    let mut data = std::collections::HashSet::new();
    for sql in [
        "SELECT group_concat(full_name, ' ') FROM applicants",
        "SELECT group_concat(booking_code || ' ' || coalesce(group_code, ''), ' ') FROM applications",
        "SELECT group_concat(name || ' ' || leader, ' ') FROM outreach_groups",
        "SELECT group_concat(name, ' ') FROM officers",
        "SELECT coalesce(group_concat(full_name || ' ' || code || ' ' || sponsor || ' ' || passport_no || ' ' ||
                coalesce(refusal_reason, ''), ' '), '') FROM stay_permits",
        "SELECT coalesce(group_concat(id || ' ' || coalesce(note, ''), ' '), '') FROM outreach_conflicts",
        "SELECT value FROM settings WHERE key = 'office_name'",
    ] {
        let text: String = rusqlite::Connection::open(d.app.store.path())
            .expect("read connection")
            .query_row(sql, [], |r| r.get(0))
            .unwrap_or_default();
        data.extend(words::ui_words(&text));
    }
    data.extend(words::ui_words(include_str!("../assets/countries.csv")));
    data
}

/// The screen at 140×36 in Indonesian and in English has no word that is neither in `assets/i18n.csv` (in that
/// language) nor outreach data; the desk is left in Indonesian with its status line as it was.
fn assert_words_in_both_languages(d: &mut Desk) {
    let status = d.app.status.take();
    let data = outreach_data_words(d);
    for lang in [Lang::Id, Lang::En] {
        d.app.lang = lang;
        let stray = words::stray_words(&d.render(140, 36), lang, &data);
        assert!(stray.is_empty(), "{lang:?}: words not in assets/i18n.csv: {stray:?}");
    }
    d.app.lang = Lang::Id;
    d.app.status = status;
}

// ---- 1. merge conflicts ------------------------------------------------------------------------------------

#[test]
fn a_supervisor_resolves_a_merge_conflict_on_its_screen_with_both_versions_side_by_side() {
    let fx = office();
    let o = with_outreach(&fx, false);
    let mut d = supervisor(fx);
    d.key(KeyCode::F(7));
    assert_eq!(d.screen(), "Floor");
    d.ch('m');
    assert_eq!(d.screen(), "Conflicts", "{}", d.status());
    let screen = d.render(80, 24);
    // Both versions in words: the office rescheduled the booking to Friday, the laptop checked it in.
    assert!(screen.contains("Kantor mengubahnya sementara"), "{screen}");
    assert!(screen.contains("Versi kantor") && screen.contains("Versi laptop"), "{screen}");
    assert!(screen.contains("2026-11-27 10:00") && screen.contains("2026-11-19 14:00"), "{screen}");
    assert!(screen.contains("terjadwal") && screen.contains("menunggu"), "{screen}");
    assert!(screen.contains("A-L1-001"), "{screen}");
    insta::assert_snapshot!("outreach_conflicts_80x24", screen);
    let wide = d.render(140, 36);
    insta::assert_snapshot!("outreach_conflicts_140x36", wide);
    assert_words_in_both_languages(&mut d);
    let help = keymap::help_lines_for(Context::Conflicts, Lang::Id, true);
    assert!(help.iter().any(|(k, t)| k == "o" && *t == "Pertahankan versi kantor"), "{help:?}");
    assert!(help.iter().any(|(k, t)| k == "l" && *t == "Ambil versi laptop"), "{help:?}");

    // Keep the office's version: a reason is required; then the conflict is resolved and audited.
    d.ch('o');
    assert_eq!(d.modal(), "Form");
    let note = d.form().expect("form").note.clone();
    assert!(note.contains(&format!("{}/L1", o.members[0])) && note.contains("Baris kantor tetap"), "{note}");
    d.submit();
    assert_eq!(d.form().and_then(|f| f.error.clone()).as_deref(), Some("Alasan wajib diisi"));
    d.fill(&["pemohon minta jadwal baru"]);
    d.submit();
    assert_eq!(d.modal(), "none", "{:?}", d.form().and_then(|f| f.error.clone()));
    assert!(d.status().contains("diselesaikan") && d.status().contains("Versi kantor"), "{}", d.status());
    let c = d.app.store.conflicts(None).expect("conflicts").remove(0);
    assert_eq!(c.resolution, Some(Keep::Office));
    assert_eq!(c.resolved_by.as_deref(), Some(SUPERVISOR));
    assert_eq!(c.note.as_deref(), Some("pemohon minta jadwal baru"));
    // The office's row is as it was: still booked on Friday.
    let app = d.application(&o.members[0]);
    assert_eq!((app.status, app.slot_date), (Status::Booked, date("2026-11-27")));
    // The same audit row as `loket outreach resolve`.
    let audited = count(
        &d,
        "SELECT COUNT(*) FROM audit_log WHERE action = 'outreach_resolve' AND officer = 'kepala'
           AND detail LIKE '%kept the office version: pemohon minta jadwal baru'",
    );
    assert_eq!(audited, 1);
    let screen = d.render(80, 24);
    assert!(screen.contains("Diselesaikan: Versi kantor dipertahankan oleh kepala"), "{screen}");
    // Resolved once only: a second try is refused at once, before any dialog.
    d.ch('l');
    assert_eq!(d.modal(), "none");
    assert!(d.status_is_error() && d.status().contains("sudah diselesaikan"), "{}", d.status());
    assert!(o.laptop.exists());
}

#[test]
fn taking_the_laptops_version_writes_it_through_the_same_store_function() {
    let fx = office();
    let o = with_outreach(&fx, false);
    let mut d = supervisor(fx);
    d.key(KeyCode::F(7));
    d.ch('m');
    d.app.lang = Lang::En;
    d.ch('l');
    let note = d.form().expect("form").note.clone();
    assert!(note.contains("Resolve by keeping the Laptop's version") && note.contains("written now"), "{note}");
    d.fill(&["served at the event"]);
    d.submit();
    assert!(d.status().contains("resolved: Laptop's version kept"), "{}", d.status());
    let app = d.application(&o.members[0]);
    assert_eq!((app.status, app.queue_no.as_deref()), (Status::CheckedIn, Some("A-L1-001")));
    assert_eq!(d.app.store.conflicts(None).expect("conflicts")[0].resolution, Some(Keep::Laptop));
}

#[test]
fn officers_do_not_see_the_conflict_screen() {
    let fx = office();
    with_outreach(&fx, false);
    let mut d = fx.desk(Lang::Id);
    d.sign_in(OFFICER, PASSWORD, 1);
    d.key(KeyCode::F(7));
    assert_eq!(d.screen(), "Queue");
    d.app.perform(Action::ConflictScreen);
    assert_eq!(d.screen(), "Queue");
    assert!(d.status_is_error() && d.status().contains("supervisor"), "{}", d.status());
    for ctx in keymap::CONTEXTS {
        let help = keymap::help_lines_for(ctx, Lang::Id, false);
        assert!(help.iter().all(|(_, t)| *t != "Konflik penggabungan"), "{ctx:?}: {help:?}");
    }
    let help = keymap::help_lines_for(Context::Floor, Lang::Id, true);
    assert!(help.iter().any(|(k, t)| k == "m" && *t == "Konflik penggabungan"), "{help:?}");
}

// ---- 2. group progress -------------------------------------------------------------------------------------

#[test]
fn a_groups_progress_on_one_screen_and_its_collective_pickup_recorded_once_for_all() {
    let fx = office();
    let o = with_outreach(&fx, true);
    let mut d = Desk::open(fx, Lang::Id);
    d.sign_in(OFFICER, PASSWORD, 1);
    // From a member's detail: g.
    d.scan(&o.members[1]);
    assert_eq!(d.screen(), "Detail");
    d.ch('g');
    assert_eq!(d.screen(), "Group", "{}", d.status());
    let screen = d.render(100, 24);
    assert!(screen.contains("Umrah Al-Ikhlas") && screen.contains("H. Ahmad") && screen.contains("081234567890"));
    assert!(screen.contains("3 anggota") && screen.contains("siap 2") && screen.contains("terjadwal 1"), "{screen}");
    for (code, what) in [(&o.members[0], "2026-11-27"), (&o.members[1], "C1234567"), (&o.members[2], "C7654321")] {
        assert!(screen.lines().any(|l| l.contains(code.as_str()) && l.contains(what)), "{code} {what}\n{screen}");
    }
    assert!(screen.contains("A-L1-002") && screen.contains("2026-11-24"), "queue numbers and ready dates\n{screen}");
    insta::assert_snapshot!("outreach_group_100x24", screen);
    insta::assert_snapshot!("outreach_group_80x24", d.render(80, 24));
    assert_words_in_both_languages(&mut d);

    // Collective pickup: one dialog for both ready passports, the leader already filled in.
    d.ch('h');
    assert_eq!(d.modal(), "Form");
    let form = d.form().expect("form");
    assert_eq!(form.value(0), "H. Ahmad");
    assert!(form.note.contains("2 paspor siap dari rombongan UMR1"), "{}", form.note);
    d.submit();
    assert_eq!(d.modal(), "none", "{:?}", d.form().and_then(|f| f.error.clone()));
    assert!(d.status().contains("2 paspor rombongan UMR1 diserahkan kepada H. Ahmad"), "{}", d.status());
    for code in &o.members[1..] {
        assert_eq!(d.db_status(code), Status::HandedOver);
        let hand_overs: Vec<_> = d.trail(code).into_iter().filter(|e| e.action == "hand_over").collect();
        assert_eq!(hand_overs.len(), 1, "each member its own audit row: {code}");
        assert!(
            hand_overs[0].detail.as_deref().is_some_and(|t| t.contains("collected by H. Ahmad for group UMR1")),
            "{:?}",
            hand_overs[0]
        );
    }
    assert_eq!(d.db_status(&o.members[0]), Status::Booked);
    assert!(d.render(100, 24).contains("diserahkan 2"));
    // Nothing more is ready: refused at once.
    d.ch('h');
    assert_eq!(d.modal(), "none");
    assert!(d.status_is_error() && d.status().contains("Belum ada paspor rombongan UMR1"), "{}", d.status());
    // Enter opens the member under the cursor (the list is by day: the rescheduled member comes last).
    d.key(KeyCode::Down);
    d.key(KeyCode::Down);
    d.enter();
    assert_eq!(d.screen(), "Detail");
    assert_eq!(d.detail_code(), o.members[0]);
}

#[test]
fn a_group_opens_by_its_code_typed_in_the_search_box() {
    let fx = office();
    with_outreach(&fx, false);
    let mut d = Desk::open(fx, Lang::Id);
    d.sign_in(OFFICER, PASSWORD, 1);
    d.ch('/');
    d.typ("umr1");
    d.enter();
    assert_eq!(d.screen(), "Group", "{}", d.status());
    d.esc();
    assert_eq!(d.screen(), "Queue");
    assert!(d.queue_codes().len() > 3, "the search was cleared");
    // The fixture's M-Paspor group (no leader on record) opens too.
    d.ch('/');
    d.typ(GROUP);
    d.enter();
    assert_eq!(d.screen(), "Group", "{}", d.status());
    let screen = d.render(100, 24);
    assert!(screen.contains("Rombongan UMR-SMG-01") && screen.contains("3 anggota"), "{screen}");
    // A member outside any group: said so.
    d.esc();
    d.scan(ONTIME);
    d.ch('g');
    assert_eq!(d.screen(), "Detail");
    assert_eq!(d.status(), "Bukan pemesanan rombongan");
}

// ---- 3. stay permits ---------------------------------------------------------------------------------------

fn stay_permit(fx: &Fixture) -> String {
    let mut store = fx.store();
    let officer = store.authenticate(OFFICER, PASSWORD).expect("officer");
    let p = NewStayPermit {
        full_name: "John Smith".into(),
        passport_no: "PA1234567".into(),
        nationality: "aus".into(),
        permit_type: PermitType::Itas,
        permit_no: "2C11AB1234".into(),
        current_expiry: NaiveDate::from_ymd_opt(2026, 12, 31).expect("date"),
        sponsor: "PT Maju Jaya".into(),
    };
    store.register_stay_permit(&officer, &p, local("2026-11-25T09:30")).expect("register").code
}

#[test]
fn stay_permits_have_their_own_line_in_the_queue_their_own_screen_and_lifecycle() {
    let fx = office();
    let code = stay_permit(&fx);
    let mut d = Desk::open(fx, Lang::Id);
    d.sign_in(OFFICER, PASSWORD, 1);
    let screen = d.render(100, 40);
    assert!(screen.contains("── Izin tinggal (W)"), "{screen}");
    assert!(screen.lines().any(|l| l.contains("W-001") && l.contains(&code) && l.contains("terdaftar")), "{screen}");
    // Search finds it by its code; Enter opens its own screen.
    d.ch('/');
    d.typ(&code[..8]);
    d.key(KeyCode::Down);
    let screen = d.render(100, 24);
    assert!(screen.contains("John Smith") && screen.contains("(1)"), "{screen}");
    d.enter();
    assert_eq!(d.screen(), "Stay", "{}", d.status());
    let screen = d.render(80, 24);
    for what in ["PA1234567", "AUS Australia", "ITAS", "2C11AB1234", "2026-12-31", "PT Maju Jaya", "W-001"] {
        assert!(screen.contains(what), "{what}\n{screen}");
    }
    insta::assert_snapshot!("outreach_stay_permit_80x24", screen);
    assert_words_in_both_languages(&mut d);

    // Out of order: refused at once, before any question.
    d.ch('y');
    assert_eq!(d.modal(), "none");
    assert!(d.status_is_error() && d.status().contains("izin tinggal ini terdaftar"), "{}", d.status());
    // documents checked → biometrics → approved with the new expiry → handed over.
    d.ch('v');
    assert_eq!(d.modal(), "Confirm");
    d.ch('y');
    d.ch('f');
    d.ch('y');
    assert_eq!(d.app.store.stay_permit(&code).expect("permit").status, StayStatus::Biometrics);
    d.ch('y');
    assert_eq!(d.modal(), "Form");
    d.fill(&["2026-12-01"]);
    d.submit();
    assert!(d.form().and_then(|f| f.error.clone()).is_some_and(|e| e.contains("2026-12-31")), "not later");
    d.fill(&["2027-12-31"]);
    d.submit();
    assert_eq!(d.modal(), "none");
    assert!(d.status().contains("berlaku sampai 2027-12-31"), "{}", d.status());
    d.ch('h');
    d.ch('y');
    let p = d.app.store.stay_permit(&code).expect("permit");
    assert_eq!((p.status, p.new_expiry), (StayStatus::HandedOver, NaiveDate::from_ymd_opt(2027, 12, 31)));
    let steps = count(
        &d,
        "SELECT COUNT(*) FROM audit_log WHERE action IN ('stay_documents', 'stay_biometrics', 'stay_approve',
           'stay_hand_over') AND officer = 'petugas'",
    );
    assert_eq!(steps, 4);
    let screen = d.render(120, 30);
    assert!(screen.contains("diserahkan"));
    // Its history from the audit log, newest first, in office time.
    let history: Vec<&str> = screen.lines().filter(|l| l.contains("│2026-11-25 09:")).collect();
    assert_eq!(history.len(), 5, "{screen}");
    assert!(history[0].contains("diserahkan · petugas") && history[4].contains("terdaftar · petugas"), "{screen}");
    insta::assert_snapshot!("outreach_stay_permit_handed_over_120x30", screen);
    // Back on the queue its row says so.
    d.esc();
    assert!(d.render(100, 40).lines().any(|l| l.contains(&code) && l.contains("diserahkan")));
}

#[test]
fn a_stay_permit_opens_from_the_scanner_and_is_refused_with_a_reason() {
    let fx = office();
    let code = stay_permit(&fx);
    let mut d = Desk::open(fx, Lang::En);
    d.sign_in(OFFICER, PASSWORD, 1);
    d.scan(&code);
    assert_eq!(d.screen(), "Stay", "{}", d.status());
    d.ch('x');
    assert_eq!(d.modal(), "Form");
    d.submit();
    assert_eq!(d.form().and_then(|f| f.error.clone()).as_deref(), Some("A reason is required"));
    d.fill(&["sponsor letter expired"]);
    d.submit();
    let p = d.app.store.stay_permit(&code).expect("permit");
    assert_eq!((p.status, p.refusal_reason.as_deref()), (StayStatus::Refused, Some("sponsor letter expired")));
    assert!(d.render(80, 24).contains("sponsor letter expired"));
}

#[test]
fn stay_permits_in_progress_appear_on_the_board() {
    let fx = office();
    let code = stay_permit(&fx);
    let mut store = fx.store();
    let board = render_board(&store, Lang::Id, 80, 24);
    assert!(board.contains("Izin tinggal: W-001 terdaftar"), "{board}");
    let officer = store.authenticate(OFFICER, PASSWORD).expect("officer");
    store
        .stay_permit_step(&officer, &code, loket::domain::staypermit::StayEvent::CheckDocuments, None, None, now())
        .expect("documents");
    let board = render_board(&store, Lang::En, 80, 24);
    assert!(board.contains("Stay permits: W-001 documents checked"), "{board}");
    insta::assert_snapshot!("outreach_board_stay_permit_80x24", board);
    store
        .stay_permit_step(&officer, &code, loket::domain::staypermit::StayEvent::Refuse, None, Some("palsu"), now())
        .expect("refuse");
    assert!(!render_board(&store, Lang::En, 80, 24).contains("Stay permits"), "a refused one leaves the board");
}

// ---- 4. registering on the spot at an event ------------------------------------------------------------------

/// The fixture office with an event today (new passports and stay permits), packed for one laptop; returns the
/// desk on the laptop, signed out.
fn laptop_desk() -> Desk {
    let fx = office();
    let mut store = fx.store();
    let sup = store.authenticate(SUPERVISOR, PASSWORD).expect("supervisor");
    let spec = EventSpec {
        name: "Eazy Paspor".into(),
        place: "SMA Negeri 1 Semarang".into(),
        first_day: date(DAY),
        last_day: date(DAY),
        opening: parse_hhmm("09:00").expect("time"),
        closing: parse_hhmm("15:00").expect("time"),
        services: vec![EventService::New, EventService::StayPermit],
        quota_per_day: 50,
    };
    store.create_event(&sup, &spec, local("2026-11-20T10:00")).expect("event");
    let laptop = fx.dir.path().join("laptop.db");
    store.pack_event(&sup, 1, &laptop, local("2026-11-20T10:00")).expect("pack");
    drop(store);
    Desk::open(Fixture { dir: fx.dir, path: laptop }, Lang::Id)
}

#[test]
fn on_a_laptop_the_desk_registers_the_events_walk_ins_through_the_outreach_path() {
    let mut d = laptop_desk();
    d.sign_in(OFFICER, PASSWORD, 1);
    assert_eq!(d.app.context(), Context::EventQueue);
    let help = keymap::help_lines_for(Context::EventQueue, Lang::Id, false);
    assert!(help.iter().any(|(k, t)| k == "o" && *t == "Daftar di tempat kegiatan"), "{help:?}");
    // The office's queue has no such keys.
    let o = crossterm::event::KeyEvent::new(KeyCode::Char('o'), crossterm::event::KeyModifiers::NONE);
    assert_eq!(keymap::action_for(Context::Queue, &o), None);

    d.ch('o');
    assert_eq!(d.modal(), "Form");
    let form = d.form().expect("form");
    assert_eq!(form.fields[5].choices, vec!["baru".to_string()], "only what the event offers");
    assert!(form.note.contains("Eazy Paspor") && form.note.contains("dibayar di tempat"), "{}", form.note);
    insta::assert_snapshot!("outreach_laptop_walk_in_100x40", d.render(100, 40));
    // A regency code that does not exist (34.06) is refused, and nothing is written.
    let birth = date("1985-03-12");
    let bad = nik::make(34, 6, 1, birth, Sex::Male, 200);
    d.fill(&[&bad, "Joko Susilo", "L", "1985-03-12"]);
    d.submit();
    let error = d.form().and_then(|f| f.error.clone()).unwrap_or_default();
    assert!(!error.is_empty(), "refused");
    assert_eq!(count(&d, "SELECT COUNT(*) FROM applications"), 0);
    // A real one (Kota Semarang, 33.74): registered, paid from the catalogue, checked in with the laptop's number.
    d.app.modal = None;
    d.ch('o');
    let good = nik::make(33, 74, 1, birth, Sex::Male, 200);
    d.fill(&[&good, "Joko Susilo", "L", "1985-03-12"]);
    d.submit();
    assert_eq!(d.modal(), "Ticket", "{:?}", d.form().and_then(|f| f.error.clone()));
    assert!(d.status().contains("Terdaftar dan lunas Rp") && d.status().contains("A-L1-001"), "{}", d.status());
    let (status, paid, fee): (String, Option<String>, i64) = rusqlite::Connection::open(d.app.store.path())
        .expect("read connection")
        .query_row("SELECT status, paid_at, fee_idr FROM applications WHERE booking_code LIKE 'OR%'", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .expect("the walk-in");
    assert_eq!(status, "checked_in");
    assert!(paid.is_some() && fee > 0);
    assert_eq!(count(&d, "SELECT COUNT(*) FROM audit_log WHERE action = 'outreach_walk_in'"), 1);

    // A stay permit on the spot: its own W ticket with the laptop's number.
    d.esc();
    d.ch('i');
    assert_eq!(d.modal(), "Form");
    d.fill(&["John Smith", "PA1234567", "AUS", "itas", "2C11AB1234", "2026-12-31", "PT Maju Jaya"]);
    d.submit();
    assert_eq!(d.modal(), "Ticket", "{:?}", d.form().and_then(|f| f.error.clone()));
    let (queue_no, event): (String, i64) = rusqlite::Connection::open(d.app.store.path())
        .expect("read connection")
        .query_row("SELECT queue_no, event_id FROM stay_permits", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("the stay permit");
    assert_eq!((queue_no.as_str(), event), ("W-L1-001", 1));
    d.esc();
    let screen = d.render(100, 40);
    assert!(screen.contains("── Izin tinggal (W)") && screen.contains("W-L1-001"), "{screen}");
}

#[test]
fn a_nik_already_active_and_a_day_over_quota_are_shown_in_words_and_resolved() {
    let fx = office();
    let birth = date("1990-02-02");
    let walk_in_nik = nik::make(33, 74, 1, birth, Sex::Female, 300);
    let o = with_outreach_and(&fx, false, 3, |office, laptop, sup| {
        // Meanwhile the office books the same NIK; on the laptop that person registers as a walk-in.
        let mut booked = outreach::group_member(2, 0);
        booked.nik = walk_in_nik.clone();
        booked.full_name = "Dewi Lestari".into();
        booked.birth_date = birth;
        booked.sex = Sex::Female;
        let group = NewGroup {
            code: "KANTOR".into(),
            name: "Kantor".into(),
            leader: "Bu Sari".into(),
            contact: "0811".into(),
            event_id: 1,
            day: date(EVENT_DAY),
            purpose: Purpose::Tourism,
            passport_kind: PassportKind::Electronic,
        };
        office.import_group(sup, &group, &[booked], local("2026-11-18T10:00")).expect("import").expect("valid");
        let w = tui_common::outreach::event_walk_in(walk_in_nik.clone(), "Dewi Lestari", Sex::Female, birth);
        laptop.outreach_walk_in(sup, &w, local("2026-11-19T10:00")).expect("walk-in");
        // And the event's quota is lowered below what the day holds.
        rusqlite::Connection::open(office.path())
            .expect("write connection")
            .execute("UPDATE outreach_events SET quota_per_day = 3", [])
            .expect("lower the quota");
    });
    let mut d = supervisor(fx);
    d.key(KeyCode::F(7));
    d.ch('m');
    // The conflicts as listed now (open ones first, so the order changes as they are resolved).
    let kinds = |d: &Desk| -> Vec<String> {
        match &d.app.screen {
            loket::tui::app::Screen::Conflicts(s) => s.conflicts.iter().map(|c| c.kind.as_str().to_string()).collect(),
            _ => panic!("not on the conflicts: {}", d.screen()),
        }
    };
    assert_eq!(kinds(&d).len(), 3, "{:?}", kinds(&d));
    let find = |d: &mut Desk, kind: &str| {
        (0..5).for_each(|_| d.key(KeyCode::Up));
        let i = kinds(d).iter().position(|k| k == kind).expect("kind");
        (0..i).for_each(|_| d.key(KeyCode::Down));
    };
    find(&mut d, "nik_active");
    let screen = d.render(100, 30);
    assert!(screen.contains("NIK sudah aktif di kantor") && screen.contains("Dewi Lestari"), "{screen}");
    assert!(screen.contains("Rombongan         KANTOR"), "the office's application, in words\n{screen}");
    insta::assert_snapshot!("outreach_conflict_nik_active_100x30", screen);
    d.app.status = None;
    assert_words_in_both_languages(&mut d);
    // Keeping the office's application withdraws the laptop's one.
    d.ch('o');
    assert!(d.form().expect("form").note.contains("dibatalkan bila masih bisa"));
    d.fill(&["sudah terdaftar di kantor"]);
    d.submit();
    assert_eq!(d.modal(), "none", "{:?}", d.form().and_then(|f| f.error.clone()));
    let withdrawn =
        count(&d, "SELECT COUNT(*) FROM applications WHERE booking_code LIKE 'OR%' AND status = 'cancelled'");
    assert_eq!(withdrawn, 1);

    find(&mut d, "quota_exceeded");
    let screen = d.render(100, 30);
    assert!(screen.contains("Kuota hari kegiatan terlampaui — 2026-11-19"), "{screen}");
    assert!(screen.contains("Kuota per hari    3") && screen.contains("Pemohon hari itu  4"), "{screen}");
    d.ch('o');
    d.fill(&["sudah dilayani"]);
    d.submit();
    let open = d.app.store.conflicts(None).expect("conflicts").iter().filter(|c| c.resolution.is_none()).count();
    assert_eq!(open, 1, "the office_changed one is still open");
    assert!(o.laptop.exists());
}

#[test]
fn two_supervisors_resolving_the_same_conflict_resolve_it_once() {
    let fx = office();
    with_outreach(&fx, false);
    let mut a = supervisor(fx);
    let mut b = a.another_workstation(Lang::Id);
    b.sign_in(SUPERVISOR, PASSWORD, 3);
    for d in [&mut a, &mut b] {
        d.key(KeyCode::F(7));
        d.ch('m');
        assert_eq!(d.screen(), "Conflicts");
    }
    // Both open the dialog; the first keeps the office's version, the second then tries the laptop's.
    a.ch('o');
    b.ch('l');
    a.fill(&["jadwal kantor berlaku"]);
    a.submit();
    assert_eq!(a.modal(), "none");
    b.fill(&["dilayani di acara"]);
    b.submit();
    assert_eq!(b.modal(), "Form", "the second is refused and keeps its dialog");
    let error = b.form().and_then(|f| f.error.clone()).unwrap_or_default();
    assert!(error.starts_with("Konflik ") && error.ends_with("sudah diselesaikan"), "{error}");
    b.esc();
    // Its screen follows the other workstation: resolved, and a new try is refused before any dialog.
    b.wait(std::time::Duration::from_millis(300));
    assert!(b.render(100, 30).contains("Diselesaikan: Versi kantor dipertahankan oleh kepala"));
    b.ch('l');
    assert_eq!(b.modal(), "none");
    assert!(b.status_is_error(), "{}", b.status());
    assert_eq!(count(&a, "SELECT COUNT(*) FROM audit_log WHERE action = 'outreach_resolve'"), 1);
    let c = &a.app.store.conflicts(None).expect("conflicts")[0];
    assert_eq!(c.resolution, Some(Keep::Office));
}

/// A stay permit registered on the laptop for a foreign passport that already has an active stay permit at
/// the office is a `passport_active` conflict: the desk shows both stay permits in words and resolves it.
#[test]
fn a_foreign_passport_already_active_at_the_office_is_shown_in_words_and_resolved() {
    let fx = office();
    let permit = |name: &str| NewStayPermit {
        full_name: name.into(),
        passport_no: "NX1234567".into(),
        nationality: "aus".into(),
        permit_type: PermitType::Itas,
        permit_no: "2C11AB1234".into(),
        current_expiry: NaiveDate::from_ymd_opt(2026, 12, 31).expect("date"),
        sponsor: "PT Maju Jaya".into(),
    };
    with_outreach_and(&fx, false, 2, |office, laptop, sup| {
        office.register_stay_permit(sup, &permit("John Smith"), local("2026-11-18T10:00")).expect("at the office");
        laptop.register_stay_permit(sup, &permit("John Smith"), local("2026-11-19T10:30")).expect("on the laptop");
    });
    let mut d = supervisor(fx);
    d.key(KeyCode::F(7));
    d.ch('m');
    let kinds = |d: &Desk| -> Vec<String> {
        match &d.app.screen {
            loket::tui::app::Screen::Conflicts(s) => s.conflicts.iter().map(|c| c.kind.as_str().to_string()).collect(),
            _ => panic!("not on the conflicts: {}", d.screen()),
        }
    };
    let i = kinds(&d).iter().position(|k| k == "passport_active").expect("a passport_active conflict");
    (0..i).for_each(|_| d.key(KeyCode::Down));
    let screen = d.render(140, 36);
    assert!(screen.contains("Paspor asing sudah punya izin tinggal aktif di kantor"), "{screen}");
    assert!(screen.contains("NX1234567") && screen.contains("John Smith"), "{screen}");
    assert!(screen.contains("terdaftar"), "the stay permit's status in words\n{screen}");
    d.app.status = None;
    assert_words_in_both_languages(&mut d);
    d.ch('o');
    assert!(d.form().expect("form").note.contains("Izin tinggal di kantor tetap"));
    d.fill(&["sudah terdaftar di kantor"]);
    d.submit();
    assert_eq!(d.modal(), "none", "{:?}", d.form().and_then(|f| f.error.clone()));
    let resolved = d.app.store.conflicts(None).expect("conflicts");
    let c = resolved.iter().find(|c| c.kind.as_str() == "passport_active").expect("the conflict");
    assert_eq!(c.resolution, Some(Keep::Office));
}

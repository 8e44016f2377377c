//! Every audit detail in the officer's language: a real row of every detail-bearing action, written through
//! the store's own paths (the demo build, check-in refused and admitted, payment, decisions, hand-overs,
//! reschedules, close-day and reopen-day, settings, accounts and sign-ins, imports, a restore, outreach events,
//! laptops, groups, merges and conflicts, stay permits), then read on the audit screen (F9, every day that has
//! rows) and in applicants' histories, in Bahasa Indonesia and in English. A word on screen that is neither
//! data nor in that language's column of `assets/i18n.csv` fails (tests/tui_common/words.rs). `SHOW_AUDIT=1`
//! prints the audit screens for a review (`cargo test --test tui_audit_words -- --nocapture`).

mod tui_common;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use crossterm::event::KeyCode;
use loket::cli::Lang;
use loket::domain::audit::AuditAction;
use loket::domain::audit_detail::AuditDetail;
use loket::domain::calendar::{Holiday, HolidayKind};
use loket::domain::lifecycle::RejectionReason;
use loket::domain::nik::{self, Sex};
use loket::domain::outreach::Keep;
use loket::domain::staypermit::{PermitType, StayEvent};
use loket::domain::types::{ApplicationType, PassportKind, PriorityReason, Purpose, Role};
use loket::store::{Actor, AuditFilter, GroupMember, ImportPolicy, NewStayPermit, NewWalkIn, Store};
use loket::tui::app::Screen;
use std::collections::HashSet;
use tui_common::words::{data_words, stray_words, ui_words};
use tui_common::*;

fn wib(s: &str) -> DateTime<Utc> {
    at(&format!("{s}:00+07:00"))
}

/// Free text people typed (reasons, notes, labels, file names): shown as typed, so it is data.
const TYPED: &[&str] = &[
    "macet di jalan tol",
    "foto tidak sesuai",
    "bukan orang yang sama",
    "server M-Paspor mati",
    "listrik padam",
    "salah tutup",
    "sudah dicek",
    "sponsor tidak terdaftar",
    "daftar-cegah.csv",
    "libur-kantor.csv",
    "manifes-susulan.csv",
    "Hari Jadi Kota",
    "Jl. Pemuda No. 10, Semarang",
    // The label of the fixture office's own import (tests/tui_common), and init's own account name.
    "fixture",
    "system",
    // The account name of a sign-in attempt with an unknown name.
    "siapa",
];

const EXTRA_UNPAID: &str = "MP2611X001";
const OLD_READY: &str = "MP0110X002";
const EVENT_DAY: &str = "2026-11-19";

/// The office fixture with a row of every detail-bearing action (but `demo`, which has its own database).
/// Returns the booking codes whose histories the test reads, and the extra data words (file paths).
fn everything(fx: &Fixture) -> (Vec<String>, Vec<String>) {
    let mut store = fx.store();
    let sup = store.authenticate(SUPERVISOR, PASSWORD).expect("supervisor");
    let off = Actor { name: OFFICER.into(), role: Role::Officer };
    let t = |hm: &str| wib(&format!("{DAY}T{hm}"));

    // Imports: bookings (one unpaid for a payment, one long ready and never collected), watchlist, holidays.
    let rows = vec![
        booking(EXTRA_UNPAID, "Sinta Dewi", Sex::Female, "1994-04-04", 41, DAY, "10:00").unpaid().build(),
        booking(OLD_READY, "Tono Wibowo", Sex::Male, "1980-08-18", 42, "2026-10-01", "09:00").build(),
    ];
    let out = store
        .import_bookings(&sup, &rows, ImportPolicy::AllOrNothing, "manifes-susulan.csv", wib("2026-09-25T10:00"))
        .expect("import");
    assert!(out.committed, "{:?}", out.problems);
    store.replace_watchlist(&sup, &[hendra_on_the_watchlist()], "daftar-cegah.csv", t("07:00")).expect("watchlist");
    let holiday = Holiday { date: date("2026-12-14"), name: "Hari Jadi Kota".into(), kind: HolidayKind::OfficeClosed };
    store.import_holidays(&sup, &[holiday], None, "libur-kantor.csv", t("07:05")).expect("holidays");

    // The passport ready since October, never collected.
    let oct = |hm: &str| wib(&format!("2026-10-01T{hm}"));
    store.check_in(&off, OLD_READY, None, oct("07:45")).expect("check in");
    store.call(&off, OLD_READY, 1, oct("08:00")).expect("call");
    store.record_photo(&off, OLD_READY, oct("08:05")).expect("photo");
    store.record_interview(&off, OLD_READY, oct("08:10")).expect("interview");
    store.approve(&off, OLD_READY, oct("08:15")).expect("approve");
    store.mark_ready(&off, OLD_READY, "H1234567", wib("2026-10-06T09:00")).expect("ready");

    // Settings, accounts, sign-ins, a counter taken over.
    store.set_setting(&sup, "reschedule_limit", "3", t("07:10")).expect("setting");
    store.add_officer(&sup, "rina", Role::Officer, "rahasia-456", t("07:11")).expect("add officer");
    store.set_role(&sup, "rina", Role::Supervisor, t("07:12")).expect("set role");
    store.set_password(&sup, "rina", "rahasia-789", t("07:13")).expect("password of rina");
    store.set_password(&sup, SUPERVISOR, PASSWORD, t("07:14")).expect("own password");
    store.disable_officer(&sup, "rina", t("07:15")).expect("disable");
    assert!(store.authenticate_at("siapa", "salah-sandi", t("07:16")).is_err());
    for _ in 0..5 {
        assert!(store.authenticate_at("rudi", "salah-sandi", t("07:17")).is_err());
    }
    store.add_officer(&sup, "rudi", Role::Officer, "rahasia-rudi", t("07:18")).expect("add rudi");
    for _ in 0..6 {
        assert!(store.authenticate_at("rudi", "salah-sandi", t("07:19")).is_err());
    }
    let first = store.open_counter_session(&off, 3, t("07:30")).expect("session");
    let taken = store.take_over_counter_session(&sup, 3, t("07:31")).expect("take over");
    store.close_counter_session(&first, t("07:32")).ok();
    store.close_counter_session(&taken, t("07:32")).expect("close session");

    // The day at the counters.
    store.record_payment(&off, EXTRA_UNPAID, "0A1B2C3D4E5F6789", t("08:00"), t("08:01")).expect("payment");
    assert!(store.check_in(&off, LATE, None, t("09:40")).is_err(), "late: refused");
    store.check_in(&sup, LATE, Some("macet di jalan tol"), t("09:41")).expect("late, admitted");
    store.call(&off, WAITING[0], 1, t("09:45")).expect("call");
    store.record_photo(&off, WAITING[0], t("09:50")).expect("photo");
    store.record_interview(&off, WAITING[0], t("09:55")).expect("interview");
    store.reject(&off, WAITING[0], RejectionReason::Other, "foto tidak sesuai", t("10:00")).expect("reject");
    store.call(&off, WAITING[1], 1, t("10:01")).expect("call");
    store.transfer(&off, WAITING[1], 2, t("10:02")).expect("transfer");
    store.call(&off, WATCHED, 1, t("10:05")).expect("call");
    store.record_photo(&off, WATCHED, t("10:06")).expect("photo");
    store.record_interview(&off, WATCHED, t("10:07")).expect("interview");
    store.approve_signed_off(&sup, WATCHED, "bukan orang yang sama", t("10:08")).expect("approve, signed off");
    store.mark_ready(&off, APPROVED, "G1234567", t("10:10")).expect("ready");
    store.hand_over(&off, READY, "Putri Ayu", t("10:11")).expect("hand over");
    store.dispatch(&off, READY_POST, "Jl. Pemuda No. 10, Semarang", "RR123456789ID", t("10:12")).expect("dispatch");
    store.reschedule(&off, FUTURE, date("2026-11-30"), "10:00", None, t("10:13")).expect("reschedule");
    store
        .reschedule(&sup, ONTIME, date("2026-11-26"), "10:00", Some("server M-Paspor mati"), t("10:14"))
        .expect("special reschedule");
    let walk_in = NewWalkIn {
        nik: nik_for("1950-01-01", Sex::Female, 43),
        full_name: "Wati Lestari".into(),
        sex: Sex::Female,
        birth_date: date("1950-01-01"),
        phone: None,
        priority_reason: PriorityReason::Elderly,
        application_type: ApplicationType::New,
        purpose: Purpose::Tourism,
        passport_kind: PassportKind::Electronic,
        validity_years: 10,
        old_passport_no: None,
    };
    let walk_in = store.register_walk_in_paid(&off, &walk_in, "1A1B2C3D4E5F6789", t("10:20")).expect("walk-in");

    // Stay permits: one through to hand-over, one refused.
    let permit = |name: &str, passport: &str| NewStayPermit {
        full_name: name.into(),
        passport_no: passport.into(),
        nationality: "aus".into(),
        permit_type: PermitType::Itas,
        permit_no: "2C11AB1234".into(),
        current_expiry: date("2026-12-31"),
        sponsor: "PT Maju Jaya".into(),
    };
    let granted = store.register_stay_permit(&off, &permit("John Smith", "PA1234567"), t("10:30")).expect("stay");
    for (step, hm) in [(StayEvent::CheckDocuments, "10:31"), (StayEvent::TakeBiometrics, "10:32")] {
        store.stay_permit_step(&off, &granted.code, step, None, None, t(hm)).expect("stay step");
    }
    let until = Some(date("2027-12-31"));
    store.stay_permit_step(&sup, &granted.code, StayEvent::Approve, until, None, t("10:33")).expect("approve");
    store.stay_permit_step(&off, &granted.code, StayEvent::HandOver, None, None, t("10:34")).expect("hand over");
    let refused = store.register_stay_permit(&off, &permit("Jane Doe", "PB7654321"), t("10:35")).expect("stay");
    store.stay_permit_step(&off, &refused.code, StayEvent::CheckDocuments, None, None, t("10:36")).expect("docs");
    let why = Some("sponsor tidak terdaftar");
    store.stay_permit_step(&sup, &refused.code, StayEvent::Refuse, None, why, t("10:37")).expect("refuse");

    // Outreach: an event, a group, a laptop with a walk-in, a merge with a conflict resolved, a group pickup.
    let members = outreach(fx, &mut store, &sup);

    // The day closed (refused to an officer first), then reopened by the supervisor.
    assert!(store.close_day(&off, date(DAY), None, false, t("16:20")).is_err(), "an officer may not close");
    store.close_day(&sup, date(DAY), Some("listrik padam"), true, t("16:30")).expect("close");
    store.reopen_day(&sup, date(DAY), "salah tutup", t("16:45")).expect("reopen");

    // A restore of a backup taken now (its own audit row comes on top).
    let backup = fx.dir.path().join("cadangan.db");
    store.backup(&backup, |_, _| {}).expect("backup");
    store.restore(&sup, &backup, t("17:00")).expect("restore");

    let mut codes: Vec<String> = [LATE, EXTRA_UNPAID, WAITING[0], WAITING[1], WATCHED, APPROVED, READY, READY_POST]
        .into_iter()
        .chain([FUTURE, ONTIME, OLD_READY, GROUP_MEMBERS[0], UNPAID])
        .map(String::from)
        .collect();
    codes.push(walk_in.booking_code);
    codes.extend(members);
    // The replaced database kept beside the office's (its name is in the restore's detail).
    let mut paths = vec![backup.display().to_string(), fx.path.display().to_string()];
    for entry in std::fs::read_dir(fx.dir.path()).expect("temp dir") {
        paths.push(entry.expect("entry").path().display().to_string());
    }
    (codes, paths)
}

/// The outreach part of [`everything`]; returns the group's and the laptop walk-in's booking codes.
fn outreach(fx: &Fixture, store: &mut Store, sup: &Actor) -> Vec<String> {
    let spec = outreach::event_spec(date(EVENT_DAY));
    let before = wib("2026-11-16T10:00");
    store.create_event(sup, &spec, before).expect("event");
    let group = outreach::umrah_group("UMR1", date(EVENT_DAY));
    let list: Vec<GroupMember> = (0..3).map(|i| outreach::group_member(u64::from(i) + 2, i)).collect();
    let mut members = store.import_group(sup, &group, &list, before).expect("import").expect("valid list");
    let laptop = fx.dir.path().join("laptop.db");
    store.pack_event(sup, 1, &laptop, before).expect("pack");
    store.reschedule(sup, &members[0], date("2026-11-27"), "10:00", None, wib("2026-11-17T10:00")).expect("move");

    let mut field = Store::open(&laptop).expect("open laptop");
    let t = wib("2026-11-19T09:10");
    field.check_in(sup, &members[0], None, t).expect("check in on the laptop");
    for (n, code) in members[1..].iter().enumerate() {
        let t = t + Duration::minutes(5 * n as i64);
        field.check_in(sup, code, None, t).expect("check in");
        field.call(sup, code, 1, t).expect("call");
        field.record_photo(sup, code, t).expect("photo");
        field.record_interview(sup, code, t).expect("interview");
        field.approve(sup, code, t).expect("approve");
    }
    let birth = date("1991-03-03");
    let w = tui_common::outreach::event_walk_in(
        nik::make(33, 74, 1, birth, Sex::Female, 301),
        "Ratna Sari",
        Sex::Female,
        birth,
    );
    let walked_in = field.outreach_walk_in(sup, &w, wib("2026-11-19T10:00")).expect("walk-in on the laptop");
    drop(field);
    let report = store.merge_laptop(sup, &laptop, false, wib("2026-11-20T08:00")).expect("merge");
    assert_eq!(report.conflicts.len(), 1, "{report:?}");
    let conflict = store.conflicts(None).expect("conflicts").remove(0);
    store
        .resolve_conflict(sup, &conflict.id, Keep::Office, Some("sudah dicek"), wib("2026-11-20T09:00"))
        .expect("resolve");
    for (code, no) in members[1..].iter().zip(["C1234567", "C7654321"]) {
        store.mark_ready(sup, code, no, wib("2026-11-25T08:30")).expect("mark ready");
    }
    store.hand_over_group(sup, "UMR1", "H. Ahmad", wib("2026-11-25T08:40")).expect("group pickup");
    members.push(walked_in.booking_code);
    members
}

/// Every action whose rows carry a detail; `call`, `put_back`, `recall`, `absent`, `interview` and `withdraw`
/// write none, and `legacy` rows only come from a version-1 database.
fn detail_bearing() -> Vec<AuditAction> {
    use AuditAction as A;
    let without = [A::Call, A::PutBack, A::Recall, A::Absent, A::Interview, A::Withdraw, A::Legacy];
    A::ALL.iter().copied().filter(|a| !without.contains(a)).collect()
}

/// Every audit row of a database: (local date, action, detail).
fn rows(store: &Store) -> Vec<(NaiveDate, String, String)> {
    let offset = store.settings().expect("settings").utc_offset;
    let all = store.audit(&AuditFilter::default()).expect("audit");
    all.into_iter()
        .map(|r| {
            let at = DateTime::parse_from_rfc3339(&r.at).expect("instant").with_timezone(&offset);
            (at.date_naive(), r.action, r.detail.unwrap_or_default())
        })
        .collect()
}

/// More data words: the free text typed above, the outreach and stay-permit tables, file paths.
fn more_data(d: &Desk, paths: &[String]) -> HashSet<String> {
    let mut data = data_words(d);
    let conn = rusqlite::Connection::open(d.app.store.path()).expect("read connection");
    for sql in [
        "SELECT coalesce(group_concat(name || ' ' || place, ' '), '') FROM outreach_events",
        "SELECT coalesce(group_concat(name || ' ' || leader, ' '), '') FROM outreach_groups",
        "SELECT coalesce(group_concat(full_name || ' ' || code || ' ' || sponsor || ' ' || passport_no, ' '), '')
         FROM stay_permits",
        "SELECT coalesce(group_concat(pos_tracking_no, ' '), '') FROM applications",
        "SELECT coalesce(group_concat(id, ' '), '') FROM outreach_conflicts",
    ] {
        let text: String = conn.query_row(sql, [], |r| r.get(0)).expect(sql);
        data.extend(ui_words(&text));
    }
    data.extend(TYPED.iter().flat_map(|t| ui_words(t)));
    data.extend(paths.iter().flat_map(|p| ui_words(p)));
    data
}

/// The audit screen (F9) of every day that has rows, each drawn tall enough for all its rows.
fn audit_screens(d: &mut Desk, days: &[NaiveDate]) -> Vec<(NaiveDate, String)> {
    d.key(KeyCode::F(9));
    assert_eq!(d.screen(), "Audit", "{}", d.status());
    let mut out = Vec::new();
    for day in days {
        loop {
            let shown = match &d.app.screen {
                Screen::Audit(a) => a.date,
                _ => panic!("left the audit screen: {}", d.screen()),
            };
            match shown.cmp(day) {
                std::cmp::Ordering::Less => d.ch(']'),
                std::cmp::Ordering::Greater => d.ch('['),
                std::cmp::Ordering::Equal => break,
            }
        }
        let n = match &d.app.screen {
            Screen::Audit(a) => a.rows.len(),
            _ => unreachable!(),
        };
        d.app.status = None;
        out.push((*day, d.render(460, u16::try_from(n + 12).expect("rows fit a screen"))));
    }
    d.esc();
    out
}

/// The detail screen (history) of each booking, drawn tall and wide.
fn histories(d: &mut Desk, codes: &[String]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for code in codes {
        d.scan(code);
        assert_eq!(d.screen(), "Detail", "{code}: {}", d.status());
        assert_eq!(&d.detail_code(), code);
        d.app.status = None;
        out.push((code.clone(), d.render(300, 120)));
        d.esc();
    }
    out
}

/// Every row's detail is read back by `AuditDetail::parse` (so none is left to show as stored English).
fn all_details_are_read(rows: &[(NaiveDate, String, String)]) {
    for (_, action, detail) in rows {
        let a = AuditAction::parse(action).expect("a known action");
        if detail.is_empty() {
            continue;
        }
        assert!(AuditDetail::parse(a, detail).is_some(), "{action}: {detail:?} is not read back");
    }
}

fn check(d: &mut Desk, lang: Lang, days: &[NaiveDate], codes: &[String], paths: &[String]) -> Vec<String> {
    d.app.lang = lang;
    let data = more_data(d, paths);
    let mut problems = Vec::new();
    for (day, screen) in audit_screens(d, days) {
        if std::env::var("SHOW_AUDIT").is_ok() {
            eprintln!("{screen}");
        }
        let stray = stray_words(&screen, lang, &data);
        if !stray.is_empty() {
            problems.push(format!("{lang:?} audit {day}: {}", stray.join(" ")));
        }
    }
    for (code, screen) in histories(d, codes) {
        let stray = stray_words(&screen, lang, &data);
        if !stray.is_empty() {
            problems.push(format!("{lang:?} history of {code}: {}", stray.join(" ")));
        }
    }
    problems
}

#[test]
fn every_audit_detail_is_in_the_desks_language() {
    let fx = office();
    let (codes, paths) = everything(&fx);
    let office_rows = rows(&fx.store());

    let demo_fx = demo();
    let demo_rows = rows(&demo_fx.store());
    let present: HashSet<&str> = office_rows.iter().chain(&demo_rows).map(|(_, a, _)| a.as_str()).collect();
    let missing: Vec<&str> =
        detail_bearing().into_iter().map(|a| a.as_str()).filter(|a| !present.contains(a)).collect();
    assert!(missing.is_empty(), "no row of {missing:?}");
    all_details_are_read(&office_rows);
    all_details_are_read(&demo_rows);

    // The check can fail: a stored English detail, shown as stored, has words the Indonesian desk lacks.
    let english = office_rows.iter().find(|(_, a, _)| a == "cancel_uncollected").expect("uncollected row");
    assert!(!stray_words(&english.2, Lang::Id, &HashSet::new()).is_empty(), "{english:?}");

    let days = |rows: &[(NaiveDate, String, String)]| {
        let mut days: Vec<NaiveDate> = rows.iter().map(|(d, _, _)| *d).collect();
        days.sort_unstable();
        days.dedup();
        days
    };
    let mut problems = Vec::new();
    let mut d = fx.desk(Lang::Id);
    d.sign_in(SUPERVISOR, PASSWORD, 2);
    assert_eq!(d.screen(), "Queue", "{}", d.status());
    for lang in [Lang::Id, Lang::En] {
        problems.extend(check(&mut d, lang, &days(&office_rows), &codes, &paths));
    }

    let mut demo_desk = demo_fx.desk(Lang::Id);
    demo_desk.sign_in(DEMO_SUPERVISOR, DEMO_PASSWORD, 2);
    assert_eq!(demo_desk.screen(), "Queue", "{}", demo_desk.status());
    let demo_codes: Vec<String> = {
        let conn = rusqlite::Connection::open(demo_desk.app.store.path()).expect("read connection");
        let mut stmt = conn
            .prepare(
                "SELECT booking_code FROM applications WHERE status IN ('rejected', 'handed_over', 'cancelled')
                 ORDER BY booking_code LIMIT 6",
            )
            .expect("sql");
        stmt.query_map([], |r| r.get(0)).expect("codes").collect::<Result<_, _>>().expect("codes")
    };
    for lang in [Lang::Id, Lang::En] {
        problems.extend(check(&mut demo_desk, lang, &days(&demo_rows), &demo_codes, &[]));
    }
    assert!(problems.is_empty(), "words not in the desk's language:\n{}", problems.join("\n\n"));
}

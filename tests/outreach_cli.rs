//! Outreach end to end through the real binary: an event created and packed at the office, two laptops working
//! offline, a booking rescheduled at the office that a laptop also served, merges in the order 2, 1, 1 again,
//! the conflict resolved, and every database healthy afterwards.
//!
//! The desk's counter moves (call, photo, interview, approve) have no command-line equivalent, so the test drives
//! those on the laptop files through the store API; everything else goes through `loket` as a process.

use chrono::{DateTime, Utc};
use loket::store::Store;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

struct Run {
    status: i32,
    stdout: String,
    stderr: String,
}

fn loket_env(db: &Path, args: &[&str], stdin: &str, env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_loket"));
    cmd.arg("--db").arg(db).args(args);
    for k in ["LOKET_NOW", "LOKET_USER", "LOKET_DB", "LOKET_TEST_MERGE_STALL"] {
        cmd.env_remove(k);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child =
        cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("start loket");
    let _ = child.stdin.take().expect("stdin").write_all(stdin.as_bytes());
    let Output { status, stdout, stderr } = child.wait_with_output().expect("wait");
    Run {
        status: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into(),
        stderr: String::from_utf8_lossy(&stderr).into(),
    }
}

/// As the supervisor `admin` (password `rahasia`) at office-local time `now`.
fn admin(db: &Path, now: &str, args: &[&str]) -> Run {
    let mut all = vec!["--user", "admin", "--password-stdin", "--now", now];
    all.extend_from_slice(args);
    loket_env(db, &all, "rahasia\n", &[])
}

fn ok(r: Run) -> String {
    assert_eq!(r.status, 0, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    r.stdout
}

fn office(dir: &Path, name: &str) -> PathBuf {
    let db = dir.join(name);
    ok(loket_env(
        &db,
        &["init", "--office-name", "Kantor Imigrasi Semarang", "--utc-offset", "+07:00", "--password-stdin"],
        "rahasia\n",
        &[],
    ));
    db
}

fn count(db: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("open");
    conn.query_row(sql, [], |r| r.get(0)).expect("query")
}

fn healthy(db: &Path) {
    let conn = rusqlite::Connection::open(db).expect("open");
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("integrity");
    assert_eq!(integrity, "ok", "{}", db.display());
    let fk: i64 = conn.query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).expect("fk");
    assert_eq!(fk, 0, "foreign keys of {}", db.display());
}

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&format!("{s}+07:00")).expect("instant").with_timezone(&Utc)
}

/// Serves a checked-in applicant at the laptop's counter 1 up to approval (store API: no CLI for the counter).
fn serve(laptop: &Path, code: &str, at: &str) {
    let mut store = Store::open(laptop).expect("open laptop");
    let officer = store.authenticate("admin", "rahasia").expect("sign in");
    let now = t(at);
    store.call(&officer, code, 1, now).expect("call");
    store.record_photo(&officer, code, now).expect("photo");
    store.record_interview(&officer, code, now).expect("interview");
    let app = store.approve(&officer, code, now).expect("approve");
    assert!(app.ready_date.is_some());
}

fn walk_in(laptop: &Path, now: &str, nik: &str, name: &str, sex: &str, birth: &str, app_type: &str) -> Run {
    admin(
        laptop,
        now,
        &[
            "outreach",
            "walk-in",
            "--nik",
            nik,
            "--name",
            name,
            "--sex",
            sex,
            "--birth-date",
            birth,
            "--type",
            app_type,
            "--old-passport-no",
            "B1234567",
        ],
    )
}

fn code_of(out: &str) -> String {
    out.split_whitespace().next().expect("a booking code").to_string()
}

#[test]
fn two_laptops_merge_back_exactly_once_with_the_conflict_resolved() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = office(dir.path(), "office.db");
    let before_event = "2026-11-30T10:00";

    let out = ok(admin(
        &db,
        before_event,
        &[
            "outreach",
            "create",
            "--name",
            "Si Semar Paten",
            "--place",
            "Gedung DPMPTSP Grobogan",
            "--from",
            "2026-12-01",
            "--to",
            "2026-12-02",
            "--hours",
            "09:00-15:00",
            "--services",
            "baru,penggantian,izin_tinggal",
            "--quota-per-day",
            "50",
        ],
    ));
    assert!(out.starts_with("event 1:"), "{out}");

    // The Umrah party's list: three members, paid in advance.
    let list = dir.path().join("umrah.csv");
    std::fs::write(
        &list,
        "full_name,nik,birth_date,sex,application_type,phone,paid_at\n\
         Ahmad Fauzi,3315011203850001,1985-03-12,L,baru,081234567890,2026-11-28T10:00:00+07:00\n\
         Siti Aminah,3315015203870002,1987-03-12,P,baru,,2026-11-28T10:00:00+07:00\n\
         Hasan Basri,3315010101700003,1970-01-01,L,baru,,2026-11-28T10:00:00+07:00\n",
    )
    .expect("write list");
    let out = ok(admin(
        &db,
        before_event,
        &[
            "outreach",
            "group-import",
            list.to_str().expect("path"),
            "--event",
            "1",
            "--group",
            "UMR1",
            "--name",
            "Umrah Al-Falah",
            "--leader",
            "H. Ahmad",
            "--contact",
            "081200000000",
            "--date",
            "2026-12-01",
        ],
    ));
    assert!(out.contains("3 members"), "{out}");
    let members: Vec<String> = {
        let conn = rusqlite::Connection::open(&db).expect("open");
        let mut stmt = conn
            .prepare("SELECT booking_code FROM applications WHERE group_code = 'UMR1' ORDER BY booking_code")
            .expect("prepare");
        stmt.query_map([], |r| r.get(0)).expect("query").map(|r| r.expect("row")).collect()
    };
    assert_eq!(members.len(), 3);

    let l1 = dir.path().join("laptop1.db");
    let l2 = dir.path().join("laptop2.db");
    assert!(ok(admin(&db, before_event, &["outreach", "pack", "1", "--out", l1.to_str().expect("path")]))
        .contains("laptop 1"));
    assert!(ok(admin(&db, before_event, &["outreach", "pack", "1", "--out", l2.to_str().expect("path")]))
        .contains("laptop 2"));
    let listed = ok(admin(&db, before_event, &["outreach", "list"]));
    assert!(listed.contains("packed") && listed.contains("laptops 2"), "{listed}");

    // Meanwhile at the office: the third member is rescheduled to an office day.
    {
        let mut store = Store::open(&db).expect("open office");
        let sup = store.authenticate("admin", "rahasia").expect("sign in");
        store
            .reschedule(&sup, &members[2], "2026-12-03".parse().expect("date"), "10:00", None, t("2026-11-30T15:00:00"))
            .expect("reschedule");
    }

    // Laptop 1: the group checks in together; all three are served (the third one too: the conflict).
    for m in &members {
        let out = ok(admin(&l1, "2026-12-01T09:10", &["check-in", m]));
        assert!(out.contains("A-L1-"), "laptop 1's own queue prefix: {out}");
    }
    for m in &members {
        serve(&l1, m, "2026-12-01T09:40:00");
    }
    let w1 =
        code_of(&ok(walk_in(&l1, "2026-12-01T10:00", "3404021011880001", "Budi Santoso", "L", "1988-11-10", "baru")));
    serve(&l1, &w1, "2026-12-01T10:20:00");

    // Laptop 2: two walk-ins (one replacement); lost passports and made-up regencies are refused.
    let w2 = ok(walk_in(&l2, "2026-12-01T09:30", "3404025011880001", "Sri Wahyuni", "P", "1988-11-10", "penggantian"));
    assert!(w2.contains("A-L2-001"), "laptop 2's own numbers: {w2}");
    let w2 = code_of(&w2);
    let w3 =
        code_of(&ok(walk_in(&l2, "2026-12-02T11:00", "3374011506900001", "Joko Widodo", "L", "1990-06-15", "baru")));
    serve(&l2, &w2, "2026-12-01T10:00:00");
    let lost = walk_in(&l2, "2026-12-01T11:00", "3374015506900002", "Rina", "P", "1990-06-15", "hilang");
    assert_eq!(lost.status, 2);
    assert!(lost.stderr.contains("does not offer hilang"), "{}", lost.stderr);
    let fake = walk_in(&l2, "2026-12-01T11:00", "3406021011880001", "Rudi", "L", "1988-11-10", "baru");
    assert_eq!(fake.status, 2);
    assert!(fake.stderr.contains("34.06"), "{}", fake.stderr);

    // Laptop 2 also extends a foreigner's stay permit: its own line (W) with the laptop's number.
    let permit = ok(admin(
        &l2,
        "2026-12-01T11:30",
        &[
            "stay-permit",
            "register",
            "--name",
            "John Smith",
            "--passport-no",
            "PA1234567",
            "--nationality",
            "aus",
            "--permit-type",
            "itas",
            "--permit-no",
            "2C11AB1234",
            "--expiry",
            "2026-12-20",
            "--sponsor",
            "PT Maju Jaya",
        ],
    ));
    assert!(permit.contains("W-L2-001") && permit.contains("registered"), "{permit}");
    let permit = code_of(&permit);
    for step in
        [&["stay-permit", "documents", permit.as_str()][..], &["stay-permit", "biometrics", permit.as_str()][..]]
    {
        ok(admin(&l2, "2026-12-01T11:40", step));
    }
    let early = admin(&l2, "2026-12-01T11:45", &["stay-permit", "approve", &permit, "--new-expiry", "2026-12-19"]);
    assert_eq!(early.status, 2);
    assert!(early.stderr.contains("must be after the current one"), "{}", early.stderr);
    let approved =
        ok(admin(&l2, "2026-12-01T11:45", &["stay-permit", "approve", &permit, "--new-expiry", "2027-12-20"]));
    assert!(approved.contains("extended to 2027-12-20"), "{approved}");

    let sent = |l: &Path| count(l, "SELECT COUNT(*) FROM audit_log");
    let (sent1, sent2) = (sent(&l1), sent(&l2));
    let office_audit_before = count(&db, "SELECT COUNT(*) FROM audit_log");

    // A dry run changes nothing.
    let dry: serde_json::Value = serde_json::from_str(&ok(admin(
        &db,
        "2026-12-03T08:00",
        &["outreach", "merge", l2.to_str().expect("path"), "--dry-run", "--format", "json"],
    )))
    .expect("json");
    assert_eq!(dry["counts"]["applied"], sent2);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM audit_log"), office_audit_before);

    // Laptop 2 first, then laptop 1, then laptop 1 again.
    let merge = |l: &Path| -> serde_json::Value {
        serde_json::from_str(&ok(admin(
            &db,
            "2026-12-03T08:00",
            &["outreach", "merge", l.to_str().expect("path"), "--format", "json"],
        )))
        .expect("json")
    };
    let r2 = merge(&l2);
    assert_eq!(r2["counts"], serde_json::json!({"sent": sent2, "applied": sent2, "duplicate": 0, "conflict": 0}));
    let r1 = merge(&l1);
    let c = &r1["counts"];
    assert_eq!(c["sent"], sent1);
    assert!(c["conflict"].as_i64().expect("n") > 0, "{r1}");
    assert_eq!(
        c["applied"].as_i64().expect("n") + c["duplicate"].as_i64().expect("n") + c["conflict"].as_i64().expect("n"),
        sent1
    );
    let conflict_id = format!("{}/L1", members[2]);
    assert_eq!(r1["conflicts"][0]["id"], conflict_id.as_str(), "{r1}");
    assert_eq!(r1["conflicts"][0]["kind"], "office_changed");
    assert_eq!(r1["conflicts"][0]["office_version"]["application"]["slot_date"], "2026-12-03");
    assert_eq!(r1["conflicts"][0]["laptop_version"]["application"]["status"], "approved");
    let snapshot = |db: &Path| {
        (
            count(db, "SELECT COUNT(*) FROM applications"),
            count(db, "SELECT COUNT(*) FROM applicants"),
            // A merge's own audit row is its run log (one per run), so it is left out.
            count(db, "SELECT COUNT(*) FROM audit_log WHERE action <> 'outreach_merge'"),
            count(db, "SELECT COUNT(*) FROM outreach_conflicts"),
            count(db, "SELECT COUNT(*) FROM outreach_held_events"),
        )
    };
    let after_first = snapshot(&db);
    let again = merge(&l1);
    assert_eq!(again["counts"], serde_json::json!({"sent": sent1, "applied": 0, "duplicate": sent1, "conflict": 0}));
    assert_eq!(snapshot(&db), after_first, "merging the same file again changes nothing");

    assert_eq!(
        count(&db, &format!("SELECT COUNT(*) FROM stay_permits WHERE code = '{permit}' AND status = 'approved'")),
        1
    );
    // Every laptop row arrived once: 3 walk-ins new at the office, the group members not duplicated.
    assert_eq!(count(&db, "SELECT COUNT(*) FROM applications WHERE event_id = 1"), 6);
    for w in [&w1, &w2, &w3] {
        assert_eq!(count(&db, &format!("SELECT COUNT(*) FROM applications WHERE booking_code = '{w}'")), 1);
    }
    assert_eq!(
        count(&db, &format!("SELECT COUNT(*) FROM applications WHERE booking_code = '{w1}' AND status = 'approved'")),
        1
    );
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM applications WHERE group_code = 'UMR1' AND status = 'approved'"),
        2,
        "the two members the office left alone came back approved"
    );
    // Every laptop audit row is in the office's log exactly once, with its hash (the held ones too: the chain
    // stays whole; the conflict says which of them the office's rows do not reflect).
    let conn = rusqlite::Connection::open(&db).expect("open");
    for laptop in [&l1, &l2] {
        let lconn = rusqlite::Connection::open(laptop).expect("open laptop");
        let mut stmt = lconn.prepare("SELECT id FROM audit_log").expect("prepare");
        let ids: Vec<String> = stmt.query_map([], |r| r.get(0)).expect("q").map(|r| r.expect("row")).collect();
        for id in ids {
            let n: i64 =
                conn.query_row("SELECT COUNT(*) FROM audit_log WHERE id = ?1", [&id], |r| r.get(0)).expect("count");
            assert_eq!(n, 1, "event {id} of {}", laptop.display());
        }
    }
    drop(conn);

    // The office's audit trail verifies: its own chain and one whole chain per laptop.
    let verified = ok(admin(&db, "2026-12-03T08:00", &["audit", "verify"]));
    assert!(verified.contains("intact") && verified.contains("3 chain(s)"), "{verified}");

    // The report, as a supervisor sees it, and the resolution.
    let listed = ok(admin(&db, "2026-12-03T08:00", &["outreach", "conflicts"]));
    assert!(
        listed.contains(&conflict_id) && listed.contains("open") && listed.contains("office changed it"),
        "{listed}"
    );
    let resolved = ok(admin(
        &db,
        "2026-12-03T08:05",
        &["outreach", "resolve", &conflict_id, "--keep", "laptop", "--note", "served at the event"],
    ));
    assert!(resolved.contains("resolved (laptop kept by admin)"), "{resolved}");
    assert_eq!(
        count(&db, &format!("SELECT COUNT(*) FROM applications WHERE booking_code = '{}' AND status = 'approved' AND slot_date = '2026-12-01'", members[2])),
        1
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM outreach_held_events"), 0);
    let twice = admin(&db, "2026-12-03T08:06", &["outreach", "resolve", &conflict_id, "--keep", "office"]);
    assert_eq!(twice.status, 2);
    assert!(twice.stderr.contains("already resolved"), "{}", twice.stderr);
    // After the resolution, merging laptop 1 once more still changes nothing.
    let after_resolve = snapshot(&db);
    let again = merge(&l1);
    assert_eq!(again["counts"]["duplicate"], sent1);
    assert_eq!(snapshot(&db), after_resolve);
    let listed = ok(admin(&db, "2026-12-03T08:00", &["outreach", "list"]));
    assert!(listed.contains("merged") && listed.contains("open conflicts 0"), "{listed}");

    // Collective pickup: the group's passports are made ready, then handed to the leader at once.
    {
        let mut store = Store::open(&db).expect("open office");
        let sup = store.authenticate("admin", "rahasia").expect("sign in");
        for (i, m) in members.iter().enumerate() {
            store.mark_ready(&sup, m, &format!("C{:07}", 1000 + i), t("2026-12-07T09:00:00")).expect("ready");
        }
    }
    let out = ok(admin(&db, "2026-12-07T10:00", &["outreach", "group-pickup", "UMR1", "--collected-by", "H. Ahmad"]));
    assert!(out.starts_with("3 passports"), "{out}");
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM audit_log WHERE action = 'hand_over' AND detail LIKE '%group UMR1%'"),
        3
    );
    let progress = ok(admin(&db, "2026-12-07T10:00", &["outreach", "group", "UMR1"]));
    assert!(progress.contains("3 members: handed_over 3"), "{progress}");

    // The outreach section of the supervisors' report: per event day and service, and the conflicts.
    let report: serde_json::Value = serde_json::from_str(&ok(admin(
        &db,
        "2026-12-07T10:00",
        &["outreach", "report", "--date", "2026-12-01", "--to", "2026-12-02", "--format", "json"],
    )))
    .expect("json");
    let row = |date: &str, service: &str| -> serde_json::Value {
        report["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .find(|r| r["date"] == date && r["service"] == service)
            .cloned()
            .unwrap_or_else(|| panic!("no row {date} {service}: {report}"))
    };
    let day1 = row("2026-12-01", "baru");
    assert_eq!(
        (day1["served"].as_i64(), day1["approved"].as_i64(), day1["rejected"].as_i64()),
        (Some(4), Some(4), Some(0))
    );
    assert_eq!(day1["pnbp_idr"], 4 * 950_000);
    assert_eq!(row("2026-12-01", "penggantian")["approved"], 1);
    let day2 = row("2026-12-02", "baru");
    assert_eq!((day2["served"].as_i64(), day2["approved"].as_i64()), (Some(1), Some(0)));
    let permits = row("2026-12-01", "izin_tinggal");
    assert_eq!((permits["served"].as_i64(), permits["approved"].as_i64()), (Some(1), Some(1)));
    assert_eq!(permits["pnbp_idr"], 1_500_000);
    assert_eq!(report["conflicts"], serde_json::json!([[1, 0, 1]]));
    let text =
        ok(admin(&db, "2026-12-07T10:00", &["outreach", "report", "--date", "2026-12-01", "--to", "2026-12-02"]));
    assert!(text.contains("merge conflicts 0 open, 1 resolved"), "{text}");
    // The supervisors' report carries the same section.
    let text = ok(admin(&db, "2026-12-07T10:00", &["report", "--date", "2026-12-01", "--to", "2026-12-02"]));
    assert!(
        text.contains("Outreach")
            && text.contains("izin_tinggal")
            && text.contains("merge conflicts 0 open, 1 resolved"),
        "{text}"
    );

    for d in [&db, &l1, &l2] {
        healthy(d);
    }
}

#[test]
fn merge_refuses_foreign_unknown_and_non_outreach_files_with_one_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = office(dir.path(), "office.db");
    let other = office(dir.path(), "other.db");
    let now = "2026-11-30T10:00";
    let create = [
        "outreach",
        "create",
        "--name",
        "Eazy Paspor",
        "--place",
        "SMA 1",
        "--from",
        "2026-12-01",
        "--to",
        "2026-12-01",
    ];
    ok(admin(&db, now, &create));
    ok(admin(&other, now, &create));
    let foreign = dir.path().join("foreign.db");
    ok(admin(&other, now, &["outreach", "pack", "1", "--out", foreign.to_str().expect("path")]));
    let before = count(&db, "SELECT COUNT(*) FROM audit_log");

    let r = admin(&db, now, &["outreach", "merge", foreign.to_str().expect("path")]);
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains("packed by another office"), "{}", r.stderr);
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);

    // The office database itself is not an outreach database.
    let r = admin(&db, now, &["outreach", "merge", other.to_str().expect("path")]);
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains("is not an outreach database"), "{}", r.stderr);
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "not a database at all, just some text that is long enough").expect("write");
    let r = admin(&db, now, &["outreach", "merge", text.to_str().expect("path")]);
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains("is not an outreach database"), "{}", r.stderr);

    // A laptop from a newer loket.
    let mine = dir.path().join("mine.db");
    ok(admin(&db, now, &["outreach", "pack", "1", "--out", mine.to_str().expect("path")]));
    let newer = dir.path().join("newer.db");
    std::fs::copy(&mine, &newer).expect("copy");
    rusqlite::Connection::open(&newer).expect("open").pragma_update(None, "user_version", 99).expect("bump");
    let r = admin(&db, now, &["outreach", "merge", newer.to_str().expect("path")]);
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains("schema version 99"), "{}", r.stderr);
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);

    // That event offers no stay permits: the laptop refuses one.
    let r = admin(
        &mine,
        "2026-12-01T10:00",
        &[
            "stay-permit",
            "register",
            "--name",
            "Jan de Vries",
            "--passport-no",
            "NX1234567",
            "--nationality",
            "NLD",
            "--permit-type",
            "itas",
            "--permit-no",
            "X1",
            "--expiry",
            "2026-12-20",
            "--sponsor",
            "PT Maju",
        ],
    );
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains("does not offer stay-permit extensions"), "{}", r.stderr);

    assert_eq!(count(&db, "SELECT COUNT(*) FROM audit_log"), before + 1, "only the pack was recorded");
    healthy(&db);
}

#[test]
fn a_merge_killed_midway_leaves_the_office_unchanged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = office(dir.path(), "office.db");
    let now = "2026-11-30T10:00";
    ok(admin(
        &db,
        now,
        &[
            "outreach",
            "create",
            "--name",
            "Si Semar Paten",
            "--place",
            "Grobogan",
            "--from",
            "2026-12-01",
            "--to",
            "2026-12-01",
        ],
    ));
    let l1 = dir.path().join("laptop1.db");
    ok(admin(&db, now, &["outreach", "pack", "1", "--out", l1.to_str().expect("path")]));
    for (i, nik) in ["3404021011880001", "3404025011880001", "3374011506900001"].iter().enumerate() {
        let sex = if nik.as_bytes()[6] >= b'4' { "P" } else { "L" };
        let birth = if i == 2 { "1990-06-15" } else { "1988-11-10" };
        ok(walk_in(&l1, "2026-12-01T09:30", nik, &format!("Pemohon {i}"), sex, birth, "baru"));
    }
    let dump = |db: &Path| -> Vec<String> {
        let conn = rusqlite::Connection::open(db).expect("open");
        let mut out = Vec::new();
        for table in ["applications", "applicants", "audit_log", "outreach_merges", "outreach_conflicts"] {
            let mut stmt = conn.prepare(&format!("SELECT * FROM {table} ORDER BY 1")).expect("prepare");
            let n = stmt.column_count();
            let rows = stmt
                .query_map([], |r| {
                    (0..n)
                        .map(|i| r.get::<_, rusqlite::types::Value>(i).map(|v| format!("{v:?}")))
                        .collect::<Result<Vec<_>, _>>()
                })
                .expect("query");
            out.extend(rows.map(|r| format!("{table}: {}", r.expect("row").join("|"))));
        }
        out
    };
    let before = dump(&db);

    let marker = dir.path().join("merging");
    let mut child = Command::new(env!("CARGO_BIN_EXE_loket"))
        .arg("--db")
        .arg(&db)
        .args(["--user", "admin", "--password-stdin", "--now", "2026-12-02T08:00", "outreach", "merge"])
        .arg(&l1)
        .env("LOKET_TEST_MERGE_STALL", &marker)
        .env_remove("LOKET_NOW")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start merge");
    child.stdin.take().expect("stdin").write_all(b"rahasia\n").expect("password");
    let started = std::time::Instant::now();
    while !marker.exists() {
        assert!(started.elapsed() < std::time::Duration::from_secs(60), "the merge never reached its stall point");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // SIGKILL: no destructor, no rollback by the process itself.
    child.kill().expect("kill");
    let _ = child.wait();

    assert_eq!(dump(&db), before, "a killed merge leaves the office as it was");
    healthy(&db);
    // And the merge then runs through normally.
    let out = ok(admin(&db, "2026-12-02T08:00", &["outreach", "merge", l1.to_str().expect("path")]));
    assert!(out.contains("0 duplicate"), "{out}");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM applications WHERE event_id = 1"), 3);
    healthy(&db);
}

#[test]
fn a_bad_group_list_is_reported_line_by_line_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = office(dir.path(), "office.db");
    let now = "2026-11-30T10:00";
    ok(admin(
        &db,
        now,
        &[
            "outreach",
            "create",
            "--name",
            "Eazy Paspor",
            "--place",
            "SMA 1",
            "--from",
            "2026-12-01",
            "--to",
            "2026-12-01",
            "--quota-per-day",
            "3",
        ],
    ));
    let list = dir.path().join("list.csv");
    let import = |rows: &str| {
        std::fs::write(&list, format!("full_name,nik,birth_date,sex,application_type,phone\n{rows}")).expect("write");
        admin(
            &db,
            now,
            &[
                "outreach",
                "group-import",
                list.to_str().expect("path"),
                "--event",
                "1",
                "--group",
                "SMA1",
                "--name",
                "SMA 1",
                "--leader",
                "Bu Guru",
                "--contact",
                "0812",
                "--date",
                "2026-12-01",
            ],
        )
    };
    let before = count(&db, "SELECT COUNT(*) FROM applications");
    let r = import(
        "Ahmad,3406011203850001,1985-03-12,L,baru,\n\
         Budi,3315011203850001,1985-03-13,L,baru,\n\
         Citra,3315015203870002,1987-03-12,P,rusak,\n\
         Dedi,3315015203870002,1987-03-12,P,baru,\n",
    );
    assert_eq!(r.status, 2);
    let file = list.display().to_string();
    for want in [
        format!("{file}:2: nik: NIK regency/city code 34.06 does not exist"),
        format!("{file}:3: nik: NIK says born 1985-03-12, not 1985-03-13"),
        format!("{file}:4: old_passport_no: a replacement needs"),
        format!("{file}:5: nik: listed twice (also on line 4)"),
    ] {
        assert!(r.stderr.contains(&want), "missing {want:?} in:\n{}", r.stderr);
    }
    // Valid rows, but the day holds only 3.
    let r = import(
        "A,3315011203850001,1985-03-12,L,baru,\nB,3315011203850002,1985-03-12,L,baru,\nC,3315011203850003,1985-03-12,L,baru,\nD,3315011203850004,1985-03-12,L,baru,\n",
    );
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains("quota for 2026-12-01 is 3 a day: 0 booked + 4 in this list"), "{}", r.stderr);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM applications"), before, "nothing written");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM outreach_groups"), 0, "not even the group");
}

//! Foreigners' stay permits in the supervisors' report: their own rows, apart from the passports, in the report
//! data and in every format (text, CSV, JSON, HTML, PDF). The right answers are worked out by hand below; the
//! passport figures of the same day must not move when stay permits are added.

mod common;

use chrono::{DateTime, Utc};
use common::{at, booking, date, Office};
use loket::cli::{Lang, ReportFormat};
use loket::domain::staypermit::{PermitType, StayEvent};
use loket::report::{self, Options, Report, StayPermitCounts};
use loket::store::NewStayPermit;

const DAY: &str = "2026-11-25";
const EN: Options = Options { lang: Lang::En, summary: false };
const ID: Options = Options { lang: Lang::Id, summary: false };

fn wib(day: &str, hhmm: &str) -> DateTime<Utc> {
    at(&format!("{day}T{hhmm}:00+07:00"))
}

fn t(hhmm: &str) -> DateTime<Utc> {
    wib(DAY, hhmm)
}

/// A passport-only day: three bookings, two approved, one still pending.
fn passport_day() -> Office {
    let mut o = Office::new();
    o.import(&[
        booking("STY00001", DAY, "08:00").build(),
        booking("STY00002", DAY, "08:00").build(),
        booking("STY00003", DAY, "09:00").build(),
    ]);
    o.bring_to_approved("STY00001", t("08:20"));
    o.bring_to_approved("STY00002", t("08:40"));
    o
}

fn permit(n: u32, permit_type: PermitType) -> NewStayPermit {
    NewStayPermit {
        full_name: format!("Foreigner {n}"),
        passport_no: format!("PA{:07}", 4000 + n),
        nationality: "NLD".into(),
        permit_type,
        permit_no: format!("2C11AB{n:04}"),
        current_expiry: date("2026-12-31"),
        sponsor: "PT Maju Jaya".into(),
    }
}

/// Registers a stay permit at `registered` and takes it through `steps`, each at its own instant.
fn stay(o: &mut Office, n: u32, p: PermitType, registered: DateTime<Utc>, steps: &[(StayEvent, DateTime<Utc>)]) {
    let officer = o.officer.clone();
    let code = o.store.register_stay_permit(&officer, &permit(n, p), registered).expect("register").code;
    for (e, now) in steps {
        let (new, why) = match e {
            StayEvent::Approve => (Some(date("2027-12-31")), None),
            StayEvent::Refuse => (None, Some("sponsor letter not valid")),
            _ => (None, None),
        };
        o.store.stay_permit_step(&officer, &code, *e, new, why, *now).expect("step");
    }
}

/// The day's stay permits (fees from assets/stay-permit-fees.csv: ITAS Rp1.500.000, ITAP Rp5.000.000, visit-visa
/// extension Rp500.000):
/// * A, ITAS: registered 25th 08:00, documents, biometrics, approved 09:00, handed over 10:00;
/// * B, visit extension: registered 25th 08:30, documents, refused 09:30;
/// * C, ITAP: registered 25th 11:00, documents checked only (in progress);
/// * D, ITAS: registered the 24th 14:00, approved the 25th 08:15 (decision in range, registration and fee not);
/// * E, visit extension: registered 25th 12:00, approved the 26th 09:00 (registration in range, decision not).
///
/// So: ITAS registered 1 (A), approved 2 (A, D), handed over 1 (A), Rp1.500.000; ITAP registered 1, in progress
/// 1, Rp5.000.000; visit extension registered 2 (B, E), refused 1 (B), Rp1.000.000. Total: registered 4, in
/// progress 1, approved 2, refused 1, handed over 1, Rp7.500.000.
fn add_stay_permits(o: &mut Office) {
    use StayEvent::*;
    let full = |a: &str, b: &str| vec![(CheckDocuments, t(a)), (TakeBiometrics, t(a)), (Approve, t(b))];
    let mut a = full("08:10", "09:00");
    a.push((HandOver, t("10:00")));
    stay(o, 1, PermitType::Itas, t("08:00"), &a);
    stay(o, 2, PermitType::VisitExtension, t("08:30"), &[(CheckDocuments, t("08:40")), (Refuse, t("09:30"))]);
    stay(o, 3, PermitType::Itap, t("11:00"), &[(CheckDocuments, t("11:10"))]);
    let d = vec![
        (CheckDocuments, wib("2026-11-24", "14:10")),
        (TakeBiometrics, wib("2026-11-24", "14:20")),
        (Approve, t("08:15")),
    ];
    stay(o, 4, PermitType::Itas, wib("2026-11-24", "14:00"), &d);
    let e = vec![(CheckDocuments, t("12:10")), (TakeBiometrics, t("12:20")), (Approve, wib("2026-11-26", "09:00"))];
    stay(o, 5, PermitType::VisitExtension, t("12:00"), &e);
}

fn build(o: &Office) -> Report {
    report::build(&o.store, date(DAY), date(DAY), "kepala", t("17:00")).expect("report")
}

fn c(
    registered: u32,
    in_progress: u32,
    approved: u32,
    refused: u32,
    handed_over: u32,
    pnbp_idr: u64,
) -> StayPermitCounts {
    StayPermitCounts { registered, in_progress, approved, refused, handed_over, pnbp_idr }
}

fn with_stay_permits() -> Report {
    let mut o = passport_day();
    add_stay_permits(&mut o);
    build(&o)
}

#[test]
fn the_report_data_has_stay_permit_rows_per_permit_type() {
    let r = with_stay_permits();
    let s = &r.stay_permits;
    assert_eq!(s.total, c(4, 1, 2, 1, 1, 7_500_000));
    let rows: Vec<(&str, StayPermitCounts)> =
        s.by_permit_type.iter().map(|t| (t.permit_type.as_str(), t.counts)).collect();
    assert_eq!(
        rows,
        vec![
            ("itas", c(1, 0, 2, 0, 1, 1_500_000)),
            ("itap", c(1, 1, 0, 0, 0, 5_000_000)),
            ("perpanjangan_visa_kunjungan", c(2, 0, 0, 1, 0, 1_000_000)),
        ]
    );
    // The next day: E approved, nothing registered.
    let o = {
        let mut o = passport_day();
        add_stay_permits(&mut o);
        o
    };
    let next = report::build(&o.store, date("2026-11-26"), date("2026-11-26"), "kepala", t("17:00")).unwrap();
    assert_eq!(next.stay_permits.total, c(0, 0, 1, 0, 0, 0));
    // A range of both days counts E's registration and decision, and D's registration (the 24th) not.
    let range = report::build(&o.store, date("2026-11-25"), date("2026-11-26"), "kepala", t("17:00")).unwrap();
    assert_eq!(range.stay_permits.total, c(4, 1, 3, 1, 1, 7_500_000));
}

#[test]
fn stay_permits_leave_the_passport_figures_as_they_were() {
    let mut o = passport_day();
    let mut before = build(&o);
    add_stay_permits(&mut o);
    let mut after = build(&o);
    assert!(before.stay_permits.total.is_empty());
    // The audit chain moved on (the stay permits wrote audit rows); every other figure is the same.
    before.chain_head = None;
    after.chain_head = None;
    assert_ne!(before, after);
    after.stay_permits = before.stay_permits.clone();
    assert_eq!(before, after);
    assert_eq!(before.decisions.approved, 2);
    assert_eq!(before.pnbp.collected_idr, after.pnbp.collected_idr);
    // Text, HTML and PDF print no stay-permit section on a passport-only day.
    for format in [ReportFormat::Text, ReportFormat::Html] {
        let text = report::render_text(&before, format, &EN).to_lowercase();
        assert!(!text.contains("stay permit"), "{format:?}");
    }
    let pages = report::pdf_page_texts(&before, &EN).unwrap().concat().join("\n").to_lowercase();
    assert!(!pages.contains("stay permit"));
    let with = report::pdf_page_texts(&build(&o), &EN).unwrap().concat().join("\n").to_lowercase();
    assert!(with.contains("stay permits"), "the check above can fail");
    // CSV and JSON always carry the rows (zeros), so tools see a stable shape.
    let csv = report::render_text(&before, ReportFormat::Csv, &EN);
    assert!(csv.contains("stay_permit,,all,registered,0\n"), "{csv}");
    assert!(csv.contains("stay_permit,,itap,pnbp_idr,0\n"));
}

#[test]
fn csv_has_one_row_per_stay_permit_figure() {
    let r = with_stay_permits();
    let text = report::render_text(&r, ReportFormat::Csv, &EN);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<Vec<String>> =
        reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>()).collect();
    let value = |key: &str, measure: &str| -> String {
        rows.iter()
            .find(|r| r[0] == "stay_permit" && r[2] == key && r[3] == measure)
            .unwrap_or_else(|| panic!("no stay_permit,{key},{measure}"))[4]
            .clone()
    };
    assert_eq!(value("all", "registered"), "4");
    assert_eq!(value("all", "pnbp_idr"), "7500000");
    assert_eq!(value("itas", "approved"), "2");
    assert_eq!(value("itas", "handed_over"), "1");
    assert_eq!(value("itap", "in_progress"), "1");
    assert_eq!(value("perpanjangan_visa_kunjungan", "refused"), "1");
    assert_eq!(rows.iter().filter(|r| r[0] == "stay_permit").count(), 4 * 6, "all + 3 types, 6 measures each");
    // Still one fact per row.
    let mut seen = std::collections::HashSet::new();
    assert!(rows.iter().all(|r| seen.insert(r[..4].to_vec())));
}

#[test]
fn json_has_the_stay_permits_apart_from_the_passports() {
    let r = with_stay_permits();
    let v: serde_json::Value = serde_json::from_str(&report::render_text(&r, ReportFormat::Json, &EN)).unwrap();
    let s = &v["stay_permits"];
    assert_eq!(s["registered"], 4);
    assert_eq!(s["in_progress"], 1);
    assert_eq!(s["approved"], 2);
    assert_eq!(s["refused"], 1);
    assert_eq!(s["handed_over"], 1);
    assert_eq!(s["pnbp_idr"], 7_500_000);
    assert_eq!(s["by_permit_type"][0]["permit_type"], "itas");
    assert_eq!(s["by_permit_type"][2]["permit_type"], "perpanjangan_visa_kunjungan");
    assert_eq!(s["by_permit_type"][2]["pnbp_idr"], 1_000_000);
    // The passports' decisions do not count them.
    assert_eq!(v["decisions"]["approved"], 2);
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/report-json.md")).unwrap();
    for k in ["`stay_permits`", "`stay_permits.in_progress`", "`by_permit_type`", "`stay_permits.pnbp_idr`"] {
        assert!(doc.contains(k), "docs/report-json.md does not document {k}");
    }
}

#[test]
fn text_and_html_print_a_stay_permit_table_in_both_languages() {
    let r = with_stay_permits();
    let text = report::render_text(&r, ReportFormat::Text, &EN);
    assert!(text.contains("Foreigners' stay permits (extensions)"), "{text}");
    let line = |prefix: &str| text.lines().find(|l| l.trim_start().starts_with(prefix)).map(str::to_string);
    let itas = line("ITAS").expect("ITAS row");
    let cells: Vec<&str> = itas.split_whitespace().collect();
    assert_eq!(cells, vec!["ITAS", "1", "0", "2", "0", "1", "Rp", "1,500,000"], "{itas}");
    let visit = line("Visit visa extension").expect("visit row");
    let cells: Vec<&str> = visit.split_whitespace().collect();
    assert_eq!(cells, vec!["Visit", "visa", "extension", "2", "0", "0", "1", "0", "Rp", "1,000,000"], "{visit}");
    let total = text.lines().rfind(|l| l.trim_start().starts_with("Total")).expect("total row");
    let cells: Vec<&str> = total.split_whitespace().collect();
    assert_eq!(cells, vec!["Total", "4", "1", "2", "1", "1", "Rp", "7,500,000"], "{total}");
    let html = report::render_text(&r, ReportFormat::Html, &EN);
    assert!(html.contains("<h2>Foreigners&#39; stay permits (extensions)</h2>"), "{html}");
    assert!(
        html.contains(
            "<td class=\"l\">ITAP</td><td>1</td><td>1</td><td>0</td><td>0</td><td>0</td><td>Rp 5,000,000</td>"
        ),
        "{html}"
    );
    assert!(html.contains(
        "<tr class=\"sum\"><td class=\"l\">Total</td><td>4</td><td>1</td><td>2</td><td>1</td><td>1</td><td>Rp 7,500,000</td></tr>"
    ));
    let id = report::render_text(&r, ReportFormat::Html, &ID);
    assert!(id.contains("<h2>Izin tinggal WNA (perpanjangan)</h2>"));
    assert!(id.contains("<td class=\"l\">Perpanjangan visa kunjungan</td><td>2</td><td>0</td><td>0</td><td>1</td><td>0</td><td>Rp 1.000.000</td>"), "{id}");
}

#[test]
fn the_pdf_prints_the_stay_permit_table() {
    let r = with_stay_permits();
    let pages = report::pdf_page_texts(&r, &ID).unwrap();
    let all = pages.concat();
    assert!(all.iter().any(|l| l.contains("Izin tinggal WNA (perpanjangan)")), "{all:#?}");
    assert!(all.iter().any(|l| l.contains("Rp 7.500.000")), "{all:#?}");
    let bytes = report::render(&r, ReportFormat::Pdf, &ID).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
}

/// The report screen (F8) shows the day's stay permits on a line of their own, and nothing on a passport-only day.
#[test]
fn the_report_screen_shows_the_stay_permits() {
    use loket::tui::screens::report::{view, ReportState};
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;
    let screen = |o: &Office, lang: Lang| -> String {
        let state = ReportState::load(&o.store, date(DAY), "kepala", t("17:00")).expect("report");
        let mut terminal = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
        terminal.draw(|f| view(f, f.area(), &state, lang)).expect("draw");
        let buffer = terminal.backend().buffer().clone();
        (0..48)
            .map(|y| (0..160).map(|x| buffer[(x, y)].symbol().to_string()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut o = passport_day();
    assert!(!screen(&o, Lang::En).to_lowercase().contains("stay permit"));
    add_stay_permits(&mut o);
    let en = screen(&o, Lang::En);
    assert!(
        en.contains(
            "Foreigners' stay permits (extensions): Registered 4 · Approved 2 · Refused 1 · Handed over 1 · PNBP Rp 7,500,000"
        ),
        "{en}"
    );
    let id = screen(&o, Lang::Id);
    assert!(id.contains("Izin tinggal WNA (perpanjangan): Terdaftar 4 · Disetujui 2 · Ditolak 1"), "{id}");
}

//! What a head of office reads the report for, on hand-made days whose right answers are worked out in the
//! comments: the share of applicants who waited too long (service level), the previous period beside a range
//! (▲/▼), a month on one or two pages (`--summary`), the printed PDF (two A4 pages for a day, vector charts,
//! page numbers, the signature block) and figures that cannot be right shown as a data problem.

mod common;

use chrono::{DateTime, Utc};
use common::{at, booking, date, Office};
use loket::cli::{Lang, ReportFormat};
use loket::domain::lifecycle::{CancelReason, RejectionReason};
use loket::report::{self, Options, Presence, ServiceLevel, TimeStats};
use std::io::Read;

fn wib(day: &str, hhmm: &str) -> DateTime<Utc> {
    let t = if hhmm.len() == 5 { format!("{hhmm}:00") } else { hhmm.to_string() };
    at(&format!("{day}T{t}+07:00"))
}

const ID: Options = Options { lang: Lang::Id, summary: false };
const EN: Options = Options { lang: Lang::En, summary: false };
const SUMMARY: Options = Options { lang: Lang::Id, summary: true };

fn stats(count: u32, median: f64, p90: f64, max: f64, mean: f64) -> TimeStats {
    TimeStats {
        count,
        median_minutes: Some(median),
        p90_minutes: Some(p90),
        max_minutes: Some(max),
        mean_minutes: Some(mean),
    }
}

fn level(waited: u32, over: u32, percent: Option<f64>) -> ServiceLevel {
    ServiceLevel { waited, over_alert: over, over_alert_percent: percent }
}

/// Checks in at `checked_in`, calls to `counter` at `called` (both office time on `day`).
fn wait(o: &mut Office, code: &str, day: &str, checked_in: &str, called: &str, counter: u32) {
    let officer = o.officer.clone();
    o.store.check_in(&officer, code, None, wib(day, checked_in)).unwrap();
    o.store.call(&officer, code, counter, wib(day, called)).unwrap();
}

fn approve(o: &mut Office, code: &str, day: &str, hhmm: &str) {
    let officer = o.officer.clone();
    o.store.record_interview(&officer, code, wib(day, hhmm)).unwrap();
    o.store.record_photo(&officer, code, wib(day, hhmm)).unwrap();
    o.store.approve(&officer, code, wib(day, hhmm)).unwrap();
}

fn no_show(o: &mut Office, code: &str, day: &str) {
    let supervisor = o.supervisor.clone();
    o.store.cancel(&supervisor, code, CancelReason::NoShow, wib(day, "16:10")).unwrap();
}

/// Wednesday 2026-11-25, alert at 45 minutes (the default). Line A: five check-ins at 07:30 called after 10,
/// 50, 46, 45 (exactly the threshold: not longer) and 60 minutes; line E: one waited 4 minutes.
#[test]
fn service_level_is_the_share_of_waits_longer_than_the_alert() {
    let day = "2026-11-25";
    let mut o = Office::new();
    let mut rows: Vec<_> = (1..=5).map(|i| booking(&format!("SLA0000{i}"), day, "08:00").build()).collect();
    rows.push(booking("SLE00006", day, "08:00").express().build());
    o.import(&rows);
    for (i, (code, call)) in [
        ("SLA00001", "07:40"),
        ("SLA00002", "08:20"),
        ("SLA00003", "08:16"),
        ("SLA00004", "08:15"),
        ("SLA00005", "08:30"),
    ]
    .iter()
    .enumerate()
    {
        wait(&mut o, code, day, "07:30", call, i as u32 + 1);
    }
    wait(&mut o, "SLE00006", day, "07:31", "07:35", 6);
    let r = report::build(&o.store, date(day), date(day), "kepala", wib(day, "17:00")).unwrap();
    assert_eq!(r.alert_minutes, 45);
    // A: 3 of 5 waited longer than 45 minutes (50, 46, 60) = 60.0 %. Sorted 10 45 46 50 60: median rank 3 = 46,
    // p90 rank ⌈4.5⌉ = 5 = 60, mean 211 / 5 = 42.2.
    assert_eq!(r.lines[0].service_level, level(5, 3, Some(60.0)));
    assert_eq!(r.lines[0].waiting, stats(5, 46.0, 60.0, 60.0, 42.2));
    assert_eq!(r.lines[1].service_level, level(1, 0, Some(0.0)));
    assert_eq!(r.lines[2].service_level, level(0, 0, None));
    // All lines: 3 of 6 = 50.0 %; the day the same.
    assert_eq!(r.service_level, level(6, 3, Some(50.0)));
    assert_eq!(r.days[0].service_level, level(6, 3, Some(50.0)));
    let text = report::render_text(&r, ReportFormat::Text, &ID);
    assert!(text.contains("50,0%  menunggu lebih dari 45 menit"), "{text}");
    assert!(text.contains("3 (60,0%)"));

    // With the alert at 30 minutes the 45-minute wait counts too: A 4 of 5 = 80.0 %, all 4 of 6 = 66.7 %.
    let supervisor = o.supervisor.clone();
    o.store.set_setting(&supervisor, "wait_alert_minutes", "30", wib(day, "17:00")).unwrap();
    let r = report::build(&o.store, date(day), date(day), "kepala", wib(day, "17:00")).unwrap();
    assert_eq!(r.lines[0].service_level, level(5, 4, Some(80.0)));
    assert_eq!(r.service_level, level(6, 4, Some(66.7)));
    let csv = report::render_text(&r, ReportFormat::Csv, &ID);
    assert!(csv.contains("service_level,,all,over_alert_percent,66.7\n"));
    assert!(csv.contains("service_level,,A,over_alert,4\n"));
}

/// Wednesday 25 and Thursday 26 November against Monday 23 and Tuesday 24.
///
/// Previous: 23rd PRV00001 waits 10 (07:40→07:50) and is approved, PRV00002 a no-show; 24th PRV00003 waits 20
///   (07:40→08:00), approved. Booked 3, arrived 2, no-shows 1, served 2 (approved 2), waits 10 20 → median 10,
///   p90 20, mean 15.0, none over 45 minutes; collected 2 × 650.000.
/// Current: 25th CUR00001 waits 30 (07:40→08:10) approved, CUR00002 waits 50 (07:40→08:30) approved, CUR00003
///   and CUR00004 no-shows; 26th CUR00005 waits 5 (07:40→07:45), rejected. Booked 5, arrived 3, no-shows 2,
///   served 3 (2 approved, 1 rejected), waits 5 30 50 → median rank 2 = 30, p90 rank ⌈2.7⌉ = 3 = 50, mean 85 / 3
///   = 28.3; 1 of 3 over 45 = 33.3 %; collected 2 × 650.000.
#[test]
fn a_range_stands_beside_the_previous_period_of_the_same_length() {
    let mut o = Office::new();
    o.import(&[
        booking("PRV00001", "2026-11-23", "08:00").build(),
        booking("PRV00002", "2026-11-23", "08:00").build(),
        booking("PRV00003", "2026-11-24", "08:00").build(),
        booking("CUR00001", "2026-11-25", "08:00").build(),
        booking("CUR00002", "2026-11-25", "08:00").build(),
        booking("CUR00003", "2026-11-25", "09:00").build(),
        booking("CUR00004", "2026-11-25", "09:00").build(),
        booking("CUR00005", "2026-11-26", "08:00").build(),
    ]);
    wait(&mut o, "PRV00001", "2026-11-23", "07:40", "07:50", 1);
    approve(&mut o, "PRV00001", "2026-11-23", "08:00");
    no_show(&mut o, "PRV00002", "2026-11-23");
    wait(&mut o, "PRV00003", "2026-11-24", "07:40", "08:00", 1);
    approve(&mut o, "PRV00003", "2026-11-24", "08:10");
    wait(&mut o, "CUR00001", "2026-11-25", "07:40", "08:10", 1);
    wait(&mut o, "CUR00002", "2026-11-25", "07:41", "08:31", 2);
    approve(&mut o, "CUR00001", "2026-11-25", "08:20");
    approve(&mut o, "CUR00002", "2026-11-25", "08:40");
    no_show(&mut o, "CUR00003", "2026-11-25");
    no_show(&mut o, "CUR00004", "2026-11-25");
    wait(&mut o, "CUR00005", "2026-11-26", "07:40", "07:45", 1);
    let officer = o.officer.clone();
    o.store.record_interview(&officer, "CUR00005", wib("2026-11-26", "07:50")).unwrap();
    o.store
        .reject(&officer, "CUR00005", RejectionReason::InvalidData, "KTP palsu", wib("2026-11-26", "07:55"))
        .unwrap();

    let r =
        report::build(&o.store, date("2026-11-25"), date("2026-11-26"), "kepala", wib("2026-11-26", "17:00")).unwrap();
    let now = &r.period;
    assert_eq!((now.from, now.to), (date("2026-11-25"), date("2026-11-26")));
    assert_eq!((now.booked, now.arrived, now.no_show, now.walk_ins), (5, 3, 2, 0));
    assert_eq!((now.served, now.approved, now.rejected), (3, 2, 1));
    assert_eq!(now.waiting, stats(3, 30.0, 50.0, 50.0, 28.3));
    assert_eq!(now.service_level, level(3, 1, Some(33.3)));
    assert_eq!(now.collected_idr, 1_300_000);
    let prev = r.previous.expect("a two-day range has a previous period");
    assert_eq!((prev.from, prev.to), (date("2026-11-23"), date("2026-11-24")));
    assert_eq!((prev.booked, prev.arrived, prev.no_show, prev.walk_ins), (3, 2, 1, 0));
    assert_eq!((prev.served, prev.approved, prev.rejected), (2, 2, 0));
    assert_eq!(prev.waiting, stats(2, 10.0, 20.0, 20.0, 15.0));
    assert_eq!(prev.service_level, level(2, 0, Some(0.0)));
    assert_eq!(prev.collected_idr, 1_300_000);

    // Side by side with arrows, in both languages.
    let text = report::render_text(&r, ReportFormat::Text, &EN);
    let row = |label: &str| text.lines().find(|l| l.trim_start().starts_with(label)).unwrap_or("").to_string();
    assert!(text.contains("Compared with the previous period (Mon 23/11 – Tue 24/11/2026)"), "{text}");
    assert_eq!(squeeze(&row("Booked ")), "Booked 5 3 ▲ 2");
    assert_eq!(squeeze(&row("No-show ")), "No-show 2 1 ▲ 1");
    assert_eq!(squeeze(&row("Rejected ")), "Rejected 1 0 ▲ 1");
    assert_eq!(squeeze(&row("Median wait")), "Median wait (min) 30.0 10.0 ▲ 20.0");
    assert_eq!(squeeze(&row("Mean wait")), "Mean wait (min) 28.3 15.0 ▲ 13.3");
    assert_eq!(squeeze(&row("Waited longer than 45 min ")), "Waited longer than 45 min 33.3% 0.0% ▲ 33.3");
    assert_eq!(squeeze(&row("PNBP collected ")), "PNBP collected Rp 1,300,000 Rp 1,300,000 = 0");
    let text = report::render_text(&r, ReportFormat::Text, &ID);
    assert!(text.contains("Dibandingkan periode sebelumnya (Sen 23/11 – Sel 24/11/2026)"));
    assert!(text.lines().any(|l| squeeze(l) == "Median tunggu (menit) 30,0 10,0 ▲ 20,0"));
    // The per-day trend charts are in the HTML (booked/arrived/no-show, waits, served per counter).
    let html = report::render_text(&r, ReportFormat::Html, &ID);
    assert!(html.contains("Terjadwal, datang dan tidak hadir per hari"));
    assert!(html.contains("Waktu tunggu per hari (menit): median dan P90"));
    assert!(html.contains("Dilayani per loket per hari"));
    assert!(html.contains("<polyline"), "waits per day are a line chart");
    // CSV: both periods, dot decimals.
    let csv = report::render_text(&r, ReportFormat::Csv, &ID);
    assert!(csv.contains("period,,current,waiting_mean_minutes,28.3\n"));
    assert!(csv.contains("period,,previous,range,2026-11-23..2026-11-24\n"));
    assert!(csv.contains("day_counter,2026-11-25,2,served,1\n"));
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// November 2026 as a summary: 30 days, 9 of them weekend (Sundays 1, 8, 15, 22, 29; Saturdays 7, 14, 21, 28),
/// so 21 working days × 7 template slots × 30 = 4,410 quota. Monday 2 November: MON00001 arrived and approved,
/// MON00002 a no-show; Wednesday 18 November: MON00003 approved.
#[test]
fn a_month_summary_has_per_day_rows_and_fits_two_pages() {
    let mut o = Office::new();
    o.import(&[
        booking("MON00001", "2026-11-02", "08:00").build(),
        booking("MON00002", "2026-11-02", "09:00").build(),
        booking("MON00003", "2026-11-18", "10:00").build(),
    ]);
    wait(&mut o, "MON00001", "2026-11-02", "07:40", "07:52", 1);
    approve(&mut o, "MON00001", "2026-11-02", "08:05");
    no_show(&mut o, "MON00002", "2026-11-02");
    wait(&mut o, "MON00003", "2026-11-18", "09:30", "09:36", 2);
    approve(&mut o, "MON00003", "2026-11-18", "09:50");
    let r =
        report::build(&o.store, date("2026-11-01"), date("2026-11-30"), "kepala", wib("2026-12-01", "08:00")).unwrap();
    assert_eq!(r.days.len(), 30);
    assert_eq!(r.days.iter().filter(|d| d.day_off.is_some()).count(), 9);
    assert_eq!(r.days[0].day_off.as_deref(), Some("Sunday"));
    assert_eq!(r.totals.counts.quota, 4410);
    let (d2, d18) = (&r.days[1], &r.days[17]);
    assert_eq!((d2.counts.booked, d2.counts.arrived, d2.counts.no_show, d2.served), (2, 1, 1, 1));
    assert_eq!(d2.waiting, stats(1, 12.0, 12.0, 12.0, 12.0));
    assert_eq!((d18.counts.booked, d18.counts.arrived, d18.served), (1, 1, 1));
    assert_eq!(d18.waiting, stats(1, 6.0, 6.0, 6.0, 6.0));
    assert_eq!((r.totals.counts.booked, r.decisions.approved), (3, 2));
    let prev = r.previous.expect("previous 30 days");
    assert_eq!((prev.from, prev.to, prev.booked), (date("2026-10-02"), date("2026-10-31"), 0));

    let text = report::render_text(&r, ReportFormat::Text, &SUMMARY);
    assert!(text.starts_with("Laporan pengawas · ringkasan — Kantor Imigrasi\n"));
    assert!(text.contains("Minggu, 1 November 2026 s.d. Senin, 30 November 2026 (30 hari)"));
    assert!(text.contains("Per hari"));
    assert!(!text.contains("Per slot kedatangan"), "a summary has no per-slot detail");
    let day_rows = text
        .lines()
        .map(squeeze)
        .filter(|l| l.get(3..4) == Some(" ") && l.get(6..9) == Some("/11") && l.len() > 12)
        .count();
    assert_eq!(day_rows, 30, "{text}");
    assert!(text.lines().any(|l| squeeze(l) == "Sen 02/11 210 2 1 1 0 1 12,0 12,0 0,0%"), "{text}");
    assert!(text.lines().any(|l| squeeze(l) == "Sab 07/11 Sabtu 0 0 0 0 0 0 – – –"));
    let csv = report::render_text(&r, ReportFormat::Csv, &SUMMARY);
    assert!(!csv.lines().any(|l| l.starts_with("slot,")), "no per-slot rows in a summary");
    assert!(csv.contains("day,2026-11-02,,booked,2\n"));
    let full = report::render_text(&r, ReportFormat::Csv, &ID);
    assert!(full.contains("slot,2026-11-02,08:00-09:00,arrived,1\n"));

    let pdf = report::render(&r, ReportFormat::Pdf, &SUMMARY).unwrap();
    let pages = page_count(&pdf);
    assert!((1..=2).contains(&pages), "a month summary takes {pages} pages");
    let texts = report::pdf_page_texts(&r, &SUMMARY).unwrap();
    assert_eq!(texts.len(), pages);
    assert!(texts.concat().iter().any(|t| t == "Mengetahui,"));
}

fn page_count(pdf: &[u8]) -> usize {
    let s = String::from_utf8_lossy(pdf);
    s.matches("/Type/Page/").count() + s.matches("/Type/Page>").count() + s.matches("/Type /Page\n").count()
}

/// The streams of a PDF, inflated.
fn streams(pdf: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut rest = pdf;
    while let Some(i) = find(rest, b"stream\n") {
        let body = &rest[i + 7..];
        let Some(end) = find(body, b"endstream") else { break };
        let mut inflated = Vec::new();
        if flate2::read::ZlibDecoder::new(&body[..end]).read_to_end(&mut inflated).is_ok() {
            out.push(inflated);
        } else {
            out.push(body[..end].to_vec());
        }
        rest = &body[end + "endstream".len()..];
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The Info dictionary's title, decoded from UTF-16BE hex.
fn title(pdf: &[u8]) -> String {
    let s = String::from_utf8_lossy(pdf);
    let start = s.find("/Title<FEFF").expect("a title") + "/Title<FEFF".len();
    let hex = &s[start..start + s[start..].find('>').expect("end of title")];
    let units: Vec<u16> =
        (0..hex.len() / 4).map(|i| u16::from_str_radix(&hex[i * 4..i * 4 + 4], 16).expect("hex")).collect();
    String::from_utf16_lossy(&units)
}

/// A one-day report on paper: two A4 pages, fonts embedded, charts as vector paths (no images), page numbers,
/// the signature block with the configured name and NIP, and a long office name wrapped rather than shrunk.
#[test]
fn the_pdf_of_a_day_has_two_a4_pages() {
    let day = "2026-11-25";
    let mut o = Office::new();
    let supervisor = o.supervisor.clone();
    let long = "Kantor Imigrasi Kelas I Tempat Pemeriksaan Imigrasi Semarang — Unit Layanan Paspor Simpang Lima";
    let t0 = wib("2026-11-01", "10:00");
    o.store.set_setting(&supervisor, "office_name", long, t0).unwrap();
    o.store.set_setting(&supervisor, "report_signer_name", "Dra. Siti Rahmawati, M.Si.", t0).unwrap();
    o.store.set_setting(&supervisor, "report_signer_nip", "197805122003122001", t0).unwrap();
    let rows: Vec<_> =
        (0..14).map(|i| booking(&format!("PDF000{i:02}"), day, &format!("{:02}:00", 8 + i % 7)).build()).collect();
    o.import(&rows);
    for i in 0..6 {
        let code = format!("PDF000{i:02}");
        let slot = 8 + i % 7;
        wait(&mut o, &code, day, &format!("{:02}:30", slot - 1), &format!("{slot:02}:{:02}", 5 + i), 1 + i as u32 % 3);
        approve(&mut o, &code, day, &format!("{slot:02}:{:02}", 20 + i));
    }
    let r = report::build(&o.store, date(day), date(day), "kepala", wib(day, "17:00")).unwrap();
    let pdf = report::render(&r, ReportFormat::Pdf, &ID).unwrap();
    assert!(pdf.starts_with(b"%PDF-1.7"));
    let s = String::from_utf8_lossy(&pdf);
    assert!(s.contains("/Type/Pages/Count 2"), "two pages");
    assert_eq!(page_count(&pdf), 2);
    assert_eq!(s.matches("/MediaBox[0 0 595.28 841.89]").count(), 2, "A4");
    assert!(s.contains("DejaVuSansCondensed") && s.contains("/FontFile2"), "the font is embedded");
    assert!(!s.contains("/Subtype/Image"), "no raster images");
    assert!(s.contains("/Lang(id)"));
    assert_eq!(title(&pdf), format!("Laporan pengawas — {long} — Rabu, 25 November 2026"));
    // Page contents: filled rectangles for the bars and tiles, strokes for axes and lines — vector graphics.
    let contents: Vec<String> = streams(&pdf)
        .into_iter()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .filter(|c| c.starts_with("q 1 0 0 -1"))
        .collect();
    assert_eq!(contents.len(), 2);
    assert!(contents[0].matches("\nf\n").count() >= 20, "bars and tiles are filled paths");
    assert!(contents[0].matches("\nS\n").count() >= 10, "axes and rules are stroked paths");
    assert!(contents[0].contains(" Tj") || contents[0].contains("TJ"));

    // What each page says, in drawing order.
    let pages = report::pdf_page_texts(&r, &ID).unwrap();
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[0][0], "LAPORAN PENGAWAS");
    // The long office name wraps onto two header lines instead of shrinking the page.
    assert!(pages[0][1].len() < long.len() && long.starts_with(&pages[0][1]), "{:?}", &pages[0][..4]);
    assert!(long.ends_with(&pages[0][2]));
    assert_eq!(pages[0][3], "Rabu, 25 November 2026");
    assert!(pages[0].iter().any(|t| t == "Halaman 1 dari 2"));
    assert!(pages[1].iter().any(|t| t == "Halaman 2 dari 2"));
    let second = &pages[1];
    let at = |s: &str| second.iter().position(|t| t == s).unwrap_or_else(|| panic!("{s:?} not on page 2: {second:?}"));
    assert!(at("Mengetahui,") < at("Kepala Kantor"));
    assert!(at("Kepala Kantor") < at("Dra. Siti Rahmawati, M.Si."));
    assert!(at("Dra. Siti Rahmawati, M.Si.") < at("NIP. 19780512 200312 2 001"));
    assert!(pages[0].iter().any(|t| t == "Waktu tunggu dan layanan (menit)"));
}

/// An officer credited with more busy than present minutes is a data problem, shown, not trimmed: a session of
/// 10 minutes (08:00–08:10) but an applicant from the 08:00 call to the 08:30 approval.
#[test]
fn busy_longer_than_present_is_shown_as_a_data_problem() {
    let day = "2026-11-25";
    let mut o = Office::new();
    o.import(&[booking("DPR00001", day, "08:00").build()]);
    let officer = o.officer.clone();
    let session = o.store.open_counter_session(&officer, 1, wib(day, "08:00")).unwrap();
    wait(&mut o, "DPR00001", day, "07:40", "08:00", 1);
    o.store.close_counter_session(&session, wib(day, "08:10")).unwrap();
    approve(&mut o, "DPR00001", day, "08:30");
    let r = report::build(&o.store, date(day), date(day), "kepala", wib(day, "17:00")).unwrap();
    let f = &r.officers[0].figures;
    assert_eq!((f.busy_minutes, f.present_minutes, f.idle_minutes), (30.0, 10.0, 0.0));
    assert!(f.busy_exceeds_present && f.presence == Presence::Sessions);
    assert!(r.counters[0].figures.busy_exceeds_present);
    assert_eq!(
        r.data_problems,
        vec![
            "counter 1: busy 30.0 min but present only 10.0 min".to_string(),
            "officer petugas: busy 30.0 min but present only 10.0 min".to_string(),
        ]
    );
    let text = report::render_text(&r, ReportFormat::Text, &ID);
    assert!(text.contains("Masalah data"));
    assert!(text.contains("! Petugas petugas: tercatat sibuk lebih lama daripada hadir (Sibuk 30,0 / Hadir 10,0)"));
    assert!(text.lines().any(|l| squeeze(l) == "petugas 1 30,0 10,0 ! 6,0 sesi loket"), "{text}");
    let csv = report::render_text(&r, ReportFormat::Csv, &ID);
    assert!(csv.contains("officer,,petugas,busy_exceeds_present,true\n"));
}

/// Text from the database never reaches a terminal or a spreadsheet as control codes or formulas.
#[test]
fn stored_text_is_neutralised_in_text_and_csv() {
    let day = "2026-11-25";
    let mut o = Office::new();
    o.import(&[booking("HOS00001", day, "08:00").build()]);
    // Written by another program, past the input checks.
    let conn = rusqlite::Connection::open(&o.path).unwrap();
    conn.execute("UPDATE settings SET value = '=HYPERLINK(\"x\")' || char(27) || '[31m' WHERE key = 'office_name'", [])
        .unwrap();
    drop(conn);
    let store = o.open_another();
    let r = report::build(&store, date(day), date(day), "kepala", wib(day, "17:00")).unwrap();
    let text = report::render_text(&r, ReportFormat::Text, &ID);
    assert!(!text.contains('\u{1b}'), "no escape reaches the terminal");
    assert!(text.contains("\\u{001B}[31m"));
    let csv = report::render_text(&r, ReportFormat::Csv, &ID);
    assert!(csv.contains("report,,,office,\"'=HYPERLINK(\"\"x\"\")"), "a formula is quoted as text: {csv}");
}

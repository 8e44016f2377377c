//! The desk on an outreach laptop: the header names the event and the laptop, and a refusal of a service the
//! event does not offer reads in the officer's language.

use chrono::{DateTime, Utc};
use loket::cli::Lang;
use loket::clock::Clock;
use loket::domain::outreach::{EventService, EventSpec, OutreachRefusal};
use loket::domain::settings::{parse_hhmm, OfficeSettings};
use loket::domain::types::{ApplicationType, Role};
use loket::store::{Actor, Store, StoreError};
use loket::tui::app::App;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&format!("{s}+07:00")).expect("instant").with_timezone(&Utc)
}

fn render(app: &App, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    terminal.draw(|f| loket::tui::view::view(f, app)).expect("draw");
    terminal
        .backend()
        .to_string()
        .lines()
        .map(|l| {
            let l = l.strip_prefix('"').unwrap_or(l);
            let end = l.rfind('"').unwrap_or(l.len());
            l[..end].trim_end().to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn laptop(dir: &std::path::Path) -> std::path::PathBuf {
    let office = dir.join("office.db");
    let mut settings = OfficeSettings::default();
    settings.set("office_name", "Kantor Imigrasi Semarang").expect("name");
    let mut store = Store::create(&office, &settings).expect("create");
    let sup = Actor { name: "kepala".into(), role: Role::Supervisor };
    let spec = EventSpec {
        name: "Si Semar Paten".into(),
        place: "Gedung DPMPTSP Grobogan".into(),
        first_day: "2026-12-01".parse().expect("date"),
        last_day: "2026-12-02".parse().expect("date"),
        opening: parse_hhmm("09:00").expect("time"),
        closing: parse_hhmm("15:00").expect("time"),
        services: vec![EventService::New, EventService::Replacement],
        quota_per_day: 80,
    };
    store.create_event(&sup, &spec, t("2026-11-30T10:00:00")).expect("event");
    let path = dir.join("laptop.db");
    store.pack_event(&sup, 1, &path, t("2026-11-30T10:00:00")).expect("pack");
    path
}

#[test]
fn the_laptop_desk_names_its_event_in_the_header() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = laptop(dir.path());
    let app = App::new(Store::open(&path).expect("open"), Clock::Fixed(t("2026-12-01T09:05:00")), Lang::Id, None);
    let screen = render(&app, 80, 24);
    assert!(
        screen
            .lines()
            .nth(1)
            .is_some_and(|l| l.contains("Layanan luar kantor: Si Semar Paten · Gedung DPMPTSP Grobogan · L1")),
        "{screen}"
    );
    insta::assert_snapshot!("outreach_laptop_sign_in_80x24", screen);
    let app = App::new(Store::open(&path).expect("open"), Clock::Fixed(t("2026-12-01T09:05:00")), Lang::En, None);
    assert!(render(&app, 80, 24).contains("Outreach: Si Semar Paten"));

    // The office's own desk has no such line.
    let office = App::new(
        Store::open(&dir.path().join("office.db")).expect("open"),
        Clock::Fixed(t("2026-12-01T09:05:00")),
        Lang::Id,
        None,
    );
    assert!(!render(&office, 80, 24).contains("Layanan luar kantor"));
}

#[test]
fn a_service_the_event_does_not_offer_is_refused_in_the_officers_language() {
    let e = StoreError::Outreach(OutreachRefusal::ServiceNotOffered {
        app_type: ApplicationType::Lost,
        offered: "baru,penggantian".into(),
    });
    assert_eq!(
        loket::tui::errors::describe(Lang::Id, &e),
        "Kegiatan ini tidak melayani permohonan hilang (hanya baru, penggantian); paspor hilang dan rusak diperiksa di kantor"
    );
    // The codes are words of the desk's language: no "hilang" or "baru" in English.
    let en = loket::tui::errors::describe(Lang::En, &e);
    assert!(en.starts_with("This event does not offer lost applications (only new, replacement)"), "{en}");
}

//! The passports-due list read a page at a time (by due date, then booking code) gives the same list as the
//! whole, and the count agrees, on a demo database with a real backlog.

use chrono::{DateTime, NaiveDate, Utc};
use loket::demo::{build, DemoOptions};
use loket::domain::lifecycle::Status;
use loket::store::Store;

#[test]
fn pages_concatenate_to_the_whole_list_in_due_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("due.db");
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let now: DateTime<Utc> = "2026-11-25T03:00:00Z".parse().unwrap();
    build(&path, &DemoOptions { date: today, days: 12, per_day: 80, seed: 3 }, now, &mut |_, _| {}).unwrap();
    let store = Store::open(&path).unwrap();

    let whole = store.ready_list(today).unwrap();
    let approved = whole.iter().filter(|a| a.status == Status::Approved).count();
    let ready = whole.iter().filter(|a| a.status == Status::Ready).count();
    assert!(approved > 5 && ready > 5, "the fixture needs both parts: {approved} approved, {ready} ready");
    assert_eq!(store.ready_count(today).unwrap(), whole.len() as u64);

    // Approved (due by today) first, then ready; each by ready date, then code.
    let key = |a: &loket::store::Application| (a.status == Status::Ready, a.ready_date, a.booking_code.clone());
    assert!(whole.windows(2).all(|w| key(&w[0]) < key(&w[1])), "not in due order");
    assert!(whole.iter().all(|a| a.status == Status::Ready || a.ready_date.is_some_and(|d| d <= today)));

    for size in [1, 7, approved, approved + 1] {
        let mut paged = Vec::new();
        loop {
            let page = store.ready_page(today, paged.last(), size).unwrap();
            assert!(page.len() <= size);
            if page.is_empty() {
                break;
            }
            paged.extend(page);
        }
        let codes = |v: &[loket::store::Application]| v.iter().map(|a| a.booking_code.clone()).collect::<Vec<_>>();
        assert_eq!(codes(&paged), codes(&whole), "pages of {size}");
    }
    assert!(store.ready_page(today, None, 0).unwrap().is_empty());
}

/// The desk's passports-due screen reads a page, then the next as the cursor walks down, up to the whole list.
#[test]
fn the_screen_reads_pages_as_the_cursor_moves() {
    use loket::tui::keymap::Action;
    use loket::tui::screens::ready::{ReadyState, PAGE};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("due.db");
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let now: DateTime<Utc> = "2026-11-25T03:00:00Z".parse().unwrap();
    build(&path, &DemoOptions { date: today, days: 12, per_day: 300, seed: 4 }, now, &mut |_, _| {}).unwrap();
    let store = Store::open(&path).unwrap();
    let total = store.ready_count(today).unwrap() as usize;
    assert!(total > 2 * PAGE, "the fixture needs more than two pages: {total}");

    let mut r = ReadyState::load(&store, today).unwrap();
    assert_eq!((r.list.len(), r.total as usize), (PAGE, total));
    while r.cursor() + 1 < total {
        r.action(Action::PageDown);
        r.fill(&store).unwrap();
        assert!(r.list.len() <= total);
    }
    assert_eq!(r.list.len(), total);
    let whole: Vec<String> = store.ready_list(today).unwrap().into_iter().map(|a| a.booking_code).collect();
    assert_eq!(r.list.iter().map(|a| a.booking_code.clone()).collect::<Vec<_>>(), whole);
    // A reload keeps what was read and the selection.
    let selected = r.selected().map(|a| a.booking_code.clone());
    r.reload(&store, today).unwrap();
    assert_eq!(r.list.len(), total);
    assert_eq!(r.selected().map(|a| a.booking_code.clone()), selected);
}

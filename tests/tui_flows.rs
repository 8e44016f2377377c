mod tui_common;
use loket::cli::Lang;
use tui_common::*;

#[test]
fn explore() {
    let mut d = demo().desk(Lang::Id);
    println!("{}", d.render(80, 24));
    d.sign_in(DEMO_SUPERVISOR, DEMO_PASSWORD, 3);
    println!("{}", d.render(80, 24));
    println!("{}", d.render(160, 48));
    let mut d = Desk::office(Lang::Id);
    println!("{}", d.render(80, 24));
    d.key(crossterm::event::KeyCode::Enter);
    println!("{}", d.render(80, 24));
}

mod tui_common;
use crossterm::event::KeyCode;
use loket::cli::Lang;
use tui_common::*;

#[test]
fn explore() {
    let mut d = Desk::office(Lang::En);
    d.scan(LATE);
    d.ch('c');
    println!("{}", d.render(80, 24));
    d.ch('o');
    println!("{}", d.render(80, 24));
    d.esc();
    d.esc();
    d.esc();
    d.select_in_queue(ONTIME);
    d.ch('c');
    d.ch('a');
    d.enter();
    println!("{}", d.render(80, 24));
    d.ch('y');
    println!("{}", d.render(80, 24));
    println!("{} {}", d.screen(), d.status());
    d.esc();
    let mut s = d.other_store();
    watchlist_hendra(&mut s);
    d.ch('n');
    println!("{}", d.render(80, 24));
    d.ch('x');
    println!("{}", d.render(80, 24));
    d.esc();
    d.ch('?');
    println!("{}", d.render(80, 24));
    d.esc();
    d.key(KeyCode::F(6));
    println!("{}", d.render(80, 24));
    d.esc();
    d.key(KeyCode::F(5));
    println!("{}", d.render(80, 24));
    println!("{}", render_board(&d.app.store, Lang::En, 80, 24));
}

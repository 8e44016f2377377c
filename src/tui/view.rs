//! Drawing the desk's shared frame: header, the current screen (drawn by its room), the status line and key hints, and any popup on top.
//! No side effects: everything shown comes from `App`.

use super::app::{App, Modal, Screen};
use super::form::centered;
use super::i18n::tr;
use super::keymap;
use super::screens::board;
use super::theme;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use ratatui::Frame;

/// The smallest terminal the desk draws in; below it a notice is shown instead.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

pub fn view(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let lang = app.lang;
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let text = format!("{} ({}×{})", tr(lang, "msg.too_small"), MIN_WIDTH, MIN_HEIGHT);
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
        return;
    }
    // A long message gets a second line rather than being cut.
    let status_len = app.status.as_ref().map_or(0, |s| s.text.chars().count());
    let status_h = if status_len > usize::from(area.width) { 2 } else { 1 };
    // An outreach laptop shows its event on a second header line.
    let head_h = 1 + u16::from(app.outreach.is_some());
    let [head, body, status, hints] = Layout::vertical([
        Constraint::Length(head_h),
        Constraint::Min(0),
        Constraint::Length(status_h),
        Constraint::Length(1),
    ])
    .areas(area);
    header(frame, head, app);
    let now = app.now();
    match &app.screen {
        Screen::SignIn(form) | Screen::Locked(form) => {
            form.render(frame, body, lang);
            if app.demo && matches!(app.screen, Screen::SignIn(_)) {
                let hint = Line::styled(tr(lang, "hint.demo_accounts"), theme::dim());
                frame.render_widget(
                    Paragraph::new(hint).centered(),
                    Rect { y: body.y + body.height.saturating_sub(1), height: 1, ..body },
                );
            }
        }
        screen => {
            if let Some(room) = screen.room() {
                room.draw(frame, body, lang, now)
            }
        }
    }
    if let Some(s) = &app.status {
        let style = if s.error { theme::error() } else { theme::ok() };
        frame.render_widget(Paragraph::new(Line::styled(s.text.clone(), style)).wrap(Wrap { trim: true }), status);
    }
    let hint_text = match app.screen {
        Screen::SignIn(_) | Screen::Locked(_) => tr(lang, "form.hint").to_string(),
        _ => keymap::hints_for(app.context(), lang, app.is_supervisor(), usize::from(hints.width)),
    };
    frame.render_widget(Paragraph::new(Line::styled(hint_text, theme::dim())), hints);
    if let Some(m) = &app.modal {
        modal(frame, body, m, app);
    }
}

/// The header: office and time on the left, the officer and counter on the right. The counter is never cut:
/// a long office name gives way (with an ellipsis) first.
fn header(frame: &mut Frame, area: Rect, app: &App) {
    let lang = app.lang;
    let settings = &app.settings;
    let now = crate::store::local(settings, app.now());
    let right = match &app.officer {
        Some(o) => {
            let counter = match app.counter {
                Some(n) => format!("{} {n}", tr(lang, "label.counter")),
                None => tr(lang, "choice.no_counter").to_string(),
            };
            format!("· {} · {counter} ", o.name)
        }
        None => String::new(),
    };
    let time = format!(" · {} ", now.format("%Y-%m-%d %H:%M"));
    let width = usize::from(area.width);
    let room = width.saturating_sub(right.chars().count() + time.chars().count() + "loket · ".len());
    let office = crate::tui::text::ellipsis(&settings.office_name, room);
    let spans = vec![Span::styled(format!("loket · {office}{time}"), theme::title()), Span::raw(right)];
    let mut lines = vec![Line::from(spans)];
    if let Some(event) = &app.outreach {
        lines.push(Line::styled(format!("{}: {event}", tr(lang, "label.outreach")), theme::title()));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn modal(frame: &mut Frame, area: Rect, m: &Modal, app: &App) {
    let lang = app.lang;
    match m {
        Modal::Dialog(dialog) => dialog.form().render(frame, area, lang),
        Modal::Confirm(text, _) => {
            let lines: Vec<Line> = text
                .lines()
                .map(|l| Line::from(l.to_string()))
                .chain([Line::from(""), Line::styled(tr(lang, "confirm.keys"), theme::dim())])
                .collect();
            let rect = centered(area, 60, lines.len() as u16 + 2);
            frame.render_widget(Clear, rect);
            frame.render_widget(
                Paragraph::new(lines)
                    .wrap(Wrap { trim: true })
                    .block(Block::bordered().title(format!(" {} ", tr(lang, "title.confirm")))),
                rect,
            );
        }
        Modal::Ticket { queue_no, name, members } => {
            let mut lines: Vec<Line> = vec![Line::from(name.clone()).centered(), Line::from("")];
            if members.is_empty() {
                lines.extend(board::big(queue_no).into_iter().map(|l| Line::styled(l, theme::title()).centered()));
                lines.push(Line::from(""));
                lines.push(Line::styled(queue_no.clone(), theme::title()).centered());
            } else {
                // A group: every member's own number, to read out one by one.
                lines.extend(members.iter().map(|(no, who)| Line::styled(format!("{no:<7} {who}"), theme::title())));
            }
            let rect = centered(area, 50, lines.len() as u16 + 2);
            frame.render_widget(Clear, rect);
            frame.render_widget(
                Paragraph::new(lines).block(Block::bordered().title(format!(" {} ", tr(lang, "title.queue_number")))),
                rect,
            );
        }
        Modal::Help(ctx) => {
            let lines: Vec<Line> = keymap::help_lines_for(*ctx, lang, app.is_supervisor())
                .into_iter()
                .map(|(k, d)| Line::from(format!("{k:>9} {d}")))
                .collect();
            // One column when it fits, otherwise as many columns as needed side by side.
            let rows = usize::from(area.height.saturating_sub(2)).max(1);
            let columns = lines.len().div_ceil(rows).max(1);
            let height = lines.len().div_ceil(columns) as u16 + 2;
            let width = if columns == 1 { 56 } else { area.width };
            let rect = centered(area, width, height);
            frame.render_widget(Clear, rect);
            let block = Block::bordered().title(format!(" {} ", tr(lang, "title.help")));
            let inner = block.inner(rect);
            frame.render_widget(block, rect);
            let areas = Layout::horizontal(vec![Constraint::Ratio(1, columns as u32); columns]).split(inner);
            for (chunk, col) in lines.chunks(usize::from(height - 2).max(1)).zip(areas.iter()) {
                frame.render_widget(Paragraph::new(chunk.to_vec()), *col);
            }
        }
    }
}

//! Telling a barcode scanner from a person: scanners "type" a booking code in a burst and end it with Enter.
//! Printable keys are held back briefly; a fast burst of 6+ code characters ended by Enter becomes a scan,
//! anything else is replayed as ordinary keys.
//!
//! Where a person types (a form, the search box) keys are not held: each one goes through at once so it echoes
//! within a frame, and the burst is still recognised when its Enter arrives (`Scanned::Echoed`), so the
//! caller can take the characters back and never pass that Enter on (a scan must not submit a form).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::time::{Duration, Instant};

/// The longest gap between two keys of one scan. Scanners send a key every few milliseconds; people don't.
pub const BURST_GAP: Duration = Duration::from_millis(40);

#[derive(Debug, Default)]
pub struct ScanBuffer {
    held: Vec<(KeyEvent, Instant)>,
    /// Code characters already passed through while typing, with when they came (the burst so far).
    echoed: Vec<(char, Instant)>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Scanned {
    /// Keys to handle as typed (possibly none yet).
    Keys(Vec<KeyEvent>),
    /// A booking code from the scanner, as typed (the caller decides whether case matters).
    Code(String),
    /// A booking code from the scanner whose characters were already passed on as keys (`push_typing`); its
    /// Enter was not.
    Echoed(String),
}

fn code_char(k: &KeyEvent) -> Option<char> {
    match k.code {
        KeyCode::Char(c)
            if c.is_ascii_alphanumeric() && !k.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(c)
        }
        _ => None,
    }
}

impl ScanBuffer {
    /// Feeds one key pressed at `at`.
    pub fn push(&mut self, key: KeyEvent, at: Instant) -> Scanned {
        let in_burst = self.held.last().is_some_and(|(_, t)| at.saturating_duration_since(*t) <= BURST_GAP);
        if !in_burst && !self.held.is_empty() {
            // The previous keys were typed by a person: let them through first.
            let mut keys = self.flush();
            match self.push(key, at) {
                Scanned::Keys(more) => keys.extend(more),
                other => return other, // cannot happen: the buffer was empty
            }
            return Scanned::Keys(keys);
        }
        if code_char(&key).is_some() {
            self.held.push((key, at));
            return Scanned::Keys(Vec::new());
        }
        if key.code == KeyCode::Enter && self.held.len() >= 6 {
            let code: String = self.held.iter().filter_map(|(k, _)| code_char(k)).collect();
            self.held.clear();
            return Scanned::Code(code);
        }
        let mut keys = self.flush();
        keys.push(key);
        Scanned::Keys(keys)
    }

    /// Feeds one key pressed at `at` where a person types: the key goes through at once (after any held
    /// keys), except the Enter that ends a scanner burst, which becomes `Scanned::Echoed`.
    pub fn push_typing(&mut self, key: KeyEvent, at: Instant) -> Scanned {
        let mut keys = self.flush();
        let in_burst = self.echoed.last().is_some_and(|(_, t)| at.saturating_duration_since(*t) <= BURST_GAP);
        if !in_burst {
            self.echoed.clear();
        }
        if let Some(c) = code_char(&key) {
            self.echoed.push((c, at));
        } else if key.code == KeyCode::Enter && self.echoed.len() >= 6 {
            let code = self.echoed.drain(..).map(|(c, _)| c).collect();
            return Scanned::Echoed(code);
        } else {
            self.echoed.clear();
        }
        keys.push(key);
        Scanned::Keys(keys)
    }

    /// Releases held keys once the burst has gone quiet (call on every tick).
    pub fn tick(&mut self, at: Instant) -> Vec<KeyEvent> {
        match self.held.last() {
            Some((_, t)) if at.saturating_duration_since(*t) > BURST_GAP => self.flush(),
            _ => Vec::new(),
        }
    }

    pub fn is_holding(&self) -> bool {
        !self.held.is_empty()
    }

    fn flush(&mut self) -> Vec<KeyEvent> {
        self.held.drain(..).map(|(k, _)| k).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }
    fn enter() -> KeyEvent {
        KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)
    }

    #[test]
    fn fast_burst_with_enter_is_a_scan() {
        let mut b = ScanBuffer::default();
        let t0 = Instant::now();
        for (i, c) in "mp7k2q9a1".chars().enumerate() {
            assert_eq!(b.push(key(c), t0 + Duration::from_millis(5 * i as u64)), Scanned::Keys(vec![]));
        }
        assert_eq!(b.push(enter(), t0 + Duration::from_millis(50)), Scanned::Code("mp7k2q9a1".into()));
    }

    #[test]
    fn slow_typing_is_replayed() {
        let mut b = ScanBuffer::default();
        let t0 = Instant::now();
        assert_eq!(b.push(key('a'), t0), Scanned::Keys(vec![]));
        assert_eq!(b.tick(t0 + Duration::from_millis(10)), vec![]);
        assert_eq!(b.tick(t0 + Duration::from_millis(100)), vec![key('a')]);
        assert_eq!(b.push(key('b'), t0 + Duration::from_millis(300)), Scanned::Keys(vec![]));
        assert_eq!(b.push(key('c'), t0 + Duration::from_millis(600)), Scanned::Keys(vec![key('b')]));
    }

    #[test]
    fn short_burst_with_enter_is_typing() {
        let mut b = ScanBuffer::default();
        let t0 = Instant::now();
        b.push(key('4'), t0);
        b.push(key('2'), t0 + Duration::from_millis(5));
        assert_eq!(b.push(enter(), t0 + Duration::from_millis(10)), Scanned::Keys(vec![key('4'), key('2'), enter()]));
    }

    #[test]
    fn typing_mode_passes_keys_at_once_and_still_recognises_a_burst() {
        let mut b = ScanBuffer::default();
        let t0 = Instant::now();
        for (i, c) in "mp7k2q9a1".chars().enumerate() {
            let at = t0 + Duration::from_millis(5 * i as u64);
            assert_eq!(b.push_typing(key(c), at), Scanned::Keys(vec![key(c)]), "echoed at once");
        }
        assert!(!b.is_holding());
        assert_eq!(b.push_typing(enter(), t0 + Duration::from_millis(50)), Scanned::Echoed("mp7k2q9a1".into()));
        // A person typing the same, slowly, then Enter: all keys, Enter included.
        for (i, c) in "mp7k2q9a1".chars().enumerate() {
            b.push_typing(key(c), t0 + Duration::from_millis(1000 + 150 * i as u64));
        }
        assert_eq!(b.push_typing(enter(), t0 + Duration::from_millis(3000)), Scanned::Keys(vec![enter()]));
    }

    #[test]
    fn non_code_keys_pass_straight_through() {
        let mut b = ScanBuffer::default();
        assert_eq!(
            b.push(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE), Instant::now()),
            Scanned::Keys(vec![KeyEvent::new(KeyCode::Down, KeyModifiers::NONE)])
        );
    }
}

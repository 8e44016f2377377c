//! End to end: the real binary in a real terminal (tmux), driven by keys and read from the screen.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// A tmux server of our own (its own socket), killed when the test ends.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(cmd: &str, width: u16, height: u16) -> Tmux {
        let socket = format!("loket-e2e-{}-{}", std::process::id(), rand_suffix());
        let t = Tmux { socket };
        let ok = t
            .cmd(&["new-session", "-d", "-s", "e2e", "-x", &width.to_string(), "-y", &height.to_string(), cmd])
            .status
            .success();
        assert!(ok, "tmux could not start (is tmux installed? .ci/run installs it)");
        t
    }

    fn cmd(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux").arg("-L").arg(&self.socket).args(args).output().expect("run tmux")
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.cmd(&["capture-pane", "-p", "-t", "e2e"]).stdout).into()
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "e2e"];
        args.extend_from_slice(keys);
        assert!(self.cmd(&args).status.success());
    }

    /// Waits until the screen contains `text` (the app draws asynchronously).
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            assert!(start.elapsed() < Duration::from_secs(20), "never saw {text:?}; screen:\n{s}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn alive(&self) -> bool {
        self.cmd(&["has-session", "-t", "e2e"]).status.success()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]);
    }
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos())
}

fn build_demo(db: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_loket"))
        .args(["--db", db.to_str().unwrap(), "--now", "2026-11-25T10:30", "demo", "--no-tui", "--per-day", "80"])
        .output()
        .expect("run demo");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn desk_opens_on_the_demo_database_and_quits() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    build_demo(&db);
    let cmd = format!("{} --db {} --now 2026-11-25T10:30 --lang en", env!("CARGO_BIN_EXE_loket"), db.display());
    let tmux = Tmux::start(&cmd, 100, 30);
    let screen = tmux.wait_for("Today's queue");
    assert!(screen.contains("Kantor Imigrasi"), "{screen}");
    assert!(screen.contains("2026-11-25 10:30"), "{screen}");
    tmux.keys(&["q"]);
    let start = Instant::now();
    while tmux.alive() && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(!tmux.alive(), "loket did not quit on q");
}

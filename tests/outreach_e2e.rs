//! End to end on an outreach laptop: the real binary in a real terminal (tmux). The office packs a laptop
//! through the command line; the desk opened on the laptop file names the event in its header, and a group
//! member scanned and checked in there gets the laptop's own queue number.

use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const PATIENCE: Duration = Duration::from_secs(20);

fn loket() -> &'static str {
    env!("CARGO_BIN_EXE_loket")
}

fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(cmd: &str) -> Tmux {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let t = Tmux { socket: format!("loket-outreach-{}-{nanos}", std::process::id()) };
        let ok = t.cmd(&["new-session", "-d", "-s", "e2e", "-x", "100", "-y", "30", cmd]).status.success();
        assert!(ok, "tmux could not start (is tmux installed? .ci/run installs it)");
        t
    }

    fn cmd(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux").args(["-L", &self.socket, "-f", "/dev/null"]).args(args).output().expect("run tmux")
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.cmd(&["capture-pane", "-p", "-t", "e2e"]).stdout).into()
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "e2e"];
        args.extend_from_slice(keys);
        assert!(self.cmd(&args).status.success(), "send-keys {keys:?}");
    }

    fn key(&self, key: &str) {
        self.keys(&[key]);
        std::thread::sleep(Duration::from_millis(150));
    }

    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            assert!(start.elapsed() < PATIENCE, "never saw {text:?}; screen:\n{s}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]);
    }
}

fn admin(db: &Path, now: &str, args: &[&str]) -> String {
    let mut child = Command::new(loket())
        .arg("--db")
        .arg(db)
        .args(["--user", "admin", "--password-stdin", "--now", now])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start loket");
    use std::io::Write;
    let _ = child.stdin.take().expect("stdin").write_all(b"rahasia\n");
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into()
}

#[test]
fn the_laptop_desk_shows_its_event_and_hands_out_its_own_numbers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let office = dir.path().join("office.db");
    let out = Command::new(loket())
        .arg("--db")
        .arg(&office)
        .args(["init", "--office-name", "Kantor Imigrasi Semarang", "--utc-offset", "+07:00", "--password-stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            let _ = c.stdin.take().expect("stdin").write_all(b"rahasia\n");
            c.wait_with_output()
        })
        .expect("init");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let now = "2026-11-30T10:00";
    admin(
        &office,
        now,
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
        ],
    );
    let list = dir.path().join("list.csv");
    std::fs::write(
        &list,
        "full_name,nik,birth_date,sex,application_type,paid_at\nAhmad Fauzi,3315011203850001,1985-03-12,L,baru,2026-11-28T10:00:00+07:00\n",
    )
    .expect("write list");
    admin(
        &office,
        now,
        &[
            "outreach",
            "group-import",
            list.to_str().expect("path"),
            "--event",
            "1",
            "--group",
            "UMR1",
            "--name",
            "Umrah",
            "--leader",
            "H. Ahmad",
            "--contact",
            "0812",
            "--date",
            "2026-12-01",
        ],
    );
    let laptop: PathBuf = dir.path().join("laptop.db");
    admin(&office, now, &["outreach", "pack", "1", "--out", laptop.to_str().expect("path")]);
    let code: String = Connection::open(&laptop)
        .expect("open")
        .query_row("SELECT booking_code FROM applications", [], |r| r.get(0))
        .expect("the packed member");

    let wrapper = dir.path().join("desk.sh");
    std::fs::write(&wrapper, "\"$@\"\nstatus=$?\necho \"[loket exited: status $status]\"\nread _line\n")
        .expect("wrapper");
    let cmd = [
        "sh".to_string(),
        sh_quote(wrapper.to_str().expect("path")),
        "env".into(),
        sh_quote(&format!("XDG_CONFIG_HOME={}", dir.path().join("config").display())),
        sh_quote(loket()),
        "--db".into(),
        sh_quote(laptop.to_str().expect("path")),
        "--now".into(),
        "2026-12-01T09:30".into(),
    ]
    .join(" ");
    let tmux = Tmux::start(&cmd);
    let screen = tmux.wait_for("Masuk");
    assert!(screen.contains("Layanan luar kantor: Si Semar Paten · Gedung DPMPTSP Grobogan · L1"), "{screen}");

    tmux.keys(&["admin", "Enter"]);
    tmux.wait_for(" admin ");
    tmux.keys(&["rahasia", "Enter"]);
    tmux.wait_for("•••••••");
    tmux.keys(&["Enter"]);
    tmux.wait_for("· admin · ");

    tmux.keys(&[&code, "Enter"]);
    tmux.wait_for(&format!("Dipindai: {code}"));
    tmux.key("c");
    tmux.wait_for("┌ Check-in ");
    tmux.key("a");
    let start = Instant::now();
    loop {
        let s = tmux.screen();
        if s.contains("[x]") && !s.contains("[ ]") {
            break;
        }
        assert!(start.elapsed() < PATIENCE, "documents never ticked:\n{}", tmux.screen());
        std::thread::sleep(Duration::from_millis(100));
    }
    tmux.key("Enter");
    tmux.wait_for("Check-in Ahmad Fauzi");
    tmux.key("y");
    let screen = tmux.wait_for("┌ Nomor antrean ");
    assert!(screen.contains("A-L1-001"), "{screen}");
    let queue_no: String = Connection::open(&laptop)
        .expect("open")
        .query_row("SELECT queue_no FROM applications WHERE booking_code = ?1", [&code], |r| r.get(0))
        .expect("queue number");
    assert_eq!(queue_no, "A-L1-001");

    tmux.key("Escape");
    tmux.key("q");
    tmux.wait_for("Keluar dari loket?");
    tmux.key("y");
    let screen = tmux.wait_for("[loket exited:");
    assert!(screen.contains("[loket exited: status 0]"), "{screen}");
}

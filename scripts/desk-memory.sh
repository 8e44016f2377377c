#!/usr/bin/env bash
# Desk memory on a 5,000-applicant day (issue 11; target: peak RSS under 50 MiB).
#
#   scripts/desk-memory.sh            # builds the release binary if needed, prints the desk's VmHWM after each step
#
# Builds `loket demo --days 1 --per-day 5000` (pinned to 09:40 WIB on Wednesday 2026-11-25, a busy morning) in a
# temporary directory, starts the release desk on it in a pseudo-terminal (tmux, 160×48, English so the steps can
# be recognised on screen), and drives it as an officer would: sign-in, the queue, one search keystroke, an
# applicant's detail, passports due. After each step it checks the screen and reads the desk's peak resident
# memory (VmHWM) from /proc/<pid>/status. LOKET=PATH runs that binary instead of building one. Keys are typed 80 ms apart, as a person types (faster looks like a
# barcode scanner). Needs tmux (Debian package; installed if missing). PER_DAY sizes the day (default 5000).
set -euo pipefail

cd "$(dirname "$0")/.."
TARGET=${CARGO_TARGET_DIR:-$PWD/target}
PER_DAY=${PER_DAY:-5000}
if ! command -v tmux >/dev/null; then
    echo "installing tmux (Debian package)…" >&2
    if [ "$(id -u)" = 0 ]; then apt-get install -y tmux >/dev/null; else sudo apt-get install -y tmux >/dev/null; fi
fi
if [ -z "${LOKET:-}" ]; then
    cargo build --release --quiet
    LOKET="$TARGET/release/loket"
fi

WORK=$(mktemp -d)
SESSION="loket-mem-$$"
PID=
# Ends the desk while its terminal is still there (SIGTERM: it signs out and restores the terminal), then the
# session. Killing the session first left a desk spinning on the hung-up terminal, deaf to SIGTERM.
finish() {
    if [ -n "$PID" ]; then
        kill -TERM "$PID" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$PID" 2>/dev/null || true
    fi
    tmux kill-session -t "$SESSION" 2>/dev/null || true
    rm -rf "$WORK"
}
trap finish EXIT
NOW=2026-11-25T09:40
"$LOKET" --db "$WORK/day.db" --now "$NOW" demo --date 2026-11-25 --days 1 --per-day "$PER_DAY" --no-tui >/dev/null

tmux new-session -d -s "$SESSION" -x 160 -y 48 "exec '$LOKET' --db '$WORK/day.db' --now $NOW --lang en"
PID=$(tmux display -p -t "$SESSION" '#{pane_pid}')

screen() { tmux capture-pane -p -t "$SESSION"; }
# Waits (up to 10 s) until the screen shows $1.
expect() {
    for _ in $(seq 100); do
        screen | grep -qF -- "$1" && return 0
        sleep 0.1
    done
    echo "the desk did not show \"$1\"; the screen was:" >&2
    screen >&2
    exit 1
}
typed() { local s=$1 i; for ((i = 0; i < ${#s}; i++)); do tmux send-keys -t "$SESSION" -l "${s:i:1}"; sleep 0.08; done; }
key() { tmux send-keys -t "$SESSION" "$1"; sleep 0.3; }
hwm() { printf '%-28s VmHWM %6d KiB   VmRSS %6d KiB\n' "$1" \
    "$(awk '/^VmHWM/ {print $2}' /proc/"$PID"/status)" "$(awk '/^VmRSS/ {print $2}' /proc/"$PID"/status)"; }

expect "Sign in"
hwm "sign-in screen"
typed petugas; key Enter
typed demo; key Enter
key Enter                                  # the counter offered (1)
expect "Queue 2026-11-25"
hwm "queue ($PER_DAY applicants)"
key /; typed a
expect "search code/NIK/name a"
hwm "search: one keystroke"
key Escape
key Enter
expect "Province"
hwm "applicant detail"
key Escape
key F5
expect "Passports due"
hwm "passports due"
peak=$(awk '/^VmHWM/ {print $2}' /proc/"$PID"/status)
echo "desk peak resident memory on a $PER_DAY-applicant day: $((peak / 1024)) MiB (target < 50 MiB)"

#!/usr/bin/env bash
# loket beside SQLite's own floor, in one run (issue 11).
#
#   scripts/bench-vs-sqlite.sh            # cargo bench --bench history, then the sqlite3 floor, then the table
#   SKIP_CARGO_BENCH=1 scripts/…          # reuse the last criterion results (target/criterion)
#   SKIP_CARGO_BENCH=1 IMPORT_ONLY=1 scripts/…   # without the desk paths' floors (the import, the CLI's memory)
#
# For every benchmark of benches/history.rs (1-day and year fixtures, the same files the benchmark used, copied)
# the sqlite3 shell runs the SQL that operation must run at least (the rows it reads, the rows it writes in one
# transaction with loket's pragmas) K times; the floor is (time of K runs − time of an empty run) / K, median
# of 5. Then the import: a manifest of 100,000 bookings taken from the year fixture is loaded with a plain
# `.import`, and imported into the same schema (the same rows, audit rows included) with INSERT … SELECT in one
# transaction, beside `loket import bookings` (time, CPU time and peak memory). Needs sqlite3 (Debian package;
# installed if missing), python3 and GNU time.
# LOKET_BENCH_DAYS / LOKET_BENCH_PER_DAY size the year fixture as for the benchmark.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
DAYS=${LOKET_BENCH_DAYS:-365}
PER_DAY=${LOKET_BENCH_PER_DAY:-1000}
K=${K:-20}        # repetitions of a write or of the sign-in reads
KR=${KR:-200}     # repetitions of a small read
IMPORT_ROWS=${IMPORT_ROWS:-100000}

if ! command -v sqlite3 >/dev/null; then
    echo "installing sqlite3 (Debian package)…" >&2
    if [ "$(id -u)" = 0 ]; then apt-get install -y sqlite3 >/dev/null; else sudo apt-get install -y sqlite3 >/dev/null; fi
fi
command -v python3 >/dev/null || { echo "python3 is needed to read criterion's results" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "GNU time (/usr/bin/time) is needed for peak memory" >&2; exit 1; }

if [ -z "${SKIP_CARGO_BENCH:-}" ]; then
    cargo bench --bench history
fi
cargo build --release --quiet
LOKET="$TARGET/release/loket"

VERSION=$(ls "$TARGET"/bench-fixtures/ | sed -n 's/^loket-v\([0-9]*\)-1x.*/\1/p' | sort -n | tail -1)
DAY1="$TARGET/bench-fixtures/loket-v$VERSION-1x$PER_DAY-s1.db"
YEAR="$TARGET/bench-fixtures/loket-v$VERSION-${DAYS}x$PER_DAY-s1.db"
for f in "$DAY1" "$YEAR"; do [ -f "$f" ] || { echo "missing fixture $f: run cargo bench --bench history" >&2; exit 1; }; done

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
DAY=2026-11-25
PAST=2026-05-26   # a working day about six months back (benches/history.rs)
NOW=2026-11-25T02:40:00Z
PRAGMAS="PRAGMA busy_timeout=5000; PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"

ns() { date +%s%N; }

# (time of sqlite3 on $2 − time on the pragmas alone) / $3, in microseconds: the median of $4 runs (reads: 5;
# writes: 1, since each write file changes its rows once)
floor_us() {
    local db=$1 sql=$2 k=$3 n=$4 runs=()
    printf '%s\n' "$PRAGMAS" >"$WORK/empty.sql"
    for _ in $(seq "$n"); do
        local a b c
        a=$(ns); cat "$WORK/empty.sql" | sqlite3 "$db" >/dev/null; b=$(ns)
        cat "$WORK/empty.sql" "$sql" | sqlite3 "$db" >/dev/null; c=$(ns)
        runs+=($(( ((c - b) - (b - a)) / k / 1000 )))
    done
    printf '%s\n' "${runs[@]}" | sort -n | sed -n "$(( (n + 1) / 2 ))p"
}

q() { sqlite3 "$1" "$2"; }

# An audit row appended to the office's chain as loket writes it (node, next seq, previous hash); the SHA-256 of
# the row is loket's work, not SQLite's: the floor stores a fixed 64-character value. Args: id action
# application-id-expression from to detail.
audit_row() {
    cat <<SQL
INSERT INTO audit_log (id, node_id, seq, at, real_at, officer, action, application_id, from_status, to_status,
  detail, prev_hash, hash)
  SELECT '$1', n.value, COALESCE((SELECT MAX(seq) FROM audit_log WHERE node_id = n.value), 0) + 1, '$NOW', '$NOW',
    'petugas', '$2', $3, $4, $5, $6,
    COALESCE((SELECT hash FROM audit_log WHERE node_id = n.value ORDER BY seq DESC LIMIT 1), printf('%064d', 0)),
    printf('%064d', 1)
  FROM settings n WHERE n.key = 'node_id';
SQL
}

# The report's reads of the applications of the days $1..$2 (SQL date expressions): the visits and their desk
# events (through the covering index audit_desk_events of migration 9).
visits_sql() {
    cat <<SQL
SELECT id, booking_code, slot_date, slot_start, service, priority_reason, source = 'walk_in', queue_no, fee_idr,
  paid_at IS NOT NULL, status, checked_in_at, called_at, counter_no, decided_at, rejection_reason, cancel_reason
  FROM applications WHERE slot_date BETWEEN $1 AND $2 ORDER BY slot_date, slot_start, booking_code;
SELECT l.application_id, l.at, l.officer, l.action, l.counter_no, l.rowid
  FROM applications a CROSS JOIN audit_log l ON l.application_id = a.id WHERE a.slot_date BETWEEN $1 AND $2
  AND l.action IN ('check_in', 'call', 'transfer', 'put_back', 'absent', 'approve', 'reject');
SQL
}

# The previous period's reads (src/store/report.rs PERIOD_VISITS_SQL, PERIOD_EVENTS_SQL): the columns its headline
# figures need, and the desk events without officer and counter.
period_sql() {
    cat <<SQL
SELECT rowid, source = 'walk_in', fee_idr, rejection_reason, cancel_reason, checked_in_at, called_at, decided_at
  FROM applications WHERE slot_date BETWEEN $1 AND $2;
SELECT a.rowid, l.at, l.action
  FROM applications a CROSS JOIN audit_log l ON l.application_id = a.id WHERE a.slot_date BETWEEN $1 AND $2
  AND l.action IN ('check_in', 'call', 'transfer', 'put_back', 'absent', 'approve', 'reject');
SQL
}

# Every read of a report of the days $1..$2 ($3, $4: the range's UTC bounds), as src/store/report.rs runs it.
report_sql() {
    cat <<SQL
SELECT key, value FROM settings;
SELECT date, start_time, end_time, quota FROM slots WHERE date BETWEEN $1 AND $2 ORDER BY date, start_time;
SELECT date, name FROM holidays WHERE date BETWEEN $1 AND $2 ORDER BY date;
$(visits_sql "$1" "$2")
SELECT detail LIKE 'special:%', at FROM audit_log WHERE action = 'reschedule'
  AND (CASE WHEN detail LIKE 'special:%' THEN substr(detail, 10, 10) ELSE substr(detail, 1, 10) END) BETWEEN $1 AND $2
  ORDER BY at;
SELECT counter_no, officer, signed_in_at, signed_out_at FROM counter_sessions
  WHERE signed_in_at < $4 AND (signed_out_at IS NULL OR signed_out_at > $3);
SELECT (SELECT COUNT(*) FROM applications WHERE ready_at >= $3 AND ready_at < $4),
  (SELECT COUNT(*) FROM applications WHERE handed_over_at >= $3 AND handed_over_at < $4 AND +status = 'handed_over'),
  (SELECT COUNT(*) FROM applications WHERE handed_over_at >= $3 AND handed_over_at < $4 AND +status = 'dispatched');
SELECT ready_at FROM applications INDEXED BY applications_ready_backlog
  WHERE status = 'ready' AND ready_at < $4 AND cancelled_at IS NULL
  UNION ALL SELECT ready_at FROM applications INDEXED BY applications_handed_over_status
  WHERE handed_over_at >= $4 AND handed_over_at < strftime('%Y-%m-%dT%H:%M:%SZ', $4, '+45 days') AND ready_at < $4
  UNION ALL SELECT ready_at FROM applications INDEXED BY applications_uncollected_cancelled
  WHERE cancelled_at >= $4 AND cancelled_at < strftime('%Y-%m-%dT%H:%M:%SZ', $4, '+45 days') AND ready_at < $4
    AND handed_over_at IS NULL
  UNION ALL SELECT ready_at FROM applications INDEXED BY applications_long_shelf
  WHERE coalesce(handed_over_at, cancelled_at) > strftime('%Y-%m-%dT%H:%M:%SZ', ready_at, '+45 days') AND ready_at < $4
    AND (handed_over_at >= strftime('%Y-%m-%dT%H:%M:%SZ', $4, '+45 days')
      OR (handed_over_at IS NULL AND cancelled_at >= strftime('%Y-%m-%dT%H:%M:%SZ', $4, '+45 days')));
SELECT name FROM officers WHERE role = 'supervisor' ORDER BY name;
SELECT hash FROM audit_log WHERE node_id = (SELECT value FROM settings WHERE key = 'node_id')
  AND seq = (SELECT max(last_seq) FROM audit_chain_hours
             WHERE node_id = (SELECT value FROM settings WHERE key = 'node_id') AND hour < substr($4, 1, 13));
SQL
}

# Writes $WORK/<op>.sql for one fixture copy and prints "op k" lines.
make_floor_sql() {
    local db=$1 f
    local first_code finished booked waiting
    first_code=$(q "$db" "SELECT booking_code FROM applications WHERE slot_date='$DAY'
        ORDER BY slot_start, queue_no IS NULL, checked_in_at, booking_code LIMIT 1")
    finished=$(q "$db" "SELECT booking_code FROM applications WHERE slot_date >= date('$DAY','-14 days')
        AND status IN ('approved', 'rejected', 'ready', 'handed_over', 'dispatched')
        ORDER BY slot_date, status <> 'handed_over', booking_code LIMIT 1")
    local app_cols="a.id, a.booking_code, a.applicant_id, p.nik, p.full_name, p.sex, p.birth_date, a.application_type,
        a.purpose, a.passport_kind, a.validity_years, a.service, a.slot_date, a.slot_start, s.end_time, a.fee_idr,
        a.paid_at, a.old_passport_no, a.group_code, a.priority_reason, a.status, a.reschedule_count, a.queue_no,
        a.checked_in_at, a.counter_no, a.called_at, a.photo_at, a.interview_at, a.rejection_reason, a.ready_date,
        a.passport_no, a.ready_at
        FROM applications a JOIN applicants p ON p.id = a.applicant_id
        JOIN slots s ON s.date = a.slot_date AND s.start_time = a.slot_start"
    local history="SELECT l.at, l.officer, l.action, l.from_status, l.to_status, l.detail FROM audit_log l
        WHERE l.application_id = (SELECT id FROM applications WHERE booking_code = 'CODE') ORDER BY l.at, l.id;"

    f="$WORK/launch.sql"; : >"$f"
    for _ in $(seq "$KR"); do echo "SELECT key, value FROM settings;" >>"$f"; done
    echo "launch to first frame $KR"

    f="$WORK/signin.sql"; : >"$f"
    for _ in $(seq "$K"); do cat >>"$f" <<SQL
SELECT role, password_hash FROM officers WHERE name = 'petugas' AND active = 1;
SELECT $app_cols WHERE a.slot_date = '$DAY' ORDER BY a.slot_start, a.queue_no IS NULL, a.checked_in_at, a.booking_code;
SELECT s.start_time, s.quota, (SELECT COUNT(*) FROM applications a WHERE a.slot_date = s.date
  AND a.slot_start = s.start_time AND a.status <> 'cancelled') FROM slots s WHERE s.date = '$DAY';
SQL
    done
    echo "sign-in to queue (argon2 included) $K"

    f="$WORK/detail.sql"; : >"$f"
    for _ in $(seq "$KR"); do
        echo "SELECT $app_cols WHERE a.booking_code = '$first_code';" >>"$f"
        echo "${history//CODE/$first_code}" >>"$f"
    done
    echo "open detail (with history) $KR"

    f="$WORK/audit.sql"; : >"$f"
    for _ in $(seq "$KR"); do
        echo "SELECT l.at, l.officer, l.action, a.booking_code, l.from_status, l.to_status, l.detail
              FROM applications a JOIN audit_log l ON l.application_id = a.id WHERE a.booking_code = '$finished'
              ORDER BY l.at, l.id;" >>"$f"
    done
    echo "audit --booking $KR"

    # The report: the same SQL as src/store/report.rs, for the range and (30 days) the previous 30 days' figures;
    # and a day about six months back ($PAST).
    local end_utc
    for span in 0 29; do
        f="$WORK/report$span.sql"; : >"$f"
        end_utc=$(q "$db" "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', '$DAY', '+1 day', '-7 hours')")
        for _ in $(seq 5); do
            report_sql "date('$DAY','-$span days')" "'$DAY'" "strftime('%Y-%m-%dT%H:%M:%SZ', '$DAY', '-$span days', '-7 hours')" "'$end_utc'" >>"$f"
            if [ "$span" -gt 0 ]; then
                period_sql "date('$DAY','-$((2 * span + 1)) days')" "date('$DAY','-$((span + 1)) days')" >>"$f"
            fi
        done
    done
    f="$WORK/reportpast.sql"; : >"$f"
    end_utc=$(q "$db" "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', '$PAST', '+1 day', '-7 hours')")
    for _ in $(seq 5); do
        report_sql "'$PAST'" "'$PAST'" "strftime('%Y-%m-%dT%H:%M:%SZ', '$PAST', '-7 hours')" "'$end_utc'" >>"$f"
    done
    echo "report: one day 5"
    echo "report: 30 days 5"
    echo "report: a day 6 months back 5"

    # Writes: each run one IMMEDIATE transaction, on distinct applicants.
    waiting=$(q "$db" "SELECT COUNT(*) FROM applications WHERE slot_date='$DAY' AND status='checked_in'")
    local calls=$(( waiting < K ? waiting : K ))
    q "$db" "INSERT OR IGNORE INTO counters (number, name) VALUES (99, 'Bench')"
    f="$WORK/call.sql"; : >"$f"
    for i in $(seq "$calls"); do cat >>"$f" <<SQL
BEGIN IMMEDIATE;
UPDATE applications SET status = 'at_counter', counter_no = 99, called_at = '$NOW', updated_at = '$NOW'
  WHERE id = (SELECT id FROM applications WHERE slot_date = '$DAY' AND status = 'checked_in'
  ORDER BY CASE substr(queue_no, 1, 1) WHEN 'P' THEN 0 WHEN 'E' THEN 1 ELSE 2 END, slot_start, checked_in_at, queue_no
  LIMIT 1);
$(audit_row "floor-call-$i" call "(SELECT id FROM applications WHERE slot_date = '$DAY' AND counter_no = 99
  AND status = 'at_counter' ORDER BY called_at DESC, rowid DESC LIMIT 1)" "'checked_in'" "'at_counter'" NULL)
COMMIT;
SQL
    done
    echo "call next $calls"

    f="$WORK/checkin.sql"; : >"$f"
    booked=$(q "$db" "SELECT booking_code FROM applications WHERE slot_date='$DAY' AND status='booked'
        AND paid_at IS NOT NULL ORDER BY booking_code DESC LIMIT $K")
    local n=0
    for code in $booked; do n=$((n + 1)); cat >>"$f" <<SQL
BEGIN IMMEDIATE;
SELECT $app_cols WHERE a.booking_code = '$code';
INSERT INTO queue_numbers (date, line, last) VALUES ('$DAY', 'A', 1)
  ON CONFLICT (date, line) DO UPDATE SET last = last + 1 RETURNING last;
UPDATE applications SET status = 'checked_in', queue_no = 'A-9$(printf %03d $n)', checked_in_at = '$NOW',
  updated_at = '$NOW' WHERE booking_code = '$code' AND status = 'booked';
$(audit_row "floor-checkin-$n" check_in "(SELECT id FROM applications WHERE booking_code = '$code')" "'booked'" \
    "'checked_in'" "'A-9'")
COMMIT;
SQL
    done
    echo "check-in transaction $n"

    f="$WORK/walkin.sql"; : >"$f"
    for i in $(seq "$K"); do
        local nik wid aid
        nik=$(printf '337402140355%04d' $((9000 + i)))
        cat >>"$f" <<SQL
BEGIN IMMEDIATE;
SELECT COUNT(*) FROM applications WHERE source = 'walk_in' AND slot_date = '$DAY' AND status <> 'cancelled';
SELECT a.booking_code FROM applications a JOIN applicants p ON p.id = a.applicant_id
  WHERE p.nik = '$nik' AND a.slot_date = '$DAY' AND a.status <> 'cancelled';
SELECT MAX(booking_code) FROM applications WHERE booking_code BETWEEN 'WI2611250000' AND 'WI2611259999';
SELECT MAX(billing_code) FROM applications WHERE billing_code BETWEEN '926112500000000' AND '926112599999999';
INSERT INTO applicants (id, nik, full_name, name_key, sex, birth_date, created_at)
  VALUES ('floor-p-$i', '$nik', 'Suparman', 'suparman', 'L', '1955-03-14', '$NOW');
INSERT INTO applications (id, booking_code, applicant_id, application_type, purpose, passport_kind, validity_years,
  service, slot_date, slot_start, billing_code, fee_idr, paid_at, priority_reason, source, status, queue_no,
  checked_in_at, created_at, updated_at)
  VALUES ('floor-a-$i', 'WI26112599$(printf %02d $i)', 'floor-p-$i', 'baru', 'umroh', 'biasa', 5, 'reguler', '$DAY',
  '09:00', '9261125999999$(printf %02d $i)', 350000, '$NOW', 'lansia', 'walk_in', 'checked_in', 'P-9$(printf %02d $i)',
  '$NOW', '$NOW', '$NOW');
$(audit_row "floor-w-$i" walk_in "'floor-a-$i'" NULL "'booked'" "'priority'")
INSERT INTO queue_numbers (date, line, last) VALUES ('$DAY', 'P', 1)
  ON CONFLICT (date, line) DO UPDATE SET last = last + 1 RETURNING last;
$(audit_row "floor-c-$i" check_in "'floor-a-$i'" "'booked'" "'checked_in'" "'P-9'")
COMMIT;
SQL
    done
    echo "priority walk-in $K"
}

file_of() {
    case "$1" in
        "launch to first frame") echo launch ;;
        "sign-in to queue (argon2 included)") echo signin ;;
        "open detail (with history)") echo detail ;;
        "audit --booking") echo audit ;;
        "report: one day") echo report0 ;;
        "report: 30 days") echo report29 ;;
        "report: a day 6 months back") echo reportpast ;;
        "call next") echo call ;;
        "check-in transaction") echo checkin ;;
        "priority walk-in") echo walkin ;;
        *) echo "" ;;
    esac
}

: >"$WORK/floors.tsv"
if [ -z "${IMPORT_ONLY:-}" ]; then
for group in day1 year; do
    src=$DAY1; [ "$group" = year ] && src=$YEAR
    cp "$src" "$WORK/$group.db"
    # An older fixture is migrated first (as loket does on opening it), so both read the same indexes.
    echo demo | "$LOKET" --db "$WORK/$group.db" --user supervisor --password-stdin settings show >/dev/null
    make_floor_sql "$WORK/$group.db" >"$WORK/ops.txt"
    while read -r line; do
        k=${line##* }; op=${line% *}
        file=$(file_of "$op")
        [ -n "$file" ] && [ "$k" -gt 0 ] || continue
        case $file in call|checkin|walkin) n=1 ;; *) n=5 ;; esac
        us=$(floor_us "$WORK/$group.db" "$WORK/$file.sql" "$k" "$n")
        printf '%s\t%s\t%s\n' "$group" "$op" "$us" >>"$WORK/floors.tsv"
    done <"$WORK/ops.txt"
    rm -f "$WORK/$group.db"*
done

fi

# ---- import: 100,000 bookings of the year fixture as an M-Paspor manifest
MANIFEST="$WORK/manifest.csv"
sqlite3 -csv -header "$YEAR" >"$MANIFEST" <<SQL
SELECT a.booking_code, p.nik, p.full_name, p.sex, p.birth_date, p.birth_place, p.phone, p.address,
       a.application_type, a.purpose, a.passport_kind, a.validity_years, a.service, a.slot_date,
       a.slot_start, s.end_time AS slot_end, a.billing_code, a.fee_idr, a.paid_at, a.old_passport_no, a.group_code
FROM applications a JOIN applicants p ON p.id = a.applicant_id
JOIN slots s ON s.date = a.slot_date AND s.start_time = a.slot_start
ORDER BY a.slot_date DESC, a.slot_start, a.booking_code LIMIT $IMPORT_ROWS;
SQL
rows=$(( $(wc -l <"$MANIFEST") - 1 ))

t0=$(ns); sqlite3 "$WORK/plain.db" ".import --csv $MANIFEST manifest"; t1=$(ns)
plain_ms=$(( (t1 - t0) / 1000000 ))

sqlite3 "$WORK/schema.db" <"$ROOT/schema.sql"
# The same rows loket writes, in the same tables with the same indexes and triggers: slots, one applicant and one
# application per row, one `book` audit row per application (chained: seq 1, 2, 3… with the previous row's hash)
# and the import's own row. Ids are 36 characters in insertion order, as loket's UUIDv7 ids are; the SHA-256 of
# each audit row is loket's work, not SQLite's, so the floor stores fixed 64-character values.
t0=$(ns)
/usr/bin/time -f '%U %S' -o "$WORK/floor.cpu" sqlite3 "$WORK/schema.db" >/dev/null <<SQL
.bail on
$PRAGMAS
.import --csv $MANIFEST temp_manifest
BEGIN IMMEDIATE;
INSERT INTO settings (key, value) VALUES ('node_id', 'floor-node');
INSERT INTO slots (date, start_time, end_time, quota)
  SELECT DISTINCT slot_date, slot_start, slot_end, 100000 FROM temp_manifest;
INSERT INTO applicants (id, nik, full_name, name_key, sex, birth_date, birth_place, phone, address, created_at)
  SELECT printf('p%035d', rowid), nik, full_name, lower(full_name), sex, birth_date, nullif(birth_place, ''),
         nullif(phone, ''), nullif(address, ''), '$NOW' FROM temp_manifest ORDER BY rowid;
INSERT INTO applications (id, booking_code, applicant_id, application_type, purpose, passport_kind, validity_years,
  service, slot_date, slot_start, billing_code, fee_idr, paid_at, old_passport_no, group_code, source, manifest_hash,
  created_at, updated_at)
  SELECT printf('a%035d', rowid), booking_code, printf('p%035d', rowid), application_type, purpose, passport_kind,
         CAST(validity_years AS INTEGER), service, slot_date, slot_start, billing_code, CAST(fee_idr AS INTEGER),
         nullif(paid_at, ''), nullif(old_passport_no, ''), nullif(group_code, ''), 'manifest', printf('%016x', rowid),
         '$NOW', '$NOW'
  FROM temp_manifest ORDER BY rowid;
INSERT INTO audit_log (id, node_id, seq, at, real_at, officer, action, application_id, to_status, detail, prev_hash,
  hash)
  SELECT printf('l%035d', rowid), 'floor-node', rowid, '$NOW', '$NOW', 'admin', 'book', printf('a%035d', rowid),
         'booked', 'manifest', printf('%064d', rowid - 1), printf('%064d', rowid)
  FROM temp_manifest ORDER BY rowid;
$(audit_row floor-import import_bookings NULL NULL NULL "'floor'")
COMMIT;
DROP TABLE temp_manifest;
SQL
t1=$(ns)
floor_rows=$(q "$WORK/schema.db" "SELECT COUNT(*) FROM applications")
[ "$floor_rows" = "$rows" ] || { echo "the same-schema floor wrote $floor_rows applications, not $rows" >&2; exit 1; }
schema_ms=$(( (t1 - t0) / 1000000 ))
read -r floor_user floor_sys < <(tail -1 "$WORK/floor.cpu")

printf 'secret-pass-1\nsecret-pass-1\n' | "$LOKET" --db "$WORK/loket.db" --password-stdin \
    init --office-name "Bench" --utc-offset +07:00 >/dev/null
echo secret-pass-1 | "$LOKET" --db "$WORK/loket.db" --user admin --password-stdin --now "$DAY"T08:00 \
    settings set slot_quota 10000 >/dev/null
# the year's express bookings exceed the default daily express quota (35) on some days: lift it as the slots'
echo secret-pass-1 | "$LOKET" --db "$WORK/loket.db" --user admin --password-stdin --now "$DAY"T08:00 \
    settings set express_quota 10000 >/dev/null
set +e
t0=$(ns)
echo secret-pass-1 | /usr/bin/time -f '%M %U %S' -o "$WORK/import.rss" "$LOKET" --db "$WORK/loket.db" --user admin \
    --password-stdin --now 2026-05-01T08:00 import bookings "$MANIFEST" >"$WORK/import.out" 2>"$WORK/import.err"
status=$?
t1=$(ns)
set -e
import_ms=$(( (t1 - t0) / 1000000 ))
read -r import_rss_kib import_user import_sys < <(tail -1 "$WORK/import.rss")

# ---- peak memory of the CLI on the year fixture
cp "$YEAR" "$WORK/rss.db"
echo demo | "$LOKET" --db "$WORK/rss.db" --user supervisor --password-stdin settings show >/dev/null  # migrated first
rss() {
    echo demo | /usr/bin/time -f '%M' -o "$WORK/rss.out" "$LOKET" --db "$WORK/rss.db" --user supervisor \
        --password-stdin --now "$DAY"T09:40 "$@" >/dev/null 2>&1 || true
    tail -1 "$WORK/rss.out"
}
finished=$(q "$WORK/rss.db" "SELECT booking_code FROM applications WHERE slot_date >= date('$DAY','-14 days')
    AND status IN ('approved', 'rejected', 'ready', 'handed_over', 'dispatched')
    ORDER BY slot_date, status <> 'handed_over', booking_code LIMIT 1")
rss_report1=$(rss report --date "$DAY")
rss_report30=$(rss report --date 2026-10-27 --to "$DAY")
rss_audit=$(rss audit --booking "$finished")

python3 - "$TARGET/criterion" "$WORK/floors.tsv" <<PY
import json, os, sys
crit, floors = sys.argv[1], sys.argv[2]
def median_us(group, name):
    base = os.path.join(crit, group)
    for d in os.listdir(base) if os.path.isdir(base) else []:
        b = os.path.join(base, d, "new", "benchmark.json")
        if os.path.exists(b) and json.load(open(b)).get("function_id") == name:
            e = json.load(open(os.path.join(base, d, "new", "estimates.json")))
            return e["median"]["point_estimate"] / 1000.0
    return None
floor = {}
for line in open(floors):
    g, op, us = line.rstrip("\n").split("\t")
    floor[(g, op)] = float(us)
ops = ["launch to first frame", "sign-in to queue (argon2 included)", "open detail (with history)",
       "search: one keystroke, update+render", "call next", "check-in transaction", "priority walk-in",
       "report: one day", "report: 30 days", "report: a day 6 months back", "audit --booking"]
def fmt(us):
    if us is None: return "–"
    return f"{us/1000:.2f} ms" if us >= 1000 else f"{us:.0f} µs"
def ratio(a, b):
    return f"{a/b:.1f}×" if a is not None and b not in (None, 0) else "–"
print("| path | 1-day | sqlite3 floor | ratio | year ($DAYS×$PER_DAY) | sqlite3 floor | ratio | year / 1-day |")
print("|---|---|---|---|---|---|---|---|")
for op in ops:
    d, y = median_us("day1", op), median_us("year", op)
    fd, fy = floor.get(("day1", op)), floor.get(("year", op))
    print(f"| {op} | {fmt(d)} | {fmt(fd)} | {ratio(d, fd)} | {fmt(y)} | {fmt(fy)} | {ratio(y, fy)} | {ratio(y, d)} |")
PY

echo
echo "| import of $rows bookings | time | peak memory |"
echo "|---|---|---|"
echo "| sqlite3 .import (plain table) | $plain_ms ms | – |"
echo "| sqlite3 into the same schema (same rows and audit rows; INSERT … SELECT, one transaction) | $schema_ms ms (CPU ${floor_user} s user + ${floor_sys} s sys) | – |"
if [ "$status" = 0 ]; then
    echo "| loket import bookings | $import_ms ms ($(( import_ms * 10 / (schema_ms > 0 ? schema_ms : 1) ))/10 of the same-schema floor) | $(( import_rss_kib / 1024 )) MiB (CPU ${import_user} s user + ${import_sys} s sys) |"
else
    echo "| loket import bookings | refused (exit $status): $(head -c 200 "$WORK/import.err" | tr '\n' ' ') | $(( import_rss_kib / 1024 )) MiB |"
fi
echo
echo "Peak memory (year fixture): report 1 day $(( rss_report1 / 1024 )) MiB, report 30 days $(( rss_report30 / 1024 )) MiB, audit --booking $(( rss_audit / 1024 )) MiB"

#!/bin/sh
# due.sh: `caseload due` on the fixtures in tests/golden/due/ against golden
# output in every format (byte for byte), then the rules of its command line:
# filters, exit codes, streams, colour, reproducible calendars.
# every-kind/ has every kind and status, files that fail to load and awkward
# text; clean/ has no problems at all. UPDATE=1 rewrites the goldens.
set -u
: "${CASELOAD:?}"
here=$(cd "$(dirname "$0")/.." && pwd)
golden=$here/golden/due
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
ok() { echo "ok $1"; }
nok() { echo "FAIL $1${2:+ -- $2}"; fails=$((fails + 1)); }
export TZ=UTC
unset NO_COLOR

ek=$golden/every-kind
run() { "$CASELOAD" -C "$ek" --as-of 2026-05-15 due "$@"; }

# golden NAME ARGS...: runs due on every-kind with ARGS and compares with NAME
golden() {
	name=$1
	shift
	run "$@" > "$tmp/$name" 2> "$tmp/$name.err"
	rc=$?
	[ -n "${UPDATE:-}" ] && cp "$tmp/$name" "$golden/$name"
	if [ $rc -ne 0 ]; then
		nok "golden $name: exit 0" "rc=$rc $(cat "$tmp/$name.err")"
	elif cmp -s "$golden/$name" "$tmp/$name"; then
		ok "golden $name: due $*"
	else
		nok "golden $name: due $*" "$(diff -u "$golden/$name" "$tmp/$name" | head -20)"
	fi
}
golden every-kind.txt
golden every-kind-all.txt --all
golden every-kind.json --all --format json
golden every-kind.csv --all --format csv
golden every-kind.ics --all --format ics
golden every-kind-amina.ics --worker amina --format ics
golden every-kind-names.ics --all --format ics --names
golden every-kind-within-0d.json --within 0d --format json
golden every-kind-aftercare.csv --program aftercare --format=csv

# problems in the records: exit 0, the output, and one line on stderr naming check
run > /dev/null 2> "$tmp/err"; rc=$?
[ $rc -eq 0 ] && [ "$(wc -l < "$tmp/err")" -eq 1 ] && grep -q "caseload check" "$tmp/err" &&
	ok "broken records: exit 0 and one line on stderr pointing to check" ||
	nok "broken records: stderr" "rc=$rc $(cat "$tmp/err")"
"$CASELOAD" -C "$golden/clean" --as-of 2026-04-30 due --all > "$tmp/clean.txt" 2> "$tmp/err"; rc=$?
[ $rc -eq 0 ] && [ ! -s "$tmp/err" ] && ok "clean records: exit 0 and nothing on stderr" ||
	nok "clean records: stderr" "rc=$rc $(cat "$tmp/err")"
[ -n "${UPDATE:-}" ] && cp "$tmp/clean.txt" "$golden/clean-all.txt"
cmp -s "$golden/clean-all.txt" "$tmp/clean.txt" && ok "golden clean-all.txt: month-end reassessment, 2w contact" ||
	nok "golden clean-all.txt" "$(diff -u "$golden/clean-all.txt" "$tmp/clean.txt" | head -20)"
"$CASELOAD" -C "$golden/clean" --as-of 2026-02-01 due --within 0d > "$tmp/empty.txt" 2>/dev/null
[ "$(cat "$tmp/empty.txt")" = "As of 2026-02-01: nothing overdue or due today." ] &&
	ok "text: says so when nothing is due" || nok "text: nothing due" "$(cat "$tmp/empty.txt")"

# JSON: shape, order, days, status, window, filters
run --all --format json > "$tmp/all.json" 2>/dev/null
run --format json > "$tmp/window.json" 2>/dev/null
run --within 1m --format json > "$tmp/1m.json" 2>/dev/null
run --case hl-003 --all --format json > "$tmp/case.json" 2>/dev/null
run --worker amina --worker bo --program outreach --all --format json > "$tmp/two.json" 2>/dev/null
run --all --format csv > "$tmp/all.csv" 2>/dev/null
python3 - "$tmp" <<'PY' && ok "json: keys, sort order, days, status, windows, filters; csv: the same rows" || nok "json/csv checks"
import csv, datetime, io, json, sys
t = sys.argv[1]
load = lambda n: json.load(open(f"{t}/{n}", encoding="utf-8"))
a = load("all.json")
assert list(a) == ["as_of", "items"] and a["as_of"] == "2026-05-15"
keys = ["case", "client", "worker", "program", "kind", "ref", "due", "days", "status", "title"]
asof = datetime.date(2026, 5, 15)
def refkey(i):
    r = i["ref"]
    if r is None: return (0, "", 0)
    if i["kind"] == "step":
        g, n = r.rsplit("/", 1)
        return (1, g, int(n))
    return (1, r, 0)
items = a["items"]
assert items, "no items"
for i in items:
    assert list(i) == keys, i
    d = datetime.date.fromisoformat(i["due"])
    assert i["days"] == (d - asof).days, i
    want = "overdue" if i["days"] < 0 else "due" if i["days"] <= 14 else "upcoming"
    assert i["status"] == want, i
    assert i["kind"] in ("assessment", "contact", "followup", "goal", "plan", "review", "step")
    assert (i["ref"] is None) == (i["kind"] not in ("goal", "step", "followup")), i
ks = [(i["due"], i["case"].encode(), i["kind"], refkey(i)) for i in items]
assert ks == sorted(ks), "not sorted"
assert not any(i["case"] == "hl-006" for i in items), "a case whose case.yaml failed gives nothing"
assert not any(i["case"] == "hl-007" and i["kind"] == "plan" for i in items), "failed plan.yaml gives no plan item"
assert all(i["kind"] == "followup" for i in items if i["case"] in ("hl-004", "hl-005")), "closed: follow-ups only"
w = load("window.json")["items"]
assert w == [i for i in items if i["status"] != "upcoming"], "default window"
m = load("1m.json")["items"]
assert m and all(i["due"] <= "2026-06-15" for i in m) and any(i["due"] > "2026-05-29" for i in m), "--within 1m"
assert all(i["status"] == "due" for i in m if i["days"] >= 0)
c = load("case.json")["items"]
assert c == [i for i in items if i["case"] == "hl-003"] and c, "--case"
two = load("two.json")["items"]
assert two == [i for i in items if i["program"] == "outreach"], "--worker twice and --program"
raw = open(f"{t}/all.csv", "rb").read()
assert raw.count(b"\r\n") == len(items) + 1 and b"\n" not in raw.replace(b"\r\n", b""), "CRLF"
rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
assert rows[0] == keys, rows[0]
for r, i in zip(rows[1:], items):
    assert r == ["" if i[k] is None else str(i[k]) for k in keys], (r, i)
assert len(rows) == len(items) + 1
PY

# ICS: RFC 5545 shape, folding, stable UIDs, the same bytes in any time zone
# (with --names, so that the client names' TEXT escaping shows)
run --all --format ics --names > "$tmp/a.ics" 2>/dev/null
TZ=Pacific/Kiritimati "$CASELOAD" -C "$ek" --as-of 2026-05-15 due --all --format ics --names > "$tmp/b.ics" 2>/dev/null
cmp -s "$tmp/a.ics" "$tmp/b.ics" && ok "ics: the same bytes in another time zone" || nok "ics: time zone"
"$CASELOAD" -C "$ek" --as-of 2026-05-16 due --all --format ics --names > "$tmp/c.ics" 2>/dev/null
python3 - "$tmp/a.ics" "$tmp/c.ics" "$tmp/all.json" <<'PY' && ok "ics: VCALENDAR, a VEVENT per item, folded at 75 octets, UIDs stable across days" || nok "ics checks"
import json, sys
raw = open(sys.argv[1], "rb").read()
assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b""), "CRLF"
lines = raw.split(b"\r\n")[:-1]
for l in lines:
    assert len(l) <= 75, l
    l.decode("utf-8")  # a fold never splits a character
assert any(l.startswith(b" ") for l in lines), "something is folded"
un = []
for l in lines:
    if l.startswith(b" "): un[-1] += l[1:]
    else: un.append(l)
un = [l.decode() for l in un]
assert un[0] == "BEGIN:VCALENDAR" and un[-1] == "END:VCALENDAR"
assert "VERSION:2.0" in un and any(l.startswith("PRODID:") for l in un)
items = json.load(open(sys.argv[3]))["items"]
ev = [l for l in un if l == "BEGIN:VEVENT"]
assert len(ev) == len(items) == un.count("END:VEVENT")
uids = [l[4:] for l in un if l.startswith("UID:")]
assert uids == [f"{i['case']}/{i['kind']}/{i['ref'] or ''}/{i['due']}@caseload" for i in items], uids[:3]
assert len(set(uids)) == len(uids)
assert un.count("DTSTAMP:20260515T000000Z") == len(items)
assert [l for l in un if l.startswith("DTSTART;VALUE=DATE:")] == ["DTSTART;VALUE=DATE:" + i["due"].replace("-", "") for i in items]
assert sum(1 for l in un if l.startswith("SUMMARY:")) == len(items)
assert sum(1 for l in un if l.startswith("DESCRIPTION:")) == len(items)
assert any('Li "Lee" Wen\\, Jr.' in l for l in un if l.startswith("SUMMARY:")), "TEXT escaping"
c = open(sys.argv[2], "rb").read().decode().replace("\r\n ", "").split("\r\n")
assert [l for l in c if l.startswith("UID:")] == [l for l in un if l.startswith("UID:")], "UIDs move with as-of"
PY

# exit codes and messages
run --worker nobody > "$tmp/out" 2> "$tmp/err"; rc=$?
[ $rc -eq 2 ] && [ ! -s "$tmp/out" ] && grep -q "nobody" "$tmp/err" && grep -q "amina, bo, sam" "$tmp/err" &&
	ok "unknown --worker: exit 2, naming the known workers" || nok "unknown --worker" "rc=$rc $(cat "$tmp/err")"
run --program afercare > /dev/null 2> "$tmp/err"; rc=$?
[ $rc -eq 2 ] && grep -q "did you mean 'aftercare'" "$tmp/err" && grep -q "outreach, aftercare" "$tmp/err" &&
	ok "unknown --program: exit 2, the nearest and the known programs" || nok "unknown --program" "rc=$rc $(cat "$tmp/err")"
run --case hl-999 > /dev/null 2> "$tmp/err"; rc=$?
[ $rc -eq 2 ] && grep -q "hl-001" "$tmp/err" && ok "unknown --case: exit 2, naming the known cases" ||
	nok "unknown --case" "rc=$rc $(cat "$tmp/err")"
run --case hl-006 --all > "$tmp/out" 2>/dev/null; rc=$?
[ $rc -eq 0 ] && grep -q "^As of 2026-05-15: nothing" "$tmp/out" &&
	ok "--case of a case whose case.yaml failed: known, with nothing due" || nok "--case hl-006" "rc=$rc"
for bad in "--within 0" "--within 10000d" "--within -1d" "--within 3h" "--format yaml" "--bogus" \
	"--worker" "hl-001"; do
	# shellcheck disable=SC2086
	run $bad > "$tmp/out" 2> "$tmp/err"; rc=$?
	[ $rc -eq 2 ] && [ ! -s "$tmp/out" ] && [ -s "$tmp/err" ] && ok "usage: due $bad is exit 2 with a message" ||
		nok "usage: due $bad" "rc=$rc"
done
if [ -w /dev/full ]; then
	run > /dev/full 2> "$tmp/err"; rc=$?
	[ $rc -eq 2 ] && grep -q "cannot write" "$tmp/err" && ok "a failed write is exit 2" || nok "write error" "rc=$rc"
fi
# caseload.yaml that fails to load: the ids the cases use are the known ones
mkdir -p "$tmp/nocfg/cases/a-1"
printf 'organization: [x\n' > "$tmp/nocfg/caseload.yaml"
printf 'client: {name: A}\nprogram: p\nworker: w\nopened: 2026-01-01\nstatus: open\n' > "$tmp/nocfg/cases/a-1/case.yaml"
"$CASELOAD" -C "$tmp/nocfg" --as-of 2026-01-05 due --worker w --format csv > "$tmp/out" 2> "$tmp/err"; rc=$?
[ $rc -eq 0 ] && grep -q '^a-1,A,w,p,assessment,,2026-01-15,10,due,first assessment' "$tmp/out" && [ "$(wc -l < "$tmp/err")" -eq 1 ] &&
	ok "caseload.yaml failed: the policy's defaults, and the workers the cases name" || nok "caseload.yaml failed" "rc=$rc $(cat "$tmp/err")"
run --within 0d --format json > /dev/null 2>&1 && ok "--within 0d is allowed" || nok "--within 0d"
"$CASELOAD" -C "$ek" due --help | grep -q "^usage: caseload" && ok "due --help" || nok "due --help"
(cd "$ek/cases/hl-001/notes" && "$CASELOAD" --as-of 2026-05-15 due --format json > "$tmp/up.json" 2>/dev/null) &&
	cmp -s "$tmp/up.json" "$tmp/window.json" && ok "finds caseload.yaml upward" || nok "upward"

# colour only on a terminal, and never with NO_COLOR
run > "$tmp/out" 2>/dev/null
grep -q "$(printf '\033')" "$tmp/out" && nok "no colour when stdout is not a terminal" || ok "no colour when stdout is not a terminal"
if command -v script > /dev/null 2>&1 && script -qec true /dev/null > /dev/null 2>&1; then
	script -qec "'$CASELOAD' -C '$ek' --as-of 2026-05-15 due" /dev/null > "$tmp/tty" 2>/dev/null
	grep -q "$(printf '\033')\[31m" "$tmp/tty" && ok "colour on a terminal" || nok "colour on a terminal"
	NO_COLOR=1 script -qec "'$CASELOAD' -C '$ek' --as-of 2026-05-15 due" /dev/null > "$tmp/tty" 2>/dev/null
	grep -q "$(printf '\033')" "$tmp/tty" && nok "NO_COLOR on a terminal" || ok "no colour on a terminal with NO_COLOR"
fi

[ $fails -eq 0 ]

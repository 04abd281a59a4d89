#!/bin/sh
# csvsafe.sh: every CSV the tool writes (due, export, report) is safe to
# open in a spreadsheet (SPEC §4): a text cell that begins with =, +, -, @,
# a tab or a CR gets a leading ', numbers (days, counts, scores) stay
# numbers, dates are left as they are; and every file is strict RFC 4180
# (tests/csv4180.py).
#
# tests/golden/csv/formulas/ plants a hostile value in every text column it
# can. For each export kind, and for `due --all --format csv`, each CSV cell
# must be the JSON value of the same run written as text, with the ' in
# front exactly when the value is text (not a JSON number) beginning with
# one of those characters; report's program ids likewise, its figures
# numbers. A column that the fixture does not make hostile must be listed
# below with the reason it cannot be: a new column fails here until the
# fixture gives it a hostile value or the list a reason.
set -u
: "${CASELOAD:?}"
here=$(cd "$(dirname "$0")/.." && pwd)
fx=$here/golden/csv/formulas
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export TZ=UTC
fails=0
ok() { echo "ok $1"; }
nok() { echo "FAIL $1${2:+ -- $2}"; fails=$((fails + 1)); }
AS_OF=2026-03-01

# KIND ARGS...: the run's CSV and JSON into $tmp/KIND.csv and .json
both() {
	name=$1
	shift
	"$CASELOAD" -C "$fx" --as-of $AS_OF "$@" --format csv >"$tmp/$name.csv" 2>"$tmp/$name.err" &&
		"$CASELOAD" -C "$fx" --as-of $AS_OF "$@" --format json >"$tmp/$name.json" 2>>"$tmp/$name.err"
}

for k in cases goals steps assessments notes followups due; do
	both "$k" export "$k" || nok "export $k ran" "$(head -3 "$tmp/$k.err")"
done
both cases-redact export cases --redact || nok "export cases --redact ran"
both due-cmd due --all || nok "due --all ran"

python3 - "$tmp" "$here" <<'PY' || fails=$((fails + 1))
import json, sys
sys.path.insert(0, sys.argv[2])
import csv4180

t = sys.argv[1]
HOSTILE = ("=", "+", "-", "@", "\t", "\r")
# columns that no record can make hostile, and why
SAFE = {
    "case": "a case folder with a bad id is not loaded",
    "status": "a closed set", "risk": "a closed set", "kind": "a closed set",
    "term": "a closed set", "model": "a closed set (a bad one exports as empty)",
    "contact": "true or false",
    "opened": "a date", "closed": "a date", "consent_signed": "a date", "born": "a date",
    "last_contact": "a date", "target": "a date", "achieved": "a date", "due": "a date",
    "done": "a date", "date": "a date",
    "file": "a path that begins with cases/",
    "title": "begins with the kind's own words",
    "consent_ends": "a date", "referral_sent": "a date", "referral_answered": "a date",
    "referral_status": "a closed set",
    "reached": "true or false", "reached_on": "a date", "exit_category": "a closed set",
    "note": "a path that begins with cases/",
    "followup": "a duration as caseload.yaml writes it (a bad one is not loaded)",
}
NUMBERS = {"days", "days_open", "goals_achieved", "assessments", "notes", "steps",
           "steps_done", "step", "score", "minutes", "flags_open", "attempts", "rating"}
# goals: a count in cases, a list of ids in notes
failed = []

def expect(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, list):
        v = ";".join(v)
    return "'" + v if v.startswith(HOSTILE) else v

for name in ["cases", "goals", "steps", "assessments", "notes", "followups", "due",
             "cases-redact", "due-cmd"]:
    raw = open(f"{t}/{name}.csv", "rb").read()
    try:
        rows = csv4180.read(raw)
    except ValueError as e:
        failed.append(f"{name}: not strict RFC 4180: {e}")
        continue
    j = json.load(open(f"{t}/{name}.json"))
    items = j.get("rows", j.get("items"))
    head = rows[0]
    if len(rows) - 1 != len(items) or not items:
        failed.append(f"{name}: {len(rows) - 1} CSV rows, {len(items)} JSON rows")
        continue
    if head != list(items[0].keys()):
        failed.append(f"{name}: header {head} is not the JSON keys {list(items[0].keys())}")
        continue
    guarded = set()
    for r, it in zip(rows[1:], items):
        for col, cell in zip(head, r):
            v = it[col]
            if cell != expect(v):
                failed.append(f"{name}: column {col}: {cell!r}, want {expect(v)!r}")
            if isinstance(v, int) and not isinstance(v, bool):
                if cell.startswith("'"):
                    failed.append(f"{name}: number {v} in {col} written as text")
            elif cell.startswith("'"):
                guarded.add(col)
            if cell.startswith(HOSTILE) and not (isinstance(v, int) and cell.lstrip("-").isdigit()):
                failed.append(f"{name}: column {col} begins with {cell[:1]!r}: {cell!r}")
    if name.endswith("redact"):
        continue
    for col in head:
        if col in guarded or col in SAFE or col in NUMBERS:
            continue
        if col == "goals" and name == "cases":
            continue  # a count there
        failed.append(f"{name}: column {col} holds no hostile value: give it one in "
                      f"tests/golden/csv/formulas, or say in csvsafe.sh why it cannot")
    # the negative numbers the fixture has stay numbers
    neg = {"cases": ("days_open", "-5"), "assessments": ("score", "-2"),
           "due": ("days", "-28"), "due-cmd": ("days", "-28")}
    if name in neg:
        col, want = neg[name]
        if want not in [r[head.index(col)] for r in rows[1:]]:
            failed.append(f"{name}: no {col} of {want}")
for f in failed:
    print("FAIL csv:", f)
if not failed:
    print("ok csv: every export kind and due: text cells that a spreadsheet would run begin with ', numbers stay numbers, strict RFC 4180")
sys.exit(1 if failed else 0)
PY

# report: a program id that a spreadsheet would run is text; a fall in
# score (-2.0) is a number
"$CASELOAD" -C "$fx" --as-of $AS_OF report --format csv >"$tmp/report.csv" 2>/dev/null
python3 - "$tmp/report.csv" "$here" <<'PY' && ok "csv: report: program ids are text with the ', figures numbers (-2.0 too), strict RFC 4180" || fails=$((fails + 1))
import re, sys
sys.path.insert(0, sys.argv[2])
import csv4180
rows = csv4180.read(open(sys.argv[1], "rb").read())
assert rows[0] == ["program", "metric", "value", "target", "met"], rows[0]
progs = {r[0] for r in rows[1:]}
assert "'@p" in progs and "@p" not in progs, progs
for r in rows[1:]:
    assert not r[0].startswith(("=", "+", "-", "@", "\t", "\r")) and not r[1].startswith(("=", "+", "-", "@")), r
    for v in r[2:4]:
        assert v == "" or re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", v), r
assert ["std", "score_change.housing", "-2.0", "", ""] in rows, [r for r in rows if "score" in r[1]]
PY

cmp -s "$tmp/due.csv" "$tmp/due-cmd.csv" && ok "csv: export due and due --all --format csv are the same bytes" ||
	nok "csv: export due and due --all --format csv differ"
grep -q "^c1,'=std,'+ana,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",closed,2026-01-10,2026-01-05,-5," "$tmp/cases.csv" &&
	ok "csv: the issue's HYPERLINK client name is text, days_open -5 a number" ||
	nok "csv: HYPERLINK row" "$(sed -n 2p "$tmp/cases.csv")"

# every CSV of the example caseload and of the due goldens is strict RFC 4180
for k in cases goals steps assessments notes followups due; do
	"$CASELOAD" -C "$here/../example-cases" --as-of 2026-05-15 export "$k" >"$tmp/ex-$k.csv" 2>/dev/null
done
if python3 "$here/csv4180.py" "$tmp"/ex-*.csv "$here"/golden/due/*.csv "$here"/golden/report/*.csv >"$tmp/strict" 2>&1; then
	ok "csv: example-cases' exports and the due and report goldens are strict RFC 4180"
else
	nok "csv: strict RFC 4180" "$(cat "$tmp/strict")"
fi
[ $fails -eq 0 ]

#!/bin/sh
# export_after.sh: what `export` shows of SPEC §7 (after exit): the
# followups kind (one row per follow-up of a closed case: met or not, the
# note that reached the client, its outcome, the attempts), the notes'
# reached, outcome and rating, and the cases' exit_category. Every figure
# below is worked out by hand from the fixture written here. The new columns
# come after the old ones, which keep their order.
set -u
: "${CASELOAD:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok export-after: $1"; }
nok() { echo "FAIL export-after: $1${2:+ -- $2}"; }
export TZ=UTC
C=$tmp/c
mkdir -p "$C/cases/a-1/notes" "$C/cases/a-2/notes" "$C/cases/a-3"
cat >"$C/caseload.yaml" <<'EOF'
organization: Export Test
instrument: {name: M, scale: [1, 5], domains: {housing: Housing}}
workers: {ana: {name: Ana, email: ana@example.org}}
programs:
  after:
    name: Aftercare
    followups: [30d, 90d]
    followup_outcomes: [housed, unstable]
destinations: {flat: permanent, shelter: temporary}
EOF
# a-1 closed 2026-01-01: 30d due 01-31 (attempts 01-20 and 01-25, reached
# 02-02, housed), 90d due 04-01 (one attempt 03-20, not reached yet)
cat >"$C/cases/a-1/case.yaml" <<'EOF'
client: {name: Ada}
program: after
worker: ana
opened: 2025-06-01
status: closed
closed: 2026-01-01
exit: {reason: completed, destination: flat}
EOF
note() { # CASE DATE KIND EXTRA
	printf -- "---\ndate: $2\nby: ana\nkind: $3\n$4---\nText.\n" >"$C/cases/$1/notes/$2-$3.md"
}
note a-1 2026-01-10 followup 'reached: no\n'
note a-1 2026-01-20 followup 'reached: no\n'
note a-1 2026-01-25 feedback 'rating: 4\n'
note a-1 2026-02-02 followup 'reached: yes\noutcome: housed\n'
note a-1 2026-03-20 followup 'reached: no\n'
# the note of 01-10 is before 01-31 - 14 days: not an attempt
# a-2 closed 2026-02-01 to a shelter: 30d due 03-03, met by a note without
# reached (yes) or outcome; 90d due 05-02, ahead
cat >"$C/cases/a-2/case.yaml" <<'EOF'
client: {name: Bo}
program: after
worker: ana
opened: 2025-09-01
status: closed
closed: 2026-02-01
exit: {reason: moved, destination: shelter}
EOF
note a-2 2026-02-25 followup ''
note a-2 2026-02-26 visit ''
note a-2 2026-02-27 feedback ''
# a-3 is open: no follow-ups, no exit category
cat >"$C/cases/a-3/case.yaml" <<'EOF'
client: {name: Cy}
program: after
worker: ana
opened: 2026-03-01
status: open
EOF
run() { "$CASELOAD" -C "$C" --as-of 2026-04-10 "$@"; }
run check >"$tmp/check" 2>&1 && ok "the fixture checks clean" || nok "the fixture checks clean" "$(head -5 "$tmp/check")"

run export followups >"$tmp/f.csv" 2>"$tmp/err"
printf '%s\r\n' \
	'case,program,worker,followup,due,days,reached,reached_on,note,outcome,attempts' \
	'a-1,after,ana,30d,2026-01-31,-69,true,2026-02-02,cases/a-1/notes/2026-02-02-followup.md,housed,1' \
	'a-1,after,ana,90d,2026-04-01,-9,false,,,,1' \
	'a-2,after,ana,30d,2026-03-03,-38,true,2026-02-25,cases/a-2/notes/2026-02-25-followup.md,,0' \
	'a-2,after,ana,90d,2026-05-02,22,false,,,,0' >"$tmp/f.want"
if cmp -s "$tmp/f.csv" "$tmp/f.want"; then
	ok "export followups: one row per follow-up, met or not, with the reaching note, its outcome and the attempts"
else
	nok "export followups" "$(diff "$tmp/f.want" "$tmp/f.csv" | head -10) $(head -3 "$tmp/err")"
fi
# the attempts agree with due's title for the follow-up still unmet
run due --all --format json >"$tmp/due.json"
python3 - "$tmp/due.json" <<'PY' && ok "due: the unmet 90d follow-up shows the same attempt" || nok "due's attempts"
import json, sys
items = [i for i in json.load(open(sys.argv[1]))["items"] if i["kind"] == "followup"]
t = {(i["case"], i["ref"]): i["title"] for i in items}
assert t[("a-1", "90d")].endswith("(1 attempt)"), t
assert ("a-1", "30d") not in t and ("a-2", "30d") not in t, t
PY

run export notes --format json >"$tmp/n.json"
run export notes >"$tmp/n.csv"
python3 - "$tmp/n.json" "$tmp/n.csv" <<'PY' && ok "export notes: reached and outcome on follow-ups, rating on feedback, null elsewhere; appended" || nok "export notes"
import csv, json, sys
rows = json.load(open(sys.argv[1]))["rows"]
head = next(csv.reader(open(sys.argv[2], newline="")))
assert head == ["case", "program", "worker", "date", "kind", "contact", "by", "minutes",
                "goals", "file", "reached", "outcome", "rating"], head
got = [(r["date"], r["kind"], r["reached"], r["outcome"], r["rating"]) for r in rows]
assert got == [
    ("2026-01-10", "followup", False, None, None),
    ("2026-01-20", "followup", False, None, None),
    ("2026-01-25", "feedback", None, None, 4),
    ("2026-02-02", "followup", True, "housed", None),
    ("2026-03-20", "followup", False, None, None),
    ("2026-02-25", "followup", True, None, None),
    ("2026-02-26", "visit", None, None, None),
    ("2026-02-27", "feedback", None, None, None),
], got
PY

run export cases --format json >"$tmp/c.json"
python3 - "$tmp/c.json" <<'PY' && ok "export cases: exit_category from destinations, null while open; the last column" || nok "export cases exit_category"
import json, sys
rows = json.load(open(sys.argv[1]))["rows"]
assert [(r["case"], r["exit_category"]) for r in rows] == [
    ("a-1", "permanent"), ("a-2", "temporary"), ("a-3", None)], rows
assert list(rows[0])[-2:] == ["flags_open", "exit_category"], list(rows[0])
PY
# without the destinations map every exit is unknown
sed -i '/^destinations:/d' "$C/caseload.yaml"
run export cases --format json >"$tmp/c2.json"
python3 -c '
import json, sys
rows = json.load(open(sys.argv[1]))["rows"]
assert [r["exit_category"] for r in rows] == ["unknown", "unknown", None], rows
' "$tmp/c2.json" && ok "export cases: without destinations a closed case is unknown" || nok "exit_category unknown"
# --redact keeps the new columns (none is personal), and --program filters
run export followups --redact --program after --format json >"$tmp/r.json" &&
	python3 -c 'import json,sys; assert len(json.load(open(sys.argv[1]))["rows"]) == 4' "$tmp/r.json" &&
	ok "export followups --redact --program" || nok "export followups --redact --program"

#!/bin/sh
# demo.sh: the demo's replayed history (tests/demo/replay-history.sh) gives
# the audit exactly the findings it was written to give (one of each kind,
# one reviewed), commits each fact on its day, and the records still check
# clean at HEAD and in the working tree.
CASELOAD=${CASELOAD:-$PWD/build/caseload}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok demo: $1"; }
nok() { echo "FAIL demo: $1"; }

if ! sh tests/demo/replay-history.sh example-cases "$tmp/cl" 2>"$tmp/err"; then
	nok "replay-history.sh failed: $(head -3 "$tmp/err")"
	exit 0
fi
run() { $CASELOAD -C "$tmp/cl" --as-of 2026-11-23 "$@"; }

run check >"$tmp/out" 2>&1 && ok "the working tree checks clean" || nok "check: $(tail -3 "$tmp/out")"
run --at HEAD check >"$tmp/out" 2>&1 && ok "HEAD checks clean" || nok "--at HEAD check: $(tail -3 "$tmp/out")"
run audit --all --format json >"$tmp/audit.json" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] && ok "audit exits 1 with unreviewed findings" || nok "audit exit $rc: $(head -3 "$tmp/err")"
python3 - "$tmp/audit.json" <<'PY' >"$tmp/kinds"
import json, sys
d = json.load(open(sys.argv[1]))
for f in d["findings"]:
    r = f["review"]
    print(f["kind"], f["case"] or "-", f["file"] or "-", r["by"] + " " + r["date"] if r else "-")
print("unmatched", len(d["unmatched_reviews"]))
PY
want="amended hl-2026-002 cases/hl-2026-002/notes/2026-05-15-visit.md -
deleted hl-2026-004 cases/hl-2026-004/notes/2026-10-28-visit.md -
edit-after-close hl-2025-005 cases/hl-2025-005/notes/2026-11-02-admin.md -
future-entry hl-2026-004 cases/hl-2026-004/plan.yaml -
future-note hl-2026-003 cases/hl-2026-003/notes/2026-11-10-collateral.md -
late-note hl-2026-002 cases/hl-2026-002/notes/2026-09-10-meeting.md ruth 2026-11-20
uncommitted hl-2025-003 cases/hl-2025-003/notes/2026-11-19-visit.md -
unknown-author - - -
unmatched 0"
got=$(sort "$tmp/kinds")
if [ "$got" = "$want" ]; then
	ok "audit --all finds one of each kind, the late note reviewed by the supervisor, and nothing else"
else
	nok "audit findings differ: $(echo "$got" | head -10)"
fi
run audit >"$tmp/audit.txt" 2>"$tmp/err"
if [ "$(grep -cE '^(-|[0-9]{4}-[0-9]{2}-[0-9]{2}) ' "$tmp/audit.txt")" -eq 7 ] && ! grep -q 'late-note' "$tmp/audit.txt"; then
	ok "audit lists the seven unreviewed findings, not the reviewed one"
else
	nok "audit: $(tail -3 "$tmp/audit.txt")"
fi
# each fact of a plan is committed on its day (the one exception is the
# future-entry finding above): the plan's versions in git, by day
python3 - "$tmp/cl" <<'PY' >"$tmp/facts" 2>&1
import os, re, subprocess, sys
top = sys.argv[1]
bad = []
for c in sorted(os.listdir(os.path.join(top, "cases"))):
    p = "cases/%s/plan.yaml" % c
    if not os.path.exists(os.path.join(top, p)):
        continue
    log = subprocess.run(["git", "-C", top, "log", "--format=%H %ad", "--date=short", "--", p],
                         capture_output=True, text=True).stdout.split("\n")
    commits = [l.split() for l in log if l]
    first = min(d for _, d in commits)
    days = {d for _, d in commits}
    text = open(os.path.join(top, p)).read()
    facts = set(re.findall(r"(?:reviewed|achieved|done|sent|answered): *\"?(\d{4}-\d{2}-\d{2})", text))
    for d in sorted(facts):
        if d > first and d not in days and not (c == "hl-2026-004" and d == "2026-09-24"):
            bad.append("%s %s" % (p, d))
print("plans %d, facts not committed on their day: %s" % (len(os.listdir(os.path.join(top, "cases"))), bad or "none"))
sys.exit(1 if bad else 0)
PY
[ $? -eq 0 ] && ok "each plan fact is committed on the day it happened" || nok "$(cat "$tmp/facts")"
# --at is a point in time: the plan of hl-2026-004 in March holds no later facts
c=$(git -C "$tmp/cl" log -1 --format=%H --before=2026-03-31T23:59-05:00 -- cases/hl-2026-004/plan.yaml)
if $CASELOAD -C "$tmp/cl" --at "$c" due --all --format json 2>"$tmp/err" >"$tmp/due.json" &&
	grep -q '"as_of":"2026-03-09"' "$tmp/due.json" && grep -q '^caseload: the records of commit' "$tmp/err" &&
	! git -C "$tmp/cl" show "$c:cases/hl-2026-004/plan.yaml" | grep -q 'done: 2026-0[4-9]'; then
	ok "--at a commit of March: as of its day, with no later facts"
else
	nok "--at March: $(head -c 200 "$tmp/due.json") $(cat "$tmp/err")"
fi
# Julien's second address is his: none of his commits is an unknown author
if git -C "$tmp/cl" log --format=%ae | grep -q '^j.lavoie@'; then
	ok "some commits come from a worker's second address"
else
	nok "no commit from j.lavoie@: the alias case is not exercised"
fi
# follow-up notes after closing are not edits after close
n=$(git -C "$tmp/cl" log --format=%H -- 'cases/*/notes/*-followup.md' | wc -l)
[ "$n" -gt 0 ] && ok "follow-up notes after closing were committed ($n commits), none a finding" ||
	nok "no follow-up note was committed"
# the report make demo prints: every program, targets met and missed; the
# follow-up that two attempts did not reach stays due, and says so
run report >"$tmp/report" 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && [ ! -s "$tmp/err" ] && grep -q '^Cases served' "$tmp/report" &&
	grep -q 'missed' "$tmp/report" && grep -q 'met' "$tmp/report"; then
	ok "report: the figures of every program, targets met and missed"
else
	nok "report: rc=$rc $(head -3 "$tmp/err")"
fi
run due | grep -q 'hl-2025-005 .*follow-up after 90 days (2 attempts)' && ok "due: a follow-up not reached shows its attempts" ||
	nok "due: the attempts of hl-2025-005's 90d follow-up"
run digest --format eml >"$tmp/mbox" 2>"$tmp/err" && [ ! -s "$tmp/err" ] && [ "$(grep -c '^From ' "$tmp/mbox")" -eq 6 ] &&
	ok "digest: a mail for each of the five workers with open cases (not julien, who left) and the team's" || nok "digest eml: $(head -3 "$tmp/err")"
# the README's tour ("try these in the demo's own repository") runs there
# as written, as of the demo's day: every command exits 0 but audit (1, its
# findings), and what it writes stays in the demo's folder
readme=$(dirname "$0")/../../README.md
sed -n '/^cd build\/demo-caseload$/,/^```$/p' "$readme" | grep '^caseload ' | sed 's/ *#.*//' >"$tmp/tour"
caseload() {
	case " $* " in
	*" --as-of "*) "$CASELOAD" "$@" ;;
	*) "$CASELOAD" --as-of 2026-11-23 "$@" ;;
	esac
}
bad=
while read -r line; do
	(cd "$tmp/cl" && eval "$line") >"$tmp/out" 2>"$tmp/err"
	rc=$?
	want=0
	case "$line" in "caseload audit"*) want=1 ;; esac
	[ $rc -eq $want ] || bad="$bad [$line: rc=$rc $(head -c 160 "$tmp/err")]"
done <"$tmp/tour"
if [ "$(wc -l <"$tmp/tour")" -ge 10 ] && [ -z "$bad" ] && [ -f "$tmp/cl/_site/index.html" ] &&
	grep -q '^BEGIN:VEVENT' "$tmp/cl/shirin.ics" && [ -s "$tmp/cl/cases.csv" ]; then
	ok "the README's tour runs in the demo ($(wc -l <"$tmp/tour") commands), its files written there"
else
	nok "the README's tour:${bad:- $(wc -l <"$tmp/tour") commands, or _site/, shirin.ics, cases.csv missing}"
fi

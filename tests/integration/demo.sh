#!/bin/sh
# demo.sh: the demo's replayed history (tests/demo/replay-history.sh) gives
# the audit exactly the findings it was written to give, and the records
# still check clean at HEAD and in the working tree.
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
run audit --format json >"$tmp/audit.json" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] && ok "audit exits 1 with findings" || nok "audit exit $rc: $(head -3 "$tmp/err")"
python3 - "$tmp/audit.json" <<'PY' >"$tmp/kinds"
import json, sys
for f in json.load(open(sys.argv[1]))["findings"]:
    print(f["kind"], f["case"] or "-", f["file"] or "-")
PY
want="edit-after-close hl-2025-005 cases/hl-2025-005/notes/2026-11-02-admin.md
late-note hl-2026-002 cases/hl-2026-002/notes/2026-09-10-meeting.md
uncommitted hl-2025-003 cases/hl-2025-003/notes/2026-11-19-visit.md
unknown-author - -"
got=$(sort "$tmp/kinds")
if [ "$got" = "$want" ]; then
	ok "audit finds one of each kind it was given, and nothing else"
else
	nok "audit findings differ: $(echo "$got" | head -8)"
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
run due | grep -q 'hl-2025-005 .*90d follow-up (2 attempts)' && ok "due: a follow-up not reached shows its attempts" ||
	nok "due: the attempts of hl-2025-005's 90d follow-up"
run digest --format eml >"$tmp/mbox" 2>"$tmp/err" && [ ! -s "$tmp/err" ] && [ "$(grep -c '^From ' "$tmp/mbox")" -eq 6 ] &&
	ok "digest: a mail for each of the five workers with open cases (not julien, who left) and the team's" || nok "digest eml: $(head -3 "$tmp/err")"

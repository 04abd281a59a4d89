#!/bin/sh
# report.sh: `caseload report` (SPEC §7) on tests/golden/report/periods/,
# whose every figure is computed by hand below: the period's first and last
# days on each side, a case with one assessment (no score change), a
# program without targets, a metric with a zero denominator (null), halves
# rounded away from zero. Then the goldens in text, md, csv and json, the
# html page's guarantees, the default period and the command line.
# UPDATE=1 rewrites the goldens.
set -u
: "${CASELOAD:?}"
here=$(cd "$(dirname "$0")/.." && pwd)
golden=$here/golden/report
fx=$golden/periods
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok report: $1"; }
nok() { echo "FAIL report: $1${2:+ -- $2}"; }
export TZ=UTC
run() { "$CASELOAD" -C "$fx" --as-of 2026-07-31 report --from 2026-01-01 --to 2026-06-30 "$@"; }

# ---- every figure, by hand ----
run --format json >"$tmp/r.json" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && ok "json: exit 0" || nok "json: exit $rc" "$(cat "$tmp/err")"
python3 - "$tmp/r.json" <<'PY' && ok "json: every figure as computed by hand" || nok "json: figures differ"
import json, sys
got = json.load(open(sys.argv[1]))
def fig(served, new, exited, exits, goals, scores, fa, fu, fb):
    return {"served": served, "new": new, "exited": exited,
            "exits": dict(zip(["permanent", "temporary", "institutional", "other", "unknown"], exits)),
            "goals": {"due": goals[0], "achieved": goals[1]}, "score_change": scores,
            "first_assessment_on_time": {"cases": fa[0], "on_time": fa[1]},
            "followups": {"due": fu[0], "reached": fu[1]},
            "feedback": {"count": fb[0], "mean_rating": fb[1]}}
# housing: served h-1 (opened the day before the period), h-2 (opened on its
# first day, closed on its last), h-3 (opened on its last day), h-6 (closed
# on its first day), h-7, h-8; not h-4 (opened the day after) nor h-5
# (closed the day before). New: h-2, h-3, h-7, h-8. Exits: h-2 permanent,
# h-6 institutional, h-7 other, h-8 unknown (no destination).
# Goals (h-1): g1 due on the first day, achieved; g2 due on the last day,
# active; g3 dropped, g4 after the period, g5 before: left out.
# Scores up to the last day (h-1's 2026-07-02 left out); h-2 and h-8 have
# one assessment each, so no change. home: h-1 2->4, h-6 1->1, h-7 3->2:
# 1/3 = 0.3; money: all 0; health: h-6 1->3, others 0: 2/3 = 0.7.
# First assessments: h-2 on opened + 14 days (on time), h-3 none, h-7 19
# days (late), h-8 on time.
# Follow-ups scheduled in the period: h-5 30d (met by a reached note after
# an attempt) and 90d (met by a note after the period), h-6 30d and 90d
# (attempts only), h-7 30d (nothing; its 90d falls after), h-8 30d (met)
# and 90d (not): 7 due, 3 reached.
# Feedback in the period: h-1 4 (the last day), h-6 4 (the first day; its
# 5 the day before is out), h-7 3 and one without a rating: 4 notes,
# (4 + 4 + 3) / 3 = 3.67 -> 3.7.
housing = fig(6, 4, 4, [1, 0, 1, 1, 1], [2, 1], {"home": 0.3, "money": 0.0, "health": 0.7},
              [4, 2], [7, 3], [4, 3.7])
# youth: y-1 money 2->5, health 4->3, home once (no change); y-2 health 3->3.
youth = fig(2, 2, 0, [0] * 5, [0, 0], {"money": 3.0, "health": -0.5}, [2, 2], [0, 0], [0, None])
# drop-in: d-1, served but opened before the period: home 1->1.
dropin = fig(1, 0, 0, [0] * 5, [0, 0], {"home": 0.0}, [0, 0], [0, 0], [0, None])
# total: home (2 - 1 + 0 + 0) / 4 = 0.25 -> 0.3 (halves away from zero);
# money (0 + 0 + 0 + 3) / 4 = 0.75 -> 0.8; health (2 + 0 + 0 - 1 + 0) / 5 = 0.2.
total = fig(9, 6, 4, [1, 0, 1, 1, 1], [2, 1], {"home": 0.3, "money": 0.8, "health": 0.2},
            [6, 4], [7, 3], [4, 3.7])
def prog(pid, name, f, targets):
    return dict({"program": pid, "name": name}, **f, targets=targets)
def t(metric, target, actual, met):
    return {"metric": metric, "target": target, "actual": actual, "met": met}
want = {"from": "2026-01-01", "to": "2026-06-30", "as_of": "2026-07-31", "programs": [
    prog("housing", "Housing", housing, [
        t("exits_permanent", 50, 25.0, False),            # 1 of 4 exits
        t("goals_achieved", 50, 50.0, True),              # 1 of 2, equal to the target
        t("first_assessment_on_time", 100, 50.0, False),  # 2 of 4
        t("followups_reached", 42.9, 42.9, True)]),       # 3 of 7 = 42.857 -> 42.9, met
    prog("youth", "Youth", youth, [t("followups_reached", 80, None, None)]),  # 0 of 0
    prog("dropin", "Drop-in", dropin, [])], "total": total}
if got != want:
    for k in want:
        if got.get(k) != want[k]:
            print("differs at", k, ":", json.dumps(got.get(k))[:600], file=sys.stderr)
    sys.exit(1)
# the keys in SPEC's order
order = list(got["programs"][0])
assert order == ["program", "name", "served", "new", "exited", "exits", "goals", "score_change",
                 "first_assessment_on_time", "followups", "feedback", "targets"], order
assert list(got) == ["from", "to", "as_of", "programs", "total"]
PY

# ---- goldens ----
for f in text md csv json; do
	run --format $f >"$tmp/periods.$f" 2>/dev/null
	[ -n "${UPDATE:-}" ] && cp "$tmp/periods.$f" "$golden/periods.$f"
	cmp -s "$golden/periods.$f" "$tmp/periods.$f" && ok "golden periods.$f" ||
		nok "golden periods.$f" "$(diff -u "$golden/periods.$f" "$tmp/periods.$f" | head -20)"
done
run >"$tmp/default" 2>/dev/null
cmp -s "$tmp/default" "$tmp/periods.text" && ok "text is the default format" || nok "default format"
grep -v '^|' "$tmp/periods.md" | grep -q '^[|]' && nok "md: a table row not starting with |" || true
python3 - "$tmp/periods.md" <<'PY' && ok "md: every table row starts with |, header rows have their rule" || nok "md: tables"
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
rows = [l for l in lines if "|" in l]
assert rows and all(l.startswith("|") and l.endswith("|") for l in rows), rows
for i, l in enumerate(lines):
    if l.startswith("|") and (i == 0 or not lines[i - 1].startswith("|")):
        assert lines[i + 1].startswith("|---"), lines[i + 1]
PY
python3 - "$tmp/periods.csv" <<'PY' && ok "csv: CRLF, program,metric,value,target,met, a row per figure, totals as 'total'" || nok "csv"
import csv, io, sys
raw = open(sys.argv[1], "rb").read()
assert raw.count(b"\r\n") == raw.count(b"\n"), "not CRLF"
rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
assert rows[0] == ["program", "metric", "value", "target", "met"], rows[0]
d = {(r[0], r[1]): r[2:] for r in rows[1:]}
assert d[("housing", "served")] == ["6", "", ""]
assert d[("housing", "exits.unknown")] == ["1", "", ""]
assert d[("youth", "score_change.health")] == ["-0.5", "", ""]
assert d[("housing", "targets.followups_reached")] == ["42.9", "42.9", "true"]
assert d[("housing", "targets.exits_permanent")] == ["25.0", "50", "false"]
assert d[("youth", "targets.followups_reached")] == ["", "80", ""]
assert d[("youth", "feedback.mean_rating")] == ["", "", ""]
assert d[("total", "score_change.money")] == ["0.8", "", ""]
assert ("youth", "score_change.home") not in d
assert not any(k[0] == "total" and k[1].startswith("targets") for k in d)
assert len([k for k in d if k[0] == "housing"]) == 3 + 5 + 2 + 3 + 2 + 2 + 2 + 4
PY

# ---- the default period and the options ----
"$CASELOAD" -C "$fx" --as-of 2026-06-30 report --format json 2>/dev/null >"$tmp/d.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert (d["from"], d["to"], d["as_of"]) == ("2025-07-01", "2026-06-30", "2026-06-30"), d' "$tmp/d.json" &&
	ok "default period: to = as-of, from = to - 364 days" || nok "default period"
"$CASELOAD" -C "$fx" --as-of 2026-12-31 report --to 2026-06-30 --format json 2>/dev/null >"$tmp/d.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert (d["from"], d["to"]) == ("2025-07-01", "2026-06-30"), d' "$tmp/d.json" &&
	ok "--to alone: from = to - 364 days" || nok "--to alone"
"$CASELOAD" -C "$fx" --as-of 2026-07-31 report --from 2026-06-30 --to 2026-06-30 --format json 2>/dev/null >"$tmp/d.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); t=d["total"]; assert (t["served"], t["new"], t["exited"]) == (6, 1, 1), t' "$tmp/d.json" &&
	ok "a one-day period holds its day" || nok "one-day period"
run --program dropin --program youth --format json 2>/dev/null >"$tmp/p.json"
python3 -c '
import json,sys; d=json.load(open(sys.argv[1]))
assert [p["program"] for p in d["programs"]] == ["youth", "dropin"], d["programs"]
assert d["total"]["served"] == 3 and d["total"]["score_change"] == {"home": 0.0, "money": 3.0, "health": -0.5}, d["total"]' "$tmp/p.json" &&
	ok "--program: those programs in caseload.yaml order, the total theirs" || nok "--program"
expect2() {
	what=$1
	shift
	"$CASELOAD" -C "$fx" --as-of 2026-07-31 report "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 2 ] && [ ! -s "$tmp/out" ] && grep -q '^caseload report: ' "$tmp/err" && ok "exit 2: $what" ||
		nok "exit 2: $what" "rc=$rc $(cat "$tmp/err")"
}
expect2 "--from after --to" --from 2026-07-01 --to 2026-06-30
expect2 "a --from that is no date" --from 2026-02-30
expect2 "an unknown program" --program yuoth
grep -q "did you mean 'youth'" "$tmp/err" && ok "unknown program: the nearest named" || nok "unknown program: nearest" "$(cat "$tmp/err")"
expect2 "an unknown format" --format pdf
expect2 "an argument" housing
run --redact --format json >"$tmp/redact.json" 2>/dev/null
cmp -s "$tmp/redact.json" "$tmp/r.json" && ok "--redact changes no figure" || nok "--redact changed the figures"

# ---- html: one self-contained page with the site's guarantees ----
run --format html >"$tmp/r.html" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && ok "html: exit 0" || nok "html: exit $rc" "$(cat "$tmp/err")"
run --format html >"$tmp/r2.html" 2>/dev/null
cmp -s "$tmp/r.html" "$tmp/r2.html" && ok "html: byte-identical on a second run" || nok "html: differs between runs"
python3 - "$tmp/r.html" <<'PY' && ok "html: CSP allows only the inline style by its hash; no request leaves it; noindex; SVG bars" || nok "html: guarantees"
import base64, hashlib, re, sys
h = open(sys.argv[1], encoding="utf-8").read()
csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', h).group(1).replace("&#39;", "'")
assert "default-src 'none'" in csp, csp
styles = re.findall(r"<style>(.*?)</style>", h, re.S)
assert len(styles) == 1
digest = base64.b64encode(hashlib.sha256(styles[0].encode()).digest()).decode()
assert "style-src 'sha256-%s'" % digest in csp, (csp, digest)
assert "script-src" not in csp and "<script" not in h and "<link" not in h
assert 'name="robots" content="noindex' in h
for m in re.finditer(r'(?:src|href)="([^"]*)"', h):
    assert False, "a reference: " + m.group(1)
urls = re.findall(r"(?:https?:)?//[^\s\"'<>)]+", h)
assert all(u == "http://www.w3.org/2000/svg" for u in urls), urls
assert "url(" not in styles[0] and "@import" not in styles[0]
assert h.count('class="chart target-chart"') == 2, "a target chart per program with targets"
assert "No targets set for this program." in h
assert "42.9%" in h and "Follow-ups that reached the client" in h
PY
run --format html --redact 2>/dev/null | grep -q 'class="banner' && ok "html --redact: the redacted banner" || nok "html --redact: no banner"

# ---- problems in the records: figures anyway, one line on stderr ----
cp -R "$fx" "$tmp/broken"
mkdir -p "$tmp/broken/cases/h-3/assessments"
printf 'date: 2026-02-30\nby: ana\nscores: {home: 1}\n' >"$tmp/broken/cases/h-3/assessments/bad.yaml"
"$CASELOAD" -C "$tmp/broken" --as-of 2026-07-31 report >/dev/null 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q 'caseload check' "$tmp/err" &&
	ok "records with errors: exit 0, one line pointing to check" || nok "records with errors" "rc=$rc $(cat "$tmp/err")"

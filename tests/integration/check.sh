#!/bin/sh
# check.sh: the bad-input fixture (tests/golden/check/bad, plus files made
# here that cannot be committed sensibly) against golden text and JSON output,
# and the rules of check's command line. UPDATE=1 rewrites the goldens.
set -u
: "${CASELOAD:?}"
here=$(cd "$(dirname "$0")/.." && pwd)
golden=$here/golden/check
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
ok() { echo "ok $1"; }
nok() { echo "FAIL $1${2:+ -- $2}"; fails=$((fails + 1)); }

cp -R "$golden/bad" "$tmp/bad"
fx=$tmp/bad
mkdir -p "$fx/cases/gen-5/notes"
# a collection at depth 65 (the top mapping is depth 1)
{ printf 'client:\n  name: Deep\nextra: '; i=0; while [ $i -lt 64 ]; do printf '['; i=$((i+1)); done;
  i=0; while [ $i -lt 64 ]; do printf ']'; i=$((i+1)); done; printf '\n'; } > "$fx/cases/gen-5/case.yaml"
# more than 1 MiB
{ echo "name: Huge"; i=0; while [ $i -lt 30000 ]; do echo "# padding padding padding padding padding padding"; i=$((i+1)); done; } > "$fx/resources/huge.yaml"
# invalid UTF-8 on line 6, column 6 (columns count code points: é is one)
printf -- '---\ndate: 2026-01-20\nby: ana\nkind: visit\n---\nCaf\303\251 \377 here\n' > "$fx/cases/gen-5/notes/2026-01-20-visit.md"

run() { (cd "$fx" && TZ=UTC "$CASELOAD" --as-of 2026-06-01 "$@"); }
run check > "$tmp/out.txt"; rc_text=$?
run check --format json > "$tmp/out.json"; rc_json=$?
if [ -n "${UPDATE:-}" ]; then
	cp "$tmp/out.txt" "$golden/bad.txt"
	cp "$tmp/out.json" "$golden/bad.json"
fi
[ $rc_text -eq 1 ] && [ $rc_json -eq 1 ] && ok "check: records with errors exit 1" || nok "check: exit 1" "text $rc_text json $rc_json"
diff -u "$golden/bad.txt" "$tmp/out.txt" > "$tmp/d" && ok "check: text output matches the golden file" || nok "check: text golden" "$(head -20 "$tmp/d")"
diff -u "$golden/bad.json" "$tmp/out.json" > "$tmp/d" && ok "check: JSON output matches the golden file" || nok "check: JSON golden" "$(head -20 "$tmp/d")"

# every code SPEC names fires somewhere in the fixture
for code in yaml-syntax encoding alias duplicate-key unknown-key missing-field bad-type bad-value \
	bad-date bad-id unknown-ref duplicate-id score-range unscored not-smart cycle date-order \
	no-consent too-large too-deep file-name; do
	grep -q "\"code\":\"$code\"" "$tmp/out.json" && ok "check: code $code is reported" || nok "check: code $code is reported"
done
python3 - "$tmp/out.json" <<'PY' && ok "check: JSON is sorted by file, line, column, code and counts match" || nok "check: JSON order/counts"
import json, sys
j = json.load(open(sys.argv[1]))
d = j["diagnostics"]
keys = [(x["file"].encode(), x["line"], x["column"], x["code"]) for x in d]
assert keys == sorted(keys), "not sorted"
assert j["errors"] == sum(1 for x in d if x["severity"] == "error")
assert j["warnings"] == sum(1 for x in d if x["severity"] == "warning")
for x in d:
    assert list(x.keys()) == ["file", "line", "column", "severity", "code", "message"], x
PY
tail -n 1 "$tmp/out.txt" | grep -Eq '^[0-9]+ errors?, [0-9]+ warnings?$' && ok "check: the last line is the summary" || nok "check: summary line"
grep -q '^cases/bad-2/case.yaml:2:3: warning: unknown key '"'"'nam'"'"'; did you mean '"'"'name'"'"'? (unknown-key)$' "$tmp/out.txt" && ok "check: unknown key suggests the nearest" || nok "check: suggestion"

# CASE arguments
run check ok-1 > "$tmp/one.txt"; rc=$?
grep -q '^cases/bad-2' "$tmp/one.txt" && nok "check CASE: limits to that case" || ok "check CASE: limits to that case"
grep -q '^caseload.yaml:' "$tmp/one.txt" && [ $rc -eq 1 ] && ok "check CASE: still checks caseload.yaml" || nok "check CASE: caseload.yaml" "rc=$rc"
run check ../../etc > /dev/null 2>&1; [ $? -eq 2 ] && ok "check: an invalid case id is exit 2" || nok "check: invalid case id exit 2"
run check no-such-case > /dev/null 2> "$tmp/err"; [ $? -eq 2 ] && [ -s "$tmp/err" ] && ok "check: an unknown case is exit 2 with a message" || nok "check: unknown case"
run check --format yaml > /dev/null 2>&1; [ $? -eq 2 ] && ok "check: a bad --format is exit 2" || nok "check: bad format"
"$CASELOAD" -C "$fx" --as-of 2026-02-30 check > /dev/null 2>&1; [ $? -eq 2 ] && ok "global: an impossible --as-of is exit 2" || nok "global: impossible as-of"
"$CASELOAD" -C "$tmp" check > /dev/null 2>&1; [ $? -eq 2 ] && ok "global: -C without caseload.yaml is exit 2" || nok "global: -C without caseload.yaml"
(cd "$fx/cases/ok-1/notes" && "$CASELOAD" --as-of 2026-06-01 check ok-1 > /dev/null 2>&1); [ $? -eq 1 ] && ok "global: caseload.yaml is found upward" || nok "global: upward discovery"
"$CASELOAD" --version | grep -q '^caseload [0-9]' && ok "global: --version" || nok "global: --version"
"$CASELOAD" check --help | grep -q '^usage: caseload' && ok "global: check --help" || nok "check --help"

# a clean caseload: exit 0, and --strict turns warnings into exit 1
mkdir -p "$tmp/clean/cases/a-1"
cp "$golden/bad/cases/ok-1/case.yaml" "$tmp/clean/cases/a-1/"
cat > "$tmp/clean/caseload.yaml" <<'Y'
organization: Clean
instrument: {name: L, scale: [1, 5], domains: {housing: Housing}}
workers: {ana: {name: Ana}}
programs: {outreach: {name: Outreach, reassess_every: 90d}}
resources_typo: 1
Y
mkdir -p "$tmp/clean/resources"; echo 'name: Legal' > "$tmp/clean/resources/legal.yaml"
"$CASELOAD" -C "$tmp/clean" --as-of 2026-06-01 check > "$tmp/c.txt"; rc=$?
[ $rc -eq 0 ] && grep -q '^0 errors, 1 warning$' "$tmp/c.txt" && ok "check: warnings alone exit 0" || nok "check: warnings exit 0" "rc=$rc $(cat "$tmp/c.txt")"
"$CASELOAD" -C "$tmp/clean" --as-of 2026-06-01 check --strict > /dev/null; [ $? -eq 1 ] && ok "check --strict: warnings exit 1" || nok "check --strict"
# BOM and CRLF are accepted, with lines still right
printf '\357\273\277client:\r\n  name: Crlf\r\nprogram: outreach\r\nworker: ana\r\nopened: 2026-01-05\r\nstatus: open\r\nrisk: bogus\r\n' > "$tmp/clean/cases/a-1/case.yaml"
"$CASELOAD" -C "$tmp/clean" --as-of 2026-06-01 check > "$tmp/c.txt"
grep -q '^cases/a-1/case.yaml:7:7: error: .bogus. is not a valid risk; one of: low, medium, high (bad-value)$' "$tmp/c.txt" && ok "check: BOM and CRLF keep lines and columns right" || nok "check: BOM/CRLF" "$(cat "$tmp/c.txt")"

# the example caseload shipped with the project checks clean, warnings included
"$CASELOAD" -C "$here/../example-cases" --as-of 2026-11-23 check --strict > "$tmp/ex.txt"; rc=$?
[ $rc -eq 0 ] && grep -q '^0 errors, 0 warnings$' "$tmp/ex.txt" && ok "example-cases: checks clean" || nok "example-cases: checks clean" "$(head -5 "$tmp/ex.txt")"

[ $fails -eq 0 ]

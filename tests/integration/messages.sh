#!/bin/sh
# messages.sh: the messages people act on (SPEC §8) and the feeds without
# names. YAML mistakes in words, against the golden text of
# tests/golden/check/yaml.txt (one mistake per file of the fixture beside
# it); the summary in the singular; the stderr line of due, export and audit
# only when the records have errors; dates worded alike everywhere; usage
# errors before "no caseload.yaml"; calendars (due --format ics, the site's
# due.ics and workers/*.ics) without client names unless asked, and
# `due --format ics` holding the items of `due --all`. UPDATE=1 rewrites
# the golden. Prints 'ok NAME' or 'FAIL NAME' per test.
set -u
: "${CASELOAD:?}"
here=$(cd "$(dirname "$0")/.." && pwd)
golden=$here/golden/check
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
ok() { echo "ok $1"; }
nok() { echo "FAIL $1${2:+ -- $2}"; fails=$((fails + 1)); }
export TZ=UTC
export NO_COLOR=1

# ---- YAML mistakes in words ----

(cd "$golden/yaml" && "$CASELOAD" --as-of 2026-02-01 check) > "$tmp/yaml.txt" 2> "$tmp/err"
rc=$?
[ -n "${UPDATE:-}" ] && cp "$tmp/yaml.txt" "$golden/yaml.txt"
[ $rc -eq 1 ] && ok "yaml: exit 1" || nok "yaml: exit 1" "rc=$rc $(cat "$tmp/err")"
diff -u "$golden/yaml.txt" "$tmp/yaml.txt" > "$tmp/d" && ok "yaml: the words match the golden file" ||
	nok "yaml: golden" "$(head -20 "$tmp/d")"
# every message says what to do, then libyaml's words; none is libyaml's alone
n=$(grep -c '(yaml-syntax)$' "$tmp/yaml.txt")
m=$(grep -c '; the YAML parser says: .* (yaml-syntax)$' "$tmp/yaml.txt")
[ "$n" -ge 16 ] && [ "$n" -eq "$m" ] && ! grep -q 'error: the YAML cannot be read here' "$tmp/yaml.txt" &&
	ok "yaml: each of $n mistakes in words, libyaml's text after them" || nok "yaml: words" "$n $m"
# the four SPEC names, each with its fix
for want in 'tab.yaml:2:1: error: a tab is used here: indent with spaces' \
	"indent-deeper.yaml:2:3: error: 'phone' is indented to column 3, but the key before it, 'name' on line 1, is at column 1" \
	"indent-shallower.yaml:4:3: error: 'tuesday' is indented to column 3, but the key before it, 'monday' on line 3, is at column 5" \
	'quote.yaml:1:7: error: the quote " that begins this value is not closed' \
	'colon.yaml:2:14: error: a colon followed by a space inside a value that is not in quotes: put the value in quotes, as in hours: "Monday: 9 to 5"; the YAML parser says: mapping values are not allowed in this context'; do
	grep -qF "$want" "$tmp/yaml.txt" && ok "yaml: ${want%%:*}" || nok "yaml: ${want%%:*}" "$want"
done
# in a note's front matter, lines count from the top of the file
grep -qF "2026-01-14-visit.md:4:2: error: 'kind' is indented to column 2, but the key before it, 'by' on line 3" "$tmp/yaml.txt" &&
	ok "yaml: a note's lines count from the top of the file" || nok "yaml: note lines"

# ---- files in the wrong place, empty notes: the words ----

w=$tmp/words
mkdir -p "$w/cases/c-1/notes" "$w/cases/c-1/assesments" "$w/cases/c-1/assessments" "$w/resources"
cat > "$w/caseload.yaml" <<'EOF'
organization: Words
instrument: {name: Ladder, scale: [1, 5], domains: {housing: Housing}}
workers: {ana: {name: Ana}}
programs: {outreach: {name: Outreach, reassess_every: 90d}}
policy:
  due_window: 14d
EOF
printf 'client: {name: Ann}\nprogram: outreach\nworker: ana\nopened: 2026-01-10\nstatus: open\nconsent: {signed: 2026-01-10}\n' > "$w/cases/c-1/case.yaml"
printf 'date: 2026-01-12\nby: ana\nscores: {housing: 2}\n' > "$w/cases/c-1/assesments/2026-01-12.yaml"
printf 'date: 2026-01-12\nby: ana\nscores: {housing: 2}\n' > "$w/cases/c-1/assessments/2026-01-12.yml"
echo 'typed elsewhere' > "$w/cases/c-1/notes/2026-01-13-visit.txt"
printf -- '---\ndate: 2026-01-14\nby: ana\nkind: phone\n---\nA call.\n' > "$w/cases/c-1/notes/2026-01-14-visit.md"
printf -- '---\ndate: 2026-01-15\nby: ana\nkind: visit\n---\n\n' > "$w/cases/c-1/notes/2026-01-15-visit.md"
"$CASELOAD" -C "$w" --as-of 2026-02-01 check > "$tmp/words.txt"
rc=$?
cat > "$tmp/words.want" <<'EOF'
cases/c-1/assesments: warning: 'assesments' is read as a folder of attachments, not as the assessments; did you mean 'assessments'? rename it with git mv (file-name)
cases/c-1/assessments/2026-01-12.yml: warning: '2026-01-12.yml' is read as an attachment, not as an assessment: an assessment's name ends in .yaml; rename it '2026-01-12.yaml' with git mv (file-name)
cases/c-1/notes/2026-01-13-visit.txt: warning: '2026-01-13-visit.txt' is read as an attachment, not as a note: a note's name ends in .md; rename it '2026-01-13-visit.md' with git mv (file-name)
cases/c-1/notes/2026-01-14-visit.md:4:7: warning: the file name says visit but the kind is phone; rename the file or correct the kind (file-name)
cases/c-1/notes/2026-01-15-visit.md:5:1: warning: the note has nothing after its front matter; write what happened, or remove the note (empty-note)
0 errors, 5 warnings
EOF
[ $rc -eq 0 ] && diff -u "$tmp/words.want" "$tmp/words.txt" > "$tmp/d" &&
	ok "file-name and empty-note: the words, exit 0" || nok "file-name and empty-note words" "rc=$rc $(head -20 "$tmp/d")"

# ---- the summary in the singular; stderr only for errors ----

# $w has warnings alone: due, export and audit say nothing on stderr
git -C "$w" init -q && git -C "$w" add -A &&
	git -C "$w" -c user.name=Ana -c user.email=ana@example.org commit -qm Start --date 2026-01-16T10:00:00Z ||
	nok "git commit in $w"
for cmd in "due" "due --format ics" "export cases" "audit"; do
	"$CASELOAD" -C "$w" --as-of 2026-02-01 $cmd > /dev/null 2> "$tmp/err"
	[ ! -s "$tmp/err" ] && ok "warnings alone: $cmd says nothing on stderr" ||
		nok "warnings alone: $cmd stderr" "$(cat "$tmp/err")"
done
# an error too: one line each, in the singular
printf 'client: {name: Ann}\nprogram: outreach\nworker: tom\nopened: 2026-01-10\nstatus: open\nconsent: {signed: 2026-01-10}\n' > "$w/cases/c-1/case.yaml"
rm -r "$w/cases/c-1/assesments" "$w/cases/c-1/assessments" "$w/cases/c-1/notes/2026-01-13-visit.txt" "$w/cases/c-1/notes/2026-01-14-visit.md"
"$CASELOAD" -C "$w" --as-of 2026-02-01 check > "$tmp/one.txt"
[ "$(tail -n 1 "$tmp/one.txt")" = "1 error, 1 warning" ] && ok "check: '1 error, 1 warning'" ||
	nok "check: singular summary" "$(tail -n 1 "$tmp/one.txt")"
grep -qF "cases/c-1/case.yaml:3:9: error: no worker 'tom' in caseload.yaml; known: ana (unknown-ref)" "$tmp/one.txt" &&
	ok "unknown worker: the known ones listed" || nok "unknown worker words" "$(head -3 "$tmp/one.txt")"
for cmd in "due" "export cases" "audit"; do
	"$CASELOAD" -C "$w" --as-of 2026-02-01 $cmd > /dev/null 2> "$tmp/err"
	c=${cmd%% *}
	[ "$(cat "$tmp/err")" = "caseload $c: the records have 1 error, 1 warning; run 'caseload check' to see them" ] &&
		ok "errors: $cmd says so on stderr, once" || nok "errors: $cmd stderr" "$(cat "$tmp/err")"
done

# ---- dates worded alike ----

"$CASELOAD" -C "$w" --as-of 2026-02-30 due > /dev/null 2> "$tmp/e1"; r1=$?
"$CASELOAD" -C "$w" --as-of 2026-02-01 new note c-1 --date 2026-02-30 > /dev/null 2> "$tmp/e2"; r2=$?
"$CASELOAD" -C "$w" --as-of tomorrow due > /dev/null 2> "$tmp/e3"; r3=$?
"$CASELOAD" -C "$w" --as-of 2026-02-01 new note c-1 --date 3/2/2026 > /dev/null 2> "$tmp/e4"; r4=$?
sed -i 's/^opened: .*/opened: 2026-02-30/' "$w/cases/c-1/case.yaml"
"$CASELOAD" -C "$w" --as-of 2026-02-01 check > "$tmp/bd.txt"
sed -i 's/^opened: .*/opened: 10.1.2026/' "$w/cases/c-1/case.yaml"
"$CASELOAD" -C "$w" --as-of 2026-02-01 check > "$tmp/bd2.txt"
[ $r1 -eq 2 ] && [ $r2 -eq 2 ] && [ $r3 -eq 2 ] && [ $r4 -eq 2 ] &&
	[ "$(cat "$tmp/e1")" = "caseload: --as-of '2026-02-30' is not a day on the calendar" ] &&
	[ "$(cat "$tmp/e2")" = "caseload new note: --date '2026-02-30' is not a day on the calendar" ] &&
	grep -qF "error: '2026-02-30' is not a day on the calendar (bad-date)" "$tmp/bd.txt" &&
	ok "dates: an impossible day in the same words for --as-of, --date and check" ||
	nok "dates: impossible day" "$(cat "$tmp/e1" "$tmp/e2"; grep bad-date "$tmp/bd.txt")"
[ "$(cat "$tmp/e3")" = "caseload: --as-of 'tomorrow' is not a date of the form YYYY-MM-DD, such as 2026-03-09" ] &&
	[ "$(cat "$tmp/e4")" = "caseload new note: --date '3/2/2026' is not a date of the form YYYY-MM-DD, such as 2026-03-09" ] &&
	grep -qF "error: '10.1.2026' is not a date of the form YYYY-MM-DD, such as 2026-03-09 (bad-date)" "$tmp/bd2.txt" &&
	ok "dates: a date of another form in the same words for --as-of, --date and check" ||
	nok "dates: form" "$(cat "$tmp/e3" "$tmp/e4"; grep bad-date "$tmp/bd2.txt")"
# report's --from and --to, digest's --since: the same words
bad=
for a in "report --from 2026-02-30|--from '2026-02-30' is not a day on the calendar" \
	"report --to 1/1/2026|--to '1/1/2026' is not a date of the form YYYY-MM-DD, such as 2026-03-09" \
	"digest --since 2026-02-30|--since '2026-02-30' is not a day on the calendar" \
	"digest --since today|--since 'today' is not a date of the form YYYY-MM-DD, such as 2026-03-09"; do
	args=${a%%|*}
	"$CASELOAD" -C "$w" --as-of 2026-02-01 $args > /dev/null 2> "$tmp/e"
	rc=$?
	[ $rc -eq 2 ] && [ "$(cat "$tmp/e")" = "caseload ${args%% *}: ${a#*|}" ] || bad="$bad [$args: rc=$rc $(cat "$tmp/e")]"
done
[ -z "$bad" ] && ok "dates: report --from/--to and digest --since in the same words" || nok "dates: report, digest" "$bad"

# ---- usage errors come before "no caseload.yaml" ----

mkdir "$tmp/nowhere"
while IFS='|' read -r name args; do
	(cd "$tmp/nowhere" && eval "\"\$CASELOAD\" $args") > /dev/null 2> "$tmp/err"
	rc=$?
	if [ $rc -eq 2 ] && grep -q "^caseload $name: " "$tmp/err" && ! grep -q 'caseload.yaml' "$tmp/err"; then
		ok "usage before the caseload: $args"
	else
		nok "usage before the caseload: $args" "rc=$rc $(cat "$tmp/err")"
	fi
done <<'EOF'
check|check --format pdf
check|check --bogus
check|check ../etc
due|due --format pdf
due|due --within soon
due|due --case ../etc
due|due extra
build|build --jobs 9
build|build --bogus
audit|audit --format pdf
audit|audit ../etc
export|export
export|export everything
export|export cases --format pdf
new|new
new|new thing x
new case|new case
new case|new case 'bad id'
new note|new note x --kind call
new note|new note x --date 2026-02-30
new assessment|new assessment
init|init
report|report --format pdf
report|report --from 2026-02-30
report|report extra
digest|digest --format pdf
digest|digest --since x
digest|digest --worker a --team
EOF

# ---- new's skeletons show how to finish things ----

sk=$tmp/skel
mkdir -p "$sk/cases"
cp "$w/caseload.yaml" "$sk/"
"$CASELOAD" -C "$sk" --as-of 2026-02-01 new case s-1 --client "Ann Lee" > /dev/null &&
	note=$("$CASELOAD" -C "$sk" --as-of 2026-02-01 new note s-1) || nok "skeletons: new"
grep -q '^# closed: YYYY-MM-DD' "$sk/cases/s-1/case.yaml" && grep -q '^# exit: ' "$sk/cases/s-1/case.yaml" &&
	grep -q '^#   reason: ' "$sk/cases/s-1/case.yaml" && grep -q '^#   destination: ' "$sk/cases/s-1/case.yaml" &&
	grep -q 'status: closed' "$sk/cases/s-1/case.yaml" &&
	ok "skeletons: case.yaml shows how to close a case, with its exit" || nok "skeletons: case.yaml"
grep -q 'status: achieved and achieved: YYYY-MM-DD' "$sk/cases/s-1/plan.yaml" &&
	grep -q 'status: dropped' "$sk/cases/s-1/plan.yaml" &&
	grep -q 'status: done, done: YYYY-MM-DD' "$sk/cases/s-1/plan.yaml" && grep -q 'result: ' "$sk/cases/s-1/plan.yaml" &&
	ok "skeletons: plan.yaml shows how to finish a step and a goal" || nok "skeletons: plan.yaml"
grep -q '^# amends: ' "$note" && ok "skeletons: a note shows amends" || nok "skeletons: note"
# done as the case skeleton says, closing the case checks clean
sed -i -e 's/^status: open .*/status: closed/' -e 's/^# closed: YYYY-MM-DD/closed: 2026-02-01/' \
	-e 's/^# exit:/exit:/' -e 's/^#   \(reason\|destination\):/  \1:/' -e 's/^  signed: .*/  signed: 2026-02-01/' \
	"$sk/cases/s-1/case.yaml"
printf 'Closed with her.\n' >> "$note"
"$CASELOAD" -C "$sk" --as-of 2026-02-01 check > "$tmp/sk.txt" && [ "$(tail -n 1 "$tmp/sk.txt")" = "0 errors, 0 warnings" ] &&
	ok "skeletons: a case closed as its comments say checks clean" || nok "skeletons: closed case" "$(cat "$tmp/sk.txt")"

# the natural guesses at finishing things are answered with what to write
g=$tmp/guess
mkdir -p "$g/cases/c-1"
cp "$w/caseload.yaml" "$g/"
printf 'client: Ann Lee\nprogram: outreach\nworker: ana\nopened: 2026-01-10\nstatus: closed\nconsent: yes\nexit: completed\n' > "$g/cases/c-1/case.yaml"
cat > "$g/cases/c-1/plan.yaml" <<'EOF'
goals:
  - id: job
    statement: Work
    measure: A job
    target: 2026-06-01
    status: achieved
    achieved: yes
    steps:
      - {action: Ask, who: client, due: 2026-01-15, status: done, done: yes}
      - {action: Call, who: client, due: 2026-01-15, status: done}
EOF
"$CASELOAD" -C "$g" --as-of 2026-02-01 check > "$tmp/guess.txt"
cat > "$tmp/guess.want" <<'EOF'
cases/c-1/case.yaml:1:1: error: a closed case has no 'closed'; add closed: YYYY-MM-DD, the day it was closed (missing-field)
cases/c-1/case.yaml:1:9: error: 'client' must be a mapping, not a string; write client: {name: Ann Lee} (bad-type)
cases/c-1/case.yaml:6:10: error: 'consent' must be a mapping, not a string; write consent: {signed: YYYY-MM-DD}, the day the client signed (bad-type)
cases/c-1/case.yaml:7:7: error: 'exit' must be a mapping, not a string; write exit: {reason: completed, destination: permanent-housing}, the reason in your words and where the client went (bad-type)
cases/c-1/plan.yaml:7:15: error: 'yes' is not a date of the form YYYY-MM-DD, such as 2026-03-09; achieved takes the day it happened, not yes (bad-date)
cases/c-1/plan.yaml:9:73: error: 'yes' is not a date of the form YYYY-MM-DD, such as 2026-03-09; done takes the day it happened, not yes (bad-date)
cases/c-1/plan.yaml:10:10: error: a done step has no 'done'; add done: YYYY-MM-DD, the day it was done (missing-field)
EOF
grep -v '^[0-9]* error' "$tmp/guess.txt" | grep -v 'missing-field.*client has no\|no-consent' > "$tmp/guess.got"
diff -u "$tmp/guess.want" "$tmp/guess.got" > "$tmp/d" &&
	ok "guesses: exit: completed, client: NAME, consent: yes, done: yes and a missing day say what to write" ||
	nok "guesses" "$(head -30 "$tmp/d")"

# ---- unknown-ref: the nearest id for every kind of reference ----

r=$tmp/refs
mkdir -p "$r/cases/c-1/notes" "$r/cases/c-1/assessments" "$r/cases/c-2" "$r/resources"
cat > "$r/caseload.yaml" <<'EOF'
organization: Refs
instrument: {name: Ladder, scale: [1, 5], domains: {housing: Housing, employment: Employment}}
workers: {ana: {name: Ana}, alex: {name: Alex}}
programs: {outreach: {name: Outreach}}
destinations: {permanent-housing: permanent}
EOF
printf 'name: Food bank\ndomains: [housng]\n' > "$r/resources/food-bank.yaml"
cat > "$r/cases/c-1/case.yaml" <<'EOF'
client: {name: Ann}
program: outreach
worker: tom
opened: 2026-01-10
status: closed
closed: 2026-01-20
consent: {signed: 2026-01-10, share_with: [food-bnk]}
exit: {reason: done, destination: permanent-houseing}
EOF
printf 'client: {name: Bo}\nprogram: outrech\nworker: alexx\nopened: 2026-01-10\nstatus: open\nconsent: {signed: 2026-01-10}\n' > "$r/cases/c-2/case.yaml"
cat > "$r/cases/c-1/plan.yaml" <<'EOF'
goals:
  - id: job
    statement: Work
    domain: employmnt
    measure: A job
    target: 2026-06-01
    steps:
      - {action: Ask, who: food-bak, due: 2026-01-15, status: dropped}
  - id: debts
    statement: Pay
    measure: Paid
    target: 2026-06-01
    after: [jobb]
EOF
printf -- '---\ndate: 2026-01-12\nby: an\nkind: visit\ngoals: [jobs]\n---\nSeen.\n' > "$r/cases/c-1/notes/2026-01-12-visit.md"
printf 'date: 2026-01-12\nby: alx\nscores: {housin: 2, employment: 3}\n' > "$r/cases/c-1/assessments/2026-01-12.yaml"
"$CASELOAD" -C "$r" --as-of 2026-01-20 check 2>&1 | grep '(unknown-ref)$' | LC_ALL=C sort > "$tmp/refs.txt"
cat > "$tmp/refs.want" <<'EOF'
cases/c-1/assessments/2026-01-12.yaml:2:5: error: no worker 'alx' in caseload.yaml; did you mean 'alex'? (unknown-ref)
cases/c-1/assessments/2026-01-12.yaml:3:10: error: the instrument has no domain 'housin'; did you mean 'housing'? (unknown-ref)
cases/c-1/case.yaml:3:9: error: no worker 'tom' in caseload.yaml; known: ana, alex (unknown-ref)
cases/c-1/case.yaml:7:44: error: no resource 'food-bnk' in resources/; did you mean 'food-bank'? (unknown-ref)
cases/c-1/case.yaml:8:35: error: no destination 'permanent-houseing' in caseload.yaml's destinations; did you mean 'permanent-housing'? (unknown-ref)
cases/c-1/notes/2026-01-12-visit.md:3:5: error: no worker 'an' in caseload.yaml; did you mean 'ana'? (unknown-ref)
cases/c-1/notes/2026-01-12-visit.md:5:9: error: the plan has no goal 'jobs'; did you mean 'job'? (unknown-ref)
cases/c-1/plan.yaml:13:13: error: the plan has no goal 'jobb'; did you mean 'job'? (unknown-ref)
cases/c-1/plan.yaml:4:13: error: the instrument has no domain 'employmnt'; did you mean 'employment'? (unknown-ref)
cases/c-1/plan.yaml:8:28: error: who is client, worker or a resource in resources/, not 'food-bak'; did you mean 'food-bank'? (unknown-ref)
cases/c-2/case.yaml:2:10: error: no program 'outrech' in caseload.yaml; did you mean 'outreach'? (unknown-ref)
cases/c-2/case.yaml:3:9: error: no worker 'alexx' in caseload.yaml; did you mean 'alex'? (unknown-ref)
resources/food-bank.yaml:2:11: error: the instrument has no domain 'housng'; did you mean 'housing'? (unknown-ref)
EOF
diff -u "$tmp/refs.want" "$tmp/refs.txt" > "$tmp/d" &&
	ok "unknown-ref: the nearest id for a worker, program, resource, destination, domain, goal and who; else the known ones" ||
	nok "unknown-ref suggestions" "$(head -30 "$tmp/d")"

# ---- calendars without names ----

ex=$tmp/example
cp -R "$here/../example-cases" "$ex"
"$CASELOAD" -C "$ex" export cases --format json > "$tmp/cases.json" 2>/dev/null
python3 -c 'import json,sys; [print(r["client"]) for r in json.load(open(sys.argv[1]))["rows"] if r["client"]]' "$tmp/cases.json" > "$tmp/names"
[ "$(wc -l < "$tmp/names")" -ge 10 ] && ok "ics: the example's client names ($(wc -l < "$tmp/names"))" ||
	nok "ics: client names" "$(cat "$tmp/names")"
# names FILE: the client names that FILE (a calendar, unfolded) holds
names() {
	python3 - "$tmp/names" "$1" <<'PY'
import sys
text = open(sys.argv[2], encoding="utf-8", newline="").read()
text = text.replace("\r\n ", "").replace("\\,", ",").replace("\\;", ";")
for n in open(sys.argv[1], encoding="utf-8").read().splitlines():
    if n and n in text:
        print(n)
PY
}
"$CASELOAD" -C "$ex" --as-of 2026-11-23 due --format ics > "$tmp/due.ics"
[ -z "$(names "$tmp/due.ics")" ] && grep -q '^SUMMARY:hl-20[0-9][0-9]-[0-9]*: ' "$tmp/due.ics" &&
	ok "ics: due --format ics names no client; SUMMARY is CASE: TITLE" ||
	nok "ics: due names" "$(names "$tmp/due.ics" | head -3)"
"$CASELOAD" -C "$ex" --as-of 2026-11-23 due --format ics --names > "$tmp/names.ics"
[ -n "$(names "$tmp/names.ics")" ] && ok "ics: due --names names them" || nok "ics: --names"
for f in text json csv; do
	"$CASELOAD" -C "$ex" --as-of 2026-11-23 due --format $f > "$tmp/a" &&
		"$CASELOAD" -C "$ex" --as-of 2026-11-23 due --format $f --names > "$tmp/b" && cmp -s "$tmp/a" "$tmp/b" &&
		ok "due --names: accepted with $f, changes nothing there" || nok "due --names with $f"
done
# the items of due --all, overdue and upcoming ones included, in order
"$CASELOAD" -C "$ex" --as-of 2026-11-23 due --all --format json > "$tmp/all.json"
python3 - "$tmp/due.ics" "$tmp/all.json" <<'PY' && ok "ics: due --format ics holds exactly the items of due --all" || nok "ics: items of --all"
import json, sys
un = open(sys.argv[1], encoding="utf-8", newline="").read().replace("\r\n ", "").split("\r\n")
uids = [l[4:] for l in un if l.startswith("UID:")]
items = json.load(open(sys.argv[2]))["items"]
want = ["%s/%s/%s/%s@caseload" % (i["case"], i["kind"], i["ref"] or "", i["due"]) for i in items]
assert uids == want, (len(uids), len(want))
assert any(i["status"] == "overdue" for i in items) and any(i["status"] == "upcoming" for i in items)
PY
# the site's calendars: no name without names_in_feeds; names with it
"$CASELOAD" -C "$ex" --as-of 2026-11-23 build -o "$tmp/site" > /dev/null 2>&1
found=
for f in "$tmp/site/due.ics" "$tmp/site"/workers/*.ics; do
	[ -f "$f" ] || { found="$found missing:$f"; continue; }
	n=$(names "$f" | head -1)
	[ -n "$n" ] && found="$found ${f##*/}:$n"
done
[ -z "$found" ] && [ "$(ls "$tmp/site"/workers/*.ics | wc -l)" -ge 2 ] &&
	ok "site: due.ics and workers/*.ics name no client" || nok "site: calendars" "$found"
# each worker's calendar from due equals the site's: the same events
# (the calendar's own name aside), and due.ics equals due --format ics
events() { sed -n '/^BEGIN:VEVENT/,$p' "$1"; }
diffs=
for f in "$tmp/site"/workers/*.ics; do
	wk=$(basename "$f" .ics)
	"$CASELOAD" -C "$ex" --as-of 2026-11-23 due --worker "$wk" --format ics > "$tmp/w.ics"
	events "$f" > "$tmp/site.ev"
	events "$tmp/w.ics" | cmp -s - "$tmp/site.ev" || diffs="$diffs $wk"
done
events "$tmp/due.ics" > "$tmp/due.ev"
events "$tmp/site/due.ics" | cmp -s - "$tmp/due.ev" || diffs="$diffs due.ics"
[ -z "$diffs" ] && [ "$(events "$tmp/site/workers/shirin.ics" | grep -c '^BEGIN:VEVENT')" -ge 9 ] &&
	ok "ics: due --worker W --format ics holds the events of the site's workers/W.ics; due.ics those of due --format ics" ||
	nok "ics: due and the site's calendars differ:$diffs"
sed -i 's/^policy:$/policy:\n  names_in_feeds: true/' "$ex/caseload.yaml"
"$CASELOAD" -C "$ex" --as-of 2026-11-23 check > "$tmp/ex.txt" || nok "example: names_in_feeds: true checks clean" "$(tail -3 "$tmp/ex.txt")"
"$CASELOAD" -C "$ex" --as-of 2026-11-23 build -o "$tmp/site2" > /dev/null 2>&1
"$CASELOAD" -C "$ex" --as-of 2026-11-23 due --format ics > "$tmp/feeds.ics"
[ -n "$(names "$tmp/site2/due.ics")" ] && [ -n "$(names "$tmp/site2/workers/shirin.ics")" ] && [ -n "$(names "$tmp/feeds.ics")" ] &&
	ok "names_in_feeds: true: the site's and due's calendars name clients" || nok "names_in_feeds"

[ "$fails" -eq 0 ]

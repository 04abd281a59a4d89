#!/bin/sh
# tests/integration/tools.sh: init, new, the pre-commit hook, export, the JSON
# Schemas, the man page, bash completion and make install. Prints 'ok NAME' or
# 'FAIL NAME' per test; exits 1 when any failed.
C=${CASELOAD:-$PWD/build/caseload}
SRC=$PWD
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
unset CASELOAD_TEST_UNUSED
export TZ=UTC LC_ALL=C.UTF-8
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME='Alex Example' GIT_AUTHOR_EMAIL=alex@example.org
export GIT_COMMITTER_NAME='Alex Example' GIT_COMMITTER_EMAIL=alex@example.org
failed=0
AS_OF=2026-03-09

ok() { echo "ok $1"; }
fail() {
	echo "FAIL $1${2:+: $2}"
	failed=$((failed + 1))
}
# check NAME COMMAND...: ok when the command succeeds; returns its status.
check() {
	name=$1
	shift
	if "$@"; then
		ok "$name"
	else
		fail "$name"
		return 1
	fi
}
# snapshot DIR: every path, mode and checksum under DIR, to compare.
snapshot() {
	(cd "$1" && find . -exec ls -ld --time-style=+ {} + | awk '{$2=""; print}' | sort &&
		find . -type f -exec cksum {} + | sort)
}
# csv_rows FILE: the number of CSV records after the header.
csv_rows() {
	python3 -c 'import csv,sys; print(len(list(csv.reader(open(sys.argv[1], newline=""))))-1)' "$1"
}
json_rows() {
	python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["rows"]))' "$1"
}
git_q() { git -c init.defaultBranch=main -c commit.gpgsign=false "$@"; }

# ---- init ----

A=$T/harbor
out=$("$C" init "$A" 2>"$T/err")
rc=$?
check init-writes-repository test $rc -eq 0 -a -d "$A/.git" -a -f "$A/caseload.yaml" \
	-a -f "$A/README.md" -a -f "$A/.gitignore" -a -f "$A/.editorconfig" \
	-a -d "$A/cases" -a -d "$A/resources" -a -x "$A/.git/hooks/pre-commit" \
	-a -x "$A/.caseload/pre-commit"
check init-ignores-site grep -qx '/_site/' "$A/.gitignore"
same=yes
for f in "$SRC"/templates/schemas/*.json; do
	cmp -s "$f" "$A/.caseload/schemas/${f##*/}" || same=no
done
check init-schemas-match-templates test $same = yes -a "$(ls "$A/.caseload/schemas" | wc -l)" -eq \
	"$(ls "$SRC"/templates/schemas/*.json | wc -l)"
# every line of caseload.yaml that holds a key has a comment
check init-config-commented test "$(grep -E '^ *[a-z_]+:' "$A/caseload.yaml" | grep -vc '#')" -eq 0
"$C" -C "$A" check --format json >"$T/c.json"
rc=$?
check init-organization-is-the-one-blank test $rc -eq 1 -a \
	"$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["errors"], d["warnings"], d["diagnostics"][0]["message"])' "$T/c.json")" \
	= "1 0 caseload.yaml has no 'organization'"
check init-domains-default test "$(sed -n '/^  domains:/,/^$/p' "$A/caseload.yaml" | grep -cE '^    (housing|income|employment|health|education|social|legal):')" -eq 7

mkdir "$T/full" && echo keep >"$T/full/notes.txt"
before=$(snapshot "$T/full")
"$C" init "$T/full" >/dev/null 2>"$T/err"
rc=$?
check init-non-empty-refused test $rc -eq 2 -a "$(snapshot "$T/full")" = "$before" -a -s "$T/err"
mkdir "$T/hidden" && touch "$T/hidden/.x"
"$C" init "$T/hidden" >/dev/null 2>&1
check init-dotfile-counts-as-non-empty test $? -eq 2 -a ! -e "$T/hidden/caseload.yaml"
echo x >"$T/afile"
"$C" init "$T/afile" >/dev/null 2>&1
check init-onto-file-refused test $? -eq 2 -a "$(cat "$T/afile")" = x
mkdir "$T/empty"
"$C" init "$T/empty" >/dev/null 2>&1
check init-empty-dir-accepted test $? -eq 0 -a -f "$T/empty/caseload.yaml"
"$C" -C "$A" init "$T/withC" >/dev/null 2>&1
check init-refuses-C test $? -eq 2 -a ! -e "$T/withC"

# inside an existing work tree: no new repository, the hook learns the folder
R=$T/repo
git_q init -q "$R" && echo "# org docs" >"$R/README" && git_q -C "$R" add -A && git_q -C "$R" commit -qm docs
"$C" init "$R/records/2026" >/dev/null 2>"$T/err"
rc=$?
check init-inside-work-tree test $rc -eq 0 -a ! -e "$R/records/2026/.git" -a -f "$R/records/2026/caseload.yaml" \
	-a -x "$R/.git/hooks/pre-commit"
"$C" init "$R/other" >/dev/null 2>&1
check init-second-caseload-joins-hook test "$(grep -c "^check_folder '" "$R/.git/hooks/pre-commit")" -eq 2 \
	-a "$(grep -c "^check_folder 'records/2026'$" "$R/.git/hooks/pre-commit")" -eq 1

F=$T/foreign
git_q init -q "$F" && printf '#!/bin/sh\nexit 0\n' >"$F/.git/hooks/pre-commit" && chmod +x "$F/.git/hooks/pre-commit"
"$C" init "$F/records" >/dev/null 2>"$T/err"
rc=$?
check init-leaves-foreign-hook test $rc -eq 0 -a "$(cat "$F/.git/hooks/pre-commit")" = "$(printf '#!/bin/sh\nexit 0')" \
	-a -s "$T/err"

# ---- new, filled in, committed through the hook ----

sed -i 's/^organization: /organization: Harbor Light Aftercare/' "$A/caseload.yaml"
cd "$A" || exit 1
out=$("$C" --as-of $AS_OF new case hl-001 --client "María López" 2>"$T/err")
check new-case-prints-paths test $? -eq 0 -a "$out" = "$(printf 'cases/hl-001/case.yaml\ncases/hl-001/plan.yaml')"
check new-case-defaults grep -q '^opened: 2026-03-09' cases/hl-001/case.yaml
check new-case-single-program-worker grep -q '^program: general' cases/hl-001/case.yaml
sed -i 's/^opened: 2026-03-09/opened: 2026-03-01/' cases/hl-001/case.yaml
mkdir -p sub/deeper && cd sub/deeper || exit 1
out=$("$C" --as-of $AS_OF new note hl-001)
check new-note-found-upward-path-relative test "$out" = ../../cases/hl-001/notes/2026-03-09-visit.md -a -f "$out"
cd "$A" || exit 1
rmdir sub/deeper sub
note=cases/hl-001/notes/2026-03-09-visit.md
check new-note-defaults grep -q '^by: alex' $note
printf 'Met at home. She agreed to apply for a voucher.\n' >>$note
out=$("$C" --as-of $AS_OF new assessment hl-001)
check new-assessment-path test "$out" = cases/hl-001/assessments/2026-03-09.yaml
check new-assessment-lists-every-domain test "$(grep -cE '^  (housing|income|employment|health|education|social|legal):' "$out")" -eq 7
check new-assessment-first-is-intake grep -q '^kind: intake' "$out"
"$C" --as-of $AS_OF check >"$T/out"
# seven domains to score and the consent to sign
check new-skeletons-warn-until-filled grep -q '^0 errors, 8 warnings$' "$T/out"
sed -i -E 's/^  (housing|income|employment|health|education|social|legal):/  \1: 3/' "$out"
sed -i 's/^  signed:.*/  signed: 2026-03-01/' cases/hl-001/case.yaml
cat >cases/hl-001/plan.yaml <<'EOF'
goals:
  - id: housing
    statement: Move into a home of her own
    domain: housing
    measure: A signed lease in her name
    target: 2026-06-30
    steps:
      - action: Apply for a housing voucher
        who: client
        due: 2026-03-20
      - action: Visit three flats
        who: worker
        due: 2026-04-15
EOF
"$C" --as-of $AS_OF check >"$T/out"
rc=$?
check new-filled-check-clean test $rc -eq 0 -a "$(tail -n 1 "$T/out")" = "0 errors, 0 warnings"
# a commit before anything is staged: the hook says what to do
git_q commit -qm "Too soon" >/dev/null 2>"$T/err"
check hook-nothing-staged-refused test $? -ne 0 -a "$(git log --oneline 2>/dev/null | wc -l)" -eq 0
check hook-nothing-staged-says-add grep -q "nothing of the caseload is staged yet: 'git add' its files" "$T/err"
git_q add README.md
git_q commit -qm "Too soon" >/dev/null 2>"$T/err"
check hook-config-not-staged-says-add grep -q "caseload.yaml is not staged: 'git add' it" "$T/err"
git_q add -A && git_q commit -qm "Open hl-001" 2>"$T/err"
check hook-commit-clean test $? -eq 0 -a "$(git log --oneline | wc -l)" -eq 1

# a case without --client: the name is the blank that check reports
"$C" --as-of $AS_OF new case hl-002 >/dev/null
sed -i 's/^opened: 2026-03-09/opened: 2026-03-01/' cases/hl-002/case.yaml
sed -i 's/^  signed:.*/  signed: 2026-03-01/' cases/hl-002/case.yaml
"$C" --as-of $AS_OF check --format json >"$T/c.json"
check new-case-client-blank test "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["errors"], [x["code"] for x in d["diagnostics"]])' "$T/c.json")" \
	= "1 ['missing-field']"
git_q add -A
git_q commit -qm "Open hl-002" >/dev/null 2>"$T/err"
check hook-refuses-errors test $? -ne 0 -a "$(git log --oneline | wc -l)" -eq 1
check hook-says-why grep -q "cases/hl-002/case.yaml.*has no 'name' (missing-field)" "$T/err"
sed -i 's/^  name: .*/  name: Tomás Reyes/' cases/hl-002/case.yaml
git_q commit -qam "Open hl-002" 2>"$T/err"
check hook-passes-when-fixed test $? -eq 0 -a "$(git log --oneline | wc -l)" -eq 2
# what is checked is the index, not the working file
sed -i 's/^status: open/status: opne/' cases/hl-002/case.yaml
echo "Phone call." >>$note
git_q add $note
git_q commit -qm "Note" 2>"$T/err"
check hook-checks-staged-not-working test $? -eq 0 -a "$(git log --oneline | wc -l)" -eq 3
printf -- '---\ndate: 2026-03-09\nby: nobody\nkind: visit\n---\n' >cases/hl-001/notes/untracked.md
echo "Another call." >>$note
git_q add $note
git_q commit -qm "Note again" 2>"$T/err"
check hook-ignores-untracked-records test $? -eq 0 -a "$(git log --oneline | wc -l)" -eq 4
rm cases/hl-001/notes/untracked.md
git_q add -A
env -u CASELOAD git -c commit.gpgsign=false commit -qm "Typo" 2>"$T/err"
check hook-refuses-staged-error test $? -ne 0 -a "$(git log --oneline | wc -l)" -eq 4
check hook-fallback-program grep -q "is not a valid status" "$T/err"
git_q checkout -q -- . && git_q reset -q
sed -i 's/^status: opne/status: open/' cases/hl-002/case.yaml
echo 'mood: good' >>cases/hl-002/case.yaml
git_q commit -qam "Tag" 2>"$T/err"
check hook-warnings-pass test $? -eq 0 -a "$(git log --oneline | wc -l)" -eq 5
check hook-shows-warnings grep -q "unknown key 'mood'" "$T/err"
sed -i '/^mood: good$/d' cases/hl-002/case.yaml
git_q commit -qam "Untag" 2>/dev/null

# ---- new never overwrites ----

n1=$(cksum <$note)
out2=$("$C" --as-of $AS_OF new note hl-001)
out3=$("$C" --as-of $AS_OF new note hl-001)
check new-note-numbered test "$out2" = cases/hl-001/notes/2026-03-09-visit-2.md -a \
	"$out3" = cases/hl-001/notes/2026-03-09-visit-3.md -a "$(cksum <$note)" = "$n1"
out=$("$C" --as-of $AS_OF new note hl-001 --kind phone --by alex --date 2026-03-08)
check new-note-options test "$out" = cases/hl-001/notes/2026-03-08-phone.md
printf 'No answer; left a message.\n' >>"$out"
a1=$(cksum <cases/hl-001/assessments/2026-03-09.yaml)
out=$("$C" --as-of $AS_OF new assessment hl-001)
check new-assessment-numbered test "$out" = cases/hl-001/assessments/2026-03-09-2.yaml -a \
	"$(cksum <cases/hl-001/assessments/2026-03-09.yaml)" = "$a1"
check new-second-assessment-is-reassessment grep -q '^kind: reassessment' "$out"
rm "$out" cases/hl-001/notes/2026-03-09-visit-2.md cases/hl-001/notes/2026-03-09-visit-3.md
before=$(snapshot "$A/cases")
"$C" --as-of $AS_OF new case hl-001 --client Other >/dev/null 2>"$T/err"
check new-case-never-overwrites test $? -eq 2 -a "$(snapshot "$A/cases")" = "$before"

# ---- new refuses unknown ids, writing nothing ----

"$C" new note hl-009 >/dev/null 2>"$T/err"
check new-unknown-case test $? -eq 2 -a "$(snapshot "$A/cases")" = "$before" && grep -q 'hl-001, hl-002' "$T/err"
check new-unknown-case-lists grep -q 'hl-001, hl-002' "$T/err"
"$C" new note hl-001 --by nobody >/dev/null 2>"$T/err"
check new-unknown-worker test $? -eq 2 -a "$(snapshot "$A/cases")" = "$before"
check new-unknown-worker-lists grep -q 'known: alex' "$T/err"
"$C" new note hl-001 --kind vist >/dev/null 2>"$T/err"
check new-unknown-kind test $? -eq 2 -a "$(snapshot "$A/cases")" = "$before"
check new-unknown-kind-suggests grep -q "did you mean 'visit'" "$T/err"
"$C" new case hl-003 --program nope >/dev/null 2>"$T/err"
check new-unknown-program test $? -eq 2 -a "$(snapshot "$A/cases")" = "$before"
check new-unknown-program-lists grep -q 'known: general' "$T/err"
"$C" new case 'bad id' >/dev/null 2>&1
check new-bad-case-id test $? -eq 2 -a "$(snapshot "$A/cases")" = "$before"
"$C" new note hl-001 --date 2026-02-30 >/dev/null 2>&1
check new-bad-date test $? -eq 2 -a "$(snapshot "$A/cases")" = "$before"
"$C" --at HEAD new note hl-001 >/dev/null 2>&1
check new-refuses-at test $? -eq 2 -a "$(snapshot "$A/cases")" = "$before"
"$C" new case hl-003 --kind visit >/dev/null 2>&1
check new-option-of-another-subcommand test $? -eq 2 -a "$(snapshot "$A/cases")" = "$before"
(cd "$T" && "$C" new note hl-001 >/dev/null 2>&1)
check new-outside-caseload test $? -eq 2

# several programs and workers: they must be named
M=$T/many
mkdir -p "$M" && cat >"$M/caseload.yaml" <<'EOF'
organization: Two Programs
instrument:
  name: Ladder
  scale: [1, 10]
  domains: {home: Home, money: Money}
workers:
  noor: {name: Noor Haddad}
  pierre: {name: Pierre Lemaire}
programs:
  outreach: {name: Street Outreach, reassess_every: 30d}
  aftercare: {name: Aftercare, reassess_every: 90d}
EOF
"$C" -C "$M" new case m-1 >/dev/null 2>"$T/err"
check new-needs-program-when-many test $? -eq 2 -a ! -e "$M/cases/m-1" && grep -q 'outreach, aftercare' "$T/err"
"$C" -C "$M" new case m-1 --program outreach >/dev/null 2>"$T/err"
check new-needs-worker-when-many test $? -eq 2 -a ! -e "$M/cases/m-1" && grep -q 'noor, pierre' "$T/err"
out=$(cd "$T" && "$C" -C "$M" --as-of $AS_OF new case m-1 --program outreach --worker pierre --client 'Dr. "Jo": O'\''Neil #2')
check new-with-C-path-relative test "$out" = "$(printf 'many/cases/m-1/case.yaml\nmany/cases/m-1/plan.yaml')"
check new-no-schemas-uses-installed grep -q '^# yaml-language-server: \$schema=/.*/schemas/case.schema.json$' "$M/cases/m-1/case.yaml"
out=$("$C" -C "$M" --as-of $AS_OF new note m-1 --kind meeting)
check new-by-is-case-worker grep -q '^by: pierre' "$out"
printf 'Met the team.\n' >>"$out"
out=$("$C" -C "$M" --as-of $AS_OF new assessment m-1 --by noor)
check new-assessment-by grep -q '^by: noor' "$out"
sed -i -E 's/^  (home|money):/  \1: 4/' "$out"
sed -i 's/^  signed:.*/  signed: 2026-03-09/' "$M/cases/m-1/case.yaml"
"$C" -C "$M" --as-of $AS_OF check >"$T/out"
check new-many-check-clean test $? -eq 0 -a "$(tail -n 1 "$T/out")" = "0 errors, 0 warnings"
# a worker who has left (SPEC §6): refused as the case's worker and as --by,
# also when --by is left out and the case is theirs; their records stay valid
printf '  lea: {name: Lea Marsh, left: 2026-03-01}\n' >"$T/lea"
sed -i "/^  pierre:/r $T/lea" "$M/caseload.yaml"
"$C" -C "$M" --as-of $AS_OF new case m-2 --program outreach --worker lea >/dev/null 2>"$T/err"
check new-refuses-worker-who-left test $? -eq 2 -a ! -e "$M/cases/m-2" && grep -q "worker 'lea' left on 2026-03-01" "$T/err" \
	&& ! grep -q 'known:.*lea' "$T/err"
"$C" -C "$M" --as-of $AS_OF new note m-1 --by lea >/dev/null 2>"$T/err"
check new-refuses-by-who-left test $? -eq 2 -a "$(ls "$M/cases/m-1/notes" | wc -l)" -eq 1 && grep -q 'left on' "$T/err"
"$C" -C "$M" --as-of 2026-02-28 new note m-1 --by lea --kind phone >/dev/null 2>"$T/err"
check new-accepts-worker-before-they-leave test $? -eq 0
rm -f "$M"/cases/m-1/notes/*-phone.md
sed -i 's/^worker: pierre/worker: lea/' "$M/cases/m-1/case.yaml"
"$C" -C "$M" --as-of $AS_OF new assessment m-1 >/dev/null 2>"$T/err"
check new-refuses-case-worker-who-left test $? -eq 2 && grep -q -- "--by" "$T/err"
"$C" -C "$M" --as-of $AS_OF check >"$T/out"
check check-worker-left-is-a-warning test $? -eq 0 && grep -q '(worker-left)$' "$T/out" && ! grep -q unknown-ref "$T/out"
sed -i 's/^worker: lea/worker: pierre/' "$M/cases/m-1/case.yaml"
"$C" -C "$M" --as-of $AS_OF new case m-2 --program aftercare >/dev/null 2>"$T/err"
check new-needs-worker-when-many-current test $? -eq 2 && grep -q 'known: noor, pierre$' "$T/err"
sed -i '/^  lea:/d' "$M/caseload.yaml"
"$C" -C "$M" export cases --format json >"$T/m.json"
check new-client-name-round-trips test "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["rows"][0]["client"])' "$T/m.json")" \
	= 'Dr. "Jo": O'\''Neil #2'

# ---- export ----

cd "$A" || exit 1
cat >cases/hl-002/plan.yaml <<'EOF'
goals:
  - id: income
    statement: Steady income, "enough to save"
    domain: income
    measure: Two pay slips in a row
    target: 2026-05-31
    steps:
      - action: Apply for benefits, with the letter
        who: client
        due: 2026-03-15
        status: done
        done: 2026-03-05
        result: |
          Filed.
          Reference 12, "urgent"
  - id: job
    statement: A job
    measure: A contract
    target: 2026-08-31
    after: [income]
EOF
"$C" --as-of $AS_OF new assessment hl-002 --date 2026-03-02 >/dev/null
# 3 is not below cover_below (3 on 1..5): no domain needs a goal of its own
sed -i -E 's/^  (housing|income|employment|health|education|social|legal):/  \1: 3/' cases/hl-002/assessments/2026-03-02.yaml
sed -i 's/^  phone:.*//' cases/hl-002/case.yaml
sed -i 's/^client:$/client:\n  phone: 555-0199\n  email: tomas@mail.example/' cases/hl-002/case.yaml
"$C" --as-of $AS_OF check >"$T/out"
check export-fixture-clean test $? -eq 0 -a "$(tail -n 1 "$T/out")" = "0 errors, 0 warnings" || cat "$T/out"
git_q add -A && git_q commit -qm "More" 2>/dev/null

ncases=$(ls -d cases/*/ | wc -l)
ngoals=$(cat cases/*/plan.yaml | grep -c '^  - id:')
nsteps=$(cat cases/*/plan.yaml | grep -c '^      - action:')
nscores=$(cat cases/*/assessments/*.yaml | grep -cE '^  [a-z]+: [0-9]+')
nnotes=$(ls cases/*/notes/*.md | wc -l)
for kind in cases:$ncases goals:$ngoals steps:$nsteps assessments:$nscores notes:$nnotes; do
	k=${kind%%:*} want=${kind#*:}
	"$C" --as-of $AS_OF export "$k" >"$T/$k.csv" 2>"$T/err"
	rc=$?
	"$C" --as-of $AS_OF export "$k" --format json >"$T/$k.json" 2>>"$T/err"
	check "export-$k-rows-match-records" test $rc -eq 0 -a "$(csv_rows "$T/$k.csv")" -eq "$want" \
		-a "$(json_rows "$T/$k.json")" -eq "$want" -a ! -s "$T/err"
done
check export-counts-nonzero test "$ncases" -eq 2 -a "$ngoals" -eq 3 -a "$nsteps" -eq 3 -a "$nscores" -eq 14 -a "$nnotes" -eq 2
# every record ends in CRLF; a line break inside a quoted field stays as written
check export-csv-crlf test "$(python3 -c 'import sys; print(open(sys.argv[1], "rb").read().count(b"\r\n"))' "$T/steps.csv")" \
	-eq $((nsteps + 1))
check export-csv-header test "$(head -n 1 "$T/steps.csv")" = "$(printf 'case,program,worker,goal,step,action,who,due,status,done,result,referral_sent,referral_status,referral_answered,referral_reason\r')"
check export-csv-quoting grep -q '^hl-002,general,alex,income,1,"Apply for benefits, with the letter",client,2026-03-15,done,2026-03-05,"Filed.$' "$T/steps.csv"
check export-csv-doubled-quotes grep -q 'Reference 12, ""urgent""' "$T/steps.csv"
check export-csv-parses python3 -c '
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
js = json.load(open(sys.argv[2]))["rows"]
assert [r["result"] for r in rows] == [j["result"] or "" for j in js], (rows, js)
assert rows[0]["step"] == "1" and rows[1]["step"] == "2"
' "$T/steps.csv" "$T/steps.json"
check export-cases-columns python3 -c '
import json, sys
r = {x["case"]: x for x in json.load(open(sys.argv[1]))["rows"]}
a, b = r["hl-001"], r["hl-002"]
assert a["client"] == "María López" and a["goals"] == 1 and a["assessments"] == 1, a
assert a["notes"] == 2 and a["last_contact"] == "2026-03-09" and a["days_open"] == 8, a
assert b["phone"] == "555-0199" and b["goals_achieved"] == 0, b
' "$T/cases.json"
check export-notes-never-bodies test "$(grep -c 'voucher\|Phone call' "$T/notes.csv" "$T/notes.json" | awk -F: '{s+=$2} END {print s}')" -eq 0
check export-assessments-one-row-per-score python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
first = [r["domain"] for r in rows if r["case"] == "hl-001"]
assert first == ["housing", "income", "employment", "health", "education", "social", "legal"], first
assert all(r["score"] == "3" for r in rows if r["case"] == "hl-001")
' "$T/assessments.csv"

"$C" --as-of $AS_OF export cases --redact >"$T/red.csv"
check export-redact-names test $? -eq 0 && ! grep -q 'María\|Tomás\|555-0199\|tomas@' "$T/red.csv"
check export-redact-columns test "$(head -n 1 "$T/red.csv" | grep -c 'phone\|email\|address\|born')" -eq 0
check export-redact-client-is-id grep -q '^hl-001,general,alex,hl-001,' "$T/red.csv"

"$C" --as-of 2026-04-08 export cases --format json >"$T/asof.json"
check export-as-of python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["as_of"] == "2026-04-08" and d["rows"][0]["days_open"] == 38, d
' "$T/asof.json"
# export due: every item of `due --all`, in its columns
"$C" --as-of $AS_OF export due >"$T/due.csv" 2>"$T/err"
rc=$?
"$C" --as-of $AS_OF export due --format json >"$T/due.json" 2>>"$T/err"
"$C" --as-of $AS_OF due --all --format json >"$T/due-all.json"
"$C" --as-of $AS_OF due --format json >"$T/due-window.json"
items() { python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["items"]))' "$1"; }
nitems=$(items "$T/due-all.json")
check export-due-rows-match-due test $rc -eq 0 -a ! -s "$T/err" -a "$nitems" -gt "$(items "$T/due-window.json")" \
	-a "$(csv_rows "$T/due.csv")" -eq "$nitems" -a "$(json_rows "$T/due.json")" -eq "$nitems"
"$C" --as-of $AS_OF due --all --format csv >"$T/due-all.csv"
check export-due-same-as-due-csv cmp -s "$T/due.csv" "$T/due-all.csv"
check export-due-names-clients grep -q 'María López' "$T/due.csv"
check export-due-json-rows-are-items python3 -c '
import json, sys
x, d = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert x["as_of"] == d["as_of"] == "2026-03-09" and x["kind"] == "due", x
assert x["rows"] == d["items"], (x["rows"], d["items"])
assert {r["status"] for r in x["rows"]} >= {"due", "upcoming"}, x
' "$T/due.json" "$T/due-all.json"
"$C" --as-of $AS_OF export due --redact >"$T/due-red.csv"
"$C" --as-of $AS_OF export due --redact --format json >"$T/due-red.json"
check export-due-redact test $? -eq 0 -a "$(csv_rows "$T/due-red.csv")" -eq "$nitems" &&
	! grep -q 'María\|Tomás\|López\|Reyes' "$T/due-red.csv" "$T/due-red.json" &&
	python3 -c '
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert rows and all(r["client"] == r["case"] for r in rows), rows
assert all(r["client"] == r["case"] for r in json.load(open(sys.argv[2]))["rows"])
' "$T/due-red.csv" "$T/due-red.json"
"$C" --as-of 2026-04-08 export due --format json >"$T/due-asof.json"
check export-due-as-of python3 -c '
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert b["as_of"] == "2026-04-08" and len(a["rows"]) == len(b["rows"]), b
assert [r["days"] - 30 for r in a["rows"]] == [r["days"] for r in b["rows"]]
' "$T/due.json" "$T/due-asof.json"
"$C" --as-of $AS_OF export due --case hl-001 >"$T/f.csv"
"$C" --as-of $AS_OF due --all --case hl-001 --format csv >"$T/g.csv"
check export-due-filter-case test "$(csv_rows "$T/f.csv")" -gt 0 && cmp -s "$T/f.csv" "$T/g.csv"
"$C" --as-of $AS_OF export due --worker nobody >"$T/f.csv" 2>"$T/err"
check export-due-unknown-worker test $? -eq 2 -a ! -s "$T/f.csv"

sed -i 's/^  name: Tomás Reyes/  name: Tomás R./' cases/hl-002/case.yaml
"$C" --at HEAD export cases >"$T/at.csv" 2>"$T/err"
check export-at grep -q 'Tomás Reyes' "$T/at.csv"
"$C" --at HEAD export due >"$T/at.csv"
check export-due-at grep -q 'Tomás Reyes' "$T/at.csv"
"$C" export cases >"$T/now.csv"
check export-working-tree grep -q 'Tomás R\.' "$T/now.csv"
git_q checkout -q -- cases/hl-002/case.yaml

"$C" export steps --case hl-001 >"$T/f.csv"
check export-filter-case test "$(csv_rows "$T/f.csv")" -eq 2
"$C" export goals --worker alex --program general >"$T/f.csv"
check export-filter-worker-program test "$(csv_rows "$T/f.csv")" -eq 3
"$C" export goals --worker nobody >"$T/f.csv" 2>"$T/err"
check export-unknown-worker test $? -eq 2 -a ! -s "$T/f.csv" && grep -q 'known: alex' "$T/err"
"$C" export goals --case hl-404 >/dev/null 2>&1
check export-unknown-case test $? -eq 2
"$C" export people >/dev/null 2>"$T/err"
check export-unknown-kind test $? -eq 2 && grep -q 'cases, goals, steps, assessments, notes, followups, due' "$T/err"
"$C" export cases --format xml >/dev/null 2>&1
check export-unknown-format test $? -eq 2
printf 'date: 2026-03-01\nby: alex\nscores: {housing: 9}\n' >cases/hl-001/assessments/2026-03-01.yaml
"$C" --as-of $AS_OF export assessments >"$T/bad.csv" 2>"$T/err"
check export-runs-on-bad-records test $? -eq 0 -a "$(wc -l <"$T/err")" -eq 1 && grep -q "caseload check" "$T/err"
rm cases/hl-001/assessments/2026-03-01.yaml

# ---- the JSON Schemas ----

python3 "$SRC/tests/integration/schema_validate.py" "$SRC/templates/schemas" "$A" >"$T/out" 2>&1
check schemas-accept-filled-skeletons test $? -eq 0 || cat "$T/out"
python3 "$SRC/tests/integration/schema_validate.py" "$SRC/templates/schemas" "$M" >"$T/out" 2>&1
check schemas-accept-second-caseload test $? -eq 0 || cat "$T/out"
ex=${EXAMPLE_CASES:-$SRC/example-cases}
if [ -f "$ex/caseload.yaml" ]; then
	python3 "$SRC/tests/integration/schema_validate.py" "$SRC/templates/schemas" "$ex" >"$T/out" 2>&1
	check schemas-accept-example-cases test $? -eq 0 || cat "$T/out"
fi
# the example caseload: export's rows against the records counted by python
if [ -f "$ex/caseload.yaml" ]; then
	want=$(python3 - "$ex" <<'EOF'
import glob, os, sys, yaml
top = sys.argv[1]
class L(yaml.SafeLoader): pass
L.add_constructor('tag:yaml.org,2002:timestamp', lambda l, n: l.construct_scalar(n))
load = lambda p: yaml.load(open(p, encoding='utf-8'), Loader=L) or {}
cases = [d for d in os.listdir(top + '/cases') if os.path.isdir(top + '/cases/' + d)]
goals = [g for p in glob.glob(top + '/cases/*/plan.yaml') for g in (load(p).get('goals') or [])]
steps = sum(len(g.get('steps') or []) for g in goals)
scores = sum(len([v for v in (load(p).get('scores') or {}).values() if v is not None])
             for p in glob.glob(top + '/cases/*/assessments/*.yaml'))
notes = len(glob.glob(top + '/cases/*/notes/*.md'))
print(len(cases), len(goals), steps, scores, notes)
EOF
)
	got=
	for k in cases goals steps assessments notes; do
		"$C" -C "$ex" export "$k" >"$T/ex.csv" 2>/dev/null
		got="$got${got:+ }$(csv_rows "$T/ex.csv")"
	done
	check export-example-cases-rows-match-records test "$got" = "$want" || echo "  export: $got; records: $want"
fi

B=$T/bad
mkdir -p "$B/cases/x/notes" "$B/cases/x/assessments"
cp "$A/caseload.yaml" "$B/"
printf 'client: {name: X}\nprogram: general\nworker: alex\nopened: 2026-1-5\nstatus: shut\nrisk: medium\nwokrer: alex\n' >"$B/cases/x/case.yaml"
printf 'goals:\n  - id: a\n    statement: A\n' >"$B/cases/x/plan.yaml"
printf 'date: 2026-01-05\nby: alex\nscores: {housing: two}\n' >"$B/cases/x/assessments/2026-01-05.yaml"
printf -- '---\ndate: 2026-01-05\nby: alex\nkind: chat\nminutes: -5\n---\nx\n' >"$B/cases/x/notes/a.md"
python3 "$SRC/tests/integration/schema_validate.py" "$SRC/templates/schemas" "$B" >"$T/out" 2>&1
check schemas-flag-mistakes test $? -eq 1 -a "$(grep -c "opened\|status\|wokrer\|measure\|target\|housing\|kind\|minutes" "$T/out")" -ge 8 ||
	cat "$T/out"

# ---- man page, --help, completion, install ----

check man-renders-clean test -z "$(groff -mdoc -Tutf8 -ww -z "$SRC/templates/man/caseload.1" "$SRC/templates/man/caseload.5" 2>&1)"
if command -v mandoc >/dev/null; then
	check man-mandoc-lint sh -c "mandoc -T lint -W warning '$SRC/templates/man/caseload.1' '$SRC/templates/man/caseload.5' >'$T/out' 2>&1" || cat "$T/out"
fi
missing=
man_text=$(MANWIDTH=200 man -l "$SRC/templates/man/caseload.1" 2>/dev/null)
for cmd in $("$C" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF > 1 {print $1}'); do
	echo "$man_text" | grep -q "^ *$cmd\b" || missing="$missing $cmd"
	for opt in $("$C" "$cmd" --help | grep -oE -- '--[a-z][a-z-]*|(^| )-o ' | sort -u); do
		echo "$man_text" | grep -q -- "$opt" || missing="$missing $cmd:$opt"
	done
done
for opt in $("$C" --help | grep -oE -- '--[a-z][a-z-]*|-C ' | sort -u); do
	echo "$man_text" | grep -q -- "$opt" || missing="$missing $opt"
done
# export's kinds and due's formats, as their --help lists them
for k in $("$C" export --help | sed -n '/KIND:$/,/^$/p' | awk '/^  [a-z]/ {print $1}'); do
	echo "$man_text" | grep -q "^ *$k  " || missing="$missing export:$k"
done
for f in $("$C" due --help | sed -n '1s/.*--format \([a-z|]*\).*/\1/p' | tr '|' ' '); do
	echo "$man_text" | grep -q "\b$f\b" || missing="$missing due:$f"
done
# every exit code any --help names, in EXIT STATUS
man_exit=$(echo "$man_text" | sed -n '/^EXIT STATUS/,/^EXAMPLES/p')
for code in $(for cmd in "" check due build audit export init new; do "$C" $cmd --help; done |
	grep -oE '(Exit|Exit codes):.*' | grep -oE '\b[0-9]\b' | sort -u); do
	echo "$man_exit" | grep -q "^ *$code  " || missing="$missing exit:$code"
done
check man-covers-help test -z "$missing" || echo "  not in the man page:$missing"
for s in NAME SYNOPSIS DESCRIPTION COMMANDS FILES 'EXIT STATUS' EXAMPLES; do
	echo "$man_text" | grep -q "^$s" || missing="$missing $s"
done
check man-sections test -z "$missing"

if command -v bash >/dev/null; then
	cat >"$T/comp.bash" <<EOF
. "$SRC/templates/completion/caseload.bash"
comp() { COMP_WORDS=("\$@"); COMP_CWORD=\$((\${#COMP_WORDS[@]} - 1)); COMPREPLY=(); _caseload; echo "\${COMPREPLY[*]}"; }
cd "$A"
comp caseload ''
comp caseload new note ''
comp caseload due --worker ''
comp caseload new case x --program ''
comp caseload -C "$M" export cases --worker ''
comp caseload new note hl-001 --
comp caseload export ''
comp caseload check ''
comp caseload due --worker = ''
comp caseload export due --case = hl-00
comp caseload due --format ''
comp caseload report --format ''
comp caseload digest --since 2026-03-01 --
comp caseload audit --
EOF
	bash "$T/comp.bash" >"$T/out" 2>&1
	check completion test "$(cat "$T/out")" = "$(printf '%s\n' 'check due build audit export report digest init new' 'hl-001 hl-002' alex general 'noor pierre' '--kind --by --date --help' 'cases goals steps assessments notes followups due' 'hl-001 hl-002' alex 'hl-001 hl-002' 'text json csv ics' \
		'text md html csv json' '--worker --team --since --format --names --help' '--all --format --help')" ||
		cat "$T/out"
fi

if [ -f "$SRC/Makefile" ]; then
	# a build folder of its own: PREFIX is built into the program (new
	# writes the installed schemas' path), so this build differs from $C's
	(cd "$SRC" && make -s -j2 install BUILD="$T/build" DESTDIR="$T/inst" PREFIX=/usr >"$T/out" 2>&1)
	I=$T/inst/usr
	check install-files test $? -eq 0 -a -x "$I/bin/caseload" -a -f "$I/share/man/man1/caseload.1" -a -f "$I/share/man/man5/caseload.5" \
		-a -f "$I/share/bash-completion/completions/caseload" -a -f "$I/share/caseload/ci/gitlab-ci.yml" \
		-a "$(ls "$I/share/caseload/schemas" | wc -l)" -eq "$(ls "$SRC"/templates/schemas/*.json | wc -l)" || cat "$T/out"
	check install-man-page sh -c "MANWIDTH=80 man -l '$I/share/man/man1/caseload.1' 2>&1 | grep -q '/usr/share/caseload/' &&
		MANWIDTH=80 man -l '$I/share/man/man5/caseload.5' 2>&1 | grep -q '/usr/share/caseload/schemas/'"
	check install-man-page-no-warnings test -z "$(MANWIDTH=80 man -l "$I/share/man/man1/caseload.1" "$I/share/man/man5/caseload.5" 2>&1 >/dev/null)" \
		-a -z "$(groff -mdoc -Tutf8 -ww -z "$I/share/man/man1/caseload.1" "$I/share/man/man5/caseload.5" 2>&1)"
	# a caseload made without init: new names the installed schemas
	N=$T/noinit
	mkdir -p "$N" && cp "$A/caseload.yaml" "$N/"
	"$I/bin/caseload" -C "$N" new case n-1 >/dev/null 2>&1
	check install-prefix-in-program grep -qx '# yaml-language-server: $schema=/usr/share/caseload/schemas/case.schema.json' \
		"$N/cases/n-1/case.yaml"
	(cd "$SRC" && make -s uninstall BUILD="$T/build" DESTDIR="$T/inst" PREFIX=/usr >"$T/out" 2>&1)
	check uninstall test $? -eq 0 -a -z "$(find "$T/inst" -type f)" || find "$T/inst" -type f
fi

[ "$failed" -eq 0 ]

#!/bin/sh
# tests/history-fixtures.sh DIR: makes the git fixtures of the history tests
# in DIR (which must not exist), each with fixed authors and dates so that the
# commit ids, and so the golden files, never change:
#   kinds/     every audit finding at least once, and every exception: a timely
#              note, a note on time in its author's offset but not in UTC, a
#              follow-up after close, an edit within the grace, an alias email,
#              an address mapped by .mailmap, an email in capitals, a renamed
#              note; and in the work tree a modified, an untracked, a staged and
#              an ignored file. Tag broken-plan: a plan with a goal lacking its
#              target (for --at).
#   project/   a larger repository with the caseload in example-cases/, and
#              commits outside it by someone who is no worker
#   unborn/    a caseload in a repository without commits
#   shallow/   a clone of kinds/ with --depth 1
#   missing/   a copy of kinds/ with one tree object deleted
#   nogit/     a caseload outside any repository
#   plans/     days to the first plan: p-1 commits the skeleton plan of
#              `new case` on the day it opens and its first goal 9 days
#              later; p-2 never gives its plan a goal; p-3's plan has no goal
#              until day 9 (a list of words, then a goal in a file that does
#              not load)
#   wide/      400 cases in one commit, then commits that change the first,
#              a middle and the last case folder, add one before all, one
#              between two and one after all, delete one, rename one, and
#              change two far apart at once: the walk reads only the part of
#              the cases/ tree between the bytes two versions share
set -eu
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
[ ! -e "$1" ] || { echo "$0: $1 exists" >&2; exit 2; }
mkdir -p "$1"
D=$(cd "$1" && pwd)

unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 LC_ALL=C TZ=UTC

# w FILE: writes stdin to FILE, making its folder.
w() {
	mkdir -p "$(dirname "$1")"
	cat >"$1"
}

# commit REPO NAME EMAIL DATE MESSAGE: commits everything in REPO.
commit() {
	GIT_AUTHOR_NAME=$2 GIT_AUTHOR_EMAIL=$3 GIT_AUTHOR_DATE=$4 \
	GIT_COMMITTER_NAME=$2 GIT_COMMITTER_EMAIL=$3 GIT_COMMITTER_DATE=$4 \
		git -C "$1" -c commit.gpgsign=false -c core.autocrlf=false commit -q -a -m "$5"
}

init() {
	git -c init.defaultBranch=main init -q "$1"
}

config() {
	w "$1/caseload.yaml" <<'Y'
organization: Harbor Light Aftercare
instrument:
  name: Self-Sufficiency Matrix
  scale: [1, 5]
  domains:
    housing: Housing
    income: Income
workers:
  ana:
    name: Ana Silva
    email: ana@harborlight.example
    emails: [ana.silva@mail.example]
  ben:
    name: Ben Okafor
    email: ben@harborlight.example
programs:
  aftercare:
    name: Aftercare
    reassess_every: 90d
Y
}

# case_yaml FILE ID OPENED [CLOSED [DESTINATION]]
case_yaml() {
	{
		printf 'client:\n  name: Client %s\nprogram: aftercare\nworker: ana\nopened: %s\n' "$2" "$3"
		if [ $# -ge 4 ]; then
			printf 'status: closed\nclosed: %s\nexit: {reason: completed, destination: %s}\n' "$4" "${5:-unknown}"
		else
			printf 'status: open\n'
		fi
	} | w "$1"
}

# note FILE DATE KIND [BY]
note() {
	printf -- '---\ndate: %s\nby: %s\nkind: %s\n---\nMet the client. Talked about %s.\n' \
		"$2" "${4:-ana}" "$3" "$3" | w "$1"
}

plan() {
	w "$1" <<Y
goals:
  - id: housing
    statement: Move into a permanent home
    measure: A signed lease
    target: ${2:-2026-06-30}
Y
}

ANA='Ana Silva'
ANAE=ana@harborlight.example
BEN='Ben Okafor'
BENE=ben@harborlight.example

# ---- kinds/
R=$D/kinds
init "$R"
config "$R"
printf '*.tmp\n' | w "$R/.gitignore"
printf 'Ben Okafor <ben@harborlight.example> <benny@home.example>\n' | w "$R/.mailmap"
git -C "$R" add -A
commit "$R" "$ANA" "$ANAE" 2026-01-05T09:00:00+00:00 'Start the caseload'

C=$R/cases/c-001
case_yaml "$C/case.yaml" c-001 2026-01-10
plan "$C/plan.yaml"
note "$C/notes/2026-01-10-visit.md" 2026-01-10 visit
git -C "$R" add -A
commit "$R" "$ANA" "$ANAE" 2026-01-10T16:00:00+00:00 'Open c-001'

# late: committed 9 days after its date, by Ben in capitals
note "$C/notes/2026-01-11-phone.md" 2026-01-11 phone ben
git -C "$R" add -A
commit "$R" "$BEN" BEN@HARBORLIGHT.EXAMPLE 2026-01-20T11:00:00+00:00 'c-001: phone call'

# future: dated 4 days after its commit, by Ana from her other address
note "$C/notes/2026-01-25-meeting.md" 2026-01-25 meeting
git -C "$R" add -A
commit "$R" "$ANA" ana.silva@mail.example 2026-01-21T09:30:00+00:00 'c-001: meeting planned'

# c-002 by Ben from an address .mailmap maps to his
C2=$R/cases/c-002
case_yaml "$C2/case.yaml" c-002 2026-01-22
note "$C2/notes/2026-01-22-visit.md" 2026-01-22 visit ben
plan "$C2/plan.yaml" '~'
git -C "$R" add -A
commit "$R" 'Benny' benny@home.example 2026-01-22T15:00:00+00:00 'Open c-002'
git -C "$R" tag broken-plan

# on time in the author's own offset (3 days), late in UTC (4 days)
note "$C2/notes/2026-01-27-visit.md" 2026-01-27 visit ben
git -C "$R" add -A
commit "$R" "$BEN" "$BENE" 2026-01-30T23:30:00-05:00 'c-002: visit'

# someone who is no worker fixes the plan, and then edits caseload.yaml alone
plan "$C2/plan.yaml"
commit "$R" 'Temp Intake' temp.intake@gmail.example 2026-02-01T10:00:00+00:00 'c-002: plan target'
printf '# reviewed by the front desk\n' >>"$R/caseload.yaml"
commit "$R" 'Front Desk' frontdesk@harborlight.example 2026-02-02T10:00:00+00:00 'Comment'

# c-001 closed; a plan edit within the grace; a follow-up note after it
case_yaml "$C/case.yaml" c-001 2026-01-10 2026-02-10
commit "$R" "$ANA" "$ANAE" 2026-02-10T17:00:00+00:00 'Close c-001'
plan "$C/plan.yaml" 2026-05-31
commit "$R" "$ANA" "$ANAE" 2026-02-14T09:00:00+00:00 'c-001: plan as it ended'
note "$C/notes/2026-03-01-followup.md" 2026-03-01 followup
git -C "$R" add -A
commit "$R" "$ANA" "$ANAE" 2026-03-01T12:00:00+00:00 'c-001: 1m follow-up'

# edits after close: case.yaml changed and a visit note added
case_yaml "$C/case.yaml" c-001 2026-01-10 2026-02-10 permanent-housing
note "$C/notes/2026-03-05-visit.md" 2026-03-05 visit
git -C "$R" add -A
commit "$R" "$ANA" "$ANAE" 2026-03-05T10:00:00+00:00 'c-001: correct the exit'

# a note renamed with its content unchanged keeps its first commit (not late)
git -C "$R" mv cases/c-002/notes/2026-01-22-visit.md cases/c-002/notes/2026-01-22-home-visit.md
commit "$R" "$BEN" "$BENE" 2026-03-06T10:00:00+00:00 'c-002: clearer note name'

# the work tree: a modified, an untracked, a staged and an ignored file
sed 's/^client:/client:  # checked/' "$C2/case.yaml" >"$C2/case.yaml.new" && mv "$C2/case.yaml.new" "$C2/case.yaml"
note "$C2/notes/2026-03-10-phone.md" 2026-03-10 phone ben
case_yaml "$R/cases/c-003/case.yaml" c-003 2026-03-09
git -C "$R" add cases/c-003/case.yaml
printf 'scratch\n' | w "$C2/draft.tmp"

# ---- project/: the caseload in example-cases/ of a larger repository
P=$D/project
init "$P"
printf '# The project\n' | w "$P/README.md"
git -C "$P" add -A
commit "$P" 'Dev Eloper' dev@project.example 2026-01-02T09:00:00+00:00 'Start the project'
config "$P/example-cases"
git -C "$P" add -A
commit "$P" "$ANA" "$ANAE" 2026-01-03T09:00:00+00:00 'Example caseload'
E=$P/example-cases/cases/ex-1
case_yaml "$E/case.yaml" ex-1 2026-01-05
note "$E/notes/2026-01-05-visit.md" 2026-01-05 visit
git -C "$P" add -A
commit "$P" "$ANA" "$ANAE" 2026-01-05T12:00:00+00:00 'Example case'
printf 'More words.\n' >>"$P/README.md"
commit "$P" 'Dev Eloper' dev@project.example 2026-01-06T09:00:00+00:00 'README'
note "$E/notes/2026-01-07-phone.md" 2026-01-07 phone
plan "$E/plan.yaml" 2026-13-01
git -C "$P" add -A
commit "$P" "$ANA" "$ANAE" 2026-01-15T12:00:00+00:00 'Late note, broken plan'
plan "$E/plan.yaml"
commit "$P" "$ANA" "$ANAE" 2026-01-16T12:00:00+00:00 'Fix the plan'
printf 'Even more words.\n' >>"$P/README.md"
printf 'untracked\n' | w "$P/src/new.c"
note "$E/notes/2026-01-20-visit.md" 2026-01-20 visit

# ---- unborn/: no commits yet
U=$D/unborn
init "$U"
config "$U"
case_yaml "$U/cases/u-1/case.yaml" u-1 2026-01-05
note "$U/cases/u-1/notes/2026-01-05-visit.md" 2026-01-05 visit

# ---- shallow/: a clone with one commit of history
git clone -q --depth 1 "file://$R" "$D/shallow"

# ---- missing/: a copy of kinds/ without the tree of c-001 as it was closed
cp -R "$R" "$D/missing"
id=$(git -C "$D/missing" rev-parse 'HEAD~4:cases/c-001')
rm -f "$D/missing/.git/objects/$(echo "$id" | cut -c1-2)/$(echo "$id" | cut -c3-)"

# ---- nogit/
config "$D/nogit"
case_yaml "$D/nogit/cases/n-1/case.yaml" n-1 2026-01-05

# ---- plans/: a plan counts from the first commit in which it has a goal
L=$D/plans
init "$L"
config "$L"
skeleton() {
	printf '# The service plan. Add goals below.\ngoals:\n  # - id: housing\n  #   statement: Move in\n' | w "$1"
}
case_yaml "$L/cases/p-1/case.yaml" p-1 2026-02-02
skeleton "$L/cases/p-1/plan.yaml"
case_yaml "$L/cases/p-2/case.yaml" p-2 2026-02-02
skeleton "$L/cases/p-2/plan.yaml"
case_yaml "$L/cases/p-3/case.yaml" p-3 2026-02-02
printf 'goals: [find a home, find work]\n' | w "$L/cases/p-3/plan.yaml"
git -C "$L" add -A
commit "$L" "$ANA" "$ANAE" 2026-02-02T10:00:00+00:00 'Open p-1, p-2 and p-3'
printf 'goals:\n  - id: housing\n    statement: [unclosed\n' | w "$L/cases/p-3/plan.yaml"
commit "$L" "$ANA" "$ANAE" 2026-02-06T10:00:00+00:00 'p-3: a first goal, not yet loading'
plan "$L/cases/p-1/plan.yaml"
plan "$L/cases/p-3/plan.yaml"
commit "$L" "$ANA" "$ANAE" 2026-02-11T10:00:00+00:00 'p-1, p-3: first goals'

# ---- wide/: one cases/ tree of 400 entries, changed at each place
Wd=$D/wide
init "$Wd"
config "$Wd"
i=0
while [ $i -lt 400 ]; do
	id=$(printf 'c%03d' $i)
	printf 'id: %s\n' "$id" | w "$Wd/cases/$id/case.yaml"
	i=$((i + 1))
done
git -C "$Wd" add -A
commit "$Wd" "$ANA" "$ANAE" 2026-04-01T10:00:00+00:00 'wide: 400 cases'
n=1
# touch ID...: a line more in each case's case.yaml, committed as MESSAGE
touch_cases() {
	msg=$1
	shift
	for id in "$@"; do
		printf 'note: %s\n' "$msg" >>"$Wd/cases/$id/case.yaml"
	done
	git -C "$Wd" add -A
	n=$((n + 1))
	commit "$Wd" "$ANA" "$ANAE" "2026-04-$(printf %02d $n)T10:00:00+00:00" "$msg"
}
touch_cases 'wide: first' c000
touch_cases 'wide: middle' c200
touch_cases 'wide: last' c399
printf 'id: c2005\n' | w "$Wd/cases/c2005/case.yaml"
touch_cases 'wide: add between'
printf 'id: a000\n' | w "$Wd/cases/a000/case.yaml"
touch_cases 'wide: add before all'
printf 'id: z999\n' | w "$Wd/cases/z999/case.yaml"
touch_cases 'wide: add after all'
git -C "$Wd" rm -rq cases/c300
touch_cases 'wide: delete'
git -C "$Wd" mv cases/c100 cases/c100r
touch_cases 'wide: rename'
touch_cases 'wide: two far apart' c010 c390

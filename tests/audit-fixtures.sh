#!/bin/sh
# tests/audit-fixtures.sh DIR: the git fixtures of the auditor's questions
# (SPEC §5), for tests/unit/test_audit.c and tests/integration/audit.sh, in
# DIR (which must not exist). Fixed authors and dates: fixed commit ids.
#   amended/   a note corrected the same day and the next (no finding), then
#              three weeks later (amended; its earlier text holds HTML, for
#              the site to escape); an assessment changed later
#              (amended); a note renamed with its content unchanged (nothing)
#              and one renamed and changed (deleted, and a new file); an
#              addendum (amends:) committed late (only late-note); a note
#              whose line ends alone changed (amended); an attachment
#              changed (nothing)
#   future/    facts recorded ahead of their commit: a step done, a goal
#              achieved, a plan review, an assessment's date, a closing, a
#              referral's answer (future-entry); a later commit keeping them
#              (nothing); a value moved to another step (future-entry); a
#              branch merged with a future value (the branch's commit and the
#              merge, compared with its first parent)
#   deleted/   a note removed and later added again, a plan removed, an
#              attachment removed (nothing), a case folder renamed whole
#              (nothing, also for its assessment dated ahead), a case removed
#              whole (deleted for each record)
#   reviews/   findings and a reviews.yaml: a review committed by its
#              supervisor (counts), one through the supervisor's .mailmap
#              address (counts), one committed by a caseworker for the
#              supervisor (author), one of no finding, one by a caseworker
#              (check: bad-value; counts for nothing), one not committed
#              (author)
set -eu
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
[ ! -e "$1" ] || { echo "$0: $1 exists" >&2; exit 2; }
mkdir -p "$1"
D=$(cd "$1" && pwd)

unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 LC_ALL=C TZ=UTC

w() {
	mkdir -p "$(dirname "$1")"
	cat >"$1"
}

# commit REPO WHO DATE MESSAGE: commits everything in REPO (added, changed,
# removed) as WHO (ana, ben, ruth or a "Name <email>") at noon UTC of DATE.
commit() {
	case $2 in
	ana) n="Ana Silva" e=ana@harborlight.example ;;
	ben) n="Ben Okafor" e=ben@harborlight.example ;;
	ruth) n="Ruth Mensah" e=ruth@harborlight.example ;;
	*) n=${2% <*} e=${2#*<} e=${e%>} ;;
	esac
	git -C "$1" add -A
	GIT_AUTHOR_NAME=$n GIT_AUTHOR_EMAIL=$e GIT_AUTHOR_DATE="$3T12:00:00+00:00" \
	GIT_COMMITTER_NAME=$n GIT_COMMITTER_EMAIL=$e GIT_COMMITTER_DATE="$3T12:00:00+00:00" \
		git -C "$1" -c commit.gpgsign=false -c core.autocrlf=false commit -q -m "$4"
}

init() {
	git -c init.defaultBranch=main init -q "$1"
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
  ben:
    name: Ben Okafor
    email: ben@harborlight.example
  ruth:
    name: Ruth Mensah
    email: ruth@harborlight.example
    role: supervisor
programs:
  aftercare:
    name: Aftercare
    reassess_every: 90d
Y
	w "$1/resources/food-bank.yaml" <<'Y'
name: Riverside Food Bank
Y
}

# case_yaml FILE OPENED [CLOSED]
case_yaml() {
	{
		printf 'client:\n  name: Client\nprogram: aftercare\nworker: ana\nopened: %s\n' "$2"
		if [ $# -ge 3 ]; then
			printf 'status: closed\nclosed: %s\nexit: {reason: completed, destination: unknown}\n' "$3"
		else
			printf 'status: open\n'
		fi
		printf 'consent: {signed: %s, share_with: [food-bank]}\n' "$2"
	} | w "$1"
}

# note FILE DATE KIND TEXT [EXTRA FRONT MATTER LINE]
note() {
	{
		printf -- '---\ndate: %s\nby: ana\nkind: %s\n' "$2" "$3"
		[ $# -ge 5 ] && printf '%s\n' "$5"
		printf -- '---\n%s\n' "$4"
	} | w "$1"
}

# assessment FILE DATE HOUSING
assessment() {
	printf 'date: %s\nby: ana\nscores: {housing: %s, income: 2}\n' "$2" "$3" | w "$1"
}

# ---- amended/ ----
R=$D/amended
init "$R"
C=$R/cases/c-1
case_yaml "$C/case.yaml" 2026-01-05
note "$C/notes/2026-01-05-visit.md" 2026-01-05 visit "Met at the shelter."
assessment "$C/assessments/2026-01-05.yaml" 2026-01-05 1
note "$C/notes/2026-01-06-phone.md" 2026-01-06 phone "Called about the lease."
note "$C/notes/2026-01-07-phone.md" 2026-01-07 phone "Called the landlord."
note "$C/notes/2026-01-08-visit.md" 2026-01-08 visit "Home visit."
printf 'scanned letter\n' | w "$C/letter.txt"
commit "$R" ana 2026-01-08 "c-1: open"
note "$C/notes/2026-01-05-visit.md" 2026-01-05 visit "Met at the shelter, with her sister."
commit "$R" ana 2026-01-08 "c-1: same-day fix"
note "$C/notes/2026-01-05-visit.md" 2026-01-05 visit "Met at the shelter, with her sister Rosa <img src=x onerror=alert(1)> & \"co\"."
commit "$R" ana 2026-01-09 "c-1: next-day fix"
note "$C/notes/2026-01-05-visit.md" 2026-01-05 visit "Met at the shelter, with her brother."
commit "$R" ana 2026-01-29 "c-1: reworded three weeks later"
assessment "$C/assessments/2026-01-05.yaml" 2026-01-05 2
printf 'scanned letter, page 2\n' >>"$C/letter.txt"
commit "$R" ben 2026-02-02 "c-1: rescored"
git -C "$R" mv cases/c-1/notes/2026-01-06-phone.md cases/c-1/notes/2026-01-06-message.md
commit "$R" ana 2026-02-03 "c-1: renamed, unchanged"
git -C "$R" mv cases/c-1/notes/2026-01-07-phone.md cases/c-1/notes/2026-01-07-message.md
note "$C/notes/2026-01-07-message.md" 2026-01-07 message "Wrote to the landlord."
commit "$R" ana 2026-02-04 "c-1: renamed and changed"
note "$C/notes/2026-01-30-admin.md" 2026-01-30 admin "It was her brother, not her sister." \
	"amends: 2026-01-05-visit.md"
commit "$R" ana 2026-02-04 "c-1: addendum"
sed 's/$/\r/' "$C/notes/2026-01-08-visit.md" >"$C/x" && mv "$C/x" "$C/notes/2026-01-08-visit.md"
commit "$R" ana 2026-02-10 "c-1: line ends"

# ---- future/ ----
R=$D/future
init "$R"
C=$R/cases/c-2
case_yaml "$C/case.yaml" 2026-02-01
w "$C/plan.yaml" <<'Y'
reviewed: 2026-02-01
goals:
  - id: housing
    statement: A home
    measure: A lease
    target: 2026-09-30
    steps:
      - action: Apply for a voucher
        who: client
        due: 2026-02-20
        status: done
        done: 2026-02-05
      - action: Visit flats
        who: food-bank
        due: 2026-03-20
        referral: {sent: 2026-02-02}
Y
commit "$R" ana 2026-02-02 "c-2: open"
w "$C/plan.yaml" <<'Y'
reviewed: 2026-03-01
goals:
  - id: housing
    statement: A home
    measure: A lease
    target: 2026-09-30
    status: achieved
    achieved: 2026-03-02
    steps:
      - action: Apply for a voucher
        who: client
        due: 2026-02-20
        status: done
        done: 2026-02-05
      - action: Visit flats
        who: food-bank
        due: 2026-03-20
        referral: {sent: 2026-02-02, status: accepted, answered: "2026-03-03"}
Y
assessment "$C/assessments/2026-03-04.yaml" 2026-03-04 3
commit "$R" ana 2026-02-27 "c-2: ahead of time"
sed -i 's/A lease/A signed lease/' "$C/plan.yaml"
commit "$R" ana 2026-02-28 "c-2: measure worded, facts kept"
w "$C/plan.yaml" <<'Y'
reviewed: 2026-03-01
goals:
  - id: housing
    statement: A home
    measure: A signed lease
    target: 2026-09-30
    status: achieved
    achieved: 2026-03-02
    steps:
      - action: Apply for a voucher
        who: client
        due: 2026-02-20
        status: done
        done: 2026-02-05
      - action: Visit flats
        who: food-bank
        due: 2026-03-20
        status: done
        done: 2026-03-02
        referral: {sent: 2026-02-02, status: accepted, answered: "2026-03-03"}
Y
commit "$R" ana 2026-02-28 "c-2: step 2 done, with the goal's date"
git -C "$R" checkout -q -b side
case_yaml "$C/case.yaml" 2026-02-01 2026-03-10
commit "$R" ben 2026-03-05 "c-2: closed ahead, on a branch"
git -C "$R" checkout -q main
note "$C/notes/2026-03-05-visit.md" 2026-03-05 visit "Visit."
commit "$R" ana 2026-03-05 "c-2: visit"
GIT_AUTHOR_NAME="Ana Silva" GIT_AUTHOR_EMAIL=ana@harborlight.example \
GIT_AUTHOR_DATE="2026-03-06T12:00:00+00:00" GIT_COMMITTER_NAME="Ana Silva" \
GIT_COMMITTER_EMAIL=ana@harborlight.example GIT_COMMITTER_DATE="2026-03-06T12:00:00+00:00" \
	git -C "$R" -c commit.gpgsign=false merge -q --no-ff -m "Merge side" side

# ---- deleted/ ----
R=$D/deleted
init "$R"
for c in c-3 c-4 c-5; do
	case_yaml "$R/cases/$c/case.yaml" 2026-01-05
	note "$R/cases/$c/notes/2026-01-05-visit.md" 2026-01-05 visit "Visit of $c."
	w "$R/cases/$c/plan.yaml" <<'Y'
goals:
  - id: housing
    statement: A home
    measure: A lease
    target: 2026-09-30
Y
	printf 'form\n' | w "$R/cases/$c/form.txt"
done
# an assessment dated ahead (future-entry), which moves with its folder
assessment "$R/cases/c-4/assessments/2026-02-01.yaml" 2026-02-01 2
commit "$R" ana 2026-01-05 "open three cases"
rm "$R/cases/c-3/notes/2026-01-05-visit.md" "$R/cases/c-3/plan.yaml" "$R/cases/c-3/form.txt"
commit "$R" ana 2026-01-20 "c-3: remove a note, the plan, a form"
note "$R/cases/c-3/notes/2026-01-05-visit.md" 2026-01-05 visit "Visit of c-3, again."
commit "$R" ana 2026-01-25 "c-3: the note again"
git -C "$R" mv cases/c-4 cases/c-6
commit "$R" ana 2026-01-26 "c-4 is c-6"
rm -r "$R/cases/c-5"
commit "$R" ana 2026-01-27 "c-5: removed"

# ---- reviews/ ----
R=$D/reviews
init "$R"
C=$R/cases/c-7
case_yaml "$C/case.yaml" 2026-01-05
note "$C/notes/2026-01-05-visit.md" 2026-01-05 visit "Visit."
note "$C/notes/2026-01-06-phone.md" 2026-01-06 phone "Call."
note "$C/notes/2026-01-07-phone.md" 2026-01-07 phone "Call."
note "$C/notes/2026-01-08-phone.md" 2026-01-08 phone "Call."
commit "$R" ana 2026-01-20 "c-7: four late notes"
note "$C/notes/2026-01-09-phone.md" 2026-01-09 phone "Call."
commit "$R" "Temp <temp@mail.example>" 2026-01-21 "c-7: a call, from a personal address"
printf 'Ruth Mensah <ruth@harborlight.example> <r.mensah@mail.example>\n' | w "$R/.mailmap"
commit "$R" ruth 2026-01-22 "mailmap"
L=$(git -C "$R" log -1 --format=%H --grep 'four late notes' | cut -c1-12)
T=$(git -C "$R" log -1 --format=%H --grep 'personal address' | cut -c1-12)
review() {
	printf -- '- finding: %s\n  by: %s\n  date: %s\n  note: %s\n' "$1" "$2" "$3" "$4" >>"$R/reviews.yaml"
}
review "late-note/$L/cases/c-7/notes/2026-01-05-visit.md" ruth 2026-01-23 "From paper notes."
commit "$R" ruth 2026-01-23 "review: the visit"
review "late-note/$L/cases/c-7/notes/2026-01-06-phone.md" ruth 2026-01-24 "From paper notes."
commit "$R" "Ruth Mensah <r.mensah@mail.example>" 2026-01-24 "review: a call, from home"
review "late-note/$L/cases/c-7/notes/2026-01-07-phone.md" ruth 2026-01-25 "Ben wrote this for Ruth."
review "late-note/0123456789ab/cases/c-7/notes/2026-01-07-phone.md" ruth 2026-01-25 "A wrong id."
commit "$R" ben 2026-01-25 "reviews written by Ben"
review "unknown-author/$T" ana 2026-01-26 "Ana reviews herself."
commit "$R" ana 2026-01-26 "review by a caseworker"
review "late-note/$L/cases/c-7/notes/2026-01-08-phone.md" ruth 2026-01-27 "Not committed yet."

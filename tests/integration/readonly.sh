#!/bin/sh
# readonly.sh: nothing is lost. Every command but init and new only reads
# the records: hash every file of a caseload and of its .git (contents,
# modes, link targets, the list of files and folders) before and after each
# run, and assert that no byte changed.
# build writes its site outside with -o; without -o only _site/ may change.
CASELOAD=${CASELOAD:-$PWD/build/caseload}
T=${READONLY_TIMEOUT:-60}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root=$tmp/riverbend

# the fixture: a small caseload with a git history of three commits
w() { mkdir -p "$root/$(dirname "$1")" && cat >"$root/$1"; }
commit() {
	GIT_CONFIG_GLOBAL=/dev/null GIT_AUTHOR_NAME="Noor Haddad" GIT_AUTHOR_EMAIL=noor@riverbend.example \
	GIT_COMMITTER_NAME="Noor Haddad" GIT_COMMITTER_EMAIL=noor@riverbend.example \
	GIT_AUTHOR_DATE="$1" GIT_COMMITTER_DATE="$1" \
	sh -c 'git -C "$0" add -A && git -C "$0" -c commit.gpgsign=false commit -q -m "$1"' "$root" "$2"
}
mkdir -p "$root" && git -C "$root" -c init.defaultBranch=main init -q || { echo "FAIL readonly: git init"; exit 1; }
w caseload.yaml <<'Y'
organization: Riverbend Community Services
instrument:
  name: Outcomes ladder
  scale: [1, 10]
  domains: {home: Home, money: Money}
workers:
  noor: {name: Noor Haddad, email: noor@riverbend.example}
programs:
  outreach: {name: Street Outreach, reassess_every: 1m, contact_every: 7d, followups: [1m, 3m]}
Y
w resources/legal-aid.yaml <<'Y'
name: Riverbend Legal Aid
Y
w .gitignore <<'Y'
_site/
Y
commit 2026-01-05T09:00:00+00:00 "Start the caseload"
w cases/rb-001/case.yaml <<'Y'
client: {name: Yusuf Demir, phone: 555-0101}
program: outreach
worker: noor
opened: 2026-03-31
status: open
consent: {signed: 2026-03-31, share_with: [legal-aid]}
Y
w cases/rb-001/assessments/2026-03-31.yaml <<'Y'
date: 2026-03-31
by: noor
scores: {home: 2, money: 3}
Y
w cases/rb-001/plan.yaml <<'Y'
goals:
  - id: tenancy
    statement: Keep the flat
    measure: No eviction notice
    target: 2026-07-31
    steps:
      - {action: Book advice, who: legal-aid, due: 2026-05-10}
Y
w cases/rb-001/notes/2026-05-02-visit.md <<'Y'
---
date: 2026-05-02
by: noor
kind: visit
---
Talked about the **rent arrears** letter.
Y
commit 2026-05-03T10:00:00+00:00 "Open rb-001"
w cases/rb-002/case.yaml <<'Y'
client: {name: Camille Moreau}
program: outreach
worker: noor
opened: 2025-09-01
status: closed
closed: 2026-03-20
Y
commit 2026-03-21T10:00:00+00:00 "Close rb-002"
[ -d "$root/.git" ] || { echo "FAIL readonly: the fixture"; exit 1; }

# leave the working tree dirty, with an untracked file, a staged change and an
# attachment, as a real one often is
printf '  - id: extra\n    statement: s\n    measure: m\n    target: 2026-09-01\n' \
	>>"$root/cases/rb-001/plan.yaml"
printf 'untracked\n' >"$root/cases/rb-001/scan.txt"
printf '# staged\n' >>"$root/resources/legal-aid.yaml"
git -C "$root" add resources/legal-aid.yaml

# manifest DIR [EXCLUDE]: one line per file, link and folder below DIR;
# the caches under .git/caseload/ (SPEC §8) are no records and may change
manifest() {
	python3 - "$1" "${2:-}" <<'PY'
import hashlib, os, stat, sys
top = sys.argv[1]
skips = [s for s in sys.argv[2:] if s] + ['.git/caseload']
for d, dirs, files in os.walk(top):
    dirs.sort()
    rel = os.path.relpath(d, top)
    if any(rel == s or rel.startswith(s + '/') for s in skips):
        dirs[:] = []
        continue
    print('D', oct(os.lstat(d).st_mode), rel)
    for f in sorted(files) + [x for x in dirs if os.path.islink(os.path.join(d, x))]:
        p = os.path.join(d, f)
        st = os.lstat(p)
        if stat.S_ISLNK(st.st_mode):
            print('L', os.path.join(rel, f), os.readlink(p))
        else:
            h = hashlib.sha256(open(p, 'rb').read()).hexdigest()
            print('F', oct(st.st_mode), h, os.path.join(rel, f))
PY
}

manifest "$root" >"$tmp/before" || { echo "FAIL readonly: manifest"; exit 1; }
cd "$tmp" || exit 1

# each: NAME ARGS... runs caseload with ARGS and checks the manifest after
each() {
	label=$1
	shift
	timeout "$T" $CASELOAD "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	skip=""
	[ "$label" = "build (default _site)" ] && skip=_site
	manifest "$root" "$skip" >"$tmp/after"
	before_cmp=$tmp/before
	if [ "$rc" -gt 2 ]; then
		# 0, 1 and 2 are the only exits; 99 is valgrind's, 124 timeout's
		echo "FAIL readonly $label: exit $rc (crashed, timed out or a memory error)"
		head -c 400 "$tmp/err"
	elif ! cmp -s "$before_cmp" "$tmp/after"; then
		echo "FAIL readonly $label: the caseload changed (exit $rc):"
		diff "$before_cmp" "$tmp/after" | head -10
	else
		echo "ok readonly $label (exit $rc)"
	fi
}

C="-C $root --as-of 2026-05-15"
each "check" $C check
each "check --format json --strict" $C check --format json --strict
each "check rb-001" $C check rb-001
each "--at HEAD check" $C --at HEAD check
each "due" $C due
each "due --all --format json" $C due --all --format json
each "due --format csv" $C due --all --format csv
each "due --format ics" $C due --all --format ics
each "due --worker noor" $C due --worker noor --within 0d
each "audit" $C audit
each "audit --format json rb-001" $C audit --format json rb-001
for kind in cases goals steps assessments notes followups due; do
	each "export $kind" $C export $kind
	each "export $kind --format json --redact" $C export $kind --format json --redact
done
each "build -o" $C build -o "$tmp/site"
each "build --redact --strict -o" $C build --redact --strict -o "$tmp/site2"
each "build (default _site)" $C build
[ -f "$root/_site/index.html" ] && echo "ok readonly build wrote _site/" || echo "FAIL readonly build wrote no _site/"
rm -rf "$root/_site"
each "--help" $C --help
each "check --help" $C check --help

#!/bin/sh
# tests/integration/audit.sh: `audit` and `--at` on the git fixtures of
# tests/history-fixtures.sh, against tests/golden/audit/. Prints 'ok NAME' or
# 'FAIL NAME' per test. UPDATE=1 rewrites the golden files instead.
CASELOAD=${CASELOAD:-$PWD/build/caseload}
GOLD=$PWD/tests/golden/audit
export TZ=UTC
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! sh tests/history-fixtures.sh "$tmp/fx" >"$tmp/fx.log" 2>&1; then
	cat "$tmp/fx.log"
	echo "FAIL history-fixtures.sh"
	exit 1
fi
if ! sh tests/audit-fixtures.sh "$tmp/ax" >"$tmp/ax.log" 2>&1; then
	cat "$tmp/ax.log"
	echo "FAIL audit-fixtures.sh"
	exit 1
fi
F=$tmp/fx
A=$tmp/ax
failed=0

ok() { echo "ok $1"; }
fail() { echo "FAIL $1${2:+  -- $2}"; failed=1; }

# run NAME: runs the rest of the line, keeping stdout, stderr and the exit code.
run() {
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

# golden NAME WANT_RC DIR ARGS...: the output of caseload -C DIR ARGS must be
# tests/golden/audit/NAME and its exit code WANT_RC.
golden() {
	name=$1 want=$2 dir=$3
	shift 3
	run "$CASELOAD" -C "$dir" --as-of 2026-04-01 "$@"
	if [ -n "${UPDATE:-}" ]; then
		cp "$tmp/out" "$GOLD/$name"
	fi
	if [ "$rc" -ne "$want" ]; then
		fail "$name" "exit $rc, not $want: $(head -c 300 "$tmp/err")"
	elif ! diff -u "$GOLD/$name" "$tmp/out" >"$tmp/diff" 2>&1; then
		fail "$name" "$(head -c 600 "$tmp/diff")"
	else
		ok "$name"
	fi
}

# refused NAME PATTERN DIR ARGS...: exit 2, nothing on stdout, and a message
# on stderr matching PATTERN.
refused() {
	name=$1 pat=$2 dir=$3
	shift 3
	run "$CASELOAD" -C "$dir" --as-of 2026-04-01 "$@"
	if [ "$rc" -ne 2 ]; then
		fail "$name" "exit $rc, not 2"
	elif [ -s "$tmp/out" ]; then
		fail "$name" "stdout: $(head -c 200 "$tmp/out")"
	elif ! grep -q "$pat" "$tmp/err"; then
		fail "$name" "stderr: $(head -c 300 "$tmp/err")"
	else
		ok "$name"
	fi
}

golden kinds.txt 1 "$F/kinds" audit
golden kinds.json 1 "$F/kinds" audit --format json
golden kinds-c-002.txt 1 "$F/kinds" audit c-002
golden kinds-at-close.json 1 "$F/kinds" --at 'HEAD~3' audit --format json
golden nested.txt 1 "$F/project/example-cases" audit
golden nested.json 1 "$F/project/example-cases" audit --format json
golden nested-clean.txt 0 "$F/project/example-cases" --at HEAD~2 audit
golden unborn.json 1 "$F/unborn" audit --format json
golden at-broken-plan.txt 1 "$F/kinds" --at broken-plan check
golden at-nested.json 1 "$F/project/example-cases" --at HEAD~1 check --format json
golden at-head.txt 0 "$F/kinds" --at HEAD check
golden at-shallow.txt 0 "$F/shallow" --at HEAD check
golden at-missing-head.txt 0 "$F/missing" --at HEAD check

refused audit-unknown-case "no case 'c-404'" "$F/kinds" audit c-404
refused audit-bad-format "text or json" "$F/kinds" audit --format csv
refused audit-outside-git "not in a git repository" "$F/nogit" audit
refused audit-shallow "shallow clone" "$F/shallow" audit
refused audit-missing-object "is missing from the git repository" "$F/missing" audit
refused audit-unknown-rev "'nope'.*not a commit" "$F/kinds" --at nope audit
refused at-unknown-rev "revision is not a commit" "$F/kinds" --at nope check
refused at-outside-git "not in a git repository" "$F/nogit" --at HEAD check
refused at-unborn "no commits yet" "$F/unborn" --at HEAD check
refused at-shallow-older "shallow clone" "$F/shallow" --at HEAD~1 check
refused at-missing-object "is missing from the repository" "$F/missing" --at HEAD~4 check
refused at-no-caseload "example-cases/ is not in that revision" "$F/project/example-cases" --at HEAD~5 check

# Damaged repositories, beyond missing/ and shallow/ (whose HEAD is whole, so
# --at HEAD reads it): copies of kinds/ with an object of HEAD itself gone or
# garbled. audit and --at HEAD check must refuse (exit 2) within 60 s, naming
# the object's id, and never crash; plain check reads the work tree and runs.
# damage NAME REV: a copy of kinds/ as $F/NAME without the loose object REV
# (garbage in its place with GARBLE=1); prints the object's id.
damage() {
	cp -R "$F/kinds" "$F/$1"
	# without the caches: the history cache holds what was read before
	# the damage, and an audit that finds it reads no more
	rm -rf "$F/$1/.git/caseload"
	id=$(git -C "$F/$1" rev-parse "$2")
	obj="$F/$1/.git/objects/$(echo "$id" | cut -c1-2)/$(echo "$id" | cut -c3-)"
	chmod u+w "$obj"
	if [ -n "${GARBLE:-}" ]; then printf 'x\234garbage' >"$obj"; else rm -f "$obj"; fi
	echo "$id"
}
# damaged NAME DIR ARGS...: exit 2, a message naming $id, nothing on stdout.
# With SUPP=1, LeakSanitizer ignores what libgit2 leaks (tests/lsan.supp).
damaged() {
	name=$1 dir=$2
	shift 2
	run env ${SUPP:+LSAN_OPTIONS=${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$PWD/tests/lsan.supp} \
		timeout 60 $CASELOAD -C "$dir" --as-of 2026-04-01 "$@"
	if [ "$rc" -ne 2 ]; then
		fail "$name" "exit $rc, not 2: $(head -c 300 "$tmp/err")"
	elif [ -s "$tmp/out" ] || ! grep -q "$id.*missing\|missing.*$id" "$tmp/err"; then
		fail "$name" "stderr: $(head -c 300 "$tmp/err")"
	else
		ok "$name"
	fi
}
for what in head-commit:HEAD head-tree:'HEAD^{tree}' parent-commit:HEAD~2; do
	dn=no-${what%%:*}
	id=$(damage "$dn" "${what#*:}")
	[ "$dn" = no-parent-commit ] || damaged "at-$dn" "$F/$dn" --at HEAD check
	# libgit2 leaks when its walk meets the missing parent (tests/lsan.supp)
	SUPP=$( [ "$dn" = no-parent-commit ] && echo 1)
	damaged "audit-$dn" "$F/$dn" audit
	SUPP=
	run timeout 60 "$CASELOAD" -C "$F/$dn" --as-of 2026-04-01 check
	if [ "$rc" -eq 0 ]; then ok "check-$dn"; else fail "check-$dn" "exit $rc"; fi
done
id=$(GARBLE=1 damage garbled-blob HEAD:cases/c-001/case.yaml)
damaged at-garbled-blob "$F/garbled-blob" --at HEAD check
id=$(damage no-blob HEAD:cases/c-002/case.yaml)
damaged at-no-blob "$F/no-blob" --at HEAD check
cp -R "$F/kinds" "$F/bad-ref"
id=0123456789abcdef0123456789abcdef01234567
echo $id >"$F/bad-ref/.git/refs/heads/main"
damaged at-bad-ref "$F/bad-ref" --at HEAD check
damaged audit-bad-ref "$F/bad-ref" audit

# --at reads git objects only: the work tree is not touched and no file is left behind
before=$(cd "$F/kinds" && find . -path ./.git -prune -o -print | sort | cksum)
gbefore=$(cd "$F/kinds" && git status --porcelain | cksum)
run "$CASELOAD" -C "$F/kinds" --at 'HEAD~3' check
after=$(cd "$F/kinds" && find . -path ./.git -prune -o -print | sort | cksum)
gafter=$(cd "$F/kinds" && git status --porcelain | cksum)
if [ "$before" = "$after" ] && [ "$gbefore" = "$gafter" ]; then
	ok at-leaves-work-tree
else
	fail at-leaves-work-tree
fi

# the caseload folder found upward from a folder inside it, with --at
run sh -c "cd '$F/project/example-cases/cases/ex-1' && '$CASELOAD' --at HEAD~1 check"
if [ "$rc" -eq 1 ] && grep -q '^cases/ex-1/plan.yaml:5:13: error' "$tmp/out"; then
	ok at-from-subfolder
else
	fail at-from-subfolder "exit $rc: $(head -c 300 "$tmp/out")"
fi

# due --at
golden at-due.json 0 "$F/kinds" --at broken-plan due --all --format json
golden due-now.json 0 "$F/kinds" due --all --format json

# the auditor's questions (SPEC §5), on tests/audit-fixtures.sh
golden amended.txt 1 "$A/amended" audit
golden amended.json 1 "$A/amended" audit --format json
golden future.txt 1 "$A/future" audit
golden deleted.txt 1 "$A/deleted" audit
golden reviews.txt 1 "$A/reviews" audit
golden reviews-all.txt 1 "$A/reviews" audit --all
golden reviews-all.json 1 "$A/reviews" audit --all --format json
golden reviews-case.txt 1 "$A/reviews" audit c-7
# the history and reviews.yaml as they were two commits ago: Ben's reviews
# were there, the caseworker's not yet, and nothing is uncommitted
golden reviews-at.txt 1 "$A/reviews" --at HEAD~1 audit --all

# --at is a point in time: as-of is its commit's day, named on stderr
run "$CASELOAD" -C "$F/kinds" --at HEAD~3 due --all --format json
id=$(git -C "$F/kinds" rev-parse HEAD~3)
if [ "$rc" -eq 0 ] && grep -q '^{"as_of":"2026-02-14","at":{"commit":"'"$id"'","date":"2026-02-14"},' "$tmp/out" &&
	[ "$(cat "$tmp/err")" = "caseload: the records of commit $(echo "$id" | cut -c1-12) (2026-02-14)" ]; then
	ok at-point-in-time
else
	fail at-point-in-time "exit $rc: $(head -c 200 "$tmp/out") / $(head -c 200 "$tmp/err")"
fi
run "$CASELOAD" -C "$F/kinds" --at HEAD~3 --as-of 2026-04-01 export cases --format json
if [ "$rc" -eq 0 ] && grep -q '^{"as_of":"2026-04-01","at":{"commit":"'"$id"'","date":"2026-02-14"},' "$tmp/out"; then
	ok at-export-json
else
	fail at-export-json "exit $rc: $(head -c 200 "$tmp/out")"
fi
run "$CASELOAD" -C "$F/kinds" --at HEAD~3 report --format json
if [ "$rc" -eq 0 ] && python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["at"] == {"commit": sys.argv[2], "date": "2026-02-14"} and d["as_of"] == "2026-02-14", d.get("at")
' "$tmp/out" "$id"; then
	ok at-report-json
else
	fail at-report-json "exit $rc: $(head -c 200 "$tmp/out")"
fi
run "$CASELOAD" -C "$F/kinds" check --format json
if ! grep -q '"at"' "$tmp/out" && [ ! -s "$tmp/err" ]; then ok at-none-without-at; else fail at-none-without-at; fi
refused at-tree "names no commit" "$F/kinds" --at 'HEAD^{tree}' check

# a reviews.yaml that fails to load: check reports it; audit says so on
# stderr and counts no review (exit 1: the findings are unreviewed)
cp -R "$A/reviews" "$tmp/badrev"
printf -- '- &r {finding: x}\n- *r\n' >"$tmp/badrev/reviews.yaml"
run "$CASELOAD" -C "$tmp/badrev" --as-of 2026-04-01 audit
if [ "$rc" -eq 1 ] && grep -q 'reviews.yaml could not be read' "$tmp/err" &&
	! grep -q 'reviewed' "$tmp/out" && grep -q '^6 findings$' "$tmp/out"; then
	ok audit-broken-reviews
else
	fail audit-broken-reviews "exit $rc: $(head -c 300 "$tmp/err") / $(tail -2 "$tmp/out")"
fi
run "$CASELOAD" -C "$tmp/badrev" --as-of 2026-04-01 check
if [ "$rc" -eq 1 ] && grep -q '^reviews.yaml:1:3: error: .*(alias)$' "$tmp/out"; then
	ok check-broken-reviews
else
	fail check-broken-reviews "exit $rc: $(head -c 300 "$tmp/out")"
fi
# hostile reviews.yaml, committed: audit never crashes or hangs, says on
# stderr when it could not read it, and still lists every finding
for kind in not-a-list huge alias-bomb many-good 100k; do
	rm -rf "$tmp/hr" && cp -R "$A/reviews" "$tmp/hr"
	python3 - "$kind" "$tmp/hr/reviews.yaml" <<'PY'
import sys
kind, path = sys.argv[1], sys.argv[2]
if kind == "not-a-list":
    text = "finding: late-note/0123456789ab/x\nby: ruth\n"
elif kind == "huge":
    text = "- finding: x\n" + "# " + "x" * 77 + "\n" * 1 + ("# " + "x" * 77 + "\n") * 140000
elif kind == "alias-bomb":
    lines = ["- &a {finding: lol, by: ruth, date: 2026-01-01, note: lol}"]
    for p, c in zip("abcdefgh", "bcdefghi"):
        lines.append("- &%s [%s]" % (c, ", ".join(["*" + p] * 9)))
    text = "\n".join(lines) + "\n"
elif kind == "100k":  # 100,000 reviews (1,000,000 bytes), none well-formed
    text = "- {by: x}\n" * 100000
else:  # 12,000 well-formed reviews of findings that do not exist
    text = "".join("- {finding: late-note/0123456789ab/n%d, by: ruth, date: 2026-01-01, note: n}\n" % i
                   for i in range(12000))
open(path, "w").write(text)
PY
	git -C "$tmp/hr" -c user.name="Ruth Mensah" -c user.email=ruth@harborlight.example \
		-c commit.gpgsign=false commit -q -m "hostile reviews" reviews.yaml
	status=$(git -C "$tmp/hr" status --porcelain --ignored)
	run timeout 60 "$CASELOAD" -C "$tmp/hr" --as-of 2026-04-01 audit
	n=$(grep -c '^2026-' "$tmp/out")
	case $kind in
	many-good) want_err=0 want_lines=12000 ;;
	100k) want_err=0 want_lines=0 ;;
	*) want_err=1 want_lines=0 ;;
	esac
	got_err=$(grep -c 'reviews.yaml could not be read' "$tmp/err")
	got_lines=$(grep -c '^reviews.yaml:' "$tmp/out")
	# and no byte of the records changed
	if [ "$rc" -eq 1 ] && [ "$n" -eq 6 ] && [ "$got_err" -eq "$want_err" ] && [ "$got_lines" -eq "$want_lines" ] &&
		[ "$(git -C "$tmp/hr" status --porcelain --ignored)" = "$status" ]; then
		ok "audit-hostile-reviews-$kind"
	else
		fail "audit-hostile-reviews-$kind" "exit $rc, $n findings, $got_err, $got_lines: $(head -c 200 "$tmp/err")"
	fi
done

# every finding reviewed by the supervisor, who commits it: exit 0 (a CI gate)
cp -R "$A/future" "$tmp/allrev"
run "$CASELOAD" -C "$tmp/allrev" --as-of 2026-04-01 audit --format json
python3 - "$tmp/out" "$tmp/allrev/reviews.yaml" <<'PY'
import json, sys
f = json.load(open(sys.argv[1]))["findings"]
with open(sys.argv[2], "w") as out:
    for x in f:
        out.write("- finding: %s\n  by: ruth\n  date: 2026-03-31\n  note: Looked into.\n" % x["id"])
PY
run "$CASELOAD" -C "$tmp/allrev" --as-of 2026-04-01 audit
if [ "$rc" -eq 1 ] && [ "$(grep -c 'not committed by ruth' "$tmp/out")" -eq 6 ]; then
	ok audit-reviews-uncommitted
else
	fail audit-reviews-uncommitted "exit $rc: $(tail -3 "$tmp/out")"
fi
git -C "$tmp/allrev" add reviews.yaml
git -C "$tmp/allrev" -c user.name="Ruth Mensah" -c user.email=ruth@harborlight.example \
	-c commit.gpgsign=false commit -q -m "review all" reviews.yaml
run "$CASELOAD" -C "$tmp/allrev" --as-of 2026-04-01 audit
if [ "$rc" -eq 0 ] && [ "$(cat "$tmp/out")" = "0 findings not reviewed; 6 reviewed (audit --all lists them)" ]; then
	ok audit-all-reviewed-exit-0
else
	fail audit-all-reviewed-exit-0 "exit $rc: $(tail -3 "$tmp/out")"
fi

exit $failed

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
F=$tmp/fx
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

exit $failed

#!/bin/sh
# threads.sh: the working tree's records load on several threads (one per
# core, up to 4, once there are 32 cases or more); a commit's (--at) load on
# one. On a generated caseload of 300 cases, committed and unchanged, both
# must print the same bytes: the problems in the same order, the same due
# items, the same export. Run twice, so that the second run reads through
# the parse cache the first one left. The threads themselves are checked by
# ThreadSanitizer outside make check (see the notes of issue 17).
CASELOAD=${CASELOAD:-$PWD/build/caseload}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { echo "ok threads: $1"; pass=$((pass + 1)); }
bad() { echo "FAIL threads: $1"; fail=$((fail + 1)); }

if ! python3 tests/bench/gencaseload.py --cases 300 --seed 3 --fast-import "$tmp/c" >"$tmp/gen.log" 2>&1; then
	bad "gencaseload.py failed: $(tail -1 "$tmp/gen.log")"
	exit 1
fi
[ "$(ls "$tmp/c/cases" | wc -l)" -eq 300 ] || bad "not 300 cases"
# problems of shape, which the loader reports on its threads: an unknown key
# in every seventh case, a note with a bad date in every eleventh
i=0
for d in "$tmp/c/cases"/*; do
	[ $((i % 7)) -eq 0 ] && printf 'favourite_colour: blue\n' >>"$d/case.yaml"
	if [ $((i % 11)) -eq 0 ]; then
		printf -- '---\ndate: 2026-02-30\nby: nobody\nkind: visit\n---\nSeen.\n' >"$d/notes/2026-02-28-visit.md"
	fi
	i=$((i + 1))
done
git -C "$tmp/c" add -A
GIT_CONFIG_GLOBAL=/dev/null git -C "$tmp/c" -c user.name=t -c user.email=t@x.example -c commit.gpgsign=false commit -qm 'problems'
[ -z "$(git -C "$tmp/c" status --porcelain)" ] || bad "the generated caseload is not committed"

# same ARGS...: the command on the working tree (threads) and at HEAD (one
# thread) prints the same, with the same exit
same() {
	name=$1
	shift
	(cd "$tmp/c" && "$CASELOAD" --as-of 2026-11-23 "$@") >"$tmp/wt" 2>/dev/null
	rw=$?
	(cd "$tmp/c" && "$CASELOAD" --as-of 2026-11-23 --at HEAD "$@") >"$tmp/at" 2>/dev/null
	ra=$?
	if [ $rw -ne $ra ]; then
		bad "$name: exit $rw on the working tree, $ra at HEAD"
	elif ! cmp -s "$tmp/wt" "$tmp/at"; then
		bad "$name: the working tree and HEAD differ: $(diff "$tmp/wt" "$tmp/at" | head -3 | tr '\n' ' ')"
	elif [ ! -s "$tmp/wt" ]; then
		bad "$name: printed nothing"
	else
		ok "$name ($(wc -l <"$tmp/wt") lines)"
	fi
}

for run in 1 2; do
	same "check, run $run" check
	same "due --all, run $run" due --all
	same "export notes csv, run $run" export notes --format csv
done
# the loader's problems of many cases, each in its place
n=$(cd "$tmp/c" && "$CASELOAD" --as-of 2026-11-23 check | grep -c 'favourite_colour')
[ "$n" -eq 43 ] && ok "check reports the unknown key in all 43 cases" || bad "the unknown key in $n cases, not 43"
n=$(cd "$tmp/c" && "$CASELOAD" --as-of 2026-11-23 check | grep -c '2026-02-28-visit.md:2:')
[ "$n" -eq 28 ] && ok "check reports the bad date in all 28 notes" || bad "the bad date in $n notes, not 28"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]

#!/bin/bash
# tests/run.sh: runs every test of the project and prints one closing line
# 'N passed, N failed'. Unit tests are cmocka binaries ($BUILD/test_*); their
# counts are read from cmocka's summary. Integration tests are the scripts in
# tests/integration/, each printing 'ok NAME' or 'FAIL NAME' per test; so does
# ../shared/acceptance/run, the contract's worked examples, when it sits
# beside the checkout. Exit 1 when any test failed.
#
# The tests run side by side, $JOBS at a time (default: one per core); each
# one's output is kept apart and printed whole, in a fixed order, at the end.
# $CASELOAD is the tool to test; $VALGRIND, when set, goes in front of each
# unit test (make valgrind).
BUILD=${BUILD:-build}
export CASELOAD="${CASELOAD:-$PWD/$BUILD/caseload}"
export TZ=UTC
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# the list: KIND PATH per line, the slowest first so that they start early
list=$dir/list
: >"$list"
for t in tests/integration/*.sh; do
	[ -f "$t" ] && echo "script $t" >>"$list"
done
if [ ! -x ../shared/acceptance/run ]; then
	echo "== ../shared/acceptance/run is not beside this checkout: skipped"
elif [ -z "${SKIP_ACCEPTANCE:-}" ]; then
	echo "acceptance ../shared/acceptance/run" >>"$list"
fi
for t in "$BUILD"/test_*; do
	[ -x "$t" ] && echo "unit $t" >>"$list"
done
# the biggest known first
{ grep -E 'hostile|tools|readonly|site|browser|kill|cache' "$list"; grep -vE 'hostile|tools|readonly|site|browser|kill|cache' "$list"; } >"$list.sorted"

# run_one N KIND PATH: runs one test into $dir/N.log and its exit into $dir/N.rc
run_one() {
	case $2 in
	unit) $VALGRIND "$3" >"$dir/$1.log" 2>&1 ;;
	script) sh "$3" >"$dir/$1.log" 2>&1 ;;
	acceptance) "$3" "$CASELOAD" >"$dir/$1.log" 2>&1 ;;
	esac
	echo $? >"$dir/$1.rc"
}

n=0
running=0
while read -r kind path; do
	n=$((n + 1))
	echo "$n $kind $path" >>"$dir/order"
	run_one "$n" "$kind" "$path" </dev/null &
	running=$((running + 1))
	if [ "$running" -ge "$JOBS" ]; then
		wait -n
		running=$((running - 1))
	fi
done <"$list.sorted"
wait

pass=0
fail=0
sort -n "$dir/order" | while read -r i kind path; do
	log=$dir/$i.log
	rc=$(cat "$dir/$i.rc" 2>/dev/null || echo 99)
	echo "== $path"
	cat "$log"
	if [ "$kind" = unit ]; then
		p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
		f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
	else
		p=$(grep -c '^ok ' "$log")
		f=$(grep -c '^FAIL ' "$log")
	fi
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL $path exited $rc"
		f=1
	fi
	echo "$p $f" >>"$dir/counts"
done
pass=$(awk '{s+=$1} END {print s+0}' "$dir/counts")
fail=$(awk '{s+=$2} END {print s+0}' "$dir/counts")
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

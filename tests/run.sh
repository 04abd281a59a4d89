#!/bin/sh
# tests/run.sh: runs every test of the project and prints one closing line
# 'N passed, N failed'. Unit tests are cmocka binaries ($BUILD/test_*); their
# counts are read from cmocka's summary. Integration tests are the scripts in
# tests/integration/, each printing 'ok NAME' or 'FAIL NAME' per test.
# Exit 1 when any test failed. $CASELOAD is the tool to test; $VALGRIND, when
# set, goes in front of each unit test (make valgrind).
BUILD=${BUILD:-build}
export CASELOAD="${CASELOAD:-$PWD/$BUILD/caseload}"
export TZ=UTC
pass=0
fail=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

for t in "$BUILD"/test_*; do
	[ -x "$t" ] || continue
	$VALGRIND "$t" >"$log" 2>&1
	rc=$?
	cat "$log"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL $t exited $rc"
		f=1
	fi
	pass=$((pass + p))
	fail=$((fail + f))
done

for t in tests/integration/*.sh; do
	[ -f "$t" ] || continue
	echo "== $t"
	sh "$t" >"$log" 2>&1
	rc=$?
	cat "$log"
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^FAIL ' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL $t exited $rc"
		f=1
	fi
	pass=$((pass + p))
	fail=$((fail + f))
done

# The contract's worked examples, when the contract sits beside the checkout.
if [ ! -x ../shared/acceptance/run ]; then
	echo "== ../shared/acceptance/run is not beside this checkout: skipped"
elif [ -z "${SKIP_ACCEPTANCE:-}" ]; then
	echo "== ../shared/acceptance/run"
	../shared/acceptance/run "$CASELOAD" >"$log" 2>&1
	cat "$log"
	pass=$((pass + $(grep -c '^ok ' "$log")))
	fail=$((fail + $(grep -c '^FAIL ' "$log")))
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

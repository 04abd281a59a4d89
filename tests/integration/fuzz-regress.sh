#!/bin/sh
# fuzz-regress.sh: every fuzz target's seed corpus and its regression inputs
# (tests/fuzz/regress/<target>/: inputs that once crashed, hung or broke an
# invariant) through the target linked without libFuzzer ($BUILD/fuzz_*).
# $VALGRIND, when set, is put in front of each run (make valgrind).
BUILD=${BUILD:-build}
for t in yaml note date template practice reviews; do
	bin=$BUILD/fuzz_$t
	if [ ! -x "$bin" ]; then
		echo "FAIL fuzz-regress $t: $bin is not built"
		continue
	fi
	set -- tests/fuzz/corpus/$t
	[ -d tests/fuzz/regress/$t ] && set -- "$@" tests/fuzz/regress/$t
	if out=$(timeout 300 $VALGRIND "$bin" "$@" 2>&1); then
		echo "ok fuzz-regress $t ($(echo "$out" | tail -1))"
	else
		echo "$out" | tail -30
		echo "FAIL fuzz-regress $t"
	fi
done

#!/bin/sh
# check_codes.sh: one small caseload per check code (tests/check-codes/<name>/),
# each with the exact diagnostics `check` must give for it, position included,
# so that a broken rule names itself. For each fixture: copy it to a temp
# folder, run its make.sh there (files that cannot be committed), drop the
# fixture's own files, run `check --format json` as of the date in `as-of`,
# and compare the diagnostics, as `FILE:LINE:COL: SEVERITY CODE` lines, with
# `expect` (order free, repeats count). The exit code must be 1 when `expect`
# holds an error, else 0. A fixture named in tests/check-codes/KNOWN is a
# known bug of check: its mismatch prints `ok ... (known: ...)`.
# See tests/check-codes/README for how to add a fixture.
set -u
: "${CASELOAD:?}"
here=$(cd "$(dirname "$0")/.." && pwd)
codes=$here/check-codes
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
ok() { echo "ok $1"; }
nok() { echo "FAIL $1${2:+ -- $2}"; fails=$((fails + 1)); }

# lines: the diagnostics of check's JSON on stdin as FILE:LINE:COL: SEVERITY CODE
lines() {
	python3 -c '
import json, sys
for d in json.load(sys.stdin)["diagnostics"]:
    print("%s:%d:%d: %s %s" % (d["file"], d["line"], d["column"], d["severity"], d["code"]))
'
}

# known NAME: the reason KNOWN gives for fixture NAME (empty when not listed)
known() {
	[ -f "$codes/KNOWN" ] || return 0
	awk -v n="$1" '$1 == n { sub(/^[^ \t]+[ \t]+/, ""); print; exit }' "$codes/KNOWN"
}

for dir in "$codes"/*/; do
	name=$(basename "$dir")
	t="check-codes/$name"
	if [ ! -f "$dir/expect" ] || [ ! -f "$dir/as-of" ]; then
		nok "$t" "the fixture needs an expect and an as-of file"
		continue
	fi
	fx=$tmp/$name
	cp -R "$dir" "$fx"
	if [ -f "$fx/make.sh" ] && ! (cd "$fx" && sh ./make.sh) > "$tmp/make.err" 2>&1; then
		nok "$t" "make.sh failed: $(head -3 "$tmp/make.err")"
		continue
	fi
	rm -f "$fx/expect" "$fx/as-of" "$fx/make.sh"
	(cd "$fx" && TZ=UTC "$CASELOAD" --as-of "$(cat "$dir/as-of")" check --format json) \
		> "$tmp/out.json" 2> "$tmp/err"
	rc=$?
	# expect: one diagnostic a line; blank lines and lines starting with # are comments
	grep -v -e '^#' -e '^[[:space:]]*$' "$dir/expect" | LC_ALL=C sort > "$tmp/want"
	lines < "$tmp/out.json" 2>> "$tmp/err" | LC_ALL=C sort > "$tmp/got"
	want_rc=0
	grep -q ': error ' "$tmp/want" && want_rc=1
	why=$(known "$name")
	if [ "$rc" -ne "$want_rc" ]; then
		nok "$t" "exit $rc, expected $want_rc $(head -c 300 "$tmp/err")"
	elif ! diff -u "$tmp/want" "$tmp/got" > "$tmp/diff"; then
		if [ -n "$why" ]; then
			ok "$t (known: $why)"
		else
			nok "$t" "diagnostics differ (- expected, + got):
$(sed -n '4,$p' "$tmp/diff" | grep '^[-+]' | head -20)"
		fi
	elif [ -n "$why" ]; then
		ok "$t (listed in KNOWN but passes now: remove it from tests/check-codes/KNOWN)"
	else
		ok "$t"
	fi
	rm -rf "$fx"
done

[ $fails -eq 0 ]

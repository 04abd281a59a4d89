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

# Three passes, so that python3 starts once (behind a pyenv shim each start
# costs a tenth of a second): run check on every fixture; turn every JSON
# output into FILE:LINE:COL: SEVERITY CODE lines; compare.
names=
for dir in "$codes"/*/; do
	name=$(basename "$dir")
	names="$names $name"
	fx=$tmp/$name
	cp -R "$dir" "$fx"
	: > "$tmp/$name.err"
	if [ -f "$fx/make.sh" ] && ! (cd "$fx" && sh ./make.sh) > "$tmp/$name.err" 2>&1; then
		echo make.sh > "$tmp/$name.rc"
		continue
	fi
	rm -f "$fx/expect" "$fx/as-of" "$fx/make.sh"
	(cd "$fx" && TZ=UTC "$CASELOAD" --as-of "$(cat "$dir/as-of" 2>/dev/null)" check --format json) \
		> "$tmp/$name.json" 2> "$tmp/$name.err"
	echo $? > "$tmp/$name.rc"
	rm -rf "$fx"
done

python3 - "$tmp" "$here/../tool" $names <<'PY'
import glob, json, re, sys
tmp, tool = sys.argv[1], sys.argv[2]

def codes_in(text):
    """The string literals passed as the code (5th argument) of diag_add."""
    found = set()
    for m in re.finditer(r"\bdiag_add\s*\(", text):
        i, depth, args, cur, quote = m.end(), 1, [], "", None
        while i < len(text) and depth:
            c = text[i]
            if quote:
                cur += c
                if c == "\\":
                    cur += text[i + 1]
                    i += 1
                elif c == quote:
                    quote = None
            elif c in "\"'":
                quote = c
                cur += c
            elif c in "([{":
                depth += 1
                cur += c
            elif c in ")]}":
                depth -= 1
                cur += c if depth else ""
            elif c == "," and depth == 1:
                args.append(cur.strip())
                cur = ""
            else:
                cur += c
            i += 1
        args.append(cur.strip())
        if len(args) > 4 and re.fullmatch(r'"[a-z0-9-]+"', args[4]):
            found.add(args[4].strip('"'))
    return found

codes = set()
for f in glob.glob(tool + "/*.c"):
    if not f.endswith("/diag.c"):
        codes |= codes_in(open(f).read())
open(tmp + "/codes", "w").write("".join(c + "\n" for c in sorted(codes)))

for name in sys.argv[3:]:
    out = []
    try:
        for d in json.load(open("%s/%s.json" % (tmp, name)))["diagnostics"]:
            out.append("%s:%d:%d: %s %s\n" % (d["file"], d["line"], d["column"], d["severity"], d["code"]))
    except (OSError, ValueError, KeyError, TypeError) as e:
        out.append("(no JSON diagnostics: %s)\n" % e)
    open("%s/%s.got" % (tmp, name), "w").write("".join(sorted(out)))
PY

# known NAME: the reason KNOWN gives for fixture NAME (empty when not listed)
known() {
	[ -f "$codes/KNOWN" ] || return 0
	awk -v n="$1" '$1 == n { sub(/^[^ \t]+[ \t]+/, ""); print; exit }' "$codes/KNOWN"
}

for name in $names; do
	t="check-codes/$name"
	dir=$codes/$name
	rc=$(cat "$tmp/$name.rc")
	if [ ! -f "$dir/expect" ] || [ ! -f "$dir/as-of" ]; then
		nok "$t" "the fixture needs an expect and an as-of file"
		continue
	fi
	if [ "$rc" = make.sh ]; then
		nok "$t" "make.sh failed: $(head -3 "$tmp/$name.err")"
		continue
	fi
	# expect: one diagnostic a line; blank lines and lines starting with # are comments
	grep -v -e '^#' -e '^[[:space:]]*$' "$dir/expect" | LC_ALL=C sort > "$tmp/want"
	LC_ALL=C sort "$tmp/$name.got" > "$tmp/got"
	want_rc=0
	grep -q ': error ' "$tmp/want" && want_rc=1
	why=$(known "$name")
	diff -u "$tmp/want" "$tmp/got" > "$tmp/diff"
	same=$?
	if [ "$rc" -ne "$want_rc" ]; then
		nok "$t" "exit $rc, expected $want_rc $(head -c 300 "$tmp/$name.err")
$(sed -n '4,$p' "$tmp/diff" | grep '^[-+]' | head -20)"
	elif [ $same -ne 0 ] && [ -n "$why" ]; then
		ok "$t (known: $why)"
	elif [ $same -ne 0 ]; then
		nok "$t" "diagnostics differ (- expected, + got):
$(sed -n '4,$p' "$tmp/diff" | grep '^[-+]' | head -20)"
	elif [ -n "$why" ]; then
		ok "$t (listed in KNOWN but passes now: remove it from tests/check-codes/KNOWN)"
	else
		ok "$t"
	fi
done

# every code that tool/*.c passes to diag_add has a fixture (<code>/)
missing=
while read -r code; do
	[ -d "$codes/$code" ] || missing="$missing $code"
done < "$tmp/codes"
if [ ! -s "$tmp/codes" ]; then
	nok "check-codes: every code in tool/*.c has a fixture" "no diag_add codes found in tool/*.c"
elif [ -n "$missing" ]; then
	nok "check-codes: every code in tool/*.c has a fixture" "none for:$missing (see tests/check-codes/README)"
else
	ok "check-codes: every code in tool/*.c has a fixture ($(wc -l < "$tmp/codes") codes)"
fi

[ $fails -eq 0 ]

#!/bin/sh
# hostile.sh: the hostile-input corpus. tests/hostile/generate.py makes one
# caseload per case (binary, empty, 10 MB, a million keys, 100,000 keys, deep
# nesting, alias bombs, bad encodings, NUL, BOM and CRLF, long lines, odd
# folder names, unreadable files, symlink loops and links out); `check` (text
# and JSON) and `due` run on each, bounded by `timeout $HOSTILE_TIMEOUT`
# (30 s: a bound for hangs, not a speed test), and check must report what tests/hostile/expect says, with the
# right exit code, plus the sentinel error in another file; never crash,
# hang, change a byte of the records, or print what a link out of the
# caseload points at. Damaged and
# shallow git repositories are in audit.sh (audit and --at must exit 2).
CASELOAD=${CASELOAD:-$PWD/build/caseload}
T=${HOSTILE_TIMEOUT:-30}
SENTINEL="cases/ok-1/plan.yaml:2:5: error: goal 'housing' has no target date; add 'target: YYYY-MM-DD' (not-smart)"
tmp=$(mktemp -d)
trap 'chmod -R u+rwX "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
if ! python3 tests/hostile/generate.py "$tmp/c"; then
	echo "FAIL hostile: tests/hostile/generate.py"
	exit 1
fi

# As root, chmod 000 does not stop reading: run the unreadable case as nobody.
nobody=""
if [ "$(id -u)" = 0 ]; then
	if command -v setpriv >/dev/null 2>&1 &&
	   setpriv --reuid=65534 --regid=65534 --clear-groups $CASELOAD --version >/dev/null 2>&1; then
		nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
	else
		nobody=skip
	fi
fi

trim() { printf '%s' "$1" | sed 's/^[[:space:]]*//; s/[[:space:]]*$//'; }

# matches OUT PATH WHERE CODE: how many lines of the text output OUT are
# diagnostics of PATH at WHERE with CODE ('*': any code).
matches() {
	awk -v p="$2" -v w="$3" -v c="$4" '
	function ends(s, t) { return length(s) >= length(t) && substr(s, length(s) - length(t) + 1) == t }
	index($0, p) == 1 {
		rest = substr($0, length(p) + 1)
		if (w == "-") ok = substr(rest, 1, 2) == ": "
		else if (w == "*") ok = substr(rest, 1, 2) == ": " || rest ~ /^:[0-9]+:[0-9]+: /
		else ok = index(rest, ":" w ": ") == 1
		if (ok && (c == "*" || ends($0, " (" c ")"))) n++
	}
	END { print n + 0 }' "$1"
}

# manifest: every path under the corpus with the checksum of each readable
# file, to show that no run changes, adds or removes a byte
manifest() {
	(cd "$tmp/c" && find . -print | LC_ALL=C sort &&
		find . -type f -readable -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
}
manifest >"$tmp/manifest.before"

# run every case once, text and JSON
for dir in "$tmp"/c/*/; do
	name=$(basename "$dir")
	[ "$name" = outside ] && continue
	prefix=""
	if [ "$name" = unreadable ]; then
		[ "$nobody" = skip ] && continue
		prefix=$nobody
	fi
	start=$(date +%s)
	timeout "$T" $prefix $CASELOAD -C "$dir" --as-of 2026-05-15 check >"$tmp/$name.txt" 2>"$tmp/$name.err"
	echo $? >"$tmp/$name.rc"
	timeout "$T" $prefix $CASELOAD -C "$dir" --as-of 2026-05-15 check --format json >"$tmp/$name.json" 2>>"$tmp/$name.err"
	echo $? >"$tmp/$name.jrc"
	timeout "$T" $prefix $CASELOAD -C "$dir" --as-of 2026-05-15 due --all --format json >"$tmp/$name.due" 2>"$tmp/$name.duerr"
	echo $? >"$tmp/$name.drc"
	echo $(($(date +%s) - start)) >"$tmp/$name.secs"
done

manifest >"$tmp/manifest.after"
if cmp -s "$tmp/manifest.before" "$tmp/manifest.after"; then
	echo "ok hostile: check and due change no byte of any case"
else
	echo "FAIL hostile: a run changed the records:"
	diff "$tmp/manifest.before" "$tmp/manifest.after" | head -10
fi

while IFS='|' read -r name ex path where code count; do
	case $name in '#'* | '') continue ;; esac
	name=$(trim "$name"); ex=$(trim "$ex"); path=$(trim "$path")
	where=$(trim "$where"); code=$(trim "$code"); count=$(trim "$count")
	what="hostile $name: $path $where $code${count:+ x$count}"
	if [ "$name" = unreadable ] && [ "$nobody" = skip ]; then
		echo "ok $what (skipped as root)"
		continue
	fi
	if [ ! -f "$tmp/$name.rc" ]; then
		echo "FAIL $what: no such case in generate.py"
		continue
	fi
	case $code in
	'!'*)
		n=$(matches "$tmp/$name.txt" "$path" '*' "${code#!}")
		if [ "$n" -eq 0 ]; then echo "ok $what"; else echo "FAIL $what: $n found"; fi
		;;
	*)
		n=$(matches "$tmp/$name.txt" "$path" "$where" "$code")
		if [ -n "$count" ]; then
			all=$(matches "$tmp/$name.txt" "$path" '*' "$code")
			[ "$n" -ge 1 ] && [ "$all" -eq "$count" ] && ok=1 || ok=0
		else
			[ "$n" -ge 1 ] && ok=1 || ok=0
		fi
		if [ $ok = 1 ]; then
			echo "ok $what"
		else
			echo "FAIL $what: $n at $where, ${all:-?} in all; got:"
			grep -F "$path" "$tmp/$name.txt" | head -5
		fi
		;;
	esac
	echo "$ex" >"$tmp/$name.want"
done <tests/hostile/expect

# per case: the exit code, no crash or hang, the sentinel, sound JSON
for f in "$tmp"/*.rc; do
	name=$(basename "$f" .rc)
	rc=$(cat "$f")
	jrc=$(cat "$tmp/$name.jrc")
	want=$(cat "$tmp/$name.want" 2>/dev/null || echo 1)
	if [ "$rc" = "$want" ] && [ "$jrc" = "$want" ]; then
		echo "ok hostile $name: exit $rc in $(cat "$tmp/$name.secs")s"
	else
		echo "FAIL hostile $name: exit $rc (json $jrc), want $want$( [ "$rc" = 124 ] && echo ': timed out')"
		head -c 600 "$tmp/$name.err"
	fi
	if grep -qxF "$SENTINEL" "$tmp/$name.txt"; then
		echo "ok hostile $name: the other files are still checked"
	else
		echo "FAIL hostile $name: the sentinel in cases/ok-1/plan.yaml is missing"
	fi
	if python3 -c '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
text = open(sys.argv[2], "rb").read().decode("utf-8", "replace").splitlines()
e = sum(1 for x in d["diagnostics"] if x["severity"] == "error")
w = len(d["diagnostics"]) - e
assert (d["errors"], d["warnings"]) == (e, w)
plural = lambda n, w: "%d %s%s" % (n, w, "" if n == 1 else "s")
assert text[-1] == plural(e, "error") + ", " + plural(w, "warning"), text[-1]
' "$tmp/$name.json" "$tmp/$name.txt" 2>"$tmp/$name.pyerr"; then
		echo "ok hostile $name: the JSON output is valid and agrees with the text"
	else
		echo "FAIL hostile $name: JSON output"
		tail -3 "$tmp/$name.pyerr"
	fi
done

# due on the same records: it runs (exit 0), prints sound JSON, and says on
# stderr how many problems check will show when there are errors
for f in "$tmp"/*.drc; do
	name=$(basename "$f" .drc)
	rc=$(cat "$f")
	if [ "$rc" = 0 ] && python3 -c '
import json, re, sys
json.load(open(sys.argv[1], encoding="utf-8"))
d = json.load(open(sys.argv[2], encoding="utf-8"))
err = open(sys.argv[3], encoding="utf-8", errors="replace").read()
m = re.search(r"the records have (\d+) errors?, (\d+) warnings?; run .caseload check.", err)
if d["errors"]:
    assert m and (int(m.group(1)), int(m.group(2))) == (d["errors"], d["warnings"]), err[:300]
else:
    assert "the records have" not in err, err[:300]  # warnings alone: nothing
' "$tmp/$name.due" "$tmp/$name.json" "$tmp/$name.duerr" 2>"$tmp/$name.pyerr"; then
		echo "ok hostile $name: due runs and points to check"
	else
		echo "FAIL hostile $name: due exit $rc$( [ "$rc" = 124 ] && echo ': timed out')"
		head -c 300 "$tmp/$name.duerr"
		tail -3 "$tmp/$name.pyerr"
	fi
done

# a link out of the caseload is never followed: its target's content never shows
if cat "$tmp"/symlink-out.* | grep -q SECRET-OUTSIDE; then
	echo "FAIL hostile symlink-out: the content behind a link out of the caseload was printed"
else
	echo "ok hostile symlink-out: nothing from behind the links out is printed"
fi
# a folder name that is not UTF-8 is a bad-id too, and the JSON stays valid
if python3 -c '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
bad = [x["file"] for x in d["diagnostics"] if x["code"] == "bad-id"]
assert "cases/bad\ufffdbyte" in bad and len(bad) == 6, bad
' "$tmp/folder-names.json"; then
	echo "ok hostile folder-names: a name that is not UTF-8 is reported, the JSON stays valid"
else
	echo "FAIL hostile folder-names: a name that is not UTF-8"
fi

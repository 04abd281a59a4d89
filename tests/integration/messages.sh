#!/bin/sh
# messages.sh: the messages people act on (SPEC §8) and the feeds without
# names. YAML mistakes in words, against the golden text of
# tests/golden/check/yaml.txt (one mistake per file of the fixture beside
# it); the summary in the singular; the stderr line of due, export and audit
# only when the records have errors; dates worded alike everywhere; usage
# errors before "no caseload.yaml"; calendars (due --format ics, the site's
# due.ics and workers/*.ics) without client names unless asked, and
# `due --format ics` holding the items of `due --all`. UPDATE=1 rewrites
# the golden. Prints 'ok NAME' or 'FAIL NAME' per test.
set -u
: "${CASELOAD:?}"
here=$(cd "$(dirname "$0")/.." && pwd)
golden=$here/golden/check
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
ok() { echo "ok $1"; }
nok() { echo "FAIL $1${2:+ -- $2}"; fails=$((fails + 1)); }
export TZ=UTC
export NO_COLOR=1

# ---- YAML mistakes in words ----

(cd "$golden/yaml" && "$CASELOAD" --as-of 2026-02-01 check) > "$tmp/yaml.txt" 2> "$tmp/err"
rc=$?
[ -n "${UPDATE:-}" ] && cp "$tmp/yaml.txt" "$golden/yaml.txt"
[ $rc -eq 1 ] && ok "yaml: exit 1" || nok "yaml: exit 1" "rc=$rc $(cat "$tmp/err")"
diff -u "$golden/yaml.txt" "$tmp/yaml.txt" > "$tmp/d" && ok "yaml: the words match the golden file" ||
	nok "yaml: golden" "$(head -20 "$tmp/d")"
# every message says what to do, then libyaml's words; none is libyaml's alone
n=$(grep -c '(yaml-syntax)$' "$tmp/yaml.txt")
m=$(grep -c '; the YAML parser says: .* (yaml-syntax)$' "$tmp/yaml.txt")
[ "$n" -ge 16 ] && [ "$n" -eq "$m" ] && ! grep -q 'error: the YAML cannot be read here' "$tmp/yaml.txt" &&
	ok "yaml: each of $n mistakes in words, libyaml's text after them" || nok "yaml: words" "$n $m"
# the four SPEC names, each with its fix
for want in 'tab.yaml:2:1: error: a tab is used here: indent with spaces' \
	"indent-deeper.yaml:2:3: error: 'phone' is indented to column 3, but the key before it, 'name' on line 1, is at column 1" \
	"indent-shallower.yaml:4:3: error: 'tuesday' is indented to column 3, but the key before it, 'monday' on line 3, is at column 5" \
	'quote.yaml:1:7: error: the quote " that begins this value is not closed' \
	'colon.yaml:2:14: error: a colon followed by a space inside a value that is not in quotes: put the value in quotes, as in hours: "Monday: 9 to 5"; the YAML parser says: mapping values are not allowed in this context'; do
	grep -qF "$want" "$tmp/yaml.txt" && ok "yaml: ${want%%:*}" || nok "yaml: ${want%%:*}" "$want"
done
# in a note's front matter, lines count from the top of the file
grep -qF "2026-01-14-visit.md:4:2: error: 'kind' is indented to column 2, but the key before it, 'by' on line 3" "$tmp/yaml.txt" &&
	ok "yaml: a note's lines count from the top of the file" || nok "yaml: note lines"

[ "$fails" -eq 0 ]

#!/bin/sh
# dashboard_left.sh: the dashboard's tables per worker (open, overdue and
# due soon; open cases by program) and its chart leave out a worker who
# left (SPEC §6) and carries nothing; one who left but still has an open
# case stays, marked "Left" with the day. On example-cases as of 2026-11-23:
# julien left on 2026-11-13 and his two cases are closed, without items.
set -u
: "${CASELOAD:?}"
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok dashboard-left: $1"; }
nok() { echo "FAIL dashboard-left: $1${2:+ -- $2}"; }
export TZ=UTC
cp -R "$here/../example-cases" "$tmp/c"
rm -rf "$tmp/c/_site"

# rows NAME: the worker names of the load table, the matrix and the chart
rows() {
	python3 - "$1" <<'PY'
import re, sys
h = open(sys.argv[1], encoding="utf-8").read()
def table(cls):
    i = h.index('class="data %s"' % cls)
    t = h[i:h.index("</table>", i)]
    t = t[t.index("<tbody>"):t.index("</tbody>")]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r)).strip()
            for r in re.findall(r"<th scope=\"row\">(.*?)</th>", t)]
i = h.index('<svg')
chart = h[i:h.index("</svg>", i)]
print("load:", " | ".join(table("load")))
print("matrix:", " | ".join(table("matrix")))
print("chart:", "Julien" in chart)
PY
}

"$CASELOAD" -C "$tmp/c" --as-of 2026-11-23 build -o "$tmp/s1" >/dev/null 2>"$tmp/err" || nok "build" "$(head -3 "$tmp/err")"
rows "$tmp/s1/index.html" >"$tmp/r1"
if ! grep -q Julien "$tmp/r1" && grep -q '^load: .*Shirin Tavakoli' "$tmp/r1" && grep -q '^chart: False' "$tmp/r1"; then
	ok "a worker who left with nothing is in neither table nor the chart"
else
	nok "a worker who left with nothing" "$(cat "$tmp/r1")"
fi

# give julien an open case: he comes back, marked as left
f=$(grep -l '^status: open' "$tmp/c"/cases/*/case.yaml | head -1)
sed -i 's/^worker: .*/worker: julien/' "$f"
"$CASELOAD" -C "$tmp/c" --as-of 2026-11-23 build -o "$tmp/s2" >/dev/null 2>"$tmp/err" || nok "build 2" "$(head -3 "$tmp/err")"
rows "$tmp/s2/index.html" >"$tmp/r2"
if grep -q '^load: .*Julien Lavoie Left 2026-11-13' "$tmp/r2" && grep -q '^matrix: .*Julien Lavoie Left 2026-11-13' "$tmp/r2" &&
	grep -q '^chart: True' "$tmp/r2"; then
	ok "a worker who left but holds an open case stays, marked Left with the day"
else
	nok "a worker who left with an open case" "$(cat "$tmp/r2")"
fi
# before he left he is an ordinary worker
"$CASELOAD" -C "$tmp/c" --as-of 2026-11-01 build -o "$tmp/s3" >/dev/null 2>&1
rows "$tmp/s3/index.html" >"$tmp/r3"
if grep -q '^load: .*Julien Lavoie' "$tmp/r3" && ! grep -q 'Left' "$tmp/r3"; then
	ok "before the day he left, no mark"
else
	nok "before the day he left" "$(cat "$tmp/r3")"
fi

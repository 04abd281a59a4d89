#!/bin/sh
# browser.sh: the site in a real browser (tests/browser/site.mjs). Builds the
# example caseload in English and in Persian, then has Debian's chromium,
# driven by playwright-core, follow links, check right to left, run axe-core
# on every page type and save screenshots to $BUILD/screenshots; and the
# auditor's pages (tests/browser/audit.mjs) on the demo's replayed history.
# Without chromium, node or tests/node_modules, or with SKIP_BROWSER set (the
# sanitizer and valgrind runs), it prints one 'skip' line, which
# tests/run.sh counts neither as passed nor as failed.
set -u
: "${CASELOAD:?}"
here=$(cd "$(dirname "$0")/.." && pwd)
top=$(cd "$here/.." && pwd)
chromium=${CHROMIUM:-/usr/bin/chromium}
shots=$(dirname "$CASELOAD")/screenshots
AS_OF=2026-11-23

skip() { echo "skip browser: $1"; exit 0; }
[ -z "${SKIP_BROWSER:-}" ] || skip "SKIP_BROWSER is set"
[ -x "$CASELOAD" ] || skip "CASELOAD is not one program ($CASELOAD)"
[ -x "$chromium" ] || skip "no chromium at $chromium (apt-get install chromium)"
command -v node >/dev/null 2>&1 || skip "no node (apt-get install nodejs npm)"
for m in playwright-core axe-core; do
	[ -d "$here/node_modules/$m" ] || skip "no $m in tests/node_modules (cd tests && npm ci)"
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
build() { TZ=UTC "$CASELOAD" --as-of "$AS_OF" "$@"; }

# The Persian site is the example caseload with language: fa. A clone keeps
# the git history (the case histories, the audit page); the working tree's
# example-cases/ is copied over it so that uncommitted edits show too.
ex=$top/example-cases
if git -C "$top" rev-parse --git-dir >/dev/null 2>&1 &&
	git clone -q --shared --no-checkout "$top" "$tmp/repo" 2>/dev/null &&
	git -C "$tmp/repo" checkout -q HEAD -- example-cases 2>/dev/null; then
	fa=$tmp/repo/example-cases
else
	mkdir -p "$tmp/repo" && fa=$tmp/repo/example-cases
fi
rm -rf "$fa" && cp -R "$ex" "$fa" && rm -rf "$fa/_site"
sed -i 's/^language: .*/language: fa/' "$fa/caseload.yaml"

build -C "$ex" build -o "$tmp/en" 2>"$tmp/err" || { echo "FAIL browser: build the en site -- $(head -3 "$tmp/err")"; exit 1; }
build -C "$fa" build -o "$tmp/fa" 2>"$tmp/err" || { echo "FAIL browser: build the fa site -- $(head -3 "$tmp/err")"; exit 1; }
# the report's self-contained page, as one more page of each site
build -C "$ex" report --format html >"$tmp/en/report.html" 2>/dev/null || { echo "FAIL browser: report --format html (en)"; exit 1; }
build -C "$fa" report --format html >"$tmp/fa/report.html" 2>/dev/null || { echo "FAIL browser: report --format html (fa)"; exit 1; }

# the XSS fixture, as site.sh builds it: every value an attack
cp -R "$here/golden/site/xss" "$tmp/xss"
printf 'attachment\n' > "$tmp/xss/cases/x-1/\"><img src=x onerror=alert(1)>.txt"
printf 'attachment\n' > "$tmp/xss/cases/x-1/<script>alert(1)<%2Fscript>.txt"
build -C "$tmp/xss" build -o "$tmp/xss-site" 2>/dev/null
[ -f "$tmp/xss-site/index.html" ] || { echo "FAIL browser: build the XSS site"; exit 1; }

# the auditor's pages: the demo's replayed history, and the amended fixture
# of tests/audit-fixtures.sh (HTML in a note's earlier text)
sh "$here/demo/replay-history.sh" "$ex" "$tmp/demo" 2>/dev/null &&
	build -C "$tmp/demo" build -o "$tmp/demo-site" 2>"$tmp/err" ||
	{ echo "FAIL browser: build the demo site -- $(head -3 "$tmp/err")"; exit 1; }
sh "$here/audit-fixtures.sh" "$tmp/ax" >/dev/null 2>&1 &&
	TZ=UTC "$CASELOAD" -C "$tmp/ax/amended" --as-of 2026-04-01 build -o "$tmp/amended-site" 2>"$tmp/err" ||
	{ echo "FAIL browser: build the amended fixture's site -- $(head -3 "$tmp/err")"; exit 1; }

rm -f "$shots"/*.png
cd "$here/browser" || exit 1
node audit.mjs --demo "$tmp/demo-site" --amended "$tmp/amended-site" --chromium "$chromium"
arc=$?
node site.mjs --en "$tmp/en" --fa "$tmp/fa" --xss "$tmp/xss-site" --shots "$shots" --chromium "$chromium" || exit 1
exit $arc

#!/bin/sh
# site.sh: `caseload build` and the guarantees of SPEC §3: every page has
# the CSP and noindex, nothing leaves the site, every record value renders
# inert (the XSS fixture), the same input gives the same bytes, a failed
# build leaves the old site, --redact leaves out what it says, fa is right to
# left, and every page of the example site is valid HTML.
set -u
: "${CASELOAD:?}"
here=$(cd "$(dirname "$0")/.." && pwd)
top=$(cd "$here/.." && pwd)
golden=$here/golden/site
check="python3 $here/integration/site_check.py"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
ok() { echo "ok $1"; }
nok() { echo "FAIL $1${2:+ -- $2}"; fails=$((fails + 1)); }
AS_OF=2026-11-23
build() { TZ=UTC "$CASELOAD" --as-of "$AS_OF" "$@"; }

# the resource urls of a caseload, as --allow-url options
allow() { sed -n 's/^url: *//p' "$1"/resources/*.yaml | sed 's/^"\(.*\)"$/\1/' | while read -r u; do printf ' --allow-url %s' "$u"; done; }

# ---- the example site ----
ex=$top/example-cases
build -C "$ex" build -o "$tmp/ex" > "$tmp/out" 2> "$tmp/err"; rc=$?
[ $rc -eq 0 ] && ok "build: the example caseload builds (exit 0)" || nok "build: example" "rc=$rc $(cat "$tmp/err")"
[ ! -s "$tmp/out" ] && ok "build: prints nothing on stdout" || nok "build: stdout" "$(head -3 "$tmp/out")"
missing=""
for p in index.html cases/index.html workers.html due.html resources.html outcomes.html \
	audit.html problems.html site.css site.js; do
	[ -f "$tmp/ex/$p" ] || missing="$missing $p"
done
for c in "$ex"/cases/*/; do
	id=$(basename "$c")
	[ -f "$tmp/ex/cases/$id/index.html" ] || missing="$missing cases/$id/index.html"
done
for w in $(sed -n '/^workers:/,/^[a-z]/s/^  \([a-z][a-z0-9_-]*\):$/\1/p' "$ex/caseload.yaml"); do
	[ -f "$tmp/ex/workers/$w.html" ] || missing="$missing workers/$w.html"
done
[ -z "$missing" ] && ok "build: every page is there" || nok "build: pages" "missing:$missing"
[ -f "$tmp/ex/cases/hl-2026-001/files/consent-form.txt" ] && cmp -s "$tmp/ex/cases/hl-2026-001/files/consent-form.txt" "$ex/cases/hl-2026-001/consent-form.txt" \
	&& ok "build: attachments are copied into the site" || nok "build: attachments copied"
grep -q 'href="files/consent-form.txt"' "$tmp/ex/cases/hl-2026-001/index.html" && ok "build: attachments are linked from the case page" || nok "build: attachment link"
$check "$tmp/ex" $(allow "$ex") --expect-lang en --expect-dir ltr || fails=$((fails + 1))

# the case page tells the whole story
cp="$tmp/ex/cases/hl-2026-001/index.html"
for want in 'id="plan"' 'id="assessments"' 'id="notes"' 'id="referrals"' 'id="attachments"' 'id="history"' \
	'<svg' 'Derek Halvorsen' '555-0140' 'Harbor Light Recovery Residence'; do
	grep -q "$want" "$cp" || { nok "case page: holds $want"; continue; }
done
ok "case page: client, plan, scores chart, notes, referrals, attachments, history"
# goals in the order they build on each other: own-place comes after mat, peer, probation and work
python3 - "$cp" <<'PY' && ok "case page: goals in the order they build on each other" || nok "case page: goal order"
import re, sys
ids = re.findall(r'<article class="goal[^"]*" id="goal-([^"]+)"', open(sys.argv[1]).read())
assert ids.index("own-place") > max(ids.index(g) for g in ("mat", "peer", "probation", "work")), ids
PY
# notes newest first
python3 - "$cp" <<'PY' && ok "case page: notes newest first" || nok "case page: note order"
import re, sys
s = open(sys.argv[1]).read()
s = s[s.index('id="notes"'):s.index('id="referrals"')]
d = re.findall(r'<article class="note".*?<time datetime="([0-9-]+)"', s, re.S)
assert d and d == sorted(d, reverse=True), d
PY

# byte-identical rebuild
build -C "$ex" build -o "$tmp/ex2" 2>/dev/null
diff -r "$tmp/ex" "$tmp/ex2" > "$tmp/d" && ok "build: the same records give byte-identical output" || nok "build: deterministic" "$(head -5 "$tmp/d")"
build -C "$ex" build -o "$tmp/ex3" --jobs=1 2>/dev/null
diff -r "$tmp/ex" "$tmp/ex3" > "$tmp/d" && ok "build: one thread or several give the same output" || nok "build: jobs" "$(head -5 "$tmp/d")"
grep -rq "$top" "$tmp/ex" && nok "build: no absolute paths in the output" || ok "build: no absolute paths in the output"

# rebuilding over the old site replaces it whole; no temporary folder stays
echo stale > "$tmp/ex2/stale.html"
build -C "$ex" build -o "$tmp/ex2" 2>/dev/null; rc=$?
[ $rc -eq 0 ] && [ ! -e "$tmp/ex2/stale.html" ] && diff -r "$tmp/ex" "$tmp/ex2" >/dev/null \
	&& ok "build: a rebuild replaces the old site whole" || nok "build: rebuild" "rc=$rc"
ls -a "$tmp" | grep -q '\.tmp-' && nok "build: no temporary folder left" "$(ls -a "$tmp")" || ok "build: no temporary folder left"

# HTML validation of every page (html-validate from tests/node_modules; `make check` installs it)
hv=$here/node_modules/.bin/html-validate
if [ -x "$hv" ]; then
	find "$tmp/ex" -name '*.html' | sort | xargs "$hv" --config "$here/.htmlvalidate.json" > "$tmp/hv" 2>&1 \
		&& ok "html-validate: every page of the example site is valid" || nok "html-validate: example site" "$(head -30 "$tmp/hv")"
else
	echo "skip html-validate: no tests/node_modules (make check runs npm ci)"
fi

# ---- golden pages: a small caseload's key pages, byte for byte (UPDATE=1 rewrites them) ----
# (copied out of the project, whose own history would otherwise show on the pages)
cp -R "$golden/basic" "$tmp/basic-src"
TZ=UTC "$CASELOAD" -C "$tmp/basic-src" --as-of 2026-03-10 build -o "$tmp/basic" 2>/dev/null; rc=$?
[ $rc -eq 0 ] && ok "golden: the basic caseload builds" || nok "golden: basic build" "rc=$rc"
# golden_pages NAME SITE PAGE...: each page of SITE against tests/golden/site/NAME.out/
golden_pages() {
	gname=$1 gsite=$2
	shift 2
	for p in "$@"; do
		g="$golden/$gname.out/$p"
		if [ -n "${UPDATE:-}" ]; then
			mkdir -p "$(dirname "$g")"
			cp "$gsite/$p" "$g"
		fi
		diff -u "$g" "$gsite/$p" > "$tmp/d" 2>&1 && ok "golden $gname: $p" || nok "golden $gname: $p" "$(head -20 "$tmp/d")"
	done
}
golden_pages basic "$tmp/basic" index.html cases/b-1/index.html workers/ana.html workers/ana.ics \
	due.html due.ics resources.html outcomes.html audit.html problems.html
$check "$tmp/basic" --allow-url https://pantry.example/ > "$tmp/bc" || { cat "$tmp/bc"; fails=$((fails + 1)); }

# SPEC §6: the flagged box first on the dashboard, every flag on the case
# page, the directory's referral counts and median, unmet needs by domain,
# the workers who left apart
cp -R "$golden/practice" "$tmp/practice-src"
TZ=UTC "$CASELOAD" -C "$tmp/practice-src" --as-of 2026-11-23 build -o "$tmp/practice" 2>/dev/null; rc=$?
[ $rc -eq 0 ] && ok "golden: the practice caseload builds" || nok "golden: practice build" "rc=$rc"
golden_pages practice "$tmp/practice" index.html cases/p-1/index.html resources.html outcomes.html workers.html
$check "$tmp/practice" > "$tmp/pc" || { cat "$tmp/pc"; fails=$((fails + 1)); }
python3 - "$tmp/practice" <<'PY' && ok "practice: flagged box first, the open flags of open cases only" || nok "practice: flagged box"
import re, sys
s = open(sys.argv[1] + "/index.html", encoding="utf-8").read()
main = s[s.index("<h1>"):]
assert main.index('class="flagged"') < main.index('class="stats"'), "the box is not first"
box = main[main.index('class="flagged"'):main.index("</section>")]
assert "p-1" in box and "p-2" in box and "p-3" not in box, box
assert "Threats from ex-partner" in box and "home checks weekly" not in box, box
PY
python3 - "$tmp/practice" <<'PY' && ok "practice: the directory's counts and median, unmet needs by domain" || nok "practice: referrals"
import re, sys
s = open(sys.argv[1] + "/resources.html", encoding="utf-8").read()
rows = dict(re.findall(r'<th scope="row"[^>]*><a href="#r-([a-z]+)"[^>]*>[^<]*</a></th>((?:<td class="num"[^>]*>[^<]*</td>)+)', s))
cells = lambda r: re.findall(r'<td class="num"[^>]*>([^<]*)</td>', rows[r])
# on a phone each row is a card: every cell names its column
labels = re.findall(r'<td class="num" data-label="([^"]*)">', rows["legal"])
assert labels == ["Referrals", "sent", "accepted", "waitlisted", "declined", "completed", "Median days to an answer"], labels
# made, sent, accepted, waitlisted, declined, completed, median
assert cells("legal") == ["2", "0", "0", "0", "1", "1", "8.5"], cells("legal")
assert cells("shelter") == ["2", "0", "0", "1", "1", "0", "4.5"], cells("shelter")
assert cells("clinic") == ["2", "1", "1", "0", "0", "0", "11"], cells("clinic")
o = open(sys.argv[1] + "/outcomes.html", encoding="utf-8").read()
u = o[o.index('id="unmet"'):]
assert u.index("Home") < u.index("Safety"), "groups in the instrument's order"
assert "Tenancy advice" in u and "Write to the landlord" in u and "long-stay wing" in u and "shelter bed" in u, u
assert "Waiting list closed until spring" in u
PY
grep -q 'Client contact · every 7 days' "$tmp/practice/cases/p-1/index.html" && grep -q 'Reassessment · every 30 days' "$tmp/practice/cases/p-1/index.html" \
	&& ok "practice: a case's own contact_every and reassess_every are the ones shown" || nok "practice: the case's own intervals"

# ---- XSS: every field, file name and message is an attack ----
cp -R "$golden/xss" "$tmp/xss"
printf 'attachment\n' > "$tmp/xss/cases/x-1/\"><img src=x onerror=alert(1)>.txt"
printf 'attachment\n' > "$tmp/xss/cases/x-1/<script>alert(1)<%2Fscript>.txt"
# ... and the history: commit subjects, author names and emails are probes.
# git itself drops < and > from names and emails, so the last commit is
# rewritten by hand with them in (libgit2 reads it as written).
xgit() {
	GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_DATE="2026-01-03T10:00:00+00:00" \
	GIT_COMMITTER_DATE="2026-01-03T10:00:00+00:00" GIT_AUTHOR_NAME="\"' onmouseover=alert(1) x='\"" \
	GIT_AUTHOR_EMAIL="eve&quot;@x.example" GIT_COMMITTER_NAME=eve GIT_COMMITTER_EMAIL=eve@x.example \
	git -C "$tmp/xss" -c init.defaultBranch=main -c commit.gpgsign=false "$@"
}
xgit init -q
printf 'xss-site/\n' > "$tmp/xss/.gitignore"
xgit add -A
xgit commit -q -m '<script>alert(1)</script> <img src=x onerror=alert(1)>' -m 'body <iframe src=javascript:alert(1)>'
echo 'Later text.' >> "$tmp/xss/cases/x-1/scan.txt"
xgit commit -q -a -m '"><svg onload=alert(1)> &amp; &lt;b&gt;'
xgit cat-file commit HEAD | sed 's/^author .* \([0-9]* [-+][0-9]*\)$/author <img src=x onerror=alert(1)> <"><script>alert(1)<\/script>@x.example> \1/' > "$tmp/raw"
new=$(xgit hash-object -t commit -w --literally --stdin < "$tmp/raw") && xgit update-ref HEAD "$new"
build -C "$tmp/xss" build -o "$tmp/xss-site" 2> "$tmp/err"; rc=$?
[ $rc -eq 0 ] && ok "xss: the fixture builds" || nok "xss: build" "rc=$rc $(cat "$tmp/err")"
$check "$tmp/xss-site" --allow-url https://good.example/help || fails=$((fails + 1))
grep -q 'onmouseover=alert(1)' "$tmp/xss-site/cases/x-1/index.html" && grep -q '&lt;img src=x onerror=alert(1)&gt;' "$tmp/xss-site/cases/x-1/index.html" \
	&& grep -q '&lt;script&gt;alert(1)&lt;/script&gt; &lt;img' "$tmp/xss-site/cases/x-1/index.html" \
	&& ok "xss: the probe commits are on the case page, escaped" || nok "xss: probe commits shown"
n=$(grep -rho --include='*.html' '<script[^>]*>' "$tmp/xss-site" | grep -vc '^<script src="\(\.\./\)*site\.js" defer>$')
[ "$n" -eq 0 ] && ok "xss: no <script but the site's own" || nok "xss: script tags" "$n"
# (the .ics calendars are text, not HTML: a probe there is only text)
grep -rqi --include='*.html' '<img src=x\|<svg onload\|<svg/onload\|<iframe' "$tmp/xss-site" && nok "xss: no live probe tags" "$(grep -rli --include='*.html' '<img src=x\|<svg onload\|<iframe' "$tmp/xss-site")" || ok "xss: no live probe tags"
grep -rqiE --include='*.html' '(href|src)="[[:space:]]*(javascript|vbscript|data|file):' "$tmp/xss-site" && nok "xss: no script links" || ok "xss: no script links"
grep -q 'href="https://good.example/help" rel="noopener noreferrer"' "$tmp/xss-site/resources.html" \
	&& ok "xss: an http resource url is a plain noopener link" || nok "xss: resource link"
if [ -x "$hv" ]; then
	find "$tmp/xss-site" -name '*.html' | sort | xargs "$hv" --config "$here/.htmlvalidate.json" > "$tmp/hv" 2>&1 \
		&& ok "html-validate: every page of the XSS site is valid" || nok "html-validate: XSS site" "$(head -30 "$tmp/hv")"
fi

# ---- the git history (tests/history-fixtures.sh: fixed authors and dates) ----
if sh "$here/history-fixtures.sh" "$tmp/fx" > "$tmp/fx.log" 2>&1; then
	F=$tmp/fx
	hbuild() { TZ=UTC "$CASELOAD" --as-of 2026-04-01 "$@"; }
	hbuild -C "$F/kinds" build -o "$tmp/kinds" > "$tmp/out" 2> "$tmp/err"; rc=$?
	[ $rc -eq 0 ] && ok "history: a caseload in git builds (exit 0)" || nok "history: kinds build" "rc=$rc $(cat "$tmp/err")"
	golden_pages kinds "$tmp/kinds" cases/c-001/index.html cases/c-002/index.html audit.html outcomes.html
	$check "$tmp/kinds" > "$tmp/kc" || { cat "$tmp/kc"; fails=$((fails + 1)); }
	kp=$tmp/kinds/cases/c-001/index.html
	python3 - "$kp" <<'PY' && ok "history: each commit's date, author, subject and files with lines added and removed" || nok "history: commits on the case page"
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
h = s[s.index('id="history"'):]
commits = re.findall(r'<li class="commit">(.*?)</li>\n</ul>', h, re.S)
assert len(commits) == 7, len(commits)
first = commits[-1]
assert '<time datetime="2026-01-10">' in first and 'Ana Silva' in first and 'Open c-001' in first, first
assert re.search(r'plan\.yaml</span> · added <span class="added"[^>]*>\+5</span> <span class="removed"[^>]*>−0</span>', first), first
dates = re.findall(r'<p class="commit-head"><time datetime="([0-9-]+)"', h)
assert dates == sorted(dates, reverse=True), dates
PY
	python3 - "$kp" <<'PY' && ok "history: the late note is marked in the notes and at its commit" || nok "history: late note marks"
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
notes = s[s.index('id="notes"'):s.index('id="referrals"')]
late = re.findall(r'<time datetime="([0-9-]+)">[^<]*</time> · [^<]*<span dir="auto">[^<]*</span>(?: · [^<]*)? <span class="pill late" title="Committed (\d+) days', notes)
assert late == [("2026-01-11", "9")], late
h = s[s.index('id="history"'):]
assert re.search(r'notes/2026-01-11-phone\.md</span>[^\n]*<span class="pill late">late</span>', h), "history mark"
PY
	grep -q 'late-note' "$tmp/kinds/audit.html" && grep -q 'edit-after-close' "$tmp/kinds/audit.html" && grep -q 'uncommitted' "$tmp/kinds/audit.html" \
		&& ok "history: the audit page lists the audit's findings" || nok "history: audit page"
	"$CASELOAD" -C "$F/kinds" --as-of 2026-04-01 audit --format json > "$tmp/aj"
	python3 - "$tmp/aj" "$tmp/kinds/audit.html" <<'PY' && ok "history: the audit page has every finding of 'caseload audit'" || nok "history: audit page against audit"
import json, re, sys
f = json.load(open(sys.argv[1]))["findings"]
rows = re.findall(r'<tr><td>.*?</tr>', open(sys.argv[2], encoding="utf-8").read())
assert len(rows) == len(f), (len(rows), len(f))
for x, r in zip(f, rows):
    assert (x["commit"] or "")[:10] in r and 'class="badge %s"' % x["kind"] in r, (x, r)
PY
	grep -q '<td class="num card-wide" data-label="Cases counted">2</td><td class="num" data-label="Median">0.0</td>' "$tmp/kinds/outcomes.html" \
		&& ok "history: days to the first plan, from the commit that added plan.yaml" || nok "history: days to plan"
	# a plan counts from the first commit in which it has a goal, as for the
	# plan due item: p-1's skeleton on day 0, its goal on day 9; p-3's first
	# loading goal on day 9; p-2 never has one (and its plan is still due)
	hbuild -C "$F/plans" build -o "$tmp/plans" > /dev/null 2>&1
	"$CASELOAD" -C "$F/plans" --as-of 2026-04-01 due --all --format json > "$tmp/plans.json" 2>/dev/null
	grep -q 'first plan</th><td class="num card-wide" data-label="Cases counted">2</td><td class="num" data-label="Median">9.0</td><td class="num" data-label="Average">9.0</td>' "$tmp/plans/outcomes.html" \
		&& [ "$(python3 -c 'import json,sys; print(" ".join(i["case"] for i in json.load(open(sys.argv[1]))["items"] if i["kind"] == "plan"))' "$tmp/plans.json")" = p-2 ] \
		&& ok "history: days to the first plan count from its first goal (a skeleton plan is none; median 9)" \
		|| nok "history: days to the first plan with a goal" "$(grep -o 'first plan</th>.\{0,80\}' "$tmp/plans/outcomes.html")"
	hbuild -C "$F/kinds" build -o "$tmp/kinds2" --jobs=1 2>/dev/null
	diff -r "$tmp/kinds" "$tmp/kinds2" > "$tmp/d" && ok "history: byte-identical rebuild, one thread or several" || nok "history: deterministic" "$(head -5 "$tmp/d")"
	if [ -x "$hv" ]; then
		find "$tmp/kinds" -name '*.html' | sort | xargs "$hv" --config "$here/.htmlvalidate.json" > "$tmp/hv" 2>&1 \
			&& ok "html-validate: every page of the history site is valid" || nok "html-validate: history site" "$(head -30 "$tmp/hv")"
	fi

	# the history kept for the next build under the git folder (SPEC §8), never in
	# the site: the same bytes as a cold build, unchanged pages kept (same inode),
	# and a new commit, an edited .mailmap or a damaged cache give what a cold
	# build gives
	cp -R "$F/kinds" "$tmp/kw"
	hc=$tmp/kw/.git/caseload/history
	hbuild -C "$tmp/kw" build -o "$tmp/warm" 2>/dev/null
	[ -f "$hc" ] && ok "cache: the history read is kept under .git/caseload/" || nok "cache: no .git/caseload/history"
	[ -z "$(find "$tmp/warm" -name '.caseload-history')" ] && ok "cache: the site holds no cache" || nok "cache: a cache in the site"
	i1=$(stat -c %i "$tmp/warm/cases/c-001/index.html")
	hbuild -C "$tmp/kw" build -o "$tmp/warm" 2>/dev/null; rc=$?
	i2=$(stat -c %i "$tmp/warm/cases/c-001/index.html")
	diff -r "$tmp/kinds" "$tmp/warm" > "$tmp/d" && [ $rc -eq 0 ] && ok "cache: a rebuild from the kept history is byte-identical to a cold build" || nok "cache: warm differs" "$(head -5 "$tmp/d")"
	[ "$i1" = "$i2" ] && ok "cache: a page whose bytes did not change is kept, not written again" || nok "cache: page rewritten" "$i1 $i2"
	# (same length, and the checksum written again: only the subject differs)
	sed 's/Open c-001/Open X-001/' "$hc" > "$tmp/h" && cp "$tmp/h" "$hc" &&
		python3 "$here/history-cache-seal.py" "$hc"
	hbuild -C "$tmp/kw" build -o "$tmp/warm" 2>/dev/null
	grep -q 'Open X-001' "$tmp/warm/cases/c-001/index.html" && ok "cache: the kept history is read instead of walking the commits again" || nok "cache: not used"
	warm_vs_cold() {
		hbuild -C "$tmp/kw" build -o "$tmp/warm" 2>/dev/null
		rm -rf "$tmp/cold"
		hbuild -C "$tmp/kw" build -o "$tmp/cold" 2>/dev/null
		diff -r "$tmp/cold" "$tmp/warm" > "$tmp/d" && ok "cache: $1" || nok "cache: $1" "$(head -8 "$tmp/d")"
	}
	echo 'Ana Silva <ana@harborlight.example> <ana.silva@mail.example>' >> "$tmp/kw/.mailmap"
	warm_vs_cold "an edited .mailmap is a new history"
	grep -q 'Open c-001' "$tmp/warm/cases/c-001/index.html" || nok "cache: mailmap site"
	printf -- '---\ndate: 2026-03-20\nby: ana\nkind: phone\n---\nA call.\n' > "$tmp/kw/cases/c-001/notes/2026-03-20-phone.md"
	(cd "$tmp/kw" && GIT_CONFIG_GLOBAL=/dev/null GIT_AUTHOR_NAME=Ana GIT_AUTHOR_EMAIL=ana@harborlight.example \
		GIT_COMMITTER_NAME=Ana GIT_COMMITTER_EMAIL=ana@harborlight.example GIT_AUTHOR_DATE=2026-03-21T09:00:00Z \
		GIT_COMMITTER_DATE=2026-03-21T09:00:00Z git add -A && GIT_CONFIG_GLOBAL=/dev/null GIT_AUTHOR_NAME=Ana \
		GIT_AUTHOR_EMAIL=ana@harborlight.example GIT_COMMITTER_NAME=Ana GIT_COMMITTER_EMAIL=ana@harborlight.example \
		GIT_AUTHOR_DATE=2026-03-21T09:00:00Z GIT_COMMITTER_DATE=2026-03-21T09:00:00Z git -c commit.gpgsign=false commit -q -m 'c-001: a call')
	warm_vs_cold "a new commit is read, not taken from the cache"
	grep -q 'c-001: a call' "$tmp/warm/cases/c-001/index.html" || nok "cache: the new commit is on the page"
	head -c 300 "$hc" > "$tmp/h" && cp "$tmp/h" "$hc"
	warm_vs_cold "a damaged cache is ignored"
	printf 'garbage' > "$hc"
	warm_vs_cold "a cache of garbage is ignored"
	rm -rf "$tmp/kw/.git/caseload"
	warm_vs_cold "a deleted cache is walked again"
	[ -f "$hc" ] && ok "cache: written again after it was deleted" || nok "cache: not written again"
	# a cache folder that cannot be made (a file in its place: root can write
	# anywhere, so no chmod would do)
	rm -rf "$tmp/kw/.git/caseload" && printf 'x' > "$tmp/kw/.git/caseload"
	hbuild -C "$tmp/kw" build -o "$tmp/ro" > /dev/null 2> "$tmp/err"; rc=$?
	[ $rc -eq 0 ] && [ ! -s "$tmp/err" ] && diff -r "$tmp/cold" "$tmp/ro" > /dev/null \
		&& ok "cache: where no cache can be written the same site builds, silently" || nok "cache: unwritable cache" "rc=$rc $(cat "$tmp/err")"
	rm -f "$tmp/kw/.git/caseload"
	hbuild -C "$tmp/kw" build -o "$tmp/red" --redact 2>/dev/null
	[ -z "$(find "$tmp/red" -name '.caseload-history')" ] && ok "cache: a redacted site holds no cache (it has commit subjects)" || nok "cache: redacted cache"

	# --at REV: the records at REV and the history up to it
	hbuild -C "$F/kinds" --at broken-plan build -o "$tmp/at" 2> "$tmp/err"; rc=$?
	n=$(grep -c '<li class="commit">' "$tmp/at/cases/c-001/index.html")
	[ $rc -eq 0 ] && [ "$n" -eq 3 ] && ! grep -q 'Close c-001' "$tmp/at/cases/c-001/index.html" \
		&& grep -q 'As recorded up to broken-plan' "$tmp/at/cases/c-001/index.html" \
		&& ! grep -q 'uncommitted' "$tmp/at/audit.html" && grep -q 'not-smart' "$tmp/at/problems.html" \
		&& ok "history: --at REV reads the records at REV and the history up to it" || nok "history: --at" "rc=$rc n=$n $(cat "$tmp/err")"

	# outside git, no commits yet, a shallow clone, a missing object: the site still builds and says so
	hbuild -C "$F/nogit" build -o "$tmp/nogit" > "$tmp/out" 2> "$tmp/err"; rc=$?
	[ $rc -eq 0 ] && [ ! -s "$tmp/err" ] && grep -q 'There is no git history for these records.' "$tmp/nogit/cases/n-1/index.html" \
		&& grep -q 'nothing to audit' "$tmp/nogit/audit.html" && grep -q 'Days from opening to first plan: There is no git history' "$tmp/nogit/outcomes.html" \
		&& ok "history: outside git the site builds and says there is no history" || nok "history: nogit" "rc=$rc $(cat "$tmp/err")"
	hbuild -C "$F/unborn" build -o "$tmp/unborn" 2> "$tmp/err"; rc=$?
	[ $rc -eq 0 ] && grep -q 'No commits touch this case.' "$tmp/unborn/cases/u-1/index.html" \
		&& ok "history: a repository without commits builds" || nok "history: unborn" "rc=$rc $(cat "$tmp/err")"
	for broken in shallow missing; do
		hbuild -C "$F/$broken" build -o "$tmp/$broken" 2> "$tmp/err"; rc=$?
		[ $rc -eq 0 ] && grep -q 'without the git history' "$tmp/err" \
			&& grep -q 'The git history could not be read' "$tmp/$broken/cases/c-001/index.html" \
			&& grep -q 'The git history could not be read' "$tmp/$broken/audit.html" \
			&& ok "history: $broken: the site builds (exit 0) and says the history could not be read" || nok "history: $broken" "rc=$rc $(cat "$tmp/err")"
	done
	hbuild -C "$F/project/example-cases" build -o "$tmp/project" 2> "$tmp/err"; rc=$?
	[ $rc -eq 0 ] && grep -q '<span dir="ltr">case.yaml</span>' "$tmp/project/cases/ex-1/index.html" \
		&& ! grep -q 'example-cases/' "$tmp/project/cases/ex-1/index.html" \
		&& ok "history: a caseload inside a larger repository shows its own paths" || nok "history: nested" "rc=$rc $(cat "$tmp/err")"
else
	nok "history: tests/history-fixtures.sh" "$(tail -5 "$tmp/fx.log")"
fi

# ---- a failing build leaves the old site ----
cp -R "$tmp/ex" "$tmp/before"
mkdir "$tmp/tpl"
cp -R "$top/templates/." "$tmp/tpl/"
printf '{{> head}}\n<h1>{{l.dashboard}}</h1>\n{{#items}}\nnever closed\n{{> foot}}\n' > "$tmp/tpl/dashboard.html"
build -C "$ex" build -o "$tmp/ex" --templates "$tmp/tpl" 2> "$tmp/err"; rc=$?
[ $rc -eq 2 ] && ok "templates: a malformed template is exit 2" || nok "templates: malformed exit 2" "rc=$rc"
grep -q 'dashboard.html:3' "$tmp/err" && ok "templates: the message names the template and line" || nok "templates: message" "$(cat "$tmp/err")"
diff -r "$tmp/before" "$tmp/ex" > /dev/null && ok "templates: the old site is byte-identical after a failed build" || nok "templates: old site kept"
ls -a "$tmp" | grep -q '\.tmp-' && nok "templates: no temporary folder left" || ok "templates: no temporary folder left"
cp "$top/templates/dashboard.html" "$tmp/tpl/"
rm "$tmp/tpl/worker.html"
build -C "$ex" build -o "$tmp/ex" --templates "$tmp/tpl" 2> "$tmp/err"; rc=$?
[ $rc -eq 2 ] && grep -q 'worker.html' "$tmp/err" && diff -r "$tmp/before" "$tmp/ex" > /dev/null \
	&& ok "templates: a missing template is exit 2, named, old site kept" || nok "templates: missing" "rc=$rc $(cat "$tmp/err")"
cp "$top/templates/worker.html" "$tmp/tpl/"
printf '<p>{{l.no_such_label}}</p>\n' > "$tmp/tpl/extra.html"
build -C "$ex" build -o "$tmp/ex" --templates "$tmp/tpl" 2> "$tmp/err"; rc=$?
[ $rc -eq 2 ] && grep -q "extra.html:1: unknown label 'no_such_label'" "$tmp/err" \
	&& ok "templates: an unknown label is exit 2 with its line" || nok "templates: unknown label" "rc=$rc $(cat "$tmp/err")"
rm "$tmp/tpl/extra.html"
sed -i 's|<h1>{{l.dashboard}}</h1>|<h1>Custom {{l.dashboard}}</h1>|' "$tmp/tpl/dashboard.html"
build -C "$ex" build -o "$tmp/custom" --templates "$tmp/tpl" 2>/dev/null; rc=$?
[ $rc -eq 0 ] && grep -q '<h1>Custom Dashboard</h1>' "$tmp/custom/index.html" && ok "templates: --templates DIR overrides" || nok "templates: override" "rc=$rc"
build -C "$ex" build -o "$tmp/x" --templates "$tmp/none" 2>/dev/null; [ $? -eq 2 ] && ok "templates: a missing --templates folder is exit 2" || nok "templates: missing folder"

# ---- the output folder ----
mkdir "$tmp/notsite"; echo precious > "$tmp/notsite/keep.txt"
build -C "$ex" build -o "$tmp/notsite" 2> "$tmp/err"; rc=$?
[ $rc -eq 2 ] && [ "$(cat "$tmp/notsite/keep.txt")" = precious ] && ok "output: a folder caseload did not write is not replaced (exit 2)" || nok "output: foreign folder" "rc=$rc"
build -C "$ex" build -o "$ex" 2>/dev/null; [ $? -eq 2 ] && [ -f "$ex/caseload.yaml" ] && ok "output: the caseload folder itself is refused" || nok "output: root refused"
mkdir "$tmp/target"; echo t > "$tmp/target/t.txt"; ln -s "$tmp/target" "$tmp/link"
build -C "$ex" build -o "$tmp/link" 2>/dev/null; rc=$?
[ $rc -eq 0 ] && [ -d "$tmp/link" ] && [ ! -L "$tmp/link" ] && [ -f "$tmp/link/index.html" ] && [ -f "$tmp/target/t.txt" ] \
	&& ok "output: a symlink is replaced by a real folder, its target left alone" || nok "output: symlink" "rc=$rc"
mkdir -p "$tmp/cwd/sub"
(cd "$tmp/cwd/sub" && TZ=UTC "$CASELOAD" -C "$ex" --as-of $AS_OF build -o rel 2>/dev/null); rc=$?
[ $rc -eq 0 ] && [ -f "$tmp/cwd/sub/rel/index.html" ] && ok "output: -o is relative to the current folder" || nok "output: -o relative" "rc=$rc"
cp -R "$ex" "$tmp/excopy"
(cd "$tmp/excopy/cases" && TZ=UTC "$CASELOAD" --as-of $AS_OF build 2>/dev/null); rc=$?
[ $rc -eq 0 ] && [ -f "$tmp/excopy/_site/index.html" ] && ok "output: the default is _site in the caseload folder" || nok "output: default _site" "rc=$rc"
build -C "$ex" build --bogus 2>/dev/null; [ $? -eq 2 ] && ok "build: an unknown option is exit 2" || nok "build: unknown option"
build -C "$ex" build -o 2>/dev/null; [ $? -eq 2 ] && ok "build: -o without a folder is exit 2" || nok "build: -o alone"

# ---- --strict ----
build -C "$tmp/xss" build -o "$tmp/strict" --strict 2>/dev/null; rc=$?
[ $rc -eq 1 ] && [ -f "$tmp/strict/problems.html" ] && ok "strict: records with problems are exit 1, the site still built" || nok "strict: exit 1" "rc=$rc"
build -C "$ex" build -o "$tmp/strict2" --strict 2>/dev/null; rc=$?
[ $rc -eq 0 ] && ok "strict: clean records are exit 0" || nok "strict: clean" "rc=$rc"
grep -q "problems.html" "$tmp/xss-site/index.html" && grep -q "unknown-ref" "$tmp/xss-site/problems.html" \
	&& grep -q 'id="problems"' "$tmp/xss-site/cases/x-1/index.html" && ok "problems: on the problems page, linked from the dashboard and the case" || nok "problems: shown"

# ---- --redact ----
build -C "$ex" build -o "$tmp/red" --redact 2>/dev/null; rc=$?
[ $rc -eq 0 ] && ok "redact: builds" || nok "redact: build" "rc=$rc"
# a caseload with no cases yet (it used to free a pointer it never set)
mkdir -p "$tmp/nocases"
sed -n '1,/^policy:/p' "$ex/caseload.yaml" | sed '$d' > "$tmp/nocases/caseload.yaml"
build -C "$tmp/nocases" build -o "$tmp/nocases-site" --redact > /dev/null 2> "$tmp/err"; rc=$?
[ $rc -eq 0 ] && [ -f "$tmp/nocases-site/index.html" ] && ok "redact: a caseload without cases builds" || nok "redact: no cases" "rc=$rc $(cat "$tmp/err")"
forbid=$(python3 - "$ex" <<'PY'
import glob, os, re, sys, shlex
out = []
for f in glob.glob(os.path.join(sys.argv[1], "cases/*/case.yaml")):
    s = open(f, encoding="utf-8").read()
    cl = s.split("client:", 1)[1].split("\nprogram:", 1)[0]
    for key in ("name", "phone", "email", "address"):
        m = re.search(r"^\s+%s:\s*(.+)$" % key, cl, re.M)
        if m:
            out.append(m.group(1).strip().strip('"'))
for f in glob.glob(os.path.join(sys.argv[1], "cases/*/notes/*.md")):
    body = open(f, encoding="utf-8").read().split("---", 2)[2]
    lines = [l.strip() for l in body.splitlines() if len(l.strip()) > 30]
    if lines:
        out.append(lines[0][:40])
print(" ".join("--forbid " + shlex.quote(x) for x in out))
PY
)
eval "$check \"\$tmp/red\" $(allow "$ex") --no-attachments $forbid" > "$tmp/redcheck"; rc=$?
cat "$tmp/redcheck"
[ $rc -eq 0 ] || fails=$((fails + 1))
[ "$(echo "$forbid" | grep -o -- '--forbid' | wc -l)" -gt 30 ] && ok "redact: names, contacts and note bodies were looked for" || nok "redact: the forbidden list is short"
grep -q 'Redacted copy' "$tmp/red/index.html" && ok "redact: the pages say they are redacted" || nok "redact: banner"
grep -q '<h1><span dir="auto">hl-2026-001</span>' "$tmp/red/cases/hl-2026-001/index.html" && ok "redact: the client's name is the case id" || nok "redact: name is id"

# ---- languages ----
for lang in fr fa id; do
	cp -R "$ex" "$tmp/ex-$lang"
	sed -i "s/^language: en/language: $lang/" "$tmp/ex-$lang/caseload.yaml"
	rm -rf "$tmp/ex-$lang/_site"
	build -C "$tmp/ex-$lang" build -o "$tmp/site-$lang" 2>/dev/null; rc=$?
	dir=ltr; [ $lang = fa ] && dir=rtl
	[ $rc -eq 0 ] && grep -q "<html lang=\"$lang\" dir=\"$dir\">" "$tmp/site-$lang/index.html" \
		&& ok "language $lang: <html lang=\"$lang\" dir=\"$dir\">" || nok "language $lang" "rc=$rc"
done
grep -q 'dir="rtl"' "$tmp/site-fa/cases/hl-2026-001/index.html" && ok "language fa: case pages are right to left" || nok "language fa: rtl"
grep -q 'Tableau de bord' "$tmp/site-fr/index.html" && ok "language fr: labels in French" || nok "language fr: labels"
python3 - "$top/templates/labels" <<'PY' && ok "labels: every language has every key" || nok "labels: keys differ"
import os, re, sys
keys = {}
for f in sorted(os.listdir(sys.argv[1])):
    keys[f] = {m.group(1) for m in re.finditer(r"^([A-Za-z0-9_-]+):", open(os.path.join(sys.argv[1], f), encoding="utf-8").read(), re.M)}
en = keys["en.yaml"]
bad = {f: sorted(en ^ k) for f, k in keys.items() if k != en}
assert set(keys) == {"en.yaml", "fr.yaml", "fa.yaml", "id.yaml"}, keys.keys()
assert not bad, bad
PY
# durations read in words in every language, never as written ("90d")
python3 - "$tmp/ex" "$tmp/site-fr" "$tmp/site-fa" "$tmp/site-id" <<'PY' && ok "durations: in words in en, fr, fa and id ('every 90 days', 'Follow-up after 90 days')" || nok "durations in words"
import re, sys
want = [["every 90 days", "Follow-up after 90 days"], ["tous les 90 jours", "Suivi après 90 jours"],
        ["هر 90 روز", "پیگیری پس از 90 روز"], ["setiap 90 hari", "Tindak lanjut setelah 90 hari"]]
for site, words in zip(sys.argv[1:], want):
    s = open(site + "/due.html", encoding="utf-8").read()
    for w in words:
        assert w in s, (site, w)
    raw = re.findall(r">[^<]*\b\d+[dwmy]\b[^<]*<", s)
    assert not raw, (site, raw)
PY

# ---- phones and tables (issue 16) ----
# the dashboard: open, overdue and due per worker, most open cases first;
# julien, who left with nothing to carry, is not there (dashboard_left.sh)
python3 - "$tmp/ex/index.html" <<'PY' && ok "dashboard: open, overdue and due soon per worker, most open cases first" || nok "dashboard: load per worker"
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
t = s[s.index('<table class="data load"'):]
t = t[:t.index("</table>")]
rows = re.findall(r'<tr><th scope="row">.*?</th><td class="num">(\d+)</td><td class="num">(?:<span class="pill overdue">)?(\d+)(?:</span>)?</td><td class="num">(\d+)</td></tr>', t)
assert len(rows) == 5, rows
opens = [int(r[0]) for r in rows]
assert opens == sorted(opens, reverse=True) and opens[0] > opens[-1], opens
assert sum(int(r[1]) for r in rows) > 0 and sum(int(r[2]) for r in rows) > 0, rows
PY
# a case's own due table names neither the case nor the client
python3 - "$tmp/ex/cases/hl-2026-001/index.html" <<'PY' && ok "case page: its due table leaves out the case and the client" || nok "case page: due table columns"
import sys
s = open(sys.argv[1], encoding="utf-8").read()
t = s[s.index('<table class="data items'):]
t = t[:t.index("</table>")]
assert ">What<" in t and ">Case<" not in t and ">Client<" not in t and "Derek" not in t, t[:400]
PY
# one assessment: its scores, without charts and without a change column
cp -R "$golden/basic" "$tmp/one-src"
rm "$tmp/one-src/cases/b-1/assessments/2026-03-06.yaml"
TZ=UTC "$CASELOAD" -C "$tmp/one-src" --as-of 2026-03-10 build -o "$tmp/one" 2>/dev/null
python3 - "$tmp/one/cases/b-1/index.html" "$tmp/basic/cases/b-1/index.html" <<'PY' && ok "case page: one assessment shows its scores, no change column and no charts; two, one small chart per domain" || nok "case page: scores"
import re, sys
one = open(sys.argv[1], encoding="utf-8").read()
t = one[one.index('<section id="assessments"'):one.index('<section id="notes"')]
assert ">Change<" not in t and "<svg" not in t and ">Score<br>" in t, t[:800]
two = open(sys.argv[2], encoding="utf-8").read()
t = two[two.index('<section id="assessments"'):two.index('<section id="notes"')]
assert ">Change<" in t and t.count('<svg') == 2 and t.count('class="chart small-multiple"') == 2, t[:800]
assert len(set(re.findall(r'<g class="grid"[^\n]*', t))) == 1, "the charts' scales differ"
PY

grep -nE '(^|[^-])(left|right)[[:space:]]*:|float:|text-align:[[:space:]]*(left|right)' "$top/templates/site.css" > "$tmp/phys"
[ ! -s "$tmp/phys" ] && ok "css: logical properties only (no left/right)" || nok "css: physical properties" "$(cat "$tmp/phys")"
grep -q '@media print' "$top/templates/site.css" && ok "css: has print styles" || nok "css: print"

[ $fails -eq 0 ]

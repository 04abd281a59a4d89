#!/bin/sh
# cache.sh: the caches under <git dir>/caseload/ (SPEC §8) never change an
# output. Every fixture of the tree (tests/check-codes/*, the goldens'
# caseloads, example-cases) is copied into a repository of its own and each
# command's output (check, check --format json, check --staged, due --all
# as JSON and ICS, export, build's whole site, and after a commit
# --at HEAD check and audit) is compared byte for byte: with no cache at
# all, from a build that makes the cache, from commands that read it, and
# again once it is warm. That is what catches a field the cache forgot.
# Then the faults: shards cut short, filled with garbage, or from another
# version; a cache that cannot be written; a damaged manifest; two builds at
# once; and the incremental build against a build from nothing after each
# kind of change.
CASELOAD=${CASELOAD:-$PWD/build/caseload}
TOP=$PWD
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
fails=0
ok() { echo "ok $1"; }
nok() { echo "FAIL $1${2:+ -- $2}"; fails=$((fails + 1)); }
AS_OF=2026-11-23
export TZ=UTC GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 LC_ALL=C
unset CASELOAD_NO_CACHE CASELOAD_CACHE_STATS GIT_DIR GIT_INDEX_FILE GIT_WORK_TREE
cl() { "$CASELOAD" --as-of "$AS_OF" "$@"; }
commit() {
	GIT_AUTHOR_NAME=Test GIT_AUTHOR_EMAIL=test@example.org GIT_COMMITTER_NAME=Test \
	GIT_COMMITTER_EMAIL=test@example.org GIT_AUTHOR_DATE=2026-11-20T10:00:00+00:00 \
	GIT_COMMITTER_DATE=2026-11-20T10:00:00+00:00 \
	git -C "$1" -c commit.gpgsign=false commit -q --no-verify -m "$2"
}

# ---- the fixtures, each in a repository of its own ----
n=0
fixtures="$TOP/tests/check-codes/*/ $TOP/tests/golden/*/*/ $TOP/example-cases/"
# under valgrind (make valgrind), a few of them
[ -n "${VALGRIND:-}" ] && fixtures="$TOP/tests/check-codes/alias/ $TOP/tests/golden/due/every-kind/ $TOP/example-cases/"
for d in $fixtures; do
	[ -f "$d/caseload.yaml" ] || continue
	n=$((n + 1))
	f=$tmp/f$n
	cp -R "$d" "$f"
	# make.sh makes what git cannot hold (check-codes/README): such a
	# fixture's index is not its folder
	: >"$f.plain"
	if [ -f "$f/make.sh" ]; then
		(cd "$f" && sh -e make.sh >/dev/null 2>&1)
		rm -f "$f.plain"
	fi
	rm -f "$f/make.sh" "$f/expect" "$f/as-of"
	git -C "$f" -c init.defaultBranch=main init -q
	echo "${d#"$TOP"/}" >"$f.name"
done
# files changed in the last two seconds are not cached (their times could
# not show a change that follows at once): let them age
sleep 3

# run DIR OUT: every command's output into the folder OUT (exit codes too)
run() {
	mkdir -p "$2"
	(
		cd "$1" || exit 1
		cl check >"$2/check.txt" 2>&1; echo $? >>"$2/check.txt"
		cl check --format json >"$2/check.json" 2>&1
		cl due --all --format json >"$2/due.json" 2>&1; echo $? >>"$2/due.json"
		cl due --format ics >"$2/due.ics" 2>&1
		cl export cases --format csv >"$2/export.csv" 2>&1
		cl export notes --format json >"$2/notes.json" 2>&1
		cl build -o "$2.site" >"$2/build.txt" 2>&1; echo $? >>"$2/build.txt"
	)
}
# run_git DIR OUT: what reads git: the index (all staged, no commit yet)
# and, after a commit, --at HEAD and the audit
run_staged() {
	(cd "$1" && cl check --staged >"$2/staged.txt" 2>&1; echo $? >>"$2/staged.txt")
}
run_head() {
	(
		cd "$1" || exit 1
		cl --at HEAD check >"$2/at.txt" 2>&1; echo $? >>"$2/at.txt"
		cl audit --format json >"$2/audit.json" 2>&1
		echo $? >>"$2/audit.json"
	)
}
same() { diff -r "$1" "$2" >/dev/null 2>&1 && diff -r "$1.site" "$2.site" >/dev/null 2>&1; }
full() { run "$1" "$2" && run_head "$1" "$2"; }

bad=""
hits=0
for i in $(seq 1 $n); do
	f=$tmp/f$i
	name=$(cat "$f.name")
	git -C "$f" add -A 2>/dev/null
	# no cache at all
	CASELOAD_NO_CACHE=1 run "$f" "$tmp/none$i"
	(cd "$f" && CASELOAD_NO_CACHE=1 cl check --staged >"$tmp/none$i/staged.txt" 2>&1; echo $? >>"$tmp/none$i/staged.txt")
	# the cache made by a build, then read, then warm
	rm -rf "$f/.git/caseload"
	kinds="cold warm hot"
	case $name in tests/check-codes/*) kinds="cold warm" ;; esac
	for k in $kinds; do
		run "$f" "$tmp/$k$i"
		run_staged "$f" "$tmp/$k$i"
		same "$tmp/none$i" "$tmp/$k$i" || bad="$bad $name($k)"
	done
	st=$(cd "$f" && CASELOAD_CACHE_STATS=1 cl check 2>&1 >/dev/null | sed -n 's/.*cache: \([0-9]*\) hits.*/\1/p')
	[ "${st:-0}" -gt 0 ] && hits=$((hits + 1))
	# check --staged of a first commit checks every case: as check does
	if [ -f "$f.plain" ] && ! cmp -s "$tmp/none$i/staged.txt" "$tmp/none$i/check.txt"; then
		bad="$bad $name(staged-vs-check)"
	fi
	commit "$f" "Records" 2>/dev/null
	CASELOAD_NO_CACHE=1 run_head "$f" "$tmp/none$i"
	for k in warm hot; do
		mkdir -p "$tmp/$k$i"
		run_head "$f" "$tmp/$k$i"
		diff "$tmp/none$i/at.txt" "$tmp/$k$i/at.txt" >/dev/null &&
			diff "$tmp/none$i/audit.json" "$tmp/$k$i/audit.json" >/dev/null || bad="$bad $name(git-$k)"
	done
done
[ -z "$bad" ] && ok "cache-outputs-identical ($n fixtures: none, cold, warm, hot)" ||
	nok cache-outputs-identical "differ:$bad"
[ "$hits" -ge $((n * 3 / 4)) ] && ok "cache-used-by-check ($hits of $n fixtures)" ||
	nok cache-used-by-check "only $hits of $n fixtures read the cache"

# ---- faults, on a copy of example-cases with its history ----
E=$tmp/ex
cp -R "$TOP/example-cases" "$E"
git -C "$E" -c init.defaultBranch=main init -q && git -C "$E" add -A && commit "$E" Start
sleep 3
CASELOAD_NO_CACHE=1 run "$E" "$tmp/ref"
CASELOAD_NO_CACHE=1 run_head "$E" "$tmp/ref"
rm -rf "$E/.git/caseload"
run "$E" "$tmp/x" && run_head "$E" "$tmp/x" # makes the cache (parse, blobs, site)
shards() { find "$E/.git/caseload/parse" -type f; }
[ "$(shards | wc -l)" -gt 10 ] && ok cache-shards-written || nok cache-shards-written "$(shards | wc -l) shards"
[ -z "$(find "$tmp/x.site" -name '*cache*' -o -name 'parse' -o -name 'history')" ] && ok cache-not-in-site ||
	nok cache-not-in-site

fault() { # NAME: damage every shard with the command given, then compare
	name=$1
	shift
	for s in $(shards) $(find "$E/.git/caseload/site" -type f) $(find "$E/.git/caseload" -maxdepth 1 -name blobs -o -maxdepth 1 -name 'history*'); do "$@" "$s"; done
	st=$(cd "$E" && CASELOAD_CACHE_STATS=1 cl check 2>&1 >/dev/null)
	rm -rf "$tmp/o"
	run "$E" "$tmp/o"
	run_head "$E" "$tmp/o"
	if same "$tmp/ref" "$tmp/o"; then ok "cache-$name-ignored"; else nok "cache-$name-ignored"; fi
	case $st in *" 0 bad"*) nok "cache-$name-noticed" "$st" ;; *) ok "cache-$name-noticed" ;; esac
	st=$(cd "$E" && CASELOAD_CACHE_STATS=1 cl check 2>&1 >/dev/null)
	case $st in *" 0 bad"*) ok "cache-$name-rewritten" ;; *) nok "cache-$name-rewritten" "$st" ;; esac
}
truncate_half() { s=$(wc -c <"$1"); head -c $((s / 2)) "$1" >"$1.t" && mv "$1.t" "$1"; }
garbage() { s=$(wc -c <"$1"); head -c "$s" /dev/urandom >"$1"; }
# another version of the program: another build id in the header
other_build() { sh "$TOP/tests/flip-byte.sh" "$1" 30; }
flip_last() { sh "$TOP/tests/flip-byte.sh" "$1" $(($(wc -c <"$1") - 1)); }
fault truncated truncate_half
fault garbage garbage
fault other-version other_build
fault bit-flipped flip_last
# an empty shard file, and a folder where a shard should be
for s in $(shards); do : >"$s"; done
rm -rf "$tmp/o" && full "$E" "$tmp/o" && same "$tmp/ref" "$tmp/o" && ok cache-empty-files-ignored || nok cache-empty-files-ignored

# a cache that cannot be written: the folder is a file (root ignores modes)
rm -rf "$E/.git/caseload" && : >"$E/.git/caseload"
rm -rf "$tmp/o"
run "$E" "$tmp/o" && run_head "$E" "$tmp/o"
same "$tmp/ref" "$tmp/o" && ok cache-unwritable-same-output || nok cache-unwritable-same-output
[ -f "$E/.git/caseload" ] && ok cache-unwritable-left-alone || nok cache-unwritable-left-alone
rm -f "$E/.git/caseload"
if [ "$(id -u)" != 0 ]; then
	run "$E" "$tmp/w" >/dev/null
	chmod -R a-w "$E/.git/caseload" "$E/.git"
	rm -rf "$tmp/o"
	full "$E" "$tmp/o"
	chmod -R u+w "$E/.git"
	same "$tmp/ref" "$tmp/o" && ok cache-read-only-git || nok cache-read-only-git
fi
# rm -rf .git/caseload at any time
rm -rf "$E/.git/caseload" "$tmp/o"
full "$E" "$tmp/o" && same "$tmp/ref" "$tmp/o" && ok cache-removed-safe || nok cache-removed-safe

# two builds at once into the same folder, and the cache they both write
rm -rf "$E/.git/caseload" "$tmp/two.site"
(cd "$E" && cl build -o "$tmp/two.site" >"$tmp/b1" 2>&1; echo $? >>"$tmp/b1") &
(cd "$E" && cl build -o "$tmp/two.site" >"$tmp/b2" 2>&1; echo $? >>"$tmp/b2") &
(cd "$E" && cl check >"$tmp/c3" 2>&1) &
wait
rc1=$(tail -n 1 "$tmp/b1")
rc2=$(tail -n 1 "$tmp/b2")
{ [ "$rc1" = 0 ] || [ "$rc2" = 0 ]; } && diff -r "$tmp/ref.site" "$tmp/two.site" >/dev/null &&
	ok "two-builds-at-once-one-whole-site (exits $rc1 $rc2)" || nok two-builds-at-once-one-whole-site "exits $rc1 $rc2"
[ -z "$(find "$tmp" -maxdepth 1 -name '.two.site.tmp-*')" ] && ok two-builds-leave-no-debris || nok two-builds-leave-no-debris
st=$(cd "$E" && CASELOAD_CACHE_STATS=1 cl check 2>&1 >/dev/null)
case $st in *" 0 bad"*) ok two-builds-cache-whole ;; *) nok two-builds-cache-whole "$st" ;; esac
rm -rf "$tmp/o" && full "$E" "$tmp/o" && same "$tmp/ref" "$tmp/o" && ok two-builds-cache-same-output ||
	nok two-builds-cache-same-output

# ---- the incremental build: after each change, the site a build from
# nothing makes; the pages of untouched cases carried over (same inode) ----
S=$tmp/inc.site
(cd "$E" && cl build -o "$S" >/dev/null && cl build -o "$S" >/dev/null)
ino() { ls -i "$S/$1" | cut -d' ' -f1; }
incremental() { # NAME: after the change just made
	sleep 3 # the changed files become cacheable; either way the site must be right
	(cd "$E" && CASELOAD_CACHE_STATS=1 cl build -o "$S" >/dev/null 2>"$tmp/stats")
	rm -rf "$tmp/fresh.site"
	(cd "$E" && CASELOAD_NO_CACHE=1 cl build -o "$tmp/fresh.site" >/dev/null 2>&1)
	diff -r "$S" "$tmp/fresh.site" >/dev/null && ok "incremental-$1" || nok "incremental-$1" "$(diff -rq "$S" "$tmp/fresh.site" | head -3)"
}
c1=$(ls "$E/cases" | head -n 1)
c2=$(ls "$E/cases" | tail -n 1)
before=$(ino "cases/$c1/index.html")
note=$(ls "$E/cases/$c2/notes/" | head -n 1)
printf '\nOne more line.\n' >>"$E/cases/$c2/notes/$note"
incremental note-changed
[ "$(ino "cases/$c1/index.html")" = "$before" ] && ok incremental-untouched-page-carried ||
	nok incremental-untouched-page-carried
# the due list and the workers' pages, with their calendars: carried over
# while what they show is the same (a note's body, above), rendered again
# when it is not; always the site a build from nothing makes
# pages: workers' pages carried over, of how many; the due list's and the
# problems' fate (carried, rendered)
pages() { sed -n "s/.*, \([0-9]*\) of \([0-9]*\) workers' pages, the problems \([a-z]*\).*, the due list \([a-z]*\).*$/\1 \2 \4 \3/p" "$tmp/stats"; }
set -- $(pages) x x x x
[ "$1" = "$2" ] && [ "$3" = carried ] && [ "$4" = carried ] && ok incremental-note-body-due-workers-problems-carried ||
	nok incremental-note-body-due-workers-problems-carried "$(cat "$tmp/stats")"
# the list of cases: carried over while its rows are the same
cases_list() { sed -n 's/.*, the list of cases \([a-z]*\).*$/\1/p' "$tmp/stats"; }
[ "$(cases_list)" = carried ] && ok incremental-note-body-cases-list-carried ||
	nok incremental-note-body-cases-list-carried "$(cat "$tmp/stats")"
v=hl-2026-001 # open, shirin's
printf -- '---\ndate: %s\nby: shirin\nkind: visit\n---\nA visit for the test.\n' "$AS_OF" \
	>"$E/cases/$v/notes/$AS_OF-test-visit.md"
incremental new-visit
set -- $(pages) x x x x
[ "$1" = $(($2 - 1)) ] && [ "$3" = rendered ] && ok incremental-new-visit-due-and-its-worker-rendered ||
	nok incremental-new-visit-due-and-its-worker-rendered "$(cat "$tmp/stats")"
sed -i '0,/^  name: /s/^  name: .*/  name: Renamed Client/' "$E/cases/$v/case.yaml"
incremental client-renamed
[ "$(cases_list)" = rendered ] && grep -q "Renamed Client" "$S/cases/index.html" && ok incremental-client-renamed-cases-list-rendered ||
	nok incremental-client-renamed-cases-list-rendered "$(cat "$tmp/stats")"
sed -i 's/^worker: shirin/worker: ruth/' "$E/cases/$v/case.yaml"
incremental worker-reassigned
set -- $(pages) x x x x
[ "$1" = $(($2 - 2)) ] && ok incremental-worker-reassigned-both-rendered ||
	nok incremental-worker-reassigned-both-rendered "$(cat "$tmp/stats")"
echo edited >>"$S/workers/ruth.ics"
echo edited >>"$S/due.html"
incremental hand-edited-calendar-and-due-list-replaced
# a new problem: the problems rendered again, the rest carried over
printf -- '---\ndate: %s\nby: shirin\nkind: visit\nmood: fine\n---\nA key check does not know.\n' "$AS_OF" \
	>"$E/cases/$v/notes/$AS_OF-test-unknown-key.md"
incremental new-problem
set -- $(pages) x x x x
[ "$4" = rendered ] && grep -q "test-unknown-key" "$S/problems.html" && ok incremental-new-problem-rendered ||
	nok incremental-new-problem-rendered "$(cat "$tmp/stats")"
# the same number of problems, one of them another
sed -i 's/^mood: fine/feel: fine/' "$E/cases/$v/notes/$AS_OF-test-unknown-key.md"
incremental problem-changed
printf 'an attachment\n' >"$E/cases/$c2/letter.txt"
incremental attachment-added
sed -i 's/^organization: .*/organization: Renamed Services/' "$E/caseload.yaml"
incremental caseload-yaml-changed
git -C "$E" add -A && commit "$E" "Changes"
incremental committed
rm -rf "$E/cases/$c1"
incremental case-removed
cp -R "$E/cases/$c2" "$E/cases/zz-added"
incremental case-added
r1=$(ls "$E/resources" | head -n 1)
printf '# a comment\n' >>"$E/resources/$r1"
incremental resource-changed
# another day: what is due changes on every page that shows it
(cd "$E" && "$CASELOAD" --as-of 2026-12-24 build -o "$S" >/dev/null 2>&1)
rm -rf "$tmp/fresh.site"
(cd "$E" && CASELOAD_NO_CACHE=1 "$CASELOAD" --as-of 2026-12-24 build -o "$tmp/fresh.site" >/dev/null 2>&1)
diff -r "$S" "$tmp/fresh.site" >/dev/null && ok incremental-as-of-changed || nok incremental-as-of-changed
cp "$TOP/templates/site.css" "$tmp/site.css" 2>/dev/null
(cd "$E" && cl build -o "$S" --redact >/dev/null)
rm -rf "$tmp/fresh.site"
(cd "$E" && CASELOAD_NO_CACHE=1 cl build -o "$tmp/fresh.site" --redact >/dev/null)
diff -r "$S" "$tmp/fresh.site" >/dev/null && ok incremental-redact || nok incremental-redact
(cd "$E" && cl build -o "$S" >/dev/null)
rm -rf "$tmp/fresh.site"
(cd "$E" && CASELOAD_NO_CACHE=1 cl build -o "$tmp/fresh.site" >/dev/null)
diff -r "$S" "$tmp/fresh.site" >/dev/null && ok incremental-after-redact || nok incremental-after-redact
# a page edited by hand in the site is not carried over as it is
sleep 3
echo edited >>"$S/cases/$c2/index.html"
(cd "$E" && cl build -o "$S" >/dev/null)
diff -r "$S" "$tmp/fresh.site" >/dev/null && ok incremental-hand-edit-replaced || nok incremental-hand-edit-replaced
# a damaged manifest: every page rendered, the same site
for m in $(find "$E"/.git/caseload/site -maxdepth 1 -type f); do garbage "$m"; done
(cd "$E" && cl build -o "$S" >/dev/null)
diff -r "$S" "$tmp/fresh.site" >/dev/null && ok incremental-manifest-garbage || nok incremental-manifest-garbage

# ---- the spare: the site a build swaps out is kept under the cache folder
# and the next build is written into it, never through it into the site
# being served (one site here: the spare is S's) ----
rm -rf "$E/.git/caseload/site"
(cd "$E" && cl build -o "$S" >/dev/null && cl build -o "$S" >/dev/null)
spare=$(find "$E/.git/caseload/site" -maxdepth 1 -type d -name '*.spare' | head -n 1)
[ -n "$spare" ] && [ -f "$spare/.caseload-site" ] && ok spare-kept || nok spare-kept "$(ls "$E/.git/caseload/site")"
# never a path outside the test's folder for what follows
case $spare in "$tmp"/*) ;; *) spare=$tmp/no-spare ;; esac
sums() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha1sum); }
sums "$S" >"$tmp/served"
spare_cases=$(ls -id "$spare/cases" | cut -d' ' -f1)
sleep 3
printf '\nA line for the spare.\n' >>"$E/cases/$c2/notes/$note"
fresh() { rm -rf "$tmp/fresh.site" && (cd "$E" && CASELOAD_NO_CACHE=1 cl build -o "$tmp/fresh.site" >/dev/null 2>&1); }
(cd "$E" && cl build -o "$S" >/dev/null) && fresh
diff -r "$S" "$tmp/fresh.site" >/dev/null && ok spare-reused-same-site || nok spare-reused-same-site "$(diff -rq "$S" "$tmp/fresh.site" | head -3)"
[ -n "$spare_cases" ] && [ "$(ls -id "$S/cases" | cut -d' ' -f1)" = "$spare_cases" ] && ok spare-reused-folders || nok spare-reused-folders
sums "$spare" >"$tmp/kept"
[ -s "$tmp/served" ] && cmp -s "$tmp/served" "$tmp/kept" && ok spare-nothing-written-through ||
	nok spare-nothing-written-through "$(diff "$tmp/served" "$tmp/kept" | head -3)"
# whatever else the spare holds goes: files at the top, in workers/, in a
# case's folder and its files/, a case that is gone, a page not the last one's
spare=$(find "$E/.git/caseload/site" -maxdepth 1 -type d -name '*.spare' | head -n 1)
case $spare in "$tmp"/*) ;; *) spare=$tmp/no-spare ;; esac
mkdir -p "$spare/workers"
w1=$(ls "$spare/workers" | head -n 1)
w1=${w1:-none.html}
echo stale >"$spare/stale.html"
mkdir -p "$spare/stale-folder/deeper" "$spare/cases/$c2/files/stale" "$spare/cases/gone-case"
echo stale >"$spare/stale-folder/deeper/x.html"
echo stale >"$spare/workers/stale.html"
echo stale >"$spare/cases/$c2/stale.html"
echo stale >"$spare/cases/$c2/files/stale/x.txt"
echo stale >"$spare/cases/gone-case/index.html"
rm -f "$spare/workers/$w1" && echo stale >"$spare/workers/$w1"
rm -f "$spare/cases/$c2/index.html" && echo stale >"$spare/cases/$c2/index.html"
# links where the site's folders belong (c2 has an attachment: files/)
mkdir -p "$tmp/outside" && echo mine >"$tmp/outside/mine.txt"
rm -rf "$spare/cases/$c2/files" && ln -s "$tmp/outside" "$spare/cases/$c2/files"
rm -rf "$spare/workers" && ln -s "$tmp/outside" "$spare/workers"
c1now=$(ls "$E/cases" | head -n 1)
rm -rf "$spare/cases/$c1now" && ln -s "$tmp/outside" "$spare/cases/$c1now"
sleep 3
printf '\nAnother line.\n' >>"$E/cases/$c2/notes/$note"
(cd "$E" && cl build -o "$S" >/dev/null) && fresh
diff -r "$S" "$tmp/fresh.site" >/dev/null && ok spare-stale-files-removed || nok spare-stale-files-removed "$(diff -rq "$S" "$tmp/fresh.site" | head -3)"
[ "$(ls -A "$tmp/outside")" = mine.txt ] && [ ! -L "$S/workers" ] && [ ! -L "$S/cases/$c2/files" ] &&
	[ ! -L "$S/cases/$c1now" ] && ok spare-links-inside-not-written-through ||
	nok spare-links-inside-not-written-through "$(ls -A "$tmp/outside" | tr '\n' ' ')"
# a spare that is a link is not followed: what it leads to is left alone
spare=$(find "$E/.git/caseload/site" -maxdepth 1 -type d -name '*.spare' | head -n 1)
case $spare in "$tmp"/*) ;; *) spare=$tmp/no-spare ;; esac
rm -rf "$spare" && mkdir -p "$tmp/elsewhere/cases" && echo mine >"$tmp/elsewhere/mine.txt" && ln -s "$tmp/elsewhere" "$spare"
(cd "$E" && cl build -o "$S" >/dev/null) && fresh
diff -r "$S" "$tmp/fresh.site" >/dev/null && [ "$(cat "$tmp/elsewhere/mine.txt")" = mine ] &&
	[ ! -e "$S/mine.txt" ] && ok spare-link-not-followed || nok spare-link-not-followed
# the spares of other output folders: the newest two stay beside this one's
for o in t1 t2 t3 t4; do
	(cd "$E" && cl build -o "$tmp/$o.site" >/dev/null && cl build -o "$tmp/$o.site" >/dev/null)
	sleep 1
done
nspares=$(find "$E/.git/caseload/site" -maxdepth 1 -type d -name '*.spare' | wc -l)
[ "$nspares" -eq 3 ] && ok "spares-of-other-folders-trimmed ($nspares kept)" || nok spares-of-other-folders-trimmed "$nspares kept"

# ---- the pre-commit hook's check --staged: one note staged reads that
# case's files (and those outside cases/), not the whole caseload, and says
# what check of that case says ----
git -C "$E" add -A && commit "$E" "Before the hook"
hc=$(ls "$E/cases" | tail -n 1)
hnote=$(ls "$E/cases/$hc/notes/" | head -n 1)
printf '\nStaged line.\n' >>"$E/cases/$hc/notes/$hnote"
git -C "$E" add "cases/$hc/notes/$hnote"
sleep 3
looked() { sed -n 's/.*parse cache: \([0-9]*\) hits, \([0-9]*\) misses.*/\1 \2/p' | { read -r a b && echo $((a + b)); }; }
(cd "$E" && cl check >/dev/null 2>&1) # the cache warm, as after a day's work
all=$(cd "$E" && CASELOAD_CACHE_STATS=1 cl check 2>&1 >/dev/null | looked)
staged=$(cd "$E" && CASELOAD_CACHE_STATS=1 cl check --staged 2>&1 >/dev/null | looked)
records() { find "$1" -type f \( -name '*.yaml' -o -name '*.md' \) | wc -l; }
[ -n "$staged" ] && [ -n "$all" ] &&
	[ "$staged" -eq $((all - $(records "$E/cases") + $(records "$E/cases/$hc"))) ] &&
	ok "hook-reads-the-touched-case ($staged of $all files)" ||
	nok hook-reads-the-touched-case "$staged of $all files"
(cd "$E" && cl check --staged >"$tmp/hs" 2>&1; echo $? >>"$tmp/hs")
(cd "$E" && cl check "$hc" >"$tmp/hw" 2>&1; echo $? >>"$tmp/hw")
cmp -s "$tmp/hs" "$tmp/hw" && ok hook-says-what-check-of-the-case-says || nok hook-says-what-check-of-the-case-says

[ "$fails" -eq 0 ]

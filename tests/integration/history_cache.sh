#!/bin/sh
# tests/integration/history_cache.sh: the history cache (<git dir>/caseload/
# history, and history.nolines for the audit) goes on from the commit it
# holds when HEAD has moved on: only the new commits are walked, and what
# comes out is what a walk of everything gives. On the git fixtures of
# tests/history-fixtures.sh (renames, a whole case folder renamed, a
# caseload in a subfolder, 400 cases), the cache is made at every commit in
# turn and the audit of HEAD (and for some the site) compared with a run
# without any cache, and the cache it leaves with the one a walk of
# everything writes, byte for byte. Then the histories that cannot be
# extended (the cached commit on another branch, a merge whose older
# commits a walk puts among the cached ones) and those that can, and a
# damaged cache (cut short, garbage, empty, one byte changed, another
# build's; tests/history-cache-seal.py writes the checksum again where only
# the change itself is to be met). Prints 'ok NAME' or 'FAIL NAME' per test.
CASELOAD=${CASELOAD:-$PWD/build/caseload}
TOP=$PWD
export TZ=UTC GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 LC_ALL=C
unset CASELOAD_NO_CACHE CASELOAD_CACHE_STATS GIT_DIR GIT_INDEX_FILE GIT_WORK_TREE
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
failed=0
ok() { echo "ok $1"; }
fail() { echo "FAIL $1${2:+  -- $2}"; failed=1; }
if ! sh tests/history-fixtures.sh "$tmp/fx" >"$tmp/fx.log" 2>&1; then
	cat "$tmp/fx.log"
	echo "FAIL history-fixtures.sh"
	exit 1
fi
cl() { (cd "$1" && shift && "$CASELOAD" --as-of 2026-11-23 "$@"); }
# audit DIR OUT [ARGS]: the audit (ARGS before it: --at REV) as JSON into OUT, its exit code and what
# it said (without the cache's statistics) into OUT.err; the cache's line
# into OUT.how
audit() {
	d=$1 o=$2
	shift 2
	cl "$d" "$@" audit --format json >"$o" 2>"$o.all"
	echo "exit $?" >>"$o.all"
	grep 'history cache:' "$o.all" >"$o.how"
	grep -v '^caseload: [a-z]* cache: ' "$o.all" >"$o.err"
}
same() { cmp -s "$1" "$2" && cmp -s "$1.err" "$2.err"; }
gitdir() { git -C "$1" rev-parse --absolute-git-dir; }

# ---- every commit of each fixture as the cached one ----
for f in kinds project wide plans; do
	d=$tmp/fx/$f
	[ -f "$d/caseload.yaml" ] || d=$d/example-cases
	CASELOAD_NO_CACHE=1 audit "$d" "$tmp/ref"
	# the cache a walk of everything writes, to compare byte for byte
	rm -rf "$(gitdir "$d")/caseload"
	cl "$d" audit >/dev/null 2>&1
	cp "$(gitdir "$d")/caseload/history.nolines" "$tmp/ref.cache"
	head=$(git -C "$d" rev-parse HEAD)
	n=0 bad= notext= badcache=
	for x in $(git -C "$d" rev-list HEAD); do
		n=$((n + 1))
		rm -rf "$(gitdir "$d")/caseload"
		cl "$d" --at "$x" audit >/dev/null 2>&1
		primed=$?
		CASELOAD_CACHE_STATS=1 audit "$d" "$tmp/o"
		same "$tmp/ref" "$tmp/o" || bad="$bad $x"
		cmp -s "$tmp/ref.cache" "$(gitdir "$d")/caseload/history.nolines" || badcache="$badcache $x"
		if [ "$primed" = 2 ]; then
			# the caseload folder is not in that commit: nothing cached
			grep -q 'history cache: walked' "$tmp/o.how" || notext="$notext $x(not walked)"
		elif [ "$x" = "$head" ]; then
			grep -q 'history cache: read' "$tmp/o.how" || notext="$notext $x(not read)"
		else
			grep -q 'history cache: extended' "$tmp/o.how" || notext="$notext $x"
		fi
	done
	[ -z "$bad" ] && ok "history-extended-audit-same-$f ($n commits cached in turn)" ||
		fail "history-extended-audit-same-$f" "differs from$bad"
	[ -z "$notext" ] && ok "history-extended-not-walked-$f" ||
		fail "history-extended-not-walked-$f" "walked from$notext"
	[ -z "$badcache" ] && ok "history-extended-cache-as-walked-$f" ||
		fail "history-extended-cache-as-walked-$f" "the cache differs from a walk's, from$badcache"
done

# the site (lines counted: the build's own cache file) from three commits
# back, from the first one, and the audit from the build's file
d=$tmp/fx/kinds
CASELOAD_NO_CACHE=1 cl "$d" build -o "$tmp/ref.site" >/dev/null 2>&1
CASELOAD_NO_CACHE=1 audit "$d" "$tmp/ref"
rm -rf "$(gitdir "$d")/caseload" "$tmp/s"
cl "$d" build -o "$tmp/s" >/dev/null 2>&1
cp "$(gitdir "$d")/caseload/history" "$tmp/ref.lines"
for back in 3 12; do
	rm -rf "$(gitdir "$d")/caseload" "$tmp/s" "$tmp/p"
	cl "$d" --at "HEAD~$back" build -o "$tmp/p" >/dev/null 2>&1
	CASELOAD_CACHE_STATS=1 cl "$d" build -o "$tmp/s" >/dev/null 2>"$tmp/b.err"
	grep -q 'history cache: extended' "$tmp/b.err" && diff -r "$tmp/ref.site" "$tmp/s" >/dev/null &&
		cmp -s "$tmp/ref.lines" "$(gitdir "$d")/caseload/history" &&
		ok "history-extended-site-same-from-HEAD~$back" ||
		fail "history-extended-site-same-from-HEAD~$back" "$(grep 'history' "$tmp/b.err")"
done
rm -rf "$(gitdir "$d")/caseload"
cl "$d" audit >/dev/null 2>&1
cp "$(gitdir "$d")/caseload/history.nolines" "$tmp/ref.cache"
rm -rf "$(gitdir "$d")/caseload"
cl "$d" --at HEAD~3 build -o "$tmp/p" >/dev/null 2>&1
CASELOAD_CACHE_STATS=1 audit "$d" "$tmp/o"
same "$tmp/ref" "$tmp/o" && grep -q extended "$tmp/o.how" &&
	cmp -s "$tmp/ref.cache" "$(gitdir "$d")/caseload/history.nolines" &&
	ok history-audit-from-build-cache || fail history-audit-from-build-cache "$(cat "$tmp/o.how")"

# ---- what cannot be extended, and what can ----
# main: m20, m25, m30 (November 20, 25, 30); side, from the same commit:
# s1 (November 15); merged on December 1. A walk of the merge gives merge,
# m30, m25, m20, s1: from a cache at m30 the new s1 would come among the
# commits it holds (walked); from a cache at s1 the new ones come first
# (extended). s1 is no ancestor of m30 (walked).
M=$tmp/merge
cp -R "$tmp/fx/kinds" "$M"
rm -rf "$M/.git/caseload"
commit_at() {
	at=$1
	shift
	GIT_AUTHOR_NAME=Ana GIT_AUTHOR_EMAIL=ana@harborlight.example GIT_AUTHOR_DATE="$at" \
	GIT_COMMITTER_NAME=Ana GIT_COMMITTER_EMAIL=ana@harborlight.example GIT_COMMITTER_DATE="$at" \
		git -C "$M" -c commit.gpgsign=false "$@"
}
note() { printf -- '---\ndate: %s\nkind: phone\nworker: ana\n---\n%s\n' "$2" "$3" >"$M/cases/c-002/notes/$1"; }
git -C "$M" add -A && commit_at 2026-11-10T10:00:00+00:00 commit -q -m 'the work tree'
git -C "$M" checkout -q -b side
note 2026-11-15-phone.md 2026-11-15 'Side branch.'
git -C "$M" add -A && commit_at 2026-11-15T10:00:00+00:00 commit -q -m s1
git -C "$M" checkout -q main
for day in 20 25 30; do
	note "2026-11-$day-phone.md" "2026-11-$day" "Main, day $day."
	git -C "$M" add -A && commit_at "2026-11-${day}T10:00:00+00:00" commit -q -m "m$day"
done
commit_at 2026-12-01T10:00:00+00:00 merge -q --no-ff -m merge side >/dev/null 2>&1
[ "$(git -C "$M" rev-list --parents -1 HEAD | wc -w)" = 3 ] || fail history-merge-fixture "no merge commit"
# CACHED AT WANT: the audit and the site at AT from a cache made at CACHED
for t in 'HEAD^1 HEAD walked' 'side HEAD extended' 'side HEAD^1 walked' 'HEAD^1~1 HEAD^1 extended'; do
	set -- $t
	CASELOAD_NO_CACHE=1 audit "$M" "$tmp/mref" --at "$2"
	rm -rf "$M/.git/caseload" "$tmp/mref.site" "$tmp/ms" "$tmp/mp"
	CASELOAD_NO_CACHE=1 cl "$M" --at "$2" build -o "$tmp/mref.site" >/dev/null 2>&1
	cl "$M" --at "$1" build -o "$tmp/mp" >/dev/null 2>&1
	cl "$M" --at "$1" audit >/dev/null 2>&1
	CASELOAD_CACHE_STATS=1 audit "$M" "$tmp/mo" --at "$2"
	CASELOAD_CACHE_STATS=1 cl "$M" --at "$2" build -o "$tmp/ms" >/dev/null 2>"$tmp/mb.err"
	why=
	same "$tmp/mref" "$tmp/mo" || why="$why audit differs;"
	grep -q "$3" "$tmp/mo.how" || why="$why audit: $(cat "$tmp/mo.how");"
	grep -q "history cache: $3" "$tmp/mb.err" || why="$why build: $(grep history "$tmp/mb.err");"
	diff -r "$tmp/mref.site" "$tmp/ms" >/dev/null || why="$why site differs"
	[ -z "$why" ] && ok "history-$3-from-$1-to-$2" || fail "history-$3-from-$1-to-$2" "$why"
done

# a clock that was wrong: o (November 30) and its child t0 (November 20),
# then a merge of t0 and o and a note (December 1 and 2). libgit2 walks by
# time, o before t0, from the merge as from t0: extended, and the same
K=$tmp/skew
cp -R "$tmp/fx/kinds" "$K"
rm -rf "$K/.git/caseload"
M=$K
git -C "$K" add -A && commit_at 2026-11-10T10:00:00+00:00 commit -q -m 'the work tree'
note 2026-11-29-phone.md 2026-11-29 'Clock ahead.'
mv "$M/cases/c-002/notes/2026-11-29-phone.md" "$K/cases/c-001/notes/"
git -C "$K" add -A && commit_at 2026-11-30T10:00:00+00:00 commit -q -m o
note 2026-11-19-phone.md 2026-11-19 'Clock right.'
git -C "$K" add -A && commit_at 2026-11-20T10:00:00+00:00 commit -q -m t0
x=$(GIT_AUTHOR_NAME=Ana GIT_AUTHOR_EMAIL=ana@harborlight.example GIT_AUTHOR_DATE=2026-12-01T10:00:00+00:00 \
	GIT_COMMITTER_NAME=Ana GIT_COMMITTER_EMAIL=ana@harborlight.example \
	GIT_COMMITTER_DATE=2026-12-01T10:00:00+00:00 \
	git -C "$K" commit-tree -m 'merge o' -p HEAD -p HEAD~1 "HEAD^{tree}")
git -C "$K" update-ref refs/heads/main "$x"
note 2026-12-02-phone.md 2026-12-02 'After the merge.'
git -C "$K" add -A && commit_at 2026-12-02T10:00:00+00:00 commit -q -m after
[ "$(git -C "$K" log --format=%s -4 | tr '\n' ' ')" = "after merge o o t0 " ] ||
	fail history-skew-fixture "$(git -C "$K" log --format=%s -4 | tr '\n' ' ')"
CASELOAD_NO_CACHE=1 audit "$K" "$tmp/kref"
CASELOAD_NO_CACHE=1 cl "$K" build -o "$tmp/kref.site" >/dev/null 2>&1
rm -rf "$K/.git/caseload"
cl "$K" --at HEAD~1^1 audit >/dev/null 2>&1
CASELOAD_CACHE_STATS=1 audit "$K" "$tmp/ko"
cl "$K" --at HEAD~1^1 build -o "$tmp/kp" >/dev/null 2>&1
CASELOAD_CACHE_STATS=1 cl "$K" build -o "$tmp/ks" >/dev/null 2>"$tmp/kb.err"
same "$tmp/kref" "$tmp/ko" && grep -q extended "$tmp/ko.how" && grep -q 'history cache: extended' "$tmp/kb.err" &&
	diff -r "$tmp/kref.site" "$tmp/ks" >/dev/null && ok history-extended-after-clock-skew ||
	fail history-extended-after-clock-skew "$(cat "$tmp/ko.how"; grep history "$tmp/kb.err")"

# commits of the same second (a script commits in a loop): a child comes
# before its parent in the walk whatever their ids, so a cache at any of
# them is extended
S=$tmp/same
cp -R "$tmp/fx/kinds" "$S"
rm -rf "$S/.git/caseload"
M=$S
git -C "$S" add -A && commit_at 2026-11-10T10:00:00+00:00 commit -q -m 'the work tree'
for i in 1 2 3 4 5; do
	note "2026-11-1$i-phone.md" "2026-11-1$i" "Same second, $i."
	git -C "$S" add -A && commit_at 2026-11-20T10:00:00+00:00 commit -q -m "same $i"
done
CASELOAD_NO_CACHE=1 audit "$S" "$tmp/sref"
bad=
for back in 1 2 3 4; do
	rm -rf "$S/.git/caseload"
	cl "$S" --at "HEAD~$back" audit >/dev/null 2>&1
	CASELOAD_CACHE_STATS=1 audit "$S" "$tmp/so"
	{ same "$tmp/sref" "$tmp/so" && grep -q extended "$tmp/so.how"; } || bad="$bad HEAD~$back"
done
[ -z "$bad" ] && ok history-extended-same-second || fail history-extended-same-second "walked or differs from$bad"

# ---- a damaged cache is walked again, and rewritten ----
d=$tmp/fx/kinds
CASELOAD_NO_CACHE=1 audit "$d" "$tmp/ref"
for how in half garbage empty flipped other-build; do
	rm -rf "$(gitdir "$d")/caseload"
	cl "$d" --at HEAD~4 audit >/dev/null 2>&1
	h=$(gitdir "$d")/caseload/history.nolines
	s=$(wc -c <"$h")
	case $how in
	half) head -c $((s / 2)) "$h" >"$h.t" && mv "$h.t" "$h" ;;
	garbage) head -c "$s" /dev/urandom >"$h" ;;
	empty) : >"$h" ;;
	# one byte in the middle, inside a string or a number
	flipped) sh "$TOP/tests/flip-byte.sh" "$h" $((s / 2)) ;;
	# another build of the program: its id follows the magic and the checksum
	other-build)
		sh "$TOP/tests/flip-byte.sh" "$h" 50
		python3 tests/history-cache-seal.py "$h"
		;;
	esac
	CASELOAD_CACHE_STATS=1 audit "$d" "$tmp/o"
	CASELOAD_CACHE_STATS=1 audit "$d" "$tmp/o2"
	same "$tmp/ref" "$tmp/o" && grep -q walked "$tmp/o.how" && grep -q read "$tmp/o2.how" &&
		ok "history-cache-$how-walked-again" || fail "history-cache-$how-walked-again" "$(cat "$tmp/o.how")"
done
# CASELOAD_NO_CACHE: none read, none written
rm -rf "$(gitdir "$d")/caseload"
CASELOAD_NO_CACHE=1 cl "$d" audit >/dev/null 2>&1
[ ! -e "$(gitdir "$d")/caseload/history.nolines" ] && ok history-no-cache-not-written ||
	fail history-no-cache-not-written
exit $failed

#!/bin/sh
# debris.sh: what killed builds leave beside the output folder, the next
# build of that output removes, and nothing else (write.h: tmp_dir_sweep).
# A build works in .OUT.tmp-XXXXXX beside OUT, with a lock file
# .OUT.tmp-XXXXXX.lock that says "caseload build of OUT, pid P" and that the
# build holds (flock) while it runs. Planted beside OUT, as a killed build,
# a live one and look-alikes would leave them:
#   dead   a lock file nobody holds: its folder, the folder's .old and the
#          lock go
#   live   the same, its lock held (flock(1) stands in for a running build)
#          survives until the holder is gone
#   look   a folder of the same pattern without a lock file survives
#   other  a lock of another output's (.other.tmp-*) survives
#   words  a lock file that says something else survives
#   linked a lock file that is a symbolic link survives
#   aimed  a folder name that is a link to a folder: the link goes, the
#          folder it points to stays whole
# Then a build really killed (SIGKILL) while it writes leaves its folder and
# lock, and the next build removes both; and a build started while another
# runs (stopped with SIGSTOP, so that the order is sure) leaves the running
# one's folder alone.
set -u
: "${CASELOAD:?}"
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
holder=
a=
cleanup() {
	[ -n "$holder" ] && kill "$holder" 2>/dev/null && wait "$holder" 2>/dev/null
	[ -n "$a" ] && kill -KILL "$a" 2>/dev/null && wait "$a" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
export TZ=UTC
fails=0
ok() { echo "ok $1"; }
nok() { echo "FAIL $1${2:+ -- $2}"; fails=$((fails + 1)); }
AS_OF=2026-05-15

cl=$tmp/cl
cp -R "$here/../example-cases" "$cl"
rm -rf "$cl/_site"
S=$tmp/site
mkdir -p "$S"
build() { "$CASELOAD" -C "$cl" --as-of $AS_OF build -o "$S/out" >"$tmp/out" 2>"$tmp/err"; }
build || { nok "debris: the first build" "$(head -3 "$tmp/err")"; exit 1; }

# plant NAME WORDS: a folder .NAME with a file in it, and its lock file
# saying WORDS (none when WORDS is empty)
plant() {
	mkdir -p "$S/.$1/sub" && echo x >"$S/.$1/sub/page.html"
	[ -n "$2" ] && printf '%s\n' "$2" >"$S/.$1.lock"
	return 0
}
plant out.tmp-dead01 "caseload build of out, pid 999999999"
mkdir -p "$S/.out.tmp-dead01.old" && echo x >"$S/.out.tmp-dead01.old/index.html"
plant out.tmp-live01 "caseload build of out, pid 1"
plant out.tmp-look01 ""
plant other.tmp-othr01 "caseload build of other, pid 999999999"
plant out.tmp-words1 "made by hand"
plant out.tmp-link01 ""
# killed between making its lock and saying whose it is: an empty lock, no
# folder (that goes); an empty lock beside a folder: the lock goes, the
# folder (no build's: a build says whose first) stays
: >"$S/.out.tmp-empty1.lock"
plant out.tmp-empty2 ""
: >"$S/.out.tmp-empty2.lock"
printf 'caseload build of out, pid 999999999\n' >"$tmp/real.lock"
ln -s "$tmp/real.lock" "$S/.out.tmp-link01.lock"
mkdir -p "$tmp/aimed" && echo keep >"$tmp/aimed/keep.txt"
ln -s "$tmp/aimed" "$S/.out.tmp-aimed1"
printf 'caseload build of out, pid 999999999\n' >"$S/.out.tmp-aimed1.lock"
# the holder execs sleep with the lock open: killing it lets the lock go
sh -c 'flock -x 9 && exec sleep 120' 9<>"$S/.out.tmp-live01.lock" &
holder=$!
# wait until the holder has the lock
i=0
while flock -n -x "$S/.out.tmp-live01.lock" true 2>/dev/null && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done

build
rc=$?
left=$(cd "$S" && ls -A | LC_ALL=C sort | tr '\n' ' ')
want=".other.tmp-othr01 .other.tmp-othr01.lock .out.tmp-empty2 .out.tmp-link01 .out.tmp-link01.lock .out.tmp-live01 .out.tmp-live01.lock .out.tmp-look01 .out.tmp-words1 .out.tmp-words1.lock out "
[ $rc -eq 0 ] && [ "$left" = "$want" ] &&
	ok "debris: a dead build's folder, its .old and lock go; live, look-alike, other and foreign ones stay" ||
	nok "debris: what the build removed" "rc=$rc left: $left"
[ -f "$S/.out.tmp-live01/sub/page.html" ] && [ -f "$S/.out.tmp-look01/sub/page.html" ] &&
	[ -f "$S/.out.tmp-link01/sub/page.html" ] && [ -f "$tmp/real.lock" ] &&
	ok "debris: what stays is whole" || nok "debris: what stays is whole"
[ -f "$tmp/aimed/keep.txt" ] && ok "debris: a link named like a build's folder goes, not the folder it points to" ||
	nok "debris: the folder a link pointed to was touched"
[ -f "$S/out/index.html" ] && ! ls -A "$S/out" | grep -q 'tmp\|lock' &&
	ok "debris: the site holds no lock or temporary folder" || nok "debris: the site" "$(ls -A "$S/out")"

# the holder is gone: now its folder goes too
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
holder=
build
[ ! -e "$S/.out.tmp-live01" ] && [ ! -e "$S/.out.tmp-live01.lock" ] && [ -d "$S/.out.tmp-look01" ] &&
	ok "debris: once its build is gone, the next build removes its folder" ||
	nok "debris: after the holder ended" "$(cd "$S" && ls -A | tr '\n' ' ')"
rm -rf "$S"/.out.tmp-* "$S"/.other.tmp-*

# a build killed while it writes: a bigger caseload, killed after a part of
# an unkilled build's time, until a kill leaves its folder behind
# under valgrind (make valgrind sets $VALGRIND) one copy is slow enough
copies=6
[ -n "${VALGRIND:-}" ] && copies=1
for c in "$cl"/cases/*/; do
	c=${c%/}
	k=1
	while [ $k -le $copies ]; do
		cp -R "$c" "$c-k$k"
		k=$((k + 1))
	done
done
start=$(date +%s%N)
build
ms=$((($(date +%s%N) - start) / 1000000))
left=
for f in 0.3 0.5 0.2 0.7 0.4 0.6; do
	delay=$(awk -v f="$f" -v d="$ms" 'BEGIN { printf "%.3f", f * d / 1000 }')
	"$CASELOAD" -C "$cl" --as-of $AS_OF build -o "$S/out" >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	left=$(cd "$S" && ls -A | grep '^\.out\.tmp-' | tr '\n' ' ')
	[ -n "$left" ] && break
done
if [ -z "$left" ]; then
	echo "ok debris: (no kill left a folder behind: the build was too quick to catch)"
else
	lock=$(cd "$S" && ls -A | grep '^\.out\.tmp-.*\.lock$' | head -1)
	# killed between making its lock and saying whose it is: no folder yet
	if [ ! -e "$S/${lock%.lock}" ] && [ ! -s "$S/$lock" ]; then
		ok "debris: a build killed before it made its folder leaves an empty lock"
	else
		grep -q "^caseload build of out, pid [0-9]*$" "$S/$lock" &&
			ok "debris: a killed build leaves its folder and a lock file that says whose it is" ||
			nok "debris: the killed build's lock" "$lock: $(cat "$S/$lock" 2>/dev/null)"
	fi
	build
	after=$(cd "$S" && ls -A | tr '\n' ' ')
	[ "$after" = "out " ] && ok "debris: the next build removes what the killed one left ($left)" ||
		nok "debris: after the killed build" "left: $after"
fi

# two builds of the same output at once: a slow build (the bigger
# caseload) is stopped (SIGSTOP) while it holds its lock; a quick one
# (example-cases) runs to the end meanwhile and must not take the slow one's
# folder for a killed build's; the slow one, continued, finishes and its
# site, swapped in last, is whole: the site a build from nothing makes.
# The slow build carries nearly every page over from the previous site, so
# little time may pass between its lock showing and its swap: on a loaded
# machine the stop can come after the swap, and then the quick build's site
# is rightly the last. The case counts only when the stopped build has not
# swapped yet (the output folder is still the one it started from, its lock
# still there); else it is tried again.
tree_hash() {
	(cd "$1" && find . -printf '%y %m %p %l\n' | LC_ALL=C sort &&
	 find . -type f -exec sha256sum {} + | LC_ALL=C sort -k2) | sha256sum | cut -c1-16
}
rm -rf "$S"/.out.tmp-*
small=$tmp/small
cp -R "$here/../example-cases" "$small"
rm -rf "$small/_site"
CASELOAD_NO_CACHE=1 "$CASELOAD" -C "$cl" --as-of $AS_OF build -o "$tmp/cold" >/dev/null 2>&1
hbig=$(tree_hash "$tmp/cold")
caught=0
try=0
while [ $caught -eq 0 ] && [ $try -lt 6 ]; do
	try=$((try + 1))
	build
	ino0=$(stat -c %i "$S/out")
	"$CASELOAD" -C "$cl" --as-of $AS_OF build -o "$S/out" >"$tmp/a.out" 2>"$tmp/a.err" &
	a=$!
	i=0
	while ! ls -A "$S" | grep -q '^\.out\.tmp-.*\.lock$' && [ $i -lt 3000 ]; do
		sleep 0.01
		i=$((i + 1))
	done
	kill -STOP $a
	# stopped before its swap: the same folder at out, its lock still there
	[ "$(stat -c %i "$S/out")" = "$ino0" ] && ls -A "$S" | grep -q '^\.out\.tmp-.*\.lock$' && caught=1
	if [ $caught -eq 1 ]; then
		"$CASELOAD" -C "$small" --as-of $AS_OF build -o "$S/out" >"$tmp/b.out" 2>"$tmp/b.err"
		rb=$?
	fi
	kill -CONT $a
	wait $a
	ra=$?
	a=
done
if [ $caught -eq 0 ]; then
	echo "ok debris: (two builds at once: the slow build swapped before it could be stopped, $try tries)"
else
	after=$(cd "$S" && ls -A | tr '\n' ' ')
	[ $ra -eq 0 ] && [ $rb -eq 0 ] && [ "$after" = "out " ] && [ "$(tree_hash "$S/out")" = "$hbig" ] &&
		ok "debris: a build beside a running one leaves the running one's folder: both finish, the last site is whole (try $try)" ||
		nok "debris: two builds at once" "exit $ra and $rb, left: $after $(head -2 "$tmp/a.err" "$tmp/b.err")"
fi

# builds of two caseloads into one folder, one after the other: each
# build's site is the one a build from nothing makes, though the previous
# site (and what the cache says of it) is the other caseload's
"$CASELOAD" -C "$small" --as-of $AS_OF build -o "$S/out" >/dev/null 2>&1
CASELOAD_NO_CACHE=1 "$CASELOAD" -C "$small" --as-of $AS_OF build -o "$tmp/cold-small" >/dev/null 2>&1
hsmall=$(tree_hash "$tmp/cold-small")
hs=$(tree_hash "$S/out")
build
hb=$(tree_hash "$S/out")
"$CASELOAD" -C "$small" --as-of $AS_OF build -o "$S/out" >/dev/null 2>&1
hs2=$(tree_hash "$S/out")
build
hb2=$(tree_hash "$S/out")
[ "$hs" = "$hsmall" ] && [ "$hb" = "$hbig" ] && [ "$hs2" = "$hsmall" ] && [ "$hb2" = "$hbig" ] &&
	ok "debris: builds of two caseloads into one folder, in turn: each site as a build from nothing makes it" ||
	nok "debris: two caseloads into one folder" "$hs $hb $hs2 $hb2 against $hsmall $hbig"
[ $fails -eq 0 ]

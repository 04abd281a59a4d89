#!/bin/sh
# killbuild.sh: a build killed with SIGKILL at any moment leaves the previous
# site intact. A caseload (example-cases/ with each case copied
# $KILLBUILD_COPIES times, so that a build takes a while) is built into OUT;
# then, over and over, its records are changed and a build of them is killed
# after a delay taken from a fixed list of fractions of an unkilled build's
# time. After each kill OUT must be, byte for byte, either the previous site
# or the complete new one (the kill came after the swap), a real folder; the
# temporary folders the killed build left beside OUT must not be inside it and
# must not break the next build, which must give exactly the new site.
# Until `caseload build` works (it is a stub exiting 2 in some branches),
# this prints one 'skip' line and passes. $VALGRIND set: fewer, smaller runs.
CASELOAD=${CASELOAD:-$PWD/build/caseload}
T=${KILLBUILD_TIMEOUT:-300}
if [ -n "${VALGRIND:-}" ]; then
	COPIES=${KILLBUILD_COPIES:-0}
	FRACTIONS=${KILLBUILD_FRACTIONS:-"0.2 0.5 0.8"}
else
	COPIES=${KILLBUILD_COPIES:-10}
	FRACTIONS=${KILLBUILD_FRACTIONS:-"0.01 0.05 0.12 0.2 0.28 0.37 0.45 0.53 0.62 0.7 0.78 0.87 0.95 1.05"}
fi
AS_OF=2026-05-15
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export TZ=UTC

# the probe: does build work in this binary?
cp -R example-cases "$tmp/probe"
rm -rf "$tmp/probe/_site"
timeout "$T" $CASELOAD -C "$tmp/probe" --as-of $AS_OF build -o "$tmp/probe-site" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" -ne 0 ] || [ ! -f "$tmp/probe-site/index.html" ]; then
	echo "skip killbuild: 'caseload build' of example-cases does not work in this build" \
	     "(exit $rc: $(head -1 "$tmp/err"))"
	exit 0
fi
rm -rf "$tmp/probe" "$tmp/probe-site"

# now_ms: the time in milliseconds
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# tree_hash DIR: one line for the whole tree: every path, its type, link
# target, mode and content
tree_hash() {
	(cd "$1" && find . -printf '%y %m %p %l\n' | LC_ALL=C sort &&
	 find . -type f -exec sha256sum {} + | LC_ALL=C sort -k2) | sha256sum | cut -c1-16
}

# the caseload: A and B differ in the organization's name (every page) and
# in one case's client
cl=$tmp/cl
cp -R example-cases "$cl"
rm -rf "$cl/_site"
if [ "$COPIES" -gt 0 ]; then
	for c in "$cl"/cases/*/; do
		c=${c%/}
		k=1
		while [ $k -le "$COPIES" ]; do
			cp -R "$c" "$c-k$k"
			k=$((k + 1))
		done
	done
fi
cp "$cl/caseload.yaml" "$tmp/config-A"
sed 's/^organization: .*/organization: Killed Build Test/' "$tmp/config-A" >"$tmp/config-B"
if cmp -s "$tmp/config-A" "$tmp/config-B"; then
	echo "FAIL killbuild: example-cases/caseload.yaml has no organization line to change"
	exit 0
fi
use() { cp "$tmp/config-$1" "$cl/caseload.yaml"; }

OUT=$tmp/site/out
mkdir -p "$tmp/site"
failed=0
# build STATE: an unkilled build of STATE into OUT; sets h (its hash) and ms
build() {
	use "$1"
	start=$(now_ms)
	timeout "$T" $CASELOAD -C "$cl" --as-of $AS_OF build -o "$OUT" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	ms=$(($(now_ms) - start))
	h=$(tree_hash "$OUT")
	[ "$rc" -eq 0 ]
}

if ! build B; then
	echo "FAIL killbuild: the build of B exited $rc: $(head -c 300 "$tmp/err")"
	exit 0
fi
HB=$h
if ! build A; then
	echo "FAIL killbuild: the build of A exited $rc: $(head -c 300 "$tmp/err")"
	exit 0
fi
HA=$h
D=$ms
build A
if [ "$h" != "$HA" ] || [ "$HA" = "$HB" ]; then
	echo "FAIL killbuild: sites not reproducible or not different (A $HA then $h, B $HB)"
	exit 0
fi
echo "ok killbuild: $(find "$OUT" -type f | wc -l) files, an unkilled build takes ${D} ms"

cur=A
n=0
for f in $FRACTIONS; do
	n=$((n + 1))
	[ $cur = A ] && next=B || next=A
	eval "hcur=\$H$cur hnext=\$H$next"
	delay=$(awk -v f="$f" -v d="$D" 'BEGIN { printf "%.3f", f * d / 1000 }')
	use $next
	$CASELOAD -C "$cl" --as-of $AS_OF build -o "$OUT" >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	if kill -KILL "$pid" 2>/dev/null; then killed=killed; else killed="done before the kill"; fi
	wait "$pid" 2>/dev/null
	what="killbuild run $n ($cur to $next, SIGKILL at ${delay}s, $killed)"
	if [ -L "$OUT" ] || [ ! -d "$OUT" ]; then
		echo "FAIL $what: $OUT is no longer a folder"
		failed=1
		break
	fi
	h=$(tree_hash "$OUT")
	if [ "$h" = "$hcur" ]; then
		state="the previous site intact"
	elif [ "$h" = "$hnext" ]; then
		state="the new site complete"
	else
		echo "FAIL $what: the site is neither the previous nor the new one"
		failed=1
		break
	fi
	left=$(cd "$tmp/site" && find . -mindepth 1 -maxdepth 1 ! -name out | wc -l)
	stray=$(cd "$tmp/site" && find . -mindepth 1 -maxdepth 1 ! -name out ! -name '.out.tmp-*' | head -3)
	if [ -n "$stray" ]; then
		echo "FAIL $what: unexpected files beside the site: $stray"
		failed=1
	fi
	if find "$OUT" -name '*.tmp-*' | grep -q .; then
		echo "FAIL $what: a temporary folder inside the site"
		failed=1
	fi
	echo "ok $what: $state"
	# the next build, with what the killed one left beside OUT
	if build $next && [ "$h" = "$hnext" ]; then
		echo "ok killbuild run $n: the next build succeeds ($left temporary folders beside it)"
		# and removes them: nothing is left but, for a kill between two
		# system calls, an empty lock file (write.h: tmp_dir_make)
		kept=$(cd "$tmp/site" && find . -mindepth 1 -maxdepth 1 ! -name out ! \( -name '.out.tmp-*.lock' -empty \) | head -3)
		if [ -n "$kept" ]; then
			echo "FAIL killbuild run $n: the next build left what the killed one made: $kept"
			failed=1
		fi
	else
		echo "FAIL killbuild run $n: the next build exited $rc, site $h, want $hnext: $(head -c 300 "$tmp/err")"
		failed=1
		break
	fi
	cur=$next
done
exit 0

#!/bin/sh
# replay-history.sh SRC DEST: copies the example caseload SRC into a new git
# repository DEST and commits its files as the workers would have, on the
# dates they carry, so that `make demo` shows a case's history, and an audit
# with something to find:
#   - caseload.yaml and resources/ by the supervisor before the first case;
#   - each case.yaml when the case opened (as an open case), and again when it
#     closed; plan.yaml two days after the first assessment; each assessment
#     the day after it; each note on its day or a day or two later;
#   - one note committed nine days late (late-note), one resource changed by a
#     volunteer's address that is no worker's (unknown-author), some of
#     Julien's commits from his second address (not a finding);
#   - attachments three days after opening;
#   - the newest note left uncommitted, as a draft (uncommitted).
# Author of each file: its `by:`, else the case's worker. Dates are fixed, so
# the repository is the same on every run except for the commit ids' parents'
# (they are the same too: fixed dates, names and contents give fixed ids).
set -eu
src=$1
dest=$2
rm -rf "$dest"
mkdir -p "$dest"
cp -R "$src"/. "$dest"/
cd "$dest"
git init -q -b main .
git config user.name demo
git config user.email demo@harborlight.example
git config commit.gpgsign false

# worker id -> "Name|email" from caseload.yaml's workers: block
worker() {
	awk -v id="$1" '
		/^[^ #]/ { inw = ($0 ~ /^workers:/) }
		inw && $0 ~ "^  " id ":" { hit = 1; next }
		inw && /^  [^ ]/ { hit = 0 }
		hit && /^    name:/ { sub(/^    name: */, ""); name = $0 }
		hit && /^    email:/ { sub(/^    email: */, ""); mail = $0 }
		END { print name "|" mail }' caseload.yaml
}

# field FILE KEY: the value of a top-level (or front matter) KEY
field() {
	sed -n "s/^$2: *\\([^ #]*\\).*/\\1/p" "$1" | head -1
}

# add_days DATE N
add_days() {
	date -u -d "$1 + $2 days" +%Y-%m-%d
}

events=$(mktemp)
trap 'rm -f "$events"' EXIT
# DATE|AUTHOR|SUBJECT|PATH[|variant]
echo "2024-01-08|ruth|Set up the caseload: programs, workers, instrument|caseload.yaml" >>"$events"
for r in resources/*.yaml; do
	echo "2024-01-09|ruth|Resource directory: partner agencies|$r" >>"$events"
done
newest=$(ls cases/*/notes/*.md | sed 's|.*/notes/||' | sort | tail -1)
for c in cases/*/; do
	c=${c%/}
	id=${c#cases/}
	w=$(field "$c/case.yaml" worker)
	opened=$(field "$c/case.yaml" opened)
	closed=$(field "$c/case.yaml" closed)
	echo "$opened|$w|$id: open the case|$c/case.yaml|open" >>"$events"
	[ -n "$closed" ] && echo "$closed|$w|$id: close the case|$c/case.yaml" >>"$events"
	first=""
	for a in "$c"/assessments/*.yaml; do
		[ -f "$a" ] || continue
		d=$(basename "$a" .yaml)
		[ -n "$first" ] || first=$d
		by=$(field "$a" by)
		echo "$(add_days "$d" 1)|${by:-$w}|$id: assessment of $d|$a" >>"$events"
	done
	if [ -f "$c/plan.yaml" ]; then
		echo "$(add_days "${first:-$opened}" 2)|$w|$id: service plan|$c/plan.yaml" >>"$events"
	fi
	# attachments: scanned letters and forms, the week the case opened
	find "$c" -type f ! -name case.yaml ! -name plan.yaml ! -path '*/notes/*' \
		! -path '*/assessments/*' | sort | while read -r f; do
		echo "$(add_days "$opened" 3)|$w|$id: attach $(basename "$f")|$f" >>"$events"
	done
	for n in "$c"/notes/*.md; do
		[ -f "$n" ] || continue
		base=$(basename "$n" .md)
		[ "$base.md" = "$newest" ] && continue # the draft
		d=$(field "$n" date)
		by=$(field "$n" by)
		kind=$(field "$n" kind)
		lag=$(( $(printf '%s' "$n" | cksum | cut -d' ' -f1) % 10 ))
		case $lag in [0-5]) lag=0 ;; [6-8]) lag=1 ;; *) lag=2 ;; esac
		[ "$n" = cases/hl-2026-002/notes/2026-09-10-meeting.md ] && lag=9
		echo "$(add_days "$d" $lag)|${by:-$w}|$id: $kind note of $d|$n" >>"$events"
	done
done
echo "2026-02-16|volunteer|Update the food bank's opening hours|resources/$(ls resources | head -1)|touch" >>"$events"

# Commit in date order; one commit per date, author and subject prefix (case).
n=0
sort -t'|' -k1,1 -k2,2 -k4,4 "$events" | while IFS='|' read -r d who subject path variant; do
	if [ "$who" = volunteer ]; then
		name="Front desk volunteer" mail="frontdesk.volunteer@mail.example"
	else
		nm=$(worker "$who")
		name=${nm%%|*} mail=${nm#*|}
	fi
	# every third commit of Julien's from his second address
	n=$((n + 1))
	[ "$who" = julien ] && [ $((n % 3)) = 0 ] && mail=j.lavoie@harborlight.example
	case $variant in
	open)
		# the case as it stood when opened: open, with no closing or exit yet
		awk '/^status:/ { print "status: open"; next }
		     /^closed:/ { next }
		     /^exit:/ { skip = 1; next }
		     skip && /^  / { next }
		     { skip = 0; print }' "$path" >"$path.open"
		cp "$path" "$path.final"
		mv "$path.open" "$path"
		git add -- "$path"
		mv "$path.final" "$path"
		;;
	touch)
		printf '# opening hours checked by the front desk, %s\n' "$d" >>"$path"
		git add -- "$path"
		;;
	*)
		git add -- "$path"
		;;
	esac
	# the time of day differs by author, so that same-day commits stay in order
	GIT_AUTHOR_NAME=$name GIT_AUTHOR_EMAIL=$mail \
	GIT_COMMITTER_NAME=$name GIT_COMMITTER_EMAIL=$mail \
	GIT_AUTHOR_DATE="${d}T17:$(printf '%02d' $((n % 60))):00-05:00" \
	GIT_COMMITTER_DATE="${d}T17:$(printf '%02d' $((n % 60))):00-05:00" \
		git commit -q --allow-empty -m "$subject"
done
# what the replay left different from the records: a closed case's final
# case.yaml was staged at its closing; the draft note stays untracked
git status --short | grep -v '^??' >&2 || true

#!/bin/sh
# replay-history.sh SRC DEST: copies the example caseload SRC into a new git
# repository DEST and commits its files as the workers would have, each fact
# on the day it happened, so that `make demo` shows a case's history, `--at`
# shows the records as they stood, and an audit finds one of each finding:
#   - caseload.yaml and resources/ by the supervisor before the first case;
#   - each case.yaml when the case opened (as an open case), and again when it
#     closed; plan.yaml two days after the first assessment, as it stood that
#     day (no later review, step done, goal achieved or referral answer), and
#     again on the day of each of those; each assessment the day after it;
#     each note on its day or a day or two later; attachments three days
#     after opening;
#   - late-note: one note committed nine days late (reviewed by the
#     supervisor in reviews.yaml, committed by her);
#   - future-note: one note committed two days before its date;
#   - future-entry: one step marked done the day before it was;
#   - amended: one note reworded three weeks after it was written;
#   - deleted: one note saved in the wrong case, removed days later;
#   - edit-after-close: an admin note months after a case closed;
#   - unknown-author: a resource changed from a volunteer's address;
#   - uncommitted: the newest note left as a draft;
#   - and what is not a finding: some of Julien's commits from his second
#     address, follow-up notes after closing, an addendum (amends:).
# Author of each file: its `by:`, else the case's worker. Dates, names and
# contents are fixed, so the commit ids are the same on every run. Only sh,
# awk, sed, date and git: `make demo` needs nothing else.
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
git config core.autocrlf false

# The findings the replay makes, one of each kind (see above).
late_note=cases/hl-2026-002/notes/2026-09-10-meeting.md
ahead_note=cases/hl-2026-003/notes/2026-11-10-collateral.md
ahead_fact="cases/hl-2026-004/plan.yaml 2026-09-24"
amended_note=cases/hl-2026-002/notes/2026-05-15-visit.md
wrong_case=cases/hl-2026-004/notes/2026-10-28-visit.md
wrong_from=cases/hl-2025-004/notes/2026-10-28-visit.md

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

# plan_dates FILE: the days of the plan's facts (reviewed, achieved, done, a
# referral sent or answered), one a line
plan_dates() {
	grep -oE '(reviewed|achieved|done|sent|answered): *"?[0-9]{4}-[0-9]{2}-[0-9]{2}' "$1" |
		grep -oE '[0-9]{4}-[0-9]{2}-[0-9]{2}' | sort -u
}

# plan_as_of FILE DAY: the plan as it stood on DAY: a later review left out,
# a goal achieved later still active, a step done later still todo (without
# its result), a referral sent later left out, one answered later still sent
plan_as_of() {
	awk -v D="$2" '
	function ind(s) { match(s, /^ */); return RLENGTH }
	function day(s) { if (match(s, /[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]/)) return substr(s, RSTART, 10); return "" }
	function later(s,   d) { d = day(s); return d != "" && d > D }
	# pass 1: which goals, steps and referrals hold facts after D
	NR == FNR {
		if ($0 ~ /^  - /) { g++; s0 = 0 }
		if ($0 ~ /^      - /) { s++ }
		if ($0 ~ /^    achieved:/ && later($0)) ga[g] = 1
		if (s && $0 ~ /^        done:/ && later($0)) sd[s] = 1
		if (s && $0 ~ /^        referral:/) {
			inref = s
			if ($0 ~ /sent: *"?[0-9]/) { t = $0; sub(/.*sent: */, "", t); if (later(t)) rs[s] = 1 }
			if ($0 ~ /answered: *"?[0-9]/) { t = $0; sub(/.*answered: */, "", t); if (later(t)) ra[s] = 1 }
			next
		}
		if (inref && ind($0) >= 10) {
			if ($0 ~ /^ *sent:/ && later($0)) rs[inref] = 1
			if ($0 ~ /^ *answered:/ && later($0)) ra[inref] = 1
			next
		}
		inref = 0
		next
	}
	# pass 2: the plan as of D
	{
		if ($0 ~ /^  - /) { g2++ }
		if ($0 ~ /^      - /) { s2++ }
		if (skip && ind($0) > skip) next
		skip = 0
		if ($0 ~ /^reviewed:/ && later($0)) next
		if (ga[g2] && $0 ~ /^    achieved:/) next
		if (ga[g2] && $0 ~ /^    status: *achieved/) { print "    status: active"; next }
		if (s2 && sd[s2] && $0 ~ /^        done:/) next
		if (s2 && sd[s2] && $0 ~ /^        status: *done/) { print "        status: todo"; next }
		if (s2 && sd[s2] && $0 ~ /^        result:/) { skip = 8; next }
		if (s2 && $0 ~ /^        referral:/) {
			ref2 = s2
			if (rs[s2]) { skip = 8; next }
			if (ra[s2] && $0 ~ /{/) {
				gsub(/, *(answered|status|reason): *[^,}]*/, "")
				gsub(/{ *(answered|status|reason): *[^,}]*, */, "{")
			}
			print; next
		}
		if (ref2 && ind($0) >= 10 && ra[ref2] && $0 ~ /^ *(answered|status|reason):/) next
		if (ind($0) < 10) ref2 = 0
		print
	}' "$1" "$1"
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
		p0=$(add_days "${first:-$opened}" 2)
		echo "$p0|$w|$id: service plan|$c/plan.yaml|plan:$p0" >>"$events"
		for d in $(plan_dates "$c/plan.yaml"); do
			[ "$d" \> "$p0" ] || continue
			on=$d
			# the one fact recorded ahead of its day (future-entry)
			[ "$c/plan.yaml $d" = "$ahead_fact" ] && on=$(add_days "$d" -1)
			echo "$on|$w|$id: plan brought up to date|$c/plan.yaml|plan:$d" >>"$events"
		done
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
		variant=
		case $n in
		"$late_note") lag=9 ;;
		"$ahead_note") lag=-2 ;;
		"$amended_note")
			lag=0 variant=earlier
			echo "$(add_days "$d" 21)|${by:-$w}|$id: $kind note of $d reworded|$n" >>"$events"
			;;
		esac
		echo "$(add_days "$d" $lag)|${by:-$w}|$id: $kind note of $d|$n${variant:+|$variant}" >>"$events"
	done
done
# a note saved in the wrong case, and removed from it
d=$(field "$wrong_from" date)
by=$(field "$wrong_from" by)
wid=${wrong_case#cases/} wid=${wid%%/*}
echo "$d|$by|$wid: visit note|$wrong_case|wrong" >>"$events"
echo "$(add_days "$d" 5)|$by|$wid: remove a note saved in the wrong case|$wrong_case|remove" >>"$events"
echo "2026-02-16|volunteer|Update the food bank's opening hours|resources/$(ls resources | head -1)|touch" >>"$events"
# the supervisor's reviews, with each finding's commit as this replay made it
[ -f reviews.yaml ] &&
	echo "$(sed -n 's/^ *date: *\([0-9-]*\).*/\1/p' reviews.yaml | sort | tail -1)|ruth|Review audit findings|reviews.yaml|reviews" >>"$events"

# set_aside PATH: keeps the file as it is in the records, to put back after
# the commit (a version of it is committed instead)
set_aside() {
	cp "$1" "$1.final"
}

# Commit in date order; one commit per date, author and subject prefix (case).
n=0
sort -t'|' -k1,1 -k2,2 -k4,4 -k3,3 "$events" | while IFS='|' read -r d who subject path variant; do
	if [ "$who" = volunteer ]; then
		name="Front desk volunteer" mail="frontdesk.volunteer@mail.example"
	else
		nm=$(worker "$who")
		name=${nm%%|*} mail=${nm#*|}
	fi
	# every third commit of Julien's from his second address
	n=$((n + 1))
	[ "$who" = julien ] && [ $((n % 3)) = 0 ] && mail=j.lavoie@harborlight.example
	kept=
	case $variant in
	open)
		# the case as it stood when opened: open, with no closing or exit yet
		set_aside "$path" && kept=1
		awk '/^status:/ { print "status: open"; next }
		     /^closed:/ { next }
		     /^exit:/ { skip = 1; next }
		     skip && /^  / { next }
		     { skip = 0; print }' "$path.final" >"$path"
		git add -- "$path"
		;;
	plan:*)
		set_aside "$path" && kept=1
		plan_as_of "$path.final" "${variant#plan:}" >"$path"
		git add -- "$path"
		;;
	earlier)
		# the note as first written: a figure corrected three weeks later
		set_aside "$path" && kept=1
		sed 's/pays 80% of the rent/pays 75% of the rent/' "$path.final" >"$path"
		git add -- "$path"
		;;
	wrong)
		cp "$wrong_from" "$path"
		git add -- "$path"
		;;
	remove)
		git rm -q -- "$path"
		;;
	reviews)
		# each late-note id names the commit that first added its note
		set_aside "$path" && kept=1
		: >"$path"
		while IFS= read -r line; do
			case $line in
			*"finding: late-note/"*)
				f=${line#*finding: late-note/} f=${f#*/}
				c=$(git log --format=%H --diff-filter=A -- "$f" | tail -1 | cut -c1-12)
				printf '%s\n' "${line%%late-note/*}late-note/$c/$f" >>"$path"
				;;
			*) printf '%s\n' "$line" >>"$path" ;;
			esac
		done <"$path.final"
		cp "$path" "$path.final"
		git add -- "$path"
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
	[ -z "$kept" ] || mv "$path.final" "$path"
done
# what the replay left different from the records: the draft note stays
# untracked
git status --short | grep -v '^??' >&2 || true

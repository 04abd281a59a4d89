#!/bin/sh
# make.sh: files over and at the limit of 1 MiB (1048576 bytes), too big to
# commit; run in a copy of the fixture.
set -e
# file PATH SIZE HEAD: HEAD, then one comment line, SIZE bytes in all
file() {
	mkdir -p "$(dirname "$1")"
	{ printf '%s' "$3"; head -c $(($2 - ${#3} - 1)) /dev/zero | tr '\0' '#'; echo; } > "$1"
	[ "$(wc -c < "$1")" -eq "$2" ]
}
file resources/exact.yaml 1048576 'name: Exactly 1 MiB
'
file resources/over.yaml 1048577 'name: One byte more
'
file cases/c-1/notes/2026-01-10-visit.md 2000000 '---
date: 2026-01-10
by: ana
kind: visit
---
'
file cases/c-2/case.yaml 1048577 'client: {name: Big}
'
# attachments may have any size
file cases/c-1/scan.txt 3000000 'scan'
file cases/c-1/notes/recording.txt 2000000 'audio'

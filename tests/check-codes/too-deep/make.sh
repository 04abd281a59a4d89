#!/bin/sh
# make.sh: files nested 64 and 65 levels deep (the top-level mapping is
# depth 1), too unwieldy to commit; run in a copy of the fixture.
set -e
mkdir -p resources
# flow N: N '[' then N ']'
flow() { i=0; while [ $i -lt "$1" ]; do printf '['; i=$((i + 1)); done
	i=0; while [ $i -lt "$1" ]; do printf ']'; i=$((i + 1)); done; echo; }
# block N: N mappings, each inside the one before and indented 2 more
block() { i=1; while [ $i -le "$1" ]; do printf '%*sk:\n' $((2 * i)) ''; i=$((i + 1)); done; }
{ printf 'name: Depth 64\nextra: '; flow 63; } > resources/flow64.yaml
{ printf 'name: Depth 65\nextra: '; flow 64; } > resources/flow65.yaml
{ printf 'name: Depth 65\nextra:\n'; block 64; } > resources/block65.yaml
mkdir -p cases/c-1/notes
{ printf -- '---\ndate: 2026-01-10\nby: ana\nkind: visit\nextra: '; flow 64; printf -- '---\n'; } \
	> cases/c-1/notes/2026-01-10-visit.md

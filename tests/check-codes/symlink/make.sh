#!/bin/sh
# make.sh: symbolic links (out of the caseload, in a loop, inside it) and a
# case with more folders than check lists; run in a copy of the fixture.
set -e
mkdir -p resources
ln -s /etc/passwd resources/outside.yaml
ln -s ../no/such/file.yaml resources/dangling.yaml
ln -s ../shared/legal.yaml resources/inside.yaml
ln -s / cases/c-2
mkdir -p cases/c-1/notes
ln -s /etc/passwd cases/c-1/notes/2026-01-10-visit.md
ln -s . cases/c-1/loop
# c-3: 1030 folders below the case folder are more than check lists (1024)
mkdir -p cases/c-3
cp cases/c-1/case.yaml cases/c-3/
(cd cases/c-3 && seq 1 1030 | sed 's/^/d/' | xargs mkdir)

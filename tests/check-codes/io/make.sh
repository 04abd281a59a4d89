#!/bin/sh
# make.sh: records that are not regular files (folders and FIFOs by a
# record's name), which git cannot hold; run in a copy of the fixture.
set -e
mkdir resources/legal.yaml cases/c-1/case.yaml
mkfifo resources/fifo.yaml cases/c-2/plan.yaml
mkdir -p cases/c-2/notes cases/c-2/assessments
mkfifo cases/c-2/notes/2026-01-10-visit.md cases/c-2/assessments/2026-01-10.yaml

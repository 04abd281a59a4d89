#!/bin/sh
# make.sh: the files of this fixture that cannot sensibly be committed (byte
# order marks, CRLF, invalid UTF-8, NUL, UTF-16/32); run in a copy of the fixture.
set -e
mkdir -p resources
r=resources
printf '\377\376n\000a\000m\000e\000:\000 \000X\000\n\000' > $r/utf16le.yaml
printf '\376\377\000n\000a\000m\000e\000:\000 \000X\000\n' > $r/utf16be.yaml
printf '\377\376\000\000n\000\000\000' > $r/utf32le.yaml
printf '\000\000\376\377\000\000\000n' > $r/utf32be.yaml
# after a BOM, columns count from the first character after it
printf '\357\273\277name: Caf\303\251 \377\n' > $r/bom.yaml
# CRLF; columns count code points (each é is one)
printf 'name: Crlf\r\nphone: \303\251\303\251\200\r\n' > $r/crlf.yaml
printf 'name: Nul\nphone: "1\0002"\n' > $r/nul.yaml
# an overlong '/', a UTF-16 surrogate, a sequence cut short by the end of file
printf 'name: Overlong\naddress: \300\257\n' > $r/overlong.yaml
printf 'name: Surrogate\naddress: \355\240\200\n' > $r/surrogate.yaml
printf 'name: Cut\naddress: ab\342\202' > $r/cut.yaml
# valid: a BOM, CRLF, two- and four-byte characters
printf '\357\273\277name: Caf\303\251 \360\237\217\240\r\nphone: "555"\r\n' > $r/valid.yaml
# a note: the line counts the front matter too
mkdir -p cases/c-1/notes
printf -- '---\ndate: 2026-01-20\nby: ana\nkind: visit\n---\nCaf\303\251 \377 here\n' > cases/c-1/notes/2026-01-20-visit.md
# a case.yaml in UTF-16: the case's other files are still checked
mkdir -p cases/c-2/notes
printf '\377\376c\000:\000\n\000' > cases/c-2/case.yaml
printf -- '---\ndate: 2026-01-21\nby: ana\nkind: visit\nmood: good\n---\nA note.\n' > cases/c-2/notes/2026-01-21-visit.md

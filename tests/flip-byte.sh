#!/bin/sh
# flip-byte.sh FILE OFFSET: turns the byte at OFFSET of FILE into its
# complement, so that the file always changes there (the cache fault tests:
# writing a fixed byte changes nothing in one file out of 256, as when a
# sanitizer build's id already had the 'X' a test wrote into it). Nothing
# when FILE is shorter.
[ "$2" -ge 0 ] && [ "$(wc -c <"$1")" -gt "$2" ] || exit 0
b=$(od -An -tu1 -j"$2" -N1 "$1" | tr -d ' ')
printf "\\$(printf '%03o' $((b ^ 255)))" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null

#!/usr/bin/env python3
"""tests/history-cache-seal.py FILE: writes the checksum of a history cache
(<git dir>/caseload/history, history.nolines) again after a test changed
its bytes on purpose, so that the change itself, not the checksum, is what
the program meets. The checksum is tool/util.c's hash64 (seed 1) of all
that follows it; it sits right after the magic line."""
import struct
import sys

MAGIC = b'caseload history cache 7\n'
K = 0x9E3779B97F4A7C15
M = (1 << 64) - 1


def hash64(d, h):
    n, i = len(d), 0
    while n - i >= 8:
        h = ((h ^ struct.unpack_from('<Q', d, i)[0]) * K) & M
        h ^= h >> 29
        i += 8
    w = int.from_bytes(d[i:] + bytes(8 - (n - i)), 'little')
    h = ((h ^ w ^ ((n - i) << 56)) * K) & M
    return h ^ (h >> 32)


def main():
    path = sys.argv[1]
    with open(path, 'rb') as f:
        b = bytearray(f.read())
    if not b.startswith(MAGIC) or len(b) < len(MAGIC) + 8:
        sys.exit('%s: not a history cache of this version' % path)
    struct.pack_into('<Q', b, len(MAGIC), hash64(bytes(b[len(MAGIC) + 8:]), 1))
    with open(path, 'wb') as f:
        f.write(b)


if __name__ == '__main__':
    main()

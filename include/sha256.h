/* sha256.h: SHA-256 (FIPS 180-4, computed by nettle), for the hash of an inline style sheet
 * that a self-contained page's Content-Security-Policy allows. */
#ifndef CASELOAD_SHA256_H
#define CASELOAD_SHA256_H

#include <stddef.h>

/* sha256: the digest of data[0..n) into out. */
void sha256(const void *data, size_t n, unsigned char out[32]);

#endif

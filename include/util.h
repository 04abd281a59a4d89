/* util.h: memory wrappers that die on exhaustion, a growable byte buffer,
 * and a string arena. Everything here is small and has no hidden state.
 *
 * How each layer reports what went wrong (one convention per layer):
 * - The faces (main.c, cmd.c, cmd_<command>.c) alone read argv, print
 *   messages about the command (cmd_err: "caseload COMMAND: ..." on
 *   stderr), and choose the exit code (0, 1, 2: SPEC §4); only main calls
 *   exit.
 * - Reading the records (yaml.c, records.c) and the rules (check.c, due.c,
 *   audit.c, outcomes.c): a problem in the records is data: appended to a
 *   struct diags (file, line, column, code, message), and the work goes on
 *   (a broken file is recorded and skipped). A source that cannot be read
 *   at all is -1 with the reason in src->err.
 * - Everything else (source, history, cache, site, templates, write.c):
 *   returns 0, or -1 with one message for people in the err it was given
 *   (struct buf *err, h->err, src->err) or errno (write.c); never prints,
 *   never exits.
 * - A rule of an API broken by its caller (never by input) aborts after
 *   "internal error"; exhausted memory exits 2 from the x-wrappers. */
#ifndef CASELOAD_UTIL_H
#define CASELOAD_UTIL_H

#include <stdarg.h>
#include <pthread.h>
#include <stddef.h>

/* Allocation wrappers: each returns memory the caller frees with free();
 * on exhaustion they print a message and exit(2). */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* xreallocarray: like xrealloc for n elements of size bytes, overflow-checked. */
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* xasprintf: a formatted string; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow *v (holding *cap elements of size bytes) so that index n fits. */
#define VEC_GROW(v, n, cap)                                            \
	do {                                                           \
		if ((n) >= (cap)) {                                    \
			(cap) = (cap) ? 2 * (cap) : 8;                 \
			(v) = xreallocarray((v), (cap), sizeof(*(v))); \
		}                                                      \
	} while (0)

/* A growable NUL-terminated byte buffer. Zero-initialise it
 * (struct buf b = {0};) and release it with buf_free. */
struct buf {
	char *s;
	size_t len;
	size_t cap;
};
void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const char *s, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* buf_html: appends s with & < > " ' escaped for HTML text and attributes. */
void buf_html(struct buf *b, const char *s, size_t n);
/* buf_base64: appends data[0..n) in base64 (RFC 4648, with padding). */
void buf_base64(struct buf *b, const void *data, size_t n);
void buf_reset(struct buf *b);
/* buf_detach: returns the string (never NULL) and empties b; the caller frees it. */
char *buf_detach(struct buf *b);
void buf_free(struct buf *b);

/* A string arena: many small strings freed together by arena_free. */
struct arena {
	struct arena_block *head;
};
void *arena_alloc(struct arena *a, size_t n);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
/* arena_adopt: what from holds is freed with into from now on; from is empty. */
void arena_adopt(struct arena *into, struct arena *from);
void arena_free(struct arena *a);

/* utf8_valid: returns the byte offset of the first invalid sequence in s[0..n),
 * or (size_t)-1 when all of it is valid UTF-8 (overlongs, surrogates and code
 * points above U+10FFFF are invalid). */
size_t utf8_valid(const char *s, size_t n);
/* utf8_len: the number of code points in s[0..n) (valid UTF-8 assumed). */
size_t utf8_len(const char *s, size_t n);

/* run_on_threads: fn(jobs + k * size) for each k < n: job 0 on this
 * thread, the others each on a thread of their own, and here, after job 0,
 * any whose thread could not start. Returns once all are done. */
void run_on_threads(void *jobs, size_t size, size_t n, void *(*fn)(void *));
/* run_beside: fn(jobs + k * size) for each k < n, each on a thread of its
 * own, while here(arg) runs on this thread; then, here, any whose thread
 * could not start. Returns once all are done. */
void run_beside(void *jobs, size_t size, size_t n, void *(*fn)(void *), void (*here)(void *), void *arg);
/* lock_init: m, for a lock the loader's threads take for a few instructions
 * per file: it spins a moment before it sleeps (PTHREAD_MUTEX_ADAPTIVE_NP),
 * which spares them a system call each time they meet (8% of a warm check
 * at 10,000 cases). */
void lock_init(pthread_mutex_t *m);

/* hash64: a 64-bit hash of p[0..n) continuing from seed (not for secrets:
 * for cache keys and checksums). */
unsigned long long hash64(const void *p, size_t n, unsigned long long seed);

/* id_valid: 1 when s matches [A-Za-z0-9][A-Za-z0-9_-]{0,63}. */
int id_valid(const char *s);

/* edit_distance: Levenshtein distance of a and b, capped at max+1. */
int edit_distance(const char *a, const char *b, int max);
/* nearest: the candidate nearest to s within a distance that makes sense
 * for its length, or NULL. cands is NULL-terminated. */
const char *nearest(const char *s, const char *const *cands);
/* nearest_within: the candidate nearest to s within max edits (the first
 * of those equally near), or NULL. cands[0..n) need no NULL at the end. */
const char *nearest_within(const char *s, const char *const *cands, size_t n, int max);

#endif

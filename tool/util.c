/* util.c: allocation wrappers, byte buffers, arenas, UTF-8 and id checks,
 * nearest-word suggestions. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/base64.h>

#include "util.h"

static void
oom(void)
{
	fputs("caseload: out of memory\n", stderr);
	exit(2);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		oom();
	return xrealloc(p, n * size);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return buf_detach(&b);
}

void
buf_grow(struct buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1) {
		if (cap > SIZE_MAX / 2)
			oom();
		cap *= 2;
	}
	b->s = xrealloc(b->s, cap);
	b->cap = cap;
}

void
buf_add(struct buf *b, const char *s, size_t n)
{
	buf_grow(b, n);
	if (n)
		memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_putc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	/* most formats only put strings together ("cases/%s/notes/%s"): that
	 * is done here, as vsnprintf costs some hundred instructions a call,
	 * which the loader pays for every file */
	const char *f = fmt;
	while ((f = strchr(f, '%')) && f[1] == 's')
		f += 2;
	if (!f) {
		for (f = fmt; *f;) {
			const char *pct = strchr(f, '%');
			size_t lit = pct ? (size_t)(pct - f) : strlen(f);
			buf_add(b, f, lit);
			if (!pct)
				break;
			const char *arg = va_arg(ap, const char *);
			if (!arg)
				arg = "(null)"; /* as glibc prints it */
			buf_add(b, arg, strlen(arg));
			f = pct + 2;
		}
		buf_grow(b, 0);
		b->s[b->len] = '\0';
		return;
	}
	/* else print into the room there is, and again when it was too little */
	va_list ap2;
	va_copy(ap2, ap);
	if (b->cap - b->len < 64)
		buf_grow(b, 64);
	int n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		b->s[b->len] = '\0';
		return;
	}
	if ((size_t)n >= b->cap - b->len) {
		buf_grow(b, (size_t)n);
		vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
buf_html(struct buf *b, const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_add(b, s + start, i - start);
		buf_puts(b, rep);
		start = i + 1;
	}
	buf_add(b, s + start, n - start);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

char *
buf_detach(struct buf *b)
{
	char *s = b->s ? b->s : xstrdup("");
	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void
buf_free(struct buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

struct arena_block {
	struct arena_block *next;
	size_t used, cap;
	_Alignas(max_align_t) char data[];
};

void *
arena_alloc(struct arena *a, size_t n)
{
	n = (n + 15) & ~(size_t)15;
	struct arena_block *blk = a->head;
	if (!blk || blk->cap - blk->used < n) {
		/* blocks of 2 KiB, doubling up to 64 KiB: most arenas hold one
		 * small YAML file */
		size_t want = !blk ? 2048 : blk->cap < 32768 ? blk->cap * 2 : 65536;
		size_t cap = n > want ? n : want;
		blk = xmalloc(sizeof(*blk) + cap);
		blk->used = 0;
		blk->cap = cap;
		blk->next = a->head;
		a->head = blk;
	}
	void *p = blk->data + blk->used;
	blk->used += n;
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void
arena_adopt(struct arena *into, struct arena *from)
{
	struct arena_block *last = from->head;
	if (!last)
		return;
	while (last->next)
		last = last->next;
	if (into->head) {
		/* after into's first block, which stays the one allocated from */
		last->next = into->head->next;
		into->head->next = from->head;
	} else {
		into->head = from->head;
	}
	from->head = NULL;
}

void
arena_free(struct arena *a)
{
	struct arena_block *blk = a->head;
	while (blk) {
		struct arena_block *next = blk->next;
		free(blk);
		blk = next;
	}
	a->head = NULL;
}

size_t
utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		/* ASCII, eight bytes at a time: most of any record */
		uint64_t w;
		while (n - i >= 8 && (memcpy(&w, s + i, 8), (w & 0x8080808080808080u) == 0))
			i += 8;
		if (i >= n)
			break;
		unsigned c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t len;
		uint32_t cp, min;
		if (c >= 0xC2 && c <= 0xDF) {
			len = 2;
			cp = c & 0x1F;
			min = 0x80;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			cp = c & 0x0F;
			min = 0x800;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			cp = c & 0x07;
			min = 0x10000;
		} else {
			return i;
		}
		if (n - i < len)
			return i;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return i;
		i += len;
	}
	return (size_t)-1;
}

size_t
utf8_len(const char *s, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			count++;
	return count;
}

unsigned long long
hash64(const void *data, size_t n, unsigned long long seed)
{
	const unsigned char *s = data;
	const uint64_t k = 0x9E3779B97F4A7C15u;
	uint64_t h = seed;
	while (n >= 8) {
		uint64_t w;
		memcpy(&w, s, 8);
		h = (h ^ w) * k;
		h ^= h >> 29;
		s += 8;
		n -= 8;
	}
	uint64_t w = 0;
	memcpy(&w, s, n);
	h = (h ^ w ^ (uint64_t)n << 56) * k;
	return h ^ (h >> 32);
}

int
id_valid(const char *s)
{
	size_t i;
	if (!s || !((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z') ||
	            (s[0] >= '0' && s[0] <= '9')))
		return 0;
	for (i = 1; s[i]; i++) {
		char c = s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-'))
			return 0;
		if (i >= 64)
			return 0;
	}
	return 1;
}

int
edit_distance(const char *a, const char *b, int max)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return max + 1;
	/* optimal string alignment: Levenshtein, plus a swap of two neighbours
	 * counted as one edit; rows i-2 (pp), i-1 (p) and i (cur) */
	int r0[65], r1[65], r2[65];
	int *pp = r0, *p = r1, *cur = r2;
	for (size_t j = 0; j <= lb; j++)
		p[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = (int)i;
		int best = cur[0];
		for (size_t j = 1; j <= lb; j++) {
			int v = p[j - 1] + (a[i - 1] != b[j - 1]);
			if (p[j] + 1 < v)
				v = p[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			cur[j] = v;
			if (v < best)
				best = v;
		}
		/* a row all above max stays so: a swap reaches back two rows, and
		 * those were at least max then */
		if (best > max)
			return max + 1;
		int *t = pp;
		pp = p;
		p = cur;
		cur = t;
	}
	return p[lb] > max ? max + 1 : p[lb];
}

const char *
nearest(const char *s, const char *const *cands)
{
	size_t len = strlen(s);
	int max = len <= 3 ? 1 : len <= 6 ? 2 : 3;
	const char *best = NULL;
	int bestd = max + 1;
	for (size_t i = 0; cands[i]; i++) {
		int d = edit_distance(s, cands[i], max);
		if (d < bestd) {
			bestd = d;
			best = cands[i];
		}
	}
	return best;
}

const char *
nearest_within(const char *s, const char *const *cands, size_t n, int max)
{
	const char *best = NULL;
	int bestd = max + 1;
	for (size_t i = 0; i < n; i++) {
		int d = edit_distance(s, cands[i], max);
		if (d < bestd) {
			bestd = d;
			best = cands[i];
		}
	}
	return best;
}

void
buf_base64(struct buf *b, const void *data, size_t n)
{
	/* nettle encodes; in pieces of 3 Ki octets, so the stack buffer is small */
	char out[BASE64_ENCODE_RAW_LENGTH(3072)];
	const uint8_t *p = data;
	while (n) {
		size_t take = n < 3072 ? n : 3072;
		base64_encode_raw(out, take, p);
		buf_add(b, out, BASE64_ENCODE_RAW_LENGTH(take));
		p += take;
		n -= take;
	}
}

void
lock_init(pthread_mutex_t *m)
{
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ADAPTIVE_NP);
	pthread_mutex_init(m, &a);
	pthread_mutexattr_destroy(&a);
}

/* on_threads: jobs from..n-1 each on a thread of its own while here(arg)
 * runs on this one; then those whose thread could not start, here. */
static void
on_threads(char *j, size_t size, size_t from, size_t n, void *(*fn)(void *), void (*here)(void *), void *arg)
{
	pthread_t *th = n > from ? xcalloc(n, sizeof(*th)) : NULL;
	unsigned char *started = n > from ? xcalloc(n, 1) : NULL;
	for (size_t k = from; k < n; k++)
		started[k] = pthread_create(&th[k], NULL, fn, j + k * size) == 0;
	here(arg);
	for (size_t k = from; k < n; k++) {
		if (started[k])
			pthread_join(th[k], NULL);
		else
			fn(j + k * size);
	}
	free(th);
	free(started);
}

struct first_job {
	void *(*fn)(void *);
	void *job;
};

static void
first_job(void *arg)
{
	struct first_job *f = arg;
	f->fn(f->job);
}

void
run_on_threads(void *jobs, size_t size, size_t n, void *(*fn)(void *))
{
	struct first_job f = {fn, jobs};
	on_threads(jobs, size, 1, n, fn, first_job, &f);
}

void
run_beside(void *jobs, size_t size, size_t n, void *(*fn)(void *), void (*here)(void *), void *arg)
{
	on_threads(jobs, size, 0, n, fn, here, arg);
}

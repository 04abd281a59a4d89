/* diff.c: a line diff (diff.h): the common lines at both ends are kept
 * as they are, and the part between is a longest common subsequence of
 * lines (a table of (n+1) x (m+1) lengths, bounded) or, when too big,
 * removed and added whole. Notes are short: this is enough. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "util.h"

/* The largest table of lengths the middle may take: 4 Mi cells. */
#define DIFF_MAX_CELLS (4u << 20)

struct line {
	const char *s;
	size_t len;
	uint64_t hash;
};

/* split: the lines of t[0..n), each with its '\n'; the caller frees *out. */
static size_t
split(const char *t, size_t n, struct line **out)
{
	size_t k = 0, cap = 8;
	struct line *v = xmalloc(cap * sizeof(*v)); /* never NULL: callers offset it */
	for (size_t i = 0; i < n;) {
		const char *nl = memchr(t + i, '\n', n - i);
		size_t len = nl ? (size_t)(nl - (t + i)) + 1 : n - i;
		VEC_GROW(v, k, cap);
		uint64_t h = 1469598103934665603ULL;
		for (size_t j = 0; j < len; j++)
			h = (h ^ (unsigned char)t[i + j]) * 1099511628211ULL;
		v[k++] = (struct line){t + i, len, h};
		i += len;
	}
	*out = v;
	return k;
}

static int
same(const struct line *a, const struct line *b)
{
	return a->hash == b->hash && a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
}

static void
push(struct diff *d, size_t *cap, enum diff_op op, const struct line *l)
{
	VEC_GROW(d->v, d->n, *cap);
	d->v[d->n++] = (struct diff_line){op, l->s, l->len};
	if (op == DIFF_DEL)
		d->removed++;
	else if (op == DIFF_ADD)
		d->added++;
}

void
diff_lines(struct diff *d, const char *a, size_t alen, const char *b, size_t blen)
{
	struct line *la, *lb;
	size_t na = split(a, alen, &la), nb = split(b, blen, &lb), cap = 0;
	memset(d, 0, sizeof(*d));
	size_t pre = 0, suf = 0;
	while (pre < na && pre < nb && same(&la[pre], &lb[pre]))
		pre++;
	while (suf < na - pre && suf < nb - pre && same(&la[na - 1 - suf], &lb[nb - 1 - suf]))
		suf++;
	for (size_t i = 0; i < pre; i++)
		push(d, &cap, DIFF_SAME, &la[i]);
	const struct line *x = la + pre, *y = lb + pre;
	size_t n = na - pre - suf, m = nb - pre - suf;
	if (n && m && (n + 1) <= DIFF_MAX_CELLS / (m + 1)) {
		/* L[i][j]: the longest common subsequence of x[i..n) and y[j..m);
		 * min(n, m) < 2048 here, so it fits 16 bits */
		size_t w = m + 1;
		uint16_t *L = xcalloc((n + 1) * w, sizeof(*L));
		for (size_t i = n; i-- > 0;)
			for (size_t j = m; j-- > 0;)
				L[i * w + j] = same(&x[i], &y[j]) ? L[(i + 1) * w + j + 1] + 1
				               : L[(i + 1) * w + j] >= L[i * w + j + 1]
				                       ? L[(i + 1) * w + j]
				                       : L[i * w + j + 1];
		size_t i = 0, j = 0;
		while (i < n && j < m) {
			if (same(&x[i], &y[j])) {
				push(d, &cap, DIFF_SAME, &x[i++]);
				j++;
			} else if (L[(i + 1) * w + j] >= L[i * w + j + 1]) {
				push(d, &cap, DIFF_DEL, &x[i++]);
			} else {
				push(d, &cap, DIFF_ADD, &y[j++]);
			}
		}
		for (; i < n; i++)
			push(d, &cap, DIFF_DEL, &x[i]);
		for (; j < m; j++)
			push(d, &cap, DIFF_ADD, &y[j]);
		free(L);
	} else {
		for (size_t i = 0; i < n; i++)
			push(d, &cap, DIFF_DEL, &x[i]);
		for (size_t j = 0; j < m; j++)
			push(d, &cap, DIFF_ADD, &y[j]);
	}
	for (size_t i = na - suf; i < na; i++)
		push(d, &cap, DIFF_SAME, &la[i]);
	free(la);
	free(lb);
}

void
diff_free(struct diff *d)
{
	free(d->v);
	memset(d, 0, sizeof(*d));
}

/* diag.c: the list of problems found in the records. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"

enum severity
diag_severity(const char *code)
{
	static const char *const warnings[] = {
		"unknown-key", "unscored",       "date-order", "no-consent",  "file-name",
		"empty-note",  "uncovered-need", "language",   "worker-left", NULL};
	for (size_t i = 0; warnings[i]; i++)
		if (strcmp(code, warnings[i]) == 0)
			return SEV_WARNING;
	return SEV_ERROR;
}

void
diag_add(struct diags *d, const char *file, int line, int col, const char *code, const char *hint,
         const char *fmt, ...)
{
	VEC_GROW(d->v, d->n, d->cap);
	struct diag *g = &d->v[d->n++];
	struct buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	g->file = xstrdup(file);
	g->line = line;
	g->col = col;
	g->code = code;
	g->sev = diag_severity(code);
	g->message = buf_detach(&b);
	g->hint = hint ? xstrdup(hint) : NULL;
	g->seq = d->n - 1;
}

void
diag_move(struct diags *into, struct diags *from)
{
	for (size_t i = 0; i < from->n; i++) {
		VEC_GROW(into->v, into->n, into->cap);
		into->v[into->n] = from->v[i];
		into->v[into->n].seq = into->n;
		into->n++;
	}
	free(from->v);
	*from = (struct diags){0};
}

int
diag_order(const struct diag *a, const struct diag *b)
{
	int c = strcmp(a->file, b->file);
	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	c = strcmp(a->code, b->code);
	if (c)
		return c;
	/* qsort is not stable: fall back to the insertion order */
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int
diag_cmp(const void *pa, const void *pb)
{
	return diag_order(pa, pb);
}

void
diag_sort(struct diags *d)
{
	if (d->n > 1)
		qsort(d->v, d->n, sizeof(d->v[0]), diag_cmp);
}

void
diag_count(const struct diags *d, size_t *errors, size_t *warnings)
{
	*errors = *warnings = 0;
	for (size_t i = 0; i < d->n; i++) {
		if (d->v[i].sev == SEV_ERROR)
			(*errors)++;
		else
			(*warnings)++;
	}
}

char *
diag_summary(size_t errors, size_t warnings)
{
	return xasprintf("%zu error%s, %zu warning%s", errors, errors == 1 ? "" : "s", warnings,
	                 warnings == 1 ? "" : "s");
}

void
diag_free(struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].message);
		free(d->v[i].hint);
	}
	free(d->v);
	d->v = NULL;
	d->n = d->cap = 0;
}

/* digest.c: the rule of the Monday digest (digest.h): due.c's items of
 * each worker's cases sorted into overdue, due within 7 days and newly
 * overdue; the team's counts per worker and what waits too long. */
#include <stdlib.h>
#include <string.h>

#include "digest.h"

/* A week: "due within 7 days" is days 0 to 6. */
#define DIGEST_DAYS 7

static void
list_add(struct digest_list *l, size_t i)
{
	VEC_GROW(l->v, l->n, l->cap);
	l->v[l->n++] = i;
}

/* worker_index: the index of case c's worker in caseload.yaml, or -1. */
static long
worker_index(const struct caseload *cl, const struct case_record *c)
{
	for (size_t k = 0; c->worker && k < cl->config.nworkers; k++)
		if (strcmp(cl->config.workers[k].id, c->worker) == 0)
			return (long)k;
	return -1;
}

void
digest_compute(struct digest *d, const struct caseload *cl, int as_of, int since,
               enum digest_who who, const char *worker)
{
	const struct config *cf = &cl->config;
	size_t nw = cf->nworkers;
	memset(d, 0, sizeof(*d));
	d->cl = cl;
	d->as_of = as_of;
	d->since = since;
	d->escalate = cf->policy.escalate_after;
	d->team = who != DIGEST_WORKER;
	due_compute(cl, as_of, (struct dur){DIGEST_DAYS - 1, 'd'}, &d->due);

	/* every worker's digest first; those asked for are kept */
	struct digest_worker *all = xcalloc(nw ? nw : 1, sizeof(*all));
	long *wix = xmalloc((cl->ncases ? cl->ncases : 1) * sizeof(*wix));
	for (size_t k = 0; k < nw; k++)
		all[k].w = &cf->workers[k];
	for (size_t i = 0; i < cl->ncases; i++) {
		const struct case_record *c = &cl->cases[i];
		wix[i] = c->loaded ? worker_index(cl, c) : -1;
		if (wix[i] < 0)
			continue;
		if (c->status == CASE_OPEN)
			all[wix[i]].open_cases++;
		/* the open flags of the worker's cases, in case order, then as written */
		struct digest_worker *dw = &all[wix[i]];
		for (size_t f = 0; f < c->nflags; f++)
			if (flag_open(&c->flags[f], as_of)) {
				VEC_GROW(dw->flags, dw->nflags, dw->flags_cap);
				dw->flags[dw->nflags++] = (struct digest_flag){c, f};
			}
	}
	int escalate_before = date_sub(as_of, d->escalate);
	for (size_t i = 0; i < d->due.n; i++) {
		const struct due_item *it = &d->due.v[i];
		long k = wix[it->c - cl->cases];
		if (it->days < 0 && it->due < escalate_before)
			list_add(&d->escalated, i);
		if (k < 0)
			continue;
		if (it->days < 0)
			list_add(&all[k].overdue, i);
		else if (it->days < DIGEST_DAYS)
			list_add(&all[k].soon, i);
		if (it->due >= since && it->due < as_of)
			list_add(&all[k].newly, i);
	}
	free(wix);

	if (d->team) {
		d->rows = xcalloc(nw ? nw : 1, sizeof(*d->rows));
		for (size_t k = 0; k < nw; k++)
			if (!worker_left(all[k].w, as_of))
				d->rows[d->nrows++] = (struct digest_row){
					all[k].w, all[k].open_cases, all[k].overdue.n, all[k].soon.n};
	}
	d->workers = xcalloc(nw ? nw : 1, sizeof(*d->workers));
	for (size_t k = 0; k < nw; k++) {
		int keep = who == DIGEST_WORKER     ? strcmp(all[k].w->id, worker) == 0
		           : who == DIGEST_EVERYONE ? all[k].open_cases > 0
		                                    : 0;
		if (keep) {
			d->workers[d->nworkers++] = all[k];
			continue;
		}
		free(all[k].overdue.v);
		free(all[k].soon.v);
		free(all[k].newly.v);
		free(all[k].flags);
	}
	free(all);
}

void
digest_free(struct digest *d)
{
	for (size_t k = 0; k < d->nworkers; k++) {
		free(d->workers[k].overdue.v);
		free(d->workers[k].soon.v);
		free(d->workers[k].newly.v);
		free(d->workers[k].flags);
	}
	free(d->workers);
	free(d->rows);
	free(d->escalated.v);
	due_list_free(&d->due);
	memset(d, 0, sizeof(*d));
}

/* check.c: the checks between records of a case that need the whole plan:
 * goal references in `after`, cycles among them, target order, and whether
 * a step's resource is one the client agreed to share with. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "records.h"

/* A plan's goal ids, sorted, to look goals up by id: a plan can hold tens
 * of thousands of goals, each with `after` references. */
struct goal_ix {
	const char *id;
	size_t goal;
};

static int
goal_ix_cmp(const void *pa, const void *pb)
{
	const struct goal_ix *a = pa, *b = pb;
	int c = strcmp(a->id, b->id);
	if (c)
		return c;
	return a->goal < b->goal ? -1 : a->goal > b->goal;
}

/* goal_ix_make: the index of p's goals that have an id; the caller frees it. */
static struct goal_ix *
goal_ix_make(const struct plan *p, size_t *n)
{
	struct goal_ix *ix = xmalloc((p->ngoals ? p->ngoals : 1) * sizeof(*ix));
	*n = 0;
	for (size_t i = 0; i < p->ngoals; i++)
		if (p->goals[i].id)
			ix[(*n)++] = (struct goal_ix){p->goals[i].id, i};
	if (*n)
		qsort(ix, *n, sizeof(*ix), goal_ix_cmp);
	return ix;
}

/* goal_index: the first goal (in plan order) with id, or -1. */
static long
goal_index(const struct goal_ix *ix, size_t n, const char *id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(ix[mid].id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && strcmp(ix[lo].id, id) == 0 ? (long)ix[lo].goal : -1;
}

/* find_cycle: depth-first search from goal g; state 0 new, 1 on the path,
 * 2 done. On finding a cycle, returns 1 with path[0..*plen) ending at the
 * goal that closes it. */
static int
find_cycle(const struct plan *p, const struct goal_ix *ix, size_t nix, size_t g, int *state,
           size_t *path, size_t *plen)
{
	state[g] = 1;
	path[(*plen)++] = g;
	const struct goal *gl = &p->goals[g];
	for (size_t i = 0; i < gl->nafter; i++) {
		long t = goal_index(ix, nix, gl->after[i]);
		if (t < 0)
			continue;
		if (state[t] == 1) {
			path[(*plen)++] = (size_t)t;
			return 1;
		}
		if (state[t] == 0 && find_cycle(p, ix, nix, (size_t)t, state, path, plen))
			return 1;
	}
	state[g] = 2;
	(*plen)--;
	return 0;
}

static void
check_goals(struct caseload *cl, const struct case_record *c, const char *file)
{
	const struct plan *p = &c->plan;
	size_t nix;
	struct goal_ix *ix = goal_ix_make(p, &nix);
	for (size_t i = 0; i < p->ngoals; i++) {
		const struct goal *g = &p->goals[i];
		for (size_t j = 0; j < g->nafter; j++) {
			long t = goal_index(ix, nix, g->after[j]);
			struct pos at = g->after_pos[j];
			if (t < 0) {
				diag_add(&cl->diags, file, at.line, at.col, "unknown-ref", NULL,
				         "goal '%s' builds on '%s', which is not a goal of this plan",
				         g->id ? g->id : "?", g->after[j]);
				continue;
			}
			const struct goal *o = &p->goals[t];
			if (g->target != DATE_NONE && o->target != DATE_NONE && o->target > g->target) {
				char a[11], b[11];
				date_format(o->target, a);
				date_format(g->target, b);
				diag_add(&cl->diags, file, at.line, at.col, "date-order",
				         "an intermediate goal should be met before the goal built on it",
				         "goal '%s' (target %s) builds on '%s', whose target %s is later",
				         g->id ? g->id : "?", b, o->id ? o->id : "?", a);
			}
		}
	}
	/* cycles: report each once, at the `after` entry that closes it */
	int *state = xcalloc(p->ngoals ? p->ngoals : 1, sizeof(*state));
	size_t *path = xmalloc((p->ngoals + 1) * sizeof(*path));
	for (size_t i = 0; i < p->ngoals; i++) {
		size_t plen = 0;
		if (state[i] != 0 || !find_cycle(p, ix, nix, i, state, path, &plen))
			continue;
		size_t last = path[plen - 1], start = 0;
		while (path[start] != last)
			start++;
		struct buf b = {0};
		for (size_t k = start; k < plen; k++)
			buf_printf(&b, "%s'%s'", k > start ? " -> " : "", p->goals[path[k]].id);
		const struct goal *closer = &p->goals[path[plen - 2]];
		struct pos at = closer->pos;
		for (size_t j = 0; j < closer->nafter; j++)
			if (strcmp(closer->after[j], p->goals[last].id) == 0)
				at = closer->after_pos[j];
		diag_add(&cl->diags, file, at.line, at.col, "cycle",
		         "intermediate goals must lead to the long-term goal, not back to themselves",
		         "goals build on each other in a cycle: %s", b.s);
		buf_free(&b);
		/* mark the whole path done so the same cycle is not found again */
		for (size_t k = 0; k < plen; k++)
			state[path[k]] = 2;
	}
	free(state);
	free(path);
	free(ix);
}

static int
resource_failed(const struct caseload *cl, const char *id)
{
	for (size_t i = 0; i < cl->nfailed_resources; i++)
		if (strcmp(cl->failed_resources[i], id) == 0)
			return 1;
	return 0;
}

static void
check_steps(struct caseload *cl, const struct case_record *c, const char *file)
{
	const struct plan *p = &c->plan;
	for (size_t i = 0; i < p->ngoals; i++) {
		const struct goal *g = &p->goals[i];
		for (size_t j = 0; j < g->nsteps; j++) {
			const struct step *s = &g->steps[j];
			if (!s->who || strcmp(s->who, "client") == 0 || strcmp(s->who, "worker") == 0)
				continue;
			if (!cl_resource(cl, s->who)) {
				if (!resource_failed(cl, s->who))
					diag_add(&cl->diags, file, s->who_pos.line, s->who_pos.col,
					         "unknown-ref",
					         "who is 'client', 'worker' or a resource id from resources/",
					         "'%s' is not client, worker or a resource", s->who);
				continue;
			}
			size_t k;
			for (k = 0; k < c->nshare; k++)
				if (strcmp(c->share_with[k], s->who) == 0)
					break;
			if (k == c->nshare && c->loaded)
				diag_add(&cl->diags, file, s->who_pos.line, s->who_pos.col, "no-consent",
				         "add it to consent.share_with in case.yaml once the client agrees",
				         "referral to '%s' without the client's consent to share with it",
				         s->who);
		}
	}
}

void
check_caseload(struct caseload *cl)
{
	for (size_t i = 0; i < cl->ncases; i++) {
		const struct case_record *c = &cl->cases[i];
		if (!c->plan.loaded || c->plan.ngoals == 0)
			continue;
		char *file = xasprintf("cases/%s/plan.yaml", c->id);
		check_goals(cl, c, file);
		check_steps(cl, c, file);
		free(file);
	}
}

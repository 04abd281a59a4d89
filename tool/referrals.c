/* referrals.c: what came of the referrals (referrals.h): the directory's
 * counts per resource and status with the median days to an answer, and
 * the unmet needs by domain. Reads the loaded records only. */
#include <stdlib.h>
#include <string.h>

#include "referrals.h"

static int
int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* res_ix: a resource's id and index, sorted by id to find it. */
struct res_ix {
	const char *id;
	size_t i;
};

static int
res_ix_cmp(const void *a, const void *b)
{
	return strcmp(((const struct res_ix *)a)->id, ((const struct res_ix *)b)->id);
}

struct referral_tally *
referrals_by_resource(const struct caseload *cl)
{
	size_t nr = cl->nresources;
	if (nr == 0)
		return NULL;
	struct referral_tally *t = xcalloc(nr, sizeof(*t));
	struct res_ix *ix = xmalloc(nr * sizeof(*ix));
	for (size_t i = 0; i < nr; i++)
		ix[i] = (struct res_ix){cl->resources[i].id, i};
	qsort(ix, nr, sizeof(*ix), res_ix_cmp);
	/* the days to an answer, per resource, gathered then sorted */
	int **days = xcalloc(nr, sizeof(*days));
	size_t *cap = xcalloc(nr, sizeof(*cap));
	for (size_t i = 0; i < cl->ncases; i++) {
		const struct case_record *c = &cl->cases[i];
		if (!c->loaded)
			continue;
		for (size_t g = 0; g < c->plan.ngoals; g++)
			for (size_t k = 0; k < c->plan.goals[g].nsteps; k++) {
				const struct step *s = &c->plan.goals[g].steps[k];
				if (!s->referral || !s->who)
					continue;
				struct res_ix key = {s->who, 0};
				const struct res_ix *hit = bsearch(&key, ix, nr, sizeof(*ix), res_ix_cmp);
				if (!hit)
					continue;
				struct referral_tally *x = &t[hit->i];
				const struct referral *r = s->referral;
				x->n++;
				x->by_status[r->status]++;
				if (r->sent != DATE_NONE && r->answered != DATE_NONE) {
					VEC_GROW(days[hit->i], x->nanswered, cap[hit->i]);
					days[hit->i][x->nanswered++] = r->answered - r->sent;
				}
			}
	}
	for (size_t i = 0; i < nr; i++) {
		size_t n = t[i].nanswered;
		if (n) {
			int *v = days[i];
			qsort(v, n, sizeof(*v), int_cmp);
			t[i].median_tenths = n % 2 ? 10L * v[n / 2]
			                           : 5L * ((long)v[n / 2 - 1] + v[n / 2]);
		}
		free(days[i]);
	}
	free(days);
	free(cap);
	free(ix);
	return t;
}

/* domain_index: the instrument's index of id, or ndomains. */
static size_t
domain_index(const struct config *cf, const char *id)
{
	for (size_t d = 0; id && d < cf->ndomains; d++)
		if (strcmp(cf->domains[d].id, id) == 0)
			return d;
	return cf->ndomains;
}

void
unmet_needs(struct unmet *u, const struct caseload *cl)
{
	const struct config *cf = &cl->config;
	size_t nd = cf->ndomains;
	memset(u, 0, sizeof(*u));
	struct unmet_group *all = xcalloc(nd + 1, sizeof(*all));
	size_t *cap = xcalloc(nd + 1, sizeof(*cap));
	for (size_t i = 0; i < cl->ncases; i++) {
		const struct case_record *c = &cl->cases[i];
		if (!c->loaded)
			continue;
		for (size_t g = 0; g < c->plan.ngoals; g++) {
			const struct goal *gl = &c->plan.goals[g];
			size_t d = domain_index(cf, gl->domain);
			for (size_t k = 0; k < gl->nsteps; k++) {
				const struct step *s = &gl->steps[k];
				const struct referral *r = s->referral;
				enum unmet_why why;
				if (r && r->status == REFERRAL_DECLINED)
					why = UNMET_DECLINED;
				else if (r && r->status == REFERRAL_WAITLISTED)
					why = UNMET_WAITLISTED;
				else if (s->status == STEP_DROPPED)
					why = UNMET_DROPPED;
				else
					continue;
				VEC_GROW(all[d].v, all[d].n, cap[d]);
				all[d].v[all[d].n++] = (struct unmet_need){c, g, k, why};
				u->n++;
			}
		}
	}
	u->groups = xcalloc(nd + 1, sizeof(*u->groups));
	for (size_t d = 0; d <= nd; d++) {
		all[d].domain = d;
		if (all[d].n)
			u->groups[u->ngroups++] = all[d];
	}
	free(all);
	free(cap);
}

void
unmet_free(struct unmet *u)
{
	for (size_t i = 0; i < u->ngroups; i++)
		free(u->groups[i].v);
	free(u->groups);
	memset(u, 0, sizeof(*u));
}

/* outcomes.c: the outcome figures of outcomes.h, from the loaded records
 * and, for the days to a first plan, the history. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outcomes.h"
#include "ydoc.h"

static void
tally_add(struct outcome_tally **v, size_t *n, size_t *cap, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*v)[i].name, name) == 0) {
			(*v)[i].n++;
			return;
		}
	VEC_GROW(*v, *n, *cap);
	(*v)[(*n)++] = (struct outcome_tally){name, 1};
}

static int
tally_cmp(const void *pa, const void *pb)
{
	const struct outcome_tally *a = pa, *b = pb;
	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	return strcmp(a->name, b->name);
}

static int
int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* score_change: adds the first and latest score of domain d of case c when
 * two different assessments score it. */
static void
score_change(struct outcome_score *sc, const struct case_record *c, const char *domain)
{
	int fv = 0, lv = 0;
	size_t fa = SIZE_MAX, la = SIZE_MAX;
	for (size_t a = 0; a < c->nassessments; a++)
		for (size_t k = 0; k < c->assessments[a].nscores; k++) {
			const struct score *s = &c->assessments[a].scores[k];
			if (!s->domain || strcmp(s->domain, domain) != 0)
				continue;
			if (fa == SIZE_MAX) {
				fa = a;
				fv = s->value;
			}
			la = a;
			lv = s->value;
		}
	if (fa != SIZE_MAX && la != fa) {
		sc->first += fv;
		sc->latest += lv;
		sc->n++;
	}
}

/* first_plan_day: the day of the oldest commit in which cases/<id>/plan.yaml
 * has at least one goal, or DATE_NONE: a skeleton plan (`goals:` and
 * nothing under it) is no plan yet, as for the `plan` due item. Reads the
 * plan's old versions, oldest first, up to the first with a goal. */
static int
first_plan_day(struct history *h, const char *id)
{
	const struct hist_case *hc = hist_case(h, id);
	if (!hc)
		return DATE_NONE;
	char *path = xasprintf("cases/%s/plan.yaml", id);
	int day = DATE_NONE;
	for (size_t e = hc->nentries; day == DATE_NONE && e-- > 0;) {
		const struct hist_entry *en = &hc->entries[e];
		for (size_t k = 0; k < en->nfiles; k++) {
			const struct hist_file *f = &en->files[k];
			char *data;
			size_t len;
			if (f->change == HIST_DELETED || strcmp(f->path, path) != 0 ||
			    hist_blob(h, f->new_id, YDOC_MAX_SIZE, &data, &len) != 0)
				continue;
			if (plan_text_has_goals(data, len))
				day = h->commits[en->commit].date;
			free(data);
		}
	}
	free(path);
	return day;
}

void
outcomes_compute(struct outcomes *o, const struct caseload *cl, struct history *h, const char *unnamed)
{
	const struct config *cf = &cl->config;
	size_t nd = cf->ndomains, rcap = 0, dcap = 0;
	memset(o, 0, sizeof(*o));
	o->ndomains = nd;
	o->goals = xcalloc(nd + 1, sizeof(*o->goals));
	o->scores = xcalloc(nd ? nd : 1, sizeof(*o->scores));
	o->to_assessment = xmalloc((cl->ncases ? cl->ncases : 1) * sizeof(int));
	o->to_plan = xmalloc((cl->ncases ? cl->ncases : 1) * sizeof(int));
	for (size_t i = 0; i < cl->ncases; i++) {
		const struct case_record *c = &cl->cases[i];
		if (!c->loaded)
			continue;
		for (size_t g = 0; g < c->plan.ngoals; g++) {
			const struct goal *gl = &c->plan.goals[g];
			size_t d = nd;
			for (size_t k = 0; gl->domain && k < nd; k++)
				if (strcmp(gl->domain, cf->domains[k].id) == 0)
					d = k;
			o->goals[d][gl->status]++;
			o->goals_total[gl->status]++;
		}
		for (size_t d = 0; d < nd && c->nassessments >= 2; d++)
			score_change(&o->scores[d], c, cf->domains[d].id);
		if (c->status == CASE_CLOSED) {
			tally_add(&o->reasons, &o->nreasons, &rcap,
			          c->exit_reason ? c->exit_reason : unnamed);
			tally_add(&o->destinations, &o->ndestinations, &dcap,
			          c->exit_destination ? c->exit_destination : unnamed);
		}
		if (c->opened != DATE_NONE && c->nassessments &&
		    c->assessments[0].date != DATE_NONE && c->assessments[0].date >= c->opened)
			o->to_assessment[o->nto_assessment++] = c->assessments[0].date - c->opened;
		/* the first plan: the first commit in which plan.yaml has a goal,
		 * which only the history knows */
		if (h && c->opened != DATE_NONE) {
			int day = first_plan_day(h, c->id);
			if (day != DATE_NONE && day >= c->opened)
				o->to_plan[o->nto_plan++] = day - c->opened;
		}
	}
	if (o->nreasons > 1)
		qsort(o->reasons, o->nreasons, sizeof(*o->reasons), tally_cmp);
	if (o->ndestinations > 1)
		qsort(o->destinations, o->ndestinations, sizeof(*o->destinations), tally_cmp);
	qsort(o->to_assessment, o->nto_assessment, sizeof(int), int_cmp);
	qsort(o->to_plan, o->nto_plan, sizeof(int), int_cmp);
}

void
outcomes_free(struct outcomes *o)
{
	free(o->goals);
	free(o->scores);
	free(o->reasons);
	free(o->destinations);
	free(o->to_assessment);
	free(o->to_plan);
	memset(o, 0, sizeof(*o));
}

/* outcomes.c: the outcome figures of outcomes.h, from the loaded records
 * and, for the days to a first plan, the history. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "due.h"
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
 * two different assessments score it (d: struct score's dom). */
static void
score_change(struct outcome_score *sc, const struct case_record *c, int d)
{
	int fv = 0, lv = 0;
	size_t fa = SIZE_MAX, la = SIZE_MAX;
	for (size_t a = 0; a < c->nassessments; a++)
		for (size_t k = 0; k < c->assessments[a].nscores; k++) {
			const struct score *s = &c->assessments[a].scores[k];
			if (s->dom != d)
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

/* A case's place in its plan.yaml's versions, oldest first. */
struct plan_cursor {
	const struct hist_case *hc; /* NULL: decided */
	char *path;                 /* cases/<id>/plan.yaml */
	size_t e, k;                /* the next entry (counting down) and file */
};

/* next_plan: the next version of the case's plan.yaml, oldest first, or
 * NULL when there is none left. */
static const struct hist_file *
next_plan(struct plan_cursor *c, int *date, const struct history *h)
{
	while (c->e > 0) {
		const struct hist_entry *en = &c->hc->entries[c->e - 1];
		while (c->k < en->nfiles) {
			const struct hist_file *f = &en->files[c->k++];
			if (f->change != HIST_DELETED && strcmp(f->path, c->path) == 0) {
				*date = h->commits[en->commit].date;
				return f;
			}
		}
		c->e--;
		c->k = 0;
	}
	return NULL;
}

static int
has_goals(const char *text, size_t len, void *arg)
{
	(void)arg;
	return text && plan_text_has_goals(text, len);
}

/* first_plan_days: day[i], the day of the oldest commit in which case i's
 * plan.yaml has at least one goal, or DATE_NONE: a skeleton plan (`goals:`
 * and nothing under it) is no plan yet, as for the `plan` due item. Reads
 * the plans' old versions in rounds, every undecided case's next oldest in
 * one pass on threads (and kept for the next run: hist_blob_memo), up to
 * the first with a goal; a version that cannot be read has none. */
static void
first_plan_days(struct history *h, const struct caseload *cl, int *day)
{
	size_t n = cl->ncases;
	struct plan_cursor *cur = xcalloc(n ? n : 1, sizeof(*cur));
	unsigned char(*ids)[HIST_OID_LEN] = xmalloc((n ? n : 1) * sizeof(*ids));
	size_t *of = xmalloc((n ? n : 1) * sizeof(*of));
	int *dates = xmalloc((n ? n : 1) * sizeof(*dates)), *got = xmalloc((n ? n : 1) * sizeof(*got));
	for (size_t i = 0; i < n; i++) {
		day[i] = DATE_NONE;
		const struct case_record *c = &cl->cases[i];
		if (!c->loaded || c->opened == DATE_NONE || !(cur[i].hc = hist_case(h, c->id)))
			continue;
		cur[i].path = xasprintf("cases/%s/plan.yaml", c->id);
		cur[i].e = cur[i].hc->nentries;
	}
	for (;;) {
		size_t m = 0;
		for (size_t i = 0; i < n; i++) {
			if (!cur[i].hc)
				continue;
			const struct hist_file *f = next_plan(&cur[i], &dates[m], h);
			if (!f) {
				cur[i].hc = NULL;
				continue;
			}
			memcpy(ids[m], f->new_id, HIST_OID_LEN);
			of[m++] = i;
		}
		if (!m)
			break;
		const unsigned char(*cids)[HIST_OID_LEN] = (const unsigned char(*)[HIST_OID_LEN])ids;
		if (hist_blob_memo(h, "plan-has-goals", cids, m, YDOC_MAX_SIZE, has_goals, NULL, got) != 0)
			for (size_t j = 0; j < m; j++) /* one by one: the missing one has none */
				if (hist_blob_memo(h, "plan-has-goals", cids + j, 1, YDOC_MAX_SIZE,
				                   has_goals, NULL, &got[j]) != 0)
					got[j] = 0;
		for (size_t j = 0; j < m; j++)
			if (got[j]) {
				day[of[j]] = dates[j];
				cur[of[j]].hc = NULL;
			}
	}
	for (size_t i = 0; i < n; i++)
		free(cur[i].path);
	free(cur);
	free(ids);
	free(of);
	free(dates);
	free(got);
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
	int *plan_day = NULL;
	if (h) {
		plan_day = xmalloc((cl->ncases ? cl->ncases : 1) * sizeof(int));
		first_plan_days(h, cl, plan_day);
	}
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
			score_change(&o->scores[d], c, cf->domains[d].first);
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
		if (plan_day && c->opened != DATE_NONE && plan_day[i] != DATE_NONE && plan_day[i] >= c->opened)
			o->to_plan[o->nto_plan++] = plan_day[i] - c->opened;
	}
	free(plan_day);
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

/* ---- the report (SPEC §7) ---- */

long
report_tenths(long num, long den)
{
	/* exactly: 10 * num / den, then halves away from zero */
	long t = num * 20 / den;
	return t >= 0 ? (t + 1) / 2 : (t - 1) / 2;
}

int
report_actual(const struct report_figures *f, enum metric m, long *tenths)
{
	size_t num = 0, den = 0;
	switch (m) {
	case METRIC_EXITS_PERMANENT:
		num = f->exits[DEST_PERMANENT];
		den = f->exited;
		break;
	case METRIC_GOALS_ACHIEVED:
		num = f->goals_achieved;
		den = f->goals_due;
		break;
	case METRIC_FIRST_ASSESSMENT_ON_TIME:
		num = f->fa_on_time;
		den = f->fa_cases;
		break;
	case METRIC_FOLLOWUPS_REACHED:
		num = f->fu_reached;
		den = f->fu_due;
		break;
	case METRIC_N: break;
	}
	if (den == 0)
		return 0;
	*tenths = report_tenths((long)num * 100, (long)den);
	return 1;
}

void
report_quarter(int day, int q, int *from, int *to)
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	int k = y * 4 + (m - 1) / 3 - q; /* quarters since year 0 */
	y = k / 4;
	m = k % 4 * 3 + 1;
	*from = date_from_ymd(y, m, 1);
	*to = date_from_ymd(y, m + 2, date_days_in_month(y, m + 2));
}

static void
figures_init(struct report_figures *f, size_t nd)
{
	memset(f, 0, sizeof(*f));
	f->score_sum = xcalloc(nd ? nd : 1, sizeof(*f->score_sum));
	f->score_n = xcalloc(nd ? nd : 1, sizeof(*f->score_n));
}

static void
figures_add(struct report_figures *t, const struct report_figures *f, size_t nd)
{
	t->served += f->served;
	t->new_cases += f->new_cases;
	t->exited += f->exited;
	for (size_t k = 0; k <= DEST_UNKNOWN; k++)
		t->exits[k] += f->exits[k];
	t->goals_due += f->goals_due;
	t->goals_achieved += f->goals_achieved;
	for (size_t d = 0; d < nd; d++) {
		t->score_sum[d] += f->score_sum[d];
		t->score_n[d] += f->score_n[d];
	}
	t->fa_cases += f->fa_cases;
	t->fa_on_time += f->fa_on_time;
	t->fu_due += f->fu_due;
	t->fu_reached += f->fu_reached;
	t->fb_count += f->fb_count;
	t->fb_rated += f->fb_rated;
	t->fb_sum += f->fb_sum;
}

/* served_scores: for each domain the case's assessments dated on or before
 * to score, (latest - first) when two or more do. first, latest and n are
 * scratch arrays of nd. */
static void
served_scores(struct report_figures *f, const struct caseload *cl, const struct case_record *c,
              int to, int *first, int *latest, size_t *n)
{
	size_t nd = cl->config.ndomains;
	memset(n, 0, nd * sizeof(*n));
	/* assessments are sorted by date, then file name: "latest" is the last */
	for (size_t a = 0; a < c->nassessments; a++) {
		const struct assessment *as = &c->assessments[a];
		if (as->date == DATE_NONE || as->date > to)
			continue;
		for (size_t k = 0; k < as->nscores; k++) {
			const struct score *sc = &as->scores[k];
			if (!sc->has_value || sc->dom < 0 || (size_t)sc->dom >= nd)
				continue;
			size_t d = (size_t)sc->dom;
			if (n[d]++ == 0)
				first[d] = sc->value;
			latest[d] = sc->value;
		}
	}
	for (size_t d = 0; d < nd; d++)
		if (n[d] >= 2) {
			f->score_sum[d] += latest[d] - first[d];
			f->score_n[d]++;
		}
}

/* case_figures: adds case c of program p to f. */
static void
case_figures(struct report_figures *f, const struct caseload *cl, const struct case_record *c,
             const struct program *p, int from, int to, struct followup *fu, int *first,
             int *latest, size_t *n)
{
	int closed = c->status == CASE_CLOSED;
	if (closed && c->closed != DATE_NONE) {
		size_t k = due_followups(c, p, fu);
		for (size_t i = 0; i < k; i++)
			if (fu[i].due >= from && fu[i].due <= to) {
				f->fu_due++;
				f->fu_reached += fu[i].met >= 0;
			}
	}
	for (size_t i = 0; i < c->nnotes; i++) {
		const struct note *nt = &c->notes[i];
		if (nt->kind != NOTE_FEEDBACK || nt->date == DATE_NONE || nt->date < from || nt->date > to)
			continue;
		f->fb_count++;
		if (nt->rating >= 1) {
			f->fb_rated++;
			f->fb_sum += nt->rating;
		}
	}
	if (c->opened == DATE_NONE || c->opened > to)
		return;
	if (closed && (c->closed == DATE_NONE || c->closed < from))
		return;
	f->served++;
	if (c->opened >= from) {
		f->new_cases++;
		f->fa_cases++;
		int fa = DATE_NONE;
		for (size_t a = 0; a < c->nassessments; a++)
			if (c->assessments[a].date != DATE_NONE &&
			    (fa == DATE_NONE || c->assessments[a].date < fa))
				fa = c->assessments[a].date;
		if (fa != DATE_NONE && fa <= date_add(c->opened, cl->config.policy.first_assessment_within))
			f->fa_on_time++;
	}
	if (closed && c->closed <= to) {
		f->exited++;
		f->exits[cl_dest_category(cl, c->exit_destination)]++;
	}
	for (size_t g = 0; g < c->plan.ngoals; g++) {
		const struct goal *gl = &c->plan.goals[g];
		if (gl->status == GOAL_DROPPED || gl->target == DATE_NONE || gl->target < from ||
		    gl->target > to)
			continue;
		f->goals_due++;
		f->goals_achieved += gl->status == GOAL_ACHIEVED;
	}
	served_scores(f, cl, c, to, first, latest, n);
}

/* report_start: r's programs and totals, before any case is added; ix[i]:
 * the report's index of programs[i], or -1 when left out. */
static void
report_start(struct report *r, const struct caseload *cl, int from, int to, char *const *only,
             size_t nonly, long *ix, size_t *maxfu)
{
	const struct config *cf = &cl->config;
	size_t nd = cf->ndomains;
	memset(r, 0, sizeof(*r));
	r->from = from;
	r->to = to;
	r->ndomains = nd;
	r->programs = xcalloc(cf->nprograms ? cf->nprograms : 1, sizeof(*r->programs));
	for (size_t i = 0; i < cf->nprograms; i++) {
		const struct program *p = &cf->programs[i];
		int keep = nonly == 0;
		for (size_t k = 0; k < nonly && !keep; k++)
			keep = strcmp(only[k], p->id) == 0;
		ix[i] = -1;
		if (!keep)
			continue;
		ix[i] = (long)r->nprograms;
		r->programs[r->nprograms].p = p;
		figures_init(&r->programs[r->nprograms].f, nd);
		r->nprograms++;
		if (p->nfollowups > *maxfu)
			*maxfu = p->nfollowups;
	}
	figures_init(&r->total, nd);
}

void
report_compute_many(struct report *r, size_t nr, const struct caseload *cl, const int *from,
                    const int *to, char *const *only, size_t nonly)
{
	const struct config *cf = &cl->config;
	size_t nd = cf->ndomains, maxfu = 1, np = cf->nprograms ? cf->nprograms : 1;
	/* ix[k * np + i]: report k's index of programs[i] (the same in every
	 * report: they have the same programs) */
	long *ix = xmalloc(nr * np * sizeof(*ix));
	for (size_t k = 0; k < nr; k++)
		report_start(&r[k], cl, from[k], to[k], only, nonly, ix + k * np, &maxfu);
	struct followup *fu = xmalloc(maxfu * sizeof(*fu));
	int *first = xmalloc((nd ? nd : 1) * sizeof(int)), *latest = xmalloc((nd ? nd : 1) * sizeof(int));
	size_t *n = xmalloc((nd ? nd : 1) * sizeof(size_t));
	const char *last_id = NULL;
	long last_ix = -1;
	/* every case once, for every period: its records are read while in
	 * the cache (the outcomes page asks for five periods) */
	for (size_t i = 0; i < cl->ncases; i++) {
		const struct case_record *c = &cl->cases[i];
		if (!c->loaded || !c->program)
			continue;
		/* cases of one program often come in runs: look it up once a run */
		if (!last_id || strcmp(last_id, c->program) != 0) {
			last_ix = -1;
			for (size_t k = 0; k < cf->nprograms; k++)
				if (strcmp(cf->programs[k].id, c->program) == 0)
					last_ix = ix[k];
			last_id = c->program;
		}
		if (last_ix < 0)
			continue;
		for (size_t k = 0; k < nr; k++) {
			struct report_program *rp = &r[k].programs[last_ix];
			case_figures(&rp->f, cl, c, rp->p, from[k], to[k], fu, first, latest, n);
		}
	}
	for (size_t k = 0; k < nr; k++)
		for (size_t i = 0; i < r[k].nprograms; i++)
			figures_add(&r[k].total, &r[k].programs[i].f, nd);
	free(fu);
	free(first);
	free(latest);
	free(n);
	free(ix);
}

void
report_compute(struct report *r, const struct caseload *cl, int from, int to, char *const *only, size_t nonly)
{
	report_compute_many(r, 1, cl, &from, &to, only, nonly);
}

static void
figures_free(struct report_figures *f)
{
	free(f->score_sum);
	free(f->score_n);
}

void
report_free(struct report *r)
{
	for (size_t i = 0; i < r->nprograms; i++)
		figures_free(&r->programs[i].f);
	figures_free(&r->total);
	free(r->programs);
	memset(r, 0, sizeof(*r));
}

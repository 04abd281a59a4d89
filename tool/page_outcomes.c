/* page_outcomes.c: outcomes.html: goals achieved by domain, score change
 * from first to latest assessment, exits, and the time to a first
 * assessment and plan. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "page.h"

struct tally {
	const char *name;
	size_t n;
};

static void
tally_add(struct tally **v, size_t *n, size_t *cap, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*v)[i].name, name) == 0) {
			(*v)[i].n++;
			return;
		}
	VEC_GROW(*v, *n, *cap);
	(*v)[(*n)++] = (struct tally){name, 1};
}

static int
tally_cmp(const void *pa, const void *pb)
{
	const struct tally *a = pa, *b = pb;
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

/* put_tenths: v/10 with one decimal, v >= 0 or not. */
static void
put_tenths(struct buf *b, long v)
{
	if (v < 0) {
		buf_puts(b, "\xe2\x88\x92");
		v = -v;
	}
	buf_printf(b, "%ld.%ld", v / 10, v % 10);
}

/* tenths: num/den in tenths, rounded half away from zero. */
static long
tenths(long num, long den)
{
	long t = num * 20 / den;
	return t >= 0 ? (t + 1) / 2 : (t - 1) / 2;
}

static void
goal_row(struct tv *x, const char *name, const size_t cnt[3])
{
	size_t set = cnt[0] + cnt[1] + cnt[2];
	tv_set_str(x, "name", name);
	tv_set_int(x, "set", (long)set);
	tv_set_int(x, "achieved", (long)cnt[GOAL_ACHIEVED]);
	tv_set_int(x, "active", (long)cnt[GOAL_ACTIVE]);
	tv_set_int(x, "dropped", (long)cnt[GOAL_DROPPED]);
	if (set)
		tv_set_fmt(x, "share", "%zu%%", (cnt[GOAL_ACHIEVED] * 100 + set / 2) / set);
	else
		tv_set_str(x, "share", "\xe2\x80\x94");
}

static void
time_row(const struct site *s, struct tv *list, const char *label, int *v, size_t n)
{
	struct tv *x = tv_push_map(list);
	tv_set_str(x, "name", label);
	tv_set_int(x, "n", (long)n);
	if (!n) {
		tv_set_str(x, "median", "\xe2\x80\x94");
		tv_set_str(x, "mean", "\xe2\x80\x94");
		return;
	}
	(void)s;
	qsort(v, n, sizeof(int), int_cmp);
	long sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += v[i];
	struct buf b = {0};
	if (n % 2)
		buf_printf(&b, "%d", v[n / 2]);
	else
		put_tenths(&b, tenths((long)v[n / 2 - 1] + v[n / 2], 2));
	tv_set_str(x, "median", b.s);
	buf_reset(&b);
	put_tenths(&b, tenths(sum, (long)n));
	tv_set_str(x, "mean", b.s);
	buf_free(&b);
}

/* time_plan: days from opening to the first plan: to the commit that first
 * added the case's plan.yaml, which only the history knows. */
static void
time_plan(const struct site *s, struct tv *rows, struct tv *m)
{
	const struct caseload *cl = s->cl;
	int *v = xmalloc((cl->ncases ? cl->ncases : 1) * sizeof(int));
	size_t n = 0;
	char path[96];
	for (size_t i = 0; s->have_history && i < cl->ncases; i++) {
		const struct case_record *c = &cl->cases[i];
		if (!c->loaded || c->opened == DATE_NONE)
			continue;
		snprintf(path, sizeof(path), "cases/%s/plan.yaml", c->id);
		const struct hist_commit *hc = hist_first(s->hist, path);
		if (hc && hc->date >= c->opened)
			v[n++] = hc->date - c->opened;
	}
	time_row(s, rows, lab(s, "days_to_plan"), v, n);
	free(v);
	if (!s->have_history) {
		struct buf b = {0};
		buf_printf(&b, "%s: %s", lab(s, "days_to_plan"), s->history_why);
		tv_set_str(m, "time_note", b.s);
		buf_free(&b);
	}
}

int
page_outcomes(struct site *s, struct buf *b)
{
	const struct caseload *cl = s->cl;
	const struct config *cf = &cl->config;
	size_t nd = cf->ndomains;
	struct tv *m = site_ctx(s, "outcomes.html", lab(s, "outcomes"), "outcomes");

	/* goals by domain; the last row for goals without a known domain */
	size_t (*gc)[3] = xcalloc(nd + 1, sizeof(*gc));
	size_t tot[3] = {0, 0, 0};
	/* score change by domain: sums of first, latest and count */
	long *first = xcalloc(nd ? nd : 1, sizeof(long)), *last = xcalloc(nd ? nd : 1, sizeof(long));
	size_t *cnt = xcalloc(nd ? nd : 1, sizeof(size_t));
	struct tally *reasons = NULL, *dests = NULL;
	size_t nr = 0, rcap = 0, nds = 0, dcap = 0;
	int *to_assess = xmalloc((cl->ncases ? cl->ncases : 1) * sizeof(int));
	size_t nta = 0;
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
			gc[d][gl->status]++;
			tot[gl->status]++;
		}
		for (size_t d = 0; d < nd && c->nassessments >= 2; d++) {
			int fv = 0, lv = 0;
			size_t fa = SIZE_MAX, la = SIZE_MAX;
			for (size_t a = 0; a < c->nassessments; a++)
				for (size_t k = 0; k < c->assessments[a].nscores; k++) {
					const struct score *sc = &c->assessments[a].scores[k];
					if (!sc->domain || strcmp(sc->domain, cf->domains[d].id) != 0)
						continue;
					if (fa == SIZE_MAX) {
						fa = a;
						fv = sc->value;
					}
					la = a;
					lv = sc->value;
				}
			if (fa != SIZE_MAX && la != fa) {
				first[d] += fv;
				last[d] += lv;
				cnt[d]++;
			}
		}
		if (c->status == CASE_CLOSED) {
			tally_add(&reasons, &nr, &rcap,
			          c->exit_reason ? c->exit_reason : lab(s, "not_recorded"));
			tally_add(&dests, &nds, &dcap,
			          c->exit_destination ? c->exit_destination : lab(s, "not_recorded"));
		}
		if (c->opened != DATE_NONE && c->nassessments && c->assessments[0].date != DATE_NONE &&
		    c->assessments[0].date >= c->opened)
			to_assess[nta++] = c->assessments[0].date - c->opened;
	}

	struct tv *rows = tv_set_list(m, "goal_rows");
	for (size_t d = 0; d <= nd; d++) {
		if (d == nd && gc[d][0] + gc[d][1] + gc[d][2] == 0)
			continue;
		goal_row(tv_push_map(rows), d < nd ? cf->domains[d].label : lab(s, "no_domain"), gc[d]);
	}
	goal_row(tv_set_map(m, "goal_total"), lab(s, "total"), tot);

	struct svg_bar *bars = xmalloc((nd ? nd : 1) * sizeof(*bars));
	char (*vt)[16] = xmalloc((nd ? nd : 1) * sizeof(*vt));
	size_t nb = 0;
	rows = tv_set_list(m, "score_rows");
	struct buf t = {0};
	for (size_t d = 0; d < nd; d++) {
		struct tv *x = tv_push_map(rows);
		tv_set_str(x, "name", cf->domains[d].label);
		tv_set_int(x, "n", (long)cnt[d]);
		if (!cnt[d]) {
			tv_set_str(x, "first", "\xe2\x80\x94");
			tv_set_str(x, "latest", "\xe2\x80\x94");
			tv_set_str(x, "change", "\xe2\x80\x94");
			tv_set_str(x, "change_class", "none");
			continue;
		}
		long f = tenths(first[d], (long)cnt[d]), l = tenths(last[d], (long)cnt[d]);
		long ch = tenths(last[d] - first[d], (long)cnt[d]);
		buf_reset(&t);
		put_tenths(&t, f);
		tv_set_str(x, "first", t.s);
		buf_reset(&t);
		put_tenths(&t, l);
		tv_set_str(x, "latest", t.s);
		buf_reset(&t);
		pg_put_change(&t, ch, 1);
		tv_set_str(x, "change", t.s);
		tv_set_str(x, "change_class", pg_change_class(ch));
		snprintf(vt[nb], sizeof(vt[nb]), "%s", t.s);
		bars[nb] = (struct svg_bar){cf->domains[d].label, (double)ch / 10.0, vt[nb]};
		nb++;
	}
	buf_reset(&t);
	svg_bar_chart(&t, "change", lab(s, "score_change_chart"), bars, nb, &s->words);
	tv_set_rawn(m, "chart", t.s, t.len);

	struct tv *ex = tv_set_list(m, "exit_tables");
	tv_set_bool(m, "has_exits", nr > 0);
	for (int k = 0; k < 2 && nr; k++) {
		struct tally *v = k == 0 ? reasons : dests;
		size_t n = k == 0 ? nr : nds;
		qsort(v, n, sizeof(*v), tally_cmp);
		struct tv *x = tv_push_map(ex);
		tv_set_str(x, "caption", lab(s, k == 0 ? "exits_by_reason" : "exits_by_destination"));
		tv_set_str(x, "head", lab(s, k == 0 ? "exit_reason" : "exit_destination"));
		struct tv *rl = tv_set_list(x, "rows");
		for (size_t i = 0; i < n; i++) {
			struct tv *y = tv_push_map(rl);
			tv_set_str(y, "name", v[i].name);
			tv_set_int(y, "n", (long)v[i].n);
		}
	}

	rows = tv_set_list(m, "time_rows");
	time_row(s, rows, lab(s, "days_to_assessment"), to_assess, nta);
	time_plan(s, rows, m);
	buf_free(&t);
	free(gc);
	free(first);
	free(last);
	free(cnt);
	free(reasons);
	free(dests);
	free(to_assess);
	free(bars);
	free(vt);
	return site_render(s, b, "outcomes", m, "outcomes.html");
}

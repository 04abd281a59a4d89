/* page_outcomes.c: outcomes.html: the figures of outcomes_compute (goals
 * achieved by domain, score change from first to latest assessment, exits,
 * the time to a first assessment and plan) in the site's words. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outcomes.h"
#include "page.h"
#include "referrals.h"

/* unmet_section: "Unmet needs" (SPEC §6), a section of its own that the
 * template places (the unmet partial): declined and waitlisted referrals
 * and dropped steps, one a line with the step's action and its case, by
 * the goal's domain. */
static void
unmet_section(const struct site *s, struct tv *m)
{
	static const char *const why[] = {"declined", "waitlisted", "dropped"};
	const struct config *cf = &s->cl->config;
	struct unmet u;
	unmet_needs(&u, s->cl);
	tv_set_bool(m, "has_unmet", u.n > 0);
	struct tv *groups = tv_set_list(m, "unmet_groups");
	for (size_t k = 0; k < u.ngroups; k++) {
		const struct unmet_group *gr = &u.groups[k];
		struct tv *x = tv_push_map(groups);
		tv_set_str(x, "domain",
		           gr->domain < cf->ndomains ? cf->domains[gr->domain].label : lab(s, "no_domain"));
		tv_set_int(x, "n", (long)gr->n);
		struct tv *list = tv_set_list(x, "needs");
		for (size_t i = 0; i < gr->n; i++) {
			const struct unmet_need *un = &gr->v[i];
			const struct goal *g = &un->c->plan.goals[un->goal];
			const struct step *st = &g->steps[un->step];
			struct tv *y = tv_push_map(list);
			tv_set_str(y, "action", st->action ? st->action : g->statement);
			tv_set_str(y, "case", un->c->id);
			pg_set_case_href(y, "href", "", un->c->id);
			tv_set_str(y, "why", why[un->why]);
			tv_set_str(y, "why_label", lab_enum(s, "unmet_", why[un->why]));
			const struct resource *r = st->who ? cl_resource(s->cl, st->who) : NULL;
			tv_set_str(y, "resource", r ? (r->name ? r->name : r->id) : NULL);
			tv_set_str(y, "reason",
			           un->why == UNMET_DECLINED && st->referral ? st->referral->reason : NULL);
		}
	}
	unmet_free(&u);
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

/* time_row: the median and mean of v[0..n) (sorted), in days. */
static void
time_row(struct tv *list, const char *label, const int *v, size_t n)
{
	struct tv *x = tv_push_map(list);
	tv_set_str(x, "name", label);
	tv_set_int(x, "n", (long)n);
	if (!n) {
		tv_set_str(x, "median", "\xe2\x80\x94");
		tv_set_str(x, "mean", "\xe2\x80\x94");
		return;
	}
	long sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += v[i];
	struct buf b = {0};
	if (n % 2)
		buf_printf(&b, "%d", v[n / 2]);
	else
		pg_put_tenths(&b, tenths((long)v[n / 2 - 1] + v[n / 2], 2), 0);
	tv_set_str(x, "median", b.s);
	buf_reset(&b);
	pg_put_tenths(&b, tenths(sum, (long)n), 0);
	tv_set_str(x, "mean", b.s);
	buf_free(&b);
}

/* the figures: the last twelve months, then the last four calendar
 * quarters, the one of as-of so far */
#define NREPORTS 5

void
page_outcomes_prepare(struct site *s)
{
	if (s->reports)
		return;
	struct report *r = xcalloc(NREPORTS, sizeof(*r));
	int as_of = s->cl->as_of, from[NREPORTS], to[NREPORTS];
	from[0] = as_of - 364;
	to[0] = as_of;
	for (int q = 0; q < 4; q++) {
		report_quarter(as_of, 3 - q, &from[1 + q], &to[1 + q]);
		if (to[1 + q] > as_of)
			to[1 + q] = as_of;
	}
	report_compute_many(r, NREPORTS, s->cl, from, to, NULL, 0);
	s->reports = r;
}

void
page_outcomes_free(struct site *s)
{
	for (size_t k = 0; s->reports && k < NREPORTS; k++)
		report_free(&s->reports[k]);
	free(s->reports);
	s->reports = NULL;
}

int
page_outcomes(struct site *s, struct buf *b)
{
	const struct config *cf = &s->cl->config;
	size_t nd = cf->ndomains;
	struct outcomes o;
	/* s->hist is s->sh->h: the days to the first plan read old plans from it */
	outcomes_compute(&o, s->cl, s->have_history ? &s->sh->h : NULL, lab(s, "not_recorded"));
	struct tv *m = site_ctx(s, "outcomes.html", lab(s, "outcomes"), "outcomes");

	/* per program, the last twelve months; each target's trend over the
	 * last four calendar quarters, the one of as-of so far */
	page_outcomes_prepare(s);
	pg_report_figures(s, tv_set_map(m, "report"), &s->reports[0], &s->reports[1], 4, "outcomes");

	/* goals by domain; the last row for goals without a known domain */
	struct tv *rows = tv_set_list(m, "goal_rows");
	for (size_t d = 0; d <= nd; d++) {
		if (d == nd && o.goals[d][0] + o.goals[d][1] + o.goals[d][2] == 0)
			continue;
		goal_row(tv_push_map(rows), d < nd ? cf->domains[d].label : lab(s, "no_domain"),
		         o.goals[d]);
	}
	goal_row(tv_set_map(m, "goal_total"), lab(s, "total"), o.goals_total);

	struct svg_bar *bars = xmalloc((nd ? nd : 1) * sizeof(*bars));
	char(*vt)[16] = xmalloc((nd ? nd : 1) * sizeof(*vt));
	size_t nb = 0;
	rows = tv_set_list(m, "score_rows");
	struct buf t = {0};
	for (size_t d = 0; d < nd; d++) {
		const struct outcome_score *sc = &o.scores[d];
		struct tv *x = tv_push_map(rows);
		tv_set_str(x, "name", cf->domains[d].label);
		tv_set_int(x, "n", (long)sc->n);
		if (!sc->n) {
			tv_set_str(x, "first", "\xe2\x80\x94");
			tv_set_str(x, "latest", "\xe2\x80\x94");
			tv_set_str(x, "change", "\xe2\x80\x94");
			tv_set_str(x, "change_class", "none");
			continue;
		}
		long f = tenths(sc->first, (long)sc->n), l = tenths(sc->latest, (long)sc->n);
		long ch = tenths(sc->latest - sc->first, (long)sc->n);
		buf_reset(&t);
		pg_put_tenths(&t, f, 0);
		tv_set_str(x, "first", t.s);
		buf_reset(&t);
		pg_put_tenths(&t, l, 0);
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
	tv_set_bool(m, "has_exits", o.nreasons > 0);
	for (int k = 0; k < 2 && o.nreasons; k++) {
		const struct outcome_tally *v = k == 0 ? o.reasons : o.destinations;
		size_t n = k == 0 ? o.nreasons : o.ndestinations;
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
	time_row(rows, lab(s, "days_to_assessment"), o.to_assessment, o.nto_assessment);
	time_row(rows, lab(s, "days_to_plan"), o.to_plan, o.nto_plan);
	if (!s->have_history) {
		/* the days to a first plan come from the history */
		buf_reset(&t);
		buf_printf(&t, "%s: %s", lab(s, "days_to_plan"), s->history_why);
		tv_set_str(m, "time_note", t.s);
	}
	buf_free(&t);
	free(bars);
	free(vt);
	outcomes_free(&o);
	unmet_section(s, m);
	return site_render(s, b, "outcomes", m, "outcomes.html");
}

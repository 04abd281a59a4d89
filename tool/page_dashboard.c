/* page_dashboard.c: index.html: open cases, what is overdue and due, and
 * the caseload of each worker. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "page.h"

static size_t
count_open(const struct caseload *cl)
{
	size_t n = 0;
	for (size_t i = 0; i < cl->ncases; i++)
		n += cl->cases[i].loaded && cl->cases[i].status == CASE_OPEN;
	return n;
}

#define DASHBOARD_ITEMS 25

/* flagged_box: the open cases with open flags (SPEC §6), first on the
 * dashboard in a box of their own (the flagged partial): each with its
 * open flags, in the order of the case's file. */
static void
flagged_box(const struct site *s, struct tv *m)
{
	const struct caseload *cl = s->cl;
	struct tv *list = tv_set_list(m, "flagged");
	size_t n = 0;
	for (size_t i = 0; i < cl->ncases; i++) {
		const struct case_record *c = &cl->cases[i];
		if (!c->loaded || c->status != CASE_OPEN)
			continue;
		struct tv *x = NULL, *flags = NULL;
		for (size_t k = 0; k < c->nflags; k++) {
			const struct flag *f = &c->flags[k];
			if (!flag_open(f, cl->as_of))
				continue;
			if (!x) {
				x = tv_push_map(list);
				pg_set_case_href(x, "href", "", c->id);
				tv_set_str(x, "id", c->id);
				tv_set_str(x, "client", pg_client_of(c));
				pg_set_worker(s, x, "", c->worker);
				flags = tv_set_list(x, "flags");
				n++;
			}
			struct tv *y = tv_push_map(flags);
			pg_set_date(y, "date", f->date);
			tv_set_str(y, "text", f->text);
			pg_set_date(y, "review", f->review);
			tv_set_bool(y, "review_overdue", f->review != DATE_NONE && f->review < cl->as_of);
		}
	}
	tv_set_bool(m, "has_flagged", n > 0);
	tv_set_int(m, "n_flagged", (long)n);
}

/* A worker's load: their open cases, and their cases' items overdue and
 * due within the window. */
struct worker_load {
	size_t w; /* index in the config's workers */
	size_t open, overdue, due;
};

static void
load_of(const struct site *s, size_t w, struct worker_load *l)
{
	l->w = w;
	for (size_t k = 0; k < s->nworker_cases[w]; k++) {
		size_t i = s->worker_cases[w][k];
		const struct case_record *c = &s->cl->cases[i];
		const struct case_index *ci = &s->ci[i];
		l->open += c->loaded && c->status == CASE_OPEN;
		for (size_t j = 0; j < ci->nitems; j++) {
			l->overdue += s->items[ci->items[j]].status == 0;
			l->due += s->items[ci->items[j]].status == 1;
		}
	}
}

/* load_cmp: most open cases first, then the order of caseload.yaml. */
static int
load_cmp(const void *a, const void *b)
{
	const struct worker_load *x = a, *y = b;
	if (x->open != y->open)
		return x->open < y->open ? 1 : -1;
	return (x->w > y->w) - (x->w < y->w);
}

int
page_dashboard(struct site *s, struct buf *b)
{
	const struct caseload *cl = s->cl;
	struct tv *m = site_ctx(s, "index.html", lab(s, "dashboard"), "dashboard");
	size_t nopen = count_open(cl), nover = pg_count_items(s, 0), ndue = pg_count_items(s, 1);
	size_t errors, warnings;
	diag_count(&cl->diags, &errors, &warnings);
	tv_set_int(m, "n_open", (long)nopen);
	tv_set_int(m, "n_overdue", (long)nover);
	tv_set_int(m, "n_due", (long)ndue);
	tv_set_int(m, "n_problems", (long)(errors + warnings));
	pg_set_due_within(s, m);
	flagged_box(s, m);
	struct buf t = {0};
	char x[32];
	snprintf(x, sizeof(x), "%zu", warnings);
	tv_set_str(m, "problems_text", lab_put(s, &t, "problems_count", (long)errors, x));

	/* overdue and due, the first few */
	tv_set_bool(m, "has_items", nover + ndue > 0);
	tv_set_str(m, "items_labelledby", "h-due");
	tv_set_bool(m, "hide_worker", 0);
	struct tv *items = tv_set_list(m, "items");
	size_t shown = 0;
	for (size_t k = 0; k < s->nitems && shown < DASHBOARD_ITEMS; k++)
		if (s->items[k].status <= 1) {
			pg_push_item(s, items, k, "");
			shown++;
		}
	if (nover + ndue > shown) {
		buf_reset(&t);
		tv_set_str(m, "more", lab_put(s, &t, "more_items", (long)(nover + ndue - shown), NULL));
	}

	/* caseload per worker, most open cases first: a chart; open, overdue
	 * and due per worker; open cases by program */
	size_t nw = cl->config.nworkers, np = cl->config.nprograms;
	struct worker_load *load = xcalloc(nw ? nw : 1, sizeof(*load));
	/* a worker who left and carries nothing (no open case, no item) is
	 * left out; one who still carries some stays, marked as left */
	size_t kept = 0;
	for (size_t w = 0; w < nw; w++) {
		load_of(s, w, &load[kept]);
		const struct worker_load *l = &load[kept];
		if (!worker_left(&cl->config.workers[w], cl->as_of) || l->open + l->overdue + l->due > 0)
			kept++;
		else
			memset(&load[kept], 0, sizeof(load[kept]));
	}
	nw = kept;
	/* equal loads keep caseload.yaml's order */
	qsort(load, nw, sizeof(*load), load_cmp);
	struct svg_bar *bars = xmalloc((nw ? nw : 1) * sizeof(*bars));
	struct tv *programs = tv_set_list(m, "programs");
	for (size_t p = 0; p < np; p++) {
		struct tv *x = tv_push_map(programs);
		tv_set_str(x, "name",
		           cl->config.programs[p].name ? cl->config.programs[p].name
		                                       : cl->config.programs[p].id);
	}
	size_t *ptot = xcalloc(np ? np : 1, sizeof(size_t));
	size_t *cnt = xcalloc(np ? np : 1, sizeof(size_t));
	struct tv *loads = tv_set_list(m, "load");
	struct tv *rows = tv_set_list(m, "rows");
	for (size_t k = 0; k < nw; k++) {
		size_t w = load[k].w;
		const struct worker *wk = &cl->config.workers[w];
		memset(cnt, 0, (np ? np : 1) * sizeof(size_t));
		for (size_t j = 0; j < s->nworker_cases[w]; j++) {
			const struct case_record *c = &cl->cases[s->worker_cases[w][j]];
			if (!c->loaded || c->status != CASE_OPEN)
				continue;
			for (size_t p = 0; p < np; p++)
				if (c->program && strcmp(c->program, cl->config.programs[p].id) == 0) {
					cnt[p]++;
					ptot[p]++;
				}
		}
		const char *name = wk->name ? wk->name : wk->id;
		bars[k] = (struct svg_bar){name, (double)load[k].open, NULL};
		char path[96];
		snprintf(path, sizeof(path), "workers/%s.html", wk->id);
		struct tv *l = tv_push_map(loads);
		tv_set_str(l, "name", name);
		tv_set_str(l, "href", id_valid(wk->id) ? path : NULL);
		if (worker_left(wk, cl->as_of))
			pg_set_date(l, "left", wk->left);
		tv_set_int(l, "nopen", (long)load[k].open);
		tv_set_int(l, "noverdue", (long)load[k].overdue);
		tv_set_int(l, "ndue", (long)load[k].due);
		struct tv *r = tv_push_map(rows);
		tv_set_str(r, "name", name);
		tv_set_str(r, "href", id_valid(wk->id) ? path : NULL);
		if (worker_left(wk, cl->as_of))
			pg_set_date(r, "left", wk->left);
		struct tv *cs = tv_set_list(r, "counts");
		for (size_t p = 0; p < np; p++)
			tv_push_int(cs, (long)cnt[p]);
		tv_set_int(r, "total", (long)load[k].open);
	}
	struct tv *pt = tv_set_list(m, "program_totals");
	for (size_t p = 0; p < np; p++)
		tv_push_int(pt, (long)ptot[p]);
	buf_reset(&t);
	svg_bar_chart(&t, "caseload", lab(s, "open_cases_chart"), bars, nw, &s->words);
	tv_set_rawn(m, "chart", t.s, t.len);
	free(bars);
	free(load);
	free(ptot);
	free(cnt);
	buf_free(&t);
	return site_render(s, b, "dashboard", m, "index.html");
}

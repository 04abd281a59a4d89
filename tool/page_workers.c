/* page_workers.c: workers.html and a page and a calendar (.ics) per worker. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "page.h"
#include "site_carry.h"

/* open_of_worker: the number of open cases of worker w. */
static size_t
open_of_worker(const struct site *s, size_t w)
{
	size_t n = 0;
	for (size_t k = 0; k < s->nworker_cases[w]; k++) {
		const struct case_record *c = &s->cl->cases[s->worker_cases[w][k]];
		n += c->loaded && c->status == CASE_OPEN;
	}
	return n;
}

/* worker_ics: the worker's calendar: every item of their cases, ahead too
 * (sel[0..n), site_worker_items). */
static int
worker_ics(struct site *s, size_t w, const size_t *sel, size_t n)
{
	const struct worker *wk = &s->cl->config.workers[w];
	char path[96];
	snprintf(path, sizeof(path), "workers/%s.ics", wk->id);
	struct buf name = {0};
	buf_printf(&name, "%s \xe2\x80\x94 %s",
	           s->cl->config.organization ? s->cl->config.organization : "",
	           wk->name ? wk->name : wk->id);
	int rc = pg_write_ics(s, path, sel, n, name.s);
	buf_free(&name);
	return rc;
}

int
page_workers(struct site *s, struct buf *b)
{
	const struct caseload *cl = s->cl;
	struct tv *m = site_ctx(s, "workers.html", lab(s, "workers"), "workers");
	pg_set_due_within(s, m);
	struct tv *list = tv_set_list(m, "workers");
	/* those who have left, apart (SPEC §6) */
	struct tv *gone = tv_set_list(m, "left_workers");
	size_t ngone = 0;
	for (size_t w = 0; w < cl->config.nworkers; w++) {
		const struct worker *wk = &cl->config.workers[w];
		if (!id_valid(wk->id))
			continue;
		int left = worker_left(wk, cl->as_of);
		size_t nover = 0, ndue = 0;
		for (size_t k = 0; k < s->nworker_cases[w]; k++) {
			const struct case_index *ci = &s->ci[s->worker_cases[w][k]];
			for (size_t j = 0; j < ci->nitems; j++) {
				nover += s->items[ci->items[j]].status == 0;
				ndue += s->items[ci->items[j]].status == 1;
			}
		}
		struct tv *x = tv_push_map(left ? gone : list);
		ngone += left;
		pg_set_date(x, "left", wk->has_left ? wk->left : DATE_NONE);
		char path[96];
		snprintf(path, sizeof(path), "workers/%s.html", wk->id);
		tv_set_str(x, "href", path);
		tv_set_str(x, "id", wk->id);
		tv_set_str(x, "name", wk->name ? wk->name : wk->id);
		tv_set_str(x, "role", lab_enum(s, "role_", role_names[wk->role]));
		tv_set_int(x, "nopen", (long)open_of_worker(s, w));
		tv_set_int(x, "noverdue", (long)nover);
		tv_set_int(x, "ndue", (long)ndue);
		if (s->have_due) {
			snprintf(path, sizeof(path), "workers/%s.ics", wk->id);
			tv_set_str(x, "ics", path);
		} else {
			tv_set_str(x, "ics", NULL);
		}
	}
	tv_set_bool(m, "has_left_workers", ngone > 0);
	if (site_render(s, b, "workers", m, "workers.html") < 0)
		return -1;

	for (size_t w = 0; w < cl->config.nworkers; w++) {
		const struct worker *wk = &cl->config.workers[w];
		if (!id_valid(wk->id) || carry_worker(s, w))
			continue;
		char path[96];
		snprintf(path, sizeof(path), "workers/%s.html", wk->id);
		m = site_ctx(s, path, wk->name ? wk->name : wk->id, "workers");
		tv_set_str(m, "id", wk->id);
		tv_set_str(m, "name", wk->name ? wk->name : wk->id);
		tv_set_str(m, "role", lab_enum(s, "role_", role_names[wk->role]));
		tv_set_str(m, "email", wk->email);
		pg_set_date(m, "left", wk->has_left ? wk->left : DATE_NONE);
		tv_set_bool(m, "has_left", worker_left(wk, cl->as_of));
		tv_set_int(m, "nopen", (long)open_of_worker(s, w));
		if (s->have_due) {
			char ics[96];
			snprintf(ics, sizeof(ics), "%s.ics", wk->id);
			tv_set_str(m, "ics", ics);
		} else {
			tv_set_str(m, "ics", NULL);
		}
		tv_set_bool(m, "hide_worker", 1);
		/* their items in due order: those overdue or due on their page,
		 * all of them in their calendar */
		size_t nall, nsel = 0;
		size_t *sel = site_worker_items(s, w, &nall);
		for (size_t k = 0; k < nall; k++)
			nsel += s->items[sel[k]].status <= 1;
		tv_set_bool(m, "has_items", nsel > 0);
		tv_set_str(m, "items_labelledby", "h-items");
		struct tv *items = tv_set_list(m, "items");
		for (size_t k = 0; k < nall; k++)
			if (s->items[sel[k]].status <= 1)
				pg_push_item(s, items, sel[k], "workers");
		tv_set_str(m, "cases_labelledby", "h-cases");
		struct tv *cases = tv_set_list(m, "cases");
		struct tv *closed = NULL, *clist = NULL;
		size_t nopen = 0;
		for (size_t k = 0; k < s->nworker_cases[w]; k++) {
			size_t i = s->worker_cases[w][k];
			const struct case_record *c = &cl->cases[i];
			if (c->status == CASE_CLOSED) {
				if (!closed) {
					closed = tv_set_map(m, "closed");
					clist = tv_set_list(closed, "list");
				}
				struct tv *x = tv_push_map(clist);
				pg_set_case_href(x, "href", "workers", c->id);
				tv_set_str(x, "id", c->id);
				tv_set_str(x, "client", pg_client_of(c));
				pg_set_date(x, "closed", c->closed);
				continue;
			}
			pg_push_case_row(s, cases, i, "workers");
			nopen++;
		}
		tv_set_bool(m, "has_cases", nopen > 0);
		int rc = site_render(s, b, "worker", m, path) < 0 || worker_ics(s, w, sel, nall) < 0;
		free(sel);
		if (rc)
			return -1;
	}
	return 0;
}

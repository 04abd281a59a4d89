/* site_index.c: the records indexed once for every page: each case's
 * problems, due items and commits; the cases of each worker and of each
 * resource; what falls due in the site's words; the audit's findings when
 * the history could be read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "site_index.h"

static int
diag_idx_cmp(const void *pa, const void *pb, void *arg)
{
	const struct caseload *cl = arg;
	return diag_order(&cl->diags.v[*(const size_t *)pa], &cl->diags.v[*(const size_t *)pb]);
}

/* case_of_path: the index of the case a record path belongs to
 * (cases/<id>/...), or (size_t)-1. */
static size_t
case_of_path(const struct caseload *cl, const char *path)
{
	if (strncmp(path, "cases/", 6) != 0)
		return (size_t)-1;
	const char *id = path + 6;
	size_t n = strcspn(id, "/");
	char tmp[80];
	if (n == 0 || n >= sizeof(tmp))
		return (size_t)-1;
	memcpy(tmp, id, n);
	tmp[n] = '\0';
	const struct case_record *c = cl_case(cl, tmp);
	return c ? (size_t)(c - cl->cases) : (size_t)-1;
}

/* idpos: an id and its index, in an array sorted by id to find the index. */
struct idpos {
	const char *id;
	size_t i;
};

static int
idpos_cmp(const void *a, const void *b)
{
	return strcmp(((const struct idpos *)a)->id, ((const struct idpos *)b)->id);
}

static size_t
idpos_find(const struct idpos *v, size_t n, const char *id)
{
	if (!id || !n)
		return (size_t)-1;
	struct idpos k = {id, 0};
	const struct idpos *r = bsearch(&k, v, n, sizeof(*v), idpos_cmp);
	return r ? r->i : (size_t)-1;
}

/* site_index_build: each list in case order, one pass each. */
void
site_index_build(struct site *s)
{
	const struct caseload *cl = s->cl;
	s->ci = xcalloc(cl->ncases ? cl->ncases : 1, sizeof(*s->ci));
	for (size_t i = 0; i < cl->ncases; i++)
		s->ci[i].next_due = DATE_NONE;

	size_t nd = cl->diags.n;
	s->diag_order = xmalloc((nd ? nd : 1) * sizeof(size_t));
	for (size_t i = 0; i < nd; i++)
		s->diag_order[i] = i;
	if (nd > 1)
		qsort_r(s->diag_order, nd, sizeof(size_t), diag_idx_cmp, (void *)cl);
	/* sorted by path, so each case's problems are one run */
	for (size_t k = 0; k < nd;) {
		size_t c = case_of_path(cl, cl->diags.v[s->diag_order[k]].file);
		size_t e = k + 1;
		while (e < nd && case_of_path(cl, cl->diags.v[s->diag_order[e]].file) == c)
			e++;
		if (c != (size_t)-1 && s->ci[c].diag_hi == 0) {
			s->ci[c].diag_lo = k;
			s->ci[c].diag_hi = e;
		}
		k = e;
	}

	size_t nw = cl->config.nworkers, nr = cl->nresources;
	struct idpos *w = xmalloc((nw ? nw : 1) * sizeof(*w));
	for (size_t i = 0; i < nw; i++)
		w[i] = (struct idpos){cl->config.workers[i].id, i};
	qsort(w, nw, sizeof(*w), idpos_cmp);
	struct idpos *r = xmalloc((nr ? nr : 1) * sizeof(*r));
	for (size_t i = 0; i < nr; i++)
		r[i] = (struct idpos){cl->resources[i].id, i};
	qsort(r, nr, sizeof(*r), idpos_cmp);

	s->worker_cases = xcalloc(nw ? nw : 1, sizeof(size_t *));
	s->nworker_cases = xcalloc(nw ? nw : 1, sizeof(size_t));
	size_t *wcap = xcalloc(nw ? nw : 1, sizeof(size_t));
	s->resource_cases = xcalloc(nr ? nr : 1, sizeof(size_t *));
	s->nresource_cases = xcalloc(nr ? nr : 1, sizeof(size_t));
	size_t *rcap = xcalloc(nr ? nr : 1, sizeof(size_t));
	for (size_t i = 0; i < cl->ncases; i++) {
		const struct case_record *c = &cl->cases[i];
		size_t wi = idpos_find(w, nw, c->worker);
		if (wi != (size_t)-1) {
			VEC_GROW(s->worker_cases[wi], s->nworker_cases[wi], wcap[wi]);
			s->worker_cases[wi][s->nworker_cases[wi]++] = i;
		}
		if (c->status != CASE_OPEN || !c->loaded)
			continue;
		for (size_t g = 0; g < c->plan.ngoals; g++)
			for (size_t t = 0; t < c->plan.goals[g].nsteps; t++) {
				size_t ri = idpos_find(r, nr, c->plan.goals[g].steps[t].who);
				if (ri == (size_t)-1)
					continue;
				size_t m = s->nresource_cases[ri];
				if (m && s->resource_cases[ri][m - 1] == i)
					continue; /* cases come in order: a repeat is the last one */
				VEC_GROW(s->resource_cases[ri], s->nresource_cases[ri], rcap[ri]);
				s->resource_cases[ri][s->nresource_cases[ri]++] = i;
			}
	}
	free(wcap);
	free(rcap);
	free(w);
	free(r);
}

/* put_every: " · every 90 days", how often a kind of item falls due. */
static void
put_every(const struct site *s, struct buf *b, struct dur d)
{
	buf_puts(b, " \xc2\xb7 ");
	lab_dur(s, b, d, 1);
}

/* item_what: what item it is due, in the site's words, into b; an item
 * that comes round again says how often. */
static void
item_what(const struct site *s, const struct due_item *it, struct buf *b)
{
	const struct case_record *c = it->c;
	const struct program *p = c->program ? cl_program(s->cl, c->program) : NULL;
	switch (it->kind) {
	case DUE_ASSESSMENT:
		buf_puts(b, lab(s, c->nassessments ? "due_assessment" : "due_first_assessment"));
		/* the case's own interval first, as due.c counts it */
		if (c->nassessments && c->has_reassess_every)
			put_every(s, b, c->reassess_every);
		else if (c->nassessments && p && p->has_reassess)
			put_every(s, b, p->reassess[c->risk]);
		break;
	case DUE_PLAN: buf_puts(b, lab(s, "due_plan")); break;
	case DUE_REVIEW:
		buf_puts(b, lab(s, "due_review"));
		put_every(s, b, s->cl->config.policy.plan_review_every);
		break;
	case DUE_CONTACT:
		buf_puts(b, lab(s, "due_contact"));
		if (c->has_contact_every)
			put_every(s, b, c->contact_every);
		else if (p && p->has_contact)
			put_every(s, b, p->contact_every);
		break;
	case DUE_FOLLOWUP: {
		/* the offset after closing, "90d" in the records: in words */
		struct dur d;
		struct buf w = {0};
		if (it->ref && dur_parse(it->ref, &d, 1) == 0)
			lab_dur(s, &w, d, 0);
		lab_put(s, b, "due_followup", 0, w.s ? w.s : it->ref);
		buf_free(&w);
		if (it->attempts) {
			buf_putc(b, ' ');
			lab_put(s, b, it->attempts == 1 ? "due_attempt" : "due_attempts",
			        (long)it->attempts, NULL);
		}
		break;
	}
	case DUE_GOAL: {
		const struct goal *g = &c->plan.goals[it->goal];
		buf_printf(b, "%s: %s", lab(s, "due_goal"), g->statement ? g->statement : g->id);
		break;
	}
	case DUE_STEP: {
		const struct step *st = &c->plan.goals[it->goal].steps[it->step];
		buf_printf(b, "%s: %s", lab(s, "due_step"), st->action ? st->action : it->ref);
		break;
	}
	case DUE_CONSENT: buf_puts(b, lab(s, "due_consent")); break;
	case DUE_FLAG: {
		const struct flag *f = &c->flags[it->step];
		buf_printf(b, "%s: %s", lab(s, "due_flag"), f->text ? f->text : it->ref);
		break;
	}
	case DUE_REFERRAL: {
		const struct step *st = &c->plan.goals[it->goal].steps[it->step];
		const struct resource *r = cl_resource(s->cl, st->who);
		lab_put(s, b, "due_referral", 0, r && r->name ? r->name : st->who);
		buf_printf(b, ": %s", st->action ? st->action : it->ref);
		break;
	}
	}
	if (!b->s)
		buf_add(b, "", 0);
}

void
site_index_due(struct site *s)
{
	const struct caseload *cl = s->cl;
	due_compute(cl, cl->as_of, cl->config.policy.due_window, &s->due);
	s->have_due = 1;
	s->window_end = s->due.window_end;
	s->nitems = s->due.n;
	s->items = xcalloc(s->nitems ? s->nitems : 1, sizeof(*s->items));
	size_t *cap = xcalloc(cl->ncases ? cl->ncases : 1, sizeof(size_t));
	struct buf b = {0};
	for (size_t k = 0; k < s->due.n; k++) {
		const struct due_item *it = &s->due.v[k];
		struct site_item *x = &s->items[k];
		x->c = it->c;
		x->kind = due_kind_names[it->kind];
		x->ref = it->ref;
		x->goal = it->goal;
		x->step = it->step;
		x->due = it->due;
		x->days = it->days;
		x->status = it->status == DUE_OVERDUE ? 0 : it->status == DUE_DUE ? 1 : 2;
		buf_reset(&b);
		item_what(s, it, &b);
		x->what = xstrdup(b.s);
		size_t i = (size_t)(it->c - cl->cases);
		struct case_index *ci = &s->ci[i];
		VEC_GROW(ci->items, ci->nitems, cap[i]);
		ci->items[ci->nitems++] = k;
		ci->noverdue += x->status == 0;
		ci->ndue += x->status <= 1;
		if (ci->next_due == DATE_NONE)
			ci->next_due = x->due; /* in due order: the first is the next */
	}
	buf_free(&b);
	free(cap);
}

static int
finding_file_cmp(const void *a, const void *b)
{
	const struct finding *x = *(const struct finding *const *)a;
	const struct finding *y = *(const struct finding *const *)b;
	int c = strcmp(x->file, y->file);
	return c ? c : (int)x->kind - (int)y->kind;
}

static int
file_order_cmp(const void *a, const void *b)
{
	const struct finding *x = *(const struct finding *const *)a;
	const struct finding *y = *(const struct finding *const *)b;
	int c = strcmp(x->file, y->file);
	return c ? c : x < y ? -1 : x > y; /* then as the audit sorts them: by date */
}

/* line_text: a line of a change without its line end, a carriage return
 * shown as U+240D (a change of line ends is a change too). */
static const char *
line_text(struct site *s, const struct diff_line *l)
{
	size_t n = l->len;
	if (n && l->s[n - 1] == '\n')
		n--;
	int cr = n && l->s[n - 1] == '\r';
	char *t = arena_alloc(&s->arena, n + 3);
	memcpy(t, l->s, n - (size_t)cr);
	if (cr)
		memcpy(t + n - 1, "\xe2\x90\x8d", 3);
	t[n - (size_t)cr + (cr ? 3 : 0)] = '\0';
	return t;
}

/* read_change: the text of an amended note before the commit and the line
 * diff to the text after it, with a line of context around each changed
 * part. 0, or -1 when a blob cannot be read or is no text. */
static int
read_change(struct site *s, struct history *h, const struct finding *f, struct site_change *c)
{
	char *od = NULL, *nd = NULL;
	size_t ol, nl;
	int rc = -1;
	if (hist_blob(h, f->old_blob, 1 << 20, &od, &ol) != 0 ||
	    hist_blob(h, f->new_blob, 1 << 20, &nd, &nl) != 0 || utf8_valid(od, ol) != (size_t)-1 ||
	    utf8_valid(nd, nl) != (size_t)-1)
		goto out;
	struct diff d;
	diff_lines(&d, od, ol, nd, nl);
	c->f = f;
	c->before = arena_strndup(&s->arena, od, ol);
	c->lines = arena_alloc(&s->arena, (2 * d.n + 1) * sizeof(*c->lines));
	c->nlines = 0;
	int gap = 0;
	for (size_t i = 0; i < d.n; i++) {
		int near = d.v[i].op != DIFF_SAME || (i > 0 && d.v[i - 1].op != DIFF_SAME) ||
		           (i + 1 < d.n && d.v[i + 1].op != DIFF_SAME);
		if (!near) {
			gap = 1;
			continue;
		}
		if (gap)
			c->lines[c->nlines++] = (struct site_line){'~', "\xe2\x8b\xaf"};
		gap = 0;
		char op = d.v[i].op == DIFF_DEL ? '-' : d.v[i].op == DIFF_ADD ? '+' : ' ';
		c->lines[c->nlines++] = (struct site_line){op, line_text(s, &d.v[i])};
	}
	if (gap)
		c->lines[c->nlines++] = (struct site_line){'~', "\xe2\x8b\xaf"};
	diff_free(&d);
	rc = 0;
out:
	free(od);
	free(nd);
	return rc;
}

/* index_files: every finding with a file, by file; and the changes of the
 * amended notes, read now, as the case pages render on several threads
 * and read no history. A redacted site shows no note bodies: nor their
 * changes. */
static void
index_files(struct site *s, struct history *h)
{
	size_t n = 0, nc = 0;
	s->file_findings = xmalloc((s->findings.n ? s->findings.n : 1) * sizeof(*s->file_findings));
	for (size_t k = 0; k < s->findings.n; k++) {
		const struct finding *f = &s->findings.v[k];
		if (f->file)
			s->file_findings[n++] = f;
		if (f->kind == FIND_AMENDED && f->commit)
			nc++;
	}
	if (n > 1)
		qsort(s->file_findings, n, sizeof(*s->file_findings), file_order_cmp);
	s->nfile_findings = n;
	s->changes = xcalloc(nc ? nc : 1, sizeof(*s->changes));
	for (size_t k = 0; k < s->findings.n && !s->o->redact; k++) {
		const struct finding *f = &s->findings.v[k];
		size_t fl = f->file ? strlen(f->file) : 0;
		if (f->kind != FIND_AMENDED || !f->commit || fl < 3 || strcmp(f->file + fl - 3, ".md") != 0)
			continue;
		if (read_change(s, h, f, &s->changes[s->nchanges]) == 0)
			s->nchanges++;
	}
}

const struct finding *const *
site_file_findings(const struct site *s, const char *file, size_t *n)
{
	size_t lo = 0, hi = s->nfile_findings;
	*n = 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(s->file_findings[mid]->file, file) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t e = lo;
	while (e < s->nfile_findings && strcmp(s->file_findings[e]->file, file) == 0)
		e++;
	*n = e - lo;
	return e > lo ? s->file_findings + lo : NULL;
}

const struct site_change *
site_change_of(const struct site *s, const struct finding *f)
{
	for (size_t i = 0; i < s->nchanges; i++)
		if (s->changes[i].f == f)
			return &s->changes[i];
	return NULL;
}

int
site_collect_findings(struct hist_job *j, void *arg)
{
	struct site *s = arg;
	/* the audit reads old case.yaml blobs from the same repository */
	return audit_collect(&s->findings, s->cl, &j->h, j->wt, j->nwt, NULL, 0);
}

/* site_index_history: the audit's findings are those of `caseload audit`
 * (audit_collect, site_collect_findings); the late and future notes are
 * indexed by file. */
void
site_index_history(struct site *s)
{
	const struct caseload *cl = s->cl;
	if (!s->sh) {
		s->history_why = lab(s, "history_none");
		return;
	}
	struct hist_job *sh = s->sh;
	if (hist_job_wait(sh) != 0) {
		if (sh->h.norepo) {
			s->history_why = lab(s, "history_none");
		} else {
			struct buf b = {0};
			lab_put(s, &b, "history_error", 0, sh->h.err);
			s->history_why = arena_strdup(&s->arena, b.s);
			buf_free(&b);
		}
		return;
	}
	/* collected on the history's thread (site_build's hist_job_go), or here */
	if ((sh->then ? sh->then_rc : site_collect_findings(sh, s)) != 0) {
		struct buf b = {0};
		lab_put(s, &b, "history_error", 0, sh->h.err);
		s->history_why = arena_strdup(&s->arena, b.s);
		buf_free(&b);
		findings_free(&s->findings);
		sh->rc = -1;
		return;
	}
	s->hist = &sh->h;
	s->have_history = 1;
	for (size_t i = 0; i < cl->ncases; i++)
		s->ci[i].hist = hist_case(&sh->h, cl->cases[i].id);
	/* the files that differ from HEAD are sorted by path: a run per case */
	for (size_t k = 0; k < sh->nwt;) {
		size_t c = case_of_path(cl, sh->wt[k].path), e = k + 1;
		while (e < sh->nwt && case_of_path(cl, sh->wt[e].path) == c)
			e++;
		if (c != (size_t)-1 && s->ci[c].wt_hi == 0) {
			s->ci[c].wt_lo = k;
			s->ci[c].wt_hi = e;
		}
		k = e;
	}
	size_t n = 0;
	s->note_findings = xmalloc((s->findings.n ? s->findings.n : 1) * sizeof(*s->note_findings));
	for (size_t k = 0; k < s->findings.n; k++) {
		const struct finding *f = &s->findings.v[k];
		if ((f->kind == FIND_LATE_NOTE || f->kind == FIND_FUTURE_NOTE) && f->file && f->commit)
			s->note_findings[n++] = f;
	}
	if (n > 1)
		qsort(s->note_findings, n, sizeof(*s->note_findings), finding_file_cmp);
	s->nnote_findings = n;
	index_files(s, &sh->h);
}

const struct finding *
site_note_finding(const struct site *s, const char *file)
{
	size_t lo = 0, hi = s->nnote_findings;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(s->note_findings[mid]->file, file);
		if (c == 0)
			return s->note_findings[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int
index_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return (x > y) - (x < y);
}

size_t *
site_worker_items(const struct site *s, size_t w, size_t *n)
{
	size_t k = 0;
	for (size_t j = 0; j < s->nworker_cases[w]; j++)
		k += s->ci[s->worker_cases[w][j]].nitems;
	size_t *sel = xmalloc((k ? k : 1) * sizeof(size_t));
	k = 0;
	for (size_t j = 0; j < s->nworker_cases[w]; j++) {
		const struct case_index *ci = &s->ci[s->worker_cases[w][j]];
		for (size_t t = 0; t < ci->nitems; t++)
			sel[k++] = ci->items[t];
	}
	/* item indexes are in due order: sorting them sorts the items */
	qsort(sel, k, sizeof(size_t), index_cmp);
	*n = k;
	return sel;
}

void
site_index_free(struct site *s)
{
	const struct caseload *cl = s->cl;
	if (s->ci)
		for (size_t i = 0; i < cl->ncases; i++)
			free(s->ci[i].items);
	free(s->ci);
	free(s->diag_order);
	for (size_t i = 0; s->worker_cases && i < cl->config.nworkers; i++)
		free(s->worker_cases[i]);
	free(s->worker_cases);
	free(s->nworker_cases);
	for (size_t i = 0; s->resource_cases && i < cl->nresources; i++)
		free(s->resource_cases[i]);
	free(s->resource_cases);
	free(s->nresource_cases);
	for (size_t i = 0; i < s->nitems; i++)
		free(s->items[i].what);
	free(s->items);
	due_list_free(&s->due);
	buf_free(&s->ics);
	free(s->ics_at);
	findings_free(&s->findings);
	free(s->note_findings);
	free(s->file_findings);
	free(s->changes);
}

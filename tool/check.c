/* check.c: the rules between records (check.h): references from one file
 * to another, dates against each other and against as-of, `by`, file names,
 * goals that build on each other (and their order), and consent to share
 * with a step's resource. The loader kept the positions these need; each
 * rule reads the model only. A new rule is a function here, called from
 * check_caseload (or check_case for a case's records). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check.h"
#include "records.h"

/* ---- a plan's goals by id ---- */

static int
goal_ix_cmp(const void *pa, const void *pb)
{
	const struct goal_ix *a = pa, *b = pb;
	int c = strcmp(a->id, b->id);
	if (c)
		return c;
	return a->goal < b->goal ? -1 : a->goal > b->goal;
}

void
goal_index_make(struct goal_index *ix, const struct plan *p)
{
	ix->v = xmalloc((p->ngoals ? p->ngoals : 1) * sizeof(*ix->v));
	ix->n = 0;
	for (size_t i = 0; i < p->ngoals; i++)
		if (p->goals[i].id)
			ix->v[ix->n++] = (struct goal_ix){p->goals[i].id, i};
	if (ix->n > 1)
		qsort(ix->v, ix->n, sizeof(*ix->v), goal_ix_cmp);
}

/* lower: the first position in ix of id (or where it would go). */
static size_t
lower(const struct goal_index *ix, const char *id)
{
	size_t lo = 0, hi = ix->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(ix->v[mid].id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

long
goal_index_find(const struct goal_index *ix, const char *id)
{
	size_t lo = id ? lower(ix, id) : ix->n;
	return lo < ix->n && strcmp(ix->v[lo].id, id) == 0 ? (long)ix->v[lo].goal : -1;
}

void
goal_index_free(struct goal_index *ix)
{
	free(ix->v);
	ix->v = NULL;
	ix->n = 0;
}

/* ---- goal order ---- */

/* A min-heap of goal indexes: the ready goal earliest in the plan first. */
struct heap {
	size_t *v, n;
};

static void
heap_push(struct heap *h, size_t x)
{
	size_t i = h->n++;
	while (i > 0 && h->v[(i - 1) / 2] > x) {
		h->v[i] = h->v[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h->v[i] = x;
}

static size_t
heap_pop(struct heap *h)
{
	size_t top = h->v[0], x = h->v[--h->n], i = 0;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= h->n)
			break;
		if (c + 1 < h->n && h->v[c + 1] < h->v[c])
			c++;
		if (h->v[c] >= x)
			break;
		h->v[i] = h->v[c];
		i = c;
	}
	if (h->n)
		h->v[i] = x;
	return top;
}

void
goal_order(const struct plan *pl, const struct goal_index *ix, size_t *order)
{
	/* Goals that share an id form a group; `after: [x]` waits for every
	 * other goal of group x. rem[g]: the group's goals not yet placed;
	 * need[i]: the `after` entries of goal i still waiting. Each entry stops
	 * waiting once, when its group empties (or, for a goal in the group it
	 * names, when it is the group's last goal), so the whole order costs
	 * the goals and entries once each, and a heap. */
	size_t n = pl->ngoals, ng = ix->n;
	size_t *grp = xmalloc((n ? n : 1) * sizeof(*grp)); /* goal -> group, or SIZE_MAX */
	size_t *rem = xcalloc(ng ? ng : 1, sizeof(*rem));
	size_t *need = xcalloc(n ? n : 1, sizeof(*need));
	size_t *start = xcalloc(ng + 1, sizeof(*start)); /* group -> its waiting entries */
	for (size_t i = 0; i < n; i++)
		grp[i] = SIZE_MAX;
	for (size_t k = 0; k < ng; k++) {
		size_t g = k > 0 && strcmp(ix->v[k - 1].id, ix->v[k].id) == 0 ? grp[ix->v[k - 1].goal] : k;
		grp[ix->v[k].goal] = g;
		rem[g]++;
	}
	/* the entries that name a group, by group: who waits on it */
	size_t nent = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t a = 0; a < pl->goals[i].nafter; a++) {
			long t = goal_index_find(ix, pl->goals[i].after[a]);
			if (t >= 0)
				start[grp[t] + 1]++, nent++;
		}
	for (size_t g = 0; g < ng; g++)
		start[g + 1] += start[g];
	size_t *waiter = xmalloc((nent ? nent : 1) * sizeof(*waiter)),
	       *fill = xmalloc((ng ? ng : 1) * sizeof(*fill));
	memcpy(fill, start, ng * sizeof(*fill));
	for (size_t i = 0; i < n; i++)
		for (size_t a = 0; a < pl->goals[i].nafter; a++) {
			long t = goal_index_find(ix, pl->goals[i].after[a]);
			if (t < 0)
				continue;
			size_t g = grp[t];
			waiter[fill[g]++] = i;
			/* a goal's own group waits only for the others in it */
			if (!(g == grp[i] && rem[g] == 1))
				need[i]++;
		}
	unsigned char *placed = xcalloc(n ? n : 1, 1);
	struct heap h = {xmalloc((n ? n : 1) * sizeof(size_t)), 0};
	for (size_t i = 0; i < n; i++)
		if (need[i] == 0)
			heap_push(&h, i);
	size_t k = 0, cursor = 0;
	while (k < n) {
		size_t pick;
		if (h.n) {
			pick = heap_pop(&h);
		} else {
			/* a cycle: the first goal not placed yet, in plan order */
			while (placed[cursor])
				cursor++;
			pick = cursor;
		}
		placed[pick] = 1;
		order[k++] = pick;
		size_t g = grp[pick];
		if (g == SIZE_MAX || --rem[g] > 1)
			continue;
		for (size_t e = start[g]; e < start[g + 1]; e++) {
			size_t i = waiter[e];
			/* rem 1: only the goal of the group still to place stops
			 * waiting on its own group; rem 0: every other goal does */
			if (placed[i] || (rem[g] == 1) != (grp[i] == g))
				continue;
			if (--need[i] == 0)
				heap_push(&h, i);
		}
	}
	free(h.v);
	free(placed);
	free(waiter);
	free(fill);
	free(start);
	free(need);
	free(rem);
	free(grp);
}

static int
is_failed_resource(const struct caseload *cl, const char *id)
{
	for (size_t j = 0; j < cl->nfailed_resources; j++)
		if (strcmp(cl->failed_resources[j], id) == 0)
			return 1;
	return 0;
}

/* ---- references that name nothing ---- */

/* What a reference names, for the ids an unknown-ref offers. */
enum ref { REF_WORKER, REF_PROGRAM, REF_RESOURCE, REF_DOMAIN, REF_WHO };

/* known_ids: the ids a reference of kind r may name, in the records' order
 * (REF_WHO: client, worker, then the resources); *n their number. The
 * caller frees the array, not the strings. */
static const char **
known_ids(const struct caseload *cl, enum ref r, size_t *n)
{
	const struct config *cf = &cl->config;
	size_t m = r == REF_WORKER     ? cf->nworkers
	           : r == REF_PROGRAM  ? cf->nprograms
	           : r == REF_DOMAIN   ? cf->ndomains
	           : r == REF_RESOURCE ? cl->nresources
	                               : cl->nresources + 2;
	const char **v = xmalloc((m + 1) * sizeof(*v));
	*n = 0;
	if (r == REF_WHO) {
		v[(*n)++] = "client";
		v[(*n)++] = "worker";
	}
	for (size_t i = 0; *n < m; i++)
		v[(*n)++] = r == REF_WORKER    ? cf->workers[i].id
		            : r == REF_PROGRAM ? cf->programs[i].id
		            : r == REF_DOMAIN  ? cf->domains[i].id
		                               : cl->resources[i].id;
	return v;
}

/* goal_ids: the ids of the plan's goals, each once, leaving out those that
 * are no ids (bad-id); *n their number. The caller frees the array, not
 * the strings. */
static const char **
goal_ids(const struct plan *p, size_t *n)
{
	const char **v = xmalloc((p->ngoals + 1) * sizeof(*v));
	*n = 0;
	for (size_t i = 0; i < p->ngoals; i++) {
		const char *id = p->goals[i].id;
		size_t k;
		for (k = 0; id && k < *n && strcmp(v[k], id) != 0; k++)
			;
		if (id && k == *n && id_valid(id))
			v[(*n)++] = id;
	}
	return v;
}

/* unknown_ref: the one unknown-ref diagnostic, at `at`: the message fmt
 * ("no worker 'tom' in caseload.yaml"), and as the fix the known id within
 * two edits of id ("did you mean 'tim'?"), else up to ten of known[0..n)
 * (SPEC §8). */
static void __attribute__((format(printf, 7, 8)))
unknown_ref(struct caseload *cl, const char *file, struct pos at, const char *id,
            const char *const *known, size_t n, const char *fmt, ...)
{
	struct buf msg = {0}, hint = {0};
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	const char *near = nearest_within(id, known, n, 2);
	if (near)
		buf_printf(&hint, "did you mean '%s'?", near);
	else if (n == 0)
		buf_puts(&hint, "there are none yet");
	else {
		buf_puts(&hint, "known: ");
		for (size_t i = 0; i < n && i < 10; i++)
			buf_printf(&hint, "%s%s", i ? ", " : "", known[i]);
		if (n > 10)
			buf_printf(&hint, " and %zu more", n - 10);
	}
	diag_add(&cl->diags, file, at.line, at.col, "unknown-ref", hint.s, "%s", msg.s);
	buf_free(&msg);
	buf_free(&hint);
}

/* unknown_id: unknown_ref for a reference of kind r, in the one wording
 * each kind has. */
static void
unknown_id(struct caseload *cl, const char *file, struct pos at, enum ref r, const char *id)
{
	size_t n;
	const char **known = known_ids(cl, r, &n);
	switch (r) {
	case REF_WORKER:
		unknown_ref(cl, file, at, id, known, n, "no worker '%s' in caseload.yaml", id);
		break;
	case REF_PROGRAM:
		unknown_ref(cl, file, at, id, known, n, "no program '%s' in caseload.yaml", id);
		break;
	case REF_RESOURCE:
		unknown_ref(cl, file, at, id, known, n, "no resource '%s' in resources/", id);
		break;
	case REF_DOMAIN:
		unknown_ref(cl, file, at, id, known, n, "the instrument has no domain '%s'", id);
		break;
	case REF_WHO:
		unknown_ref(cl, file, at, id, known, n,
		            "who is client, worker or a resource in resources/, not '%s'", id);
		break;
	}
	free(known);
}

/* unknown_goal: a goal id that is no goal of the plan p. */
static void
unknown_goal(struct caseload *cl, const char *file, struct pos at, const struct plan *p, const char *id)
{
	size_t n;
	const char **known = goal_ids(p, &n);
	unknown_ref(cl, file, at, id, known, n, "the plan has no goal '%s'", id);
	free(known);
}

/* find_cycle: depth-first search from goal g; state 0 new, 1 on the path,
 * 2 done. On finding a cycle, returns 1 with path[0..*plen) ending at the
 * goal that closes it. */
static int
find_cycle(const struct plan *p, const struct goal_index *ix, size_t g, int *state, size_t *path,
           size_t *plen)
{
	state[g] = 1;
	path[(*plen)++] = g;
	const struct goal *gl = &p->goals[g];
	for (size_t i = 0; i < gl->nafter; i++) {
		long t = goal_index_find(ix, gl->after[i]);
		if (t < 0)
			continue;
		if (state[t] == 1) {
			path[(*plen)++] = (size_t)t;
			return 1;
		}
		if (state[t] == 0 && find_cycle(p, ix, (size_t)t, state, path, plen))
			return 1;
	}
	state[g] = 2;
	(*plen)--;
	return 0;
}

/* check_goals: goals that build on others: each `after` names a goal of
 * the plan, targets in order, no cycles. */
static void
check_goals(struct caseload *cl, const struct case_record *c, const char *file, const struct goal_index *ix)
{
	const struct plan *p = &c->plan;
	for (size_t i = 0; i < p->ngoals; i++) {
		const struct goal *g = &p->goals[i];
		for (size_t j = 0; j < g->nafter; j++) {
			long t = goal_index_find(ix, g->after[j]);
			struct pos at = g->after_pos[j];
			if (t < 0) {
				unknown_goal(cl, file, at, p, g->after[j]);
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
		if (state[i] != 0 || !find_cycle(p, ix, i, state, path, &plen))
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
}

/* check_referral: a referral on a step that is not for a resource; an
 * answer dated before the referral was sent. */
static void
check_referral(struct caseload *cl, const char *file, const struct goal *g, size_t j, const struct step *s)
{
	const struct referral *r = s->referral;
	if (!r)
		return;
	if (s->who && (strcmp(s->who, "client") == 0 || strcmp(s->who, "worker") == 0))
		diag_add(&cl->diags, file, r->pos.line, r->pos.col, "bad-value",
		         "a referral belongs to a step whose who is a resource id",
		         "step %zu of goal '%s' has a referral, but its who is '%s', not a resource",
		         j + 1, g->id ? g->id : "?", s->who);
	if (r->sent != DATE_NONE && r->answered != DATE_NONE && r->answered < r->sent) {
		char a[11], b[11];
		date_format(r->answered, a);
		date_format(r->sent, b);
		diag_add(&cl->diags, file, r->answered_pos.line, r->answered_pos.col, "date-order",
		         NULL, "the referral is answered %s, before it was sent on %s", a, b);
	}
}

/* check_language: a step of an open case for a resource that does not list
 * the client's language among its own (SPEC §6). */
static void
check_language(struct caseload *cl, const struct case_record *c, const char *file, const struct step *s)
{
	const struct resource *r = cl_resource(cl, s->who);
	if (!c->loaded || c->status != CASE_OPEN || !c->client_language || !r || r->nlanguages == 0)
		return;
	for (size_t i = 0; i < r->nlanguages; i++)
		if (strcasecmp(r->languages[i], c->client_language) == 0)
			return;
	struct buf b = {0};
	for (size_t i = 0; i < r->nlanguages; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", r->languages[i]);
	diag_add(&cl->diags, file, s->who_pos.line, s->who_pos.col, "language",
	         "choose another resource, or say in a note how you will interpret",
	         "'%s' serves clients in %s, not in the client's language '%s'", s->who, b.s,
	         c->client_language);
	buf_free(&b);
}

/* check_steps: a step done after today; a step's `who` that is no resource;
 * a referral without consent to share, or on a step for no resource; a
 * resource without the client's language. */
static void
check_steps(struct caseload *cl, const struct case_record *c, const char *file)
{
	const struct plan *p = &c->plan;
	for (size_t i = 0; i < p->ngoals; i++) {
		const struct goal *g = &p->goals[i];
		for (size_t j = 0; j < g->nsteps; j++) {
			const struct step *s = &g->steps[j];
			if (s->status == STEP_DONE && s->done != DATE_NONE && s->done > cl->as_of) {
				char d[11];
				date_format(s->done, d);
				diag_add(&cl->diags, file, s->done_pos.line, s->done_pos.col,
				         "bad-value", NULL, "done %s is after today", d);
			}
			check_referral(cl, file, g, j, s);
			if (!s->who || strcmp(s->who, "client") == 0 || strcmp(s->who, "worker") == 0)
				continue;
			if (!cl_resource(cl, s->who)) {
				if (!is_failed_resource(cl, s->who))
					unknown_id(cl, file, s->who_pos, REF_WHO, s->who);
				continue;
			}
			check_language(cl, c, file, s);
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

/* check_plan_goals: the plan's own rules that need the other records or
 * as-of: ids used twice, a domain the instrument lacks, achieved after today. */
static void
check_plan_goals(struct caseload *cl, const struct case_record *c, const char *file,
                 const struct goal_index *ix)
{
	const struct plan *p = &c->plan;
	/* duplicate ids: the index is sorted by id, then plan order */
	for (size_t i = 1, first = 0; i < ix->n; i++) {
		if (strcmp(ix->v[first].id, ix->v[i].id) != 0) {
			first = i;
			continue;
		}
		const struct goal *g = &p->goals[ix->v[i].goal];
		diag_add(&cl->diags, file, g->id_pos.line, g->id_pos.col, "duplicate-id",
		         "give each goal its own id", "goal id '%s' is used twice (first at line %d)",
		         g->id, p->goals[ix->v[first].goal].pos.line);
	}
	for (size_t i = 0; i < p->ngoals; i++) {
		const struct goal *g = &p->goals[i];
		if (g->domain && cl->config.loaded && !cl_domain(cl, g->domain))
			unknown_id(cl, file, g->domain_pos, REF_DOMAIN, g->domain);
		if (g->status == GOAL_ACHIEVED && g->achieved != DATE_NONE && g->achieved > cl->as_of) {
			char d[11];
			date_format(g->achieved, d);
			diag_add(&cl->diags, file, g->achieved_pos.line, g->achieved_pos.col,
			         "bad-value", NULL, "achieved %s is after today", d);
		}
	}
}

/* record_dates: a file name that says another date; a record dated after
 * today, or before its case was opened; a `by` that is no worker. what: "the
 * note". */
static void
record_dates(struct caseload *cl, const struct case_record *c, const char *file, int date,
             struct pos date_pos, const char *by, struct pos by_pos, const char *what)
{
	char ds[11];
	if (date != DATE_NONE) {
		date_format(date, ds);
		const char *name = strrchr(file, '/');
		name = name ? name + 1 : file;
		char head[11];
		int d;
		if (strlen(name) >= 10) {
			memcpy(head, name, 10);
			head[10] = '\0';
			if (date_parse(head, &d) == 0 && d != date)
				diag_add(&cl->diags, file, date_pos.line, date_pos.col, "file-name",
				         "rename the file or correct the date",
				         "the file name says %s but the date is %s", head, ds);
		}
		if (date > cl->as_of)
			diag_add(&cl->diags, file, date_pos.line, date_pos.col, "date-order", NULL,
			         "%s is dated %s, after today", what, ds);
		if (c->opened != DATE_NONE && date < c->opened) {
			char o[11];
			date_format(c->opened, o);
			diag_add(&cl->diags, file, date_pos.line, date_pos.col, "date-order", NULL,
			         "%s is dated %s, before the case was opened on %s", what, ds, o);
		}
	}
	if (by && cl->config.loaded && !cl_worker(cl, by))
		unknown_id(cl, file, by_pos, REF_WORKER, by);
}

/* note_name_kind: a note whose file name says another kind than its own
 * ("2026-01-15-visit.md" of kind phone): the word after the date, when it
 * is a kind of note. A file-name warning at the kind. */
static void
note_name_kind(struct caseload *cl, const struct note *n)
{
	const char *name = strrchr(n->file, '/');
	name = name ? name + 1 : n->file;
	if (n->kind_pos.line == 0 || strlen(name) < 12 || name[10] != '-')
		return;
	char head[11];
	int d;
	memcpy(head, name, 10);
	head[10] = '\0';
	if (date_parse(head, &d) != 0)
		return;
	const char *w = name + 11;
	size_t len = strcspn(w, "-.");
	for (size_t k = 0; note_kind_names[k]; k++)
		if (strlen(note_kind_names[k]) == len && strncmp(w, note_kind_names[k], len) == 0) {
			if (k != (size_t)n->kind)
				diag_add(&cl->diags, n->file, n->kind_pos.line, n->kind_pos.col,
				         "file-name", "rename the file or correct the kind",
				         "the file name says %s but the kind is %s",
				         note_kind_names[k], note_kind_names[n->kind]);
			return;
		}
}

/* check_scores: each score's domain and scale, the instrument's domains
 * left unscored; then only the scores that count stay in the model. */
static void
check_scores(struct caseload *cl, struct assessment *a)
{
	const struct config *cf = &cl->config;
	for (size_t i = 0; i < a->nscores; i++) {
		const struct score *sc = &a->scores[i];
		if (cf->loaded && sc->dom < 0)
			unknown_id(cl, a->file, sc->pos, REF_DOMAIN, sc->domain);
		else if (sc->has_value && cf->loaded &&
		         (sc->value < cf->scale_min || sc->value > cf->scale_max))
			diag_add(&cl->diags, a->file, sc->value_pos.line, sc->value_pos.col,
			         "score-range", NULL, "score %d for '%s' is outside the scale %d to %d",
			         sc->value, sc->domain, cf->scale_min, cf->scale_max);
	}
	/* a domain written with any value but an empty one is scored, or
	 * reported above */
	if (a->has_scores && cf->loaded) {
		/* by the domain each score is (dom: the first of its id) */
		unsigned char *scored = xcalloc(cf->ndomains ? cf->ndomains : 1, 1);
		for (size_t i = 0; i < a->nscores; i++)
			if (!a->scores[i].null && a->scores[i].dom >= 0 &&
			    (size_t)a->scores[i].dom < cf->ndomains)
				scored[a->scores[i].dom] = 1;
		for (size_t d = 0; d < cf->ndomains; d++)
			if (!scored[cf->domains[d].first])
				diag_add(&cl->diags, a->file, a->scores_pos.line, a->scores_pos.col,
				         "unscored", "score it, or say why in the summary",
				         "domain '%s' is not scored", cf->domains[d].id);
		free(scored);
	}
	/* then only the scores that count stay */
	size_t keep = 0;
	for (size_t i = 0; i < a->nscores; i++) {
		const struct score *sc = &a->scores[i];
		if (sc->has_value && (!cf->loaded || (sc->dom >= 0 && sc->value >= cf->scale_min &&
		                                      sc->value <= cf->scale_max)))
			a->scores[keep++] = *sc;
	}
	a->nscores = keep;
}

/* note_name: the file name of a note (after its last '/'). */
static const char *
note_name(const char *file)
{
	const char *slash = strrchr(file, '/');
	return slash ? slash + 1 : file;
}

/* check_amends: an addendum names a note of the same case (SPEC §5), by
 * its file name; one that failed to load is still there. */
static void
check_amends(struct caseload *cl, const struct case_record *c, const struct note *n)
{
	const char *want = n->amends;
	if (strcmp(want, note_name(n->file)) == 0) {
		diag_add(&cl->diags, n->file, n->amends_pos.line, n->amends_pos.col, "bad-value",
		         "name the note this one corrects", "a note cannot amend itself");
		return;
	}
	for (size_t i = 0; i < c->nnotes; i++)
		if (strcmp(note_name(c->notes[i].file), want) == 0)
			return;
	for (size_t i = 0; i < c->nfailed_notes; i++)
		if (strcmp(c->failed_notes[i], want) == 0)
			return;
	const char **names = xcalloc(c->nnotes + 1, sizeof(*names));
	for (size_t i = 0; i < c->nnotes; i++)
		names[i] = note_name(c->notes[i].file);
	unknown_ref(cl, n->file, n->amends_pos, want, names, c->nnotes,
	            "the case has no note '%s' in notes/", want);
	free(names);
}

/* in_names: 1 when s is one of v[0..n). */
static int
in_names(const char *s, char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return 1;
	return 0;
}

/* names_hint: "did you mean 'x'? " when one of v[0..n) is near s, then
 * "one of: a, b" (up to ten); the caller frees it. */
static char *
names_hint(const char *s, char *const *v, size_t n, const char *none)
{
	struct buf b = {0};
	const char **names = xcalloc(n + 1, sizeof(*names));
	for (size_t i = 0; i < n; i++)
		names[i] = v[i];
	const char *near = nearest(s, names);
	if (near)
		buf_printf(&b, "did you mean '%s'? ", near);
	if (n == 0)
		buf_puts(&b, none);
	for (size_t i = 0; i < n && i < 10; i++)
		buf_printf(&b, "%s%s", i ? ", " : "one of: ", names[i]);
	if (n > 10)
		buf_printf(&b, " and %zu more", n - 10);
	free(names);
	return buf_detach(&b);
}

/* check_destination: a closed case's exit destination, when caseload.yaml
 * sorts destinations, must be one of them (SPEC §7 "Destinations"). */
static void
check_destination(struct caseload *cl, const struct case_record *c, const char *file)
{
	const struct config *cf = &cl->config;
	if (!cf->loaded || !cf->has_destinations || c->status != CASE_CLOSED || !c->exit_destination)
		return;
	const char **names = xcalloc(cf->ndestinations + 1, sizeof(*names));
	size_t k;
	for (k = 0; k < cf->ndestinations; k++) {
		names[k] = cf->destinations[k].name;
		if (strcmp(names[k], c->exit_destination) == 0)
			break;
	}
	if (k == cf->ndestinations)
		unknown_ref(cl, file, c->destination_pos, c->exit_destination, names, cf->ndestinations,
		            "no destination '%s' in caseload.yaml's destinations", c->exit_destination);
	free(names);
}

/* check_outcome: a follow-up's outcome is one of its program's
 * followup_outcomes, when the program lists them (SPEC §7). */
static void
check_outcome(struct caseload *cl, const struct case_record *c, const struct note *n)
{
	if (n->kind != NOTE_FOLLOWUP || !n->outcome || !c->program)
		return;
	const struct program *p = cl_program(cl, c->program);
	if (!p || !p->has_followup_outcomes ||
	    in_names(n->outcome, p->followup_outcomes, p->nfollowup_outcomes))
		return;
	char *hint = names_hint(n->outcome, p->followup_outcomes, p->nfollowup_outcomes,
	                        "the program lists no outcomes");
	diag_add(&cl->diags, n->file, n->outcome_pos.line, n->outcome_pos.col, "bad-value", hint,
	         "'%s' is not an outcome of program '%s'", n->outcome, p->id);
	free(hint);
}

/* unknown_worker: reports by (at p in file) when it is no worker of
 * caseload.yaml, in unknown_id's wording. */
static void
unknown_worker(struct caseload *cl, const char *file, struct pos p, const char *by)
{
	if (by && cl->config.loaded && !cl_worker(cl, by))
		unknown_id(cl, file, p, REF_WORKER, by);
}

/* check_practice: case.yaml's rules of SPEC §6: an open case without
 * signed consent, or in the name of a worker who has left; who wrote each
 * flag. */
static void
check_practice(struct caseload *cl, const struct case_record *c, const char *file)
{
	/* a signed that is no date is bad-date already */
	if (c->status == CASE_OPEN && c->consent_signed == DATE_NONE && !c->signed_given)
		diag_add(&cl->diags, file, c->consent_given ? c->consent_pos.line : 0,
		         c->consent_given ? c->consent_pos.col : 0, "no-consent",
		         "add consent.signed: YYYY-MM-DD once the client has signed",
		         "the case is open without the client's signed consent");
	const struct worker *w = c->worker ? cl_worker(cl, c->worker) : NULL;
	if (c->status == CASE_OPEN && w && worker_left(w, cl->as_of)) {
		char d[11];
		date_format(w->left, d);
		diag_add(&cl->diags, file, c->worker_pos.line, c->worker_pos.col, "worker-left",
		         "give the case to a worker who is still here",
		         "the case's worker '%s' left on %s", w->id, d);
	}
	for (size_t i = 0; i < c->nflags; i++)
		unknown_worker(cl, file, c->flags[i].by_pos, c->flags[i].by);
}

/* check_uncovered: in an open case with a plan, each domain that the
 * latest assessment scores below cover_below without a goal in it that is
 * active, or achieved on or after that assessment (SPEC §6). Reads the
 * scores that count (check_scores has run). */
static void
check_uncovered(struct caseload *cl, const struct case_record *c)
{
	const struct config *cf = &cl->config;
	const struct plan *p = &c->plan;
	if (!c->loaded || c->status != CASE_OPEN || !cf->loaded || !p->loaded || p->ngoals == 0 ||
	    c->nassessments == 0)
		return;
	/* sorted by date, then file name: the last is the latest */
	const struct assessment *a = &c->assessments[c->nassessments - 1];
	if (a->date == DATE_NONE)
		return;
	int below = policy_cover_below(cf);
	for (size_t i = 0; i < a->nscores; i++) {
		const struct score *sc = &a->scores[i];
		if (sc->value >= below)
			continue;
		size_t g;
		for (g = 0; g < p->ngoals; g++) {
			const struct goal *gl = &p->goals[g];
			if (gl->domain && strcmp(gl->domain, sc->domain) == 0 &&
			    (gl->status == GOAL_ACTIVE ||
			     (gl->status == GOAL_ACHIEVED && gl->achieved != DATE_NONE &&
			      gl->achieved >= a->date)))
				break;
		}
		if (g < p->ngoals)
			continue;
		char d[11];
		date_format(a->date, d);
		struct buf h = {0};
		buf_printf(&h, "add a goal with 'domain: %s' to the plan, or say in the summary why not",
		           sc->domain);
		diag_add(&cl->diags, a->file, sc->value_pos.line, sc->value_pos.col,
		         "uncovered-need", h.s,
		         "'%s' scores %d (below %d) in the latest assessment, of %s, and no goal "
		         "in the plan works on it",
		         sc->domain, sc->value, below, d);
		buf_free(&h);
	}
}

/* check_case: every rule of one case's records. */
void
check_case(struct caseload *cl, struct case_record *c)
{
	char *file = xasprintf("cases/%s/case.yaml", c->id);
	if (c->loaded) {
		if (c->program && cl->config.loaded && !cl_program(cl, c->program))
			unknown_id(cl, file, c->program_pos, REF_PROGRAM, c->program);
		if (c->worker && cl->config.loaded && !cl_worker(cl, c->worker))
			unknown_id(cl, file, c->worker_pos, REF_WORKER, c->worker);
		if (c->status == CASE_CLOSED && c->closed != DATE_NONE) {
			char d[11];
			date_format(c->closed, d);
			if (c->opened != DATE_NONE && c->closed < c->opened)
				diag_add(&cl->diags, file, c->closed_pos.line, c->closed_pos.col,
				         "bad-value", NULL, "closed %s is before opened", d);
			else if (c->closed > cl->as_of)
				diag_add(&cl->diags, file, c->closed_pos.line, c->closed_pos.col,
				         "bad-value", NULL, "closed %s is after today", d);
		}
		check_destination(cl, c, file);
		for (size_t i = 0; i < c->nshare; i++)
			if (!is_failed_resource(cl, c->share_with[i]) &&
			    !cl_resource(cl, c->share_with[i]))
				unknown_id(cl, file, c->share_pos[i], REF_RESOURCE, c->share_with[i]);
		check_practice(cl, c, file);
	}
	free(file);

	struct goal_index ix;
	goal_index_make(&ix, &c->plan);
	for (size_t i = 0; i < c->nassessments; i++) {
		struct assessment *a = &c->assessments[i];
		record_dates(cl, c, a->file, a->date, a->date_pos, a->by, a->by_pos, "the assessment");
		check_scores(cl, a);
	}
	for (size_t i = 0; i < c->nnotes; i++) {
		const struct note *n = &c->notes[i];
		record_dates(cl, c, n->file, n->date, n->date_pos, n->by, n->by_pos, "the note");
		check_outcome(cl, c, n);
		note_name_kind(cl, n);
		if (n->amends)
			check_amends(cl, c, n);
		/* a plan that failed to load: its goals are unknown, not missing */
		for (size_t k = 0; k < n->ngoals && (c->plan.loaded || !c->plan.present); k++)
			if (goal_index_find(&ix, n->goals[k]) < 0)
				unknown_goal(cl, n->file, n->goal_pos[k], &c->plan, n->goals[k]);
	}
	check_uncovered(cl, c);
	if (c->plan.loaded && c->plan.ngoals) {
		file = xasprintf("cases/%s/plan.yaml", c->id);
		check_plan_goals(cl, c, file, &ix);
		check_goals(cl, c, file, &ix);
		check_steps(cl, c, file);
		free(file);
	}
	goal_index_free(&ix);
}

/* check_review: a review's reviewer is a supervisor, and its date is not
 * ahead of today (SPEC §5); one with a problem counts for nothing. */
static void
check_review(struct caseload *cl, struct review *r)
{
	size_t before = cl->diags.n;
	if (r->by && cl->config.loaded) {
		const struct worker *w = cl_worker(cl, r->by);
		if (!w)
			unknown_id(cl, "reviews.yaml", r->by_pos, REF_WORKER, r->by);
		else if (w->role != ROLE_SUPERVISOR)
			diag_add(&cl->diags, "reviews.yaml", r->by_pos.line, r->by_pos.col,
			         "bad-value", "only a supervisor reviews audit findings",
			         "'%s' is not a supervisor (role: %s)", r->by, role_names[w->role]);
	}
	if (r->date != DATE_NONE && r->date > cl->as_of) {
		char d[11];
		date_format(r->date, d);
		diag_add(&cl->diags, "reviews.yaml", r->date_pos.line, r->date_pos.col,
		         "date-order", NULL, "the review is dated %s, after today", d);
	}
	/* without caseload.yaml no reviewer can be shown to be a supervisor */
	if (cl->diags.n != before || !cl->config.loaded)
		r->bad = 1;
}

static void
check_resources(struct caseload *cl)
{
	for (size_t i = 0; cl->config.loaded && i < cl->nresources; i++) {
		const struct resource *r = &cl->resources[i];
		for (size_t k = 0; k < r->ndomains; k++)
			if (!cl_domain(cl, r->domains[k]))
				unknown_id(cl, r->file, r->domain_pos[k], REF_DOMAIN, r->domains[k]);
	}
}

void
check_caseload(struct caseload *cl)
{
	check_resources(cl);
	for (size_t i = 0; i < cl->ncases; i++)
		check_case(cl, &cl->cases[i]);
	for (size_t i = 0; i < cl->nreviews; i++)
		check_review(cl, &cl->reviews[i]);
}

void
check_caseload_rest(struct caseload *cl)
{
	check_resources(cl);
	for (size_t i = 0; i < cl->nreviews; i++)
		check_review(cl, &cl->reviews[i]);
}

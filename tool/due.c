/* due.c: the rules of SPEC §2 `due` (what falls due, per kind) turned into a
 * sorted list of items, which the due command, export and the site filter
 * and write. The rules only read the loaded records: nothing here touches a
 * file. A new kind of item is a function here, its name in due_kind_names
 * and its words in out.c and the labels. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "due.h"

const char *const due_kind_names[] = {"assessment", "consent", "contact", "flag",
                                      "followup",   "goal",    "plan",    "referral",
                                      "review",     "step",    NULL};
const char *const due_status_names[] = {"overdue", "due", "upcoming", NULL};

/* How long before its due date a follow-up note may be written and still count. */
static const struct dur followup_early = {14, 'd'};

/* add: appends an item; ref and title are copied into the list's arena. */
static struct due_item *
add(struct due_list *l, const struct case_record *c, enum due_kind kind, int due, const char *ref,
    const char *title)
{
	VEC_GROW(l->v, l->n, l->cap);
	struct due_item *it = &l->v[l->n++];
	memset(it, 0, sizeof(*it));
	it->c = c;
	it->kind = kind;
	it->due = due;
	it->ref = ref ? arena_strdup(&l->arena, ref) : NULL;
	it->title = arena_strdup(&l->arena, title);
	return it;
}

/* later: the later of two dates, either of which may be DATE_NONE. */
static int
later(int a, int b)
{
	if (a == DATE_NONE)
		return b;
	if (b == DATE_NONE)
		return a;
	return a > b ? a : b;
}

/* assessment: the latest assessment + the program's interval for the case's
 * risk; with no dated assessment, opened + first_assessment_within. Without
 * an interval (no program, or none given) nothing is due after the first. */
static void
assessment_item(const struct caseload *cl, const struct case_record *c, const struct program *p,
                struct due_list *l)
{
	int last = DATE_NONE;
	for (size_t i = 0; i < c->nassessments; i++)
		last = later(last, c->assessments[i].date);
	if (last != DATE_NONE) {
		/* the case's own interval, whatever its risk, else the program's */
		if (c->has_reassess_every)
			add(l, c, DUE_ASSESSMENT, date_add(last, c->reassess_every), NULL, "reassessment");
		else if (p && p->has_reassess)
			add(l, c, DUE_ASSESSMENT, date_add(last, p->reassess[c->risk]), NULL, "reassessment");
	} else if (c->opened != DATE_NONE)
		add(l, c, DUE_ASSESSMENT, date_add(c->opened, cl->config.policy.first_assessment_within),
		    NULL, "first assessment");
}

/* plan: opened + plan_within while plan.yaml is missing or has no goals; a
 * plan.yaml that failed to load gives nothing (SPEC §4). review: the later
 * of reviewed and opened + plan_review_every once the plan has goals. */
static void
plan_items(const struct caseload *cl, const struct case_record *c, struct due_list *l)
{
	const struct plan *pl = &c->plan;
	const struct policy *po = &cl->config.policy;
	if (pl->present && !pl->loaded)
		return;
	if (pl->ngoals == 0) {
		if (c->opened != DATE_NONE)
			add(l, c, DUE_PLAN, date_add(c->opened, po->plan_within), NULL, "service plan");
		return;
	}
	int base = later(pl->reviewed, c->opened);
	if (base != DATE_NONE)
		add(l, c, DUE_REVIEW, date_add(base, po->plan_review_every), NULL, "plan review");
}

/* goals and steps: an active goal's target, and its steps still to do. A goal
 * without an id cannot be named (check reports it), so it gives nothing. */
static void
goal_items(const struct case_record *c, struct buf *b, struct buf *ref, struct due_list *l)
{
	const struct plan *pl = &c->plan;
	for (size_t i = 0; i < pl->ngoals; i++) {
		const struct goal *g = &pl->goals[i];
		if (g->status != GOAL_ACTIVE || !g->id)
			continue;
		if (g->target != DATE_NONE) {
			buf_reset(b);
			buf_printf(b, "goal '%s'%s%s", g->id, g->statement ? ": " : "",
			           g->statement ? g->statement : "");
			struct due_item *it = add(l, c, DUE_GOAL, g->target, g->id, b->s);
			it->goal = i;
		}
		for (size_t j = 0; j < g->nsteps; j++) {
			const struct step *s = &g->steps[j];
			if (s->status != STEP_TODO || s->due == DATE_NONE)
				continue;
			buf_reset(ref);
			buf_printf(ref, "%s/%zu", g->id, j + 1);
			buf_reset(b);
			buf_printf(b, "step %zu of goal '%s'%s%s", j + 1, g->id,
			           s->action ? ": " : "", s->action ? s->action : "");
			struct due_item *it = add(l, c, DUE_STEP, s->due, ref->s, b->s);
			it->goal = i;
			it->step = j;
		}
	}
}

/* contact: the latest client contact (or opened) + contact_every, the
 * case's own or else the program's. */
static void
contact_item(const struct case_record *c, const struct program *p, struct due_list *l)
{
	struct dur every;
	if (c->has_contact_every)
		every = c->contact_every;
	else if (p && p->has_contact)
		every = p->contact_every;
	else
		return;
	int last = DATE_NONE;
	for (size_t i = 0; i < c->nnotes; i++)
		if (note_is_contact(c->notes[i].kind))
			last = later(last, c->notes[i].date);
	if (last == DATE_NONE)
		last = c->opened;
	if (last != DATE_NONE)
		add(l, c, DUE_CONTACT, date_add(last, every), NULL, "client contact");
}

/* consent: the day the consent ends (consent.expires, else signed +
 * consent_valid), when it ends at all. */
static void
consent_item(const struct caseload *cl, const struct case_record *c, struct due_list *l)
{
	int end = consent_end(&cl->config, c);
	if (end != DATE_NONE)
		add(l, c, DUE_CONSENT, end, NULL, "consent to renew");
}

/* flags: each open flag's review date; ref its position from 1. */
static void
flag_items(const struct case_record *c, int as_of, struct buf *b, struct due_list *l)
{
	for (size_t i = 0; i < c->nflags; i++) {
		const struct flag *f = &c->flags[i];
		if (f->review == DATE_NONE || !flag_open(f, as_of))
			continue;
		char ref[24];
		snprintf(ref, sizeof(ref), "%zu", i + 1);
		buf_reset(b);
		buf_printf(b, "flag review: %s", f->text ? f->text : ref);
		struct due_item *it = add(l, c, DUE_FLAG, f->review, ref, b->s);
		it->step = i;
	}
}

/* referrals: an answer from the resource, sent + its answer_within (else
 * the policy's), while the referral's status is sent and the step is to do
 * in an active goal; ref as for the step. */
static void
referral_items(const struct caseload *cl, const struct case_record *c, struct buf *b,
               struct buf *ref, struct due_list *l)
{
	const struct plan *pl = &c->plan;
	for (size_t i = 0; i < pl->ngoals; i++) {
		const struct goal *g = &pl->goals[i];
		if (g->status != GOAL_ACTIVE || !g->id)
			continue;
		for (size_t j = 0; j < g->nsteps; j++) {
			const struct step *s = &g->steps[j];
			const struct referral *r = s->referral;
			if (!r || r->status != REFERRAL_SENT || r->sent == DATE_NONE ||
			    s->status != STEP_TODO || !s->who || strcmp(s->who, "client") == 0 ||
			    strcmp(s->who, "worker") == 0)
				continue;
			struct dur within = policy_answer_within(&cl->config, cl_resource(cl, s->who));
			buf_reset(ref);
			buf_printf(ref, "%s/%zu", g->id, j + 1);
			buf_reset(b);
			buf_printf(b, "answer from '%s' to step %zu of goal '%s'%s%s", s->who,
			           j + 1, g->id, s->action ? ": " : "", s->action ? s->action : "");
			struct due_item *it = add(l, c, DUE_REFERRAL, date_add(r->sent, within),
			                          ref->s, b->s);
			it->goal = i;
			it->step = j;
		}
	}
}

size_t
due_followups(const struct case_record *c, const struct program *p, struct followup *v)
{
	if (!p || p->nfollowups == 0 || c->status != CASE_CLOSED || c->closed == DATE_NONE)
		return 0;
	size_t n = p->nfollowups;
	size_t *order = xmalloc(n * sizeof(*order));
	unsigned char *used = xcalloc(c->nnotes ? c->nnotes : 1, 1);
	for (size_t i = 0; i < n; i++) {
		v[i] = (struct followup){date_add(c->closed, p->followups[i]), -1, 0};
		/* insertion sort by due date, stable: n is a handful */
		size_t k = i;
		while (k > 0 && v[order[k - 1]].due > v[i].due) {
			order[k] = order[k - 1];
			k--;
		}
		order[k] = i;
	}
	for (size_t i = 0; i < n; i++) {
		struct followup *fu = &v[order[i]];
		int early = date_sub(fu->due, followup_early);
		int from = later(early, c->closed);
		/* notes are sorted by date, so the first fit is the earliest */
		for (size_t j = 0; j < c->nnotes; j++) {
			const struct note *nt = &c->notes[j];
			if (!used[j] && nt->kind == NOTE_FOLLOWUP && nt->reached &&
			    nt->date != DATE_NONE && nt->date >= from) {
				used[j] = 1;
				fu->met = (long)j;
				break;
			}
		}
		if (fu->met >= 0)
			continue;
		for (size_t j = 0; j < c->nnotes; j++) {
			const struct note *nt = &c->notes[j];
			fu->attempts += nt->kind == NOTE_FOLLOWUP && !nt->reached &&
			                nt->date != DATE_NONE && nt->date >= early;
		}
	}
	free(order);
	free(used);
	return n;
}

/* followups: the follow-ups of a closed case that no reached note meets,
 * with their attempts in the title. */
static void
followup_items(const struct case_record *c, const struct program *p, struct buf *b, struct due_list *l)
{
	if (!p || p->nfollowups == 0)
		return;
	struct followup *v = xmalloc(p->nfollowups * sizeof(*v));
	size_t n = due_followups(c, p, v);
	for (size_t f = 0; f < n; f++) {
		if (v[f].met >= 0)
			continue;
		char ref[8], words[32];
		dur_format(p->followups[f], ref);
		dur_words(p->followups[f], words, sizeof(words));
		buf_reset(b);
		buf_printf(b, "follow-up after %s", words);
		if (v[f].attempts)
			buf_printf(b, " (%zu attempt%s)", v[f].attempts, v[f].attempts == 1 ? "" : "s");
		struct due_item *it = add(l, c, DUE_FOLLOWUP, v[f].due, ref, b->s);
		it->step = f;
		it->attempts = v[f].attempts;
	}
	free(v);
}

/* ref_cmp: null first; steps and referrals by goal id, then position as a
 * number; flags by position. */
static int
ref_cmp(const struct due_item *a, const struct due_item *b)
{
	if (!a->ref || !b->ref)
		return (a->ref != NULL) - (b->ref != NULL);
	if (a->kind == DUE_FLAG && b->kind == DUE_FLAG)
		return (a->step > b->step) - (a->step < b->step);
	if (a->kind == b->kind && (a->kind == DUE_STEP || a->kind == DUE_REFERRAL)) {
		int r = strcmp(a->c->plan.goals[a->goal].id, b->c->plan.goals[b->goal].id);
		if (r)
			return r;
		return (a->step > b->step) - (a->step < b->step);
	}
	return strcmp(a->ref, b->ref);
}

static int
item_cmp(const void *pa, const void *pb)
{
	const struct due_item *a = pa, *b = pb;
	int r;
	if (a->due != b->due)
		return a->due < b->due ? -1 : 1;
	if (a->c != b->c && (r = strcmp(a->c->id, b->c->id)) != 0)
		return r;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if ((r = ref_cmp(a, b)) != 0)
		return r;
	/* the same ref twice (a duplicate goal id or follow-up): keep file order */
	if (a->goal != b->goal)
		return a->goal < b->goal ? -1 : 1;
	return (a->step > b->step) - (a->step < b->step);
}

void
due_compute(const struct caseload *cl, int as_of, struct dur window, struct due_list *out)
{
	struct buf b = {0}, ref = {0};
	memset(out, 0, sizeof(*out));
	out->as_of = as_of;
	out->window = window;
	out->window_end = date_add(as_of, window);
	for (size_t i = 0; i < cl->ncases; i++) {
		const struct case_record *c = &cl->cases[i];
		if (!c->loaded)
			continue;
		const struct program *p = c->program ? cl_program(cl, c->program) : NULL;
		if (c->status == CASE_CLOSED) {
			followup_items(c, p, &b, out);
			continue;
		}
		assessment_item(cl, c, p, out);
		plan_items(cl, c, out);
		goal_items(c, &b, &ref, out);
		contact_item(c, p, out);
		consent_item(cl, c, out);
		flag_items(c, as_of, &b, out);
		referral_items(cl, c, &b, &ref, out);
	}
	buf_free(&b);
	buf_free(&ref);
	for (size_t i = 0; i < out->n; i++) {
		struct due_item *it = &out->v[i];
		it->days = it->due - as_of;
		it->status = it->days < 0                 ? DUE_OVERDUE
		             : it->due <= out->window_end ? DUE_DUE
		                                          : DUE_UPCOMING;
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), item_cmp);
}

static int
in_list(const char *s, char *const *v, size_t n)
{
	if (n == 0)
		return 1;
	for (size_t i = 0; i < n; i++)
		if (s && strcmp(s, v[i]) == 0)
			return 1;
	return 0;
}

void
due_filter(struct due_list *l, const struct due_filter *f)
{
	size_t k = 0;
	for (size_t i = 0; i < l->n; i++) {
		const struct due_item *it = &l->v[i];
		if ((it->status == DUE_UPCOMING && !f->all) ||
		    !in_list(it->c->worker, f->workers, f->nworkers) ||
		    !in_list(it->c->program, f->programs, f->nprograms) ||
		    !in_list(it->c->id, f->cases, f->ncases))
			continue;
		l->v[k++] = *it;
	}
	l->n = k;
}

size_t
due_count(const struct due_list *l, enum due_status st)
{
	size_t n = 0;
	for (size_t i = 0; i < l->n; i++)
		n += l->v[i].status == st;
	return n;
}

void
due_list_free(struct due_list *l)
{
	free(l->v);
	arena_free(&l->arena);
	memset(l, 0, sizeof(*l));
}

/* test_due.c: the due rules, one test per rule and per edge, on caseloads
 * built in memory; a few through the loader (files that fail, the default
 * risk, file order); and the writers' quoting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "due.h"
#include "out.h"
#include "records.h"

#define CAP 16

static int
d(const char *s)
{
	int v = DATE_NONE;
	assert_int_equal(date_parse(s, &v), 0);
	return v;
}

static struct dur
du(const char *s)
{
	struct dur x;
	assert_int_equal(dur_parse(s, &x, 1), 0);
	return x;
}

/* ---- building caseloads in memory ---- */

/* A caseload with the default policy, workers ana and ben, and programs:
 * std: reassess 90d, contact 14d, followups 30d and 90d;
 * risk: reassess by risk high 30d, medium 60d, low 90d; no contact, no followups;
 * bare: nothing. */
static void
mkcaseload(struct caseload *cl)
{
	memset(cl, 0, sizeof(*cl));
	struct config *c = &cl->config;
	c->loaded = 1;
	c->organization = "Test";
	c->policy = (struct policy){.first_assessment_within = {14, 'd'},
	                            .plan_within = {30, 'd'},
	                            .plan_review_every = {90, 'd'},
	                            .due_window = {14, 'd'},
	                            .note_late_after = {3, 'd'},
	                            .edit_after_close = {7, 'd'},
	                            .escalate_after = {14, 'd'}};
	c->workers = arena_alloc(&cl->arena, 2 * sizeof(*c->workers));
	memset(c->workers, 0, 2 * sizeof(*c->workers));
	c->workers[0].id = c->workers[0].name = "ana";
	c->workers[1].id = c->workers[1].name = "ben";
	c->nworkers = 2;
	c->programs = arena_alloc(&cl->arena, 3 * sizeof(*c->programs));
	memset(c->programs, 0, 3 * sizeof(*c->programs));
	struct program *p = &c->programs[0];
	p->id = p->name = "std";
	p->has_reassess = 1;
	p->reassess[0] = p->reassess[1] = p->reassess[2] = du("90d");
	p->has_contact = 1;
	p->contact_every = du("14d");
	p->followups = arena_alloc(&cl->arena, 4 * sizeof(*p->followups));
	p->followups[0] = du("30d");
	p->followups[1] = du("90d");
	p->nfollowups = 2;
	p = &c->programs[1];
	p->id = p->name = "risk";
	p->has_reassess = 1;
	p->reassess[RISK_HIGH] = du("30d");
	p->reassess[RISK_MEDIUM] = du("60d");
	p->reassess[RISK_LOW] = du("90d");
	p = &c->programs[2];
	p->id = p->name = "bare";
	c->nprograms = 3;
	cl->cases = arena_alloc(&cl->arena, CAP * sizeof(*cl->cases));
}

/* mkcase: an open case, loaded, medium risk, without plan, assessments or notes.
 * Call in order of id: the cases of a caseload are sorted by id. */
static struct case_record *
mkcase(struct caseload *cl, const char *id, const char *program, const char *opened)
{
	assert_true(cl->ncases < CAP);
	struct case_record *c = &cl->cases[cl->ncases++];
	memset(c, 0, sizeof(*c));
	c->id = (char *)id;
	c->loaded = 1;
	c->client_name = "Client Name";
	c->program = (char *)program;
	c->worker = "ana";
	c->opened = d(opened);
	c->status = CASE_OPEN;
	c->closed = c->born = c->consent_signed = c->consent_expires = DATE_NONE;
	c->risk = RISK_MEDIUM;
	c->plan.reviewed = DATE_NONE;
	c->assessments = arena_alloc(&cl->arena, CAP * sizeof(*c->assessments));
	c->notes = arena_alloc(&cl->arena, CAP * sizeof(*c->notes));
	c->plan.goals = arena_alloc(&cl->arena, CAP * sizeof(*c->plan.goals));
	return c;
}

static void
close_case(struct case_record *c, const char *closed)
{
	c->status = CASE_CLOSED;
	c->closed = d(closed);
}

static void
assess(struct case_record *c, const char *date)
{
	struct assessment *a = &c->assessments[c->nassessments++];
	memset(a, 0, sizeof(*a));
	a->file = "a.yaml";
	a->date = d(date);
	a->by = "ana";
}

static void
note(struct case_record *c, const char *date, enum note_kind kind)
{
	struct note *n = &c->notes[c->nnotes++];
	memset(n, 0, sizeof(*n));
	n->file = "n.md";
	n->date = d(date);
	n->by = "ana";
	n->kind = kind;
	n->minutes = -1;
	n->reached = 1;
	n->rating = -1;
}

/* attempt: a follow-up note that did not reach the client. */
static void
attempt(struct case_record *c, const char *date)
{
	note(c, date, NOTE_FOLLOWUP);
	c->notes[c->nnotes - 1].reached = 0;
}

/* goal: a goal of the case's plan (which then exists and has loaded). */
static struct goal *
goal(struct case_record *c, const char *id, enum goal_status st, const char *target)
{
	c->plan.present = c->plan.loaded = 1;
	struct goal *g = &c->plan.goals[c->plan.ngoals++];
	memset(g, 0, sizeof(*g));
	g->id = (char *)id;
	g->statement = "A statement";
	g->measure = "A measure";
	g->status = st;
	g->target = target ? d(target) : DATE_NONE;
	g->achieved = DATE_NONE;
	return g;
}

static void
step(struct caseload *cl, struct goal *g, const char *action, const char *due, enum step_status st)
{
	if (!g->steps)
		g->steps = arena_alloc(&cl->arena, CAP * sizeof(*g->steps));
	struct step *s = &g->steps[g->nsteps++];
	memset(s, 0, sizeof(*s));
	s->action = (char *)action;
	s->who = "client";
	s->due = d(due);
	s->status = st;
	s->done = DATE_NONE;
}

/* consent: the case's consent, signed and expires (NULL: not given). */
static void
consent(struct case_record *c, const char *signed_on, const char *expires)
{
	c->consent_given = 1;
	c->consent_signed = signed_on ? d(signed_on) : DATE_NONE;
	c->consent_expires = expires ? d(expires) : DATE_NONE;
}

/* flag: a flag of the case; review and lifted may be NULL. */
static struct flag *
flag(struct caseload *cl, struct case_record *c, const char *date, const char *text,
     const char *review, const char *lifted)
{
	if (!c->flags)
		c->flags = arena_alloc(&cl->arena, CAP * sizeof(*c->flags));
	assert_true(c->nflags < CAP);
	struct flag *f = &c->flags[c->nflags++];
	memset(f, 0, sizeof(*f));
	f->date = d(date);
	f->by = "ana";
	f->text = (char *)text;
	f->review = review ? d(review) : DATE_NONE;
	f->lifted = lifted ? d(lifted) : DATE_NONE;
	return f;
}

/* refer: the last step of g becomes a referral to resource who, sent on
 * sent with status st. */
static struct referral *
refer(struct caseload *cl, struct goal *g, const char *who, const char *sent, enum referral_status st)
{
	struct step *s = &g->steps[g->nsteps - 1];
	s->who = (char *)who;
	s->referral = arena_alloc(&cl->arena, sizeof(*s->referral));
	memset(s->referral, 0, sizeof(*s->referral));
	s->referral->sent = d(sent);
	s->referral->answered = DATE_NONE;
	s->referral->status = st;
	return s->referral;
}

/* resources: "clinic" answers within 10d; "bank" sets nothing. */
static void
mkresources(struct caseload *cl)
{
	cl->resources = arena_alloc(&cl->arena, 2 * sizeof(*cl->resources));
	memset(cl->resources, 0, 2 * sizeof(*cl->resources));
	cl->resources[0].id = cl->resources[0].name = "bank";
	cl->resources[1].id = cl->resources[1].name = "clinic";
	cl->resources[1].has_answer_within = 1;
	cl->resources[1].answer_within = du("10d");
	cl->nresources = 2;
}

/* ---- looking at the result ---- */

static struct due_list L;
static struct caseload CL;

static void
compute(const char *as_of, const char *window)
{
	due_compute(&CL, d(as_of), du(window), &L);
}

/* count: the items of that case and kind. */
static size_t
count(const char *id, enum due_kind kind)
{
	size_t n = 0;
	for (size_t i = 0; i < L.n; i++)
		n += strcmp(L.v[i].c->id, id) == 0 && L.v[i].kind == kind;
	return n;
}

/* find: the item of that case, kind and ref (NULL: ref null), or NULL. */
static const struct due_item *
find(const char *id, enum due_kind kind, const char *ref)
{
	for (size_t i = 0; i < L.n; i++) {
		const struct due_item *it = &L.v[i];
		if (strcmp(it->c->id, id) != 0 || it->kind != kind)
			continue;
		if (ref ? it->ref && strcmp(it->ref, ref) == 0 : !it->ref)
			return it;
	}
	return NULL;
}

/* due_on: asserts the item exists and falls due on date. */
static const struct due_item *
due_on(const char *id, enum due_kind kind, const char *ref, const char *date)
{
	const struct due_item *it = find(id, kind, ref);
	if (!it)
		fail_msg("no %s item %s for %s", due_kind_names[kind], ref ? ref : "(null)", id);
	char got[11];
	date_format(it->due, got);
	assert_string_equal(got, date);
	return it;
}

static int
setup(void **state)
{
	(void)state;
	mkcaseload(&CL);
	memset(&L, 0, sizeof(L));
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	due_list_free(&L);
	arena_free(&CL.arena);
	return 0;
}

/* ---- assessment ---- */

static void
test_first_assessment(void **state)
{
	(void)state;
	mkcase(&CL, "c1", "std", "2026-01-10");
	compute("2026-01-12", "14d");
	const struct due_item *it = due_on("c1", DUE_ASSESSMENT, NULL, "2026-01-24");
	assert_string_equal(it->title, "first assessment");
	assert_int_equal(count("c1", DUE_ASSESSMENT), 1);
}

static void
test_first_assessment_policy(void **state)
{
	(void)state;
	CL.config.policy.first_assessment_within = du("1m");
	mkcase(&CL, "c1", "bare", "2026-01-31");
	compute("2026-01-31", "14d");
	due_on("c1", DUE_ASSESSMENT, NULL, "2026-02-28");
}

static void
test_assessment_single_interval(void **state)
{
	(void)state;
	struct case_record *lo = mkcase(&CL, "lo", "std", "2026-01-01");
	struct case_record *hi = mkcase(&CL, "hi", "std", "2026-01-01");
	lo->risk = RISK_LOW;
	hi->risk = RISK_HIGH;
	assess(lo, "2026-01-05");
	assess(hi, "2026-01-05");
	compute("2026-01-10", "14d");
	const struct due_item *it = due_on("lo", DUE_ASSESSMENT, NULL, "2026-04-05");
	assert_string_equal(it->title, "reassessment");
	due_on("hi", DUE_ASSESSMENT, NULL, "2026-04-05");
}

static void
test_assessment_by_risk(void **state)
{
	(void)state;
	struct case_record *h = mkcase(&CL, "h", "risk", "2026-01-01");
	struct case_record *l = mkcase(&CL, "l", "risk", "2026-01-01");
	struct case_record *m = mkcase(&CL, "m", "risk", "2026-01-01");
	h->risk = RISK_HIGH;
	l->risk = RISK_LOW;
	m->risk = RISK_MEDIUM;
	assess(h, "2026-01-05");
	assess(l, "2026-01-05");
	assess(m, "2026-01-05");
	compute("2026-01-10", "14d");
	due_on("h", DUE_ASSESSMENT, NULL, "2026-02-04");
	due_on("m", DUE_ASSESSMENT, NULL, "2026-03-06");
	due_on("l", DUE_ASSESSMENT, NULL, "2026-04-05");
}

static void
test_assessment_latest_not_last(void **state)
{
	(void)state;
	/* stored out of date order (as files named out of order might be): the
	 * latest date counts, not the last record */
	struct case_record *c = mkcase(&CL, "c1", "std", "2026-01-01");
	assess(c, "2026-03-01");
	assess(c, "2026-01-02");
	compute("2026-03-02", "14d");
	due_on("c1", DUE_ASSESSMENT, NULL, "2026-05-30");
	assert_int_equal(count("c1", DUE_ASSESSMENT), 1);
}

static void
test_assessment_month_end(void **state)
{
	(void)state;
	/* Jan 31 + 1m = Feb 28 (Feb 29 in a leap year); Feb 29 + 1y = Feb 28 */
	CL.config.programs[2].has_reassess = 1;
	for (int r = 0; r < 3; r++)
		CL.config.programs[2].reassess[r] = du("1m");
	CL.config.programs[1].reassess[RISK_MEDIUM] = du("1y");
	struct case_record *a = mkcase(&CL, "a", "bare", "2025-01-01");
	struct case_record *b = mkcase(&CL, "b", "bare", "2023-01-01");
	struct case_record *y = mkcase(&CL, "y", "risk", "2023-01-01");
	assess(a, "2026-01-31");
	assess(b, "2024-01-31");
	assess(y, "2024-02-29");
	compute("2026-02-01", "14d");
	due_on("a", DUE_ASSESSMENT, NULL, "2026-02-28");
	due_on("b", DUE_ASSESSMENT, NULL, "2024-02-29");
	due_on("y", DUE_ASSESSMENT, NULL, "2025-02-28");
}

static void
test_assessment_no_interval(void **state)
{
	(void)state;
	/* a program without reassess_every, or an unknown program: nothing after
	 * the first assessment; the first still falls due */
	struct case_record *a = mkcase(&CL, "a", "bare", "2026-01-01");
	struct case_record *b = mkcase(&CL, "b", "nosuch", "2026-01-01");
	struct case_record *c = mkcase(&CL, "c", NULL, "2026-01-01");
	assess(a, "2026-01-02");
	assess(b, "2026-01-02");
	(void)c;
	compute("2026-01-10", "14d");
	assert_int_equal(count("a", DUE_ASSESSMENT), 0);
	assert_int_equal(count("b", DUE_ASSESSMENT), 0);
	due_on("c", DUE_ASSESSMENT, NULL, "2026-01-15");
}

/* ---- plan and review ---- */

static void
test_plan_missing(void **state)
{
	(void)state;
	mkcase(&CL, "c1", "std", "2026-01-10");
	compute("2026-01-12", "14d");
	const struct due_item *it = due_on("c1", DUE_PLAN, NULL, "2026-02-09");
	assert_string_equal(it->title, "service plan");
	assert_int_equal(count("c1", DUE_REVIEW), 0);
}

static void
test_plan_without_goals(void **state)
{
	(void)state;
	struct case_record *c = mkcase(&CL, "c1", "std", "2026-01-10");
	c->plan.present = c->plan.loaded = 1;
	c->plan.reviewed = d("2026-01-11");
	compute("2026-01-12", "14d");
	due_on("c1", DUE_PLAN, NULL, "2026-02-09");
	assert_int_equal(count("c1", DUE_REVIEW), 0);
}

static void
test_plan_failed_to_load(void **state)
{
	(void)state;
	struct case_record *c = mkcase(&CL, "c1", "std", "2026-01-10");
	c->plan.present = 1;
	c->plan.loaded = 0;
	compute("2026-01-12", "14d");
	assert_int_equal(count("c1", DUE_PLAN), 0);
	assert_int_equal(count("c1", DUE_REVIEW), 0);
	assert_int_equal(count("c1", DUE_ASSESSMENT), 1);
}

static void
test_plan_with_goals_review(void **state)
{
	(void)state;
	struct case_record *a = mkcase(&CL, "a", "std", "2026-01-10");
	struct case_record *b = mkcase(&CL, "b", "std", "2026-01-10");
	struct case_record *c = mkcase(&CL, "c", "std", "2026-01-10");
	goal(a, "g", GOAL_ACTIVE, "2026-12-01");
	goal(b, "g", GOAL_DROPPED, NULL);
	goal(c, "g", GOAL_ACHIEVED, "2026-02-01");
	b->plan.reviewed = d("2026-03-01");
	c->plan.reviewed = d("2025-12-01"); /* before opened: opened counts */
	compute("2026-01-12", "14d");
	assert_int_equal(count("a", DUE_PLAN), 0);
	const struct due_item *it = due_on("a", DUE_REVIEW, NULL, "2026-04-10");
	assert_string_equal(it->title, "plan review");
	/* a plan whose goals are all dropped or achieved still has goals */
	assert_int_equal(count("b", DUE_PLAN), 0);
	due_on("b", DUE_REVIEW, NULL, "2026-05-30");
	due_on("c", DUE_REVIEW, NULL, "2026-04-10");
}

static void
test_review_leap_year(void **state)
{
	(void)state;
	CL.config.policy.plan_review_every = du("1y");
	struct case_record *c = mkcase(&CL, "c1", "std", "2024-01-10");
	goal(c, "g", GOAL_ACTIVE, "2026-12-01");
	c->plan.reviewed = d("2024-02-29");
	compute("2024-03-01", "14d");
	due_on("c1", DUE_REVIEW, NULL, "2025-02-28");
}

/* ---- goals and steps ---- */

static void
test_goals(void **state)
{
	(void)state;
	struct case_record *c = mkcase(&CL, "c1", "std", "2026-01-10");
	goal(c, "active", GOAL_ACTIVE, "2026-06-30");
	goal(c, "achieved", GOAL_ACHIEVED, "2026-02-28");
	goal(c, "dropped", GOAL_DROPPED, "2026-03-31");
	goal(c, "notarget", GOAL_ACTIVE, NULL);
	compute("2026-01-12", "14d");
	const struct due_item *it = due_on("c1", DUE_GOAL, "active", "2026-06-30");
	assert_string_equal(it->title, "goal 'active': A statement");
	assert_int_equal(it->goal, 0);
	assert_int_equal(count("c1", DUE_GOAL), 1);
}

static void
test_steps(void **state)
{
	(void)state;
	struct case_record *c = mkcase(&CL, "c1", "std", "2026-01-10");
	struct goal *g = goal(c, "tenancy", GOAL_ACTIVE, "2026-06-30");
	step(&CL, g, "Apply for a voucher", "2026-02-01", STEP_DONE);
	step(&CL, g, "Book a tenancy advice appointment", "2026-02-15", STEP_TODO);
	step(&CL, g, "Dropped", "2026-02-20", STEP_DROPPED);
	compute("2026-01-12", "14d");
	const struct due_item *it = due_on("c1", DUE_STEP, "tenancy/2", "2026-02-15");
	assert_string_equal(it->title, "step 2 of goal 'tenancy': Book a tenancy advice appointment");
	assert_int_equal(it->goal, 0);
	assert_int_equal(it->step, 1);
	assert_int_equal(count("c1", DUE_STEP), 1);
}

static void
test_steps_of_closed_goals(void **state)
{
	(void)state;
	struct case_record *c = mkcase(&CL, "c1", "std", "2026-01-10");
	struct goal *a = goal(c, "achieved", GOAL_ACHIEVED, "2026-06-30");
	struct goal *b = goal(c, "dropped", GOAL_DROPPED, NULL);
	step(&CL, a, "Todo", "2026-02-15", STEP_TODO);
	step(&CL, b, "Todo", "2026-02-15", STEP_TODO);
	compute("2026-01-12", "14d");
	assert_int_equal(count("c1", DUE_STEP), 0);
	assert_int_equal(count("c1", DUE_GOAL), 0);
}

static void
test_step_positions_sort_numerically(void **state)
{
	(void)state;
	struct case_record *c = mkcase(&CL, "c1", "std", "2026-01-10");
	struct goal *g = goal(c, "g", GOAL_ACTIVE, "2026-06-30");
	struct goal *a = goal(c, "a", GOAL_ACTIVE, "2026-06-30");
	for (int i = 0; i < 11; i++)
		step(&CL, g, "Same day", "2026-02-15", STEP_TODO);
	step(&CL, a, "Same day", "2026-02-15", STEP_TODO);
	compute("2026-01-12", "14d");
	const char *want[] = {"a/1", "g/1", "g/2", "g/3", "g/4",  "g/5",
	                      "g/6", "g/7", "g/8", "g/9", "g/10", "g/11"};
	size_t k = 0;
	for (size_t i = 0; i < L.n; i++)
		if (L.v[i].kind == DUE_STEP)
			assert_string_equal(L.v[i].ref, want[k++]);
	assert_int_equal(k, 12);
}

/* ---- contact ---- */

static void
test_contact(void **state)
{
	(void)state;
	struct case_record *c = mkcase(&CL, "c1", "std", "2026-01-10");
	note(c, "2026-01-20", NOTE_VISIT);
	note(c, "2026-01-25", NOTE_PHONE);
	note(c, "2026-02-01", NOTE_COLLATERAL); /* not with the client */
	note(c, "2026-02-02", NOTE_ADMIN);
	compute("2026-02-03", "14d");
	const struct due_item *it = due_on("c1", DUE_CONTACT, NULL, "2026-02-08");
	assert_string_equal(it->title, "client contact");
}

static void
test_contact_kinds(void **state)
{
	(void)state;
	enum note_kind k[] = {NOTE_VISIT, NOTE_PHONE, NOTE_MESSAGE, NOTE_MEETING, NOTE_FOLLOWUP};
	const char *ids[] = {"k0", "k1", "k2", "k3", "k4"};
	for (int i = 0; i < 5; i++)
		note(mkcase(&CL, ids[i], "std", "2026-01-01"), "2026-01-10", k[i]);
	compute("2026-01-12", "14d");
	for (int i = 0; i < 5; i++)
		due_on(ids[i], DUE_CONTACT, NULL, "2026-01-24");
}

static void
test_contact_from_opened(void **state)
{
	(void)state;
	struct case_record *c = mkcase(&CL, "c1", "std", "2026-01-10");
	note(c, "2026-01-12", NOTE_ADMIN);
	compute("2026-01-12", "14d");
	due_on("c1", DUE_CONTACT, NULL, "2026-01-24");
}

static void
test_contact_program_without_contact_every(void **state)
{
	(void)state;
	mkcase(&CL, "c1", "risk", "2026-01-10");
	mkcase(&CL, "c2", "bare", "2026-01-10");
	compute("2026-01-12", "14d");
	assert_int_equal(count("c1", DUE_CONTACT), 0);
	assert_int_equal(count("c2", DUE_CONTACT), 0);
}

/* ---- follow-ups ---- */

static void
test_followups_closed_case(void **state)
{
	(void)state;
	/* a closed case gives follow-ups only, whatever else it holds */
	struct case_record *c = mkcase(&CL, "c1", "std", "2025-06-01");
	struct goal *g = goal(c, "g", GOAL_ACTIVE, "2026-06-30");
	step(&CL, g, "Todo", "2026-02-15", STEP_TODO);
	note(c, "2026-01-02", NOTE_VISIT);
	close_case(c, "2026-01-05");
	compute("2026-01-12", "14d");
	assert_int_equal(L.n, 2);
	const struct due_item *it = due_on("c1", DUE_FOLLOWUP, "30d", "2026-02-04");
	assert_string_equal(it->title, "follow-up after 30 days");
	due_on("c1", DUE_FOLLOWUP, "90d", "2026-04-05");
}

static void
test_followup_ref_as_written(void **state)
{
	(void)state;
	struct program *p = &CL.config.programs[0];
	p->followups[0] = du("1m");
	p->followups[1] = du("3m");
	close_case(mkcase(&CL, "c1", "std", "2025-06-01"), "2026-01-31");
	compute("2026-02-01", "14d");
	due_on("c1", DUE_FOLLOWUP, "1m", "2026-02-28");
	due_on("c1", DUE_FOLLOWUP, "3m", "2026-04-30");
}

static void
test_followup_note_14_days_early(void **state)
{
	(void)state;
	/* 30d follow-up of 2026-01-05 is due 2026-02-04: a note from 2026-01-21
	 * (14 days before) meets it; one from 2026-01-20 does not */
	struct case_record *a = mkcase(&CL, "a", "std", "2025-06-01");
	struct case_record *b = mkcase(&CL, "b", "std", "2025-06-01");
	close_case(a, "2026-01-05");
	close_case(b, "2026-01-05");
	note(a, "2026-01-21", NOTE_FOLLOWUP);
	note(b, "2026-01-20", NOTE_FOLLOWUP);
	compute("2026-02-10", "14d");
	assert_null(find("a", DUE_FOLLOWUP, "30d"));
	due_on("b", DUE_FOLLOWUP, "30d", "2026-02-04");
	/* b's early note is then not used by the 90d one either (too early) */
	due_on("b", DUE_FOLLOWUP, "90d", "2026-04-05");
}

static void
test_followup_late_note(void **state)
{
	(void)state;
	/* a note long after the due date still meets it */
	struct case_record *c = mkcase(&CL, "c1", "std", "2025-06-01");
	close_case(c, "2026-01-05");
	note(c, "2026-03-01", NOTE_FOLLOWUP);
	compute("2026-03-02", "14d");
	assert_null(find("c1", DUE_FOLLOWUP, "30d"));
	due_on("c1", DUE_FOLLOWUP, "90d", "2026-04-05");
}

static void
test_followup_note_used_once(void **state)
{
	(void)state;
	/* one note in reach of both follow-ups meets only the first */
	struct case_record *c = mkcase(&CL, "c1", "std", "2025-06-01");
	close_case(c, "2026-01-05");
	note(c, "2026-03-25", NOTE_FOLLOWUP);
	compute("2026-03-26", "14d");
	assert_null(find("c1", DUE_FOLLOWUP, "30d"));
	due_on("c1", DUE_FOLLOWUP, "90d", "2026-04-05");
	/* a second note meets the second */
	note(c, "2026-04-10", NOTE_FOLLOWUP);
	due_list_free(&L);
	compute("2026-03-26", "14d");
	assert_int_equal(count("c1", DUE_FOLLOWUP), 0);
}

static void
test_followup_notes_in_date_order(void **state)
{
	(void)state;
	/* followups listed out of date order: the earlier one takes the earlier note */
	struct program *p = &CL.config.programs[0];
	p->followups[0] = du("90d");
	p->followups[1] = du("30d");
	struct case_record *c = mkcase(&CL, "c1", "std", "2025-06-01");
	close_case(c, "2026-01-05");
	note(c, "2026-02-01", NOTE_FOLLOWUP);
	compute("2026-02-02", "14d");
	assert_null(find("c1", DUE_FOLLOWUP, "30d"));
	due_on("c1", DUE_FOLLOWUP, "90d", "2026-04-05");
}

/* ---- follow-ups: reached or not (SPEC §7) ---- */

static void
test_followup_unreached_note_never_meets(void **state)
{
	(void)state;
	/* a note with reached: no meets nothing; it is an attempt of the
	 * 30d follow-up (due 2026-02-04), the title says so */
	struct case_record *c = mkcase(&CL, "c1", "std", "2025-06-01");
	close_case(c, "2026-01-05");
	attempt(c, "2026-02-01");
	compute("2026-02-10", "14d");
	const struct due_item *it = due_on("c1", DUE_FOLLOWUP, "30d", "2026-02-04");
	assert_string_equal(it->title, "follow-up after 30 days (1 attempt)");
	assert_int_equal(it->attempts, 1);
	/* the 90d one (due 2026-04-05) is not yet within 14 days of it */
	it = due_on("c1", DUE_FOLLOWUP, "90d", "2026-04-05");
	assert_string_equal(it->title, "follow-up after 90 days");
}

static void
test_followup_attempts_counted(void **state)
{
	(void)state;
	/* attempts from 14 days before the due date on, any number, any date
	 * after it too; one the day before that window is not one */
	struct case_record *c = mkcase(&CL, "c1", "std", "2025-06-01");
	close_case(c, "2026-01-05");
	attempt(c, "2026-01-20"); /* due - 15 days */
	attempt(c, "2026-01-21"); /* due - 14 days */
	attempt(c, "2026-02-04");
	attempt(c, "2026-02-20");
	compute("2026-02-21", "14d");
	const struct due_item *it = due_on("c1", DUE_FOLLOWUP, "30d", "2026-02-04");
	assert_string_equal(it->title, "follow-up after 30 days (3 attempts)");
}

static void
test_followup_reached_after_attempts(void **state)
{
	(void)state;
	/* attempts, then a reached note: met, and the attempts are not used
	 * by it; the next follow-up takes the next reached note */
	struct case_record *c = mkcase(&CL, "c1", "std", "2025-06-01");
	close_case(c, "2026-01-05");
	attempt(c, "2026-01-30");
	attempt(c, "2026-02-02");
	note(c, "2026-02-06", NOTE_FOLLOWUP);
	compute("2026-02-10", "14d");
	assert_null(find("c1", DUE_FOLLOWUP, "30d"));
	due_on("c1", DUE_FOLLOWUP, "90d", "2026-04-05");
	/* the earliest reached note is taken even when an attempt comes first */
	struct followup v[2];
	assert_int_equal(due_followups(c, &CL.config.programs[0], v), 2);
	assert_int_equal(v[0].met, 2);
	assert_int_equal(v[0].attempts, 0);
	assert_int_equal(v[1].met, -1);
	assert_int_equal(v[1].attempts, 0);
}

static void
test_followup_attempt_of_several(void **state)
{
	(void)state;
	/* 7d and 10d follow-ups of 2026-01-05 (due 01-12 and 01-15): one
	 * attempt on 01-10 is an attempt of both */
	struct program *p = &CL.config.programs[0];
	p->followups[0] = du("7d");
	p->followups[1] = du("10d");
	struct case_record *c = mkcase(&CL, "c1", "std", "2025-06-01");
	close_case(c, "2026-01-05");
	attempt(c, "2026-01-10");
	compute("2026-01-20", "14d");
	assert_string_equal(due_on("c1", DUE_FOLLOWUP, "7d", "2026-01-12")->title,
	                    "follow-up after 7 days (1 attempt)");
	assert_string_equal(due_on("c1", DUE_FOLLOWUP, "10d", "2026-01-15")->title,
	                    "follow-up after 10 days (1 attempt)");
}

static void
test_followups_of_open_case(void **state)
{
	(void)state;
	/* due_followups: none for an open case, or a closed one without a date */
	struct case_record *c = mkcase(&CL, "c1", "std", "2025-06-01");
	struct followup v[2];
	assert_int_equal(due_followups(c, &CL.config.programs[0], v), 0);
	close_case(c, "2026-01-05");
	c->closed = DATE_NONE;
	assert_int_equal(due_followups(c, &CL.config.programs[0], v), 0);
	assert_int_equal(due_followups(c, NULL, v), 0);
}

static void
test_followup_note_before_closed(void **state)
{
	(void)state;
	/* within 14 days of the due date but before closing: it does not count;
	 * nor does a note of another kind */
	struct program *p = &CL.config.programs[0];
	p->followups[0] = du("7d");
	p->nfollowups = 1;
	struct case_record *a = mkcase(&CL, "a", "std", "2025-06-01");
	struct case_record *b = mkcase(&CL, "b", "std", "2025-06-01");
	close_case(a, "2026-01-05");
	close_case(b, "2026-01-05");
	note(a, "2026-01-03", NOTE_FOLLOWUP);
	note(b, "2026-01-10", NOTE_VISIT);
	compute("2026-01-06", "14d");
	due_on("a", DUE_FOLLOWUP, "7d", "2026-01-12");
	due_on("b", DUE_FOLLOWUP, "7d", "2026-01-12");
	/* on the day of closing it counts */
	a->notes[0].date = d("2026-01-05");
	due_list_free(&L);
	compute("2026-01-06", "14d");
	assert_null(find("a", DUE_FOLLOWUP, "7d"));
}

static void
test_followup_none(void **state)
{
	(void)state;
	/* no followups in the program, a closed case without its date, an open case */
	close_case(mkcase(&CL, "a", "risk", "2025-06-01"), "2026-01-05");
	struct case_record *b = mkcase(&CL, "b", "std", "2025-06-01");
	b->status = CASE_CLOSED;
	mkcase(&CL, "c", "std", "2025-06-01");
	compute("2026-01-06", "14d");
	assert_int_equal(count("a", DUE_FOLLOWUP), 0);
	assert_int_equal(count("b", DUE_FOLLOWUP), 0);
	assert_int_equal(count("c", DUE_FOLLOWUP), 0);
	assert_int_equal(count("a", DUE_ASSESSMENT) + count("b", DUE_ASSESSMENT), 0);
}

/* ---- the whole list ---- */

static void
test_not_loaded_gives_nothing(void **state)
{
	(void)state;
	struct case_record *c = mkcase(&CL, "c1", "std", "2026-01-10");
	c->loaded = 0;
	compute("2026-01-12", "14d");
	assert_int_equal(L.n, 0);
}

static void
test_missing_opened(void **state)
{
	(void)state;
	/* a case.yaml without `opened` (an error): what needs it is left out */
	struct case_record *c = mkcase(&CL, "c1", "std", "2026-01-10");
	c->opened = DATE_NONE;
	goal(c, "g", GOAL_ACTIVE, "2026-06-30");
	compute("2026-01-12", "14d");
	assert_int_equal(count("c1", DUE_ASSESSMENT), 0);
	assert_int_equal(count("c1", DUE_CONTACT), 0);
	assert_int_equal(count("c1", DUE_REVIEW), 0);
	assert_int_equal(count("c1", DUE_GOAL), 1);
}

static void
test_records_after_as_of_count(void **state)
{
	(void)state;
	struct case_record *c = mkcase(&CL, "c1", "std", "2026-01-10");
	assess(c, "2026-03-01");
	note(c, "2026-03-05", NOTE_VISIT);
	compute("2026-02-01", "14d");
	due_on("c1", DUE_ASSESSMENT, NULL, "2026-05-30");
	due_on("c1", DUE_CONTACT, NULL, "2026-03-19");
}

static void
test_status_and_days(void **state)
{
	(void)state;
	struct case_record *c = mkcase(&CL, "c1", "std", "2025-01-01");
	struct goal *g = goal(c, "g", GOAL_ACTIVE, "2027-01-01");
	step(&CL, g, "yesterday", "2026-03-09", STEP_TODO);
	step(&CL, g, "today", "2026-03-10", STEP_TODO);
	step(&CL, g, "last day", "2026-03-24", STEP_TODO);
	step(&CL, g, "after", "2026-03-25", STEP_TODO);
	compute("2026-03-10", "14d");
	const struct due_item *it = due_on("c1", DUE_STEP, "g/1", "2026-03-09");
	assert_int_equal(it->days, -1);
	assert_int_equal(it->status, DUE_OVERDUE);
	it = due_on("c1", DUE_STEP, "g/2", "2026-03-10");
	assert_int_equal(it->days, 0);
	assert_int_equal(it->status, DUE_DUE);
	it = due_on("c1", DUE_STEP, "g/3", "2026-03-24");
	assert_int_equal(it->days, 14);
	assert_int_equal(it->status, DUE_DUE);
	it = due_on("c1", DUE_STEP, "g/4", "2026-03-25");
	assert_int_equal(it->days, 15);
	assert_int_equal(it->status, DUE_UPCOMING);
}

static void
test_within_0d(void **state)
{
	(void)state;
	struct case_record *c = mkcase(&CL, "c1", "std", "2025-01-01");
	struct goal *g = goal(c, "g", GOAL_ACTIVE, "2027-01-01");
	step(&CL, g, "today", "2026-03-10", STEP_TODO);
	step(&CL, g, "tomorrow", "2026-03-11", STEP_TODO);
	compute("2026-03-10", "0d");
	assert_int_equal(find("c1", DUE_STEP, "g/1")->status, DUE_DUE);
	assert_int_equal(find("c1", DUE_STEP, "g/2")->status, DUE_UPCOMING);
	struct due_filter f = {0};
	due_filter(&L, &f);
	assert_int_equal(count("c1", DUE_STEP), 1);
}

static void
test_window_in_months(void **state)
{
	(void)state;
	struct case_record *c = mkcase(&CL, "c1", "std", "2025-01-01");
	struct goal *g = goal(c, "g", GOAL_ACTIVE, "2027-01-01");
	step(&CL, g, "end", "2026-02-28", STEP_TODO);
	step(&CL, g, "after", "2026-03-01", STEP_TODO);
	compute("2026-01-31", "1m");
	assert_int_equal(find("c1", DUE_STEP, "g/1")->status, DUE_DUE);
	assert_int_equal(find("c1", DUE_STEP, "g/2")->status, DUE_UPCOMING);
}

static void
test_sort_order(void **state)
{
	(void)state;
	/* by due date, then case (byte order), kind (by name), ref (null first) */
	struct case_record *b = mkcase(&CL, "B", "bare", "2026-01-01");
	struct case_record *a = mkcase(&CL, "a", "bare", "2026-01-01");
	(void)b;
	/* a: plan 01-31 (plan_within 30d), first assessment 01-15 */
	CL.config.policy.first_assessment_within = du("30d");
	struct goal *g = goal(a, "z", GOAL_ACTIVE, "2026-01-31");
	step(&CL, g, "x", "2026-01-31", STEP_TODO);
	goal(a, "y", GOAL_ACTIVE, "2026-01-31");
	a->plan.reviewed = d("2025-11-02"); /* review: opened + 90d = 04-01 */
	compute("2026-01-02", "14d");
	char got[512] = "";
	for (size_t i = 0; i < L.n; i++) {
		char date[11];
		date_format(L.v[i].due, date);
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s %s %s %s|", date,
		         L.v[i].c->id, due_kind_names[L.v[i].kind], L.v[i].ref ? L.v[i].ref : "-");
	}
	assert_string_equal(got, "2026-01-31 B assessment -|"
	                         "2026-01-31 B plan -|"
	                         "2026-01-31 a assessment -|"
	                         "2026-01-31 a goal y|"
	                         "2026-01-31 a goal z|"
	                         "2026-01-31 a step z/1|"
	                         "2026-04-01 a review -|");
}

/* ---- consent (SPEC §6) ---- */

static void
test_consent_expires(void **state)
{
	(void)state;
	struct case_record *c = mkcase(&CL, "c1", "bare", "2026-01-10");
	consent(c, "2026-01-10", "2026-12-31");
	CL.config.policy.has_consent_valid = 1; /* expires wins over it */
	CL.config.policy.consent_valid = du("30d");
	compute("2026-12-20", "14d");
	const struct due_item *it = due_on("c1", DUE_CONSENT, NULL, "2026-12-31");
	assert_null(it->ref);
	assert_int_equal(it->status, DUE_DUE);
	assert_string_equal(it->title, "consent to renew");
	assert_int_equal(count("c1", DUE_CONSENT), 1);
}

static void
test_consent_valid_from_signed(void **state)
{
	(void)state;
	struct case_record *c = mkcase(&CL, "c1", "bare", "2026-01-10");
	consent(c, "2026-01-31", NULL);
	CL.config.policy.has_consent_valid = 1;
	CL.config.policy.consent_valid = du("1m"); /* Jan 31 + 1m = Feb 28 */
	compute("2026-01-31", "14d");
	const struct due_item *it = due_on("c1", DUE_CONSENT, NULL, "2026-02-28");
	assert_int_equal(it->status, DUE_UPCOMING);
	/* signed again: the item moves with it */
	consent(c, "2026-03-01", NULL);
	due_list_free(&L);
	compute("2026-03-15", "14d");
	due_on("c1", DUE_CONSENT, NULL, "2026-04-01");
}

static void
test_consent_never_ends(void **state)
{
	(void)state;
	struct case_record *a = mkcase(&CL, "a", "bare", "2026-01-10");
	struct case_record *b = mkcase(&CL, "b", "bare", "2026-01-10");
	struct case_record *c = mkcase(&CL, "c", "bare", "2026-01-10");
	consent(a, "2026-01-10", NULL); /* no consent_valid: never ends */
	(void)b;                        /* no consent at all */
	consent(c, NULL, "2026-02-01"); /* expires alone still ends it */
	compute("2026-01-20", "14d");
	assert_int_equal(count("a", DUE_CONSENT), 0);
	assert_int_equal(count("b", DUE_CONSENT), 0);
	due_on("c", DUE_CONSENT, NULL, "2026-02-01");
}

static void
test_consent_closed_case_quiet(void **state)
{
	(void)state;
	struct case_record *c = mkcase(&CL, "c1", "bare", "2026-01-10");
	consent(c, "2026-01-10", "2026-03-01");
	close_case(c, "2026-02-01");
	compute("2026-02-20", "14d");
	assert_int_equal(count("c1", DUE_CONSENT), 0);
}

/* ---- flags ---- */

static void
test_flag_review(void **state)
{
	(void)state;
	struct case_record *c = mkcase(&CL, "c1", "bare", "2026-01-10");
	flag(&CL, c, "2026-02-01", "Threats; safety plan in place", "2026-03-01", NULL);
	flag(&CL, c, "2026-02-01", "No review date", NULL, NULL);
	flag(&CL, c, "2026-02-01", "Lifted before as-of", "2026-03-01", "2026-02-20");
	flag(&CL, c, "2026-02-01", "Lifted on as-of", "2026-03-01", "2026-02-25");
	flag(&CL, c, "2026-02-01", "To be lifted later", "2026-02-10", "2026-02-26");
	compute("2026-02-25", "14d");
	const struct due_item *it = due_on("c1", DUE_FLAG, "1", "2026-03-01");
	assert_int_equal(it->status, DUE_DUE);
	assert_string_equal(it->title, "flag review: Threats; safety plan in place");
	assert_int_equal(it->step, 0);
	/* a lifted date after as-of leaves the flag open */
	it = due_on("c1", DUE_FLAG, "5", "2026-02-10");
	assert_int_equal(it->status, DUE_OVERDUE);
	assert_int_equal(it->days, -15);
	assert_int_equal(count("c1", DUE_FLAG), 2);
}

static void
test_flag_refs_sort_numerically(void **state)
{
	(void)state;
	struct case_record *c = mkcase(&CL, "c1", "bare", "2026-01-10");
	for (int i = 0; i < 11; i++)
		flag(&CL, c, "2026-02-01", "f", "2026-03-01", NULL);
	compute("2026-02-25", "14d");
	char got[128] = "";
	for (size_t i = 0; i < L.n; i++)
		if (L.v[i].kind == DUE_FLAG)
			snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s ", L.v[i].ref);
	assert_string_equal(got, "1 2 3 4 5 6 7 8 9 10 11 ");
}

static void
test_flag_closed_case_quiet(void **state)
{
	(void)state;
	struct case_record *c = mkcase(&CL, "c1", "bare", "2026-01-10");
	flag(&CL, c, "2026-02-01", "f", "2026-03-01", NULL);
	close_case(c, "2026-02-15");
	compute("2026-02-25", "14d");
	assert_int_equal(count("c1", DUE_FLAG), 0);
}

/* ---- referrals ---- */

static void
test_referral_answer_within(void **state)
{
	(void)state;
	mkresources(&CL);
	struct case_record *c = mkcase(&CL, "c1", "bare", "2026-01-10");
	struct goal *g = goal(c, "g", GOAL_ACTIVE, "2026-12-01");
	step(&CL, g, "Call", "2026-03-01", STEP_TODO);
	step(&CL, g, "See the clinic", "2026-03-01", STEP_TODO);
	refer(&CL, g, "clinic", "2026-02-01", REFERRAL_SENT); /* its own 10d */
	step(&CL, g, "Food", "2026-03-01", STEP_TODO);
	refer(&CL, g, "bank", "2026-02-01", REFERRAL_SENT); /* the default 14d */
	compute("2026-02-05", "14d");
	const struct due_item *it = due_on("c1", DUE_REFERRAL, "g/2", "2026-02-11");
	assert_int_equal(it->status, DUE_DUE);
	assert_int_equal(it->goal, 0);
	assert_int_equal(it->step, 1);
	assert_string_equal(it->title, "answer from 'clinic' to step 2 of goal 'g': See the clinic");
	due_on("c1", DUE_REFERRAL, "g/3", "2026-02-15");
	/* the step keeps its own item */
	due_on("c1", DUE_STEP, "g/2", "2026-03-01");
	assert_int_equal(count("c1", DUE_REFERRAL), 2);
	/* the policy's referral_answer_within replaces the default */
	CL.config.policy.has_referral_answer_within = 1;
	CL.config.policy.referral_answer_within = du("3w");
	due_list_free(&L);
	compute("2026-02-05", "14d");
	due_on("c1", DUE_REFERRAL, "g/2", "2026-02-11");
	it = due_on("c1", DUE_REFERRAL, "g/3", "2026-02-22");
	assert_int_equal(it->status, DUE_UPCOMING);
}

static void
test_referral_until_answered(void **state)
{
	(void)state;
	mkresources(&CL);
	struct case_record *c = mkcase(&CL, "c1", "bare", "2026-01-10");
	struct goal *g = goal(c, "g", GOAL_ACTIVE, "2026-12-01");
	step(&CL, g, "Answered", "2026-03-01", STEP_TODO);
	refer(&CL, g, "bank", "2026-02-01", REFERRAL_ACCEPTED)->answered = d("2026-02-03");
	step(&CL, g, "Waitlisted", "2026-03-01", STEP_TODO);
	refer(&CL, g, "bank", "2026-02-01", REFERRAL_WAITLISTED);
	step(&CL, g, "Step done", "2026-03-01", STEP_DONE);
	refer(&CL, g, "bank", "2026-02-01", REFERRAL_SENT);
	step(&CL, g, "Step dropped", "2026-03-01", STEP_DROPPED);
	refer(&CL, g, "bank", "2026-02-01", REFERRAL_SENT);
	step(&CL, g, "Client's", "2026-03-01", STEP_TODO);
	refer(&CL, g, "client", "2026-02-01", REFERRAL_SENT); /* bad-value: no item */
	struct goal *h = goal(c, "h", GOAL_ACHIEVED, "2026-12-01");
	step(&CL, h, "In an achieved goal", "2026-03-01", STEP_TODO);
	refer(&CL, h, "bank", "2026-02-01", REFERRAL_SENT);
	compute("2026-02-05", "14d");
	assert_int_equal(count("c1", DUE_REFERRAL), 0);
}

static void
test_referral_closed_case_quiet(void **state)
{
	(void)state;
	mkresources(&CL);
	struct case_record *c = mkcase(&CL, "c1", "bare", "2026-01-10");
	struct goal *g = goal(c, "g", GOAL_ACTIVE, "2026-12-01");
	step(&CL, g, "See the clinic", "2026-03-01", STEP_TODO);
	refer(&CL, g, "clinic", "2026-02-01", REFERRAL_SENT);
	close_case(c, "2026-02-03");
	compute("2026-02-05", "14d");
	assert_int_equal(count("c1", DUE_REFERRAL), 0);
}

/* ---- intensity per case ---- */

static void
test_case_contact_every(void **state)
{
	(void)state;
	struct case_record *a = mkcase(&CL, "a", "std", "2026-01-01");  /* program: 14d */
	struct case_record *b = mkcase(&CL, "b", "bare", "2026-01-01"); /* program: none */
	a->has_contact_every = b->has_contact_every = 1;
	a->contact_every = b->contact_every = du("7d");
	note(a, "2026-01-05", NOTE_PHONE);
	compute("2026-01-06", "14d");
	due_on("a", DUE_CONTACT, NULL, "2026-01-12");
	due_on("b", DUE_CONTACT, NULL, "2026-01-08");
}

static void
test_case_reassess_every(void **state)
{
	(void)state;
	struct case_record *h = mkcase(&CL, "h", "risk", "2026-01-01");
	struct case_record *n = mkcase(&CL, "n", "bare", "2026-01-01");
	h->risk = RISK_HIGH; /* the program's 30d gives way to the case's 2w */
	h->has_reassess_every = n->has_reassess_every = 1;
	h->reassess_every = n->reassess_every = du("2w");
	assess(h, "2026-01-10");
	assess(n, "2026-01-10");
	compute("2026-01-10", "14d");
	due_on("h", DUE_ASSESSMENT, NULL, "2026-01-24");
	due_on("n", DUE_ASSESSMENT, NULL, "2026-01-24");
	/* no assessment yet: the first is still first_assessment_within away */
	struct case_record *z = mkcase(&CL, "z", "risk", "2026-01-01");
	z->has_reassess_every = 1;
	z->reassess_every = du("2w");
	due_list_free(&L);
	compute("2026-01-10", "14d");
	due_on("z", DUE_ASSESSMENT, NULL, "2026-01-15");
}

/* every kind of an open case on one day: by name */
static void
test_new_kinds_sort_by_name(void **state)
{
	(void)state;
	mkresources(&CL);
	struct case_record *c = mkcase(&CL, "c1", "bare", "2025-12-01");
	c->has_reassess_every = c->has_contact_every = 1;
	c->reassess_every = du("30d");
	c->contact_every = du("30d");
	assess(c, "2026-01-31");                /* assessment 03-02 */
	note(c, "2026-01-31", NOTE_VISIT);      /* contact 03-02 */
	consent(c, "2026-01-01", "2026-03-02"); /* consent 03-02 */
	flag(&CL, c, "2026-01-15", "f", "2026-03-02", NULL);
	struct goal *g = goal(c, "g", GOAL_ACTIVE, "2026-03-02");
	step(&CL, g, "s", "2026-03-02", STEP_TODO);
	step(&CL, g, "r", "2026-03-02", STEP_TODO);
	refer(&CL, g, "bank", "2026-02-16", REFERRAL_SENT); /* referral 03-02 */
	c->plan.reviewed = d("2025-12-02");                 /* review 03-02 */
	compute("2026-02-20", "14d");
	char got[256] = "";
	for (size_t i = 0; i < L.n; i++) {
		char date[11];
		date_format(L.v[i].due, date);
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s %s %s|", date,
		         due_kind_names[L.v[i].kind], L.v[i].ref ? L.v[i].ref : "-");
	}
	assert_string_equal(got, "2026-03-02 assessment -|"
	                         "2026-03-02 consent -|"
	                         "2026-03-02 contact -|"
	                         "2026-03-02 flag 1|"
	                         "2026-03-02 goal g|"
	                         "2026-03-02 referral g/2|"
	                         "2026-03-02 review -|"
	                         "2026-03-02 step g/1|"
	                         "2026-03-02 step g/2|");
}

static void
test_filter(void **state)
{
	(void)state;
	struct case_record *a = mkcase(&CL, "a", "std", "2026-01-01");
	struct case_record *b = mkcase(&CL, "b", "risk", "2026-01-01");
	b->worker = "ben";
	(void)a;
	compute("2026-01-01", "14d"); /* first assessments 01-15 (due); plans 01-31 (upcoming) */
	struct due_filter f = {0};
	char *ben[] = {"ben"}, *std[] = {"std"}, *ca[] = {"a"};
	f.all = 1;
	f.workers = ben;
	f.nworkers = 1;
	due_filter(&L, &f);
	assert_int_equal(count("a", DUE_ASSESSMENT) + count("a", DUE_PLAN), 0);
	assert_int_equal(count("b", DUE_ASSESSMENT) + count("b", DUE_PLAN), 2);
	due_list_free(&L);
	compute("2026-01-01", "14d");
	memset(&f, 0, sizeof(f));
	f.programs = std;
	f.nprograms = 1;
	due_filter(&L, &f);
	assert_int_equal(L.n, 2); /* a's first assessment and contact; a's plan is upcoming */
	assert_int_equal(L.v[0].kind, DUE_ASSESSMENT);
	assert_int_equal(L.v[1].kind, DUE_CONTACT);
	due_list_free(&L);
	compute("2026-01-01", "14d");
	memset(&f, 0, sizeof(f));
	f.cases = ca;
	f.ncases = 1;
	f.all = 1;
	due_filter(&L, &f);
	assert_int_equal(count("a", DUE_CONTACT) + count("a", DUE_PLAN) + count("a", DUE_ASSESSMENT), 3);
	assert_int_equal(L.n, 3);
	assert_int_equal(due_count(&L, DUE_UPCOMING), 1);
}

/* ---- through the loader ---- */

static char *tmpdir;

static void
put(const char *rel, const char *text)
{
	char *p = xasprintf("%s/%s", tmpdir, rel);
	for (char *s = p + strlen(tmpdir) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		mkdir(p, 0755);
		*s = '/';
	}
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(p);
}

static const char *config_yaml = "organization: T\n"
				 "instrument: {name: L, scale: [1, 5], domains: {home: Home}}\n"
				 "workers: {ana: {name: Ana}}\n"
				 "programs:\n"
				 "  byrisk: {reassess_every: {high: 30d, medium: 60d, low: 90d}}\n";

static int
setup_dir(void **state)
{
	(void)state;
	char tpl[] = "/tmp/test_due.XXXXXX";
	assert_non_null(mkdtemp(tpl));
	tmpdir = xstrdup(tpl);
	put("caseload.yaml", config_yaml);
	memset(&L, 0, sizeof(L));
	return 0;
}

static int
teardown_dir(void **state)
{
	(void)state;
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(tmpdir);
	due_list_free(&L);
	return 0;
}

static void
load_and_compute(const char *as_of)
{
	struct source src;
	assert_int_equal(source_fs_open(&src, tmpdir), SRC_OK);
	assert_int_equal(caseload_load(&CL, &src, d(as_of), NULL, 0), 0);
	due_compute(&CL, d(as_of), du("14d"), &L);
	source_close(&src);
}

static void
test_loaded_missing_risk_is_medium(void **state)
{
	(void)state;
	put("cases/c1/case.yaml", "client: {name: A}\nprogram: byrisk\nworker: ana\n"
	                          "opened: 2026-01-01\nstatus: open\n");
	put("cases/c1/assessments/2026-01-02.yaml", "date: 2026-01-02\nby: ana\nscores: {home: 1}\n");
	load_and_compute("2026-01-10");
	due_on("c1", DUE_ASSESSMENT, NULL, "2026-03-03");
	caseload_free(&CL);
}

static void
test_loaded_assessments_out_of_name_order(void **state)
{
	(void)state;
	put("cases/c1/case.yaml", "client: {name: A}\nprogram: byrisk\nworker: ana\n"
	                          "opened: 2026-01-01\nstatus: open\nrisk: high\n");
	/* the name that sorts last holds the earliest date */
	put("cases/c1/assessments/a.yaml", "date: 2026-02-10\nby: ana\nscores: {home: 1}\n");
	put("cases/c1/assessments/b.yaml", "date: 2026-01-02\nby: ana\nscores: {home: 1}\n");
	load_and_compute("2026-02-11");
	due_on("c1", DUE_ASSESSMENT, NULL, "2026-03-12");
	caseload_free(&CL);
}

static void
test_loaded_failed_plan(void **state)
{
	(void)state;
	put("cases/c1/case.yaml", "client: {name: A}\nprogram: byrisk\nworker: ana\n"
	                          "opened: 2026-01-01\nstatus: open\nrisk: low\n");
	put("cases/c1/plan.yaml", "goals: [\n");
	load_and_compute("2026-01-10");
	assert_int_equal(count("c1", DUE_PLAN), 0);
	due_on("c1", DUE_ASSESSMENT, NULL, "2026-01-15");
	caseload_free(&CL);
}

static void
test_loaded_failed_case(void **state)
{
	(void)state;
	put("cases/c1/case.yaml", "client: {name: A\n");
	put("cases/c1/plan.yaml", "goals:\n  - id: g\n    statement: s\n    measure: m\n"
	                          "    target: 2026-03-01\n");
	put("cases/c2/plan.yaml", "goals: []\n");
	load_and_compute("2026-01-10");
	assert_int_equal(L.n, 0);
	caseload_free(&CL);
}

/* ---- writers ---- */

/* render: the bytes a writer printed for the current list. */
static char *
render(int fmt)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);
	assert_non_null(f);
	if (fmt == 't')
		out_due_text(f, &L, 0);
	else if (fmt == 'T')
		out_due_text(f, &L, 1);
	else if (fmt == 'j')
		out_due_json(f, &L, NULL);
	else if (fmt == 'c')
		out_due_csv(f, &L);
	else if (fmt == 'I')
		out_due_ics(f, &L, "Cal, name; \\ here", 0);
	else
		out_due_ics(f, &L, "Cal, name; \\ here", 1);
	fclose(f);
	return s;
}

static void
awkward_case(void)
{
	struct case_record *c = mkcase(&CL, "c1", "std", "2026-01-01");
	c->client_name = "Zoë \"Zo\" O'Neil, Jr.\n\033[31m";
	struct goal *g = goal(c, "g", GOAL_ACTIVE, "2027-01-01");
	step(&CL, g,
	     "Réserver un rendez-vous; apporter les papiers, le bail\\ et la lettre — "
	     "ça prend du temps ✓ vraiment longtemps",
	     "2026-01-05", STEP_TODO);
	compute("2026-01-02", "14d");
	struct due_filter f = {0};
	char *only[] = {"c1"};
	f.cases = only;
	f.ncases = 1;
	due_filter(&L, &f);
	/* keep the step only */
	size_t k = 0;
	for (size_t i = 0; i < L.n; i++)
		if (L.v[i].kind == DUE_STEP)
			L.v[k++] = L.v[i];
	L.n = k;
	assert_int_equal(L.n, 1);
}

static void
test_csv(void **state)
{
	(void)state;
	awkward_case();
	char *s = render('c');
	assert_string_equal(s, "case,client,worker,program,kind,ref,due,days,status,title\r\n"
	                       "c1,\"Zoë \"\"Zo\"\" O'Neil, Jr.\n\033[31m\",ana,std,step,g/1,2026-01-05,3,due,"
	                       "\"step 1 of goal 'g': Réserver un rendez-vous; apporter les papiers, le bail\\ et la "
	                       "lettre — ça prend du temps ✓ vraiment longtemps\"\r\n");
	free(s);
}

static void
test_json(void **state)
{
	(void)state;
	struct case_record *c = mkcase(&CL, "c1", "bare", "2026-01-01");
	c->client_name = NULL;
	c->worker = NULL;
	compute("2026-01-02", "14d");
	struct due_filter f = {0};
	due_filter(&L, &f); /* the plan (01-31) is upcoming */
	char *s = render('j');
	assert_string_equal(s, "{\"as_of\":\"2026-01-02\",\"items\":["
	                       "{\"case\":\"c1\",\"client\":null,\"worker\":null,\"program\":\"bare\","
	                       "\"kind\":\"assessment\",\"ref\":null,\"due\":\"2026-01-15\",\"days\":13,"
	                       "\"status\":\"due\",\"title\":\"first assessment\"}]}\n");
	free(s);
}

/* unfold: RFC 5545 unfolding, checking every physical line on the way. */
static char *
unfold(const char *s)
{
	struct buf b = {0};
	while (*s) {
		const char *e = strstr(s, "\r\n");
		assert_non_null(e);
		assert_true(e - s <= 75);
		/* no line starts inside a UTF-8 character */
		const char *body = *s == ' ' ? s + 1 : s;
		assert_true(((unsigned char)*body & 0xC0) != 0x80);
		if (*s == ' ')
			buf_add(&b, s + 1, (size_t)(e - s - 1));
		else {
			if (b.len)
				buf_putc(&b, '\n');
			buf_add(&b, s, (size_t)(e - s));
		}
		s = e + 2;
	}
	return buf_detach(&b);
}

static void
test_ics(void **state)
{
	(void)state;
	awkward_case();
	char *s = render('i');
	assert_null(strchr(s, '\033'));
	char *u = unfold(s);
	assert_non_null(strstr(u, "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:"));
	assert_non_null(strstr(u, "\nX-WR-CALNAME:Cal\\, name\\; \\\\ here\n"));
	assert_non_null(strstr(u, "\nUID:c1/step/g/1/2026-01-05@caseload\n"));
	assert_non_null(strstr(u, "\nDTSTAMP:20260102T000000Z\n"));
	assert_non_null(strstr(u, "\nDTSTART;VALUE=DATE:20260105\n"));
	assert_non_null(strstr(u, "\nSUMMARY:Zoë \"Zo\" O'Neil\\, Jr.\\n[31m (c1): step 1 of goal 'g': "
	                          "Réserver un rendez-vous\\; apporter les papiers\\, le bail\\\\ et "
	                          "la lettre — ça prend du temps ✓ vraiment longtemps\n"));
	assert_non_null(strstr(u, "\nEND:VEVENT\nEND:VCALENDAR"));
	free(u);
	free(s);
}

/* test_ics_no_names: without names, no event names the client: SUMMARY is
 * "CASE: TITLE" and the description leaves the name out (SPEC §8). */
static void
test_ics_no_names(void **state)
{
	(void)state;
	awkward_case();
	char *s = render('I');
	char *u = unfold(s);
	assert_null(strstr(u, "Zo"));
	assert_non_null(strstr(u, "\nSUMMARY:c1: step 1 of goal 'g': Réserver"));
	assert_non_null(strstr(u, "\\nCase: c1\\nWorker: "));
	free(u);
	free(s);
}

static void
test_ics_fold_never_splits_a_character(void **state)
{
	(void)state;
	/* a title of 3-byte and 4-byte characters at every offset */
	static const char *fill[] = {"€", "𝄞", "é"};
	for (int off = 0; off < 4; off++)
		for (int k = 0; k < 3; k++) {
			setup(NULL);
			struct case_record *c = mkcase(&CL, "c1", "std", "2026-01-01");
			struct buf name = {0};
			for (int i = 0; i < off; i++)
				buf_putc(&name, 'x');
			for (int i = 0; i < 60; i++)
				buf_puts(&name, fill[k]);
			c->client_name = name.s;
			compute("2026-01-02", "14d");
			char *s = render('i');
			free(unfold(s));
			free(s);
			buf_free(&name);
			teardown(NULL);
		}
}

static void
test_text(void **state)
{
	(void)state;
	awkward_case();
	char *s = render('t');
	assert_null(strchr(s, '\033'));
	assert_non_null(strstr(s, "Due within 14 days\n  2026-01-05  +3d  c1  Zoë \"Zo\" O'Neil, Jr.?"
	                          "?[31m  ana  step 1 of goal 'g': "));
	assert_non_null(strstr(s, "\n\nAs of 2026-01-02: 0 overdue, 1 due within 14 days.\n"));
	free(s);
	s = render('T');
	assert_non_null(strstr(s, "\033[1m\033[33mDue within 14 days\033[0m"));
	free(s);
}

static void
test_text_empty(void **state)
{
	(void)state;
	compute("2026-01-02", "0d");
	char *s = render('t');
	assert_string_equal(s, "As of 2026-01-02: nothing overdue or due today.\n");
	free(s);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
#define TD(f) cmocka_unit_test_setup_teardown(f, setup_dir, teardown_dir)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_first_assessment),
		T(test_first_assessment_policy),
		T(test_assessment_single_interval),
		T(test_assessment_by_risk),
		T(test_assessment_latest_not_last),
		T(test_assessment_month_end),
		T(test_assessment_no_interval),
		T(test_plan_missing),
		T(test_plan_without_goals),
		T(test_plan_failed_to_load),
		T(test_plan_with_goals_review),
		T(test_review_leap_year),
		T(test_goals),
		T(test_steps),
		T(test_steps_of_closed_goals),
		T(test_step_positions_sort_numerically),
		T(test_contact),
		T(test_contact_kinds),
		T(test_contact_from_opened),
		T(test_contact_program_without_contact_every),
		T(test_followups_closed_case),
		T(test_followup_ref_as_written),
		T(test_followup_note_14_days_early),
		T(test_followup_late_note),
		T(test_followup_note_used_once),
		T(test_followup_notes_in_date_order),
		T(test_followup_note_before_closed),
		T(test_followup_unreached_note_never_meets),
		T(test_followup_attempts_counted),
		T(test_followup_reached_after_attempts),
		T(test_followup_attempt_of_several),
		T(test_followups_of_open_case),
		T(test_followup_none),
		T(test_not_loaded_gives_nothing),
		T(test_missing_opened),
		T(test_records_after_as_of_count),
		T(test_status_and_days),
		T(test_within_0d),
		T(test_window_in_months),
		T(test_sort_order),
		T(test_consent_expires),
		T(test_consent_valid_from_signed),
		T(test_consent_never_ends),
		T(test_consent_closed_case_quiet),
		T(test_flag_review),
		T(test_flag_refs_sort_numerically),
		T(test_flag_closed_case_quiet),
		T(test_referral_answer_within),
		T(test_referral_until_answered),
		T(test_referral_closed_case_quiet),
		T(test_case_contact_every),
		T(test_case_reassess_every),
		T(test_new_kinds_sort_by_name),
		T(test_filter),
		TD(test_loaded_missing_risk_is_medium),
		TD(test_loaded_assessments_out_of_name_order),
		TD(test_loaded_failed_plan),
		TD(test_loaded_failed_case),
		T(test_csv),
		T(test_json),
		T(test_ics),
		T(test_ics_no_names),
		cmocka_unit_test(test_ics_fold_never_splits_a_character),
		T(test_text),
		T(test_text_empty),
	};
	return cmocka_run_group_tests_name("due", tests, NULL, NULL);
}

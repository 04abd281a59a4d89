/* due.c: the rules of SPEC §2 `due` (what falls due, per kind) turned into a
 * sorted list of items, and the `due` command that filters and writes it.
 * The rules only read the loaded records: nothing here touches a file. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "due.h"
#include "out.h"

const char *const due_kind_names[] = {"assessment", "contact", "followup", "goal",
                                      "plan",       "review",  "step",     NULL};
const char *const due_status_names[] = {"overdue", "due", "upcoming", NULL};

/* How long before its due date a follow-up note may be written and still count. */
static const struct dur followup_early = {14, 'd'};

/* add: appends an item; ref and title are copied into the list's arena. */
static struct due_item *
add(struct due_list *l, const struct case_record *c, enum due_kind kind, int due,
    const char *ref, const char *title)
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
assessment_item(const struct caseload *cl, const struct case_record *c,
                const struct program *p, struct due_list *l)
{
	int last = DATE_NONE;
	for (size_t i = 0; i < c->nassessments; i++)
		last = later(last, c->assessments[i].date);
	if (last != DATE_NONE) {
		if (p && p->has_reassess)
			add(l, c, DUE_ASSESSMENT, date_add(last, p->reassess[c->risk]), NULL,
			    "reassessment");
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
			buf_printf(b, "step %zu of goal '%s'%s%s", j + 1, g->id, s->action ? ": " : "",
			           s->action ? s->action : "");
			struct due_item *it = add(l, c, DUE_STEP, s->due, ref->s, b->s);
			it->goal = i;
			it->step = j;
		}
	}
}

/* contact: the latest client contact (or opened) + contact_every. */
static void
contact_item(const struct case_record *c, const struct program *p, struct due_list *l)
{
	if (!p || !p->has_contact)
		return;
	int last = DATE_NONE;
	for (size_t i = 0; i < c->nnotes; i++)
		if (note_is_contact(c->notes[i].kind))
			last = later(last, c->notes[i].date);
	if (last == DATE_NONE)
		last = c->opened;
	if (last != DATE_NONE)
		add(l, c, DUE_CONTACT, date_add(last, p->contact_every), NULL, "client contact");
}

/* followups: closed + each of the program's follow-ups. In date order, each
 * takes the earliest unused followup note dated on or after both (due - 14
 * days) and closed; a follow-up that finds none is due. */
static void
followup_items(const struct case_record *c, const struct program *p, struct buf *b,
               struct due_list *l)
{
	if (!p || p->nfollowups == 0 || c->closed == DATE_NONE)
		return;
	size_t n = p->nfollowups;
	size_t *order = xmalloc(n * sizeof(*order));
	int *due = xmalloc(n * sizeof(*due));
	unsigned char *used = xcalloc(c->nnotes ? c->nnotes : 1, 1);
	for (size_t i = 0; i < n; i++) {
		due[i] = date_add(c->closed, p->followups[i]);
		/* insertion sort by due date, stable: n is a handful */
		size_t k = i;
		while (k > 0 && due[order[k - 1]] > due[i]) {
			order[k] = order[k - 1];
			k--;
		}
		order[k] = i;
	}
	for (size_t i = 0; i < n; i++) {
		size_t f = order[i];
		int from = later(date_sub(due[f], followup_early), c->closed);
		size_t j;
		/* notes are sorted by date, so the first fit is the earliest */
		for (j = 0; j < c->nnotes; j++) {
			const struct note *nt = &c->notes[j];
			if (!used[j] && nt->kind == NOTE_FOLLOWUP && nt->date != DATE_NONE &&
			    nt->date >= from)
				break;
		}
		if (j < c->nnotes) {
			used[j] = 1;
			continue;
		}
		char ref[8];
		dur_format(p->followups[f], ref);
		buf_reset(b);
		buf_printf(b, "%s follow-up", ref);
		struct due_item *it = add(l, c, DUE_FOLLOWUP, due[f], ref, b->s);
		it->step = f;
	}
	free(order);
	free(due);
	free(used);
}

/* ref_cmp: null first; steps by goal id, then position as a number. */
static int
ref_cmp(const struct due_item *a, const struct due_item *b)
{
	if (!a->ref || !b->ref)
		return (a->ref != NULL) - (b->ref != NULL);
	if (a->kind == DUE_STEP && b->kind == DUE_STEP) {
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

/* ---- the command ---- */

enum due_format { FMT_TEXT, FMT_JSON, FMT_CSV, FMT_ICS };

/* An id filter given on the command line, and the ids it may name. */
struct idopt {
	const char *opt;   /* "--worker" */
	const char *what;  /* "worker" */
	char **v;
	size_t n, cap;
};

/* known_ids: the workers ('w') or programs ('p') an option may name,
 * NULL-terminated; the caller frees the array, not the strings. Those of
 * caseload.yaml, or, when it failed to load, those the cases name. */
static const char **
known_ids(const struct caseload *cl, char which)
{
	size_t n = 0, cap = 0;
	const char **v = NULL;
	if (cl->config.loaded) {
		size_t m = which == 'w' ? cl->config.nworkers : cl->config.nprograms;
		v = xmalloc((m + 1) * sizeof(*v));
		for (size_t i = 0; i < m; i++)
			v[n++] = which == 'w' ? cl->config.workers[i].id : cl->config.programs[i].id;
	} else {
		for (size_t i = 0; i < cl->ncases; i++) {
			const char *id = which == 'w' ? cl->cases[i].worker : cl->cases[i].program;
			size_t j;
			for (j = 0; id && j < n && strcmp(v[j], id) != 0; j++)
				;
			if (!id || j < n)
				continue;
			VEC_GROW(v, n + 1, cap);
			v[n++] = id;
		}
	}
	if (!v)
		v = xmalloc(sizeof(*v));
	v[n] = NULL;
	return v;
}

/* check_ids: 0 when every id of o is in known (NULL-terminated); else 2
 * after a message naming the nearest known id and the known ones. */
static int
check_ids(const struct idopt *o, const char *const *known)
{
	for (size_t i = 0; i < o->n; i++) {
		size_t k;
		for (k = 0; known[k] && strcmp(known[k], o->v[i]) != 0; k++)
			;
		if (known[k])
			continue;
		const char *near = nearest(o->v[i], known);
		fprintf(stderr, "caseload due: %s: no %s '%s'", o->opt, o->what, o->v[i]);
		if (near)
			fprintf(stderr, "; did you mean '%s'?", near);
		fputc('\n', stderr);
		if (!known[0]) {
			fprintf(stderr, "caseload due: there are no %ss\n", o->what);
			return 2;
		}
		fprintf(stderr, "caseload due: known %ss:", o->what);
		for (k = 0; k < 20 && known[k]; k++)
			fprintf(stderr, "%s %s", k ? "," : "", known[k]);
		for (; known[k]; k++)
			;
		if (k > 20)
			fprintf(stderr, " and %zu more", k - 20);
		fputc('\n', stderr);
		return 2;
	}
	return 0;
}

/* check_cases: 0 when every case of o has a folder under cases/ (checked
 * before loading, so that only those cases need loading); else 2 after a
 * message. */
static int
check_cases(struct session *s, const struct idopt *o)
{
	struct src_ent *ents = NULL;
	size_t n = 0, k = 0;
	if (o->n == 0)
		return 0;
	int r = src_list(&s->src, "cases", &ents, &n);
	if (r == SRC_EIO) {
		fprintf(stderr, "caseload due: cannot read cases/: %s\n", s->src.err);
		return 2;
	}
	const char **known = xmalloc((n + 1) * sizeof(*known));
	for (size_t i = 0; i < n; i++)
		if (ents[i].type == SRC_DIR && id_valid(ents[i].name))
			known[k++] = ents[i].name;
	known[k] = NULL;
	int rc = check_ids(o, known);
	free(known);
	src_ents_free(ents, n);
	return rc;
}

/* check_ids_of: the workers' and programs' check, once the records are loaded. */
static int
check_ids_of(const struct caseload *cl, const struct idopt *o, char which)
{
	const char **known = known_ids(cl, which);
	int rc = check_ids(o, known);
	free(known);
	return rc;
}

static void
idopt_add(struct idopt *o, char *id)
{
	VEC_GROW(o->v, o->n, o->cap);
	o->v[o->n++] = id;
}

/* use_colour: stdout is a terminal, NO_COLOR is unset or empty (no-color.org)
 * and TERM is not dumb. */
static int
use_colour(void)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
	return isatty(STDOUT_FILENO) && !(nc && *nc) && !(term && strcmp(term, "dumb") == 0);
}

/* calendar_name: the feed's name: the organization, and the worker when the
 * feed is one worker's. The caller frees it. */
static char *
calendar_name(const struct caseload *cl, const struct idopt *workers)
{
	const char *org = cl->config.organization ? cl->config.organization : "caseload";
	if (workers->n == 1) {
		const struct worker *w = cl_worker(cl, workers->v[0]);
		return xasprintf("%s: due for %s", org, w && w->name ? w->name : workers->v[0]);
	}
	return xasprintf("%s: due", org);
}

/* due_opts: the command line of `due`. */
struct due_opts {
	enum due_format fmt;
	struct dur within;
	int has_within, all;
	struct idopt workers, programs, cases;
};

/* parse_opts: 0, or 2 after a message. */
static int
parse_opts(int argc, char **argv, struct due_opts *o)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'},
		{"within", required_argument, NULL, 'n'},
		{"all", no_argument, NULL, 'a'},
		{"worker", required_argument, NULL, 'w'},
		{"program", required_argument, NULL, 'p'},
		{"case", required_argument, NULL, 'c'},
		{NULL, 0, NULL, 0},
	};
	static const char *const formats[] = {"text", "json", "csv", "ics", NULL};
	int opt;
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (opt) {
		case 'f': {
			int k;
			for (k = 0; formats[k] && strcmp(formats[k], optarg) != 0; k++)
				;
			if (!formats[k]) {
				fprintf(stderr, "caseload due: --format is text, json, csv or ics, not '%s'\n",
				        optarg);
				return 2;
			}
			o->fmt = (enum due_format)k;
			break;
		}
		case 'n':
			if (dur_parse(optarg, &o->within, 1) != 0) {
				fprintf(stderr,
				        "caseload due: --within '%s' is not a duration "
				        "(a number from 0 to 9999 and d, w, m or y, such as 14d or 1m)\n",
				        optarg);
				return 2;
			}
			o->has_within = 1;
			break;
		case 'a':
			o->all = 1;
			break;
		case 'w':
			idopt_add(&o->workers, optarg);
			break;
		case 'p':
			idopt_add(&o->programs, optarg);
			break;
		case 'c':
			idopt_add(&o->cases, optarg);
			break;
		case ':':
			fprintf(stderr, "caseload due: %s needs a value\n", argv[optind - 1]);
			return 2;
		default:
			fprintf(stderr, "caseload due: unknown option '%s'; see 'caseload due --help'\n",
			        argv[optind - 1]);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr,
		        "caseload due: unexpected argument '%s' (for one case: --case %s)\n",
		        argv[optind], argv[optind]);
		return 2;
	}
	return 0;
}

/* run: loads the records, computes, filters and writes. Returns the exit code. */
static int
run(struct session *s, const struct due_opts *o)
{
	struct caseload cl;
	struct due_list l;
	int rc = check_cases(s, &o->cases);
	if (rc)
		return rc;
	/* with --case, only those cases are read: as fast for one case of
	 * thousands as for a caseload of one */
	if ((rc = session_load(s, &cl, o->cases.v, o->cases.n)) != 0)
		return rc;
	if ((rc = check_ids_of(&cl, &o->workers, 'w')) != 0 ||
	    (rc = check_ids_of(&cl, &o->programs, 'p')) != 0) {
		caseload_free(&cl);
		return rc;
	}
	due_compute(&cl, s->g->as_of, o->has_within ? o->within : cl.config.policy.due_window, &l);
	struct due_filter f = {o->workers.v, o->workers.n, o->programs.v, o->programs.n,
	                       o->cases.v,   o->cases.n,   o->all};
	due_filter(&l, &f);
	switch (o->fmt) {
	case FMT_TEXT:
		out_due_text(stdout, &l, use_colour());
		break;
	case FMT_JSON:
		out_due_json(stdout, &l);
		break;
	case FMT_CSV:
		out_due_csv(stdout, &l);
		break;
	case FMT_ICS: {
		char *name = calendar_name(&cl, &o->workers);
		out_due_ics(stdout, &l, name);
		free(name);
		break;
	}
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "caseload due: cannot write the output\n");
		rc = 2;
	}
	records_warn(&cl);
	due_list_free(&l);
	caseload_free(&cl);
	return rc;
}

int
cmd_due(struct session *s, int argc, char **argv)
{
	struct due_opts o = {FMT_TEXT, {0, 'd'}, 0, 0,
	                     {"--worker", "worker", NULL, 0, 0},
	                     {"--program", "program", NULL, 0, 0},
	                     {"--case", "case", NULL, 0, 0}};
	int rc = parse_opts(argc, argv, &o);
	if (rc == 0)
		rc = run(s, &o);
	free(o.workers.v);
	free(o.programs.v);
	free(o.cases.v);
	return rc;
}

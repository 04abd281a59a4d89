/* export.c: the records as rows for spreadsheets and funders' reports
 * (export.h). Each kind has a fixed list of columns; a row is a JSON object
 * with exactly those keys, in that order, which out.c writes as JSON or as
 * CSV. Note bodies are never exported; redact also leaves out who the
 * client is. The `due` kind is every item of `due --all` (due.c computes
 * them), in the columns of `due --format csv`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "due.h"
#include "export.h"
#include "out.h"
#include "util.h"

#define CASE_COLS                    \
	{"case", 0}, {"program", 0}, \
	{                            \
		"worker", 0          \
	}

static const struct export_column case_cols[] = {
	CASE_COLS,
	{"client", 0},
	{"status", 0},
	{"opened", 0},
	{"closed", 0},
	{"days_open", 0},
	{"risk", 0},
	{"model", 0},
	{"exit_reason", 0},
	{"exit_destination", 0},
	{"consent_signed", 0},
	{"consent_ends", 0},
	{"share_with", 0},
	{"tags", 0},
	{"born", 1},
	{"pronouns", 0},
	{"language", 0},
	{"phone", 1},
	{"email", 1},
	{"address", 1},
	{"goals", 0},
	{"goals_achieved", 0},
	{"assessments", 0},
	{"notes", 0},
	{"last_contact", 0},
	{"flags_open", 0},
	{"exit_category", 0},
	{NULL, 0},
};

static const struct export_column goal_cols[] = {
	CASE_COLS,     {"goal", 0},       {"statement", 0}, {"domain", 0},  {"term", 0},
	{"status", 0}, {"target", 0},     {"achieved", 0},  {"measure", 0}, {"after", 0},
	{"steps", 0},  {"steps_done", 0}, {NULL, 0},
};

static const struct export_column step_cols[] = {
	CASE_COLS,
	{"goal", 0},
	{"step", 0},
	{"action", 0},
	{"who", 0},
	{"due", 0},
	{"status", 0},
	{"done", 0},
	{"result", 0},
	{"referral_sent", 0},
	{"referral_status", 0},
	{"referral_answered", 0},
	{"referral_reason", 0},
	{NULL, 0},
};

static const struct export_column assessment_cols[] = {
	CASE_COLS,     {"date", 0},  {"kind", 0}, {"by", 0},
	{"domain", 0}, {"score", 0}, {"file", 0}, {NULL, 0},
};

/* The columns of `due --format json|csv` (SPEC §2, §4), in that order, so
 * that `export due` and `due --all --format csv` give the same bytes. */
static const struct export_column due_cols[] = {
	{"case", 0}, {"client", 0}, {"worker", 0}, {"program", 0}, {"kind", 0}, {"ref", 0},
	{"due", 0},  {"days", 0},   {"status", 0}, {"title", 0},   {NULL, 0},
};

static const struct export_column note_cols[] = {
	CASE_COLS,    {"date", 0}, {"kind", 0},    {"contact", 0}, {"by", 0},     {"minutes", 0},
	{"goals", 0}, {"file", 0}, {"reached", 0}, {"outcome", 0}, {"rating", 0}, {NULL, 0},
};

/* One row per follow-up of a closed case (SPEC §7 "Follow-ups"). */
static const struct export_column followup_cols[] = {
	CASE_COLS,         {"followup", 0}, {"due", 0},     {"days", 0},     {"reached", 0},
	{"reached_on", 0}, {"note", 0},     {"outcome", 0}, {"attempts", 0}, {NULL, 0},
};

struct export
{
	const struct caseload *cl;
	int redact;
	json_t *rows;
	char *const *workers, *const *programs; /* filters; empty lets all through */
	size_t nworkers, nprograms;
};

static json_t *
jdate(int d)
{
	char s[11];
	if (d == DATE_NONE)
		return json_null();
	date_format(d, s);
	return json_string(s);
}

static json_t *
jlist(char *const *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, out_jstr(v[i]));
	return a;
}

static json_t *
jcount(size_t n)
{
	return json_integer((json_int_t)n);
}

/* row: a new row of c, its case columns filled, appended to the rows. */
static json_t *
row(struct export *x, const struct case_record *c)
{
	json_t *o = json_object();
	json_object_set_new(o, "case", out_jstr(c->id));
	json_object_set_new(o, "program", out_jstr(c->program));
	json_object_set_new(o, "worker", out_jstr(c->worker));
	json_array_append_new(x->rows, o);
	return o;
}

static void
set(json_t *o, const char *key, json_t *v)
{
	json_object_set_new(o, key, v);
}

static void
case_rows(struct export *x, const struct case_record *c)
{
	json_t *o = row(x, c);
	int end = c->status == CASE_CLOSED && c->closed != DATE_NONE ? c->closed : x->cl->as_of;
	size_t achieved = 0;
	int last = DATE_NONE;
	for (size_t i = 0; i < c->plan.ngoals; i++)
		achieved += c->plan.goals[i].status == GOAL_ACHIEVED;
	for (size_t i = 0; i < c->nnotes; i++)
		if (note_is_contact(c->notes[i].kind) && c->notes[i].date != DATE_NONE &&
		    (last == DATE_NONE || c->notes[i].date > last))
			last = c->notes[i].date;
	set(o, "client", out_jstr(x->redact ? c->id : c->client_name));
	set(o, "status", c->loaded ? json_string(case_status_names[c->status]) : json_null());
	set(o, "opened", jdate(c->opened));
	set(o, "closed", jdate(c->status == CASE_CLOSED ? c->closed : DATE_NONE));
	set(o, "days_open", c->opened == DATE_NONE ? json_null() : json_integer(end - c->opened));
	set(o, "risk", c->loaded ? json_string(risk_names[c->risk]) : json_null());
	set(o, "model", out_jstr(c->model));
	set(o, "exit_reason", out_jstr(c->exit_reason));
	set(o, "exit_destination", out_jstr(c->exit_destination));
	set(o, "consent_signed", jdate(c->consent_signed));
	set(o, "consent_ends", jdate(consent_end(&x->cl->config, c)));
	set(o, "share_with", jlist(c->share_with, c->nshare));
	set(o, "tags", jlist(c->tags, c->ntags));
	if (!x->redact)
		set(o, "born", jdate(c->born));
	set(o, "pronouns", out_jstr(c->pronouns));
	set(o, "language", out_jstr(c->client_language));
	if (!x->redact) {
		set(o, "phone", out_jstr(c->phone));
		set(o, "email", out_jstr(c->email));
		set(o, "address", out_jstr(c->address));
	}
	set(o, "goals", jcount(c->plan.ngoals));
	set(o, "goals_achieved", jcount(achieved));
	set(o, "assessments", jcount(c->nassessments));
	set(o, "notes", jcount(c->nnotes));
	set(o, "last_contact", jdate(last));
	size_t open = 0;
	for (size_t i = 0; i < c->nflags; i++)
		open += flag_open(&c->flags[i], x->cl->as_of);
	set(o, "flags_open", jcount(open));
	/* the category of a closed case's exit destination (SPEC §7
	 * "Destinations"); null while the case is open */
	set(o, "exit_category",
	    c->loaded && c->status == CASE_CLOSED
	            ? json_string(dest_category_names[cl_dest_category(x->cl, c->exit_destination)])
	            : json_null());
}

static void
goal_rows(struct export *x, const struct case_record *c)
{
	for (size_t i = 0; i < c->plan.ngoals; i++) {
		const struct goal *g = &c->plan.goals[i];
		json_t *o = row(x, c);
		size_t done = 0;
		for (size_t j = 0; j < g->nsteps; j++)
			done += g->steps[j].status == STEP_DONE;
		set(o, "goal", out_jstr(g->id));
		set(o, "statement", out_jstr(g->statement));
		set(o, "domain", out_jstr(g->domain));
		set(o, "term", json_string(g->term_long ? "long" : "short"));
		set(o, "status", json_string(goal_status_names[g->status]));
		set(o, "target", jdate(g->target));
		set(o, "achieved", jdate(g->status == GOAL_ACHIEVED ? g->achieved : DATE_NONE));
		set(o, "measure", out_jstr(g->measure));
		set(o, "after", jlist(g->after, g->nafter));
		set(o, "steps", jcount(g->nsteps));
		set(o, "steps_done", jcount(done));
	}
}

static void
step_rows(struct export *x, const struct case_record *c)
{
	for (size_t i = 0; i < c->plan.ngoals; i++) {
		const struct goal *g = &c->plan.goals[i];
		for (size_t j = 0; j < g->nsteps; j++) {
			const struct step *s = &g->steps[j];
			json_t *o = row(x, c);
			set(o, "goal", out_jstr(g->id));
			set(o, "step", jcount(j + 1)); /* as in due's goal/N */
			set(o, "action", out_jstr(s->action));
			set(o, "who", out_jstr(s->who));
			set(o, "due", jdate(s->due));
			set(o, "status", json_string(step_status_names[s->status]));
			set(o, "done", jdate(s->status == STEP_DONE ? s->done : DATE_NONE));
			set(o, "result", out_jstr(s->result));
			const struct referral *r = s->referral;
			set(o, "referral_sent", jdate(r ? r->sent : DATE_NONE));
			set(o, "referral_status",
			    r ? json_string(referral_status_names[r->status]) : json_null());
			set(o, "referral_answered", jdate(r ? r->answered : DATE_NONE));
			set(o, "referral_reason", out_jstr(r ? r->reason : NULL));
		}
	}
}

/* domain_rank: the domain's position in the instrument, to order scores. */
static size_t
domain_rank(const struct caseload *cl, const char *id)
{
	for (size_t i = 0; i < cl->config.ndomains; i++)
		if (strcmp(cl->config.domains[i].id, id) == 0)
			return i;
	return cl->config.ndomains;
}

static void
assessment_rows(struct export *x, const struct case_record *c)
{
	const struct caseload *cl = x->cl;
	for (size_t i = 0; i < c->nassessments; i++) {
		const struct assessment *a = &c->assessments[i];
		/* scores in the instrument's order, which a file need not follow */
		for (size_t r = 0; r <= cl->config.ndomains; r++)
			for (size_t k = 0; k < a->nscores; k++) {
				if (domain_rank(cl, a->scores[k].domain) != r)
					continue;
				json_t *o = row(x, c);
				set(o, "date", jdate(a->date));
				set(o, "kind", json_string(assess_kind_names[a->kind]));
				set(o, "by", out_jstr(a->by));
				set(o, "domain", out_jstr(a->scores[k].domain));
				set(o, "score", json_integer(a->scores[k].value));
				set(o, "file", out_jstr(a->file));
			}
	}
}

static void
note_rows(struct export *x, const struct case_record *c)
{
	for (size_t i = 0; i < c->nnotes; i++) {
		const struct note *n = &c->notes[i];
		json_t *o = row(x, c);
		set(o, "date", jdate(n->date));
		set(o, "kind", json_string(note_kind_names[n->kind]));
		set(o, "contact", json_boolean(note_is_contact(n->kind)));
		set(o, "by", out_jstr(n->by));
		set(o, "minutes", n->minutes >= 0 ? json_integer(n->minutes) : json_null());
		set(o, "goals", jlist(n->goals, n->ngoals));
		set(o, "file", out_jstr(n->file));
		/* a follow-up's reached (yes unless it says no) and outcome, a
		 * feedback's rating; null on the other kinds */
		int fu = n->kind == NOTE_FOLLOWUP;
		set(o, "reached", fu ? json_boolean(n->reached) : json_null());
		set(o, "outcome", out_jstr(fu ? n->outcome : NULL));
		set(o, "rating",
		    n->kind == NOTE_FEEDBACK && n->rating >= 1 ? json_integer(n->rating) : json_null());
	}
}

/* followup_rows: the follow-ups of a closed case in the program's order,
 * each met or not as due.c decides (due_followups): the note that reached
 * the client, its date and outcome; attempts are the notes with reached:
 * no dated on or after (due - 14 days), and before the note that met it
 * when one did. */
static void
followup_rows(struct export *x, const struct case_record *c)
{
	const struct program *p = c->program ? cl_program(x->cl, c->program) : NULL;
	if (!c->loaded || !p || p->nfollowups == 0)
		return;
	struct followup *v = xmalloc(p->nfollowups * sizeof(*v));
	size_t n = due_followups(c, p, v);
	for (size_t f = 0; f < n; f++) {
		const struct note *met = v[f].met >= 0 ? &c->notes[v[f].met] : NULL;
		size_t attempts = v[f].attempts;
		if (met) {
			int early = date_sub(v[f].due, (struct dur){14, 'd'});
			for (long j = 0; j < v[f].met; j++) {
				const struct note *nt = &c->notes[j];
				attempts += nt->kind == NOTE_FOLLOWUP && !nt->reached &&
				            nt->date != DATE_NONE && nt->date >= early;
			}
		}
		char ref[8];
		dur_format(p->followups[f], ref);
		json_t *o = row(x, c);
		set(o, "followup", json_string(ref));
		set(o, "due", jdate(v[f].due));
		set(o, "days", json_integer(v[f].due - x->cl->as_of));
		set(o, "reached", json_boolean(met != NULL));
		set(o, "reached_on", jdate(met ? met->date : DATE_NONE));
		set(o, "note", out_jstr(met ? met->file : NULL));
		set(o, "outcome", out_jstr(met ? met->outcome : NULL));
		set(o, "attempts", jcount(attempts));
	}
	free(v);
}

/* due_rows: every due item of the selected cases, upcoming ones too (an
 * export is the whole list; its status column tells overdue, due and
 * upcoming apart, against the policy's due_window), in due's order. */
static void
due_rows(struct export *x)
{
	const struct caseload *cl = x->cl;
	struct due_list l;
	due_compute(cl, cl->as_of, cl->config.policy.due_window, &l);
	struct due_filter f = {x->workers, x->nworkers, x->programs, x->nprograms, NULL, 0, 1};
	due_filter(&l, &f);
	for (size_t i = 0; i < l.n; i++) {
		json_t *o = out_due_item_json(&l.v[i]);
		if (x->redact)
			set(o, "client", out_jstr(l.v[i].c->id));
		json_array_append_new(x->rows, o);
	}
	due_list_free(&l);
}

const struct export_kind export_kinds[] = {
	{"cases", case_cols, case_rows, NULL},
	{"goals", goal_cols, goal_rows, NULL},
	{"steps", step_cols, step_rows, NULL},
	{"assessments", assessment_cols, assessment_rows, NULL},
	{"notes", note_cols, note_rows, NULL},
	{"followups", followup_cols, followup_rows, NULL},
	{"due", due_cols, NULL, due_rows},
	{NULL, NULL, NULL, NULL},
};

/* selected: whether the filters let case c through. */
static int
selected(const struct export *x, const struct case_record *c)
{
	int w = x->nworkers == 0, p = x->nprograms == 0;
	for (size_t i = 0; !w && i < x->nworkers; i++)
		w = c->worker && strcmp(c->worker, x->workers[i]) == 0;
	for (size_t i = 0; !p && i < x->nprograms; i++)
		p = c->program && strcmp(c->program, x->programs[i]) == 0;
	return w && p;
}

json_t *
export_rows(const struct caseload *cl, const struct export_kind *k, const struct export_opts *o)
{
	struct export x = {cl,          o->redact,   json_array(), o->workers,
	                   o->programs, o->nworkers, o->nprograms};
	if (k->all)
		k->all(&x);
	else
		for (size_t i = 0; i < cl->ncases; i++)
			if (selected(&x, &cl->cases[i]))
				k->rows(&x, &cl->cases[i]);
	return x.rows;
}

const char **
export_columns(const struct export_kind *k, int redact, size_t *n)
{
	size_t m = 0;
	while (k->cols[m].name)
		m++;
	const char **v = xcalloc(m + 1, sizeof(*v));
	*n = 0;
	for (size_t c = 0; c < m; c++)
		if (!(redact && k->cols[c].personal))
			v[(*n)++] = k->cols[c].name;
	return v;
}

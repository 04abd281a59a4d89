/* export.c: `caseload export KIND`: the records as rows for spreadsheets and
 * funders' reports, CSV (RFC 4180) or JSON. Each kind has a fixed list of
 * columns; a row is a JSON object with exactly those keys, in that order,
 * which the JSON writer prints as it is and the CSV writer as text. Note
 * bodies are never exported; --redact also leaves out who the client is. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "out.h"
#include "util.h"

/* A column: its name, and whether --redact leaves it out (personal details
 * beyond the client's name, which becomes the case id). */
struct column {
	const char *name;
	int personal;
};

#define CASE_COLS {"case", 0}, {"program", 0}, {"worker", 0}

static const struct column case_cols[] = {
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
	{NULL, 0},
};

static const struct column goal_cols[] = {
	CASE_COLS,
	{"goal", 0},
	{"statement", 0},
	{"domain", 0},
	{"term", 0},
	{"status", 0},
	{"target", 0},
	{"achieved", 0},
	{"measure", 0},
	{"after", 0},
	{"steps", 0},
	{"steps_done", 0},
	{NULL, 0},
};

static const struct column step_cols[] = {
	CASE_COLS,
	{"goal", 0},
	{"step", 0},
	{"action", 0},
	{"who", 0},
	{"due", 0},
	{"status", 0},
	{"done", 0},
	{"result", 0},
	{NULL, 0},
};

static const struct column assessment_cols[] = {
	CASE_COLS,
	{"date", 0},
	{"kind", 0},
	{"by", 0},
	{"domain", 0},
	{"score", 0},
	{"file", 0},
	{NULL, 0},
};

static const struct column note_cols[] = {
	CASE_COLS,
	{"date", 0},
	{"kind", 0},
	{"contact", 0},
	{"by", 0},
	{"minutes", 0},
	{"goals", 0},
	{"file", 0},
	{NULL, 0},
};

struct export {
	const struct caseload *cl;
	int redact;
	json_t *rows;
	char *const *workers, *const *programs; /* filters; empty lets all through */
	size_t nworkers, nprograms;
};

typedef void (*rows_fn)(struct export *, const struct case_record *);

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
	}
}

static const struct kind {
	const char *name;
	const struct column *cols;
	rows_fn rows;
} kinds[] = {
	{"cases", case_cols, case_rows},
	{"goals", goal_cols, goal_rows},
	{"steps", step_cols, step_rows},
	{"assessments", assessment_cols, assessment_rows},
	{"notes", note_cols, note_rows},
};

/* csv_text: a value as CSV text: lists joined by ';'. The caller frees it. */
static char *
csv_text(const json_t *v)
{
	struct buf b = {0};
	size_t i;
	const json_t *it;
	switch (json_typeof(v)) {
	case JSON_STRING:
		buf_add(&b, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		buf_printf(&b, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_TRUE:
	case JSON_FALSE:
		buf_puts(&b, json_is_true(v) ? "true" : "false");
		break;
	case JSON_ARRAY:
		json_array_foreach(v, i, it)
		{
			if (i)
				buf_putc(&b, ';');
			buf_puts(&b, json_string_value(it));
		}
		break;
	default:
		break;
	}
	return buf_detach(&b);
}

static void
write_csv(FILE *f, const struct column *cols, int redact, const json_t *rows)
{
	size_t n = 0, i;
	const json_t *r;
	size_t ncols = 0;
	while (cols[ncols].name)
		ncols++;
	const char **fields = xcalloc(ncols, sizeof(*fields));
	for (size_t c = 0; cols[c].name; c++)
		if (!(redact && cols[c].personal))
			fields[n++] = cols[c].name;
	out_csv_row(f, fields, n);
	json_array_foreach(rows, i, r)
	{
		char **text = xcalloc(n, sizeof(*text));
		for (size_t c = 0, k = 0; cols[c].name; c++)
			if (!(redact && cols[c].personal))
				text[k++] = csv_text(json_object_get(r, cols[c].name));
		out_csv_row(f, (const char *const *)text, n);
		for (size_t k = 0; k < n; k++)
			free(text[k]);
		free(text);
	}
	free(fields);
}

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

/* known_ids: 1 when every id in ids is a worker (programs: a program) of cl;
 * else 0 after a message listing the known ones. */
static int
known_ids(const struct caseload *cl, char *const *ids, size_t n, int programs)
{
	const struct config *cf = &cl->config;
	if (!cf->loaded)
		return 1; /* nothing to check against: the filter just selects */
	for (size_t i = 0; i < n; i++) {
		if (programs ? cl_program(cl, ids[i]) != NULL : cl_worker(cl, ids[i]) != NULL)
			continue;
		size_t m = programs ? cf->nprograms : cf->nworkers;
		const char **known = xcalloc(m + 1, sizeof(*known));
		for (size_t k = 0; k < m; k++)
			known[k] = programs ? cf->programs[k].id : cf->workers[k].id;
		session_unknown_id("export", programs ? "program" : "worker", ids[i], known, m);
		free(known);
		return 0;
	}
	return 1;
}

static void
add_id(char ***v, size_t *n, char *id)
{
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[(*n)++] = id;
}

int
cmd_export(struct session *s, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'},
		{"redact", no_argument, NULL, 'r'},
		{"case", required_argument, NULL, 'c'},
		{"worker", required_argument, NULL, 'w'},
		{"program", required_argument, NULL, 'p'},
		{NULL, 0, NULL, 0},
	};
	int json = 0, redact = 0, c, rc = 2;
	char **cases = NULL, **workers = NULL, **programs = NULL;
	size_t ncases = 0, nworkers = 0, nprograms = 0;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "json") == 0)
				json = 1;
			else if (strcmp(optarg, "csv") == 0)
				json = 0;
			else {
				fprintf(stderr, "caseload export: --format is csv or json, not '%s'\n", optarg);
				goto out;
			}
			break;
		case 'r':
			redact = 1;
			break;
		case 'c':
			add_id(&cases, &ncases, optarg);
			break;
		case 'w':
			add_id(&workers, &nworkers, optarg);
			break;
		case 'p':
			add_id(&programs, &nprograms, optarg);
			break;
		case ':':
			fprintf(stderr, "caseload export: %s needs a value\n", argv[optind - 1]);
			goto out;
		default:
			fprintf(stderr,
			        "caseload export: unknown option '%s'; see 'caseload export --help'\n",
			        argv[optind - 1]);
			goto out;
		}
	}
	const struct kind *k = NULL;
	struct buf names = {0};
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		buf_printf(&names, "%s, ", kinds[i].name);
		if (optind < argc && strcmp(argv[optind], kinds[i].name) == 0)
			k = &kinds[i];
	}
	buf_puts(&names, "due");
	if (argc - optind != 1 || !k) {
		if (argc - optind == 1 && strcmp(argv[optind], "due") == 0)
			fprintf(stderr, "caseload export: 'due' is not available in this build yet; "
			                "'caseload due --format csv' gives the same rows\n");
		else if (argc - optind == 1)
			fprintf(stderr, "caseload export: '%s' is not a kind to export; one of: %s\n",
			        argv[optind], names.s);
		else
			fprintf(stderr, "caseload export: give one kind to export: %s\n", names.s);
		buf_free(&names);
		goto out;
	}
	buf_free(&names);

	struct caseload cl;
	if ((rc = session_load(s, &cl, cases, ncases)) != 0)
		goto out;
	rc = 2;
	if (known_ids(&cl, workers, nworkers, 0) && known_ids(&cl, programs, nprograms, 1)) {
		struct export x = {&cl, redact, json_array(), workers, programs, nworkers, nprograms};
		for (size_t i = 0; i < cl.ncases; i++)
			if (selected(&x, &cl.cases[i]))
				k->rows(&x, &cl.cases[i]);
		if (json) {
			json_t *root = json_object();
			set(root, "as_of", jdate(cl.as_of));
			set(root, "kind", json_string(k->name));
			set(root, "rows", x.rows);
			json_dumpf(root, stdout, JSON_PRESERVE_ORDER | JSON_COMPACT);
			fputc('\n', stdout);
			json_decref(root);
		} else {
			write_csv(stdout, k->cols, redact, x.rows);
			json_decref(x.rows);
		}
		records_warn(&cl);
		rc = 0;
		if (fflush(stdout) != 0 || ferror(stdout)) {
			fprintf(stderr, "caseload export: cannot write the output\n");
			rc = 2;
		}
	}
	caseload_free(&cl);
out:
	free(cases);
	free(workers);
	free(programs);
	return rc;
}

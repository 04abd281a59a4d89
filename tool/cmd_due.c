/* cmd_due.c: `caseload due`: what falls due (due.c), filtered by worker,
 * program and case, written as text, JSON, CSV or ICS (out.c). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "due.h"
#include "out.h"

enum due_format { FMT_TEXT, FMT_JSON, FMT_CSV, FMT_ICS };

/* A list of ids given on the command line. */
struct idlist {
	char **v;
	size_t n, cap;
};

/* due_opts: the command line of `due`. */
struct due_opts {
	enum due_format fmt;
	struct dur within;
	int has_within, all;
	int names; /* --names: the calendar names the client (DECISIONS 5: accepted
	            * with every format; only ics has anything to leave out) */
	struct idlist workers, programs, cases;
};

static void
idlist_add(struct idlist *l, char *id)
{
	VEC_GROW(l->v, l->n, l->cap);
	l->v[l->n++] = id;
}

/* parse: 0, or -1 after a message. */
static int
parse(struct session *s, int argc, char **argv, struct due_opts *o)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'},  {"within", required_argument, NULL, 'n'},
		{"all", no_argument, NULL, 'a'},           {"worker", required_argument, NULL, 'w'},
		{"program", required_argument, NULL, 'p'}, {"case", required_argument, NULL, 'c'},
		{"names", no_argument, NULL, 'N'},         {NULL, 0, NULL, 0},
	};
	static const char *const formats[] = {"text", "json", "csv", "ics", NULL};
	int opt, f;
	optind = 0; /* 0, not 1: getopt starts afresh after main's own scan */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (opt) {
		case 'f':
			if ((f = cmd_format(s, optarg, formats)) < 0)
				return -1;
			o->fmt = (enum due_format)f;
			break;
		case 'n':
			if (dur_parse(optarg, &o->within, 1) != 0) {
				cmd_err(s,
				        "--within '%s' is not a duration; a duration is a number from 0 "
				        "to 9999 and d, w, m or y, such as 14d or 6m",
				        optarg);
				return -1;
			}
			o->has_within = 1;
			break;
		case 'a': o->all = 1; break;
		case 'N': o->names = 1; break;
		case 'w': idlist_add(&o->workers, optarg); break;
		case 'p': idlist_add(&o->programs, optarg); break;
		case 'c': idlist_add(&o->cases, optarg); break;
		default: cmd_bad_option(s, argv[optind - 1], opt == ':'); return -1;
		}
	}
	if (optind < argc) {
		cmd_err(s, "unexpected argument '%s' (for one case: --case %s)", argv[optind],
		        argv[optind]);
		return -1;
	}
	return cmd_case_ids(s, o->cases.v, o->cases.n);
}

/* known_ids: the workers ('w') or programs ('p') an option may name; the
 * caller frees the array, not the strings. Those of caseload.yaml, or,
 * when it failed to load, those the cases name. */
static const char **
known_ids(const struct caseload *cl, char which, size_t *n)
{
	size_t cap = 0;
	const char **v = NULL;
	*n = 0;
	if (cl->config.loaded) {
		size_t m = which == 'w' ? cl->config.nworkers : cl->config.nprograms;
		v = xmalloc((m + 1) * sizeof(*v));
		for (size_t i = 0; i < m; i++)
			v[(*n)++] = which == 'w' ? cl->config.workers[i].id : cl->config.programs[i].id;
		return v;
	}
	for (size_t i = 0; i < cl->ncases; i++) {
		const char *id = which == 'w' ? cl->cases[i].worker : cl->cases[i].program;
		size_t j;
		for (j = 0; id && j < *n && strcmp(v[j], id) != 0; j++)
			;
		if (!id || j < *n)
			continue;
		VEC_GROW(v, *n, cap);
		v[(*n)++] = id;
	}
	return v ? v : xmalloc(sizeof(*v));
}

/* check_ids: 0 when every id of l is a known worker ('w') or program
 * ('p'); else -1 after the unknown-id message. */
static int
check_ids(const struct session *s, const struct caseload *cl, const struct idlist *l, char which)
{
	size_t n;
	const char **known = known_ids(cl, which, &n);
	int rc = 0;
	for (size_t i = 0; i < l->n && rc == 0; i++) {
		size_t k;
		for (k = 0; k < n && strcmp(known[k], l->v[i]) != 0; k++)
			;
		if (k == n) {
			cmd_unknown_id(s, which == 'w' ? "worker" : "program", l->v[i], known, n);
			rc = -1;
		}
	}
	free(known);
	return rc;
}

/* calendar_name: the feed's name: the organization, and the worker when the
 * feed is one worker's. The caller frees it. */
static char *
calendar_name(const struct caseload *cl, const struct idlist *workers)
{
	const char *org = cl->config.organization ? cl->config.organization : "caseload";
	if (workers->n == 1) {
		const struct worker *w = cl_worker(cl, workers->v[0]);
		return xasprintf("%s: due for %s", org, w && w->name ? w->name : workers->v[0]);
	}
	return xasprintf("%s: due", org);
}

/* run: loads the records, computes, filters and writes. Returns the exit code. */
static int
run(struct session *s, const struct due_opts *o)
{
	struct caseload cl;
	struct due_list l;
	/* with --case, only those cases are read: as fast for one case of
	 * thousands as for a caseload of one */
	if (cmd_load(s, &cl, o->cases.v, o->cases.n) != 0)
		return 2;
	if (check_ids(s, &cl, &o->workers, 'w') != 0 || check_ids(s, &cl, &o->programs, 'p') != 0) {
		caseload_free(&cl);
		return 2;
	}
	due_compute(&cl, s->g->as_of, o->has_within ? o->within : cl.config.policy.due_window, &l);
	/* a calendar holds the past and the future: every item, as --all */
	struct due_filter f = {o->workers.v,
	                       o->workers.n,
	                       o->programs.v,
	                       o->programs.n,
	                       o->cases.v,
	                       o->cases.n,
	                       o->all || o->fmt == FMT_ICS};
	due_filter(&l, &f);
	switch (o->fmt) {
	case FMT_TEXT: out_due_text(stdout, &l, cmd_colour()); break;
	case FMT_JSON: {
		struct out_at at;
		out_due_json(stdout, &l, cmd_at(s, &at));
		break;
	}
	case FMT_CSV: out_due_csv(stdout, &l); break;
	case FMT_ICS: {
		char *name = calendar_name(&cl, &o->workers);
		out_due_ics(stdout, &l, name, o->names || cl.config.policy.names_in_feeds);
		free(name);
		break;
	}
	}
	int rc = cmd_flush(s) != 0 ? 2 : 0;
	cmd_records_warn(s, &cl);
	due_list_free(&l);
	caseload_free(&cl);
	return rc;
}

int
cmd_due(struct session *s, int argc, char **argv)
{
	struct due_opts o = {FMT_TEXT, {0, 'd'}, 0, 0, 0, {0}, {0}, {0}};
	int rc = 2;
	if (parse(s, argc, argv, &o) == 0 && session_setup(s) == 0)
		rc = run(s, &o);
	free(o.workers.v);
	free(o.programs.v);
	free(o.cases.v);
	return rc;
}

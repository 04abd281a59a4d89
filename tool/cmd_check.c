/* cmd_check.c: `caseload check [--format text|json] [--strict] [CASE...]`:
 * every problem in the records (the loader's and check's rules), one line
 * each or as JSON, then the exit code SPEC §4 gives. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "out.h"

struct check_opts {
	int json;
	int strict; /* exit 1 on warnings too */
	int staged; /* what is staged, only the cases it touches */
	char *const *cases;
	size_t ncases;
};

/* parse: 0, or -1 after a message. */
static int
parse(struct session *s, int argc, char **argv, struct check_opts *o)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'},
		{"strict", no_argument, NULL, 's'},
		{"staged", no_argument, NULL, 'S'},
		{NULL, 0, NULL, 0},
	};
	static const char *const formats[] = {"text", "json", NULL};
	int c, f;
	optind = 0; /* 0, not 1: getopt starts afresh after main's own scan */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if ((f = cmd_format(s, optarg, formats)) < 0)
				return -1;
			o->json = f == 1;
			break;
		case 's': o->strict = 1; break;
		case 'S': o->staged = 1; break;
		default: cmd_bad_option(s, argv[optind - 1], c == ':'); return -1;
		}
	}
	o->cases = argv + optind;
	o->ncases = (size_t)(argc - optind);
	if (o->staged && (o->ncases || s->g->at)) {
		cmd_err(s, "--staged checks the cases that what is staged touches: "
		           "it takes no CASE and no --at");
		return -1;
	}
	return cmd_case_ids(s, o->cases, o->ncases);
}

/* load_staged: the records as staged, for the cases the staged changes
 * touch (every case when a file outside cases/ changed; none when nothing
 * in the caseload folder is staged). 0, or -1 after a message. */
static int
load_staged(struct session *s, struct caseload *cl)
{
	char **ids;
	size_t n;
	int all;
	source_index_touched(&s->src, &ids, &n, &all);
	int r = 0;
	if (all)
		r = cmd_load(s, cl, NULL, 0);
	else if (n)
		r = cmd_load(s, cl, ids, n);
	else
		memset(cl, 0, sizeof(*cl)); /* nothing staged here: nothing to say */
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	return r;
}

int
cmd_check(struct session *s, int argc, char **argv)
{
	struct check_opts o = {0};
	struct caseload cl;
	struct out_at at;
	if (parse(s, argc, argv, &o) != 0)
		return 2;
	s->staged = o.staged;
	if (o.staged)
		s->flags |= MAKES_CACHE; /* a few files, by blob id: cheap to keep */
	if (session_setup(s) != 0 ||
	    (o.staged ? load_staged(s, &cl) : cmd_load(s, &cl, o.cases, o.ncases)) != 0)
		return 2;
	diag_sort(&cl.diags);
	if (o.json)
		out_diags_json(stdout, &cl.diags, cmd_at(s, &at));
	else
		out_diags_text(stdout, &cl.diags);
	size_t errors, warnings;
	diag_count(&cl.diags, &errors, &warnings);
	caseload_free(&cl);
	if (cmd_flush(s) != 0)
		return 2;
	return errors || (o.strict && warnings) ? 1 : 0;
}

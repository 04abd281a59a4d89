/* cmd_check.c: `caseload check [--format text|json] [--strict] [CASE...]`:
 * every problem in the records (the loader's and check's rules), one line
 * each or as JSON, then the exit code SPEC §4 gives. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "out.h"

struct check_opts {
	int json;
	int strict; /* exit 1 on warnings too */
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
		default: cmd_bad_option(s, argv[optind - 1], c == ':'); return -1;
		}
	}
	o->cases = argv + optind;
	o->ncases = (size_t)(argc - optind);
	return cmd_case_ids(s, o->cases, o->ncases);
}

int
cmd_check(struct session *s, int argc, char **argv)
{
	struct check_opts o = {0};
	struct caseload cl;
	if (parse(s, argc, argv, &o) != 0 || session_setup(s) != 0 ||
	    cmd_load(s, &cl, o.cases, o.ncases) != 0)
		return 2;
	diag_sort(&cl.diags);
	if (o.json)
		out_diags_json(stdout, &cl.diags);
	else
		out_diags_text(stdout, &cl.diags);
	size_t errors, warnings;
	diag_count(&cl.diags, &errors, &warnings);
	caseload_free(&cl);
	if (cmd_flush(s) != 0)
		return 2;
	return errors || (o.strict && warnings) ? 1 : 0;
}

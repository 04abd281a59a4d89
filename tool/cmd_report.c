/* cmd_report.c: `caseload report`: the figures a funder or a board asks for
 * over a period (outcomes.c's report_compute), per program and in total, as
 * text, Markdown, CSV or JSON (out.c) or one self-contained HTML page
 * (page_report.c). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "out.h"
#include "outcomes.h"
#include "site.h"

enum report_format { RF_TEXT, RF_MD, RF_HTML, RF_CSV, RF_JSON };

/* report_opts: the command line of `report`. */
struct report_opts {
	enum report_format fmt;
	int from, to; /* DATE_NONE: the default */
	int redact;
	char **programs;
	size_t nprograms;
};

/* date_opt: the date of --NAME's value into *out: 0, or -1 after a message. */
static int
date_opt(struct session *s, const char *name, const char *arg, int *out)
{
	char opt[16];
	snprintf(opt, sizeof(opt), "--%s", name);
	return cmd_date(s, opt, arg, out); /* the one wording of a bad date */
}

/* parse: 0, or -1 after a message. */
static int
parse(struct session *s, int argc, char **argv, struct report_opts *o)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'}, {"from", required_argument, NULL, 'b'},
		{"to", required_argument, NULL, 'e'},     {"program", required_argument, NULL, 'p'},
		{"redact", no_argument, NULL, 'r'},       {NULL, 0, NULL, 0},
	};
	static const char *const formats[] = {"text", "md", "html", "csv", "json", NULL};
	int c, f;
	optind = 0; /* 0, not 1: getopt starts afresh after main's own scan */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if ((f = cmd_format(s, optarg, formats)) < 0)
				return -1;
			o->fmt = (enum report_format)f;
			break;
		case 'b':
			if (date_opt(s, "from", optarg, &o->from) != 0)
				return -1;
			break;
		case 'e':
			if (date_opt(s, "to", optarg, &o->to) != 0)
				return -1;
			break;
		case 'p':
			o->programs = xreallocarray(o->programs, o->nprograms + 1, sizeof(*o->programs));
			o->programs[o->nprograms++] = optarg;
			break;
		case 'r': o->redact = 1; break;
		default: cmd_bad_option(s, argv[optind - 1], c == ':'); return -1;
		}
	}
	if (optind < argc) {
		cmd_err(s, "unexpected argument '%s' (for one program: --program %s)", argv[optind],
		        argv[optind]);
		return -1;
	}
	return 0;
}

/* period: the period of o against as-of into *from and *to (SPEC §7: to
 * defaults to as-of, from to to - 364 days): 0, or -1 after a message. */
static int
period(struct session *s, const struct report_opts *o, int *from, int *to)
{
	*to = o->to != DATE_NONE ? o->to : s->g->as_of;
	*from = o->from != DATE_NONE ? o->from : *to - 364;
	if (*from > *to) {
		char a[11], b[11];
		date_format(*from, a);
		date_format(*to, b);
		cmd_err(s, "the period starts on %s, after its last day %s", a, b);
		return -1;
	}
	return 0;
}

static int
run(struct session *s, const struct report_opts *o)
{
	struct caseload cl;
	struct report r;
	int from, to;
	if (period(s, o, &from, &to) != 0)
		return 2;
	if (cmd_load(s, &cl, NULL, 0) != 0)
		return 2;
	if (cmd_check_ids(s, &cl, o->programs, o->nprograms, 1) != 0) {
		caseload_free(&cl);
		return 2;
	}
	report_compute(&r, &cl, from, to, o->programs, o->nprograms);
	int rc = 0;
	switch (o->fmt) {
	case RF_TEXT: out_report_text(stdout, &r, &cl); break;
	case RF_MD: out_report_md(stdout, &r, &cl); break;
	case RF_CSV: out_report_csv(stdout, &r, &cl); break;
	case RF_JSON: {
		struct out_at at;
		out_report_json(stdout, &r, &cl, cmd_at(s, &at));
		break;
	}
	case RF_HTML: {
		struct buf page = {0}, err = {0};
		if (site_report_html(&cl, &r, o->redact, &page, &err) == 0)
			fwrite(page.s, 1, page.len, stdout);
		else {
			cmd_err(s, "%s", err.s);
			rc = 2;
		}
		buf_free(&page);
		buf_free(&err);
		break;
	}
	}
	if (rc == 0 && cmd_flush(s) != 0)
		rc = 2;
	if (rc == 0)
		cmd_records_warn(s, &cl);
	report_free(&r);
	caseload_free(&cl);
	return rc;
}

int
cmd_report(struct session *s, int argc, char **argv)
{
	struct report_opts o = {RF_TEXT, DATE_NONE, DATE_NONE, 0, NULL, 0};
	int rc = 2;
	if (parse(s, argc, argv, &o) == 0 && session_setup(s) == 0)
		rc = run(s, &o);
	free(o.programs);
	return rc;
}

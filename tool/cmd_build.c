/* cmd_build.c: `caseload build`: reads the history on a thread of its own
 * while the records load, has site.c render and swap in the site, and
 * says what kept it from the history or the records' problems. */
#include <getopt.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "site.h"

struct build_opts {
	struct site_opts site;
	int strict; /* exit 1 when the records have errors or warnings */
};

/* parse: 0, or -1 after a message. */
static int
parse(struct session *s, int argc, char **argv, struct build_opts *o)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},
		{"templates", required_argument, NULL, 't'},
		{"redact", no_argument, NULL, 'r'},
		{"strict", no_argument, NULL, 's'},
		{"jobs", required_argument, NULL, 'j'},
		{NULL, 0, NULL, 0},
	};
	int c;
	optind = 0; /* 0, not 1: getopt starts afresh after main's own scan */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
		case 't':
			if (!*optarg) {
				cmd_err(s, "%s needs a folder", c == 'o' ? "-o" : "--templates");
				return -1;
			}
			*(c == 'o' ? &o->site.out : &o->site.templates) = optarg;
			break;
		case 'r': o->site.redact = 1; break;
		case 's': o->strict = 1; break;
		case 'j': {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || end == optarg || n < 1 || n > 8) {
				cmd_err(s, "--jobs '%s' is not a number from 1 to 8", optarg);
				return -1;
			}
			o->site.jobs = (int)n;
			break;
		}
		case ':':
			if (strncmp(argv[optind - 1], "--j", 3) == 0)
				cmd_bad_option(s, argv[optind - 1], 1);
			else
				cmd_err(s, "%s needs a folder", argv[optind - 1]);
			return -1;
		default: cmd_bad_option(s, argv[optind - 1], 0); return -1;
		}
	}
	if (optind < argc) {
		cmd_err(s, "unknown argument '%s'; see 'caseload build --help'", argv[optind]);
		return -1;
	}
	return 0;
}

int
cmd_build(struct session *s, int argc, char **argv)
{
	struct build_opts o;
	memset(&o, 0, sizeof(o));
	if (parse(s, argc, argv, &o) != 0 || session_setup(s) != 0)
		return 2;
	o.site.root = s->root;
	/* the status, after the load, walks the folders the loader listed */
	src_keep_listings(&s->src);
	/* the history is read beside the records and the first pages, from its
	 * cache under the git folder when it is still the same */
	struct hist_job sh;
	hist_job_start(&sh, s->root, s->g->at, HIST_LINES | HIST_ONE_THREAD);
	struct caseload cl;
	if (cmd_load(s, &cl, NULL, 0) != 0) {
		hist_job_free(&sh);
		return 2;
	}
	/* the site reads no record through the parse cache: it is written now,
	 * while the history is still being read, and its memory goes back to
	 * the system (it was the loader threads', which glibc would otherwise
	 * keep for them): 150 MiB less at the build's peak at 10,000 cases */
	session_cache_done(s);
	malloc_trim(0);
	struct buf err = {0};
	if (site_build(&cl, &s->src, &o.site, &sh, &err) < 0) {
		cmd_err(s, "%s", err.s ? err.s : "failed");
		buf_free(&err);
		caseload_free(&cl);
		hist_job_free(&sh);
		return 2;
	}
	buf_free(&err);
	if (sh.rc != 0 && !sh.h.norepo)
		cmd_err(s, "the site was built without the git history: %s", sh.h.err);
	hist_job_free(&sh);
	size_t errors, warnings;
	diag_count(&cl.diags, &errors, &warnings);
	caseload_free(&cl);
	/* as due and export do: warnings alone say nothing, unless --strict
	 * makes them the reason for exit 1 */
	if (errors || (o.strict && warnings)) {
		char *sum = diag_summary(errors, warnings);
		cmd_err(s, "the records have %s; the site lists them (problems.html)", sum);
		free(sum);
	}
	return o.strict && (errors || warnings) ? 1 : 0;
}

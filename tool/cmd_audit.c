/* cmd_audit.c: `caseload audit [--all] [--format text|json] [CASE...]`:
 * the findings of audit.c from the git history, as text or JSON, those a
 * supervisor reviewed in reviews.yaml only with --all; exit 1 while one is
 * left unreviewed. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "cmd.h"
#include "out.h"

struct audit_opts {
	int json;
	int all; /* reviewed findings too */
	char *const *cases;
	size_t ncases;
};

/* parse: 0, or -1 after a message. */
static int
parse(struct session *s, int argc, char **argv, struct audit_opts *o)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'},
		{"all", no_argument, NULL, 'a'},
		{NULL, 0, NULL, 0},
	};
	static const char *const formats[] = {"text", "json", NULL};
	int c, f;
	optind = 0; /* 0, not 1: getopt starts afresh after main's own scan */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (c == 'a') {
			o->all = 1;
			continue;
		}
		if (c != 'f') {
			cmd_bad_option(s, argv[optind - 1], c == ':');
			return -1;
		}
		if ((f = cmd_format(s, optarg, formats)) < 0)
			return -1;
		o->json = f == 1;
	}
	o->cases = argv + optind;
	o->ncases = (size_t)(argc - optind);
	return cmd_case_ids(s, o->cases, o->ncases);
}

int
cmd_audit(struct session *s, int argc, char **argv)
{
	struct audit_opts o = {0};
	if (parse(s, argc, argv, &o) != 0 || session_setup(s) != 0)
		return 2;
	/* the history, then what is uncommitted, is read on a thread of its own
	 * while the records load: the status stats every file as the loader
	 * does, and nothing else waits for it */
	struct hist_job sh;
	hist_job_start(&sh, s->root, s->g->at, 0);
	hist_job_go(&sh, NULL, NULL);
	struct caseload cl;
	int loaded = cmd_load(s, &cl, o.cases, o.ncases);
	struct history *h = &sh.h;
	int rc = hist_job_wait(&sh) == 0 ? 0 : 2;
	/* an unborn HEAD: the job compares nothing, yet every file is new */
	if (rc == 0 && !s->g->at && h->unborn && hist_uncommitted(h, &sh.wt, &sh.nwt) != 0)
		rc = 2;
	if (rc != 0) {
		if (h->norepo)
			cmd_err(s,
			        "%s; the audit reads the history that git keeps, "
			        "so the caseload must be in a git repository",
			        h->err);
		else
			cmd_err(s, "%s", h->err);
		if (loaded == 0)
			caseload_free(&cl);
		hist_job_free(&sh);
		return 2;
	}
	if (loaded != 0) {
		hist_job_free(&sh);
		return 2;
	}
	cmd_records_warn(s, &cl);
	if (cl.reviews_state == REVIEWS_FAILED)
		cmd_err(s, "reviews.yaml could not be read (see 'caseload check'), so no finding "
		           "counts as reviewed");
	struct findings f;
	memset(&f, 0, sizeof(f));
	if (audit_collect(&f, &cl, h, sh.wt, sh.nwt, o.cases, o.ncases) != 0) {
		cmd_err(s, "%s", h->err);
		rc = 2;
	} else {
		if (o.json)
			out_findings_json(stdout, &f, o.all);
		else
			out_findings_text(stdout, &f, o.all);
		rc = f.n > f.nreviewed ? 1 : 0;
		if (cmd_flush(s) != 0)
			rc = 2;
	}
	findings_free(&f);
	caseload_free(&cl);
	hist_job_free(&sh);
	return rc;
}

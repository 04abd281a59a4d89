/* cmd_digest.c: `caseload digest`: the Monday digest (digest.c) of a
 * worker, of the team, or of everyone, as text, Markdown or an mbox of
 * mails (out.c). It writes nothing and depends only on the records and
 * as-of. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "digest.h"
#include "out.h"

enum digest_format { DF_TEXT, DF_MD, DF_EML };

/* digest_opts: the command line of `digest`. */
struct digest_opts {
	enum digest_format fmt;
	char *worker; /* --worker, or NULL */
	int team, names;
	int since; /* DATE_NONE: as-of - 7 days */
};

/* parse: 0, or -1 after a message. */
static int
parse(struct session *s, int argc, char **argv, struct digest_opts *o)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'}, {"worker", required_argument, NULL, 'w'},
		{"team", no_argument, NULL, 't'},         {"since", required_argument, NULL, 's'},
		{"names", no_argument, NULL, 'n'},        {NULL, 0, NULL, 0},
	};
	static const char *const formats[] = {"text", "md", "eml", NULL};
	int c, f;
	optind = 0; /* 0, not 1: getopt starts afresh after main's own scan */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if ((f = cmd_format(s, optarg, formats)) < 0)
				return -1;
			o->fmt = (enum digest_format)f;
			break;
		case 'w':
			if (o->worker && strcmp(o->worker, optarg) != 0) {
				cmd_err(s, "give one --worker (or --team, or neither for everyone)");
				return -1;
			}
			o->worker = optarg;
			break;
		case 't': o->team = 1; break;
		case 'n': o->names = 1; break;
		case 's':
			if (cmd_date(s, "--since", optarg, &o->since) != 0)
				return -1;
			break;
		default: cmd_bad_option(s, argv[optind - 1], c == ':'); return -1;
		}
	}
	if (o->worker && o->team) {
		cmd_err(s, "--worker and --team exclude each other (neither: every digest)");
		return -1;
	}
	if (optind < argc) {
		cmd_err(s, "unexpected argument '%s' (for one worker: --worker %s)", argv[optind],
		        argv[optind]);
		return -1;
	}
	return 0;
}

/* unsent: for eml, one line per digest that has no address to go to. */
static void
unsent(const struct session *s, const struct digest *d)
{
	for (size_t k = 0; k < d->nworkers; k++)
		if (!d->workers[k].w->email || !*d->workers[k].w->email)
			cmd_err(s, "worker '%s' has no email in caseload.yaml: their digest is left out",
			        d->workers[k].w->id);
	if (!d->team)
		return;
	for (size_t k = 0; k < d->cl->config.nworkers; k++) {
		const struct worker *w = &d->cl->config.workers[k];
		if (w->role == ROLE_SUPERVISOR && w->email && *w->email)
			return;
	}
	cmd_err(s, "no supervisor has an email in caseload.yaml: the team's digest is left out");
}

static int
run(struct session *s, const struct digest_opts *o)
{
	struct caseload cl;
	struct digest d;
	if (cmd_load(s, &cl, NULL, 0) != 0)
		return 2;
	if (o->worker && cmd_check_ids(s, &cl, &o->worker, 1, 0) != 0) {
		caseload_free(&cl);
		return 2;
	}
	int as_of = s->g->as_of;
	int since = o->since != DATE_NONE ? o->since : as_of - 7;
	enum digest_who who = o->worker ? DIGEST_WORKER : o->team ? DIGEST_TEAM : DIGEST_EVERYONE;
	digest_compute(&d, &cl, as_of, since, who, o->worker);
	switch (o->fmt) {
	case DF_TEXT: out_digest_text(stdout, &d); break;
	case DF_MD: out_digest_md(stdout, &d); break;
	case DF_EML:
		unsent(s, &d);
		out_digest_eml(stdout, &d, o->names || cl.config.policy.names_in_feeds);
		break;
	}
	int rc = cmd_flush(s) != 0 ? 2 : 0;
	cmd_records_warn(s, &cl);
	digest_free(&d);
	caseload_free(&cl);
	return rc;
}

int
cmd_digest(struct session *s, int argc, char **argv)
{
	struct digest_opts o = {DF_TEXT, NULL, 0, 0, DATE_NONE};
	int rc = 2;
	if (parse(s, argc, argv, &o) == 0 && session_setup(s) == 0)
		rc = run(s, &o);
	return rc;
}

/* cmd_export.c: `caseload export KIND`: the rows of export.c for the cases
 * selected, as CSV (RFC 4180) or JSON (out.c). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "export.h"
#include "out.h"

struct export_cmd_opts {
	int json;
	const struct export_kind *kind;
	struct export_opts sel;
	char **cases, **workers, **programs;
	size_t ncases, nworkers, nprograms;
};

static void
add_id(char ***v, size_t *n, char *id)
{
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[(*n)++] = id;
}

/* parse: 0, or -1 after a message. */
static int
parse(struct session *s, int argc, char **argv, struct export_cmd_opts *o)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'},  {"redact", no_argument, NULL, 'r'},
		{"case", required_argument, NULL, 'c'},    {"worker", required_argument, NULL, 'w'},
		{"program", required_argument, NULL, 'p'}, {NULL, 0, NULL, 0},
	};
	static const char *const formats[] = {"csv", "json", NULL};
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
		case 'r': o->sel.redact = 1; break;
		case 'c': add_id(&o->cases, &o->ncases, optarg); break;
		case 'w': add_id(&o->workers, &o->nworkers, optarg); break;
		case 'p': add_id(&o->programs, &o->nprograms, optarg); break;
		default: cmd_bad_option(s, argv[optind - 1], c == ':'); return -1;
		}
	}
	struct buf names = {0};
	for (size_t i = 0; export_kinds[i].name; i++) {
		buf_printf(&names, "%s%s", i ? ", " : "", export_kinds[i].name);
		if (optind < argc && strcmp(argv[optind], export_kinds[i].name) == 0)
			o->kind = &export_kinds[i];
	}
	if (argc - optind != 1 || !o->kind) {
		if (argc - optind == 1)
			cmd_err(s, "'%s' is not a kind to export; one of: %s", argv[optind], names.s);
		else
			cmd_err(s, "give one kind to export: %s", names.s);
		buf_free(&names);
		return -1;
	}
	buf_free(&names);
	o->sel.workers = o->workers;
	o->sel.nworkers = o->nworkers;
	o->sel.programs = o->programs;
	o->sel.nprograms = o->nprograms;
	return cmd_case_ids(s, o->cases, o->ncases);
}

/* known_ids: 0 when every id in ids is a worker (programs: a program) of
 * cl; else -1 after the unknown-id message. */
static int
known_ids(const struct session *s, const struct caseload *cl, char *const *ids, size_t n, int programs)
{
	const struct config *cf = &cl->config;
	if (!cf->loaded)
		return 0; /* nothing to check against: the filter just selects */
	for (size_t i = 0; i < n; i++) {
		if (programs ? cl_program(cl, ids[i]) != NULL : cl_worker(cl, ids[i]) != NULL)
			continue;
		size_t m = programs ? cf->nprograms : cf->nworkers;
		const char **known = xcalloc(m + 1, sizeof(*known));
		for (size_t k = 0; k < m; k++)
			known[k] = programs ? cf->programs[k].id : cf->workers[k].id;
		cmd_unknown_id(s, programs ? "program" : "worker", ids[i], known, m);
		free(known);
		return -1;
	}
	return 0;
}

static int
run(struct session *s, const struct export_cmd_opts *o)
{
	struct caseload cl;
	if (cmd_load(s, &cl, o->cases, o->ncases) != 0)
		return 2;
	int rc = 2;
	if (known_ids(s, &cl, o->workers, o->nworkers, 0) == 0 &&
	    known_ids(s, &cl, o->programs, o->nprograms, 1) == 0) {
		json_t *rows = export_rows(&cl, o->kind, &o->sel);
		if (o->json) {
			struct out_at at;
			out_rows_json(stdout, cl.as_of, cmd_at(s, &at), o->kind->name, rows);
		} else {
			size_t n;
			const char **cols = export_columns(o->kind, o->sel.redact, &n);
			out_rows_csv(stdout, cols, n, rows);
			free(cols);
		}
		json_decref(rows);
		cmd_records_warn(s, &cl);
		rc = cmd_flush(s) != 0 ? 2 : 0;
	}
	caseload_free(&cl);
	return rc;
}

int
cmd_export(struct session *s, int argc, char **argv)
{
	struct export_cmd_opts o;
	memset(&o, 0, sizeof(o));
	int rc = 2;
	if (parse(s, argc, argv, &o) == 0 && session_setup(s) == 0)
		rc = run(s, &o);
	free(o.cases);
	free(o.workers);
	free(o.programs);
	return rc;
}

/* new.c: `caseload new case|note|assessment`: a skeleton record that passes
 * `check` once its blanks are filled. A file is only ever created, never
 * replaced; an unknown case, program or worker writes nothing. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "out.h"
#include "util.h"
#include "write.h"

#ifndef CASELOAD_DATADIR
#define CASELOAD_DATADIR "/usr/local/share/caseload"
#endif

/* Comments in a skeleton start at this column, where the line allows. */
#define COMMENT_COL 34

enum what { NEW_CASE, NEW_NOTE, NEW_ASSESSMENT };

struct new_opts {
	enum what what;
	const char *id;      /* the new case, or the case to write into */
	const char *program, *worker, *client, *kind, *by, *date;
};

/* line: appends text, then "# comment" (when given) at COMMENT_COL, then a
 * newline. */
static void
line(struct buf *b, const char *text, const char *comment)
{
	buf_puts(b, text);
	if (comment) {
		size_t w = utf8_len(text, strlen(text));
		do
			buf_putc(b, ' ');
		while (++w < COMMENT_COL);
		buf_puts(b, "# ");
		buf_puts(b, comment);
	}
	buf_putc(b, '\n');
}

/* linef: line() with a formatted text. */
static void __attribute__((format(printf, 3, 4)))
linef(struct buf *b, const char *comment, const char *fmt, ...)
{
	struct buf t = {0};
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&t, fmt, ap);
	va_end(ap);
	line(b, t.s, comment);
	buf_free(&t);
}

/* schema_line: the yaml-language-server line naming schema (such as
 * "case.schema.json"): relative to a file depth folders below the caseload
 * when the caseload has .caseload/schemas/ (written by init), else the
 * installed copy. */
static void
schema_line(struct buf *b, const char *root, const char *schema, int depth)
{
	char *local = xasprintf("%s/.caseload/schemas/%s", root, schema);
	struct stat st;
	buf_puts(b, "# yaml-language-server: $schema=");
	if (stat(local, &st) == 0) {
		for (int i = 0; i < depth; i++)
			buf_puts(b, "../");
		buf_printf(b, ".caseload/schemas/%s\n", schema);
	} else
		buf_printf(b, "%s/schemas/%s\n", CASELOAD_DATADIR, schema);
	free(local);
}

/* pick: the id given, checked against ids; or the only one when there is one.
 * Returns it, or NULL after a message. */
static const char *
pick(const char *what, const char *opt, const char *given, const char *const *ids, size_t n)
{
	if (given) {
		for (size_t i = 0; i < n; i++)
			if (strcmp(ids[i], given) == 0)
				return ids[i];
		session_unknown_id("new", what, given, ids, n);
		return NULL;
	}
	if (n == 1)
		return ids[0];
	char *known = session_known_ids(ids, n);
	fprintf(stderr, "caseload new: give the %s with %s; known: %s\n", what, opt, known);
	free(known);
	return NULL;
}

static const char **
worker_ids(const struct caseload *cl)
{
	const char **v = xcalloc(cl->config.nworkers + 1, sizeof(*v));
	for (size_t i = 0; i < cl->config.nworkers; i++)
		v[i] = cl->config.workers[i].id;
	return v;
}

/* create_numbered: creates dir/<stem><ext>, else dir/<stem>-2<ext>, -3 and so
 * on, with text. Returns the path written (the caller frees it), or NULL with
 * errno set. */
static char *
create_numbered(const char *dir, const char *stem, const char *ext, const char *text)
{
	for (int i = 1; i < 1000; i++) {
		char *p = i == 1 ? xasprintf("%s/%s%s", dir, stem, ext)
		                 : xasprintf("%s/%s-%d%s", dir, stem, i, ext);
		if (write_new(p, text, 0666) == 0)
			return p;
		free(p);
		if (errno != EEXIST)
			return NULL;
	}
	errno = EEXIST;
	return NULL;
}

/* say_written: prints path relative to the current folder. */
static void
say_written(const char *path)
{
	char *rel = path_from_cwd(path);
	printf("%s\n", rel);
	free(rel);
}

static int
new_case(const struct new_opts *o, const char *root, const struct caseload *cl)
{
	const struct config *cf = &cl->config;
	if (!id_valid(o->id)) {
		fprintf(stderr,
		        "caseload new: '%s' is not a case id: use letters, digits, '-' and '_', "
		        "starting with a letter or digit, at most 64\n",
		        o->id);
		return 2;
	}
	if (o->client && utf8_valid(o->client, strlen(o->client)) != (size_t)-1) {
		fprintf(stderr, "caseload new: the client's name is not valid UTF-8\n");
		return 2;
	}
	const char **pids = xcalloc(cf->nprograms + 1, sizeof(*pids)), **wids = worker_ids(cl);
	for (size_t i = 0; i < cf->nprograms; i++)
		pids[i] = cf->programs[i].id;
	const char *program = pick("program", "--program", o->program, pids, cf->nprograms);
	const char *worker = program ? pick("worker", "--worker", o->worker, wids, cf->nworkers)
	                             : NULL;
	free(pids);
	free(wids);
	if (!program || !worker)
		return 2;

	char *cases = xasprintf("%s/cases", root), *dir = xasprintf("%s/%s", cases, o->id);
	int rc = 2;
	if (mkdir(cases, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "caseload new: %s: %s\n", cases, strerror(errno));
		goto out;
	}
	if (mkdir(dir, 0777) != 0) {
		if (errno == EEXIST)
			fprintf(stderr, "caseload new: case '%s' exists already; nothing written\n", o->id);
		else
			fprintf(stderr, "caseload new: %s: %s\n", dir, strerror(errno));
		goto out;
	}

	char d[11], t1[11], t2[11];
	date_format(cl->as_of, d);
	date_format(date_add(cl->as_of, (struct dur){3, 'm'}), t1);
	date_format(date_add(cl->as_of, (struct dur){14, 'd'}), t2);
	struct buf b = {0}, s = {0};
	schema_line(&b, root, "case.schema.json", 2);
	line(&b, "client:", NULL);
	if (o->client) {
		buf_puts(&s, "  name: ");
		out_yaml_str(&s, o->client);
		line(&b, s.s, "required: the client's name");
	} else
		line(&b, "  name:", "required: fill in the client's name");
	line(&b, "  # born: YYYY-MM-DD", "optional, like pronouns, language, phone, email, address");
	linef(&b, cl_program(cl, program)->name, "program: %s", program);
	linef(&b, cl_worker(cl, worker)->name, "worker: %s", worker);
	linef(&b, "the day the case was opened", "opened: %s", d);
	line(&b, "status: open", "open or closed; a closed case adds closed: YYYY-MM-DD");
	line(&b, "risk: medium", "low, medium or high: sets how often to reassess");
	line(&b, "consent:", NULL);
	line(&b, "  signed:", "the day the client signed the consent form");
	line(&b, "  share_with: []", "resource ids the client agreed to share information with");
	line(&b, "tags: []", "optional labels, such as [veteran]");

	struct buf p = {0};
	schema_line(&p, root, "plan.schema.json", 2);
	line(&p, "# The service plan, agreed with the client. Add goals below: each needs", NULL);
	line(&p, "# a measure and a target date. To start, remove the '# ' of the example.", NULL);
	line(&p, "# reviewed: YYYY-MM-DD", "the last review of the plan with the client");
	line(&p, "goals:", NULL);
	line(&p, "  # - id: housing", "a short id, unique in this plan");
	line(&p, "  #   statement: Move into a home of her own", "the goal, in the client's words");
	if (cf->ndomains)
		linef(&p, "optional: one of the instrument's domains", "  #   domain: %s",
		      cf->domains[0].id);
	line(&p, "  #   measure: A signed lease in her name", "how you will know it is met");
	linef(&p, "by when", "  #   target: %s", t1);
	line(&p, "  #   steps:", NULL);
	line(&p, "  #     - action: Apply for a housing voucher", NULL);
	line(&p, "  #       who: client", "client, worker, or a resource id");
	linef(&p, NULL, "  #       due: %s", t2);
	buf_free(&s);

	char *cy = xasprintf("%s/case.yaml", dir), *py = xasprintf("%s/plan.yaml", dir);
	if (write_new(cy, b.s, 0666) != 0 || write_new(py, p.s, 0666) != 0) {
		fprintf(stderr, "caseload new: %s: %s; nothing written\n", dir, strerror(errno));
		rmtree(dir);
	} else {
		say_written(cy);
		say_written(py);
		rc = 0;
	}
	free(cy);
	free(py);
	buf_free(&b);
	buf_free(&p);
out:
	free(cases);
	free(dir);
	return rc;
}

/* who: the worker for `by`: --by, or the case's worker, or the only one.
 * NULL after a message. */
static const char *
who(const struct new_opts *o, const struct caseload *cl, const struct case_record *c)
{
	const char **wids = worker_ids(cl);
	const char *by = NULL;
	if (!o->by && c->worker && cl_worker(cl, c->worker))
		by = cl_worker(cl, c->worker)->id;
	else
		by = pick("worker", "--by", o->by, wids, cl->config.nworkers);
	free(wids);
	return by;
}

/* write_in_folder: writes text as a new file stem[-N]ext in dir (made if
 * missing, and removed again when nothing could be written there) and says
 * its path; 0, or 2 after a message. */
static int
write_in_folder(const char *dir, const char *stem, const char *ext, const char *text)
{
	int made = mkdir(dir, 0777) == 0;
	char *path = create_numbered(dir, stem, ext, text);
	if (!path) {
		fprintf(stderr, "caseload new: %s: %s; nothing written\n", dir, strerror(errno));
		if (made)
			rmdir(dir);
		return 2;
	}
	say_written(path);
	free(path);
	return 0;
}

static int
new_note(const struct new_opts *o, const char *root, const struct caseload *cl,
         const struct case_record *c, int date)
{
	int kind = 0;
	if (o->kind) {
		for (kind = 0; note_kind_names[kind]; kind++)
			if (strcmp(note_kind_names[kind], o->kind) == 0)
				break;
		if (!note_kind_names[kind]) {
			session_unknown_id("new", "kind of note", o->kind, note_kind_names, (size_t)kind);
			return 2;
		}
	}
	const char *by = who(o, cl, c);
	if (!by)
		return 2;
	char d[11];
	date_format(date, d);
	struct buf b = {0}, s = {0};
	line(&b, "---", NULL);
	schema_line(&b, root, "note.schema.json", 3);
	linef(&b, NULL, "date: %s", d);
	linef(&b, cl_worker(cl, by)->name, "by: %s", by);
	linef(&b, "visit, phone, message, meeting, followup, collateral or admin", "kind: %s",
	      note_kind_names[kind]);
	size_t active = 0;
	for (size_t i = 0; i < c->plan.ngoals; i++)
		if (c->plan.goals[i].id && c->plan.goals[i].status == GOAL_ACTIVE)
			buf_printf(&s, "%s%s", active++ ? ", " : "# goals: [", c->plan.goals[i].id);
	if (active) {
		buf_puts(&s, "]");
		line(&b, s.s, "optional: the goals this note is about");
	} else
		line(&b, "# goals: [housing]", "optional: the plan's goals this note is about");
	line(&b, "# minutes: 45", "optional: the time it took");
	line(&b, "# Write the note below the closing line: what happened, what was", NULL);
	line(&b, "# agreed, and what comes next.", NULL);
	line(&b, "---", NULL);
	line(&b, "", NULL);
	buf_free(&s);

	char *dir = xasprintf("%s/cases/%s/notes", root, c->id);
	char *stem = xasprintf("%s-%s", d, note_kind_names[kind]);
	int rc = write_in_folder(dir, stem, ".md", b.s);
	free(stem);
	free(dir);
	buf_free(&b);
	return rc;
}

static int
new_assessment(const struct new_opts *o, const char *root, const struct caseload *cl,
               const struct case_record *c, int date)
{
	const struct config *cf = &cl->config;
	const char *by = who(o, cl, c);
	if (!by)
		return 2;
	char d[11];
	date_format(date, d);
	struct buf b = {0}, s = {0};
	schema_line(&b, root, "assessment.schema.json", 3);
	linef(&b, "the day of the assessment", "date: %s", d);
	linef(&b, cl_worker(cl, by)->name, "by: %s", by);
	const char *kind = c->nassessments == 0 ? "intake"
	                   : c->status == CASE_CLOSED ? "exit"
	                                              : "reassessment";
	linef(&b, "intake, reassessment or exit", "kind: %s", kind);
	buf_printf(&s, "%s: %d to %d, higher is better",
	           cf->instrument_name ? cf->instrument_name : "the instrument", cf->scale_min,
	           cf->scale_max);
	line(&b, "scores:", s.s);
	buf_free(&s);
	for (size_t i = 0; i < cf->ndomains; i++)
		linef(&b, cf->domains[i].label, "  %s:", cf->domains[i].id);
	line(&b, "strengths:", "optional: a list, such as [Motivated, Supportive sister]");
	line(&b, "needs:", "optional: a list, such as [Stable income]");
	line(&b, "summary:", "optional: for several lines, 'summary: |' and indent them");

	char *dir = xasprintf("%s/cases/%s/assessments", root, c->id);
	int rc = write_in_folder(dir, d, ".yaml", b.s);
	free(dir);
	buf_free(&b);
	return rc;
}

/* A new case needs caseload.yaml, not the other cases: this source shows
 * the working tree without cases/, so that `new case` does not load a
 * thousand cases to write one. */
static int
nocases_list(void *self, const char *rel, struct src_ent **out, size_t *n)
{
	struct source *fs = self;
	if (strcmp(rel, "cases") == 0 || strncmp(rel, "cases/", 6) == 0) {
		*out = NULL;
		*n = 0;
		return SRC_ENOENT;
	}
	return src_list(fs, rel, out, n);
}

static int
nocases_read(void *self, const char *rel, size_t limit, char **data, size_t *len)
{
	return src_read(self, rel, limit, data, len);
}

static void
nocases_free(void *self)
{
	(void)self; /* the source it wraps is closed by its owner */
}

static int
nocases_size(void *self, const char *rel, uint64_t *size)
{
	return src_size(self, rel, size);
}

static const struct source_ops nocases_ops = {nocases_list, nocases_read, nocases_free,
                                              nocases_size};

/* case_exists: 1 when cases/<id> is a case folder; else 0 after a message
 * that lists the cases there are. */
static int
case_exists(struct source *src, const char *id)
{
	struct src_ent *ents;
	size_t n = 0, k = 0;
	if (src_list(src, "cases", &ents, &n) != SRC_OK)
		n = 0;
	const char **ids = xcalloc(n + 1, sizeof(*ids));
	int found = 0;
	for (size_t i = 0; i < n; i++)
		if (ents[i].type == SRC_DIR && id_valid(ents[i].name)) {
			ids[k++] = ents[i].name;
			found |= strcmp(ents[i].name, id) == 0;
		}
	if (!found)
		session_unknown_id("new", "case", id, ids, k);
	free(ids);
	src_ents_free(ents, n);
	return found;
}

/* parse: the subcommand, its options and its one argument. Returns 0 or 2. */
static int
parse(int argc, char **argv, struct new_opts *o)
{
	static const struct option longopts[] = {
		{"program", required_argument, NULL, 'p'},
		{"worker", required_argument, NULL, 'w'},
		{"client", required_argument, NULL, 'c'},
		{"kind", required_argument, NULL, 'k'},
		{"by", required_argument, NULL, 'b'},
		{"date", required_argument, NULL, 'd'},
		{NULL, 0, NULL, 0},
	};
	/* which options each subcommand takes */
	static const char *const takes[] = {"pwc", "kbd", "bd"};
	static const char *const names[] = {"case", "note", "assessment", NULL};
	if (argc < 2) {
		fprintf(stderr, "usage: caseload new case|note|assessment ...; see 'caseload new --help'\n");
		return 2;
	}
	int w;
	for (w = 0; names[w] && strcmp(names[w], argv[1]) != 0; w++)
		;
	if (!names[w]) {
		fprintf(stderr, "caseload new: '%s' is not case, note or assessment\n", argv[1]);
		return 2;
	}
	o->what = (enum what)w;
	int c, idx = 0;
	optind = 1;
	opterr = 0;
	/* getopt sees argv + 1: its argv[optind - 1] is our argv[optind] */
	while ((c = getopt_long(argc - 1, argv + 1, ":", longopts, &idx)) != -1) {
		if (c == '?' || c == ':') {
			fprintf(stderr, "caseload new %s: %s '%s'; see 'caseload new --help'\n", names[w],
			        c == ':' ? "a value is needed after" : "unknown option", argv[optind]);
			return 2;
		}
		if (!strchr(takes[w], c)) {
			fprintf(stderr, "caseload new %s: --%s is not an option of new %s\n", names[w],
			        longopts[idx].name, names[w]);
			return 2;
		}
		const char **slot = c == 'p'   ? &o->program
		                    : c == 'w' ? &o->worker
		                    : c == 'c' ? &o->client
		                    : c == 'k' ? &o->kind
		                    : c == 'b' ? &o->by
		                               : &o->date;
		*slot = optarg;
	}
	if (argc - 1 - optind != 1) {
		fprintf(stderr, "caseload new %s: give one %s\n", names[w],
		        w == NEW_CASE ? "new case id" : "case id");
		return 2;
	}
	o->id = argv[1 + optind];
	return 0;
}

int
cmd_new(const struct globals *g, int argc, char **argv)
{
	struct new_opts o = {0};
	int rc = parse(argc, argv, &o), date = g->as_of;
	if (rc)
		return rc;
	if (g->at) {
		fprintf(stderr, "caseload new: --at does not apply: new writes the working files\n");
		return 2;
	}
	if (o.date && date_parse(o.date, &date) != 0) {
		fprintf(stderr, "caseload new: --date '%s' is not a date (YYYY-MM-DD)\n", o.date);
		return 2;
	}
	char *root = session_find_root(g->dir);
	if (!root)
		return 2;
	struct source src;
	if (source_fs_open(&src, root) != SRC_OK) {
		fprintf(stderr, "caseload new: %s\n", src.err);
		free(root);
		return 2;
	}
	struct caseload cl;
	char *only[1] = {(char *)o.id};
	rc = 2;
	/* a note or an assessment needs only its own case loaded */
	if (o.what != NEW_CASE && !case_exists(&src, o.id))
		goto out;
	struct source nocases = {.ops = &nocases_ops, .self = &src};
	struct source *from = o.what == NEW_CASE ? &nocases : &src;
	if (caseload_load(&cl, from, g->as_of, only, o.what == NEW_CASE ? 0 : 1) != 0)
		fprintf(stderr, "caseload new: %s\n", from->err);
	else if (!cl.config.loaded)
		fprintf(stderr, "caseload new: caseload.yaml could not be read; "
		                "'caseload check' says why\n");
	else if (o.what == NEW_CASE)
		rc = new_case(&o, root, &cl);
	else if (o.what == NEW_NOTE)
		rc = new_note(&o, root, &cl, cl_case(&cl, o.id), date);
	else
		rc = new_assessment(&o, root, &cl, cl_case(&cl, o.id), date);
	caseload_free(&cl);
out:
	source_close(&src);
	free(root);
	if (fflush(stdout) != 0) {
		fprintf(stderr, "caseload new: cannot write the output\n");
		return 2;
	}
	return rc;
}

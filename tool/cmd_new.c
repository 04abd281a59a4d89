/* cmd_new.c: `caseload new case|note|assessment`: a skeleton record
 * (skeleton.c) that passes `check` once its blanks are filled. A file is
 * only ever created, never replaced; an unknown case, program or worker
 * writes nothing. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "skeleton.h"
#include "util.h"
#include "write.h"

enum what { NEW_CASE, NEW_NOTE, NEW_ASSESSMENT };

struct new_opts {
	enum what what;
	const char *id; /* the new case, or the case to write into */
	const char *program, *worker, *client, *kind, *by, *date;
};

/* where: where a skeleton goes: whether the caseload has its own copy of
 * the JSON Schema schema (init writes .caseload/schemas/), for the
 * editors' line. */
static struct skel_where
where(const char *root, const char *schema)
{
	char *p = xasprintf("%s/.caseload/schemas/%s", root, schema);
	struct stat st;
	struct skel_where w = {stat(p, &st) == 0};
	free(p);
	return w;
}

/* pick: the id given, checked against ids; or the only one when there is one.
 * Returns it, or NULL after a message. */
static const char *
pick(const struct session *s, const char *what, const char *opt, const char *given,
     const char *const *ids, size_t n)
{
	if (given) {
		for (size_t i = 0; i < n; i++)
			if (strcmp(ids[i], given) == 0)
				return ids[i];
		cmd_unknown_id(s, what, given, ids, n);
		return NULL;
	}
	if (n == 1)
		return ids[0];
	char *known = cmd_known_ids(ids, n);
	cmd_err(s, "give the %s with %s; known: %s", what, opt, known);
	free(known);
	return NULL;
}

/* worker_ids: the workers who have not left (by as-of), NULL-terminated,
 * their number in *n. The caller frees the array. */
static const char **
worker_ids(const struct caseload *cl, size_t *n)
{
	const char **v = xcalloc(cl->config.nworkers + 1, sizeof(*v));
	*n = 0;
	for (size_t i = 0; i < cl->config.nworkers; i++)
		if (!worker_left(&cl->config.workers[i], cl->as_of))
			v[(*n)++] = cl->config.workers[i].id;
	return v;
}

/* refuse_left: when id is a worker who has left, says so (opt names the
 * option that picks another) and returns 1; else 0. */
static int
refuse_left(const struct session *s, const struct caseload *cl, const char *id, const char *opt,
            const char *const *ids, size_t n)
{
	const struct worker *w = id ? cl_worker(cl, id) : NULL;
	if (!w || !worker_left(w, cl->as_of))
		return 0;
	char d[11];
	date_format(w->left, d);
	char *known = cmd_known_ids(ids, n);
	cmd_err(s, "worker '%s' left on %s; give another with %s; known: %s", id, d, opt, known);
	free(known);
	return 1;
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

/* note_kind: the kind named (a note kind, or NULL for visit); -1 when it
 * is none. */
static int
note_kind(const char *name)
{
	if (!name)
		return 0;
	for (int k = 0; note_kind_names[k]; k++)
		if (strcmp(note_kind_names[k], name) == 0)
			return k;
	return -1;
}

/* check_usage: what can be wrong with the command line alone, said before
 * the caseload is looked for (a mistyped kind outside a caseload is a
 * mistyped kind). 0, or -1 after a message. */
static int
check_usage(const struct session *s, const struct new_opts *o)
{
	if (cmd_case_ids(s, (char *const *)&o->id, 1) != 0)
		return -1;
	if (o->client && utf8_valid(o->client, strlen(o->client)) != (size_t)-1) {
		cmd_err(s, "the client's name is not valid UTF-8");
		return -1;
	}
	if (note_kind(o->kind) < 0) {
		size_t n = 0;
		while (note_kind_names[n])
			n++;
		cmd_unknown_id(s, "kind of note", o->kind, note_kind_names, n);
		return -1;
	}
	return 0;
}

static int
new_case(const struct session *s, const struct new_opts *o, const char *root, const struct caseload *cl)
{
	const struct config *cf = &cl->config;
	size_t nw;
	const char **pids = xcalloc(cf->nprograms + 1, sizeof(*pids)), **wids = worker_ids(cl, &nw);
	for (size_t i = 0; i < cf->nprograms; i++)
		pids[i] = cf->programs[i].id;
	const char *program = pick(s, "program", "--program", o->program, pids, cf->nprograms);
	const char *worker = NULL;
	if (program && !refuse_left(s, cl, o->worker, "--worker", wids, nw))
		worker = pick(s, "worker", "--worker", o->worker, wids, nw);
	free(pids);
	free(wids);
	if (!program || !worker)
		return 2;

	char *cases = xasprintf("%s/cases", root), *dir = xasprintf("%s/%s", cases, o->id);
	int rc = 2;
	if (mkdir(cases, 0777) != 0 && errno != EEXIST) {
		cmd_err(s, "%s: %s", cases, strerror(errno));
		goto out;
	}
	if (mkdir(dir, 0777) != 0) {
		if (errno == EEXIST)
			cmd_err(s, "case '%s' exists already; nothing written", o->id);
		else
			cmd_err(s, "%s: %s", dir, strerror(errno));
		goto out;
	}

	struct buf b = {0}, p = {0};
	struct skel_where wc = where(root, "case.schema.json"), wp = where(root, "plan.schema.json");
	skel_case(&b, &wc, cl, o->client, program, worker, cl->as_of);
	skel_plan(&p, &wp, cl, cl->as_of);

	char *cy = xasprintf("%s/case.yaml", dir), *py = xasprintf("%s/plan.yaml", dir);
	if (write_new(cy, b.s, 0666) != 0 || write_new(py, p.s, 0666) != 0) {
		cmd_err(s, "%s: %s; nothing written", dir, strerror(errno));
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

/* who: the worker for `by`: --by, or the case's worker, or the only one;
 * never one who has left. NULL after a message. */
static const char *
who(const struct session *s, const struct new_opts *o, const struct caseload *cl,
    const struct case_record *c)
{
	size_t nw;
	const char **wids = worker_ids(cl, &nw);
	const char *by = NULL;
	if (!o->by && c->worker && cl_worker(cl, c->worker)) {
		if (!refuse_left(s, cl, c->worker, "--by", wids, nw))
			by = cl_worker(cl, c->worker)->id;
	} else if (!refuse_left(s, cl, o->by, "--by", wids, nw))
		by = pick(s, "worker", "--by", o->by, wids, nw);
	free(wids);
	return by;
}

/* write_in_folder: writes text as a new file stem[-N]ext in dir (made if
 * missing, and removed again when nothing could be written there) and says
 * its path; 0, or 2 after a message. */
static int
write_in_folder(const struct session *s, const char *dir, const char *stem, const char *ext, const char *text)
{
	int made = mkdir(dir, 0777) == 0;
	char *path = create_numbered(dir, stem, ext, text);
	if (!path) {
		cmd_err(s, "%s: %s; nothing written", dir, strerror(errno));
		if (made)
			rmdir(dir);
		return 2;
	}
	say_written(path);
	free(path);
	return 0;
}

static int
new_note(const struct session *s, const struct new_opts *o, const char *root,
         const struct caseload *cl, const struct case_record *c, int date)
{
	int kind = note_kind(o->kind);
	const char *by = who(s, o, cl, c);
	if (!by)
		return 2;
	char d[11];
	date_format(date, d);
	struct buf b = {0};
	struct skel_where w = where(root, "note.schema.json");
	skel_note(&b, &w, cl, c, by, (enum note_kind)kind, date);

	char *dir = xasprintf("%s/cases/%s/notes", root, c->id);
	char *stem = xasprintf("%s-%s", d, note_kind_names[kind]);
	int rc = write_in_folder(s, dir, stem, ".md", b.s);
	free(stem);
	free(dir);
	buf_free(&b);
	return rc;
}

static int
new_assessment(const struct session *s, const struct new_opts *o, const char *root,
               const struct caseload *cl, const struct case_record *c, int date)
{
	const char *by = who(s, o, cl, c);
	if (!by)
		return 2;
	char d[11];
	date_format(date, d);
	struct buf b = {0};
	struct skel_where w = where(root, "assessment.schema.json");
	skel_assessment(&b, &w, cl, c, by, date);

	char *dir = xasprintf("%s/cases/%s/assessments", root, c->id);
	int rc = write_in_folder(s, dir, d, ".yaml", b.s);
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

static const struct source_ops nocases_ops = {nocases_list, nocases_read, nocases_free, nocases_size, NULL};

/* parse: the subcommand, its options and its one argument. Returns 0, or
 * -1 after a message. From here on, messages name the subcommand. */
static int
parse(struct session *s, int argc, char **argv, struct new_opts *o)
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
	static const char *const full[] = {"new case", "new note", "new assessment"};
	if (argc < 2) {
		cmd_err(s, "give case, note or assessment; see 'caseload new --help'");
		return -1;
	}
	int w;
	for (w = 0; names[w] && strcmp(names[w], argv[1]) != 0; w++)
		;
	if (!names[w]) {
		cmd_err(s, "'%s' is not case, note or assessment", argv[1]);
		return -1;
	}
	o->what = (enum what)w;
	s->name = full[w];
	int c, idx = 0;
	optind = 0; /* 0, not 1: getopt starts afresh after main's own scan */
	opterr = 0;
	/* getopt sees argv + 1: its argv[optind - 1] is our argv[optind] */
	while ((c = getopt_long(argc - 1, argv + 1, ":", longopts, &idx)) != -1) {
		if (c == '?' || c == ':') {
			cmd_bad_option(s, argv[optind], c == ':');
			return -1;
		}
		if (!strchr(takes[w], c)) {
			cmd_err(s, "--%s is not an option of new %s", longopts[idx].name, names[w]);
			return -1;
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
		cmd_err(s, "give one %s", w == NEW_CASE ? "new case id" : "case id");
		return -1;
	}
	o->id = argv[1 + optind];
	return 0;
}

int
cmd_new(struct session *s, int argc, char **argv)
{
	struct new_opts o = {0};
	int date = s->g->as_of;
	if (parse(s, argc, argv, &o) != 0 || check_usage(s, &o) != 0)
		return 2;
	if (s->g->at) {
		cmd_err(s, "--at does not apply: new writes the working files");
		return 2;
	}
	if (o.date && cmd_date(s, "--date", o.date, &date) != 0)
		return 2;
	if (session_setup(s) != 0)
		return 2;
	/* a note or an assessment needs only its own case loaded */
	if (o.what != NEW_CASE && cmd_check_cases(s, (char *const *)&o.id, 1) != 0)
		return 2;
	struct caseload cl;
	char *only[1] = {(char *)o.id};
	int rc = 2;
	struct source nocases = {.ops = &nocases_ops, .self = &s->src};
	struct source *from = o.what == NEW_CASE ? &nocases : &s->src;
	if (caseload_load(&cl, from, s->g->as_of, only, o.what == NEW_CASE ? 0 : 1) != 0)
		cmd_err(s, "%s", from->err);
	else if (!cl.config.loaded)
		cmd_err(s, "caseload.yaml could not be read; 'caseload check' says why");
	else if (o.what == NEW_CASE)
		rc = new_case(s, &o, s->root, &cl);
	else if (o.what == NEW_NOTE)
		rc = new_note(s, &o, s->root, &cl, cl_case(&cl, o.id), date);
	else
		rc = new_assessment(s, &o, s->root, &cl, cl_case(&cl, o.id), date);
	caseload_free(&cl);
	if (cmd_flush(s) != 0)
		return 2;
	return rc;
}

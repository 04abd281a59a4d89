/* cmd.c: what the commands' faces share (cmd.h): the session's setup, the
 * message helper, --format, colour, loading and checking the records, and
 * the unknown-id message. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "cache.h"
#include "check.h"
#include "cmd.h"
#include "out.h"
#include "parse_cache.h"
#include "write.h"

/* ---- setup ---- */

static int
has_caseload_yaml(const char *dir)
{
	char *p = xasprintf("%s/caseload.yaml", dir);
	struct stat st;
	int ok = stat(p, &st) == 0 && S_ISREG(st.st_mode);
	free(p);
	return ok;
}

/* find_root: the caseload folder, absolute: dir itself (-C), which must
 * hold caseload.yaml, or with dir NULL the nearest folder upward from the
 * current one that does. NULL after a message. The caller frees it. */
static char *
find_root(const struct session *s, const char *dir)
{
	char *cur;
	if (dir) {
		cur = realpath(dir, NULL);
		if (!cur) {
			cmd_err(s, "%s: %s", dir, strerror(errno));
			return NULL;
		}
		if (!has_caseload_yaml(cur)) {
			cmd_err(s, "%s: no caseload.yaml here", dir);
			free(cur);
			return NULL;
		}
		return cur;
	}
	cur = getcwd(NULL, 0);
	if (!cur) {
		cmd_err(s, "cannot read the current folder: %s", strerror(errno));
		return NULL;
	}
	for (;;) {
		if (has_caseload_yaml(cur))
			return cur;
		char *slash = strrchr(cur, '/');
		if (!slash || slash == cur) {
			if (slash && cur[1] != '\0') {
				cur[1] = '\0';
				continue;
			}
			break;
		}
		*slash = '\0';
	}
	free(cur);
	cmd_err(s, "no caseload.yaml in this folder or any above it "
	           "(use -C DIR, or 'caseload init DIR' to start one)");
	return NULL;
}

int
session_setup(struct session *s)
{
	unsigned f = s->flags;
	if (f & READS_RECORDS)
		f |= NEEDS_CASELOAD;
	if ((f & READS_RECORDS) && (s->g->at || s->staged))
		f |= NEEDS_GIT;
	if ((f & NEEDS_CASELOAD) && !s->root && !(s->root = find_root(s, s->g->dir)))
		return -1;
	if ((f & NEEDS_GIT) && !s->git_started) {
		/* once, before any thread uses it (build reads the history on
		 * one of its own); each thread then opens a repository of its own */
		git_libgit2_init();
		s->git_started = 1;
	}
	if ((f & READS_RECORDS) && !s->src_open) {
		int r = s->staged  ? source_index_open(&s->src, s->root)
		        : s->g->at ? source_git_open(&s->src, s->root, s->g->at)
		                   : source_fs_open(&s->src, s->root);
		if (r != SRC_OK) {
			cmd_err(s, "%s", s->src.err);
			return -1;
		}
		s->src_open = 1;
		/* the records read and parsed once per version (parse_cache.h) */
		char *dir = cache_dir(s->root);
		char *parse = dir ? xasprintf("%s/parse", dir) : NULL;
		if (dir && ((s->flags & MAKES_CACHE) || path_is_dir(parse)))
			src_cache_open(&s->src, dir, s->root);
		free(parse);
		free(dir);
		if (s->g->at) {
			char d[11];
			date_format(s->src.commit_date, d);
			fprintf(stderr, "caseload: the records of commit %.12s (%s)\n", s->src.commit, d);
			if (!s->g->as_of_given)
				s->g->as_of = s->src.commit_date;
		}
	}
	return 0;
}

void
session_cache_done(struct session *s)
{
	if (s->src_open && s->src.pc) {
		/* a cache that cannot be written is no error */
		src_cache_save(&s->src, s->loaded_all);
		const char *show = getenv("CASELOAD_CACHE_STATS");
		if (show && *show) {
			struct pcache_stats st;
			src_cache_stats(&s->src, &st);
			fprintf(stderr,
			        "caseload: parse cache: %zu hits, %zu misses, %zu stored; "
			        "shards: %zu read, %zu bad, %zu written\n",
			        st.hits, st.misses, st.stored, st.shards_read, st.shards_bad,
			        st.shards_written);
		}
	}
	src_cache_close(&s->src);
}

void
session_end(struct session *s)
{
	/* after the output, unless the command was done with it before */
	session_cache_done(s);
	if (s->src_open)
		source_close(&s->src);
	s->src_open = 0;
	if (s->git_started)
		git_libgit2_shutdown();
	s->git_started = 0;
	free(s->root);
	s->root = NULL;
}

/* ---- messages ---- */

void
cmd_err(const struct session *s, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "caseload %s: ", s->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
cmd_bad_option(const struct session *s, const char *arg, int missing)
{
	if (missing)
		cmd_err(s, "%s needs a value", arg);
	else
		cmd_err(s, "unknown option '%s'; see 'caseload %s --help'", arg, s->name);
}

int
cmd_format(const struct session *s, const char *arg, const char *const *names)
{
	size_t n = 0;
	for (; names[n]; n++)
		if (strcmp(names[n], arg) == 0)
			return (int)n;
	struct buf b = {0};
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ", names[i]);
	cmd_err(s, "--format is %s, not '%s'", b.s, arg);
	buf_free(&b);
	return -1;
}

int
cmd_date(const struct session *s, const char *opt, const char *arg, int *out)
{
	int r = date_parse(arg, out);
	if (r != 0)
		cmd_err(s, "%s '%s' %s", opt, arg, date_problem(r));
	return r != 0 ? -1 : 0;
}

int
cmd_colour(void)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
	return isatty(STDOUT_FILENO) && !(nc && *nc) && !(term && strcmp(term, "dumb") == 0);
}

const struct out_at *
cmd_at(const struct session *s, struct out_at *at)
{
	if (!s->g->at || !s->src_open)
		return NULL;
	at->commit = s->src.commit;
	at->date = s->src.commit_date;
	return at;
}

int
cmd_flush(const struct session *s)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cmd_err(s, "cannot write the output");
		return -1;
	}
	return 0;
}

/* ---- records ---- */

int
cmd_case_ids(const struct session *s, char *const *ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!id_valid(ids[i])) {
			cmd_err(s,
			        "'%s' is not a valid case id; ids use letters, digits, '-' and '_', "
			        "start with a letter or digit, and have at most 64 characters",
			        ids[i]);
			return -1;
		}
	return 0;
}

int
cmd_check_cases(struct session *s, char *const *ids, size_t n)
{
	struct src_ent *ents = NULL;
	size_t nents = 0, k = 0;
	if (n == 0)
		return 0;
	int r = src_list(&s->src, "cases", &ents, &nents);
	if (r == SRC_EIO) {
		cmd_err(s, "cannot read cases/: %s", s->src.err);
		return -1;
	}
	const char **known = xmalloc((nents + 1) * sizeof(*known));
	for (size_t i = 0; i < nents; i++)
		if (ents[i].type == SRC_DIR && id_valid(ents[i].name))
			known[k++] = ents[i].name;
	known[k] = NULL;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		size_t j;
		for (j = 0; j < k && strcmp(known[j], ids[i]) != 0; j++)
			;
		if (j == k) {
			cmd_unknown_id(s, "case", ids[i], known, k);
			rc = -1;
		}
	}
	free(known);
	src_ents_free(ents, nents);
	return rc;
}

int
cmd_load(struct session *s, struct caseload *cl, char *const *only, size_t nonly)
{
	memset(cl, 0, sizeof(*cl));
	if (cmd_case_ids(s, only, nonly) != 0)
		return -1;
	if (cmd_check_cases(s, only, nonly) != 0)
		return -1;
	/* check's rules within a case run as each case loads, on the loader's
	 * threads: afterwards, on one thread, walking every record again took
	 * 0.09 s at 10,000 cases */
	struct load_opts o = {s->g->as_of, only, nonly, (s->flags & READS_BODIES) != 0, check_case};
	int r = caseload_load_with(cl, &s->src, &o);
	s->loaded_all = r == 0 && nonly == 0;
	if (r != 0 || s->src.broken) {
		cmd_err(s, "%s", s->src.err);
		caseload_free(cl);
		return -1;
	}
	check_caseload_rest(cl);
	return 0;
}

void
cmd_records_warn(const struct session *s, const struct caseload *cl)
{
	size_t errors, warnings;
	diag_count(&cl->diags, &errors, &warnings);
	/* warnings alone say nothing: they do not change what the command
	 * printed, and a line every day would teach people to ignore it */
	if (errors) {
		char *sum = diag_summary(errors, warnings);
		cmd_err(s, "the records have %s; run 'caseload check' to see them", sum);
		free(sum);
	}
}

/* ---- ids ---- */

char *
cmd_known_ids(const char *const *ids, size_t n)
{
	struct buf b = {0};
	for (size_t i = 0; i < n; i++) {
		if (i == 20) {
			buf_printf(&b, " and %zu more", n - i);
			break;
		}
		buf_puts(&b, i ? ", " : "");
		buf_puts(&b, ids[i]);
	}
	if (!n)
		buf_puts(&b, "none yet");
	return buf_detach(&b);
}

void
cmd_unknown_id(const struct session *s, const char *what, const char *id, const char *const *ids, size_t n)
{
	const char **cands = xcalloc(n + 1, sizeof(*cands));
	for (size_t i = 0; i < n; i++)
		cands[i] = ids[i];
	const char *near = nearest(id, cands);
	char *known = cmd_known_ids(ids, n);
	if (near)
		cmd_err(s, "no %s '%s'; did you mean '%s'? Known: %s", what, id, near, known);
	else
		cmd_err(s, "no %s '%s'; known: %s", what, id, known);
	free(known);
	free(cands);
}

int
cmd_check_ids(const struct session *s, const struct caseload *cl, char *const *ids, size_t n, int programs)
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

/* site.c: `caseload build`'s work: checks the output folder, loads the
 * templates and labels (site_tpl.c), indexes the records (site_index.c),
 * renders every page (page_<name>.c) into a temporary folder beside the
 * output (case pages on several threads), and swaps that folder in whole
 * (write.c). Nothing here reads the clock or depends on the order of a
 * directory listing, so the same records, templates and as-of give the
 * same bytes. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "page.h"
#include "redact.h"
#include "site_carry.h"
#include "write.h"

/* The pages besides one per case (page_case), in the order they are
 * rendered; those that show the history wait for it. A new page is a line
 * here (and its page_<name>.c, page.h). */
static const struct page {
	int (*render)(struct site *s, struct buf *b);
	int needs_history;
} pages[] = {
	{page_dashboard, 0}, {page_cases, 0},    {page_workers, 0},  {page_due, 0},
	{page_resources, 0}, {page_problems, 0}, {page_outcomes, 1}, {page_audit, 1},
};

static void
free_site(struct site *s)
{
	carry_free(s);
	page_outcomes_free(s);
	site_index_free(s);
	free(s->labels);
	tpl_set_free(s->tpl);
	arena_free(&s->arena);
	buf_free(&s->err);
	for (size_t i = 0; i < s->nwritten; i++)
		free(s->written[i]);
	free(s->written);
}

struct job {
	struct site *s;
	size_t from, step;
};

/* one_case: case i's page and the copies of its attachments, linked from
 * the previous site when they are the same (site_carry.h), else made. */
static void
one_case(struct site *s, size_t i, struct buf *b)
{
	/* in a reused spare, what the case's folder holds besides its files
	 * goes first: a link where files/ belongs is never written through */
	carry_tidy_case(s, i);
	if (!carry_case(s, i) && copy_case_attachments(s, i) == 0)
		page_case(s, i, b);
}

static void *
case_job(void *arg)
{
	struct job *j = arg;
	struct buf b = {0};
	for (size_t i = j->from; i < j->s->cl->ncases && !j->s->failed; i += j->step)
		one_case(j->s, i, &b);
	buf_free(&b);
	return NULL;
}

/* The pages that need the history, rendered into b. */
struct history_pages {
	struct site *s;
	struct buf *b;
};

static void
history_pages(void *arg)
{
	struct history_pages *hp = arg;
	for (size_t k = 0; !hp->s->failed && k < sizeof(pages) / sizeof(*pages); k++)
		if (pages[k].needs_history)
			pages[k].render(hp->s, hp->b);
}

/* render_rest: every case page, spread over jobs threads, and beside
 * them, on this thread, the pages that need the history (outcomes, audit).
 * Each writes whole files of its own, so the output does not depend on
 * timing; those pages read nothing a case page writes (outcomes reads old
 * plans through the history's repository, which no case page touches). */
static void
render_rest(struct site *s, int jobs, struct buf *b)
{
	if (jobs < 1)
		jobs = 1;
	if ((size_t)jobs > s->cl->ncases / 64 + 1)
		jobs = (int)(s->cl->ncases / 64 + 1);
	struct job jb[8];
	if (jobs > 8)
		jobs = 8;
	for (int k = 0; k < jobs; k++)
		jb[k] = (struct job){s, (size_t)k, (size_t)jobs};
	struct history_pages hp = {s, b};
	run_beside(jb, sizeof(*jb), (size_t)jobs, case_job, history_pages, &hp);
}

static int
default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 4 ? 4 : (int)n;
}

/* check_out: out may be replaced: it is missing, a link, an empty folder or
 * a site this program wrote, and it is not the caseload folder or above it.
 * Returns 0, or -1 with a message. */
static int
check_out(const char *out, const char *root, struct buf *err)
{
	struct stat st;
	if (lstat(out, &st) < 0)
		return errno == ENOENT ? 0 : (buf_printf(err, "%s: %s", out, strerror(errno)), -1);
	if (S_ISLNK(st.st_mode))
		return 0;
	if (!S_ISDIR(st.st_mode)) {
		buf_printf(err, "%s exists and is not a folder", out);
		return -1;
	}
	char *real = realpath(out, NULL);
	if (real) {
		size_t n = strlen(real);
		int above = strncmp(root, real, n) == 0 &&
		            (root[n] == '\0' || root[n] == '/' || (n == 1 && real[0] == '/'));
		free(real);
		if (above) {
			buf_printf(err, "%s holds the records; write the site to a folder of its own", out);
			return -1;
		}
	}
	char *marker = xasprintf("%s/" SITE_MARKER, out);
	int ok = lstat(marker, &st) == 0 && S_ISREG(st.st_mode);
	free(marker);
	if (ok)
		return 0;
	DIR *d = opendir(out);
	if (!d) {
		buf_printf(err, "%s: %s", out, strerror(errno));
		return -1;
	}
	struct dirent *de;
	int empty = 1;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			empty = 0;
	closedir(d);
	if (!empty) {
		buf_printf(err,
		           "%s is a folder that caseload did not write; not replacing it "
		           "(remove it, or choose another folder with -o)",
		           out);
		return -1;
	}
	return 0;
}

/* split_out: the parent folder and the name of out. -1 when out names no
 * folder of its own ("", ".", ".."). The caller frees both. */
static int
split_out(const char *out, char **parent, char **name)
{
	char *p = xstrdup(out);
	size_t n = strlen(p);
	while (n > 1 && p[n - 1] == '/')
		p[--n] = '\0';
	char *slash = strrchr(p, '/');
	const char *base = slash ? slash + 1 : p;
	if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
		free(p);
		return -1;
	}
	*name = xstrdup(base);
	if (!slash)
		*parent = xstrdup(".");
	else if (slash == p)
		*parent = xstrdup("/");
	else
		*parent = xstrndup(p, (size_t)(slash - p));
	free(p);
	return 0;
}

/* The case folders, made on one thread: made by several threads at once
 * (as each page was rendered) they waited for the lock of cases/ and spun,
 * a third of the CPU of a build after one change at 10,000 cases. */
struct dirs_job {
	const struct site *s;
	pthread_t th;
	int started, joined;
};

/* real_dir: the folder path in dirfd, made when it is not there; in a
 * reused spare, whatever else is there by that name (a link, a file) goes
 * first, so that nothing is written through it. */
static void
real_dir(int dirfd, const char *path)
{
	struct stat st;
	if (mkdirat(dirfd, path, 0755) == 0 || errno != EEXIST ||
	    (fstatat(dirfd, path, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode)))
		return;
	rmtree_at(dirfd, path);
	mkdirat(dirfd, path, 0755);
}

static void *
dirs_main(void *p)
{
	const struct site *s = ((struct dirs_job *)p)->s;
	for (size_t i = 0; i < s->cl->ncases; i++) {
		char d[96];
		snprintf(d, sizeof(d), "cases/%s", s->cl->cases[i].id);
		real_dir(s->dirfd, d);
	}
	return NULL;
}

/* dirs_start: makes cases/<id>/ for every case, on a thread when one
 * starts (else at once). */
static void
dirs_start(struct dirs_job *j, const struct site *s)
{
	j->s = s;
	j->joined = 0;
	j->started = pthread_create(&j->th, NULL, dirs_main, j) == 0;
	if (!j->started)
		dirs_main(j);
}

/* dirs_join: waits for dirs_start's folders (once). */
static void
dirs_join(struct dirs_job *j)
{
	if (j->started && !j->joined)
		pthread_join(j->th, NULL);
	j->joined = 1;
}

int
site_build(const struct caseload *cl0, struct source *src, const struct site_opts *o,
           struct hist_job *sh, struct buf *err)
{
	struct redacted red = {0};
	const struct caseload *cl = cl0;
	if (o->redact) {
		redact(&red, cl0);
		cl = &red.cl;
	}
	pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER, src_lock = PTHREAD_MUTEX_INITIALIZER;
	struct site s;
	memset(&s, 0, sizeof(s));
	s.cl = cl;
	s.src = src;
	s.o = o;
	s.lock = &lock;
	s.src_lock = &src_lock;
	s.sh = sh;
	s.dirfd = -1;
	s.olddirfd = -1;
	/* the work tree is compared with HEAD, then the audit's findings are
	 * collected, on the history's thread while the first pages render */
	if (sh) {
		/* the loader looked at every record file: the status need not */
		sh->known = src_lstat_known;
		sh->listing = src_listing_known;
		sh->known_arg = src;
		hist_job_go(sh, site_collect_findings, &s);
	}
	s.lang = cl->config.language ? cl->config.language : "en";
	s.dir = strcmp(s.lang, "fa") == 0 ? "rtl" : "ltr";

	char *out = o->out ? xstrdup(o->out) : xasprintf("%s/_site", o->root);
	char *parent = NULL, *name = NULL, *tdir = NULL, *spare = NULL;
	const char *tmp = NULL;
	struct tmp_dir td = {NULL, NULL, -1, 0};
	int rc = -1;
	if (split_out(out, &parent, &name) < 0) {
		buf_printf(err, "-o %s: name a folder for the site", out);
		goto done;
	}
	if (!path_is_dir(parent)) {
		buf_printf(err, "%s: no such folder", parent);
		goto done;
	}
	if (check_out(out, o->root, err) < 0)
		goto done;
	if (!(tdir = site_find_templates(o->templates, err)))
		goto done;
	s.tdir = tdir;
	if (site_load_labels(&s, err) < 0 || site_load_templates(&s, err) < 0)
		goto done;
	s.words.to = lab(&s, "chart_to");
	s.words.scale = lab(&s, "chart_scale");
	s.words.no_data = lab(&s, "chart_no_data");
	s.words.rtl = strcmp(s.dir, "rtl") == 0;

	/* what builds of out that were killed left beside it, then our own:
	 * the site the last build swapped out, when it was kept */
	tmp_dir_sweep(parent, name);
	spare = carry_spare(&s, out);
	if (tmp_dir_make(&td, parent, name, spare) < 0) {
		buf_printf(err, "cannot make a folder beside %s: %s", out, strerror(errno));
		goto done;
	}
	tmp = td.path;
	s.reused = td.reused;
	chmod(tmp, 0755);
	s.dirfd = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s.dirfd < 0) {
		buf_printf(err, "%s: %s", tmp, strerror(errno));
		goto done;
	}

	/* the previous site, if it is one (check_out said so), to link from */
	{
		char *marker = xasprintf("%s/" SITE_MARKER, out);
		struct stat st;
		if (lstat(marker, &st) == 0 && S_ISREG(st.st_mode))
			s.olddirfd = open(out, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		free(marker);
	}
	real_dir(s.dirfd, "cases");
	real_dir(s.dirfd, "workers");
	/* every case's folder, on a thread of its own beside the first pages
	 * and the history (the file system takes a second for 10,000 on ext4) */
	struct dirs_job dj;
	dirs_start(&dj, &s);
	site_index_build(&s);
	site_index_due(&s);
	/* what the previous site holds, and the due list's pages' fingerprints */
	carry_begin(&s, out);

	/* first the pages that need no history, while it is still being read */
	struct buf b = {0};
	if (site_copy_assets(&s, &b) == 0) {
		for (size_t k = 0; !s.failed && k < sizeof(pages) / sizeof(*pages); k++)
			if (!pages[k].needs_history)
				pages[k].render(&s, &b);
		if (!s.failed) {
			/* while the history's thread still collects the findings */
			carry_prepare(&s);
			page_outcomes_prepare(&s);
			site_index_history(&s);
			dirs_join(&dj);
			/* which case pages the previous site holds already */
			carry_plan(&s);
			render_rest(&s, o->jobs ? o->jobs : default_jobs(), &b);
		}
	}
	buf_free(&b);
	dirs_join(&dj);
	if (s.failed) {
		buf_puts(err, s.err.s ? s.err.s : "the site could not be written");
		goto done;
	}
	carry_prune(&s);
	carry_collect(&s);
	close(s.dirfd);
	s.dirfd = -1;
	if (s.olddirfd >= 0)
		close(s.olddirfd);
	s.olddirfd = -1;
	if (dir_swap(tmp, out, spare, err) < 0)
		goto done;
	carry_commit(&s);
	carry_spares_trim(spare);
	rc = 0;
done:
	/* the history's thread may still be collecting into s */
	if (sh)
		hist_job_wait(sh);
	if (s.dirfd >= 0)
		close(s.dirfd);
	if (s.olddirfd >= 0)
		close(s.olddirfd);
	tmp_dir_done(&td); /* after the swap there is nothing left to remove */
	free_site(&s);
	redact_free(&red);
	free(tdir);
	free(spare);
	free(parent);
	free(name);
	free(out);
	return rc;
}

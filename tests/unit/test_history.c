/* test_history.c: the walk over the commits (history.c) and the audit's
 * email rule, on the fixtures of tests/history-fixtures.sh. Run from the
 * top of the project, as tests/run.sh does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <git2.h>

#include "audit.h"
#include "date.h"
#include "git_index.h"
#include "history.h"
#include "status.h"

static char dir[] = "/tmp/caseload-test-history-XXXXXX";

static int
setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	char *cmd = xasprintf("sh tests/history-fixtures.sh %s/fx >/dev/null 2>&1", dir);
	int r = system(cmd);
	free(cmd);
	return r == 0 ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	char *cmd = xasprintf("rm -rf %s", dir);
	int r = system(cmd);
	free(cmd);
	return r == 0 ? 0 : -1;
}

static char *
fx(const char *name)
{
	return xasprintf("%s/fx/%s", dir, name);
}

static int
day(const char *s)
{
	int v = DATE_NONE;
	assert_int_equal(date_parse(s, &v), 0);
	return v;
}

/* commit_by_subject: the commit with that subject, or fails. */
static const struct hist_commit *
commit_by_subject(const struct history *h, const char *subject)
{
	for (size_t i = 0; i < h->ncommits; i++)
		if (strcmp(h->commits[i].subject, subject) == 0)
			return &h->commits[i];
	fail_msg("no commit '%s'", subject);
	return NULL;
}

static void
test_day(void **state)
{
	(void)state;
	assert_int_equal(hist_day(0, 0), 0);
	assert_int_equal(hist_day(86399, 0), 0);
	assert_int_equal(hist_day(-1, 0), -1);
	assert_int_equal(hist_day(-86400, 0), -1);
	assert_int_equal(hist_day(-86401, 0), -2);
	/* 2026-01-31T04:30Z is still the 30th at -05:00, already the 31st in UTC */
	assert_int_equal(hist_day(1769833800, -300), day("2026-01-30"));
	assert_int_equal(hist_day(1769833800, 0), day("2026-01-31"));
	assert_int_equal(hist_day(1769833800 - 5 * 3600, 14 * 60), day("2026-01-31"));
}

static void
test_walk(void **state)
{
	(void)state;
	struct history h;
	char *root = fx("kinds");
	assert_int_equal(hist_load(&h, root, NULL, HIST_LINES), 0);
	assert_string_equal(h.prefix, "");
	assert_int_equal(h.unborn, 0);
	assert_int_equal(h.ncommits, 13);
	assert_string_equal(h.commits[0].subject, "c-002: clearer note name");
	assert_string_equal(h.commits[12].subject, "Start the caseload");
	for (size_t i = 1; i < h.ncommits; i++)
		assert_true(h.commits[i - 1].time >= h.commits[i].time);

	/* the author date is taken in the author's own offset */
	const struct hist_commit *c = commit_by_subject(&h, "c-002: visit");
	assert_int_equal(c->offset, -300);
	assert_int_equal(c->date, day("2026-01-30"));
	/* .mailmap maps the address and the name */
	c = commit_by_subject(&h, "Open c-002");
	assert_string_equal(c->email, "ben@harborlight.example");
	assert_string_equal(c->author, "Ben Okafor");
	assert_int_equal(strlen(c->id), 40);
	/* commits touching no case, or one */
	c = commit_by_subject(&h, "Comment");
	assert_null(c->first_case);
	assert_int_equal(c->ncases, 0);
	c = commit_by_subject(&h, "c-002: plan target");
	assert_string_equal(c->first_case, "c-002");
	assert_int_equal(c->ncases, 1);

	/* per case, newest first; c-003 is only staged */
	assert_int_equal(h.ncases, 2);
	assert_null(hist_case(&h, "c-003"));
	const struct hist_case *hc = hist_case(&h, "c-001");
	assert_non_null(hc);
	assert_int_equal(hc->nentries, 7);
	const struct hist_entry *e = &hc->entries[0];
	assert_string_equal(h.commits[e->commit].subject, "c-001: correct the exit");
	assert_int_equal(e->nfiles, 2);
	assert_string_equal(e->files[0].path, "cases/c-001/case.yaml");
	assert_int_equal(e->files[0].change, HIST_MODIFIED);
	assert_int_equal(e->files[0].added, 1);
	assert_int_equal(e->files[0].removed, 1);
	assert_string_equal(e->files[1].path, "cases/c-001/notes/2026-03-05-visit.md");
	assert_int_equal(e->files[1].change, HIST_ADDED);
	assert_int_equal(e->files[1].added, 6);
	assert_int_equal(e->files[1].removed, 0);
	assert_int_equal(e->has_parent_case_yaml, 1);
	char *data;
	size_t len;
	assert_int_equal(hist_blob(&h, e->parent_case_yaml, 0, &data, &len), 0);
	assert_non_null(strstr(data, "status: closed\nclosed: 2026-02-10\n"));
	assert_non_null(strstr(data, "destination: unknown"));
	free(data);
	assert_int_equal(hist_blob(&h, e->parent_case_yaml, 10, &data, &len), -1);
	assert_null(data);

	e = &hc->entries[hc->nentries - 1];
	assert_string_equal(h.commits[e->commit].subject, "Open c-001");
	assert_int_equal(e->has_parent_case_yaml, 0);
	assert_int_equal(e->nfiles, 3);
	assert_string_equal(e->files[0].path, "cases/c-001/case.yaml");
	assert_string_equal(e->files[1].path, "cases/c-001/notes/2026-01-10-visit.md");
	assert_string_equal(e->files[2].path, "cases/c-001/plan.yaml");

	/* a renamed note keeps the commit that first added it */
	hc = hist_case(&h, "c-002");
	e = &hc->entries[0];
	assert_int_equal(e->nfiles, 1);
	assert_int_equal(e->files[0].change, HIST_RENAMED);
	assert_string_equal(e->files[0].path, "cases/c-002/notes/2026-01-22-home-visit.md");
	assert_string_equal(e->files[0].old_path, "cases/c-002/notes/2026-01-22-visit.md");
	assert_int_equal(e->files[0].added, 0);
	assert_int_equal(e->files[0].removed, 0);
	c = hist_first(&h, "cases/c-002/notes/2026-01-22-home-visit.md");
	assert_non_null(c);
	assert_string_equal(c->subject, "Open c-002");
	c = hist_first(&h, "cases/c-001/notes/2026-01-11-phone.md");
	assert_int_equal(c->date, day("2026-01-20"));
	assert_null(hist_first(&h, "cases/c-002/notes/2026-03-10-phone.md"));

	/* what the work tree holds that HEAD does not; the ignored file is left out */
	struct hist_wt *wt;
	size_t n;
	assert_int_equal(hist_uncommitted(&h, &wt, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(wt[0].path, "cases/c-002/case.yaml");
	assert_int_equal(wt[0].state, HIST_WT_MODIFIED);
	assert_string_equal(wt[1].path, "cases/c-002/notes/2026-03-10-phone.md");
	assert_int_equal(wt[1].state, HIST_WT_UNTRACKED);
	assert_string_equal(wt[2].path, "cases/c-003/case.yaml");
	assert_int_equal(wt[2].state, HIST_WT_STAGED_NEW);
	hist_wt_free(wt, n);
	hist_free(&h);

	/* without HIST_LINES, lines are not counted */
	assert_int_equal(hist_load(&h, root, "broken-plan", 0), 0);
	assert_int_equal(h.ncommits, 5);
	assert_string_equal(h.commits[0].subject, "Open c-002");
	assert_int_equal(hist_case(&h, "c-001")->entries[0].files[0].added, -1);
	hist_free(&h);
	free(root);
}

static void
test_nested(void **state)
{
	(void)state;
	struct history h;
	char *root = fx("project/example-cases");
	assert_int_equal(hist_load(&h, root, NULL, 0), 0);
	assert_string_equal(h.prefix, "example-cases/");
	/* the project's own commits outside the caseload are not its history */
	assert_int_equal(h.ncommits, 4);
	for (size_t i = 0; i < h.ncommits; i++)
		assert_string_equal(h.commits[i].email, "ana@harborlight.example");
	const struct hist_case *hc = hist_case(&h, "ex-1");
	assert_non_null(hc);
	assert_string_equal(hc->entries[0].files[0].path, "cases/ex-1/plan.yaml");
	assert_non_null(hist_first(&h, "cases/ex-1/notes/2026-01-07-phone.md"));
	struct hist_wt *wt;
	size_t n;
	assert_int_equal(hist_uncommitted(&h, &wt, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(wt[0].path, "cases/ex-1/notes/2026-01-20-visit.md");
	hist_wt_free(wt, n);
	hist_free(&h);
	free(root);
}

/* test_path_lengths: a file path of every length modulo 16 keeps its own
 * text; a path once ran into the next one when its buffer had no room for
 * the NUL (notes/x.mdcases/c-1/notes/y.md on the case page). */
/* wide_case: the subjects of the commits that changed case id, newest
 * first, joined by '|'. */
static char *
wide_case(const struct history *h, const char *id)
{
	const struct hist_case *c = hist_case(h, id);
	if (!c)
		return xstrdup("");
	struct buf b = {0};
	for (size_t i = 0; i < c->nentries; i++)
		buf_printf(&b, "%s%s", i ? "|" : "", h->commits[c->entries[i].commit].subject);
	return buf_detach(&b);
}

static void
test_wide(void **state)
{
	(void)state;
	struct history h;
	char *root = fx("wide");
	assert_int_equal(hist_load(&h, root, NULL, 0), 0);
	assert_int_equal(h.ncommits, 10);
	/* every commit touched the cases it names, and no other */
	static const struct {
		const char *subject, *first;
		size_t ncases;
	} commits[] = {
		{"wide: 400 cases", "c000", 400},   {"wide: first", "c000", 1},
		{"wide: middle", "c200", 1},        {"wide: last", "c399", 1},
		{"wide: add between", "c2005", 1},  {"wide: add before all", "a000", 1},
		{"wide: add after all", "z999", 1}, {"wide: delete", "c300", 1},
		{"wide: rename", "c100", 2},        {"wide: two far apart", "c010", 2},
	};
	for (size_t i = 0; i < sizeof(commits) / sizeof(*commits); i++) {
		const struct hist_commit *c = commit_by_subject(&h, commits[i].subject);
		assert_string_equal(c->first_case, commits[i].first);
		assert_int_equal(c->ncases, commits[i].ncases);
	}
	static const struct {
		const char *id, *subjects;
	} cases[] = {
		{"c000", "wide: first|wide: 400 cases"},
		{"c001", "wide: 400 cases"},
		{"c200", "wide: middle|wide: 400 cases"},
		{"c201", "wide: 400 cases"},
		{"c399", "wide: last|wide: 400 cases"},
		{"c2005", "wide: add between"},
		{"a000", "wide: add before all"},
		{"z999", "wide: add after all"},
		{"c300", "wide: delete|wide: 400 cases"},
		{"c100", "wide: rename|wide: 400 cases"},
		{"c100r", "wide: rename"},
		{"c010", "wide: two far apart|wide: 400 cases"},
		{"c390", "wide: two far apart|wide: 400 cases"},
		{"c389", "wide: 400 cases"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *got = wide_case(&h, cases[i].id);
		assert_string_equal(got, cases[i].subjects);
		free(got);
	}
	assert_int_equal(h.ncases, 404);
	const struct hist_case *c = hist_case(&h, "c300");
	assert_int_equal(c->entries[0].nfiles, 1);
	assert_string_equal(c->entries[0].files[0].path, "cases/c300/case.yaml");
	assert_int_equal(c->entries[0].files[0].change, HIST_DELETED);
	hist_free(&h);
	free(root);
}

static void
test_path_lengths(void **state)
{
	(void)state;
	char *root = xasprintf("%s/lengths", dir);
	char *cmd = xasprintf("set -e; mkdir -p %s/cases/c-1/notes; cd %s; git init -q .; "
	                      "printf 'organization: x\\n' >caseload.yaml; "
	                      "for n in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17; do "
	                      "  printf 'x\\n' >cases/c-1/notes/$(printf '%%*s' $n '' | tr ' ' a).md; done; "
	                      "git add -A; GIT_AUTHOR_DATE=2026-01-01T10:00:00Z GIT_COMMITTER_DATE=2026-01-01T10:00:00Z "
	                      "git -c user.name=a -c user.email=a@x.example commit -q -m one",
	                      root, root);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	struct history h;
	assert_int_equal(hist_load(&h, root, NULL, HIST_LINES), 0);
	const struct hist_case *c = hist_case(&h, "c-1");
	assert_non_null(c);
	assert_int_equal(c->nentries, 1);
	assert_int_equal(c->entries[0].nfiles, 17);
	for (size_t i = 0; i < c->entries[0].nfiles; i++) {
		const char *path = c->entries[0].files[i].path;
		assert_int_equal(strncmp(path, "cases/c-1/notes/", 16), 0);
		const char *name = path + 16;
		size_t n = strspn(name, "a");
		assert_true(n >= 1 && n <= 17);
		assert_string_equal(name + n, ".md");
	}
	hist_free(&h);
	free(root);
}

/* uncommitted_told: hist_uncommitted of the caseload in folder root, as
 * "path state" lines; *decided (unless NULL), whether it told the suspects
 * without libgit2's status. */
static char *
uncommitted_told(const char *root, int *decided)
{
	struct history h;
	assert_int_equal(hist_load(&h, root, NULL, 0), 0);
	struct hist_wt *wt;
	size_t n;
	assert_int_equal(hist_uncommitted(&h, &wt, &n), 0);
	struct buf b = {0};
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s %d\n", wt[i].path, (int)wt[i].state);
	hist_wt_free(wt, n);
	if (decided)
		*decided = h.decided;
	hist_free(&h);
	return b.s ? buf_detach(&b) : xstrdup("");
}

static char *
uncommitted(const char *root)
{
	return uncommitted_told(root, NULL);
}

static int
staged_flag(const char *root)
{
	struct history h;
	assert_int_equal(hist_load(&h, root, NULL, 0), 0);
	int r = hist_nothing_staged(&h);
	hist_free(&h);
	return r;
}

static void
run(const char *root, const char *script)
{
	char *cmd = xasprintf("set -e; cd %s; export GIT_CONFIG_NOSYSTEM=1 HOME=%s; %s", root, dir, script);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

/* test_staged: what is uncommitted, with nothing staged (the work tree
 * against the index alone) and with something staged (libgit2's whole
 * status); the caseload is a folder of the repository, so that what is
 * staged outside it does not count. */
static void
test_staged(void **state)
{
	(void)state;
	char *top = xasprintf("%s/staged", dir), *root = xasprintf("%s/staged/sub", dir);
	run(dir, "mkdir -p staged/sub/cases/c-1/notes");
	run(top, "git init -q .; printf 'x\\n' >README; printf 'organization: x\\n' >sub/caseload.yaml; "
	         "for f in a b d e; do printf '%s\\n' $f >sub/cases/c-1/notes/$f.md; done; "
	         "git add -A; git -c user.name=a -c user.email=a@x.example commit -q -m one");
	char *s = uncommitted(root);
	assert_string_equal(s, "");
	free(s);
	assert_int_equal(staged_flag(root), 1);

	/* nothing staged: changed, deleted, new, and one only touched */
	run(root, "printf 'A\\n' >cases/c-1/notes/a.md; rm cases/c-1/notes/b.md; "
	          "printf 'c\\n' >cases/c-1/notes/c.md; touch -d 2030-01-01 cases/c-1/notes/d.md");
	assert_int_equal(staged_flag(root), 1);
	s = uncommitted(root);
	char *want = xasprintf("cases/c-1/notes/a.md %d\ncases/c-1/notes/b.md %d\ncases/c-1/notes/c.md %d\n",
	                       HIST_WT_MODIFIED, HIST_WT_DELETED, HIST_WT_UNTRACKED);
	assert_string_equal(s, want);
	free(s);

	/* staged outside the caseload folder only: still nothing staged in it */
	run(top, "printf 'y\\n' >README; git add README");
	assert_int_equal(staged_flag(root), 1);
	s = uncommitted(root);
	assert_string_equal(s, want);
	free(s);
	free(want);

	/* a change staged as it is in the work tree, and a file taken out of
	 * the index but left in the folder: only the index tells them */
	run(root, "git add cases/c-1/notes/a.md; git rm -q --cached cases/c-1/notes/e.md");
	assert_int_equal(staged_flag(root), 0);
	s = uncommitted(root);
	want = xasprintf("cases/c-1/notes/a.md %d\ncases/c-1/notes/b.md %d\ncases/c-1/notes/c.md %d\n"
	                 "cases/c-1/notes/e.md %d\n",
	                 HIST_WT_MODIFIED, HIST_WT_DELETED, HIST_WT_UNTRACKED, HIST_WT_UNTRACKED);
	assert_string_equal(s, want);
	free(s);
	free(want);

	/* git's own hook index is not the one libgit2 reads */
	run(top, "git reset -q");
	assert_int_equal(staged_flag(root), 1);
	setenv("GIT_INDEX_FILE", "/nonexistent/index", 1);
	assert_int_equal(staged_flag(root), 0);
	unsetenv("GIT_INDEX_FILE");
	free(top);
	free(root);
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* suspects_listed: status_suspects of the caseload folder top/sub (max at
 * most; known and listing, with their argument, as status_suspects takes
 * them), sorted and joined by spaces; "unsure" when it cannot tell. */
static char *
suspects_listed(const char *top, size_t max, int (*known)(void *arg, const char *rel, struct stat *st),
                int (*listing)(void *arg, const char *rel, const struct src_dirent **v, size_t *n),
                void *arg)
{
	git_repository *repo;
	assert_int_equal(git_repository_open(&repo, top), 0);
	struct gix g;
	assert_int_equal(gix_read(&g, repo, "sub/"), 0);
	char *root = xasprintf("%s/sub", top);
	char **v;
	size_t n;
	struct buf b = {0};
	if (status_suspects(&g, root, max, known, listing, arg, &v, &n) != 0) {
		buf_puts(&b, "unsure");
	} else {
		if (n)
			qsort(v, n, sizeof(*v), str_cmp);
		for (size_t i = 0; i < n; i++) {
			buf_printf(&b, "%s%s", i ? " " : "", v[i]);
			free(v[i]);
		}
		free(v);
	}
	free(root);
	gix_free(&g);
	git_repository_free(repo);
	return buf_detach(&b);
}

static char *
suspects_known(const char *top, size_t max,
               int (*known)(void *arg, const char *rel, struct stat *st), void *arg)
{
	return suspects_listed(top, max, known, NULL, arg);
}

static char *
suspects_of(const char *top, size_t max)
{
	return suspects_known(top, max, NULL, NULL);
}

/* What a loader saw of each file (lstat of the caseload folder arg's
 * file), and of one file a size it no longer has. */
static int
known_lstat(void *arg, const char *rel, struct stat *st)
{
	char *p = xasprintf("%s/%s", (const char *)arg, rel);
	int r = lstat(p, st) == 0;
	free(p);
	return r;
}

/* What a loader read of each folder, kept until listed_free; of
 * cases/c-040 without its case.yaml. */
static struct src_dirent *listed[512];
static size_t nlisted;

static int
known_listing(void *arg, const char *rel, const struct src_dirent **v, size_t *n)
{
	char *p = xasprintf("%s/%s", (const char *)arg, rel);
	DIR *d = opendir(p);
	free(p);
	if (!d || nlisted == sizeof(listed) / sizeof(*listed)) {
		if (d)
			closedir(d);
		return 0;
	}
	struct src_dirent *out = xcalloc(256, sizeof(*out));
	size_t k = 0;
	struct dirent *de;
	while ((de = readdir(d)) && k < 255) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0 ||
		    (strcmp(rel, "cases/c-040") == 0 && strcmp(de->d_name, "case.yaml") == 0))
			continue;
		out[k].name = xstrdup(de->d_name);
		out[k++].type = de->d_type;
	}
	closedir(d);
	listed[nlisted++] = out;
	*v = out;
	*n = k;
	return 1;
}

static void
listed_free(void)
{
	for (size_t i = 0; i < nlisted; i++) {
		for (size_t k = 0; listed[i][k].name; k++)
			free((char *)listed[i][k].name);
		free(listed[i]);
	}
	nlisted = 0;
}

static int
known_other_size(void *arg, const char *rel, struct stat *st)
{
	if (!known_lstat(arg, rel, st))
		return 0;
	if (strcmp(rel, "cases/c-030/case.yaml") == 0)
		st->st_size++;
	return 1;
}

/* test_suspects: the files that may differ from the index, from its stat
 * data (status.c), and hist_uncommitted, which asks libgit2 about them
 * alone: every kind of change is among them, and nothing else. */
static void
test_suspects(void **state)
{
	(void)state;
	char *top = xasprintf("%s/suspects", dir), *root = xasprintf("%s/suspects/sub", dir);
	run(dir, "mkdir -p suspects/sub/cases/c-1/notes");
	/* the files older than the index: none is racily clean */
	run(top, "git init -q .; printf 'organization: x\\n' >sub/caseload.yaml; "
	         "printf '_site/\\n*.tmp\\n' >sub/.gitignore; "
	         "for f in a b d; do printf '%s\\n' $f >sub/cases/c-1/notes/$f.md; done; "
	         "git add -A; git -c user.name=a -c user.email=a@x.example commit -q -m one; "
	         "find sub -type f -exec touch -d 2020-01-01 {} +; git update-index -q --refresh");
	char *s = suspects_of(top, 100);
	assert_string_equal(s, "");
	free(s);
	s = uncommitted(root);
	assert_string_equal(s, "");
	free(s);

	/* changed, deleted, touched only, new in a new folder, ignored */
	run(root, "printf 'A\\n' >cases/c-1/notes/a.md; rm cases/c-1/notes/b.md; "
	          "touch -d 2021-01-01 cases/c-1/notes/d.md; mkdir -p cases/c-2/notes _site/x; "
	          "printf 'x\\n' >cases/c-2/case.yaml; printf 'y\\n' >cases/c-2/notes/n.md; "
	          "printf 'z\\n' >_site/x/i.html; printf 't\\n' >cases/c-1/x.tmp");
	s = suspects_of(top, 100);
	assert_string_equal(s, "_site/ cases/c-1/notes/a.md cases/c-1/notes/b.md cases/c-1/notes/d.md "
	                       "cases/c-1/x.tmp cases/c-2/");
	free(s);
	s = suspects_of(top, 5);
	assert_string_equal(s, "unsure");
	free(s);
	s = uncommitted(root);
	char *want = xasprintf("cases/c-1/notes/a.md %d\ncases/c-1/notes/b.md %d\ncases/c-2/case.yaml %d\n"
	                       "cases/c-2/notes/n.md %d\n",
	                       HIST_WT_MODIFIED, HIST_WT_DELETED, HIST_WT_UNTRACKED, HIST_WT_UNTRACKED);
	assert_string_equal(s, want);
	free(s);
	free(want);

	/* a file that became a folder, and a repository inside */
	run(root, "rm cases/c-1/notes/d.md; mkdir cases/c-1/notes/d.md");
	s = suspects_of(top, 100);
	assert_non_null(strstr(s, "cases/c-1/notes/d.md "));
	assert_non_null(strstr(s, "cases/c-1/notes/d.md/"));
	free(s);
	/* a repository in a new folder is that folder's, for libgit2 to tell;
	 * one in a folder the index has files in cannot be told here */
	run(root, "git init -q cases/c-3");
	s = suspects_of(top, 100);
	assert_non_null(strstr(s, " cases/c-3/"));
	free(s);
	run(root, "git init -q cases/c-1");
	s = suspects_of(top, 100);
	assert_string_equal(s, "unsure");
	free(s);
	free(top);
	free(root);
}

/* test_suspects_many: a folder of a hundred cases, walked on two threads
 * (every other entry each): a change is found on either, and what the
 * loader saw of a file (known) is believed instead of a stat. */
static void
test_suspects_many(void **state)
{
	(void)state;
	char *top = xasprintf("%s/many", dir), *root = xasprintf("%s/many/sub", dir);
	run(dir, "mkdir -p many/sub/cases");
	run(top, "git init -q .; printf 'organization: x\\n' >sub/caseload.yaml; "
	         "for i in $(seq -w 0 99); do mkdir sub/cases/c-0$i; printf 'n: %s\\n' $i "
	         ">sub/cases/c-0$i/case.yaml; done; "
	         "git add -A; git -c user.name=a -c user.email=a@x.example commit -q -m one; "
	         "find sub -type f -exec touch -d 2020-01-01 {} +; git update-index -q --refresh");
	char *s = suspects_of(top, 100);
	assert_string_equal(s, "");
	free(s);
	run(root, "printf 'x\\n' >cases/c-010/case.yaml; printf 'y\\n' >cases/c-051/case.yaml; "
	          "rm cases/c-077/case.yaml; mkdir cases/c-100; printf 'z\\n' >cases/c-100/case.yaml; "
	          "printf 'w\\n' >cases/c-020/new.md");
	static const char want[] = "cases/c-010/case.yaml cases/c-020/new.md cases/c-051/case.yaml "
				   "cases/c-077/case.yaml cases/c-100/";
	s = suspects_of(top, 100);
	assert_string_equal(s, want);
	free(s);
	s = suspects_known(top, 100, known_lstat, root);
	assert_string_equal(s, want);
	free(s);
	/* the loader saw another size: the file is looked at, though it is
	 * the same on disk now */
	s = suspects_known(top, 100, known_other_size, root);
	assert_string_equal(s, "cases/c-010/case.yaml cases/c-020/new.md cases/c-030/case.yaml "
	                       "cases/c-051/case.yaml cases/c-077/case.yaml cases/c-100/");
	free(s);
	/* the loader's listing of a folder is believed: a file it did not
	 * see is gone */
	s = suspects_listed(top, 100, known_lstat, known_listing, root);
	listed_free();
	assert_string_equal(s, "cases/c-010/case.yaml cases/c-020/new.md cases/c-040/case.yaml "
	                       "cases/c-051/case.yaml cases/c-077/case.yaml cases/c-100/");
	free(s);
	/* more than max across the two threads */
	s = suspects_of(top, 4);
	assert_string_equal(s, "unsure");
	free(s);
	free(top);
	free(root);
}

/* git_says: `git status` of the repository at root as hist_uncommitted's
 * "path state" lines, sorted by path. */
static char *
git_says(const char *root)
{
	char *cmd = xasprintf("cd %s && GIT_CONFIG_NOSYSTEM=1 HOME=%s git status --porcelain=v1 -uall "
	                      "--no-renames",
	                      root, dir);
	FILE *f = popen(cmd, "r");
	free(cmd);
	assert_non_null(f);
	char line[512];
	struct buf b = {0};
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		int st = strncmp(line, "??", 2) == 0 ? HIST_WT_UNTRACKED
		         : line[1] == 'M'            ? HIST_WT_MODIFIED
		         : line[1] == 'D'            ? HIST_WT_DELETED
		         : line[1] == 'T'            ? HIST_WT_TYPECHANGE
		                                     : -1;
		buf_printf(&b, "%s %d\n", line + 3, st);
	}
	assert_int_equal(pclose(f), 0);
	return b.s ? buf_detach(&b) : xstrdup("");
}

/* decided: hist_uncommitted of root, which must be what git says, and
 * whether it told the suspects without libgit2's status. */
static int
decided(const char *root)
{
	int d;
	char *got = uncommitted_told(root, &d), *want = git_says(root);
	assert_string_equal(got, want);
	free(got);
	free(want);
	return d;
}

/* test_decided: with the caseload at the top of the repository and
 * nothing staged, files changed, gone, touched only or made executable are
 * told without libgit2's status (their content hashed), as git tells them;
 * anything else, or anything that may make git store a file other than as
 * it is (attributes, core.autocrlf), is left to libgit2. */
static void
test_decided(void **state)
{
	(void)state;
	char *root = xasprintf("%s/decided", dir);
	run(dir, "mkdir -p decided/cases/c-1/notes");
	run(root, "git init -q .; printf 'organization: x\\n' >caseload.yaml; "
	          "for f in a b c d e; do printf '%s\\n' $f >cases/c-1/notes/$f.md; done; "
	          "git add -A; git -c user.name=a -c user.email=a@x.example commit -q -m one; "
	          "find . -path ./.git -prune -o -type f -exec touch -d 2020-01-01 {} +; "
	          "git update-index -q --refresh");
	/* changed, gone, touched with the same content, made executable */
	run(root, "printf 'A\\n' >cases/c-1/notes/a.md; rm cases/c-1/notes/b.md; "
	          "touch cases/c-1/notes/c.md; chmod +x cases/c-1/notes/d.md");
	assert_int_equal(decided(root), 1);
	/* the same bytes with another mtime only: nothing to say */
	run(root, "printf 'a\\n' >cases/c-1/notes/a.md; git checkout -q -- cases/c-1/notes/b.md; "
	          "chmod -x cases/c-1/notes/d.md");
	assert_int_equal(decided(root), 1);
	/* git stores CRLF as LF under core.autocrlf: libgit2 tells */
	run(root, "git config core.autocrlf true; printf 'e\\r\\n' >cases/c-1/notes/e.md");
	assert_int_equal(decided(root), 0);
	run(root, "git config --unset core.autocrlf; printf 'e\\n' >cases/c-1/notes/e.md");
	assert_int_equal(decided(root), 1);
	/* a filter set by attributes, in the repository's info or in a
	 * .gitattributes: libgit2 tells */
	run(root, "printf '*.md text eol=crlf\\n' >.git/info/attributes; printf 'x\\n' >>cases/c-1/notes/e.md");
	assert_int_equal(decided(root), 0);
	run(root, "rm .git/info/attributes; printf '*.md ident\\n' >.gitattributes; "
	          "git add .gitattributes; git -c user.name=a -c user.email=a@x.example commit -q -m two");
	run(root, "printf 'y\\n' >>cases/c-1/notes/e.md");
	assert_int_equal(decided(root), 0);
	run(root, "git rm -q .gitattributes; git -c user.name=a -c user.email=a@x.example commit -q -m three");
	assert_int_equal(decided(root), 1);
	/* a link where a file was, and an untracked file: libgit2 tells */
	run(root, "rm cases/c-1/notes/c.md; ln -s a.md cases/c-1/notes/c.md");
	assert_int_equal(decided(root), 0);
	run(root, "rm cases/c-1/notes/c.md; git checkout -q -- cases/c-1/notes/c.md; printf 'n\\n' >cases/c-1/notes/n.md");
	assert_int_equal(decided(root), 0);
	free(root);
}

static void
test_unborn(void **state)
{
	(void)state;
	struct history h;
	char *root = fx("unborn");
	assert_int_equal(hist_load(&h, root, NULL, 0), 0);
	assert_int_equal(h.unborn, 1);
	assert_int_equal(h.ncommits, 0);
	assert_null(hist_case(&h, "u-1"));
	assert_null(hist_first(&h, "cases/u-1/case.yaml"));
	struct hist_wt *wt;
	size_t n;
	assert_int_equal(hist_uncommitted(&h, &wt, &n), 0);
	assert_int_equal(n, 3); /* caseload.yaml too; audit keeps case files only */
	assert_string_equal(wt[0].path, "caseload.yaml");
	hist_wt_free(wt, n);
	hist_free(&h);
	free(root);
}

static void
test_failures(void **state)
{
	(void)state;
	struct history h;
	char *root = fx("nogit");
	assert_int_equal(hist_load(&h, root, NULL, 0), -1);
	assert_int_equal(h.norepo, 1);
	assert_non_null(strstr(h.err, "not in a git repository"));
	hist_free(&h);
	free(root);

	root = fx("shallow");
	assert_int_equal(hist_load(&h, root, NULL, 0), -1);
	assert_int_equal(h.norepo, 0);
	assert_non_null(strstr(h.err, "shallow clone"));
	hist_free(&h);
	free(root);

	root = fx("missing");
	assert_int_equal(hist_load(&h, root, NULL, 0), -1);
	assert_non_null(strstr(h.err, "is missing from the git repository"));
	hist_free(&h);
	assert_int_equal(hist_load(&h, root, "no-such-rev", 0), -1);
	assert_non_null(strstr(h.err, "'no-such-rev' is not a commit"));
	hist_free(&h);
	free(root);

	/* hist_free on a history never loaded */
	memset(&h, 0, sizeof(h));
	hist_free(&h);
}

static void
test_emails(void **state)
{
	(void)state;
	char *emails[] = {"Ana.Silva@Mail.example"};
	struct worker w[2] = {
		{.id = "ana", .name = "Ana", .email = "ana@harborlight.example", .emails = emails, .nemails = 1},
		{.id = "ben", .name = "Ben"},
	};
	struct config c;
	memset(&c, 0, sizeof(c));
	c.workers = w;
	c.nworkers = 2;
	struct audit_emails e;
	audit_emails_init(&e, &c);
	assert_true(audit_emails_has(&e, "ana@harborlight.example"));
	assert_true(audit_emails_has(&e, "ANA@HarborLight.Example"));
	assert_true(audit_emails_has(&e, "ana.silva@mail.example"));
	assert_false(audit_emails_has(&e, "ana@harborlight.example.org"));
	assert_false(audit_emails_has(&e, "ben@harborlight.example"));
	assert_false(audit_emails_has(&e, ""));
	audit_emails_free(&e);
	/* no worker has an email */
	c.nworkers = 0;
	audit_emails_init(&e, &c);
	assert_false(audit_emails_has(&e, "ana@harborlight.example"));
	audit_emails_free(&e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_day),           cmocka_unit_test(test_walk),
		cmocka_unit_test(test_nested),        cmocka_unit_test(test_unborn),
		cmocka_unit_test(test_failures),      cmocka_unit_test(test_emails),
		cmocka_unit_test(test_path_lengths),  cmocka_unit_test(test_wide),
		cmocka_unit_test(test_staged),        cmocka_unit_test(test_suspects),
		cmocka_unit_test(test_suspects_many), cmocka_unit_test(test_decided),
	};
	/* the program starts libgit2 once (cmd.c's session_setup); so does this one */
	git_libgit2_init();
	int rc = cmocka_run_group_tests_name("history", tests, setup, teardown);
	git_libgit2_shutdown();
	return rc;
}

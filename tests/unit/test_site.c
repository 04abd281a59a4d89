/* test_site.c: the pure parts of the site build: the order of intermediate
 * goals, swapping the output folder in, and removing a tree without
 * following links. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "site.h"
#include "util.h"
#include "write.h"

/* make_tree: dir with a file and a sub-folder with a file. */
static void
make_tree(const char *dir, const char *mark)
{
	assert_int_equal(mkdir(dir, 0755), 0);
	char *p = xasprintf("%s/index.html", dir);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(mark, f);
	fclose(f);
	free(p);
	p = xasprintf("%s/sub", dir);
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	p = xasprintf("%s/sub/x.txt", dir);
	f = fopen(p, "w");
	assert_non_null(f);
	fclose(f);
	free(p);
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char buf[256];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return xstrdup(buf);
}

static char tmpdir[PATH_MAX];

static int
setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "%s/test-site-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	return rmtree(tmpdir);
}

static void
test_swap_replaces(void **state)
{
	(void)state;
	char *out = xasprintf("%s/site", tmpdir), *tmp = xasprintf("%s/.site.tmp", tmpdir);
	struct buf err = {0};
	/* no old site: the new one is moved in */
	make_tree(tmp, "one");
	assert_int_equal(dir_swap(tmp, out, NULL, &err), 0);
	char *s = xasprintf("%s/index.html", out);
	char *got = slurp(s);
	assert_string_equal(got, "one");
	free(got);
	struct stat st;
	assert_int_equal(lstat(tmp, &st), -1);
	/* an old site: exchanged, and the old one removed */
	make_tree(tmp, "two");
	assert_int_equal(dir_swap(tmp, out, NULL, &err), 0);
	got = slurp(s);
	assert_string_equal(got, "two");
	free(got);
	assert_int_equal(lstat(tmp, &st), -1);
	assert_int_equal(err.len, 0);
	free(s);
	free(out);
	free(tmp);
	buf_free(&err);
}

static void
test_swap_symlink(void **state)
{
	(void)state;
	char *out = xasprintf("%s/link", tmpdir), *tmp = xasprintf("%s/.link.tmp", tmpdir);
	char *target = xasprintf("%s/target", tmpdir);
	make_tree(target, "target");
	assert_int_equal(symlink(target, out), 0);
	make_tree(tmp, "new");
	struct buf err = {0};
	assert_int_equal(dir_swap(tmp, out, NULL, &err), 0);
	struct stat st;
	assert_int_equal(lstat(out, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	/* the link is gone, what it pointed to is left alone */
	char *t = xasprintf("%s/index.html", target);
	char *got = slurp(t);
	assert_string_equal(got, "target");
	free(got);
	free(t);
	free(out);
	free(tmp);
	free(target);
	buf_free(&err);
}

static void
test_rmtree_keeps_link_targets(void **state)
{
	(void)state;
	char *keep = xasprintf("%s/keep", tmpdir), *gone = xasprintf("%s/gone", tmpdir);
	make_tree(keep, "keep");
	make_tree(gone, "gone");
	char *link = xasprintf("%s/sub/link", gone);
	assert_int_equal(symlink(keep, link), 0);
	assert_int_equal(rmtree(gone), 0);
	struct stat st;
	assert_int_equal(lstat(gone, &st), -1);
	char *k = xasprintf("%s/sub/x.txt", keep);
	assert_int_equal(lstat(k, &st), 0);
	assert_int_equal(rmtree(gone), 0); /* already gone: fine */
	free(k);
	free(link);
	free(keep);
	free(gone);
}

static void
test_find_templates(void **state)
{
	(void)state;
	struct buf err = {0};
	char *t = site_find_templates(tmpdir, &err);
	assert_non_null(t);
	assert_string_equal(t, tmpdir);
	free(t);
	char *none = xasprintf("%s/none", tmpdir);
	assert_null(site_find_templates(none, &err));
	assert_non_null(strstr(err.s, "not a folder"));
	free(none);
	/* without an option: the build tree's templates/ */
	t = site_find_templates(NULL, &err);
	assert_non_null(t);
	char *probe = xasprintf("%s/case.html", t);
	struct stat st;
	assert_int_equal(stat(probe, &st), 0);
	free(probe);
	free(t);
	buf_free(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_swap_replaces, setup, teardown),
		cmocka_unit_test_setup_teardown(test_swap_symlink, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rmtree_keeps_link_targets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_find_templates, setup, teardown),
	};
	return cmocka_run_group_tests_name("site", tests, NULL, NULL);
}

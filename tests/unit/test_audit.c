/* test_audit.c: the auditor's questions (SPEC §5): amended, deleted and
 * future-entry findings with their exceptions, ids, and reviews matched to
 * findings, on the fixtures of tests/audit-fixtures.sh; and the line diff
 * they use. Run from the top of the project, as tests/run.sh does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <git2.h>

#include "audit.h"
#include "cache.h"
#include "check.h"
#include "date.h"
#include "diff.h"
#include "history.h"
#include "records.h"
#include "source.h"

static char dir[] = "/tmp/caseload-test-audit-XXXXXX";

static int
setup(void **state)
{
	(void)state;
	git_libgit2_init();
	if (!mkdtemp(dir))
		return -1;
	char *cmd = xasprintf("sh tests/audit-fixtures.sh %s/fx >/dev/null 2>&1", dir);
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
	git_libgit2_shutdown();
	return r == 0 ? 0 : -1;
}

/* One fixture read as `caseload audit` reads it. */
struct fx {
	char *root;
	struct source src;
	struct caseload cl;
	struct history h;
	struct hist_wt *wt;
	size_t nwt;
	struct findings f;
};

static int
day(const char *s)
{
	int v = DATE_NONE;
	assert_int_equal(date_parse(s, &v), 0);
	return v;
}

/* fx_collect: the findings again (after a change to the policy or to a
 * file), about the cases of only[0..nonly). */
static void
fx_collect(struct fx *x, char *const *only, size_t nonly)
{
	findings_free(&x->f);
	assert_int_equal(audit_collect(&x->f, &x->cl, &x->h, x->wt, x->nwt, only, nonly), 0);
}

static void
fx_load_records(struct fx *x)
{
	assert_int_equal(source_fs_open(&x->src, x->root), SRC_OK);
	assert_int_equal(caseload_load(&x->cl, &x->src, day("2026-04-01"), NULL, 0), 0);
	check_caseload(&x->cl);
}

static void
fx_open(struct fx *x, const char *name)
{
	memset(x, 0, sizeof(*x));
	x->root = xasprintf("%s/fx/%s", dir, name);
	fx_load_records(x);
	assert_int_equal(hist_load(&x->h, x->root, NULL, 0), 0);
	assert_int_equal(hist_uncommitted(&x->h, &x->wt, &x->nwt), 0);
	fx_collect(x, NULL, 0);
}

static void
fx_close(struct fx *x)
{
	findings_free(&x->f);
	hist_wt_free(x->wt, x->nwt);
	hist_free(&x->h);
	caseload_free(&x->cl);
	source_close(&x->src);
	free(x->root);
}

/* subject_of: the subject of the commit with full id. */
static const char *
subject_of(const struct fx *x, const char *id)
{
	for (size_t i = 0; i < x->h.ncommits; i++)
		if (strcmp(x->h.commits[i].id, id) == 0)
			return x->h.commits[i].subject;
	return "";
}

/* find: the finding of kind about file (NULL: none) in the commit with that
 * subject, or NULL. */
static const struct finding *
find(const struct fx *x, enum finding_kind k, const char *file, const char *subject)
{
	for (size_t i = 0; i < x->f.n; i++) {
		const struct finding *f = &x->f.v[i];
		if (f->kind != k || !f->commit || strcmp(subject_of(x, f->commit), subject) != 0)
			continue;
		if ((!file && !f->file) || (file && f->file && strcmp(file, f->file) == 0))
			return f;
	}
	return NULL;
}

static size_t
count(const struct fx *x, enum finding_kind k)
{
	size_t n = 0;
	for (size_t i = 0; i < x->f.n; i++)
		n += x->f.v[i].kind == k;
	return n;
}

/* about: how many findings of any kind name file. */
static size_t
about(const struct fx *x, const char *file)
{
	size_t n = 0;
	for (size_t i = 0; i < x->f.n; i++)
		n += x->f.v[i].file && strcmp(x->f.v[i].file, file) == 0;
	return n;
}

#define NOTES "cases/c-1/notes/"

static void
test_amended(void **state)
{
	(void)state;
	struct fx x;
	fx_open(&x, "amended");
	assert_int_equal(count(&x, FIND_AMENDED), 3);
	/* three weeks later: amended, with the first commit's date and the lines */
	const struct finding *f = find(&x, FIND_AMENDED, NOTES "2026-01-05-visit.md",
	                               "c-1: reworded three weeks later");
	assert_non_null(f);
	assert_non_null(strstr(f->detail, "1 line removed, 1 added"));
	assert_non_null(strstr(f->detail, "first commit of 2026-01-08"));
	assert_non_null(strstr(f->detail, "amends: 2026-01-05-visit.md"));
	assert_int_equal(f->first_date, day("2026-01-08"));
	assert_int_equal(f->date, day("2026-01-29"));
	assert_memory_not_equal(f->old_blob, f->new_blob, HIST_OID_LEN);
	/* the same day and the next: within amend_within (1d) */
	assert_null(find(&x, FIND_AMENDED, NOTES "2026-01-05-visit.md", "c-1: same-day fix"));
	assert_null(find(&x, FIND_AMENDED, NOTES "2026-01-05-visit.md", "c-1: next-day fix"));
	/* an assessment, and a change of line ends alone */
	assert_non_null(find(&x, FIND_AMENDED, "cases/c-1/assessments/2026-01-05.yaml", "c-1: rescored"));
	f = find(&x, FIND_AMENDED, NOTES "2026-01-08-visit.md", "c-1: line ends");
	assert_non_null(f);
	assert_non_null(strstr(f->detail, "6 lines removed, 6 added"));
	/* an attachment changed: no finding */
	assert_int_equal(about(&x, "cases/c-1/letter.txt"), 0);
	/* renamed, content unchanged: neither amended nor deleted, and the new
	 * name keeps the first commit (not late) */
	assert_int_equal(about(&x, NOTES "2026-01-06-phone.md"), 0);
	assert_int_equal(about(&x, NOTES "2026-01-06-message.md"), 0);
	/* renamed and changed: the old path is removed, the new one is new */
	assert_non_null(find(&x, FIND_DELETED, NOTES "2026-01-07-phone.md", "c-1: renamed and changed"));
	assert_non_null(find(&x, FIND_LATE_NOTE, NOTES "2026-01-07-message.md", "c-1: renamed and changed"));
	/* the addendum: a late note of its own, not an amendment of the note */
	assert_non_null(find(&x, FIND_LATE_NOTE, NOTES "2026-01-30-admin.md", "c-1: addendum"));
	assert_int_equal(about(&x, NOTES "2026-01-30-admin.md"), 1);
	/* ids: KIND/C/FILE, C the first 12 hex digits */
	f = find(&x, FIND_AMENDED, "cases/c-1/assessments/2026-01-05.yaml", "c-1: rescored");
	char want[128];
	snprintf(want, sizeof(want), "amended/%.12s/cases/c-1/assessments/2026-01-05.yaml", f->commit);
	assert_string_equal(f->id, want);
	assert_null(f->review);
	/* a wider amend_within: only the change of 33 days is left */
	x.cl.config.policy.amend_within = (struct dur){30, 'd'};
	fx_collect(&x, NULL, 0);
	assert_int_equal(count(&x, FIND_AMENDED), 1);
	assert_non_null(find(&x, FIND_AMENDED, NOTES "2026-01-08-visit.md", "c-1: line ends"));
	/* the addendum checks clean: amends names a note of the case */
	for (size_t i = 0; i < x.cl.diags.n; i++)
		assert_string_not_equal(x.cl.diags.v[i].code, "unknown-ref");
	fx_close(&x);
}

static void
test_future_entry(void **state)
{
	(void)state;
	struct fx x;
	fx_open(&x, "future");
	assert_int_equal(count(&x, FIND_FUTURE_ENTRY), 6);
	const char *plan = "cases/c-2/plan.yaml", *cy = "cases/c-2/case.yaml";
	/* added with a step done three days ahead */
	const struct finding *f = find(&x, FIND_FUTURE_ENTRY, plan, "c-2: open");
	assert_non_null(f);
	assert_non_null(strstr(f->detail, "done 2026-02-05 (goal housing, step 1)"));
	/* a review, a goal achieved and a referral's answer (quoted) ahead; the
	 * step done before stays the parent's value */
	f = find(&x, FIND_FUTURE_ENTRY, plan, "c-2: ahead of time");
	assert_non_null(f);
	assert_non_null(strstr(f->detail, "reviewed 2026-03-01"));
	assert_non_null(strstr(f->detail, "achieved 2026-03-02 (goal housing)"));
	assert_non_null(strstr(f->detail, "answered 2026-03-03 (the referral of goal housing, step 2)"));
	assert_null(strstr(f->detail, "done 2026-02-05"));
	assert_non_null(strstr(f->detail, "up to 4 days"));
	/* an assessment dated ahead */
	assert_non_null(find(&x, FIND_FUTURE_ENTRY, "cases/c-2/assessments/2026-03-04.yaml",
	                     "c-2: ahead of time"));
	/* the values the parent already had: nothing */
	assert_null(find(&x, FIND_FUTURE_ENTRY, plan, "c-2: measure worded, facts kept"));
	/* the goal's date, now in a step's done: a value new to that field */
	f = find(&x, FIND_FUTURE_ENTRY, plan, "c-2: step 2 done, with the goal's date");
	assert_non_null(f);
	assert_non_null(strstr(f->detail, "done 2026-03-02 (goal housing, step 2)"));
	assert_null(strstr(f->detail, "achieved"));
	/* a closing ahead on a branch: the branch's commit, and the merge,
	 * which compares with its first parent */
	assert_non_null(find(&x, FIND_FUTURE_ENTRY, cy, "c-2: closed ahead, on a branch"));
	assert_non_null(find(&x, FIND_FUTURE_ENTRY, cy, "Merge side"));
	fx_close(&x);
}

static void
test_deleted(void **state)
{
	(void)state;
	struct fx x;
	fx_open(&x, "deleted");
	assert_int_equal(count(&x, FIND_DELETED), 5);
	const char *rm = "c-3: remove a note, the plan, a form";
	const struct finding *f = find(&x, FIND_DELETED, "cases/c-3/notes/2026-01-05-visit.md", rm);
	assert_non_null(f);
	assert_non_null(strstr(f->detail, "15 days after its first commit of 2026-01-05"));
	assert_non_null(find(&x, FIND_DELETED, "cases/c-3/plan.yaml", rm));
	/* an attachment is no record */
	assert_int_equal(about(&x, "cases/c-3/form.txt"), 0);
	/* added again: neither amended nor late (its first commit is the first) */
	assert_int_equal(about(&x, "cases/c-3/notes/2026-01-05-visit.md"), 1);
	/* a case folder renamed whole: nothing removed, and its note keeps its
	 * first commit */
	assert_int_equal(about(&x, "cases/c-4/case.yaml"), 0);
	assert_int_equal(about(&x, "cases/c-6/notes/2026-01-05-visit.md"), 0);
	/* its assessment dated ahead: when it was added, not again when it moved */
	assert_non_null(find(&x, FIND_FUTURE_ENTRY, "cases/c-4/assessments/2026-02-01.yaml",
	                     "open three cases"));
	assert_int_equal(about(&x, "cases/c-6/assessments/2026-02-01.yaml"), 0);
	/* a case removed whole: each record */
	assert_non_null(find(&x, FIND_DELETED, "cases/c-5/case.yaml", "c-5: removed"));
	assert_non_null(find(&x, FIND_DELETED, "cases/c-5/plan.yaml", "c-5: removed"));
	assert_non_null(find(&x, FIND_DELETED, "cases/c-5/notes/2026-01-05-visit.md", "c-5: removed"));
	assert_int_equal(about(&x, "cases/c-5/form.txt"), 0);
	/* audit CASE...: only that case's */
	char *only[] = {"c-3"};
	fx_collect(&x, only, 1);
	assert_int_equal(x.f.n, 2);
	fx_close(&x);
}

static void
test_reviews(void **state)
{
	(void)state;
	struct fx x;
	fx_open(&x, "reviews");
	const char *late = "c-7: four late notes";
	const char *N = "cases/c-7/notes/";
	char p[96];
	assert_int_equal(x.f.nreviewed, 2);
	/* committed by its supervisor, and by her other address (.mailmap) */
	snprintf(p, sizeof(p), "%s2026-01-05-visit.md", N);
	const struct finding *f = find(&x, FIND_LATE_NOTE, p, late);
	assert_non_null(f->review);
	assert_string_equal(f->review->by, "ruth");
	assert_string_equal(f->review->note, "From paper notes.");
	snprintf(p, sizeof(p), "%s2026-01-06-phone.md", N);
	assert_non_null(find(&x, FIND_LATE_NOTE, p, late)->review);
	/* committed by someone else, or not at all: unreviewed, and listed */
	snprintf(p, sizeof(p), "%s2026-01-07-phone.md", N);
	assert_null(find(&x, FIND_LATE_NOTE, p, late)->review);
	snprintf(p, sizeof(p), "%s2026-01-08-phone.md", N);
	assert_null(find(&x, FIND_LATE_NOTE, p, late)->review);
	/* a caseworker's review (check: bad-value) counts for nothing, quietly */
	f = find(&x, FIND_UNKNOWN_AUTHOR, NULL, "c-7: a call, from a personal address");
	assert_null(f->review);
	char want[64];
	snprintf(want, sizeof(want), "unknown-author/%.12s", f->commit);
	assert_string_equal(f->id, want);
	/* the reviews that count for nothing, by line */
	assert_int_equal(x.f.nunmatched, 3);
	assert_int_equal(x.f.unmatched[0].r->line, 9);
	assert_int_equal(x.f.unmatched[0].reason, UNMATCHED_AUTHOR);
	assert_int_equal(x.f.unmatched[1].r->line, 13);
	assert_int_equal(x.f.unmatched[1].reason, UNMATCHED_NO_FINDING);
	assert_int_equal(x.f.unmatched[2].r->line, 21);
	assert_int_equal(x.f.unmatched[2].reason, UNMATCHED_AUTHOR);
	/* with cases named, no review is said to have no finding */
	char *only[] = {"c-7"};
	fx_collect(&x, only, 1);
	assert_int_equal(x.f.nreviewed, 2);
	assert_int_equal(x.f.nunmatched, 2);
	/* a reviews.yaml that fails to load counts for nothing */
	char *path = xasprintf("%s/reviews.yaml", x.root), *saved = NULL;
	struct buf keep = {0};
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_add(&keep, chunk, n);
	fclose(fp);
	saved = buf_detach(&keep);
	fp = fopen(path, "wb");
	fputs("- &a {finding: x}\n- *a\n", fp);
	fclose(fp);
	caseload_free(&x.cl);
	source_close(&x.src);
	fx_load_records(&x);
	assert_int_equal(x.cl.reviews_state, REVIEWS_FAILED);
	fx_collect(&x, NULL, 0);
	assert_int_equal(x.f.nreviewed, 0);
	assert_int_equal(x.f.nunmatched, 0);
	fp = fopen(path, "wb");
	fputs(saved, fp);
	fclose(fp);
	free(saved);
	free(path);
	fx_close(&x);
}

static int blob_calls; /* how many blobs blob_len was given */

static int
blob_len(const char *text, size_t len, void *arg)
{
	(void)arg;
	__atomic_add_fetch(&blob_calls, 1, __ATOMIC_RELAXED);
	return text ? (int)len : -1;
}

/* hist_blob_map on several threads: every blob read, each result in its place */
static void
test_blob_map(void **state)
{
	(void)state;
	struct fx x;
	fx_open(&x, "amended");
	const struct finding *f = find(&x, FIND_AMENDED, NOTES "2026-01-05-visit.md",
	                               "c-1: reworded three weeks later");
	size_t n = 3001;
	unsigned char(*ids)[HIST_OID_LEN] = xmalloc(n * sizeof(*ids));
	for (size_t i = 0; i < n; i++)
		memcpy(ids[i], i % 2 ? f->old_blob : f->new_blob, HIST_OID_LEN);
	int *out = xmalloc(n * sizeof(*out));
	char *od, *nd;
	size_t ol, nl;
	assert_int_equal(hist_blob(&x.h, f->old_blob, 0, &od, &ol), 0);
	assert_int_equal(hist_blob(&x.h, f->new_blob, 0, &nd, &nl), 0);
	assert_int_equal(hist_blob_map(&x.h, (const unsigned char(*)[HIST_OID_LEN])ids, n, 0,
	                               blob_len, NULL, out),
	                 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(out[i], (int)(i % 2 ? ol : nl));
	/* larger than the limit: no text */
	assert_int_equal(hist_blob_map(&x.h, (const unsigned char(*)[HIST_OID_LEN])ids, 2, 4,
	                               blob_len, NULL, out),
	                 0);
	assert_int_equal(out[0], -1);
	/* a blob that is not there */
	memset(ids[n - 1], 0xab, HIST_OID_LEN);
	assert_int_equal(hist_blob_map(&x.h, (const unsigned char(*)[HIST_OID_LEN])ids, n, 0,
	                               blob_len, NULL, out),
	                 -1);
	assert_non_null(strstr(x.h.err, "abababab"));
	free(od);
	free(nd);
	free(out);
	free(ids);
	fx_close(&x);
}

/* hist_blob_memo: a blob's result is kept under the git folder by the
 * function's name and limit; the next run reads only blobs it has not seen */
static void
test_blob_memo(void **state)
{
	(void)state;
	struct fx x;
	fx_open(&x, "amended");
	const struct finding *f = find(&x, FIND_AMENDED, NOTES "2026-01-05-visit.md",
	                               "c-1: reworded three weeks later");
	char *path = cache_path(git_repository_path(x.h.repo), "blobs");
	remove(path);
	hist_memo_free(&x.h);
	unsigned char ids[4][HIST_OID_LEN];
	memcpy(ids[0], f->old_blob, HIST_OID_LEN);
	memcpy(ids[1], f->new_blob, HIST_OID_LEN);
	memcpy(ids[2], f->old_blob, HIST_OID_LEN);
	memcpy(ids[3], f->new_blob, HIST_OID_LEN);
	int want[4], out[4];
	assert_int_equal(hist_blob_map(&x.h, (const unsigned char(*)[HIST_OID_LEN])ids, 4, 0,
	                               blob_len, NULL, want),
	                 0);
	assert_true(want[0] > 0 && want[1] > 0 && want[0] != want[1]);
	/* first: every blob read, and kept */
	blob_calls = 0;
	assert_int_equal(hist_blob_memo(&x.h, "len", (const unsigned char(*)[HIST_OID_LEN])ids, 4,
	                                0, blob_len, NULL, out),
	                 0);
	assert_memory_equal(out, want, sizeof(want));
	assert_true(blob_calls >= 2);
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	fclose(fp);
	/* the next run (the memo read again): none read, the same results */
	hist_memo_free(&x.h);
	blob_calls = 0;
	memset(out, 0, sizeof(out));
	assert_int_equal(hist_blob_memo(&x.h, "len", (const unsigned char(*)[HIST_OID_LEN])ids, 4,
	                                0, blob_len, NULL, out),
	                 0);
	assert_memory_equal(out, want, sizeof(want));
	assert_int_equal(blob_calls, 0);
	/* another name, or another limit, is another function */
	assert_int_equal(hist_blob_memo(&x.h, "other", (const unsigned char(*)[HIST_OID_LEN])ids, 2,
	                                0, blob_len, NULL, out),
	                 0);
	assert_int_equal(blob_calls, 2);
	assert_int_equal(hist_blob_memo(&x.h, "len", (const unsigned char(*)[HIST_OID_LEN])ids, 2,
	                                4, blob_len, NULL, out),
	                 0);
	assert_int_equal(blob_calls, 4);
	assert_int_equal(out[0], -1);
	/* a damaged file: read again, the same results */
	fp = fopen(path, "r+b");
	assert_non_null(fp);
	fseek(fp, 70, SEEK_SET);
	fputc('Z', fp);
	fclose(fp);
	hist_memo_free(&x.h);
	blob_calls = 0;
	assert_int_equal(hist_blob_memo(&x.h, "len", (const unsigned char(*)[HIST_OID_LEN])ids, 4,
	                                0, blob_len, NULL, out),
	                 0);
	assert_memory_equal(out, want, sizeof(want));
	assert_true(blob_calls >= 2);
	/* a blob that is not there (nor kept) is an error, as with hist_blob_map */
	memset(ids[3], 0xab, HIST_OID_LEN);
	assert_int_equal(hist_blob_memo(&x.h, "len", (const unsigned char(*)[HIST_OID_LEN])ids, 4,
	                                0, blob_len, NULL, out),
	                 -1);
	free(path);
	fx_close(&x);
}

/* ops: the diff of a and b as a string of ' ', '-' and '+'. */
static void
ops(const char *a, const char *b, const char *want, size_t removed, size_t added)
{
	struct diff d;
	char got[64];
	diff_lines(&d, a, strlen(a), b, strlen(b));
	assert_true(d.n < sizeof(got));
	for (size_t i = 0; i < d.n; i++)
		got[i] = d.v[i].op == DIFF_DEL ? '-' : d.v[i].op == DIFF_ADD ? '+' : ' ';
	got[d.n] = '\0';
	assert_string_equal(got, want);
	assert_int_equal(d.removed, removed);
	assert_int_equal(d.added, added);
	diff_free(&d);
}

static void
test_diff(void **state)
{
	(void)state;
	ops("", "", "", 0, 0);
	ops("a\nb\nc\n", "a\nb\nc\n", "   ", 0, 0);
	ops("a\nb\nc\n", "a\nx\nc\n", " -+ ", 1, 1);
	ops("a\nb\n", "a\nb\nc\n", "  +", 0, 1);
	ops("a\nb\nc\n", "c\n", "-- ", 2, 0);
	/* line ends and a missing last line end are changes */
	ops("a\nb\n", "a\r\nb\n", "-+ ", 1, 1);
	ops("a\nb", "a\nb\n", " -+", 1, 1);
	/* the middle: a longest common subsequence */
	ops("x\na\nb\nc\ny\n", "x\nb\nc\nd\ny\n", " -  + ", 1, 1);
	/* too big a middle for the table: removed and added whole */
	struct buf a = {0}, b = {0};
	for (int i = 0; i < 3000; i++) {
		buf_printf(&a, "a%d\n", i);
		buf_printf(&b, "b%d\n", i);
	}
	struct diff d;
	diff_lines(&d, a.s, a.len, b.s, b.len);
	assert_int_equal(d.removed, 3000);
	assert_int_equal(d.added, 3000);
	diff_free(&d);
	buf_free(&a);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_amended),   cmocka_unit_test(test_future_entry),
		cmocka_unit_test(test_deleted),   cmocka_unit_test(test_reviews),
		cmocka_unit_test(test_diff),      cmocka_unit_test(test_blob_map),
		cmocka_unit_test(test_blob_memo),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

/* test_check.c: check's rules (check.h) on caseloads written to a temporary
 * folder, each problem asserted with its file, line and column; and the
 * order of a plan's goals, against the simple algorithm it replaced. */
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

#include <fcntl.h>

#include "check.h"
#include "records.h"
#include "util.h"
#include "write.h"

/* ---- the order of goals ---- */

/* plan_of: a plan of goals "id:after1,after2 id2: ..." (no steps); "-" is
 * a goal without an id. The caller frees it with free_plan. */
static struct plan
plan_of(const char *spec)
{
	struct plan pl = {0};
	char *s = xstrdup(spec);
	size_t cap = 0;
	for (char *save = NULL, *g = strtok_r(s, " ", &save); g; g = strtok_r(NULL, " ", &save)) {
		VEC_GROW(pl.goals, pl.ngoals, cap);
		struct goal *gl = &pl.goals[pl.ngoals++];
		memset(gl, 0, sizeof(*gl));
		char *colon = strchr(g, ':');
		if (colon)
			*colon = '\0';
		gl->id = strcmp(g, "-") == 0 ? NULL : xstrdup(g);
		if (colon && colon[1]) {
			for (char *sv = NULL, *a = strtok_r(colon + 1, ",", &sv); a;
			     a = strtok_r(NULL, ",", &sv)) {
				gl->after = xreallocarray(gl->after, gl->nafter + 1, sizeof(char *));
				gl->after[gl->nafter++] = xstrdup(a);
			}
		}
	}
	free(s);
	return pl;
}

static void
free_plan(struct plan *pl)
{
	for (size_t i = 0; i < pl->ngoals; i++) {
		for (size_t a = 0; a < pl->goals[i].nafter; a++)
			free(pl->goals[i].after[a]);
		free(pl->goals[i].after);
		free(pl->goals[i].id);
	}
	free(pl->goals);
}

/* old_order: the order as the site computed it before (quadratic passes of
 * a scan): repeatedly the first goal in plan order whose goals to build on
 * are all placed; in a cycle, the first not placed. The reference. */
static void
old_order(const struct plan *pl, size_t *order)
{
	size_t n = pl->ngoals, k = 0;
	unsigned char *placed = xcalloc(n ? n : 1, 1);
	while (k < n) {
		size_t pick = n;
		for (size_t i = 0; i < n && pick == n; i++) {
			if (placed[i])
				continue;
			const struct goal *g = &pl->goals[i];
			int ready = 1;
			for (size_t a = 0; a < g->nafter && ready; a++)
				for (size_t j = 0; j < n; j++)
					if (!placed[j] && j != i && pl->goals[j].id &&
					    strcmp(pl->goals[j].id, g->after[a]) == 0) {
						ready = 0;
						break;
					}
			if (ready)
				pick = i;
		}
		if (pick == n)
			for (size_t i = 0; i < n; i++)
				if (!placed[i]) {
					pick = i;
					break;
				}
		placed[pick] = 1;
		order[k++] = pick;
	}
	free(placed);
}

static void
new_order(const struct plan *pl, size_t *order)
{
	struct goal_index ix;
	goal_index_make(&ix, pl);
	goal_order(pl, &ix, order);
	goal_index_free(&ix);
}

/* order_str: the goal ids in goal_order's order, space-separated. */
static char *
order_str(const char *spec)
{
	struct plan pl = plan_of(spec);
	size_t order[32];
	new_order(&pl, order);
	struct buf b = {0};
	for (size_t i = 0; i < pl.ngoals; i++) {
		if (i)
			buf_putc(&b, ' ');
		buf_puts(&b, pl.goals[order[i]].id ? pl.goals[order[i]].id : "-");
	}
	free_plan(&pl);
	return buf_detach(&b);
}

#define assert_order(spec, want)                   \
	do {                                       \
		char *got_ = order_str(spec);      \
		assert_string_equal(got_, (want)); \
		free(got_);                        \
	} while (0)

static void
test_goal_order(void **state)
{
	(void)state;
	assert_order("a b c", "a b c");
	/* a goal comes after the goals it builds on */
	assert_order("home:income,work income work", "income work home");
	assert_order("c:b b:a a", "a b c");
	/* ties keep plan order */
	assert_order("x:z y z", "y z x");
	/* unknown goals named in after are ignored */
	assert_order("a:nope b", "a b");
	/* a cycle: the rest in plan order, after what can be placed */
	assert_order("a:b b:a c", "c a b");
	assert_order("", "");
	/* a goal that names itself waits for nothing */
	assert_order("a:a b", "a b");
	/* two goals with one id: a goal after it waits for both */
	assert_order("c:x x:b x b", "x b x c");
	/* a goal of a shared id after that id waits for the other one */
	assert_order("x:x x", "x x");
	assert_order("x:x y:x x:b b", "b x x y");
	/* goals without ids are placed in plan order */
	assert_order("-:a - a", "- a -");
}

/* test_goal_order_long_chain: 4,000 goals, each building on the next: the
 * last comes first. (The old order took cubic time here: 37 s to build.) */
static void
test_goal_order_long_chain(void **state)
{
	(void)state;
	size_t n = 4000;
	struct plan pl = {0};
	pl.goals = xcalloc(n, sizeof(*pl.goals));
	pl.ngoals = n;
	for (size_t i = 0; i < n; i++) {
		pl.goals[i].id = xasprintf("g%zu", i);
		if (i + 1 < n) {
			pl.goals[i].after = xmalloc(sizeof(char *));
			pl.goals[i].after[0] = xasprintf("g%zu", i + 1);
			pl.goals[i].nafter = 1;
		}
	}
	size_t *order = xmalloc(n * sizeof(*order));
	new_order(&pl, order);
	for (size_t k = 0; k < n; k++)
		assert_int_equal(order[k], n - 1 - k);
	free(order);
	free_plan(&pl);
}

/* test_goal_order_random: random small plans (shared ids, cycles, goals
 * naming themselves or nothing) in the order of the old algorithm. */
static void
test_goal_order_random(void **state)
{
	(void)state;
	static const char *const ids[] = {"a", "b", "c", "d", "e", "-"};
	unsigned seed = 12345;
	for (int round = 0; round < 5000; round++) {
		struct buf spec = {0};
		seed = seed * 1103515245u + 12345u;
		size_t n = (seed >> 16) % 9;
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			buf_printf(&spec, "%s%s", i ? " " : "", ids[(seed >> 16) % 6]);
			seed = seed * 1103515245u + 12345u;
			size_t na = (seed >> 16) % 4;
			for (size_t a = 0; a < na; a++) {
				seed = seed * 1103515245u + 12345u;
				buf_printf(&spec, "%s%s", a ? "," : ":", ids[(seed >> 16) % 5]);
			}
		}
		struct plan pl = plan_of(spec.s ? spec.s : "");
		size_t want[16], got[16];
		old_order(&pl, want);
		new_order(&pl, got);
		for (size_t i = 0; i < pl.ngoals; i++)
			if (want[i] != got[i])
				fail_msg("plan '%s': position %zu is goal %zu, not %zu", spec.s, i,
				         got[i], want[i]);
		free_plan(&pl);
		buf_free(&spec);
	}
}

/* ---- the rules, on caseloads in a temporary folder ---- */

static char root[64];

static int
setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/caseload-test-check-XXXXXX");
	return mkdtemp(root) ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	return rmtree(root);
}

/* put: writes text to rel under the caseload, its folders made. */
static void
put(const char *rel, const char *text)
{
	char *path = xasprintf("%s/%s", root, rel);
	char *slash = strrchr(path, '/');
	*slash = '\0';
	assert_int_equal(mkdir_p(AT_FDCWD, path, 0755, NULL), 0);
	*slash = '/';
	assert_int_equal(write_replace(path, text, strlen(text), 0644), 0);
	free(path);
}

static const char config[] = "organization: O\n"
			     "instrument: {name: I, scale: [1, 5], domains: {home: Home, work: Work}}\n"
			     "workers: {ana: {name: Ana}}\n"
			     "programs: {p: {reassess_every: 90d}}\n";

static const char case_yaml[] = "client: {name: X}\n"
				"program: p\n"
				"worker: ana\n"
				"opened: 2026-01-10\n"
				"status: open\n";

static int
day(const char *s)
{
	int v = DATE_NONE;
	assert_int_equal(date_parse(s, &v), 0);
	return v;
}

/* load: the caseload under root as of as_of, with (checked) or without
 * check's rules. */
static void
load(struct caseload *cl, const char *as_of, int checked)
{
	struct source src;
	assert_int_equal(source_fs_open(&src, root), SRC_OK);
	assert_int_equal(caseload_load(cl, &src, day(as_of), NULL, 0), 0);
	source_close(&src);
	if (checked)
		check_caseload(cl);
}

/* count: how many problems of code in file (NULL: any file). */
static size_t
count(const struct caseload *cl, const char *file, const char *code)
{
	size_t n = 0;
	for (size_t i = 0; i < cl->diags.n; i++)
		n += (!file || strcmp(cl->diags.v[i].file, file) == 0) &&
		     strcmp(cl->diags.v[i].code, code) == 0;
	return n;
}

/* expect: a problem of code at file:line:col whose message holds text. */
#define expect(cl, file, line, col, code, text) expect_at(cl, file, line, col, code, text, __LINE__)

static void
expect_at(const struct caseload *cl, const char *file, int line, int col, const char *code,
          const char *text, int src_line)
{
	for (size_t i = 0; i < cl->diags.n; i++) {
		const struct diag *d = &cl->diags.v[i];
		if (strcmp(d->file, file) == 0 && d->line == line && d->col == col &&
		    strcmp(d->code, code) == 0 && strstr(d->message, text))
			return;
	}
	struct buf b = {0};
	for (size_t i = 0; i < cl->diags.n; i++)
		buf_printf(&b, "\n  %s:%d:%d: %s (%s)", cl->diags.v[i].file, cl->diags.v[i].line,
		           cl->diags.v[i].col, cl->diags.v[i].message, cl->diags.v[i].code);
	fail_msg("line %d: no %s at %s:%d:%d with '%s'; got:%s", src_line, code, file, line, col,
	         text, b.s ? b.s : " nothing");
}

/* hint_at: the hint of the diagnostic of code at file:line:col ("" when it
 * has none), or NULL when there is no such diagnostic. */
static const char *
hint_at(const struct caseload *cl, const char *file, int line, int col, const char *code)
{
	for (size_t i = 0; i < cl->diags.n; i++) {
		const struct diag *d = &cl->diags.v[i];
		if (strcmp(d->file, file) == 0 && d->line == line && d->col == col &&
		    strcmp(d->code, code) == 0)
			return d->hint ? d->hint : "";
	}
	return NULL;
}

/* test_references: every reference from one file to another, at the
 * value that makes it, in one wording per kind of thing named, with the
 * nearest known id within two edits or up to ten known ones (SPEC §8). */
static void
test_references(void **state)
{
	(void)state;
	put("caseload.yaml", config);
	put("resources/legal.yaml", "name: Legal\ndomains: [home, money]\n");
	put("resources/broken.yaml", "name: [unclosed\n");
	put("cases/c1/case.yaml",
	    "client: {name: X}\nprogram: q\nworker: bob\nopened: 2026-01-10\n"
	    "status: open\nconsent: {signed: 2026-01-10, share_with: [legal, lgal, broken]}\n");
	put("cases/c1/plan.yaml", "goals:\n"
	                          "  - id: home\n    statement: S\n    domain: hom\n    measure: M\n"
	                          "    target: 2026-09-01\n    after: [job]\n"
	                          "    steps:\n      - {action: A, who: nobody, due: 2026-02-01}\n"
	                          "      - {action: B, who: legal, due: 2026-02-01}\n"
	                          "      - {action: C, who: broken, due: 2026-02-01}\n");
	put("cases/c1/notes/2026-02-01-visit.md",
	    "---\ndate: 2026-02-01\nby: bob\nkind: visit\ngoals: [home, jobs]\n---\nText.\n");
	struct caseload cl;
	load(&cl, "2026-03-01", 1);
	expect(&cl, "resources/legal.yaml", 2, 17, "unknown-ref", "the instrument has no domain 'money'");
	assert_string_equal(hint_at(&cl, "resources/legal.yaml", 2, 17, "unknown-ref"), "known: home, work");
	expect(&cl, "cases/c1/case.yaml", 2, 10, "unknown-ref", "no program 'q' in caseload.yaml");
	/* one letter: 'p' is within two edits */
	assert_string_equal(hint_at(&cl, "cases/c1/case.yaml", 2, 10, "unknown-ref"), "did you mean 'p'?");
	expect(&cl, "cases/c1/case.yaml", 3, 9, "unknown-ref", "no worker 'bob' in caseload.yaml");
	assert_string_equal(hint_at(&cl, "cases/c1/case.yaml", 3, 9, "unknown-ref"), "known: ana");
	expect(&cl, "cases/c1/case.yaml", 6, 51, "unknown-ref", "no resource 'lgal' in resources/");
	assert_string_equal(hint_at(&cl, "cases/c1/case.yaml", 6, 51, "unknown-ref"),
	                    "did you mean 'legal'?");
	/* a resource that failed to load is not unknown */
	assert_int_equal(count(&cl, "cases/c1/case.yaml", "unknown-ref"), 3);
	expect(&cl, "cases/c1/plan.yaml", 4, 13, "unknown-ref", "the instrument has no domain 'hom'");
	assert_string_equal(hint_at(&cl, "cases/c1/plan.yaml", 4, 13, "unknown-ref"), "did you mean 'home'?");
	expect(&cl, "cases/c1/plan.yaml", 7, 13, "unknown-ref", "the plan has no goal 'job'");
	assert_string_equal(hint_at(&cl, "cases/c1/plan.yaml", 7, 13, "unknown-ref"), "known: home");
	expect(&cl, "cases/c1/plan.yaml", 9, 26, "unknown-ref",
	       "who is client, worker or a resource in resources/, not 'nobody'");
	assert_string_equal(hint_at(&cl, "cases/c1/plan.yaml", 9, 26, "unknown-ref"),
	                    "known: client, worker, legal");
	/* `by`: the same words as case.yaml's worker */
	expect(&cl, "cases/c1/notes/2026-02-01-visit.md", 3, 5, "unknown-ref",
	       "no worker 'bob' in caseload.yaml");
	expect(&cl, "cases/c1/notes/2026-02-01-visit.md", 5, 15, "unknown-ref",
	       "the plan has no goal 'jobs'");
	/* legal is shared with, the broken resource is not judged */
	assert_int_equal(count(&cl, NULL, "no-consent"), 0);
	caseload_free(&cl);
}

/* test_dates: dates against each other and as-of, and file names. */
static void
test_dates(void **state)
{
	(void)state;
	put("caseload.yaml", config);
	put("cases/c1/case.yaml", "client: {name: X}\nprogram: p\nworker: ana\nopened: 2026-01-10\n"
	                          "status: closed\nclosed: 2026-01-05\n");
	put("cases/c2/case.yaml", "client: {name: Y}\nprogram: p\nworker: ana\nopened: 2026-01-10\n"
	                          "status: closed\nclosed: 2026-05-01\n");
	put("cases/c2/plan.yaml", "goals:\n  - id: a\n    statement: S\n    measure: M\n"
	                          "    target: 2026-09-01\n    status: achieved\n    achieved: 2026-04-01\n"
	                          "    steps:\n      - {action: A, who: client, due: 2026-02-01, "
	                          "status: done, done: 2026-04-02}\n"
	                          "  - id: b\n    statement: S\n    measure: M\n    target: 2026-06-01\n"
	                          "    after: [a]\n");
	put("cases/c2/assessments/2026-01-05.yaml",
	    "date: 2026-01-06\nby: ana\nscores: {home: 1, work: 1}\n");
	put("cases/c2/notes/2026-04-01-visit.md", "---\ndate: 2026-04-01\nby: ana\nkind: visit\n---\n");
	struct caseload cl;
	load(&cl, "2026-03-01", 1);
	expect(&cl, "cases/c1/case.yaml", 6, 9, "bad-value", "closed 2026-01-05 is before opened");
	expect(&cl, "cases/c2/case.yaml", 6, 9, "bad-value", "closed 2026-05-01 is after today");
	expect(&cl, "cases/c2/plan.yaml", 7, 15, "bad-value", "achieved 2026-04-01 is after today");
	expect(&cl, "cases/c2/plan.yaml", 9, 71, "bad-value", "done 2026-04-02 is after today");
	/* b (target June) builds on a (target September) */
	expect(&cl, "cases/c2/plan.yaml", 14, 13, "date-order", "whose target 2026-09-01 is later");
	expect(&cl, "cases/c2/assessments/2026-01-05.yaml", 1, 7, "file-name",
	       "the file name says 2026-01-05 but the date is 2026-01-06");
	expect(&cl, "cases/c2/assessments/2026-01-05.yaml", 1, 7, "date-order",
	       "before the case was opened on 2026-01-10");
	expect(&cl, "cases/c2/notes/2026-04-01-visit.md", 2, 7, "date-order", "after today");
	caseload_free(&cl);
	/* as of later, nothing is after today */
	load(&cl, "2026-12-31", 1);
	assert_int_equal(count(&cl, "cases/c2/plan.yaml", "bad-value"), 0);
	assert_int_equal(count(&cl, "cases/c2/notes/2026-04-01-visit.md", "date-order"), 0);
	caseload_free(&cl);
}

/* test_goals: duplicate ids at each later one, a cycle at the entry that
 * closes it, consent to share with a step's resource. */
static void
test_goals(void **state)
{
	(void)state;
	put("caseload.yaml", config);
	put("resources/legal.yaml", "name: Legal\n");
	put("cases/c1/case.yaml", case_yaml);
	put("cases/c1/plan.yaml", "goals:\n"
	                          "  - {id: a, statement: S, measure: M, target: 2026-09-01, after: [b]}\n"
	                          "  - {id: b, statement: S, measure: M, target: 2026-09-01, after: [a]}\n"
	                          "  - {id: a, statement: S, measure: M, target: 2026-09-01}\n"
	                          "  - {id: c, statement: S, measure: M, target: 2026-09-01,\n"
	                          "     steps: [{action: A, who: legal, due: 2026-02-01}]}\n");
	struct caseload cl;
	load(&cl, "2026-03-01", 1);
	expect(&cl, "cases/c1/plan.yaml", 4, 10, "duplicate-id", "used twice (first at line 2)");
	assert_int_equal(count(&cl, NULL, "duplicate-id"), 1);
	expect(&cl, "cases/c1/plan.yaml", 3, 67, "cycle", "'a' -> 'b' -> 'a'");
	assert_int_equal(count(&cl, NULL, "cycle"), 1);
	expect(&cl, "cases/c1/plan.yaml", 6, 31, "no-consent", "referral to 'legal'");
	caseload_free(&cl);
}

/* test_scores: a domain the instrument lacks, a score off the scale, a
 * domain left unscored; only the scores that count stay. */
static void
test_scores(void **state)
{
	(void)state;
	put("caseload.yaml", config);
	put("cases/c1/case.yaml", case_yaml);
	put("cases/c1/assessments/2026-01-10.yaml",
	    "date: 2026-01-10\nby: ana\nscores:\n  home: 7\n  money: 2\n");
	put("cases/c1/assessments/2026-02-10.yaml",
	    "date: 2026-02-10\nby: ana\nscores:\n  home: 3\n  work: ~\n");
	struct caseload cl;
	load(&cl, "2026-03-01", 0);
	/* the loader keeps every score as written */
	const struct case_record *c = cl_case(&cl, "c1");
	assert_int_equal(c->assessments[0].nscores, 2);
	assert_int_equal(count(&cl, NULL, "score-range") + count(&cl, NULL, "unscored"), 0);
	check_caseload(&cl);
	const char *f1 = "cases/c1/assessments/2026-01-10.yaml",
		   *f2 = "cases/c1/assessments/2026-02-10.yaml";
	expect(&cl, f1, 4, 9, "score-range", "score 7 for 'home' is outside the scale 1 to 5");
	expect(&cl, f1, 5, 3, "unknown-ref", "the instrument has no domain 'money'");
	expect(&cl, f1, 4, 3, "unscored", "domain 'work' is not scored");
	/* a score off the scale is reported as such, not as unscored */
	assert_int_equal(count(&cl, f1, "unscored"), 1);
	/* a null score is no score */
	expect(&cl, f2, 4, 3, "unscored", "domain 'work' is not scored");
	assert_int_equal(count(&cl, f2, "unscored"), 1);
	assert_int_equal(c->assessments[0].nscores, 0);
	assert_int_equal(c->assessments[1].nscores, 1);
	assert_string_equal(c->assessments[1].scores[0].domain, "home");
	assert_int_equal(c->assessments[1].scores[0].value, 3);
	caseload_free(&cl);
}

/* test_failed_files: references into a file that failed to load are not
 * reported; without caseload.yaml no reference is. */
static void
test_failed_files(void **state)
{
	(void)state;
	put("caseload.yaml", config);
	put("cases/c1/case.yaml", case_yaml);
	put("cases/c1/plan.yaml", "goals: [unclosed\n");
	put("cases/c1/notes/2026-02-01-visit.md",
	    "---\ndate: 2026-02-01\nby: ana\nkind: visit\ngoals: [home]\n---\n");
	struct caseload cl;
	load(&cl, "2026-03-01", 1);
	assert_int_equal(count(&cl, NULL, "unknown-ref"), 0);
	caseload_free(&cl);
	put("caseload.yaml", "organization: [unclosed\n");
	put("cases/c1/plan.yaml", "goals: []\n");
	put("cases/c1/case.yaml", "client: {name: X}\nprogram: nope\nworker: nobody\n"
	                          "opened: 2026-01-10\nstatus: open\n");
	load(&cl, "2026-03-01", 1);
	assert_int_equal(count(&cl, NULL, "unknown-ref"), 1); /* the plan has no goal 'home' */
	expect(&cl, "cases/c1/notes/2026-02-01-visit.md", 5, 9, "unknown-ref", "no goal 'home'");
	caseload_free(&cl);
}

/* test_reference_list: more than ten known ids and none near: the first
 * ten, then how many more. */
static void
test_reference_list(void **state)
{
	(void)state;
	put("caseload.yaml", "organization: O\n"
	                     "instrument: {name: I, scale: [1, 5], domains: {home: Home}}\n"
	                     "workers: {w01: {name: A}, w02: {name: A}, w03: {name: A}, "
	                     "w04: {name: A}, w05: {name: A}, w06: {name: A}, w07: {name: A}, "
	                     "w08: {name: A}, w09: {name: A}, w10: {name: A}, w11: {name: A}, "
	                     "w12: {name: A}}\n"
	                     "programs: {p: {reassess_every: 90d}}\n");
	put("cases/c1/case.yaml", "client: {name: X}\nprogram: p\nworker: somebody\n"
	                          "opened: 2026-01-10\nstatus: open\n");
	struct caseload cl;
	load(&cl, "2026-03-01", 1);
	assert_string_equal(hint_at(&cl, "cases/c1/case.yaml", 3, 9, "unknown-ref"),
	                    "known: w01, w02, w03, w04, w05, w06, w07, w08, w09, w10 and 2 more");
	caseload_free(&cl);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_goal_order),
		cmocka_unit_test(test_goal_order_long_chain),
		cmocka_unit_test(test_goal_order_random),
		cmocka_unit_test_setup_teardown(test_references, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reference_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_goals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scores, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_files, setup, teardown),
	};
	return cmocka_run_group_tests_name("check", tests, NULL, NULL);
}

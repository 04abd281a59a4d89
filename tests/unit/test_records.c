/* test_records.c: the loader (records.h) on caseloads in a temporary
 * folder: each problem of a file's own shape at its file, line and column;
 * nothing between files or against as-of (that is check's); and the model
 * it makes, with the positions check reads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <fcntl.h>

#include "records.h"
#include "util.h"
#include "write.h"

static char root[64];

static int
setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/caseload-test-records-XXXXXX");
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

static int
day(const char *s)
{
	int v = DATE_NONE;
	assert_int_equal(date_parse(s, &v), 0);
	return v;
}

static int
load_only(struct caseload *cl, const char *as_of, char *const *only, size_t nonly)
{
	struct source src;
	assert_int_equal(source_fs_open(&src, root), SRC_OK);
	int r = caseload_load(cl, &src, day(as_of), only, nonly);
	source_close(&src);
	return r;
}

static void
load(struct caseload *cl, const char *as_of)
{
	assert_int_equal(load_only(cl, as_of, NULL, 0), 0);
}

static size_t
count(const struct caseload *cl, const char *code)
{
	size_t n = 0;
	for (size_t i = 0; i < cl->diags.n; i++)
		n += strcmp(cl->diags.v[i].code, code) == 0;
	return n;
}

/* no_problems: the loader reported nothing (else each problem is listed). */
static void
no_problems(const struct caseload *cl)
{
	if (!cl->diags.n)
		return;
	struct buf b = {0};
	for (size_t i = 0; i < cl->diags.n; i++)
		buf_printf(&b, "\n  %s:%d:%d: %s (%s)", cl->diags.v[i].file, cl->diags.v[i].line,
		           cl->diags.v[i].col, cl->diags.v[i].message, cl->diags.v[i].code);
	fail_msg("problems:%s", b.s);
}

#define expect(cl, file, line, col, code, text) expect_at(cl, file, line, col, code, text, __LINE__)

static void
expect_at(const struct caseload *cl, const char *file, int line, int col, const char *code,
          const char *text, int src_line)
{
	for (size_t i = 0; i < cl->diags.n; i++) {
		const struct diag *d = &cl->diags.v[i];
		if (strcmp(d->file, file) == 0 && d->line == line && d->col == col &&
		    strcmp(d->code, code) == 0 &&
		    (strstr(d->message, text) || (d->hint && strstr(d->hint, text))))
			return;
	}
	struct buf b = {0};
	for (size_t i = 0; i < cl->diags.n; i++)
		buf_printf(&b, "\n  %s:%d:%d: %s (%s)", cl->diags.v[i].file, cl->diags.v[i].line,
		           cl->diags.v[i].col, cl->diags.v[i].message, cl->diags.v[i].code);
	fail_msg("line %d: no %s at %s:%d:%d with '%s'; got:%s", src_line, code, file, line, col,
	         text, b.s ? b.s : " nothing");
}

/* test_shape: each problem of a file's own shape, where it is written. */
static void
test_shape(void **state)
{
	(void)state;
	put("caseload.yaml", config);
	put("cases/c1/case.yaml", "client: {name: X, nmae: Y}\nprogram: p\nworker: ana\n"
	                          "opened: 2026-02-30\nstatus: closd\nrisk: [high]\n");
	put("cases/c2/case.yaml", "program: p\nworker: ana\nopened: 2026-01-01\nstatus: closed\n");
	put("cases/c3/case.yaml", "client: {name: Z}\nprogram: p\nworker: ana\nopened: 1.1.2026\n"
	                          "status: open\nclosed: 2026-02-01\n");
	put("cases/c3/plan.yaml", "goals:\n  - id: has space\n    statement: S\n    status: achieved\n");
	put("cases/c3/notes/2026-02-01-visit.md",
	    "---\ndate: 2026-02-01\nby: ana\nkind: visit\nminutes: -5\n---\n");
	put("cases/bad id/case.yaml", "client: {name: Q}\n");
	put("cases/c4/notes/x.md", "");
	struct caseload cl;
	load(&cl, "2026-03-01");
	expect(&cl, "cases/c1/case.yaml", 1, 19, "unknown-key", "did you mean 'name'?");
	expect(&cl, "cases/c1/case.yaml", 4, 9, "bad-date", "not a day on the calendar");
	expect(&cl, "cases/c1/case.yaml", 5, 9, "bad-value", "'closd' is not a valid status");
	expect(&cl, "cases/c1/case.yaml", 6, 7, "bad-type", "'risk' must be a string");
	/* a missing key is reported at the first key of the mapping lacking it */
	expect(&cl, "cases/c2/case.yaml", 1, 1, "missing-field", "the case has no 'client'");
	expect(&cl, "cases/c2/case.yaml", 1, 1, "missing-field", "a closed case has no 'closed'");
	expect(&cl, "cases/c3/case.yaml", 4, 9, "bad-date", "YYYY-MM-DD");
	expect(&cl, "cases/c3/case.yaml", 6, 9, "bad-value", "the status is not closed");
	expect(&cl, "cases/c3/plan.yaml", 2, 9, "bad-id", "'has space' is not a valid goal id");
	expect(&cl, "cases/c3/plan.yaml", 2, 5, "not-smart", "has no measure");
	expect(&cl, "cases/c3/plan.yaml", 2, 5, "not-smart", "has no target date");
	expect(&cl, "cases/c3/plan.yaml", 2, 5, "missing-field", "an achieved goal has no 'achieved'");
	expect(&cl, "cases/c3/notes/2026-02-01-visit.md", 5, 10, "bad-value", "minutes cannot be negative");
	expect(&cl, "cases/bad id", 0, 0, "bad-id", "'bad id' is not a valid case id");
	expect(&cl, "cases/c4/case.yaml", 0, 0, "missing-field", "the case has no case.yaml");
	expect(&cl, "cases/c4/notes/x.md", 1, 1, "yaml-syntax", "the note has no front matter");
	caseload_free(&cl);
}

/* test_no_relations: what is between files or against as-of waits for
 * check: the loader's problems do not depend on as-of or on other files. */
static void
test_no_relations(void **state)
{
	(void)state;
	put("caseload.yaml", config);
	put("cases/c1/case.yaml",
	    "client: {name: X}\nprogram: nope\nworker: bob\nopened: 2026-01-10\n"
	    "status: closed\nclosed: 2026-01-01\nconsent: {share_with: [nobody]}\n");
	put("cases/c1/plan.yaml", "goals:\n  - {id: a, statement: S, domain: x, measure: M, "
	                          "target: 2026-09-01, after: [zz], status: achieved, achieved: 2027-01-01}\n"
	                          "  - {id: a, statement: S, measure: M, target: 2026-09-01}\n");
	put("cases/c1/assessments/2025-01-01.yaml", "date: 2027-01-01\nby: bob\nscores: {home: 9, x: 1}\n");
	put("cases/c1/notes/2026-02-01-visit.md",
	    "---\ndate: 2028-02-01\nby: bob\nkind: visit\ngoals: [none]\n---\nText.\n");
	struct caseload a, b;
	load(&a, "2026-03-01");
	load(&b, "2030-01-01");
	no_problems(&a);
	no_problems(&b);
	/* what check needs is kept */
	const struct case_record *c = cl_case(&a, "c1");
	assert_int_equal(c->program_pos.line, 2);
	assert_int_equal(c->program_pos.col, 10);
	assert_int_equal(c->worker_pos.line, 3);
	assert_int_equal(c->closed_pos.line, 6);
	assert_int_equal(c->closed_pos.col, 9);
	assert_int_equal(c->share_pos[0].line, 7);
	assert_int_equal(c->share_pos[0].col, 24);
	assert_int_equal(c->plan.goals[1].id_pos.line, 3);
	assert_int_equal(c->plan.goals[1].id_pos.col, 10);
	assert_int_equal(c->plan.goals[0].domain_pos.col, 35);
	assert_int_equal(c->plan.goals[0].achieved_pos.line, 2);
	const struct assessment *as = &c->assessments[0];
	assert_int_equal(as->date_pos.line, 1);
	assert_int_equal(as->by_pos.line, 2);
	assert_int_equal(as->nscores, 2); /* off the scale and unknown: check's to say */
	assert_int_equal(as->scores[0].value, 9);
	assert_int_equal(as->scores[0].value_pos.col, 16);
	assert_int_equal(as->scores[1].pos.col, 19);
	assert_int_equal(c->notes[0].goal_pos[0].line, 5);
	assert_int_equal(c->notes[0].goal_pos[0].col, 9);
	caseload_free(&a);
	caseload_free(&b);
}

/* test_model: what the loader makes of good records. */
static void
test_model(void **state)
{
	(void)state;
	put("caseload.yaml", config);
	put("resources/legal.yaml", "name: Legal Aid\nservices: [advice]\n");
	put("cases/c1/case.yaml",
	    "client: {name: Xu Li, born: 1990-05-06}\nprogram: p\nworker: ana\n"
	    "opened: 2026-01-10\nstatus: open\nrisk: high\nconsent: {signed: 2026-01-10}\n");
	put("cases/c1/plan.yaml", "goals: []\n");
	put("cases/c1/assessments/2026-02-01.yaml",
	    "date: 2026-02-01\nby: ana\nscores: {home: 2, work: 3}\n");
	put("cases/c1/assessments/2026-01-11.yaml",
	    "date: 2026-01-11\nby: ana\nscores: {home: 1, work: 1}\n");
	put("cases/c1/notes/2026-01-12-phone.md",
	    "---\ndate: 2026-01-12\nby: ana\nkind: phone\nminutes: 15\n---\nCalled.\n\nAgain.\n");
	put("cases/c1/scan.pdf", "%PDF-1.4\n");
	struct caseload cl;
	load(&cl, "2026-03-01");
	no_problems(&cl);
	assert_true(cl.config.loaded);
	assert_int_equal(cl.nresources, 1);
	assert_string_equal(cl.resources[0].name, "Legal Aid");
	const struct case_record *c = cl_case(&cl, "c1");
	assert_non_null(c);
	assert_true(c->loaded);
	assert_string_equal(c->client_name, "Xu Li");
	assert_int_equal(c->born, day("1990-05-06"));
	assert_int_equal(c->risk, RISK_HIGH);
	/* a plan without goals yet */
	assert_true(c->plan.present && c->plan.loaded);
	assert_int_equal(c->plan.ngoals, 0);
	/* assessments by date, the first an intake when no kind is given */
	assert_int_equal(c->nassessments, 2);
	assert_int_equal(c->assessments[0].date, day("2026-01-11"));
	assert_int_equal(c->assessments[0].kind, ASSESS_INTAKE);
	assert_int_equal(c->assessments[1].kind, ASSESS_REASSESSMENT);
	assert_int_equal(c->nnotes, 1);
	assert_int_equal(c->notes[0].kind, NOTE_PHONE);
	assert_int_equal(c->notes[0].minutes, 15);
	assert_string_equal(c->notes[0].body, "Called.\n\nAgain.\n");
	assert_int_equal(c->notes[0].body_line, 7);
	assert_int_equal(c->nattachments, 1);
	assert_string_equal(c->attachments[0].name, "scan.pdf");
	assert_int_equal(c->attachments[0].size, 9);
	caseload_free(&cl);
}

/* test_failed: a file that failed to load is reported and then absent. */
static void
test_failed(void **state)
{
	(void)state;
	put("caseload.yaml", config);
	put("resources/broken.yaml", "name: [unclosed\n");
	put("cases/c1/case.yaml", "client: {name: X}\nprogram: p\nworker: ana\nopened: 2026-01-10\n"
	                          "status: open\n");
	put("cases/c1/plan.yaml", "goals: &a [x]\n");
	struct caseload cl;
	load(&cl, "2026-03-01");
	assert_int_equal(count(&cl, "yaml-syntax"), 1);
	assert_int_equal(count(&cl, "alias"), 1);
	assert_int_equal(cl.nresources, 0);
	assert_int_equal(cl.nfailed_resources, 1);
	assert_string_equal(cl.failed_resources[0], "broken");
	const struct case_record *c = cl_case(&cl, "c1");
	assert_true(c->plan.present);
	assert_false(c->plan.loaded);
	caseload_free(&cl);
}

/* test_only: only the cases named are loaded; a case not there is -1. */
static void
test_only(void **state)
{
	(void)state;
	put("caseload.yaml", config);
	put("cases/c1/case.yaml", "client: {name: X}\n");
	put("cases/c2/case.yaml", "client: {name: Y}\n");
	struct caseload cl;
	char *only[] = {"c2"};
	assert_int_equal(load_only(&cl, "2026-03-01", only, 1), 0);
	assert_int_equal(cl.ncases, 1);
	assert_string_equal(cl.cases[0].id, "c2");
	caseload_free(&cl);
	char *none[] = {"c9"};
	assert_int_equal(load_only(&cl, "2026-03-01", none, 1), -1);
	caseload_free(&cl);
}

/* test_bodies: check and due (bodies not wanted) copy no note body, yet
 * know a blank one; build's load has each body. Twice each way, so that the
 * second load may come from the parse cache. */
static void
test_bodies(void **state)
{
	(void)state;
	put("caseload.yaml", config);
	put("cases/c1/case.yaml", "client: {name: X}\nprogram: p\nworker: ana\n"
	                          "opened: 2026-01-01\nstatus: open\n");
	put("cases/c1/notes/2026-02-01-visit.md",
	    "---\ndate: 2026-02-01\nby: ana\nkind: visit\n---\nSeen at home.\n");
	put("cases/c1/notes/2026-02-02-call.md", "---\ndate: 2026-02-02\nby: ana\nkind: call\n---\n \n\t\n");
	for (int round = 0; round < 4; round++) {
		int bodies = round >= 2;
		struct caseload cl;
		struct source src;
		assert_int_equal(source_fs_open(&src, root), SRC_OK);
		struct load_opts o = {day("2026-03-01"), NULL, 0, bodies, NULL};
		assert_int_equal(caseload_load_with(&cl, &src, &o), 0);
		source_close(&src);
		assert_int_equal(cl.ncases, 1);
		assert_int_equal(cl.cases[0].nnotes, 2);
		const struct note *seen = NULL, *blank = NULL;
		for (size_t i = 0; i < 2; i++) {
			const struct note *n = &cl.cases[0].notes[i];
			if (strstr(n->file, "visit"))
				seen = n;
			else
				blank = n;
		}
		assert_non_null(seen);
		assert_non_null(blank);
		assert_false(seen->body_blank);
		assert_true(blank->body_blank);
		assert_int_equal(count(&cl, "empty-note"), 1);
		if (bodies) {
			assert_non_null(seen->body);
			assert_string_equal(seen->body, "Seen at home.\n");
		} else {
			assert_null(seen->body);
			assert_null(blank->body);
		}
		caseload_free(&cl);
	}
}

/* plan_text_has_goals: an old plan has a goal as load_plan counts them */
static void
test_plan_has_goals(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int has;
	} cases[] = {
		{"goals:\n  # - id: housing\n", 0},                   /* new case's skeleton */
		{"", 0},                                              /* empty */
		{"goals: []\n", 0},                                   /* none */
		{"goals: [find a home]\n", 0},                        /* words are no goals */
		{"goals: {id: x}\n", 0},                              /* not a list */
		{"- goals: [{id: x}]\n", 0},                          /* not a mapping */
		{"goals:\n  - id: x\n    statement: [unclosed\n", 0}, /* does not load */
		{"goals: [{id: x}]\ngoals: [{id: y}]\n", 1},          /* the first stays */
		{"goals:\n  - statement: no id, still a goal\n", 1},
		{"\xEF\xBB\xBFgoals:\n  - id: x\n", 1}, /* a BOM */
		{"goals: [a, {id: x}]\n", 1},
		{"goals: &a [{id: x}]\n", 0}, /* an anchor: the file fails */
	};
	put("caseload.yaml", config);
	put("cases/c/case.yaml", "client: {name: C}\nprogram: p\nworker: ana\nopened: 2026-01-01\n"
	                         "status: open\nrisk: low\n");
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		const char *t = cases[i].text;
		if (plan_text_has_goals(t, strlen(t)) != cases[i].has)
			fail_msg("plan %zu: '%s': want %d", i, t, cases[i].has);
		/* the loader agrees: the rule of the plan due item */
		struct caseload cl;
		put("cases/c/plan.yaml", t);
		load(&cl, "2026-02-01");
		const struct plan *pl = &cl.cases[0].plan;
		if ((pl->loaded && pl->ngoals > 0) != cases[i].has)
			fail_msg("plan %zu: the loader has %zu goals", i, pl->ngoals);
		caseload_free(&cl);
	}
	/* UTF-16 is not a plan */
	static const char u16[] = "\xFF\xFEg\0o\0a\0l\0s\0:\0";
	assert_int_equal(plan_text_has_goals(u16, sizeof(u16) - 1), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_shape, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_relations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_model, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bodies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan_has_goals, setup, teardown),
	};
	return cmocka_run_group_tests_name("records", tests, NULL, NULL);
}

/* test_writers.c: CSV and YAML quoting (out.c) and relative paths (write.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "out.h"
#include "schemas.h"
#include "write.h"

/* csv: the text out_csv_row writes for fields of kinds (NULL: text). The
 * caller frees it. */
static char *
csv(const char *const *fields, const enum csv_cell *kinds, size_t n)
{
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);
	out_csv_row(f, fields, kinds, n);
	fclose(f);
	return s;
}

static void
csv_is(const char *const *fields, size_t n, const char *want)
{
	char *s = csv(fields, NULL, n);
	assert_string_equal(s, want);
	free(s);
}

static void
csv_kinds_is(const char *const *fields, const enum csv_cell *kinds, size_t n, const char *want)
{
	char *s = csv(fields, kinds, n);
	assert_string_equal(s, want);
	free(s);
}

static void
test_csv_quoting(void **state)
{
	(void)state;
	const char *plain[] = {"a", "b c", "María"};
	csv_is(plain, 3, "a,b c,María\r\n");
	const char *special[] = {"x,y", "say \"hi\"", "two\nlines", "cr\r", ""};
	csv_is(special, 5, "\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\",\r\n");
	const char *nulls[] = {NULL, "1", NULL};
	csv_is(nulls, 3, ",1,\r\n");
	csv_is(NULL, 0, "\r\n");
}

/* SPEC §4: text that a spreadsheet would run gets a leading '; numbers stay
 * numbers; a "number" that is not one is text. */
static void
test_csv_formulas(void **state)
{
	(void)state;
	const char *hostile[] = {
		"=HYPERLINK(\"http://evil.example\",\"x\")", "+1", "-1+1", "@SUM(A1)", "\tx", "\rx", "a=b", "", "'=x"};
	csv_is(hostile, 9,
	       "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",'+1,'-1+1,'@SUM(A1),'\tx,"
	       "\"'\rx\",a=b,,'=x\r\n");
	const char *guarded_commas[] = {"=a,b", "-x\ny"};
	csv_is(guarded_commas, 2, "\"'=a,b\",\"'-x\ny\"\r\n");
	/* days, counts and scores: numbers; a date is text that begins with a digit */
	const enum csv_cell k[] = {CSV_NUMBER, CSV_NUMBER, CSV_NUMBER,
	                           CSV_TEXT,   CSV_TEXT,   CSV_NUMBER};
	const char *nums[] = {"-3", "0", "-1.5", "-3", "2026-01-10", NULL};
	csv_kinds_is(nums, k, 6, "-3,0,-1.5,'-3,2026-01-10,\r\n");
	/* labelled a number but not one: text after all */
	const char *fake[] = {"-1+1", "=1", "-", "-.5", "1.", "+3", "-3 ", "--3"};
	const enum csv_cell all[] = {CSV_NUMBER, CSV_NUMBER, CSV_NUMBER, CSV_NUMBER,
	                             CSV_NUMBER, CSV_NUMBER, CSV_NUMBER, CSV_NUMBER};
	csv_kinds_is(fake, all, 8, "'-1+1,'=1,'-,'-.5,1.,'+3,'-3 ,'--3\r\n");
}

static void
yaml_is(const char *s, const char *want)
{
	struct buf b = {0};
	out_yaml_str(&b, s);
	assert_string_equal(b.s, want);
	buf_free(&b);
}

static void
test_yaml_scalars(void **state)
{
	(void)state;
	yaml_is("María López", "María López");
	yaml_is("Jo O'Neil-Smith", "Jo O'Neil-Smith");
	yaml_is("null", "\"null\"");
	yaml_is("No", "\"No\"");
	yaml_is("2026-01-01", "\"2026-01-01\"");
	yaml_is("a: b", "\"a: b\"");
	yaml_is("x #1", "\"x #1\"");
	yaml_is("- dash", "\"- dash\"");
	yaml_is("trailing ", "\"trailing \"");
	yaml_is("", "\"\"");
	yaml_is("say \"hi\" \\ back", "\"say \\\"hi\\\" \\\\ back\"");
	yaml_is("tab\there\nnl\x01", "\"tab\\there\\nnl\\x01\"");
}

static void
rel_is(const char *base, const char *abs, const char *want)
{
	char *r = path_rel(base, abs);
	assert_string_equal(r, want);
	free(r);
}

static void
test_path_rel(void **state)
{
	(void)state;
	rel_is("/a/b", "/a/b/cases/x/case.yaml", "cases/x/case.yaml");
	rel_is("/a/b", "/a/b", ".");
	rel_is("/a/b/sub/deeper", "/a/b/cases/x", "../../cases/x");
	rel_is("/a/b", "/a", "..");
	rel_is("/a/b", "/a/bc/d", "../bc/d");
	rel_is("/a/bc", "/a/b/d", "../b/d");
	rel_is("/", "/a/b", "a/b");
	rel_is("/a", "/", "..");
}

static void
test_schemas_built_in(void **state)
{
	(void)state;
	size_t n = 0;
	for (const struct schema_file *s = schema_files; s->name; s++, n++)
		assert_true(s->text[0] == '{');
	assert_int_equal(n, 7); /* caseload, resource, case, plan, assessment, note, reviews */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_quoting),      cmocka_unit_test(test_csv_formulas),
		cmocka_unit_test(test_yaml_scalars),     cmocka_unit_test(test_path_rel),
		cmocka_unit_test(test_schemas_built_in),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_report.c: the report's arithmetic (outcomes.h): rounding halves away
 * from zero, actuals null on a zero denominator, calendar quarters; and
 * the hash and base64 that let its inline style sheet through the page's
 * Content-Security-Policy. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "date.h"
#include "outcomes.h"
#include "sha256.h"
#include "util.h"

static void
test_tenths(void **state)
{
	(void)state;
	assert_int_equal(report_tenths(1, 3), 3);   /* 0.333 */
	assert_int_equal(report_tenths(2, 3), 7);   /* 0.667 */
	assert_int_equal(report_tenths(1, 4), 3);   /* 0.25: the half up */
	assert_int_equal(report_tenths(-1, 4), -3); /* -0.25: away from zero */
	assert_int_equal(report_tenths(3, 4), 8);   /* 0.75 */
	assert_int_equal(report_tenths(-3, 4), -8); /* -0.75 */
	assert_int_equal(report_tenths(-1, 3), -3); /* -0.333 */
	assert_int_equal(report_tenths(0, 7), 0);
	assert_int_equal(report_tenths(300, 7), 429); /* 3 of 7 as a percentage: 42.857 */
	assert_int_equal(report_tenths(100, 8), 125); /* 12.5 exactly */
	assert_int_equal(report_tenths(1, 2000), 0);  /* 0.0005 */
	assert_int_equal(report_tenths(1, 20), 1);    /* 0.05: the half, up */
	assert_int_equal(report_tenths(-1, 20), -1);  /* -0.05: down */
}

static void
test_actual(void **state)
{
	(void)state;
	struct report_figures f;
	memset(&f, 0, sizeof(f));
	long t = -1;
	for (int m = 0; m < METRIC_N; m++)
		assert_int_equal(report_actual(&f, (enum metric)m, &t), 0);
	assert_int_equal(t, -1); /* untouched */
	f.exited = 3;
	f.exits[DEST_PERMANENT] = 2;
	assert_int_equal(report_actual(&f, METRIC_EXITS_PERMANENT, &t), 1);
	assert_int_equal(t, 667);
	f.goals_due = 2;
	f.goals_achieved = 2;
	assert_int_equal(report_actual(&f, METRIC_GOALS_ACHIEVED, &t), 1);
	assert_int_equal(t, 1000);
	f.fa_cases = 8;
	f.fa_on_time = 1;
	assert_int_equal(report_actual(&f, METRIC_FIRST_ASSESSMENT_ON_TIME, &t), 1);
	assert_int_equal(t, 125);
	f.fu_due = 7;
	f.fu_reached = 0;
	assert_int_equal(report_actual(&f, METRIC_FOLLOWUPS_REACHED, &t), 1);
	assert_int_equal(t, 0);
}

static void
check_quarter(const char *day, int q, const char *from, const char *to)
{
	int d, f, t;
	char a[11], b[11];
	assert_int_equal(date_parse(day, &d), 0);
	report_quarter(d, q, &f, &t);
	date_format(f, a);
	date_format(t, b);
	assert_string_equal(a, from);
	assert_string_equal(b, to);
}

static void
test_quarters(void **state)
{
	(void)state;
	check_quarter("2026-11-23", 0, "2026-10-01", "2026-12-31");
	check_quarter("2026-11-23", 3, "2026-01-01", "2026-03-31");
	check_quarter("2026-01-01", 1, "2025-10-01", "2025-12-31");
	check_quarter("2026-03-31", 0, "2026-01-01", "2026-03-31");
	check_quarter("2024-05-10", 1, "2024-01-01", "2024-03-31");
	check_quarter("2024-05-10", 0, "2024-04-01", "2024-06-30");
	check_quarter("2025-08-01", 5, "2024-04-01", "2024-06-30");
}

/* b64sha: base64 of the SHA-256 of s, as a Content-Security-Policy writes it. */
static char *
b64sha(const char *s, size_t n)
{
	unsigned char d[32];
	struct buf b = {0};
	sha256(s, n, d);
	buf_base64(&b, d, sizeof(d));
	return buf_detach(&b);
}

static void
test_sha256(void **state)
{
	(void)state;
	char *h = b64sha("", 0);
	assert_string_equal(h, "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
	free(h);
	h = b64sha("abc", 3);
	assert_string_equal(h, "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
	free(h);
	/* two blocks: 56 octets leave no room for the length in the first */
	const char *s56 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	h = b64sha(s56, strlen(s56));
	assert_string_equal(h, "JI1qYdIGOLjlwCaTDD5gOaM85Flk/yFn9uzt1BnbBsE=");
	free(h);
}

static void
test_base64(void **state)
{
	(void)state;
	const char *in[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
	const char *out[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
	for (size_t i = 0; i < 7; i++) {
		struct buf b = {0};
		buf_base64(&b, in[i], strlen(in[i]));
		assert_string_equal(b.s ? b.s : "", out[i]);
		buf_free(&b);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tenths),   cmocka_unit_test(test_actual),
		cmocka_unit_test(test_quarters), cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_base64),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_date.c: civil dates and durations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "date.h"

static int
d(const char *s)
{
	int v = DATE_NONE;
	assert_int_equal(date_parse(s, &v), 0);
	return v;
}

static void
fmt_is(int days, const char *want)
{
	char buf[11];
	date_format(days, buf);
	assert_string_equal(buf, want);
}

static void
test_round_trip(void **state)
{
	(void)state;
	assert_int_equal(d("1970-01-01"), 0);
	assert_int_equal(d("1970-01-02"), 1);
	assert_int_equal(d("1969-12-31"), -1);
	assert_int_equal(d("2000-03-01") - d("2000-02-28"), 2);
	assert_int_equal(d("1900-03-01") - d("1900-02-28"), 1);
	for (int x = d("1999-12-01"); x < d("2030-01-01"); x += 17) {
		char buf[11];
		date_format(x, buf);
		assert_int_equal(d(buf), x);
	}
}

static void
test_impossible(void **state)
{
	(void)state;
	int v;
	assert_int_equal(date_parse("2026-02-29", &v), -2);
	assert_int_equal(date_parse("2024-02-29", &v), 0);
	assert_int_equal(date_parse("2100-02-29", &v), -2);
	assert_int_equal(date_parse("2000-02-29", &v), 0);
	assert_int_equal(date_parse("2026-13-01", &v), -2);
	assert_int_equal(date_parse("2026-04-31", &v), -2);
	assert_int_equal(date_parse("2026-00-10", &v), -2);
	assert_int_equal(date_parse("2026-01-00", &v), -2);
	assert_int_equal(date_parse("2026-1-01", &v), -1);
	assert_int_equal(date_parse("2026-01-01 ", &v), -1);
	assert_int_equal(date_parse("20260101", &v), -1);
	assert_int_equal(date_parse("", &v), -1);
	assert_int_equal(date_parse(NULL, &v), -1);
	assert_int_equal(date_parse("2026/01/01", &v), -1);
}

static int
add(const char *date, const char *dur)
{
	struct dur du;
	assert_int_equal(dur_parse(dur, &du, 0), 0);
	return date_add(d(date), du);
}

static void
test_month_end(void **state)
{
	(void)state;
	fmt_is(add("2026-01-31", "1m"), "2026-02-28");
	fmt_is(add("2024-01-31", "1m"), "2024-02-29");
	fmt_is(add("2026-03-31", "1m"), "2026-04-30");
	fmt_is(add("2026-01-31", "2m"), "2026-03-31");
	fmt_is(add("2024-02-29", "1y"), "2025-02-28");
	fmt_is(add("2024-02-29", "4y"), "2028-02-29");
	fmt_is(add("2026-11-30", "3m"), "2027-02-28");
	fmt_is(add("2026-12-15", "1m"), "2027-01-15");
	fmt_is(add("2026-03-31", "1w"), "2026-04-07");
	fmt_is(add("2026-12-31", "1d"), "2027-01-01");
	fmt_is(add("2026-03-31", "12m"), "2027-03-31");
	struct dur m = {1, 'm'};
	fmt_is(date_sub(d("2026-03-31"), m), "2026-02-28");
	struct dur fd = {14, 'd'};
	fmt_is(date_sub(d("2026-01-05"), fd), "2025-12-22");
}

static void
test_durations(void **state)
{
	(void)state;
	struct dur du;
	char buf[8];
	assert_int_equal(dur_parse("90d", &du, 0), 0);
	assert_int_equal(du.n, 90);
	assert_int_equal(du.unit, 'd');
	dur_format(du, buf);
	assert_string_equal(buf, "90d");
	assert_int_equal(dur_parse("9999y", &du, 0), 0);
	assert_int_equal(dur_parse("10000d", &du, 0), -1);
	assert_int_equal(dur_parse("0d", &du, 0), -1);
	assert_int_equal(dur_parse("0d", &du, 1), 0);
	assert_int_equal(dur_parse("3", &du, 0), -1);
	assert_int_equal(dur_parse("d", &du, 0), -1);
	assert_int_equal(dur_parse("3h", &du, 0), -1);
	assert_int_equal(dur_parse("-3d", &du, 0), -1);
	assert_int_equal(dur_parse("3D", &du, 0), -1);
	assert_int_equal(dur_parse(NULL, &du, 0), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_impossible),
		cmocka_unit_test(test_month_end),
		cmocka_unit_test(test_durations),
	};
	return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}

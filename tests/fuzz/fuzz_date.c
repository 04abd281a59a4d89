/* fuzz_date.c: dates and durations. The input is read as text: the whole of
 * it through date_parse and dur_parse, and as "DATE+DUR" through date_add and
 * date_sub, whose results must agree with the calendar rules of SPEC §1.
 * Its first four bytes are also a day number for date_format. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "harness.h"

static void
check_add(int day, struct dur d)
{
	int y, m, dd, y2, m2, d2;
	char buf[11];
	int r = date_add(day, d);
	int back = date_sub(r, d);
	date_to_ymd(day, &y, &m, &dd);
	date_to_ymd(r, &y2, &m2, &d2);
	HARNESS_ASSERT(m2 >= 1 && m2 <= 12 && d2 >= 1 && d2 <= date_days_in_month(y2, m2));
	HARNESS_ASSERT(date_from_ymd(y2, m2, d2) == r);
	switch (d.unit) {
	case 'd':
	case 'w':
		HARNESS_ASSERT(r - day == d.n * (d.unit == 'w' ? 7 : 1));
		HARNESS_ASSERT(back == day);
		break;
	case 'm':
	case 'y': {
		long months = d.unit == 'm' ? d.n : 12L * d.n;
		HARNESS_ASSERT((long)y2 * 12 + m2 - ((long)y * 12 + m) == months);
		/* the day of month is kept, clamped to the month's last day */
		int dim = date_days_in_month(y2, m2);
		HARNESS_ASSERT(d2 == (dd < dim ? dd : dim));
		HARNESS_ASSERT(back <= day && day - back <= 3);
		break;
	}
	default:
		HARNESS_ASSERT(0);
	}
	date_format(r, buf);
	HARNESS_ASSERT(strlen(buf) == 10);
	if (y2 >= 1 && y2 <= 9999) {
		int again;
		HARNESS_ASSERT(date_parse(buf, &again) == 0 && again == r);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';

	int day;
	struct dur d;
	char buf[11], dbuf[8];
	if (date_parse(s, &day) == 0) {
		date_format(day, buf);
		HARNESS_ASSERT(strcmp(buf, s) == 0);
	}
	for (int zero = 0; zero <= 1; zero++)
		if (dur_parse(s, &d, zero) == 0) {
			HARNESS_ASSERT(d.n >= (zero ? 0 : 1) && d.n <= 9999);
			dur_format(d, dbuf);
			HARNESS_ASSERT(strcmp(dbuf, s) == 0 || s[0] == '0');
		}

	char *plus = strchr(s, '+');
	if (plus) {
		*plus = '\0';
		if (date_parse(s, &day) == 0 && dur_parse(plus + 1, &d, 1) == 0)
			check_add(day, d);
	}

	if (size >= 4) {
		int32_t x;
		memcpy(&x, data, 4);
		date_format(x, buf);
		HARNESS_ASSERT(strlen(buf) == 10);
	}
	free(s);
	return 0;
}

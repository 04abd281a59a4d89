/* date.c: civil-date arithmetic (Howard Hinnant's days-from-civil algorithm)
 * and durations. Small, pure and unit-tested in tests/unit/test_date.c. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "date.h"

int
date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int)doe - 719468;
}

void
date_to_ymd(int days, int *y, int *m, int *d)
{
	/* in long long: any int is a day (date_format shows far ones as ????) */
	long long z = (long long)days + 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int yy = (int)((long long)yoe + era * 400);
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yy + (*m <= 2);
}

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
date_days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && is_leap(y))
		return 29;
	return days[m - 1];
}

static int
digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
date_parse(const char *s, int *out)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
	if (y < 0 || m < 0 || d < 0)
		return -1;
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > date_days_in_month(y, m))
		return -2;
	*out = date_from_ymd(y, m, d);
	return 0;
}

const char *
date_problem(int r)
{
	return r == -2 ? "is not a day on the calendar"
	               : "is not a date of the form YYYY-MM-DD, such as 2026-03-09";
}

void
date_format(int days, char out[11])
{
	int y, m, d;
	date_to_ymd(days, &y, &m, &d);
	if (y < 0 || y > 9999) {
		snprintf(out, 11, "%s", "\?\?\?\?-\?\?-\?\?");
		return;
	}
	/* by hand: check formats a date for every record it reads */
	int v[3] = {y, m, d}, w[3] = {4, 2, 2};
	char *o = out;
	for (int k = 0; k < 3; k++) {
		if (k)
			*o++ = '-';
		for (int i = w[k] - 1, x = v[k]; i >= 0; i--, x /= 10)
			o[i] = (char)('0' + x % 10);
		o += w[k];
	}
	*o = '\0';
}

int
date_today(void)
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int
dur_parse(const char *s, struct dur *out, int allow_zero)
{
	if (!s)
		return -1;
	size_t len = strlen(s);
	if (len < 2 || len > 5)
		return -1;
	int n = digits(s, (int)len - 1);
	char u = s[len - 1];
	if (n < 0 || (u != 'd' && u != 'w' && u != 'm' && u != 'y'))
		return -1;
	if (n < (allow_zero ? 0 : 1) || n > 9999)
		return -1;
	out->n = n;
	out->unit = u;
	return 0;
}

void
dur_format(struct dur d, char out[8])
{
	snprintf(out, 8, "%d%c", d.n % 100000, d.unit);
}

void
dur_words(struct dur d, char *out, size_t size)
{
	const char *unit = d.unit == 'w'   ? "week"
	                   : d.unit == 'm' ? "month"
	                   : d.unit == 'y' ? "year"
	                                   : "day";
	snprintf(out, size, "%d %s%s", d.n, unit, d.n == 1 ? "" : "s");
}

static int
add_months(int days, long months)
{
	int y, m, d;
	date_to_ymd(days, &y, &m, &d);
	long total = (long)y * 12 + (m - 1) + months;
	long ny = total >= 0 ? total / 12 : (total - 11) / 12;
	int nm = (int)(total - ny * 12) + 1;
	int dim = date_days_in_month((int)ny, nm);
	return date_from_ymd((int)ny, nm, d > dim ? dim : d);
}

int
date_add(int days, struct dur d)
{
	switch (d.unit) {
	case 'd': return days + d.n;
	case 'w': return days + 7 * d.n;
	case 'm': return add_months(days, d.n);
	case 'y': return add_months(days, 12L * d.n);
	}
	return days;
}

int
date_sub(int days, struct dur d)
{
	switch (d.unit) {
	case 'd': return days - d.n;
	case 'w': return days - 7 * d.n;
	case 'm': return add_months(days, -(long)d.n);
	case 'y': return add_months(days, -12L * d.n);
	}
	return days;
}

/* date.h: civil dates as day numbers, durations, and their arithmetic.
 * A date is an int: days since 1970-01-01 in the proleptic Gregorian calendar.
 * Nothing here depends on the machine's time zone except date_today. */
#ifndef CASELOAD_DATE_H
#define CASELOAD_DATE_H

#include <limits.h>
#include <stddef.h>

#define DATE_NONE INT_MIN

/* A duration: n days, weeks, months or years (unit 'd', 'w', 'm', 'y'). */
struct dur {
	int n;
	char unit;
};

/* date_from_ymd: the day number of y-m-d; the caller ensures it exists. */
int date_from_ymd(int y, int m, int d);
/* date_to_ymd: the calendar date of a day number. */
void date_to_ymd(int days, int *y, int *m, int *d);
/* date_days_in_month: 28 to 31. */
int date_days_in_month(int y, int m);
/* date_parse: reads exactly YYYY-MM-DD from s. Returns 0 and sets *out;
 * -1 when s is not of that form; -2 when it is but the day does not exist. */
int date_parse(const char *s, int *out);
/* date_problem: what date_parse found wrong (r is -1 or -2), in the words
 * every message about a date uses, after the date in quotes: check's
 * bad-date and the options (--as-of, --date, --from, --to, --since). */
const char *date_problem(int r);
/* date_format: writes YYYY-MM-DD and a NUL into out (11 bytes). */
void date_format(int days, char out[11]);
/* date_today: today in local time. */
int date_today(void);

/* dur_parse: reads <n>d|w|m|y with n from 1 (or 0 when allow_zero) to 9999.
 * Returns 0 and sets *out, or -1. */
int dur_parse(const char *s, struct dur *out, int allow_zero);
/* dur_format: writes the duration as written in the records ("3m") into out (8 bytes). */
void dur_format(struct dur d, char out[8]);
/* dur_words: the duration in English words ("14 days", "1 month") into
 * out, as the command line's text shows it (the site has lab_dur). */
void dur_words(struct dur d, char *out, size_t size);
/* date_add: date plus a duration; months and years keep the day of month,
 * clamped to the month's last day. */
int date_add(int days, struct dur d);
/* date_sub: date minus a duration, with the same clamping. */
int date_sub(int days, struct dur d);

#endif

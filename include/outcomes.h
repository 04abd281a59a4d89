/* outcomes.h: what the caseload achieved (SPEC §3 "outcomes"): goals by
 * domain and status, the change in score from a case's first to its latest
 * assessment by domain, exits by reason and destination, and the days from
 * opening to the first assessment and to the first plan. One rule that the
 * outcomes page (and export and report) share; each formats the figures
 * its own way. A new figure is computed here, then shown by its readers. */
#ifndef CASELOAD_OUTCOMES_H
#define CASELOAD_OUTCOMES_H

#include <stddef.h>

#include "history.h"
#include "records.h"

/* How many closed cases left for one reason (or to one destination). */
struct outcome_tally {
	const char *name; /* as written, or outcomes_compute's unnamed */
	size_t n;
};

/* Sums of the scores of one domain over the cases with two or more
 * assessments scoring it: the first and the latest score of each. */
struct outcome_score {
	long first, latest;
	size_t n; /* cases */
};

struct outcomes {
	size_t ndomains;                    /* the instrument's, in its order */
	size_t (*goals)[3];                 /* [ndomains + 1][enum goal_status]; the last
	                                     * row: goals without a known domain */
	size_t goals_total[3];              /* by enum goal_status */
	struct outcome_score *scores;       /* [ndomains] */
	struct outcome_tally *reasons;      /* exits by reason, most first, then by name */
	struct outcome_tally *destinations; /* exits by destination, the same order */
	size_t nreasons, ndestinations;
	int *to_assessment; /* days from opening to the first assessment, sorted */
	size_t nto_assessment;
	int *to_plan; /* days from opening to the first commit in which
	               * plan.yaml has a goal, sorted (none without a
	               * history; a plan that never had one is not counted) */
	size_t nto_plan;
};

/* outcomes_compute: the figures of the cases of cl whose case.yaml loaded.
 * h (NULL: none) gives the days to the first plan (its old plan.yaml blobs
 * are read, so it is not const; h->err may change). unnamed is what an exit
 * without a reason or a destination is counted as (the tallies merge and
 * sort by name). Strings point into cl and unnamed. Free with outcomes_free. */
void outcomes_compute(struct outcomes *o, const struct caseload *cl, struct history *h, const char *unnamed);
void outcomes_free(struct outcomes *o);

/* ---- the report's figures (SPEC §7 `report`): over a period, per program ---- */

/* The counts of one program, or of all those reported. Sums, so that the
 * total is the sum of the programs'; the writers divide (report_tenths). */
struct report_figures {
	size_t served, new_cases, exited;
	size_t exits[DEST_UNKNOWN + 1]; /* by enum dest_category */
	size_t goals_due, goals_achieved;
	long *score_sum;             /* [ndomains]: the sum of (latest - first) over the cases */
	size_t *score_n;             /* [ndomains]: the cases with two or more scores */
	size_t fa_cases, fa_on_time; /* first_assessment_on_time */
	size_t fu_due, fu_reached;   /* followups */
	size_t fb_count, fb_rated;   /* feedback notes; those with a rating */
	long fb_sum;                 /* the sum of their ratings */
};

struct report_program {
	const struct program *p;
	struct report_figures f;
};

struct report {
	int from, to;                    /* the period, both days included */
	size_t ndomains;                 /* the instrument's, in its order */
	struct report_program *programs; /* in caseload.yaml's order */
	size_t nprograms;
	struct report_figures total;
};

/* report_compute: the figures of SPEC §7 over from..to of the programs of
 * cl named in only[0..nonly) (every program when nonly is 0), each in
 * caseload.yaml's order, and their total; cases whose case.yaml failed, or
 * whose program is not one of those, count nowhere. Free with report_free. */
void report_compute(struct report *r, const struct caseload *cl, int from, int to,
                    char *const *only, size_t nonly);
/* report_compute_many: report_compute of each period from[k]..to[k] into
 * r[k], k < nr, in one pass over the cases. */
void report_compute_many(struct report *r, size_t nr, const struct caseload *cl, const int *from,
                         const int *to, char *const *only, size_t nonly);
void report_free(struct report *r);

/* report_tenths: num / den in tenths, rounded half away from zero (den > 0). */
long report_tenths(long num, long den);
/* report_actual: the actual of metric m over f as a percentage in tenths
 * into *tenths: 1, or 0 when its denominator is 0 (actual and met null). */
int report_actual(const struct report_figures *f, enum metric m, long *tenths);
/* report_quarter: the calendar quarter q back from the one holding day
 * (0: that one) as its first day into *from and last into *to. */
void report_quarter(int day, int q, int *from, int *to);

#endif

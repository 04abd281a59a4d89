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

#endif

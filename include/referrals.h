/* referrals.h: what came of the referrals (SPEC §6): per resource, how many
 * were made, how many are in each status and the median days to an
 * answer; and the unmet needs (declined and waitlisted referrals, dropped
 * steps) by the goal's domain. The resource directory and the outcomes
 * page show them; each formats the figures its own way. */
#ifndef CASELOAD_REFERRALS_H
#define CASELOAD_REFERRALS_H

#include <stddef.h>

#include "records.h"

/* One resource's referrals, over every case whose case.yaml loaded. */
struct referral_tally {
	size_t n;            /* referrals made: steps for it with a referral */
	size_t by_status[5]; /* by enum referral_status */
	size_t nanswered;    /* those with an answered date */
	long median_tenths;  /* the median days from sent to answered, in
	                      * tenths (the mean of the middle two for an even
	                      * count); 0 when nanswered is 0 */
};

/* referrals_by_resource: a tally per resource, parallel to cl->resources
 * (NULL when there is none). The caller frees it. */
struct referral_tally *referrals_by_resource(const struct caseload *cl);

enum unmet_why { UNMET_DECLINED, UNMET_WAITLISTED, UNMET_DROPPED };

/* An unmet need: a step whose referral was declined or waitlisted, or a
 * step dropped; each step once (its referral's status first). */
struct unmet_need {
	const struct case_record *c;
	size_t goal, step; /* c->plan.goals[goal].steps[step] */
	enum unmet_why why;
};

/* The unmet needs of one domain of the instrument (domain is its index),
 * or of goals without a known domain (domain == ndomains). */
struct unmet_group {
	size_t domain;
	struct unmet_need *v; /* in case order, then plan order */
	size_t n;
};

struct unmet {
	struct unmet_group *groups; /* in the instrument's order, the goals
	                             * without a known domain last; only
	                             * groups that hold a need */
	size_t ngroups;
	size_t n; /* every need */
};

/* unmet_needs: the unmet needs of every case of cl whose case.yaml
 * loaded, into u; free with unmet_free. Pointers point into cl. */
void unmet_needs(struct unmet *u, const struct caseload *cl);
void unmet_free(struct unmet *u);

#endif

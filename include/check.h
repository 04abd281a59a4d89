/* check.h: the rules that relate records to each other or to as-of (SPEC
 * §4): references between files, dates against each other and against
 * as-of, `by`, file names, goals that build on each other, consent to
 * share, the note an addendum amends, and who may review in reviews.yaml
 * (a review with a problem is marked bad: it counts for nothing, §5). The loader (records.h) only
 * reports each file's own shape; every command runs these rules on what it loaded (cmd_load), so
 * that all of them see the same problems. */
#ifndef CASELOAD_CHECK_H
#define CASELOAD_CHECK_H

#include "records.h"

/* check_caseload: appends to cl->diags every problem between the records
 * of cl, against cl->as_of; then leaves in each assessment only the scores
 * that count (for a domain of the instrument, on its scale), so that what
 * every command reads of them is the same. */
void check_caseload(struct caseload *cl);
/* The same in two parts, for a loader that checks each case as it loads
 * (load_opts.each_case): check_case, the rules within case c (cl's config
 * and resources read, its problems appended to cl->diags); then, once
 * every case is loaded, check_caseload_rest, the resources' and the
 * reviews'. Sorted (diag_sort), the problems are check_caseload's. */
void check_case(struct caseload *cl, struct case_record *c);
void check_caseload_rest(struct caseload *cl);

/* A plan's goals that have an id, sorted by id and then by plan order, to
 * look goals up by id in O(log n): a plan can hold tens of thousands of
 * goals, each with `after` references. */
struct goal_ix {
	const char *id;
	size_t goal; /* index in plan.goals */
};
struct goal_index {
	struct goal_ix *v;
	size_t n;
};
/* goal_index_make: the index of p's goals (p must outlive it); free it
 * with goal_index_free. */
void goal_index_make(struct goal_index *ix, const struct plan *p);
/* goal_index_find: the first goal (in plan order) with id, or -1. */
long goal_index_find(const struct goal_index *ix, const char *id);
void goal_index_free(struct goal_index *ix);

/* goal_order: fills order[0..pl->ngoals) with the indexes of pl's goals in
 * an order where each goal comes after those it builds on (`after`; every
 * other goal with that id), ties kept in plan order; when only goals in a
 * cycle are left, the first of them in plan order comes next. ix is
 * goal_index_make's for pl. Time: the goals and `after` entries once each,
 * and a heap. */
void goal_order(const struct plan *pl, const struct goal_index *ix, size_t *order);

#endif

/* due.h: what falls due (SPEC §2 `due`, §4 "Due"). One function turns the
 * loaded caseload and an as-of date into the sorted list of items of every
 * kind; the command, the site and export filter and write that list. */
#ifndef CASELOAD_DUE_H
#define CASELOAD_DUE_H

#include <stddef.h>

#include "date.h"
#include "records.h"
#include "util.h"

/* The kinds, in the order of their names (the sort uses that order). */
enum due_kind {
	DUE_ASSESSMENT,
	DUE_CONSENT,
	DUE_CONTACT,
	DUE_FLAG,
	DUE_FOLLOWUP,
	DUE_GOAL,
	DUE_PLAN,
	DUE_REFERRAL,
	DUE_REVIEW,
	DUE_STEP
};
/* "assessment", "contact", ..., indexed by enum due_kind, NULL-terminated. */
extern const char *const due_kind_names[];

/* overdue: days < 0; due: on or before as-of + the window; upcoming: later. */
enum due_status { DUE_OVERDUE, DUE_DUE, DUE_UPCOMING };
/* "overdue", "due", "upcoming", NULL-terminated. */
extern const char *const due_status_names[];

struct due_item {
	const struct case_record *c; /* points into the caseload, which must outlive the list */
	enum due_kind kind;
	char *ref;         /* goal id (goal), "goal/N" (step, referral), offset as
	                    * "3m" (followup), "N" (flag); NULL otherwise. Owned
	                    * by the list. */
	size_t goal, step; /* goal: c->plan.goals[goal]; step, referral: its
	                    * steps[step]; followup: step is the index in the
	                    * program's followups; flag: step is c->flags[step] */
	int due;           /* a date (date.h) */
	int days;          /* due - as_of */
	enum due_status status;
	char *title;     /* what is due, in words; owned by the list */
	size_t attempts; /* followup: the attempts that did not reach the client */
};

struct due_list {
	struct due_item *v;
	size_t n, cap;
	int as_of;
	struct dur window;  /* how far ahead counts as due */
	int window_end;     /* as_of + window: the last day that is due */
	struct arena arena; /* owns every ref and title */
};

/* One follow-up of a closed case (SPEC §4 "Due", §7 "Follow-ups"). */
struct followup {
	int due;         /* closed + the program's offset */
	long met;        /* the index in c->notes of the reached note that meets it, or -1 */
	size_t attempts; /* unmet: the notes with reached: no dated on or after due - 14 days */
};

/* due_followups: the follow-ups of closed case c of program p into
 * v[0..p->nfollowups), in the program's order: in date order, each takes
 * the earliest unused reached followup note dated on or after both (due -
 * 14 days) and closed. Returns p->nfollowups (0 when c is not closed or p
 * is NULL); v must hold that many. */
size_t due_followups(const struct case_record *c, const struct program *p, struct followup *v);

/* due_compute: every item of every case in cl whose case.yaml loaded (open
 * cases: all kinds; closed cases: follow-ups), with days and status against
 * as_of and window, sorted by due date, case, kind, ref (null first, step
 * positions numerically). Fills *out, which the caller frees with
 * due_list_free. Records dated after as_of count like any other. */
void due_compute(const struct caseload *cl, int as_of, struct dur window, struct due_list *out);

/* A selection of items: an empty id list lets every id through. */
struct due_filter {
	char *const *workers;
	size_t nworkers;
	char *const *programs;
	size_t nprograms;
	char *const *cases;
	size_t ncases;
	int all; /* keep upcoming items too */
};

/* due_filter: drops the items f does not select, keeping the order. */
void due_filter(struct due_list *l, const struct due_filter *f);

/* due_count: the number of items of status st. */
size_t due_count(const struct due_list *l, enum due_status st);

void due_list_free(struct due_list *l);

#endif

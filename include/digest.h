/* digest.h: the Monday digest (SPEC §7 `digest`): what a worker or the
 * team needs to see, chosen from the due list (due.h). The rule picks the
 * items; out.c writes them as text, Markdown or mail. Nothing here reads
 * a file or the clock: the digest depends only on the records and as-of. */
#ifndef CASELOAD_DIGEST_H
#define CASELOAD_DIGEST_H

#include <stddef.h>

#include "due.h"
#include "records.h"

/* A list of due items, as indexes into struct digest's due list. */
struct digest_list {
	size_t *v;
	size_t n, cap;
};

/* An open flag of a case, to be reviewed (SPEC §6 "Flags"). */
struct digest_flag {
	const struct case_record *c;
	size_t flag; /* its index in the case's flags */
};

/* One worker's digest. */
struct digest_worker {
	const struct worker *w;
	struct digest_list overdue; /* days < 0, oldest first */
	struct digest_list soon;    /* days 0 to 6 */
	struct digest_list newly;   /* due on or after since and before as-of */
	struct digest_flag *flags;  /* the open flags of their cases */
	size_t nflags, flags_cap;
	size_t open_cases;
};

/* A row of the team's digest. */
struct digest_row {
	const struct worker *w;
	size_t open_cases, overdue, soon;
};

struct digest {
	const struct caseload *cl;
	int as_of, since;
	struct dur escalate;           /* the policy's escalate_after */
	struct due_list due;           /* every item, upcoming too, sorted */
	struct digest_worker *workers; /* the workers' digests, caseload.yaml's order */
	size_t nworkers;
	int team;                /* the team's digest is asked for */
	struct digest_row *rows; /* per worker who has not left */
	size_t nrows;
	struct digest_list escalated; /* overdue by more than escalate */
};

/* Whose digest: one worker's, the team's, or each worker with open cases
 * and then the team's. */
enum digest_who { DIGEST_WORKER, DIGEST_TEAM, DIGEST_EVERYONE };

/* digest_compute: the digests of who (worker: its id, for DIGEST_WORKER)
 * over cl as of as_of, newly overdue counting from since. Fills *d; free
 * with digest_free (cl must outlive it). */
void digest_compute(struct digest *d, const struct caseload *cl, int as_of, int since,
                    enum digest_who who, const char *worker);
void digest_free(struct digest *d);

#endif

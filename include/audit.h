/* audit.h: findings from git history (SPEC §2 audit, §4 Audit, §5), computed
 * from the loaded records and one struct history, with the reviews of
 * reviews.yaml matched to them; written by out.c. The site's audit and case
 * pages use audit_collect too. */
#ifndef CASELOAD_AUDIT_H
#define CASELOAD_AUDIT_H

#include <stddef.h>

#include "history.h"
#include "records.h"

enum finding_kind {
	FIND_AMENDED,
	FIND_DELETED,
	FIND_EDIT_AFTER_CLOSE,
	FIND_FUTURE_ENTRY,
	FIND_FUTURE_NOTE,
	FIND_LATE_NOTE,
	FIND_UNCOMMITTED,
	FIND_UNKNOWN_AUTHOR
};
extern const char *const finding_kind_names[]; /* in name order, NULL-terminated */

struct finding {
	enum finding_kind kind;
	const char *case_id; /* NULL: none */
	const char *file;    /* relative to the caseload folder, or NULL */
	const char *commit;  /* full hex id, or NULL (uncommitted) */
	int date;            /* the commit's author date, or DATE_NONE */
	const char *author;  /* "Name <email>" of the commit, or NULL */
	char *detail;        /* a sentence for people, ending with what to do */
	char *id;            /* KIND/C/FILE or KIND/C (C: 12 hex digits); NULL for uncommitted */
	const struct review *review; /* the review in reviews.yaml that counts, or NULL */
	/* amended: the file's blobs before and after the commit (the case page
	 * shows what changed) and the day it was first committed */
	unsigned char old_blob[HIST_OID_LEN], new_blob[HIST_OID_LEN];
	int first_date;
};

/* Why a review in reviews.yaml counts for nothing (SPEC §5). */
enum unmatched_reason { UNMATCHED_NO_FINDING, UNMATCHED_AUTHOR };
extern const char *const unmatched_reason_names[]; /* "no-finding", "author" */

struct unmatched {
	const struct review *r;
	enum unmatched_reason reason;
};

struct findings {
	struct finding *v;
	size_t n, cap;
	size_t nreviewed;            /* of v, those with a review */
	struct unmatched *unmatched; /* by line in reviews.yaml */
	size_t nunmatched, unmatchedcap;
	struct arena arena; /* owns the details and ids */
};

/* audit_collect: the findings about the cases named in only[0..nonly) (all
 * when nonly is 0), from the records cl (note dates and kinds, policy,
 * workers, reviews.yaml), the history h, and the files wt[0..nwt) that
 * differ from HEAD (hist_uncommitted; none with --at). Sorted by date (null
 * last), case, file (null first), kind, commit. Each finding that a review
 * counts for has it (f->nreviewed of them); the reviews that count for
 * nothing are in f->unmatched (without those of no finding when cases are
 * named). Strings point into cl, h and f->arena: keep them alive while f is
 * used. Returns 0, or -1 with h->err set when an old blob cannot be read.
 * Free f with findings_free. */
int audit_collect(struct findings *f, const struct caseload *cl, struct history *h,
                  const struct hist_wt *wt, size_t nwt, char *const *only, size_t nonly);
void findings_free(struct findings *f);

/* struct audit_emails: every worker's emails (the email and the emails of
 * each), sorted, for the many commits that ask (audit_emails_init);
 * audit_emails_has: 1 when email (after .mailmap) is one of them, compared
 * case-insensitively. The strings are the config's. */
struct audit_emails {
	const char **v;
	size_t n;
};
void audit_emails_init(struct audit_emails *e, const struct config *c);
int audit_emails_has(const struct audit_emails *e, const char *email);
void audit_emails_free(struct audit_emails *e);
/* audit_email_of: 1 when email (after .mailmap) is one of worker w's. */
int audit_email_of(const struct worker *w, const char *email);

#endif

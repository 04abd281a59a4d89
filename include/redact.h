/* redact.h: a redacted view of the records, for a site that may be shown
 * beyond the staff (`build --redact`): each client's name becomes the case
 * id; contact details, birth date, note bodies, assessment summaries, the
 * text of flags and attachments are left out. Everything else is shared with the records. */
#ifndef CASELOAD_REDACT_H
#define CASELOAD_REDACT_H

#include "records.h"

/* A redacted caseload and the arrays it owns. */
struct redacted {
	struct caseload cl;             /* a shallow copy of the records: read it */
	struct case_record *cases;      /* owned: cl.cases */
	struct note *notes;             /* owned: every case's notes, without bodies */
	struct assessment *assessments; /* owned: every case's assessments, without summaries */
	struct flag *flags;             /* owned: every case's flags, without their text */
};

/* redact: fills r from cl, which must outlive r. Free r with redact_free. */
void redact(struct redacted *r, const struct caseload *cl);
/* redact_free: frees what r owns; a zeroed r is fine. */
void redact_free(struct redacted *r);

#endif

/* redact.c: the redacted view of the records (redact.h): a pass over the
 * model that copies each case with what is personal left out, and owns
 * only the copies it makes. */
#include <stdlib.h>
#include <string.h>

#include "redact.h"

void
redact(struct redacted *r, const struct caseload *cl)
{
	memset(r, 0, sizeof(*r));
	r->cl = *cl;
	size_t nn = 0, na = 0, nf = 0;
	for (size_t i = 0; i < cl->ncases; i++) {
		nn += cl->cases[i].nnotes;
		na += cl->cases[i].nassessments;
		nf += cl->cases[i].nflags;
	}
	r->cases = xcalloc(cl->ncases ? cl->ncases : 1, sizeof(*r->cases));
	r->notes = xcalloc(nn ? nn : 1, sizeof(*r->notes));
	r->assessments = xcalloc(na ? na : 1, sizeof(*r->assessments));
	r->flags = xcalloc(nf ? nf : 1, sizeof(*r->flags));
	struct note *n = r->notes;
	struct flag *f = r->flags;
	struct assessment *a = r->assessments;
	for (size_t i = 0; i < cl->ncases; i++) {
		const struct case_record *from = &cl->cases[i];
		struct case_record *c = &r->cases[i];
		*c = *from;
		c->client_name = c->id;
		c->phone = c->email = c->address = NULL;
		c->born = DATE_NONE;
		c->nattachments = 0;
		c->attachments = NULL;
		/* notes and assessments: copies without their free text */
		c->notes = n;
		for (size_t k = 0; k < from->nnotes; k++, n++) {
			*n = from->notes[k];
			n->body = NULL;
		}
		c->assessments = a;
		for (size_t k = 0; k < from->nassessments; k++, a++) {
			*a = from->assessments[k];
			a->summary = NULL;
		}
		/* a flag's text tells of a crisis, like a note's body */
		c->flags = f;
		for (size_t k = 0; k < from->nflags; k++, f++) {
			*f = from->flags[k];
			f->text = NULL;
		}
	}
	r->cl.cases = r->cases;
}

void
redact_free(struct redacted *r)
{
	free(r->cases);
	free(r->notes);
	free(r->assessments);
	free(r->flags);
	memset(r, 0, sizeof(*r));
}

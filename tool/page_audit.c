/* page_audit.c: audit.html, the audit's findings (audit.c) from the
 * history: those no supervisor has reviewed first, then the reviewed ones
 * with who reviewed them, when and why, each with its id to copy into
 * reviews.yaml; then the reviews that count for nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "page.h"

/* push_finding: a row of either table for finding f. */
static void
push_finding(struct site *s, struct tv *list, const struct finding *f, struct buf *t)
{
	char d[11];
	struct tv *x = tv_push_map(list);
	tv_set_str(x, "date", f->date == DATE_NONE ? NULL : site_date(f->date, d));
	tv_set_str(x, "kind", finding_kind_names[f->kind]);
	tv_set_str(x, "kind_label", lab_enum(s, "audit_", finding_kind_names[f->kind]));
	tv_set_str(x, "case", f->case_id);
	if (f->case_id && cl_case(s->cl, f->case_id))
		pg_set_case_href(x, "case_href", "", f->case_id);
	else
		tv_set_str(x, "case_href", NULL);
	/* with --redact an attachment's name is left out, also from the
	 * detail of a rename, which names the old path, and from the id */
	int hide = s->o->redact && f->file && f->case_id && !pg_is_record(f->case_id, f->file);
	if (hide) {
		buf_reset(t);
		buf_printf(t, "cases/%s/", f->case_id);
		buf_puts(t, lab(s, "attachment_redacted"));
		tv_set_str(x, "file", t->s);
	} else {
		tv_set_str(x, "file", f->file);
	}
	tv_set_str(x, "author", f->author);
	tv_set_str(x, "commit", f->commit);
	if (f->commit)
		tv_set_strn(x, "short", f->commit, 10);
	else
		tv_set_str(x, "short", NULL);
	tv_set_str(x, "detail", hide ? NULL : f->detail);
	tv_set_str(x, "id", hide ? NULL : f->id);
	const struct review *r = f->review;
	if (r) {
		const struct worker *w = r->by ? cl_worker(s->cl, r->by) : NULL;
		tv_set_str(x, "reviewer", w && w->name ? w->name : r->by);
		tv_set_str(x, "reviewed", site_date(r->date, d));
		/* free text, like a commit subject: it may name the client */
		tv_set_str(x, "review_note", s->o->redact ? NULL : r->note);
	}
}

int
page_audit(struct site *s, struct buf *b)
{
	struct tv *m = site_ctx(s, "audit.html", lab(s, "audit"), "audit");
	tv_set_bool(m, "have_history", s->have_history);
	/* outside git there is nothing to audit; a history that could not be
	 * read says why */
	int norepo = !s->sh || s->sh->h.norepo;
	tv_set_str(m, "history_why", norepo ? lab(s, "audit_none") : s->history_why);
	const struct findings *fs = &s->findings;
	size_t open = fs->n - fs->nreviewed;
	tv_set_bool(m, "has_findings", s->have_history && fs->n > 0);
	tv_set_bool(m, "has_open", s->have_history && open > 0);
	tv_set_bool(m, "has_reviewed", s->have_history && fs->nreviewed > 0);
	struct buf t = {0};
	tv_set_str(m, "findings_caption", lab_put(s, &t, "findings_count", (long)open, NULL));
	buf_reset(&t);
	tv_set_str(m, "reviewed_caption", lab_put(s, &t, "reviewed_count", (long)fs->nreviewed, NULL));
	struct tv *list = tv_set_list(m, "findings");
	struct tv *rlist = tv_set_list(m, "reviewed");
	for (size_t k = 0; s->have_history && k < fs->n; k++) {
		const struct finding *f = &fs->v[k];
		push_finding(s, f->review ? rlist : list, f, &t);
	}
	tv_set_bool(m, "has_unmatched", s->have_history && fs->nunmatched > 0);
	struct tv *ul = tv_set_list(m, "unmatched");
	for (size_t k = 0; s->have_history && k < fs->nunmatched; k++) {
		const struct unmatched *u = &fs->unmatched[k];
		struct tv *x = tv_push_map(ul);
		tv_set_int(x, "line", u->r->line);
		tv_set_str(x, "id", u->r->finding);
		buf_reset(&t);
		if (u->reason == UNMATCHED_NO_FINDING)
			tv_set_str(x, "why", lab(s, "unmatched_no_finding"));
		else
			tv_set_str(x, "why", lab_put(s, &t, "unmatched_author", 0, u->r->by));
	}
	buf_free(&t);
	return site_render(s, b, "audit", m, "audit.html");
}

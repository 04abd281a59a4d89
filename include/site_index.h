/* site_index.h: the records indexed once for every page (site_index.c):
 * each case's problems, due items and commits; the cases of each worker
 * and of each resource; what falls due in the site's words; the audit's
 * findings when the history could be read. */
#ifndef CASELOAD_SITE_INDEX_H
#define CASELOAD_SITE_INDEX_H

#include "site_tpl.h"

/* site_index_build: problems by case, cases by worker, open cases by the
 * resources they are referred to. */
void site_index_build(struct site *s);
/* site_index_due: what falls due (due.h), every item ahead included, in the
 * site's words, and each case's slice of it. */
void site_index_due(struct site *s);
/* site_collect_findings: the audit's findings into s->findings (arg, the
 * struct site), from j's history and work tree: hist_job_go's then, run on
 * the history's thread while the first pages render. 0, or -1 (j->h.err). */
int site_collect_findings(struct hist_job *j, void *arg);
/* site_index_history: waits for the history (and the findings), then gives
 * each case its commits; without a history the pages say why
 * (s->history_why). */
void site_index_history(struct site *s);
/* site_note_finding: the audit's late-note or future-note finding about the
 * note at file (relative to the caseload folder), or NULL. */
const struct finding *site_note_finding(const struct site *s, const char *file);
/* site_file_findings: the findings about file (relative to the caseload
 * folder), oldest first, *n of them (NULL when none). */
const struct finding *const *site_file_findings(const struct site *s, const char *file, size_t *n);
/* site_change_of: what the amended finding f changed, or NULL when it was
 * not read (not a note, a redacted site, a blob that is no text). */
const struct site_change *site_change_of(const struct site *s, const struct finding *f);
/* site_index_free: frees what the site_index_* functions made. */
/* site_worker_items: the items of worker w's cases (every status), in due
 * order, as indexes into s->items; *n of them. The caller frees it. */
size_t *site_worker_items(const struct site *s, size_t w, size_t *n);
void site_index_free(struct site *s);

#endif

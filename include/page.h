/* page.h: the pages of the site. One page_<name>.c per page, each
 * building its page's context from the records and the indexes
 * (site_index.h) and handing it to its template (site_tpl.h); page.c holds
 * what several pages show alike (pg_*).
 *
 * A new page: a page_<name>.c with its page_<name>() declared below, its
 * line in site.c's list of pages, its template in templates/ (and in
 * site_tpl.c's list of templates every site needs), and its labels. */
#ifndef CASELOAD_PAGE_H
#define CASELOAD_PAGE_H

#include "site_index.h"
#include "site_tpl.h"

/* A case whose notes' Markdown may link its attachments. */
struct resolver {
	const struct case_record *c;
	struct buf path;
};

void pg_set_date(struct tv *m, const char *key, int d);

/* pg_set_href: key = the URL of site path to as seen from folder from. */
void pg_set_href(struct tv *m, const char *key, const char *from, const char *to);

void pg_set_case_href(struct tv *m, const char *key, const char *from, const char *id);

/* pg_set_worker: worker = the worker's name (or id), worker_href = their page
 * from folder from (null for an unknown or unusable id). */
void pg_set_worker(const struct site *s, struct tv *m, const char *from, const char *id);

const char *pg_program_name(const struct site *s, const char *id);

const char *pg_domain_label(const struct site *s, const char *id);

/* pg_resource_anchor: the id of a resource's section on resources.html. */
void pg_resource_anchor(struct buf *b, const struct site *s, const struct resource *r);

/* pg_put_change: "+2", "0", "−1" (a real minus sign) in tenths when tenths. */
void pg_put_change(struct buf *b, long v, int tenths);

/* pg_put_tenths: t tenths as "66.7" or "−0.5" (a real minus sign, no plus);
 * with trim, a whole number without its ".0" ("70"). */
void pg_put_tenths(struct buf *b, long t, int trim);

const char *pg_change_class(long v);

const char *pg_client_of(const struct case_record *c);

/* pg_put_days: "3 days ago", "today", "in 1 day". */
void pg_put_days(const struct site *s, struct buf *b, int days);

/* pg_push_item: a row of the items partial for item k, seen from folder from. */
void pg_push_item(const struct site *s, struct tv *list, size_t k, const char *from);

void pg_push_case_row(const struct site *s, struct tv *list, size_t i, const char *from);

/* pg_problem_list: a map {caption, list} of the problems order[lo..hi), or
 * NULL when there are none. link: link each to its case's page. caption
 * NULL: no caption (a table under a heading of the same words is named by
 * it instead: problems_labelledby). */
struct tv *pg_problem_list(const struct site *s, size_t lo, size_t hi, const char *from, int link,
                           const char *caption);

/* pg_set_markdown: key = text rendered from Markdown found in file (its folder
 * resolves relative paths), for a page in folder page_dir. */
void pg_set_markdown(struct tv *m, const char *key, const char *text, const char *file,
                     const char *page_dir, struct resolver *res, int heading_offset);

/* pg_is_record: 1 when path (relative to the caseload folder) is one of case
 * id's records (case.yaml, plan.yaml, an assessment, a note) rather than an
 * attachment. */
int pg_is_record(const char *id, const char *path);

size_t pg_count_items(const struct site *s, int status);

void pg_set_due_within(const struct site *s, struct tv *m);

/* pg_write_ics: the calendar of the items sel[0..n) of the due list (all when
 * sel is NULL), named calname, at path in the site. 0 or -1 (recorded). */
int pg_write_ics(struct site *s, const char *path, const size_t *sel, size_t n, const char *calname);

/* ---- the pages: each returns 0 or -1 (failure recorded) ---- */

struct report; /* outcomes.h */
/* pg_report_figures: the report r in m for reportfigures.html: from, to,
 * columns and rows of the table of figures, and programs, each with its
 * targets, their chart and, when nq > 0, their trend over quarters[0..nq)
 * (the same programs, oldest first). idp prefixes the charts' ids. */
void pg_report_figures(const struct site *s, struct tv *m, const struct report *r,
                       const struct report *quarters, size_t nq, const char *idp);

int page_case(struct site *s, size_t i, struct buf *b);
int page_dashboard(struct site *s, struct buf *b);
int page_cases(struct site *s, struct buf *b);
int page_workers(struct site *s, struct buf *b);
int page_due(struct site *s, struct buf *b);
int page_resources(struct site *s, struct buf *b);
int page_outcomes(struct site *s, struct buf *b);
/* page_outcomes_prepare: what outcomes.html shows that needs no history
 * (the figures of the last twelve months and of four quarters), made while
 * the history's thread is still at work; page_outcomes makes it itself
 * when this was not called. */
void page_outcomes_prepare(struct site *s);
void page_outcomes_free(struct site *s);
int page_audit(struct site *s, struct buf *b);
int page_problems(struct site *s, struct buf *b);
/* copy_attachments: copies every attachment of every case into the site
 * (not with --redact); copy_case_attachments those of case i. */
int copy_attachments(struct site *s, struct buf *b);
int copy_case_attachments(struct site *s, size_t i);
/* pg_note_body: the body of note n: n->body when the records hold it, else
 * read from the source now (the build does not keep every note's text in
 * memory, and reads only those of the pages it renders); NULL with
 * --redact or when it cannot be read. The caller frees it. */
char *pg_note_body(const struct site *s, const struct note *n);

#endif

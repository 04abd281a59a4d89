/* page.h: what the parts of the site share (site.h is what the build
 * command sees). The build (site.c) loads the templates and labels
 * (site_tpl.c), indexes the records (site_index.c), and calls one function
 * per page (page_<name>.c), each building its page's context and handing it
 * to its template; page.c holds what several pages show alike.
 *
 * A new page: a page_<name>.c with its page_<name>(), its line in site.c's
 * list of pages, its template in templates/, and its labels. */
#ifndef CASELOAD_PAGE_H
#define CASELOAD_PAGE_H

#include <stddef.h>

#include "audit.h"
#include "due.h"
#include "history.h"
#include "records.h"
#include "site.h"
#include "source.h"
#include "svg.h"
#include "template.h"
#include "util.h"

/* The marker that says a folder is a site this program wrote, so that a
 * build never replaces a folder of something else. */
#define SITE_MARKER ".caseload-site"

struct label {
	const char *key, *text;
};

/* One case's slice of the shared lists: problems, due items, commits. */
struct case_index {
	size_t diag_lo, diag_hi;  /* its problems: s->diag_order[diag_lo..diag_hi) */
	size_t *items;            /* indexes into s->items, in due order */
	size_t nitems, noverdue;  /* every item of the case (upcoming too); the overdue ones */
	size_t ndue;              /* its items overdue or due */
	int next_due;             /* DATE_NONE when nothing is due */
	const struct hist_case *hist; /* its commits, or NULL */
	size_t wt_lo, wt_hi;      /* its files that differ from HEAD: s->sh->wt[wt_lo..wt_hi) */
};

/* One item that falls due, in the site's own words (due.h's list). */
struct site_item {
	const struct case_record *c;
	const char *kind;          /* the due kind's name */
	const char *ref;           /* NULL, goal id, goal/N or offset */
	size_t goal, step;
	int due, days;
	int status;                /* 0 overdue, 1 due, 2 upcoming */
	char *what;                /* localized, owned by the site */
};

struct site {
	const struct caseload *cl;  /* the records (a redacted copy with --redact) */
	struct source *src;
	const struct site_opts *o;
	const char *tdir;           /* templates folder */
	struct tpl_set *tpl;
	struct label *labels;       /* sorted by key */
	size_t nlabels;
	struct arena arena;         /* labels' strings, localized words */
	struct svg_words words;
	const char *lang, *dir;     /* "fa", "rtl" */
	int dirfd;                  /* the folder being written */
	int olddirfd;               /* the previous site, or -1: files whose bytes
	                             * are the same are linked from there */

	size_t *diag_order;         /* cl->diags sorted, as indexes */
	struct case_index *ci;      /* by case, parallel to cl->cases */
	size_t **worker_cases;      /* by worker: indexes of their cases */
	size_t *nworker_cases;
	size_t **resource_cases;    /* by resource: open cases referred to it */
	size_t *nresource_cases;

	struct site_item *items;    /* everything due, upcoming too, sorted */
	size_t nitems;
	struct due_list due;        /* the same items, for the calendars */
	int have_due;               /* the due list was computed */
	int window_end;             /* as-of + due_window */

	struct hist_job *sh;        /* NULL: no history asked for */
	const struct history *hist; /* the history when it was read, else NULL */
	int have_history;           /* hist is there */
	const char *history_why;    /* why not, in the site's words (NULL when read) */
	struct findings findings;   /* the audit's, when the history was read */
	const struct finding **note_findings; /* late and future notes, by file */
	size_t nnote_findings;

	int failed;                 /* a page could not be written */
	struct buf err;             /* the first failure's message */
	void *lock;                 /* a pthread mutex guarding failed and err */
};

/* ---- site_tpl.c: templates, labels, writing ---- */

/* site_load_labels: English, then the site's language over it, from the
 * templates folder s->tdir. 0, or -1 with a message in err. */
int site_load_labels(struct site *s, struct buf *err);
/* site_load_templates: every *.html of s->tdir, labels put in, parsed and
 * linked, and every page's template there. 0, or -1 with messages in err. */
int site_load_templates(struct site *s, struct buf *err);
/* site_copy_assets: the style sheet and script as they are, and the marker.
 * 0 or -1 (recorded). */
int site_copy_assets(struct site *s, struct buf *b);

/* lab: the label key in the site's language (English when the language
 * lacks it, key itself when English does too). */
const char *lab(const struct site *s, const char *key);
/* lab_put: appends label key to b with "{n}" replaced by n and "{x}" by x
 * (may be NULL). Returns b->s. */
const char *lab_put(const struct site *s, struct buf *b, const char *key, long n,
                    const char *x);
/* lab_enum: the label prefix + name ("risk_" + "high"). */
const char *lab_enum(const struct site *s, const char *prefix, const char *name);

/* site_ctx: a new page context holding what every page shows (language,
 * direction, the way back to the root, organization, as-of, navigation),
 * for the page at path (relative to the site root), titled title, with nav
 * the key of the current navigation entry (NULL for none). */
struct tv *site_ctx(const struct site *s, const char *path, const char *title,
                    const char *nav);
/* site_render: renders template tpl with ctx into b and writes it to path
 * (relative to the site root, folders made as needed); frees ctx. Returns
 * 0, or -1 after recording the failure in s. Safe from several threads. */
int site_render(struct site *s, struct buf *b, const char *tpl, struct tv *ctx,
                const char *path);
/* site_write: writes data[0..len) to path in the site. 0 or -1 (recorded). */
int site_write(struct site *s, const char *path, const char *data, size_t len);
/* site_fail: records a failure (the first one's message is kept). */
void site_fail(struct site *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* site_date: YYYY-MM-DD of d, or "" for DATE_NONE, in out (11 bytes). */
const char *site_date(int d, char out[11]);
/* site_case_href: appends the URL of case id's page as seen from folder
 * from ("" for the root). */
void site_case_href(struct buf *b, const char *from, const char *id);

/* ---- site_index.c: the records indexed once for every page ---- */

/* site_index_build: problems by case, cases by worker, open cases by the
 * resources they are referred to. */
void site_index_build(struct site *s);
/* site_index_due: what falls due (due.h), every item ahead included, in the
 * site's words, and each case's slice of it. */
void site_index_due(struct site *s);
/* site_index_history: waits for the history, then gives each case its
 * commits and collects the audit's findings; without a history the pages
 * say why (s->history_why). */
void site_index_history(struct site *s);
/* site_note_finding: the audit's late-note or future-note finding about the
 * note at file (relative to the caseload folder), or NULL. */
const struct finding *site_note_finding(const struct site *s, const char *file);
/* site_index_free: frees what the site_index_* functions made. */
void site_index_free(struct site *s);

/* ---- page.c: what several pages show alike ---- */

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

const char *pg_change_class(long v);

const char *pg_client_of(const struct case_record *c);

/* pg_put_days: "3 days ago", "today", "in 1 day". */
void pg_put_days(const struct site *s, struct buf *b, int days);

/* pg_push_item: a row of the items partial for item k, seen from folder from. */
void pg_push_item(const struct site *s, struct tv *list, size_t k, const char *from);

void pg_push_case_row(const struct site *s, struct tv *list, size_t i, const char *from);

/* pg_problem_list: a map {caption, list} of the problems order[lo..hi), or
 * NULL when there are none. link: link each to its case's page. */
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

int page_case(struct site *s, size_t i, struct buf *b);
int page_dashboard(struct site *s, struct buf *b);
int page_cases(struct site *s, struct buf *b);
int page_workers(struct site *s, struct buf *b);
int page_due(struct site *s, struct buf *b);
int page_resources(struct site *s, struct buf *b);
int page_outcomes(struct site *s, struct buf *b);
int page_audit(struct site *s, struct buf *b);
int page_problems(struct site *s, struct buf *b);
/* copy_attachments: copies every attachment of every case into the site
 * (not with --redact). */
int copy_attachments(struct site *s, struct buf *b);

#endif

/* site.h: the static HTML site (SPEC §2 `build`, §3, §4 "Site").
 *
 * site_build renders every page from the loaded records into a new folder
 * beside the output and swaps it in whole; the pages are mustache templates
 * (template.h) filled with contexts built here, in the language of the
 * caseload (labels from templates/labels/<lang>.yaml).
 *
 * The second half of this header is shared by site.c (the build: folders,
 * templates, labels, writing, the swap) and site_pages.c (one function per
 * page, building its context). */
#ifndef CASELOAD_SITE_H
#define CASELOAD_SITE_H

#include <pthread.h>
#include <stddef.h>

#include "audit.h"
#include "due.h"
#include "history.h"
#include "records.h"
#include "source.h"
#include "svg.h"
#include "template.h"
#include "util.h"

struct site_opts {
	const char *out;       /* the output folder as given; NULL: _site in root */
	const char *root;      /* the caseload folder, absolute */
	const char *templates; /* the templates folder; NULL: the installed ones */
	int redact;            /* client names become case ids; no contact details,
	                        * note bodies or attachments */
	int jobs;              /* threads rendering case pages; 0: one per core, up to 4 */
};

/* The git history of the caseload, read on a thread of its own while the
 * records load and the pages that do not need it render. */
struct site_history {
	struct history h;
	struct hist_wt *wt;    /* files that differ from HEAD (none with --at) */
	size_t nwt;
	int rc;                /* 0: read; -1: not read (h.err says why, h.norepo) */
	int hit;               /* read from the cache of the previous site */
	char *cache;           /* that cache's path, or NULL for none */
	int started;           /* a thread is reading it */
	int joined;
	pthread_t th;
	char *root;            /* owned */
	const char *at;        /* --at REV, or NULL */
};

/* site_history_start: starts reading the history (with lines counted) of
 * the repository holding root, up to at (NULL: HEAD), on a new thread; when
 * no thread can start, reads it at site_history_wait. cache (may be NULL)
 * is the file where the previous site kept the history it read
 * (SITE_HISTORY_CACHE in the output folder): when it is the history of the
 * same commit it is read from there instead of walked again. */
void site_history_start(struct site_history *sh, const char *root, const char *at,
                        const char *cache);
/* site_history_wait: waits for the history; returns sh->rc. */
int site_history_wait(struct site_history *sh);
/* site_history_free: waits, then frees what sh holds. */
void site_history_free(struct site_history *sh);

/* The file in the site that keeps the history for the next build. */
#define SITE_HISTORY_CACHE ".caseload-history"

/* site_build: renders the site of cl (attachments read from src, the
 * history from sh, which may be NULL: no history) and swaps it in at the
 * output folder. Returns 0; or -1 with one message (no newline) in err,
 * having removed what it wrote and left any old site as it was. */
int site_build(const struct caseload *cl, struct source *src, const struct site_opts *o,
               struct site_history *sh, struct buf *err);

/* site_find_templates: the templates folder: opt when given; else
 * templates/ beside the folder of the running binary (the build tree), else
 * CASELOAD_DATADIR. Returns a string the caller frees, or NULL with a
 * message in err. */
char *site_find_templates(const char *opt, struct buf *err);

/* ---- shared by site.c and site_pages.c ---- */

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

	struct site_history *sh;    /* NULL: no history asked for */
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

/* site_note_finding: the audit's late-note or future-note finding about the
 * note at file (relative to the caseload folder), or NULL. */
const struct finding *site_note_finding(const struct site *s, const char *file);

/* site_date: YYYY-MM-DD of d, or "" for DATE_NONE, in out (11 bytes). */
const char *site_date(int d, char out[11]);
/* site_case_href: appends the URL of case id's page as seen from folder
 * from ("" for the root). */
void site_case_href(struct buf *b, const char *from, const char *id);

/* The pages (site_pages.c). Each returns 0 or -1 (failure recorded). */
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

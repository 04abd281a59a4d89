/* site_tpl.h: the site as its parts share it (site.h is what the build
 * command sees): struct site, which the build (site.c) fills and every
 * page reads, and site_tpl.c's templates, labels and writing of a page.
 * The records are indexed once for every page by site_index.c
 * (site_index.h); each page is a page_<name>.c (page.h). */
#ifndef CASELOAD_SITE_TPL_H
#define CASELOAD_SITE_TPL_H

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
	size_t diag_lo, diag_hi;      /* its problems: s->diag_order[diag_lo..diag_hi) */
	size_t *items;                /* indexes into s->items, in due order */
	size_t nitems, noverdue;      /* every item of the case (upcoming too); the overdue ones */
	size_t ndue;                  /* its items overdue or due */
	int next_due;                 /* DATE_NONE when nothing is due */
	const struct hist_case *hist; /* its commits, or NULL */
	size_t wt_lo, wt_hi;          /* its files that differ from HEAD: s->sh->wt[wt_lo..wt_hi) */
};

/* One item that falls due, in the site's own words (due.h's list). */
struct site_item {
	const struct case_record *c;
	const char *kind; /* the due kind's name */
	const char *ref;  /* NULL, goal id, goal/N or offset */
	size_t goal, step;
	int due, days;
	int status; /* 0 overdue, 1 due, 2 upcoming */
	char *what; /* localized, owned by the site */
};

/* A line of a change as a case page shows it: op is ' ' (the same), '-'
 * (removed), '+' (added) or '~' (unchanged lines left out). */
struct site_line {
	char op;
	const char *text; /* without its line end; a carriage return shows as U+240D */
};

/* What an amended note was before a commit changed it, and what changed:
 * read from the history once, before the pages render (site_index.c). */
struct site_change {
	const struct finding *f; /* the amended finding */
	const char *before;      /* the whole file before the commit */
	struct site_line *lines; /* the change, with a line of context around each part */
	size_t nlines;
};

struct site {
	const struct caseload *cl; /* the records (a redacted copy with --redact) */
	struct source *src;
	const struct site_opts *o;
	const char *tdir; /* templates folder */
	struct tpl_set *tpl;
	struct label *labels; /* sorted by key */
	size_t nlabels;
	struct arena arena; /* labels' strings, localized words */
	struct svg_words words;
	const char *lang, *dir; /* "fa", "rtl" */
	int dirfd;              /* the folder being written */
	int olddirfd;           /* the previous site, or -1: files whose bytes
	                         * are the same are linked from there */
	int reused;             /* dirfd is the spare, the site before the previous
	                         * one (site_carry.h): a file there may be a link
	                         * into the previous site, so it is replaced, never
	                         * written into */
	char **written;         /* with reused: the paths written outside the
	                         * case folders cases/<id>/ */
	size_t nwritten, capwritten;

	size_t *diag_order;    /* cl->diags sorted, as indexes */
	struct case_index *ci; /* by case, parallel to cl->cases */
	size_t **worker_cases; /* by worker: indexes of their cases */
	size_t *nworker_cases;
	size_t **resource_cases; /* by resource: open cases referred to it */
	size_t *nresource_cases;

	struct site_item *items; /* everything due, upcoming too, sorted */
	size_t nitems;
	struct due_list due; /* the same items, for the calendars */
	struct buf ics;      /* their events, written once for every calendar */
	size_t *ics_at;      /* item i's event: ics.s[ics_at[i] .. ics_at[i + 1]) */
	int have_due;        /* the due list was computed */
	int window_end;      /* as-of + due_window */

	struct hist_job *sh;                  /* NULL: no history asked for */
	const struct history *hist;           /* the history when it was read, else NULL */
	int have_history;                     /* hist is there */
	const char *history_why;              /* why not, in the site's words (NULL when read) */
	struct findings findings;             /* the audit's, when the history was read */
	const struct finding **note_findings; /* late and future notes, by file */
	size_t nnote_findings;
	const struct finding **file_findings; /* every finding with a file, by file, then date */
	size_t nfile_findings;
	struct site_change *changes; /* the amended notes' changes, by date */
	size_t nchanges;

	int failed;             /* a page could not be written */
	struct buf err;         /* the first failure's message */
	void *lock;             /* a pthread mutex guarding failed and err */
	void *src_lock;         /* a pthread mutex around reading src on the page threads
	                         * (note bodies, attachments): a git source is not
	                         * thread-safe */
	struct carry *carry;    /* the pages the previous site holds (site_carry.h) */
	struct report *reports; /* outcomes.html's figures: the last twelve months,
	                         * then four quarters (page_outcomes_prepare) */
};

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
const char *lab_put(const struct site *s, struct buf *b, const char *key, long n, const char *x);
/* lab_dur: appends duration d in words to b ("90 days", "1 month"), or with
 * every how often ("every 90 days", "tous les 3 mois"). Returns b->s. */
const char *lab_dur(const struct site *s, struct buf *b, struct dur d, int every);
/* lab_enum: the label prefix + name ("risk_" + "high"). */
const char *lab_enum(const struct site *s, const char *prefix, const char *name);

/* site_ctx: a new page context holding what every page shows (language,
 * direction, the way back to the root, organization, as-of, navigation),
 * for the page at path (relative to the site root), titled title, with nav
 * the key of the current navigation entry (NULL for none). */
struct tv *site_ctx(const struct site *s, const char *path, const char *title, const char *nav);
/* site_render: renders template tpl with ctx into b and writes it to path
 * (relative to the site root, folders made as needed); frees ctx. Returns
 * 0, or -1 after recording the failure in s. Safe from several threads. */
int site_render(struct site *s, struct buf *b, const char *tpl, struct tv *ctx, const char *path);
/* site_write: writes data[0..len) to path in the site. 0 or -1 (recorded). */
int site_write(struct site *s, const char *path, const char *data, size_t len);
/* site_mark_written: path is in the new site (written or carried over), for
 * carry_prune (with reused; the files of cases/<id>/ are pruned apart). */
void site_mark_written(struct site *s, const char *path);
/* site_fail: records a failure (the first one's message is kept). */
void site_fail(struct site *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* site_date: YYYY-MM-DD of d, or "" for DATE_NONE, in out (11 bytes). */
const char *site_date(int d, char out[11]);
/* site_case_href: appends the URL of case id's page as seen from folder
 * from ("" for the root). */
void site_case_href(struct buf *b, const char *from, const char *id);

#endif

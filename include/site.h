/* site.h: the static HTML site (SPEC §2 `build`, §3, §4 "Site"), as the
 * build command sees it.
 *
 * site_build renders every page from the loaded records into a new folder
 * beside the output and swaps it in whole; the pages are mustache templates
 * (template.h) filled with contexts built by page_<name>.c, in the language
 * of the caseload (labels from templates/labels/<lang>.yaml). page.h is
 * what the parts of the site share. */
#ifndef CASELOAD_SITE_H
#define CASELOAD_SITE_H

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

/* site_build: renders the site of cl (attachments read from src, the
 * history from sh, which may be NULL: no history) and swaps it in at the
 * output folder. Returns 0; or -1 with one message (no newline) in err,
 * having removed what it wrote and left any old site as it was. */
int site_build(const struct caseload *cl, struct source *src, const struct site_opts *o,
               struct hist_job *sh, struct buf *err);

/* site_find_templates: the templates folder: opt when given; else
 * templates/ beside the folder of the running binary (the build tree), else
 * CASELOAD_DATADIR. Returns a string the caller frees, or NULL with a
 * message in err. */
char *site_find_templates(const char *opt, struct buf *err);

struct report; /* outcomes.h */
/* site_report_html: the report r of cl (SPEC §7 `report --format html`) as
 * one self-contained page into out: the site's labels and report.html
 * from the installed templates, the style sheet inline and allowed by its
 * hash in the Content-Security-Policy, no request leaving it. redact shows
 * the redacted banner (the figures hold no names). Returns 0, or -1 with
 * one message in err. */
int site_report_html(const struct caseload *cl, const struct report *r, int redact, struct buf *out,
                     struct buf *err);

#endif

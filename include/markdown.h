/* markdown.h: CommonMark from the records (notes, assessment summaries,
 * resource notes) rendered by cmark as HTML that cannot run or fetch
 * anything (SPEC §3, §4 "Site").
 *
 * Raw HTML is never passed through: it is shown as the text it is. Links
 * keep their href only when they lead to a place inside the site (a
 * fragment, or a relative path that the caller's resolver knows, such as an
 * attachment); any other link becomes its text, with the address in
 * parentheses after it for http, https and mailto so nothing is lost, and
 * without it for javascript:, vbscript:, file:, data: and other schemes
 * (compared case-insensitively after leading blanks and control characters).
 * Images keep their src only when it is such a path inside the site;
 * otherwise they are dropped and their alt text stays. */
#ifndef CASELOAD_MARKDOWN_H
#define CASELOAD_MARKDOWN_H

#include <stddef.h>

#include "util.h"

struct md_opts {
	/* The folder of the Markdown file, relative to the caseload folder
	 * ("cases/hl-1/notes"): relative paths in it are resolved from here. */
	const char *src_dir;
	/* The folder of the page, relative to the site root ("cases/hl-1"):
	 * links that stay are rewritten relative to it. */
	const char *page_dir;
	/* resolve: the site path ("cases/hl-1/files/scan.jpg") of the record
	 * path repo_path ("cases/hl-1/scan.jpg"), or NULL when the site does not
	 * hold it. NULL: no relative path is inside the site. */
	const char *(*resolve)(void *arg, const char *repo_path);
	void *arg;
	/* Added to every heading level (capped at 6), so a note's "# Title"
	 * fits under the page's own headings. */
	int heading_offset;
};

/* md_render: appends the HTML of the CommonMark text[0..len) to out.
 * opts may be NULL (nothing resolves, no heading offset). Returns 0, or -1
 * when cmark failed (out unchanged). */
int md_render(struct buf *out, const char *text, size_t len, const struct md_opts *opts);

/* md_url_is_http: 1 when url (as written in the records) is an
 * http or https address, the only kind the site links to outside itself. */
int md_url_is_http(const char *url);

/* md_url_dangerous: 1 when url's scheme is javascript, vbscript, file or
 * data, ignoring case and leading blanks and control characters. */
int md_url_dangerous(const char *url);

/* md_path_url: appends path (a site path, '/'-separated) to out as a URL
 * path: every byte but A-Z a-z 0-9 - . _ ~ and '/' percent-encoded. */
void md_path_url(struct buf *out, const char *path);

/* md_relative: appends to out the relative URL from the folder from_dir to
 * the site path to (both relative to the site root, no leading '/';
 * from_dir "" is the root), percent-encoded. */
void md_relative(struct buf *out, const char *from_dir, const char *to);

#endif

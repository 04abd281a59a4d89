/* site_carry.h: the incremental build. A case's page (and the copies of its
 * attachments) is a function of what it is made from: the program, the
 * templates and labels, the options and as-of, the files outside cases/
 * (caseload.yaml, resources/), the case's own files, its problems, its
 * commits, its findings and its uncommitted files. A fingerprint of all
 * that is kept for each case page of the site that was swapped in, under
 * the cache folder (cache.h), with the inode, size and time of each file
 * the page put in the site. The next build links the files of each case
 * whose fingerprint is the same from the previous site (which must still
 * hold them unchanged) instead of rendering them again. The due list and
 * each worker's page, with their calendars, the problems and the list of
 * cases are carried over the same way (carry_due, carry_worker,
 * carry_problems, carry_cases). Every other page is rendered, and any page
 * rendered to the same bytes is linked as before.
 * So the swapped-in folder is the one a build from nothing makes.
 *
 * The site swapped out is not removed but kept beside the manifest (the
 * spare), and the next build is written into it: its folders are there
 * already, and most of its files are the previous site's, linked. Each
 * file the build writes replaces the spare's (which may be linked into
 * the site being served); each file it carries over is checked to be the
 * previous site's; and whatever else the spare holds is removed before
 * the swap. */
#ifndef CASELOAD_SITE_CARRY_H
#define CASELOAD_SITE_CARRY_H

#include <stddef.h>

#include "site_tpl.h"

/* carry_begin: once the due list is indexed, before any page: the
 * manifest of out read (what the previous site holds), and the
 * fingerprints of the due list's page and calendar and of each worker's.
 * Sets s->carry (freed by carry_free). Never fails: with no manifest every
 * page is rendered. */
void carry_begin(struct site *s, const char *out);
/* carry_prepare: the part of every case page's fingerprint that is not
 * the history (its files, its problems), while the history's thread is
 * still at work. carry_plan: the fingerprint of every case page, once the
 * history was read. */
void carry_prepare(struct site *s);
void carry_plan(struct site *s);
/* carry_due, carry_worker: as carry_case, for due.html and due.ics, and for
 * worker w's page and calendar (workers/<id>.html, .ics); their inputs are
 * the due list and a few fields of each case (item_hs), so a note whose
 * body alone changed leaves them carried over. 1 when carried. */
int carry_due(struct site *s);
/* carry_problems: as carry_due, for problems.html (every problem). */
int carry_problems(struct site *s);
/* carry_cases: as carry_due, for cases/index.html (a row for every case). */
int carry_cases(struct site *s);
int carry_worker(struct site *s, size_t w);
/* carry_case: links case i's files from the previous site when its
 * fingerprint is the one kept; 1 when it did (nothing is left to render
 * for it), 0 when the case is to be rendered. Safe on several threads. */
int carry_case(struct site *s, size_t i);
/* carry_collect: the manifest of the site written in s->dirfd (before it
 * is closed and swapped in); carry_commit writes it once the swap is done. */
void carry_collect(struct site *s);
void carry_commit(struct site *s);
void carry_free(struct site *s);

/* carry_spare: where the site swapped out of out is kept for the next build
 * (the caller frees it), or NULL when there is no cache folder. */
char *carry_spare(const struct site *s, const char *out);
/* carry_spares_trim: after spare was kept, removes the spares of other
 * output folders beyond the newest few, so that a folder built once and
 * then deleted does not keep a copy of its site under the cache folder. */
void carry_spares_trim(const char *spare);
/* carry_tidy_case: in a reused spare, removes what case i's folder holds
 * besides its page and its attachments' copies (before they are written:
 * a link where a folder belongs goes too). Safe on several threads. */
void carry_tidy_case(struct site *s, size_t i);
/* carry_prune: in a reused spare, once every page is written, removes what
 * the build did not put there: other files and folders at the top and in
 * workers/, the folders of cases that are gone. */
void carry_prune(struct site *s);

#endif

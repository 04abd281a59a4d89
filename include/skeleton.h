/* skeleton.h: the texts that `init` and `new` write: the files of a new
 * caseload, its pre-commit hook, and a skeleton of each record that passes
 * `check` once its blanks are filled, with comments saying how. Pure text:
 * the commands decide where it goes and that nothing is replaced. */
#ifndef CASELOAD_SKELETON_H
#define CASELOAD_SKELETON_H

#include "records.h"
#include "util.h"

/* The first line of the hook after "#!/bin/sh": how init knows a hook it
 * wrote before. */
#define SKEL_HOOK_MARK "# caseload pre-commit hook"

/* The files of a new caseload (init). */
extern const char skel_caseload_yaml[], skel_readme_md[], skel_gitignore[], skel_editorconfig_rules[];

/* skel_hook: a new pre-commit hook that checks the caseload in folder
 * (relative to the top of the work tree), running fallback when caseload is
 * not on PATH. skel_hook_line: the line that checks one more folder, to add
 * to a hook. The caller frees either. */
char *skel_hook(const char *folder, const char *fallback);
char *skel_hook_line(const char *folder);

/* Where a record skeleton goes. */
struct skel_where {
	int local_schemas; /* the caseload has .caseload/schemas/ (init wrote it):
	                    * the editor's schema line points there, else to the
	                    * installed copy */
};

/* Each appends a skeleton to b. The ids (program, worker, by) must be in
 * cl's caseload.yaml. */
void skel_case(struct buf *b, const struct skel_where *w, const struct caseload *cl,
               const char *client, const char *program, const char *worker, int opened);
void skel_plan(struct buf *b, const struct skel_where *w, const struct caseload *cl, int opened);
void skel_note(struct buf *b, const struct skel_where *w, const struct caseload *cl,
               const struct case_record *c, const char *by, enum note_kind kind, int date);
void skel_assessment(struct buf *b, const struct skel_where *w, const struct caseload *cl,
                     const struct case_record *c, const char *by, int date);

#endif

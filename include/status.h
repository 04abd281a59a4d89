/* status.h: which files of the caseload folder may differ from git's index
 * (status.c), told from the stat data the index keeps, as git does: the
 * files whose stat data is not the index's (or too new to be told), those
 * the index lacks (untracked, or ignored) and those gone. libgit2's status
 * then looks at these alone, where it would read the whole index again and
 * stat every file by its full path (0.45 s of CPU at 10,000 cases). */
#ifndef CASELOAD_STATUS_H
#define CASELOAD_STATUS_H

#include <stddef.h>
#include <sys/stat.h>

#include "git_index.h"
#include "source.h"

/* status_suspects: the paths under dir (the caseload folder on disk, whose
 * index entries g holds) that may differ from the index, relative to it; a
 * folder the index has nothing in is one path ending in '/'. known, when
 * not NULL, gives what lstat said of a file earlier in the run (the
 * loader's, src_lstat_known), which then is not stat'ed again; listing,
 * the names a folder held (src_listing_known), which then is not read
 * again. 0 with *out
 * (free each and the array) and *n set; 1 when there are more than max, or
 * when this cannot tell (a folder that cannot be read, a nested repository,
 * a submodule): then the caller asks libgit2 about everything. */
int status_suspects(const struct gix *g, const char *dir, size_t max,
                    int (*known)(void *arg, const char *rel, struct stat *st),
                    int (*listing)(void *arg, const char *rel, const struct src_dirent **v, size_t *n),
                    void *known_arg, char ***out, size_t *n);

#endif

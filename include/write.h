/* write.h: how `init` and `new` write into the records: a file is only ever
 * created, never replaced, and a failed command takes back what it wrote. */
#ifndef CASELOAD_WRITE_H
#define CASELOAD_WRITE_H

#include <stddef.h>

/* write_new: creates path (which must not exist: O_EXCL) with mode (before the
 * umask) and writes s into it. Returns 0, or -1 with errno set; a file it
 * created but could not fill is removed. EEXIST: the file was there. */
int write_new(const char *path, const char *s, int mode);
/* remove_tree: removes path and, for a folder, everything under it, without
 * following symlinks. Returns 0 or -1. */
int remove_tree(const char *path);
/* mkdir_parents: creates path and its missing parents (mode 0777 before the
 * umask). Sets *first (the caller frees it) to the topmost folder it created,
 * or NULL when path existed. Returns 0, or -1 with errno set. */
int mkdir_parents(const char *path, char **first);
/* path_rel: the path of abs relative to the folder base (both absolute,
 * without . or .. components), such as "cases/a/case.yaml" or "../x"; "."
 * when they are the same. The caller frees it. */
char *path_rel(const char *base, const char *abs);
/* path_from_cwd: abs relative to the current folder (its real path), or abs
 * itself when the current folder cannot be read. The caller frees it. */
char *path_from_cwd(const char *abs);

#endif

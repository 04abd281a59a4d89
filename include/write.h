/* write.h: the file system, one helper for each thing done to it: a file
 * read whole, a file created (never replaced) or replaced through a
 * temporary one, folders made with their parents, a tree removed, a folder
 * swapped in for another. Each returns 0, or -1 with errno set (dir_swap:
 * with a message). Nothing here prints. */
#ifndef CASELOAD_WRITE_H
#define CASELOAD_WRITE_H

#include <stddef.h>

#include "util.h"

/* read_file: appends the whole file at path (following links) to out,
 * which stays NUL-terminated. Returns 0, or -1 with errno set: EFBIG when it
 * is larger than limit bytes (0: no limit; out then holds nothing new),
 * EISDIR when it is not a regular file. */
int read_file(const char *path, size_t limit, struct buf *out);

/* map_file: the regular file at path (following links), not empty and
 * at most 2 GiB, mapped read-only into *data[0..*len): for files read
 * whole and kept while used, which a read would copy into memory to be
 * faulted in (the history's cache, 37 MB at 10,000 cases; git's index). A
 * file that is only ever replaced whole, by rename (caches, git's index),
 * does not change under the mapping. Returns 0, or -1 (then read it with
 * read_file). Unmap it with unmap_file. */
int map_file(const char *path, const char **data, size_t *len);
void unmap_file(const char *data, size_t len);

/* write_new: creates path (which must not exist: O_EXCL) with mode (before the
 * umask) and writes s into it. Returns 0, or -1 with errno set; a file it
 * created but could not fill is removed. EEXIST: the file was there. */
int write_new(const char *path, const char *s, int mode);
/* write_replace: writes data[0..len) to a temporary file beside path (mode
 * before the umask), then renames it over path, so that a reader sees the
 * old file or the new one, never a part. Returns 0, or -1 with errno set
 * (the temporary file removed, path unchanged). */
int write_replace(const char *path, const char *data, size_t len, int mode);

/* mkdir_p: creates the folder path (relative to dirfd, or absolute; dirfd
 * AT_FDCWD for the current folder) and its missing parents, with mode
 * (before the umask). When first is not NULL, sets *first (the caller frees
 * it) to the topmost folder it created, or NULL when path existed. Returns
 * 0, or -1 with errno set (ENOTDIR: path is there and is no folder). */
int mkdir_p(int dirfd, const char *path, int mode, char **first);

/* rmtree: removes path and, for a folder, everything under it, without
 * following symlinks (a link is removed, its target left alone). A path
 * that is not there is removed already. Returns 0, or -1 with errno set. */
int rmtree(const char *path);
/* rmtree_at: rmtree of name in the folder dirfd. */
int rmtree_at(int dirfd, const char *name);

/* dir_swap: puts the folder tmp in place of out (both paths), atomically
 * where the system can (renameat2 RENAME_EXCHANGE), and removes what was
 * there (a link only unlinked); or, when keep is not NULL and the old
 * folder can be moved there (a path on the same file system, not taken),
 * moves it there instead, for the next build to reuse. Returns 0, or -1
 * with a message in err (out then unchanged). */
int dir_swap(const char *tmp, const char *out, const char *keep, struct buf *err);

/* A folder that a build fills beside its output and then swaps in:
 * PARENT/.NAME.tmp-XXXXXX, with a lock file beside it,
 * .NAME.tmp-XXXXXX.lock, that says "caseload build of NAME, pid P" and
 * that its maker holds locked (flock) for as long as it runs. A build
 * killed on the way leaves both; the next build of the same output removes
 * them (tmp_dir_sweep), and nothing else: never a folder without its lock
 * file, nor one whose lock a live process holds. */
struct tmp_dir {
	char *path; /* the folder */
	char *lock; /* its lock file */
	int fd;     /* the lock file, held; -1 when none */
	int reused; /* the folder is the spare, as an earlier build left it */
};
/* tmp_dir_make: makes a new one beside PARENT/NAME (the lock, held, then
 * the folder, mode 0755 before the umask). When spare (NULL: none) is a
 * folder of this user (that dir_swap kept), it is moved there instead of
 * a new one made, and t->reused set: it still holds what it held. Returns
 * 0, or -1 with errno set and nothing made. Finish with tmp_dir_done. */
int tmp_dir_make(struct tmp_dir *t, const char *parent, const char *name, const char *spare);
/* tmp_dir_done: removes the folder if it is still there (rmtree: after a
 * dir_swap, the old output), then the lock file; frees what t holds. */
void tmp_dir_done(struct tmp_dir *t);
/* tmp_dir_sweep: removes the leftovers of killed builds of PARENT/NAME:
 * for each lock file .NAME.tmp-XXXXXX.lock there that is a regular file of
 * this user, says it is a lock of NAME's, and that no process holds, the
 * folder .NAME.tmp-XXXXXX and its .old (dir_swap's aside), then the lock
 * file; an empty lock file that no process holds goes alone (its build was
 * killed before it said whose it is, so before it made its folder).
 * Returns how many it removed; what it cannot remove stays. */
int tmp_dir_sweep(const char *parent, const char *name);

/* path_is_dir: 1 when path is a folder (or a link to one). */
int path_is_dir(const char *path);

/* path_rel: the path of abs relative to the folder base (both absolute,
 * without . or .. components), such as "cases/a/case.yaml" or "../x"; "."
 * when they are the same. The caller frees it. */
char *path_rel(const char *base, const char *abs);
/* path_from_cwd: abs relative to the current folder (its real path), or abs
 * itself when the current folder cannot be read. The caller frees it. */
char *path_from_cwd(const char *abs);

#endif

/* cache.h: where caches live (SPEC §8 "Caches are not the site"): under the
 * repository's git folder, <git dir>/caseload/, or without git under
 * $XDG_CACHE_HOME/caseload/ (default ~/.cache/caseload/); never in the
 * output folder, which holds only what is published. A cache file is read
 * whole and replaced whole (a reader never sees half of one); its reader
 * ignores one that is missing, damaged or from another version and writes
 * it again. Deleting a cache never changes an output, and failing to write
 * one never fails a command. */
#ifndef CASELOAD_CACHE_H
#define CASELOAD_CACHE_H

#include <stddef.h>

#include "util.h"

/* cache_path: the path of the cache file name: in gitdir/caseload/ (gitdir
 * as libgit2 gives it, ending in '/'), or with gitdir NULL in the user's
 * cache folder. The caller frees it; NULL when there is no such folder (no
 * git folder and no HOME). */
char *cache_path(const char *gitdir, const char *name);
/* cache_read: the cache file at path into out (appended). 0, or -1 when
 * there is none to read (missing, unreadable, larger than 2 GiB). */
int cache_read(const char *path, struct buf *out);
/* cache_write: replaces the cache file at path with data[0..len), making
 * its folder. 0, or -1 (a read-only repository, a full disk): callers go on
 * without it. */
int cache_write(const char *path, const char *data, size_t len);

/* cache_dir: the cache folder of the caseload at root (absolute):
 * <git dir>/caseload when root is in a git work tree (its .git folder, or
 * the folder a .git file names, found upward as git finds it), else the
 * user's cache folder. NULL when there is neither, or when the environment
 * says CASELOAD_NO_CACHE (to run without any cache). The caller frees it. */
char *cache_dir(const char *root);
/* cache_build_id: an id of this build of the program (the linker's build
 * id, else the program file's inode, size and time) into out[0..max); a
 * cache written by another build is not read. Returns its length, 0 when
 * there is none (then no cache is used). */
size_t cache_build_id(unsigned char *out, size_t max);

#endif

/* git_index.h: git's index file, read without libgit2 (git_index.c), for
 * check --staged (source_index.c) and for what is uncommitted (history.c). */
#ifndef CASELOAD_GIT_INDEX_H
#define CASELOAD_GIT_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include <git2.h>

#include "util.h"

#define GIX_OID_LEN 20

/* An entry (stage 0, not intent-to-add) under the caseload folder. */
struct gix_entry {
	const char *path; /* relative to the caseload folder (owned by the gix) */
	unsigned mode;
	unsigned char oid[GIX_OID_LEN];
	uint32_t st[10]; /* ctime s, ns, mtime s, ns, dev, ino, mode, uid, gid, size */
};

/* A folder of the index's tree cache. */
struct gix_tree {
	const char *name; /* in the index data */
	int count;        /* entries below it; -1: touched since the tree was written */
	unsigned char oid[GIX_OID_LEN];
	struct gix_tree *kids; /* sorted by name */
	size_t nkids;
};

struct gix {
	struct gix_entry *v; /* sorted by path */
	size_t n;
	struct gix_tree *top;  /* the whole tree cache, or NULL */
	struct gix_tree *tree; /* the tree cache at the caseload folder, or NULL */
	char *prefix;          /* the caseload folder in the work tree: "" or "a/b/" */
	long long mtime_ns;    /* the index file's modification time */
	int odd;               /* conflicts, skip-worktree or intent-to-add entries, or read
	                        * by libgit2 (no stat data): for libgit2's status */
	int absent;            /* there is no index file */
	char err[256];
	struct buf data; /* the index file, when it was read */
	const char *map; /* the index file, when it was mapped (map_file) */
	size_t maplen;
	struct arena arena; /* paths of a version 4 index */
};

/* gix_read: the index of repo (GIT_INDEX_FILE when set, as git commit sets
 * it for hooks), its entries under prefix ("" or "a/b/"). 0, or -1 with
 * g->err set. Free with gix_free. */
int gix_read(struct gix *g, git_repository *repo, const char *prefix);
void gix_free(struct gix *g);
/* gix_range: the entries under folder rel ("" all): [*lo, *hi). */
void gix_range(const struct gix *g, const char *rel, size_t *lo, size_t *hi);
/* gix_dir_end: the first entry from i on (below hi) whose path does not
 * share the first plen bytes of entry i's and the byte after them. */
size_t gix_dir_end(const struct gix *g, size_t i, size_t hi, size_t plen);
const struct gix_entry *gix_find(const struct gix *g, const char *rel);
/* gix_kid: the folder name[0..len) of t, or NULL. */
const struct gix_tree *gix_kid(const struct gix_tree *t, const char *name, size_t len);
/* gix_tree_oid: the id of the tree git would write for the staged folder
 * whose entries are g->v[lo..hi) (skip: its path's length and the '/'),
 * from the tree cache t when t is valid. gix_dir_oid: of folder rel. */
void gix_tree_oid(const struct gix *g, const struct gix_tree *t, size_t lo, size_t hi, size_t skip,
                  unsigned char out[GIX_OID_LEN]);
void gix_dir_oid(const struct gix *g, const char *rel, unsigned char out[GIX_OID_LEN]);
/* gix_head_tree: HEAD's tree of folder path ("" the top, "a/b/" below), or
 * NULL. The caller frees it. */
git_tree *gix_head_tree(git_repository *repo, const char *path);
/* gix_prefix: root relative to repo's work tree, "" or "a/b/"; NULL when
 * outside it. The caller frees it. */
char *gix_prefix(git_repository *repo, const char *root);

/* gix_git_msg: libgit2's last error message, or a fallback when it has none. */
const char *gix_git_msg(void);

#endif

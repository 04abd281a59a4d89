/* source.h: where the records are read from. The loader sees only this:
 * the working tree (source_fs) or a git tree (source_git, for --at). */
#ifndef CASELOAD_SOURCE_H
#define CASELOAD_SOURCE_H

#include <stddef.h>
#include <stdint.h>

enum src_type { SRC_FILE, SRC_DIR, SRC_OTHER, SRC_BADLINK };

struct src_ent {
	char *name;         /* the entry's name, no slash */
	enum src_type type; /* SRC_BADLINK: a link out of the caseload, or a loop */
	uint64_t size;      /* for files; SRC_SIZE_UNKNOWN: ask src_size */
};

/* A size the listing did not look up: the working tree learns a file's type
 * from its folder without a stat, and most files are records, read whole
 * anyway. */
#define SRC_SIZE_UNKNOWN UINT64_MAX

/* A file's identity (source_ops.ident). */
struct src_ident {
	int blob; /* 1: id is a git blob id; 0: the working tree's
	           * device, inode, size, and modification and change
	           * times in nanoseconds */
	unsigned char id[40];
	size_t len;           /* bytes of id used */
	long long changed_ns; /* the working tree: the later of the two times */
};

/* Results of list and read. */
enum { SRC_OK = 0, SRC_ENOENT = -1, SRC_ETOOBIG = -2, SRC_EIO = -3 };

struct source_ops {
	/* list: the entries of the folder rel ("" is the caseload folder),
	 * sorted by name in byte order, dotfiles left out. Sets *out (free with
	 * src_ents_free) and returns SRC_OK, SRC_ENOENT or SRC_EIO. */
	int (*list)(void *self, const char *rel, struct src_ent **out, size_t *n);
	/* read: the whole file rel into *data (NUL-terminated; the caller frees)
	 * unless it is larger than limit (0: no limit), then SRC_ETOOBIG with
	 * *len set to its size. */
	int (*read)(void *self, const char *rel, size_t limit, char **data, size_t *len);
	void (*free)(void *self);
	/* size: the size of file rel, for an entry listed with SRC_SIZE_UNKNOWN;
	 * SRC_OK, or SRC_EIO with the reason in err. NULL when list always
	 * gives sizes. */
	int (*size)(void *self, const char *rel, uint64_t *size);
	/* ident: what tells this version of file rel from any other, for the
	 * caches (parse_cache.h, site_carry.h), without reading it: SRC_OK
	 * with *id set; SRC_ENOENT when there is no such file; SRC_EIO when it
	 * has none to give (a link: read it). NULL: no cache for this source. */
	int (*ident)(void *self, const char *rel, struct src_ident *id);
};

struct source {
	const struct source_ops *ops;
	void *self;
	char err[256];     /* the last SRC_EIO's reason */
	int broken;        /* the store itself is damaged (a git object is missing): err
	                    * says what, and the records read cannot be trusted */
	char commit[41];   /* a git tree (--at): the commit's full id; else "" */
	int commit_date;   /* and its author date as a day (date.h) */
	struct pcache *pc; /* the parse cache, or NULL (parse_cache.h; its owner
	                    * closes it before the source) */
};

/* source_fs_open: the working tree under root (which must exist). */
int source_fs_open(struct source *src, const char *root);
/* src_threads_ok: 1 when several threads may read src at once (the working
 * tree: its identities are kept under a lock), each having called
 * src_thread_err with a buffer of its own; 0 for git, read on one thread. */
int src_threads_ok(const struct source *src);
/* src_thread_err: from now on, on this thread, the working tree's reasons
 * for SRC_EIO and SRC_ENOENT go to buf (256 bytes), not to the source's
 * err; NULL goes back to it. */
void src_thread_err(char *buf);
/* src_list, src_read: see struct source_ops. */
int src_list(struct source *src, const char *rel, struct src_ent **out, size_t *n);
int src_read(struct source *src, const char *rel, size_t limit, char **data, size_t *len);
/* src_size: the size of the listed file rel (see source_ops.size). */
int src_size(struct source *src, const char *rel, uint64_t *size);
/* src_lstat_known: 1 when src (a struct source) is the working tree and
 * has looked at file rel this run (its identity was asked for), with what
 * lstat said then in *st (type and mode, owner, group, inode, size, times);
 * else 0. For the status (status.h), which would stat every file again. */
struct stat;
int src_lstat_known(void *src, const char *rel, struct stat *st);
/* src_listing_known: 1 when src is the working tree and has listed folder
 * rel ("" the caseload folder) this run, with every name it read then
 * (dotfiles too; not "." and "..") and its type as readdir gave it (d_type)
 * in *v[0..*n), which live as long as src; else 0. */
struct src_dirent {
	const char *name;
	unsigned char type;
	const void *known; /* the lstat the loader took of it, for
	                    * src_dirent_lstat; NULL when none */
};
/* src_dirent_lstat: as src_lstat_known, for an entry of such a listing,
 * without looking its path up. */
int src_dirent_lstat(const struct src_dirent *d, struct stat *st);
/* src_dirent_ident: 1 with what source_ops.ident gives of the file (its
 * result in *r, its identity in *id) when d holds the loader's lstat of it;
 * else 0. */
int src_dirent_ident(const struct src_dirent *d, struct src_ident *id, int *r);
int src_listing_known(void *src, const char *rel, const struct src_dirent **v, size_t *n);
/* src_keep_listings: from now on the working tree keeps what it lists, for
 * src_listing_known (the build, whose status walks the folders after the
 * load); it costs every other command time for nothing. */
void src_keep_listings(struct source *src);
/* src_ents_sort: ents in the order of their names (strcmp), as list returns them. */
void src_ents_sort(struct src_ent *ents, size_t n);
void src_ents_free(struct src_ent *ents, size_t n);
void source_close(struct source *src);

/* source_git_open: the tree of revision rev (a commit, or what names one: a
 * branch, a tag) in the git repository holding the folder root (the caseload
 * folder, possibly below the repository's top); src->commit and
 * src->commit_date say which commit it is.
 * Returns SRC_OK, or SRC_EIO with the reason in src->err. libgit2 must have
 * been started (cmd.h: NEEDS_GIT, which --at implies). */
int source_git_open(struct source *src, const char *root, const char *rev);

/* source_index_open: the records as staged in git's index (what `git
 * commit` would record; GIT_INDEX_FILE when set) for the caseload folder
 * root (source_index.c). SRC_OK, or SRC_EIO with the reason in src->err.
 * libgit2 must have been started. */
int source_index_open(struct source *src, const char *root);
/* source_index_touched: what the staged changes touch, against HEAD: *all
 * when a file outside cases/ changed (or it cannot be told), else the ids
 * of the case folders that changed in *ids[0..*nids) (the caller frees
 * each and the array), none when nothing in the caseload folder is staged.
 * 0, or -1 when src is no index source. */
int source_index_touched(struct source *src, char ***ids, size_t *nids, int *all);

#endif

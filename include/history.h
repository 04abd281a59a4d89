/* history.h: what git remembers about the caseload, read in one walk over the
 * commits that reach HEAD (or --at REV). For each commit that changed the
 * caseload folder: who, when and what; for each case, the commits that
 * changed it and the files each one added, modified, removed or renamed; for
 * each case file, the commit that first added it (following renames, also
 * of a whole case folder); each version of reviews.yaml. The audit and the
 * site's case pages both read it; nothing here knows about findings or
 * HTML.
 *
 * Only history.c calls libgit2 for history (history_cache.c keeps a walk
 * for the next run); the repository it opened stays open inside struct
 * history so that callers can read an old blob (hist_blob) or ask what is
 * not committed (hist_uncommitted). libgit2 must have been started
 * (git_libgit2_init): a command asks for it with NEEDS_GIT (cmd.h). */
#ifndef CASELOAD_HISTORY_H
#define CASELOAD_HISTORY_H

#include <pthread.h>
#include <stddef.h>
#include <sys/stat.h>

#include "util.h"

struct src_dirent; /* source.h */

struct git_odb;
struct git_oid;

struct git_repository;

/* What a commit did to one file. */
enum hist_change { HIST_ADDED, HIST_MODIFIED, HIST_DELETED, HIST_RENAMED, HIST_TYPECHANGE };
extern const char *const hist_change_names[]; /* "added", "modified", ... */

/* hist_load flags. */
enum {
	HIST_LINES = 1 << 0, /* count lines added and removed (the site); else -1 */
	/* walk on the calling thread only (a build's history thread, beside
	 * the records and pages on the other cores); else a long history is
	 * walked in two parts on two threads. Not part of what is walked. */
	HIST_ONE_THREAD = 1 << 1,
};

#define HIST_OID_LEN 20 /* a raw SHA-1 */

struct hist_commit {
	char id[41];            /* full hex id */
	char *author;           /* author name, after .mailmap */
	char *email;            /* author email, after .mailmap, as written */
	long long time;         /* author time, seconds since the epoch */
	int offset;             /* the author's UTC offset, minutes */
	int date;               /* author date in its own offset, as a day number (date.h) */
	char *subject;          /* first line of the message */
	unsigned nparents;      /* more than 1 for a merge (compared with its first parent) */
	const char *first_case; /* smallest id (byte order) of a case it changed, or NULL */
	size_t ncases;          /* how many cases it changed */
};

struct hist_file {
	char *path;     /* relative to the caseload folder; the removed path for HIST_DELETED */
	char *old_path; /* the path before, for HIST_RENAMED; else NULL */
	enum hist_change change;
	int added, removed; /* lines; -1 when not counted (no HIST_LINES, or not text) */
	unsigned char old_id[HIST_OID_LEN], new_id[HIST_OID_LEN]; /* blob ids; zeros when absent */
};

/* One commit's changes to one case. */
struct hist_entry {
	size_t commit;           /* index into history.commits */
	struct hist_file *files; /* sorted by path */
	size_t nfiles;
	/* the blob of case.yaml in the first parent's tree (zeros when it had none):
	 * the case as it stood before this commit, for edit-after-close */
	unsigned char parent_case_yaml[HIST_OID_LEN];
	int has_parent_case_yaml;
};

struct hist_case {
	char *id;                   /* the folder name under cases/ */
	struct hist_entry *entries; /* newest first */
	size_t nentries;
};

/* The commit that first added a case file. */
struct hist_first {
	char *path;    /* relative to the caseload folder */
	size_t commit; /* the oldest commit that added it, following exact renames */
};

/* An event that put a file at path, as the walk saw it before following
 * renames: the oldest addition, or rename to path (from: the old path).
 * The cache keeps these, so that a later walk can go on from them. */
struct hist_rawfirst {
	char *path;
	size_t commit;
	char *from; /* NULL unless a rename */
};

/* A commit that changed the caseload folder's reviews.yaml (compared with
 * its first parent): the audit reads each version once, to learn which
 * commit first held each review (SPEC §5). */
struct hist_version {
	size_t commit;                  /* index into history.commits */
	unsigned char id[HIST_OID_LEN]; /* the blob; zeros when the commit removed the file */
};

/* A commit's generation, by its id. */
struct hist_gen {
	unsigned char id[HIST_OID_LEN];
	unsigned gen;
};

/* A file of a case folder that differs from HEAD in the working tree or the index. */
enum hist_wt_state {
	HIST_WT_UNTRACKED,
	HIST_WT_STAGED_NEW,
	HIST_WT_MODIFIED,
	HIST_WT_DELETED,
	HIST_WT_TYPECHANGE
};
struct hist_wt {
	char *path; /* relative to the caseload folder */
	enum hist_wt_state state;
};

struct history {
	struct hist_commit *commits; /* commits that changed the caseload folder, newest first */
	size_t ncommits;
	struct hist_case *cases; /* every case folder some commit changed, sorted by id */
	size_t ncases;
	struct hist_first *firsts; /* sorted by path (byte order) */
	size_t nfirsts;
	struct hist_rawfirst *raw; /* what firsts were made of, sorted by path */
	size_t nraw;
	struct hist_version *reviews; /* the versions of reviews.yaml, newest first */
	size_t nreviews;
	/* what lstat said of the files of the caseload folder earlier in the
	 * run, for hist_uncommitted (status.h); NULL: stat them */
	int (*known)(void *arg, const char *rel, struct stat *st);
	int (*listing)(void *arg, const char *rel, const struct src_dirent **v, size_t *n);
	void *known_arg;
	/* hist_uncommitted told the suspects itself, without libgit2's
	 * status (for the tests) */
	int decided;
	int unborn;   /* the repository has no commits yet */
	int norepo;   /* hist_load failed because root is in no git repository */
	char *prefix; /* the caseload folder relative to the work tree: "" or "a/b/" */
	char tip[41]; /* the commit walked from (hex), "" when unborn */
	/* the first commit of the walk (the newest; of the same second, the
	 * latest generation, then the smallest id), and the generation of
	 * every commit walked, sorted by id (1 for a root commit, else one
	 * more than its parents' largest): newer commits can extend the walk
	 * (hist_extend) */
	long long newest_time;
	unsigned newest_gen;
	unsigned char newest_id[HIST_OID_LEN];
	struct hist_gen *gens;
	size_t ngens;
	unsigned flags; /* the flags it was loaded with */
	char *mailmap;  /* the .mailmap applied, as read (libgit2's syntax) */
	size_t mailmap_len;
	char *mailmap_key; /* what it depends on: settings and files' text */
	size_t mailmap_key_len;
	char err[512];                        /* why hist_load or another call failed */
	struct git_repository *repo;          /* owned; opaque to callers */
	struct blob_memo *memo;               /* hist_blob_memo's, once read; owned */
	void (*memo_free)(struct history *h); /* frees memo (hist_free calls it) */
	struct arena arena;    /* owns every array above, and the strings not in cache_map */
	const char *cache_map; /* the history cache file, mapped: the
	                        * strings read from it point into it */
	size_t cache_maplen;
};

/* hist_load: walks the commits that reach rev (NULL: HEAD) of the repository
 * holding root (the caseload folder, absolute). flags: HIST_LINES, HIST_ONE_THREAD or 0.
 * Returns 0, or -1 with the reason in h->err (h->norepo set when root is in no
 * repository). A repository without commits loads as an empty history with
 * h->unborn set. A shallow clone or a missing object is an error naming what
 * is missing. Free with hist_free, also after a failure. */
int hist_load(struct history *h, const char *root, const char *rev, unsigned flags);
/* hist_open and hist_walk: the two halves of hist_load: open the repository
 * holding root (and read its .mailmap, once), then walk. Each returns 0, or
 * -1 with h->err set; free h with hist_free either way. */
int hist_open(struct history *h, const char *root);
int hist_walk(struct history *h, const char *rev, unsigned flags);
void hist_free(struct history *h);
/* hist_extend: h holds the history of an older commit than tip (hex), as
 * the cache kept it; walks only the commits tip has and h->tip has not, and
 * puts them in front. Returns 0 when h now holds exactly what hist_walk of
 * tip with flags would have made; 1 when that cannot be done (h->tip is no
 * ancestor of tip, or a new commit is older than the newest of h's walk, so
 * that the walk of tip would put it among them): h is then unchanged. Many
 * new commits are walked in two parts as hist_walk's are, unless flags
 * holds HIST_ONE_THREAD. -1 on failure (h->err), h then partly changed:
 * the caller empties its tables and walks. */
int hist_extend(struct history *h, const char *tip, unsigned flags);
/* hist_take_tables: moves h's tables (commits, cases, firsts, reviews,
 * generations) into old, leaving h's empty. Only old->commits is old's to
 * free; the rest stays in h's arena. */
void hist_take_tables(struct history *old, struct history *h);
/* hist_resolve_firsts: h->firsts from h->raw, renames followed, in arena a. */
void hist_resolve_firsts(struct history *h, struct arena *a);

/* hist_load_cached: hist_load, but from the cache of the repository's last
 * walk with these flags (cache.h: <git dir>/caseload/history, with lines
 * counted; history.nolines without, which also reads the other) when it
 * is of the same folder and .mailmap: read as it is when it holds the
 * history of the same commit (*hit 1), or extended (hist_extend, *hit 2)
 * when it holds an older one; else walked (*hit 0). After a walk or an
 * extension the cache is written again. A cache that does not match, is
 * damaged or cannot be written changes nothing but the time it takes; none
 * is read or written when CASELOAD_NO_CACHE is set, and
 * CASELOAD_CACHE_STATS says which way the history came. */
int hist_load_cached(struct history *h, const char *root, const char *rev, unsigned flags, int *hit);
/* hist_serialize: appends h (loaded, not unborn) to out, the cache's bytes.
 * Machine-dependent: the cache is for this machine. */
void hist_serialize(const struct history *h, struct buf *out);

/* The history of the repository holding root, read (hist_load_cached) on a
 * thread of its own while the records load (and, in a build, the pages that
 * do not need it render), then what is uncommitted; when no thread can
 * start, it is read at hist_job_wait. */
struct hist_job {
	struct history h;
	struct hist_wt *wt; /* files that differ from HEAD (none with --at) */
	size_t nwt;
	int rc;      /* 0: read; -1: not read (h.err says why, h.norepo) */
	int hit;     /* read from the cache (1), or extended from it (2) */
	int started; /* a thread is reading it */
	int joined;
	pthread_t th;
	char *root;     /* owned */
	const char *at; /* --at REV, or NULL */
	unsigned flags; /* hist_load_cached's */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int go; /* hist_job_go was called */
	/* set before hist_job_go: given to the history (struct history's) */
	int (*known)(void *arg, const char *rel, struct stat *st);
	int (*listing)(void *arg, const char *rel, const struct src_dirent **v, size_t *n);
	void *known_arg;
	int (*then)(struct hist_job *j, void *arg);
	void *then_arg;
	int then_rc; /* what then returned (0 when it did not run) */
};
/* hist_job_start: starts reading the history up to at (NULL: HEAD), with
 * hist_load_cached's flags. The work tree is compared with HEAD only once
 * hist_job_go says so: a build says it when the records are loaded, which
 * have the cores until then (and has the audit's findings collected on the
 * job's thread next, while its first pages render); an audit at once, as it
 * has nothing else to do beside the records' load. */
void hist_job_start(struct hist_job *j, const char *root, const char *at, unsigned flags);
/* hist_job_go: the work tree may be compared now; then, when not NULL,
 * runs on the job's thread after it (and after a history read with --at or
 * of an unborn HEAD), while the caller goes on, its result in j->then_rc.
 * Once; hist_job_wait implies it, with no then. */
void hist_job_go(struct hist_job *j, int (*then)(struct hist_job *j, void *arg), void *arg);
/* hist_job_wait: waits for the history; returns j->rc. */
int hist_job_wait(struct hist_job *j);
/* hist_job_free: waits, then frees what j holds. */
void hist_job_free(struct hist_job *j);

/* hist_case: the history of case id, or NULL when no commit changed it. */
const struct hist_case *hist_case(const struct history *h, const char *id);
/* hist_first: the commit that first added path (relative to the caseload
 * folder), or NULL when none did. */
const struct hist_commit *hist_first(const struct history *h, const char *path);

/* hist_odb_read: object id of odb (NUL-terminated; the caller frees *data)
 * unless larger than limit (0: none), asked of its header first. Returns 0;
 * 1 when too large, with *len its size; -1 when missing or damaged. */
int hist_odb_read(struct git_odb *odb, const struct git_oid *id, size_t limit, char **data, size_t *len);

/* hist_blob: the blob id's content (NUL-terminated; the caller frees *data)
 * unless larger than limit (0: none). Returns 0, or -1 with h->err set. */
int hist_blob(struct history *h, const unsigned char id[HIST_OID_LEN], size_t limit, char **data,
              size_t *len);

/* hist_blob_map: out[i] = fn(text, len, arg) for the blob ids[i], each of
 * n blobs read (text[0..len), not NUL-terminated; NULL when larger than
 * limit) on a few threads with a repository of their own, each taking a
 * run of ids: fn must be safe to call from several threads at once. For a
 * rule that must look into many blobs. Returns 0, or -1 with h->err set
 * when a blob is missing. */
int hist_blob_map(struct history *h, const unsigned char (*ids)[HIST_OID_LEN], size_t n, size_t limit,
                  int (*fn)(const char *text, size_t len, void *arg), void *arg, int *out);

/* hist_blob_memo: hist_blob_map for a pure fn (its result depends on the
 * blob's bytes alone, never on arg's state): what this build of the program
 * got before for a blob and the same name and limit is kept under the git
 * folder (cache.h: <git dir>/caseload/blobs), so that only blobs it has not
 * seen are read. name tells one fn from another. A kept file that is
 * damaged, from another build or cannot be written changes nothing but the
 * time it takes. Returns as hist_blob_map. */
int hist_blob_memo(struct history *h, const char *name, const unsigned char (*ids)[HIST_OID_LEN],
                   size_t n, size_t limit, int (*fn)(const char *text, size_t len, void *arg),
                   void *arg, int *out);
/* hist_memo_free: lets go of what hist_blob_memo read (hist_free does too);
 * the next hist_blob_memo reads the kept file again. */
void hist_memo_free(struct history *h);

/* hist_uncommitted: the files under the caseload folder that differ from HEAD
 * in the index or the working tree, untracked ones included, ignored ones not,
 * sorted by path. *out and its paths are freed with hist_wt_free. Returns 0,
 * or -1 with h->err set. */
int hist_uncommitted(struct history *h, struct hist_wt **out, size_t *n);
/* hist_nothing_staged: 1 when the index holds HEAD's tree of the caseload
 * folder, told from the index's tree cache (git_index.c) in milliseconds,
 * where libgit2's status reads every tree of HEAD to say so (a quarter of a
 * second at 10,000 cases): hist_uncommitted then compares the work tree
 * with the index alone. 0 when anything there is staged, when it cannot
 * tell, when git runs a hook with an index of its own (GIT_INDEX_FILE,
 * which libgit2's status does not read), and with entries that only
 * libgit2's status shows (conflicts and the like). */
int hist_nothing_staged(struct history *h);
void hist_wt_free(struct hist_wt *v, size_t n);

/* hist_day: a time in seconds since the epoch, seen at a UTC offset in
 * minutes, as a day number. */
int hist_day(long long time, int offset);

#endif

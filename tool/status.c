/* status.c: the files of the caseload folder that may differ from git's
 * index (status.h). The folder is walked once, each file stat'ed beside
 * its folder (not by its full path), and compared with the stat data of
 * its index entry as git compares them: type, executable bit, change and
 * modification times, inode, owner and size; an entry modified no earlier
 * than the index was written is "racily clean" and a suspect too. Anything
 * unusual makes it say it cannot tell. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "status.h"

/* folders deeper than this are not walked: it cannot tell */
#define MAX_DEPTH 64

struct walk {
	const struct gix *g;
	unsigned char *seen; /* by index entry: its file was met */
	char **v;            /* the suspects */
	size_t n, cap, max;
	int unsure;
	int top;     /* the caseload folder is the work tree's top: its .git is git's */
	int threads; /* may walk a big folder on two threads */
	int (*known)(void *arg, const char *rel, struct stat *st);
	int (*listing)(void *arg, const char *rel, const struct src_dirent **v, size_t *n);
	void *known_arg;
	int rootfd; /* the caseload folder, for a folder walked without being opened */
};

static void
suspect(struct walk *w, const char *path, int dir)
{
	if (w->n >= w->max) {
		w->unsure = 1;
		return;
	}
	VEC_GROW(w->v, w->n, w->cap);
	w->v[w->n++] = dir ? xasprintf("%s/", path) : xstrdup(path);
}

/* same_stat: whether st is what index entry e recorded (the index keeps
 * the low 32 bits of each number), and not racily clean. */
static int
same_stat(const struct walk *w, const struct gix_entry *e, const struct stat *st)
{
	unsigned type = e->mode & 0170000;
	if (S_ISREG(st->st_mode)) {
		if (type != 0100000 || !(st->st_mode & S_IXUSR) != !(e->mode & 0111))
			return 0;
	} else if (!S_ISLNK(st->st_mode) || type != 0120000) {
		return 0;
	}
	if (e->st[0] != (uint32_t)st->st_ctim.tv_sec || e->st[1] != (uint32_t)st->st_ctim.tv_nsec ||
	    e->st[2] != (uint32_t)st->st_mtim.tv_sec || e->st[3] != (uint32_t)st->st_mtim.tv_nsec ||
	    e->st[5] != (uint32_t)st->st_ino || e->st[7] != (uint32_t)st->st_uid ||
	    e->st[8] != (uint32_t)st->st_gid || e->st[9] != (uint32_t)st->st_size)
		return 0;
	long long m = (long long)e->st[2] * 1000000000LL + e->st[3];
	return m < w->g->mtime_ns;
}

static void walk_dir(struct walk *w, int dfd, const struct src_dirent *v, size_t n, struct buf *rel,
                     int depth, size_t lo, size_t hi);

/* entry_cmp: bsearch's order of a path and an index entry. */
static int
entry_cmp(const void *key, const void *e)
{
	return strcmp(key, ((const struct gix_entry *)e)->path);
}

/* one_entry: de (its name and readdir type; what the loader's lstat said,
 * when it took one) in the folder dfd, which is at rel[0..base) and whose
 * index entries are g->v[lo..hi), compared with the index (a folder walked
 * in turn). */
static void
one_entry(struct walk *w, int dfd, struct buf *rel, size_t base, const struct src_dirent *de,
          int depth, size_t lo, size_t hi)
{
	const char *name = de->name;
	unsigned char dtype = de->type;
	/* git's own folder at the top; any other is a repository inside, or a
	 * submodule's */
	if (strcmp(name, ".git") == 0) {
		if (depth != 0 || !w->top)
			w->unsure = 1;
		return;
	}
	rel->len = base;
	if (base)
		buf_putc(rel, '/');
	buf_puts(rel, name);
	struct stat st;
	int isdir = dtype == DT_DIR;
	/* a file the loader looked at this run: what it saw, not a stat again;
	 * in a folder not opened (its listing known), by its path */
	int at = dfd >= 0 ? dfd : w->rootfd;
	const char *atname = dfd >= 0 ? name : rel->s;
	if (!isdir && !(dtype == DT_REG && (src_dirent_lstat(de, &st) ||
	                                    (w->known && w->known(w->known_arg, rel->s, &st))))) {
		if (fstatat(at, atname, &st, AT_SYMLINK_NOFOLLOW) != 0) {
			if (errno != ENOENT) /* gone since: its entry is unseen */
				w->unsure = 1;
			return;
		}
		isdir = S_ISDIR(st.st_mode);
	}
	if (isdir) {
		gix_range(w->g, rel->s, &lo, &hi);
		if (lo == hi) {
			suspect(w, rel->s, 1); /* untracked or ignored: libgit2 knows */
			return;
		}
		if (depth >= MAX_DEPTH) {
			w->unsure = 1;
			return;
		}
		/* a folder the loader listed: its names, without opening it */
		const struct src_dirent *lv;
		size_t ln;
		if (w->listing && w->listing(w->known_arg, rel->s, &lv, &ln)) {
			walk_dir(w, -1, lv, ln, rel, depth + 1, lo, hi);
			return;
		}
		int fd = openat(at, atname, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0) {
			w->unsure = 1;
			return;
		}
		walk_dir(w, fd, NULL, 0, rel, depth + 1, lo, hi);
		return;
	}
	/* among the folder's entries alone */
	const struct gix_entry *e = hi > lo ? bsearch(rel->s, w->g->v + lo, hi - lo, sizeof(*w->g->v), entry_cmp)
	                                    : NULL;
	if (e) {
		w->seen[e - w->g->v] = 1; /* one walker per entry: no other writes it */
		if (same_stat(w, e, &st))
			return;
	}
	suspect(w, rel->s, 0);
}

/* A share of a folder's entries: every step-th from from (all of them, or
 * every other one on each of two threads). */
struct share {
	struct walk w;
	int dfd;
	const char *rel;
	const struct src_dirent *v;
	size_t n, from, step;
	int depth;
	size_t lo, hi; /* the folder's index entries */
};

static void
share_walk(struct share *sh, struct buf *rel)
{
	size_t base = rel->len;
	for (size_t i = sh->from; i < sh->n && !sh->w.unsure; i += sh->step)
		one_entry(&sh->w, sh->dfd, rel, base, &sh->v[i], sh->depth, sh->lo, sh->hi);
	rel->len = base;
	if (rel->s)
		rel->s[base] = '\0';
}

static void *
share_main(void *p)
{
	struct share *sh = p;
	struct buf rel = {0};
	buf_puts(&rel, sh->rel);
	share_walk(sh, &rel);
	buf_free(&rel);
	return NULL;
}

/* walk_dir: the folder at rel ("" the top, else "a/b"): open as dfd
 * (taken), its names read from it; or, with dfd -1, the loader's listing
 * of it v[0..n), and it is not opened. Its files and folders are compared
 * with the index. A big folder near the top (cases/) is walked on two
 * threads, each taking every other entry: the walk is mostly waiting on
 * the kernel. */
static void
walk_dir(struct walk *w, int dfd, const struct src_dirent *v, size_t n, struct buf *rel, int depth,
         size_t lo, size_t hi)
{
	DIR *d = NULL;
	struct src_dirent *own = NULL;
	if (dfd >= 0) {
		/* the folder stays open for the stats and folders below it */
		if (!(d = fdopendir(dfd))) {
			close(dfd);
			w->unsure = 1;
			return;
		}
		size_t cap = 0;
		struct dirent *de;
		n = 0;
		while ((de = readdir(d))) {
			const char *name = de->d_name;
			if (name[0] == '.' && (!name[1] || (name[1] == '.' && !name[2])))
				continue;
			VEC_GROW(own, n, cap);
			own[n].name = xstrdup(name);
			own[n].known = NULL;
			own[n++].type = de->d_type;
		}
		v = own;
	}
	struct share mine = {
		.w = *w, .dfd = dfd, .v = v, .n = n, .from = 0, .step = 1, .depth = depth, .lo = lo, .hi = hi};
	/* the second thread's copy of the walk: the same index and seen
	 * (each entry is met by one of the two), suspects of its own */
	struct share other = mine;
	other.w.v = NULL;
	other.w.n = other.w.cap = 0;
	other.w.threads = 0;
	other.from = 1;
	other.step = 2;
	char *at = NULL;
	pthread_t th;
	int two = !w->unsure && w->threads && depth <= 1 && n >= 64;
	if (two) {
		other.rel = at = xstrdup(rel->s ? rel->s : "");
		two = pthread_create(&th, NULL, share_main, &other) == 0;
	}
	if (two) {
		mine.step = 2;
		mine.w.threads = 0;
	}
	share_walk(&mine, rel);
	*w = mine.w;
	if (two) {
		pthread_join(th, NULL);
		w->threads = 1;
		for (size_t i = 0; i < other.w.n; i++) {
			if (w->n < w->max) {
				VEC_GROW(w->v, w->n, w->cap);
				w->v[w->n++] = other.w.v[i];
				continue;
			}
			w->unsure = 1;
			free(other.w.v[i]);
		}
		free(other.w.v);
		w->unsure |= other.w.unsure;
	}
	free(at);
	for (size_t i = 0; own && i < n; i++)
		free((char *)own[i].name);
	free(own);
	if (d)
		closedir(d);
}

int
status_suspects(const struct gix *g, const char *dir, size_t max,
                int (*known)(void *arg, const char *rel, struct stat *st),
                int (*listing)(void *arg, const char *rel, const struct src_dirent **v, size_t *n),
                void *known_arg, char ***out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct walk w;
	memset(&w, 0, sizeof(w));
	w.g = g;
	w.max = max;
	w.top = !*g->prefix;
	w.threads = 1;
	w.known = known;
	w.listing = listing;
	w.known_arg = known_arg;
	for (size_t i = 0; i < g->n; i++)
		if ((g->v[i].mode & 0170000) == 0160000)
			return 1; /* a submodule */
	w.seen = xcalloc(g->n ? g->n : 1, 1);
	w.rootfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int fd = w.rootfd >= 0 ? dup(w.rootfd) : -1;
	struct buf rel = {0};
	buf_puts(&rel, "");
	if (fd < 0)
		w.unsure = 1;
	else
		walk_dir(&w, fd, NULL, 0, &rel, 0, 0, g->n);
	buf_free(&rel);
	if (w.rootfd >= 0)
		close(w.rootfd);
	/* entries whose file was not met: gone, or no longer a file */
	for (size_t i = 0; !w.unsure && i < g->n; i++)
		if (!w.seen[i])
			suspect(&w, g->v[i].path, 0);
	free(w.seen);
	if (w.unsure) {
		for (size_t i = 0; i < w.n; i++)
			free(w.v[i]);
		free(w.v);
		return 1;
	}
	*out = w.v;
	*n = w.n;
	return 0;
}

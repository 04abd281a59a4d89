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
	int top; /* the caseload folder is the work tree's top: its .git is git's */
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

/* walk_dir: the folder open as dfd (taken), at rel ("" the top, else
 * "a/b"), its files and folders compared with the index. */
static void
walk_dir(struct walk *w, int dfd, struct buf *rel, int depth)
{
	DIR *d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		w->unsure = 1;
		return;
	}
	size_t base = rel->len;
	struct dirent *de;
	while (!w->unsure && (de = readdir(d))) {
		const char *name = de->d_name;
		if (name[0] == '.' && (!name[1] || (name[1] == '.' && !name[2])))
			continue;
		if (strcmp(name, ".git") == 0) {
			if (depth == 0 && w->top)
				continue;
			w->unsure = 1; /* a repository inside, or a submodule's */
			break;
		}
		rel->len = base;
		if (base)
			buf_putc(rel, '/');
		buf_puts(rel, name);
		struct stat st;
		int isdir = de->d_type == DT_DIR;
		if (!isdir) {
			if (fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
				if (errno != ENOENT) /* gone since: its entry is unseen */
					w->unsure = 1;
				continue;
			}
			isdir = S_ISDIR(st.st_mode);
		}
		if (isdir) {
			size_t lo, hi;
			gix_range(w->g, rel->s, &lo, &hi);
			if (lo == hi) {
				suspect(w, rel->s, 1); /* untracked or ignored: libgit2 knows */
				continue;
			}
			int fd = depth < MAX_DEPTH
			                 ? openat(dirfd(d), name,
			                          O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
			                 : -1;
			if (fd < 0) {
				w->unsure = 1;
				break;
			}
			walk_dir(w, fd, rel, depth + 1);
			continue;
		}
		const struct gix_entry *e = gix_find(w->g, rel->s);
		if (e) {
			w->seen[e - w->g->v] = 1;
			if (same_stat(w, e, &st))
				continue;
		}
		suspect(w, rel->s, 0);
	}
	rel->len = base;
	if (rel->s)
		rel->s[base] = '\0';
	closedir(d);
}

int
status_suspects(const struct gix *g, const char *dir, size_t max, char ***out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct walk w;
	memset(&w, 0, sizeof(w));
	w.g = g;
	w.max = max;
	w.top = !*g->prefix;
	for (size_t i = 0; i < g->n; i++)
		if ((g->v[i].mode & 0170000) == 0160000)
			return 1; /* a submodule */
	w.seen = xcalloc(g->n ? g->n : 1, 1);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct buf rel = {0};
	buf_puts(&rel, "");
	if (fd < 0)
		w.unsure = 1;
	else
		walk_dir(&w, fd, &rel, 0);
	buf_free(&rel);
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

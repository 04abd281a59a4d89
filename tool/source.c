/* source.c: reading the records from the working tree. A symlink is followed
 * only when it resolves to a place inside the caseload folder. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source.h"
#include "util.h"

/* A file's identity as first asked for in this run: the loader asks for
 * each record's, and the build asks again for its pages' fingerprints
 * (site_carry.h), which must be of the files as they were loaded. */
struct memo {
	const char *rel; /* a file's path; a folder's listing: its path and '/' */
	int r;
	struct src_ident id;
	unsigned mode, uid, gid;       /* of the lstat, with r SRC_OK */
	const struct src_dirent *list; /* a folder's listing: every name read */
	size_t nlist;
};

/* The memo is spread over SHARDS tables by the top bits of each path's
 * hash, each with its own lock: the loader's threads, then the status's
 * and the build's, look up 100,000 paths and more at 10,000 cases. A slot
 * keeps the hash, so a probe reads another entry only when the hashes
 * match. */
#define SHARDS 32
struct slot {
	unsigned long long h;
	struct memo *m; /* NULL: a free slot */
};
struct memo_shard {
	pthread_mutex_t lock; /* the table, the arena and the blocks */
	struct slot *v;       /* open addressing, by hash */
	size_t n, cap;
	struct arena arena; /* the entries and their paths */
	char **blocks;      /* the listings (memo_listing) */
	size_t nblocks, capblocks;
};

struct fs {
	char *root; /* realpath of the caseload folder */
	size_t rootlen;
	int rootfd; /* the caseload folder: records are opened relative to it,
	             * which spares the kernel the folders above it each time */
	char *err;  /* the source's err buffer */
	struct memo_shard memo[SHARDS];
	int keep_lists; /* src_keep_listings was called */
};

/* A loader thread's own err buffer (src_thread_err): what failed on one
 * thread is not overwritten by another before it is reported. */
static __thread char *thread_err;

void
src_thread_err(char *buf)
{
	thread_err = buf;
}

#define ERR(fs) (thread_err ? thread_err : (fs)->err)

static unsigned long long
memo_hash(const char *rel)
{
	return hash64(rel, strlen(rel), 9);
}

static struct memo_shard *
memo_shard(struct fs *fs, unsigned long long h)
{
	return &fs->memo[h >> 59];
}

/* memo_find: the slot of rel (hash h) in shard sh: its entry, or the free
 * slot where it goes. Under sh->lock. */
static struct slot *
memo_find(struct memo_shard *sh, const char *rel, unsigned long long h)
{
	if (sh->n * 2 >= sh->cap) {
		size_t cap = sh->cap ? sh->cap * 2 : 1024;
		struct slot *v = xcalloc(cap, sizeof(*v));
		for (size_t i = 0; i < sh->cap; i++)
			if (sh->v[i].m) {
				size_t k = (size_t)sh->v[i].h & (cap - 1);
				while (v[k].m)
					k = (k + 1) & (cap - 1);
				v[k] = sh->v[i];
			}
		free(sh->v);
		sh->v = v;
		sh->cap = cap;
	}
	size_t k = (size_t)h & (sh->cap - 1);
	while (sh->v[k].m && (sh->v[k].h != h || strcmp(sh->v[k].m->rel, rel) != 0))
		k = (k + 1) & (sh->cap - 1);
	return &sh->v[k];
}

/* memo_get: rel's entry, or NULL; takes and gives back the lock. */
static const struct memo *
memo_get(struct fs *fs, const char *rel, struct memo *copy)
{
	unsigned long long h = memo_hash(rel);
	struct memo_shard *sh = memo_shard(fs, h);
	pthread_mutex_lock(&sh->lock);
	const struct memo *m = sh->cap ? memo_find(sh, rel, h)->m : NULL;
	if (m)
		*copy = *m;
	pthread_mutex_unlock(&sh->lock);
	return m ? copy : NULL;
}

/* memo_put: an entry for rel with what *m says, unless rel has one: the
 * first of a run stands. rel is copied into the memo, unless it lies in
 * block (a listing's, memo_listing), which the memo then owns when the
 * entry is made. Returns the entry that stands (which lives as long as the
 * memo), copied into *m. */
static const struct memo *
memo_put(struct fs *fs, const char *rel, char *block, struct memo *m)
{
	unsigned long long h = memo_hash(rel);
	struct memo_shard *sh = memo_shard(fs, h);
	pthread_mutex_lock(&sh->lock);
	struct slot *at = memo_find(sh, rel, h);
	if (!at->m) {
		struct memo *e = arena_alloc(&sh->arena, sizeof(*e));
		*e = *m;
		e->rel = block ? rel : arena_strdup(&sh->arena, rel);
		at->h = h;
		at->m = e;
		sh->n++;
		if (block) {
			VEC_GROW(sh->blocks, sh->nblocks, sh->capblocks);
			sh->blocks[sh->nblocks++] = block;
		}
	}
	const struct memo *e = at->m;
	*m = *e;
	pthread_mutex_unlock(&sh->lock);
	return e;
}

/* memo_listing: keeps the names read from folder rel (names: each
 * followed by its NUL; types: their d_type; known: the memo's entry of
 * each stat'ed, else NULL; n of them), for src_listing_known; the first
 * listing of a run stands. */
static void
memo_listing(struct fs *fs, const char *rel, const struct buf *names, const unsigned char *types,
             const struct memo *const *known, size_t n)
{
	/* the key, the entries and the names in one block, made before the lock */
	size_t klen = strlen(rel) + 2, nlen = names->len;
	char *block = xmalloc(n * sizeof(struct src_dirent) + klen + nlen + 1);
	struct src_dirent *v = (struct src_dirent *)block;
	char *key = block + n * sizeof(*v), *p = key + klen;
	snprintf(key, klen, "%s/", rel);
	if (nlen)
		memcpy(p, names->s, nlen);
	for (size_t i = 0; i < n; i++) {
		v[i].name = p;
		v[i].type = types[i];
		v[i].known = known[i];
		p += strlen(p) + 1;
	}
	struct memo m;
	memset(&m, 0, sizeof(m));
	m.r = SRC_EIO; /* not a file: fs_ident and src_lstat_known pass it by */
	m.list = v;
	m.nlist = n;
	if (memo_put(fs, key, block, &m)->list != v)
		free(block); /* another listing of the folder stands */
}

/* stat_memo: what an lstat of a file said (st, or errno e when it
 * failed), as the memo keeps it. */
static void
stat_memo(struct memo *m, const struct stat *st, int e)
{
	memset(m, 0, sizeof(*m));
	/* a link is not cached: reading it checks where it leads */
	if (e)
		m->r = e == ENOENT ? SRC_ENOENT : SRC_EIO;
	else if (!S_ISREG(st->st_mode))
		m->r = SRC_EIO;
	else {
		long long v[5] = {(long long)st->st_dev, (long long)st->st_ino, (long long)st->st_size,
		                  (long long)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec,
		                  (long long)st->st_ctim.tv_sec * 1000000000LL + st->st_ctim.tv_nsec};
		m->r = SRC_OK;
		m->mode = (unsigned)st->st_mode;
		m->uid = (unsigned)st->st_uid;
		m->gid = (unsigned)st->st_gid;
		memcpy(m->id.id, v, sizeof(v));
		m->id.len = sizeof(v);
		m->id.changed_ns = v[3] > v[4] ? v[3] : v[4];
	}
}

static char *
fs_path(const struct fs *fs, const char *rel)
{
	return rel[0] ? xasprintf("%s/%s", fs->root, rel) : xstrdup(fs->root);
}

/* inside: 1 when the real path of p lies inside the caseload folder; that
 * real path into *realp if asked (the caller frees it). */
static int
inside(const struct fs *fs, const char *p, struct stat *st, char **realp)
{
	char *real = realpath(p, NULL);
	if (realp)
		*realp = NULL;
	if (!real)
		return 0;
	int ok = strncmp(real, fs->root, fs->rootlen) == 0 &&
	         (real[fs->rootlen] == '/' || real[fs->rootlen] == '\0');
	if (ok && stat(real, st) != 0)
		ok = 0;
	if (ok && realp)
		*realp = real;
	else
		free(real);
	return ok;
}

/* loops: 1 when real (where a link in folder rel leads) is rel itself or a
 * folder on the way to it from the caseload folder: following the link
 * would walk in a circle. */
static int
loops(const struct fs *fs, const char *rel, const char *real)
{
	size_t n = strlen(rel);
	/* i = 0: the caseload folder; then each prefix of rel ending at a '/' */
	for (size_t i = 0; i <= n; i++) {
		if (i > 0 && i < n && rel[i] != '/')
			continue;
		char *pre = i ? xasprintf("%s/%.*s", fs->root, (int)i, rel) : xstrdup(fs->root);
		char *r = realpath(pre, NULL);
		int same = r && strcmp(r, real) == 0;
		free(pre);
		free(r);
		if (same)
			return 1;
	}
	return 0;
}

/* fs_list: reads the folder with getdents64 (fdopendir and readdir would
 * add three calls per folder, 90,000 at 10,000 cases), and takes the lstat
 * of each file in it relative to the open folder, for fs_ident, whose stat
 * from the caseload folder walks every folder on the way again. */
static int
fs_list(void *self, const char *rel, struct src_ent **out, size_t *n)
{
	struct fs *fs = self;
	int dfd = openat(fs->rootfd, rel[0] ? rel : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	*out = NULL;
	*n = 0;
	if (dfd < 0) {
		int e = errno;
		snprintf(ERR(fs), 256, "%s: %s", rel[0] ? rel : ".", strerror(e));
		return e == ENOENT || e == ENOTDIR ? SRC_ENOENT : SRC_EIO;
	}
	struct src_ent *v = NULL;
	size_t cnt = 0, cap = 0;
	/* every name, for src_listing_known, when asked to keep them */
	int keep = fs->keep_lists, rc = SRC_OK;
	struct buf all = {0}, path = {0};
	unsigned char *types = NULL;
	const struct memo **known = NULL;
	size_t nall = 0, captypes = 0, capknown = 0;
	buf_puts(&path, rel);
	if (rel[0])
		buf_putc(&path, '/');
	size_t plen = path.len;
	/* aligned for the records getdents64 writes */
	union {
		char c[32768];
		long long align;
	} raw;
	for (;;) {
		ssize_t got = getdents64(dfd, raw.c, sizeof(raw.c));
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			snprintf(ERR(fs), 256, "%s: %s", rel[0] ? rel : ".", strerror(errno));
			rc = SRC_EIO;
			break;
		}
		if (got == 0)
			break;
		for (ssize_t off = 0; off < got;) {
			struct dirent64 *de = (struct dirent64 *)(raw.c + off);
			off += de->d_reclen;
			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			if (keep) {
				VEC_GROW(types, nall, captypes);
				VEC_GROW(known, nall, capknown);
				known[nall] = NULL;
				types[nall++] = de->d_type;
				buf_add(&all, de->d_name, strlen(de->d_name) + 1);
			}
			if (de->d_name[0] == '.')
				continue;
			struct stat st;
			/* readdir gives the type of folders and files: a folder needs
			 * no stat; a file's lstat goes into the memo, but its size is
			 * given only when asked (src_size follows a link) */
			int lazy = 0;
			if (de->d_type == DT_DIR)
				st.st_mode = S_IFDIR;
			else {
				int e = fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ? errno
				                                                                : 0;
				struct memo m;
				stat_memo(&m, &st, e);
				path.len = plen;
				buf_puts(&path, de->d_name);
				const struct memo *kept = memo_put(fs, path.s, NULL, &m);
				if (keep)
					known[nall - 1] = kept;
				if (e)
					continue;
				lazy = de->d_type == DT_REG;
			}
			VEC_GROW(v, cnt, cap);
			struct src_ent *e = &v[cnt++];
			e->name = xstrdup(de->d_name);
			e->size = 0;
			e->type = SRC_OTHER;
			if (S_ISLNK(st.st_mode)) {
				char *dir = fs_path(fs, rel);
				char *p = xasprintf("%s/%s", dir, de->d_name), *real;
				free(dir);
				if (!inside(fs, p, &st, &real) ||
				    (S_ISDIR(st.st_mode) && loops(fs, rel, real)))
					e->type = SRC_BADLINK;
				free(real);
				free(p);
				if (e->type == SRC_BADLINK)
					continue;
			}
			if (S_ISDIR(st.st_mode))
				e->type = SRC_DIR;
			else if (S_ISREG(st.st_mode)) {
				e->type = SRC_FILE;
				e->size = lazy ? SRC_SIZE_UNKNOWN : (uint64_t)st.st_size;
			} else
				e->type = SRC_OTHER;
		}
	}
	close(dfd);
	if (keep && rc == SRC_OK)
		memo_listing(fs, rel, &all, types, known, nall);
	buf_free(&all);
	buf_free(&path);
	free(types);
	free(known);
	if (rc != SRC_OK) {
		src_ents_free(v, cnt);
		return rc;
	}
	if (cnt) /* an empty folder leaves v NULL, which qsort must not get */
		src_ents_sort(v, cnt);
	*out = v;
	*n = cnt;
	return SRC_OK;
}

static int
fs_read(void *self, const char *rel, size_t limit, char **data, size_t *len)
{
	struct fs *fs = self;
	struct stat st;
	*data = NULL;
	*len = 0;
	/* a link is read only when it resolves inside the caseload; O_NOFOLLOW
	 * finds links without an lstat of every record that is none */
	int fd = openat(fs->rootfd, rel, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0 && errno == ELOOP) {
		char *p = fs_path(fs, rel);
		if (!inside(fs, p, &st, NULL)) {
			snprintf(ERR(fs), 256, "%s: a symlink that leads out of the caseload", rel);
			free(p);
			return SRC_EIO;
		}
		fd = open(p, O_RDONLY | O_CLOEXEC);
		free(p);
	}
	if (fd < 0) {
		int e = errno;
		snprintf(ERR(fs), 256, "%s: %s", rel, strerror(e));
		return e == ENOENT ? SRC_ENOENT : SRC_EIO;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(ERR(fs), 256, "%s: not a regular file", rel);
		close(fd);
		return SRC_EIO;
	}
	if (limit && (uint64_t)st.st_size > limit) {
		*len = (size_t)st.st_size;
		close(fd);
		return SRC_ETOOBIG;
	}
	/* one byte more than the size asked for: a shorter read is the end of
	 * the file, without a second read to see it */
	size_t cap = (size_t)st.st_size + 2, used = 0;
	char *buf = xmalloc(cap);
	for (;;) {
		if (used + 1 >= cap) {
			if (limit && used > limit) {
				free(buf);
				close(fd);
				*len = used;
				return SRC_ETOOBIG;
			}
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		ssize_t r = read(fd, buf + used, cap - used - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			snprintf(ERR(fs), 256, "%s: %s", rel, strerror(errno));
			free(buf);
			close(fd);
			return SRC_EIO;
		}
		if (r == 0)
			break;
		used += (size_t)r;
		if (used < cap - 1 && used <= (size_t)st.st_size)
			break;
	}
	close(fd);
	if (limit && used > limit) {
		free(buf);
		*len = used;
		return SRC_ETOOBIG;
	}
	buf[used] = '\0';
	*data = buf;
	*len = used;
	return SRC_OK;
}

static int
fs_size(void *self, const char *rel, uint64_t *size)
{
	struct fs *fs = self;
	struct stat st;
	if (fstatat(fs->rootfd, rel, &st, 0) != 0) {
		snprintf(ERR(fs), 256, "%s: %s", rel, strerror(errno));
		return SRC_EIO;
	}
	*size = (uint64_t)st.st_size;
	return SRC_OK;
}

static int
fs_ident(void *self, const char *rel, struct src_ident *id)
{
	struct fs *fs = self;
	struct memo copy;
	const struct memo *m = memo_get(fs, rel, &copy);
	if (!m) {
		/* the stat outside the lock: the loader's threads ask for
		 * different files; when two ask for one, the first answer stands
		 * (a file is one version per run) */
		struct stat st;
		int e = fstatat(fs->rootfd, rel, &st, AT_SYMLINK_NOFOLLOW) != 0 ? errno : 0;
		stat_memo(&copy, &st, e);
		memo_put(fs, rel, NULL, &copy);
		m = &copy;
	}
	*id = m->id;
	return m->r;
}

static void
fs_free(void *self)
{
	struct fs *fs = self;
	if (fs->rootfd >= 0)
		close(fs->rootfd);
	for (size_t k = 0; k < SHARDS; k++) {
		struct memo_shard *sh = &fs->memo[k];
		free(sh->v);
		for (size_t i = 0; i < sh->nblocks; i++)
			free(sh->blocks[i]);
		free(sh->blocks);
		arena_free(&sh->arena);
		pthread_mutex_destroy(&sh->lock);
	}
	free(fs->root);
	free(fs);
}

static const struct source_ops fs_ops = {fs_list, fs_read, fs_free, fs_size, fs_ident};

void
src_keep_listings(struct source *src)
{
	if (src->ops == &fs_ops)
		((struct fs *)src->self)->keep_lists = 1;
}

int
src_listing_known(void *src, const char *rel, const struct src_dirent **v, size_t *n)
{
	struct source *sp = src;
	if (sp->ops != &fs_ops)
		return 0;
	char *key = xasprintf("%s/", rel);
	struct memo copy;
	const struct memo *m = memo_get(sp->self, key, &copy);
	free(key);
	if (!m || !m->list)
		return 0;
	*v = m->list;
	*n = m->nlist;
	return 1;
}

/* memo_lstat: what lstat said of m's file, into *st; 0 when it was no
 * regular file. */
static int
memo_lstat(const struct memo *m, struct stat *st)
{
	if (m->r != SRC_OK)
		return 0;
	long long v[5];
	memcpy(v, m->id.id, sizeof(v));
	memset(st, 0, sizeof(*st));
	st->st_dev = (dev_t)v[0];
	st->st_ino = (ino_t)v[1];
	st->st_size = (off_t)v[2];
	st->st_mtim.tv_sec = (time_t)(v[3] / 1000000000LL);
	st->st_mtim.tv_nsec = (long)(v[3] % 1000000000LL);
	st->st_ctim.tv_sec = (time_t)(v[4] / 1000000000LL);
	st->st_ctim.tv_nsec = (long)(v[4] % 1000000000LL);
	st->st_mode = (mode_t)m->mode;
	st->st_uid = (uid_t)m->uid;
	st->st_gid = (gid_t)m->gid;
	return 1;
}

int
src_lstat_known(void *src, const char *rel, struct stat *st)
{
	struct source *sp = src;
	if (sp->ops != &fs_ops)
		return 0;
	struct memo copy;
	const struct memo *m = memo_get(sp->self, rel, &copy);
	return m && memo_lstat(m, st);
}

int
src_dirent_ident(const struct src_dirent *d, struct src_ident *id, int *r)
{
	const struct memo *m = d->known;
	if (!m)
		return 0;
	*id = m->id;
	*r = m->r;
	return 1;
}

int
src_dirent_lstat(const struct src_dirent *d, struct stat *st)
{
	return d->known && memo_lstat(d->known, st);
}

int
source_fs_open(struct source *src, const char *root)
{
	char *real = realpath(root, NULL);
	memset(src, 0, sizeof(*src));
	if (!real) {
		snprintf(src->err, sizeof(src->err), "%s: %s", root, strerror(errno));
		return SRC_EIO;
	}
	int rootfd = open(real, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0) {
		snprintf(src->err, sizeof(src->err), "%s: %s", root, strerror(errno));
		free(real);
		return SRC_EIO;
	}
	struct fs *fs = xcalloc(1, sizeof(*fs));
	fs->root = real;
	fs->rootfd = rootfd;
	fs->rootlen = strlen(real);
	if (fs->rootlen == 1) /* "/" */
		fs->rootlen = 0;
	fs->err = src->err;
	for (size_t k = 0; k < SHARDS; k++)
		lock_init(&fs->memo[k].lock);
	src->ops = &fs_ops;
	src->self = fs;
	return SRC_OK;
}

int
src_threads_ok(const struct source *src)
{
	return src->ops == &fs_ops;
}

int
src_list(struct source *src, const char *rel, struct src_ent **out, size_t *n)
{
	return src->ops->list(src->self, rel, out, n);
}

int
src_read(struct source *src, const char *rel, size_t limit, char **data, size_t *len)
{
	return src->ops->read(src->self, rel, limit, data, len);
}

int
src_size(struct source *src, const char *rel, uint64_t *size)
{
	if (!src->ops->size) {
		snprintf(src->err, sizeof(src->err), "%s: the size is unknown", rel);
		return SRC_EIO;
	}
	return src->ops->size(src->self, rel, size);
}

static int
ent_cmp(const void *a, const void *b)
{
	return strcmp(((const struct src_ent *)a)->name, ((const struct src_ent *)b)->name);
}

void
src_ents_sort(struct src_ent *ents, size_t n)
{
	qsort(ents, n, sizeof(*ents), ent_cmp);
}

void
src_ents_free(struct src_ent *ents, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(ents[i].name);
	free(ents);
}

void
source_close(struct source *src)
{
	if (src->ops)
		src->ops->free(src->self);
	src->ops = NULL;
}
